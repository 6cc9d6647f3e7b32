"""Dask: bags, dataframes and `cleantext --engine dask` on a real local
cluster (two worker processes on loopback) give the single-process output,
document for document."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import dask.bag as db
import dask.dataframe as dd
import pandas as pd
import pytest
from distributed import Client, LocalCluster, get_task_stream

from cleantext import Pipeline
from cleantext.cli import main
from cleantext.dask import (
    LOCAL_CLUSTER_CONFIG,
    DaskExecutor,
    _pack,
    _tasks,
    _unpack,
    clean_bag,
    clean_dataframe,
    local_cluster,
    output_paths,
)
from cleantext.io.formats import Block

DOCS = [
    "The cafÃ©  is open.\n\n\n\nIt doesnâ€™t close.\n",
    "Plain ASCII text.\n",
    "Tom &amp; Jerry’s “show”\n",
    "",
    "  Indented  line with   spaces  \n",
    "Привет,  мир!\n",
]


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    with (
        LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=":0") as c,
        Client(c) as cl,
    ):
        yield cl


def _records(n: int, offset: int = 0) -> list[dict[str, object]]:
    return [{"id": offset + i, "text": DOCS[i % len(DOCS)] + f"Doc  {offset + i}.", "lang": "xx"} for i in range(n)]


def _single_process(path: Path, tmp_path: Path) -> list[dict[str, object]]:
    """What `cleantext --format jsonl` (one process) makes of a JSONL file."""
    plain = tmp_path / f"plain-{path.name}.jsonl"
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rb") as f:
        plain.write_bytes(f.read())
    out = subprocess.run(
        [sys.executable, "-m", "cleantext", "--format", "jsonl", str(plain)], capture_output=True, check=True
    ).stdout
    return [json.loads(line) for line in out.decode().splitlines()]


def _read_jsonl(path: Path) -> list[dict[str, object]]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f]


class TestLibrary:
    def test_clean_bag(self, client: Client) -> None:
        p = Pipeline.from_preset("news")
        bag = db.from_sequence(DOCS * 5, npartitions=3)
        out = clean_bag(bag, p)
        assert out.npartitions == 3
        assert out.compute() == [p(t) for t in DOCS * 5]

    @pytest.mark.parametrize("pipeline", [None, "encoding", ["normalize-whitespace"]], ids=str)
    def test_pipeline_forms(self, client: Client, pipeline: object) -> None:
        expected = Pipeline.from_preset("news") if pipeline is None else None
        if isinstance(pipeline, str):
            expected = Pipeline.from_preset(pipeline)
        elif isinstance(pipeline, list):
            expected = Pipeline(pipeline)
        assert expected is not None
        assert clean_bag(db.from_sequence(DOCS, npartitions=2), pipeline).compute() == [expected(t) for t in DOCS]

    def test_clean_dask_dataframe(self, client: Client) -> None:
        p = Pipeline.from_preset("news")
        pdf = pd.DataFrame({"id": range(30), "text": [DOCS[i % len(DOCS)] for i in range(30)]})
        pdf.loc[4, "text"] = None  # missing values pass through
        ddf = dd.from_pandas(pdf, npartitions=4)
        out = clean_dataframe(ddf, "text", p)
        assert out.npartitions == 4
        got = out.compute()
        assert list(got["id"]) == list(range(30))
        assert [t if isinstance(t, str) else None for t in got["text"]] == [
            p(t) if isinstance(t, str) else None for t in pdf["text"]
        ]

    def test_clean_pandas_dataframe(self) -> None:
        pdf = pd.DataFrame({"body": DOCS, "n": range(len(DOCS))})
        out = clean_dataframe(pdf, "body")
        assert isinstance(out, pd.DataFrame)
        assert list(out["body"]) == [Pipeline.from_preset("news")(t) for t in DOCS]
        assert list(pdf["body"]) == DOCS  # the input is not modified

    def test_unknown_column(self) -> None:
        with pytest.raises(KeyError, match="no column 'text'"):
            clean_dataframe(pd.DataFrame({"body": ["x"]}))

    def test_output_paths_refuse_collisions(self, tmp_path: Path) -> None:
        assert output_paths(["a/x.jsonl", "b/y.jsonl"], "out") == ["out/x.jsonl", "out/y.jsonl"]
        with pytest.raises(ValueError, match="both be written"):
            output_paths(["a/x.jsonl", "b/x.jsonl"], "out")
        with pytest.raises(ValueError, match="overwrite an input"):
            output_paths([str(tmp_path / "x.jsonl")], str(tmp_path))


class TestCommand:
    def test_jsonl_and_gzip_on_a_cluster(self, client: Client, tmp_path: Path) -> None:
        data = tmp_path / "data"
        data.mkdir()
        (data / "a.jsonl").write_text("".join(json.dumps(r) + "\n" for r in _records(40)), encoding="utf-8")
        with gzip.open(data / "b.jsonl.gz", "wt", encoding="utf-8") as f:
            f.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in _records(25, 100))
        out = tmp_path / "out"
        code = main(
            [
                "--engine",
                "dask",
                "--scheduler",
                client.scheduler.address,
                str(data / "*.jsonl*"),
                "--output-dir",
                str(out),
            ]
        )
        assert code == 0
        assert sorted(p.name for p in out.iterdir()) == ["a.jsonl", "b.jsonl.gz"]
        for name in ("a.jsonl", "b.jsonl.gz"):
            assert _read_jsonl(out / name) == _single_process(data / name, tmp_path)

    def test_parquet_on_a_cluster(self, client: Client, tmp_path: Path) -> None:
        data = tmp_path / "pq"
        data.mkdir()
        for i in range(3):
            pd.DataFrame(_records(20, 20 * i)).to_parquet(data / f"part-{i}.parquet")
        out = tmp_path / "out"
        code = main(
            [
                "--engine",
                "dask",
                "--scheduler",
                client.scheduler.address,
                str(data / "*.parquet"),
                "--output-dir",
                str(out),
            ]
        )
        assert code == 0
        assert sorted(p.name for p in out.iterdir()) == [f"part-{i}.parquet" for i in range(3)]
        p = Pipeline.from_preset("news")
        for i in range(3):
            got = pd.read_parquet(out / f"part-{i}.parquet")
            expected = _records(20, 20 * i)
            assert got.to_dict("records") == [{**r, "text": p(str(r["text"]))} for r in expected]

    def test_local_cluster_when_no_scheduler(self, tmp_path: Path) -> None:
        src = tmp_path / "in.jsonl"
        src.write_text("".join(json.dumps(r) + "\n" for r in _records(12)), encoding="utf-8")
        out = tmp_path / "out"
        code = main(["--engine", "dask", "--jobs", "2", str(src), "--output-dir", str(out)])
        assert code == 0
        assert _read_jsonl(out / "in.jsonl") == _single_process(src, tmp_path)

    @pytest.mark.parametrize(
        ("argv", "message"),
        [
            (["--scheduler", "tcp://127.0.0.1:1", "x.txt"], "only used with --engine dask"),
            (["--engine", "dask", "--output-dir", "o"], "--output-dir: give input files, not stdin"),
        ],
    )
    def test_usage_errors(self, capsys: pytest.CaptureFixture[str], argv: list[str], message: str) -> None:
        with pytest.raises(SystemExit) as exc:
            main(argv)
        assert exc.value.code == 2
        assert message in capsys.readouterr().err

    def test_one_large_file_is_many_tasks_with_every_report(
        self, client: Client, tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]
    ) -> None:
        """One JSONL file cut into blocks of 2 kB: many tasks, and --stats,
        --stats-json, --rejects and --on-error keep give what one process gives."""
        src = tmp_path / "big.jsonl"
        lines = [json.dumps(r) for r in _records(400)]
        lines[50] = "{broken"
        src.write_text("\n".join(lines) + "\n", encoding="utf-8")
        results = {}
        for engine in (["--engine", "dask", "--scheduler", client.scheduler.address], []):
            tag = "dask" if engine else "serial"
            argv = [*engine, str(src), "--on-error", "keep", "--block-size", "2k", "--stats"]
            argv += ["--rejects", str(tmp_path / f"rej-{tag}.jsonl"), "--stats-json", str(tmp_path / f"st-{tag}.json")]
            with get_task_stream(client) as ts:
                code = main(argv)
            out, err = capsysbinary.readouterr()
            results[tag] = (code, out, err, (tmp_path / f"rej-{tag}.jsonl").read_bytes())
            results[tag + "-stats"] = (tmp_path / f"st-{tag}.json").read_bytes()
            if engine:
                assert len(ts.data) >= 3  # one task per four blocks of about 2 kB
        assert results["dask"] == results["serial"]
        assert results["dask-stats"] == results["serial-stats"]
        code, out, err, rejects = results["dask"]
        assert code == 0 and out.count(b"\n") == 400 and b"{broken\n" in out
        assert "1 unreadable record written back unchanged" in err.decode()
        assert rejects  # the preset removes lines from these documents

    def test_missing_dask_names_the_extra(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setitem(sys.modules, "dask.bag", None)
        with pytest.raises(ImportError, match=r"pip install 'cleantext-news\[dask\]'"):
            clean_bag(object())


def test_help_does_not_import_dask() -> None:
    code = "import sys\nfrom cleantext.cli import build_parser\nbuild_parser().format_help()\nassert 'dask' not in sys.modules\n"
    subprocess.run([sys.executable, "-c", code], check=True)


def _corpus() -> tuple[bytes, list[tuple[str, str]]]:
    """JSONL with the body in meta.body, values other JSON tools change, a
    null body, a duplicate key and an unreadable line; and, per line, the
    body's token as written."""
    lines: list[str] = []
    tokens: list[tuple[str, str]] = []
    for i in range(240):
        body = DOCS[i % len(DOCS)] + f"Doc  {i}."
        token = json.dumps(body, ensure_ascii=i % 2 == 0)
        lines.append(
            f'{{"id": {i}, "big": {"7" * 4400}, "x": 1e400, "z": -0, "d": 1.10, '
            f'"meta": {{"lang": "xx", "body": {token}}}, "esc": "caf\\u00e9"}}'
        )
        tokens.append((token, body))
    lines[17] = '{"id": 17, "meta": {"body": null}}'
    lines[18] = '{"id": 18, "meta": {"body": "a"}, "id": 19}'
    lines[19] = "{not json"
    return ("\n".join(lines) + "\n").encode(), tokens


