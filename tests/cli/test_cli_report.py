"""The command's --explain, --rejects, --stats, --offsets and progress bar."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from cleantext import cli
from cleantext.align import OffsetMap
from cleantext.cli import main

DIRTY = "Head  line\nThe cafÃ© is open.\n\n\n\nEnd.\n"


def run(capsysbinary, argv: list[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsysbinary.readouterr()
    return code, out.decode("utf-8"), err.decode("utf-8")


def jsonl(records: list[dict[str, object]]) -> bytes:
    return "".join(json.dumps(r) + "\n" for r in records).encode("utf-8")


class TestExplain:
    def test_prints_the_report_instead_of_the_text(self, capsysbinary, stdin) -> None:
        stdin(DIRTY.encode("utf-8"))
        code, out, err = run(capsysbinary, ["--explain"])
        assert (code, err) == (0, "")
        assert out.startswith("--- original\n+++ cleaned\n")
        assert "== fix-encoding: 1 change\n# Repair mojibake" in out
        assert "@@ line 2\n-The caf[Ã©] is open.\n+The caf[é] is open.\n" in out
        assert "@@ line 3: 2 blank lines removed\n" in out

    def test_one_report_per_document(self, capsysbinary, stdin) -> None:
        stdin(jsonl([{"id": "a", "text": "x  y"}, {"id": "b", "text": "fine"}]))
        code, out, _ = run(capsysbinary, ["--format", "jsonl", "--explain"])
        assert code == 0
        assert out.count("--- original") == 1
        assert "==> <stdin>:1 (document 1) <==" in out and "(document 2)" not in out  # nothing changed in it

    def test_only_changed_documents(self, capsysbinary, stdin) -> None:
        stdin(jsonl([{"id": "a", "text": "fine"}, {"id": "b", "text": "x  y"}, {"id": "c", "text": "ok"}]))
        code, out, _ = run(capsysbinary, ["--format", "jsonl", "--explain", "--only-changed"])
        assert code == 0 and out.count("--- original") == 1
        assert "==> <stdin>:2 (document 2) <==" in out

    def test_clean_text_has_an_empty_report(self, capsysbinary, stdin) -> None:
        stdin(b"Fine.\n")
        out = run(capsysbinary, ["--explain", "--preset", "encoding"])[1]
        assert out == ""


class TestRejects:
    def test_every_removed_line_is_kept(self, capsysbinary, stdin, tmp_path: Path) -> None:
        stdin(jsonl([{"id": "a1", "text": "One.\n\n\n\nTwo.\n"}, {"text": "Three.\n\n\n\n\nFour.\n"}]))
        rejects = tmp_path / "rejects.jsonl"
        code, out, _ = run(capsysbinary, ["--format", "jsonl", "--rejects", str(rejects)])
        assert code == 0
        assert [json.loads(line)["text"] for line in out.splitlines()] == ["One.\n\nTwo.\n", "Three.\n\nFour.\n"]
        rows = [json.loads(line) for line in rejects.read_text(encoding="utf-8").splitlines()]
        assert [(r["index"], r.get("id"), r["line"], r["text"], r["pass"]) for r in rows] == [
            (0, "a1", 3, "", "normalize-whitespace"),
            (0, "a1", 4, "", "normalize-whitespace"),
            (1, None, 3, "", "normalize-whitespace"),
            (1, None, 4, "", "normalize-whitespace"),
            (1, None, 5, "", "normalize-whitespace"),
        ]
        assert all(r["kind"] == "line-removed" and r["reason"] for r in rows)
        assert all(r["source"].startswith("<stdin>:") for r in rows)

    def test_id_field(self, capsysbinary, stdin, tmp_path: Path) -> None:
        stdin(jsonl([{"url": "u1", "text": "a\n\n\nb\n"}]))
        rejects = tmp_path / "rejects.jsonl"
        run(capsysbinary, ["--format", "jsonl", "--rejects", str(rejects), "--id-field", "url"])
        assert json.loads(rejects.read_text(encoding="utf-8").splitlines()[0])["id"] == "u1"

    def test_nothing_removed_gives_an_empty_file(self, capsysbinary, stdin, tmp_path: Path) -> None:
        stdin(b"x  y\n")
        rejects = tmp_path / "rejects.jsonl"
        assert run(capsysbinary, ["--rejects", str(rejects)])[:2] == (0, "x y\n")
        assert rejects.read_text(encoding="utf-8") == ""

    def test_rejects_may_not_overwrite_an_input(self, capsysbinary, tmp_path: Path) -> None:
        src = tmp_path / "in.txt"
        src.write_text("a\n", encoding="utf-8")
        code, out, err = run(capsysbinary, [str(src), "--rejects", str(src)])
        assert code == 2 and out == ""
        assert err == f"cleantext: argument --rejects: {src} is an input file; refusing to overwrite it\n"
        assert src.read_text(encoding="utf-8") == "a\n"


class TestStats:
    def test_summary_on_stderr(self, capsysbinary, stdin) -> None:
        stdin(DIRTY.encode("utf-8"))
        code, out, err = run(capsysbinary, ["--stats"])
        assert (code, out) == (0, "Head line\nThe café is open.\n\nEnd.\n")
        lines = err.splitlines()
        assert lines[0] == "cleantext: 1 document, 40 bytes in, 35 out (12.5% removed), 4 changes"
        assert lines[1].split() == ["normalize-whitespace:", "3"]
        assert lines[2].split() == ["line-removed", "(found", "by", "diff)", "2"]
        assert lines[3].split() == ["span-replaced", "(found", "by", "diff)", "1"]
        assert lines[4].split() == ["fix-encoding:", "1"]

    def test_no_stats_unless_asked(self, capsysbinary, stdin) -> None:
        stdin(DIRTY.encode("utf-8"))
        assert run(capsysbinary, [])[2] == ""


class TestOffsets:
    def test_field_maps_back_to_the_original(self, capsysbinary, stdin) -> None:
        original = "The  cafÃ© is open.\r\n"
        stdin(jsonl([{"id": 1, "text": original}]))
        code, out, _ = run(capsysbinary, ["--format", "jsonl", "--offsets"])
        record = json.loads(out)
        assert code == 0 and list(record) == ["id", "text", "offsets"]
        cleaned = record["text"]
        offsets = OffsetMap.from_list(record["offsets"], len(original), len(cleaned))
        start = cleaned.index("café")
        a, b = offsets.to_original(start, start + 4)
        assert original[a:b] == "cafÃ©"

    def test_field_name(self, capsysbinary, stdin) -> None:
        stdin(jsonl([{"text": "ok"}]))
        out = run(capsysbinary, ["--format", "jsonl", "--offsets", "--offsets-field", "map"])[1]
        assert json.loads(out) == {"text": "ok", "map": [0, 0, 2]}

    @pytest.mark.parametrize(
        ("argv", "message"),
        [
            (["--offsets"], "--offsets: only used with --format jsonl"),
            (["--format", "jsonl", "--offsets", "--offsets-field", "text"], "must not be the --field"),
            (["--format", "jsonl", "--offsets", "--explain"], "not with --explain"),
        ],
    )
    def test_usage_errors(self, capsysbinary, argv: list[str], message: str) -> None:
        with pytest.raises(SystemExit) as exc:
            main(argv)
        assert exc.value.code == 2
        assert message in capsysbinary.readouterr().err.decode("utf-8")


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class TestProgress:
    @pytest.fixture
    def files(self, tmp_path: Path) -> list[str]:
        paths = []
        for i in range(3):
            path = tmp_path / f"doc{i}.txt"
            path.write_text(f"Document  {i}.\n", encoding="utf-8")
            paths.append(str(path))
        return paths

    def test_bar_on_a_terminal(self, monkeypatch: pytest.MonkeyPatch, capsysbinary, files: list[str]) -> None:
        pytest.importorskip("tqdm")  # the progress extra; the test extra installs it
        monkeypatch.setattr(cli, "PROGRESS_DELAY", 0)
        terminal = _Terminal()
        monkeypatch.setattr(sys, "stderr", terminal)
        assert main(files) == 0
        assert "cleantext" in terminal.getvalue() and "B" in terminal.getvalue()
        assert capsysbinary.readouterr().out.decode("utf-8") == "Document 0.\nDocument 1.\nDocument 2.\n"

    def test_bar_counts_compressed_bytes_with_workers(
        self, monkeypatch: pytest.MonkeyPatch, capsysbinary, tmp_path: Path
    ) -> None:
        """The bar counts the bytes read from disk (here gzip), and does not
        stop --jobs 2 from cleaning whole blocks in the workers."""
        import gzip

        pytest.importorskip("tqdm")
        src = tmp_path / "crawl.jsonl.gz"
        src.write_bytes(gzip.compress(b"".join(b'{"text": "doc  %d"}\n' % i for i in range(2000))))
        bars = []
        import tqdm

        real = tqdm.tqdm

        def recording(*args, **kwargs):
            bar = real(*args, **kwargs)
            bars.append(bar)
            return bar

        monkeypatch.setattr(tqdm, "tqdm", recording)
        monkeypatch.setattr(cli, "PROGRESS_DELAY", 0)
        monkeypatch.setattr(sys, "stderr", _Terminal())
        assert main([str(src), "--jobs", "2", "--block-size", "4k", "--passes", "normalize-whitespace"]) == 0
        assert capsysbinary.readouterr().out.count(b"\n") == 2000
        assert len(bars) == 1 and bars[0].total == bars[0].n == src.stat().st_size

    @pytest.mark.parametrize("case", ["not-a-terminal", "stdin", "no-progress", "no-tqdm"])
    def test_no_bar(self, monkeypatch: pytest.MonkeyPatch, capsysbinary, files: list[str], case: str) -> None:
        monkeypatch.setattr(cli, "PROGRESS_DELAY", 0)
        stream = io.StringIO() if case == "not-a-terminal" else _Terminal()
        monkeypatch.setattr(sys, "stderr", stream)
        argv = list(files)
        if case == "stdin":
            argv.append("-")
            monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BufferedReader(io.BytesIO(b"x\n"))))
        if case == "no-progress":
            argv.append("--no-progress")
        if case == "no-tqdm":
            monkeypatch.setitem(sys.modules, "tqdm", None)
        assert main(argv) == 0
        assert stream.getvalue() == ""
