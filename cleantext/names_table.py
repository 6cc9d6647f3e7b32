"""Name tables: which spelling of a person or place is canonical.

A table maps each variant spelling to its canonical form. Tables are data:
the built-in one is ``cleantext/data/names.tsv`` (its header documents the
format), and users add their own as TSV or TOML files, merged over it.

TSV, one entry a line, TAB-separated, ``#`` starts a comment line::

    canonical<TAB>variant<TAB>optional note
    Kyiv	Kiev	Russian-based spelling
    Chicken Kiev	Chicken Kiev	an exception: kept as it is

TOML::

    keep = ["Chicken Kiev"]          # exceptions: fixed phrases never changed

    [names]
    "Zelenskyy" = ["Zelensky", "Zelenskiy"]
    "Kyiv" = "Kiev"                  # one variant may be a plain string

An exception may be a pattern: ``{Word}`` stands for any capitalised word
(not a function word, weekday or month), ``{WORD}`` for an abbreviation in
capitals, ``{name}`` for any listed variant; the other words match in any
case. The pattern names one variant (or ``{name}``), which it then protects::

    Battle of {name}	Battle of {name}	historical event
    Bombay {Word}	Bombay {Word}	institutions keep the old name

Errors (a variant given two canonical forms, entries leading back to
themselves, malformed lines and patterns) raise :class:`~cleantext.errors.ConfigError` naming the
file and line.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from cleantext.data import read_text
from cleantext.errors import ConfigError

__all__ = [
    "BUILTIN_TABLE",
    "Entry",
    "NameTable",
    "Pattern",
    "builtin_entries",
    "load_table",
    "merge_tables",
    "parse_toml",
    "parse_tsv",
]

#: Where the built-in table lives, as shown in error messages.
BUILTIN_TABLE = "cleantext/data/names.tsv"

# Control characters (tabs and line breaks included) and line separators.
_FORBIDDEN = re.compile("[\x00-\x1f\x7f\u2028\u2029]")
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
#: The placeholders an exception pattern may use.
PLACEHOLDERS = ("name", "Word", "WORD")
# The longest variant, in words, looked for inside a pattern.
_MAX_VARIANT_WORDS = 8


@dataclass(frozen=True, slots=True)
class Entry:
    """One table line: ``variant`` becomes ``canonical``. When the two are
    equal the entry is an exception: a phrase kept as it is."""

    canonical: str
    variant: str
    note: str
    where: str  # "file:line"

    @property
    def is_exception(self) -> bool:
        return self.canonical == self.variant

    @property
    def is_pattern(self) -> bool:
        return self.is_exception and "{" in self.variant


@dataclass(frozen=True, slots=True)
class Pattern:
    """An exception pattern split around the variant it protects: ``before``
    and ``after`` are pattern text (with placeholders), ``variant`` the listed
    variant or None for ``{name}`` (any variant)."""

    before: str
    variant: str | None
    after: str
    note: str
    where: str


@dataclass(frozen=True)
class NameTable:
    """A merged, checked table: variant -> canonical (exceptions map to
    themselves), with the note and source line of each entry."""

    mapping: dict[str, str]
    notes: dict[str, str]
    where: dict[str, str]
    patterns: tuple[Pattern, ...] = ()

    def __len__(self) -> int:
        return len(self.mapping)

    @property
    def canonicals(self) -> set[str]:
        return {c for v, c in self.mapping.items() if c != v}


def _check_phrase(text: str, what: str, where: str, *, pattern: bool = False) -> str:
    phrase = text
    if not phrase or phrase != phrase.strip():
        raise ConfigError(f"{where}: the {what} is empty or has leading or trailing spaces: {text!r}")
    if _FORBIDDEN.search(phrase):
        raise ConfigError(f"{where}: the {what} {text!r} contains a control character or line break")
    if pattern and "{" in phrase:
        for m in _PLACEHOLDER.finditer(phrase):
            if m.group(1) not in PLACEHOLDERS:
                raise ConfigError(
                    f"{where}: unknown placeholder {m.group()!r} in {text!r}; use "
                    + ", ".join("{" + p + "}" for p in PLACEHOLDERS)
                )
        if "{" in _PLACEHOLDER.sub("", phrase) or "}" in _PLACEHOLDER.sub("", phrase):
            raise ConfigError(f"{where}: unbalanced braces in the pattern {text!r}")
        if phrase.count("{name}") > 1:
            raise ConfigError(f"{where}: the pattern {text!r} has more than one {{name}}")
        return phrase
    if "{" in phrase or "}" in phrase:
        raise ConfigError(f"{where}: the {what} {text!r} has braces; placeholders are only for exceptions")
    if not phrase[0].isalpha():
        raise ConfigError(f"{where}: the {what} {text!r} must start with a letter")
    return phrase


def parse_tsv(text: str, source: str) -> list[Entry]:
    """Entries of a TSV table; ``source`` names the file in error messages."""
    entries: list[Entry] = []
    for lineno, raw in enumerate(text.splitlines(), 1):
        line = raw.rstrip("\r\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = line.split("\t")
        where = f"{source}:{lineno}"
        if len(fields) < 2 or len(fields) > 3:
            raise ConfigError(
                f"{where}: expected 'canonical<TAB>variant<TAB>optional note', got {len(fields)} field(s): {line!r}"
            )
        same = fields[0] == fields[1]
        canonical = _check_phrase(fields[0], "canonical form", where, pattern=same)
        variant = _check_phrase(fields[1], "variant", where, pattern=same)
        note = fields[2].strip() if len(fields) == 3 else ""
        entries.append(Entry(canonical, variant, note, where))
    return entries


def _line_of(text: str, needle: str, start_line: int = 1) -> int:
    """The first line (from ``start_line``) holding ``needle`` as a quoted string."""
    lines = text.splitlines()
    for quoted in (f'"{needle}"', f"'{needle}'", needle):
        for i in range(start_line - 1, len(lines)):
            if quoted in lines[i]:
                return i + 1
    return 0


def parse_toml(text: str, source: str) -> list[Entry]:
    """Entries of a TOML table (``[names]`` and ``keep``)."""
    import tomllib

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{source}: invalid TOML: {exc}") from None
    unknown = [k for k in data if k not in ("names", "keep")]
    if unknown:
        line = _line_of(text, unknown[0])
        where = f"{source}:{line}" if line else source
        raise ConfigError(f"{where}: unknown key {unknown[0]!r}; a name table has [names] and keep = [...]")
    entries: list[Entry] = []
    names = data.get("names", {})
    if not isinstance(names, dict):
        raise ConfigError(f'{source}: \'names\' must be a table: [names] "Canonical" = ["Variant", ...]')
    names_line = _line_of(text, "[names]") or 1
    for canonical, variants in names.items():
        cline = _line_of(text, canonical, names_line)
        where = f"{source}:{cline}" if cline else source
        if isinstance(variants, str):
            variants = [variants]
        if not isinstance(variants, list) or not all(isinstance(v, str) for v in variants):
            raise ConfigError(f"{where}: the variants of {canonical!r} must be a string or a list of strings")
        canonical = _check_phrase(canonical, "canonical form", where)
        for variant in variants:
            vline = _line_of(text, variant, cline or 1)
            vwhere = f"{source}:{vline}" if vline else where
            entries.append(Entry(canonical, _check_phrase(variant, "variant", vwhere), "", vwhere))
    keep = data.get("keep", [])
    if not isinstance(keep, list) or not all(isinstance(k, str) for k in keep):
        line = _line_of(text, "keep")
        raise ConfigError(
            f"{source}:{line}: 'keep' must be a list of strings"
            if line
            else f"{source}: 'keep' must be a list of strings"
        )
    for phrase in keep:
        line = _line_of(text, phrase)
        where = f"{source}:{line}" if line else source
        phrase = _check_phrase(phrase, "kept phrase", where, pattern=True)
        entries.append(Entry(phrase, phrase, "kept as it is", where))
    return entries


def load_table(path: str | os.PathLike[str]) -> list[Entry]:
    """Read a TSV or TOML (by its ``.toml`` suffix) name table: a regular
    UTF-8 text file of at most 10 MB. An error names the file and line but
    never quotes its content (the path may point at any file)."""
    from cleantext.limits import load_toml, read_config_text

    p = Path(path)
    text = read_config_text(p, "name table", encoding="utf-8-sig")
    try:
        if p.suffix.lower() == ".toml":
            load_toml(text, str(p))  # errors of the TOML itself, without the content
            return parse_toml(text, str(p))
        return parse_tsv(text, str(p))
    except ConfigError as exc:
        raise ConfigError(_without_content(str(exc))) from None


# The errors about a line that is not a table entry at all: the file may not
# be a table, so what the line holds is left out of the message.
_NOT_AN_ENTRY = re.compile(
    r"(field\(s\)): .*\Z|(the (?:canonical form|variant|kept phrase) )'.*?'(?= contains| must)", re.S
)


def _without_content(message: str) -> str:
    return _NOT_AN_ENTRY.sub(lambda m: m.group(1) or f"{m.group(2)}…", message)


@cache
def builtin_entries() -> tuple[Entry, ...]:
    """The built-in table's entries (read once, on first use)."""
    text = read_text("names.tsv")
    return tuple(parse_tsv(text, BUILTIN_TABLE))


