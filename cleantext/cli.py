"""The ``cleantext`` command: argument parsing and wiring, nothing more.

The work is done by the library: readers and writers in
:mod:`cleantext.io`, the run loop and its executors in :mod:`cleantext.run`,
the report sinks in :mod:`cleantext.reports`. Only ``argparse`` is imported
at the top, so ``cleantext --help`` starts fast.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cleantext.io.streams import Input
    from cleantext.pipeline import Pipeline

__all__ = ["build_parser", "build_pipeline", "main"]

EXIT_OK, EXIT_DATA, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130

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
        choices=("pass", "error"),
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
        choices=("fail", "skip", "keep"),
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
        choices=("local", "dask"),
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
        "(default 256k; 1M with --engine dask, where each block is a task)",
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


def _error(message: str) -> None:
    sys.stderr.write(f"cleantext: {message}\n")


# -- the pipeline ------------------------------------------------------------------


def build_pipeline(args: argparse.Namespace) -> Pipeline:
    """The pipeline the arguments ask for (raises ConfigError)."""
    from cleantext.assemble import add_pass, pipeline_from_toml, set_option, with_name_tables
    from cleantext.errors import ConfigError
    from cleantext.pipeline import Pipeline

    if args.passes is not None:
        names = [n.strip() for n in args.passes.split(",") if n.strip()]
        if not names:
            raise ConfigError("--passes needs at least one pass name")
        pipeline = Pipeline(names)
    elif args.config is not None:
        pipeline = pipeline_from_toml(args.config)
    else:
        pipeline = Pipeline.from_preset(args.preset or "news")
    skip = _names(args.skip)
    if skip:
        pipeline = pipeline.without(*skip)
    for name in _names(args.add):
        pipeline = add_pass(pipeline, name)
    for item in args.set:
        pipeline = set_option(pipeline, item)
    if args.names:
        pipeline = with_name_tables(pipeline, args.names)
    return pipeline


def _names(items: Sequence[str]) -> list[str]:
    return [n.strip() for item in items for n in item.split(",") if n.strip()]


def _list_passes(verbose: bool) -> None:
    from cleantext.registry import list_passes, pass_origin

    passes = list_passes()
    width = max((len(n) for n in passes), default=0)
    for name, cls in passes.items():
        origin = pass_origin(name)
        suffix = "" if origin == "cleantext" else f"  [from {origin}]"
        sys.stdout.write(f"{name:<{width}}  {cls.summary()}{suffix}\n")
        if verbose:
            for option, (default, why) in cls.options().items():
                sys.stdout.write(f"    {option} = {default!r}" + (f": {why}" if why else "") + "\n")


def _list_presets() -> None:
    from cleantext.pipeline import Pipeline, list_presets

    for name, description in list_presets().items():
        sys.stdout.write(f"{name}: {description}\n    {' -> '.join(Pipeline.from_preset(name).names)}\n")


# -- checks at start ------------------------------------------------------------


def _check_arguments(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """Usage errors that need no input: exit 2 before anything is read."""
    if args.jobs < 0:
        parser.error("argument -j/--jobs: must be 0 (all cores) or more")
    if args.encoding is not None and args.encoding != "auto":
        import codecs

        try:
            codecs.lookup(args.encoding)
        except LookupError:
            parser.error(f"argument --encoding: unknown encoding {args.encoding!r} (or give 'auto')")
    if args.scheduler is not None and args.engine != "dask":
        parser.error("argument --scheduler: only used with --engine dask")
    if args.only_changed and not args.explain:
        parser.error("argument --only-changed: only used with --explain")
    if args.explain and args.offsets:
        parser.error("argument --offsets: not with --explain, which prints reports instead of documents")
    if args.profile is not None and args.save_profile is not None:
        parser.error("argument --save-profile: keeps a profile learned from the input; with --profile none is learned")
    if args.save_profile == "-" or args.profile == "-":
        option = "--profile" if args.profile == "-" else "--save-profile"
        parser.error(f"argument {option}: give a file name, not -")
    if args.profile_by is not None and any(not part for part in args.profile_by.split(".")):
        parser.error(f"argument --profile-by: {args.profile_by!r} is not a field name or a dotted path like meta.site")
    fields = args.field or []
    if len(set(fields)) != len(fields):
        parser.error("argument --field: the same field twice")
    for a in fields:
        if not a or any(not part for part in a.split(".")):
            parser.error(f"argument --field: {a!r} is not a field name or a dotted path like meta.body")
        for b in fields:
            if a != b and b.startswith(a + "."):
                parser.error(f"argument --field: {b!r} is inside {a!r}")
    if args.offsets and len(fields) > 1:
        parser.error("argument --offsets: with one --field only")
    if args.offsets and (args.offsets_field in {f.split(".")[0] for f in fields or ["text"]}):
        parser.error("argument --offsets-field: the offsets field must not be the --field that is cleaned")


def _check_inputs(parser: argparse.ArgumentParser, args: argparse.Namespace, inputs: Sequence[Input]) -> str:
    """Usage errors that depend on the inputs' formats; the output format."""
    from cleantext.io.formats import FORMATS, format_of_name
    from cleantext.io.streams import strip_compression

    formats = {inp.format for inp in inputs}
    records = all(FORMATS[f].records for f in formats)
    if args.field and not records:
        parser.error(f"argument --field: only used with a record format (jsonl, csv, parquet), not {min(formats)}")
    if not records:
        for option, used in (("--on-error", args.on_error != "fail"), ("--on-null", args.on_null != "pass")):
            if used:
                parser.error(f"argument {option}: only used with a record format (jsonl, csv, parquet)")
    if args.offsets and formats != {"jsonl"}:
        parser.error("argument --offsets: only used with --format jsonl")
    if args.profile_by is not None and formats != {"jsonl"}:
        parser.error("argument --profile-by: only used with --format jsonl (the source is a field of each record)")
    if any(len((f or "").split(".")) > 1 for f in args.field or []) and formats - {"jsonl"}:
        parser.error("argument --field: dotted paths are for JSONL; CSV and Parquet name columns")
    if args.output_dir is not None:
        if any(inp.path == "-" for inp in inputs):
            parser.error("argument --output-dir: give input files, not stdin")
        return "per input"
    if len(formats) > 1 and not args.explain:
        parser.error(
            f"the inputs mix formats ({', '.join(sorted(formats))}); give --format, or --output-dir for one output each"
        )
    fmt = formats.pop()
    if args.explain:
        return "explain"
    if args.output and args.output != "-":
        wanted = format_of_name(strip_compression(args.output))
        if wanted is not None and wanted != fmt and FORMATS[wanted].records:
            parser.error(f"argument -o/--output: {args.output} names {wanted} output, but the input is {fmt}")
    elif fmt == "parquet":
        parser.error("Parquet output needs -o FILE.parquet or --output-dir")
    return fmt


