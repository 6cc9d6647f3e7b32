"""Line profiles of a corpus: how many documents of each source contain each line.

A line that recurs across many documents of one source (a site's menu, its
footer, its share buttons) is boilerplate of that source. A profile records,
per source, the number of documents and, for each line that occurs in more
than one of them, the number of documents it occurs in. The
``strip-repeated-lines`` pass reads it to decide which lines to remove.

Lines are not stored, only a 64-bit hash of each (BLAKE2b of the line with
its white space collapsed, its case folded and its accents composed), and
each line counts once per document. Exact duplicate documents of a source
count once.

>>> builder = ProfileBuilder()
>>> for page in ["Home | News\\nStory one.\\n", "Home | News\\nStory two.\\n", "Home | News\\nStory three.\\n"]:
...     builder.add(page, "example.com")
>>> profile = builder.profile()
>>> profile.documents("example.com"), profile.count("example.com", "  home |  NEWS ")
(3, 3)
>>> profile.count("example.com", "Story one.")  # in one document: not kept
0

Memory while learning is bounded: at most ``max_hashes`` line hashes are held
(about 100 bytes each in CPython, so 100 MB for the default million, twice
that for a moment while thinning), plus one hash per distinct document
(about 60 bytes). When a corpus has more distinct lines than that,
the builder keeps only the lines whose hash falls in the lower half of the
hash space (then a quarter, and so on): the lines it keeps are counted
exactly, the others are never removed. Which lines are kept depends only on
the corpus, not on the order of its documents nor on how it was split into
parts that were learned apart and merged (:meth:`ProfileBuilder.merge`).

Learning a profile from files and cleaning a corpus with it are in
:mod:`cleantext.profile`, which also gives every name of this module.
"""

from __future__ import annotations

import gzip
import json
import logging
import os
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from hashlib import blake2b
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from cleantext.errors import ConfigError
from cleantext.text import bare_lines

__all__ = [
    "ALL",
    "DEFAULT_MAX_HASHES",
    "MAX_PROFILE_BYTES",
    "Profile",
    "ProfileBuilder",
    "SourceProfile",
    "document_hashes",
    "learn_profile",
    "line_hash",
    "normalize_line",
    "record_source",
    "source_key",
]

log = logging.getLogger("cleantext")

#: The source key when one profile covers all input.
ALL = ""
#: Line hashes held while learning, at most (about 100 MB in CPython).
DEFAULT_MAX_HASHES = 1_000_000
#: A profile file larger than this is refused when loaded.
MAX_PROFILE_BYTES = 256 * 1024 * 1024

FORMAT = "cleantext-line-profile"
VERSION = 1
_HASH = "blake2b-64 of the line, white space collapsed, case folded, NFC"
_FULL = 64
_REPEAT = 1 << 32
_COUNT = _REPEAT - 1


def normalize_line(line: str) -> str:
    """The form of a line that is counted: white space collapsed, case
    folded, composed (NFC), so the same line typed two ways counts as one.

    >>> normalize_line("  Share   this\\tSTORY ")
    'share this story'
    >>> normalize_line("Cafe\\u0301") == normalize_line("CAFÉ")
    True
    """
    key = " ".join(line.split()).casefold()
    return key if key.isascii() else unicodedata.normalize("NFC", key)


def line_hash(line: str) -> int | None:
    """The 64-bit hash of a line's normal form; None for a blank line.

    >>> line_hash("Share this") == line_hash(" share  THIS")
    True
    >>> line_hash("   ") is None
    True
    """
    key = normalize_line(line)
    if not key:
        return None
    data = key.encode("utf-8", "surrogatepass")
    return int.from_bytes(blake2b(data, digest_size=8).digest(), "big")


def document_hashes(text: str) -> dict[int, int]:
    """The line hashes of a document, each with the number of its lines that have it."""
    hashes: dict[int, int] = {}
    for line in bare_lines(text):
        h = line_hash(line)
        if h is not None:
            hashes[h] = hashes.get(h, 0) + 1
    return hashes


def _document_hash(text: str) -> int:
    """The hash of a whole document, its lines normalised (to spot exact duplicates)."""
    digest = blake2b(digest_size=8)
    for line in bare_lines(text):
        key = normalize_line(line)
        if key:
            digest.update(key.encode("utf-8", "surrogatepass"))
            digest.update(b"\n")
    return int.from_bytes(digest.digest(), "big")


