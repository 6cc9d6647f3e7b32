"""Offsets from cleaned text back to the original.

An :class:`OffsetMap` cuts both texts into *segments* that follow each other
in the same order on both sides: a segment is either a run of characters
copied unchanged, or a region a pass wrote (a rewrite, a removal, an
insertion). A character copied unchanged maps to itself; a character a pass
wrote maps to the whole region it came from, and nothing more: a line removed
beside a rewritten word stays a region of its own, so the word maps back to
what it was and the removed line maps to nothing.

Passes report what they changed as they work (a line pass knows which lines it
kept; a pass may give the span of each change), so most maps are built from
those reports in linear time. Any other ``str -> str`` pass is aligned by a
bounded diff (:func:`align`), and maps of successive passes compose into one.

>>> from cleantext.align import align
>>> m = align("The  cafÃ© is open.", "The café is open.")
>>> m.to_original(4, 8)   # "café" in the cleaned text
(5, 10)
>>> m.to_cleaned(0, 3)    # "The" in the original
(0, 3)
"""

from __future__ import annotations

import difflib
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import accumulate, compress, count
from operator import ne
from typing import Literal

from cleantext.text import changed_span, piece_starts, split_lines

__all__ = [
    "Edit",
    "LineOp",
    "OffsetMap",
    "align",
    "changed_span",
    "diff_edits",
    "diff_lines",
    "edits_from_ops",
    "inplace_edits",
    "kept_lines_offsets",
    "line_ops",
    "pair_blocks",
]

#: ``(cleaned start, original start, length)`` of a run copied unchanged. A
#: length of 0 marks a boundary between two written regions.
Block = tuple[int, int, int]

#: ``(original start, original end, cleaned start, cleaned end, kind)`` of one
#: written region, ``kind`` being a :class:`~cleantext.explain.Change` kind.
Edit = tuple[int, int, int, int, str]

#: ``(tag, i1, i2, j1, j2)`` over lines, as difflib's opcodes, where a
#: ``"pair"`` is one line ``i1`` rewritten into line ``j1``.
LineOp = tuple[Literal["equal", "delete", "insert", "pair"], int, int, int, int]

# Unique anchors are looked for in gaps between anchors this many times deep.
_MAX_DEPTH = 12
# A stretch of lines no anchor settles, of at most this many cells (lines on
# one side times lines on the other), is matched by difflib: bounded work,
# and no greedy step that pairs a blank line with the wrong one.
_SMALL = 1024
# How far ahead (in lines or characters) the linear fallbacks look to resynchronise.
_WINDOW = 32


