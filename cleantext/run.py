"""One run loop over a stream of documents, with interchangeable executors.

The main process reads the inputs and cuts them into blocks
(:mod:`cleantext.io.formats`); an executor cleans the blocks with a
:class:`Cleaner` (in this process, in a pool of worker processes, or on a
Dask cluster) and gives the results back in input order; the main process
writes them and feeds the report sinks (:mod:`cleantext.reports`). Every
executor runs the same :class:`Cleaner` on the same blocks, so the output
is the same bytes whichever runs it.

A worker that dies (killed from outside, out of memory) loses no
document: the documents of the blocks it held are written unchanged and
reported.

Hook for passes that learn from a whole source before cleaning it (a
``--profile FILE`` or "learn first, then clean"): :func:`run` takes
``prepare``, a callable that receives the list of inputs and returns the
:class:`Cleaner` to use; it may read the inputs once (they are files, not
stdin) to build its pipeline, for example from a profile it saves.
:class:`ProfileLearner` with :func:`map_blocks` makes that first read on the
same executor, block by block, and :func:`learn_profile` merges the counts.
"""

from __future__ import annotations

import copy
import signal
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, ClassVar

from cleantext.io.formats import FORMATS, Block, BlockResult, ReadOptions, encode

if TYPE_CHECKING:
    from cleantext.io.jsonl import Record
    from cleantext.io.streams import Input
    from cleantext.lineprofile import Profile, ProfileBuilder
    from cleantext.pipeline import Pipeline
    from cleantext.profile import SourcePipelines

__all__ = [
    "BlockReader",
    "Cleaner",
    "Lost",
    "Outputs",
    "PoolExecutor",
    "ProfileLearner",
    "RunOutcome",
    "SerialExecutor",
    "Sinks",
    "Terminated",
    "learn_profile",
    "map_blocks",
    "run",
]


class _StopBlock(Exception):
    """An unreadable record under ``--on-error fail``: the block ends there."""


@dataclass(eq=False, repr=False)
class BlockReader:
    """Reads a block of documents with the block's format, which calls back
    :meth:`document` for each document, and :meth:`unreadable`,
    :meth:`null` and :meth:`source_of` as it goes: what :class:`Cleaner`
    and :class:`ProfileLearner` share. Picklable, the same in every executor.

    ``fields`` are dotted paths (record formats); ``on_error`` is what
    happens to a record that cannot be read (``fail``, ``skip``, ``keep``);
    ``on_null`` to a field that is null (``pass`` or ``error``).
    """

    pipeline: Pipeline | None
    fields: tuple[str, ...] = ("text",)
    on_error: str = "fail"
    on_null: str = "pass"
    offsets_field: str | None = None
    id_field: str | None = None
    #: Several text documents go to one output: each ends with a line break.
    separate: bool = False
    #: The record field a document's source is read from (a line profile by
    #: source, see :mod:`cleantext.profile`), or None.
    source_field: str | None = None
    paths: tuple[tuple[str, ...], ...] = field(init=False)
    #: A huge text document may be cleaned in blocks (cleantext.blocks):
    #: the documents go through :meth:`document` only when it cannot be.
    cleans_in_blocks: ClassVar[bool] = True

    def __post_init__(self) -> None:
        self.paths = tuple(tuple(f.split(".")) for f in self.fields)  # as jsonl.parse_path

    def read(self, block: Block, result: BlockResult) -> None:
        """Read ``block`` into ``result``; an unreadable record under
        ``--on-error fail`` ends the block (``result.error`` says where)."""
        try:
            FORMATS[block.format].clean(block, self, result)
        except _StopBlock:
            pass

    def document(
        self, result: BlockResult, where: str, values: Sequence[str], ident: Any = None, source: str | None = ""
    ) -> tuple[list[str], str | None]:
        """One document's texts: what is written back, and offsets as JSON text if any."""
        raise NotImplementedError

    # -- called by the formats, once per document or record ---------------

    def source_of(self, record: Record) -> str | None:
        """The source of a record, from :attr:`source_field`: "" (one source
        for all input) without one, None if the record has no source."""
        if self.source_field is None:
            return ""
        from cleantext.lineprofile import record_source

        head = self.source_field.split(".", 1)[0]
        return record_source({head: record.value(head)}, self.source_field)

    def unreadable(self, result: BlockResult, where: str, message: str) -> bool:
        """A record that cannot be read: stop (``fail``), or note it; True if
        it is to be written back unchanged (``keep``)."""
        if self.on_error == "fail":
            result.error = f"{where}: {message} (--on-error skip or keep to go on)"
            raise _StopBlock
        what = "dropped" if self.on_error == "skip" else "kept unchanged"
        result.notes.append(("unreadable", where, f"{message} ({what})"))
        return self.on_error == "keep"

    def null(self, result: BlockResult, where: str, name: str) -> None:
        """A field that is null: passed through and noted, or a bad record."""
        if self.on_null == "error":
            from cleantext.io.jsonl import RecordProblem

            raise RecordProblem(f"field {name!r} is null (--on-null error)")
        result.notes.append((f"null:{name}", where, f"field {name!r} is null; passed through (--on-null pass)"))


