"""Decoding: one policy for every format.

Input is read as bytes and decoded here: UTF-8 by default, a byte-order
mark honoured and removed (UTF-8, UTF-16 and UTF-32), invalid bytes
replaced by U+FFFD and reported with the file, byte offset and line.
"""

from __future__ import annotations

import codecs
import logging
from collections.abc import Iterable, Iterator
from typing import IO, Any

from cleantext.errors import InputError

__all__ = ["DETECT_BYTES", "decode", "detect_encoding", "line_blocks", "read_whole", "sniff_bom"]

log = logging.getLogger("cleantext")

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def sniff_bom(data: bytes) -> tuple[str | None, int]:
    """(encoding, BOM length) from a byte-order mark at the start of ``data``."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding, len(bom)
    return None, 0


#: How many bytes ``--encoding auto`` looks at, at the start of each input.
DETECT_BYTES = 1 << 16
_CHUNK = 1 << 16


def detect_encoding(head: bytes, *, complete: bool = True) -> str:
    """The encoding ``--encoding auto`` picks for bytes starting with ``head``.

    A byte-order mark wins; then UTF-8 if ``head`` is valid UTF-8 (if
    ``head`` is not ``complete``, a character cut at its end does not count
    against it); else
    ftfy's guess among MacRoman (CR line breaks without LF) and Windows-1252
    read sloppily (which also decodes Latin-1 text exactly). ftfy's guesser
    was right on every cp1252 and Latin-1 news article and paragraph we
    measured, where charset-normalizer was not (see
    ``benchmarks/encoding_detection.py`` and the README).

    >>> detect_encoding("Café".encode("cp1252"))
    'sloppy-windows-1252'
    >>> detect_encoding("Café".encode("utf-8"))
    'utf-8'
    """
    bom_encoding, _ = sniff_bom(head)
    if bom_encoding is not None:
        return bom_encoding
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=complete)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    import ftfy  # registers the sloppy-windows-* codecs

    encoding = ftfy.guess_bytes(head)[1]
    return "sloppy-windows-1252" if encoding.startswith("utf") else encoding


class _Invalid:
    """Counts the invalid bytes of one input and applies the policy: replace
    them with U+FFFD and report once per input, or stop at the first."""

    def __init__(self, source: str, encoding: str, strict: bool) -> None:
        self.source, self.encoding, self.strict = source, encoding, strict
        self.count = 0
        self.first: tuple[int, int | None, bytes] | None = None
        #: The whole input (text format), to find the line of an offset.
        self.whole: bytes | None = None
        self.base = 0
        #: Lines before ``whole`` in the input.
        self.lines_before = 0

    def decode(self, data: bytes, offset: int = 0, line: int | None = None) -> str:
        """Decode ``data``, which starts at byte ``offset`` (line ``line``) of the input."""
        try:
            return data.decode(self.encoding)
        except UnicodeDecodeError as exc:
            self.seen(offset + exc.start, line, exc.object[exc.start : exc.end])
        text, count = _decode_counting(data, self.encoding)
        self.count += count
        return text

    def seen(self, offset: int, line: int | None, bad: bytes) -> None:
        if line is None and self.whole is not None:
            line = self.lines_before + self.whole.count(b"\n", 0, offset - self.base) + 1
        if self.first is None:
            self.first = (offset, line, bad)
        if self.strict:
            raise InputError(
                f"{self._where()}: {bad.hex(' ')} is not valid {self.encoding} (--strict); "
                "name the encoding with --encoding NAME or --encoding auto, or drop --strict "
                "to replace invalid bytes with U+FFFD"
            )

    def _where(self) -> str:
        assert self.first is not None
        offset, line, _ = self.first
        return f"{self.source}: invalid {self.encoding} at byte {offset}" + (f" (line {line})" if line else "")

    def report(self) -> None:
        if self.first is not None and self.count:
            plural = "s" if self.count != 1 else ""
            log.warning("cleantext: %s; %d byte%s replaced by U+FFFD", self._where(), self.count, plural)


_counter: list[int] = []


def _count_handler(exc: UnicodeError) -> tuple[str, int]:
    assert isinstance(exc, UnicodeDecodeError)
    _counter[-1] += exc.end - exc.start
    return "\ufffd", exc.end


codecs.register_error("cleantext-count", _count_handler)


def _decode_counting(data: bytes, encoding: str) -> tuple[str, int]:
    """``data`` decoded with U+FFFD for invalid bytes, and how many there were."""
    _counter.append(0)
    try:
        return data.decode(encoding, errors="cleantext-count"), _counter[-1]
    finally:
        _counter.pop()


def decode(data: bytes, source: str, encoding: str = "utf-8", *, offset: int = 0, strict: bool = False) -> str:
    """Decode ``data``; invalid bytes become U+FFFD and are reported once
    with the file and the byte offset of the first one (or, ``strict``, raise
    :class:`InputError` naming them)."""
    invalid = _Invalid(source, encoding, strict)
    text = invalid.decode(data, offset)
    invalid.report()
    return text


def _choose_encoding(head: bytes, encoding: str | None, *, complete: bool = True) -> tuple[str, int]:
    """(encoding, BOM bytes to skip) for an input starting with ``head``
    (the whole input if ``complete``)."""
    bom_encoding, skip = sniff_bom(head)
    if encoding == "auto":
        return (bom_encoding or detect_encoding(head, complete=complete)), skip
    if encoding is not None:
        name = codecs.lookup(encoding).name
        if name in ("utf-16", "utf-32"):
            # The byte order comes from the BOM; without one, little-endian
            # (what bytes.decode assumes here, and what Windows writes).
            if bom_encoding is not None and bom_encoding.startswith(name):
                return bom_encoding, skip
            return f"{name}-le", 0
        # A forced encoding keeps a BOM only if it is that encoding's own BOM.
        same = bom_encoding is not None and codecs.lookup(bom_encoding).name == name
        return encoding, skip if same else 0
    return bom_encoding or "utf-8", skip


def _ascii_compatible(encoding: str) -> bool:
    """True if the encoding writes ASCII, and so LF, as single bytes that
    never occur inside another character (UTF-8, cp1252, Latin-1, ...)."""
    try:
        return "a\n".encode(encoding) == b"a\n"
    except (UnicodeError, LookupError):
        return False


def _byte_chunks(handle: IO[bytes], first: bytes, size: int = _CHUNK) -> Iterator[bytes]:
    if first:
        yield first
    while chunk := handle.read(size):
        yield chunk


def _with_last(chunks: Iterator[bytes]) -> Iterator[tuple[bytes, bool]]:
    previous: bytes | None = None
    for chunk in chunks:
        if previous is not None:
            yield previous, False
        previous = chunk
    yield (previous or b""), True


def _decode_chunk(decoder: codecs.IncrementalDecoder, chunk: bytes, final: bool, invalid: _Invalid, offset: int) -> str:
    buffered = len(decoder.getstate()[0])
    state = decoder.getstate()
    try:
        return decoder.decode(chunk, final)
    except UnicodeDecodeError as exc:
        invalid.seen(offset - buffered + exc.start, None, exc.object[exc.start : exc.end])
    decoder.setstate(state)
    decoder.errors = "cleantext-count"
    _counter.append(0)
    try:
        return decoder.decode(chunk, final)
    finally:
        invalid.count += _counter.pop()
        decoder.errors = "strict"


def read_whole(handle: IO[bytes], source: str, encoding: str | None, strict: bool) -> str:
    """The whole input as one text, decoded by the policy above."""
    data = handle.read()
    chosen, skip = _choose_encoding(data, encoding)
    invalid = _Invalid(source, chosen, strict)
    if skip:
        data = data[skip:]
    if _ascii_compatible(chosen):
        invalid.whole, invalid.base = data, skip
    text = invalid.decode(data, skip)
    invalid.whole = None
    del data  # the bytes are not needed while the text is cleaned
    invalid.report()
    return text


def line_blocks(
    handle: IO[bytes], source: str, encoding: str | None, strict: bool, block_bytes: int = 1 << 18
) -> Iterator[tuple[int, str]]:
    """(number of the first line, text) for blocks of whole lines of about
    ``block_bytes``: lines end at LF (so also CRLF), a lone CR stays inside
    its line, and a line longer than a block is a block of its own.

    Each block is decoded at once; invalid bytes are replaced and reported
    once per input with their byte offset and line (or stop the run under
    ``strict``).
    """
    head = handle.read(DETECT_BYTES if encoding == "auto" else 4)
    chosen, skip = _choose_encoding(head, encoding, complete=len(head) < DETECT_BYTES)
    invalid = _Invalid(source, chosen, strict)
    chunks = _byte_chunks(handle, head[skip:], block_bytes)
    lineno = 1
    if _ascii_compatible(chosen):
        offset = skip
        for block in _whole_lines(chunks, b"\n"):
            invalid.whole, invalid.base, invalid.lines_before = block, offset, lineno - 1
            try:
                text = invalid.decode(block, offset)
            except InputError:
                # --strict: the lines before the bad one still count.
                assert invalid.first is not None
                cut = block.rfind(b"\n", 0, invalid.first[0] - offset) + 1
                if cut:
                    yield lineno, block[:cut].decode(chosen)
                raise
            yield lineno, text
            lineno += block.count(b"\n")
            offset += len(block)
        invalid.whole = None
    else:
        # Wide encodings (UTF-16, UTF-32) cannot be split on b"\n": decode
        # the stream incrementally and split the text.
        decoder = codecs.getincrementaldecoder(chosen)(errors="strict")

        def texts() -> Iterator[str]:
            offset = skip
            for chunk, final in _with_last(chunks):
                yield _decode_chunk(decoder, chunk, final, invalid, offset)
                offset += len(chunk)

        for text in _whole_lines(texts(), "\n"):
            yield lineno, text
            lineno += text.count("\n")
    invalid.report()


def _whole_lines(chunks: Iterable[Any], newline: Any) -> Iterator[Any]:
    """The chunks regrouped so that each ends at a line end (the last one
    may not); a line longer than a chunk is put together once."""
    carry: list[Any] = []
    for chunk in chunks:
        cut = chunk.rfind(newline) + 1
        if not cut:
            carry.append(chunk)
            continue
        if carry:
            carry.append(chunk[:cut])
            yield chunk[:0].join(carry)
            carry.clear()
        else:
            yield chunk[:cut] if cut < len(chunk) else chunk
        if cut < len(chunk):
            carry.append(chunk[cut:])
    if carry:
        rest = carry[0][:0].join(carry)
        if rest:
            yield rest
