"""Evaluate repair-truncation on articles cut at random positions.

Reads the human ground truth of the article-extraction benchmark, by default
from ``../shared/data/article-extraction-benchmark/ground-truth.json`` beside
the repository (``--data`` to point elsewhere); the file is not shipped with
cleantext. Each complete article is cut at ``--cuts`` random character
positions, every cut text is repaired with ``repair-truncation`` under the
``drop`` policy, and three figures are reported:

(a) repaired exactly: the share of cut texts whose repair is exactly the text
    up to the last complete sentence before the cut.

    Where the sentences end is decided on the UNCUT article, where each end
    is seen with the text that really follows it, never on the cut text the
    pass sees: the sentence ends are the offsets cleantext.text.sentence_ends
    finds in the full article (a line that ends with its final mark ends a
    sentence there too). The pass's own view of the cut text plays no part;
    the segmenter is the one the pass uses, though, so a boundary it gets
    wrong even with the following text in view (an abbreviation it does
    not know) is wrong in both and not counted as a miss.
    Texts are compared without trailing whitespace. A repair counts as exact
    when it is one of these, and only these:

      S  the article up to the last sentence end at or before the cut (the
         cut text itself when the cut falls in the first sentence: a text is
         never emptied);
      L  the article up to the last sentence end OR line end at or before
         the cut: a headline, a list item or a credit line that stands
         before the cut is kept, as the pass keeps such lines;
      U  the cut text unchanged, only when the cut falls inside a line that
         has no sentence end at all in the full article (a headline, a list
         item, a table row): the pass does not repair such lines, and a cut
         list item cannot be told from a whole one.

    S and L are also scored alone ("one answer only"), so the effect of
    accepting L and U is visible.
(b) complete articles changed: the share of uncut articles that the pass
    changes at all (must be 0).
(c) not a prefix: the share of repaired cut texts that, without trailing
    whitespace, are not a prefix of the cut text (must be 0 under drop).

Example:

    python benchmarks/eval_truncation.py --cuts 50 --seed 1
"""

from __future__ import annotations

import argparse
import bisect
import json
import random
import re
import sys
import time
from pathlib import Path
from statistics import median

from cleantext.passes.endings import RepairTruncation
from cleantext.text import ends_sentence, sentence_ends

DEFAULT_DATA = Path(__file__).resolve().parents[1].parent / "shared/data/article-extraction-benchmark/ground-truth.json"
_LINE_END = re.compile(r"\S[^\S\r\n]*(?=\r\n|\r|\n|\Z)")


class Article:
    """A complete article and its sentence and line ends."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.sentence_ends = sorted(set(sentence_ends(text)))
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

    def answers(self, cut: int) -> dict[str, str]:
        """The accepted repairs of ``text[:cut]``, by name (see --help)."""
        out = {
            "S": self.up_to_last(self.sentence_ends, cut).rstrip(),
            "L": self.up_to_last(self.unit_ends, cut).rstrip(),
        }
        if self.cut_in_unpunctuated_line(cut):
            out["U"] = self.text[:cut].rstrip()
        return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n", 1)[1] if __doc__ else None,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="ground-truth.json (default: %(default)s)")
    parser.add_argument("--cuts", type=int, default=50, help="random cut positions per article (default: %(default)s)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default: %(default)s)")
    parser.add_argument("--show", type=int, default=0, help="print this many misses of (a), for inspection")
    args = parser.parse_args(argv)
    if not args.data.is_file():
        parser.error(f"{args.data}: not found; give the ground truth with --data")
    if args.cuts < 1:
        parser.error("--cuts must be 1 or more")

    raw = json.loads(args.data.read_text(encoding="utf-8"))
    articles = [Article(v["articleBody"]) for v in raw.values() if v["articleBody"].strip()]
    repair = RepairTruncation()
    rng = random.Random(args.seed)

    changed = sum(repair(a.text) != a.text for a in articles)
    total = exact = not_prefix = 0
    alone = {"S": 0, "L": 0}
    misses: list[tuple[str, str, dict[str, str]]] = []
    timings: list[float] = []
    for article in articles:
        for _ in range(args.cuts):
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
            elif len(misses) < args.show:
                misses.append((text[-160:], got[-100:], {k: v[-100:] for k, v in answers.items()}))
            if not text.startswith(got):
                not_prefix += 1

    for text, got, answers in misses:
        print(f"cut:  ...{text!r}\n got: ...{got!r}")
        for name, answer in answers.items():
            print(f"   {name}: ...{answer!r}")
        print()
    print(f"articles: {len(articles)}, cut texts: {total} ({args.cuts} per article, seed {args.seed})")
    print(f"(a) repaired exactly to the last complete sentence: {exact / total:.2%} ({exact}/{total})")
    print(
        f"    one answer only, S (sentence ends): {alone['S'] / total:.2%}; L (sentence and line ends): {alone['L'] / total:.2%}"
    )
    print(f"(b) complete articles changed: {changed / len(articles):.2%} ({changed}/{len(articles)})")
    print(f"(c) outputs not a prefix of the input: {not_prefix / total:.2%} ({not_prefix}/{total})")
    print(f"median time per cut text: {median(timings) * 1e6:.0f} µs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
