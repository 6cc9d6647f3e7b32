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

from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cleantext.pipeline import as_pipeline

if TYPE_CHECKING:
    from cleantext.pipeline import Pipeline

from cleantext.errors import require

__all__ = [
    "DaskExecutor",
    "PipelineLike",
    "clean_bag",
    "clean_dataframe",
    "clean_files",
    "local_cluster",
    "output_paths",
]

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


# -- the local cluster of ``cleantext --engine dask --jobs N`` --------------------

#: Settings of the local cluster the command starts. Its workers are on
#: this machine and nobody watches them: no statistical profiler sampling
#: every task's stack each 10 ms, no event-loop tick every 20 ms, slower
#: resource monitors and no work stealing (a task goes where its blocks were
#: sent, in turn). All of these cost CPU even while the cluster is idle.
LOCAL_CLUSTER_CONFIG: dict[str, Any] = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "1s",
    "distributed.admin.system-monitor.interval": "5s",
    "distributed.admin.system-monitor.gil.enabled": False,
    "distributed.worker.memory.monitor-interval": "1s",
    "distributed.scheduler.work-stealing": False,
}


def local_cluster(workers: int) -> Any:
    """A ``distributed.LocalCluster`` of ``workers`` single-threaded worker
    processes on loopback, with :data:`LOCAL_CLUSTER_CONFIG`; where the
    platform can fork, the workers are forked from this process, so they
    share its imports (Dask's and the passes') instead of importing them
    anew: less memory and a faster start."""
    import logging
    import multiprocessing

    dask = require("dask", "dask")
    distributed = require("distributed", "dask")
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    with dask.config.set({**LOCAL_CLUSTER_CONFIG, "distributed.worker.multiprocessing-method": method}):
        return distributed.LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
            silence_logs=logging.ERROR,
        )


# -- the executor of ``cleantext --engine dask`` ----------------------------------

#: Exceptions that mean a worker went away with the tasks it held: their
#: blocks are reported as lost (written unchanged), as with ``--jobs``.
_LOST = ("KilledWorker", "CommClosedError", "FutureCancelledError")


def _pack(block: Any) -> tuple[Any, bytes | None]:
    """A block as it travels and waits: text as UTF-8 (a block of text is
    held as a str of up to 4 bytes a character, about 3.5 on news with a
    few emoji; as UTF-8 it is about 1.1), the rest as it is."""
    from dataclasses import replace

    if isinstance(block.payload, str):
        return replace(block, payload=None), block.payload.encode("utf-8", "surrogatepass")
    return block, None


def _unpack(packed: tuple[Any, bytes | None]) -> Any:
    """The block :func:`_pack` packed, the same text."""
    from dataclasses import replace

    block, data = packed
    return block if data is None else replace(block, payload=data.decode("utf-8", "surrogatepass"))


def _clean_blocks(func: Callable[[Any], Any], packed: list[tuple[Any, bytes | None]]) -> list[Any]:
    """One task: ``func`` over a few consecutive blocks, unpacked one at a time."""
    return [func(_unpack(p)) for p in packed]


def _tasks(
    blocks: Iterator[Any], most: int, chars: int
) -> Iterator[tuple[list[tuple[Any, bytes | None]], BaseException | None]]:
    """Consecutive blocks, packed as they are read (:func:`_pack`), in
    groups of at most ``most`` blocks and about ``chars`` characters (at
    least one block each), with the error that stopped the reading (after
    the blocks read before it)."""
    group: list[tuple[Any, bytes | None]] = []
    size = 0
    while True:
        try:
            block = next(blocks, None)
        except Exception as exc:
            yield group, exc
            return
        if block is None:
            break
        group.append(_pack(block))
        size += block.size
        del block
        if len(group) >= most or size >= chars:
            yield group, None
            group, size = [], 0
    if group:
        yield group, None


class DaskExecutor:
    """Cleans blocks as tasks on a Dask cluster; the results come back in
    input order, each with its block.

    The cleaner is sent to every worker once (scattered) and each worker
    keeps the one copy it unpickled for all its tasks, so a pipeline is
    built once per worker, not once per task. Consecutive blocks are
    grouped into tasks of at most ``task_blocks`` blocks and about
    ``task_chars`` characters (four blocks of the default 256k, one of 1M):
    what Dask spends on a task (the scheduler's bookkeeping, a dozen
    messages between the client, the scheduler and the worker) is then
    paid once for several blocks, and small blocks (``--block-size 4k``)
    still make many tasks. A task's blocks go straight to a worker, not
    through the scheduler (which would keep a copy of every task's
    arguments), and its results come straight back. At most ``window``
    tasks per worker are in flight, so memory stays bounded whatever the
    size of the input; the text of the blocks in flight is held as UTF-8,
    and a cleaned block comes back without it (``payload`` None: what is
    written is in its result). A task whose worker died gives
    :class:`cleantext.run.Lost` for each of its blocks, which come back
    whole.
    """

    name = "dask"

    def __init__(
        self,
        client: Any,
        window: int = 2,
        on_close: Callable[[], None] | None = None,
        *,
        task_blocks: int = 4,
        task_chars: int = 1 << 20,
    ) -> None:
        self.client, self.window, self.on_close = client, window, on_close
        self.task_blocks, self.task_chars = task_blocks, task_chars

    def map(self, func: Callable[[Any], Any], blocks: Iterable[Any]) -> Iterator[tuple[Any, Any]]:
        import asyncio

        from cleantext.run import Lost

        client = self.client
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        shipped = client.scatter(func, broadcast=True, hash=False)

        async def send(packed: list[tuple[Any, bytes | None]]) -> Any:
            # On the client's event loop, so that this thread does not wait
            # while a task's blocks go to a worker busy with its previous task.
            [data] = await client.scatter([packed], direct=True, hash=False, asynchronous=True)
            return client.submit(_clean_blocks, shipped, data, pure=False)

        loop = client.loop.asyncio_loop
        pending: deque[tuple[list[tuple[Any, bytes | None]], Any]] = deque()
        tasks = _tasks(iter(blocks), self.task_blocks, self.task_chars)
        failure: BaseException | None = None
        while True:
            while failure is None and len(pending) < workers * self.window:
                packed, failure = next(tasks, ([], None))
                if not packed:
                    break
                pending.append((packed, asyncio.run_coroutine_threadsafe(send(packed), loop)))
            if not pending:
                break
            packed, sent = pending.popleft()
            try:
                # Straight from the worker, not through the scheduler.
                results = client.gather(sent.result(), direct=True)
            except Exception as exc:
                if type(exc).__name__ not in _LOST:
                    raise
                lost = Lost(f"{type(exc).__name__}: {exc}")
                # Whole again: the run loop writes a lost block's documents unchanged.
                results, packed = [lost] * len(packed), [(_unpack(p), None) for p in packed]
            del sent
            for (block, _), result in zip(packed, results, strict=True):
                yield block, result
        if failure is not None:
            raise failure

    def close(self, *, kill: bool = False) -> None:
        if self.on_close is not None:
            self.on_close()
            self.on_close = None


# -- files: what ``cleantext --engine dask --output-dir`` runs ----------------------

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
    from cleantext.run import Cleaner, Outputs, SerialExecutor, Sinks, run

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
