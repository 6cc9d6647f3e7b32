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
    pool = ProcessPoolExecutor(max_workers=jobs)
    failure: BaseException | None = None
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
        if failure is not None:
            raise failure
    finally:
        for f in pending:
            f.cancel()
        pool.shutdown(wait=True, cancel_futures=True)
