"""What a pipeline changed across many documents: counts by pass and by
reason, with a few examples of each, as text and as an HTML table that
sorts by any column (:meth:`Pipeline.explain_many <cleantext.pipeline.Pipeline.explain_many>`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from html import escape
from typing import TYPE_CHECKING

from cleantext.markup import STYLE
from cleantext.report import Report, plural, visible_html, visible_text

if TYPE_CHECKING:
    from cleantext.pipeline import Pipeline

__all__ = ["CorpusReport", "ReasonStats", "explain_many"]


@dataclass
class ReasonStats:
    """The changes one pass made for one reason across the documents."""

    pass_name: str
    reason: str
    changes: int = 0
    lines: int = 0
    documents: int = 0
    #: (document index, the example's entry rendered as HTML, and as text)
    examples: list[tuple[int, str, str]] = field(default_factory=list)


@dataclass
class CorpusReport:
    """Counts of the changes a pipeline made to many documents, by pass and
    reason, with up to ``examples`` examples per reason (the first ones met).

    >>> from cleantext import Pipeline
    >>> texts = ["One  two.\\n", "Fine.\\n", "Three   four.\\n\\n\\n\\nFive.\\n"]
    >>> report = Pipeline(["normalize-whitespace"]).explain_many(texts)
    >>> report
    <CorpusReport: 3 documents, 2 cleaned; 4 changes by 1 pass>
    >>> print(report)
    3 documents, 2 cleaned (67%); 4 changes; 39 characters in, 34 out
    changes  lines  documents  pass / reason
          4      4          2  normalize-whitespace: Tidy spaces, tabs, blank lines and line endings without moving a paragraph (found by diff)
    """

    passes: tuple[str, ...]
    documents: int = 0
    changed: int = 0
    characters_in: int = 0
    characters_out: int = 0
    reasons: dict[tuple[str, str], ReasonStats] = field(default_factory=dict)
    #: (document index, error) for each document a pass failed on; those pass through unchanged.
    failures: list[tuple[int, str]] = field(default_factory=list)

    @property
    def changes(self) -> int:
        return sum(r.changes for r in self.reasons.values())

    def by_count(self) -> list[ReasonStats]:
        """Every (pass, reason), the most changes first."""
        return sorted(self.reasons.values(), key=lambda r: (-r.changes, r.pass_name, r.reason))

    def by_pass(self) -> dict[str, int]:
        """Pass name -> changes, in pipeline order, for the passes that changed something."""
        out = dict.fromkeys(self.passes, 0)
        for r in self.reasons.values():
            out[r.pass_name] = out.get(r.pass_name, 0) + r.changes
        return {name: n for name, n in out.items() if n}

    def add(self, index: int, report: Report, *, examples: int) -> None:
        """Count one document's report."""
        self.documents += 1
        self.characters_in += len(report.original)
        self.characters_out += len(report.text)
        if not report.has_changes:
            return
        self.changed += 1
        for pg in report.groups:
            for group in pg.groups:
                stats = self.reasons.get((pg.name, group.key))
                if stats is None:
                    stats = self.reasons[(pg.name, group.key)] = ReasonStats(pg.name, group.key)
                stats.changes += group.changes
                stats.lines += group.lines
                stats.documents += 1
                if len(stats.examples) < examples:
                    entry = group.entries[0]
                    where = f'<span class="ct-doc">document {index + 1:,}</span>'
                    show = len(group.reasons) > 1
                    html = report.entry_html(entry, show_reason=show, where=where)
                    text = report.entry_text(entry, show_reason=True)
                    stats.examples.append((index, html, text))

    def summary(self) -> str:
        share = f" ({self.changed / self.documents:.0%})" if self.documents else ""
        failed = f"; {plural(len(self.failures), 'document')} failed, left unchanged" if self.failures else ""
        return (
            f"{plural(self.documents, 'document')}, {self.changed:,} cleaned{share}; "
            f"{plural(self.changes, 'change')}; "
            f"{plural(self.characters_in, 'character')} in, {self.characters_out:,} out{failed}"
        )

    def __repr__(self) -> str:
        n_passes = plural(len(self.by_pass()), "pass", "passes")
        return (
            f"<CorpusReport: {plural(self.documents, 'document')}, {self.changed:,} cleaned; "
            f"{plural(self.changes, 'change')} by {n_passes}>"
        )

    def __str__(self) -> str:
        rows = [self.summary(), "changes  lines  documents  pass / reason"]
        for r in self.by_count():
            rows.append(f"{r.changes:>7,}  {r.lines:>5,}  {r.documents:>9,}  {r.pass_name}: {visible_text(r.reason)}")
        rows.extend(f"document {i + 1}: {error}" for i, error in self.failures)
        return "\n".join(rows) + "\n"

    def to_html(self) -> str:
        """The summary and a table of (pass, reason) rows, the most changes
        first; a click on a column's head sorts by it; each row folds out
        its examples."""
        rows = []
        for r in self.by_count():
            examples = "".join(html for _, html, _ in r.examples)
            shown = plural(len(r.examples), "example")
            rows.append(
                f'<tr><td><code>{escape(r.pass_name)}</code></td><td class="ct-reason-cell">{visible_html(r.reason)}'
                f'<details class="ct-more"><summary>{shown}</summary><ol class="ct-entries">{examples}</ol>'
                f'</details></td><td class="ct-num" data-v="{r.changes}">{r.changes:,}</td>'
                f'<td class="ct-num" data-v="{r.lines}">{r.lines:,}</td>'
                f'<td class="ct-num" data-v="{r.documents}">{r.documents:,}</td></tr>'
            )
        failures = ""
        if self.failures:
            items = "".join(f"<li>document {i + 1:,}: {escape(error)}</li>" for i, error in self.failures[:20])
            failures = f'<div class="ct-hidden">Left unchanged, a pass failed on them:<ul>{items}</ul></div>'
        # The first click sorts text A to Z and numbers largest first; the
        # rows start sorted by changes, so that head's first click reverses them.
        head = "".join(
            f'<th class="ct-sort{" ct-num" if numeric else ""}"{_DESC if first_desc else ""}'
            f' onclick="{_SORT}">{name}</th>'
            for name, numeric, first_desc in (
                ("pass", False, True),
                ("reason", False, True),
                ("changes", True, True),
                ("lines", True, False),
                ("documents", True, False),
            )
        )
        return (
            f'<div class="cleantext cleantext-corpus">{STYLE}<div class="ct-summary">{escape(self.summary())}</div>'
            f'<table class="ct-table"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'
            f"{failures}</div>"
        )

    def _repr_html_(self) -> str:
        return self.to_html()


