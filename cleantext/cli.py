"""The ``cleantext`` command: argument parsing and wiring, nothing more.

The arguments become a :class:`~cleantext.job.Job`, which checks them,
builds the pipeline and runs it; the work is done by the library: readers
and writers in :mod:`cleantext.io`, the run loop and its executors in
:mod:`cleantext.run`, the report sinks in :mod:`cleantext.reports`. Only
``argparse`` is imported at the top, so ``cleantext --help`` starts fast.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cleantext.job import Job
    from cleantext.pipeline import Pipeline

__all__ = ["build_parser", "build_pipeline", "main"]

#: Kept in step with cleantext.io.formats.FORMATS and cleantext.io.streams.COMPRESSIONS
#: (a test checks), so that --help imports neither.
FORMAT_NAMES = ("text", "lines", "jsonl", "csv", "parquet")
COMPRESSION_SUFFIXES = (".gz", ".bz2", ".xz", ".zst")

DESCRIPTION = """\
Clean scraped text: repair encoding, normalize Unicode and whitespace, and
whatever else the chosen preset or passes do. Reads FILEs, folders, globs
or URLs (or stdin, also given as -) and writes the cleaned documents to
stdout, -o FILE or one file per input in --output-dir.
"""

EPILOG = """\
formats (from the file name, or --format): text (.txt: a file is one
document), lines (one document per line), jsonl (.jsonl, .ndjson), csv,
parquet (the parquet extra); compressed .gz .bz2 .xz .zst (zstd extra) in
and out; stdin's compression is recognised from its first bytes.

examples:
  cleantext article.txt > clean.txt
  cleantext crawl.jsonl.zst --field meta.body -o clean.jsonl.gz --jobs 4
  cleantext 'crawl/*.jsonl.gz' --output-dir clean/
  cleantext --add strip-bylines --set normalize-unicode.form=NFKC notes.txt
  cleantext --list-passes -v
  cleantext --explain article.txt                  # what changed, and why
  cleantext crawl.jsonl --rejects removed.jsonl --stats-json stats.json -o clean.jsonl
  cleantext crawl.jsonl --profile-by url --save-profile site.profile.json.gz -o clean.jsonl