class OffsetMap:
    """A monotone map between positions in cleaned text and in its original.

    Positions are indices into Python strings (code points). Spans are
    half-open ``(start, end)`` pairs. A span covering written text maps to the
    whole region that text was written from, so mapping never loses
    characters; a span of the original that was removed maps to None.
    """

    __slots__ = ("_copy", "_pc", "_po", "cleaned_length", "original_length")

    def __init__(self, blocks: Iterable[Block], original_length: int, cleaned_length: int) -> None:
        # The builder's work (see _Builder), with its lists in locals: this
        # runs once per block.
        pc, po = [0], [0]
        flags: list[bool] = []
        last_c = last_o = 0
        for c, o, n in blocks:
            if n < 0:
                raise ValueError(f"a block has a negative length: {(c, o, n)}")
            if c != last_c or o != last_o:
                if c < last_c or o < last_o:
                    raise ValueError(f"blocks must be increasing and not overlap: {(c, o)}")
                pc.append(c)
                po.append(o)
                flags.append(False)
            if n:
                if flags and flags[-1]:
                    pc[-1] += n
                    po[-1] += n
                else:
                    pc.append(c + n)
                    po.append(o + n)
                    flags.append(True)
                last_c, last_o = c + n, o + n
            else:
                last_c, last_o = c, o
        if last_c > cleaned_length or last_o > original_length:
            raise ValueError("a block reaches past the end of the text")
        if cleaned_length != last_c or original_length != last_o:
            pc.append(cleaned_length)
            po.append(original_length)
            flags.append(False)
        self._pc, self._po, self._copy = pc, po, flags
        self.original_length = original_length
        self.cleaned_length = cleaned_length

    @classmethod
    def identity(cls, length: int) -> OffsetMap:
        """The map of a text that was not changed."""
        return cls([(0, 0, length)], length, length)

    @classmethod
    def from_edits(
        cls, edits: Iterable[tuple[int, int, int, int] | Edit], original_length: int, cleaned_length: int
    ) -> OffsetMap:
        """The map of the written regions ``edits``, ``(original start,
        original end, cleaned start, cleaned end, ...)`` in order: everything
        between them was copied unchanged."""
        # The builder's work, with its lists in locals: this runs once per
        # change a pass makes.
        pc, po = [0], [0]
        flags: list[bool] = []
        o = c = 0  # the last boundary
        for edit in edits:
            o0, o1, c0, c1 = edit[0], edit[1], edit[2], edit[3]
            if o0 - o != c0 - c or o1 < o0 or c1 < c0:
                raise ValueError(f"edits must be in order, with equal runs between them: {edit[:4]}")
            if o0 > o:
                if flags and flags[-1]:
                    pc[-1], po[-1] = c0, o0
                else:
                    pc.append(c0)
                    po.append(o0)
                    flags.append(True)
            if o1 != o0 or c1 != c0:
                pc.append(c1)
                po.append(o1)
                flags.append(False)
            o, c = o1, c1
        if original_length - o != cleaned_length - c:
            raise ValueError("the edits do not account for the length of the cleaned text")
        if original_length > o:
            if flags and flags[-1]:
                pc[-1], po[-1] = cleaned_length, original_length
            else:
                pc.append(cleaned_length)
                po.append(original_length)
                flags.append(True)
        self = cls.__new__(cls)
        self._pc, self._po, self._copy = pc, po, flags
        self.original_length = original_length
        self.cleaned_length = cleaned_length
        return self

    @property
    def blocks(self) -> list[Block]:
        """``(cleaned start, original start, length)`` of each unchanged run."""
        pc, po = self._pc, self._po
        return [(pc[k], po[k], pc[k + 1] - pc[k]) for k, copied in enumerate(self._copy) if copied]

    def regions(self) -> Iterator[tuple[int, int, int, int]]:
        """``(original start, original end, cleaned start, cleaned end)`` of
        each written region, in order: a removal has an empty cleaned side, an
        insertion an empty original side."""
        pc, po = self._pc, self._po
        for k, copied in enumerate(self._copy):
            if not copied:
                yield po[k], po[k + 1], pc[k], pc[k + 1]

    def is_identity(self) -> bool:
        return self.original_length == self.cleaned_length and all(self._copy)

    # -- mapping ----------------------------------------------------------

    def to_original(self, start: int, end: int | None = None) -> tuple[int, int]:
        """The span of the original that cleaned ``[start, end)`` came from.

        Characters copied unchanged map one to one; a span that touches
        written text grows to cover the whole region that text came from.
        """
        end = start if end is None else end
        _check_span(start, end, self.cleaned_length, "cleaned")
        return _map(start, end, self._pc, self._po, self._copy)

    def to_cleaned(self, start: int, end: int | None = None) -> tuple[int, int] | None:
        """The span of the cleaned text that original ``[start, end)`` became,
        or None when all of it was removed."""
        end = start if end is None else end
        _check_span(start, end, self.original_length, "original")
        lo, hi = _map(start, end, self._po, self._pc, self._copy)
        return (lo, hi) if hi > lo or start == end else None

    def then(self, later: OffsetMap) -> OffsetMap:
        """The map of this cleaning followed by ``later`` (whose original is
        this map's cleaned text)."""
        if later.original_length != self.cleaned_length:
            raise ValueError("the later map does not start from this map's cleaned text")
        if later.is_identity():
            return self
        if self.is_identity():
            return later
        # Unchanged runs: where both maps copy.
        out: list[Block] = _overlaps(self.blocks, later.blocks)
        # Boundaries: a boundary of either map survives where the other map
        # copies or has a boundary too; inside a region of the other map it
        # is swallowed by that region. Inside a run the other map copies,
        # only a boundary between two written regions is kept: one next to
        # a copied run is where an unchanged run above starts or ends.
        first_c, first_o, first_copy = self._pc, self._po, self._copy
        second_o, second_c, second_copy = later._po, later._pc, later._copy
        i = j = 0
        n1, n2 = len(first_c), len(second_o)
        while i < n1 or j < n2:
            p1 = first_c[i] if i < n1 else None
            p2 = second_o[j] if j < n2 else None
            if p2 is None or (p1 is not None and p1 < p2):
                # Every boundary of the first map before p2, inside the
                # later map's segment j - 1.
                i2 = n1 if p2 is None else bisect_left(first_c, p2, i)
                if 0 < j <= len(second_copy) and second_copy[j - 1]:
                    shift = second_c[j - 1] - second_o[j - 1]
                    out.extend(
                        (first_c[k] + shift, first_o[k], 0)
                        for k in range(i, i2)
                        if not (first_copy[k - 1] or first_copy[k])
                    )
                i = i2
            elif p1 is None or p2 < p1:
                j2 = n2 if p1 is None else bisect_left(second_o, p1, j)
                if 0 < i <= len(first_copy) and first_copy[i - 1]:
                    shift = first_o[i - 1] - first_c[i - 1]
                    out.extend(
                        (second_c[k], second_o[k] + shift, 0)
                        for k in range(j, j2)
                        if not (second_copy[k - 1] or second_copy[k])
                    )
                j = j2
            else:
                i2, j2 = i, j
                while i2 < n1 and first_c[i2] == p1:
                    i2 += 1
                while j2 < n2 and second_o[j2] == p2:
                    j2 += 1
                # Removals of the first map, then insertions of the second.
                c0 = second_c[j]
                out.extend((c0, first_o[k], 0) for k in range(i, i2))
                o1 = first_o[i2 - 1]
                out.extend((second_c[k], o1, 0) for k in range(j + 1, j2))
                i, j = i2, j2
        out.sort()
        return OffsetMap(out, self.original_length, later.cleaned_length)

    def unchanged(self) -> Iterable[tuple[int, int]]:
        """``(cleaned position, original position)`` of every character copied
        unchanged, in order."""
        for c, o, n in self.blocks:
            for k in range(n):
                yield c + k, o + k

    # -- serialising --------------------------------------------------------

    def to_list(self) -> list[int]:
        """Compact form: ``[c0, o0, n0, c1, o1, n1, ...]``, the unchanged runs
        ``(cleaned start, original start, length)`` in order, with runs of
        length 0 where two written regions meet."""
        flat: list[int] = []
        pc, po, flags = self._pc, self._po, self._copy
        for k, copied in enumerate(flags):
            if copied:
                flat.extend((pc[k], po[k], pc[k + 1] - pc[k]))
            elif k and not flags[k - 1]:
                flat.extend((pc[k], po[k], 0))
        return flat

    @classmethod
    def from_list(cls, flat: Sequence[int], original_length: int, cleaned_length: int) -> OffsetMap:
        if len(flat) % 3:
            raise ValueError("an offset list holds (cleaned, original, length) triples")
        return cls(
            ((flat[k], flat[k + 1], flat[k + 2]) for k in range(0, len(flat), 3)), original_length, cleaned_length
        )

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, OffsetMap)
            and (self._pc, self._po, self._copy) == (other._pc, other._po, other._copy)
            and (self.original_length, self.cleaned_length) == (other.original_length, other.cleaned_length)
        )

    def __hash__(self) -> int:
        return hash((tuple(self._pc), tuple(self._po), self.original_length, self.cleaned_length))

    def __repr__(self) -> str:
        blocks = self.blocks
        shown = ", ".join(map(str, blocks[:4])) + (", ..." if len(blocks) > 4 else "")
        return (
            f"OffsetMap({len(blocks)} unchanged runs [{shown}], "
            f"original {self.original_length} chars, cleaned {self.cleaned_length})"
        )


