"""Fit the line model (cleantext/linemodel.py) and write cleantext/data/line-model.json.

Reads the shared evaluation sets through ``benchmarks/eval_boilerplate.py``
(not part of the project) and uses only pages of the ``tune`` part of its
split by site. Each extractor's output is first cleaned by the passes that
run before ``strip-boilerplate`` in the ``news`` preset; then every line the
model judges is a sample: boilerplate when it is absent from the gold,
article text when it is in the gold. Each data set weighs the same,
whatever its size.

The model is a gradient-boosted ensemble of small regression trees
(scikit-learn and numpy, at fitting time only: ``pip install
'cleantext-news[train]'``; inference in ``cleantext/linemodel.py`` is pure
Python). The threshold is chosen by cross-validation by site inside
the ``tune`` part: the lowest threshold at which the article lines removed
out of fold stay at or under ``--max-gold-share`` of the gold lines, in
every data set. It is then raised, if need be, above the score of every line
of the project's regression corpus (``tests/data/regression``: clean texts of
seven genres that the ``news`` preset must leave whole), so that the fitted
model never removes one of them. The same data and seed give the same file.

    python tools/train_linemodel.py            # prints the fit, writes the JSON
    python tools/train_linemodel.py --dry-run  # prints only
    python tools/train_linemodel.py --check    # exits 1 unless the shipped JSON is what it writes
"""

from __future__ import annotations

import argparse
import hashlib
import json
import pickle
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT))

import eval_boilerplate as ev  # noqa: E402

from cleantext.errors import require  # noqa: E402
from cleantext.linemodel import FEATURES, JUDGE_KINDS, document_features, judges  # noqa: E402

np = require("numpy", "train")

OUT = ROOT / "cleantext" / "data" / "line-model.json"
BEFORE = ("fix-encoding", "normalize-unicode", "normalize-whitespace", "normalize-names")
RULES = ("strip-captions", "strip-promos", "strip-credits")
DEFAULT_JUDGE = ("marks",)


class Samples:
    def __init__(self) -> None:
        self.x: list[list[float]] = []
        self.y: list[int] = []
        self.dataset: list[str] = []
        self.extractor: list[str] = []
        self.site: list[str] = []
        self.text: list[str] = []
        self.gold_lines: Counter[tuple[str, str]] = Counter()
        self.site_gold: Counter[tuple[str, str, str]] = Counter()


def samples(pages: list[ev.Page], max_words: int, max_chars: int) -> Samples:
    from cleantext import Pipeline

    pre = Pipeline([*BEFORE, *RULES])
    out = Samples()
    for page in pages:
        gold = ev.Truth(page.gold)
        for name, raw in sorted(page.outputs.items()):
            out.gold_lines[page.dataset, name] += gold.count
            out.site_gold[page.dataset, name, page.site] += gold.count
            lines = pre.run(raw).text.splitlines()
            for i, x in document_features(lines, max_words, max_chars, judge=JUDGE_KINDS):
                out.x.append(x)
                out.y.append(0 if gold.has(lines[i]) else 1)
                out.dataset.append(page.dataset)
                out.extractor.append(name)
                out.site.append(page.site)
                out.text.append(lines[i].strip())
    return out


def regression_rows(
    max_words: int, max_chars: int, judge: list[str]
) -> tuple[list[list[float]], list[tuple[str, str]]]:
    """The features of every line of the regression corpus that a model
    judging ``judge`` judges, after the passes before it in the ``news``
    preset, and where each line is."""
    from cleantext import Pipeline

    sys.path.insert(0, str(ROOT / "tests"))
    import regression_corpus as rc

    pre = Pipeline([*BEFORE, *RULES])
    rows: list[list[float]] = []
    where: list[tuple[str, str]] = []
    for doc in rc.load():
        lines = pre.run(doc.text).text.splitlines()
        for i, x in document_features(lines, max_words, max_chars, judge=judge):
            rows.append(x)
            where.append((doc.id, lines[i].strip()))
    return rows, where


def fold_of(site: str, k: int) -> int:
    return hashlib.sha256(f"fold:{site}".encode()).digest()[0] % k


def fit(x: np.ndarray, y: np.ndarray, w: np.ndarray, args: argparse.Namespace):  # type: ignore[no-untyped-def]
    GradientBoostingClassifier = require("sklearn.ensemble", "train").GradientBoostingClassifier

    model = GradientBoostingClassifier(
        n_estimators=args.trees,
        max_depth=args.depth,
        learning_rate=args.learning_rate,
        subsample=0.8,
        min_samples_leaf=args.min_leaf,
        random_state=0,
    )
    model.fit(x, y, sample_weight=w)
    return model


