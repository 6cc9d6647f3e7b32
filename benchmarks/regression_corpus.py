"""Which documents of the real-text regression corpus the ``news`` preset
damages, and which pass does it.

Usage::

    python benchmarks/regression_corpus.py [--preset news] [--verbose]

Reads ``tests/data/regression/`` (see its README for origins and licences)
and prints, for every pass, the damaged documents per genre and language
with what happened to them: ``line removed`` or ``words changed``. Each pass
is compared with the text it was given, so a line is charged to the pass that
removed it. ``tests/quality/test_regression_corpus.py`` demands zero damage; this
script says where the damage is while it is not zero. The corpus was not
used to fit any pass.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cleantext.pipeline import Pipeline
from tests import regression_corpus as rc


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--preset", default="news", help="preset to run (default: news)")
    parser.add_argument(
        "--verbose", "-v", action="store_true", help="print every damaged line, not only the first three"
    )
    args = parser.parse_args(argv)

    pipeline = Pipeline.from_preset(args.preset)
    docs = rc.load()
    per_group: Counter[str] = Counter(f"{d.genre}/{d.language}" for d in docs)
    damaged: dict[str, dict[str, list[rc.Damage]]] = defaultdict(lambda: defaultdict(list))
    for d in docs:
        for name, damage in rc.per_pass([(p.name, p) for p in pipeline.passes], d):
            damaged[name][d.id].append(damage)
    whole = [d for d in docs if not rc.check(pipeline, d).ok]

    by_id = {d.id: d for d in docs}
    print(
        f"corpus: {len(docs)} documents, {len({d.genre for d in docs})} genres, {len({d.language for d in docs})} languages"
    )
    print(f"preset {args.preset!r}: {len(whole)} documents damaged ({len(whole) / len(docs):.1%})")
    kinds = Counter(dmg.kind for per_doc in damaged.values() for ds in per_doc.values() for dmg in ds)
    print(
        f"lines removed: {kinds['removed']}, lines with words changed: {kinds['changed']}, lines added: {kinds['added']}"
    )
    for p in pipeline.passes:
        per_doc = damaged.get(p.name, {})
        print(f"\n== {p.name}: {len(per_doc)} documents damaged")
        groups: Counter[str] = Counter(f"{by_id[i].genre}/{by_id[i].language}" for i in per_doc)
        for group, n in sorted(groups.items()):
            print(f"   {group}: {n} of {per_group[group]}")
        for doc_id, ds in sorted(per_doc.items()):
            shown = ds if args.verbose else ds[:3]
            more = f" (+{len(ds) - len(shown)} more)" if len(ds) > len(shown) else ""
            print(f"   {doc_id}{more}")
            for dmg in shown:
                print(f"      {dmg}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
