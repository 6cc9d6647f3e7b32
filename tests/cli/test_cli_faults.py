"""Faults around the command: outputs that are not regular files, signals,
workers killed from outside, clashing output paths. Processes are told
apart by a line the test pass prints when it starts working, never by
sleeping and hoping."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from cleantext.cli import main

WS = ["--passes", "normalize-whitespace"]

# A pass that says "ready PID" on stderr the first time each process runs
# it, then takes 20 ms a document.
SLOW = """
import os, sys, time
from cleantext.registry import register
from cleantext.cli import main

_said = []

@register("take-a-while")
def take_a_while(text: str) -> str:
    '''Sleep on each document; say once per process that work has begun (a test pass).'''
    if not _said:
        _said.append(True)
        sys.stderr.write(f"ready {os.getpid()}\\n")
        sys.stderr.flush()
    time.sleep(0.02)
    return text

sys.exit(main(sys.argv[1:]))
"""


def run(capsysbinary, argv: list[str]) -> tuple[int, bytes, str]:
    code = main(argv)
    out, err = capsysbinary.readouterr()
    return code, out, err.decode("utf-8")


def start(argv: list[str], ready: int, **kwargs) -> tuple[subprocess.Popen[bytes], list[int]]:
    """Start the command with the slow pass; wait for ``ready`` processes to
    report that they are cleaning; their process ids."""
    proc = subprocess.Popen([sys.executable, "-c", SLOW, *argv], stderr=subprocess.PIPE, **kwargs)
    watchdog = threading.Timer(60, proc.kill)
    watchdog.start()
    pids: list[int] = []
    try:
        assert proc.stderr is not None
        while len(pids) < ready:
            line = proc.stderr.readline().decode()
            assert line.startswith("ready "), line + proc.stderr.read().decode()
            pids.append(int(line.split()[1]))
    finally:
        watchdog.cancel()
    return proc, pids


def gone(pid: int, within: float = 10.0) -> bool:
    """True once process ``pid`` no longer exists (or is a zombie nobody waits for)."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            with open(f"/proc/{pid}/stat", encoding="ascii") as f:
                if f.read().split(")")[-1].split()[0] == "Z":
                    return True
        except FileNotFoundError:
            return True
        time.sleep(0.05)
    return False


class TestSignals:
    @pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT], ids=["TERM", "HUP", "INT"])
    @pytest.mark.parametrize("jobs", ["1", "2"])
    def test_no_temporary_file_and_no_worker_left(self, tmp_path: Path, signum: int, jobs: str) -> None:
        """SIGTERM or SIGHUP during a -o run left .out.XXXX.tmp behind, and
        with --jobs 2 both workers kept running."""
        src = tmp_path / "in.txt"
        src.write_text("a line\n" * 5_000, encoding="utf-8")
        target = tmp_path / "out.txt"
        target.write_text("the previous output\n", encoding="utf-8")
        argv = ["--format", "lines", "--passes", "take-a-while", "-j", jobs, "--block-size", "512", str(src)]
        proc, pids = start([*argv, "-o", str(target)], ready=int(jobs))
        proc.send_signal(signum)  # to the command alone, not its process group
        _, err = proc.communicate(timeout=30)
        assert proc.returncode == (130 if signum == signal.SIGINT else 128 + signum)
        assert err.decode().count("\n") == 1 and "Traceback" not in err.decode()
        assert target.read_text(encoding="utf-8") == "the previous output\n"
        assert sorted(p.name for p in tmp_path.iterdir()) == ["in.txt", "out.txt"]
        assert all(gone(pid) for pid in pids)

    def test_workers_die_with_a_killed_parent(self, tmp_path: Path) -> None:
        src = tmp_path / "in.txt"
        src.write_text("a line\n" * 5_000, encoding="utf-8")
        argv = ["--format", "lines", "--passes", "take-a-while", "-j", "2", "--block-size", "512", str(src)]
        proc, pids = start(argv, ready=2, stdout=subprocess.DEVNULL)
        proc.kill()
        proc.wait(timeout=30)
        assert all(gone(pid) for pid in pids)


class TestKilledWorker:
    def test_its_documents_are_written_unchanged_and_reported(self, tmp_path: Path) -> None:
        """kill -9 on a worker gave a BrokenProcessPool traceback (and once a hung parent)."""
        src = tmp_path / "in.txt"
        src.write_text("a  line\n" * 300, encoding="utf-8")
        argv = ["--format", "lines", "--passes", "take-a-while,normalize-whitespace", "-j", "2"]
        proc, pids = start([*argv, "--block-size", "256", str(src)], ready=2, stdout=subprocess.PIPE)
        os.kill(pids[0], signal.SIGKILL)
        out, err = proc.communicate(timeout=60)
        message = err.decode()
        assert proc.returncode == 1 and "Traceback" not in message
        assert "cleantext: a worker process died (killed by signal 9) while cleaning " in message
        lines = out.decode().splitlines()
        assert len(lines) == 300  # documents in == documents out
        unchanged = lines.count("a  line")
        assert 0 < unchanged < 300 and lines.count("a line") == 300 - unchanged
        assert f"cleantext: {unchanged} documents were written unchanged because a worker process died" in message


