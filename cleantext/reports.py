"""Report sinks: what a run says about the documents beside cleaning them.

:class:`Stats` counts documents, lines and characters per pass and per
reason (mergeable, so workers count and the main process adds up);
:class:`Rejects` writes every removed line as a JSON row; :class:`Warnings`
caps repeated warnings and summarises them. They consume the
:class:`~cleantext.explain.Change` records of :meth:`Pipeline.run`.

>>> from cleantext import Pipeline
>>> p = Pipeline(["normalize-whitespace"])
>>> stats = Stats()
>>> text = "a  b\\n"
>>> stats.add(text, p.run(text).text, p.run(text).changes)
>>> stats.documents, stats.changed, stats.per_pass["normalize-whitespace"].documents
(1, 1, 1)
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import IO, Any

__all__ = ["Counts", "Rejects", "Stats", "Warnings", "progress_bar", "reject_rows"]


@dataclass
class Counts:
    """Documents touched, changes, lines removed and characters removed or replaced."""

    documents: int = 0
    changes: int = 0
    lines: int = 0
    characters: int = 0

    def add(self, other: Counts) -> None:
        self.documents += other.documents
        self.changes += other.changes
        self.lines += other.lines
        self.characters += other.characters


def _utf8_size(text: str) -> int:
    return len(text.encode("utf-8", "surrogatepass"))


@dataclass
class Stats:
    """Counts of a run, per pass and per (pass, reason)."""

    documents: int = 0
    changed: int = 0
    bytes_in: int = 0
    bytes_out: int = 0
    per_pass: dict[str, Counts] = field(default_factory=dict)
    per_reason: dict[tuple[str, str], Counts] = field(default_factory=dict)
    #: Per (pass, reason code), for the changes whose pass gives a code.
    per_code: dict[tuple[str, str], Counts] = field(default_factory=dict)

    def add(self, before: str, after: str, changes: Sequence[Any]) -> None:
        """Count one document cleaned from ``before`` to ``after`` with ``changes``."""
        from cleantext.explain import reason_group

        self.documents += 1
        self.changed += before != after
        self.bytes_in += _utf8_size(before)
        self.bytes_out += _utf8_size(after)
        doc_pass: dict[str, Counts] = {}
        doc_reason: dict[tuple[str, str], Counts] = {}
        doc_code: dict[tuple[str, str], Counts] = {}
        for c in changes:
            removed = c.kind == "line-removed"
            chars = len(c.before)
            keys: list[tuple[Any, dict[Any, Counts]]] = [
                (c.pass_name, doc_pass),
                ((c.pass_name, reason_group(c)), doc_reason),
            ]
            if c.code:
                keys.append(((c.pass_name, c.code), doc_code))
            for key, table in keys:
                counts = table.setdefault(key, Counts(documents=1))
                counts.changes += 1
                counts.lines += removed
                counts.characters += chars
        for name, counts in doc_pass.items():
            self.per_pass.setdefault(name, Counts()).add(counts)
        for key, counts in doc_reason.items():
            self.per_reason.setdefault(key, Counts()).add(counts)
        for key, counts in doc_code.items():
            self.per_code.setdefault(key, Counts()).add(counts)

    def merge(self, other: Stats) -> None:
        self.documents += other.documents
        self.changed += other.changed
        self.bytes_in += other.bytes_in
        self.bytes_out += other.bytes_out
        for name, counts in other.per_pass.items():
            self.per_pass.setdefault(name, Counts()).add(counts)
        for key, counts in other.per_reason.items():
            self.per_reason.setdefault(key, Counts()).add(counts)
        for key, counts in other.per_code.items():
            self.per_code.setdefault(key, Counts()).add(counts)

    def text(self) -> str:
        """The summary for people (``--stats``)."""
        changes = sum(c.changes for c in self.per_pass.values())
        removed = (self.bytes_in - self.bytes_out) / self.bytes_in * 100 if self.bytes_in else 0.0
        lines = [
            f"cleantext: {self.documents:,} document{'s' * (self.documents != 1)}, {self.bytes_in:,} bytes in, "
            f"{self.bytes_out:,} out ({removed:.1f}% removed), {changes:,} changes\n"
        ]
        width = max((len(f"{p}: {r}") for p, r in self.per_reason), default=0)
        for name, total in sorted(self.per_pass.items(), key=lambda kv: (-kv[1].changes, kv[0])):
            lines.append(f"  {name + ':':<{width + 2}}{total.changes:>8,}\n")
            reasons = [(r, n) for (p, r), n in self.per_reason.items() if p == name]
            for reason, n in sorted(reasons, key=lambda kv: (-kv[1].changes, kv[0])):
                lines.append(f"    {reason:<{width}}{n.changes:>8,}\n")
        return "".join(lines)

    def to_json(self) -> dict[str, Any]:
        """The summary for programs (``--stats-json``): per pass, its counts,
        per reason as people read it (``reasons``) and per reason code
        (``codes``, for the passes that give codes)."""
        return {
            "documents": self.documents,
            "changed_documents": self.changed,
            "bytes_in": self.bytes_in,
            "bytes_out": self.bytes_out,
            "passes": {
                name: {
                    **asdict(counts),
                    "reasons": {r: asdict(c) for (p, r), c in sorted(self.per_reason.items()) if p == name},
                    "codes": {r: asdict(c) for (p, r), c in sorted(self.per_code.items()) if p == name},
                }
                for name, counts in sorted(self.per_pass.items())
            },
        }


def reject_rows(changes: Iterable[Any], **context: Any) -> list[dict[str, Any]]:
    """One row per removed line or text in ``changes``, with ``context``
    (document index, source, ...) first, and the reason's ``code`` when the
    pass gives one."""
    from cleantext.explain import reason_text
    from cleantext.text import strip_ending

    rows = []
    for c in changes:
        if c.kind not in ("line-removed", "text-removed"):
            continue
        row = dict(context)
        row.update(line=c.line, kind=c.kind, text=strip_ending(c.before), reason=reason_text(c))
        if c.code:
            row["code"] = c.code
        row["pass"] = c.pass_name
        rows.append(row)
    return rows


class Rejects:
    """Writes reject rows as JSON lines to a binary stream."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream = stream
        self.rows = 0

    def write(self, rows: Iterable[dict[str, Any]]) -> None:
        import json

        for row in rows:
            text = json.dumps(row, ensure_ascii=False)
            try:
                data = text.encode("utf-8")
            except UnicodeEncodeError:
                data = json.dumps(row, ensure_ascii=True).encode("ascii")
            self.stream.write(data + b"\n")
            self.rows += 1


