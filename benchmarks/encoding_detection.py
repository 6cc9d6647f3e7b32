"""Which legacy-encoding detector should ``--encoding auto`` use?

Reads the human ground truth of the article-extraction benchmark from
../shared/data/ (not part of the project; pass --data to point elsewhere),
encodes each article (and each paragraph) in cp1252 and in latin-1, and
counts how often each detector's decoding gives back exactly the original
text. Articles that are pure ASCII, or that cannot be encoded in the target
encoding, say nothing about detection and are left out (their counts are
printed). UTF-8 is measured too: detection must never break correct UTF-8.

    python benchmarks/encoding_detection.py
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path

_HERE = Path(__file__).resolve()
# ../shared/data beside the checkout (also from a worktree one level deeper).
DEFAULT_DATA = next(
    (
        p / "shared" / "data" / "article-extraction-benchmark"
        for p in _HERE.parents[1:4]
        if (p / "shared" / "data").is_dir()
    ),
    _HERE.parents[2] / "shared" / "data" / "article-extraction-benchmark",
)


def ftfy_guess(data: bytes) -> str:
    import ftfy

    return ftfy.guess_bytes(data)[0]


def charset_normalizer_guess(data: bytes) -> str:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    return "" if best is None else str(best)


def cleantext_auto(data: bytes) -> str:
    from cleantext.io import detect_encoding

    return data.decode(detect_encoding(data), errors="replace")


FOLD = str.maketrans(
    {"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-", "\u2026": "..."}
)

DETECTORS: dict[str, Callable[[bytes], str]] = {
    "ftfy.guess_bytes": ftfy_guess,
    "charset-normalizer": charset_normalizer_guess,
    "cleantext --encoding auto": cleantext_auto,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--data", type=Path, default=DEFAULT_DATA, help="folder with ground-truth.json (../shared/data/...)"
    )
    parser.add_argument(
        "--paragraphs", type=int, default=400, help="how many non-ASCII paragraphs to test (default 400)"
    )
    args = parser.parse_args(argv)
    truth = json.loads((args.data / "ground-truth.json").read_text(encoding="utf-8"))
    articles = [v["articleBody"] for _, v in sorted(truth.items())]
    paragraphs = [p for a in articles for p in a.split("\n") if p.strip() and not p.isascii()][: args.paragraphs]
    print(f"{len(articles)} articles, {sum(not a.isascii() for a in articles)} with non-ASCII text")
    print(f"{'unit':<10} {'encoding':<17} {'n':>5} " + " ".join(f"{name:>26}" for name in DETECTORS))
    for unit, texts in (("article", articles), ("paragraph", paragraphs)):
        for encoding in ("cp1252", "latin-1", "latin-1 (folded)", "utf-8"):
            samples = []
            for text in texts:
                if encoding.endswith("(folded)"):
                    # Latin-1 cannot hold curly quotes and dashes: a Latin-1
                    # newsroom writes them as ASCII, so fold them and try again.
                    text = text.translate(FOLD)
                if text.isascii():
                    continue
                try:
                    samples.append((text, text.encode(encoding.split()[0])))
                except UnicodeEncodeError:
                    continue
            right = {name: 0 for name in DETECTORS}
            for text, data in samples:
                for name, detect in DETECTORS.items():
                    try:
                        right[name] += detect(data) == text
                    except Exception:
                        pass
            n = len(samples)
            cells = " ".join(f"{right[name]:>5}/{n:<5} ({right[name] / max(n, 1):6.1%})    " for name in DETECTORS)
            print(f"{unit:<10} {encoding:<17} {n:>5} {cells}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
