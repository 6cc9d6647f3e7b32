"""Strategies for the test suite: those cleantext ships to users in
``cleantext.testing``, plus option variants of the registered passes."""

from __future__ import annotations

from cleantext.registry import list_passes
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
    "promo_lines",
    "whitespace_text",
]


def builtin_pass_names() -> list[str]:
    from cleantext.registry import pass_origin

    return [n for n in list_passes() if pass_origin(n) == "cleantext"]
