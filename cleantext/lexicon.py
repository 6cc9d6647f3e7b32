"""The multilingual boilerplate lexicon: the words and phrases of page
furniture (credits, promos, social, related links, interface, copyright)
and the names of news agencies, from ``cleantext/data/boilerplate-lexicon.toml``
merged with the user's files of the same layout.

Read by the boilerplate passes (:mod:`cleantext.passes.boilerplate`) and the
line model (:mod:`cleantext.linemodel`) alike.
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from typing import Any

from cleantext.errors import ConfigError

__all__ = ["agency_names", "lexicon", "read_lexicon"]


def read_lexicon(source: Any, origin: str) -> dict[str, dict[str, dict[str, str]]]:
    """One lexicon file (an open binary file), checked: category -> language
    -> form -> where it is used. ``origin`` names the file in errors."""
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


@cache
def lexicon(paths: tuple[str, ...] = ()) -> dict[str, frozenset[str]]:
    """Category -> case-folded forms: the built-in multilingual lexicon
    (``cleantext/data/boilerplate-lexicon.toml``) merged with the user's files
    of the same layout, every language together.

    >>> "auch lesen" in lexicon()["related_labels"]
    True
    """
    with resources.files("cleantext.data").joinpath("boilerplate-lexicon.toml").open("rb") as f:
        tables = [read_lexicon(f, "boilerplate-lexicon.toml")]
    for path in paths:
        try:
            with open(path, "rb") as f:
                tables.append(read_lexicon(f, path))
        except OSError as e:
            raise ConfigError(f"{path}: cannot read lexicon file: {e.strerror}") from None
    merged: dict[str, set[str]] = {}
    for table in tables:
        for category, languages in table.items():
            bucket = merged.setdefault(category, set())
            for forms in languages.values():
                bucket.update(form.casefold() for form in forms)
    return {k: frozenset(v) for k, v in merged.items()}


def agency_names(paths: tuple[str, ...] = ()) -> tuple[str, ...]:
    """Agency names as written (case matters: "AP", "PA"), built-in and the user's."""
    names: list[str] = []
    sources = [resources.files("cleantext.data").joinpath("boilerplate-lexicon.toml").open("rb")]
    try:
        for f in sources:
            names.extend(read_lexicon(f, "boilerplate-lexicon.toml").get("agencies", {}).get("any", {}))
    finally:
        for f in sources:
            f.close()
    for path in paths:
        with open(path, "rb") as f:
            for forms in read_lexicon(f, path).get("agencies", {}).values():
                names.extend(forms)
    return tuple(names)
