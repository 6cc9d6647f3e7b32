"""A run of the command as data (:class:`cleantext.job.Job`): the checks,
the pipeline and the run work without argparse, and the command line is
only the parsing of arguments into a Job."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cleantext.cli import build_parser, build_pipeline
from cleantext.errors import ConfigError, UsageError
from cleantext.io.formats import format_of_name
from cleantext.io.streams import expand_inputs
from cleantext.job import EXIT_OK, EXIT_USAGE, ON_ERROR, Job


class TestFromArguments:
    def test_every_option_of_the_parser_is_a_field(self) -> None:
        """Parsing and Job agree on names: nothing the parser gives is dropped
        (the two listing options end the command before a Job runs)."""
        args = build_parser().parse_args(["--jobs", "2", "--on-error", "skip", "--field", "a.b", "in.jsonl"])
        job = Job.from_arguments(args)
        listed = {"list_passes", "list_presets"}
        assert set(vars(args)) - listed == set(vars(job)) - {"progress_delay"}
        assert (job.jobs, job.on_error, job.field, job.files) == (2, "skip", ["a.b"], ["in.jsonl"])

    def test_defaults_match_the_parser(self) -> None:
        """A Job built in Python behaves as the command does with no options."""
        parsed = Job.from_arguments(build_parser().parse_args([]))
        assert parsed == Job()


class TestCheck:
    def test_defaults_pass(self) -> None:
        Job().check()

    @pytest.mark.parametrize(
        ("job", "message"),
        [
            (Job(on_error="ignore"), "argument --on-error: invalid choice: 'ignore'"),
            (Job(jobs=-1), "argument -j/--jobs: must be 0"),
            (Job(only_changed=True), "argument --only-changed: only used with --explain"),
            (Job(field=["a", "a.b"]), "argument --field: 'a.b' is inside 'a'"),
            (Job(encoding="no-such-codec"), "argument --encoding: unknown encoding 'no-such-codec'"),
        ],
    )
    def test_options_that_do_not_fit(self, job: Job, message: str) -> None:
        with pytest.raises(UsageError) as caught:
            job.check()
        assert str(caught.value).startswith(message)

    def test_choices_are_the_parsers(self) -> None:
        """The parser offers exactly the values the Job accepts."""
        action = next(a for a in build_parser()._actions if a.dest == "on_error")
        assert tuple(action.choices or ()) == ON_ERROR

    def test_inputs_that_do_not_fit(self, tmp_path: Path) -> None:
        text = tmp_path / "a.txt"
        text.write_text("x\n")
        job = Job(files=[str(text)], field=["body"])
        inputs = expand_inputs(job.files, job.format, format_of_name)
        with pytest.raises(UsageError, match="argument --field: only used with a record format"):
            job.check_inputs(inputs)
        assert Job(files=[str(text)]).check_inputs(inputs) == "text"


class TestRun:
    def test_a_job_cleans_files_without_the_command_line(self, tmp_path: Path) -> None:
        source = tmp_path / "in.jsonl"
        source.write_text(json.dumps({"id": 1, "text": "Hello  world.\n"}) + "\n")
        out = tmp_path / "out.jsonl"
        stats = tmp_path / "stats.json"
        job = Job(files=[str(source)], output=str(out), passes="normalize-whitespace", stats_json=str(stats))
        job.check()
        inputs = expand_inputs(job.files, job.format, format_of_name)
        mode = job.check_inputs(inputs)
        pipeline, plan = job.line_profile(inputs, job.build_pipeline())
        assert job.execute(inputs, mode, pipeline, job.read_options(), plan) == EXIT_OK
        assert json.loads(out.read_text()) == {"id": 1, "text": "Hello world.\n"}
        assert json.loads(stats.read_text())["documents"] == 1

    def test_an_output_that_is_an_input_is_refused(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        source = tmp_path / "in.txt"
        source.write_text("Text.\n")
        job = Job(files=[str(source)], output=str(source))
        inputs = expand_inputs(job.files, job.format, format_of_name)
        status = job.execute(inputs, job.check_inputs(inputs), job.build_pipeline(), job.read_options())
        assert status == EXIT_USAGE
        assert "is an input file; refusing to overwrite it" in capsys.readouterr().err
        assert source.read_text() == "Text.\n"

    def test_the_pipeline_is_the_command_lines(self) -> None:
        argv = ["--preset", "encoding", "--skip", "normalize-whitespace", "--set", "normalize-unicode.form=NFKC"]
        args = build_parser().parse_args(argv)
        assert build_pipeline(args) == Job.from_arguments(args).build_pipeline()
        assert build_pipeline(args).names == ("fix-encoding", "normalize-unicode")

    def test_a_profile_option_without_its_pass(self) -> None:
        job = Job(profile_by="url", skip=["strip-repeated-lines"], passes="strip-repeated-lines,fix-encoding")
        with pytest.raises(ConfigError, match="needs strip-repeated-lines, which --skip leaves out"):
            job.line_profile([], Job(passes="fix-encoding").build_pipeline())