def test_three_executors_give_the_same_bytes(client: Client, tmp_path: Path) -> None:
    """`cleantext crawl.jsonl.zst --field meta.body -o out.jsonl.gz`: the
    same bytes from one process, --jobs 2 and Dask, documents in =
    documents out, and every byte outside the cleaned field unchanged."""
    import zstandard

    data, tokens = _corpus()
    src = tmp_path / "crawl.jsonl.zst"
    src.write_bytes(zstandard.ZstdCompressor().compress(data))
    base = [str(src), "--format", "jsonl", "--field", "meta.body", "--on-error", "keep", "--block-size", "16k"]
    outputs = {}
    for name, extra in {
        "serial": [],
        "jobs": ["--jobs", "2"],
        "dask": ["--engine", "dask", "--scheduler", client.scheduler.address],
    }.items():
        target = tmp_path / f"out-{name}.jsonl.gz"
        assert main([*base, *extra, "-o", str(target)]) == 0
        outputs[name] = target.read_bytes()
    assert outputs["serial"] == outputs["jobs"] == outputs["dask"]
    got = gzip.decompress(outputs["serial"]).decode().splitlines()
    sent = data.decode().splitlines()
    assert len(got) == len(sent) == 240
    p = Pipeline.from_preset("news")
    for i, (before, after) in enumerate(zip(sent, got, strict=True)):
        if i in (17, 18, 19):
            assert after == before
            continue
        token, body = tokens[i]
        cleaned = p(body)
        expected = before if cleaned == body else before.replace(token, json.dumps(cleaned, ensure_ascii=False))
        assert after == expected


