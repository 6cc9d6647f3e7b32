"""Throughput of the boilerplate passes on real extractor output.

Reads the three extractors' outputs in ``../shared/data/article-extraction-benchmark/``
(beside the project, or beside a folder above it; override with ``--data``),
the development split's text, and times the passes (by default the three in
the ``news`` preset: strip-captions, strip-promos, strip-credits) over every
document, several times, printing the median throughput in MB/s of UTF-8 input.

A benchmark script, not a test: the data is not part of the project.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_DATA = Path("shared", "data", "article-extraction-benchmark")
DEFAULT_DATA = next((p / _DATA for p in ROOT.parents if (p / _DATA).is_dir()), ROOT.parent / _DATA)
DEFAULT_PASSES = "strip-captions,strip-promos,strip-credits"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        epilog=f"Reads the shared evaluation data from {DEFAULT_DATA} (not part of the project).",
    )
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the article-extraction-benchmark folder")
    parser.add_argument(
        "--passes", default=DEFAULT_PASSES, help=f"comma-separated pass names (default: {DEFAULT_PASSES})"
    )
    parser.add_argument("--repeat", type=int, default=7, help="timed runs; the median is reported (default: 7)")
    args = parser.parse_args(argv)

    from cleantext import Pipeline

    pipeline = Pipeline(args.passes.split(","))
    texts = []
    for name in ("readability", "boilerpipe", "newspaper"):
        pages = json.loads((args.data / f"output-{name}.json").read_text(encoding="utf-8"))
        texts.extend(page.get("articleBody") or "" for page in pages.values())
    size = sum(len(t.encode("utf-8")) for t in texts)
    for t in texts:  # warm up: compile the patterns once
        pipeline(t)
    runs, cpu = [], []
    for _ in range(args.repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        for t in texts:
            pipeline(t)
        runs.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    median, median_cpu = statistics.median(runs), statistics.median(cpu)
    print(f"passes: {', '.join(pipeline.names)}")
    print(f"documents: {len(texts)}, {size / 1e6:.2f} MB of UTF-8 text")
    print(
        f"runs: {args.repeat}, wall median {median * 1000:.1f} ms (min {min(runs) * 1000:.1f} ms), CPU median {median_cpu * 1000:.1f} ms"
    )
    # On a shared machine the wall time includes waiting for a core; the CPU
    # time is the pipeline's own work.
    print(f"throughput (median): {size / 1e6 / median:.1f} MB/s wall, {size / 1e6 / median_cpu:.1f} MB/s CPU")
    return 0


if __name__ == "__main__":
    sys.exit(main())
