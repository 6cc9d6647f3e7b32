"""What explanations cost: CPU time to clean a corpus with

- ``pipeline(text)``                       plain cleaning;
- ``pipeline.run(text, located=False)``    changes counted per pass and reason (what ``--stats`` needs);
- ``pipeline.run(text)``                   changes placed in the original (``--rejects``);
- ``pipeline.run(text, offsets=True)``     the same plus the offset map (``--offsets``);
- the same with ``Result.changes`` read    (``--explain``: the changes are built when first read);

each as a ratio to plain cleaning, on clean news and on the same news with
mojibake (UTF-8 read as Windows-1252), medians over runs, with the load
average. Also checks, for every document, that each character the map calls
unchanged is equal in the cleaned text and the original.

Data (not part of the project, tests never read it), by ``--data``:

- ``web`` (default, the split the figures come from): the DragNet and
  CleanPortalEval news pages of ../shared/data/web-pages, as Readability
  extracted them (uncleaned). The alignment was tuned on the other split.
- ``aeb``: the extractor outputs of ../shared/data/article-extraction-benchmark,
  the split the alignment's constants were tuned on.

    python benchmarks/offsets.py [--runs 5] [--preset news] [--data web|aeb] [--limit 300]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from cleantext import Pipeline

ROOT = Path(__file__).resolve().parent.parent


def _shared(*parts: str) -> Path:
    rel = Path("shared", "data", *parts)
    return next((p / rel for p in ROOT.parents if (p / rel).exists()), ROOT.parent / rel)


def load_aeb() -> list[str]:
    texts = []
    for path in sorted(_shared("article-extraction-benchmark").glob("output-*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        texts.extend(item["articleBody"] for item in data.values() if item.get("articleBody"))
    return texts


def load_web(limit: int) -> list[str]:
    texts = []
    with gzip.open(_shared("web-pages", "pages.jsonl.gz"), "rt", encoding="utf-8") as f:
        for line in f:
            page = json.loads(line)
            if page["dataset"] not in ("dragnet_data", "CleanPortalEval-master"):
                continue
            text = (page.get("extracted") or {}).get("readability")
            if text:
                texts.append(text)
            if len(texts) >= limit:
                break
    return texts


def mojibake(text: str) -> str:
    import ftfy.bad_codecs  # noqa: F401 - registers sloppy-windows-1252

    return text.encode("utf-8").decode("sloppy-windows-1252")


def cpu_seconds(func: Callable[[str], object], texts: list[str]) -> float:
    # CPU time, not wall time: the machine is shared, and waiting for a core
    # is not the pipeline's work.
    start = time.process_time()
    for text in texts:
        func(text)
    return time.process_time() - start


def check(pipeline: Pipeline, texts: list[str]) -> None:
    for text in texts:
        result = pipeline.run(text, offsets=True)
        assert result.offsets is not None
        for c, o in result.offsets.unchanged():
            assert result.text[c] == text[o], (c, o)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--preset", default="news")
    parser.add_argument("--data", choices=("web", "aeb"), default="web")
    parser.add_argument("--limit", type=int, default=300, help="documents read from web-pages")
    args = parser.parse_args()
    clean = load_web(args.limit) if args.data == "web" else load_aeb()
    corpora = {"clean news": clean, "mojibake news": [mojibake(t) for t in clean]}
    pipeline = Pipeline.from_preset(args.preset)
    ways: dict[str, Callable[[str], object]] = {
        "pipeline(text)": pipeline,
        "run(text, located=False)": lambda t: pipeline.run(t, located=False),
        "run(text)": pipeline.run,
        "run(text, offsets=True)": lambda t: pipeline.run(t, offsets=True),
        "  and its changes read": lambda t: pipeline.run(t, offsets=True).changes,
    }
    size = sum(len(t) for t in clean)
    print(
        f"{len(clean)} documents ({args.data}), {size / 1e6:.2f} M characters, preset {args.preset!r}, "
        f"median CPU time of {args.runs} runs; load average {os.getloadavg()[0]:.2f} at start"
    )
    for name, texts in corpora.items():
        check(pipeline, texts)
        timings: dict[str, list[float]] = {way: [] for way in ways}
        for _ in range(args.runs):
            for way, func in ways.items():  # interleaved, so load changes hit every way alike
                timings[way].append(cpu_seconds(func, texts))
        base = statistics.median(timings["pipeline(text)"])
        print(f"\n{name}")
        for way, values in timings.items():
            median = statistics.median(values)
            print(f"  {way:<26} {median * 1000:9.1f} ms   {median / base:5.2f}x")
    print(f"\nload average {os.getloadavg()[0]:.2f} at the end")


if __name__ == "__main__":
    main()