def _check_extras(args: argparse.Namespace, inputs: Sequence[Input]) -> None:
    """The optional packages the inputs and outputs need, checked before
    anything is read (MissingDependencyError names the pip command)."""
    from cleantext.errors import require
    from cleantext.io.streams import compression_of

    outputs = [args.output or "", *(inp.relative for inp in inputs if args.output_dir)]
    if any(inp.compression == "zstd" for inp in inputs) or any(compression_of(o) == "zstd" for o in outputs):
        require("zstandard", "zstd")
    if any(inp.format == "parquet" for inp in inputs):
        require("pyarrow", "parquet")


def _check_paths(args: argparse.Namespace, inputs: Sequence[Input], outputs: Sequence[str]) -> str | None:
    """A clash between outputs (-o, --rejects, --stats-json, the files
    --output-dir writes) or with an input; None if there is none."""
    from cleantext.io.streams import same_file

    named: list[tuple[str, str]] = []
    if args.output_dir is None:
        named.append(("-o/--output", args.output or "-"))
    else:
        named.extend(("--output-dir", path) for path in outputs)
    named.extend(
        (opt, value)
        for opt, value in (
            ("--rejects", args.rejects),
            ("--stats-json", args.stats_json),
            ("--save-profile", args.save_profile),
        )
        if value
    )
    stdout = [opt for opt, path in named if path == "-"]
    if len(stdout) > 1:
        return f"argument {stdout[1]}: standard output already receives {stdout[0].replace('-o/--output', 'the documents')}"
    for i, (opt, path) in enumerate(named):
        if path == "-":
            continue
        for other_opt, other in named[:i]:
            if other != "-" and same_file(path, other):
                return f"argument {opt}: {path} is also the {other_opt} file; give each its own file"
        for inp in inputs:
            if not inp.path.startswith(("-",)) and "://" not in inp.path and same_file(path, inp.path):
                return f"argument {opt}: {path} is an input file; refusing to overwrite it"
            if inp.path == "-" and same_file("-", path):
                return f"argument {opt}: {path} is an input file (stdin); refusing to overwrite it"
    return None


