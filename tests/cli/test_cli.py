"""The cleantext command, called in-process through main(argv), plus real
subprocess runs for what only a process shows (exit status, pipes)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from cleantext.cli import build_parser, main

SAMPLE = Path(__file__).resolve().parents[2] / "corpora" / "reuters-2022-02-01-putin-nato.txt"


def run(capsysbinary, argv: list[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsysbinary.readouterr()
    return code, out.decode("utf-8"), err.decode("utf-8")


class TestText:
    def test_stdin_to_stdout(self, capsysbinary, stdin) -> None:
        stdin("It doesnâ€™t  matter.\n".encode())
        assert run(capsysbinary, []) == (0, "It doesn’t matter.\n", "")

    def test_dash_is_stdin(self, capsysbinary, stdin) -> None:
        stdin(b"a  b\n")
        assert run(capsysbinary, ["-"])[1] == "a b\n"

    def test_files_are_documents(self, capsysbinary, tmp_path: Path) -> None:
        (tmp_path / "a.txt").write_text("one  \n\n\n\n", encoding="utf-8")
        (tmp_path / "b.txt").write_text("two\n", encoding="utf-8")
        code, out, _ = run(capsysbinary, [str(tmp_path / "a.txt"), str(tmp_path / "b.txt")])
        assert (code, out) == (0, "one\ntwo\n")

    def test_sample_document(self, capsysbinary) -> None:
        from cleantext import clean

        code, out, err = run(capsysbinary, [str(SAMPLE)])
        assert code == 0 and err == ""
        assert out == clean(SAMPLE.read_text(encoding="utf-8"))

    def test_output_file(self, capsysbinary, tmp_path: Path, stdin) -> None:
        stdin(b"x  y\n")
        target = tmp_path / "out.txt"
        assert run(capsysbinary, ["-o", str(target)])[:2] == (0, "")
        assert target.read_text(encoding="utf-8") == "x y\n"
        assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]

    def test_output_may_not_overwrite_an_input(self, capsysbinary, tmp_path: Path) -> None:
        src = tmp_path / "in.txt"
        src.write_text("keep  me\n", encoding="utf-8")
        code, _, err = run(capsysbinary, [str(src), "-o", str(src)])
        assert code == 2 and "refusing to overwrite it" in err
        assert src.read_text(encoding="utf-8") == "keep  me\n"

    def test_missing_file_is_a_data_error(self, capsysbinary, tmp_path: Path) -> None:
        code, _, err = run(capsysbinary, [str(tmp_path / "nope.txt")])
        assert code == 1 and err.startswith("cleantext: ") and "nope.txt: cannot open" in err

    def test_bom_is_removed_and_invalid_bytes_reported(self, capsysbinary, stdin) -> None:
        stdin(b"\xef\xbb\xbfgood \xff bad\n")
        code, out, err = run(capsysbinary, [])
        assert code == 0 and out == "good \ufffd bad\n"
        assert "<stdin>: invalid utf-8 at byte 8" in err

    def test_utf16_with_bom(self, capsysbinary, stdin) -> None:
        stdin("Grüße  aus Köln\n".encode("utf-16"))
        assert run(capsysbinary, [])[1] == "Grüße aus Köln\n"


class TestLines:
    def test_each_line_is_a_document(self, capsysbinary, stdin) -> None:
        stdin(b"a  b\r\n\nc\td")
        code, out, _ = run(capsysbinary, ["--format", "lines", "--passes", "normalize-whitespace"])
        assert (code, out) == (0, "a b\r\n\nc d\n")


class TestJsonl:
    def test_field_is_cleaned_other_fields_untouched(self, capsysbinary, stdin) -> None:
        records = [
            {"id": 1, "body": "It doesnâ€™t  matter.", "meta": {"n": 1.5, "tags": ["a"]}, "z": None},
            {"body": "ok", "id": 2},
        ]
        stdin("".join(json.dumps(r) + "\n" for r in records).encode())
        code, out, _ = run(capsysbinary, ["--format", "jsonl", "--field", "body"])
        lines = out.splitlines()
        assert code == 0 and len(lines) == 2
        first = json.loads(lines[0])
        assert list(first) == ["id", "body", "meta", "z"]
        assert first == {**records[0], "body": "It doesn’t matter."}
        assert json.loads(lines[1]) == records[1]

    @pytest.mark.parametrize(
        ("line", "message"),
        [
            (b"{not json}\n", "<stdin>:2: invalid JSON"),
            (b"[1, 2]\n", "<stdin>:2: expected a JSON object, got list"),
            (b'{"title": "x"}\n', "<stdin>:2: the record has no field 'text'"),
            (b'{"text": 5}\n', "<stdin>:2: field 'text' is int, not a string"),
        ],
    )
    def test_bad_record_stops_with_file_and_line(self, capsysbinary, stdin, line: bytes, message: str) -> None:
        stdin(b'{"text": "first  one"}\n' + line + b'{"text": "third"}\n')
        code, out, err = run(capsysbinary, ["--format", "jsonl"])
        assert code == 1
        assert message in err
        assert out == '{"text": "first one"}\n'

    def test_lone_surrogates_survive_as_escapes(self, capsysbinary, stdin) -> None:
        stdin(b'{"text": "a\\ud800b"}\n')
        code, out, _ = run(capsysbinary, ["--format", "jsonl", "--passes", "normalize-whitespace"])
        assert code == 0 and json.loads(out) == {"text": "a\ud800b"}

    @pytest.mark.parametrize("jobs", ["1", "2", "0"])
    def test_jobs_keep_order(self, capsysbinary, stdin, jobs: str) -> None:
        stdin("".join(json.dumps({"i": i, "text": f"doc  {i}"}) + "\n" for i in range(500)).encode())
        code, out, _ = run(capsysbinary, ["--format", "jsonl", "--jobs", jobs])
        assert code == 0
        assert [json.loads(line) for line in out.splitlines()] == [{"i": i, "text": f"doc {i}"} for i in range(500)]


class TestPipelineChoice:
    def test_passes_and_skip(self, capsysbinary, stdin) -> None:
        stdin("doesnâ€™t  x\n".encode())
        assert run(capsysbinary, ["--passes", "fix-encoding"])[1] == "doesn’t  x\n"

    def test_skip(self, capsysbinary, stdin) -> None:
        stdin("doesnâ€™t  x\n".encode())
        assert run(capsysbinary, ["--skip", "fix-encoding"])[1] == "doesnâ€™t x\n"

    def test_config(self, capsysbinary, stdin, tmp_path: Path) -> None:
        cfg = tmp_path / "c.toml"
        cfg.write_text('[[pass]]\nname = "normalize-unicode"\nform = "NFKC"\n', encoding="utf-8")
        stdin("ＡＢＣ  x".encode())
        assert run(capsysbinary, ["--config", str(cfg)])[1] == "ABC  x"

    @pytest.mark.parametrize(
        ("argv", "message"),
        [
            (["--passes", "fix-encodin"], "unknown pass 'fix-encodin'; valid passes: "),
            (["--preset", "nope"], "unknown preset 'nope'; valid presets: "),
            (["--skip", "nope"], "unknown pass 'nope'"),
            (["--passes", ","], "--passes needs at least one pass name"),
        ],
    )
    def test_config_errors_exit_2(self, capsysbinary, stdin, argv: list[str], message: str) -> None:
        stdin(b"x")
        code, out, err = run(capsysbinary, argv)
        assert code == 2 and out == ""
        assert err.startswith("cleantext: ") and message in err

    @pytest.mark.parametrize(
        ("argv", "message"),
        [
            (["--format", "xml"], "invalid choice: 'xml'"),
            (["--jobs", "-1"], "--jobs: must be 0"),
            (["--field", "body"], "--field: only used with a record format"),
            (["--encoding", "klingon"], "unknown encoding 'klingon'"),
            (["--preset", "news", "--passes", "x"], "not allowed with argument"),
        ],
    )
    def test_usage_errors_exit_2(self, capsysbinary, argv: list[str], message: str) -> None:
        with pytest.raises(SystemExit) as exc:
            main(argv)
        assert exc.value.code == 2
        assert message in capsysbinary.readouterr().err.decode()


class TestInformation:
    def test_list_passes(self, capsysbinary) -> None:
        code, out, _ = run(capsysbinary, ["--list-passes"])
        assert code == 0
        assert "fix-encoding" in out and "Repair mojibake" in out

    def test_list_presets(self, capsysbinary) -> None:
        code, out, _ = run(capsysbinary, ["--list-presets"])
        assert code == 0 and out.startswith("encoding:") and "news:" in out

    def test_version(self, capsysbinary) -> None:
        from cleantext import __version__

        with pytest.raises(SystemExit) as exc:
            main(["--version"])
        assert exc.value.code == 0
        assert capsysbinary.readouterr().out.decode().strip() == f"cleantext {__version__}"

    def test_parser_builds_without_side_effects(self) -> None:
        assert build_parser().parse_args(["x.txt"]).files == ["x.txt"]


class TestFailingPass:
    def test_document_passes_through_and_is_reported(self, capsysbinary, stdin) -> None:
        from cleantext.registry import register, unregister

        @register("explode-on-bang")
        def explode_on_bang(text: str) -> str:
            """Fail on '!' (a test pass)."""
            if "!" in text:
                raise RuntimeError("bang")
            return text.upper()

        try:
            stdin(b"fine\nboom!\nok\n")
            code, out, err = run(capsysbinary, ["--format", "lines", "--passes", "explode-on-bang"])
        finally:
            unregister("explode-on-bang")
        assert code == 1
        assert out == "FINE\nboom!\nOK\n"
        assert "<stdin>:2: document 2 passed through unchanged: RuntimeError: bang" in err


class TestProcess:
    def test_real_subprocess_filter(self, tmp_path: Path) -> None:
        data = "".join(json.dumps({"text": f"caf\u00c3\u00a9  {i}"}) + "\n" for i in range(3)).encode()
        proc = subprocess.run(
            [sys.executable, "-m", "cleantext", "--format", "jsonl"], input=data, capture_output=True, check=False
        )
        assert proc.returncode == 0, proc.stderr
        assert [json.loads(x)["text"] for x in proc.stdout.decode().splitlines()] == [f"café {i}" for i in range(3)]

    def test_closed_stdout_exits_quietly(self, tmp_path: Path) -> None:
        big = tmp_path / "big.txt"
        big.write_text("line  of text\n" * 200_000, encoding="utf-8")
        proc = subprocess.run(
            f"{sys.executable} -m cleantext --format lines {big} | head -n 1",
            shell=True,
            capture_output=True,
            check=False,
            executable="/bin/bash",
        )
        assert proc.stdout == b"line of text\n"
        assert proc.stderr == b""
