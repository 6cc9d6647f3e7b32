"""The ``cleantext`` command: a filter from files or stdin to stdout.

Only ``argparse`` is imported at the top, so ``cleantext --help`` starts
fast; the pipeline and its passes are imported when they are needed.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cleantext.pipeline import Pipeline

__all__ = ["SafeCleaner", "build_parser", "main"]

EXIT_OK, EXIT_DATA, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130

DESCRIPTION = """\
Clean scraped text: repair encoding, normalize Unicode and whitespace, and
whatever else the chosen preset or passes do. Reads FILEs (or stdin, also
given as -) and writes the cleaned documents to stdout or -o FILE.
"""

EPILOG = """\
examples:
  cleantext article.txt > clean.txt
  cat crawl.jsonl | cleantext --format jsonl --field text > clean.jsonl
  cleantext --passes fix-encoding,normalize-whitespace notes.txt
  cleantext --list-passes
  cleantext --explain article.txt                  # what changed, and why
  cleantext --format jsonl crawl.jsonl --rejects removed.jsonl --stats > clean.jsonl

exit status: 0 success, 1 bad input or a document a pass failed on
(it is passed through unchanged and reported), 2 usage or configuration
error, 130 interrupted.
"""


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (no side effects; tests call it directly)."""
    from cleantext import __version__

    parser = argparse.ArgumentParser(
        prog="cleantext",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("files", nargs="*", metavar="FILE", help="input files; none or - reads stdin")
    parser.add_argument(
        "-o", "--output", metavar="FILE", help="write here instead of stdout (replaced only on success)"
    )

    what = parser.add_argument_group("what to run")
    choice = what.add_mutually_exclusive_group()
    choice.add_argument("--preset", metavar="NAME", help="a named pipeline (default: news); see --list-presets")
    choice.add_argument("--passes", metavar="A,B,...", help="run these passes, in this order")
    choice.add_argument("--config", metavar="FILE.toml", help="a TOML pipeline config (see README)")
    what.add_argument(
        "--skip", metavar="NAME", action="append", default=[], help="leave this pass out (repeatable, or A,B)"
    )
    what.add_argument(
        "--names",
        metavar="FILE",
        action="append",
        default=[],
        help="a name table (TSV or TOML) for normalize-names, merged over the built-in one (repeatable)",
    )

    fmt = parser.add_argument_group("input and output")
    fmt.add_argument(
        "--format",
        choices=("text", "lines", "jsonl"),
        default="text",
        help="text: each file is one document (default); lines: each line is one; "
        "jsonl: each line is a JSON object whose --field is cleaned",
    )
    fmt.add_argument("--field", default="text", metavar="NAME", help="the JSONL field to clean (default: text)")
    fmt.add_argument(
        "--encoding",
        metavar="NAME",
        help="decode input with this encoding, or 'auto' to detect a legacy one (default: UTF-8, or as a BOM says)",
    )

    _add_fault_arguments(parser)

    run = parser.add_argument_group("running")
    run.add_argument(
        "-j", "--jobs", type=int, default=1, metavar="N", help="worker processes (0: all cores; default 1)"
    )
    run.add_argument("-v", "--verbose", action="count", default=0, help="more logging on stderr (-vv for debug)")

    _add_report_arguments(parser)
    _add_engine_arguments(parser)

    info = parser.add_argument_group("information")
    info.add_argument("--list-passes", action="store_true", help="list the passes with a summary each, and exit")
    info.add_argument("--list-presets", action="store_true", help="list the presets and their passes, and exit")
    info.add_argument("--version", action="version", version=f"cleantext {__version__}")
    return parser


def _add_fault_arguments(parser: argparse.ArgumentParser) -> None:
    """Options for bad input: invalid bytes and unreadable records."""
    bad = parser.add_argument_group("bad input")
    bad.add_argument(
        "--strict",
        action="store_true",
        help="stop at the first byte that is not valid in the input's encoding "
        "(default: replace it with U+FFFD and report the file and byte offset)",
    )
    bad.add_argument(
        "--on-error",
        choices=("fail", "skip", "keep"),
        default="fail",
        help="a JSONL line that is not a JSON object with a string --field: fail stops with its file "
        "and line (default); skip drops it; keep writes it back unchanged. skip and keep count and report them",
    )


def _check_fault_arguments(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    if args.on_error != "fail" and args.format != "jsonl":
        parser.error("argument --on-error: only used with --format jsonl")
    if args.encoding is not None and args.encoding != "auto":
        import codecs

        try:
            codecs.lookup(args.encoding)
        except LookupError:
            parser.error(f"argument --encoding: unknown encoding {args.encoding!r} (or give 'auto')")


def _setup_logging(verbosity: int) -> None:
    import logging

    class StderrHandler(logging.Handler):
        """Writes to whatever sys.stderr is at the time of the message."""

        def emit(self, record: logging.LogRecord) -> None:
            sys.stderr.write(self.format(record) + "\n")

    logger = logging.getLogger("cleantext")
    if not any(type(h).__name__ == "StderrHandler" for h in logger.handlers):
        logger.addHandler(StderrHandler())
    logger.setLevel(logging.WARNING - 10 * min(verbosity, 2))
    logger.propagate = False


def _error(message: str) -> None:
    sys.stderr.write(f"cleantext: {message}\n")


def build_pipeline(args: argparse.Namespace) -> Pipeline:
    """The pipeline the arguments ask for (raises ConfigError)."""
    from cleantext.pipeline import Pipeline

    if args.passes is not None:
        names = [n.strip() for n in args.passes.split(",") if n.strip()]
        if not names:
            from cleantext.errors import ConfigError

            raise ConfigError("--passes needs at least one pass name")
        pipeline = Pipeline(names)
    elif args.config is not None:
        pipeline = Pipeline.from_toml(args.config)
    else:
        pipeline = Pipeline.from_preset(args.preset or "news")
    skip = [n.strip() for item in args.skip for n in item.split(",") if n.strip()]
    if skip:
        pipeline = pipeline.without(*skip)
    if args.names:
        pipeline = _with_name_tables(pipeline, args.names)
    return pipeline


def _with_name_tables(pipeline: Pipeline, paths: Sequence[str]) -> Pipeline:
    """Add name tables to the pipeline's normalize-names pass."""
    from cleantext.errors import ConfigError

    current = [p for p in pipeline if p.name == "normalize-names"]
    if not current:
        raise ConfigError(
            f"--names: the pipeline has no normalize-names pass to give the tables to "
            f"(its passes: {', '.join(pipeline.names) or 'none'})"
        )
    tables = [*getattr(current[0], "tables", ()), *paths]
    return pipeline.with_options({"normalize-names": {"tables": tables}})


class SafeCleaner:
    """Run a pipeline on one text; a pass that raises (or returns something
    other than a str) leaves the text unchanged and returns the error
    instead, naming the pass. Picklable, for worker processes."""

    def __init__(self, pipeline: Pipeline) -> None:
        self.pipeline = pipeline

    def __call__(self, text: str) -> tuple[str, str | None]:
        try:
            cleaned = self.pipeline(text)
            if not isinstance(cleaned, str):
                raise TypeError(f"a pass returned {type(cleaned).__name__}, not str")
            return cleaned, None
        except Exception as exc:
            return text, f"{type(exc).__name__}: {exc}{_culprit(self.pipeline, text)}"


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


def _list_passes() -> None:
    from cleantext.registry import list_passes, pass_origin

    passes = list_passes()
    width = max((len(n) for n in passes), default=0)
    for name, cls in passes.items():
        origin = pass_origin(name)
        suffix = "" if origin == "cleantext" else f"  [from {origin}]"
        sys.stdout.write(f"{name:<{width}}  {cls.summary()}{suffix}\n")


def _list_presets() -> None:
    from cleantext.pipeline import Pipeline, list_presets

    for name, description in list_presets().items():
        sys.stdout.write(f"{name}: {description}\n    {' -> '.join(Pipeline.from_preset(name).names)}\n")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    _setup_logging(args.verbose)
    if args.jobs < 0:
        parser.error("argument -j/--jobs: must be 0 (all cores) or more")
    _check_engine_arguments(parser, args)
    if args.field != "text" and args.format != "jsonl" and args.engine != "dask":
        parser.error("argument --field: only used with --format jsonl")
    _check_fault_arguments(parser, args)
    _check_report_arguments(parser, args)
    try:
        if args.list_passes:
            _list_passes()
            return EXIT_OK
        if args.list_presets:
            _list_presets()
            return EXIT_OK
        from cleantext.errors import ConfigError

        try:
            pipeline = build_pipeline(args)
        except ConfigError as exc:
            _error(str(exc))
            return EXIT_USAGE
        if args.engine == "dask":
            return _run_dask(args, pipeline)
        if _can_run_raw(args):
            return _run_raw_jsonl(args, pipeline)
        return _run(args, pipeline)
    except KeyboardInterrupt:
        _error("interrupted")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_OK


def _silence_stdout() -> None:
    """After the reader closed the pipe: point stdout at /dev/null so the
    interpreter's final flush does not fail with a traceback."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass


def _run(args: argparse.Namespace, pipeline: Pipeline) -> int:
    from collections import deque
    from collections.abc import Iterator
    from concurrent.futures import BrokenExecutor

    from cleantext.errors import InputError
    from cleantext.io import Document, Output, read_documents, render
    from cleantext.parallel import ordered_map

    files = args.files or ["-"]
    try:
        out = Output(args.output, files)
    except InputError as exc:
        _error(str(exc))
        return EXIT_DATA

    pending: deque[Document] = deque()
    extras = Extras(args, files)

    def texts() -> Iterator[str]:
        for doc in read_documents(
            files, args.format, field=args.field, encoding=args.encoding, strict=args.strict, on_error=args.on_error
        ):
            pending.append(doc)
            extras.read(doc)
            yield doc.text

    failed = 0
    count = 0
    unreadable = 0
    status = EXIT_OK
    output_failed = False
    results: Any = None
    try:
        results = ordered_map(extras.cleaner(pipeline), texts(), jobs=args.jobs)
        for text, problem, *more in results:
            doc = pending.popleft()
            if doc.problem is not None:
                unreadable += 1
                _write(out, render(doc, text, args.format, args.field))
                continue
            count += 1
            if problem is not None:
                failed += 1
                _error(f"{doc.where}: document {doc.index + 1} passed through unchanged: {problem}")
            shown = extras.render(doc, text, more)  # "" (nothing) for a clean document under --explain
            _write(out, shown if shown is not None else render(doc, text, args.format, args.field))
        _write(out, None)
        extras.commit()
    except (InputError, _OutputError) as exc:
        _error(str(exc))
        status = EXIT_DATA
        output_failed = isinstance(exc, _OutputError)
        extras.commit()
    except BrokenExecutor as exc:
        _error(f"a worker process died ({exc}); the {count + unreadable} documents before it were written")
        status = EXIT_DATA
        extras.commit()
    except BaseException:
        out.abort()
        extras.abort()
        raise
    finally:
        if results is not None:
            results.close()
    if status != EXIT_OK:
        if args.output or output_failed:
            out.abort()
        else:
            _write_quietly(out)
        return status
    return _summary(args, count, failed, unreadable)


def _summary(args: argparse.Namespace, count: int, failed: int, unreadable: int = 0) -> int:
    """Report the counts at the end of a run that read all its input; the exit status."""
    import logging

    logging.getLogger("cleantext").info(
        "cleantext: %d documents cleaned, %d passed through unchanged", count - failed, failed
    )
    if unreadable:
        what = "dropped" if args.on_error == "skip" else "written back unchanged"
        _error(f"{unreadable} unreadable record{'s' if unreadable != 1 else ''} {what} (--on-error {args.on_error})")
    if failed:
        _error(f"{failed} of {count} documents could not be cleaned and were passed through unchanged")
        return EXIT_DATA
    return EXIT_OK


class _OutputError(Exception):
    """Writing the output failed (a full disk, say): the run stops."""


def _write(out: Any, data: str | bytes | None) -> None:
    """Write ``data`` (None: commit) to ``out``; a failed write becomes an
    _OutputError naming the output. A closed pipe stays a BrokenPipeError."""
    try:
        if data is None:
            out.commit()
        elif isinstance(data, bytes):
            out.stream.write(data)
        else:
            out.write(data)
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise _OutputError(f"{out.path or '<stdout>'}: cannot write: {exc.strerror or exc}") from None


def _write_quietly(out: Any) -> None:
    """Flush what was written before an input error; the input error is the one reported."""
    try:
        out.commit()
    except BrokenPipeError:
        raise
    except OSError:
        pass


# -- scaling out with Dask --------------------------------------------------------


def _add_engine_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group(
        "scaling out (Dask)",
        "clean JSONL (.jsonl, .jsonl.gz, ...) or Parquet files on a Dask cluster, one output file per input "
        "file; FILE may be a quoted glob like 'data/*.jsonl.gz'; needs pip install 'cleantext-news[dask]'",
    )
    group.add_argument(
        "--engine", choices=("local", "dask"), default="local", help="local: this machine (default); dask: a cluster"
    )
    group.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="the Dask scheduler to use, like tcp://scheduler-host:8786 (default: start a local cluster, "
        "with --jobs worker processes, one per core unless --jobs is more than 1)",
    )
    group.add_argument("--output-dir", metavar="DIR", help="where the cleaned files go (needed with --engine dask)")


def _check_engine_arguments(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    if args.engine != "dask":
        for option, value in (("--scheduler", args.scheduler), ("--output-dir", args.output_dir)):
            if value is not None:
                parser.error(f"argument {option}: only used with --engine dask")
        return
    if not args.output_dir:
        parser.error("argument --engine dask: needs --output-dir DIR")
    if not args.files or "-" in args.files:
        parser.error("argument --engine dask: give input files (or globs), not stdin")
    if args.output:
        parser.error("argument -o/--output: not used with --engine dask; use --output-dir")


def _expand(patterns: Sequence[str]) -> list[str]:
    import glob

    files: list[str] = []
    for pattern in patterns:
        matches = sorted(glob.glob(pattern)) if glob.has_magic(pattern) else [pattern]
        files.extend(m for m in matches if m not in files)
    return files


def _run_dask(args: argparse.Namespace, pipeline: Pipeline) -> int:
    import logging
    import os

    log = logging.getLogger("cleantext")
    files = _expand(args.files)
    missing = [f for f in files if not os.path.isfile(f)]
    if not files or missing:
        _error(f"{missing[0] if missing else args.files[0]}: no such file")
        return EXIT_DATA
    try:
        from cleantext.dask import clean_files, file_kind

        for f in files:
            file_kind(f)
        client, cluster = _dask_client(args)
    except (ImportError, ValueError) as exc:
        _error(str(exc))
        return EXIT_USAGE
    try:
        log.info("cleantext: %d files on %s", len(files), client.scheduler.address if client.scheduler else "?")
        outputs = clean_files(files, args.output_dir, pipeline, field=args.field)
    except (ValueError, OSError) as exc:
        _error(str(exc))
        return EXIT_DATA
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    log.info("cleantext: wrote %d files to %s", len(outputs), args.output_dir)
    return EXIT_OK


def _dask_client(args: argparse.Namespace) -> tuple[Any, Any]:
    """A client of the given scheduler, or of a new local cluster."""
    from cleantext.dask import _require

    distributed = _require("distributed")
    if args.scheduler:
        return distributed.Client(args.scheduler), None
    import logging

    from cleantext.parallel import resolve_jobs

    workers = args.jobs if args.jobs > 1 else resolve_jobs(0)
    cluster = distributed.LocalCluster(
        n_workers=workers,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=":0",
        silence_logs=logging.ERROR,
    )
    return distributed.Client(cluster), cluster


# -- --jobs on JSONL: workers parse, clean and render whole records -----------------


def _can_run_raw(args: argparse.Namespace) -> bool:
    """Whether JSONL records can go to the workers as raw bytes (UTF-8
    input, several processes): the main process then only moves bytes."""
    if args.format != "jsonl" or args.jobs == 1:
        return False
    if args.strict or args.on_error != "fail" or args.encoding == "auto":
        return False  # the general path applies these
    if args.explain or args.rejects or args.stats or args.offsets is not None:
        return False  # reports need each document's changes in the main process
    if not args.no_progress and sys.stderr.isatty():
        return False  # the progress bar counts documents as they are read
    if args.encoding is not None and args.encoding.replace("_", "-").lower() not in ("utf-8", "utf8"):
        return False
    from cleantext.io import sniff_bom

    for path in args.files or ["-"]:
        if path == "-":
            head = sys.stdin.buffer.peek(4)[:4] if hasattr(sys.stdin.buffer, "peek") else b"\xff"
        else:
            try:
                with open(path, "rb") as f:
                    head = f.read(4)
            except OSError:
                return False  # let the general path report it
        encoding, _ = sniff_bom(head)
        if encoding not in (None, "utf-8"):
            return False
    return True


class RecordCleaner:
    """In a worker: one raw JSONL line in, its cleaned output line out as
    UTF-8 bytes, with the same decoding, checks and rendering as the
    one-process path. Returns (where, the output or None for a blank line,
    the pipeline's error if it failed, the input error if the line is bad)."""

    def __init__(self, pipeline: Pipeline, field: str) -> None:
        self.pipeline = pipeline
        self.field = field
        #: (byte offset, line, bytes replaced) of the last record's invalid UTF-8
        self.invalid: tuple[int, int, int] | None = None

    def __call__(self, item: tuple[str, int, int, bytes]) -> tuple[str, bytes | None, str | None, str | None]:
        import codecs

        from cleantext.io import Document, _decode_counting, _record_problem, render

        source, lineno, offset, raw = item
        where = f"{source}:{lineno}"
        start = len(codecs.BOM_UTF8) if lineno == 1 and raw.startswith(codecs.BOM_UTF8) else 0
        body = raw[start:]
        try:
            line = body.decode("utf-8")
        except UnicodeDecodeError as exc:
            # Reported once per input by the main process, as without --jobs.
            line, count = _decode_counting(body, "utf-8")
            self.invalid = (offset + start + exc.start, lineno, count)
        if not line.strip():
            return where, None, None, None
        bad, record = _record_problem(line, self.field)
        if bad:
            return where, None, None, f"{source}:{lineno}: {bad} (--on-error skip or keep to go on)"
        value = record[self.field]
        text, problem = SafeCleaner(self.pipeline)(value)
        out = render(Document(value, source, lineno, record=record), text, "jsonl", self.field)
        return where, out.encode("utf-8", errors="backslashreplace"), problem, None


_BLOCK_BYTES = 1 << 18


def _raw_blocks(files: Sequence[str]) -> Any:
    """(source, first line number, byte offset, lines) in blocks of about
    256 kB: workers get many records per message, the main process only
    reads lines."""
    from cleantext.io import _name, _open

    for path in files:
        handle = _open(path)
        try:
            lineno, offset = 1, 0
            while lines := handle.readlines(_BLOCK_BYTES):
                yield _name(path), lineno, offset, lines
                lineno += len(lines)
                offset += sum(map(len, lines))
        finally:
            if handle is not sys.stdin.buffer:
                handle.close()


class BlockCleaner:
    """In a worker: a block of raw JSONL lines in; out, the UTF-8 output of
    its records up to the first bad line, the pipeline failures as (record
    number in the block, where, error), the number of records, and the bad
    line's message if there is one."""

    def __init__(self, pipeline: Pipeline, field: str) -> None:
        self.record = RecordCleaner(pipeline, field)

    def __call__(
        self, block: tuple[str, int, int, list[bytes]]
    ) -> tuple[bytes, list[tuple[int, str, str]], int, str | None, list[tuple[str, int, int, int]]]:
        source, lineno, offset, lines = block
        out: list[bytes] = []
        problems: list[tuple[int, str, str]] = []
        bad: list[tuple[str, int, int, int]] = []
        for i, raw in enumerate(lines):
            where, data, problem, error = self.record((source, lineno + i, offset, raw))
            if self.record.invalid is not None:
                bad.append((source, *self.record.invalid))
                self.record.invalid = None
            offset += len(raw)
            if error is not None:
                return b"".join(out), problems, len(out), error, bad
            if data is None:
                continue
            out.append(data)
            if problem is not None:
                problems.append((len(out), where, problem))
        return b"".join(out), problems, len(out), None, bad


def _block_size(block: tuple[str, int, int, list[bytes]]) -> int:
    return sum(map(len, block[3]))


def _run_raw_jsonl(args: argparse.Namespace, pipeline: Pipeline) -> int:
    """``_run`` for ``--format jsonl`` with several processes: the same
    output, messages and exit status, but the records are parsed, cleaned
    and rendered in the workers."""
    import logging

    from cleantext.errors import InputError
    from cleantext.io import Output
    from cleantext.parallel import ordered_map

    log = logging.getLogger("cleantext")
    files = args.files or ["-"]
    try:
        out = Output(args.output, files)
    except InputError as exc:
        _error(str(exc))
        return EXIT_DATA
    count = failed = 0
    status = EXIT_OK
    try:
        results = ordered_map(
            BlockCleaner(pipeline, args.field), _raw_blocks(files), jobs=args.jobs, chunk_size=1, weigh=_block_size
        )
        invalid: dict[str, list[int]] = {}
        for data, problems, records, error, bad in results:
            for source, byte, line, replaced in bad:
                invalid.setdefault(source, [byte, line, 0])[2] += replaced
            _write(out, data)
            for number, where, problem in problems:
                _error(f"{where}: document {count + number} passed through unchanged: {problem}")
            count += records
            failed += len(problems)
            if error is not None:
                _error(error)
                status = EXIT_DATA
                break
        results.close()
        if status == EXIT_OK:
            for source, (byte, line, replaced) in invalid.items():
                plural = "s" if replaced != 1 else ""
                log.warning(
                    "cleantext: %s: invalid utf-8 at byte %d (line %d); %d byte%s replaced by U+FFFD",
                    *(source, byte, line, replaced, plural),
                )
        if status == EXIT_OK or not args.output:
            out.commit()
        else:
            out.abort()
    except (InputError, _OutputError) as exc:
        _error(str(exc))
        if args.output or isinstance(exc, _OutputError):
            out.abort()
        else:
            _write_quietly(out)
        return EXIT_DATA
    except BaseException:
        out.abort()
        raise
    if status != EXIT_OK:
        return status
    return _summary(args, count, failed)


# -- explanations, rejects, statistics, offsets, progress ------------------------


def _add_report_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("explaining and keeping what is removed")
    group.add_argument(
        "--explain",
        action="store_true",
        help="print a report of every change, with its pass, line and reason, instead of the cleaned text",
    )
    group.add_argument(
        "--rejects",
        metavar="FILE",
        help="write every removed line (or removed text) to FILE as JSONL: document, pass, reason, line, text",
    )
    group.add_argument(
        "--id-field",
        metavar="NAME",
        default="id",
        help="JSONL: the field that names a document in --rejects (default: id), beside its index",
    )
    group.add_argument(
        "--stats",
        action="store_true",
        help="at the end, print on stderr: documents, bytes in and out, changes per pass and per reason",
    )
    group.add_argument(
        "--offsets",
        nargs="?",
        const="offsets",
        metavar="NAME",
        help="JSONL: add field NAME (default: offsets) mapping the cleaned text back to the original, "
        "as [cleaned start, original start, length, ...] of each run copied unchanged",
    )
    group.add_argument(
        "--no-progress",
        action="store_true",
        help="no progress bar (shown on stderr when it is a terminal, the input size is known and tqdm is installed)",
    )


def _check_report_arguments(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    if args.offsets is not None and args.format != "jsonl":
        parser.error("argument --offsets: only used with --format jsonl")
    if args.offsets is not None and args.offsets == args.field:
        parser.error("argument --offsets: the offsets field must not be the --field that is cleaned")
    if args.explain and args.offsets is not None:
        parser.error("argument --offsets: not with --explain, which prints reports instead of documents")


class ReportingCleaner(SafeCleaner):
    """Like :class:`SafeCleaner`, and also returns what changed: the changes,
    the offset map (flattened) and the rendered report, as asked."""

    def __init__(self, pipeline: Pipeline, *, offsets: bool = False, explain: bool = False) -> None:
        super().__init__(pipeline)
        self.offsets = offsets
        self.explain = explain

    def __call__(self, text: str) -> tuple[str, str | None, Any]:  # type: ignore[override]
        from cleantext.explain import Report

        try:
            result = self.pipeline.run(text, offsets=self.offsets or self.explain)
        except Exception as exc:
            return text, f"{type(exc).__name__}: {exc}{_culprit(self.pipeline, text)}", None
        report = None
        if self.explain:
            report = str(Report(text, result.text, tuple(result.changes), self.pipeline.names, result.offsets))
        flat = result.offsets.to_list() if self.offsets and result.offsets is not None else None
        return result.text, None, (result.changes, flat, report)


class Extras:
    """What --explain, --rejects, --stats, --offsets and the progress bar add
    to a run; inactive (and free) when none of them is asked for."""

    def __init__(self, args: argparse.Namespace, files: Sequence[str]) -> None:
        self.args = args
        self.active = bool(args.explain or args.rejects or args.stats or args.offsets is not None)
        self.documents = 0
        self.bytes_in = 0
        self.bytes_out = 0
        self.per_pass: dict[str, int] = {}
        self.per_reason: dict[tuple[str, str], int] = {}
        self.rejects: Any = None
        if args.rejects:
            from cleantext.io import Output

            self.rejects = Output(args.rejects, files)
        self.progress = _progress_bar(args, files)

    def cleaner(self, pipeline: Pipeline) -> SafeCleaner:
        if not self.active:
            return SafeCleaner(pipeline)
        return ReportingCleaner(pipeline, offsets=self.args.offsets is not None, explain=self.args.explain)

    def read(self, doc: Any) -> None:
        if self.progress is not None:
            self.progress.update(_size_estimate(doc, self.args.format))

    def render(self, doc: Any, text: str, more: list[Any]) -> str | None:
        """The output for ``doc`` when it is not the usual one, else None."""
        if not self.active:
            return None
        changes, flat, report = more[0] if more and more[0] is not None else ([], None, None)
        self.documents += 1
        if self.args.stats:
            self.bytes_in += _utf8_size(doc.text)
            self.bytes_out += _utf8_size(text)
            from cleantext.explain import reason_group

            for c in changes:
                self.per_pass[c.pass_name] = self.per_pass.get(c.pass_name, 0) + 1
                key = (c.pass_name, reason_group(c))
                self.per_reason[key] = self.per_reason.get(key, 0) + 1
        if self.rejects is not None:
            self._write_rejects(doc, changes)
        if self.args.explain:
            if report is None:
                from cleantext.explain import Report

                report = str(Report(doc.text, text, (), ()))
            single = self.args.format == "text" and len(self.args.files) <= 1
            head = "" if single else f"==> {doc.where} (document {doc.index + 1}) <==\n"
            return head + report + ("" if single else "\n") if report else ""  # nothing for a clean document
        if flat is not None:
            from cleantext.io import render

            record = dict(doc.record or {})
            record[self.args.offsets] = flat
            return render(_with_record(doc, record), text, "jsonl", self.args.field)
        return None

    def _write_rejects(self, doc: Any, changes: Sequence[Any]) -> None:
        import json

        from cleantext.explain import reason_text
        from cleantext.text import strip_ending

        for c in changes:
            if c.kind not in ("line-removed", "text-removed"):
                continue
            row: dict[str, Any] = {"index": doc.index}
            if doc.record is not None and self.args.id_field in doc.record:
                row["id"] = doc.record[self.args.id_field]
            row.update(source=doc.where, line=c.line, kind=c.kind, text=strip_ending(c.before), reason=reason_text(c))
            row["pass"] = c.pass_name
            try:
                self.rejects.write(json.dumps(row, ensure_ascii=False) + "\n")
            except UnicodeEncodeError:
                self.rejects.write(json.dumps(row, ensure_ascii=True) + "\n")

    def commit(self) -> None:
        if self.progress is not None:
            self.progress.close()
        if self.rejects is not None:
            self.rejects.commit()
        if self.args.stats:
            sys.stderr.write(self.stats())

    def abort(self) -> None:
        if self.progress is not None:
            self.progress.close()
        if self.rejects is not None:
            self.rejects.abort()

    def stats(self) -> str:
        """The --stats summary."""
        change = (self.bytes_in - self.bytes_out) / self.bytes_in * 100 if self.bytes_in else 0.0
        lines = [
            f"cleantext: {self.documents} document{'s' * (self.documents != 1)}, {self.bytes_in:,} bytes in, "
            f"{self.bytes_out:,} out ({change:.1f}% removed), {sum(self.per_pass.values()):,} changes\n"
        ]
        width = max((len(f"{p}: {r}") for p, r in self.per_reason), default=0)
        for name, total in sorted(self.per_pass.items(), key=lambda kv: -kv[1]):
            lines.append(f"  {name + ':':<{width + 2}}{total:>8,}\n")
            reasons = [(r, n) for (p, r), n in self.per_reason.items() if p == name]
            for reason, n in sorted(reasons, key=lambda kv: (-kv[1], kv[0])):
                lines.append(f"    {reason:<{width}}{n:>8,}\n")
        return "".join(lines)


def _with_record(doc: Any, record: dict[str, Any]) -> Any:
    import copy

    clone = copy.copy(doc)
    clone.record = record
    return clone


def _utf8_size(text: str) -> int:
    return len(text.encode("utf-8", "surrogatepass"))


#: Seconds a run must last before the progress bar shows.
PROGRESS_DELAY = 1.0


def _progress_bar(args: argparse.Namespace, files: Sequence[str]) -> Any:
    """A tqdm bar over the input bytes, when stderr is a terminal, every input
    is a file of known size and tqdm is installed; otherwise None."""
    import os

    if args.no_progress or "-" in files or not sys.stderr.isatty():
        return None
    try:
        total = sum(os.path.getsize(f) for f in files)
    except OSError:
        return None
    try:
        from tqdm import tqdm
    except ImportError:
        return None
    return tqdm(
        total=total, unit="B", unit_scale=True, file=sys.stderr, delay=PROGRESS_DELAY, desc="cleantext", leave=False
    )


def _size_estimate(doc: Any, fmt: str) -> int:
    """Bytes of input a document took, near enough for a progress bar."""
    if fmt == "jsonl" and doc.record is not None:
        import json

        return len(json.dumps(doc.record)) + 1
    return _utf8_size(doc.text) + (1 if fmt == "lines" else 0)