def _check_conflicts(entries: Iterable[Entry]) -> dict[str, Entry]:
    """variant -> entry; the same variant with two canonical forms is an error."""
    seen: dict[str, Entry] = {}
    for e in entries:
        old = seen.get(e.variant)
        if old is not None and old.canonical != e.canonical:
            raise ConfigError(
                f"{e.where}: conflicting entries for {e.variant!r}: {e.canonical!r} here, "
                f"{old.canonical!r} at {old.where}"
            )
        if old is None:
            seen[e.variant] = e
    return seen


def merge_tables(base: Sequence[Entry], *overrides: Sequence[Entry]) -> NameTable:
    """Merge user tables over ``base`` (the built-in table).

    Within ``base``, and within all ``overrides`` taken together, a variant
    given two canonical forms is an error. An override wins over ``base``: it
    replaces the base entry for the same variant, and a phrase it uses as a
    canonical form stops being a base variant (so a user can pick the other
    spelling). Chains are followed to their end; cycles are errors.
    """
    by_variant = _check_conflicts(base)
    user = _check_conflicts(e for table in overrides for e in table)
    merged: dict[str, Entry] = dict(by_variant)
    user_canonicals = {e.canonical for e in user.values()}
    for c in user_canonicals:
        if c in merged and c not in user:
            del merged[c]
    merged.update(user)

    patterns = [e for e in merged.values() if e.is_pattern]
    for e in patterns:
        del merged[e.variant]
    mapping: dict[str, str] = {}
    for variant, entry in merged.items():
        if entry.is_exception:
            mapping[variant] = variant
            continue
        path = [entry]
        target = entry.canonical
        while target in merged and not merged[target].is_exception:
            nxt = merged[target]
            if any(p.variant == nxt.variant for p in path) or nxt.variant == variant:
                cycle = " -> ".join(f"{p.variant!r} ({p.where})" for p in [*path, nxt])
                raise ConfigError(f"{entry.where}: cyclic entries: {cycle}")
            path.append(nxt)
            target = nxt.canonical
        mapping[variant] = target
    return NameTable(
        mapping,
        {v: e.note for v, e in merged.items()},
        {v: e.where for v, e in merged.items()},
        tuple(_split_pattern(e, mapping) for e in patterns),
    )