def test_clean_files_spreads_one_file_over_the_cluster(client: Client, tmp_path: Path) -> None:
    """The library call behind `--engine dask --output-dir`: one file, many
    tasks, the same bytes as the command in one process."""
    from cleantext.dask import clean_files

    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in _records(480)), encoding="utf-8")
    with get_task_stream(client) as ts:
        written = clean_files([str(src)], str(tmp_path / "out"), "news", block_size=2048)
    assert written == [str(tmp_path / "out" / "in.jsonl")] and len(ts.data) >= 3
    expected = subprocess.run([sys.executable, "-m", "cleantext", str(src)], capture_output=True, check=True).stdout
    assert (tmp_path / "out" / "in.jsonl").read_bytes() == expected


# -- the executor behind --engine dask -------------------------------------------

_UNPICKLED: dict[int, int] = {}


class _Counting:
    """A cleaner that counts, in each process, how often it was unpickled
    (how often a worker built it), and says so with each block it cleans."""

    def __getstate__(self) -> dict[str, object]:
        return {}

    def __setstate__(self, state: dict[str, object]) -> None:
        _UNPICKLED[os.getpid()] = _UNPICKLED.get(os.getpid(), 0) + 1

    def __call__(self, block: Block) -> tuple[int, int, str]:
        return os.getpid(), _UNPICKLED.get(os.getpid(), 0), str(block.payload).upper()


