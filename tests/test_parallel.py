"""--jobs and Pipeline.map(jobs=N): order kept, bounded reading, lazy, and
a quiet stop on a closed pipe or Ctrl-C."""

from __future__ import annotations

import itertools
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from cleantext import Pipeline
from cleantext.parallel import chunks, ordered_map, resolve_jobs


def _double(x: int) -> int:
    return 2 * x


def _fail_on_seven(x: int) -> int:
    if x == 7:
        raise ValueError("seven")
    return x


class TestChunks:
    @pytest.mark.parametrize(
        ("items", "size", "max_chars", "expected"),
        [
            ([], 3, 100, []),
            ([1, 2, 3, 4], 3, 100, [[1, 2, 3], [4]]),
            (["aaaa", "b", "cc", "d"], 10, 5, [["aaaa", "b"], ["cc", "d"]]),
            (["x" * 50, "y"], 10, 5, [["x" * 50], ["y"]]),
            (["a", "b"], 10, 100, [["a", "b"]]),
        ],
    )
    def test_table(self, items: list, size: int, max_chars: int, expected: list) -> None:
        assert list(chunks(items, size, max_chars)) == expected


class TestOrderedMap:
    @pytest.mark.parametrize("jobs", [1, 2])
    def test_order_kept(self, jobs: int) -> None:
        assert list(ordered_map(_double, range(1000), jobs=jobs, chunk_size=7)) == [2 * i for i in range(1000)]

    def test_reads_a_bounded_window_ahead(self) -> None:
        """An endless input: only a few chunks are read ahead of what was taken."""
        read = itertools.count()

        def endless() -> Iterator[int]:
            yield from read

        taken = list(itertools.islice(ordered_map(_double, endless(), jobs=2, chunk_size=10, window=2), 25))
        assert taken == [2 * i for i in range(25)]
        assert next(read) <= 25 + 2 * 2 * 10 + 10

    def test_nothing_starts_before_the_first_item_is_asked(self) -> None:
        def boom() -> Iterator[int]:
            raise AssertionError("read too early")
            yield 0

        ordered_map(_double, boom(), jobs=2)  # no error: a lazy iterator

    def test_input_error_after_what_was_read(self) -> None:
        def bad() -> Iterator[int]:
            yield from range(5)
            raise OSError("disk gone")

        out: list[int] = []
        with pytest.raises(OSError, match="disk gone"):
            for x in ordered_map(_double, bad(), jobs=2, chunk_size=2):
                out.append(x)
        assert out == [0, 2, 4, 6, 8]

    def test_worker_error_raised_in_caller(self) -> None:
        with pytest.raises(ValueError, match="seven"):
            list(ordered_map(_fail_on_seven, range(20), jobs=2, chunk_size=3))

    def test_resolve_jobs(self) -> None:
        assert resolve_jobs(3) == 3 and resolve_jobs(0) >= 1
        with pytest.raises(ValueError):
            resolve_jobs(-1)


class TestPipelineMap:
    def test_lazy_and_ordered(self) -> None:
        def texts() -> Iterator[str]:
            for i in itertools.count():
                yield f"doc  {i}  \n"

        out = Pipeline(["normalize-whitespace"]).map(texts(), jobs=2, chunk_size=5)
        assert list(itertools.islice(out, 12)) == [f"doc {i}\n" for i in range(12)]

    def test_same_as_one_process(self) -> None:
        texts = [f"Caf\u00c3\u00a9  {i}\n\n\n" for i in range(200)]
        p = Pipeline.from_preset("news")
        assert list(p.map(texts, jobs=2, chunk_size=9)) == [p(t) for t in texts]


@pytest.fixture
def big_jsonl(tmp_path: Path) -> Path:
    path = tmp_path / "big.jsonl"
    line = json.dumps({"text": "Word  " * 400 + "doesnâ€™t stop.\n\n\nThe end."}) + "\n"
    path.write_text(line * 6000, encoding="utf-8")
    return path


def _command() -> list[str]:
    return [sys.executable, "-m", "cleantext", "--format", "jsonl", "--jobs", "2"]