class _Builder:
    """Segment boundaries, added in order: ``pc``/``po`` the positions of
    each boundary on both sides, ``flags[k]`` True when segment ``k`` (between
    boundaries ``k`` and ``k + 1``) is an unchanged run."""

    __slots__ = ("flags", "pc", "po")

    def __init__(self) -> None:
        self.pc = [0]
        self.po = [0]
        self.flags: list[bool] = []

    @property
    def c(self) -> int:
        return self.pc[-1]

    @property
    def o(self) -> int:
        return self.po[-1]

    def point(self, c: int, o: int) -> None:
        """A written region from the last boundary to ``(c, o)``, if they differ."""
        if c == self.pc[-1] and o == self.po[-1]:
            return
        if c < self.pc[-1] or o < self.po[-1]:
            raise ValueError(f"blocks must be increasing and not overlap: {(c, o)}")
        self.pc.append(c)
        self.po.append(o)
        self.flags.append(False)

    def copy(self, n: int) -> None:
        """An unchanged run of ``n`` characters from the last boundary."""
        if self.flags and self.flags[-1]:
            self.pc[-1] += n
            self.po[-1] += n
            return
        self.pc.append(self.pc[-1] + n)
        self.po.append(self.po[-1] + n)
        self.flags.append(True)


def _check_span(start: int, end: int, length: int, side: str) -> None:
    if not 0 <= start <= end <= length:
        raise ValueError(f"span ({start}, {end}) is not inside the {side} text (length {length})")


def _map(start: int, end: int, src: list[int], dst: list[int], copy: list[bool]) -> tuple[int, int]:
    """Map ``[start, end)`` from the ``src`` side to the ``dst`` side."""
    k = bisect_right(src, start) - 1
    if k >= len(copy):  # the very end of the text
        lo = dst[-1]
    elif copy[k]:
        lo = dst[k] + start - src[k]
    else:
        lo = dst[k]
    if end == start:
        return lo, lo
    k = bisect_right(src, end - 1) - 1
    hi = dst[k] + end - src[k] if copy[k] else dst[k + 1]
    return lo, hi


def _overlaps(first: list[Block], later: list[Block]) -> list[Block]:
    """Runs copied by both maps (``first``'s cleaned side is ``later``'s
    original), in order: the runs of the map with fewer are walked, and the
    other map's runs inside each are shifted as a whole."""
    out: list[Block] = []
    if not first or not later:
        return out
    if len(later) <= len(first):
        starts = [c for c, _, _ in first]
        for c2, o2, n2 in later:
            shift = c2 - o2
            lo, hi = o2, o2 + n2
            k0 = max(bisect_right(starts, lo) - 1, 0)
            k1 = bisect_left(starts, hi)
            for c1, o1, n1 in first[k0 : k0 + 1] if k1 - k0 > 1 else first[k0:k1]:
                a, b = max(c1, lo), min(c1 + n1, hi)
                if a < b:
                    out.append((a + shift, o1 + a - c1, b - a))
            if k1 - k0 > 2:
                out.extend((c1 + shift, o1, n1) for c1, o1, n1 in first[k0 + 1 : k1 - 1])
            if k1 - k0 > 1:
                c1, o1, n1 = first[k1 - 1]
                a, b = max(c1, lo), min(c1 + n1, hi)
                if a < b:
                    out.append((a + shift, o1 + a - c1, b - a))
        return out
    starts = [o for _, o, _ in later]
    for c1, o1, n1 in first:
        shift = o1 - c1
        lo, hi = c1, c1 + n1
        k0 = max(bisect_right(starts, lo) - 1, 0)
        k1 = bisect_left(starts, hi)
        for c2, o2, n2 in later[k0 : k0 + 1] if k1 - k0 > 1 else later[k0:k1]:
            a, b = max(o2, lo), min(o2 + n2, hi)
            if a < b:
                out.append((c2 + a - o2, a + shift, b - a))
        if k1 - k0 > 2:
            out.extend((c2, o2 + shift, n2) for c2, o2, n2 in later[k0 + 1 : k1 - 1])
        if k1 - k0 > 1:
            c2, o2, n2 = later[k1 - 1]
            a, b = max(o2, lo), min(o2 + n2, hi)
            if a < b:
                out.append((c2 + a - o2, a + shift, b - a))
    return out


# -- maps from what a pass reports --------------------------------------------------


def kept_lines_offsets(a: Sequence[str], kept: Sequence[bool]) -> OffsetMap:
    """The offset map of removing the lines of ``a`` whose ``kept`` is False."""
    edits: list[tuple[int, int, int, int]] = []
    pos = out = 0
    for line, keep in zip(a, kept, strict=True):
        if keep:
            out += len(line)
        else:
            edits.append((pos, pos + len(line), out, out))
        pos += len(line)
    return OffsetMap.from_edits(edits, pos, out)


# -- maps from a before/after pair: a bounded diff -------------------------------------


def align(before: str, after: str) -> OffsetMap:
    """The offset map of any rewrite of ``before`` into ``after``."""
    if before == after:
        return OffsetMap.identity(len(before))
    return OffsetMap.from_edits(diff_edits(before, after), len(before), len(after))


