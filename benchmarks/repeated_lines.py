"""Evaluate ``strip-repeated-lines`` on real extractor output, by site.

Reads ``../shared/data/web-pages/pages.jsonl.gz`` (beside the project, or
beside a folder above it; override with ``--data``): real web pages with a gold
main text and the uncleaned output of four extractors. The pages are grouped
by their ``domain`` (pages without one get no source and are never changed)
and the domains are split in two by a hash of their name: ``tune`` (the
thresholds were chosen on it) and ``held-out`` (the figures to quote).

For each extractor, a profile is learned from the extractor's texts of the
split (one source per domain), and every page is cleaned with
``strip-repeated-lines`` alone. Printed per extractor and data set:

- lines removed, and the share of them that are not in the gold (precision
  of removal); gold lines removed, as a share of the gold lines in the
  extractor's output; gold-absent lines removed, as a share of those present;
- the benchmark's 4-gram shingle precision and recall against the gold,
  before and after (per-page averages, as in ``eval_boilerplate.py``),
  over the pages that have a source in a profiled site;
- with ``--grid``: the line figures for a grid of thresholds (on the split
  asked for), which is how the defaults were chosen on ``tune``;
- with ``--list N``: the N gold lines removed most often, with their source.

Lines are in the gold when they are one of its lines (white space collapsed)
or a passage of four or more words of it. Lines without a letter or digit
("-", "|", "»") carry no text: they are left out of the line figures (some
golds keep separator lines) and do not count in the shingles either.

    python benchmarks/repeated_lines.py                   # held-out, defaults
    python benchmarks/repeated_lines.py --split tune --grid

This is an evaluation script, not a test: the data is not part of the project.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import re
import statistics
import sys
import time
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from cleantext.passes.repeated import StripRepeatedLines  # noqa: E402
from cleantext.profile import ProfileBuilder, line_hash  # noqa: E402

_DATA = Path("shared", "data", "web-pages", "pages.jsonl.gz")
DEFAULT_DATA = next((p / _DATA for p in ROOT.parents if (p / _DATA).exists()), ROOT.parent / _DATA)
EXTRACTORS = ("fullpage", "trafilatura", "readability", "newspaper")
_WORD = re.compile(r"\w+")


def split_of(domain: str) -> str:
    """``tune`` or ``held-out``, fixed by a hash of the domain."""
    return "tune" if hashlib.sha256(domain.encode()).digest()[0] % 2 == 0 else "held-out"


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    tokens = _WORD.findall(text.lower())
    if len(tokens) < n:
        return Counter([tuple(tokens)] if tokens else [])
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


def precision_recall(truth: str, pred: str) -> tuple[float, float] | None:
    t, p = shingles(truth), shingles(pred)
    tp = sum((t & p).values())
    fp = sum((p - t).values())
    fn = sum((t - p).values())
    if fp == fn == 0:
        return (1.0, 1.0) if tp else None
    return (tp / (tp + fp) if tp + fp else 0.0, tp / (tp + fn) if tp + fn else 0.0)


def norm(line: str) -> str:
    return " ".join(unicodedata.normalize("NFC", line).split())


@dataclass
class Gold:
    text: str
    lines: set[str] = field(init=False)
    flat: str = field(init=False)

    def __post_init__(self) -> None:
        self.lines = {norm(line) for line in self.text.splitlines() if line.strip()}
        self.flat = norm(self.text)

    def has(self, line: str) -> bool:
        n = norm(line)
        return n in self.lines or (len(n.split()) >= 4 and n in self.flat)


def load(path: Path) -> list[dict[str, Any]]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return [p for p in map(json.loads, handle) if not p["synthetic"]]


@dataclass
class Page:
    id: str
    dataset: str
    source: str | None
    text: str
    gold: Gold
    #: per non-blank line: (hash, in gold)
    lines: list[tuple[int, bool, str]]
    #: the hashes of every non-blank line, words or not (what the pass's guard sees)
    hashes: list[int]


def pages_for(pages: list[dict[str, Any]], extractor: str, split: str) -> list[Page]:
    out = []
    for p in pages:
        text = p["extracted"].get(extractor)
        if text is None:
            continue
        domain = p["domain"]
        if domain is None or split_of(domain) != split:
            if domain is not None:
                continue
            # Pages without a domain belong to no split: leave them out.
            continue
        gold = Gold(p["gold"])
        lines, hashes = [], []
        for line in text.split("\n"):
            h = line_hash(line)
            if h is None:
                continue
            hashes.append(h)
            if _WORD.search(line):
                lines.append((h, gold.has(line), line))
        out.append(Page(p["id"], p["dataset"], domain, text, gold, lines, hashes))
    return out


def learn(pages: Iterable[Page]) -> Any:
    builder = ProfileBuilder()
    for page in pages:
        if page.source is not None:
            builder.add(page.text, page.source)
    return builder.profile(source_field="domain")


@dataclass
class Tally:
    removed: int = 0
    removed_gold: int = 0
    gold_lines: int = 0
    dirt_lines: int = 0
    pages: int = 0
    pages_changed: int = 0
    wrong: list[tuple[str, str, str]] = field(default_factory=list)
    seconds: float = 0.0

    def row(self) -> str:
        prec = 1 - self.removed_gold / self.removed if self.removed else float("nan")
        dirt_removed = self.removed - self.removed_gold
        return (
            f"removed {self.removed:5d} lines, {prec:6.1%} gold-absent | "
            f"gold lines removed {self.removed_gold:3d}/{self.gold_lines} ({self.removed_gold / max(1, self.gold_lines):.2%}) | "
            f"gold-absent lines removed {dirt_removed}/{self.dirt_lines} ({dirt_removed / max(1, self.dirt_lines):.1%}) | "
            f"pages changed {self.pages_changed}/{self.pages}"
        )


def _goes(table: Any, need: int, h: int, times: int) -> bool:
    """The pass's rule for one line hash that a document has ``times`` times."""
    seen = table.lines.get(h, 0)
    return seen >= need and not (times > 1 and 2 * table.repeats.get(h, 0) < seen)


