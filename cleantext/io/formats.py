"""The document formats, listed once in :data:`FORMATS`.

A format knows three things: how to cut an input into blocks of documents
(in the main process, as the input is read), how to clean a block (in a
worker: the same code under every executor, so the output is the same
bytes), and how to write the cleaned blocks. Adding a format is one class
here.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from cleantext.errors import InputError
from cleantext.io.decode import line_blocks, read_whole

if TYPE_CHECKING:
    from cleantext.io.streams import Input, Opened, Output

__all__ = ["FORMATS", "Block", "BlockResult", "Format", "ReadOptions", "encode", "format_of_name"]


@dataclass(frozen=True)
class ReadOptions:
    encoding: str | None = None
    strict: bool = False
    block_bytes: int = 1 << 18
    fields: tuple[str, ...] = ("text",)


@dataclass
class Block:
    """Consecutive documents of one input, the unit a worker cleans."""

    input: int
    source: str
    #: Number of the block's first line (or row) in its input.
    line: int
    payload: Any
    #: About how many characters the block holds (to cut the work evenly).
    size: int = 0
    #: How many documents the block holds, when the reader knows it.
    documents: int | None = None
    format: str = "text"


@dataclass
class BlockResult:
    """What cleaning a block gives: the output and what to report."""

    out: Any = b""
    documents: int = 0
    #: (where, document number in the block, message): a document a pass
    #: failed on, passed through unchanged.
    failures: list[tuple[str, int, str]] = field(default_factory=list)
    #: (kind, where, message): things to warn about, capped and summarised.
    notes: list[tuple[str, str, str]] = field(default_factory=list)
    #: (where, document number in the block, report) under --explain.
    reports: list[tuple[str, int, str]] = field(default_factory=list)
    #: Removed text, one row each (document numbers relative to the block).
    rejects: list[dict[str, Any]] = field(default_factory=list)
    stats: Any = None
    #: An unreadable record under --on-error fail: the block stops there.
    error: str | None = None


def encode(text: str) -> bytes:
    """UTF-8; a lone surrogate (which UTF-8 cannot hold) as a visible escape."""
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", errors="backslashreplace")


class Writer:
    """Writes the cleaned blocks of one format to an :class:`Output`."""

    def __init__(self, output: Output) -> None:
        self.output = output

    def write(self, result: BlockResult, block: Block) -> None:
        if isinstance(result.out, list):  # a large document, in pieces
            for piece in result.out:
                self.output.write(piece)
        elif result.out:
            self.output.write(result.out)

    def close(self) -> None:
        """Finish the format's framing (the output itself is committed by the caller)."""


class Format:
    name: ClassVar[str]
    suffixes: ClassVar[tuple[str, ...]]
    #: True if documents are fields of records (--field applies).
    records: ClassVar[bool] = False
    help: ClassVar[str]

    def blocks(self, opened: Opened, inp: Input, index: int, options: ReadOptions) -> Iterator[Block]:
        raise NotImplementedError

    def clean(self, block: Block, cleaner: Any, result: BlockResult) -> None:
        raise NotImplementedError

    def writer(self, output: Output) -> Writer:
        return Writer(output)


class TextFormat(Format):
    name = "text"
    suffixes = (".txt", ".text", ".md")
    help = "each file is one document"

    def blocks(self, opened: Opened, inp: Input, index: int, options: ReadOptions) -> Iterator[Block]:
        from cleantext.blocks import LargeText, large_text

        # A very large document is read (and cleaned) in blocks of lines.
        data = large_text(opened, inp, options.encoding, options.strict, options.block_bytes)
        if isinstance(data, LargeText):
            yield Block(index, inp.name, 1, data, data.size, 1)
            return
        text = read_whole(io.BytesIO(data), inp.name, options.encoding, options.strict)
        del data
        yield Block(index, inp.name, 1, text, len(text), 1)

    def clean(self, block: Block, cleaner: Any, result: BlockResult) -> None:
        if not isinstance(block.payload, str):
            from cleantext.blocks import clean_large

            result.out = clean_large(cleaner, result, block.source, block.payload)
            return
        (cleaned,), _ = cleaner.document(result, block.source, [block.payload])
        if cleaner.separate and not cleaned.endswith("\n"):
            # Several documents to one output: never glued together.
            cleaned += "\n"
        result.out = encode(cleaned)


def _split_lines(text: str) -> list[str]:
    """Lines ending at LF, each with its ending (a lone CR stays inside)."""
    lines = text.split("\n")
    last = lines.pop()
    out = [line + "\n" for line in lines]
    if last:
        out.append(last)
    return out


