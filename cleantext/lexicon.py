"""The multilingual boilerplate lexicon: the words and phrases of page
furniture (credits, promos, social, related links, interface, copyright)
and the names of news agencies, from ``cleantext/data/boilerplate-lexicon.toml``
merged with the user's files of the same layout.

Read by the boilerplate passes (:mod:`cleantext.passes.boilerplate`) and the
line model (:mod:`cleantext.linemodel`) alike.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from cleantext.data import read_toml
from cleantext.errors import ConfigError

__all__ = ["BUILTIN", "agency_names", "lexicon", "read_lexicon"]


def read_lexicon(source: Any, origin: str) -> dict[str, dict[str, dict[str, str]]]:
    """One lexicon file (an open binary file), checked: category -> language
    -> form -> where it is used. ``origin`` names the file in errors."""
    import tomllib

    try:
        data = tomllib.load(source)
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{origin}: not a valid lexicon file: {e}") from None
    for category, languages in data.items():
        if not isinstance(languages, dict):
            raise ConfigError(f"{origin}: [{category}] must be a table of languages")
        for lang, forms in languages.items():
            if not isinstance(forms, dict) or not all(isinstance(v, str) for v in forms.values()):
                raise ConfigError(f"{origin}: [{category}.{lang}] must map each form to where it is used (a string)")
    return data


#: The built-in lexicon, in cleantext/data.
BUILTIN = "boilerplate-lexicon.toml"


@cache
def _tables(paths: tuple[str, ...]) -> tuple[dict[str, dict[str, dict[str, str]]], ...]:
    """The built-in lexicon, then each of the user's files, checked."""
    tables = [read_toml(BUILTIN)]
    for path in paths:
        try:
            with open(path, "rb") as f:
                tables.append(read_lexicon(f, path))
        except OSError as e:
            raise ConfigError(f"{path}: cannot read lexicon file: {e.strerror}") from None
    return tuple(tables)


@cache
def lexicon(paths: tuple[str, ...] = ()) -> dict[str, frozenset[str]]:
    """Category -> case-folded forms: the built-in multilingual lexicon
    (``cleantext/data/boilerplate-lexicon.toml``) merged with the user's files
    of the same layout, every language together.

    >>> "auch lesen" in lexicon()["related_labels"]
    True
    """
    merged: dict[str, set[str]] = {}
    for table in _tables(paths):
        for category, languages in table.items():
            bucket = merged.setdefault(category, set())
            for forms in languages.values():
                bucket.update(form.casefold() for form in forms)
    return {k: frozenset(v) for k, v in merged.items()}


def agency_names(paths: tuple[str, ...] = ()) -> tuple[str, ...]:
    """Agency names as written (case matters: "AP", "PA"): the built-in
    ones of every language (``any``), and all of the user's.

    >>> "Reuters" in agency_names()
    True
    """
    builtin, *users = _tables(paths)
    names = list(builtin.get("agencies", {}).get("any", {}))
    for table in users:
        for forms in table.get("agencies", {}).values():
            names.extend(forms)
    return tuple(names)
