"""News-like documents for the report tests and benchmarks, built from the
bundled corpora only: paragraphs of the sample articles shuffled into new
articles, with the dirt scrapers leave (mojibake, promo lines, captions,
runs of spaces, extra blank lines). Deterministic for a seed."""

from __future__ import annotations

import random
from pathlib import Path

import ftfy.bad_codecs  # noqa: F401  (registers "sloppy-windows-1252")

CORPORA = Path(__file__).resolve().parent.parent / "corpora"
SOURCES = [
    "reuters-2022-02-01-putin-nato.expected.txt",
    "mojibake-cp1252.expected.txt",
    "curly-quotes-unchanged.txt",
    "truncated-feed.expected.txt",
    "html-entities.expected.txt",
    "french-nbsp-unchanged.txt",
    "endings-unchanged.txt",
]
PROMOS = ["Advertisement", "(Do not miss: How the markets closed on Friday)", "READ MORE: The week in pictures"]
CAPTIONS = [
    "Firefighters work at the scene on Monday. Photo: Jane Roe, AP",
    "Traders on the floor of the exchange. REUTERS/John Doe",
]


def paragraphs() -> list[str]:
    """The prose paragraphs of the bundled corpora (each ends a sentence)."""
    out = []
    for name in SOURCES:
        for block in (CORPORA / name).read_text(encoding="utf-8").split("\n\n"):
            block = block.strip()
            if len(block) > 80 and block[-1] in ".”\"'":
                out.append(block)
    return out


def mojibake(text: str) -> str:
    """UTF-8 read as Windows-1252: ``’`` becomes ``â€™``, ``”`` ``â€\\x9d``."""
    return text.encode("utf-8").decode("sloppy-windows-1252")


def article(rng: random.Random, pool: list[str], *, size: int = 3000) -> str:
    """One dirty article of about ``size`` characters."""
    parts: list[str] = []
    length = 0
    while length < size:
        para = rng.choice(pool)
        roll = rng.random()
        if roll < 0.25:
            para = mojibake(para)
        elif roll < 0.35:
            para = para.replace(". ", ".  ", 2)
        parts.append(para)
        length += len(para)
        roll = rng.random()
        if roll < 0.08:
            parts.append(rng.choice(PROMOS))
        elif roll < 0.14:
            parts.append(rng.choice(CAPTIONS))
    gap = "\n\n\n" if rng.random() < 0.2 else "\n\n"
    return gap.join(parts) + "\n"


def articles(n: int, *, seed: int = 0, size: int = 3000) -> list[str]:
    rng = random.Random(seed)
    pool = paragraphs()
    return [article(rng, pool, size=size) for _ in range(n)]


def megabyte(*, seed: int = 0, length: int = 1_000_000) -> str:
    """Dirty articles concatenated into one document of ``length`` characters or more."""
    rng = random.Random(seed)
    pool = paragraphs()
    parts: list[str] = []
    total = 0
    while total < length:
        parts.append(article(rng, pool))
        total += len(parts[-1]) + 1
    return "\n".join(parts)
