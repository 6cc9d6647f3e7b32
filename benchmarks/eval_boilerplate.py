"""Evaluate the boilerplate passes on real extractor output with ground truth.

Reads ``../shared/data/article-extraction-benchmark/`` (beside the project, or
beside a folder above it; override with ``--data``): the ground truth and the outputs of three HTML
extractors (readability, boilerpipe, newspaper). For each extractor it prints,
before and after cleaning with a preset (``news`` by default):

- the benchmark's shingle precision, recall and F1 against the ground truth
  (lower-cased word tokens, 4-word shingles as multisets, per-document scores
  averaged over documents);
- the number of output lines that are dirt (not in the ground truth) and how
  many of them the pipeline removed;
- the number of ground-truth lines the pipeline wrongly removed, each listed
  with the pass and its reason.

This is an evaluation script, not a test: the data is not part of the project.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_DATA = Path("shared", "data", "article-extraction-benchmark")
# ../shared/data/ beside the project (from a git worktree, a level higher).
DEFAULT_DATA = next((p / _DATA for p in ROOT.parents if (p / _DATA).is_dir()), ROOT.parent / _DATA)
EXTRACTORS = ("readability", "boilerpipe", "newspaper")

_WORD = re.compile(r"\w+")


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    """The multiset of ``n``-word shingles of the lower-cased text."""
    tokens = _WORD.findall(text.lower())
    if len(tokens) < n:
        return Counter([tuple(tokens)] if tokens else [])
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


def tp_fp_fn(truth: str, pred: str) -> tuple[float, float, float]:
    """Shingle true positives, false positives and false negatives, normalized
    to sum to 1 so that long documents do not weigh more."""
    t, p = shingles(truth), shingles(pred)
    tp = sum((t & p).values())
    fp = sum((p - t).values())
    fn = sum((t - p).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def scores(triples: list[tuple[float, float, float]]) -> tuple[float, float, float]:
    """Mean precision and recall over documents, and their F1."""

    def precision(tp: float, fp: float, fn: float) -> float:
        if fp == fn == 0:
            return 1.0
        return tp / (tp + fp) if tp + fp else 0.0

    def recall(tp: float, fp: float, fn: float) -> float:
        if fp == fn == 0:
            return 1.0
        return tp / (tp + fn) if tp + fn else 0.0

    p = statistics.mean(precision(*x) for x in triples if x[0] + x[1] > 0)
    r = statistics.mean(recall(*x) for x in triples if x[0] + x[2] > 0)
    return p, r, 2 * p * r / (p + r)


def norm(line: str) -> str:
    return " ".join(unicodedata.normalize("NFC", line).split())


@dataclass
class Truth:
    """The ground truth of one page, for line lookups."""

    text: str
    lines: set[str] = field(init=False)
    flat: str = field(init=False)

    def __post_init__(self) -> None:
        self.lines = {norm(line) for line in self.text.splitlines() if line.strip()}
        self.flat = norm(self.text)

    def has(self, line: str) -> bool:
        """A line is in the ground truth when it is one of its lines, or a
        passage of four or more words of it (extractors split paragraphs at
        links differently)."""
        n = norm(line)
        return n in self.lines or (len(n.split()) >= 4 and n in self.flat)


@dataclass
class Report:
    name: str
    before: tuple[float, float, float] = (0, 0, 0)
    after: tuple[float, float, float] = (0, 0, 0)
    lines: int = 0
    dirt_before: int = 0
    dirt_after: int = 0
    dirt_removed: int = 0
    truth_lines: int = 0
    wrong: list[tuple[str, str, str, str]] = field(default_factory=list)
    removed_dirt: list[tuple[str, str, str, str]] = field(default_factory=list)


def evaluate(
    name: str, truth: dict[str, dict[str, str]], output: dict[str, dict[str, str]], pipeline: object
) -> Report:
    report = Report(name)
    before, after = [], []
    for key, page in truth.items():
        t = Truth(page.get("articleBody") or "")
        raw = (output.get(key) or {}).get("articleBody") or ""
        result = pipeline.run(raw)  # type: ignore[attr-defined]
        before.append(tp_fp_fn(t.text, raw))
        after.append(tp_fp_fn(t.text, result.text))
        for line in raw.splitlines():
            if line.strip():
                report.lines += 1
                if t.has(line):
                    report.truth_lines += 1
                else:
                    report.dirt_before += 1
        report.dirt_after += sum(1 for line in result.text.splitlines() if line.strip() and not t.has(line))
        for change in result.changes:
            if change.kind != "line-removed" or not change.before.strip():
                continue
            row = (key[:8], change.pass_name, change.reason or "", norm(change.before))
            if t.has(change.before):
                report.wrong.append(row)
            else:
                report.dirt_removed += 1
                report.removed_dirt.append(row)
    report.before = scores(before)
    report.after = scores(after)
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        epilog=f"Reads the shared evaluation data from {DEFAULT_DATA} (not part of the project).",
    )
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the article-extraction-benchmark folder")
    parser.add_argument("--preset", default="news", help="the preset to evaluate (default: news)")
    parser.add_argument("--passes", help="comma-separated pass names instead of a preset")
    parser.add_argument("--extractor", choices=EXTRACTORS, action="append", help="only this extractor (repeatable)")
    parser.add_argument("--show-removed", action="store_true", help="also list every dirt line removed")
    args = parser.parse_args(argv)

    from cleantext import Pipeline

    pipeline = Pipeline(args.passes.split(",")) if args.passes else Pipeline.from_preset(args.preset)
    truth = json.loads((args.data / "ground-truth.json").read_text(encoding="utf-8"))
    truth_total = sum(
        1 for page in truth.values() for line in (page.get("articleBody") or "").splitlines() if line.strip()
    )
    print(f"pipeline: {', '.join(pipeline.names)}")
    print(f"pages: {len(truth)}, ground-truth lines: {truth_total}\n")
    header = f"{'extractor':<12} {'':<7} {'precision':>9} {'recall':>7} {'F1':>7}"
    reports = []
    for name in args.extractor or EXTRACTORS:
        output = json.loads((args.data / f"output-{name}.json").read_text(encoding="utf-8"))
        reports.append(evaluate(name, truth, output, pipeline))
    print(header)
    for r in reports:
        for label, (p, rc, f1) in (("before", r.before), ("after", r.after)):
            print(f"{r.name:<12} {label:<7} {p:>9.4f} {rc:>7.4f} {f1:>7.4f}")
        dp, dr, df = (a - b for a, b in zip(r.after, r.before, strict=True))
        print(f"{r.name:<12} {'change':<7} {dp:>+9.4f} {dr:>+7.4f} {df:>+7.4f}")
    print()
    print(f"{'extractor':<12} {'lines':>6} {'dirt':>6} {'removed':>8} {'left':>6} {'truth':>6} {'wrongly removed':>16}")
    for r in reports:
        print(
            f"{r.name:<12} {r.lines:>6} {r.dirt_before:>6} {r.dirt_removed:>8} {r.dirt_after:>6} "
            f"{r.truth_lines:>6} {len(r.wrong):>16}"
        )
    wrong = [(r.name, *row) for r in reports for row in r.wrong]
    denominator = truth_total * len(reports)
    print(
        f"\nground-truth lines wrongly removed: {len(wrong)} of {denominator} "
        f"({100 * len(wrong) / denominator:.3f}%; ground-truth lines x extractors)"
    )
    for name, page, pass_name, reason, line in wrong:
        print(f"  {name} {page} {pass_name}: {reason}\n      {line}")
    if args.show_removed:
        print("\ndirt lines removed:")
        for r in reports:
            for page, pass_name, reason, line in r.removed_dirt:
                print(f"  {r.name} {page} {pass_name}: {reason}\n      {line[:200]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