def source_key(value: Any, *, url: bool = False) -> str | None:
    """The source of a record from its field's value: the host name of a URL
    (``url=True``), else the value itself, stripped and lower-cased; None when
    there is none (the document then has no source and is not profiled).

    >>> source_key("https://News.Example.com:8080/a/b?c", url=True)
    'news.example.com'
    >>> source_key(" Example.org ")
    'example.org'
    >>> source_key("not a url", url=True) is None
    True
    """
    if not isinstance(value, str):
        return None
    if url:
        try:
            host = urlsplit(value.strip()).hostname
        except ValueError:
            return None
        return host or None
    key = value.strip().lower()
    return key or None


@dataclass(frozen=True)
class SourceProfile:
    """The profile of one source: its documents and its repeated lines."""

    documents: int
    #: line hash -> number of documents it occurs in (only lines in two or more).
    lines: Mapping[int, int] = field(default_factory=dict)
    #: line hash -> number of those documents that have the line more than
    #: once (only where not 0): a headline in its own page and in the site's
    #: list of recent posts stands out against a menu that is once per page.
    repeats: Mapping[int, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Profile:
    """Per source, the number of documents and the count of each repeated line.

    Built by :class:`ProfileBuilder` (or :func:`learn_profile`), saved with
    :meth:`save` and read back with :meth:`load`.
    """

    sources: Mapping[str, SourceProfile]
    #: Only lines whose hash has this many leading zero bits were counted
    #: (0: every line); see the module's note on memory.
    sample_bits: int = 0
    #: Where the source of a record was read from ("url", "domain", ...), or
    #: None for one profile over all input: recorded so a later run can check it.
    source_field: str | None = None

    def documents(self, source: str = ALL) -> int:
        """The number of distinct documents learned for ``source``."""
        table = self.sources.get(source)
        return table.documents if table else 0

    def count(self, source: str, line: str) -> int:
        """The number of documents of ``source`` that contain ``line`` (0 for
        a line in fewer than two documents, or one not counted)."""
        table = self.sources.get(source)
        h = line_hash(line)
        if table is None or h is None:
            return 0
        return table.lines.get(h, 0)

    def __len__(self) -> int:
        """The number of line counts held, over all sources."""
        return sum(len(t.lines) for t in self.sources.values())

    def summary(self) -> str:
        """One line about the profile, for logs.

        >>> learn_profile([("a.example", "Menu\\nOne\\n"), ("a.example", "Menu\\nTwo\\n")]).summary()
        'line profile: 1 source, 2 documents, 1 repeated line'
        """
        documents = sum(t.documents for t in self.sources.values())
        parts = [
            _plural(len(self.sources), "source"),
            _plural(documents, "document"),
            _plural(len(self), "repeated line"),
        ]
        text = "line profile: " + ", ".join(parts)
        if self.sample_bits:
            text += f" (1/{2**self.sample_bits} of the distinct lines counted)"
        return text

    def to_json(self) -> dict[str, Any]:
        """The profile as a JSON-ready object (hashes as 16 hex digits)."""
        return {
            "format": FORMAT,
            "version": VERSION,
            "hash": _HASH,
            "sample_bits": self.sample_bits,
            "source_field": self.source_field,
            "sources": {
                name: {
                    "documents": table.documents,
                    "lines": {f"{h:016x}": n for h, n in sorted(table.lines.items())},
                    "repeats": {f"{h:016x}": n for h, n in sorted(table.repeats.items())},
                }
                for name, table in sorted(self.sources.items())
            },
        }

    @classmethod
    def from_json(cls, data: Any, where: str = "profile") -> Profile:
        """Read the object :meth:`to_json` made; anything else is a
        :class:`ConfigError` naming ``where``."""
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ConfigError(f'{where}: not a cleantext line profile (no "format": {FORMAT!r})')
        if data.get("version") != VERSION:
            raise ConfigError(f"{where}: profile version {data.get('version')!r}, this cleantext reads {VERSION}")
        try:
            bits = data["sample_bits"]
            if not isinstance(bits, int) or not 0 <= bits < _FULL:
                raise ValueError(f"sample_bits {bits!r}")
            source_field = data.get("source_field")
            if source_field is not None and not isinstance(source_field, str):
                raise ValueError(f"source_field {source_field!r}")
            sources: dict[str, SourceProfile] = {}
            for name, table in data["sources"].items():
                documents = table["documents"]
                if not isinstance(documents, int) or documents < 0:
                    raise ValueError(f"source {name!r}: documents {documents!r}")
                lines: dict[int, int] = {}
                for key, n in table["lines"].items():
                    if len(key) != 16 or not isinstance(n, int) or not 2 <= n <= documents:
                        raise ValueError(f"source {name!r}: line {key!r}: {n!r}")
                    lines[int(key, 16)] = n
                repeats: dict[int, int] = {}
                for key, n in table["repeats"].items():
                    h = int(key, 16)
                    if h not in lines or not isinstance(n, int) or not 1 <= n <= lines[h]:
                        raise ValueError(f"source {name!r}: repeats of line {key!r}: {n!r}")
                    repeats[h] = n
                sources[name] = SourceProfile(documents, lines, repeats)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            detail = f"missing {exc}" if isinstance(exc, KeyError) else str(exc)
            raise ConfigError(f"{where}: malformed profile: {detail}") from None
        return cls(sources, bits, source_field)

    def save(self, path: str | os.PathLike[str]) -> None:
        """Write the profile as JSON (gzip-compressed when ``path`` ends in ``.gz``)."""
        data = json.dumps(self.to_json(), separators=(",", ":"), sort_keys=False).encode("utf-8")
        if str(path).endswith(".gz"):
            data = gzip.compress(data, mtime=0)
        tmp = Path(f"{path}.tmp")
        try:
            tmp.write_bytes(data)
            tmp.replace(path)
        finally:
            tmp.unlink(missing_ok=True)

    @classmethod
    def load(cls, path: str | os.PathLike[str], *, max_bytes: int = MAX_PROFILE_BYTES) -> Profile:
        """Read a profile file; a missing, oversized or malformed file is a
        :class:`ConfigError` naming it."""
        where = os.fspath(path)
        try:
            size = os.path.getsize(path)
            if size > max_bytes:
                raise ConfigError(f"{where}: profile is {size:,} bytes, over the limit of {max_bytes:,} bytes")
            raw = Path(path).read_bytes()
            if raw[:2] == b"\x1f\x8b":
                raw = _gunzip(raw, max_bytes, where)
            data = json.loads(raw)
        except OSError as exc:
            raise ConfigError(f"{where}: cannot read the profile: {exc.strerror or exc}") from None
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ConfigError(f"{where}: the profile is not valid JSON: {exc}") from None
        return cls.from_json(data, where)


def _plural(n: int, noun: str) -> str:
    return f"{n:,} {noun}" if n == 1 else f"{n:,} {noun}s"


def _gunzip(raw: bytes, max_bytes: int, where: str) -> bytes:
    import zlib

    decompressor = zlib.decompressobj(wbits=31)
    try:
        out = decompressor.decompress(raw, max_bytes + 1)
    except zlib.error as exc:
        raise ConfigError(f"{where}: the profile is not valid gzip: {exc}") from None
    if len(out) > max_bytes:
        raise ConfigError(f"{where}: profile unpacks to over the limit of {max_bytes:,} bytes")
    return out


class ProfileBuilder:
    """Counts the lines of documents, per source, in bounded memory.

    Feed it with :meth:`add` (or :meth:`update`), combine builders that
    learned parts of a corpus with :meth:`merge`, and take the
    :meth:`profile`. The result does not depend on the order of the
    documents nor on how they were split between builders.
    """

    def __init__(self, *, max_hashes: int = DEFAULT_MAX_HASHES) -> None:
        if max_hashes < 1:
            raise ConfigError(f"max_hashes must be at least 1, got {max_hashes}")
        self.max_hashes = max_hashes
        self.sample_bits = 0
        # line hash -> documents with the line + (documents with it twice or more << 32)
        self._counts: dict[str, dict[int, int]] = {}
        self._documents: dict[str, set[int]] = {}
        self._size = 0

    def _kept(self, h: int) -> bool:
        return self.sample_bits == 0 or h >> (_FULL - self.sample_bits) == 0

    def add(self, text: str, source: str = ALL) -> None:
        """Count the lines of one document of ``source`` (an exact duplicate
        of a document already counted for that source is skipped)."""
        docs = self._documents.setdefault(source, set())
        key = _document_hash(text)
        if key in docs:
            return
        docs.add(key)
        counts = self._counts.setdefault(source, {})
        for h, times in document_hashes(text).items():
            if self._kept(h):
                step = 1 if times == 1 else 1 + _REPEAT
                n = counts.get(h)
                if n is None:
                    counts[h] = step
                    self._size += 1
                else:
                    counts[h] = n + step
        self._shrink()

    def update(self, pairs: Iterable[tuple[str | None, str]]) -> ProfileBuilder:
        """Count ``(source, text)`` pairs; a pair whose source is None is skipped."""
        for source, text in pairs:
            if source is not None:
                self.add(text, source)
        return self

    def _shrink(self) -> None:
        if self._size <= self.max_hashes:
            return
        while self._size > self.max_hashes and self.sample_bits < _FULL - 1:
            self.sample_bits += 1
            self._thin()
        log.warning(
            "cleantext: line profile: more than %s distinct lines; counting the 1/%s of them in a fixed part"
            " of the hash space, the others are never removed (raise max_hashes to count more)",
            f"{self.max_hashes:,}",
            2**self.sample_bits,
        )

    def _thin(self) -> None:
        """Drop the hashes outside the sampled part of the hash space."""
        shift = _FULL - self.sample_bits
        size = 0
        for source, counts in self._counts.items():
            if self.sample_bits:
                counts = {h: n for h, n in counts.items() if h >> shift == 0}
                self._counts[source] = counts
            size += len(counts)
        self._size = size

    def merge(self, other: ProfileBuilder) -> ProfileBuilder:
        """Add the counts of ``other`` (learned on other documents) to these.

        A document learned by both builders counts once among the documents
        of its source, but its lines count twice: give each builder its own
        documents (a partition of the corpus).
        """
        if other.sample_bits > self.sample_bits:
            self.sample_bits = other.sample_bits
            self._thin()
        # The size is kept up to date as counts are added, so merging many
        # small builders (one per block of a corpus) costs their size only.
        for source, docs in other._documents.items():
            self._documents.setdefault(source, set()).update(docs)
            counts = self._counts.setdefault(source, {})
            for h, n in other._counts.get(source, {}).items():
                if self._kept(h):
                    old = counts.get(h)
                    if old is None:
                        counts[h] = n
                        self._size += 1
                    else:
                        counts[h] = old + n
        self._shrink()
        return self

    def profile(self, *, source_field: str | None = None) -> Profile:
        """The profile: per source, its documents and the lines in two or more of them."""
        sources = {}
        for source, docs in self._documents.items():
            counts = self._counts.get(source, {})
            lines = {h: n & _COUNT for h, n in counts.items() if n & _COUNT >= 2}
            repeats = {h: n >> 32 for h, n in counts.items() if n >> 32 and h in lines}
            sources[source] = SourceProfile(len(docs), lines, repeats)
        return Profile(sources, self.sample_bits, source_field)


def learn_profile(
    pairs: Iterable[tuple[str | None, str]],
    *,
    max_hashes: int = DEFAULT_MAX_HASHES,
    source_field: str | None = None,
) -> Profile:
    """The profile of ``(source, text)`` pairs (use :data:`ALL` as the source
    for one profile over all of them; a None source is skipped).

    >>> pages = [("a.example", "Menu\\nText %d\\n" % i) for i in range(4)] + [("b.example", "Menu\\nOther\\n")]
    >>> profile = learn_profile(pages)
    >>> profile.count("a.example", "Menu"), profile.count("b.example", "Menu")
    (4, 0)
    """
    return ProfileBuilder(max_hashes=max_hashes).update(pairs).profile(source_field=source_field)


def record_source(record: Mapping[str, Any], source_field: str | None) -> str | None:
    """The source of a JSONL record from its ``source_field`` (a dotted path
    for nested fields): the host name of a URL (a value with ``://``, or any
    value of a field named ``url`` or ``..._url``), else the value itself,
    lower-cased; :data:`ALL` when ``source_field`` is None; None when the
    record has no such value.

    >>> record_source({"link": "https://www.example.com/2024/story"}, "link")
    'www.example.com'
    >>> record_source({"site": "Example.com"}, "site"), record_source({"site": None}, "site")
    ('example.com', None)
    """
    if source_field is None:
        return ALL
    value: Any = record
    for part in source_field.split("."):
        if not isinstance(value, Mapping) or part not in value:
            return None
        value = value[part]
    url = _is_url_field(source_field) or (isinstance(value, str) and "://" in value)
    return source_key(value, url=url)


def _is_url_field(name: str) -> bool:
    last = name.rsplit(".", 1)[-1].lower()
    return last == "url" or last.endswith("_url")
