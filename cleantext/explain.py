"""What a pipeline changed: :class:`Change` records, their derivation from a
diff, and the :class:`Report` that shows them as text or HTML."""

from __future__ import annotations

import html
import re
import unicodedata
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from cleantext.text import split_lines, strip_ending

if TYPE_CHECKING:
    from cleantext.align import LineOp, OffsetMap
    from cleantext.registry import Pass

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


def reason_group(change: Change) -> str:
    """The reason without its quoted details, for counting: ``promo line
    "(Do not miss: ...)"`` counts as ``promo line``."""
    if not change.reason:
        return f"{change.kind} (found by diff)"
    text = re.sub(r"\"[^\"]*\"|“[^”]*”|'[^']*'|‘[^’]*’", "", change.reason)
    return " ".join(text.split()).rstrip(" :,;") or change.reason


@dataclass(frozen=True)
class Report:
    """Every change a pipeline made to one text, pass by pass.

    Line numbers and spans refer to the original text. ``str(report)`` is a
    unified-diff-like listing with reasons; in Jupyter it renders as HTML.
    """

    original: str
    text: str
    changes: tuple[Change, ...]
    passes: tuple[str, ...]
    offsets: OffsetMap | None = field(default=None, repr=False, compare=False)

    def by_pass(self) -> dict[str, list[Change]]:
        """Pass name -> its changes, for the passes that changed something, in pipeline order."""
        out: dict[str, list[Change]] = {name: [] for name in self.passes}
        for c in self.changes:
            out.setdefault(c.pass_name, []).append(c)
        return {name: changes for name, changes in out.items() if changes}

    @property
    def removed_lines(self) -> list[Change]:
        return [c for c in self.changes if c.kind == "line-removed"]

    def counts(self) -> Counter[tuple[str, str]]:
        """(pass, reason without details) -> number of changes."""
        return Counter((c.pass_name, reason_group(c)) for c in self.changes)

    def summary(self) -> str:
        n = len(self.changes)
        lines_in, lines_out = len(split_lines(self.original)), len(split_lines(self.text))
        by_pass = self.by_pass()
        if not n:
            return f"no changes ({len(self.passes)} passes, {lines_in} lines)"
        return (
            f"{n} change{'s' * (n != 1)} by {len(by_pass)} of {len(self.passes)} passes; "
            f"{lines_in} lines in, {lines_out} out; {len(self.original)} characters in, {len(self.text)} out"
        )

    # -- rendering --------------------------------------------------------

    def _context(self, change: Change) -> tuple[str, str]:
        """The original text around the change, on its line, shortened."""
        if change.span is None:
            return "", ""
        start, end = change.span
        line_start = max(self.original.rfind("\n", 0, start), self.original.rfind("\r", 0, start)) + 1
        ends = [i for i in (self.original.find("\n", end), self.original.find("\r", end)) if i >= 0]
        line_end = min(ends) if ends else len(self.original)
        left = self.original[line_start:start]
        ends_line = end > start and self.original[end - 1] in "\r\n"
        right = "" if ends_line else self.original[end:line_end]
        if len(left) > 40:
            left = "…" + left[-39:]
        if len(right) > 40:
            right = right[:39] + "…"
        return left, right

    def _before(self, change: Change) -> str:
        """What the change replaced; the original's text when the change
        covers a little more of it, such as the space before a cut."""
        if change.span is not None:
            original = self.original[change.span[0] : change.span[1]]
            if original != change.before and original.strip() == change.before.strip():
                return original
        return change.before

    def __str__(self) -> str:
        out = [f"--- original\n+++ cleaned\n# {self.summary()}\n"]
        for name, changes in self.by_pass().items():
            out.append(f"\n== {name} ({len(changes)} change{'s' * (len(changes) != 1)})\n")
            for c in changes:
                why = reason_text(c)
                out.append(f"@@ line {c.line}: {c.kind.replace('-', ' ')}: {why}\n")
                if c.kind == "line-removed":
                    out.append(f"-{_visible(strip_ending(c.before), whole_line=True)}\n")
                elif c.kind in ("line-added", "text-appended"):
                    for line in split_lines(c.after) or [""]:
                        out.append(f"+{_visible(strip_ending(line), whole_line=True)}\n")
                else:
                    left, right = self._context(c)
                    left, right = _visible(left, whole_line=True), _visible(right, whole_line=True)
                    out.append(f"-{left}[{_visible(self._before(c))}]{right}\n")
                    out.append(f"+{left}[{_visible(c.after)}]{right}\n")
        return "".join(out)

    def _repr_html_(self) -> str:
        parts = [f'<div class="cleantext-report">{_STYLE}', f'<p class="summary">{_esc(self.summary())}</p>']
        for name, changes in self.by_pass().items():
            parts.append(
                f'<section class="pass" data-pass="{_esc(name)}"><h3><code>{_esc(name)}</code> '
                f'<span class="count">{len(changes)} change{"s" * (len(changes) != 1)}</span></h3><ol class="changes">'
            )
            for c in changes:
                parts.append(self._change_html(c))
            parts.append("</ol></section>")
        parts.append("</div>")
        return "".join(parts)

    def _change_html(self, c: Change) -> str:
        reason = _esc(reason_text(c))
        head = f'<li class="change {c.kind}" data-line="{c.line}"><span class="lineno">line {c.line}</span> '
        if c.kind == "line-removed":
            body = f'<del class="removed-line">{_esc(_visible(strip_ending(c.before), whole_line=True))}</del>'
        elif c.kind in ("line-added", "text-appended"):
            body = f'<ins class="added">{_esc(_visible(c.after, whole_line=True))}</ins>'
        else:
            left, right = self._context(c)
            body = (
                f'<span class="context">{_esc(_visible(left, whole_line=True))}</span>'
                f'<del class="replaced">{_esc(_visible(self._before(c)))}</del>'
                f'<ins class="replacement">{_esc(_visible(c.after))}</ins>'
                f'<span class="context">{_esc(_visible(right, whole_line=True))}</span>'
            )
        return f'{head}<span class="text">{body}</span> <span class="reason">{reason}</span></li>'