@dataclass(eq=False, repr=False)
class Cleaner(BlockReader):
    """Cleans a block of documents: picklable, the same in every executor."""

    explain: bool = False
    only_changed: bool = False
    stats: bool = False
    rejects: bool = False
    #: The pipeline bound to each source's profile: used instead of
    #: ``pipeline`` when set (``pipeline`` stays the unbound one).
    sources: SourcePipelines | None = None

    @property
    def _needs_changes(self) -> bool:
        return self.explain or self.stats or self.rejects or self.offsets_field is not None

    def unchanged(self) -> Cleaner:
        """A cleaner that passes every document through as it is."""
        return replace(self, pipeline=None, explain=False, rejects=False, offsets_field=None)

    def __call__(self, block: Block) -> BlockResult:
        result = BlockResult()
        if self.stats:
            from cleantext.reports import Stats

            result.stats = Stats()
        self.read(block, result)
        return result

    def document(
        self, result: BlockResult, where: str, values: Sequence[str], ident: Any = None, source: str | None = ""
    ) -> tuple[list[str], str | None]:
        """Clean the texts of one document (of ``source``, see :meth:`source_of`);
        (cleaned texts, offsets as JSON text if asked for). A pass that fails
        leaves its text unchanged."""
        if self.sources is not None and self.pipeline is not None:
            # The same cleaner, with the pipeline bound to this document's source.
            bound = copy.copy(self)
            bound.pipeline, bound.sources = self.sources.for_source(source), None
            return bound.document(result, where, values, ident)
        number = result.documents
        result.documents += 1
        cleaned: list[str] = []
        offsets = None
        for k, text in enumerate(values):
            if self.pipeline is None:
                out, changes, mapping = text, [], None
            elif not self._needs_changes:
                try:
                    out = self.pipeline(text)
                    if not isinstance(out, str):
                        raise TypeError(f"a pass returned {type(out).__name__}, not str")
                except Exception as exc:
                    result.failures.append(
                        (where, number, f"{type(exc).__name__}: {exc}{_culprit(self.pipeline, text)}")
                    )
                    out = text
                cleaned.append(out)
                continue
            else:
                try:
                    mapped = self.explain or self.offsets_field is not None
                    # --stats alone counts changes; only reports that show them need them placed.
                    run = self.pipeline.run(text, offsets=mapped, located=mapped or self.rejects)
                    out, changes, mapping = run.text, run.changes, run.offsets
                    if not isinstance(out, str):
                        raise TypeError(f"a pass returned {type(out).__name__}, not str")
                except Exception as exc:
                    result.failures.append(
                        (where, number, f"{type(exc).__name__}: {exc}{_culprit(self.pipeline, text)}")
                    )
                    out, changes, mapping = text, [], None
            cleaned.append(out)
            if result.stats is not None:
                result.stats.add(text, out, changes)
            if self.rejects and changes:
                from cleantext.reports import reject_rows

                context: dict[str, Any] = {"index": number}
                if ident is not None:
                    context["id"] = ident
                context["source"] = where
                if len(self.fields) > 1:
                    context["field"] = self.fields[k]
                result.rejects.extend(reject_rows(changes, **context))
            if self.explain and (not self.only_changed or out != text):
                from cleantext.explain import Report

                names = self.pipeline.names if self.pipeline is not None else ()
                result.reports.append((where, number, str(Report(text, out, tuple(changes), names, mapping))))
            if self.offsets_field is not None and k == 0:
                if mapping is None:
                    from cleantext.align import OffsetMap

                    mapping = OffsetMap.identity(len(text))
                import json

                offsets = json.dumps(mapping.to_list())
        return cleaned, offsets