_WORDS = re.compile(r"\w+")


def _word_spans(phrase: str) -> list[tuple[int, int]]:
    return [m.span() for m in _WORDS.finditer(phrase)]


def _inner_phrases(phrase: str) -> list[tuple[int, int]]:
    """Spans of the word runs of ``phrase`` (up to a bounded number of words), longest first."""
    spans = _word_spans(phrase)
    out = []
    for i in range(len(spans)):
        for j in range(i, min(len(spans), i + _MAX_VARIANT_WORDS)):
            out.append((spans[i][0], spans[j][1]))
    out.sort(key=lambda se: (se[0] - se[1], se[0]))
    return out


def _split_pattern(entry: Entry, mapping: dict[str, str]) -> Pattern:
    """The pattern split around ``{name}`` or the longest listed variant it names."""
    phrase = entry.variant
    at = phrase.find("{name}")
    if at >= 0:
        return Pattern(phrase[:at], None, phrase[at + len("{name}") :], entry.note, entry.where)
    plain = _PLACEHOLDER.sub(lambda m: " " * len(m.group()), phrase)
    for start, end in _inner_phrases(plain):
        variant = plain[start:end]
        if variant in mapping and mapping[variant] != variant:
            return Pattern(phrase[:start], variant, phrase[end:], entry.note, entry.where)
    raise ConfigError(
        f"{entry.where}: the pattern {phrase!r} names no listed variant; write {{name}} for any variant "
        "or one variant of the table"
    )
