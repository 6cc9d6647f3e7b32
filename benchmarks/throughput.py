"""Throughput of cleantext against ftfy, textacy, clean-text and datatrove, in MB/s.

Reads the evaluation data in ../shared/data/ (beside the repository; see
--data): the ground truth and the three extractor outputs of the article
extraction benchmark, several MB of real news text. Builds a "clean" corpus
from them and a "25% mojibake" corpus (every fourth document's UTF-8 bytes
decoded as Windows-1252, the way real mojibake arises; --all-mojibake adds a
corpus where every document is); with --corpus web-pages, from the
readability extractor's text of the web-pages set instead (held out: not the
corpus the fast paths were developed on). Then measures in one run, on the
same documents:

  - the `news` preset, each of its passes alone, and its consecutive line
    passes as the preset runs them (one split of the lines for all of them),
  - ftfy.fix_text with its default options,
  - textacy's preprocessing pipeline of normalize.unicode, quotation_marks
    and whitespace (in this process when textacy is installed, else in a
    virtual environment of its own),
  - clean-text's clean() with its defaults, always in a virtual environment
    of its own (it installs a module also named `cleantext`, which would
    shadow this package), in a subprocess that times itself; the venv is
    created if missing,
  - datatrove's comparable steps (FTFYFormatter, SymbolLinesFormatter and
    C4QualityFilter's line filtering, without dropping documents), when
    datatrove is installed (`pip install 'cleantext-news[bench]'`),

each repeated --repeats times, the runs interleaved (each repeat times
every function on every corpus once, so a change of load hits them all
alike; the median is quoted), and prints a table with ratios to ftfy,
each pass's share of the time of all the preset's passes, the preset's
speed over each other tool's, and the load average before and after. The
clock is the process's CPU time by default (--clock wall for elapsed time):
on a shared machine it is the steadier measure, and it is the time per
core. It also checks that the `news` preset repairs every mojibake document
that ftfy repairs.

    python benchmarks/throughput.py [--repeats 5] [--no-peers] [--only fix-encoding] [--corpus web-pages]
    python benchmarks/throughput.py --jobs-mode [--size-mb 200]

--jobs-mode generates a JSONL file of at least --size-mb MB from the same
corpus and times `cleantext --format jsonl --jobs 1` against `--jobs 2`,
with the peak memory of the whole process tree (sampled from /proc).
Timings are noisy on a shared machine: the load average is printed, and the
CPU time of each run too (on a busy machine, compare the CPU time of --jobs 2
with --jobs 1: it shows the cost of the process pool whatever the load).
`nice -n -5 python benchmarks/throughput.py --jobs-mode` gives the runs
priority over other work (as root). benchmarks/jobs.py measures the
efficiency of each added core.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
FILES = ["ground-truth", "output-readability", "output-boilerpipe", "output-newspaper"]
VENVS = Path(os.environ.get("CLEANTEXT_PEER_VENVS", "/work/venvs"))
PEERS = {
    # name: (venv folder, pip requirement, code that defines fn(text) -> str)
    "clean-text clean()": ("cleantext-peer", "clean-text", "from cleantext import clean as fn"),
    "textacy pipeline": (
        "textacy-peer",
        "textacy",
        "from textacy import preprocessing as pp\n"
        "fn = pp.make_pipeline(pp.normalize.unicode, pp.normalize.quotation_marks, pp.normalize.whitespace)",
    ),
}
# Peers that can run in this process when installed here (clean-text cannot:
# its module is also named `cleantext`).
IN_PROCESS = {"textacy pipeline"}
TARGETS = {"ftfy.fix_text (defaults)": 8.0, "textacy pipeline": 2.5, "clean-text clean()": 20.0}
MOJIBAKE_TARGETS = {"ftfy.fix_text (defaults)": 4.0}


def in_process_peer(name: str) -> Callable[[str], str] | None:
    """The peer's function, imported here, or None when it is not installed."""
    if name not in IN_PROCESS:
        return None
    scope: dict[str, Any] = {}
    try:
        exec(PEERS[name][2], scope)
    except ImportError:
        return None
    fn: Callable[[str], str] = scope["fn"]
    return fn