def _culprit(pipeline: Pipeline, text: str) -> str:
    """' (in pass NAME)' for the first pass that fails on ``text``: passes
    are deterministic, so running them again one by one finds it."""
    for p in pipeline.passes:
        try:
            text = p(text)
            if not isinstance(text, str):
                raise TypeError
        except Exception:
            return f" (in pass {p.name!r})"
    return ""


# -- executors ----------------------------------------------------------------


@dataclass(frozen=True)
class Lost:
    """A block whose worker died before it gave its result back."""

    why: str


class SerialExecutor:
    """Cleans each block in this process."""

    name = "serial"

    def map(self, func: Callable[[Block], BlockResult], blocks: Iterable[Block]) -> Iterator[tuple[Block, Any]]:
        for block in blocks:
            yield block, func(block)

    def close(self, *, kill: bool = False) -> None:
        pass


class PoolExecutor:
    """Cleans blocks in ``jobs`` worker processes (see
    :class:`cleantext.parallel.WorkerPool`): at most ``window`` blocks per
    worker in flight, results in input order, a dead worker's blocks
    reported as :class:`Lost`, workers that die with this process."""

    name = "process pool"

    def __init__(self, jobs: int, window: int = 2) -> None:
        self.jobs, self.window = jobs, window
        self.pool: Any = None

    def map(self, func: Callable[[Block], BlockResult], blocks: Iterable[Block]) -> Iterator[tuple[Block, Any]]:
        from cleantext.parallel import WorkerLost, WorkerPool

        self.pool = WorkerPool(func, self.jobs, window=self.window)
        for block, result in self.pool.map(blocks):
            yield block, Lost(result.why) if isinstance(result, WorkerLost) else result
        self.pool.close()

    def close(self, *, kill: bool = False) -> None:
        if self.pool is not None:
            self.pool.close(kill=kill)


# -- the run loop -----------------------------------------------------------------


class Terminated(BaseException):
    """SIGTERM or SIGHUP reached the run: stop, clean up, exit 128 + signal."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def terminate_on_signals() -> Callable[[], None]:
    """Turn SIGTERM and SIGHUP into :class:`Terminated` in the main thread;
    returns a function that puts the old handlers back."""
    previous: dict[int, Any] = {}

    def handler(signum: int, frame: Any) -> None:
        raise Terminated(signum)

    for name in ("SIGTERM", "SIGHUP"):
        signum = getattr(signal, name, None)
        if signum is not None:
            try:
                previous[signum] = signal.signal(signum, handler)
            except ValueError:  # not the main thread
                pass

    def restore() -> None:
        for signum, old in previous.items():
            signal.signal(signum, old)

    return restore


@dataclass(eq=False, repr=False)
class RunOutcome:
    documents: int = 0
    failed: int = 0
    lost: int = 0
    #: The error that stopped the run (already reported), or None.
    error: str | None = None


@dataclass(eq=False, repr=False)
class Sinks:
    """Where a run's reports go (each optional)."""

    stats: Any = None
    rejects: Any = None
    warnings: Any = None
    progress: Any = None
    error: Callable[[str], None] = field(default=lambda message: _stderr(message))


def _stderr(message: str) -> None:
    sys.stderr.write(f"cleantext: {message}\n")


