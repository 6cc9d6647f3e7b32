"""cleantext.text: sentence boundaries in news text and quotation balance."""

from __future__ import annotations

import pytest

from cleantext.text import ends_sentence, sentence_ends, sentences, unclosed_quotes


def split(text: str) -> list[str]:
    ends = sentence_ends(text)
    starts = [0, *ends][: len(ends)]
    return [text[a:b].strip() for a, b in zip(starts, ends, strict=True)]


class TestSentenceEnds:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            pytest.param("One. Two.", ["One.", "Two."], id="plain"),
            pytest.param(
                "The U.S. House voted. Then it adjourned.",
                ["The U.S. House voted.", "Then it adjourned."],
                id="initialism-before-a-name",
            ),
            pytest.param(
                "Troops left the U.S. The talks resumed.",
                ["Troops left the U.S.", "The talks resumed."],
                id="initialism-ending-a-sentence",
            ),
            pytest.param("On Feb. 1 he spoke. He left.", ["On Feb. 1 he spoke.", "He left."], id="month"),
            pytest.param("Gov. Eric Holcomb spoke.", ["Gov. Eric Holcomb spoke."], id="title"),
            pytest.param("Mr. Putin and Dr. Who met.", ["Mr. Putin and Dr. Who met."], id="titles"),
            pytest.param(
                "He was born in Gary, Ind. The city is small.",
                ["He was born in Gary, Ind.", "The city is small."],
                id="state-ending-a-sentence",
            ),
            pytest.param(
                "She lives in Gary, Ind. near Chicago.", ["She lives in Gary, Ind. near Chicago."], id="state"
            ),
            pytest.param("J.R.R. Tolkien wrote it. It sold.", ["J.R.R. Tolkien wrote it.", "It sold."], id="initials"),
            pytest.param("George W. Bush spoke.", ["George W. Bush spoke."], id="middle-initial"),
            pytest.param(
                "Prices rose 3.5% on Monday. Bonds fell.", ["Prices rose 3.5% on Monday.", "Bonds fell."], id="decimal"
            ),
            pytest.param(
                "It happened at 11:11 p.m. on Friday. Police came.",
                ["It happened at 11:11 p.m. on Friday.", "Police came."],
                id="time",
            ),
            pytest.param(
                "It ended at 2 a.m. The crowd left.", ["It ended at 2 a.m.", "The crowd left."], id="time-ending"
            ),
            pytest.param(
                "He said it is over … that was all. Then", ["He said it is over … that was all."], id="ellipsis-inside"
            ),
            pytest.param("Wait... Then it came.", ["Wait...", "Then it came."], id="ellipsis-ending"),
            pytest.param("“It is over.” He left.", ["“It is over.”", "He left."], id="closing-quote"),
            pytest.param("(It was late.) They slept.", ["(It was late.)", "They slept."], id="closing-bracket"),
            pytest.param('He asked "Why?" Nobody knew.', ['He asked "Why?"', "Nobody knew."], id="question-in-quotes"),
            pytest.param(
                "“Should we go to war?” he asked. “No,” he said.",
                ["“Should we go to war?” he asked.", "“No,” he said."],
                id="quotation-then-attribution",
            ),
            pytest.param("Case No. 5 was heard. It failed.", ["Case No. 5 was heard.", "It failed."], id="number-sign"),
            pytest.param("2. Take inventory\n3. Sell", [], id="numbered-list-item"),
            pytest.param("It rained in 2019. 20 people died.", ["It rained in 2019.", "20 people died."], id="year"),
            pytest.param("東京は晴れ。大阪は雨。", ["東京は晴れ。", "大阪は雨。"], id="cjk-no-space"),
            pytest.param("¿Qué pasa? ¡Nada!", ["¿Qué pasa?", "¡Nada!"], id="spanish"),
            pytest.param("Visit example.com today", [], id="domain-is-not-an-end"),
            pytest.param(
                "Microsoft Corp. Chief Executive Satya Nadella spoke. He left.",
                ["Microsoft Corp. Chief Executive Satya Nadella spoke.", "He left."],
                id="corp",
            ),
            pytest.param("Apple Inc. Shares rose. They fell.", ["Apple Inc. Shares rose.", "They fell."], id="inc"),
            pytest.param(
                "She lives in Ste. Genevieve now. It is small.",
                ["She lives in Ste. Genevieve now.", "It is small."],
                id="ste",
            ),
            pytest.param(
                "Das Tor fiel in der 56. Minute. Dann war Schluss.",
                ["Das Tor fiel in der 56. Minute.", "Dann war Schluss."],
                id="german-ordinal",
            ),
            pytest.param("Er kam am 3. Oktober. Sie blieb.", ["Er kam am 3. Oktober.", "Sie blieb."], id="german-date"),
            pytest.param("Yahoo! Ups Ante for Small Businesses", [], id="name-with-exclamation-mark"),
            pytest.param("I use Yahoo! It works.", ["I use Yahoo!", "It works."], id="name-ending-a-sentence"),
            pytest.param("„Wir kommen.“ Dann ging er.", ["„Wir kommen.“", "Dann ging er."], id="german-quotation"),
            pytest.param("Weiter.“ Dann ging er.", ["Weiter.“", "Dann ging er."], id="german-closing-quote-alone"),
            pytest.param("Er sagte: »Gut.« Dann ging er.", ["Er sagte: »Gut.«", "Dann ging er."], id="chevrons"),
            pytest.param(
                "Il a dit : « Non. » Puis il est parti.",
                ["Il a dit : « Non. »", "Puis il est parti."],
                id="french-guillemets",
            ),
            pytest.param(
                "El Sr. García habló. Luego se fue.", ["El Sr. García habló.", "Luego se fue."], id="spanish-title"
            ),
            pytest.param(
                "Il Dott. Rossi parlò. Poi partì.", ["Il Dott. Rossi parlò.", "Poi partì."], id="italian-title"
            ),
            pytest.param(
                "A Sra. Silva falou. Depois saiu.", ["A Sra. Silva falou.", "Depois saiu."], id="portuguese-title"
            ),
            pytest.param(
                "M. Dupont a parlé. Il est parti.", ["M. Dupont a parlé.", "Il est parti."], id="french-title"
            ),
        ],
    )
    def test_splits_news_text(self, text: str, expected: list[str]) -> None:
        assert split(text) == expected

    def test_offsets_are_past_closing_marks(self) -> None:
        text = "He said “yes.” Then"
        assert sentence_ends(text) == [len("He said “yes.”")]

    @pytest.mark.parametrize(
        "text",
        ["." * 200_000, "U.S. " * 50_000, "Mr. " * 50_000, "a" * 200_000, "?”" * 100_000, " ." * 100_000],
        ids=["dots", "initialisms", "titles", "one-word", "marks-and-quotes", "spaced-dots"],
    )
    def test_adversarial_runs_finish(self, text: str) -> None:
        """Long runs of marks, abbreviations or letters are handled in one pass."""
        ends = sentence_ends(text)
        assert all(0 < e <= len(text) for e in ends)