def datatrove_steps() -> tuple[Callable[[str], str] | None, str]:
    """datatrove's formatters and C4 line filter as one ``str -> str``
    function, or None and the reason it cannot run."""
    try:
        from datatrove.data import Document
        from datatrove.pipeline.filters import C4QualityFilter
        from datatrove.pipeline.formatters import FTFYFormatter, SymbolLinesFormatter
    except ImportError as e:
        return None, f"datatrove is not installed ({e}); pip install 'cleantext-news[bench]'"
    fix, symbols = FTFYFormatter(), SymbolLinesFormatter()
    # The C4 line rules (lines without terminal punctuation, javascript,
    # policy, lorem ipsum, short lines); no document is dropped for too few
    # sentences, so every document's lines are filtered.
    c4 = C4QualityFilter(min_num_sentences=-1)

    def fn(text: str) -> str:
        doc = Document(text=symbols.format(fix.format(text)), id="0")
        c4.filter(doc)
        return doc.text

    return fn, "FTFYFormatter + SymbolLinesFormatter + C4QualityFilter (lines only)"


# Run inside a peer's venv: time fn over the corpus, print MB/s per repeat.
_PEER_TIMER = """
import json, sys, time
{setup}
docs = json.load(open(sys.argv[1], encoding="utf-8"))
mb = sum(len(d.encode("utf-8", "surrogatepass")) for d in docs) / 1e6
clock = getattr(time, sys.argv[3])
fn(docs[0])
out = []
for _ in range(int(sys.argv[2])):
    start = clock()
    for d in docs:
        fn(d)
    out.append(mb / (clock() - start))
print(json.dumps(out))
"""

CLOCKS = {"cpu": "process_time", "wall": "perf_counter"}


def load_corpus(data: Path, corpus: str = "articles") -> list[str]:
    if corpus == "web-pages":
        return load_web_pages(data)
    folder = data / "article-extraction-benchmark"
    docs: list[str] = []
    for name in FILES:
        records = json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))
        docs.extend(r["articleBody"] for r in records.values() if r.get("articleBody"))
    return docs


def load_web_pages(data: Path) -> list[str]:
    """The readability extractor's text of each page of web-pages, as it came
    out (entities, some mojibake and all): not the set the fast paths were
    developed on."""
    import gzip

    with gzip.open(data / "web-pages" / "pages.jsonl.gz", "rt", encoding="utf-8") as lines:
        return [t for line in lines if (t := json.loads(line)["extracted"].get("readability"))]


def mojibake(text: str) -> str:
    """UTF-8 bytes read as Windows-1252 (bytes it leaves undefined become
    the C1 controls, as in browsers and Python's latin-1 fallback)."""
    import ftfy.bad_codecs  # noqa: F401  (registers sloppy-windows-1252)

    return text.encode("utf-8", "surrogatepass").decode("sloppy-windows-1252")


def megabytes(docs: list[str]) -> float:
    return sum(len(d.encode("utf-8", "surrogatepass")) for d in docs) / 1e6


def time_fn(fn: Callable[[str], str], docs: list[str], repeats: int, clock: str = "cpu") -> list[float]:
    mb = megabytes(docs)
    now = getattr(time, CLOCKS[clock])
    fn(docs[0])  # warm up: compiled patterns, lazy tables
    speeds = []
    for _ in range(repeats):
        start = now()
        for d in docs:
            fn(d)
        speeds.append(mb / (now() - start))
    return speeds


