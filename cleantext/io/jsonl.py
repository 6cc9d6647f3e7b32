"""JSON records edited in place: the cleaned strings are spliced into the
record as it was written, so every other byte stays as it was.

Numbers are never converted (``1e400``, ``-0``, ``1.10`` and a 5,000-digit
integer come out as written), key order, spacing and escapes are kept,
and duplicate keys are reported rather than silently collapsed.

>>> rec = parse_record('{"id": 1e400, "meta": {"body": "a  b"}}\\n', [("meta", "body")])
>>> rec.values
['a  b']
>>> rec.splice(["a b"])
'{"id": 1e400, "meta": {"body": "a b"}}\\n'
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Record", "RecordProblem", "dump_string", "parse_path", "parse_record"]

_WS = re.compile(r"[ \t\n\r]*")
_SURROGATE = re.compile("[\ud800-\udfff]")

#: Duplicate keys seen inside values while one record is scanned.
_nested_duplicates: list[str] = []


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    record = dict(pairs)
    if len(record) != len(pairs) and not _nested_duplicates:
        seen: set[str] = set()
        _nested_duplicates.append(next(k for k, _ in pairs if k in seen or seen.add(k)))  # type: ignore[func-returns-value]
    return record


# Numbers and constants stay text: nothing is converted, so nothing is lost
# or too large to read.
_DECODER = json.JSONDecoder(object_pairs_hook=_pairs, parse_int=str, parse_float=str, parse_constant=str)
# The C scanner behind json.loads, used on one value at a time.
_scan_once: Callable[[str, int], tuple[Any, int]] = _DECODER.scan_once  # type: ignore[attr-defined]
scanstring: Callable[[str, int], tuple[str, int]] = json.decoder.scanstring  # type: ignore[attr-defined]


class RecordProblem(ValueError):
    """A line that is not a JSON object holding the fields as strings."""


def parse_path(field: str) -> tuple[str, ...]:
    """``"meta.body"`` -> ``("meta", "body")``."""
    return tuple(field.split("."))


@dataclass
class Record:
    """One JSON object line: where the cleaned fields' values are in it."""

    line: str
    #: The string values of the fields found, in the order of the paths asked for.
    values: list[str] = field(default_factory=list)
    #: (start, end) of each value's token in ``line``.
    spans: list[tuple[int, int]] = field(default_factory=list)
    #: The paths (dotted) whose value is null.
    nulls: list[str] = field(default_factory=list)
    #: A key that occurs twice in one object, if any.
    duplicate: str | None = None
    #: Index of the top-level closing brace.
    close: int = 0
    #: Top-level keys -> (start, end) of their values' tokens.
    top: dict[str, tuple[int, int]] = field(default_factory=dict)

    def value(self, key: str) -> Any:
        """The value of top-level ``key`` (numbers as text if they are too
        large for Python), or None."""
        if key not in self.top:
            return None
        s, e = self.top[key]
        try:
            return json.loads(self.line[s:e])
        except ValueError:
            return self.line[s:e]

    def splice(self, cleaned: Sequence[str], extra: tuple[str, str] | None = None) -> str:
        """The line with each value replaced by its cleaned form (a value that
        did not change keeps its token as written), and ``extra`` (key,
        JSON text) added as the last top-level member; ends with a line feed."""
        parts: list[str] = []
        at = 0
        for (start, end), before, after in sorted(zip(self.spans, self.values, cleaned, strict=True)):
            if after == before:
                continue
            parts.append(self.line[at:start])
            parts.append(dump_string(after))
            at = end
        if extra is not None:
            parts.append(self.line[at : self.close])
            parts.append(f", {dump_string(extra[0])}: {extra[1]}")
            at = self.close
        parts.append(self.line[at:])
        out = "".join(parts) if len(parts) > 1 else self.line
        return out if out.endswith("\n") else out + "\n"


def dump_string(text: str) -> str:
    """``text`` as a JSON string token; lone surrogates (which UTF-8 cannot
    hold) become ``\\uXXXX`` escapes, as the input must have had them.

    >>> dump_string('a "b"\\ud800')
    '"a \\\\"b\\\\"\\\\ud800"'
    """
    token = json.dumps(text, ensure_ascii=False)
    if _SURROGATE.search(token):
        token = _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", token)
    return token


