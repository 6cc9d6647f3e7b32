"""What fix-encoding's check of the family view (NFC, spaces collapsed)
costs: the pass against its ftfy core alone, on real text.

Reads ../shared/data/article-extraction-benchmark/ground-truth.json (beside
the repository; --data to change): 127 news articles, clean, mostly English,
some non-ASCII. Times, per corpus, the pass (``FixEncoding()``) and its ftfy
core (``FixEncoding()._ftfy``, what the pass did before), each --repeats
times, and prints the medians, their ratio and the load average. Corpora:
the articles as they are, their mojibake (UTF-8 read as Windows-1252), and
that mojibake decomposed (NFD), which only the pass repairs.

    python benchmarks/fix_encoding_views.py [--repeats 9]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cleantext.passes.encoding import FixEncoding
from cleantext.testing import mojibake

DEFAULT_DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data"


def _median_ms(func: Callable[[str], str], texts: list[str], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        for text in texts:
            func(text)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the shared data folder")
    parser.add_argument("--repeats", type=int, default=9)
    args = parser.parse_args(argv)
    truth = json.loads((args.data / "article-extraction-benchmark" / "ground-truth.json").read_text(encoding="utf-8"))
    clean = [v["articleBody"] for v in truth.values()]
    garbled = [mojibake(t) for t in clean]
    corpora = {
        "clean": clean,
        "mojibake": garbled,
        "mojibake, NFD": [unicodedata.normalize("NFD", t) for t in garbled],
    }
    p = FixEncoding()
    p(clean[0])
    print(
        f"load average {os.getloadavg()[0]:.2f}; {len(clean)} articles, {sum(map(len, clean)) / 1e6:.2f} M characters"
    )
    print(f"{'corpus':<16}{'pass ms':>10}{'ftfy core ms':>14}{'ratio':>8}{'repaired by pass / core':>26}")
    for name, texts in corpora.items():
        whole = _median_ms(p, texts, args.repeats)
        core = _median_ms(p._ftfy, texts, args.repeats)
        nfc = [unicodedata.normalize("NFC", t) for t in clean]
        by_pass = sum(unicodedata.normalize("NFC", p(t)) == c for t, c in zip(texts, nfc, strict=True))
        by_core = sum(unicodedata.normalize("NFC", p._ftfy(t)) == c for t, c in zip(texts, nfc, strict=True))
        print(f"{name:<16}{whole:>10.1f}{core:>14.1f}{whole / core:>8.2f}{f'{by_pass} / {by_core}':>26}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