def time_interleaved(
    fns: dict[str, Callable[[str], str]], corpora: dict[str, list[str]], repeats: int, clock: str = "cpu"
) -> dict[str, dict[str, list[float]]]:
    """MB/s of each function on each corpus, ``repeats`` times, one run of
    each (function, corpus) per round, so that load changes hit them alike."""
    rows: dict[str, dict[str, list[float]]] = {label: {c: [] for c in corpora} for label in fns}
    for fn in fns.values():
        fn(next(iter(corpora.values()))[0])  # warm up: compiled patterns, lazy tables
    for _ in range(repeats):
        for label, fn in fns.items():
            for c, docs in corpora.items():
                rows[label][c].extend(time_fn(fn, docs, 1, clock))
    return rows


def peer_python(name: str) -> Path:
    folder, requirement, _ = PEERS[name]
    venv = VENVS / folder
    python = venv / "bin" / "python"
    if not python.exists():
        print(f"creating {venv} for {requirement} ...", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", requirement], check=True)
    return python


def time_peer(name: str, corpus_file: Path, repeats: int, clock: str = "cpu") -> list[float]:
    python = peer_python(name)
    code = _PEER_TIMER.format(setup=PEERS[name][2])
    # Run from a neutral folder, without PYTHONPATH, so this repository's
    # `cleantext` is not importable there.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    result = subprocess.run(
        [str(python), "-c", code, str(corpus_file), str(repeats), CLOCKS[clock]],
        capture_output=True,
        text=True,
        check=True,
        cwd=tempfile.gettempdir(),
        env=env,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def corpus_mode(args: argparse.Namespace) -> None:
    import ftfy

    from cleantext import Pipeline
    from cleantext.pipeline import LineRun

    clean_docs = load_corpus(args.data, args.corpus)
    quarter = [mojibake(d) if i % 4 == 3 else d for i, d in enumerate(clean_docs)]
    corpora = {"clean": clean_docs, "25% mojibake": quarter}
    if args.all_mojibake:
        corpora["mojibake"] = [mojibake(d) for d in clean_docs]
    news = Pipeline.from_preset("news")
    sizes = ", ".join(f"{c} {megabytes(docs):.2f} MB" for c, docs in corpora.items())
    print(f"corpus {args.corpus}: {len(clean_docs)} documents; {sizes}")
    print(f"news preset: {' -> '.join(news.names)}")
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} cores")

    fns: dict[str, Callable[[str], str]] = {"cleantext news preset": news, "ftfy.fix_text (defaults)": ftfy.fix_text}
    for p in news.passes:
        if not args.only or p.name in args.only:
            fns[f"  pass {p.name}"] = p
    for step in news.steps:
        if isinstance(step, LineRun) and not args.only:
            fns[f"  {len(step.passes)} line passes, one split"] = step
    notes: list[str] = []
    subprocess_peers = []
    if not args.no_peers:
        for name in PEERS:
            fn = in_process_peer(name)
            if fn is not None:
                fns[name] = fn
            else:
                subprocess_peers.append(name)
        dt, why = datatrove_steps()
        if dt is not None:
            fns["datatrove steps"] = dt
        notes.append(f"datatrove steps: {why}")
    rows = time_interleaved(fns, corpora, args.repeats, args.clock)
    with tempfile.TemporaryDirectory() as tmp:
        for name in subprocess_peers:
            rows[name] = {}
            for c, docs in corpora.items():
                path = Path(tmp) / f"{c.replace('%', '').replace(' ', '-')}.json"
                path.write_text(json.dumps(docs), encoding="utf-8")
                try:
                    rows[name][c] = time_peer(name, path, args.repeats, args.clock)
                except (subprocess.CalledProcessError, OSError) as e:
                    notes.append(f"{name}: could not run in its own environment ({e})")
                    rows.pop(name)
                    break
            else:
                notes.append(f"{name}: timed in its own virtual environment ({VENVS / PEERS[name][0]})")

    medians = {label: {c: statistics.median(v) for c, v in by_corpus.items()} for label, by_corpus in rows.items()}
    ftfy_row = medians["ftfy.fix_text (defaults)"]
    # A pass's share: its time per MB over the summed time per MB of the
    # preset's passes, each run alone on the same corpus.
    pass_time = {c: sum(1 / m[c] for label, m in medians.items() if label.startswith("  pass ")) for c in corpora}
    print()
    print(f"{args.clock} time; MB/s, median of {args.repeats} interleaved runs")
    header = f"{'':<38}" + "".join(f" {c:>13} {'x ftfy':>7} {'share':>6}" for c in corpora)
    print(header)
    for label, by_corpus in medians.items():
        cells = []
        for c in corpora:
            m = by_corpus[c]
            share = f"{100 / m / pass_time[c]:>5.0f}%" if label.startswith("  pass ") and not args.only else f"{'':>6}"
            cells.append(f"{m:>13.2f} {m / ftfy_row[c]:>7.2f} {share}")
        print(f"{label:<38} {' '.join(cells)}")
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    for note in notes:
        print(f"note: {note}")

    preset = medians["cleantext news preset"]
    print()
    print("news preset speed over each tool (same documents, same clock):")
    for label in ("ftfy.fix_text (defaults)", "textacy pipeline", "clean-text clean()", "datatrove steps"):
        if label not in medians:
            print(f"  {label:<26} not measured")
            continue
        ratios = "  ".join(f"{c} {preset[c] / medians[label][c]:>5.2f}x" for c in corpora)
        wanted = {c: t[label] for c, t in (("clean", TARGETS), ("25% mojibake", MOJIBAKE_TARGETS)) if label in t}
        met = all(preset[c] / medians[label][c] >= t for c, t in wanted.items())
        targets = ", ".join(f"{c} >= {t:g}x" for c, t in wanted.items())
        verdict = f"  (target {targets}: {'met' if met else 'not met'})" if wanted else ""
        print(f"  {label:<26} {ratios}{verdict}")

    # Repairs: a mojibake document is repaired if cleaning it gives what
    # cleaning the original gives.
    ftfy_fixed = news_fixed = both = 0
    moji = [(clean, m) for clean, m in zip(clean_docs, quarter, strict=True) if m != clean]
    for clean, m in moji:
        a = ftfy.fix_text(m) == ftfy.fix_text(clean)
        b = news(m) == news(clean)
        ftfy_fixed += a
        news_fixed += b
        both += a and b
    print()
    print(f"mojibake documents repaired: ftfy {ftfy_fixed}/{len(moji)}, news preset {news_fixed}/{len(moji)}")
    print(f"repaired by ftfy but not by the news preset: {ftfy_fixed - both}")


