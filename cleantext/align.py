"""Offsets from cleaned text back to the original.

An :class:`OffsetMap` records which runs of characters a cleaning copied
unchanged from its input (*blocks*); everything between two blocks was
rewritten, removed or inserted. It is derived from the difference between a
pass's input and output, so it works for any ``str -> str`` pass, and maps of
successive passes compose into one map for the whole pipeline.

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
from collections.abc import Iterable, Sequence
from typing import Literal

from cleantext.text import split_lines

__all__ = ["LineOp", "OffsetMap", "align", "kept_lines_offsets", "line_ops", "offsets_from_ops", "pair_blocks"]

#: ``(cleaned start, original start, length)`` of a run copied unchanged.
Block = tuple[int, int, int]

#: ``(tag, i1, i2, j1, j2)`` over lines, as difflib's opcodes, where a
#: ``"pair"`` is one line ``i1`` rewritten into line ``j1``.
LineOp = tuple[Literal["equal", "delete", "insert", "pair"], int, int, int, int]

# Character-level diffs are quadratic at worst: above this many character
# pairs, a rewritten line is aligned word by word instead.
_CHAR_DIFF_LIMIT = 40_000
# Word anchors are looked for in gaps between anchors this many times deep.
_MAX_DEPTH = 12
_TOKEN = re.compile(r"\w+|\s+|.", re.DOTALL)


class OffsetMap:
    """A monotone map between positions in cleaned text and in its original.

    Positions are indices into Python strings (code points). Spans are
    half-open ``(start, end)`` pairs. A span covering rewritten text maps to
    the whole rewritten region, so mapping never loses characters.
    """

    __slots__ = ("_c", "_n", "_o", "cleaned_length", "original_length")

    def __init__(self, blocks: Iterable[Block], original_length: int, cleaned_length: int) -> None:
        c_list: list[int] = []
        o_list: list[int] = []
        n_list: list[int] = []
        for c, o, n in blocks:
            if n <= 0:
                continue
            if c_list and c_list[-1] + n_list[-1] == c and o_list[-1] + n_list[-1] == o:
                n_list[-1] += n
                continue
            if c_list and (c < c_list[-1] + n_list[-1] or o < o_list[-1] + n_list[-1]):
                raise ValueError(f"blocks must be increasing and not overlap: {(c, o, n)}")
            c_list.append(c)
            o_list.append(o)
            n_list.append(n)
        if c_list and (c_list[-1] + n_list[-1] > cleaned_length or o_list[-1] + n_list[-1] > original_length):
            raise ValueError("a block reaches past the end of the text")
        self._c, self._o, self._n = c_list, o_list, n_list
        self.original_length = original_length
        self.cleaned_length = cleaned_length

    @classmethod
    def identity(cls, length: int) -> OffsetMap:
        """The map of a text that was not changed."""
        return cls([(0, 0, length)], length, length)

    @property
    def blocks(self) -> list[Block]:
        """``(cleaned start, original start, length)`` of each unchanged run."""
        return list(zip(self._c, self._o, self._n, strict=True))

    def is_identity(self) -> bool:
        return self.original_length == self.cleaned_length and (
            self.original_length == 0 or self.blocks == [(0, 0, self.original_length)]
        )

    # -- mapping ----------------------------------------------------------

    def to_original(self, start: int, end: int | None = None) -> tuple[int, int]:
        """The span of the original that cleaned ``[start, end)`` came from.

        Characters copied unchanged map one to one; a span that touches
        rewritten text grows to cover all of that text's original.
        """
        end = start if end is None else end
        _check_span(start, end, self.cleaned_length, "cleaned")
        lo = _map_start(start, self._c, self._o, self._n, self.original_length)
        if end == start:
            return lo, lo
        return lo, _map_end(end, self._c, self._o, self._n, self.original_length)

    def to_cleaned(self, start: int, end: int | None = None) -> tuple[int, int] | None:
        """The span of the cleaned text that original ``[start, end)`` became,
        or None when all of it was removed."""
        end = start if end is None else end
        _check_span(start, end, self.original_length, "original")
        lo = _map_start(start, self._o, self._c, self._n, self.cleaned_length)
        if end == start:
            return lo, lo
        hi = _map_end(end, self._o, self._c, self._n, self.cleaned_length)
        return (lo, hi) if hi > lo else None

    def then(self, later: OffsetMap) -> OffsetMap:
        """The map of this cleaning followed by ``later`` (whose original is
        this map's cleaned text)."""
        if later.original_length != self.cleaned_length:
            raise ValueError("the later map does not start from this map's cleaned text")
        out: list[Block] = []
        i = j = 0
        c1, o1, n1 = self._c, self._o, self._n
        c2, o2, n2 = later._c, later._o, later._n
        while i < len(c1) and j < len(c2):
            # Overlap of this map's cleaned run and the later map's original run.
            lo = max(c1[i], o2[j])
            hi = min(c1[i] + n1[i], o2[j] + n2[j])
            if lo < hi:
                out.append((c2[j] + lo - o2[j], o1[i] + lo - c1[i], hi - lo))
            if c1[i] + n1[i] <= o2[j] + n2[j]:
                i += 1
            else:
                j += 1
        return OffsetMap(out, self.original_length, later.cleaned_length)

    def unchanged(self) -> Iterable[tuple[int, int]]:
        """``(cleaned position, original position)`` of every character copied
        unchanged, in order."""
        for c, o, n in zip(self._c, self._o, self._n, strict=True):
            for k in range(n):
                yield c + k, o + k

    # -- serialising --------------------------------------------------------

    def to_list(self) -> list[int]:
        """Compact form: the blocks flattened, ``[c0, o0, n0, c1, o1, n1, ...]``."""
        return [x for block in zip(self._c, self._o, self._n, strict=True) for x in block]

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
            and self.blocks == other.blocks
            and (self.original_length, self.cleaned_length) == (other.original_length, other.cleaned_length)
        )

    def __hash__(self) -> int:
        return hash((tuple(self.blocks), self.original_length, self.cleaned_length))

    def __repr__(self) -> str:
        shown = ", ".join(map(str, self.blocks[:4])) + (", ..." if len(self._c) > 4 else "")
        return (
            f"OffsetMap({len(self._c)} unchanged runs [{shown}], "
            f"original {self.original_length} chars, cleaned {self.cleaned_length})"
        )