def diff_edits(before: str, after: str) -> list[Edit]:
    """The written regions of ``after`` against ``before``, in order: one per
    removed line, one per run of added lines, one per rewritten stretch of a
    changed line.

    Linear time or close to it whatever the texts: the common head and tail
    are skipped at C speed; a rewrite that keeps every line break is aligned
    line by line, and in a line by its runs of non-ASCII characters where
    the ASCII text around them did not change (:func:`inplace_edits`);
    otherwise lines found once on each side anchor the rest (patience diff),
    and what no anchor settles is matched by a scan that looks a bounded
    distance ahead.
    """
    if before == after:
        return []
    start, old_end, new_end = changed_span(before, after)
    if (
        new_end == start
        and "\n" in before[start:old_end]
        and not ((start == 0 or before[start - 1] == "\n") and before[old_end - 1] == "\n")
    ):
        # Text removed across lines, not whole lines, and nothing written in
        # its place (a cut): one region.
        return [(start, old_end, start, start, "text-removed")]
    if before.count("\n", start, old_end) == after.count("\n", start, new_end):
        x, y, at = _whole_lines(before, after, start, old_end, new_end)
        if not (x.isascii() or y.isascii()):
            # Non-ASCII text rewritten in place (mojibake repaired, say).
            out: list[Edit] = []
            _pieces_inplace(_NON_ASCII.split(x), _NON_ASCII.split(y), at, at, out, lines=True)
            return out
        if old_end - start > _WALK_FROM:
            # A long stretch with as many lines on each side (a pass that
            # fixes characters): one walk along it finds the rewritten spans.
            blocks: list[Block] = []
            _walk(before[start:old_end], after[start:new_end], start, start, blocks)
            edits: list[Edit] = []
            at_o = at_c = start
            for bc, bo, n in [*blocks, (new_end, old_end, 0)]:
                if bo > at_o or bc > at_c:
                    edits.append((at_o, bo, at_c, bc, "span-replaced"))
                at_o, at_c = bo + n, bc + n
            return edits
    start, old_end, a, b, ops = _line_window(before, after, start, old_end, new_end)
    return edits_from_ops(a, b, ops, start, at_end=old_end == len(before))


def inplace_edits(before: str, after: str) -> list[Edit] | None:
    """The written regions of a rewrite that keeps every line break in place
    (None if it does not), found line by line and, in a changed line, run by
    run of non-ASCII characters: what a repair of mojibake changes
    (``doesnâ€™t`` becomes ``doesn’t``).

    Both texts are cut at their runs of non-ASCII characters. Where the
    ASCII text between the runs is the same on both sides, each run is paired
    with its counterpart and only the runs that differ are written regions
    (a long one aligned inside, as :func:`diff_edits` aligns a line). Where
    the ASCII text differs too (an entity decoded, a control character
    removed), the lines between the first and the last difference are paired
    one to one and each is aligned in the same way, the stretch of it where
    the ASCII text differs as :func:`diff_edits` aligns a changed line. Linear
    time, at C speed for all but the runs that differ.

    >>> inplace_edits("It doesnâ€™t.\\nOK\\n", "It doesn’t.\\nOK\\n")
    [(8, 11, 8, 9, 'span-replaced')]
    >>> inplace_edits("a\\nb", "a b") is None
    True
    """
    if before == after:
        return []
    start, old_end, new_end = changed_span(before, after)
    if before.count("\n", start, old_end) != after.count("\n", start, new_end):
        return None
    x, y, start = _whole_lines(before, after, start, old_end, new_end)
    out: list[Edit] = []
    _pieces_inplace(_NON_ASCII.split(x), _NON_ASCII.split(y), start, start, out, lines=True)
    return out


def _whole_lines(before: str, after: str, start: int, old_end: int, new_end: int) -> tuple[str, str, int]:
    """The changed stretch ``before[start:old_end]`` (``after[start:new_end]``)
    widened to whole lines on both sides, and where it starts."""
    start = before.rfind("\n", 0, start) + 1
    eol = before.find("\n", old_end)
    grow = (len(before) if eol < 0 else eol) - old_end  # the tails are equal
    return before[start : old_end + grow], after[start : new_end + grow], start


# Runs of non-ASCII characters, kept by ``split`` between the ASCII text
# (one class then its repetition, and a range rather than a negated class:
# faster to find than ``[^...]+``).
_NON_ASCII = re.compile(r"([\x80-\U0010ffff][\x80-\U0010ffff]*)")
# Two differing runs longer than this (after their common head and tail) are
# aligned inside; shorter ones are one written region (a mojibake sequence
# and the character it stood for have nothing in common).
_SHORT_RUN = 8