# -- running ----------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(_compatible(sys.argv[1:] if argv is None else list(argv)))
    _setup_logging(args.verbose)
    _check_arguments(parser, args)
    try:
        if args.list_passes:
            _list_passes(args.verbose > 0)
            return EXIT_OK
        if args.list_presets:
            _list_presets()
            return EXIT_OK
        return _run(parser, args)
    except KeyboardInterrupt:
        _error("interrupted")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_OK
    except Exception as exc:
        # A fault in cleantext itself: one line, the traceback with -vv.
        import logging

        logging.getLogger("cleantext").debug("cleantext: internal error", exc_info=True)
        _error(f"internal error: {type(exc).__name__}: {exc} (-vv shows where; please report it)")
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


def _run(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    from cleantext.errors import ConfigError, InputError, MissingDependencyError
    from cleantext.io.formats import ReadOptions, format_of_name
    from cleantext.io.streams import expand_inputs
    from cleantext.run import Terminated, terminate_on_signals

    try:
        inputs = expand_inputs(args.files, args.format, format_of_name)
    except MissingDependencyError as exc:
        _error(str(exc))
        return EXIT_USAGE
    except InputError as exc:
        _error(str(exc))
        return EXIT_DATA
    mode = _check_inputs(parser, args, inputs)
    try:
        _check_extras(args, inputs)
        pipeline = build_pipeline(args)
        pipeline, plan = _line_profile(args, inputs, pipeline)
    except (ConfigError, MissingDependencyError) as exc:
        _error(str(exc))
        return EXIT_USAGE
    fields = tuple(args.field or ["text"])
    block_size = args.block_size or (1 << 20 if args.engine == "dask" else 1 << 18)
    restore = terminate_on_signals()
    try:
        options = ReadOptions(args.encoding, args.strict, block_size, fields)
        return _execute(args, inputs, mode, pipeline, options, plan)
    except Terminated as exc:
        _error(f"stopped by signal {exc.signum}")
        return 128 + exc.signum
    finally:
        restore()


def _execute(
    args: argparse.Namespace, inputs: list[Input], mode: str, pipeline: Pipeline, options: Any, plan: Any = None
) -> int:
    import os

    from cleantext.errors import InputError, MissingDependencyError
    from cleantext.io.formats import FORMATS
    from cleantext.io.streams import Output
    from cleantext.reports import Rejects, Stats, Warnings
    from cleantext.run import Cleaner, Outputs, Sinks, run

    paths = [inp.path for inp in inputs]
    targets: list[str] = []
    if mode == "per input":
        targets = [os.path.join(args.output_dir, inp.relative) for inp in inputs]
        seen: dict[str, str] = {}
        for target, inp in zip(targets, inputs, strict=True):
            if target in seen:
                _error(f"{inp.name} and {seen[target]} would both be written to {target}; use separate runs")
                return EXIT_USAGE
            seen[target] = inp.name
    clash = _check_paths(args, inputs, targets)
    if clash:
        _error(clash)
        return EXIT_USAGE
    records = all(FORMATS[i.format].records for i in inputs)
    cleaner = Cleaner(
        pipeline,
        fields=options.fields,
        on_error=args.on_error,
        on_null=args.on_null,
        offsets_field=args.offsets_field if args.offsets else None,
        explain=args.explain,
        only_changed=args.only_changed,
        stats=bool(args.stats or args.stats_json),
        rejects=bool(args.rejects),
        id_field=args.id_field if args.rejects and records else None,
        separate=mode != "per input" and len(inputs) > 1,
    )
    opened: list[Any] = []
    try:
        rejects_out = Output(args.rejects, paths, compress=True) if args.rejects else None
        if rejects_out is not None:
            opened.append(rejects_out)
        stats_out = Output(args.stats_json, paths) if args.stats_json else None
        if stats_out is not None:
            opened.append(stats_out)
        if mode == "per input":
            os.makedirs(args.output_dir, exist_ok=True)

            def open_output(inp: Input | None) -> Any:
                assert inp is not None
                target = os.path.join(args.output_dir, inp.relative)
                os.makedirs(os.path.dirname(target) or ".", exist_ok=True)
                return Output(target, paths)

            outputs = Outputs(open_output, per_input=True, explain=args.explain)
        else:
            single = Output(args.output, paths, compress=not args.explain)
            outputs = Outputs(lambda inp: single, per_input=False, explain=args.explain)
            opened.append(single)
        executor = _executor(args)
    except (InputError, OSError) as exc:
        for o in opened:
            o.abort()
        _error(str(exc) if isinstance(exc, InputError) else f"{exc.filename}: {exc.strerror}")
        return EXIT_DATA
    except (MissingDependencyError, ValueError) as exc:
        for o in opened:
            o.abort()
        _error(str(exc))
        return EXIT_USAGE
    stats = Stats() if cleaner.stats else None
    warnings = Warnings(quiet=("null:",))
    sinks = Sinks(
        stats=stats,
        rejects=Rejects(rejects_out.stream) if rejects_out is not None else None,
        warnings=warnings,
        progress=_progress_bar(args, inputs),
    )
    prepare = _profile_prepare(args, plan, options, executor) if plan is not None else None
    try:
        outcome = run(inputs, cleaner, executor, outputs, options, sinks, prepare=prepare)
    except BaseException:
        for o in opened:
            o.abort()
        raise
    status = EXIT_OK if outcome.error is None else EXIT_DATA
    extra: list[Any] = [o for o in (rejects_out, stats_out) if o is not None]
    try:
        if stats_out is not None and stats is not None:
            import json

            stats_out.write((json.dumps(stats.to_json(), indent=2) + "\n").encode())
        for o in extra:
            o.commit()
    except Exception as exc:
        for o in extra:
            o.abort()
        _error(str(exc))
        status = EXIT_DATA
    if args.stats and stats is not None:
        sys.stderr.write(stats.text())
    _summarise(args, outcome, warnings)
    if status == EXIT_OK and (outcome.failed or outcome.lost):
        status = EXIT_DATA
    return status


# -- a line profile: learned from a first read, or loaded -----------------------------

REPEATED = "strip-repeated-lines"


def _line_profile(args: argparse.Namespace, inputs: Sequence[Input], pipeline: Pipeline) -> tuple[Pipeline, Any]:
    """The pipeline, with strip-repeated-lines added if a profile option asks
    for it, and the plan: None (no such pass), or (a profile to clean with,
    or None to learn one first; the field the source is read from).
    Raises ConfigError (exit 2) before anything is read."""
    options = [o for o, v in (("--profile-by", args.profile_by), ("--profile", args.profile)) if v is not None]
    options += ["--save-profile"] if args.save_profile is not None else []
    if REPEATED not in pipeline.names and not options:
        return pipeline, None
    from cleantext.assemble import add_pass
    from cleantext.errors import ConfigError
    from cleantext.passes.repeated import StripRepeatedLines
    from cleantext.profile import Profile

    if REPEATED not in pipeline.names:
        if REPEATED in _names(args.skip):
            raise ConfigError(f"argument {options[0]}: needs {REPEATED}, which --skip leaves out")
        pipeline = add_pass(pipeline, REPEATED)
    profile: Profile | None = None
    if args.profile is not None:
        try:
            profile = Profile.load(args.profile)
        except ConfigError as exc:
            raise ConfigError(f"argument --profile: {exc}") from None
    elif not options:
        # A profile file given to the pass itself (--set or a TOML config).
        profile = next(
            (p.loaded_profile for p in pipeline if isinstance(p, StripRepeatedLines) and p.loaded_profile), None
        )
    if profile is not None:
        by = profile.source_field
        if args.profile_by is not None and args.profile_by != by:
            learned = f"by {by!r}" if by else "over all input (no --profile-by)"
            raise ConfigError(
                f"argument --profile-by: {args.profile} was learned {learned}, not by {args.profile_by!r}"
            )
        if by is not None and any(inp.format != "jsonl" for inp in inputs):
            raise ConfigError(
                f"argument --profile: {args.profile or 'the profile'} is by source ({by!r}), which needs JSONL input"
            )
        return pipeline, (profile, by)
    if any(inp.path == "-" for inp in inputs):
        who = f"argument {options[0]}" if options else REPEATED
        raise ConfigError(
            f"{who}: learning the line profile reads the input twice, so it needs a file, not stdin "
            "(or give a saved profile: --profile FILE)"
        )
    return pipeline, (None, args.profile_by)


def _profile_prepare(args: argparse.Namespace, plan: Any, options: Any, executor: Any) -> Any:
    """The run loop's ``prepare`` hook: learn the profile (a first read of the
    inputs on the same executor) unless one was given, save it if asked, and
    bind each document to its source's profile."""
    from dataclasses import replace

    from cleantext.pipeline import Pipeline
    from cleantext.run import Cleaner, ProfileLearner, learn_profile

    given, source_field = plan

    def prepare(inputs: Sequence[Input], cleaner: Cleaner) -> Cleaner:
        import logging

        from cleantext.io.streams import OutputError
        from cleantext.profile import SourcePipelines, with_profile

        assert cleaner.pipeline is not None
        pipeline = cleaner.pipeline
        profile = given
        if profile is None:
            at = pipeline.names.index(REPEATED)
            learner = ProfileLearner(
                Pipeline(pipeline.passes[:at]) if at else None,
                fields=cleaner.fields,
                on_error=cleaner.on_error,
                on_null=cleaner.on_null,
                offsets_field=cleaner.offsets_field,
                source_field=source_field,
            )
            profile = learn_profile(learner, inputs, options, executor)
            if args.save_profile is not None:
                try:
                    profile.save(args.save_profile)
                except OSError as exc:
                    raise OutputError(f"{args.save_profile}: cannot write the profile: {exc.strerror or exc}") from None
        log = logging.getLogger("cleantext")
        log.info("cleantext: %s", profile.summary())
        least = min((getattr(p, "min_source_documents", 1) for p in pipeline if p.name == REPEATED), default=1)
        if not any(t.documents >= least for t in profile.sources.values()):
            log.warning(
                "cleantext: line profile: no source has %d documents or more; %s removes nothing",
                least,
                REPEATED,
            )
        bound = with_profile(pipeline, profile)
        sources = SourcePipelines(bound, source_field) if source_field is not None else None
        return replace(cleaner, pipeline=bound, source_field=source_field, sources=sources)

    return prepare


def _summarise(args: argparse.Namespace, outcome: Any, warnings: Any) -> None:
    import logging

    logging.getLogger("cleantext").info(
        "cleantext: %d documents cleaned, %d passed through unchanged",
        outcome.documents - outcome.failed,
        outcome.failed,
    )
    nouns = {}
    for kind in warnings.counts:
        if kind.startswith("null:"):
            name = kind.split(":", 1)[1]
            nouns[kind] = (
                f"record with a null field {name!r} passed through",
                f"records with a null field {name!r} passed through",
            )
    what = "dropped" if args.on_error == "skip" else "written back unchanged"
    nouns["unreadable"] = (
        f"unreadable record {what} (--on-error {args.on_error})",
        f"unreadable records {what} (--on-error {args.on_error})",
    )
    warnings.summarise(nouns)
    if outcome.failed:
        _error(
            f"{outcome.failed} of {outcome.documents} documents could not be cleaned and were passed through unchanged"
        )
    if outcome.lost:
        _error(f"{outcome.lost} documents were written unchanged because a worker process died")


def _executor(args: argparse.Namespace) -> Any:
    from cleantext.parallel import resolve_jobs
    from cleantext.run import DaskExecutor, PoolExecutor, SerialExecutor

    if args.engine == "dask":
        client, close = _dask_client(args)
        return DaskExecutor(client, on_close=close)
    jobs = resolve_jobs(args.jobs)
    return SerialExecutor() if jobs == 1 else PoolExecutor(jobs)


def _dask_client(args: argparse.Namespace) -> tuple[Any, Any]:
    """A client of the given scheduler, or of a new local cluster; and the
    function that closes them."""
    import logging

    from cleantext.errors import InputError, require
    from cleantext.parallel import resolve_jobs

    require("distributed", "dask")
    import distributed

    if args.scheduler:
        try:
            client = distributed.Client(args.scheduler, timeout="10s")
        except (OSError, TimeoutError) as exc:
            detail = str(exc) if str(exc) not in ("", "None") else type(exc).__name__
            raise InputError(f"--scheduler {args.scheduler}: cannot connect: {detail}") from None
        return client, client.close
    workers = args.jobs if args.jobs > 1 else resolve_jobs(0)
    cluster = distributed.LocalCluster(
        n_workers=workers,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=":0",
        silence_logs=logging.ERROR,
    )
    client = distributed.Client(cluster)

    def close() -> None:
        client.close()
        cluster.close()

    return client, close


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


#: Seconds a run must last before the progress bar shows.
PROGRESS_DELAY = 1.0


def _progress_bar(args: argparse.Namespace, inputs: Sequence[Input]) -> Any:
    """A tqdm bar over the input bytes as read from disk (compressed ones
    too), when stderr is a terminal, every input has a known size and tqdm
    is installed; otherwise None."""
    if args.no_progress or not sys.stderr.isatty():
        return None
    try:
        from tqdm import tqdm
    except ImportError:
        return None
    sizes = [inp.size for inp in inputs]
    if None in sizes:
        return None  # stdin, a pipe: nothing to measure against
    total = sum(s or 0 for s in sizes)
    return tqdm(
        total=total, unit="B", unit_scale=True, file=sys.stderr, delay=PROGRESS_DELAY, desc="cleantext", leave=False
    )
