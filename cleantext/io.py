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

__all__ = ["FORMATS", "Document", "Output", "decode", "read_documents", "render"]

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

    @property
    def where(self) -> str:
        return f"{self.source}:{self.line}" if self.line is not None else self.source


def sniff_bom(data: bytes) -> tuple[str | None, int]:
    """(encoding, BOM length) from a byte-order mark at the start of ``data``."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding, len(bom)
    return None, 0


def decode(data: bytes, source: str, encoding: str = "utf-8", *, offset: int = 0) -> str:
    """Decode ``data``; invalid bytes become U+FFFD and are reported once
    with the file and the byte offset of the first one."""
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        log.warning(
            "cleantext: %s: invalid %s at byte %d (%d bytes replaced by U+FFFD)",
            source,
            encoding,
            offset + exc.start,
            _count_invalid(data, encoding),
        )
        return data.decode(encoding, errors="replace")


def _count_invalid(data: bytes, encoding: str) -> int:
    count = 0

    def handler(exc: UnicodeError) -> tuple[str, int]:
        nonlocal count
        assert isinstance(exc, UnicodeDecodeError)
        count += exc.end - exc.start
        return "\ufffd", exc.end

    codecs.register_error("cleantext-count", handler)
    data.decode(encoding, errors="cleantext-count")
    return count


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
    paths: Iterable[str], fmt: Format = "text", *, field: str = "text", encoding: str | None = None
) -> Iterator[Document]:
    """Stream documents from ``paths`` (``-`` is stdin) in the given format."""
    index = 0
    for path in paths:
        handle = _open(path)
        try:
            if fmt == "text":
                docs: Iterator[Document] = _read_text(handle, _name(path), encoding)
            elif fmt == "lines":
                docs = _read_lines(handle, _name(path), encoding)
            else:
                docs = _read_jsonl(handle, _name(path), field, encoding)
            for doc in docs:
                doc.index = index
                index += 1
                yield doc
        finally:
            if handle is not sys.stdin.buffer:
                handle.close()


def _read_text(handle: IO[bytes], source: str, encoding: str | None) -> Iterator[Document]:
    data = handle.read()
    bom_encoding, skip = sniff_bom(data)
    yield Document(decode(data[skip:], source, encoding or bom_encoding or "utf-8", offset=skip), source)


def _line_decoder(handle: IO[bytes], source: str, encoding: str | None) -> Iterator[tuple[int, str]]:
    """(line number, line without ending) for each line of a byte stream."""
    first = handle.peek(4)[:4] if hasattr(handle, "peek") else b""
    bom_encoding, _ = sniff_bom(first)
    chosen = encoding or bom_encoding or "utf-8"
    if chosen.replace("_", "-").lower().startswith(("utf-16", "utf-32")):
        # Wide encodings cannot be split on b"\n": decode the stream as text.
        import io

        text_stream = io.TextIOWrapper(handle, encoding=chosen, errors="replace", newline="")
        for lineno, line in enumerate(text_stream, 1):
            if lineno == 1:
                line = line.removeprefix("\ufeff")
            yield lineno, line
        text_stream.detach()
        return
    offset = 0
    for lineno, raw in enumerate(handle, 1):
        start = 0
        if lineno == 1 and raw.startswith(codecs.BOM_UTF8):
            start = len(codecs.BOM_UTF8)
        yield lineno, decode(raw[start:], f"{source}:{lineno}", chosen, offset=offset + start)
        offset += len(raw)


def _split_ending(line: str) -> tuple[str, str]:
    if line.endswith("\r\n"):
        return line[:-2], "\r\n"
    if line.endswith(("\n", "\r")):
        return line[:-1], line[-1]
    return line, ""


def _read_lines(handle: IO[bytes], source: str, encoding: str | None) -> Iterator[Document]:
    for lineno, line in _line_decoder(handle, source, encoding):
        body, ending = _split_ending(line)
        yield Document(body, source, lineno, ending=ending or "\n")


def _read_jsonl(handle: IO[bytes], source: str, field: str, encoding: str | None) -> Iterator[Document]:
    for lineno, line in _line_decoder(handle, source, encoding):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{source}:{lineno}: invalid JSON: {exc.msg} (column {exc.colno})") from None
        if not isinstance(record, dict):
            raise InputError(f"{source}:{lineno}: expected a JSON object, got {type(record).__name__}")
        if field not in record:
            raise InputError(f"{source}:{lineno}: the record has no field {field!r} (see --field)")
        value = record[field]
        if not isinstance(value, str):
            raise InputError(f"{source}:{lineno}: field {field!r} is {type(value).__name__}, not a string")
        yield Document(value, source, lineno, record=record)


def render(doc: Document, text: str, fmt: Format, field: str = "text") -> str:
    """The output form of ``doc`` with its cleaned ``text``."""
    if fmt == "text":
        return text
    if fmt == "lines":
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
        for src in inputs:
            if src != "-" and Path(src).exists() and target.exists() and os.path.samefile(src, target):
                raise InputError(f"{path}: refusing to overwrite an input file; write to another file")
        folder = target.resolve().parent
        if not folder.is_dir():
            raise InputError(f"{path}: cannot write: folder {folder} does not exist")
        fd, self._tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
        self.stream = os.fdopen(fd, "wb")

    def write(self, text: str) -> None:
        try:
            data = text.encode("utf-8")
        except UnicodeEncodeError:
            # A lone surrogate cannot be UTF-8: write it as a visible escape.
            data = text.encode("utf-8", errors="backslashreplace")
        self.stream.write(data)

    def commit(self) -> None:
        self.stream.flush()
        if self._tmp is not None and self.path is not None:
            self.stream.close()
            os.replace(self._tmp, self.path)
            self._tmp = None

    def abort(self) -> None:
        if self._tmp is not None:
            self.stream.close()
            try:
                os.unlink(self._tmp)
            except OSError:
                pass
            self._tmp = None