def _pieces_inplace(px: list[str], py: list[str], o: int, c: int, out: list[Edit], *, lines: bool) -> bool:
    """Append the written regions of the pieces ``px`` (at ``o``) rewritten
    into ``py`` (at ``c``): ASCII text and runs of non-ASCII characters in
    turn, as ``_NON_ASCII.split`` gives them. With ``lines``, the stretch
    where the ASCII text differs is paired line by line (False if it does not
    have as many lines on both sides); without, it is aligned as one line."""
    n = min(len(px), len(py))
    ascii_x, ascii_y = px[::2], py[::2]
    if len(px) == len(py) and ascii_x == ascii_y:
        _paired_runs(px, py, n, o, c, out)
        return True
    # Pieces paired from the front up to the first ASCII ones that differ ...
    front = min(n, 2 * next(compress(count(), map(ne, ascii_x, ascii_y)), n))
    o, c = _paired_runs(px, py, front, o, c, out)
    # ... and from the back.
    back = min(n - front, 2 * next(compress(count(), map(ne, reversed(ascii_x), reversed(ascii_y))), n))
    mid_x = "".join(px[front : len(px) - back])
    mid_y = "".join(py[front : len(py) - back])
    if lines and ("\n" in mid_x or "\n" in mid_y):
        if mid_x.count("\n") != mid_y.count("\n"):
            return False
        for line_x, line_y in zip(mid_x.split("\n"), mid_y.split("\n"), strict=True):
            if line_x != line_y:
                _pieces_inplace(_NON_ASCII.split(line_x), _NON_ASCII.split(line_y), o, c, out, lines=False)
            o += len(line_x) + 1
            c += len(line_y) + 1
        o, c = o - 1, c - 1
    else:
        at_o, at_c = o, c
        for bc, bo, m in [*pair_blocks(mid_x, mid_y), (len(mid_y), len(mid_x), 0)]:
            _region(out, at_o, o + bo, at_c, c + bc)
            at_o, at_c = o + bo + m, c + bc + m
        o, c = o + len(mid_x), c + len(mid_y)
    tail_x, tail_y = px[len(px) - back :], py[len(py) - back :]
    # Even-numbered from here on: the first piece left is ASCII or a run as
    # ``back`` is even or odd; pair them as runs where a run is.
    for gx, gy in zip(tail_x, tail_y, strict=True):
        if gx != gy:
            _run_inplace(gx, gy, o, c, out)
        o += len(gx)
        c += len(gy)
    return True


def _paired_runs(px: list[str], py: list[str], upto: int, o: int, c: int, out: list[Edit]) -> tuple[int, int]:
    """Append the regions of the first ``upto`` pieces, paired one to one
    (their ASCII text equal); return the positions after them."""
    at_x = list(accumulate(map(len, px[:upto]), initial=o))
    at_y = list(accumulate(map(len, py[:upto]), initial=c))
    # Only the runs (odd pieces) that differ are looked at, found at C speed.
    for k in compress(range(1, upto, 2), map(ne, px[1:upto:2], py[1:upto:2])):
        gx, gy = px[k], py[k]
        o0, c0 = at_x[k], at_y[k]
        if gx[0] != gy[0] and gx[-1] != gy[-1] and (len(gx) <= _SHORT_RUN or len(gy) <= _SHORT_RUN):
            if out and out[-1][1] == o0 and out[-1][3] == c0:  # meets the last region
                out[-1] = (out[-1][0], at_x[k + 1], out[-1][2], at_y[k + 1], "span-replaced")
            else:
                out.append((o0, at_x[k + 1], c0, at_y[k + 1], "span-replaced"))
        else:
            _run_inplace(gx, gy, o0, c0, out)
    return at_x[-1], at_y[-1]


def _run_inplace(gx: str, gy: str, o: int, c: int, out: list[Edit]) -> None:
    """Append the regions of run ``gx`` rewritten into ``gy``: their common
    head and tail are kept, a long middle is aligned inside."""
    limit = min(len(gx), len(gy))
    head = 0
    while head < limit and gx[head] == gy[head]:
        head += 1
    tail = 0
    while tail < limit - head and gx[-1 - tail] == gy[-1 - tail]:
        tail += 1
    x_end, y_end = len(gx) - tail, len(gy) - tail
    if x_end - head <= _SHORT_RUN or y_end - head <= _SHORT_RUN:
        _region(out, o + head, o + x_end, c + head, c + y_end)
        return
    blocks: list[Block] = []
    _align_middle(gx[head:x_end], gy[head:y_end], o + head, c + head, blocks)
    at_o, at_c = o + head, c + head
    for bc, bo, m in [*blocks, (c + y_end, o + x_end, 0)]:
        _region(out, at_o, bo, at_c, bc)
        at_o, at_c = bo + m, bc + m


def _region(out: list[Edit], o0: int, o1: int, c0: int, c1: int) -> None:
    """Append a written region (if it is not empty), joined to the last one
    when the two meet."""
    if o1 == o0 and c1 == c0:
        return
    if out and out[-1][1] == o0 and out[-1][3] == c0:
        last = out[-1]
        out[-1] = (last[0], o1, last[2], c1, last[4])
        return
    out.append((o0, o1, c0, c1, "span-replaced"))


def _line_window(
    before: str, after: str, start: int, old_end: int, new_end: int
) -> tuple[int, int, list[str], list[str], list[LineOp]]:
    """The changed stretch widened to whole lines, so that a line's ending
    stays with its line: (start, end in ``before``, its lines, the lines
    of ``after`` in its place, the line edit script between them)."""
    start = before.rfind("\n", 0, start) + 1
    eol = before.find("\n", old_end)
    grow = (len(before) if eol < 0 else eol + 1) - old_end  # the tails are equal
    old_end += grow
    new_end += grow
    a = split_lines(before[start:old_end])
    b = split_lines(after[start:new_end])
    if len(a) == len(b):
        # As many lines on each side (a pass that fixes characters): each
        # line was rewritten in place, or kept.
        ops: list[LineOp] = [
            ("equal" if x == y else "pair", k, k + 1, k, k + 1) for k, (x, y) in enumerate(zip(a, b, strict=True))
        ]
    else:
        ops = line_ops(a, b)
    return start, old_end, a, b, ops