def export(model, names: list[str]) -> tuple[float, list[list[list[float]]]]:  # type: ignore[no-untyped-def]
    """The trees as (feature, threshold, left, right, value) nodes; a node's
    value is the mean of its leaves weighted by the training samples under
    them (used to explain a score), a leaf's is its share of the log-odds."""
    lr = model.learning_rate
    trees = []
    for est in model.estimators_[:, 0]:
        t = est.tree_
        value = t.value[:, 0, 0] * lr
        weight = t.weighted_n_node_samples
        mean = value.copy()
        for node in range(t.node_count - 1, -1, -1):  # children come after their parent
            left, right = t.children_left[node], t.children_right[node]
            if left >= 0:
                mean[node] = (mean[left] * weight[left] + mean[right] * weight[right]) / (weight[left] + weight[right])
        nodes = []
        for node in range(t.node_count):
            left, right = int(t.children_left[node]), int(t.children_right[node])
            if left < 0:
                nodes.append([-1, 0.0, 0, 0, round(float(value[node]), 6)])
            else:
                nodes.append([int(t.feature[node]), float(t.threshold[node]), left, right, round(float(mean[node]), 6)])
        trees.append(nodes)
    zero = np.zeros((1, len(names)))
    base = float(model.decision_function(zero)[0]) - sum(_leaf(tree, zero[0]) for tree in trees)
    return base, trees


def _leaf(tree: list[list[float]], x: np.ndarray) -> float:
    node = tree[0]
    while node[0] >= 0:
        node = tree[int(node[2]) if x[int(node[0])] <= node[1] else int(node[3])]
    return node[4]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--aeb", type=Path, default=ev.DEFAULT_AEB)
    parser.add_argument("--web", type=Path, default=ev.DEFAULT_WEB)
    parser.add_argument("--max-words", type=int, default=20, help="longest line the model judges (default: 20)")
    parser.add_argument("--max-chars", type=int, default=100, help="longest line judged, in characters (default: 100)")
    parser.add_argument("--trees", type=int, default=200)
    parser.add_argument("--depth", type=int, default=4)
    parser.add_argument("--learning-rate", type=float, default=0.1)
    parser.add_argument("--min-leaf", type=int, default=20)
    parser.add_argument("--folds", type=int, default=4, help="cross-validation folds by site (default: 4)")
    parser.add_argument(
        "--max-gold-share",
        type=float,
        default=0.0005,
        help="share of each data set's gold lines the threshold may remove out of fold (default: 0.0005)",
    )
    parser.add_argument(
        "--weigh",
        choices=("dataset", "extractor"),
        default="dataset",
        help="give each data set, or each data set and extractor, the same weight (default: dataset)",
    )
    parser.add_argument("--cache", type=Path, help="keep the samples in this file between runs")
    parser.add_argument("--dry-run", action="store_true", help="do not write the model")
    parser.add_argument(
        "--check",
        action="store_true",
        help="do not write the model; exit 1 unless it is the shipped one, byte for byte",
    )
    parser.add_argument(
        "--judge",
        default=",".join(DEFAULT_JUDGE),
        help=f"comma-separated kinds of line the model judges, of {', '.join(JUDGE_KINDS)} "
        f"(default: {','.join(DEFAULT_JUDGE)})",
    )
    args = parser.parse_args(argv)
    unknown = set(args.judge.split(",")) - set(JUDGE_KINDS)
    if unknown:
        parser.error(f"--judge: unknown kinds {sorted(unknown)}")
    judge = [k for k in JUDGE_KINDS if k in args.judge.split(",") or k == "marks"]

    if args.cache and args.cache.exists():
        s = pickle.loads(args.cache.read_bytes())
    else:
        pages = [p for p in ev.load(args.aeb, args.web) if p.part == "tune"]
        s = samples(pages, args.max_words, args.max_chars)
        if args.cache:
            args.cache.write_bytes(pickle.dumps(s))
    # The samples hold every short line of every kind. Lines with a lexicon
    # hit, a separator or a link ("marks") are judged by the main model;
    # lines of the other kinds judged, if any, by a second model with a
    # threshold of its own, fitted and chosen the same way on those lines.
    gold_by_ds: Counter[str] = Counter()
    for (d, _e), n in s.gold_lines.items():
        gold_by_ds[d] += n
    regression = regression_rows(args.max_words, args.max_chars, judge)
    marks = frozenset({"marks"})
    data = part(
        "lines with a lexicon hit, a separator or a link", s, lambda x: judges(x, marks), gold_by_ds, regression, args
    )
    if judge != ["marks"]:
        kinds = frozenset(judge)
        data["wide"] = part(
            f"other lines judged ({', '.join(judge[1:])})",
            s,
            lambda x: not judges(x, marks) and judges(x, kinds),
            gold_by_ds,
            regression,
            args,
        )
        data["wide"]["judge"] = judge[1:]
    if not args.dry_run or args.check:
        data = {
            "origin": "tools/train_linemodel.py on the tune part of the split by site in "
            "benchmarks/eval_boilerplate.py (article-extraction benchmark dev pages and the web-pages set)",
            "threshold": data.pop("threshold"),
            "max_words": args.max_words,
            "max_chars": args.max_chars,
            **data,
        }
        written = json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"
        if args.check:
            same = OUT.read_text(encoding="utf-8") == written
            print(f"{OUT.relative_to(ROOT)} {'is' if same else 'is NOT'} what this fit writes")
            return 0 if same else 1
        OUT.write_text(written, encoding="utf-8")
        print(f"wrote {OUT.relative_to(ROOT)}")
    return 0