def _check_span(start: int, end: int, length: int, side: str) -> None:
    if not 0 <= start <= end <= length:
        raise ValueError(f"span ({start}, {end}) is not inside the {side} text (length {length})")


def _map_start(x: int, src: list[int], dst: list[int], n: list[int], dst_length: int) -> int:
    k = bisect_right(src, x) - 1
    if k >= 0 and x < src[k] + n[k]:
        return dst[k] + x - src[k]
    # In a rewritten region: its start on the other side.
    return dst[k] + n[k] if k >= 0 else 0


def _map_end(y: int, src: list[int], dst: list[int], n: list[int], dst_length: int) -> int:
    k = bisect_right(src, y - 1) - 1
    if k >= 0 and y - 1 < src[k] + n[k]:
        return dst[k] + y - src[k]
    # The last character is rewritten: the end of its region on the other side.
    return dst[k + 1] if k + 1 < len(dst) else dst_length


# -- deriving maps from a before/after pair -------------------------------------


def align(before: str, after: str) -> OffsetMap:
    """The offset map of any rewrite of ``before`` into ``after``."""
    if before == after:
        return OffsetMap.identity(len(before))
    a, b = split_lines(before), split_lines(after)
    return offsets_from_ops(a, b, line_ops(a, b))


def line_ops(a: Sequence[str], b: Sequence[str]) -> list[LineOp]:
    """Line-level edit script from lines ``a`` to lines ``b`` (endings kept).

    Lines found once on each side anchor the alignment (patience diff), and
    rewritten lines are paired with the line they became (matching on their
    words, so re-spaced lines and changed line endings pair up), so that a
    rewrite is a change inside a line rather than a removal and an insertion.
    """
    out: list[LineOp] = []
    _diff_lines(a, b, 0, len(a), 0, len(b), out, 0)
    return out


def _diff_lines(
    a: Sequence[str], b: Sequence[str], i1: int, i2: int, j1: int, j2: int, out: list[LineOp], depth: int
) -> None:
    lo = 0
    while i1 + lo < i2 and j1 + lo < j2 and a[i1 + lo] == b[j1 + lo]:
        lo += 1
    hi = 0
    while hi < i2 - i1 - lo and hi < j2 - j1 - lo and a[i2 - 1 - hi] == b[j2 - 1 - hi]:
        hi += 1
    if lo:
        out.append(("equal", i1, i1 + lo, j1, j1 + lo))
    _diff_middle(a, b, i1 + lo, i2 - hi, j1 + lo, j2 - hi, out, depth)
    if hi:
        out.append(("equal", i2 - hi, i2, j2 - hi, j2))


