"""One huge text document cleaned in blocks of lines, in bounded memory.

A text document of many megabytes is never decoded whole: it is read in
blocks of about :data:`BLOCK_BYTES` of whole lines, and each pass of the
pipeline works on the blocks, carrying across block edges the context it
needs, so that the output is byte for byte what the pass gives on the whole
text:

- ``fix-encoding`` and ``normalize-unicode`` work line by line. ftfy's
  ``unescape_html="auto"`` stops decoding entities after the first line with
  a ``<``: the blocks after the first block with one are fixed with entity
  decoding off.
- ``normalize-whitespace`` works on each block as on a middle of the text
  (blank lines at the edges of the text go only at its edges); a block
  starts with a line that is not blank, so no run of blank lines spans two
  blocks.
- ``normalize-names`` reads up to a few hundred characters around a name and
  the first 50 lines of the document (to guess its language): each block is
  cleaned with the lines around it and the document's first lines, and only
  its own lines are kept.
- line-removing passes judge every line of the document at once, through a
  read-only view of the blocks' lines (:class:`LineView`), so a pass that
  looks at the whole document (a repeated caption, a heading anywhere) sees
  it; the lines it removes are then dropped block by block.
- ``repair-truncation`` reads only the end of the text: it gets the last
  blocks, enough of them that everything it reads is inside.

Any other pass, a block the reader cannot cut, bytes that are not valid
UTF-8, or a case outside the rules above makes the document go the usual
way, decoded whole: the output is the same, only the memory is not bounded.
The pass-through fallback (a pass that fails) re-reads the original bytes.
"""

from __future__ import annotations

import codecs
import io
import os
import re
import sys
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from typing import IO, Any

__all__ = [
    "BLOCK_BYTES",
    "LARGE_DOCUMENT",
    "LargeText",
    "LineView",
    "Unblockable",
    "clean_blocks",
    "clean_large",
    "clean_text",
]

#: About how many bytes of whole lines each block holds.
BLOCK_BYTES = 1 << 20
#: Text documents at least this large are cleaned in blocks.
LARGE_DOCUMENT = 8 << 20

# A block starts after a line feed and before a byte that starts a visible
# character: ASCII punctuation, a letter or a digit, or the first byte of a
# UTF-8 sequence that is not a space or a line separator (U+0080-U+00BF,
# U+1000-U+3FFF hold those, and are left out whole).
_CUT = re.compile(rb"\n(?=[\x21-\x7e\xc3-\xdf\xe4-\xf4])")
# Entities that ftfy can decode into a "<" (also when escaped again).
_LT_ENTITY = re.compile(rb"(?:lt|#0*60|#x0*3c);", re.IGNORECASE)
_LONE_CR = re.compile(rb"\r(?!\n)")
# How many bytes around a block normalize-names gets (it reads 120 characters
# around a name, identifiers up to 256; a character is at most 4 bytes).
_NAMES_CONTEXT = 4096
# How far before the start of the last line repair-truncation may read (a
# few times its 4,000-character window; a test checks).
_TAIL_MARGIN = 1 << 16
# How many lines normalize-names reads to guess a document's language.
_NAMES_HEAD_LINES = 50


class Unblockable(Exception):
    """The document cannot be cleaned in blocks: clean it whole."""


class PassFailed(Exception):
    def __init__(self, name: str, error: BaseException) -> None:
        super().__init__(name)
        self.name, self.error = name, error


@dataclass
class LargeText:
    """A text document read in blocks: a file (read again when needed) or bytes."""

    source: str
    path: str | None = None
    data: bytes | None = None
    size: int = 0
    encoding: str | None = None
    block_bytes: int = BLOCK_BYTES

    def open(self) -> IO[bytes]:
        if self.data is not None:
            return io.BytesIO(self.data)
        assert self.path is not None
        return open(self.path, "rb")

    def read(self) -> bytes:
        with self.open() as f:
            return f.read()

    def __reduce__(self) -> tuple[Any, ...]:
        # Another process may not see the file: it gets the bytes.
        data = self.data if self.data is not None else self.read()
        return (LargeText, (self.source, None, data, self.size, self.encoding, self.block_bytes))


