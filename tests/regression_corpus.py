"""The real-text regression corpus: loading it and measuring what a cleaner
did to a document that needed no cleaning.

Used by ``tests/quality/test_regression_corpus.py`` (which demands no damage) and by
``benchmarks/regression_corpus.py`` (which prints the damage per pass, genre
and language). The corpus itself is described in
``tests/data/regression/README.md``.

A document is damaged when, after whitespace is normalised, a non-blank line
of it is missing from the output (``removed``) or a line's words differ
(``changed``), other than by the rewrites listed for that document in
``rewrites.tsv``. Changes of whitespace alone (trailing spaces, runs of
spaces, blank lines) are not damage.
"""

from __future__ import annotations

import csv
import difflib
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).parent / "data" / "regression"
MANIFEST = ROOT / "manifest.tsv"
REWRITES = ROOT / "rewrites.tsv"
TEXTS = ROOT / "texts"
MANIFEST_FIELDS = ("id", "genre", "language", "source", "licence", "url")


@dataclass(frozen=True)
class Document:
    id: str
    genre: str
    language: str
    source: str
    licence: str
    url: str
    text: str
    rewrites: tuple[tuple[str, str], ...] = ()

    def expected(self) -> str:
        """The text with its listed name rewrites applied: what a correct
        cleaner returns, up to whitespace."""
        text = self.text
        for old, new in self.rewrites:
            text = re.sub(rf"(?<!\w){re.escape(old)}(?!\w)", new, text)
        return text


@dataclass
class Damage:
    """What happened to one line of a document."""

    kind: str  # "removed", "changed" or "added"
    before: str
    after: str = ""

    def __str__(self) -> str:
        if self.kind == "removed":
            return f"line removed: {self.before!r}"
        if self.kind == "added":
            return f"line added: {self.after!r}"
        return f"words changed: {_word_diff(self.before, self.after)}"


@dataclass
class Verdict:
    document: Document
    damage: list[Damage] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.damage


def _read_tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def load() -> list[Document]:
    """Every document of the corpus, in manifest order."""
    rewrites: dict[str, list[tuple[str, str]]] = {}
    for row in _read_tsv(REWRITES):
        rewrites.setdefault(row["id"], []).append((row["from"], row["to"]))
    docs = []
    for row in _read_tsv(MANIFEST):
        text = (TEXTS / f"{row['id']}.txt").read_bytes().decode("utf-8")
        docs.append(
            Document(**{k: row[k] for k in MANIFEST_FIELDS}, text=text, rewrites=tuple(rewrites.get(row["id"], ())))
        )
    return docs


def _lines(text: str) -> list[str]:
    # Whitespace is not content: compare lines as their words, NFC, so that
    # normalize-whitespace and normalize-unicode are free to do their jobs.
    out = []
    for line in re.split(r"\r\n|[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]", unicodedata.normalize("NFC", text)):
        words = " ".join(line.split())
        if words:
            out.append(words)
    return out


def _word_diff(before: str, after: str) -> str:
    a, b = before.split(), after.split()
    parts = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op != "equal":
            parts.append(f"{' '.join(a[i1:i2])!r} -> {' '.join(b[j1:j2])!r}")
    return "; ".join(parts)


def compare(expected: str, output: str) -> list[Damage]:
    """The lines of ``expected`` that ``output`` lost or changed."""
    a, b = _lines(expected), _lines(output)
    damage: list[Damage] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        old, new = a[i1:i2], b[j1:j2]
        if op == "replace" and len(old) == len(new):
            damage.extend(Damage("changed", x, y) for x, y in zip(old, new, strict=True))
            continue
        # Lines were lost or merged: pair each old line with the most similar
        # new one; a line with no similar line left is a removed line.
        pool = list(new)
        for x in old:
            best = max(pool, key=lambda y: difflib.SequenceMatcher(None, x, y).ratio(), default=None)
            if best is not None and difflib.SequenceMatcher(None, x, best).ratio() >= 0.6:
                pool.remove(best)
                damage.append(Damage("changed", x, best))
            else:
                damage.append(Damage("removed", x))
        damage.extend(Damage("added", "", y) for y in pool)
    return damage


def check(cleaner: Callable[[str], str], document: Document) -> Verdict:
    return Verdict(document, compare(document.expected(), cleaner(document.text)))


def per_pass(passes: list[tuple[str, Callable[[str], str]]], document: Document) -> Iterator[tuple[str, Damage]]:
    """Run the passes in order and say which pass did which damage.

    Each pass is compared with the text it was given, so the damage is
    charged to the pass that did it. A listed rewrite made by a pass is not
    damage."""
    text = document.text
    for name, p in passes:
        out = p(text)
        if out != text:
            allowed = Document(**{**document.__dict__, "text": text}).expected()
            for d in compare(allowed, out):
                yield name, d
        text = out
