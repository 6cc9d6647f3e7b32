"""An ordered, bounded process-pool map: constant memory, input order kept,
a clean stop when interrupted or when the reader goes away."""

from __future__ import annotations

import os
import signal
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from concurrent.futures import Future

__all__ = ["chunks", "ordered_map", "resolve_jobs"]

T = TypeVar("T")
R = TypeVar("R")

# The function a worker applies, sent once when the worker starts rather
# than pickled again with every chunk (a pipeline carries compiled patterns).
_worker_func: Callable[[Any], Any] | None = None


def resolve_jobs(jobs: int) -> int:
    """``0`` means one process per core; negative values are an error."""
    if jobs < 0:
        raise ValueError(f"jobs must be 0 (all cores) or more, got {jobs}")
    if jobs:
        return jobs
    if hasattr(os, "sched_getaffinity"):  # the cores this process may use
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _start_worker(func: Callable[[Any], Any]) -> None:
    # Ctrl-C reaches the whole process group: the parent alone decides what
    # to do, so workers do not print a traceback each.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    global _worker_func
    _worker_func = func


def _run_chunk(chunk: list[Any]) -> list[Any]:
    func = _worker_func
    assert func is not None
    return [func(item) for item in chunk]


def _size(item: object) -> int:
    return len(item) if isinstance(item, (str, bytes)) else 0


def chunks(items: Iterable[T], size: int, max_chars: int, weigh: Callable[[T], int] = _size) -> Iterator[list[T]]:
    """Lists of at most ``size`` items, cut early once their weight (by
    default the length of strings and bytes) reaches ``max_chars``, so that
    a few huge documents do not make a huge chunk."""
    chunk: list[T] = []
    chars = 0
    try:
        for item in items:
            chunk.append(item)
            chars += weigh(item)
            if len(chunk) >= size or chars >= max_chars:
                yield chunk
                chunk, chars = [], 0
    except Exception:
        if chunk:  # what was read before the error still counts
            yield chunk
        raise
    if chunk:
        yield chunk


def ordered_map(
    func: Callable[[T], R],
    items: Iterable[T],
    *,
    jobs: int = 0,
    chunk_size: int = 64,
    chunk_chars: int = 1 << 20,
    window: int = 2,
    weigh: Callable[[T], int] = _size,
) -> Generator[R, None, None]:
    """Apply ``func`` to ``items`` in ``jobs`` processes, lazily and in order.

    Items are sent in chunks (at most ``chunk_size`` items or about
    ``chunk_chars`` characters); at most ``window`` chunks per process are in
    flight, so memory stays bounded whatever the input size. ``func`` must be
    picklable. Nothing starts before the first item is asked for. If the
    caller stops early (closes the iterator, is interrupted), the workers
    are stopped without finishing chunks nobody will read.
    """
    jobs = resolve_jobs(jobs)
    if jobs == 1:
        yield from map(func, items)
        return
    # Imported here: a run with one process should not pay for multiprocessing.
    from concurrent.futures import ProcessPoolExecutor

    pending: deque[Future[list[R]]] = deque()
    source = chunks(items, chunk_size, chunk_chars, weigh)
    pool = ProcessPoolExecutor(max_workers=jobs, initializer=_start_worker, initargs=(func,))
    failure: BaseException | None = None
    finished = False
    try:
        while True:
            while failure is None and len(pending) < jobs * window:
                try:
                    chunk = next(source, None)
                except Exception as exc:
                    # Finish what was read before the bad input, then raise.
                    failure = exc
                    break
                if chunk is None:
                    break
                pending.append(pool.submit(_run_chunk, chunk))
            if not pending:
                break
            yield from pending.popleft().result()
        finished = True
        if failure is not None:
            raise failure
    finally:
        if not finished:
            # The caller stopped early: drop queued chunks and return at once;
            # the workers finish the chunk in hand (bounded) and exit.
            for f in pending:
                f.cancel()
        pool.shutdown(wait=finished, cancel_futures=True)