def simulate(pages: list[Page], profile: Any, strip: StripRepeatedLines) -> Tally:
    """The line figures of ``strip``'s decision rule, from the hashes (fast)."""
    tally = Tally()
    for page in pages:
        tally.pages += 1
        tally.gold_lines += sum(g for _, g, _ in page.lines)
        tally.dirt_lines += sum(not g for _, g, _ in page.lines)
        table = profile.sources.get(page.source) if page.source else None
        if table is None or table.documents < strip.min_source_documents:
            continue
        need = strip.threshold(table.documents)
        times = Counter(page.hashes)
        going = {h for h in times if _goes(table, need, h, times[h])}
        if all(h in going for h in page.hashes):
            continue  # the pass leaves a document that is all template alone
        gone = [(g, line) for h, g, line in page.lines if h in going]
        if not gone:
            continue
        tally.pages_changed += 1
        tally.removed += len(gone)
        tally.removed_gold += sum(g for g, _ in gone)
    return tally


def evaluate(pages: list[Page], profile: Any, strip: StripRepeatedLines) -> tuple[Tally, dict[str, list]]:
    """Run the pass itself: line figures, listed false removals and shingle scores."""
    tally = Tally()
    scores: dict[str, list[tuple[tuple[float, float], tuple[float, float]]]] = defaultdict(list)
    for page in pages:
        tally.pages += 1
        tally.gold_lines += sum(g for _, g, _ in page.lines)
        tally.dirt_lines += sum(not g for _, g, _ in page.lines)
        bound = strip.for_source(page.source) if page.source else strip.for_source("\x00none")
        started = time.perf_counter()
        out, changes = bound.apply(page.text)
        tally.seconds += time.perf_counter() - started
        removed = [c for c in changes if _WORD.search(c.before)]
        if removed:
            tally.pages_changed += 1
        for c in removed:
            tally.removed += 1
            if page.gold.has(c.before):
                tally.removed_gold += 1
                tally.wrong.append((page.id, norm(c.before)[:90], c.reason or ""))
        before = precision_recall(page.gold.text, page.text)
        after = precision_recall(page.gold.text, out)
        if before is not None and after is not None:
            scores[page.dataset].append((before, after))
    return tally, scores


