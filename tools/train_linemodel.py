"""Fit the line model (cleantext/linemodel.py) and write cleantext/data/line-model.json.

Reads the shared evaluation sets through ``benchmarks/eval_boilerplate.py``
(not part of the project) and uses only pages of the ``tune`` part of its
split by site. Every non-blank output line of every extractor is a sample:
boilerplate when it is absent from the gold, article text when it is in
the gold; the first line of a page (the title, never judged) is left out,
and so are lines longer than ``--max-words`` and lines the model never
judges (no lexicon hit, separator or link: ``candidate_features``). Each data set weighs the same,
whatever its size. The fit is L2-regularised logistic regression by
Newton's method (numpy), deterministic: the same data gives the same file.

The threshold is the lowest score at which the share of gold lines of the
tuning part scored at or above it stays under ``--max-gold-share``.

    python tools/train_linemodel.py            # prints the fit, writes the JSON
    python tools/train_linemodel.py --dry-run  # prints only
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT))

import eval_boilerplate as ev  # noqa: E402

from cleantext.linemodel import FEATURES, candidate_features  # noqa: E402

OUT = ROOT / "cleantext" / "data" / "line-model.json"


def samples(
    pages: list[ev.Page], max_words: int, max_chars: int
) -> tuple[list[dict[str, float]], list[int], list[str], Counter[str]]:
    feats: list[dict[str, float]] = []
    labels: list[int] = []
    groups: list[str] = []
    gold_lines: Counter[str] = Counter()
    for page in pages:
        gold = ev.Truth(page.gold)
        for _name, raw in sorted(page.outputs.items()):
            lines = [line for line in raw.splitlines() if line.strip()]
            labelled = list(ev.labelled_lines(gold, "\n".join(lines)))
            gold_lines[page.dataset] += sum(1 for *_, has, _ in labelled if has)
            for k, (_, line, has, _title) in enumerate(labelled):
                if k == 0 or len(line) > max_chars or len(line.split()) > max_words:
                    continue
                prev = lines[k - 1] if k else None
                nxt = lines[k + 1] if k + 1 < len(lines) else None
                f = candidate_features(line, prev, nxt)
                if f is None:
                    continue
                feats.append(f)
                labels.append(0 if has else 1)
                groups.append(page.dataset)
    return feats, labels, groups, gold_lines


def fit(x: np.ndarray, y: np.ndarray, w: np.ndarray, l2: float, rounds: int = 30) -> np.ndarray:
    beta = np.zeros(x.shape[1])
    reg = l2 * np.eye(x.shape[1])
    reg[0, 0] = 0.0  # no penalty on the bias
    for _ in range(rounds):
        p = 1 / (1 + np.exp(-np.clip(x @ beta, -30, 30)))
        grad = x.T @ (w * (p - y)) + reg @ beta
        hess = (x * (w * p * (1 - p))[:, None]).T @ x + reg + 1e-9 * np.eye(x.shape[1])
        step = np.linalg.solve(hess, grad)
        beta -= step
        if np.abs(step).max() < 1e-8:
            break
    return beta


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--aeb", type=Path, default=ev.DEFAULT_AEB)
    parser.add_argument("--web", type=Path, default=ev.DEFAULT_WEB)
    parser.add_argument("--max-words", type=int, default=20, help="longest line the model judges (default: 20)")
    parser.add_argument(
        "--max-chars", type=int, default=100, help="longest line the model judges, in characters (default: 100)"
    )
    parser.add_argument("--l2", type=float, default=1.0, help="L2 penalty (default: 1.0)")
    parser.add_argument(
        "--max-gold-share",
        type=float,
        default=0.0005,
        help="share of the tuning part's gold lines the threshold may remove (default: 0.0005)",
    )
    parser.add_argument("--dry-run", action="store_true", help="do not write the model")
    args = parser.parse_args(argv)

    pages = [p for p in ev.load(args.aeb, args.web) if p.part == "tune"]
    feats, labels, groups, gold_lines = samples(pages, args.max_words, args.max_chars)
    names = list(FEATURES)
    x = np.array([[f.get(k, 0.0) for k in names] for f in feats])
    y = np.array(labels, dtype=float)
    count = Counter(groups)
    w = np.array([1.0 / count[g] for g in groups]) * len(groups) / len(count)
    beta = fit(x, y, w, args.l2)
    scores = 1 / (1 + np.exp(-np.clip(x @ beta, -30, 30)))

    total_gold = sum(gold_lines.values())
    gold_scores = np.sort(scores[y == 0])[::-1]
    allowed = int(args.max_gold_share * total_gold)
    threshold = float(gold_scores[allowed]) + 1e-6 if allowed < len(gold_scores) else 0.5
    threshold = max(threshold, 0.5)
    print(f"tune pages: {len(pages)}, samples: {len(y)}, boilerplate: {int(y.sum())}, gold lines: {total_gold}")
    print(f"threshold: {threshold:.4f} (gold lines allowed above it: {allowed})")
    groups_arr = np.array(groups)
    for g in sorted(count):
        m = groups_arr == g
        hit = scores[m] >= threshold
        print(
            f"  {g:<24} boilerplate removed {int((hit & (y[m] == 1)).sum()):>6} of {int((y[m] == 1).sum()):>6}, "
            f"gold removed {int((hit & (y[m] == 0)).sum()):>4} of {gold_lines[g]}"
        )
    weights = {k: round(float(b), 4) for k, b in zip(names, beta, strict=True) if abs(b) >= 1e-4}
    for k, b in sorted(weights.items(), key=lambda kv: -abs(kv[1])):
        print(f"  {k:<22} {b:+.3f}")
    if not args.dry_run:
        model = {
            "origin": "tools/train_linemodel.py on the tune part of the split by site in "
            "benchmarks/eval_boilerplate.py (article-extraction benchmark dev pages and the web-pages set)",
            "threshold": round(threshold, 4),
            "max_words": args.max_words,
            "max_chars": args.max_chars,
            "weights": weights,
        }
        OUT.write_text(json.dumps(model, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"wrote {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