def _blocks(n: int, size: int = 100) -> list[Block]:
    return [Block(0, "in", i + 1, f"block {i}", size) for i in range(n)]


@pytest.mark.parametrize(
    ("sizes", "groups"),
    [
        ([2048] * 10, [4, 4, 2]),  # small blocks: four a task, still many tasks
        ([300_000] * 5, [4, 1]),
        ([600_000] * 3, [2, 1]),  # about 1M of characters a task
        ([1 << 20] * 3, [1, 1, 1]),  # --block-size 1m: one block a task
    ],
)
def test_blocks_are_grouped_into_tasks(sizes: list[int], groups: list[int]) -> None:
    blocks = [Block(0, "in", i, "x", s) for i, s in enumerate(sizes)]
    got = list(_tasks(iter(blocks), 4, 1 << 20))
    assert [len(g) for g, _ in got] == groups
    assert [_unpack(b) for g, _ in got for b in g] == blocks
    assert all(error is None for _, error in got)


def test_a_read_error_ends_the_groups_after_the_blocks_before_it() -> None:
    def source() -> Iterator[Block]:
        yield from _blocks(5)
        raise ValueError("bad input")

    got = list(_tasks(source(), 4, 1 << 20))
    assert [len(g) for g, _ in got] == [4, 1]
    assert got[0][1] is None and isinstance(got[1][1], ValueError)


def test_the_cleaner_is_built_once_per_worker(client: Client) -> None:
    """40 blocks, 10 tasks: each worker unpickles the cleaner once and
    cleans all its blocks with that one copy; results in input order."""
    blocks = _blocks(40)
    with get_task_stream(client) as ts:
        got = list(DaskExecutor(client).map(_Counting(), blocks))  # type: ignore[arg-type]
    # The blocks come back in order; without their text, which is in the results.
    assert [(b.line, b.payload) for b, _ in got] == [(b.line, None) for b in blocks]
    assert [r[2] for _, r in got] == [f"BLOCK {i}" for i in range(40)]
    assert {r[1] for _, r in got} == {1}  # built once in every process that cleaned
    assert len({r[0] for _, r in got}) == 2  # on both workers
    assert len(ts.data) == 10  # four blocks a task