def large_text(
    opened: Any,
    inp: Any,
    encoding: str | None,
    strict: bool,
    block_bytes: int = BLOCK_BYTES,
    threshold: int | None = None,
) -> Any:
    """A :class:`LargeText` for an input at least ``threshold`` bytes long
    that may be UTF-8 (to be cleaned in blocks of about ``block_bytes``, at
    most :data:`BLOCK_BYTES`), or its bytes, read whole, if it is not one."""
    threshold = LARGE_DOCUMENT if threshold is None else threshold
    block_bytes = min(block_bytes, BLOCK_BYTES)
    utf8 = encoding in (None, "auto") or _is_utf8(encoding)
    if strict or not utf8:
        return opened.stream.read()
    if opened.stream is opened.raw and inp.path != "-" and "://" not in inp.path:
        try:
            size = os.fstat(opened.raw.fileno()).st_size
            regular = os.path.isfile(inp.path)
        except (OSError, AttributeError, ValueError):
            size, regular = 0, False
        if regular and size >= threshold:
            return LargeText(inp.name, path=inp.path, size=size, encoding=encoding, block_bytes=block_bytes)
    data = opened.stream.read()
    if len(data) >= threshold:
        return LargeText(inp.name, data=data, size=len(data), encoding=encoding, block_bytes=block_bytes)
    return data


def _is_utf8(encoding: str) -> bool:
    try:
        return codecs.lookup(encoding).name == "utf-8"
    except LookupError:
        return False


def read_blocks(handle: IO[bytes], block_bytes: int) -> Iterator[bytes]:
    """The bytes of ``handle`` (UTF-8, a UTF-8 byte-order mark left out) in
    blocks of whole lines of about ``block_bytes`` or more, each after the
    first starting with a visible character; raises :class:`Unblockable` on
    bytes that are not UTF-8."""
    buf = bytearray()
    cut = -1  # the last place to cut found in buf
    scanned = 0
    first = True
    while True:
        piece = handle.read(block_bytes)
        if first:
            first = False
            if piece.startswith(codecs.BOM_UTF8):
                piece = piece[len(codecs.BOM_UTF8) :]
        if not piece:
            if buf:
                yield _checked(bytes(buf))
            return
        buf += piece
        for m in _CUT.finditer(buf, max(0, scanned - 1)):
            cut = m.end()
        scanned = len(buf)
        if len(buf) >= block_bytes and cut > 0:
            with memoryview(buf) as view:
                data = bytes(view[:cut])
            del buf[:cut]
            yield _checked(data)
            scanned -= cut
            cut = -1


def _checked(data: bytes) -> bytes:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        raise Unblockable("not valid UTF-8") from None
    return data


# Between passes a block is kept as UTF-8 (a character of any width costs
# its bytes, not four bytes for every character of a block with one emoji);
# "surrogatepass" lets a pass's lone surrogate through unchanged.
def _text(block: bytes) -> str:
    return block.decode("utf-8", "surrogatepass")


