"""Documents in and out: plain text, one document per line, or JSONL.

Input is read as bytes and decoded here, so every format follows one
decoding policy: UTF-8 by default, a byte-order mark honoured and removed
(UTF-8, UTF-16 and UTF-32), invalid bytes replaced by U+FFFD and reported
with the file and byte offset.
"""

from __future__ import annotations

import codecs
import json
import logging
import os
import sys
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Literal

from cleantext.errors import InputError

__all__ = ["FORMATS", "ON_ERROR", "Document", "Output", "decode", "detect_encoding", "read_documents", "render"]

log = logging.getLogger("cleantext")

Format = Literal["text", "lines", "jsonl"]
FORMATS: tuple[Format, ...] = ("text", "lines", "jsonl")

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


@dataclass
class Document:
    """One document read from the input.

    ``text`` is what gets cleaned; ``record`` is the JSON object it came from
    (JSONL), whose other fields are written back untouched.
    """

    text: str
    source: str
    line: int | None = None
    record: dict[str, Any] | None = None
    ending: str = ""
    index: int = 0
    meta: dict[str, Any] = field(default_factory=dict)
    #: A record that could not be read (``--on-error``): what is wrong with it.
    problem: str | None = None
    #: The record's line as it was read, written back unchanged (``--on-error keep``).
    raw: str | None = None

    @property
    def where(self) -> str:
        return f"{self.source}:{self.line}" if self.line is not None else self.source


