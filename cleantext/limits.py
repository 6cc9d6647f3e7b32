"""Limits on what configuration may read: files named by a config (the
config itself, name tables, pattern tables) are regular UTF-8 text files of
at most :data:`MAX_CONFIG_BYTES`, and an error about one names the file (and
line), never its content. A regular expression from such a file must keep
matching in linear time (:func:`backtracking_risk`)."""

from __future__ import annotations

import os
import re
import stat
import tomllib
from pathlib import Path
from typing import Any

from cleantext.errors import ConfigError

__all__ = ["MAX_CONFIG_BYTES", "backtracking_risk", "load_toml", "read_config_text"]

#: The largest configuration file (TOML config, name table) cleantext reads.
MAX_CONFIG_BYTES = 10 * 1024 * 1024


def read_config_text(path: str | os.PathLike[str], what: str, *, encoding: str = "utf-8") -> str:
    """The text of the file at ``path``, or :class:`ConfigError` naming it
    (and ``what`` it is, such as "config") when it is not a regular file,
    is larger than :data:`MAX_CONFIG_BYTES`, holds NUL bytes or is not UTF-8.
    Nothing of the file's content goes into the message."""
    p = Path(path)
    try:
        info = p.stat()
        if not stat.S_ISREG(info.st_mode):
            raise ConfigError(f"{p}: cannot read {what}: not a regular file")
        if info.st_size > MAX_CONFIG_BYTES:
            raise ConfigError(f"{p}: cannot read {what}: larger than {MAX_CONFIG_BYTES // (1024 * 1024)} MB")
        with p.open("rb") as f:
            data = f.read(MAX_CONFIG_BYTES + 1)
    except OSError as exc:
        raise ConfigError(f"{p}: cannot read {what}: {exc.strerror or exc}") from None
    if len(data) > MAX_CONFIG_BYTES:
        raise ConfigError(f"{p}: cannot read {what}: larger than {MAX_CONFIG_BYTES // (1024 * 1024)} MB")
    if b"\x00" in data:
        raise ConfigError(f"{p}: cannot read {what}: not a text file (it holds NUL bytes)")
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{p}: cannot read {what}: not UTF-8 (byte {exc.start})") from None


