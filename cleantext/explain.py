"""What a pipeline changed: :class:`Change` records and their derivation
from a diff. :mod:`cleantext.report` shows them as text or HTML."""

from __future__ import annotations

from bisect import bisect_right
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
    "changes_from_edits",
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
    removed and added lines, and for changed lines the replaced span. The
    changes are an exact edit script: each ``before`` is ``before[span]``,
    and putting each ``after`` in place of its span gives ``after``."""
    from cleantext.align import diff_edits

    return changes_from_edits(pass_name, before, after, diff_edits(before, after), reason)


def changes_from_edits(
    pass_name: str,
    before: str,
    after: str,
    edits: Iterable[tuple[int, int, int, int, str]],
    reason: str | None = None,
) -> list[Change]:
    """One change per written region ``(original start, original end,
    cleaned start, cleaned end, kind)`` of ``before`` rewritten into ``after``."""
    starts = line_starts(before)
    return [
        Change(pass_name, kind, before[o0:o1], after[c0:c1], reason, line_at(starts, o0), (o0, o1))  # type: ignore[arg-type]
        for o0, o1, c0, c1, kind in edits
    ]


def changes_from_ops(
    pass_name: str,
    a: Sequence[str],
    b: Sequence[str],
    ops: Iterable[LineOp],
    reason: str | None = None,
) -> list[Change]:
    """The changes of a line edit script (see :func:`cleantext.align.line_ops`):
    one per removed line, one per run of added lines, and one per rewritten
    span inside a changed line."""
    from cleantext.align import edits_from_ops

    before, after = "".join(a), "".join(b)
    return changes_from_edits(pass_name, before, after, edits_from_ops(a, b, ops), reason)


def line_starts(text: str) -> list[int]:
    """Where each line of ``text`` starts, and where one more line would
    start when the text ends with a line ending (or is empty)."""
    starts = [0]
    if "\r" not in text:
        at = text.find("\n")
        while at >= 0:
            starts.append(at + 1)
            at = text.find("\n", at + 1)
        return starts
    pos = 0
    for line in split_lines(text):
        pos += len(line)
        starts.append(pos)
    if text and text[-1] not in "\r\n":
        starts.pop()
    return starts


def line_at(starts: Sequence[int], pos: int) -> int:
    """The line (1-based) holding position ``pos``, from :func:`line_starts`."""
    return max(bisect_right(starts, pos), 1)


# -- reports ------------------------------------------------------------------

# The reports live in cleantext.report, which imports this module; these
# names stay importable from here.
_REPORT_NAMES = frozenset({"Report", "pass_html", "pipeline_html", "reason_group", "reason_text"})


def __getattr__(name: str) -> Any:
    if name in _REPORT_NAMES:
        from cleantext import report

        return getattr(report, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