class TestCommandStops:
    def test_closed_stdout_exits_quietly(self, big_jsonl: Path) -> None:
        """`cleantext big.jsonl | head` ends at once, without a traceback."""
        proc = subprocess.Popen([*_command(), str(big_jsonl)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        assert proc.stdout is not None and proc.stderr is not None
        first = proc.stdout.readline()
        proc.stdout.close()
        start = time.monotonic()
        err = proc.stderr.read()
        proc.wait(timeout=60)
        assert json.loads(first)["text"].endswith("doesn’t stop.\n\nThe end.")
        assert proc.returncode == 0
        assert err == b""
        assert time.monotonic() - start < 30

    @pytest.mark.skipif(not hasattr(os, "killpg"), reason="needs process groups")
    def test_ctrl_c_exits_130_with_one_message(self, big_jsonl: Path) -> None:
        proc = subprocess.Popen(
            [*_command(), str(big_jsonl)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        )
        assert proc.stdout is not None
        proc.stdout.readline()  # running, with workers started
        os.killpg(proc.pid, signal.SIGINT)
        _out, err = proc.communicate(timeout=60)
        assert proc.returncode == 130
        assert err.decode().strip() == "cleantext: interrupted"
        leftover = subprocess.run(["pgrep", "-g", str(proc.pid)], capture_output=True, check=False)
        assert leftover.stdout == b""


class TestJsonlInWorkers:
    """With --jobs, JSONL records are parsed, cleaned and rendered in the
    workers: the output, messages and exit status are those of one process."""

    @pytest.mark.parametrize(
        "content",
        [
            b'{"id": 1, "text": "caf\xc3\x83\xc2\xa9  one", "z": [1]}\n\n{"text": "two  \\u00e9"}\n',
            b'\xef\xbb\xbf{"text": "bom  first"}\n{"text": "x"}',
            b'{"text": "bad \xff byte"}\n{"text": "a\\ud800b"}\n',
            b'{"text": "ok  1"}\n{not json}\n{"text": "never"}\n',
            b'{"text": "ok"}\n[1]\n',
            b'{"text": 5}\n',
            b'{"body": "x"}\n',
        ],
        ids=["records", "bom", "invalid-utf8", "bad-json", "not-object", "not-string", "no-field"],
    )
    def test_same_as_one_process(self, tmp_path: Path, content: bytes) -> None:
        src = tmp_path / "in.jsonl"
        src.write_bytes(content * 30 if b"not json" not in content else content)
        runs = [
            subprocess.run(
                [sys.executable, "-m", "cleantext", "--format", "jsonl", "--jobs", jobs, str(src)],
                capture_output=True,
                check=False,
            )
            for jobs in ("1", "2")
        ]
        one, two = runs
        assert (two.returncode, two.stdout, two.stderr) == (one.returncode, one.stdout, one.stderr)

    def test_output_file_replaced_only_on_success(self, tmp_path: Path) -> None:
        src = tmp_path / "in.jsonl"
        src.write_bytes(b'{"text": "ok"}\n{broken\n')
        target = tmp_path / "out.jsonl"
        target.write_text("before", encoding="utf-8")
        proc = subprocess.run(
            [sys.executable, "-m", "cleantext", "--format", "jsonl", "--jobs", "2", str(src), "-o", str(target)],
            capture_output=True,
            check=False,
        )
        assert proc.returncode == 1 and b"in.jsonl:2: invalid JSON" in proc.stderr
        assert target.read_text(encoding="utf-8") == "before"


def test_builtin_passes_resolve_without_scanning_plugins() -> None:
    """Plug-ins cannot take a built-in name: the news preset is built without
    reading every installed package's entry points; other names load them."""
    code = (
        "import cleantext.plugins as plugins\n"
        "calls = []\n"
        "plugins.load_entry_points = lambda: calls.append(1)\n"
        "from cleantext import Pipeline\n"
        "from cleantext.registry import list_passes, pass_class\n"
        "Pipeline.from_preset('news')\n"
        "assert calls == [], calls\n"
        "try:\n    pass_class('no-such-pass')\nexcept Exception:\n    pass\n"
        "assert calls == [1], calls\n"
        "list_passes()\n"
        "assert calls == [1], calls\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.skipif(
    not hasattr(signal, "pthread_sigmask"), reason="signals are masked only where pthread_sigmask exists"
)
class TestSignalsDeferred:
    def test_ctrl_c_in_the_block_takes_effect_when_it_ends(self) -> None:
        """A queue's put runs in the block: Ctrl-C there left its lock taken,
        and closing the queue then waited forever. (In a fresh interpreter,
        whose main thread runs the block.)"""
        code = (
            "import os, signal, time\n"
            "from cleantext.parallel import signals_deferred\n"
            "try:\n"
            "    with signals_deferred():\n"
            "        os.kill(os.getpid(), signal.SIGINT)\n"
            "        time.sleep(0.05)\n"
            "        print('end of the block', flush=True)\n"
            "except KeyboardInterrupt:\n"
            "    print('interrupted after it', flush=True)\n"
        )
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
        ).stdout
        assert out.splitlines() == ["end of the block", "interrupted after it"]

    def test_the_mask_is_put_back(self) -> None:
        import threading

        from cleantext.parallel import signals_deferred

        if threading.current_thread() is not threading.main_thread():
            before = signal.pthread_sigmask(signal.SIG_BLOCK, set())
            with signals_deferred():  # off the main thread the block runs as it is
                assert signal.pthread_sigmask(signal.SIG_BLOCK, set()) == before
            return
        before = signal.pthread_sigmask(signal.SIG_BLOCK, set())
        with signals_deferred():
            assert signal.SIGINT in signal.pthread_sigmask(signal.SIG_BLOCK, set())
        assert signal.pthread_sigmask(signal.SIG_BLOCK, set()) == before
