"""What a pipeline changed: :class:`Change` records and their derivation
from a diff. :mod:`cleantext.report` shows them as text or HTML."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any, Literal

from cleantext.text import split_lines, strip_ending

if TYPE_CHECKING:
    from cleantext.align import LineOp
    from cleantext.report import Report, pass_html, pipeline_html, reason_group, reason_text

__all__ = [
    "Change",
    "ChangeKind",
    "Report",
    "diff_changes",
    "pass_html",
    "pipeline_html",
    "reason_group",
    "reason_text",
]

ChangeKind = Literal["line-removed", "span-replaced", "text-appended", "text-removed", "line-added"]


@dataclass(frozen=True, slots=True)
class Change:
    """One change made by one pass.

    A pass reports ``line`` (1-based) and, if it knows it, ``span`` (start and
    end character offsets of ``before``) in the text it received; in the
    results of :meth:`Pipeline.run` and :meth:`Pipeline.explain`, both refer
    to the pipeline's original input. ``before`` and ``after`` hold the
    changed text only (a removed line, a replaced span), not the whole line.
    """

    pass_name: str
    kind: ChangeKind
    before: str
    after: str
    reason: str | None
    line: int
    span: tuple[int, int] | None = None

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["pass"] = data.pop("pass_name")
        if self.span is not None:
            data["span"] = list(self.span)
        return data

    def __str__(self) -> str:
        why = f" ({self.reason})" if self.reason else ""
        if self.kind == "line-removed":
            return f"{self.pass_name}: line {self.line} removed{why}: {strip_ending(self.before)!r}"
        return f"{self.pass_name}: line {self.line} {self.kind}{why}: {self.before!r} -> {self.after!r}"


def diff_changes(pass_name: str, before: str, after: str, reason: str | None = None) -> list[Change]:
    """Describe the difference between ``before`` and ``after`` as changes:
    removed and added lines, and for changed lines the replaced span."""
    from cleantext.align import line_ops

    a = split_lines(before)
    b = split_lines(after)
    return changes_from_ops(pass_name, a, b, line_ops(a, b), reason)


def changes_from_ops(
    pass_name: str,
    a: Sequence[str],
    b: Sequence[str],
    ops: Iterable[LineOp],
    reason: str | None = None,
    pairs: dict[int, list[tuple[int, int, int]]] | None = None,
) -> list[Change]:
    """The changes of a line edit script (see :func:`cleantext.align.line_ops`):
    one per removed line, one per run of added lines, and one per rewritten
    span inside a changed line. ``pairs`` collects the unchanged runs of each
    changed line, by line index, for reuse."""
    from cleantext.align import pair_blocks

    starts = [0]
    for line in a:
        starts.append(starts[-1] + len(line))
    out: list[Change] = []
    for tag, i1, i2, j1, j2 in ops:
        if tag == "delete":
            out.extend(
                Change(pass_name, "line-removed", a[i], "", reason, i + 1, (starts[i], starts[i + 1]))
                for i in range(i1, i2)
            )
        elif tag == "insert":
            kind: ChangeKind = "text-appended" if i1 == len(a) else "line-added"
            out.append(Change(pass_name, kind, "", "".join(b[j1:j2]), reason, i1 + 1, (starts[i1], starts[i1])))
        elif tag == "pair":
            old, new = a[i1], b[j1]
            blocks = pair_blocks(old, new)
            if pairs is not None:
                pairs[i1] = blocks
            o_at = c_at = 0
            for c, o, n in [*blocks, (len(new), len(old), 0)]:
                if o > o_at or c > c_at:
                    span = (starts[i1] + o_at, starts[i1] + o)
                    out.append(Change(pass_name, "span-replaced", old[o_at:o], new[c_at:c], reason, i1 + 1, span))
                o_at, c_at = o + n, c + n
    return out


# -- reports ------------------------------------------------------------------

# The reports live in cleantext.report, which imports this module; these
# names stay importable from here.
_REPORT_NAMES = frozenset({"Report", "pass_html", "pipeline_html", "reason_group", "reason_text"})


def __getattr__(name: str) -> Any:
    if name in _REPORT_NAMES:
        from cleantext import report

        return getattr(report, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