class LinesFormat(Format):
    name = "lines"
    suffixes: ClassVar[tuple[str, ...]] = ()
    help = "each line is one document"

    def blocks(self, opened: Opened, inp: Input, index: int, options: ReadOptions) -> Iterator[Block]:
        empty = True
        for line, text in line_blocks(opened.stream, inp.name, options.encoding, options.strict, options.block_bytes):
            empty = False
            yield Block(index, inp.name, line, text, len(text))
        if empty:  # an empty input still makes an (empty) output
            yield Block(index, inp.name, 1, "", 0)

    def clean(self, block: Block, cleaner: Any, result: BlockResult) -> None:
        out: list[str] = []
        for n, line in enumerate(_split_lines(block.payload)):
            if line.endswith("\r\n"):
                body, ending = line[:-2], "\r\n"
            else:
                body, ending = line.removesuffix("\n"), "\n"
            (text,), _ = cleaner.document(result, f"{block.source}:{block.line + n}", [body])
            if "\n" in text:
                # A pass made a line break inside the document (a lone CR or
                # a Unicode line separator turned into LF): each document
                # stays one line, or documents out would not match documents in.
                text = text.replace("\r\n", " ").replace("\n", " ")
            out.append(text + ending)
        result.out = encode("".join(out))


class JsonlFormat(LinesFormat):
    name = "jsonl"
    suffixes = (".jsonl", ".ndjson", ".jsonlines")
    records = True
    help = "each line is a JSON object whose --field values are cleaned; everything else is kept as written"

    def clean(self, block: Block, cleaner: Any, result: BlockResult) -> None:
        from cleantext.io.jsonl import RecordProblem, parse_record

        out: list[str] = []
        try:
            for n, line in enumerate(_split_lines(block.payload)):
                if not line.strip():
                    continue
                where = f"{block.source}:{block.line + n}"
                try:
                    record = parse_record(line, cleaner.paths)
                    if cleaner.offsets_field is not None and cleaner.offsets_field in record.top:
                        raise RecordProblem(
                            f"the record already has a field {cleaner.offsets_field!r} (--offsets-field)"
                        )
                    for name in record.nulls:
                        cleaner.null(result, where, name)
                except RecordProblem as exc:
                    kept = cleaner.unreadable(result, where, str(exc))
                    if kept:
                        out.append(line if line.endswith("\n") else line + "\n")
                    continue
                if record.duplicate is not None:
                    result.notes.append(
                        ("duplicate", where, f"duplicate key {record.duplicate!r}; the last one counts")
                    )
                ident = record.value(cleaner.id_field) if cleaner.id_field else None
                cleaned, offsets = cleaner.document(result, where, record.values, ident, cleaner.source_of(record))
                extra = (cleaner.offsets_field, offsets) if offsets is not None else None
                out.append(record.splice(cleaned, extra))
        finally:
            result.out = encode("".join(out))


class CsvFormat(Format):
    name = "csv"
    suffixes = (".csv",)
    records = True
    help = "a CSV file with a header row; --field names the columns to clean"

    def blocks(self, opened: Opened, inp: Input, index: int, options: ReadOptions) -> Iterator[Block]:
        import csv

        def lines() -> Iterator[str]:
            for _, text in line_blocks(opened.stream, inp.name, options.encoding, options.strict, options.block_bytes):
                yield from _split_lines(text)

        reader = csv.reader(lines())
        try:
            header = next(reader, None)
            if header is None:
                return
            missing = [f for f in options.fields if f not in header]
            if missing:
                raise InputError(f"{inp.name}: no column {missing[0]!r}; columns: {', '.join(header)}")
            rows: list[list[str]] = []
            numbers: list[int] = []
            size = 0
            for row in reader:
                rows.append(row)
                numbers.append(reader.line_num)
                size += sum(map(len, row))
                if size >= options.block_bytes:
                    yield Block(index, inp.name, numbers[0], (header, rows, numbers), size, len(rows))
                    rows, numbers, size = [], [], 0
            if rows or not numbers:
                first = numbers[0] if numbers else reader.line_num
                yield Block(index, inp.name, first, (header, rows, numbers), size, len(rows))
        except csv.Error as exc:
            raise InputError(f"{inp.name}:{reader.line_num}: invalid CSV: {exc}") from None

    def clean(self, block: Block, cleaner: Any, result: BlockResult) -> None:
        import csv

        header, rows, numbers = block.payload
        columns = [header.index(f) for f in cleaner.fields]
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        try:
            for row, number in zip(rows, numbers, strict=True):
                where = f"{block.source}:{number}"
                if len(row) != len(header):
                    if cleaner.unreadable(result, where, f"{len(row)} cells, the header has {len(header)}"):
                        writer.writerow(row)
                    continue
                cleaned, _ = cleaner.document(result, where, [row[c] for c in columns])
                for c, text in zip(columns, cleaned, strict=True):
                    row[c] = text
                writer.writerow(row)
        finally:
            result.out = encode(buffer.getvalue())

    def writer(self, output: Output) -> Writer:
        return _CsvWriter(output)