def sniff_bom(data: bytes) -> tuple[str | None, int]:
    """(encoding, BOM length) from a byte-order mark at the start of ``data``."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding, len(bom)
    return None, 0


#: How many bytes ``--encoding auto`` looks at, at the start of each input.
DETECT_BYTES = 1 << 16
_CHUNK = 1 << 16

OnError = Literal["fail", "skip", "keep"]
ON_ERROR: tuple[OnError, ...] = ("fail", "skip", "keep")


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
            line = self.whole.count(b"\n", 0, offset - self.base) + 1
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


def _open(path: str) -> IO[bytes]:
    if path == "-":
        return sys.stdin.buffer
    try:
        return open(path, "rb")
    except OSError as exc:
        raise InputError(f"{path}: cannot open: {exc.strerror or exc}") from None


def _name(path: str) -> str:
    return "<stdin>" if path == "-" else path


def read_documents(
    paths: Iterable[str],
    fmt: Format = "text",
    *,
    field: str = "text",
    encoding: str | None = None,
    strict: bool = False,
    on_error: OnError = "fail",
) -> Iterator[Document]:
    """Stream documents from ``paths`` (``-`` is stdin) in the given format.

    ``encoding`` None means UTF-8 or what a BOM says, ``"auto"`` detects it
    (:func:`detect_encoding`). ``strict`` stops at the first invalid byte.
    ``on_error`` says what happens to a JSONL record that cannot be read:
    ``fail`` raises :class:`InputError`, ``skip`` drops it, ``keep`` yields
    it with ``raw`` set, to be written back as it was.
    """
    index = 0
    for path in paths:
        handle = _open(path)
        try:
            if fmt == "text":
                docs: Iterator[Document] = _read_text(handle, _name(path), encoding, strict)
            elif fmt == "lines":
                docs = _read_lines(handle, _name(path), encoding, strict)
            else:
                docs = _read_jsonl(handle, _name(path), field, encoding, strict, on_error)
            for doc in docs:
                doc.index = index
                index += 1
                yield doc
        except OSError as exc:
            raise InputError(f"{_name(path)}: cannot read: {exc.strerror or exc}") from None
        finally:
            if handle is not sys.stdin.buffer:
                handle.close()


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


def _read_text(handle: IO[bytes], source: str, encoding: str | None, strict: bool) -> Iterator[Document]:
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
    yield Document(text, source)


def _ascii_compatible(encoding: str) -> bool:
    """True if the encoding writes ASCII, and so LF, as single bytes that
    never occur inside another character (UTF-8, cp1252, Latin-1, ...)."""
    try:
        return "a\n".encode(encoding) == b"a\n"
    except (UnicodeError, LookupError):
        return False


def _byte_chunks(handle: IO[bytes], first: bytes) -> Iterator[bytes]:
    if first:
        yield first
    while chunk := handle.read(_CHUNK):
        yield chunk


def _line_decoder(handle: IO[bytes], source: str, encoding: str | None, strict: bool) -> Iterator[tuple[int, str]]:
    """(line number, line with its ending) for each line of a byte stream.

    Lines end at LF (so also CRLF); a lone CR stays inside its line. The same
    decoding policy as whole documents: invalid bytes are replaced and
    reported once per input, or stop the run under ``strict``.
    """
    head = handle.read(DETECT_BYTES if encoding == "auto" else 4)
    chosen, skip = _choose_encoding(head, encoding, complete=len(head) < DETECT_BYTES)
    invalid = _Invalid(source, chosen, strict)
    chunks = _byte_chunks(handle, head[skip:])
    if _ascii_compatible(chosen):
        offset, lineno = skip, 0
        for raw in _split_bytes(chunks):
            lineno += 1
            yield lineno, invalid.decode(raw, offset, lineno)
            offset += len(raw)
    else:
        # Wide encodings (UTF-16, UTF-32) cannot be split on b"\n": decode
        # the stream incrementally and split the text.
        decoder = codecs.getincrementaldecoder(chosen)(errors="strict")
        lineno, offset, parts = 0, skip, []
        for chunk, final in _with_last(chunks):
            text = _decode_chunk(decoder, chunk, final, invalid, offset)
            offset += len(chunk)
            start = 0
            while (end := text.find("\n", start)) != -1:
                parts.append(text[start : end + 1])
                lineno += 1
                yield lineno, "".join(parts)
                parts.clear()
                start = end + 1
            if start < len(text):
                parts.append(text[start:])
        if parts:
            yield lineno + 1, "".join(parts)
    invalid.report()


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


def _split_bytes(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """Lines (ending at LF, ending kept) of a stream of byte chunks; a line
    longer than a chunk is put together once, in linear time."""
    parts: list[bytes] = []
    for chunk in chunks:
        start = 0
        while (end := chunk.find(b"\n", start)) != -1:
            piece = chunk[start : end + 1]
            if parts:
                parts.append(piece)
                piece = b"".join(parts)
                parts.clear()
            yield piece
            start = end + 1
        if start < len(chunk):
            parts.append(chunk[start:])
    if parts:
        yield b"".join(parts)


def _split_ending(line: str) -> tuple[str, str]:
    """(body, ending): LF or CRLF; a lone CR is part of the body."""
    if line.endswith("\r\n"):
        return line[:-2], "\r\n"
    if line.endswith("\n"):
        return line[:-1], "\n"
    return line, ""


def _read_lines(handle: IO[bytes], source: str, encoding: str | None, strict: bool) -> Iterator[Document]:
    for lineno, line in _line_decoder(handle, source, encoding, strict):
        body, ending = _split_ending(line)
        yield Document(body, source, lineno, ending=ending or "\n")


def _record_problem(line: str, field: str) -> tuple[str, Any]:
    """(problem, record): what is wrong with a JSONL line, or "" and the record."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return f"invalid JSON: {exc.msg.removesuffix(' at')} (column {exc.colno})", None
    except RecursionError:
        return "invalid JSON: nested too deeply", None
    if not isinstance(record, dict):
        return f"expected a JSON object, got {type(record).__name__}", None
    if field not in record:
        return f"the record has no field {field!r} (see --field)", None
    if not isinstance(record[field], str):
        return f"field {field!r} is {type(record[field]).__name__}, not a string", None
    return "", record


