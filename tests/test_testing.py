"""cleantext.testing, the checks users run on their own passes: the
strategies draw what they say, and the assertions fail when they should."""

from __future__ import annotations

import pytest
from hypothesis import find, given, settings

from cleantext import testing
from cleantext.testing import (
    assert_contract,
    caption_lines,
    documents,
    markup_text,
    mojibake,
    mojibake_text,
    news_documents,
    promo_lines,
)


class TestStrategies:
    def test_any_text_reaches_surrogates(self) -> None:
        found: list[str] = []

        @settings(max_examples=300, derandomize=True)
        @given(testing.any_text())
        def collect(text: str) -> None:
            found.extend(c for c in text if 0xD800 <= ord(c) <= 0xDFFF)

        collect()
        assert found

    @settings(max_examples=50)
    @given(mojibake_text())
    def test_mojibake_text_is_repaired_by_ftfy(self, text: str) -> None:
        """Every drawn text is a sentence garbled once or twice, which ftfy
        repairs (ASCII-only sentences are their own mojibake)."""
        import ftfy

        fixed = ftfy.fix_text(text, uncurl_quotes=False)
        assert text in (mojibake(fixed), mojibake(mojibake(fixed)))
        assert "â€" not in fixed and "Ã" not in fixed

    @settings(max_examples=50)
    @given(caption_lines())
    def test_caption_lines_end_with_a_credit(self, line: str) -> None:
        assert ", pictured on February 1, 2022. " in line and "\n" not in line

    @settings(max_examples=20)
    @given(promo_lines())
    def test_promo_lines_are_single_lines(self, line: str) -> None:
        assert line.strip() == line and "\n" not in line

    def test_markup_text_reaches_what_cleaners_act_on(self) -> None:
        seen: set[str] = set()

        @settings(max_examples=300, derandomize=True)
        @given(markup_text())
        def collect(text: str) -> None:
            seen.update(m for m in ("&lt;", "<b>", "((", "- ", "-\n", "http://", "@") if m in text)

        collect()
        assert seen == {"&lt;", "<b>", "((", "- ", "-\n", "http://", "@"}

    @pytest.mark.parametrize(
        "kind",
        ["surrogates", "mojibake", "markup", "whitespace"],
    )
    def test_documents_mixes_every_kind(self, kind: str) -> None:
        """The default input mix reaches each kind of hard input."""
        checks = {
            "surrogates": lambda t: any(0xD800 <= ord(c) <= 0xDFFF for c in t),
            "mojibake": lambda t: "â€" in t or "Ã" in t,
            "markup": lambda t: "<" in t or "&" in t,
            "whitespace": lambda t: bool(t) and not t.strip(),
        }
        find(documents(), checks[kind], settings=settings(max_examples=5000, database=None))

    @settings(max_examples=30)
    @given(news_documents())
    def test_news_documents_are_strings(self, text: str) -> None:
        assert isinstance(text, str)

    def test_public_names(self) -> None:
        for name in testing.__all__:
            assert getattr(testing, name).__doc__, name


class TestAssertContract:
    def test_passes_a_good_cleaner(self) -> None:
        assert_contract(str.strip, max_examples=30)

    def test_catches_a_cleaner_that_is_not_idempotent(self) -> None:
        with pytest.raises(AssertionError, match="not idempotent"):
            assert_contract(lambda t: t + "!", max_examples=30)

    def test_catches_a_cleaner_that_raises(self) -> None:
        def fails_on_markup(text: str) -> str:
            if "<" in text:
                raise ValueError("a tag")
            return text

        with pytest.raises(ValueError, match="a tag"):
            assert_contract(fails_on_markup, markup_text(), max_examples=200)
