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

import json
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cleantext.pipeline import Pipeline

__all__ = ["PipelineLike", "clean_bag", "clean_dataframe", "clean_files", "output_paths"]

PipelineLike = Any  # a Pipeline, a preset name, a sequence of pass names, or None for "news"

INSTALL_HINT = "pip install 'cleantext-news[dask]'"


def _require(module: str) -> Any:
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise ImportError(f"cleantext.dask needs {module.split('.')[0]} ({exc}): {INSTALL_HINT}") from None


def _pipeline(pipeline: PipelineLike) -> Pipeline:
    from cleantext.pipeline import as_pipeline

    return as_pipeline(pipeline)


def clean_bag(bag: Any, pipeline: PipelineLike = None) -> Any:
    """A bag of the cleaned texts of ``bag`` (a ``dask.bag.Bag`` of strings),
    partition for partition."""
    _require("dask.bag")
    return bag.map(_pipeline(pipeline))


def _clean_series(series: Any, pipeline: Pipeline) -> Any:
    """Clean the strings of a pandas Series; other values (missing ones)
    pass through. The dtype and index are kept."""
    import pandas as pd

    values = [pipeline(v) if isinstance(v, str) else v for v in series.tolist()]
    return pd.Series(values, index=series.index, name=series.name, dtype=series.dtype)


def clean_dataframe(df: Any, column: str = "text", pipeline: PipelineLike = None) -> Any:
    """``df`` with ``column`` cleaned; a Dask DataFrame stays lazy (one
    output partition per input partition), a pandas DataFrame is cleaned now."""
    pipeline = _pipeline(pipeline)
    pd = _require("pandas")
    if column not in df.columns:
        raise KeyError(f"no column {column!r}; columns: {', '.join(map(str, df.columns))}")
    if isinstance(df, pd.DataFrame):
        out = df.copy()
        out[column] = _clean_series(df[column], pipeline)
        return out
    _require("dask.dataframe")
    cleaned = df[column].map_partitions(_clean_series, pipeline, meta=df[column]._meta)
    return df.assign(**{column: cleaned})


# -- files: what ``cleantext --engine dask`` runs -------------------------------

_JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".jsonl.bz2", ".jsonl.xz", ".json", ".json.gz", ".ndjson", ".ndjson.gz")


def file_kind(path: str) -> str:
    """``"jsonl"`` or ``"parquet"``, from the file name."""
    name = path.lower()
    if name.endswith(".parquet"):
        return "parquet"
    if name.endswith(_JSONL_SUFFIXES):
        return "jsonl"
    raise ValueError(f"{path}: cannot tell the format; use .jsonl (.gz, .bz2, .xz) or .parquet files")


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


def _clean_record_line(line: str, pipeline: Pipeline, field: str) -> str | None:
    from cleantext.io import Document, render

    if not line.strip():
        return None
    record = json.loads(line)
    if not isinstance(record, dict):
        raise ValueError(f"expected a JSON object, got {type(record).__name__}: {line[:80]!r}")
    value = record.get(field)
    if not isinstance(value, str):
        raise ValueError(f"the record has no string field {field!r}: {line[:80]!r}")
    return render(Document(value, "", record=record), pipeline(value), "jsonl", field).rstrip("\n")


def _clean_lines(lines: list[str], pipeline: Pipeline, field: str) -> list[str]:
    out = (_clean_record_line(line, pipeline, field) for line in lines)
    return [line for line in out if line is not None]


def clean_files(
    inputs: Sequence[str], output_dir: str, pipeline: PipelineLike = None, *, field: str = "text"
) -> list[str]:
    """Clean JSONL (compressed too) or Parquet files into ``output_dir``, one
    output file per input file, on the current Dask scheduler; returns the
    paths written."""
    pipeline = _pipeline(pipeline)
    if not inputs:
        raise ValueError("no input files")
    kinds = {file_kind(p) for p in inputs}
    if len(kinds) > 1:
        raise ValueError("give either JSONL or Parquet files, not both")
    outputs = output_paths(inputs, output_dir)
    Path(output_dir).mkdir(parents=True, exist_ok=True)
    if kinds == {"jsonl"}:
        db = _require("dask.bag")
        bag = db.read_text(list(inputs), blocksize=None)  # one partition per file
        lines = bag.map_partitions(_clean_lines, pipeline, field)
        lines.to_textfiles(outputs, last_endline=True)
    else:
        dd = _require("dask.dataframe")
        pd = _require("pandas")
        df = dd.from_map(pd.read_parquet, list(inputs))  # one partition per file
        names = [Path(p).name for p in outputs]
        clean_dataframe(df, field, pipeline).to_parquet(
            output_dir, name_function=names.__getitem__, write_index=False, write_metadata_file=False
        )
    return outputs
