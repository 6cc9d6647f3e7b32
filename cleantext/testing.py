"""Hold passes to the pass contract: hypothesis strategies and assertions.

cleantext's own test suite uses these on every registered pass; use them on
yours::

    from cleantext.testing import assert_idempotent, assert_total

    def test_my_pass_keeps_the_contract():
        assert_idempotent(MyPass())
        assert_total(MyPass())

Needs hypothesis (``pip install 'cleantext-news[test]'``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

try:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st
except ImportError as exc:  # pragma: no cover - exercised only without hypothesis
    raise ImportError(
        "cleantext.testing needs hypothesis; install it with: pip install 'cleantext-news[test]'"
    ) from exc

__all__ = [
    "any_text",
    "assert_contract",
    "assert_idempotent",
    "assert_preserves",
    "assert_total",
    "caption_lines",
    "clean_documents",
    "documents",
    "markup_text",
    "mojibake",
    "mojibake_text",
    "news_documents",
    "promo_lines",
    "whitespace_text",
]

Cleaner = Callable[[str], str]

# -- strategies ---------------------------------------------------------------

_WORDS = (
    "the government said on tuesday that talks would continue next week in the capital while officials "
    "from both sides met for hours to discuss security trade energy and prices after a long dispute over "
    "borders troops and sanctions the minister added that nothing had been agreed yet but a deal was close "
    "analysts expect markets to rise as investors weigh the risks of a wider conflict in the region"
).split()

_FOREIGN_SENTENCES = (
    "日本政府は新しい経済対策を発表した。",
    "政府周五宣布了新的经济刺激计划。",
    "정부는 월요일 새로운 정책을 발표했다.",
    "قال الرئيس إن المحادثات ستستمر.",
    "Президент заявил, что переговоры продолжатся.",
    "Le ministre a déclaré que les négociations continueraient.",
    "Die Regierung kündigte neue Maßnahmen an.",
    "El gobierno anunció nuevas medidas económicas.",
    "Fans celebrated 🎉 after the match 👍🏽.",
)

_CAPTION_CREDITS = (
    "Handout via REUTERS",
    "REUTERS/Maxim Shemetov",
    "(AP Photo/Ng Han Guan)",
    "Image copyright Getty Images",
    "Photo: Damian Dovarganes, AP",
    "Sakib Ali/Hindustan Times/Getty Images",
)

_PROMOS = (
    "Advertisement",
    "(Do not miss: How the talks began)",
    "READ MORE: Markets fall again",
    "Sign up for our newsletter",
    "CLICK HERE TO GET THE FOX NEWS APP",
    "Image 1 of 5",
    "Media playback is unsupported on your device",
)

_NAME_VARIANTS = ("Zelenskiy", "Zelensky", "Zelenskyy", "Kiev", "Kyiv", "Gaddafi", "Qaddafi")


def any_text(*, max_size: int = 2000) -> st.SearchStrategy[str]:
    """Any ``str``, lone surrogates, NUL and control characters included."""
    # st.characters() never draws surrogates unless asked for them by range.
    surrogates = st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF)
    chars = st.one_of(st.characters(exclude_categories=()), surrogates)
    return st.text(chars, max_size=max_size)


def whitespace_text(*, max_size: int = 200) -> st.SearchStrategy[str]:
    """Text made only of whitespace and line breaks of every kind."""
    return st.text(st.sampled_from(" \t\r\n\x0b\x0c\x85\u00a0\u2028\u2029\u3000\u200b"), max_size=max_size)


@st.composite
def _sentence(draw: st.DrawFn) -> str:
    if draw(st.integers(0, 9)) == 0:
        return draw(st.sampled_from(_FOREIGN_SENTENCES))
    words = draw(st.lists(st.sampled_from(_WORDS), min_size=4, max_size=16))
    text = " ".join(words)
    text = text[0].upper() + text[1:]
    end = draw(st.sampled_from(".....?!"))
    if draw(st.integers(0, 4)) == 0:
        return f"“{text},” he said."
    return text + end


@st.composite
def clean_documents(draw: st.DrawFn) -> str:
    """News-like documents with nothing to clean: complete sentences, single
    spaces, one blank line between paragraphs, a final newline."""
    paragraphs = draw(st.lists(st.lists(_sentence(), min_size=1, max_size=4).map(" ".join), min_size=1, max_size=6))
    sep = draw(st.sampled_from(["\n\n", "\n"]))
    return sep.join(paragraphs) + "\n"


def mojibake(text: str) -> str:
    """``text`` as it looks when its UTF-8 bytes are decoded as Windows-1252,
    the way most real mojibake arises.

    >>> mojibake("doesn’t")
    'doesnâ€™t'
    """
    import ftfy.bad_codecs  # noqa: F401 - registers sloppy-windows-1252

    return text.encode("utf-8").decode("sloppy-windows-1252")


def caption_lines() -> st.SearchStrategy[str]:
    """Photo-caption lines as wire services write them."""
    return st.builds(
        lambda s, credit: f"{s.rstrip('.?!')}, pictured on February 1, 2022. {credit}",
        _sentence(),
        st.sampled_from(_CAPTION_CREDITS),
    )


def promo_lines() -> st.SearchStrategy[str]:
    """Promo and navigation lines."""
    return st.sampled_from(_PROMOS)


@st.composite
def news_documents(draw: st.DrawFn) -> str:
    """Dirty news documents: paragraphs with captions, promos, name variants,
    mojibake, stray whitespace, CRLF, and a possibly truncated end."""
    parts: list[str] = []
    for _ in range(draw(st.integers(1, 8))):
        kind = draw(st.integers(0, 9))
        if kind == 0:
            parts.append(draw(caption_lines()))
        elif kind == 1:
            parts.append(draw(promo_lines()))
        elif kind == 2:
            name = draw(st.sampled_from(_NAME_VARIANTS))
            parts.append(f"President {name} said the talks in {draw(st.sampled_from(_NAME_VARIANTS))} went well.")
        elif kind == 3:
            parts.append(mojibake(draw(_sentence())))
        elif kind == 4:
            parts.append(draw(_sentence()).upper()[:30])
        else:
            parts.append(" ".join(draw(st.lists(_sentence(), min_size=1, max_size=3))))
    text = draw(st.sampled_from(["\n", "\n\n", "\r\n", "  \n\n\n"])).join(parts)
    if draw(st.booleans()):
        cut = draw(st.integers(0, len(text)))
        text = text[:cut]
    return text


def mojibake_text() -> st.SearchStrategy[str]:
    """Sentences, some with curly quotes, accents and emoji, as they look
    after one or two rounds of UTF-8 read as Windows-1252."""

    def garble(text: str, rounds: int) -> str:
        for _ in range(rounds):
            text = mojibake(text)
        return text

    return st.builds(garble, _sentence(), st.integers(1, 2))


_MARKUP = (
    "<b>", "</b>", "<p>", "</p>", "<br/>", "<!--", "-->", "<![CDATA[", "]]>", "&lt;", "&gt;", "&amp;", "&#8217;",
    "&nbsp;", "&", ";", "<", ">", "(", ")", "[", "]", "{", "}", "- ", "-\n", "ab", "cd", "1", "$", "@a", "#t",
    "http://a.co/x", "www.b.com", "e@f.org", "(see (p. 2))", "inter-\n", "nation- ", "al", " ", "\n", "\r\n", "\t", "\u2022 ", "“", "’", "!!",
)  # fmt: skip


def markup_text(*, max_size: int = 40) -> st.SearchStrategy[str]:
    """Short texts packed with the characters cleaners act on: tags,
    entities, nested brackets, words hyphenated across lines, URLs, handles,
    bullets, quotes.
    Finds what random text rarely does, such as ``"&lt;b&gt;"``, which one
    round of HTML unescaping turns into a tag."""
    alphabets = (
        _MARKUP,
        ("ab", "- ", "-\n"),  # hyphenation
        ("<", ">", "&", "lt;", "amp;", "b", " "),  # tags and entities
        ("(", ")", "[", "]", "{", "}", "ab"),  # brackets
    )
    return st.one_of(*(st.lists(st.sampled_from(a), max_size=max_size).map("".join) for a in alphabets))


def _with_surrogate() -> st.SearchStrategy[str]:
    """News-like text with a lone surrogate in it (text decoded with
    ``surrogateescape``, or JSON's ``\\ud800`` escapes, carry them)."""
    surrogate = st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF)
    return st.builds(
        lambda a, s, b: a + s + b, st.one_of(any_text(max_size=200), news_documents()), surrogate, any_text(max_size=50)
    )