_DESC = ' data-dir="desc"'
# Sorts the table's rows by the clicked column: numbers by their data-v,
# the rest by their text; a second click reverses the order.
_SORT = (
    "var t=this.closest('table'),b=t.tBodies[0],i=this.cellIndex,"
    "d=this.dataset.dir=this.dataset.dir==='desc'?'asc':'desc',s=d==='desc'?-1:1;"
    "Array.from(b.rows).sort(function(x,y){var p=x.cells[i],q=y.cells[i];"
    "return s*(p.dataset.v!==undefined?p.dataset.v-q.dataset.v:p.textContent.localeCompare(q.textContent))})"
    ".forEach(function(r){b.appendChild(r)})"
)


def explain_many(pipeline: Pipeline, texts: Iterable[str], *, examples: int = 3) -> CorpusReport:
    """Clean every text and count what changed, by pass and reason, keeping
    the first ``examples`` examples of each reason. A document that a pass
    fails on is counted unchanged and listed in ``failures``."""
    out = CorpusReport(pipeline.names)
    for index, text in enumerate(texts):
        try:
            result = pipeline.run(text)
        except Exception as exc:
            out.failures.append((index, f"{type(exc).__name__}: {exc}"))
            out.add(index, Report(text, text, (), pipeline.names), examples=examples)
            continue
        out.add(index, Report(text, result.text, tuple(result.changes), pipeline.names), examples=examples)
    return out