class TreeSampler(threading.Thread):
    """Peak of the summed RSS of a process and its descendants, from /proc."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak_total = 0
        self.peak_single = 0
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            rss = [_rss(p) for p in _tree(self.pid)]
            self.peak_total = max(self.peak_total, sum(rss))
            self.peak_single = max(self.peak_single, max(rss, default=0))
            time.sleep(0.05)


def run_sampled(argv: list[str], sampler: Callable[[int], Any], **popen: Any) -> tuple[int, float, float, Any]:
    """Run ``argv`` while ``sampler(pid)`` (a thread such as
    :class:`TreeSampler`) watches its process tree: the exit status, the
    elapsed seconds, the CPU seconds of the process and its children, and
    the sampler with its peaks."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.Popen(argv, **popen)
    watcher = sampler(proc.pid)
    watcher.start()
    proc.wait()
    elapsed = time.perf_counter() - start
    watcher.stop.set()
    watcher.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return proc.returncode, elapsed, cpu, watcher


def _tree(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry))
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(children.get(p, []))
    return out


def _rss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def make_jsonl(path: Path, data: Path, size_mb: float) -> None:
    docs = load_corpus(data)
    docs = docs + [mojibake(d) for d in docs[::10]]  # some mojibake too, as in a crawl
    with path.open("w", encoding="utf-8") as out:
        i = 0
        while out.tell() < size_mb * 1e6:
            for d in docs:
                out.write(
                    json.dumps({"id": i, "url": f"https://example.org/{i}", "text": d}, ensure_ascii=False) + "\n"
                )
                i += 1


