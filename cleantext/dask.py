"""Dask integration: clean bags and dataframes on a cluster (the ``dask`` extra).

    import dask.bag as db
    from cleantext.dask import clean_bag, clean_dataframe

    clean_bag(db.read_text("crawl/*.jsonl.gz").map(json.loads).pluck("text"), "news")
    clean_dataframe(dd.read_parquet("crawl/"), "text")     # or a pandas DataFrame

The pipeline is shipped to the workers as a pickled object; every document
comes out exactly as ``Pipeline.__call__`` makes it in one process. Dask is
imported when a function here is called, not when ``cleantext`` is.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cleantext.pipeline import as_pipeline

if TYPE_CHECKING:
    from cleantext.pipeline import Pipeline

from cleantext.errors import require

__all__ = ["PipelineLike", "clean_bag", "clean_dataframe", "clean_files", "output_paths"]

PipelineLike = Any  # a Pipeline, a preset name, a sequence of pass names, or None for "news"


def clean_bag(bag: Any, pipeline: PipelineLike = None) -> Any:
    """A bag of the cleaned texts of ``bag`` (a ``dask.bag.Bag`` of strings),
    partition for partition."""
    require("dask.bag", "dask")
    return bag.map(as_pipeline(pipeline))


def _clean_series(series: Any, pipeline: Pipeline) -> Any:
    """Clean the strings of a pandas Series; other values (missing ones)
    pass through. The dtype and index are kept."""
    import pandas as pd

    values = [pipeline(v) if isinstance(v, str) else v for v in series.tolist()]
    return pd.Series(values, index=series.index, name=series.name, dtype=series.dtype)


def clean_dataframe(df: Any, column: str = "text", pipeline: PipelineLike = None) -> Any:
    """``df`` with ``column`` cleaned; a Dask DataFrame stays lazy (one
    output partition per input partition), a pandas DataFrame is cleaned now."""
    pipeline = as_pipeline(pipeline)
    pd = require("pandas", "dask")
    if column not in df.columns:
        raise KeyError(f"no column {column!r}; columns: {', '.join(map(str, df.columns))}")
    if isinstance(df, pd.DataFrame):
        out = df.copy()
        out[column] = _clean_series(df[column], pipeline)
        return out
    require("dask.dataframe", "dask")
    cleaned = df[column].map_partitions(_clean_series, pipeline, meta=df[column]._meta)
    return df.assign(**{column: cleaned})


# -- files: what ``cleantext --engine dask`` runs -------------------------------

_JSONL_SUFFIXES = tuple(base + z for base in (".jsonl", ".json", ".ndjson") for z in ("", ".gz", ".bz2", ".xz", ".zst"))


def file_kind(path: str) -> str:
    """``"jsonl"`` or ``"parquet"``, from the file name."""
    name = path.lower()
    if name.endswith(".parquet"):
        return "parquet"
    if name.endswith(_JSONL_SUFFIXES):
        return "jsonl"
    raise ValueError(f"{path}: cannot tell the format; use .jsonl (.gz, .bz2, .xz, .zst) or .parquet files")


def output_paths(inputs: Sequence[str], output_dir: str) -> list[str]:
    """One output file per input file, with the same name, in ``output_dir``."""
    names = [Path(p).name for p in inputs]
    seen: dict[str, str] = {}
    for name, path in zip(names, inputs, strict=True):
        if name in seen:
            raise ValueError(f"{path} and {seen[name]} would both be written to {name} in {output_dir}")
        seen[name] = path
    out = Path(output_dir)
    for path in inputs:
        if (out / Path(path).name).resolve() == Path(path).resolve():
            raise ValueError(f"{path}: refusing to overwrite an input file; choose another --output-dir")
    return [str(out / n) for n in names]


def clean_files(
    inputs: Sequence[str],
    output_dir: str,
    pipeline: PipelineLike = None,
    *,
    field: str = "text",
    block_size: int = 1 << 22,
) -> list[str]:
    """Clean JSONL (compressed too) or Parquet files into ``output_dir``, one
    output file per input file, on the current Dask client (or in this
    process if there is none); returns the paths written.

    This is the run loop of ``cleantext --engine dask --output-dir``: each
    file is cut into blocks of about ``block_size`` bytes, each block is a
    task, so one large file is spread over the cluster; the output is the
    same bytes as in one process, and every value other than ``field`` is
    kept as written.
    """
    from cleantext.io.formats import ReadOptions
    from cleantext.io.streams import Input
    from cleantext.run import Cleaner, DaskExecutor, Outputs, SerialExecutor, Sinks, run

    pipeline = as_pipeline(pipeline)
    if not inputs:
        raise ValueError("no input files")
    sources = [Input(p, file_kind(p), Path(p).name) for p in inputs]
    outputs = output_paths(inputs, output_dir)
    Path(output_dir).mkdir(parents=True, exist_ok=True)
    try:
        executor: Any = DaskExecutor(require("distributed", "dask").default_client())
    except ValueError:  # no client: the same loop here
        executor = SerialExecutor()
    targets = dict(zip(inputs, outputs, strict=True))

    def open_output(inp: Input | None) -> Any:
        from cleantext.io.streams import Output

        assert inp is not None
        return Output(targets[inp.path], inputs)

    errors: list[str] = []
    outcome = run(
        sources,
        Cleaner(pipeline, fields=(field,)),
        executor,
        Outputs(open_output, per_input=True, explain=False),
        ReadOptions(block_bytes=block_size, fields=(field,)),
        Sinks(error=errors.append),
    )
    if outcome.error is not None or errors:
        raise ValueError(outcome.error or errors[0])
    return outputs