def by_dataset(pages: list[Page]) -> dict[str, list[Page]]:
    groups: dict[str, list[Page]] = defaultdict(list)
    for page in pages:
        groups[page.dataset].append(page)
    return dict(sorted(groups.items()))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="pages.jsonl.gz of web-pages")
    parser.add_argument("--split", choices=("tune", "held-out"), default="held-out")
    parser.add_argument("--extractors", default=",".join(EXTRACTORS))
    parser.add_argument("--grid", action="store_true", help="line figures over a grid of thresholds")
    parser.add_argument("--list", type=int, default=0, metavar="N", help="list up to N gold lines removed")
    parser.add_argument("--share", type=float, default=None)
    parser.add_argument("--min-documents", type=int, default=None)
    parser.add_argument("--min-source-documents", type=int, default=None)
    args = parser.parse_args(argv)
    if not args.data.exists():
        parser.error(f"{args.data}: not found (the web-pages set, see --help)")
    options = {
        k: v
        for k, v in {
            "share": args.share,
            "min_documents": args.min_documents,
            "min_source_documents": args.min_source_documents,
        }.items()
        if v is not None
    }
    all_pages = load(args.data)
    domains = Counter(p["domain"] for p in all_pages if p["domain"])
    in_split = {d: n for d, n in domains.items() if split_of(d) == args.split}
    print(
        f"split {args.split}: {len(in_split)} domains, {sum(in_split.values())} pages"
        f" ({sum(1 for n in in_split.values() if n >= 5)} domains with 5 or more pages); options {options or 'defaults'}"
    )
    for extractor in args.extractors.split(","):
        pages = pages_for(all_pages, extractor, args.split)
        started = time.perf_counter()
        profile = learn(pages)
        learned = time.perf_counter() - started
        print(
            f"\n== {extractor}: {len(pages)} pages, profile of {len(profile.sources)} sources,"
            f" {len(profile)} repeated line hashes, learned in {learned:.2f} s"
        )
        if args.grid:
            for min_source in (3, 5, 8):
                for min_docs in (2, 3, 4):
                    for share in (0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8):
                        strip = StripRepeatedLines.with_profile(
                            profile, share=share, min_documents=min_docs, min_source_documents=min_source
                        )
                        t = simulate(pages, profile, strip)
                        print(f"  share {share:.1f} min_documents {min_docs} min_source {min_source}: {t.row()}")
            continue
        strip = StripRepeatedLines.with_profile(profile, **options)
        cleaning = 0.0
        for dataset, group in by_dataset(pages).items():
            tally, scores = evaluate(group, profile, strip)
            cleaning += tally.seconds
            print(f"  {dataset:24s} {tally.row()}")
            for ds, pairs in scores.items():
                pb = statistics.mean(b[0] for b, _ in pairs)
                rb = statistics.mean(b[1] for b, _ in pairs)
                pa = statistics.mean(a[0] for _, a in pairs)
                ra = statistics.mean(a[1] for _, a in pairs)
                print(
                    f"  {'':24s} shingles over {len(pairs)} pages: precision {pb:.3f} -> {pa:.3f} ({pa - pb:+.3f}),"
                    f" recall {rb:.3f} -> {ra:.3f} ({ra - rb:+.3f})"
                )
                del ds
            distinct = Counter((line, reason.rsplit(" from ", 1)[-1]) for _, line, reason in tally.wrong)
            for (line, source), n in distinct.most_common(args.list):
                print(f"    gold line removed {n}x: {line!r} (from {source})")
        chars = sum(len(p.text) for p in pages)
        print(
            f"  speed: profile {chars / learned / 1e6:.1f} M characters/s,"
            f" cleaning (apply, with reasons) {chars / cleaning / 1e6:.1f} M characters/s"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
