"""Speed of the textacy passes: microseconds per character on the sample
news article (corpora/) and on adversarial text (runs of long words, the
input textacy's URL, e-mail and hyphenation patterns are quadratic on), for
the raw textacy function and for cleantext's pass. Medians of --runs runs.

    python benchmarks/textacy_passes.py [--runs 5] [--size 200000]

Needs the textacy extra. Reads corpora/ only.
"""

from __future__ import annotations

import argparse
import importlib
import statistics
import time
from pathlib import Path

from cleantext.registry import make_pass

SAMPLE = Path(__file__).resolve().parent.parent / "corpora" / "reuters-2022-02-01-putin-nato.txt"
QUADRATIC = ("normalize.hyphenated_words", "replace.emails", "replace.urls")


def per_char_us(func, text: str, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func(text)
        times.append(time.perf_counter() - start)
    return statistics.median(times) / len(text) * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--size", type=int, default=200_000, help="characters of adversarial text")
    args = parser.parse_args()
    news = SAMPLE.read_text(encoding="utf-8")
    long_words = {
        "200-char words": " ".join(["a-" * 100] * (args.size // 201)),
        "one long word": "a" * args.size,
    }
    print(f"{'function':<28} {'input':<16} {'textacy us/char':>16} {'pass us/char':>14}")
    for name in QUADRATIC:
        module, attr = name.rsplit(".", 1)
        raw = getattr(importlib.import_module(f"textacy.preprocessing.{module}"), attr)
        p = make_pass(f"textacy.{name}")
        print(
            f"{name:<28} {'news sample':<16} {per_char_us(raw, news, args.runs):>16.3f} "
            f"{per_char_us(p, news, args.runs):>14.3f}"
        )
        for label, text in long_words.items():
            # the raw function on one long word is quadratic: time a short prefix only
            sample = text if label != "one long word" else text[:8000]
            print(
                f"{name:<28} {label:<16} {per_char_us(raw, sample, 1):>16.3f} {per_char_us(p, text, args.runs):>14.3f}"
            )
    print("(textacy's own time on 'one long word' is for its first 8,000 characters; it grows with the length)")


if __name__ == "__main__":
    main()