def _device(tmp_path: Path, name: str, minor: int) -> Path:
    """A copy of /dev/null (minor 3) or /dev/full (minor 7), never the real one."""
    path = tmp_path / name
    try:
        os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, minor))
    except PermissionError:
        pytest.skip("making a device node needs root (CAP_MKNOD)")
    return path


class TestOutputThatIsNotAFile:
    def test_a_device_stays_a_device(self, capsysbinary, stdin, tmp_path: Path) -> None:
        """-o /dev/null (as root) replaced it with a regular file."""
        null = _device(tmp_path, "null", 3)
        stdin(b"a  b\n")
        assert run(capsysbinary, [*WS, "-o", str(null)]) == (0, b"", "")
        assert stat.S_ISCHR(null.stat().st_mode)
        assert [p.name for p in tmp_path.iterdir()] == ["null"]

    def test_a_full_device_is_one_line(self, capsysbinary, stdin, tmp_path: Path) -> None:
        full = _device(tmp_path, "full", 7)
        stdin(b"a  b\n" * 100_000)
        code, _, err = run(capsysbinary, ["--format", "lines", *WS, "-o", str(full)])
        assert code == 1 and err == f"cleantext: {full}: cannot write: No space left on device\n"
        assert stat.S_ISCHR(full.stat().st_mode)

    def test_a_fifo_delivers_to_its_reader(self, capsysbinary, stdin, tmp_path: Path) -> None:
        fifo = tmp_path / "pipe"
        os.mkfifo(fifo)
        received: list[bytes] = []
        reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
        reader.start()
        stdin(b"a  b\n")
        code = main([*WS, "-o", str(fifo)])
        reader.join(10)
        if reader.is_alive():  # nothing opened the FIFO: unblock the reader
            os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
            reader.join(10)
        assert code == 0 and received == [b"a b\n"]
        assert stat.S_ISFIFO(fifo.stat().st_mode)


class TestClashingPaths:
    def test_rejects_and_output_on_one_file(self, capsysbinary, stdin, tmp_path: Path) -> None:
        """--rejects X -o X exited 0 with X holding only the rejects."""
        x = tmp_path / "x.txt"
        x.write_text("old\n", encoding="utf-8")
        stdin(b"a  b\n")
        code, _, err = run(capsysbinary, ["--rejects", str(x), "-o", str(x)])
        assert code == 2
        assert err == f"cleantext: argument --rejects: {x} is also the -o/--output file; give each its own file\n"
        assert x.read_text(encoding="utf-8") == "old\n"

    def test_rejects_to_stdout_with_the_documents(self, capsysbinary, stdin) -> None:
        """--rejects - mixed the rejects into the cleaned text on stdout."""
        stdin(b"a  b\n")
        code, out, err = run(capsysbinary, ["--rejects", "-"])
        assert code == 2 and out == b""
        assert err == "cleantext: argument --rejects: standard output already receives the documents\n"

    def test_rejects_to_stdout_when_the_documents_go_to_a_file(self, capsysbinary, stdin, tmp_path: Path) -> None:
        stdin(b"Photo: Jane Doe/Reuters\nA sentence.\n")
        code, out, _ = run(capsysbinary, ["--rejects", "-", "-o", str(tmp_path / "o.txt")])
        assert code == 0 and b'"pass": "strip-captions"' in out

    def test_stats_json_naming_an_input(self, capsysbinary, tmp_path: Path) -> None:
        src = tmp_path / "in.txt"
        src.write_text("x\n", encoding="utf-8")
        code, _, err = run(capsysbinary, [str(src), "--stats-json", str(src)])
        assert code == 2 and "argument --stats-json: " in err and "is an input file" in err
        assert src.read_text(encoding="utf-8") == "x\n"

    def test_a_bad_rejects_path_is_one_line(self, capsysbinary, stdin, tmp_path: Path) -> None:
        """A --rejects path in a missing folder was a traceback."""
        stdin(b"x\n")
        code, _, err = run(capsysbinary, ["--rejects", str(tmp_path / "no" / "r.jsonl")])
        assert code == 1 and err.count("\n") == 1 and "cannot write: folder" in err


class TestStatsJson:
    def test_per_pass_and_reason(self, capsysbinary, stdin, tmp_path: Path) -> None:
        import json

        stdin(b"Photo: Jane Doe/Reuters\nA  sentence.\n")
        target = tmp_path / "s.json"
        assert run(capsysbinary, ["--stats-json", str(target), "-o", str(tmp_path / "o.txt")])[0] == 0
        stats = json.loads(target.read_text(encoding="utf-8"))
        assert stats["documents"] == 1 and stats["changed_documents"] == 1
        captions = stats["passes"]["strip-captions"]
        assert captions["documents"] == 1 and captions["lines"] == 1
        assert captions["characters"] == len("Photo: Jane Doe/Reuters\n")
        assert sum(r["lines"] for r in captions["reasons"].values()) == 1