class TestSentences:
    def test_line_breaks_end_units(self) -> None:
        assert sentences("WAR TALK\nMr. Putin spoke. He said “no.”\n\nThen he left") == [
            "WAR TALK",
            "Mr. Putin spoke.",
            "He said “no.”",
            "Then he left",
        ]


class TestEndsSentence:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("It is over.", True),
            ("It is over.\n\n", True),
            ("Is it over?", True),
            ("“It is over,” he said.", True),
            ("It is “over.”", True),
            ("(It is over.)", True),
            ("It is over…", True),
            ("in the U.S.", True),
            ("東京は晴れ。", True),
            ("and I really hope that", False),
            ("“It is over,”", False),
            ("a campaign led by Gov.", False),
            ("", False),
            ("   ", False),
            ("”", False),
            ("Das Tor fiel in der 56.", False),
            ("Das Spiel endete 2019.", True),
            ("Jetzt ist es Zeit zu handeln.“", True),
            ("Er sagte: »Wir kommen morgen.«", True),
            ("Il a dit : « Nous verrons. »", True),
            ("Il a dit\u00a0: «\u00a0Nous verrons.\u00a0»", True),
            ("He said. “", False),
            ("I searched on Yahoo!", True),
        ],
    )
    def test_table(self, text: str, expected: bool) -> None:
        assert ends_sentence(text) is expected


class TestUnclosedQuotes:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("“It is clear,” he said.", ""),
            ("“It is clear,” he said. “We will not", "”"),
            ('He said "we will not', '"'),
            ('He said "no" and "yes"', ""),
            ("„Wir schaffen das“, sagte sie.", ""),
            ("„Wir schaffen das", "“"),
            ("« Nous verrons", "»"),
            ("「東京」と「大阪", "」"),
            ("“Outer ‘inner’ still open", "”"),
            ("The players’ union’s view", ""),
            ('"But it is hard to find,” he said.', ""),
            ("Jetzt ist es Zeit zu handeln.“", ""),
            ("Er sagte: »Wir kommen", "«"),
            ("Er sagte: »Wir kommen.«", ""),
            ("Il a dit : « Nous verrons. »", ""),
        ],
    )
    def test_table(self, text: str, expected: str) -> None:
        assert unclosed_quotes(text) == expected
