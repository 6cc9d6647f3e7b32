"""Evaluate boilerplate removal on pages from sites it was not fitted on.

Reads two shared evaluation sets (not part of the project; override their
places with ``--aeb`` and ``--web``):

- ``../shared/data/article-extraction-benchmark/``: 127 news pages, a ground
  truth and three extractors' output (readability, boilerpipe, newspaper);
- ``../shared/data/web-pages/pages.jsonl.gz``: 2,307 pages from five data
  sets, a gold text and four extractors' output (readability, trafilatura,
  newspaper, fullpage). The golds follow different rules (DragNet keeps
  captions and credits, CleanEval keeps lists and forum posts): compare
  figures within a data set only. Synthetic test fixtures are left out.

Every page belongs to one part of a fixed split by site: the SHA-256 of
``SPLIT_SALT`` and the page's domain (lower case, without ``www.``; a page
with no domain is its own site, ``dataset/id``) decides, so all pages of a
site fall on the same side. Rules, lexicons and the line model are fitted on
the ``tune`` part; figures are reported on the ``held-out`` part (the
default).

For each data set and extractor, before and after cleaning with a preset
(``news`` by default):

- the article-extraction benchmark's metric: lower-cased word tokens,
  multiset 4-word shingles, per-document precision and recall averaged over
  documents;
- gold lines wrongly removed (a removed line that is a gold line or a
  passage of four or more words of the gold), against the number of gold
  lines, listed with ``--list-wrong``, grouped by pass and rule with
  ``--by-pass`` (which pass removed or rewrote the line, and why);
- boilerplate lines (output lines absent from the gold, the first line of
  the output excepted as the page title) and how many were removed; the
  ones kept, counted by a rough kind.

An evaluation script, not a test.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import re
import statistics
import sys
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent


def _shared(*parts: str) -> Path:
    rel = Path("shared", "data", *parts)
    # ../shared/data/ beside the project, or beside a folder above it.
    return next((p / rel for p in ROOT.parents if (p / rel).exists()), ROOT.parent / rel)


DEFAULT_AEB = _shared("article-extraction-benchmark")
DEFAULT_WEB = _shared("web-pages", "pages.jsonl.gz")
AEB_EXTRACTORS = ("readability", "boilerpipe", "newspaper")
WEB_EXTRACTORS = ("readability", "trafilatura", "newspaper", "fullpage")
# Changing the salt changes the split; it was fixed before any rule was fitted.
SPLIT_SALT = "cleantext-boilerplate-split-1"
PARTS = ("tune", "held-out")

_WORD = re.compile(r"\w+")


# -- data ------------------------------------------------------------------


@dataclass
class Page:
    dataset: str
    id: str
    site: str
    gold: str
    outputs: dict[str, str]

    @property
    def part(self) -> str:
        return split_part(self.site)


def site_of(domain: str | None, dataset: str, page_id: str) -> str:
    """The site key of a page: its domain without ``www.``, or the page itself."""
    if not domain:
        return f"{dataset}/{page_id}"
    domain = domain.lower().rstrip(".")
    return domain[4:] if domain.startswith("www.") else domain


def split_part(site: str) -> str:
    """``tune`` or ``held-out``: half the sites each, by a hash of the site."""
    digest = hashlib.sha256(f"{SPLIT_SALT}:{site}".encode()).digest()
    return PARTS[digest[0] & 1]


def load_aeb(folder: Path) -> list[Page]:
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    outputs = {
        name: json.loads((folder / f"output-{name}.json").read_text(encoding="utf-8")) for name in AEB_EXTRACTORS
    }
    pages = []
    for key, page in truth.items():
        domain = urlsplit(page.get("url") or "").hostname
        texts = {name: (outputs[name].get(key) or {}).get("articleBody") or "" for name in AEB_EXTRACTORS}
        pages.append(Page("aeb", key, site_of(domain, "aeb", key), page.get("articleBody") or "", texts))
    return pages


def load_web(path: Path) -> list[Page]:
    pages = []
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            p = json.loads(line)
            if p["synthetic"]:
                continue
            texts = {k: v for k, v in p["extracted"].items() if v is not None}
            pages.append(Page(p["dataset"], p["id"], site_of(p["domain"], p["dataset"], p["id"]), p["gold"], texts))
    return pages


def load(aeb: Path, web: Path, datasets: Iterable[str] | None = None) -> list[Page]:
    wanted = set(datasets or ())
    pages: list[Page] = []
    if not wanted or "aeb" in wanted:
        pages.extend(load_aeb(aeb))
    if not wanted or wanted - {"aeb"}:
        pages.extend(p for p in load_web(web) if not wanted or p.dataset in wanted)
    return pages


# -- metric ----------------------------------------------------------------


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    """The multiset of ``n``-word shingles of the lower-cased text."""
    tokens = _WORD.findall(text.lower())
    if len(tokens) < n:
        return Counter([tuple(tokens)] if tokens else [])
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


def tp_fp_fn(truth: Counter[tuple[str, ...]], pred: str) -> tuple[float, float, float]:
    """Shingle true positives, false positives and false negatives, normalized
    to sum to 1 so that long documents do not weigh more."""
    p = shingles(pred)
    tp = sum((truth & p).values())
    fp = sum((p - truth).values())
    fn = sum((truth - p).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def scores(triples: list[tuple[float, float, float]]) -> tuple[float, float]:
    """Mean precision and recall over documents, as the benchmark computes them."""

    def precision(tp: float, fp: float, fn: float) -> float:
        if fp == fn == 0:
            return 1.0
        return tp / (tp + fp) if tp + fp else 0.0

    def recall(tp: float, fp: float, fn: float) -> float:
        if fp == fn == 0:
            return 1.0
        return tp / (tp + fn) if tp + fn else 0.0

    ps = [precision(*x) for x in triples if x[0] + x[1] > 0]
    rs = [recall(*x) for x in triples if x[0] + x[2] > 0]
    return (statistics.mean(ps) if ps else 0.0, statistics.mean(rs) if rs else 0.0)


def norm(line: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", line).split())


@dataclass
class Truth:
    """The gold text of one page, for line lookups."""

    text: str
    lines: set[str] = field(init=False)
    flat: str = field(init=False)
    count: int = field(init=False)

    def __post_init__(self) -> None:
        gold = [norm(line) for line in self.text.splitlines() if line.strip()]
        self.lines = set(gold)
        self.count = len(gold)
        self.flat = " ".join(gold)

    def has(self, line: str) -> bool:
        """A line is gold when it is one of its lines, or a passage of four or
        more words of it (extractors split paragraphs at links differently)."""
        n = norm(line)
        return n in self.lines or (len(n.split()) >= 4 and n in self.flat)


def labelled_lines(gold: Truth, text: str) -> Iterator[tuple[int, str, bool, bool]]:
    """``(index, line, is_gold, is_title)`` for each non-blank line of ``text``;
    the first non-blank line is the title when it is not gold."""
    first = True
    for i, line in enumerate(text.splitlines()):
        if not line.strip():
            continue
        has = gold.has(line)
        yield i, line, has, first and not has
        first = False


# The rough kind of a boilerplate line that was kept, for the report only.
_KINDS = (
    ("caption/credit", re.compile(r"photo|foto|image|bild|credit|getty|reuters|\bAP\b|AFP|©|copyright", re.I)),
    ("social", re.compile(r"facebook|twitter|instagram|linkedin|pinterest|whatsapp|share|tweet|@\w", re.I)),
    (
        "promo/related",
        re.compile(r"read|related|more|subscribe|newsletter|sign up|click|download|app\b|follow|watch", re.I),
    ),
    ("comment/rating", re.compile(r"comment|rate|rating|vote|reply|report abuse|like", re.I)),
    ("date/time", re.compile(r"\d{1,2}:\d\d|\b(?:19|20)\d\d\b|\bago\b|updated|published|posted", re.I)),
    ("navigation", re.compile(r"^\W*(?:\w+\W*){1,3}$")),
)


def kind(line: str) -> str:
    for name, pattern in _KINDS:
        if pattern.search(line):
            return name
    return "prose/other" if len(line.split()) > 12 else "other short"


# -- evaluation ------------------------------------------------------------


@dataclass
class Report:
    dataset: str
    extractor: str
    pages: int = 0
    before: list[tuple[float, float, float]] = field(default_factory=list)
    after: list[tuple[float, float, float]] = field(default_factory=list)
    gold_lines: int = 0
    wrong: list[tuple[str, str, str, str]] = field(default_factory=list)
    boiler: int = 0
    boiler_removed: int = 0
    kept: Counter[str] = field(default_factory=Counter)
    removed: list[tuple[str, str, str, str]] = field(default_factory=list)


def evaluate(pages: Iterable[Page], extractors: Iterable[str], pipeline: object) -> dict[tuple[str, str], Report]:
    reports: dict[tuple[str, str], Report] = {}
    wanted = tuple(extractors)
    for page in pages:
        gold = Truth(page.gold)
        gold_shingles = shingles(page.gold)
        for name in wanted:
            raw = page.outputs.get(name)
            if raw is None:
                continue
            r = reports.setdefault((page.dataset, name), Report(page.dataset, name))
            result = pipeline.run(raw)  # type: ignore[attr-defined]
            r.pages += 1
            r.gold_lines += gold.count
            r.before.append(tp_fp_fn(gold_shingles, raw))
            r.after.append(tp_fp_fn(gold_shingles, result.text))
            gone: dict[str, tuple[str, str]] = {}
            # Text cut out of a line (repair-truncation drops a cut-off
            # sentence), by the line of the input: a gold line that is then
            # no longer in the output counts as removed by that pass. Lines
            # only rewritten (a name's spelling) are not counted.
            touched: dict[int, list[tuple[str, str]]] = {}
            for change in result.changes:
                if change.kind == "line-removed" and change.before.strip():
                    gone[norm(change.before)] = (change.pass_name, str(change.reason or ""))
                elif change.kind == "text-removed":
                    touched.setdefault(change.line, []).append(
                        (change.pass_name, f"{change.kind}: {change.reason or ''}")
                    )
            kept_lines: set[str] | None = None
            for i, line, has, title in labelled_lines(gold, raw):
                n = norm(line)
                why = gone.get(n)
                if has:
                    if why:
                        r.wrong.append((page.id, *why, n))
                    elif i + 1 in touched:
                        if kept_lines is None:
                            kept_lines = {norm(x) for x in result.text.splitlines()}
                        if n not in kept_lines and n not in norm(result.text):
                            r.wrong.append((page.id, *touched[i + 1][0], n))
                    continue
                if title:
                    continue
                r.boiler += 1
                if why:
                    r.boiler_removed += 1
                    r.removed.append((page.id, *why, n))
                else:
                    r.kept[kind(n)] += 1
    return reports


CAPTION_ABOVE_CREDIT = "photo caption (a credit follows it and it reads as a caption)"


def _pct(a: int, b: int) -> str:
    return f"{100 * a / b:.1f}%" if b else "-"


def print_reports(reports: dict[tuple[str, str], Report], args: argparse.Namespace) -> None:
    print(
        f"{'dataset':<24} {'extractor':<12} {'pages':>5} {'P before':>8} {'P after':>8} {'ΔP':>7} "
        f"{'R before':>8} {'ΔR':>7} {'gold lines':>10} {'wrong':>5} {'wrong%':>7} "
        f"{'boiler':>6} {'removed':>7} {'share':>6}"
    )
    for (dataset, name), r in sorted(reports.items()):
        pb, rb = scores(r.before)
        pa, ra = scores(r.after)
        print(
            f"{dataset:<24} {name:<12} {r.pages:>5} {pb:>8.4f} {pa:>8.4f} {pa - pb:>+7.4f} "
            f"{rb:>8.4f} {ra - rb:>+7.4f} {r.gold_lines:>10} {len(r.wrong):>5} "
            f"{100 * len(r.wrong) / max(r.gold_lines, 1):>6.3f}% "
            f"{r.boiler:>6} {r.boiler_removed:>7} {_pct(r.boiler_removed, r.boiler):>6}"
        )
    print("\nboilerplate lines kept, by rough kind:")
    for (dataset, name), r in sorted(reports.items()):
        kinds = ", ".join(f"{k} {v}" for k, v in r.kept.most_common())
        print(f"  {dataset} {name}: {kinds}")
    # The caption rule that takes the line above a credit: how often that
    # line was article text (a gold line), per data set; DragNet's gold keeps
    # captions, so it is counted apart.
    print(f"\nlines removed as '{CAPTION_ABOVE_CREDIT}': gold (article text) / all")
    for label, keep in (
        ("without dragnet_data", lambda d: d != "dragnet_data"),
        ("dragnet_data", lambda d: d == "dragnet_data"),
    ):
        wrong = sum(1 for (d, _), r in reports.items() if keep(d) for w in r.wrong if w[2] == CAPTION_ABOVE_CREDIT)
        right = sum(1 for (d, _), r in reports.items() if keep(d) for w in r.removed if w[2] == CAPTION_ABOVE_CREDIT)
        print(f"  {label}: {wrong} / {wrong + right} ({_pct(wrong, wrong + right)})")
    if args.by_pass:
        print_by_pass(reports)
    if args.list_wrong:
        print("\ngold lines removed:")
        for (dataset, name), r in sorted(reports.items()):
            for page, pass_name, reason, line in r.wrong:
                print(f"  {dataset} {name} {page} {pass_name}: {reason}\n      {line[:300]}")
    if args.list_removed:
        print("\nboilerplate lines removed:")
        for (dataset, name), r in sorted(reports.items()):
            for page, pass_name, reason, line in r.removed:
                print(f"  {dataset} {name} {page} {pass_name}: {reason}\n      {line[:200]}")


# Quoted text inside a reason ("promo line 'Share'") names the line, not the rule.
_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"|\d+(?:\.\d+)?")


def rule_of(reason: str) -> str:
    """The rule a reason names, without the line it quotes or the numbers it gives."""
    return _QUOTED.sub("…", reason)


def print_by_pass(reports: dict[tuple[str, str], Report]) -> None:
    """Gold lines removed, grouped by pass and by rule, each with its lines."""
    groups: dict[tuple[str, str], list[tuple[str, str, str, str]]] = {}
    for (dataset, name), r in sorted(reports.items()):
        for page, pass_name, reason, line in r.wrong:
            groups.setdefault((pass_name, rule_of(reason)), []).append((dataset, name, page, line))
    total = sum(len(v) for v in groups.values())
    by_pass = Counter({p: 0 for p, _ in groups})
    for (p, _), v in groups.items():
        by_pass[p] += len(v)
    print(f"\ngold lines removed, by pass ({total} in all; dragnet_data's gold keeps captions and credits):")
    for p, count in by_pass.most_common():
        dragnet = sum(1 for (q, _), v in groups.items() if q == p for w in v if w[0] == "dragnet_data")
        print(f"  {p:<20} {count:>5}  (dragnet_data {dragnet})")
    print("\ngold lines removed, by pass and rule:")
    for (p, rule), v in sorted(groups.items(), key=lambda kv: (-by_pass[kv[0][0]], kv[0][0], -len(kv[1]))):
        print(f"  {p}: {rule}  [{len(v)}]")
        for dataset, name, page, line in v:
            print(f"      {dataset} {name} {page}: {line[:200]}")


def threshold_table(pages: Iterable[Page], extractors: Iterable[str], thresholds: list[float]) -> None:
    """What ``strip-boilerplate`` alone removes at each threshold, after the
    passes that run before it in the ``news`` preset: boilerplate lines and
    gold lines, per data set and extractor. For reading the trade-off; the
    shipped threshold is chosen on the tune part by the training script."""
    from cleantext import Pipeline
    from cleantext.linemodel import LineModel, judge_lines

    names = Pipeline.from_preset("news").names
    pre = Pipeline(list(names[: names.index("strip-boilerplate")]))
    model = LineModel.builtin()
    wanted = tuple(extractors)
    gold_lines: Counter[tuple[str, str]] = Counter()
    boiler_lines: Counter[tuple[str, str]] = Counter()
    hits: Counter[tuple[str, str, float, bool]] = Counter()
    for page in pages:
        gold = Truth(page.gold)
        for name in wanted:
            raw = page.outputs.get(name)
            if raw is None:
                continue
            key = (page.dataset, name)
            gold_lines[key] += gold.count
            boiler_lines[key] += sum(1 for _, _, has, title in labelled_lines(gold, raw) if not has and not title)
            lines = pre.run(raw).text.splitlines()
            for t in thresholds:
                for i in judge_lines(model, lines, t):
                    hits[page.dataset, name, t, gold.has(lines[i])] += 1
    print(f"\nstrip-boilerplate alone, by threshold (shipped: {model.threshold}): boilerplate removed / gold removed")
    print(f"{'dataset':<24} {'extractor':<12} " + " ".join(f"{t:>20}" for t in thresholds))
    for key in sorted(gold_lines):
        cells = []
        for t in thresholds:
            b, g = hits[(*key, t, False)], hits[(*key, t, True)]
            cells.append(f"{_pct(b, boiler_lines[key]):>6} {g:>4} {100 * g / max(gold_lines[key], 1):>6.3f}%")
        print(f"{key[0]:<24} {key[1]:<12} " + " ".join(f"{c:>20}" for c in cells))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        epilog=f"Reads the shared evaluation data from {DEFAULT_AEB} and {DEFAULT_WEB} (not part of the project).",
    )
    parser.add_argument("--aeb", type=Path, default=DEFAULT_AEB, help="the article-extraction-benchmark folder")
    parser.add_argument("--web", type=Path, default=DEFAULT_WEB, help="web-pages/pages.jsonl.gz")
    parser.add_argument("--part", choices=(*PARTS, "all"), default="held-out", help="which side of the split")
    parser.add_argument("--dataset", action="append", help="only this data set (aeb, dragnet_data, ...; repeatable)")
    parser.add_argument("--extractor", action="append", help="only this extractor (repeatable)")
    parser.add_argument("--preset", default="news", help="the preset to evaluate (default: news)")
    parser.add_argument("--passes", help="comma-separated pass names instead of a preset")
    parser.add_argument("--list-wrong", action="store_true", help="list every gold line removed")
    parser.add_argument(
        "--by-pass",
        action="store_true",
        help="list the gold lines removed grouped by pass and by rule (use with --part tune when fitting)",
    )
    parser.add_argument("--list-removed", action="store_true", help="list every boilerplate line removed")
    parser.add_argument(
        "--thresholds",
        help="comma-separated thresholds: print what strip-boilerplate alone removes at each (instead of the report)",
    )
    args = parser.parse_args(argv)

    from cleantext import Pipeline

    pipeline = Pipeline(args.passes.split(",")) if args.passes else Pipeline.from_preset(args.preset)
    pages = [p for p in load(args.aeb, args.web, args.dataset) if args.part == "all" or p.part == args.part]
    sites = {p.site for p in pages}
    print(f"pipeline: {', '.join(pipeline.names)}")
    print(f"part: {args.part} (split salt {SPLIT_SALT!r}), pages: {len(pages)}, sites: {len(sites)}\n")
    extractors = args.extractor or sorted(set(AEB_EXTRACTORS) | set(WEB_EXTRACTORS))
    if args.thresholds:
        threshold_table(pages, extractors, [float(t) for t in args.thresholds.split(",")])
        return 0
    print_reports(evaluate(pages, extractors, pipeline), args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
