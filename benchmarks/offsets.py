"""Cost of offsets: time to clean a corpus with `pipeline(text)`, with
`pipeline.run(text)` (changes with original line numbers) and with
`pipeline.run(text, offsets=True)` (plus the offset map), medians over runs.

Reads the extractor outputs in the shared evaluation data (../shared/data/article-extraction-benchmark,
real extractor output, see its README) unless --data points elsewhere; this
data is not part of the project and tests never read it.

    python benchmarks/offsets.py [--runs 5] [--preset news] [--data DIR]

Also checks, for every document, that each character the map calls
unchanged is equal in the cleaned text and the original.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from cleantext import Pipeline

ROOT = Path(__file__).resolve().parent.parent
_DATA = Path("shared", "data", "article-extraction-benchmark")
DEFAULT_DATA = next((p / _DATA for p in ROOT.parents if (p / _DATA).is_dir()), ROOT.parent / _DATA)


def load(folder: Path) -> list[str]:
    texts = []
    for path in sorted(folder.glob("output-*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        texts.extend(item["articleBody"] for item in data.values() if item.get("articleBody"))
    return texts


def cpu_seconds(func: Callable[[str], object], texts: list[str]) -> float:
    # CPU time, not wall time: the machine is shared, and waiting for a core
    # is not the pipeline's work.
    start = time.process_time()
    for text in texts:
        func(text)
    return time.process_time() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--preset", default="news")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder with output-*.json files")
    args = parser.parse_args()
    texts = load(args.data)
    pipeline = Pipeline.from_preset(args.preset)
    for text in texts:
        result = pipeline.run(text, offsets=True)
        assert result.offsets is not None
        for c, o in result.offsets.unchanged():
            assert result.text[c] == text[o], (c, o)
    timings: dict[str, list[float]] = {"pipeline(text)": [], "run(text)": [], "run(text, offsets=True)": []}
    for _ in range(args.runs):
        timings["pipeline(text)"].append(cpu_seconds(pipeline, texts))
        timings["run(text)"].append(cpu_seconds(pipeline.run, texts))
        timings["run(text, offsets=True)"].append(cpu_seconds(lambda t: pipeline.run(t, offsets=True), texts))
    size = sum(len(t) for t in texts)
    print(
        f"{len(texts)} documents, {size / 1e6:.2f} M characters, preset {args.preset!r}: {' -> '.join(pipeline.names)}"
    )
    base = statistics.median(timings["pipeline(text)"])
    for name, values in timings.items():
        median = statistics.median(values)
        print(f"{name:<26} {median * 1000:9.1f} ms CPU (median of {args.runs})  {median / base:5.2f}x")


if __name__ == "__main__":
    main()
