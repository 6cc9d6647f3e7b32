"""What a pipeline changed: :class:`Change` records (defined in
:mod:`cleantext.core`) and their derivation from a diff.
:mod:`cleantext.report` shows them as text or HTML."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from cleantext.core import Change, ChangeKind, Reason
from cleantext.text import line_at, line_starts

if TYPE_CHECKING:
    from cleantext.align import LineOp
    from cleantext.report import Report, pass_html, pipeline_html, reason_group, reason_text

__all__ = [
    "Change",
    "ChangeKind",
    "Reason",
    "Report",
    "changes_from_edits",
    "diff_changes",
    "line_at",
    "line_starts",
    "pass_html",
    "pipeline_html",
    "reason_group",
    "reason_text",
]


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


# -- reports ------------------------------------------------------------------

# The reports live in cleantext.report, which imports this module; these
# names stay importable from here.
_REPORT_NAMES = frozenset({"Report", "pass_html", "pipeline_html", "reason_group", "reason_text"})


def __getattr__(name: str) -> Any:
    if name in _REPORT_NAMES:
        from cleantext import report

        return getattr(report, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
