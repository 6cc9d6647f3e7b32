"""Throughput of the boilerplate passes (or a preset) on real extractor output.

Reads the three extractors' outputs in ``../shared/data/article-extraction-benchmark/``
(beside the project, or beside a folder above it; override with ``--data``)
and times a pipeline over every document, several times, printing the median
throughput in MB/s of UTF-8 input, wall and CPU. By default the boilerplate
passes of the ``news`` preset; ``--preset news`` times the whole preset.

``--compare DIR`` times the same pipeline side by side with another checkout
of the project (its ``cleantext`` package, e.g. the main branch), each run in
its own process, interleaved, and prints the ratio of the CPU-time medians
(the CPU time is the pipeline's own work, whatever the machine's load).

    python benchmarks/bench_boilerplate.py
    python benchmarks/bench_boilerplate.py --preset news --compare ../main --repeat 7

A benchmark script, not a test: the data is not part of the project.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_DATA = Path("shared", "data", "article-extraction-benchmark")
DEFAULT_DATA = next((p / _DATA for p in ROOT.parents if (p / _DATA).is_dir()), ROOT.parent / _DATA)
DEFAULT_PASSES = "strip-captions,strip-promos,strip-credits,strip-boilerplate"


def _texts(data: Path) -> list[str]:
    texts = []
    for name in ("readability", "boilerpipe", "newspaper"):
        pages = json.loads((data / f"output-{name}.json").read_text(encoding="utf-8"))
        texts.extend(page.get("articleBody") or "" for page in pages.values())
    return texts


def _pipeline(args: argparse.Namespace) -> object:
    from cleantext import Pipeline
    from cleantext.registry import get_pass

    if args.preset:
        return Pipeline.from_preset(args.preset)
    names = [n for n in args.passes.split(",") if n]
    known = []
    for n in names:
        try:
            get_pass(n)
        except Exception:  # a pass that an older checkout does not have
            continue
        known.append(n)
    return Pipeline(known)


def _one_run(args: argparse.Namespace) -> tuple[float, float]:
    pipeline = _pipeline(args)
    texts = _texts(args.data)
    for t in texts:  # warm up: compile the patterns once
        pipeline(t)  # type: ignore[operator]
    start, start_cpu = time.perf_counter(), time.process_time()
    for t in texts:
        pipeline(t)  # type: ignore[operator]
    return time.perf_counter() - start, time.process_time() - start_cpu


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        epilog=f"Reads the shared evaluation data from {DEFAULT_DATA} (not part of the project).",
    )
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the article-extraction-benchmark folder")
    parser.add_argument(
        "--passes", default=DEFAULT_PASSES, help=f"comma-separated pass names (default: {DEFAULT_PASSES})"
    )
    parser.add_argument("--preset", help="time this preset instead of --passes")
    parser.add_argument("--repeat", type=int, default=7, help="timed runs; the median is reported (default: 7)")
    parser.add_argument("--compare", type=Path, help="another checkout of the project to time side by side")
    parser.add_argument("--one-run", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.one_run:
        wall, cpu = _one_run(args)
        print(json.dumps({"wall": wall, "cpu": cpu}))
        return 0
    size = sum(len(t.encode("utf-8")) for t in _texts(args.data))
    what = f"preset {args.preset}" if args.preset else f"passes {args.passes}"
    print(f"{what}; documents: 381, {size / 1e6:.2f} MB of UTF-8 text; load average {os.getloadavg()[0]:.1f}")
    roots = {"this checkout": ROOT}
    if args.compare:
        roots["compared"] = args.compare.resolve()
    times: dict[str, list[tuple[float, float]]] = {k: [] for k in roots}
    cmd = [sys.executable, str(Path(__file__).resolve()), "--one-run", "--data", str(args.data), "--repeat", "1"]
    cmd += ["--preset", args.preset] if args.preset else ["--passes", args.passes]
    for _ in range(args.repeat):
        for label, root in roots.items():  # interleaved, so load changes hit both alike
            env = dict(os.environ, PYTHONPATH=str(root))
            out = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True, cwd=root)
            run = json.loads(out.stdout)
            times[label].append((run["wall"], run["cpu"]))
    medians = {}
    for label, runs in times.items():
        wall = statistics.median(w for w, _ in runs)
        cpu = statistics.median(c for _, c in runs)
        medians[label] = cpu
        print(
            f"{label:<14} {roots[label]}: CPU median {cpu * 1000:.0f} ms ({size / 1e6 / cpu:.2f} MB/s), "
            f"wall median {wall * 1000:.0f} ms ({size / 1e6 / wall:.2f} MB/s)"
        )
    if args.compare:
        ratio = medians["compared"] / medians["this checkout"]
        print(f"throughput of this checkout relative to the compared one (CPU medians): {ratio:.2f}")
    print(f"load average after: {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
