"""cleantext.lang: a cheap, offline guess of a text's language."""

from __future__ import annotations

import pytest

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
