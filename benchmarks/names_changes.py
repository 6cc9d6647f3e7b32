"""What normalize-names and unify-name-variants change on real news text.

Runs both passes over the article-extraction benchmark's ground truth and
extractor outputs (shared/data/article-extraction-benchmark/*.json, found in
a parent folder of this checkout, or --data DIR) and prints every change with
its document and reason, then the counts per file. Every change printed is
to be checked by eye: a wrong merge by unify-name-variants is a bug.

    python benchmarks/names_changes.py [--data DIR]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

FILES = ("ground-truth", "output-readability", "output-newspaper", "output-boilerpipe")


def find_data() -> Path | None:
    for parent in Path(__file__).resolve().parents:
        candidate = parent / "shared" / "data" / "article-extraction-benchmark"
        if candidate.is_dir():
            return candidate
    return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=None, help="folder holding ground-truth.json")
    args = parser.parse_args()
    data = args.data or find_data()
    if data is None or not (data / "ground-truth.json").exists():
        parser.error("article-extraction-benchmark data not found: give --data DIR")

    from cleantext.passes.names import NormalizeNames, UnifyNameVariants

    passes = (NormalizeNames(), UnifyNameVariants())
    totals = []
    for name in FILES:
        docs = json.loads((data / f"{name}.json").read_text(encoding="utf-8"))
        counts = dict.fromkeys((p.name for p in passes), 0)
        touched = dict.fromkeys((p.name for p in passes), 0)
        for doc_id, record in docs.items():
            for p in passes:
                _, changes = p.apply(record["articleBody"])
                counts[p.name] += len(changes)
                touched[p.name] += bool(changes)
                for c in changes:
                    print(f"{name} {doc_id[:12]} line {c.line}: {p.name}: {c.before!r} -> {c.after!r} ({c.reason})")
        totals.append((name, len(docs), counts, touched))
    print()
    print(f"{'file':<20} {'docs':>5}  " + "  ".join(f"{p.name + ' (docs)':>30}" for p in passes))
    for name, n, counts, touched in totals:
        cells = "  ".join(f"{f'{counts[p.name]} ({touched[p.name]})':>30}" for p in passes)
        print(f"{name:<20} {n:>5}  {cells}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
