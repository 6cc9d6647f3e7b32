"""Evaluate repair-truncation: what it leaves alone and what it repairs.

Reads the evaluation data beside the repository, by default from
``../shared/data`` (``--data-dir`` to point elsewhere); nothing of it is
shipped with cleantext:

- ``article-extraction-benchmark/ground-truth.json``: 127 complete news
  articles marked by people (MIT licence);
- ``web-pages/pages.jsonl.gz``: the ``gold`` main text of real web pages
  (hand-made fixtures and empty golds skipped).

Split. Every document belongs to the part of its site: ``tune`` when the
CRC-32 of its domain (the page id when it has no address) is even, ``test``
when odd. The split was fixed before any rule or threshold was tuned; the
rules and the word statistics were fitted on ``tune`` only, and the figures
to report are those of ``--part test`` (the default).

Figures:

(a) complete articles changed: the share of complete documents that the pass
    (``drop`` policy) changes at all, by language (English, German, other),
    for each source. Target: at most 0.2% in English.
(b) cut repair: each complete article of the article-extraction benchmark is
    cut at ``--cuts`` random character positions and repaired. A repair is
    exact when it is one of these, and only these:

      S  the article up to the last sentence end at or before the cut (the
         cut text itself when the cut falls in the first sentence: a text is
         never emptied);
      L  the article up to the last sentence end OR line end at or before
         the cut: a headline, a list item or a credit line that stands
         before the cut is kept;
      U  the cut text unchanged, when the cut falls inside a line that has
         no sentence end in the full article (a headline, a list item), or
         right after a complete word (spaces after it aside): the pass cuts
         only on evidence, and a cut after a word that can end a sentence
         shows none.

    Where the sentences end is decided on the UNCUT article with
    cleantext.text.sentence_ends (a line that ends with its final mark ends
    a sentence there too). Also reported: "removed complete text" (the repair
    removed a complete sentence or line: it is shorter than L), "left cut"
    (unchanged although the cut fell mid-word) and (c) outputs that are not a
    prefix of the cut text (must be 0 under drop).
(d) speed: 10 MB of "a\\n" and of prose without a final mark, one run each.

``--fit FILE`` writes the word statistics (cleantext/data/endings-words.tsv)
from the ``tune`` part and exits.

Example:

    python benchmarks/eval_truncation.py --cuts 50 --seed 1
"""

from __future__ import annotations

import argparse
import bisect
import gzip
import json
import os
import random
import re
import sys
import time
import zlib
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from statistics import median
from typing import NamedTuple
from urllib.parse import urlsplit

from cleantext.passes.endings import RepairTruncation
from cleantext.text import ends_sentence, sentence_ends


def _default_data_dir() -> Path:
    """``../shared/data`` of the repository, or of the checkout it sits in."""
    for parent in Path(__file__).resolve().parents[1:4]:
        candidate = parent.parent / "shared" / "data"
        if candidate.is_dir():
            return candidate
    return Path(__file__).resolve().parents[1].parent / "shared" / "data"


_LINE_END = re.compile(r"\S[^\S\r\n]*(?=\r\n|\r|\n|\Z)")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_ENDS_AFTER = re.compile(r"[.!?…]+[\"'”’»)\]]*(?:\s|\Z)")
# A few very frequent words per language, to sort documents by language.
_STOPWORDS = {
    "en": {"the", "and", "of", "to", "is", "in", "that", "it", "was", "for"},
    "de": {"der", "die", "und", "das", "ist", "nicht", "ein", "mit", "sich", "auch"},
    "pt": {"de", "que", "não", "uma", "os", "para", "com", "do", "da", "em"},
    "es": {"el", "los", "las", "del", "que", "una", "por", "con", "para", "es"},
    "fr": {"le", "les", "des", "est", "une", "et", "du", "pour", "dans", "pas"},
    "ru": {"и", "в", "не", "на", "что", "с", "по", "это", "как", "он"},
}


class Document(NamedTuple):
    source: str
    key: str
    domain: str
    language: str
    text: str


def part_of(domain: str) -> str:
    """The part of the split a site belongs to (fixed before tuning)."""
    return "tune" if zlib.crc32(domain.encode("utf-8")) % 2 == 0 else "test"


def guess_language(text: str) -> str:
    words = Counter(w.lower() for w in _WORD.findall(text[:5000]))
    scores = {lang: sum(words[w] for w in stops) for lang, stops in _STOPWORDS.items()}
    best = max(scores, key=lambda k: scores[k])
    return best if scores[best] >= 5 else "other"