class _CsvWriter(Writer):
    header: list[str] | None = None

    def write(self, result: BlockResult, block: Block) -> None:
        header = block.payload[0]
        if self.header is None:
            import csv

            buffer = io.StringIO()
            csv.writer(buffer, lineterminator="\n").writerow(header)
            self.output.write(encode(buffer.getvalue()))
            self.header = header
        elif header != self.header:
            raise InputError(f"{block.source}: its columns differ from the first CSV input's; use --output-dir")
        super().write(result, block)


def _pyarrow() -> Any:
    from cleantext.errors import require

    require("pyarrow", "parquet")
    import pyarrow as pa
    import pyarrow.parquet as pq

    return pa, pq


class ParquetFormat(Format):
    name = "parquet"
    suffixes = (".parquet", ".pq")
    records = True
    help = "a Parquet file; --field names the string columns to clean (needs the parquet extra)"

    def blocks(self, opened: Opened, inp: Input, index: int, options: ReadOptions) -> Iterator[Block]:
        _, pq = _pyarrow()
        source: Any = opened.stream
        if opened.stream is not opened.raw or not opened.stream.seekable():
            source = io.BytesIO(opened.stream.read())
        try:
            pf = pq.ParquetFile(source)
        except Exception as exc:
            raise InputError(f"{inp.name}: not a Parquet file ({exc})") from None
        names = pf.schema_arrow.names
        missing = [f for f in options.fields if f not in names]
        if missing:
            raise InputError(f"{inp.name}: no column {missing[0]!r}; columns: {', '.join(names)}")
        pa, _ = _pyarrow()
        for f in options.fields:
            kind = pf.schema_arrow.field(f).type
            if not (pa.types.is_string(kind) or pa.types.is_large_string(kind)):
                raise InputError(f"{inp.name}: column {f!r} holds {kind}, not strings")
        row = 1
        for batch in pf.iter_batches(batch_size=1024):
            size = sum(col.nbytes for col in batch.columns)
            yield Block(index, inp.name, row, batch, size, batch.num_rows)
            row += batch.num_rows
        if row == 1:  # no rows: the output still gets the schema
            yield Block(index, inp.name, 1, pa.RecordBatch.from_pylist([], schema=pf.schema_arrow), 0, 0)

    def clean(self, block: Block, cleaner: Any, result: BlockResult) -> None:
        from cleantext.io.jsonl import RecordProblem

        pa, _ = _pyarrow()
        batch = block.payload
        columns = [batch.schema.get_field_index(f) for f in cleaner.fields]
        values = [batch.column(c).to_pylist() for c in columns]
        keep = [True] * batch.num_rows
        done = 0
        try:
            for i in range(batch.num_rows):
                where = f"{block.source}:row {block.line + i}"
                texts: list[str] = []
                positions: list[int] = []
                try:
                    for k, column in enumerate(values):
                        if column[i] is None:
                            cleaner.null(result, where, cleaner.fields[k])
                        else:
                            texts.append(column[i])
                            positions.append(k)
                except RecordProblem as exc:
                    keep[i] = cleaner.unreadable(result, where, str(exc))
                    done = i + 1
                    continue
                cleaned, _ = cleaner.document(result, where, texts)
                for k, text in zip(positions, cleaned, strict=True):
                    values[k][i] = text
                done = i + 1
        finally:
            arrays = list(batch.columns)
            for c, column in zip(columns, values, strict=True):
                arrays[c] = pa.array(column, type=batch.schema.field(c).type)
            out = pa.RecordBatch.from_arrays(arrays, schema=batch.schema).slice(0, done)
            result.out = out.filter(pa.array(keep[:done], type=pa.bool_())) if not all(keep[:done]) else out

    def writer(self, output: Output) -> Writer:
        return _ParquetWriter(output)


class _ParquetWriter(Writer):
    parquet: Any = None

    def write(self, result: BlockResult, block: Block) -> None:
        _, pq = _pyarrow()
        if self.parquet is None:
            self.parquet = pq.ParquetWriter(self.output.stream, result.out.schema)
        elif result.out.schema != self.parquet.schema:
            raise InputError(f"{block.source}: its columns differ from the first Parquet input's; use --output-dir")
        self.parquet.write_batch(result.out)

    def close(self) -> None:
        if self.parquet is not None:
            self.parquet.close()


#: Every format, by name.
FORMATS: dict[str, Format] = {
    f.name: f for f in (TextFormat(), LinesFormat(), JsonlFormat(), CsvFormat(), ParquetFormat())
}


def format_of_name(name: str) -> str | None:
    """The format a file name's suffix (compression removed) names, or None."""
    lower = name.lower()
    return next((f.name for f in FORMATS.values() if lower.endswith(f.suffixes)), None)


def check_fields(fields: Sequence[str], fmt: str) -> str | None:
    """A problem with ``--field`` for this format, or None."""
    if not FORMATS[fmt].records:
        return f"only used with a record format (jsonl, csv, parquet), not {fmt}"
    return None
