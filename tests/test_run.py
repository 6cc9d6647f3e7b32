"""The run loop as a library: executors, the worker pool, report sinks and
the hook for passes that learn from their input first."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from cleantext import Pipeline
from cleantext.io.formats import ReadOptions
from cleantext.io.jsonl import RecordProblem, parse_record
from cleantext.io.streams import Input, Output
from cleantext.parallel import WorkerLost, WorkerPool
from cleantext.reports import Stats, Warnings
from cleantext.run import Cleaner, Outputs, PoolExecutor, SerialExecutor, Sinks, run


def _square(x: int) -> int:
    return x * x


def _exit_on_five(x: int) -> int:
    if x == 5:
        os._exit(7)
    return x


def _items_then_fail():
    yield from range(4)
    raise ValueError("bad input")


class TestWorkerPool:
    def test_order_kept(self) -> None:
        pool = WorkerPool(_square, 2)
        assert [r for _, r in pool.map(range(50))] == [x * x for x in range(50)]

    def test_an_input_error_comes_after_what_was_read(self) -> None:
        pool = WorkerPool(_square, 2)
        got = []
        with pytest.raises(ValueError, match="bad input"):
            for _, r in pool.map(_items_then_fail()):
                got.append(r)
        assert got == [0, 1, 4, 9]

    def test_a_dead_worker_loses_only_what_it_held(self) -> None:
        pool = WorkerPool(_exit_on_five, 2, window=1)
        results = dict(pool.map(range(12)))
        lost = [x for x, r in results.items() if isinstance(r, WorkerLost)]
        assert 5 in lost and len(lost) <= 2  # the worker held at most `window` items
        assert all(results[x] == x for x in results if x not in lost)
        assert results[5].why == "exit status 7"


def _run(tmp_path: Path, data: bytes, executor, **cleaner) -> tuple[bytes, list[str], Stats]:
    src = tmp_path / "in.jsonl"
    src.write_bytes(data)
    target = tmp_path / "out.jsonl"
    errors: list[str] = []
    stats = Stats()
    out = Output(str(target))
    outcome = run(
        [Input(str(src), "jsonl", "in.jsonl", len(data))],
        Cleaner(Pipeline(["normalize-whitespace"]), stats=True, **cleaner),
        executor,
        Outputs(lambda inp: out, per_input=False, explain=False),
        ReadOptions(block_bytes=64),
        Sinks(stats=stats, warnings=Warnings(stream=io.StringIO()), error=errors.append),
    )
    assert outcome.error is None or errors
    return target.read_bytes() if target.exists() else b"", errors, stats


class TestRun:
    DATA = b"".join(b'{"i": %d, "text": "a  %d"}\n' % (i, i) for i in range(40))

    def test_serial_and_pool_write_the_same_bytes_and_count_the_same(self, tmp_path: Path) -> None:
        one = _run(tmp_path, self.DATA, SerialExecutor())
        two = _run(tmp_path, self.DATA, PoolExecutor(2))
        assert one[0] == two[0] and one[0].count(b"\n") == 40 and b'"a 7"' in one[0]
        assert one[2] == two[2] and one[2].documents == 40 and one[2].changed == 40

    def test_a_bad_record_stops_the_run_and_keeps_the_old_output(self, tmp_path: Path) -> None:
        (tmp_path / "out.jsonl").write_bytes(b"old\n")
        out, errors, _ = _run(tmp_path, self.DATA + b"{oops\n", SerialExecutor())
        assert out == b"old\n" and errors == [
            f"{tmp_path / 'in.jsonl'}:41: invalid JSON: "
            "Expecting property name enclosed in double quotes (column 2) (--on-error skip or keep to go on)"
        ]

    def test_prepare_may_replace_the_cleaner(self, tmp_path: Path) -> None:
        """The hook for passes that learn from a whole source before cleaning it."""
        src = tmp_path / "in.jsonl"
        src.write_bytes(self.DATA)
        seen: list[str] = []

        def prepare(inputs, cleaner):
            seen.extend(i.path for i in inputs)
            return Cleaner(Pipeline(["normalize-unicode"]))

        out = Output(str(tmp_path / "o.jsonl"))
        run(
            [Input(str(src), "jsonl", "in.jsonl")],
            Cleaner(Pipeline(["normalize-whitespace"])),
            SerialExecutor(),
            Outputs(lambda inp: out, per_input=False, explain=False),
            ReadOptions(),
            Sinks(),
            prepare=prepare,
        )
        assert seen == [str(src)] and (tmp_path / "o.jsonl").read_bytes() == self.DATA


class TestRecords:
    @pytest.mark.parametrize(
        "line",
        ['{"text": "x"} {}', '{"text": "x",}', '{"text" "x"}', '{"text": "x"', '{"a": [1, }', '{"text": "x"}]'],
    )
    def test_what_json_refuses_is_refused(self, line: str) -> None:
        with pytest.raises(RecordProblem, match="invalid JSON"):
            parse_record(line + "\n", [("text",)])

    def test_spacing_and_order_survive_a_splice(self) -> None:
        line = '\t{ "b" :{"text":"x  y" } ,"text" : "p\\u0020q",  "c":[ ] }\r\n'
        rec = parse_record(line, [("text",), ("b", "text")])
        assert rec.values == ["p q", "x  y"]
        assert rec.splice(["p q", "x y"]) == line.replace('"x  y"', '"x y"')
