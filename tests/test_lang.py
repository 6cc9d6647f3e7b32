"""cleantext.lang: a cheap, offline guess of a text's language."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleantext.lang import guess_language, language_scores, profiles, script_of


class TestGuessLanguage:
    @pytest.mark.parametrize(
        ("text", "lang"),
        [
            ("The government said on Tuesday that it would not take part in the talks.", "en"),
            ("Die Regierung hat am Dienstag erklärt, dass sie nicht an den Gesprächen teilnehmen wird.", "de"),
            ("Le gouvernement a déclaré mardi qu'il ne participera pas aux négociations.", "fr"),
            ("El gobierno dijo el martes que no participará en las negociaciones.", "es"),
            ("Il governo ha detto martedì che non parteciperà ai negoziati.", "it"),
            ("O governo disse na terça-feira que não vai participar das negociações.", "pt"),
            ("De regering zei dinsdag dat ze niet aan de gesprekken zal deelnemen.", "nl"),
            ("Rząd powiedział we wtorek, że nie weźmie udziału w rozmowach, które są ważne.", "pl"),
        ],
    )
    def test_sentences(self, text: str, lang: str) -> None:
        """One ordinary sentence is enough evidence."""
        assert guess_language(text) == lang

    @pytest.mark.parametrize("text", ["", "Kyiv", "Zelenskyy, Erdoğan, José", "12:30 | 4-2", "KYIV, Feb 1"])
    def test_thin_evidence_is_unknown(self, text: str) -> None:
        """Names, numbers and headlines give no guess: the caller decides what unknown means."""
        assert guess_language(text) is None

    def test_names_with_diacritics_do_not_count(self) -> None:
        """Letters particular to a language count only in words that start in lower case."""
        assert language_scores("Erdoğan Müller Gonçalves") == {}
        assert guess_language("Erdoğan and Müller said that the deal was off.") == "en"

    def test_shared_words_count_in_part(self) -> None:
        """A word of several languages counts for each of them in part."""
        scores = language_scores("de")
        assert 0 < max(scores.values()) < 1
        assert abs(sum(scores.values()) - 1) < 1e-9

    def test_needs_a_clear_lead(self) -> None:
        """Two languages with equal evidence give no guess."""
        assert guess_language("the and of der dem ist") is None

    def test_profiles_load(self) -> None:
        prof = profiles()
        assert {"en", "de", "fr", "es", "it", "pt"} <= set(prof.languages)
        assert all(w == w.lower() for w in prof.words)

    def test_linear_on_large_input(self) -> None:
        """One pass over the words: a long text is guessed like a short one."""
        assert guess_language("The talks went on. " * 20000) == "en"


class TestScript:
    @pytest.mark.parametrize(
        ("text", "script"),
        [
            ("Kyiv", "latin"),
            ("Київ", "cyrillic"),
            ("北京", "cjk"),
            ("القاهرة", "arabic"),
            ("Αθήνα", "greek"),
            ("123", None),
        ],
    )
    def test_script_of(self, text: str, script: str | None) -> None:
        assert script_of(text) == script


def _scores_reference(text: str, *, distinct: bool = False) -> dict[str, float]:
    """language_scores as first written: every word visited in text order."""
    import regex

    from cleantext.lang import profiles

    prof = profiles()
    scores: dict[str, float] = {}
    found = regex.findall(r"[^\W\d_]++", text)
    if distinct:
        found = list(dict.fromkeys(found))
    for w in found:
        owners = prof.words.get(w.lower())
        if owners is not None:
            for lang, weight in owners:
                scores[lang] = scores.get(lang, 0.0) + weight
        if not w.isascii() and w[0].islower():
            marked = {lang for ch in w if ch in prof.letters for lang in prof.letters[ch]}
            for lang in marked:
                scores[lang] = scores.get(lang, 0.0) + 0.5 / len(marked)
    return scores


_LANG_WORDS = st.sampled_from(
    "the and of der die und le la les el los que il di een het och og ve şi în a an to w z i "
    "Straße über été señor già São Zürich 東京 Москва naïve café ﬁne Ölpreis".split()
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_LANG_WORDS, st.text(max_size=6)), max_size=40), st.sampled_from([" ", ", ", "\n", "“"]))
def test_scores_are_the_sums_of_the_word_by_word_reading(words: list[str], sep: str) -> None:
    from cleantext.lang import language_scores

    text = sep.join(words)
    for distinct in (False, True):
        assert language_scores(text, distinct=distinct) == _scores_reference(text, distinct=distinct)