def jobs_mode(args: argparse.Namespace) -> None:
    exe = [sys.executable, "-m", "cleantext"]
    with tempfile.TemporaryDirectory(dir=args.tmp) as tmp:
        src = Path(tmp) / "big.jsonl"
        make_jsonl(src, args.data, args.size_mb)
        mb = src.stat().st_size / 1e6
        print(f"input: {src.name}, {mb:.0f} MB; load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        results: dict[int, list[tuple[float, int, int, float]]] = {1: [], 2: []}
        for _ in range(args.repeats):
            for jobs in (1, 2):
                status, elapsed, cpu, sampler = run_sampled(
                    [*exe, "--format", "jsonl", "--jobs", str(jobs), str(src)], TreeSampler, stdout=subprocess.DEVNULL
                )
                if status:
                    raise SystemExit(f"cleantext --jobs {jobs} failed with {status}")
                results[jobs].append((elapsed, sampler.peak_total, sampler.peak_single, cpu))
                print(
                    f"  --jobs {jobs}: {elapsed:.1f} s, {mb / elapsed:.2f} MB/s, CPU {cpu:.1f} s, "
                    f"peak RSS {sampler.peak_total / 1e6:.0f} MB, load {os.getloadavg()[0]:.2f}"
                )
        print()
        header = f"{'':<10} {'median s':>9} {'MB/s':>7} {'CPU s':>7} {'peak RSS, all processes':>24}"
        print(f"{header} {'largest process':>16}")
        med: dict[int, float] = {}
        cpu: dict[int, float] = {}
        for jobs, runs in results.items():
            med[jobs] = statistics.median(r[0] for r in runs)
            cpu[jobs] = statistics.median(r[3] for r in runs)
            total = max(r[1] for r in runs) / 1e6
            single = max(r[2] for r in runs) / 1e6
            print(
                f"--jobs {jobs:<3} {med[jobs]:>9.1f} {mb / med[jobs]:>7.2f} {cpu[jobs]:>7.1f} "
                f"{total:>21.0f} MB {single:>13.0f} MB"
            )
        print(f"speed-up --jobs 2 / --jobs 1 (wall time): {med[1] / med[2]:.2f}x")
        # With two free cores, --jobs 2 can at best spread its CPU time over both.
        print(
            f"CPU time --jobs 2 / --jobs 1: {cpu[2] / cpu[1]:.2f} (ideal speed-up on 2 idle cores: {2 * cpu[1] / cpu[2]:.2f}x)"
        )
        print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--data", type=Path, default=ROOT.parent / "shared" / "data", help="the shared evaluation data folder"
    )
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--no-peers", action="store_true", help="skip textacy, clean-text and datatrove")
    parser.add_argument("--all-mojibake", action="store_true", help="also a corpus where every document is mojibake")
    parser.add_argument(
        "--clock", choices=sorted(CLOCKS), default="cpu", help="CPU time of this process, or elapsed time"
    )
    parser.add_argument(
        "--corpus",
        choices=["articles", "web-pages"],
        default="articles",
        help="article-extraction-benchmark's ground truth and extractor outputs, or web-pages' readability text",
    )
    parser.add_argument(
        "--only", action="append", metavar="PASS", help="time only this pass of the preset (repeatable); no shares"
    )
    parser.add_argument("--jobs-mode", action="store_true", help="time --jobs 1 against --jobs 2 on a big JSONL file")
    parser.add_argument("--size-mb", type=float, default=200, help="size of the generated JSONL file")
    parser.add_argument("--tmp", default=None, help="folder for the generated file (default: the system's)")
    args = parser.parse_args()
    if not args.data.is_dir():
        alt = Path("/work/shared/data")
        args.data = alt if alt.is_dir() else args.data
    if args.jobs_mode:
        jobs_mode(args)
    else:
        corpus_mode(args)


if __name__ == "__main__":
    main()
