"""Process pools. :func:`ordered_map`: an ordered, bounded process-pool
map (constant memory, input order kept, a clean stop when interrupted or
when the reader goes away), for :meth:`Pipeline.map`. :class:`WorkerPool`:
the same with a queue and a pipe per worker, so that a worker killed from
outside costs only the items it held; the command line runs on it."""

from __future__ import annotations

import os
import signal
import sys
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from concurrent.futures import Future
    from multiprocessing.process import BaseProcess

__all__ = ["WorkerLost", "WorkerPool", "chunks", "die_with_parent", "ordered_map", "resolve_jobs", "signals_deferred"]

T = TypeVar("T")
R = TypeVar("R")

# The function a worker applies, sent once when the worker starts rather
# than pickled again with every chunk (a pipeline carries compiled patterns).
_worker_func: Callable[[Any], Any] | None = None


@contextmanager
def signals_deferred() -> Iterator[None]:
    """Ctrl-C, SIGTERM and SIGHUP that arrive in the block take effect when
    it ends (on the main thread, where their handlers raise; elsewhere and
    without ``pthread_sigmask`` the block runs as it is). A queue's
    ``put`` takes a lock, and an exception raised between taking and
    releasing it would leave it taken: closing the queue would then wait
    for it forever."""
    import threading

    if not hasattr(signal, "pthread_sigmask") or threading.current_thread() is not threading.main_thread():
        yield
        return
    names = ("SIGINT", "SIGTERM", "SIGHUP")
    old = signal.pthread_sigmask(signal.SIG_BLOCK, {getattr(signal, n) for n in names if hasattr(signal, n)})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


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


def die_with_parent() -> None:
    """Linux: this process gets SIGKILL when the process that started it
    ends, so a worker never outlives the command."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    if os.getppid() == 1:  # the parent is already gone
        os._exit(1)


# -- a pool that survives a killed worker ---------------------------------------


class WorkerLost:
    """The result of an item whose worker died before answering."""

    def __init__(self, why: str) -> None:
        self.why = why


def _worker_main(func: Callable[[Any], Any], tasks: Any, results: Any) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides what Ctrl-C does
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_DFL)
    die_with_parent()
    while True:
        try:
            message = tasks.get()
        except (EOFError, OSError):
            return
        if message is None:
            return
        seq, item = message
        try:
            answer: tuple[str, Any] = ("ok", func(item))
        except Exception as exc:
            answer = ("error", f"{type(exc).__name__}: {exc}")
        try:
            results.send((seq, answer))
        except (BrokenPipeError, OSError):
            return


class _Worker:
    def __init__(self, ctx: Any, func: Callable[[Any], Any]) -> None:
        self.tasks = ctx.Queue()
        # If the worker is killed while the queue's feeder thread is still
        # sending it a block, the broken pipe is expected (the pool reports
        # the worker's blocks): no traceback from the thread.
        self.tasks._ignore_epipe = True
        self.results, child = ctx.Pipe(duplex=False)
        self.process: BaseProcess = ctx.Process(target=_worker_main, args=(func, self.tasks, child), daemon=True)
        self.process.start()
        child.close()
        self.held: list[int] = []

    def stop(self, *, kill: bool) -> None:
        if kill:
            if self.process.is_alive():
                self.process.kill()
        else:
            try:
                with signals_deferred():
                    self.tasks.put(None)
            except (OSError, ValueError):
                pass
        self.process.join(None if not kill else 5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.tasks.cancel_join_thread()
        self.tasks.close()
        self.results.close()


class WorkerPool:
    """Apply ``func`` to items in ``jobs`` worker processes, in order, with
    at most ``window`` items per worker in flight.

    Unlike ``concurrent.futures``, each worker has its own queue and pipe,
    so the pool knows which items a worker holds: if it dies (killed from
    outside), those items come back as :class:`WorkerLost` and a new worker
    takes its place. Workers ignore Ctrl-C (the parent decides) and die
    with the parent (Linux).
    """

    def __init__(self, func: Callable[[Any], Any], jobs: int, *, window: int = 2) -> None:
        import multiprocessing

        self.func, self.jobs, self.window = func, resolve_jobs(jobs), window
        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
        self.ctx = multiprocessing.get_context(method)
        self.workers: list[_Worker] = []

    def map(self, items: Iterable[Any]) -> Iterator[tuple[Any, Any]]:
        """(item, result or WorkerLost) for each item, in order. An exception
        from ``items`` is raised after the items read before it are done."""
        from multiprocessing.connection import wait

        self.workers = [_Worker(self.ctx, self.func) for _ in range(self.jobs)]
        source = iter(items)
        items_by_seq: dict[int, Any] = {}
        done: dict[int, Any] = {}
        next_seq = next_out = 0
        failure: BaseException | None = None
        exhausted = False
        while True:
            # Feed the least busy workers.
            while not exhausted and failure is None:
                worker = min(self.workers, key=lambda w: len(w.held))
                if len(worker.held) >= self.window:
                    break
                try:
                    item = next(source)
                except StopIteration:
                    exhausted = True
                    break
                except Exception as exc:
                    failure = exc
                    break
                items_by_seq[next_seq] = item
                worker.held.append(next_seq)
                with signals_deferred():
                    worker.tasks.put((next_seq, item))
                next_seq += 1
            while next_out in done:
                result = done.pop(next_out)
                yield items_by_seq.pop(next_out), result
                next_out += 1
            if next_out == next_seq:
                break
            ready = wait([w.results for w in self.workers] + [w.process.sentinel for w in self.workers])
            for i, worker in enumerate(list(self.workers)):
                if worker.results in ready or worker.process.sentinel in ready:
                    if not self._collect(worker, done):
                        self.workers[i] = self._replace(worker, done)
        for worker in self.workers:
            worker.stop(kill=False)
        self.workers = []
        if failure is not None:
            raise failure

    def _collect(self, worker: _Worker, done: dict[int, Any]) -> bool:
        """Read what ``worker`` sent; False if it died."""
        try:
            while worker.results.poll():
                seq, (status, value) = worker.results.recv()
                if status == "error":
                    raise RuntimeError(f"a worker process failed: {value}")
                worker.held.remove(seq)
                done[seq] = value
        except (EOFError, OSError):
            pass
        return worker.process.is_alive()

    def _replace(self, worker: _Worker, done: dict[int, Any]) -> _Worker:
        worker.process.join()
        code = worker.process.exitcode
        why = f"killed by signal {-code}" if code is not None and code < 0 else f"exit status {code}"
        for seq in worker.held:
            done[seq] = WorkerLost(why)
        worker.held = []
        worker.stop(kill=True)
        return _Worker(self.ctx, self.func)

    def close(self, *, kill: bool = False) -> None:
        """Stop the workers: at once (``kill``) or when they are idle."""
        for worker in self.workers:
            worker.stop(kill=kill)
        self.workers = []