exit status: 0 success, 1 bad input or a document a pass failed on
(it is passed through unchanged and reported), 2 usage or configuration
error, 130 interrupted (129 SIGHUP, 143 SIGTERM).
"""


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (no side effects; tests call it directly)."""
    from cleantext import __version__
    from cleantext.job import ENGINES, ON_ERROR, ON_NULL

    parser = argparse.ArgumentParser(
        prog="cleantext",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "files", nargs="*", metavar="FILE", help="inputs: files, folders, globs, URLs; none or - is stdin"
    )
    out = parser.add_mutually_exclusive_group()
    out.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="write here instead of stdout; a regular file is replaced only on success, "
        "a FIFO or device is written into; .gz .bz2 .xz .zst compress",
    )
    out.add_argument("--output-dir", metavar="DIR", help="one output file per input, with the same name, in DIR")

    what = parser.add_argument_group("what to run")
    choice = what.add_mutually_exclusive_group()
    choice.add_argument("--preset", metavar="NAME", help="a named pipeline (default: news); see --list-presets")
    choice.add_argument("--passes", metavar="A,B,...", help="run these passes, in this order")
    choice.add_argument("--config", metavar="FILE.toml", help="a TOML pipeline config (see docs/cli.md)")
    what.add_argument("--add", metavar="A,B", action="append", default=[], help="add passes (in preset order)")
    what.add_argument(
        "--skip", metavar="NAME", action="append", default=[], help="leave this pass out (repeatable, or A,B)"
    )
    what.add_argument(
        "--set",
        metavar="PASS.OPTION=VALUE",
        action="append",
        default=[],
        help="set a pass option, e.g. normalize-unicode.form=NFKC (repeatable)",
    )
    what.add_argument(
        "--names",
        metavar="FILE",
        action="append",
        default=[],
        help="a name table (TSV or TOML) for normalize-names, merged over the built-in one (repeatable)",
    )

    rep = parser.add_argument_group(
        "lines a site repeats (strip-repeated-lines; added to the pipeline if it is not in it)"
    )
    rep.add_argument(
        "--profile-by",
        metavar="FIELD",
        help="JSONL: learn a line profile per source from a first read of the input, the source from FIELD "
        "(a URL's host name, or the value: url, domain, meta.site), then clean; needs files, not stdin",
    )
    rep.add_argument(
        "--profile",
        metavar="FILE",
        help="clean with a saved line profile (from --save-profile) instead of learning one: one read, stdin works",
    )
    rep.add_argument("--save-profile", metavar="FILE", help="keep the learned line profile in FILE (.gz compresses)")

    fmt = parser.add_argument_group("input and output")
    fmt.add_argument("--format", choices=FORMAT_NAMES, help="the input format (default: from the file name, else text)")
    fmt.add_argument(
        "--field",
        action="append",
        metavar="PATH",
        help="a field to clean in each record, a dotted path like meta.body (repeatable; default: text)",
    )
    fmt.add_argument(
        "--on-null",
        choices=ON_NULL,
        default="pass",
        help="a null field: pass it through and count it (default), or treat the record as unreadable",
    )
    fmt.add_argument(
        "--encoding",
        metavar="NAME",
        help="decode input with this encoding, or 'auto' to detect a legacy one (default: UTF-8, or as a BOM says)",
    )

    bad = parser.add_argument_group("bad input")
    bad.add_argument(
        "--strict",
        action="store_true",
        help="stop at the first byte that is not valid in the input's encoding "
        "(default: replace it with U+FFFD and report the file and byte offset)",
    )
    bad.add_argument(
        "--on-error",
        choices=ON_ERROR,
        default="fail",
        help="a record that cannot be read: fail stops with its file and line (default); skip drops it; "
        "keep writes it back unchanged. skip and keep count and report them",
    )

    run = parser.add_argument_group("running")
    run.add_argument(
        "-j", "--jobs", type=int, default=1, metavar="N", help="worker processes (0: all cores; default 1)"
    )
    run.add_argument(
        "--engine",
        choices=ENGINES,
        default="local",
        help="local: this machine (default); dask: blocks of the inputs as tasks on a Dask cluster (the dask extra)",
    )
    run.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="--engine dask: the scheduler, like tcp://host:8786 (default: a local cluster of --jobs workers)",
    )
    run.add_argument(
        "--block-size",
        type=_size,
        metavar="BYTES",
        help="cut line and record inputs into blocks of about this size, the unit of work "
        "(default 256k; with --engine dask up to four blocks are a task)",
    )
    run.add_argument("-v", "--verbose", action="count", default=0, help="more logging on stderr (-vv for debug)")
    run.add_argument(
        "--no-progress",
        action="store_true",
        help="no progress bar (shown on stderr when it is a terminal and tqdm is installed; counts input bytes)",
    )

    rep = parser.add_argument_group("explaining and keeping what is removed")
    rep.add_argument(
        "--explain",
        action="store_true",
        help="write a report of every change, with its pass, line and reason, instead of the cleaned text",
    )
    rep.add_argument("--only-changed", action="store_true", help="--explain: only the documents that changed")
    rep.add_argument(
        "--rejects",
        metavar="FILE",
        help="write every removed line (or removed text) to FILE as JSONL: document, pass, reason, line, text",
    )
    rep.add_argument(
        "--id-field",
        metavar="NAME",
        default="id",
        help="JSONL: the field that names a document in --rejects (default: id), beside its index",
    )
    rep.add_argument(
        "--stats",
        action="store_true",
        help="at the end, print on stderr: documents, bytes, changes per pass and reason",
    )
    rep.add_argument(
        "--stats-json",
        metavar="FILE",
        help="write the statistics as JSON to FILE: per pass and per reason, documents, changes, lines, characters",
    )
    rep.add_argument(
        "--offsets",
        action="store_true",
        help="JSONL: add a field (see --offsets-field) mapping the cleaned text back to the original, "
        "as [cleaned start, original start, length, ...] of each run copied unchanged",
    )
    rep.add_argument(
        "--offsets-field", metavar="NAME", default="offsets", help="the field --offsets adds (default: offsets)"
    )

    info = parser.add_argument_group("information")
    info.add_argument(
        "--list-passes", action="store_true", help="list the passes and exit; with -v, their options and defaults"
    )
    info.add_argument("--list-presets", action="store_true", help="list the presets and their passes, and exit")
    info.add_argument("--version", action="version", version=f"cleantext {__version__}")
    return parser