def _kind(line: str, start: int) -> str:
    """The Python type name of the JSON value whose token starts at ``start``."""
    c = line[start]
    if c == "{":
        return "dict"
    if c == "[":
        return "list"
    if c in "tf":
        return "bool"
    if c == "n":
        return "NoneType"
    if c == '"':
        return "str"
    end = _scan_once(line, start)[1]
    return "float" if any(ch in line[start:end] for ch in ".eEIN") else "int"


def _invalid(line: str) -> RecordProblem:
    """The parser's own message for a line that does not parse."""
    try:
        _DECODER.decode(line)
    except json.JSONDecodeError as exc:
        return RecordProblem(f"invalid JSON: {exc.msg.removesuffix(' at')} (column {exc.colno})")
    except RecursionError:
        return RecordProblem("invalid JSON: nested too deeply")
    return RecordProblem("invalid JSON")


def _members(line: str, start: int) -> tuple[dict[str, tuple[int, int]], int, str | None]:
    """Members of the object whose ``{`` is at ``start``: key -> (start,
    end) of its value token (the last one for a repeated key), the index of
    the closing brace, and a repeated key if there is one."""
    members: dict[str, tuple[int, int]] = {}
    duplicate = None
    i = _WS.match(line, start + 1).end()  # type: ignore[union-attr]
    if line.startswith("}", i):
        return members, i, None
    while True:
        if not line.startswith('"', i):
            raise _invalid(line)
        key, i = scanstring(line, i + 1)
        i = _WS.match(line, i).end()  # type: ignore[union-attr]
        if not line.startswith(":", i):
            raise _invalid(line)
        i = _WS.match(line, i + 1).end()  # type: ignore[union-attr]
        try:
            _, end = _scan_once(line, i)
        except StopIteration:
            raise _invalid(line) from None
        if key in members and duplicate is None:
            duplicate = key
        members[key] = (i, end)
        i = _WS.match(line, end).end()  # type: ignore[union-attr]
        if line.startswith(",", i):
            i = _WS.match(line, i + 1).end()  # type: ignore[union-attr]
        elif line.startswith("}", i):
            return members, i, duplicate
        else:
            raise _invalid(line)


def parse_record(line: str, paths: Sequence[tuple[str, ...]]) -> Record:
    """Find the string values at ``paths`` in the JSON object ``line``.

    Raises :class:`RecordProblem` for a line that is not a JSON object, a
    missing field, or a field that is neither a string nor null.
    """
    _nested_duplicates.clear()
    start = _WS.match(line).end()  # type: ignore[union-attr]
    if not line.startswith("{", start):
        try:
            _, end = _scan_once(line, start)
        except (StopIteration, json.JSONDecodeError, RecursionError):
            raise _invalid(line) from None
        if _WS.match(line, end).end() != len(line):  # type: ignore[union-attr]
            raise _invalid(line)
        raise RecordProblem(f"expected a JSON object, got {_kind(line, start)}")
    try:
        top, close, duplicate = _members(line, start)
    except json.JSONDecodeError:
        raise _invalid(line) from None
    except RecursionError:
        raise RecordProblem("invalid JSON: nested too deeply") from None
    if _WS.match(line, close + 1).end() != len(line):  # type: ignore[union-attr]
        raise _invalid(line)
    record = Record(line, close=close, top=top)
    for path in paths:
        members = top
        for depth, key in enumerate(path):
            name = ".".join(path[: depth + 1])
            if key not in members:
                raise RecordProblem(f"the record has no field {name!r} (see --field)")
            s, e = members[key]
            kind = _kind(line, s)
            if depth + 1 < len(path):
                if kind != "dict":
                    raise RecordProblem(f"field {name!r} is {kind}, not an object")
                members, _, dup = _members(line, s)
                duplicate = duplicate or dup
                continue
            if kind == "NoneType":
                record.nulls.append(name)
            elif kind != "str":
                raise RecordProblem(f"field {name!r} is {kind}, not a string")
            else:
                record.values.append(_scan_once(line, s)[0])
                record.spans.append((s, e))
    record.duplicate = duplicate or (_nested_duplicates[0] if _nested_duplicates else None)
    return record
