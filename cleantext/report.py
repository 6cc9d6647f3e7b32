"""Explanations a person reads: what a pipeline changed in one text, grouped
by pass, by reason and by line, as text and as HTML (for notebooks).

A :class:`Report` groups the :class:`~cleantext.explain.Change` records of
one text: one section per pass, in it one group per reason (said once, with
its count), in each group one entry per line with the number of spans the
pass changed in it. An entry shows its line as it reads after the pass, the
changed spans marked; invisible and control characters appear as named
badges (``NBSP``, ``ZWSP``, ``U+009D``). Long reports stay short: the first
entries of each group are shown and the rest folded, up to a fixed budget.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, Literal

import regex

from cleantext.core import BLANK_LINE_LEFT, Change
from cleantext.markup import STYLE, escape, pass_html
from cleantext.text import piece_starts, split_lines, strip_ending

if TYPE_CHECKING:
    from cleantext.align import OffsetMap
    from cleantext.core import Pass
    from cleantext.pipeline import Result

__all__ = [
    "Entry",
    "PassGroup",
    "ReasonGroup",
    "Report",
    "group_key",
    "pass_html",
    "pipeline_html",
    "plural",
    "reason_group",
    "reason_text",
    "result_html",
    "result_repr",
    "visible_html",
    "visible_text",
]

#: Characters of context kept on each side of a changed span.
CONTEXT = 40
#: Longest changed text shown whole; longer ones keep their two ends.
LONGEST = 240

SegmentKind = Literal["ctx", "del", "ins", "cut"]
Segment = tuple[SegmentKind, str]


def plural(n: int, word: str, words: str | None = None) -> str:
    """``1 line``, ``2 lines``, ``1,234 changes``.

    >>> plural(1, "line"), plural(2, "line"), plural(1234, "entry", "entries")
    ('1 line', '2 lines', '1,234 entries')
    """
    return f"{n:,} {word if n == 1 else (words or word + 's')}"


# -- reasons ------------------------------------------------------------------------


@lru_cache(maxsize=256)
def _pass_summary(name: str) -> str:
    from cleantext.errors import ConfigError
    from cleantext.registry import pass_class

    try:
        return pass_class(name).summary().rstrip(".")
    except (ConfigError, KeyError):
        return ""


def reason_text(change: Change) -> str:
    """The change's reason; for a change found by diff, what its pass does.

    >>> reason_text(Change("normalize-whitespace", "span-replaced", "  ", " ", None, 1))
    'Tidy spaces, tabs, blank lines and line endings without moving a paragraph (found by diff)'
    """
    if change.reason:
        return change.reason
    summary = _pass_summary(change.pass_name)
    return f"{summary} (found by diff)" if summary else "no reason given"


# A quotation: not an apostrophe inside a word ("scraper's").
_QUOTED = re.compile(r"(?<!\w)(?:\"[^\"]*\"|“[^”]*”|'[^']*'|‘[^’]*’)(?!\w)")
# Parenthesised details with figures: "(Zelensky ×5, Zelenskiy ×1)".
_FIGURES = re.compile(r"\s*\([^()]*\d[^()]*\)")


def reason_group(change: Change) -> str:
    """The reason without its details, as people read it in reports and
    ``--stats``: quoted text becomes ``…`` (dropped at the end) and
    parenthesised figures go; a change found by diff counts by its kind.
    Programs count by the reason's code (:attr:`Change.code`) instead.

    >>> def group(reason):
    ...     return reason_group(Change("p", "span-replaced", "a", "b", reason, 1))
    >>> group('promo line "Advertisement"')
    'promo line'
    >>> group("'Zelenskiy' is a variant of 'Zelenskyy' (other Ukrainian transliteration)")
    '… is a variant of … (other Ukrainian transliteration)'
    >>> group("scraper's truncation note '[+2817 chars]'")
    "scraper's truncation note"
    """
    if not change.reason:
        return f"{change.kind} (found by diff)"
    text = _QUOTED.sub("…", _FIGURES.sub("", change.reason))
    text = " ".join(text.split()).rstrip(" :,;")
    if text.count("…") == 1 and text.endswith(" …"):
        text = text[:-2].rstrip(" :,;")
    return text or change.reason


# -- grouping ------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """One line a pass changed (or one removed line, or a run of removed
    blank lines), with the changes it made there."""

    pass_name: str
    line: int
    changes: tuple[Change, ...]
    #: Blank lines removed along with a removed line (not shown as entries).
    blank_lines: int = 0

    @property
    def kind(self) -> str:
        """``lines-removed``, ``blank-lines``, ``added`` or ``spans``."""
        kinds = {c.kind for c in self.changes}
        if kinds == {"line-removed"}:
            return "blank-lines" if all(not c.before.strip() for c in self.changes) else "lines-removed"
        if kinds <= {"line-added", "text-appended"}:
            return "added"
        return "spans"

    @property
    def count(self) -> int:
        """Spans changed (or lines removed) in this entry, not counting the
        blank lines removed along with it."""
        return len(self.changes)

    @property
    def reasons(self) -> list[str]:
        return list(dict.fromkeys(reason_text(c) for c in self.changes))


@dataclass(frozen=True)
class ReasonGroup:
    """The entries of one pass for one reason."""

    pass_name: str
    key: str
    reasons: tuple[str, ...]
    entries: tuple[Entry, ...]

    @property
    def label(self) -> str:
        """The reason, said once: in full when every change gives the same one."""
        return self.reasons[0] if len(self.reasons) == 1 else self.key

    @property
    def changes(self) -> int:
        """Every change of the group, blank lines removed with a line included."""
        return sum(e.count + e.blank_lines for e in self.entries)

    @property
    def lines(self) -> int:
        """Lines changed: each removed line counts, blank ones included."""
        return sum(e.count + e.blank_lines if e.kind in _REMOVALS else 1 for e in self.entries)

    def describe(self) -> str:
        """``3 lines removed``, ``15 changes on 9 lines``, ``1 change``."""
        return _describe(self.entries)


_REMOVALS = ("lines-removed", "blank-lines")


def _describe(entries: Sequence[Entry]) -> str:
    if all(e.kind in _REMOVALS for e in entries):
        text = sum(e.count for e in entries if e.kind == "lines-removed")
        blank = sum(e.count if e.kind == "blank-lines" else e.blank_lines for e in entries)
        if not blank:
            return f"{plural(text, 'line')} removed"
        if not text:
            return f"{plural(blank, 'blank line')} removed"
        return f"{plural(text, 'line')} and {plural(blank, 'blank line')} removed"
    changes = sum(e.count + e.blank_lines for e in entries)
    lines = len({e.line for e in entries if e.kind not in _REMOVALS})
    lines += sum(e.count + e.blank_lines for e in entries if e.kind in _REMOVALS)
    if changes == 1:
        return "1 change"
    return f"{plural(changes, 'change')} on {plural(lines, 'line')}"


@dataclass(frozen=True)
class PassGroup:
    """What one pass changed: its reason groups, the most frequent first."""

    name: str
    groups: tuple[ReasonGroup, ...]

    @property
    def changes(self) -> int:
        return sum(g.changes for g in self.groups)

    def describe(self) -> str:
        """``3 lines removed``, ``15 changes on 9 lines``, ``1 change``."""
        return _describe([e for g in self.groups for e in g.entries])


def group_key(change: Change) -> str:
    """What a report groups a change by: :func:`reason_group`, and for a
    change found by diff, what its pass does (whatever its kind)."""
    return reason_group(change) if change.reason else reason_text(change)


def _is_blank_removal(c: Change) -> bool:
    return c.kind == "line-removed" and not c.before.strip()


def group_changes(name: str, changes: Sequence[Change], lines: Sequence[str] = ()) -> PassGroup:
    """Group one pass's changes: by reason, then by line (each removed line
    is an entry of its own). A blank line removed next to a removed line
    (or with only blank lines between them in ``lines``, the original's)
    goes with that line; other removed blank lines are one entry per run."""
    removed: dict[int, int] = {}  # line -> index of its entry's first change
    for i, c in enumerate(changes):
        if c.kind == "line-removed" and c.before.strip():
            removed.setdefault(c.line, i)

    def blank(line: int) -> bool:
        return 0 < line <= len(lines) and not lines[line - 1].strip()

    def neighbour(c: Change) -> int | None:
        line = c.line
        if line in removed:
            return line
        for step in (-1, 1):
            at = line + step
            for _ in range(4):
                if at in removed:
                    return at
                if not blank(at):
                    break
                at += step
        if removed and c.code == BLANK_LINE_LEFT:
            return min(removed, key=lambda at: abs(at - line))
        return None

    attached: Counter[int] = Counter()
    runs: dict[tuple[str, int], list[Change]] = {}
    open_runs: dict[str, tuple[int, int]] = {}  # reason -> (first line, last line) of its open run
    for c in sorted((c for c in changes if _is_blank_removal(c)), key=lambda c: c.line):
        near = neighbour(c)
        if near is not None:
            attached[removed[near]] += 1
            continue
        key = group_key(c)
        first, last = open_runs.get(key, (-2, -2))
        if c.line != last + 1:
            first = c.line
        open_runs[key] = (first, c.line)
        runs.setdefault((key, first), []).append(c)
    cells: dict[tuple[str, int, int], list[Change]] = {}
    for i, c in enumerate(changes):
        if _is_blank_removal(c):
            continue
        own = i if c.kind == "line-removed" else -1  # every removed line is an entry
        cells.setdefault((group_key(c), c.line, own), []).append(c)
    by_key: dict[str, list[Entry]] = {}
    for (key, line, own), made in cells.items():
        by_key.setdefault(key, []).append(Entry(name, line, tuple(made), attached[own] if own >= 0 else 0))
    for (key, line), made in runs.items():
        by_key.setdefault(key, []).append(Entry(name, line, tuple(made)))
    groups = []
    for key, entries in by_key.items():
        entries.sort(key=lambda e: e.line)
        reasons = tuple(dict.fromkeys(reason_text(c) for e in entries for c in e.changes))
        groups.append(ReasonGroup(name, key, reasons, tuple(entries)))
    groups.sort(key=lambda g: (-g.changes, g.entries[0].line))
    return PassGroup(name, tuple(groups))


# -- invisible characters ------------------------------------------------------------

_NAMES = {
    "\t": "TAB",
    "\n": "LF",
    "\r": "CR",
    "\x00": "NUL",
    "\x07": "BEL",
    "\x08": "BS",
    "\x0b": "VT",
    "\x0c": "FF",
    "\x1b": "ESC",
    "\x7f": "DEL",
    "\x85": "NEL",
    "\u00a0": "NBSP",
    "\u00ad": "SHY",
    "\u034f": "CGJ",
    "\u061c": "ALM",
    "\u180e": "MVS",
    "\u2002": "ENSP",
    "\u2003": "EMSP",
    "\u2007": "FIGSP",
    "\u2008": "PUNCSP",
    "\u2009": "THINSP",
    "\u200a": "HAIRSP",
    "\u200b": "ZWSP",
    "\u200c": "ZWNJ",
    "\u200d": "ZWJ",
    "\u200e": "LRM",
    "\u200f": "RLM",
    "\u2028": "LSEP",
    "\u2029": "PSEP",
    "\u202a": "LRE",
    "\u202b": "RLE",
    "\u202c": "PDF",
    "\u202d": "LRO",
    "\u202e": "RLO",
    "\u202f": "NNBSP",
    "\u205f": "MMSP",
    "\u2060": "WJ",
    "\u2066": "LRI",
    "\u2067": "RLI",
    "\u2068": "FSI",
    "\u2069": "PDI",
    "\u3000": "IDSP",
    "\ufe0e": "VS15",
    "\ufe0f": "VS16",
    "\ufeff": "BOM",
    "\ufffc": "OBJ",
}
# Every character a reader cannot see or tell from a space; in unchanged
# context the joiners and variation selectors of emoji are left as they are.
_INVISIBLE = regex.compile(r"(?V1)[[\p{Z}\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\uFE00-\uFE0F]--[ ]]")
_INVISIBLE_OR_MARK = regex.compile(r"(?V1)[[\p{Z}\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{M}\uFE00-\uFE0F]--[ ]]")
_INVISIBLE_IN_CONTEXT = regex.compile(r"(?V1)[[\p{Z}\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}]--[ \u200D]]")


def badge_name(ch: str) -> str:
    """A short name for an invisible character: ``NBSP``, ``ZWSP``, ``U+009D``
    (and for a combining mark in a changed span that is not composed, so
    that a decomposed ``é`` differs from the composed one).

    >>> badge_name("\\u00a0"), badge_name("\\u009d"), badge_name("\\u2005")
    ('NBSP', 'U+009D', 'U+2005')
    """
    return _NAMES.get(ch) or f"U+{ord(ch):04X}"


def _title(ch: str) -> str:
    return f"U+{ord(ch):04X} {unicodedata.name(ch, '')}".strip()


def _pieces(text: str, *, marked: bool) -> Iterator[tuple[bool, str]]:
    """``(is_invisible, text)`` pieces; in a marked span every invisible
    character counts, and so do spaces when the span is only spaces."""
    if marked and text and not text.strip(" "):
        yield True, text
        return
    pattern = _INVISIBLE if marked else _INVISIBLE_IN_CONTEXT
    if marked and not unicodedata.is_normalized("NFC", text):
        pattern = _INVISIBLE_OR_MARK  # a decomposed "é" looks like the composed one
    at = 0
    for m in pattern.finditer(text):
        if m.start() > at:
            yield False, text[at : m.start()]
        yield True, m.group()
        at = m.end()
    if at < len(text):
        yield False, text[at:]


def visible_text(text: str, *, marked: bool = False) -> str:
    """``text`` for a terminal: invisible characters as ``⟨NAME⟩``; in a
    marked span, spaces as ``·`` when the span is only spaces.

    >>> visible_text("a\\u00a0b\\u009d"), visible_text("  ", marked=True)
    ('a⟨NBSP⟩b⟨U+009D⟩', '··')
    """
    out = []
    for special, piece in _pieces(text, marked=marked):
        if not special:
            out.append(piece)
        elif not piece.strip(" "):
            out.append("·" * len(piece))
        else:
            out.append(f"⟨{badge_name(piece)}⟩")
    return "".join(out)


def visible_html(text: str, *, marked: bool = False) -> str:
    """``text`` escaped for HTML, invisible characters as named badges."""
    out = []
    for special, piece in _pieces(text, marked=marked):
        if not special:
            out.append(escape(piece))
        elif not piece.strip(" "):
            out.append(f'<span class="ct-sp" title="{plural(len(piece), "space")}">{"·" * len(piece)}</span>')
        else:
            out.append(f'<span class="ct-ch" title="{escape(_title(piece))}">{escape(badge_name(piece))}</span>')
    return "".join(out)


def _shorten(text: str, limit: int = LONGEST) -> str:
    """A long changed text as its two ends around a note of what is left out."""
    if len(text) <= limit:
        return text
    half = limit // 2
    return f"{text[:half]} … {len(text) - 2 * half:,} more characters … {text[-half:]}"


# -- the report of one text --------------------------------------------------------------


@dataclass(frozen=True)
class Report:
    """Every change a pipeline made to one text, grouped by pass, reason and line.

    Line numbers and spans refer to the original text. ``str(report)`` is a
    diff-like listing with reasons (empty when nothing changed); in Jupyter
    the report renders as HTML.

    >>> from cleantext import Pipeline
    >>> report = Pipeline(["normalize-whitespace"]).explain("One  two.\\nThree   four.\\n")
    >>> report
    <Report: 2 changes by 1 of 1 pass; 2 lines in, 2 out; 24 characters in, 21 out>
    >>> print(report)
    --- original
    +++ cleaned
    # 2 changes by 1 of 1 pass; 2 lines in, 2 out; 24 characters in, 21 out
    <BLANKLINE>
    == normalize-whitespace: 2 changes on 2 lines
    # Tidy spaces, tabs, blank lines and line endings without moving a paragraph (found by diff): 2 changes on 2 lines
    @@ line 1
    -One [·]two.
    +One [∅]two.
    @@ line 2
    -Three [··]four.
    +Three [∅]four.
    """

    original: str
    text: str
    changes: tuple[Change, ...]
    passes: tuple[str, ...]
    offsets: OffsetMap | None = field(default=None, repr=False, compare=False)

    # -- what changed ---------------------------------------------------------------

    @property
    def has_changes(self) -> bool:
        """True when some pass changed the text."""
        return bool(self.changes)

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

    @cached_property
    def groups(self) -> tuple[PassGroup, ...]:
        """The changes grouped: pass (in pipeline order), reason (most
        frequent first), line."""
        lines = split_lines(self.original)
        return tuple(group_changes(name, changes, lines) for name, changes in self.by_pass().items())

    def summary(self) -> str:
        lines_in, lines_out = len(split_lines(self.original)), len(split_lines(self.text))
        n_passes = plural(len(self.passes), "pass", "passes")
        if not self.changes:
            return f"no changes ({n_passes}, {plural(lines_in, 'line')})"
        return (
            f"{plural(len(self.changes), 'change')} by {len(self.by_pass())} of {n_passes}; "
            f"{plural(lines_in, 'line')} in, {lines_out:,} out; "
            f"{plural(len(self.original), 'character')} in, {len(self.text):,} out"
        )

    def __repr__(self) -> str:
        return f"<Report: {self.summary()}>"

    # -- an entry's text ------------------------------------------------------------

    @cached_property
    def _line_starts(self) -> list[int]:
        return piece_starts(split_lines(self.original))

    @cached_property
    def _stage(self) -> dict[str, int]:
        order = {name: i for i, name in reversed(list(enumerate(self.passes)))}
        for c in self.changes:
            order.setdefault(c.pass_name, len(order))
        return order

    @cached_property
    def _by_start(self) -> tuple[list[int], list[Change]]:
        placed = sorted((c for c in self.changes if c.span is not None), key=lambda c: c.span or (0, 0))
        return [c.span[0] for c in placed if c.span is not None], placed

    def _line_bounds(self, offset: int) -> tuple[int, int]:
        """Start and end (before the line ending) of the original line holding ``offset``."""
        starts = self._line_starts
        i = max(bisect_right(starts, offset) - 1, 0)
        if i >= len(starts) - 1:
            return starts[-1], starts[-1]
        return starts[i], starts[i] + len(strip_ending(self.original[starts[i] : starts[i + 1]]))

    def segments(self, entry: Entry) -> list[Segment]:
        """The entry as it reads after its pass: context (with earlier
        passes' changes applied), the removed and inserted text of each span
        the pass changed, and ``cut`` notes where long text is shortened."""
        kind = entry.kind
        if kind == "blank-lines":
            return [("cut", f"{plural(entry.count, 'blank line')} removed")]
        if kind == "lines-removed":
            return [("del", _shorten(strip_ending(c.before))) for c in entry.changes]
        if kind == "added":
            return [("ins", _shorten(strip_ending(c.after))) for c in entry.changes]
        own = [c for c in entry.changes if c.span is not None]
        if not own:
            return [x for c in entry.changes for x in (("del", c.before), ("ins", c.after))]
        lo = min(c.span[0] for c in own if c.span)
        hi = max(c.span[1] for c in own if c.span)
        start, end = self._line_bounds(lo)
        end = max(end, self._line_bounds(max(hi - 1, lo))[1], hi)
        return _cap(_trim(self._compose(entry, own, start, end)))

    def _compose(self, entry: Entry, own: list[Change], start: int, end: int) -> list[Segment]:
        stage = self._stage[entry.pass_name]
        starts, placed = self._by_start
        ids = {id(c) for c in own}
        # Changes of this pass and the passes before it in the window, latest
        # pass first: a later change that covers an earlier one replaces it.
        window = placed[bisect_left(starts, start) : bisect_right(starts, end)]
        candidates = [
            c
            for c in window
            if c.span is not None
            and c.span[1] <= end
            and (id(c) in ids or self._stage.get(c.pass_name, stage) < stage)
            and c.kind != "line-removed"
        ]
        candidates.sort(key=lambda c: -self._stage.get(c.pass_name, stage))
        # The kept spans never overlap, so they are found by bisection on
        # their starts: a clash is the kept span just before ``a`` reaching
        # past it, or a kept span starting inside [a, b).
        kept: list[Change] = []
        kept_starts: list[int] = []
        overlapped: set[int] = set()
        for c in candidates:
            a, b = c.span or (0, 0)
            k = bisect_left(kept_starts, a)
            clash = [kept[k - 1]] if k and (kept[k - 1].span or (0, 0))[1] > a else []
            while k < len(kept) and kept_starts[k] < b:
                if kept_starts[k] < b and a < (kept[k].span or (0, 0))[1]:
                    clash.append(kept[k])
                k += 1
            if clash:
                overlapped.update(id(x) for x in clash)
                continue
            at = bisect_left(kept_starts, a)
            kept_starts.insert(at, a)
            kept.insert(at, c)
        out: list[Segment] = []
        at = start
        for c in kept:
            a, b = c.span or (0, 0)
            if a > at:
                out.append(("ctx", self.original[at:a]))
            if id(c) in ids:
                before = self.original[a:b] if id(c) not in overlapped else c.before
                out.append(("del", _shorten(before)))
                if c.after:
                    out.append(("ins", _shorten(c.after)))
            else:
                out.append(("ctx", c.after))
            at = max(at, b)
        if end > at:
            out.append(("ctx", self.original[at:end]))
        return out

    # -- text -------------------------------------------------------------------

    def __str__(self) -> str:
        return self.to_text()

    def to_text(self, limit: int | None = None) -> str:
        """The report as a diff-like listing: for each pass, each reason once
        with its count, then its lines (``-`` before, ``+`` after the pass,
        the changed spans in brackets). At most ``limit`` entries per reason
        (None: all). Empty when nothing changed."""
        if not self.changes:
            return ""
        out = [f"--- original\n+++ cleaned\n# {self.summary()}\n"]
        for pg in self.groups:
            out.append(f"\n== {pg.name}: {pg.describe()}\n")
            for group in pg.groups:
                out.append(f"# {visible_text(group.label)}: {group.describe()}\n")
                entries = group.entries if limit is None else group.entries[:limit]
                for entry in entries:
                    out.append(self.entry_text(entry, show_reason=len(group.reasons) > 1))
                if len(entries) < len(group.entries):
                    out.append(f"# ... and {plural(len(group.entries) - len(entries), 'more line')}\n")
        return "".join(out)

    def entry_text(self, entry: Entry, *, show_reason: bool = False) -> str:
        """One entry as text: ``@@ line N``, then ``-`` and ``+`` lines."""
        head = f"@@ line {entry.line}"
        if entry.kind == "spans" and entry.count > 1:
            head += f" ({plural(entry.count, 'change')})"
        if entry.blank_lines:
            head += f", with {plural(entry.blank_lines, 'blank line')}"
        if show_reason:
            head += ": " + visible_text("; ".join(entry.reasons))
        segs = self.segments(entry)
        kind = entry.kind
        if kind == "blank-lines":
            return f"{head}: {segs[0][1]}\n"
        if kind in ("lines-removed", "added"):
            sign = "-" if kind == "lines-removed" else "+"
            return f"{head}\n{sign}{''.join(_text_piece(k, t) for k, t in segs)}\n"
        minus = "".join(_text_piece(k, t, brackets=True) for k, t in segs if k != "ins")
        plus = "".join(_text_piece(k, t, brackets=True) for k, t in _as_after(segs))
        return f"{head}\n-{minus}\n+{plus}\n"

    # -- HTML -------------------------------------------------------------------

    def _repr_html_(self) -> str:
        return self.to_html()

    def to_html(self, *, shown: int = 5, folded: int = 100, budget: int = 500) -> str:
        """The report as HTML: per reason, the first ``shown`` entries, then
        up to ``folded`` more behind a fold; at most ``budget`` entries in
        all (the rest are counted, and are in :attr:`changes`)."""
        parts = [f'<div class="cleantext cleantext-report">{STYLE}']
        parts.append(f'<div class="ct-summary">{escape(self.summary())}</div>')
        left = budget
        for pg in self.groups:
            parts.append(
                f'<section class="ct-pass" data-pass="{escape(pg.name)}"><div class="ct-pass-head">'
                f'<code class="ct-name">{escape(pg.name)}</code> <span class="ct-count">{escape(pg.describe())}</span>'
                "</div>"
            )
            for group in pg.groups:
                parts.append(self._group_html(group, shown, folded, left))
                left -= min(len(group.entries), shown + folded, max(left, 0))
            parts.append("</section>")
        parts.append("</div>")
        return "".join(parts)

    def _group_html(self, group: ReasonGroup, shown: int, folded: int, left: int) -> str:
        details = len(group.reasons) > 1
        n = len(group.entries)
        first = max(min(shown, left), 0)
        more = max(min(folded, left - first, n - first), 0)
        parts = [
            f'<div class="ct-group" data-changes="{group.changes}">'
            f'<div class="ct-reason"><span class="ct-why-text">{visible_html(group.label)}</span> '
            f'<span class="ct-count">{escape(group.describe())}</span></div><ol class="ct-entries">'
        ]
        parts.extend(self.entry_html(e, show_reason=details) for e in group.entries[:first])
        parts.append("</ol>")
        if more:
            parts.append(
                f'<details class="ct-more"><summary>{plural(more, "more line")}</summary><ol class="ct-entries">'
            )
            parts.extend(self.entry_html(e, show_reason=details) for e in group.entries[first : first + more])
            parts.append("</ol></details>")
        hidden = n - first - more
        if hidden > 0:
            rest = sum(e.count for e in group.entries[first + more :])
            parts.append(
                f'<div class="ct-hidden">{plural(hidden, "more line")} ({plural(rest, "change")}) not shown; '
                "<code>report.changes</code> lists them all</div>"
            )
        parts.append("</div>")
        return "".join(parts)

    def entry_html(self, entry: Entry, *, show_reason: bool = False, where: str = "") -> str:
        """One entry as an HTML list item."""
        kind = entry.kind
        count = ""
        if kind == "spans" and entry.count > 1:
            count = f'<span class="ct-n">{plural(entry.count, "change")}</span>'
        elif entry.blank_lines:
            count = f'<span class="ct-n">+{plural(entry.blank_lines, "blank line")}</span>'
        segs = self.segments(entry)
        if kind == "lines-removed":
            body = "".join(_html_piece("del" if k == "del" else k, t, removed_line=True) for k, t in segs)
        else:
            body = "".join(_html_piece(k, t) for k, t in segs)
        why = ""
        if show_reason:
            why = f'<div class="ct-entry-why">{visible_html("; ".join(entry.reasons))}</div>'
        return (
            f'<li class="ct-entry {kind}" data-line="{entry.line}">'
            f'<div class="ct-gutter">{where}<span class="ct-line">line {entry.line}</span>{count}</div>'
            f'<div class="ct-body"><span class="ct-text">{body}</span>{why}</div></li>'
        )


def _as_after(segs: list[Segment]) -> list[Segment]:
    """The ``+`` side of a changed line: each removed span stands for its
    replacement, an empty one when nothing replaced it."""
    out: list[Segment] = []
    for i, (k, t) in enumerate(segs):
        if k != "del":
            out.append((k, t))
        elif i + 1 == len(segs) or segs[i + 1][0] != "ins":
            out.append(("ins", ""))
    return out


def _text_piece(kind: SegmentKind, text: str, *, brackets: bool = False) -> str:
    if kind == "ctx":
        return visible_text(text)
    if kind == "cut":
        return text
    shown = visible_text(text, marked=True) if text else "∅"
    return f"[{shown}]" if brackets else shown


def _html_piece(kind: SegmentKind, text: str, *, removed_line: bool = False) -> str:
    if kind == "ctx":
        return visible_html(text)
    if kind == "cut":
        return f'<span class="ct-cut">{escape(text)}</span>'
    tag = "del" if kind == "del" else "ins"
    cls = "ct-removed-line" if removed_line else ("ct-old" if kind == "del" else "ct-new")
    if text and not text.strip():
        cls += " ct-ws"
    shown = visible_html(text, marked=not removed_line) if text else '<span class="ct-empty">∅</span>'
    return f'<{tag} class="{cls}">{shown}</{tag}>'


def _trim(segs: list[Segment]) -> list[Segment]:
    """Merge neighbouring context and keep :data:`CONTEXT` characters of it
    around each change."""
    merged: list[Segment] = []
    for k, t in segs:
        if merged and k == "ctx" and merged[-1][0] == "ctx":
            merged[-1] = ("ctx", merged[-1][1] + t)
        elif t or k != "ctx":
            merged.append((k, t))
    out: list[Segment] = []
    last = len(merged) - 1
    for i, (k, t) in enumerate(merged):
        if k != "ctx":
            out.append((k, t))
        elif i == 0 and len(t) > CONTEXT:
            out.append(("ctx", "…" + _tail(t)))
        elif i == last and len(t) > CONTEXT:
            out.append(("ctx", _head(t) + "…"))
        elif 0 < i < last and len(t) > 2 * CONTEXT + 10:
            out.append(("ctx", _head(t) + " … " + _tail(t)))
        else:
            out.append((k, t))
    return out


#: Changed spans shown in one entry; a line with more (a whole document on
#: one line) says how many more there are, so one entry stays small.
MAX_SPANS = 20


def _cap(segs: list[Segment]) -> list[Segment]:
    """At most :data:`MAX_SPANS` removed or inserted spans, then a note."""
    changed = [i for i, (k, _) in enumerate(segs) if k == "del" or (k == "ins" and (i == 0 or segs[i - 1][0] != "del"))]
    if len(changed) <= MAX_SPANS:
        return segs
    cut = changed[MAX_SPANS]
    rest = len(changed) - MAX_SPANS
    return [*segs[:cut], ("cut", f"… {plural(rest, 'more change')} on this line")]


def _head(text: str) -> str:
    """The first :data:`CONTEXT` characters or so, ending between words."""
    cut = text[:CONTEXT]
    space = cut.rfind(" ", CONTEXT // 2)
    return (cut[:space] if space > 0 and text[CONTEXT : CONTEXT + 1] not in ("", " ") else cut).rstrip()


def _tail(text: str) -> str:
    """The last :data:`CONTEXT` characters or so, starting between words."""
    cut = text[-CONTEXT:]
    space = cut.find(" ", 0, CONTEXT // 2)
    return (cut[space:] if space >= 0 and text[-CONTEXT - 1 : -CONTEXT] != " " else cut).lstrip()


# -- passes, pipelines and results in notebooks ----------------------------------------


def pipeline_html(passes: Sequence[Pass]) -> str:
    """An HTML table of a pipeline's passes, in order, with the options set."""
    rows = []
    for i, p in enumerate(passes, 1):
        opts = ", ".join(f"{k}={v!r}" for k, v in p.config().items()) or "defaults"
        rows.append(
            f'<tr><td class="ct-num">{i}</td><td><code>{escape(p.name)}</code></td><td>{escape(type(p).summary())}</td>'
            f'<td class="{"ct-set" if p.config() else "ct-why"}">{escape(opts)}</td></tr>'
        )
    return (
        f'<div class="cleantext cleantext-pipeline">{STYLE}'
        f"<div>Pipeline of {plural(len(passes), 'pass', 'passes')}</div>"
        f'<table class="ct-table"><thead><tr><th class="ct-num">#</th><th>pass</th><th>what it does</th>'
        f"<th>options</th></tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
    )


def result_repr(result: Result) -> str:
    """A short plain-text view of a :class:`~cleantext.pipeline.Result`.

    >>> from cleantext import Pipeline
    >>> Pipeline(["normalize-whitespace"]).run("One  two.\\n")
    <Result: 9 characters, 1 change by normalize-whitespace: 'One two.\\n'>
    """
    n = len(result.changes)
    passes = list(dict.fromkeys(c.pass_name for c in result.changes))
    by = f" by {', '.join(passes[:3])}{', …' if len(passes) > 3 else ''}" if passes else ""
    head = result.text[:60] + ("…" if len(result.text) > 60 else "")
    offsets = ", with offsets" if result.offsets is not None else ""
    return f"<Result: {plural(len(result.text), 'character')}, {plural(n, 'change')}{by}{offsets}: {head!r}>"


def result_html(result: Result, *, preview: int = 3000) -> str:
    """A :class:`~cleantext.pipeline.Result` as HTML: its changes counted by
    pass and reason, and the start of the cleaned text."""
    counts = Counter((c.pass_name, group_key(c)) for c in result.changes)
    rows = "".join(
        f'<tr><td><code>{escape(name)}</code></td><td>{escape(reason)}</td><td class="ct-num">{n:,}</td></tr>'
        for (name, reason), n in counts.items()
    )
    table = (
        f'<table class="ct-table"><thead><tr><th>pass</th><th>reason</th><th class="ct-num">changes</th></tr>'
        f"</thead><tbody>{rows}</tbody></table>"
        if rows
        else ""
    )
    shown = result.text[:preview]
    more = f" (the first {preview:,})" if len(result.text) > preview else ""
    return (
        f'<div class="cleantext cleantext-result">{STYLE}'
        f'<div class="ct-summary">Cleaned text: {plural(len(result.text), "character")}, '
        f"{plural(len(result.changes), 'change')}. <code>pipeline.explain(text)</code> shows each in context.</div>"
        f"{table}<details><summary>cleaned text{more}</summary>"
        f'<div class="ct-preview">{visible_html(shown)}</div></details></div>'
    )
