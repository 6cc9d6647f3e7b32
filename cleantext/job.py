"""One run of the ``cleantext`` command, as data: a :class:`Job` holds
every option of the command line (no ``argparse`` in it), checks them
(:class:`~cleantext.errors.UsageError` for options that do not fit
together or do not fit the inputs), builds the pipeline and runs it over the
inputs (:meth:`Job.execute`), writing the documents, the reports and
one-line errors, and returning the exit status.

:mod:`cleantext.cli` parses the arguments into a Job and wires these steps
together; the work itself is done by the library: readers and writers in
:mod:`cleantext.io`, the run loop and its executors in :mod:`cleantext.run`,
the report sinks in :mod:`cleantext.reports`.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Any

from cleantext.errors import UsageError

if TYPE_CHECKING:
    from cleantext.io.streams import Input
    from cleantext.pipeline import Pipeline

__all__ = [
    "ENGINES",
    "EXIT_DATA",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "EXIT_USAGE",
    "ON_ERROR",
    "ON_NULL",
    "REPEATED",
    "Job",
    "error",
]

#: Exit statuses: success; bad input or a document passed through unchanged;
#: a usage or configuration error; interrupted (128 + the signal otherwise).
EXIT_OK, EXIT_DATA, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130

#: What to do with a record that cannot be read (``--on-error``).
ON_ERROR = ("fail", "skip", "keep")
#: What to do with a field that is null (``--on-null``).
ON_NULL = ("pass", "error")
#: Where the blocks are cleaned (``--engine``).
ENGINES = ("local", "dask")

#: The pass the line-profile options need.
REPEATED = "strip-repeated-lines"


def error(message: str) -> None:
    """One line on stderr (whatever ``sys.stderr`` is at the time): ``cleantext: message``."""
    sys.stderr.write(f"cleantext: {message}\n")


@dataclass(repr=False)
class Job:
    """Every option of a run of the command, by the names the command line
    gives them (``--output-dir`` is ``output_dir``); the defaults are the
    command line's.

    >>> job = Job(files=["crawl.jsonl"], field=["text", "text.body"])
    >>> job.check()
    Traceback (most recent call last):
    ...
    cleantext.errors.UsageError: argument --field: 'text.body' is inside 'text'
    """

    files: list[str] = field(default_factory=list)
    output: str | None = None
    output_dir: str | None = None
    preset: str | None = None
    passes: str | None = None
    config: str | None = None
    add: list[str] = field(default_factory=list)
    skip: list[str] = field(default_factory=list)
    set: list[str] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    profile_by: str | None = None
    profile: str | None = None
    save_profile: str | None = None
    format: str | None = None
    field: list[str] | None = None
    on_null: str = "pass"
    encoding: str | None = None
    strict: bool = False
    on_error: str = "fail"
    jobs: int = 1
    engine: str = "local"
    scheduler: str | None = None
    block_size: int | None = None
    verbose: int = 0
    no_progress: bool = False
    explain: bool = False
    only_changed: bool = False
    rejects: str | None = None
    id_field: str = "id"
    stats: bool = False
    stats_json: str | None = None
    offsets: bool = False
    offsets_field: str = "offsets"
    #: Seconds a run must last before the progress bar shows.
    progress_delay: float = 1.0

    @classmethod
    def from_arguments(cls, args: Any, **more: Any) -> Job:
        """A job from parsed arguments (any object with the options as
        attributes, such as an ``argparse.Namespace``), with ``more`` set."""
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in vars(args).items() if k in known}, **more)

    def build_pipeline(self) -> Pipeline:
        """The pipeline the options ask for (raises ConfigError)."""
        from cleantext.assemble import build_pipeline

        return build_pipeline(
            preset=self.preset,
            passes=self.passes,
            config=self.config,
            skip=self.skip,
            add=self.add,
            settings=self.set,
            name_tables=self.names,
        )

    def read_options(self) -> Any:
        """How the inputs are read: encoding, strictness, block size, fields."""
        from cleantext.io.formats import ReadOptions

        block_size = self.block_size or 1 << 18
        return ReadOptions(self.encoding, self.strict, block_size, tuple(self.field or ["text"]))

    def check(self) -> None:
        """Options that do not fit together, found before anything is read
        (:class:`~cleantext.errors.UsageError`)."""
        for option, value, valid in (
            ("--on-error", self.on_error, ON_ERROR),
            ("--on-null", self.on_null, ON_NULL),
            ("--engine", self.engine, ENGINES),
        ):
            if value not in valid:
                choices = ", ".join(repr(v) for v in valid)
                raise UsageError(f"argument {option}: invalid choice: {value!r} (choose from {choices})")
        if self.jobs < 0:
            raise UsageError("argument -j/--jobs: must be 0 (all cores) or more")
        if self.encoding is not None and self.encoding != "auto":
            import codecs

            try:
                codecs.lookup(self.encoding)
            except LookupError:
                raise UsageError(f"argument --encoding: unknown encoding {self.encoding!r} (or give 'auto')") from None
        if self.scheduler is not None and self.engine != "dask":
            raise UsageError("argument --scheduler: only used with --engine dask")
        if self.only_changed and not self.explain:
            raise UsageError("argument --only-changed: only used with --explain")
        if self.explain and self.offsets:
            raise UsageError("argument --offsets: not with --explain, which prints reports instead of documents")
        if self.profile is not None and self.save_profile is not None:
            raise UsageError(
                "argument --save-profile: keeps a profile learned from the input; with --profile none is learned"
            )
        if self.save_profile == "-" or self.profile == "-":
            option = "--profile" if self.profile == "-" else "--save-profile"
            raise UsageError(f"argument {option}: give a file name, not -")
        if self.profile_by is not None and any(not part for part in self.profile_by.split(".")):
            raise UsageError(
                f"argument --profile-by: {self.profile_by!r} is not a field name or a dotted path like meta.site"
            )
        fields = self.field or []
        if len(set(fields)) != len(fields):
            raise UsageError("argument --field: the same field twice")
        for a in fields:
            if not a or any(not part for part in a.split(".")):
                raise UsageError(f"argument --field: {a!r} is not a field name or a dotted path like meta.body")
            for b in fields:
                if a != b and b.startswith(a + "."):
                    raise UsageError(f"argument --field: {b!r} is inside {a!r}")
        if self.offsets and len(fields) > 1:
            raise UsageError("argument --offsets: with one --field only")
        if self.offsets and (self.offsets_field in {f.split(".")[0] for f in fields or ["text"]}):
            raise UsageError("argument --offsets-field: the offsets field must not be the --field that is cleaned")

    def check_inputs(self, inputs: Sequence[Input]) -> str:
        """Options that do not fit the inputs' formats
        (:class:`~cleantext.errors.UsageError`); else the output mode: a
        format, ``"explain"`` or ``"per input"``."""
        from cleantext.io.formats import FORMATS, format_of_name
        from cleantext.io.streams import strip_compression

        formats = {inp.format for inp in inputs}
        records = all(FORMATS[f].records for f in formats)
        if self.field and not records:
            raise UsageError(
                f"argument --field: only used with a record format (jsonl, csv, parquet), not {min(formats)}"
            )
        if not records:
            for option, used in (("--on-error", self.on_error != "fail"), ("--on-null", self.on_null != "pass")):
                if used:
                    raise UsageError(f"argument {option}: only used with a record format (jsonl, csv, parquet)")
        if self.offsets and formats != {"jsonl"}:
            raise UsageError("argument --offsets: only used with --format jsonl")
        if self.profile_by is not None and formats != {"jsonl"}:
            raise UsageError(
                "argument --profile-by: only used with --format jsonl (the source is a field of each record)"
            )
        if any(len((f or "").split(".")) > 1 for f in self.field or []) and formats - {"jsonl"}:
            raise UsageError("argument --field: dotted paths are for JSONL; CSV and Parquet name columns")
        if self.output_dir is not None:
            if any(inp.path == "-" for inp in inputs):
                raise UsageError("argument --output-dir: give input files, not stdin")
            return "per input"
        if len(formats) > 1 and not self.explain:
            raise UsageError(
                f"the inputs mix formats ({', '.join(sorted(formats))}); give --format, or --output-dir for one output each"
            )
        fmt = formats.pop()
        if self.explain:
            return "explain"
        if self.output and self.output != "-":
            wanted = format_of_name(strip_compression(self.output))
            if wanted is not None and wanted != fmt and FORMATS[wanted].records:
                raise UsageError(f"argument -o/--output: {self.output} names {wanted} output, but the input is {fmt}")
        elif fmt == "parquet":
            raise UsageError("Parquet output needs -o FILE.parquet or --output-dir")
        return fmt

    def check_extras(self, inputs: Sequence[Input]) -> None:
        """The optional packages the inputs and outputs need, checked before
        anything is read (MissingDependencyError names the pip command)."""
        from cleantext.errors import require
        from cleantext.io.streams import compression_of

        outputs = [self.output or "", *(inp.relative for inp in inputs if self.output_dir)]
        if any(inp.compression == "zstd" for inp in inputs) or any(compression_of(o) == "zstd" for o in outputs):
            require("zstandard", "zstd")
        if any(inp.format == "parquet" for inp in inputs):
            require("pyarrow", "parquet")

    def output_clash(self, inputs: Sequence[Input], outputs: Sequence[str]) -> str | None:
        """A clash between outputs (-o, --rejects, --stats-json, the files
        --output-dir writes) or with an input; None if there is none."""
        from cleantext.io.streams import same_file

        named: list[tuple[str, str]] = []
        if self.output_dir is None:
            named.append(("-o/--output", self.output or "-"))
        else:
            named.extend(("--output-dir", path) for path in outputs)
        named.extend(
            (opt, value)
            for opt, value in (
                ("--rejects", self.rejects),
                ("--stats-json", self.stats_json),
                ("--save-profile", self.save_profile),
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

    def line_profile(self, inputs: Sequence[Input], pipeline: Pipeline) -> tuple[Pipeline, Any]:
        """The pipeline, with strip-repeated-lines added if a profile option asks
        for it, and the plan: None (no such pass), or (a profile to clean with,
        or None to learn one first; the field the source is read from).
        Raises ConfigError (exit 2) before anything is read."""
        options = [o for o, v in (("--profile-by", self.profile_by), ("--profile", self.profile)) if v is not None]
        options += ["--save-profile"] if self.save_profile is not None else []
        if REPEATED not in pipeline.names and not options:
            return pipeline, None  # before the imports: a plain run needs none of them
        from cleantext.assemble import add_pass, split_names
        from cleantext.errors import ConfigError
        from cleantext.passes.repeated import StripRepeatedLines
        from cleantext.profile import Profile

        if REPEATED not in pipeline.names:
            if REPEATED in split_names(self.skip):
                raise ConfigError(f"argument {options[0]}: needs {REPEATED}, which --skip leaves out")
            pipeline = add_pass(pipeline, REPEATED)
        profile: Profile | None = None
        if self.profile is not None:
            try:
                profile = Profile.load(self.profile)
            except ConfigError as exc:
                raise ConfigError(f"argument --profile: {exc}") from None
        elif not options:
            # A profile file given to the pass itself (--set or a TOML config).
            profile = next(
                (p.loaded_profile for p in pipeline if isinstance(p, StripRepeatedLines) and p.loaded_profile), None
            )
        if profile is not None:
            by = profile.source_field
            if self.profile_by is not None and self.profile_by != by:
                learned = f"by {by!r}" if by else "over all input (no --profile-by)"
                raise ConfigError(
                    f"argument --profile-by: {self.profile} was learned {learned}, not by {self.profile_by!r}"
                )
            if by is not None and any(inp.format != "jsonl" for inp in inputs):
                raise ConfigError(
                    f"argument --profile: {self.profile or 'the profile'} is by source ({by!r}), which needs JSONL input"
                )
            return pipeline, (profile, by)
        if any(inp.path == "-" for inp in inputs):
            who = f"argument {options[0]}" if options else REPEATED
            raise ConfigError(
                f"{who}: learning the line profile reads the input twice, so it needs a file, not stdin "
                "(or give a saved profile: --profile FILE)"
            )
        return pipeline, (None, self.profile_by)

    def profile_prepare(self, plan: Any, options: Any, executor: Any) -> Any:
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
                if self.save_profile is not None:
                    try:
                        profile.save(self.save_profile)
                    except OSError as exc:
                        raise OutputError(
                            f"{self.save_profile}: cannot write the profile: {exc.strerror or exc}"
                        ) from None
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

    def execute(self, inputs: list[Input], mode: str, pipeline: Pipeline, options: Any, plan: Any = None) -> int:
        """Clean ``inputs`` with ``pipeline`` and write the documents and the
        reports the options ask for; one-line errors go to stderr. Returns the
        exit status (:data:`EXIT_OK`, :data:`EXIT_DATA`, :data:`EXIT_USAGE`)."""
        import os

        from cleantext.errors import InputError, MissingDependencyError
        from cleantext.io.formats import FORMATS
        from cleantext.io.streams import Output
        from cleantext.reports import Rejects, Stats, Warnings, progress_bar
        from cleantext.run import Cleaner, Outputs, Sinks, run

        paths = [inp.path for inp in inputs]
        targets: list[str] = []
        out_dir = self.output_dir or "."  # set whenever mode is "per input"
        if mode == "per input":
            targets = [os.path.join(out_dir, inp.relative) for inp in inputs]
            seen: dict[str, str] = {}
            for target, inp in zip(targets, inputs, strict=True):
                if target in seen:
                    error(f"{inp.name} and {seen[target]} would both be written to {target}; use separate runs")
                    return EXIT_USAGE
                seen[target] = inp.name
        clash = self.output_clash(inputs, targets)
        if clash:
            error(clash)
            return EXIT_USAGE
        records = all(FORMATS[i.format].records for i in inputs)
        cleaner = Cleaner(
            pipeline,
            fields=options.fields,
            on_error=self.on_error,
            on_null=self.on_null,
            offsets_field=self.offsets_field if self.offsets else None,
            explain=self.explain,
            only_changed=self.only_changed,
            stats=bool(self.stats or self.stats_json),
            rejects=bool(self.rejects),
            id_field=self.id_field if self.rejects and records else None,
            separate=mode != "per input" and len(inputs) > 1,
        )
        opened: list[Any] = []
        try:
            rejects_out = Output(self.rejects, paths, compress=True) if self.rejects else None
            if rejects_out is not None:
                opened.append(rejects_out)
            stats_out = Output(self.stats_json, paths) if self.stats_json else None
            if stats_out is not None:
                opened.append(stats_out)
            if mode == "per input":
                os.makedirs(out_dir, exist_ok=True)

                def open_output(inp: Input | None) -> Any:
                    assert inp is not None
                    target = os.path.join(out_dir, inp.relative)
                    os.makedirs(os.path.dirname(target) or ".", exist_ok=True)
                    return Output(target, paths)

                outputs = Outputs(open_output, per_input=True, explain=self.explain)
            else:
                single = Output(self.output, paths, compress=not self.explain)
                outputs = Outputs(lambda inp: single, per_input=False, explain=self.explain)
                opened.append(single)
            executor = self.executor(pipeline)
        except (InputError, OSError) as exc:
            for o in opened:
                o.abort()
            error(str(exc) if isinstance(exc, InputError) else f"{exc.filename}: {exc.strerror}")
            return EXIT_DATA
        except (MissingDependencyError, ValueError) as exc:
            for o in opened:
                o.abort()
            error(str(exc))
            return EXIT_USAGE
        stats = Stats() if cleaner.stats else None
        warnings = Warnings(quiet=("null:",))
        sinks = Sinks(
            stats=stats,
            rejects=Rejects(rejects_out.stream) if rejects_out is not None else None,
            warnings=warnings,
            progress=None if self.no_progress else progress_bar(inputs, delay=self.progress_delay),
        )
        prepare = self.profile_prepare(plan, options, executor) if plan is not None else None
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
            error(str(exc))
            status = EXIT_DATA
        if self.stats and stats is not None:
            sys.stderr.write(stats.text())
        self.summarise(outcome, warnings)
        if status == EXIT_OK and (outcome.failed or outcome.lost):
            status = EXIT_DATA
        return status

    def summarise(self, outcome: Any, warnings: Any) -> None:
        """Log the counts of a run, and write on stderr what went wrong."""
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
        what = "dropped" if self.on_error == "skip" else "written back unchanged"
        nouns["unreadable"] = (
            f"unreadable record {what} (--on-error {self.on_error})",
            f"unreadable records {what} (--on-error {self.on_error})",
        )
        warnings.summarise(nouns)
        if outcome.failed:
            error(
                f"{outcome.failed} of {outcome.documents} documents could not be cleaned and were passed through unchanged"
            )
        if outcome.lost:
            error(f"{outcome.lost} documents were written unchanged because a worker process died")

    def executor(self, pipeline: Pipeline | None = None) -> Any:
        """The executor the options ask for: serial, a process pool or Dask."""
        from cleantext.parallel import resolve_jobs
        from cleantext.run import PoolExecutor, SerialExecutor

        jobs = resolve_jobs(self.jobs)
        if (self.engine == "dask" or jobs > 1) and pipeline is not None:
            pipeline.warm_up()  # worker processes forked from here share what it builds
        if self.engine == "dask":
            from cleantext.dask import DaskExecutor

            client, close = self.dask_client()
            return DaskExecutor(client, on_close=close)
        return SerialExecutor() if jobs == 1 else PoolExecutor(jobs)

    def dask_client(self) -> tuple[Any, Any]:
        """A client of the given scheduler, or of a new local cluster; and the
        function that closes them."""
        from cleantext.errors import InputError, require
        from cleantext.parallel import resolve_jobs

        require("distributed", "dask")
        import distributed

        if self.scheduler:
            try:
                client = distributed.Client(self.scheduler, timeout="10s")
            except (OSError, TimeoutError) as exc:
                detail = str(exc) if str(exc) not in ("", "None") else type(exc).__name__
                raise InputError(f"--scheduler {self.scheduler}: cannot connect: {detail}") from None
            return client, client.close
        from cleantext.dask import local_cluster

        cluster = local_cluster(self.jobs if self.jobs > 1 else resolve_jobs(0))
        client = distributed.Client(cluster)

        def close() -> None:
            client.close()
            cluster.close()

        return client, close
