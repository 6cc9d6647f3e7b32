"""Strategies for the test suite: those cleantext ships to users in
``cleantext.testing``, plus option variants of the registered passes."""

from __future__ import annotations

import dataclasses
import typing
from typing import Any, Literal

from cleantext.registry import Pass, list_passes
from cleantext.testing import (
    any_text,
    caption_lines,
    clean_documents,
    mojibake,
    news_documents,
    promo_lines,
    whitespace_text,
)

__all__ = [
    "any_text",
    "caption_lines",
    "clean_documents",
    "mojibake",
    "news_documents",
    "option_variants",
    "promo_lines",
    "whitespace_text",
]


def option_variants(cls: type[Pass]) -> list[dict[str, Any]]:
    """One option set per non-default value of each bool and Literal option,
    so the properties also hold for configurations other than the default."""
    hints = typing.get_type_hints(cls)
    variants: list[dict[str, Any]] = []
    for f in dataclasses.fields(cls):  # type: ignore[arg-type]
        hint = hints.get(f.name)
        if hint is bool:
            variants.append({f.name: not f.default})
        elif typing.get_origin(hint) is Literal:
            variants.extend({f.name: v} for v in typing.get_args(hint) if v != f.default)
    return variants


def builtin_pass_names() -> list[str]:
    from cleantext.registry import pass_origin

    return [n for n in list_passes() if pass_origin(n) == "cleantext"]