def test_blocks_in_flight_are_bounded(client: Client) -> None:
    """At most window tasks per worker, of at most four blocks, are read
    ahead of the results: memory does not grow with the input."""
    taken = 0

    def source() -> Iterator[Block]:
        nonlocal taken
        for block in _blocks(200):
            taken += 1
            yield block

    ahead = []
    for given, _ in enumerate(DaskExecutor(client, window=2).map(_Counting(), source())):  # type: ignore[arg-type]
        ahead.append(taken - given)
    assert len(ahead) == 200
    assert max(ahead) <= 2 * 2 * 4  # two workers, two tasks each, four blocks a task
    assert max(ahead) >= 8  # and the workers are kept busy: more than one task each was sent


def test_a_read_error_comes_after_the_blocks_before_it(client: Client) -> None:
    def source() -> Iterator[Block]:
        yield from _blocks(6)
        raise ValueError("bad input")

    seen = []
    with pytest.raises(ValueError, match="bad input"):
        for block, result in DaskExecutor(client).map(_Counting(), source()):  # type: ignore[arg-type]
            seen.append((block.line, result[2]))
    assert seen == [(i + 1, f"BLOCK {i}") for i in range(6)]


def test_the_local_cluster_has_its_settings_on_every_worker() -> None:
    import dask

    def settings() -> tuple[object, ...]:
        return tuple(dask.config.get(k) for k in LOCAL_CLUSTER_CONFIG)

    with local_cluster(2) as cluster, Client(cluster) as cl:
        got = cl.run(settings)
        assert len(got) == 2
        assert all(value == tuple(LOCAL_CLUSTER_CONFIG.values()) for value in got.values())
        assert cluster.scheduler.extensions.get("stealing") is None


@pytest.mark.parametrize("payload", ["plain", "caf\u00e9 \U0001f600 \ud800 lone surrogate\n", ""])
def test_text_travels_as_utf8_and_comes_back_the_same(payload: str) -> None:
    block = Block(0, "in", 7, payload, len(payload), format="jsonl")
    packed = _pack(block)
    assert packed[0].payload is None and isinstance(packed[1], bytes)
    assert len(packed[1]) < max(1, 4 * len(payload))  # not the 4 bytes a character of the str
    assert _unpack(packed) == block


def test_other_payloads_travel_as_they_are() -> None:
    block = Block(0, "in", 1, (["a"], [["1"]], [2]), 3, format="csv")
    assert _pack(block) == (block, None) and _unpack(_pack(block)) is block


def test_a_dead_worker_gives_its_blocks_back_whole() -> None:
    """A worker killed while it cleans a task: that task's blocks come back
    as Lost, with their text (the run loop writes them unchanged); the
    other blocks are cleaned."""
    from cleantext.run import Lost

    blocks = [Block(0, "in", i + 1, ("die " if i == 5 else "") + f"block {i}", 100) for i in range(12)]
    with local_cluster(2) as cluster, Client(cluster) as cl:
        got = list(DaskExecutor(cl).map(_Dying(), blocks))  # type: ignore[arg-type]
    assert [b.line for b, _ in got] == list(range(1, 13))
    lost = [(b.payload, r) for b, r in got if isinstance(r, Lost)]
    assert [p for p, _ in lost] == ["block 4", "die block 5", "block 6", "block 7"]  # the task of block 5
    assert [r for b, r in got if not isinstance(r, Lost)] == [f"BLOCK {i}" for i in range(12) if not 4 <= i <= 7]


class _Dying:
    def __call__(self, block: Block) -> str:
        if "die" in str(block.payload):
            os._exit(3)
        return str(block.payload).upper()