def diff_lines(before: str, after: str) -> list[Edit]:
    """Like :func:`diff_edits`, but whole lines: one region per removed or
    rewritten line and per run of added lines, without looking inside a
    line (for counting changes; linear time)."""
    if before == after:
        return []
    start, old_end, new_end = changed_span(before, after)
    if before.count("\n", start, old_end) == after.count("\n", start, new_end):
        x, y, at = _whole_lines(before, after, start, old_end, new_end)
        a, b = x.split("\n"), y.split("\n")
        if "\r" not in x and "\r" not in y and (a[-1] == "") == (b[-1] == ""):
            # As many lines on each side, ended by LF only: each line was
            # rewritten in place or kept; the changed ones found at C speed.
            a_at = list(accumulate(map(len, a), initial=at))
            b_at = list(accumulate(map(len, b), initial=at))
            last = len(a) - 1
            ends = 1 if a_at[-1] + last < len(before) else 0  # the last line's LF
            return [
                (
                    a_at[k] + k,
                    a_at[k + 1] + k + (1 if k < last else ends),
                    b_at[k] + k,
                    b_at[k + 1] + k + (1 if k < last else ends),
                    "span-replaced",
                )
                for k in compress(range(len(a)), map(ne, a, b))
            ]
    start, old_end, a, b, ops = _line_window(before, after, start, old_end, new_end)
    a_starts, b_starts = piece_starts(a), piece_starts(b)
    out: list[Edit] = []
    for tag, i1, i2, j1, j2 in ops:
        if tag == "equal":
            continue
        o, c = start + a_starts[i1], start + b_starts[j1]
        if tag == "insert":
            kind = "text-appended" if old_end == len(before) and i1 == len(a) else "line-added"
            out.append((o, o, c, start + b_starts[j2], kind))
        elif tag == "delete":
            out.extend((start + a_starts[i], start + a_starts[i + 1], c, c, "line-removed") for i in range(i1, i2))
        else:
            out.append((o, start + a_starts[i2], c, start + b_starts[j2], "span-replaced"))
    return out


def edits_from_ops(
    a: Sequence[str], b: Sequence[str], ops: Iterable[LineOp], base: int = 0, *, at_end: bool = True
) -> list[Edit]:
    """The written regions of a line edit script from :func:`line_ops`, in
    positions of the joined lines plus ``base``; ``at_end`` when ``a`` ends
    where its text ends (lines added there are appended text)."""
    a_starts, b_starts = piece_starts(a), piece_starts(b)
    shift = base  # cleaned and original positions agree before ``base``
    out: list[Edit] = []
    for tag, i1, i2, j1, j2 in ops:
        o, c = shift + a_starts[i1], shift + b_starts[j1]
        if tag == "delete":
            out.extend((shift + a_starts[i], shift + a_starts[i + 1], c, c, "line-removed") for i in range(i1, i2))
        elif tag == "insert":
            kind = "text-appended" if at_end and i1 == len(a) else "line-added"
            out.append((o, o, c, shift + b_starts[j2], kind))
        elif tag == "pair":
            old, new = a[i1], b[j1]
            at_o = at_c = 0
            for bc, bo, n in [*pair_blocks(old, new), (len(new), len(old), 0)]:
                if bo > at_o or bc > at_c:
                    out.append((o + at_o, o + bo, c + at_c, c + bc, "span-replaced"))
                at_o, at_c = bo + n, bc + n
    return out


def line_ops(a: Sequence[str], b: Sequence[str]) -> list[LineOp]:
    """Line-level edit script from lines ``a`` to lines ``b`` (endings kept).

    Lines found once on each side anchor the alignment (patience diff), then
    lines found once on each side once their spacing is ignored, so that a
    re-spaced line is a change inside a line rather than a removal and an
    insertion; what is left is matched by a linear scan with a bounded look
    ahead.
    """
    out: list[LineOp] = []
    _diff(a, b, [_words(x) for x in a], [_words(y) for y in b], 0, len(a), 0, len(b), out, 0, bool)
    return out


def _diff(
    a: Sequence[str],
    b: Sequence[str],
    ka: Sequence[str],
    kb: Sequence[str],
    i1: int,
    i2: int,
    j1: int,
    j2: int,
    out: list[LineOp],
    depth: int,
    anchors_on: Callable[[str], bool],
) -> None:
    """Append the ops from ``a[i1:i2]`` to ``b[j1:j2]``; ``ka``/``kb`` are
    looser keys (equal keys pair two items as a rewrite of each other) and
    ``anchors_on(key)`` says whether an item may anchor."""
    while i1 < i2 and j1 < j2 and a[i1] == b[j1]:
        _emit(out, "equal", i1, i1 + 1, j1, j1 + 1)
        i1 += 1
        j1 += 1
    hi = 0
    while hi < i2 - i1 and hi < j2 - j1 and a[i2 - 1 - hi] == b[j2 - 1 - hi]:
        hi += 1
    if i1 == i2 - hi or j1 == j2 - hi:
        if i2 - hi > i1:
            _emit(out, "delete", i1, i2 - hi, j1, j1)
        if j2 - hi > j1:
            _emit(out, "insert", i2 - hi, i2 - hi, j1, j2 - hi)
    else:
        anchors: list[tuple[int, int]] = []
        if depth < _MAX_DEPTH:
            anchors = _unique_pairs(a, b, i1, i2 - hi, j1, j2 - hi, anchors_on, ka, kb, exact=True)
            if not anchors:
                anchors = _unique_pairs(a, b, i1, i2 - hi, j1, j2 - hi, anchors_on, ka, kb, exact=False)
        if anchors:
            pi, pj = i1, j1
            for i, j in anchors:
                _diff(a, b, ka, kb, pi, i, pj, j, out, depth + 1, anchors_on)
                _emit(out, "equal" if a[i] == b[j] else "pair", i, i + 1, j, j + 1)
                pi, pj = i + 1, j + 1
            _diff(a, b, ka, kb, pi, i2 - hi, pj, j2 - hi, out, depth + 1, anchors_on)
        elif i2 - i1 == j2 - j1:
            # As many items on each side: most likely each was rewritten in place.
            for d in range(i2 - hi - i1):
                _emit(out, "equal" if a[i1 + d] == b[j1 + d] else "pair", i1 + d, i1 + d + 1, j1 + d, j1 + d + 1)
        else:
            _scan(a, b, ka, kb, i1, i2 - hi, j1, j2 - hi, out)
    if hi:
        _emit(out, "equal", i2 - hi, i2, j2 - hi, j2)


