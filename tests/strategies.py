"""Strategies for the test suite: those cleantext ships to users in
``cleantext.testing``, the same built from the sentences of the real-text
regression corpus (``tests/data/regression``), and option variants of the
registered passes."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from hypothesis import strategies as st

from cleantext.registry import list_passes
from cleantext.testing import (
    any_text,
    caption_lines,
    clean_documents,
    list_blocks,
    mojibake,
    news_documents,
    promo_lines,
    real_documents,
    stacked_patterns,
    text_forms,
    whitespace_text,
)

__all__ = [
    "any_text",
    "caption_lines",
    "clean_documents",
    "corpus_documents",
    "corpus_lines",
    "corpus_sentences",
    "mojibake",
    "news_documents",
    "promo_lines",
    "whitespace_text",
]

_TEXTS = Path(__file__).parent / "data" / "regression" / "texts"


@cache
def corpus_sentences() -> tuple[str, ...]:
    """Every line of the regression corpus between 3 and 300 characters,
    whitespace tidied: prose sentences, headings, list items, poem lines,
    legal clauses, transcript turns, in seven languages."""
    out: set[str] = set()
    for path in sorted(_TEXTS.glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            line = " ".join(line.split())
            if 3 <= len(line) <= 300 and not line.startswith("```"):
                out.add(line)
    return tuple(sorted(out, key=lambda s: (len(s), s)))  # shortest first: hypothesis shrinks towards them


def corpus_lines() -> st.SearchStrategy[str]:
    """One line of the corpus."""
    return st.sampled_from(corpus_sentences())


def corpus_documents() -> st.SearchStrategy[str]:
    """Documents built like real pages (``cleantext.testing.real_documents``)
    from the corpus's own lines, in every form (CRLF, NFD, ...), and whole
    corpus documents in those forms, possibly cut short."""
    whole = st.builds(
        lambda text, cut: text[: max(1, len(text) * cut // 100)],
        st.sampled_from(sorted((p.read_text(encoding="utf-8") for p in _TEXTS.glob("*.txt")), key=len)),
        st.integers(50, 100),
    )
    return st.one_of(
        real_documents(corpus_sentences()),
        text_forms(whole),
        text_forms(stacked_patterns(corpus_sentences())),
        text_forms(list_blocks(corpus_sentences())),
    )


def builtin_pass_names() -> list[str]:
    from cleantext.registry import pass_class, pass_origin

    # Passes a test module registers at import time say "cleantext" too: keep
    # only those defined inside the package.
    return [
        n for n in list_passes() if pass_origin(n) == "cleantext" and pass_class(n).__module__.startswith("cleantext.")
    ]


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text)
