"""What a pass changed: :class:`Change` records and their derivation."""

from __future__ import annotations

import difflib
from dataclasses import asdict, dataclass
from typing import Any, Literal

from cleantext.text import split_lines, strip_ending

__all__ = ["Change", "ChangeKind", "diff_changes"]

ChangeKind = Literal["line-removed", "span-replaced", "text-appended", "text-removed", "line-added"]


@dataclass(frozen=True, slots=True)
class Change:
    """One change made by one pass.

    ``line`` is the 1-based line number in the text the pass received.
    ``before`` and ``after`` hold the changed text only (a removed line, a
    replaced span), not the whole line.
    """

    pass_name: str
    kind: ChangeKind
    before: str
    after: str
    reason: str | None
    line: int

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["pass"] = data.pop("pass_name")
        return data

    def __str__(self) -> str:
        why = f" ({self.reason})" if self.reason else ""
        if self.kind == "line-removed":
            return f"{self.pass_name}: line {self.line} removed{why}: {strip_ending(self.before)!r}"
        return f"{self.pass_name}: line {self.line} {self.kind}{why}: {self.before!r} -> {self.after!r}"


def diff_changes(pass_name: str, before: str, after: str, reason: str | None = None) -> list[Change]:
    """Describe the difference between ``before`` and ``after`` as changes:
    removed and added lines, and for changed lines the replaced span."""
    a = split_lines(before)
    b = split_lines(after)
    out: list[Change] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        if op == "delete":
            out.extend(Change(pass_name, "line-removed", a[i], "", reason, i + 1) for i in range(i1, i2))
            continue
        if op == "insert":
            kind: ChangeKind = "text-appended" if i1 == len(a) else "line-added"
            out.append(Change(pass_name, kind, "", "".join(b[j1:j2]), reason, i1 + 1))
            continue
        pairs = min(i2 - i1, j2 - j1)
        for k in range(pairs):
            old, new = a[i1 + k], b[j1 + k]
            start, old_end, new_end = _changed_span(old, new)
            out.append(Change(pass_name, "span-replaced", old[start:old_end], new[start:new_end], reason, i1 + k + 1))
        out.extend(Change(pass_name, "line-removed", a[i], "", reason, i + 1) for i in range(i1 + pairs, i2))
        if j2 - j1 > pairs:
            out.append(Change(pass_name, "line-added", "", "".join(b[j1 + pairs : j2]), reason, i2 + 1))
    return out


def _changed_span(old: str, new: str) -> tuple[int, int, int]:
    """(start, end in old, end in new) of the part of ``old`` that differs."""
    start = 0
    limit = min(len(old), len(new))
    while start < limit and old[start] == new[start]:
        start += 1
    end_old, end_new = len(old), len(new)
    while end_old > start and end_new > start and old[end_old - 1] == new[end_new - 1]:
        end_old -= 1
        end_new -= 1
    return start, end_old, end_new