class Outputs:
    """One output for every input, or one per input (``--output-dir``)."""

    def __init__(self, open_output: Callable[[Input | None], Any], per_input: bool, explain: bool) -> None:
        self.open_output, self.per_input, self.explain = open_output, per_input, explain
        self.writer: Any = None
        self.key: int | None = None
        # One output for all: open now, so that it is committed (or
        # abandoned) even if the inputs hold no document at all.
        self.current: Any = None if per_input else open_output(None)

    def writer_for(self, block: Block, inputs: Sequence[Input]) -> Any:
        key = block.input if self.per_input else 0
        if self.current is None or key != self.key:
            if self.per_input:
                self.finish()
                self.current = self.open_output(inputs[block.input])
            self.key = key
            self.writer = None if self.explain else FORMATS[block.format].writer(self.current)
        return self.writer

    def finish(self) -> None:
        if self.current is not None:
            if self.writer is not None:
                self.writer.close()
            self.current.commit()
            self.current = None

    def abort(self) -> None:
        if self.current is not None:
            self.current.abort()
            self.current = None


def _blocks(inputs: Sequence[Input], options: ReadOptions, progress: Any) -> Iterator[Block]:
    from cleantext.errors import InputError
    from cleantext.io.streams import open_input, read_errors

    done = 0
    for index, inp in enumerate(inputs):
        opened = open_input(inp)
        try:
            for block in FORMATS[inp.format].blocks(opened, inp, index, options):
                block.format = inp.format
                if progress is not None:
                    progress.update(done + opened.consumed() - progress.n)
                yield block
        except InputError:
            raise
        except Exception as exc:
            if not isinstance(exc, read_errors()):  # zstandard's error class exists once it is imported
                raise
            what = f"not a valid {opened.compression} file: " if opened.compression else ""
            raise InputError(f"{inp.name}: cannot read: {what}{getattr(exc, 'strerror', None) or exc}") from None
        finally:
            opened.close()
        done += inp.size or 0
        if progress is not None and inp.size:
            progress.update(done - progress.n)


def run(
    inputs: Sequence[Input],
    cleaner: Cleaner,
    executor: Any,
    outputs: Outputs,
    options: ReadOptions,
    sinks: Sinks,
    *,
    prepare: Callable[[Sequence[Input], Cleaner], Cleaner] | None = None,
) -> RunOutcome:
    """Read ``inputs``, clean them with ``cleaner`` on ``executor``, write
    them to ``outputs`` and feed ``sinks``. Errors that stop the run are
    reported through ``sinks.error`` and returned in the outcome; outputs
    are committed on success and abandoned (a regular file left as it was)
    on failure. Interrupts propagate after the workers are stopped and the
    outputs abandoned."""
    from cleantext.errors import InputError
    from cleantext.io.streams import OutputError

    outcome = RunOutcome()
    try:
        if prepare is not None:
            cleaner = prepare(inputs, cleaner)
        unchanged = cleaner.unchanged()
        for block, result in executor.map(cleaner, _blocks(inputs, options, sinks.progress)):
            if isinstance(result, Lost):
                why = result.why
                result = unchanged(block)
                outcome.lost += result.documents
                last = block.line + (block.payload.count("\n") - 1 if isinstance(block.payload, str) else 0)
                span = f"{block.source}:{block.line}-{last}" if last > block.line else f"{block.source}:{block.line}"
                sinks.error(
                    f"a worker process died ({why}) while cleaning {span}: its "
                    f"{result.documents} document{'s' * (result.documents != 1)} were written unchanged"
                )
                result.stats = None
            _deliver(block, result, inputs, outcome, outputs, sinks)
            if result.error is not None:
                sinks.error(result.error)
                outcome.error = result.error
                break
        if outcome.error is None:
            outputs.finish()
    except (InputError, OutputError) as exc:
        sinks.error(str(exc))
        outcome.error = str(exc)
    except BaseException:
        executor.close(kill=True)
        outputs.abort()
        raise
    finally:
        if sinks.progress is not None:
            sinks.progress.close()
    executor.close(kill=outcome.error is not None)
    if outcome.error is not None:
        outputs.abort()
    return outcome