def _emit(
    out: list[LineOp], tag: Literal["equal", "delete", "insert", "pair"], i1: int, i2: int, j1: int, j2: int
) -> None:
    """Append an op, merging it into the last one when both are runs of the
    same kind (pairs stay one line each)."""
    if out and tag != "pair":
        last = out[-1]
        if last[0] == tag and last[2] == i1 and last[4] == j1:
            out[-1] = (tag, last[1], i2, last[3], j2)
            return
    out.append((tag, i1, i2, j1, j2))


def _unique_pairs(
    a: Sequence[str],
    b: Sequence[str],
    i1: int,
    i2: int,
    j1: int,
    j2: int,
    anchors_on: Callable[[str], bool],
    ka: Sequence[str],
    kb: Sequence[str],
    *,
    exact: bool,
) -> list[tuple[int, int]]:
    """Items found once in ``a[i1:i2]`` and once in ``b[j1:j2]`` (by value,
    or by key when not ``exact``), the longest run of them in the same order."""
    xa, xb = (a, b) if exact else (ka, kb)
    count: dict[str, int] = {}
    for i in range(i1, i2):
        count[xa[i]] = count.get(xa[i], 0) + 1
    where: dict[str, int] = {}
    for j in range(j1, j2):
        key = xb[j]
        if count.get(key) == 1:
            where[key] = -1 if key in where else j
    pairs = [
        (i, where[xa[i]])
        for i in range(i1, i2)
        if where.get(xa[i], -1) >= 0 and count[xa[i]] == 1 and anchors_on(ka[i])
    ]
    return _increasing(pairs)


def _scan(
    a: Sequence[str],
    b: Sequence[str],
    ka: Sequence[str],
    kb: Sequence[str],
    i1: int,
    i2: int,
    j1: int,
    j2: int,
    out: list[LineOp],
) -> None:
    """What no anchor settles. A small stretch (at most ``_SMALL`` cells of
    its grid) is matched by its longest common runs of items (difflib), and
    what they leave between them by the walk of :func:`_greedy`; a larger one
    by that walk alone, in linear time."""
    if (i2 - i1) * (j2 - j1) <= _SMALL:
        # Blank lines never start a match (they only extend one): a run of
        # text lines is what anchors the pairing, not the gaps between them.
        matcher = difflib.SequenceMatcher(_is_blank_line, a[i1:i2], b[j1:j2], autojunk=False)
        for tag, x1, x2, y1, y2 in matcher.get_opcodes():
            if tag == "equal":
                _emit(out, "equal", i1 + x1, i1 + x2, j1 + y1, j1 + y2)
            elif tag == "delete":
                _emit(out, "delete", i1 + x1, i1 + x2, j1 + y1, j1 + y1)
            elif tag == "insert":
                _emit(out, "insert", i1 + x1, i1 + x1, j1 + y1, j1 + y2)
            else:
                _greedy(a, b, ka, kb, i1 + x1, i1 + x2, j1 + y1, j1 + y2, out)
        return
    _greedy(a, b, ka, kb, i1, i2, j1, j2, out)


def _is_blank_line(line: str) -> bool:
    return not line.strip()


def _greedy(
    a: Sequence[str],
    b: Sequence[str],
    ka: Sequence[str],
    kb: Sequence[str],
    i1: int,
    i2: int,
    j1: int,
    j2: int,
    out: list[LineOp],
) -> None:
    """A linear walk of both sides; equal items are kept, items with
    equal keys paired; elsewhere skip the fewest items (at most ``_WINDOW``)
    that bring the sides back in step, else pair the two items."""
    where_a: dict[str, list[int]] = {}
    for i in range(i1, i2):
        where_a.setdefault(ka[i], []).append(i)
    where_b: dict[str, list[int]] = {}
    for j in range(j1, j2):
        where_b.setdefault(kb[j], []).append(j)
    i, j = i1, j1
    while i < i2 and j < j2:
        if a[i] == b[j]:
            _emit(out, "equal", i, i + 1, j, j + 1)
        elif ka[i] == kb[j] or _similar(ka[i], kb[j]):
            _emit(out, "pair", i, i + 1, j, j + 1)
        else:
            da = _distance(where_a.get(kb[j]), i)
            db = _distance(where_b.get(ka[i]), j)
            if da <= _WINDOW and da <= db:
                _emit(out, "delete", i, i + da, j, j)
                i += da
                continue
            if db <= _WINDOW:
                _emit(out, "insert", i, i, j, j + db)
                j += db
                continue
            if i2 - i > j2 - j:
                _emit(out, "delete", i, i + 1, j, j)
                i += 1
                continue
            if j2 - j > i2 - i:
                _emit(out, "insert", i, i, j, j + 1)
                j += 1
                continue
            _emit(out, "pair", i, i + 1, j, j + 1)
        i += 1
        j += 1
    if i < i2:
        _emit(out, "delete", i, i2, j, j)
    if j < j2:
        _emit(out, "insert", i2, i2, j, j2)


def _similar(x: str, y: str) -> bool:
    """True when keys ``x`` and ``y`` share at least half of the longer one
    as a common head and tail: one is most likely a rewrite of the other."""
    longest = max(len(x), len(y))
    if not x or not y:
        return False
    start, x_end, _ = changed_span(x, y)
    return 2 * (start + len(x) - x_end) >= longest


def _distance(positions: list[int] | None, at: int) -> int:
    """How far from ``at`` the next of ``positions`` (sorted) is, or a large number."""
    if not positions:
        return 1 << 62
    k = bisect_left(positions, at)
    return positions[k] - at if k < len(positions) else 1 << 62


def _words(line: str) -> str:
    return " ".join(line.split())