def documents() -> st.SearchStrategy[str]:
    """The mix the assertions use by default: any text, text with lone
    surrogates, whitespace, clean and dirty news documents, mojibake and markup."""
    return st.one_of(
        any_text(),
        _with_surrogate(),
        whitespace_text(),
        clean_documents(),
        news_documents(),
        mojibake_text(),
        markup_text(),
    )


_documents = documents


# -- assertions -----------------------------------------------------------------


def _settings(max_examples: int | None) -> settings:
    kwargs: dict[str, Any] = {"suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large]}
    if max_examples is not None:
        kwargs["max_examples"] = max_examples
    return settings(**kwargs)


def _label(cleaner: Cleaner) -> str:
    return getattr(cleaner, "name", None) or repr(cleaner)


def assert_idempotent(
    cleaner: Cleaner, texts: st.SearchStrategy[str] | None = None, *, max_examples: int | None = None
) -> None:
    """Fail unless ``cleaner(cleaner(x)) == cleaner(x)`` for generated ``x``."""

    @_settings(max_examples)
    @given(texts if texts is not None else _documents())
    def check(text: str) -> None:
        once = cleaner(text)
        twice = cleaner(once)
        assert twice == once, f"{_label(cleaner)} is not idempotent: {text!r} -> {once!r} -> {twice!r}"

    check()


def assert_total(
    cleaner: Cleaner, texts: st.SearchStrategy[str] | None = None, *, max_examples: int | None = None
) -> None:
    """Fail unless ``cleaner`` returns a ``str`` for every generated text."""

    @_settings(max_examples)
    @given(texts if texts is not None else _documents())
    def check(text: str) -> None:
        out = cleaner(text)
        assert isinstance(out, str), f"{_label(cleaner)} returned {type(out).__name__} for {text!r}"

    check()


def assert_contract(
    cleaner: Cleaner, texts: st.SearchStrategy[str] | None = None, *, max_examples: int | None = None
) -> None:
    """:func:`assert_total` and :func:`assert_idempotent` in one call: the
    contract every pass keeps."""
    assert_total(cleaner, texts, max_examples=max_examples)
    assert_idempotent(cleaner, texts, max_examples=max_examples)


def assert_preserves(
    cleaner: Cleaner, texts: st.SearchStrategy[str] | None = None, *, max_examples: int | None = None
) -> None:
    """Fail unless documents with nothing to clean come back byte-identical."""

    @_settings(max_examples)
    @given(texts if texts is not None else clean_documents())
    def check(text: str) -> None:
        out = cleaner(text)
        assert out == text, f"{_label(cleaner)} changed a clean document: {text!r} -> {out!r}"

    check()