def _deliver(
    block: Block, result: BlockResult, inputs: Sequence[Input], outcome: RunOutcome, outputs: Outputs, sinks: Sinks
) -> None:
    base = outcome.documents
    writer = outputs.writer_for(block, inputs)
    if outputs.explain:
        single = len(inputs) == 1 and block.format == "text"
        parts = []
        for where, number, report in result.reports:
            if not report:  # nothing changed in this document: nothing to say
                continue
            head = "" if single else f"==> {where} (document {base + number + 1}) <==\n"
            parts.append(head + report + ("" if single else "\n"))
        if parts:
            outputs.current.write(encode("".join(parts)))
    else:
        writer.write(result, block)
    outcome.documents += result.documents
    for where, number, message in result.failures:
        outcome.failed += 1
        sinks.error(f"{where}: document {base + number + 1} passed through unchanged: {message}")
    if sinks.warnings is not None:
        for kind, where, message in result.notes:
            sinks.warnings.add(kind, where, message)
    if sinks.stats is not None and result.stats is not None:
        sinks.stats.merge(result.stats)
    if sinks.rejects is not None and result.rejects:
        for row in result.rejects:
            row["index"] += base
        sinks.rejects.write(result.rejects)


# -- learning a line profile first ---------------------------------------------


@dataclass
class LearnedBlock:
    """What the first read of a block gives: its line counts, or the error
    that stopped it."""

    builder: ProfileBuilder
    documents: int = 0
    error: str | None = None


@dataclass(eq=False, repr=False)
class ProfileLearner(BlockReader):
    """The first read of "learn a profile, then clean": reads a block as the
    :class:`Cleaner` does (the same records, the same unreadable ones) and
    counts the lines of each document into a
    :class:`~cleantext.profile.ProfileBuilder`, per source. ``pipeline`` is
    the passes that come before ``strip-repeated-lines`` (or None): the lines
    are counted as that pass will see them. Picklable, for every executor."""

    max_hashes: int = 1_000_000
    _builder: Any = field(default=None, init=False, repr=False)
    cleans_in_blocks: ClassVar[bool] = False  # every document goes through document()

    def __call__(self, block: Block) -> LearnedBlock:
        from cleantext.lineprofile import ProfileBuilder

        self._builder = builder = ProfileBuilder(max_hashes=self.max_hashes)
        result = BlockResult()
        try:
            self.read(block, result)
        finally:
            self._builder = None
        return LearnedBlock(builder, result.documents, result.error)

    def document(
        self, result: BlockResult, where: str, values: Sequence[str], ident: Any = None, source: str | None = ""
    ) -> tuple[list[str], str | None]:
        result.documents += 1
        if source is not None:
            for text in values:
                if self.pipeline is not None:
                    try:
                        text = self.pipeline(text)
                    except Exception:
                        continue  # it will pass through unchanged, and be reported, when cleaned
                self._builder.add(text, source)
        return list(values), None


def map_blocks(
    func: Callable[[Block], Any], inputs: Sequence[Input], options: ReadOptions, executor: Any
) -> Iterator[Any]:
    """``func`` over the blocks of ``inputs`` on ``executor``, results in
    input order; a block whose worker died is done again in this process."""
    for block, result in executor.map(func, _blocks(inputs, options, None)):
        yield func(block) if isinstance(result, Lost) else result


def learn_profile(learner: ProfileLearner, inputs: Sequence[Input], options: ReadOptions, executor: Any) -> Profile:
    """One read of ``inputs`` with ``learner`` on ``executor``: the merged
    profile, the same whichever executor ran it. An unreadable record under
    ``--on-error fail`` raises :class:`~cleantext.errors.InputError`."""
    from cleantext.errors import InputError
    from cleantext.lineprofile import ProfileBuilder

    merged = ProfileBuilder(max_hashes=learner.max_hashes)
    for learned in map_blocks(learner, inputs, options, executor):
        if learned.error is not None:
            raise InputError(learned.error)
        merged.merge(learned.builder)
    return merged.profile(source_field=learner.source_field)