def _diff_middle(
    a: Sequence[str], b: Sequence[str], i1: int, i2: int, j1: int, j2: int, out: list[LineOp], depth: int
) -> None:
    if i1 == i2 and j1 == j2:
        return
    if i1 == i2:
        out.append(("insert", i1, i1, j1, j2))
        return
    if j1 == j2:
        out.append(("delete", i1, i2, j1, j1))
        return
    anchors = _unique_anchors(a[i1:i2], b[j1:j2]) if depth < _MAX_DEPTH else []
    if not anchors:
        if i2 - i1 == j2 - j1:
            out.extend(_pairs(a, b, i1, j1, i2 - i1))
        else:
            _diff_lines_fallback(a, b, i1, i2, j1, j2, out)
        return
    pi, pj = i1, j1
    for i, j in anchors:
        _diff_lines(a, b, pi, i1 + i, pj, j1 + j, out, depth + 1)
        out.append(("equal", i1 + i, i1 + i + 1, j1 + j, j1 + j + 1))
        pi, pj = i1 + i + 1, j1 + j + 1
    _diff_lines(a, b, pi, i2, pj, j2, out, depth + 1)


def _unique_anchors(a: Sequence[str], b: Sequence[str]) -> list[tuple[int, int]]:
    count_a: dict[str, int] = {}
    for line in a:
        count_a[line] = count_a.get(line, 0) + 1
    count_b: dict[str, int] = {}
    where_b: dict[str, int] = {}
    for j, line in enumerate(b):
        count_b[line] = count_b.get(line, 0) + 1
        where_b[line] = j
    pairs = [
        (i, where_b[line])
        for i, line in enumerate(a)
        if count_a[line] == 1 and count_b.get(line) == 1 and not _is_blank(line)
    ]
    return _increasing(pairs)


def _pairs(a: Sequence[str], b: Sequence[str], i: int, j: int, n: int) -> list[LineOp]:
    return [("equal" if a[i + d] == b[j + d] else "pair", i + d, i + d + 1, j + d, j + d + 1) for d in range(n)]


def _diff_lines_fallback(
    a: Sequence[str], b: Sequence[str], i1: int, i2: int, j1: int, j2: int, out: list[LineOp]
) -> None:
    # Blank lines are junk: they may extend a match but not anchor one, so a
    # paragraph is matched with itself rather than with a stray blank line.
    matcher = difflib.SequenceMatcher(_is_blank, a[i1:i2], b[j1:j2], autojunk=False)
    for tag, k1, k2, l1, l2 in matcher.get_opcodes():
        k1, k2, l1, l2 = k1 + i1, k2 + i1, l1 + j1, l2 + j1
        if tag == "replace":
            out.extend(_pair_lines(a, b, k1, k2, l1, l2))
        elif tag == "equal":
            out.append(("equal", k1, k2, l1, l2))
        elif tag == "delete":
            out.append(("delete", k1, k2, l1, l1))
        else:
            out.append(("insert", k1, k1, l1, l2))


def _is_blank(line: str) -> bool:
    return not line.strip()


def _words(line: str) -> str:
    return " ".join(line.split())


def _pair_lines(a: Sequence[str], b: Sequence[str], i1: int, i2: int, j1: int, j2: int) -> list[LineOp]:
    out: list[LineOp] = []
    keys = difflib.SequenceMatcher(
        None, [_words(x) for x in a[i1:i2]], [_words(y) for y in b[j1:j2]], autojunk=False
    ).get_opcodes()
    for tag, k1, k2, l1, l2 in keys:
        k1, k2, l1, l2 = k1 + i1, k2 + i1, l1 + j1, l2 + j1
        pairs = min(k2 - k1, l2 - l1) if tag in ("equal", "replace") else 0
        for d in range(pairs):
            if a[k1 + d] == b[l1 + d]:
                out.append(("equal", k1 + d, k1 + d + 1, l1 + d, l1 + d + 1))
            else:
                out.append(("pair", k1 + d, k1 + d + 1, l1 + d, l1 + d + 1))
        if k2 - k1 > pairs:
            out.append(("delete", k1 + pairs, k2, l1 + pairs, l1 + pairs))
        if l2 - l1 > pairs:
            out.append(("insert", k2, k2, l1 + pairs, l2))
    return out


def offsets_from_ops(
    a: Sequence[str], b: Sequence[str], ops: Iterable[LineOp], pairs: dict[int, list[Block]] | None = None
) -> OffsetMap:
    """The offset map of an edit script from :func:`line_ops`; ``pairs`` may
    hold the :func:`pair_blocks` of rewritten lines already computed, by line."""
    a_starts = _starts(a)
    b_starts = _starts(b)
    blocks: list[Block] = []
    for tag, i1, i2, j1, _j2 in ops:
        if tag == "equal":
            blocks.append((b_starts[j1], a_starts[i1], a_starts[i2] - a_starts[i1]))
        elif tag == "pair":
            inner = pairs[i1] if pairs is not None and i1 in pairs else pair_blocks(a[i1], b[j1])
            blocks.extend((b_starts[j1] + c, a_starts[i1] + o, n) for c, o, n in inner)
    return OffsetMap(blocks, a_starts[-1], b_starts[-1])