def _bytes(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


# -- a read-only view of the lines of the blocks -------------------------------------


class LineView(Sequence[str]):
    """The lines of ``blocks`` (without their line feeds) as one sequence,
    what a line pass's ``judge`` receives; only a few blocks are decoded
    and split at a time."""

    def __init__(self, blocks: Sequence[bytes]) -> None:
        self._blocks = blocks
        starts = [0]
        for i, block in enumerate(blocks):
            count = block.count(b"\n")
            if i == len(blocks) - 1 and block and not block.endswith(b"\n"):
                count += 1
            starts.append(starts[-1] + count)
        self._starts = starts
        self._split: dict[int, list[str]] = {}

    def _lines(self, k: int) -> list[str]:
        lines = _text(self._blocks[k]).split("\n")
        if lines[-1] == "":
            lines.pop()
        return lines

    def block_lines(self, k: int) -> list[str]:
        lines = self._split.get(k)
        if lines is None:
            lines = self._lines(k)
            if len(self._split) >= 2:
                self._split.pop(next(iter(self._split)))
            self._split[k] = lines
        return lines

    def block_range(self, k: int) -> tuple[int, int]:
        return self._starts[k], self._starts[k + 1]

    def __len__(self) -> int:
        return self._starts[-1]

    def __getitem__(self, i: Any) -> Any:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        n = self._starts[-1]
        if i < 0:
            i += n
        if not 0 <= i < n:
            raise IndexError("line index out of range")
        k = bisect_right(self._starts, i) - 1
        return self.block_lines(k)[i - self._starts[k]]

    def __iter__(self) -> Iterator[str]:
        for k in range(len(self._blocks)):
            lines = self._split.get(k)
            yield from self._lines(k) if lines is None else lines


# -- the passes, block by block ---------------------------------------------------------


def plan(pipeline: Any) -> list[tuple[str, Any]] | None:
    """(how, pass) for each pass of ``pipeline``, or None if one of them
    cannot work on blocks."""
    from cleantext.passes.encoding import FixEncoding, NormalizeUnicode, NormalizeWhitespace
    from cleantext.passes.endings import RepairTruncation
    from cleantext.passes.names import NormalizeNames
    from cleantext.registry import LinePass

    kinds = {
        FixEncoding: "fix",
        NormalizeUnicode: "each",
        NormalizeWhitespace: "whitespace",
        NormalizeNames: "names",
        RepairTruncation: "tail",
    }
    steps: list[tuple[str, Any]] = []
    for p in pipeline.passes:
        cls = type(p)
        kind = kinds.get(cls)
        if kind is None and isinstance(p, LinePass) and cls.plan is LinePass.plan and cls.__call__ is LinePass.__call__:
            kind = "lines"
        if kind is None:
            return None
        steps.append((kind, p))
    return steps


def _call(p: Any, text: str) -> str:
    try:
        out = p(text)
        if not isinstance(out, str):
            raise TypeError(f"a pass returned {type(out).__name__}, not str")
    except Exception as exc:
        raise PassFailed(p.name, exc) from exc
    return out


def _run_fix(p: Any, blocks: list[bytes]) -> None:
    if p.unescape_html == "auto":
        # ftfy decodes entities up to the first line with a "<", and not after.
        tag = next((k for k, b in enumerate(blocks) if b"<" in b), len(blocks))
        if any(_LT_ENTITY.search(blocks[k]) for k in range(tag)):
            raise Unblockable("an entity that decodes to '<' before the first '<'")
        if tag < len(blocks) - 1 and any(_LONE_CR.search(b) for b in blocks):
            # fix-encoding repairs each stretch ended by a lone CR on its own,
            # and the first '<' of one stretch does not reach the next.
            raise Unblockable("a '<' and lone CR line endings")
        after = replace(p, unescape_html=False)
    else:
        tag, after = len(blocks), p
    for k, block in enumerate(blocks):
        blocks[k] = _bytes(_call(p if k <= tag else after, _text(block)))


def _run_each(p: Any, blocks: list[bytes]) -> None:
    for k, block in enumerate(blocks):
        blocks[k] = _bytes(_call(p, _text(block)))


def _run_whitespace(p: Any, blocks: list[bytes]) -> None:
    if len(blocks) == 1:
        blocks[0] = _bytes(_call(p, _text(blocks[0])))
        return
    last = len(blocks) - 1
    for k, block in enumerate(blocks):
        # A visible line before (after) the block: the edges of the text are
        # trimmed only at the text's own edges.
        head = "" if k == 0 else "x\n"
        tail = "" if k == last else "x"
        out = _call(p, head + _text(block) + tail)
        if head:
            if not out.startswith(("x\n", "x\r\n")):
                raise Unblockable("normalize-whitespace changed the line before a block")
            out = out[out.index("\n") + 1 :]
            if not out or out[:1] in ("\n", "\r"):
                raise Unblockable("a block starts with a blank line")
        if tail:
            if not out.endswith("x"):
                raise Unblockable("normalize-whitespace changed the line after a block")
            out = out[:-1]
        blocks[k] = _bytes(out)


_BREAK = re.compile(rb"[\r\n]")


def _head(blocks: Sequence[bytes], count: int) -> bytes | None:
    """The text up to and including its ``count``-th CR or LF (and the LF of
    a CRLF there), or None when the text has nothing after that many."""
    parts: list[bytes] = []
    seen = 0
    for k, block in enumerate(blocks):
        for m in _BREAK.finditer(block):
            seen += 1
            if seen == count:
                end = m.end()
                if m.group() == b"\r" and block[end : end + 1] == b"\n":
                    end += 1
                if end == len(block) and k == len(blocks) - 1:
                    return None
                parts.append(block[:end])
                return b"".join(parts)
        parts.append(block)
    return None


def _run_names(p: Any, blocks: list[bytes]) -> None:
    if len(blocks) == 1:
        blocks[0] = _bytes(_call(p, _text(blocks[0])))
        return
    head = _head(blocks, _NAMES_HEAD_LINES)
    if head is None:
        raise Unblockable("fewer lines than normalize-names reads to guess the language")
    last = len(blocks) - 1
    previous: list[bytes] = []  # the blocks before, as the pass got them
    for k in range(len(blocks)):
        block = blocks[k]
        reach = _NAMES_CONTEXT if k else max(_NAMES_CONTEXT, len(head) - len(block))
        after = _after(blocks, k, reach) if k < last else b""
        prefix = head + _before(previous, _NAMES_CONTEXT) if k else b""
        window = _text(prefix + block + after)
        out = _call(p, window)
        if "\r" in window or out.count("\n") != window.count("\n"):
            raise Unblockable("normalize-names changed the lines of a block")
        skip, keep = prefix.count(b"\n"), block.count(b"\n") + (0 if block.endswith(b"\n") else 1)
        text = "\n".join(out.split("\n")[skip : skip + keep])
        blocks[k] = _bytes(text + "\n" if block.endswith(b"\n") else text)
        previous.append(block)
        while len(previous) > 1 and sum(map(len, previous)) - len(previous[0]) > _NAMES_CONTEXT:
            previous.pop(0)


def _before(previous: list[bytes], size: int) -> bytes:
    """Whole lines at the end of ``previous``, at least ``size`` bytes of them."""
    data = b"".join(previous)
    if len(data) <= size:
        return data
    start = data.rfind(b"\n", 0, len(data) - size)
    return data if start < 0 else data[start + 1 :]


def _after(blocks: Sequence[bytes], k: int, size: int) -> bytes:
    """Whole lines from the start of the blocks after block ``k``, at least ``size`` bytes of them."""
    parts: list[bytes] = []
    total = 0
    for block in blocks[k + 1 :]:
        parts.append(block)
        total += len(block)
        if total > size:
            break
    data = b"".join(parts)
    end = data.find(b"\n", size)
    return data if end < 0 else data[: end + 1]


def _run_lines(p: Any, blocks: list[bytes]) -> None:
    from cleantext.core import drop_orphaned_blank_lines

    if any(b"\r" in b for b in blocks):
        raise Unblockable("CR line endings")
    view = LineView(blocks)
    if not len(view):
        return
    try:
        verdicts = p.judge(view)
    except Exception as exc:
        raise PassFailed(p.name, exc) from exc
    if not verdicts:
        return
    drop = dict(verdicts)
    drop_orphaned_blank_lines(view, drop)
    gone = sorted(drop)
    n = len(view)
    final_newline = blocks[-1].endswith(b"\n")
    at = 0
    for k in range(len(blocks)):
        start, end = view.block_range(k)
        if at >= len(gone) or gone[at] >= end:
            continue
        kept: list[str] = []
        for j, line in enumerate(view.block_lines(k), start):
            if at < len(gone) and gone[at] == j:
                at += 1
            else:
                kept.append(line + "\n" if j < n - 1 or final_newline else line)
        blocks[k] = _bytes("".join(kept))


def _run_tail(p: Any, blocks: list[bytes]) -> None:
    from cleantext.text import TERMINAL_MARKS

    terminal = re.compile(f"[{re.escape(TERMINAL_MARKS)}]")
    margin = _TAIL_MARGIN
    take = 1
    while True:
        tail = _text(b"".join(blocks[-take:]))
        if take == len(blocks):
            break
        # Everything the pass reads is inside: the last line, the text before
        # it, and a sentence end well before both.
        end = len(tail.rstrip())
        line_start = max(tail.rfind("\n", 0, end), tail.rfind("\r", 0, end)) + 1
        limit = line_start - margin
        if limit > 0 and terminal.search(tail, 0, limit):
            break
        take += 1
    out = _call(p, tail)
    blocks[-take:] = [_bytes(out)] if out else []


_RUNNERS = {
    "fix": _run_fix,
    "each": _run_each,
    "whitespace": _run_whitespace,
    "names": _run_names,
    "lines": _run_lines,
    "tail": _run_tail,
}


def clean_blocks(steps: list[tuple[str, Any]], blocks: list[bytes]) -> list[bytes]:
    """Run the planned passes over ``blocks`` (UTF-8; changed in place and
    returned)."""
    for kind, p in steps:
        _RUNNERS[kind](p, blocks)
        blocks[:] = [b for b in blocks if b]
        if not blocks:
            break
    return blocks


def clean_text(pipeline: Any, text: str, block_bytes: int = BLOCK_BYTES) -> str:
    r"""``pipeline(text)``, computed in blocks of about ``block_bytes``
    (raises :class:`Unblockable` when that cannot be done exactly).

    >>> from cleantext import Pipeline
    >>> news = Pipeline.from_preset()
    >>> text = "Kiev  is big.\n\nA city.\nAdvertisement\n" * 40
    >>> clean_text(news, text, 64)[:29]
    'Kyiv is big.\n\nA city.\nKyiv is'
    >>> clean_text(news, text, 64) == news(text)
    True
    """
    steps = plan(pipeline)
    if steps is None:
        raise Unblockable("a pass that does not work on blocks")
    blocks = list(read_blocks(io.BytesIO(_bytes(text)), block_bytes))
    return "".join(_text(b) for b in clean_blocks(steps, blocks))


# -- a document, start to end -------------------------------------------------------------


def _encode(text: str) -> bytes:
    """UTF-8, a lone surrogate as a visible escape: as the output writes text."""
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", errors="backslashreplace")


def _output(blocks: list[bytes]) -> list[bytes]:
    """The blocks as the output writes them (a lone surrogate as an escape)."""
    for k, block in enumerate(blocks):
        try:
            block.decode("utf-8")
        except UnicodeDecodeError:
            blocks[k] = _encode(_text(block))
    return blocks


def clean_large(cleaner: Any, result: Any, where: str, doc: LargeText, block_bytes: int | None = None) -> list[bytes]:
    """Clean the one document ``doc`` with ``cleaner`` (a
    :class:`cleantext.run.Cleaner`), noting it in ``result``; its output, in
    pieces. In blocks when the cleaner and the passes allow it, else whole."""
    block_bytes = block_bytes or doc.block_bytes
    pipeline = cleaner.pipeline
    steps = None
    if pipeline is not None and not cleaner._needs_changes and cleaner.sources is None:
        steps = plan(pipeline)
    if getattr(cleaner, "cleans_in_blocks", False) and (pipeline is None or steps is not None):
        number = result.documents
        _allocate_blocks_apart()
        try:
            with doc.open() as f:
                blocks = list(read_blocks(f, block_bytes))
            try:
                clean_blocks(steps or [], blocks)
            except PassFailed as failed:
                del blocks
                result.documents += 1
                exc = failed.error
                result.failures.append((where, number, f"{type(exc).__name__}: {exc} (in pass {failed.name!r})"))
                with doc.open() as f:
                    return _separated(list(read_blocks(f, block_bytes)), cleaner.separate)
        except Unblockable:
            pass
        else:
            result.documents += 1
            return _separated(_output(blocks), cleaner.separate)
    return _whole(cleaner, result, where, doc)


_MMAP_SET = False


def _allocate_blocks_apart() -> None:
    """With glibc, allocate blocks (and anything of 128 KiB or more) in
    memory of their own, given back when they are freed. glibc otherwise
    raises that threshold after the first such block is freed, and the
    blocks replaced pass after pass leave holes in the heap that it cannot
    give back: a fifth more memory on a large document. The price is page
    faults: about a tenth more CPU time on such a document (a threshold of
    256 KiB costs none, and keeps 2-3 MB more at 20 MB)."""
    global _MMAP_SET
    if _MMAP_SET or not sys.platform.startswith("linux"):
        return
    _MMAP_SET = True
    try:
        import ctypes

        libc = ctypes.CDLL(None)
        libc.mallopt(-3, 128 * 1024)  # M_MMAP_THRESHOLD: blocks and the text decoded from them
    except (OSError, AttributeError):
        pass


def _separated(pieces: list[bytes], separate: bool) -> list[bytes]:
    if separate and not (pieces and pieces[-1].endswith(b"\n")):
        pieces.append(b"\n")
    return pieces


def _whole(cleaner: Any, result: Any, where: str, doc: LargeText) -> list[bytes]:
    """The usual way: the document decoded whole."""
    from cleantext.io.decode import read_whole

    with doc.open() as f:
        text = read_whole(f, doc.source, doc.encoding, False)
    (cleaned,), _ = cleaner.document(result, where, [text])
    del text
    if cleaner.separate and not cleaned.endswith("\n"):
        cleaned += "\n"
    return [_encode(cleaned)]