def load(data_dir: Path) -> list[Document]:
    docs: list[Document] = []
    truth = json.loads((data_dir / "article-extraction-benchmark/ground-truth.json").read_text(encoding="utf-8"))
    for key, value in truth.items():
        text = value["articleBody"]
        if text.strip():
            domain = urlsplit(value.get("url") or "").hostname or key
            docs.append(Document("article-benchmark", key, domain, guess_language(text), text))
    with gzip.open(data_dir / "web-pages/pages.jsonl.gz", "rt", encoding="utf-8") as lines:
        for line in lines:
            page = json.loads(line)
            if page["synthetic"] or not page["gold"].strip():
                continue
            domain = page["domain"] or page["id"]
            docs.append(Document("web-pages", page["id"], domain, page["language"] or "other", page["gold"]))
    return docs


def _group(language: str) -> str:
    return language if language in ("en", "de") else "other"


# -- (a) complete documents ------------------------------------------------


def complete_changed(docs: list[Document], repair: RepairTruncation, show: int) -> None:
    print("(a) complete documents changed by repair-truncation (drop):")
    shown = 0
    for source in ("article-benchmark", "web-pages"):
        counts: Counter[str] = Counter()
        changed: Counter[str] = Counter()
        for doc in docs:
            if doc.source != source:
                continue
            group = _group(doc.language)
            counts[group] += 1
            out = repair(doc.text)
            if out != doc.text:
                changed[group] += 1
                if shown < show:
                    shown += 1
                    removed = doc.text[len(out.rstrip()) :].strip()
                    print(f"    changed {doc.key}: ...{out.rstrip()[-90:]!r}\n      removed {removed[:200]!r}")
        for group in ("en", "de", "other"):
            if counts[group]:
                share = changed[group] / counts[group]
                print(f"    {source:18} {group:5}: {share:6.2%} ({changed[group]}/{counts[group]})")


# -- (b) cut repair ----------------------------------------------------------


class Article:
    """A complete article and its sentence and line ends."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.sentence_ends = sorted(set(sentence_ends(text)) | {m.start() + 1 for m in _final_marks(text)})
        line_ends = {m.start() + 1 for m in _LINE_END.finditer(text)}
        self.unit_ends = sorted(set(self.sentence_ends) | line_ends)

    def up_to_last(self, ends: list[int], cut: int) -> str:
        """The article up to the last of ``ends`` at or before ``cut``, or
        the cut text when there is none."""
        i = bisect.bisect_right(ends, cut)
        return self.text[: ends[i - 1]] if i else self.text[:cut]

    def cut_in_unpunctuated_line(self, cut: int) -> bool:
        """True when ``cut`` falls inside a line with no sentence end at all."""
        text = self.text
        start = max(text.rfind("\n", 0, cut), text.rfind("\r", 0, cut)) + 1
        stops = [i for i in (text.find("\n", cut), text.find("\r", cut)) if i != -1]
        line = text[start : min(stops, default=len(text))]
        return bool(text[start:cut].strip()) and not (ends_sentence(line) or sentence_ends(line))

    def cut_after_word(self, cut: int) -> bool:
        """True when the cut falls right after a complete word."""
        kept = len(self.text[:cut].rstrip())
        return kept > 0 and self.text[kept - 1].isalnum() and not self.text[kept].isalnum()

    def answers(self, cut: int) -> dict[str, str]:
        """The accepted repairs of ``text[:cut]``, by name (see --help)."""
        out = {
            "S": self.up_to_last(self.sentence_ends, cut).rstrip(),
            "L": self.up_to_last(self.unit_ends, cut).rstrip(),
        }
        if self.cut_in_unpunctuated_line(cut) or self.cut_after_word(cut):
            out["U"] = self.text[:cut].rstrip()
        return out


def _final_marks(text: str) -> Iterator[re.Match[str]]:
    """Lines that end with a sentence's final mark end a sentence."""
    for m in _LINE_END.finditer(text):
        if ends_sentence(text[max(0, m.start() - 80) : m.start() + 1]):
            yield m