def _size(text: str) -> int:
    """``64k``, ``1M``, ``1000`` -> bytes."""
    units = {"k": 1 << 10, "m": 1 << 20, "g": 1 << 30}
    text = text.strip().lower().removesuffix("b")
    factor = units.get(text[-1:], 1)
    try:
        value = int(float(text[:-1] if factor > 1 else text) * factor)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a size like 256k or 4M, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1 byte")
    return value


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


# -- wiring ------------------------------------------------------------------------

#: Seconds a run must last before the progress bar shows.
PROGRESS_DELAY = 1.0


def build_pipeline(args: argparse.Namespace) -> Pipeline:
    """The pipeline the arguments ask for (raises ConfigError)."""
    from cleantext.job import Job

    return Job.from_arguments(args).build_pipeline()


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; returns the exit status."""
    from cleantext.errors import UsageError
    from cleantext.job import EXIT_DATA, EXIT_INTERRUPTED, EXIT_OK, Job, error

    parser = build_parser()
    args = parser.parse_args(_compatible(sys.argv[1:] if argv is None else list(argv)))
    _setup_logging(args.verbose)
    job = Job.from_arguments(args, progress_delay=PROGRESS_DELAY)
    try:
        job.check()
    except UsageError as exc:
        parser.error(str(exc))
    try:
        if args.list_passes:
            from cleantext.registry import pass_listing

            sys.stdout.write(pass_listing(args.verbose > 0))
            return EXIT_OK
        if args.list_presets:
            from cleantext.assemble import preset_listing

            sys.stdout.write(preset_listing())
            return EXIT_OK
        return _run(parser, job)
    except KeyboardInterrupt:
        error("interrupted")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_OK
    except Exception as exc:
        # A fault in cleantext itself: one line, the traceback with -vv.
        import logging

        logging.getLogger("cleantext").debug("cleantext: internal error", exc_info=True)
        error(f"internal error: {type(exc).__name__}: {exc} (-vv shows where; please report it)")
        return EXIT_DATA


def _compatible(argv: list[str]) -> list[str]:
    """Earlier spellings: ``--offsets=NAME`` is ``--offsets --offsets-field NAME``."""
    out: list[str] = []
    for i, arg in enumerate(argv):
        if arg == "--":
            out.extend(argv[i:])
            break
        if arg.startswith("--offsets="):
            out += ["--offsets", "--offsets-field", arg.split("=", 1)[1]]
        else:
            out.append(arg)
    return out


def _run(parser: argparse.ArgumentParser, job: Job) -> int:
    from cleantext.errors import ConfigError, InputError, MissingDependencyError, UsageError
    from cleantext.io.formats import format_of_name
    from cleantext.io.streams import expand_inputs
    from cleantext.job import EXIT_DATA, EXIT_USAGE, error
    from cleantext.run import Terminated, terminate_on_signals

    try:
        inputs = expand_inputs(job.files, job.format, format_of_name)
    except MissingDependencyError as exc:
        error(str(exc))
        return EXIT_USAGE
    except InputError as exc:
        error(str(exc))
        return EXIT_DATA
    try:
        mode = job.check_inputs(inputs)
    except UsageError as exc:
        parser.error(str(exc))
    try:
        job.check_extras(inputs)
        pipeline, plan = job.line_profile(inputs, job.build_pipeline())
    except (ConfigError, MissingDependencyError) as exc:
        error(str(exc))
        return EXIT_USAGE
    restore = terminate_on_signals()
    try:
        return job.execute(inputs, mode, pipeline, job.read_options(), plan)
    except Terminated as exc:
        error(f"stopped by signal {exc.signum}")
        return 128 + exc.signum
    finally:
        restore()


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