def reason_text(change: Change) -> str:
    """The change's reason; for a change found by diff, what its pass does."""
    if change.reason:
        return change.reason
    from cleantext.registry import _REGISTRY

    cls = _REGISTRY.get(change.pass_name)
    summary = cls.summary().rstrip(".") if cls is not None else ""
    return f"{summary} (found by diff)" if summary else "no reason given"


_STYLE = """<style>
.cleantext-report{font-family:system-ui,sans-serif;font-size:13px;line-height:1.5;max-width:60em}
.cleantext-report .summary{color:#444;margin:0 0 .5em}
.cleantext-report section.pass{border-left:3px solid #888;margin:.6em 0;padding:.1em .8em}
.cleantext-report h3{font-size:14px;margin:.3em 0}
.cleantext-report .count{color:#666;font-weight:normal;font-size:12px}
.cleantext-report ol.changes{list-style:none;margin:0;padding:0}
.cleantext-report li.change{margin:.25em 0;font-family:ui-monospace,monospace;font-size:12px}
.cleantext-report .lineno{color:#888;display:inline-block;min-width:5.5em}
.cleantext-report del{text-decoration:line-through;background:#fde2e1;color:#86181d}
.cleantext-report ins{text-decoration:none;background:#fff3a3;color:#24292e;font-weight:bold}
.cleantext-report ins.added{background:#dcffe4}
.cleantext-report .context{color:#555}
.cleantext-report .reason{display:block;margin-left:5.5em;color:#0b5394;font-family:system-ui,sans-serif;font-style:italic}
.cleantext-pass,.cleantext-pipeline{font-family:system-ui,sans-serif;font-size:13px}
.cleantext-table td,.cleantext-table th{text-align:left;padding:2px 8px;vertical-align:top}
.cleantext-table .why{color:#666;font-style:italic}
.cleantext-table .set{font-weight:bold}
</style>"""


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


_SHOWN = {" ": "·", "\t": "\\t", "\r": "\\r", "\n": "\\n"}


def _visible(text: str, *, whole_line: bool = False) -> str:
    """Make invisible changes visible: spaces as ``·`` when the change is only
    whitespace, line endings and control or format characters as escapes."""
    if not text and not whole_line:
        return "∅"
    only_space = not whole_line and not text.strip()
    out = []
    for ch in text:
        if ch == " ":
            out.append("·" if only_space else " ")
        elif ch in _SHOWN:
            out.append(_SHOWN[ch])
        elif unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Zl", "Zp") or (
            ch != " " and ch.isspace() and not whole_line
        ):
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return "".join(out)


# -- passes and pipelines in notebooks ----------------------------------------------


def _options_rows(p: Pass) -> str:
    rows = []
    set_now = p.config()
    for name, (default, why) in type(p).options().items():
        value = getattr(p, name)
        cls = ' class="set"' if name in set_now else ""
        note = f" (default {_esc(repr(default))})" if name in set_now else ""
        rows.append(
            f"<tr><td><code>{_esc(name)}</code></td><td{cls}><code>{_esc(repr(value))}</code>{note}</td>"
            f'<td class="why">{_esc(why)}</td></tr>'
        )
    return "".join(rows)


def pass_html(p: Pass) -> str:
    """An HTML table of a pass: its name, summary and options with their reasons."""
    rows = _options_rows(p) or '<tr><td colspan="3" class="why">no options</td></tr>'
    return (
        f'<div class="cleantext-pass">{_STYLE}<p><code>{_esc(p.name)}</code>: {_esc(type(p).summary())}</p>'
        f'<table class="cleantext-table"><tr><th>option</th><th>value</th><th>why this default</th></tr>'
        f"{rows}</table></div>"
    )


def pipeline_html(passes: Sequence[Pass]) -> str:
    """An HTML table of a pipeline's passes, in order, with the options set."""
    rows = []
    for i, p in enumerate(passes, 1):
        opts = ", ".join(f"{k}={v!r}" for k, v in p.config().items()) or "defaults"
        rows.append(
            f"<tr><td>{i}</td><td><code>{_esc(p.name)}</code></td><td>{_esc(type(p).summary())}</td>"
            f'<td class="{"set" if p.config() else "why"}">{_esc(opts)}</td></tr>'
        )
    return (
        f'<div class="cleantext-pipeline">{_STYLE}<p>Pipeline of {len(passes)} passes</p>'
        f'<table class="cleantext-table"><tr><th>#</th><th>pass</th><th>what it does</th><th>options</th></tr>'
        f"{''.join(rows)}</table></div>"
    )