#: How each kind of warning is summarised: (noun for one, noun for many).
_SUMMARIES = {
    "duplicate": ("record with a duplicate key", "records with duplicate keys"),
}


class Warnings:
    """Warnings on stderr, at most ``limit`` of each kind as they come; the
    rest are counted and summarised at the end:
    ``2,500 records with a null field 'text', first at crawl.jsonl:3``.

    >>> import io
    >>> err = io.StringIO()
    >>> w = Warnings(limit=1, stream=err)
    >>> for i in range(3):
    ...     w.add("null:text", f"in.jsonl:{i + 1}", "null field 'text' passed through")
    >>> w.summarise({"null:text": ("record with a null field 'text'", "records with a null field 'text'")})
    >>> print(err.getvalue(), end="")
    cleantext: in.jsonl:1: null field 'text' passed through
    cleantext: 3 records with a null field 'text', first at in.jsonl:1
    """

    def __init__(self, limit: int = 5, stream: IO[str] | None = None, *, quiet: tuple[str, ...] = ()) -> None:
        self.limit = limit
        #: Kinds (by prefix) that are only summarised, never listed one by one.
        self.quiet = quiet
        self.stream = stream
        self.counts: dict[str, int] = {}
        self.first: dict[str, str] = {}

    def _write(self, line: str) -> None:
        (self.stream or sys.stderr).write(f"cleantext: {line}\n")

    def add(self, kind: str, where: str, message: str) -> None:
        n = self.counts.get(kind, 0) + 1
        self.counts[kind] = n
        self.first.setdefault(kind, where)
        if n <= self.limit and not kind.startswith(self.quiet or ("\0",)):
            self._write(f"{where}: {message}")

    def summarise(self, nouns: dict[str, tuple[str, str]] | None = None) -> None:
        """One line per kind seen more than ``limit`` times (or always, for
        kinds given in ``nouns``)."""
        always = {**_SUMMARIES, **(nouns or {})}
        for kind, n in self.counts.items():
            if n <= self.limit and kind not in always:
                continue
            one, many = always.get(kind, (f"{kind} warning", f"{kind} warnings"))
            self._write(f"{n:,} {one if n == 1 else many}, first at {self.first[kind]}")


def progress_bar(inputs: Sequence[Any], *, delay: float = 1.0) -> Any:
    """A tqdm bar over the input bytes as read from disk (compressed ones
    too), shown after ``delay`` seconds, when stderr is a terminal, every
    input has a known ``size`` and tqdm is installed; otherwise None."""
    if not sys.stderr.isatty():
        return None
    try:
        from tqdm import tqdm
    except ImportError:
        return None
    sizes = [inp.size for inp in inputs]
    if None in sizes:
        return None  # stdin, a pipe: nothing to measure against
    total = sum(s or 0 for s in sizes)
    return tqdm(total=total, unit="B", unit_scale=True, file=sys.stderr, delay=delay, desc="cleantext", leave=False)