def part(  # type: ignore[no-untyped-def]
    title: str,
    s: Samples,
    select,
    gold_by_ds: Counter[str],
    regression: tuple[list[list[float]], list[tuple[str, str]]],
    args: argparse.Namespace,
) -> dict[str, object]:
    """Fit one model on the samples ``select`` takes, choose its threshold
    by cross-validation by site, raise it above the regression corpus's
    lines it judges; print each step, return the model as data."""
    print(f"== {title}")
    keep = [i for i, x in enumerate(s.x) if select(x)]
    names = list(FEATURES)
    x = np.array([s.x[i] for i in keep])
    y = np.array([s.y[i] for i in keep], dtype=float)
    ds = np.array([s.dataset[i] for i in keep])
    keys = [s.dataset[i] if args.weigh == "dataset" else f"{s.dataset[i]}/{s.extractor[i]}" for i in keep]
    count = Counter(keys)
    w = np.array([1.0 / count[g] for g in keys]) * len(y) / len(count)
    folds = np.array([fold_of(s.site[i], args.folds) for i in keep])
    oof = np.zeros(len(y))
    for k in range(args.folds):
        m = folds == k
        oof[m] = fit(x[~m], y[~m], w[~m], args).predict_proba(x[m])[:, 1]
    datasets = sorted(gold_by_ds)

    def removed(t: float) -> dict[str, tuple[int, int, int]]:
        hit = oof >= t
        return {
            d: (
                int((hit & (y == 0) & (ds == d)).sum()),
                int((hit & (y == 1) & (ds == d)).sum()),
                int(((y == 1) & (ds == d)).sum()),
            )
            for d in datasets
        }

    grid = [round(0.5 + 0.025 * i, 3) for i in range(18)] + [round(0.95 + 0.002 * i, 3) for i in range(25)]
    threshold = grid[-1]
    print(
        "out-of-fold (cross-validation by site in the tune part): threshold, per data set gold removed (share), boilerplate removed"
    )
    for t in grid:
        r = removed(t)
        ok = all(r[d][0] <= args.max_gold_share * gold_by_ds[d] for d in datasets)
        if ok and t < threshold:
            threshold = t
        if t >= 0.9 or (ok and t == threshold):
            print(
                f"  {t:.3f} "
                + "  ".join(f"{d[:10]} {g}({100 * g / gold_by_ds[d]:.3f}%) {b}/{n}" for d, (g, b, n) in r.items())
            )
    print(f"threshold: {threshold:.3f}")
    model = fit(x, y, w, args)
    base, trees = export(model, names)
    rows = [k for k, row in enumerate(regression[0]) if select(row)]
    if rows:
        scores = model.predict_proba(np.array([regression[0][k] for k in rows]))[:, 1]
        top = int(np.argmax(scores))
        doc, line = regression[1][rows[top]]
        print(f"highest score of a regression-corpus line: {scores[top]:.4f} ({doc}: {line!r})")
        if scores[top] >= threshold:
            threshold = min((t for t in grid if t > scores[top]), default=1.0)
            print(f"threshold raised above it: {threshold:.3f}")
    ex = np.array([s.extractor[i] for i in keep])
    hit = oof >= threshold
    print("out of fold at that threshold, per extractor: boilerplate removed / gold removed")
    for e in sorted(set(ex.tolist())):
        m = ex == e
        print(
            f"  {e:<12} {int((hit & m & (y == 1)).sum()):>6} of {int((m & (y == 1)).sum()):>6} / {int((hit & m & (y == 0)).sum())}"
        )
    check = model.decision_function(x[:2000])
    mine = np.array([base + sum(_leaf(t, row) for t in trees) for row in x[:2000]])
    assert np.abs(check - mine).max() < 1e-3, np.abs(check - mine).max()
    imp = sorted(zip(model.feature_importances_, names, strict=True), reverse=True)
    print("importance: " + ", ".join(f"{k} {v:.3f}" for v, k in imp if v > 0.005))
    print(f"samples: {len(y)}, boilerplate: {int(y.sum())}")
    return {"threshold": threshold, "features": names, "base": round(base, 6), "trees": trees}


if __name__ == "__main__":
    sys.exit(main())
