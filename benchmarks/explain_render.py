"""How long an explanation takes to render, and how big it is: the sample
article, and one news-like document of a megabyte built from the bundled
corpora with generated damage (tests/newslike.py); also
Pipeline.explain_many on 1,000 generated documents.

    python benchmarks/explain_render.py              # the figures in docs/explain.md
    python benchmarks/explain_render.py --runs 11 --preset news

Rendering is timed from a fresh Report (grouping included), median of
--runs; cleaning (Pipeline.explain) is timed once and reported apart.
Reads only the bundled corpora.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cleantext import Pipeline  # noqa: E402
from cleantext.report import Report  # noqa: E402
from tests.newslike import articles, megabyte  # noqa: E402

SAMPLE = ROOT / "corpora" / "reuters-2022-02-01-putin-nato.txt"
# The megabyte's default pipeline leaves out normalize-whitespace, whose
# changes are found by a line diff that takes seconds on such a document.
FAST = ["fix-encoding", "strip-promos", "strip-captions", "normalize-names"]


def fresh(report: Report) -> Report:
    return Report(report.original, report.text, report.changes, report.passes, report.offsets)


def timed(fn, runs: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--preset", help=f"pipeline for the megabyte document (default: {','.join(FAST)})")
    parser.add_argument("--documents", type=int, default=1000, help="for explain_many")
    args = parser.parse_args(argv)

    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    big_pipeline = Pipeline.from_preset(args.preset) if args.preset else Pipeline(FAST)
    cases = [
        ("sample article (news)", Pipeline.from_preset("news"), SAMPLE.read_text(encoding="utf-8")),
        (f"1 MB news-like ({args.preset or 'four passes'})", big_pipeline, megabyte()),
    ]
    print(
        f"{'document':<34} {'chars':>9} {'changes':>8} {'explain s':>9} {'html s':>7} {'html KB':>8} "
        f"{'rows':>5} {'text s':>7}"
    )
    for name, pipeline, text in cases:
        start = time.perf_counter()
        report = pipeline.explain(text)
        explain = time.perf_counter() - start
        html_s = timed(lambda r=report: fresh(r).to_html(), args.runs)
        text_s = timed(lambda r=report: str(fresh(r)), args.runs)
        markup = report.to_html()
        rows = markup.count('<li class="ct-entry')
        print(
            f"{name:<34} {len(text):>9,} {len(report.changes):>8,} {explain:>9.2f} {html_s:>7.3f} "
            f"{len(markup.encode('utf-8')) / 1000:>8.1f} {rows:>5} {text_s:>7.3f}"
        )
    texts = articles(args.documents, seed=1, size=1500)
    news = Pipeline.from_preset("news")
    start = time.perf_counter()
    corpus = news.explain_many(texts)
    many = time.perf_counter() - start
    size = len(corpus.to_html().encode("utf-8")) / 1000
    print(
        f"explain_many, {len(texts):,} documents ({sum(map(len, texts)) / 1e6:.1f} M characters, news): "
        f"{many:.2f} s, {len(corpus.reasons)} rows, {size:.1f} KB of HTML"
    )
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
