"""Byte streams in and out: compression, URLs, directories and globs, and
an output that is replaced atomically when it is a regular file.

The compressions are listed once, in :data:`COMPRESSIONS`: their file name
suffix, their magic bytes (to recognise them on stdin), and how to read and
write them.
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from cleantext.errors import InputError

__all__ = [
    "COMPRESSIONS",
    "Compression",
    "Input",
    "Output",
    "OutputError",
    "compression_of",
    "expand_inputs",
    "is_url",
    "open_input",
    "strip_compression",
]


class OutputError(Exception):
    """Writing an output failed (a full disk, say); the message is one line."""


def _zstd() -> Any:
    from cleantext.errors import require

    return require("zstandard", "zstd")


@dataclass(frozen=True)
class Compression:
    name: str
    suffix: str
    magic: bytes
    reader: Callable[[IO[bytes]], IO[bytes]]
    writer: Callable[[IO[bytes]], IO[bytes]]


def _gzip_reader(raw: IO[bytes]) -> IO[bytes]:
    import gzip

    return gzip.GzipFile(fileobj=raw, mode="rb")  # type: ignore[return-value]


def _gzip_writer(raw: IO[bytes]) -> IO[bytes]:
    import gzip

    return gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=6, mtime=0)  # type: ignore[return-value]


def _bz2_reader(raw: IO[bytes]) -> IO[bytes]:
    import bz2

    return bz2.BZ2File(raw, "rb")


def _bz2_writer(raw: IO[bytes]) -> IO[bytes]:
    import bz2

    return bz2.BZ2File(raw, "wb")


def _xz_reader(raw: IO[bytes]) -> IO[bytes]:
    import lzma

    return lzma.LZMAFile(raw, "rb")


def _xz_writer(raw: IO[bytes]) -> IO[bytes]:
    import lzma

    return lzma.LZMAFile(raw, "wb")


def _zstd_reader(raw: IO[bytes]) -> IO[bytes]:
    import io

    return io.BufferedReader(_ZstdFrames(raw), 1 << 16)  # type: ignore[type-var]


class _ZstdFrames:
    """Decompress zstd frames one after another; a stream cut inside a frame
    is an error (zstandard's own reader just stops there, losing the end)."""

    def __init__(self, raw: IO[bytes]) -> None:
        self.raw = raw
        self.zstd = _zstd()
        self.dobj: Any = None
        self.pending = b""
        self.at = 0
        self.closed = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while not self.pending:
            chunk = self.raw.read(1 << 16)
            if not chunk:
                if self.dobj is not None and not self.dobj.eof:
                    raise self.zstd.ZstdError("the stream ends inside a frame")
                return 0
            while chunk:
                if self.dobj is None or self.dobj.eof:
                    self.dobj = self.zstd.ZstdDecompressor().decompressobj()
                self.pending += self.dobj.decompress(chunk)
                chunk = self.dobj.unused_data if self.dobj.eof else b""
        n = min(len(buffer), len(self.pending) - self.at)
        buffer[:n] = memoryview(self.pending)[self.at : self.at + n]
        self.at += n
        if self.at == len(self.pending):
            self.pending, self.at = b"", 0
        return n

    def close(self) -> None:
        self.closed = True

    def flush(self) -> None:
        pass


def _zstd_writer(raw: IO[bytes]) -> IO[bytes]:
    writer: IO[bytes] = _zstd().ZstdCompressor(level=3).stream_writer(raw, closefd=False)
    return writer


#: Every compression, by name.
COMPRESSIONS: dict[str, Compression] = {
    c.name: c
    for c in (
        Compression("gzip", ".gz", b"\x1f\x8b", _gzip_reader, _gzip_writer),
        Compression("bz2", ".bz2", b"BZh", _bz2_reader, _bz2_writer),
        Compression("xz", ".xz", b"\xfd7zXZ\x00", _xz_reader, _xz_writer),
        Compression("zstd", ".zst", b"\x28\xb5\x2f\xfd", _zstd_reader, _zstd_writer),
    )
}


def compression_of(name: str) -> str | None:
    """The compression a file name's suffix names, or None."""
    lower = name.lower()
    return next((c.name for c in COMPRESSIONS.values() if lower.endswith(c.suffix)), None)


def strip_compression(name: str) -> str:
    """``crawl.jsonl.gz`` -> ``crawl.jsonl``."""
    compression = compression_of(name)
    return name[: -len(COMPRESSIONS[compression].suffix)] if compression else name


def sniff_compression(head: bytes) -> str | None:
    """The compression whose magic bytes ``head`` starts with, or None.

    bzip2's three letters could start a text, so for it the block header
    that follows them must be there too.

    >>> sniff_compression(b"BZh91AY&SY"), sniff_compression(b"BZh is a word")
    ('bz2', None)
    """
    name = next((c.name for c in COMPRESSIONS.values() if head.startswith(c.magic)), None)
    if name == "bz2" and not (head[3:4].isdigit() and head[4:10] in (b"1AY&SY", b"\x17rE8P\x90")):
        return None
    return name


def is_url(path: str) -> bool:
    return "://" in path and not path.startswith("file://")


@dataclass(frozen=True)
class Input:
    """One input: a file, a URL or stdin (``-``), and its format."""

    path: str
    format: str
    #: The name under --output-dir (the path below the directory given).
    relative: str
    size: int | None = None

    @property
    def name(self) -> str:
        return "<stdin>" if self.path == "-" else self.path

    @property
    def compression(self) -> str | None:
        return None if self.path == "-" else compression_of(self.path)


def _fsspec() -> Any:
    from cleantext.errors import require

    return require("fsspec", "fsspec")


def expand_inputs(paths: Sequence[str], fmt: str | None, format_of: Callable[[str], str | None]) -> list[Input]:
    """The inputs the arguments name: ``-`` for stdin, files, directories
    (every file below, sorted, hidden ones left out), globs and URLs.
    A missing file or a glob that matches nothing is an :class:`InputError`."""
    import glob

    inputs: list[Input] = []
    seen: set[str] = set()

    def add(path: str, relative: str, size: int | None) -> None:
        if path in seen:
            return
        seen.add(path)
        chosen = fmt or format_of(strip_compression(path)) or "text"
        inputs.append(Input(path, chosen, relative, size))

    for arg in paths or ["-"]:
        if arg == "-":
            add("-", "stdin", None)
        elif is_url(arg):
            fs, _, found = _fsspec().core.get_fs_token_paths(arg)
            protocol = arg.split("://", 1)[0]
            if not found:
                raise InputError(f"{arg}: no such file")
            for p in sorted(found):
                url = p if "://" in p else f"{protocol}://{p}"
                info = fs.info(p)
                if info.get("type") == "directory":
                    raise InputError(f"{arg}: a directory URL; name its files or a glob")
                add(url, Path(p).name, info.get("size"))
        elif os.path.isdir(arg):
            found_any = False
            for root, dirs, files in os.walk(arg):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for f in sorted(files):
                    if f.startswith("."):
                        continue
                    full = os.path.join(root, f)
                    found_any = True
                    add(full, os.path.relpath(full, arg), os.path.getsize(full))
            if not found_any:
                raise InputError(f"{arg}: no files in this folder")
        elif glob.has_magic(arg) and not os.path.exists(arg):
            matches = sorted(m for m in glob.glob(arg, recursive=True) if os.path.isfile(m))
            if not matches:
                raise InputError(f"{arg}: no files match")
            for m in matches:
                add(m, os.path.basename(m), os.path.getsize(m))
        else:
            try:
                st = os.stat(arg)
            except OSError as exc:
                raise InputError(f"{arg}: cannot open: {exc.strerror or exc}") from None
            add(arg, os.path.basename(arg), st.st_size if stat.S_ISREG(st.st_mode) else None)
    return inputs


class Opened:
    """An input opened for reading: ``stream`` gives the decompressed bytes,
    ``consumed()`` the bytes read so far from the file itself (compressed)."""

    def __init__(self, raw: IO[bytes], stream: IO[bytes], owned: bool, compression: str | None = None) -> None:
        self.raw, self.stream, self.owned = raw, stream, owned
        self.compression = compression
        self._start = self._tell()

    def _tell(self) -> int:
        try:
            return self.raw.tell()
        except (OSError, ValueError, AttributeError):
            return 0

    def consumed(self) -> int:
        return max(0, self._tell() - self._start)

    def close(self) -> None:
        if self.stream is not self.raw:
            self.stream.close()
        if self.owned:
            self.raw.close()


def open_input(inp: Input) -> Opened:
    """Open an input; its compression comes from the suffix, or for stdin
    from the magic bytes it starts with."""
    if inp.path == "-":
        raw: IO[bytes] = sys.stdin.buffer
        peek = getattr(raw, "peek", None)
        head = peek(10)[:10] if peek is not None else b""
        compression = sniff_compression(head)
        owned = False
    else:
        try:
            if is_url(inp.path):
                raw = _fsspec().open(inp.path, "rb").open()
            else:
                raw = open(inp.path, "rb")
        except OSError as exc:
            raise InputError(f"{inp.name}: cannot open: {exc.strerror or exc}") from None
        compression = inp.compression
        owned = True
    if compression is None:
        return Opened(raw, raw, owned)
    try:
        stream = COMPRESSIONS[compression].reader(raw)
    except BaseException:
        if owned:
            raw.close()
        raise
    return Opened(raw, stream, owned, compression)


def read_errors() -> tuple[type[BaseException], ...]:
    """The exceptions a (decompressing) read raises on a bad or cut file."""
    import lzma
    import zlib

    errors: list[type[BaseException]] = [OSError, EOFError, lzma.LZMAError, zlib.error]
    if "zstandard" in sys.modules:
        errors.append(sys.modules["zstandard"].ZstdError)
    return tuple(errors)


def same_file(a: str, b: str) -> bool:
    """True if paths ``a`` and ``b`` (``-``: stdin) are one file."""
    try:
        if a == "-" or b == "-":
            other = b if a == "-" else a
            if other == "-" or not os.path.exists(other):
                return False
            return os.path.samestat(os.fstat(sys.stdin.fileno()), os.stat(other))
        if os.path.exists(a) and os.path.exists(b):
            return os.path.samefile(a, b)
        return os.path.abspath(a) == os.path.abspath(b)
    except (OSError, ValueError, AttributeError):
        return False


def _is_special(path: Path) -> bool:
    """A FIFO, a device or a socket: written straight into, never replaced."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


class Output:
    """Where bytes go: stdout; a regular file, written to a temporary name
    and renamed into place only on :meth:`commit` (so a failed run leaves
    the old file); or a FIFO or device, written straight into. The file
    name's suffix picks the compression (``out.jsonl.zst``)."""

    def __init__(self, path: str | None, inputs: Iterable[str] = (), *, compress: bool = True) -> None:
        self.path = path if path != "-" else None
        self._tmp: str | None = None
        self._raw: IO[bytes]
        self._owned = False
        if self.path is None:
            self._raw = sys.stdout.buffer
            self.stream = self._raw
            return
        if is_url(self.path):
            raise InputError(f"{self.path}: cannot write to a URL; write a local file")
        target = Path(self.path)
        if target.exists():
            for src in inputs:
                if same_file(src, self.path):
                    raise InputError(f"{self.path}: refusing to overwrite an input file; write to another file")
        if _is_special(target):
            try:
                self._raw = open(target, "wb")
            except OSError as exc:
                raise InputError(f"{self.path}: cannot write: {exc.strerror or exc}") from None
        else:
            self._raw = self._temporary(target)
        self._owned = True
        compression = compression_of(self.path) if compress else None
        try:
            self.stream = COMPRESSIONS[compression].writer(self._raw) if compression else self._raw
        except BaseException:
            self.abort()
            raise

    def _temporary(self, target: Path) -> IO[bytes]:
        # Write beside the file a symbolic link points to, so the link stays.
        target = target.resolve()
        folder = target.parent
        if not folder.is_dir():
            raise InputError(f"{self.path}: cannot write: folder {folder} does not exist")
        if target.is_dir():
            raise InputError(f"{self.path}: cannot write: it is a folder")
        try:
            import tempfile

            fd, self._tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
        except OSError as exc:
            raise InputError(f"{self.path}: cannot write: {exc.strerror or exc}") from None
        self._target = target
        # The file gets the permissions it had, or those a new file would get.
        try:
            mode = target.stat().st_mode & 0o7777
        except OSError:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(self._tmp, mode)
        return os.fdopen(fd, "wb")

    def _failed(self, exc: OSError) -> OutputError:
        return OutputError(f"{self.path or '<stdout>'}: cannot write: {exc.strerror or exc}")

    def write(self, data: bytes) -> None:
        try:
            self.stream.write(data)
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise self._failed(exc) from None

    def commit(self) -> None:
        """Finish: flush, and put a regular file in place."""
        try:
            if self.stream is not self._raw:
                self.stream.close()
            self._raw.flush()
            if self._tmp is not None:
                os.fsync(self._raw.fileno())
                self._raw.close()
                os.replace(self._tmp, self._target)
                self._tmp = None
            elif self._owned:
                self._raw.close()
        except BrokenPipeError:
            raise
        except OSError as exc:
            self.abort()
            raise self._failed(exc) from None

    def abort(self) -> None:
        """Give up: a temporary file is removed, the target left as it was."""
        if self._owned:
            for stream in (self.stream, self._raw):
                try:
                    stream.close()
                except Exception:  # closing after a failure: the first error is the one reported
                    pass
        if self._tmp is not None:
            try:
                os.unlink(self._tmp)
            except OSError:
                pass
            self._tmp = None
