"""An ordered, bounded process-pool map: constant memory, input order kept."""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice
from typing import TypeVar

__all__ = ["ordered_map", "resolve_jobs"]

T = TypeVar("T")
R = TypeVar("R")


def resolve_jobs(jobs: int) -> int:
    """``0`` means one process per core; negative values are an error."""
    if jobs < 0:
        raise ValueError(f"jobs must be 0 (all cores) or more, got {jobs}")
    return jobs or os.cpu_count() or 1


def _ignore_sigint() -> None:
    """Workers leave Ctrl-C to the parent, which stops them: no traceback
    from every worker, and no worker left running."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _stop_workers(pool: ProcessPoolExecutor) -> None:
    """End the workers now, without waiting for the chunks they are on."""
    workers = dict(getattr(pool, "_processes", None) or {})
    # Futures are left uncancelled: the pool's own thread marks them broken
    # when it sees the workers gone (cancelling them first makes it fail on
    # Python 3.11 with a traceback from that thread).
    pool.shutdown(wait=False, cancel_futures=False)
    for proc in workers.values():
        if proc.is_alive():
            proc.terminate()


def _apply_chunk(func: Callable[[T], R], chunk: list[T]) -> list[R]:
    return [func(item) for item in chunk]


def ordered_map(
    func: Callable[[T], R], items: Iterable[T], *, jobs: int = 0, chunk_size: int = 64, window: int = 4
) -> Iterator[R]:
    """Apply ``func`` to ``items`` in ``jobs`` processes, lazily and in order.

    At most ``window`` chunks per process are in flight, so memory stays
    bounded whatever the input size. ``func`` must be picklable.
    """
    jobs = resolve_jobs(jobs)
    it = iter(items)
    if jobs == 1:
        yield from map(func, it)
        return
    pending: deque[Future[list[R]]] = deque()
    pool = ProcessPoolExecutor(max_workers=jobs, initializer=_ignore_sigint)
    failure: BaseException | None = None
    finished = False
    try:
        while True:
            while failure is None and len(pending) < jobs * window:
                try:
                    chunk = list(islice(it, chunk_size))
                except Exception as exc:
                    # Finish what was read before the bad input, then raise.
                    failure = exc
                    break
                if not chunk:
                    break
                pending.append(pool.submit(_apply_chunk, func, chunk))
            if not pending:
                break
            yield from pending.popleft().result()
        finished = True
        if failure is not None:
            raise failure
    finally:
        if finished:
            pool.shutdown(wait=True, cancel_futures=True)
        else:
            # Interrupted, or the reader stopped early: nothing more is wanted.
            _stop_workers(pool)