def kept_lines_offsets(a: Sequence[str], kept: Sequence[bool]) -> OffsetMap:
    """The offset map of removing the lines of ``a`` whose ``kept`` is False."""
    blocks: list[Block] = []
    pos = out = 0
    for line, keep in zip(a, kept, strict=True):
        if keep:
            blocks.append((out, pos, len(line)))
            out += len(line)
        pos += len(line)
    return OffsetMap(blocks, pos, out)


def _starts(lines: Sequence[str]) -> list[int]:
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))
    return starts


def changed_span(old: str, new: str) -> tuple[int, int, int]:
    """(start, end in old, end in new) of the part of ``old`` that differs."""
    limit = min(len(old), len(new))
    start = _common_prefix(old, new, limit)
    end = _common_prefix(old[start:][::-1], new[start:][::-1], limit - start)
    return start, len(old) - end, len(new) - end


def _common_prefix(x: str, y: str, limit: int) -> int:
    """Length of the common prefix, by halving: string comparison runs in C."""
    lo, hi = 0, limit
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if x[lo:mid] == y[lo:mid]:
            lo = mid
        else:
            hi = mid - 1
    return lo


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
    ends): character by character when short, else anchored on words."""
    if not x or not y:
        return
    if len(x) * len(y) <= _CHAR_DIFF_LIMIT:
        for i, j, n in difflib.SequenceMatcher(None, x, y, autojunk=False).get_matching_blocks():
            blocks.append((y_at + j, x_at + i, n))
        return
    _align_tokens(_TOKEN.findall(x), _TOKEN.findall(y), x_at, y_at, blocks)


def _align_tokens(tx: list[str], ty: list[str], x_at: int, y_at: int, blocks: list[Block], depth: int = 0) -> None:
    """Patience diff on tokens: tokens found once on each side, in the same
    order, are anchors; the gaps between them are aligned recursively. Near
    linear time, so long rewritten lines stay fast."""
    lo = 0
    while lo < len(tx) and lo < len(ty) and tx[lo] == ty[lo]:
        lo += 1
    hi = 0
    while hi < len(tx) - lo and hi < len(ty) - lo and tx[-1 - hi] == ty[-1 - hi]:
        hi += 1
    head = sum(map(len, tx[:lo]))
    if head:
        blocks.append((y_at, x_at, head))
    mx, my = tx[lo : len(tx) - hi], ty[lo : len(ty) - hi]
    mx_at, my_at = x_at + head, y_at + head
    tail = sum(map(len, tx[len(tx) - hi :]))
    if mx and my:
        _anchor(mx, my, mx_at, my_at, blocks, depth)
    if tail:
        x_end = mx_at + sum(map(len, mx))
        y_end = my_at + sum(map(len, my))
        blocks.append((y_end, x_end, tail))


def _anchor(tx: list[str], ty: list[str], x_at: int, y_at: int, blocks: list[Block], depth: int) -> None:
    count_x: dict[str, int] = {}
    for t in tx:
        count_x[t] = count_x.get(t, 0) + 1
    count_y: dict[str, int] = {}
    where_y: dict[str, int] = {}
    for j, t in enumerate(ty):
        count_y[t] = count_y.get(t, 0) + 1
        where_y[t] = j
    pairs = [(i, where_y[t]) for i, t in enumerate(tx) if count_x[t] == 1 and count_y.get(t) == 1]
    anchors = _increasing(pairs) if depth < _MAX_DEPTH else []
    xs, ys = _starts(tx), _starts(ty)
    if not anchors:
        x, y = "".join(tx), "".join(ty)
        if len(x) * len(y) <= _CHAR_DIFF_LIMIT:
            _align_middle(x, y, x_at, y_at, blocks)
        return
    pi = pj = 0
    for i, j in [*anchors, (len(tx), len(ty))]:
        if i > pi and j > pj:
            gx, gy = tx[pi:i], ty[pj:j]
            if len(gx) < len(tx) or len(gy) < len(ty):
                _align_tokens(gx, gy, x_at + xs[pi], y_at + ys[pj], blocks, depth + 1)
        if i < len(tx):
            blocks.append((y_at + ys[j], x_at + xs[i], len(tx[i])))
        pi, pj = i + 1, j + 1


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