def _read_jsonl(
    handle: IO[bytes], source: str, field: str, encoding: str | None, strict: bool, on_error: OnError
) -> Iterator[Document]:
    for lineno, line in _line_decoder(handle, source, encoding, strict):
        if not line.strip():
            continue
        problem, record = _record_problem(line, field)
        if not problem:
            yield Document(record[field], source, lineno, record=record)
            continue
        where = f"{source}:{lineno}"
        if on_error == "fail":
            raise InputError(f"{where}: {problem} (--on-error skip or keep to go on)")
        log.warning("cleantext: %s: %s (%s)", where, problem, "dropped" if on_error == "skip" else "kept unchanged")
        doc = Document("", source, lineno, problem=problem)
        if on_error == "keep":
            doc.raw = line if line.endswith("\n") else line + "\n"
        yield doc


def render(doc: Document, text: str, fmt: Format, field: str = "text") -> str:
    """The output form of ``doc`` with its cleaned ``text``."""
    if doc.raw is not None:
        return doc.raw
    if doc.problem is not None:
        return ""
    if fmt == "text":
        return text
    if fmt == "lines":
        if "\n" in text:
            # A pass made a line break inside the document (a lone CR or a
            # Unicode line separator turned into LF): each document stays
            # one line, or documents out would not match documents in.
            text = text.replace("\r\n", " ").replace("\n", " ")
        return text + doc.ending
    assert doc.record is not None
    record = dict(doc.record)
    record[field] = text
    out = json.dumps(record, ensure_ascii=False)
    try:
        out.encode("utf-8")
    except UnicodeEncodeError:
        # Lone surrogates (from \ud800-style escapes) cannot be written as
        # UTF-8: escape them as the input did, so nothing is lost.
        out = json.dumps(record, ensure_ascii=True)
    return out + "\n"


def _same_file(src: str, target: Path) -> bool:
    """True if input ``src`` (``-``: whatever stdin is) is the file ``target``."""
    try:
        if src == "-":
            stat = os.fstat(sys.stdin.fileno())
            return os.path.samestat(stat, target.stat())
        return Path(src).exists() and os.path.samefile(src, target)
    except (OSError, ValueError, AttributeError):
        return False


class Output:
    """Where cleaned documents go: stdout, or a file written to a temporary
    name and renamed into place only when the run succeeds."""

    def __init__(self, path: str | None, inputs: Iterable[str] = ()) -> None:
        self.path = path
        self._tmp: str | None = None
        if path is None or path == "-":
            self.stream: IO[bytes] = sys.stdout.buffer
            return
        target = Path(path)
        if target.exists():
            for src in inputs:
                if _same_file(src, target):
                    raise InputError(f"{path}: refusing to overwrite an input file; write to another file")
        # Write beside the file a symbolic link points to, so the link stays.
        target = target.resolve()
        folder = target.parent
        if not folder.is_dir():
            raise InputError(f"{path}: cannot write: folder {folder} does not exist")
        if target.is_dir():
            raise InputError(f"{path}: cannot write: it is a folder")
        try:
            fd, self._tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
        except OSError as exc:
            raise InputError(f"{path}: cannot write: {exc.strerror or exc}") from None
        self._target = target
        # The file gets the permissions it had, or those a new file would get.
        try:
            mode = target.stat().st_mode & 0o7777
        except OSError:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(self._tmp, mode)
        self.stream = os.fdopen(fd, "wb")

    def write(self, text: str) -> None:
        # A huge document is encoded a slice at a time, so writing it does
        # not need a second copy of it in memory.
        step = 1 << 22
        for start in range(0, len(text), step):
            piece = text[start : start + step] if len(text) > step else text
            try:
                data = piece.encode("utf-8")
            except UnicodeEncodeError:
                # A lone surrogate cannot be UTF-8: write it as a visible escape.
                data = piece.encode("utf-8", errors="backslashreplace")
            self.stream.write(data)

    def commit(self) -> None:
        self.stream.flush()
        if self._tmp is not None and self.path is not None:
            os.fsync(self.stream.fileno())
            self.stream.close()
            os.replace(self._tmp, self._target)
            self._tmp = None

    def abort(self) -> None:
        if self._tmp is not None:
            self.stream.close()
            try:
                os.unlink(self._tmp)
            except OSError:
                pass
            self._tmp = None