def cut_repair(docs: list[Document], repair: RepairTruncation, cuts: int, seed: int, show: int) -> None:
    articles = [Article(d.text) for d in docs if d.source == "article-benchmark"]
    rng = random.Random(seed)
    total = exact = not_prefix = too_much = left_cut = 0
    alone = {"S": 0, "L": 0}
    misses: list[tuple[str, str, dict[str, str]]] = []
    timings: list[float] = []
    for article in articles:
        for _ in range(cuts):
            cut = rng.randrange(1, len(article.text))
            text = article.text[:cut]
            started = time.perf_counter()
            out = repair(text)
            timings.append(time.perf_counter() - started)
            total += 1
            got = out.rstrip()
            answers = article.answers(cut)
            for name in alone:
                alone[name] += got == answers[name]
            if got in answers.values():
                exact += 1
            elif len(misses) < show:
                misses.append((text[-160:], got[-100:], {k: v[-100:] for k, v in answers.items()}))
            if not text.startswith(got):
                not_prefix += 1
            if len(got) < len(answers["L"]):
                too_much += 1
            if got == text.rstrip() and got not in answers.values():
                left_cut += 1
    for text, got, answers in misses:
        print(f"cut:  ...{text!r}\n got: ...{got!r}")
        for name, answer in answers.items():
            print(f"   {name}: ...{answer!r}")
        print()
    print(f"(b) cut repair: {len(articles)} articles, {total} cut texts ({cuts} per article, seed {seed})")
    print(f"    repaired exactly (S, L or U): {exact / total:.2%} ({exact}/{total})")
    print(f"    one answer only, S: {alone['S'] / total:.2%}; L: {alone['L'] / total:.2%}")
    print(f"    removed complete text (shorter than L): {too_much / total:.2%} ({too_much}/{total})")
    print(f"    left cut (unchanged, not an accepted answer): {left_cut / total:.2%} ({left_cut}/{total})")
    print(f"(c) outputs not a prefix of the input: {not_prefix / total:.2%} ({not_prefix}/{total})")
    print(f"    median time per cut text: {median(timings) * 1e6:.0f} µs")


# -- (d) speed ---------------------------------------------------------------


def speed(repair: RepairTruncation) -> None:
    load1 = os.getloadavg()[0]
    for name, text in (
        ("10 MB of 'a\\n'", "a\n" * 5_000_000),
        ("10 MB of prose lines without a final mark", "the cat sat on the\n" * 526_316),
    ):
        started = time.perf_counter()
        repair(text)
        print(f"(d) {name}: {time.perf_counter() - started:.3f} s (load average {load1:.2f})")


# -- word statistics -----------------------------------------------------------


def fit(docs: list[Document], out: Path) -> None:
    """Count, per lower-cased word, its occurrences and how many of them end
    a sentence, on the ``tune`` part; keep words seen at least twice."""
    count: Counter[str] = Counter()
    ends: Counter[str] = Counter()
    for doc in docs:
        text = doc.text
        for m in _WORD.finditer(text):
            word = m.group().lower().replace("’", "'")
            count[word] += 1
            if _ENDS_AFTER.match(text, m.end()):
                ends[word] += 1
    sources = sorted({d.source for d in docs})
    with out.open("w", encoding="utf-8", newline="\n") as f:
        f.write(
            "# Word statistics for repair-truncation (cleantext/passes/endings.py).\n"
            "# word, occurrences, occurrences that end a sentence (a final mark follows).\n"
            f"# Fitted by benchmarks/eval_truncation.py --fit on the 'tune' part ({len(docs)} documents) of:\n"
            "# the article-extraction-benchmark ground truth (scrapinghub, MIT licence) and the gold\n"
            "# main texts of web-pages (DragNet, CleanEval, Mozilla Readability, CleanPortalEval).\n"
            f"# Sources: {', '.join(sources)}. Only counts of words seen at least twice are kept.\n"
        )
        for word in sorted(w for w, n in count.items() if n >= 2):
            f.write(f"{word}\t{count[word]}\t{ends[word]}\n")
    print(f"wrote {out}: {sum(1 for n in count.values() if n >= 2)} words from {len(docs)} documents")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n", 1)[1] if __doc__ else None,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--data-dir", type=Path, default=_default_data_dir(), help="the shared data folder (default: %(default)s)"
    )
    parser.add_argument("--part", choices=("test", "tune", "all"), default="test", help="split part (default: test)")
    parser.add_argument("--cuts", type=int, default=50, help="random cut positions per article (default: %(default)s)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default: %(default)s)")
    parser.add_argument("--show", type=int, default=0, help="print this many changed documents and misses")
    parser.add_argument("--no-speed", action="store_true", help="skip the speed check (d)")
    parser.add_argument("--fit", type=Path, metavar="FILE", help="write word statistics from the tune part and exit")
    args = parser.parse_args(argv)
    if not (args.data_dir / "article-extraction-benchmark/ground-truth.json").is_file():
        parser.error(f"{args.data_dir}: no article-extraction-benchmark/ground-truth.json; give --data-dir")
    if args.cuts < 1:
        parser.error("--cuts must be 1 or more")

    docs = load(args.data_dir)
    if args.fit:
        fit([d for d in docs if part_of(d.domain) == "tune"], args.fit)
        return 0
    if args.part != "all":
        docs = [d for d in docs if part_of(d.domain) == args.part]
    print(f"part: {args.part} ({len(docs)} documents)")
    repair = RepairTruncation()
    complete_changed(docs, repair, args.show)
    cut_repair(docs, repair, args.cuts, args.seed, args.show)
    if not args.no_speed:
        speed(repair)
    return 0


if __name__ == "__main__":
    sys.exit(main())