def pair_blocks(old: str, new: str) -> list[Block]:
    """The unchanged runs of line ``old`` rewritten into ``new``, as
    ``(position in new, position in old, length)``."""
    start, old_end, new_end = changed_span(old, new)
    blocks: list[Block] = [(0, 0, start)]
    _align_middle(old[start:old_end], new[start:new_end], start, start, blocks)
    blocks.append((new_end, old_end, len(old) - old_end))
    return [b for b in blocks if b[2] > 0]


def _align_middle(x: str, y: str, x_at: int, y_at: int, blocks: list[Block]) -> None:
    """Append the unchanged runs between ``x`` and ``y`` (which differ at both
    ends). Short stretches get an exact character diff; longer ones a walk
    along both that copies equal runs (compared at C speed) and, where they
    differ, resynchronises on the nearest stretch of ``y`` found a little
    further on in ``x``: linear time, and as close as a diff for the changes
    passes make (a character, an entity, a run of spaces), if coarser for
    changes packed tightly together."""
    if set(x).isdisjoint(y):  # nothing in common (a word and its mojibake): one region
        return
    if len(x) * len(y) <= _EXACT_LIMIT:
        for i, j, n in difflib.SequenceMatcher(None, x, y, autojunk=False).get_matching_blocks():
            if n:
                blocks.append((y_at + j, x_at + i, n))
        return
    _walk(x, y, x_at, y_at, blocks)


def _walk(x: str, y: str, x_at: int, y_at: int, blocks: list[Block]) -> None:
    i = j = 0
    nx, ny = len(x), len(y)
    while i < nx and j < ny:
        n = _run(x, y, i, j)
        if n:
            blocks.append((y_at + j, x_at + i, n))
            i += n
            j += n
            if i == nx or j == ny:
                return
        found = _resync(x, y, i, j)
        if found is None:
            return
        i += found[0]
        j += found[1]


def _run(x: str, y: str, i: int, j: int) -> int:
    """Length of the equal run of ``x`` from ``i`` and ``y`` from ``j``: grown
    by doubling, then narrowed by halving, so it costs about its length."""
    limit = min(len(x) - i, len(y) - j)
    lo, step = 0, 32
    while lo < limit:
        hi = min(lo + step, limit)
        if x[i + lo : i + hi] != y[j + lo : j + hi]:
            break
        lo, step = hi, step * 2
    else:
        return lo
    hi = min(lo + step, limit) - 1  # the run ends before ``hi`` + 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if x[i + lo : i + mid] == y[j + lo : j + mid]:
            lo = mid
        else:
            hi = mid - 1
    return lo


# Stretches this small (characters on one side times the other) get an exact
# character diff; longer ones the linear walk.
_EXACT_LIMIT = 1_024
# A changed stretch longer than this, with no line added or removed, is
# walked as a whole rather than line by line (the same result, less overhead).
_WALK_FROM = 512
_ANCHOR = 4  # characters of ``y`` that must be found in ``x`` to resynchronise
_NEAR = 8  # how far apart two changes may be to be told apart character by character
_FAR = 4_096  # how far a removal or insertion inside a line is looked for


def _resync(x: str, y: str, i: int, j: int) -> tuple[int, int] | None:
    """The smallest ``(skip in x, skip in y)`` (at most ``_WINDOW`` each)
    after which the two agree again on a stretch of up to ``_ANCHOR``
    characters, or None."""
    nx, ny = len(x), len(y)
    best: tuple[int, int] | None = None
    for dj in range(min(_WINDOW, ny - j - _ANCHOR + 1)):
        if best is not None and dj >= best[0] + best[1]:
            break
        anchor = y[j + dj : j + dj + _ANCHOR]
        at = x.find(anchor, i, i + _WINDOW + len(anchor))
        if at >= 0 and (best is None or at - i + dj < best[0] + best[1]):
            best = (at - i, dj)
    if best is not None and best[0] + best[1] <= _ANCHOR:
        return best
    # Changes a character or two apart, too close for an anchor: the nearest
    # pair of equal characters that starts an equal run of two (or ends both).
    for d in range(1, 4):
        for dj in range(d + 1):
            a, b = i + d - dj, j + dj
            if a < nx and b < ny and x[a] == y[b] and (a + 1 == nx or b + 1 == ny or x[a + 1] == y[b + 1]):
                return d - dj, dj
    if best is not None:
        return best
    # A longer stretch removed or inserted: look further, from one side only.
    at = x.find(y[j : j + _ANCHOR], i, i + _FAR + _ANCHOR) if j + _ANCHOR <= len(y) else -1
    back = y.find(x[i : i + _ANCHOR], j, j + _FAR + _ANCHOR) if i + _ANCHOR <= len(x) else -1
    if at >= 0 and (back < 0 or at - i <= back - j):
        return at - i, 0
    if back >= 0:
        return 0, back - j
    # Changes closer together than an anchor: the nearest equal character.
    for d in range(1, _NEAR + 1):
        for dj in range(d + 1):
            di = d - dj
            if i + di < len(x) and j + dj < len(y) and x[i + di] == y[j + dj]:
                return di, dj
    return None


def _increasing(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest run of ``pairs`` (sorted by their first item) whose second
    items increase (patience sorting, n log n)."""
    tails: list[int] = []  # index into pairs of the smallest tail of each length
    back: list[int] = [-1] * len(pairs)
    tail_values: list[int] = []
    for k, (_, j) in enumerate(pairs):
        at = bisect_left(tail_values, j)
        if at:
            back[k] = tails[at - 1]
        if at == len(tails):
            tails.append(k)
            tail_values.append(j)
        else:
            tails[at] = k
            tail_values[at] = j
    out: list[tuple[int, int]] = []
    k = tails[-1] if tails else -1
    while k >= 0:
        out.append(pairs[k])
        k = back[k]
    return out[::-1]