def load_toml(text: str, source: str) -> dict[str, Any]:
    """Parse TOML, or raise :class:`ConfigError` naming ``source`` (and the
    line, as tomllib gives it), never quoting the text: also for nesting too
    deep to parse and integers too long to convert."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{source}: invalid TOML: {exc}") from None
    except RecursionError:
        raise ConfigError(f"{source}: invalid TOML: arrays or tables nested too deeply") from None
    except ValueError:  # int() refuses integers of more than 4300 digits
        raise ConfigError(f"{source}: invalid TOML: a number too long to read") from None


# Character classes as the parser of ``re`` names them.
_CATEGORIES = {
    "CATEGORY_DIGIT": r"\d",
    "CATEGORY_NOT_DIGIT": r"\D",
    "CATEGORY_SPACE": r"\s",
    "CATEGORY_NOT_SPACE": r"\S",
    "CATEGORY_WORD": r"\w",
    "CATEGORY_NOT_WORD": r"\W",
}


def backtracking_risk(pattern: str, flags: int = 0) -> str | None:
    """Why ``pattern`` may take exponential time on some input, or None.

    The rule: no quantifier of variable count (``*``, ``+``, ``?``,
    ``{m,n}``) inside a group that is itself repeated, unless the inner one is
    possessive (``\\w++``) or in an atomic group (``(?>...)``), or the group
    starts or ends with a fixed character that its one inner quantifier
    cannot match (``(?: [A-Z]\\w*)*``: each round begins at a space, so
    there is one way to split a line into rounds), with no alternation in it.
    ``pattern`` must compile.

    >>> backtracking_risk(r"(?:\\w+\\s?)+$") is not None
    True
    >>> backtracking_risk(r"(?: [A-Z][a-z]*)*|(?:\\w++\\s)+") is None
    True
    """
    from re import _parser  # the parser of ``re``

    return _risk(list(_parser.parse(pattern, flags)), bool(flags & re.IGNORECASE))


def _risk(items: list[Any], fold: bool) -> str | None:
    for op, av in items:
        name = str(op)
        if name in ("MAX_REPEAT", "MIN_REPEAT"):
            _, high, body = av
            body = list(body)
            if high != 1:
                inner = _variable_repeats(body)
                if inner and not _separated(body, inner, fold):
                    return (
                        "a quantifier inside a repeated group (nested quantifiers) can take exponential time; "
                        "make the inner one possessive (\\w++) or the group atomic ((?>...))"
                    )
            why = _risk(body, fold)
        elif name in ("POSSESSIVE_REPEAT", "ATOMIC_GROUP"):
            continue  # no backtracking into it
        else:
            why = None
            for sub in _subpatterns(op, av):
                why = why or _risk(sub, fold)
        if why:
            return why
    return None


def _subpatterns(op: Any, av: Any) -> list[list[Any]]:
    name = str(op)
    if name == "SUBPATTERN":
        return [list(av[-1])]
    if name == "BRANCH":
        return [list(b) for b in av[1]]
    if name in ("ASSERT", "ASSERT_NOT"):
        return [list(av[1])]
    if name == "GROUPREF_EXISTS":
        return [list(b) for b in av[1:] if b is not None]
    return []


def _variable_repeats(items: list[Any]) -> list[tuple[Any, Any]]:
    """The quantifiers of variable count in ``items`` that can backtrack."""
    found: list[tuple[Any, Any]] = []
    for op, av in items:
        name = str(op)
        if name in ("MAX_REPEAT", "MIN_REPEAT"):
            if av[0] != av[1]:
                found.append((op, av))
            found.extend(_variable_repeats(list(av[2])))
        elif name not in ("POSSESSIVE_REPEAT", "ATOMIC_GROUP"):
            for sub in _subpatterns(op, av):
                found.extend(_variable_repeats(sub))
    return found


def _separated(body: list[Any], inner: list[tuple[Any, Any]], fold: bool) -> bool:
    """Whether the repeated ``body`` starts or ends with a literal character
    that its only inner quantifier, over one character, cannot match."""
    if len(inner) != 1 or not body or _has_branch(body):
        return False  # "(?: (?:\\w+|via))*": two ways to read " via" in every round
    item = list(inner[0][1][2])
    if len(item) != 1:
        return False
    for op, av in (body[0], body[-1]):
        if str(op) == "LITERAL":
            edge = chr(av)
            chars = {edge, edge.lower(), edge.upper()} if fold else {edge}
            if not any(_matches_char(item[0], c) for c in chars):
                return True
    return False


def _has_branch(items: list[Any]) -> bool:
    return any(str(op) == "BRANCH" or any(_has_branch(sub) for sub in _subpatterns(op, av)) for op, av in items)


def _matches_char(node: tuple[Any, Any], char: str) -> bool:
    """Whether the one-character item ``node`` can match ``char`` (True when unsure)."""
    op, av = node
    name = str(op)
    if name == "LITERAL":
        return bool(chr(av) == char)
    if name == "NOT_LITERAL":
        return bool(chr(av) != char)
    if name != "IN":
        return True
    negate, hit = False, False
    for kind, value in av:
        kind = str(kind)
        if kind == "NEGATE":
            negate = True
        elif kind == "LITERAL":
            hit = hit or chr(value) == char
        elif kind == "RANGE":
            hit = hit or value[0] <= ord(char) <= value[1]
        elif kind == "CATEGORY" and str(value).replace("UNI_", "") in _CATEGORIES:
            hit = hit or re.fullmatch(_CATEGORIES[str(value).replace("UNI_", "")], char) is not None
        else:
            return True
    return hit != negate
