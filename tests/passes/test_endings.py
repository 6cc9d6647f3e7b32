"""repair-truncation and close-quotes: tables of real-looking endings, the
policies, and the properties the issue asks for."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleantext import Pipeline
from cleantext.errors import ConfigError
from cleantext.passes.endings import CloseQuotes, RepairTruncation
from cleantext.testing import any_text, clean_documents, news_documents

SAMPLE_END = (
    "Johnson said any Russian invasion of Ukraine would lead to military and humanitarian catastrophe.\n"
    "“There are 200,000 men and women under arms in Ukraine, they will be very resilient, very aggressive and"
    " bloody,” he said. “I think Russian parents and mothers should think about that fact and I really hope that"
)
SAMPLE_REPAIRED = SAMPLE_END[: SAMPLE_END.index(" “I think")]

REPAIRED = [
    # A capitalised word cut short stays evidence inside a line that ends a
    # sentence before it, and after a word in lower case.
    pytest.param(
        "He said the talks were over. The delegation flew to Hong Kon",
        "He said the talks were over.",
        id="name-cut-in-a-line",
    ),
    pytest.param(
        "The festival opens on Friday.\n\nThe film stars Chan", "The festival opens on Friday.", id="name-cut"
    ),
    pytest.param(SAMPLE_END, SAMPLE_REPAIRED, id="sample-quote-opened-in-the-cut-sentence"),
    pytest.param(
        "Officials met on Tuesday.\n\nThe deal, backed by Ian Wil… [+3427 chars]",
        "Officials met on Tuesday.",
        id="newsapi-tail",
    ),
    pytest.param(
        "The minister resigned on Friday. She said she would […]", "The minister resigned on Friday.", id="rss-tail"
    ),
    pytest.param("Stocks fell sharply. Analysts expect Read more…", "Stocks fell sharply.", id="read-more"),
    pytest.param("The vote passed.\n\nContinue reading", "The vote passed.", id="continue-reading"),
    pytest.param("Rain is expected. Forecasters say the storm (truncated)", "Rain is expected.", id="truncated-note"),
    pytest.param("He arrived late. After the meeting,", "He arrived late.", id="comma"),
    pytest.param("He left. “It was terrifying,”", "He left.", id="quotation-awaiting-attribution"),
    pytest.param(
        "Russia has denied the claims. Western countries say any att",
        "Russia has denied the claims.",
        id="mid-word",
    ),
    pytest.param("Putin spoke on Tuesday. He said that the", "Putin spoke on Tuesday.", id="function-word"),
    pytest.param("He spoke. “We will", "He spoke.", id="opened-quote"),
    pytest.param("He spoke. (The talks, which began", "He spoke.", id="opened-bracket"),
    pytest.param('He spoke. Then he said "', "He spoke.", id="opening-quote-after-words"),
    pytest.param("The talks ended. T", "The talks ended.", id="single-letter"),
    pytest.param(
        "First paragraph ends here.\n\nThe second paragraph starts and",
        "First paragraph ends here.",
        id="cut-first-sentence-of-a-paragraph",
    ),
    pytest.param("Done.\n\nThe next one wa\n", "Done.\n", id="final-newline-kept"),
    pytest.param("Done.\r\n\r\nThe next one wa\r\n", "Done.\r\n", id="crlf-kept"),
    pytest.param(
        "Noem spoke on Monday. The campaign was led by Gov.", "Noem spoke on Monday.", id="title-abbreviation"
    ),
    pytest.param("It ended.\n\nNote: The bundle includes Hulu wit", "It ended.", id="label-with-cut-sentence"),
    pytest.param("東京は晴れ。大阪は", "東京は晴れ。", id="japanese"),
    pytest.param("Он ушёл. Потом он сказал, что", "Он ушёл.", id="russian"),
    pytest.param("Done.\n\n¿Qué pasa con el", "Done.", id="spanish"),
    pytest.param(
        "Officials met on Tuesday. The film is about the making of a pol…",
        "Officials met on Tuesday.",
        id="glued-ellipsis-after-a-broken-word",
    ),
    pytest.param(
        "Officials met on Tuesday.\n\nThe talks covered the new att…\n",
        "Officials met on Tuesday.\n",
        id="glued-ellipsis-on-its-own-line",
    ),
    pytest.param(
        "Das Spiel endete 1:0. Das Tor fiel in der 56. Minute nach einem Eckball und",
        "Das Spiel endete 1:0.",
        id="german-ordinal-is-not-a-sentence-end",
    ),
    pytest.param(
        "He spoke on Monday. The deal was struck with Microsoft Corp. Chief Executive Satya Nadella and",
        "He spoke on Monday.",
        id="corp-is-not-a-sentence-end",
    ),
    pytest.param("It ended.\n\nThe deal was signed by the Presid", "It ended.", id="capitalised-word-broken-off"),
    pytest.param(
        "It ended. The talks will resume, officials said, and Apple A", "It ended.", id="single-letter-in-prose"
    ),
    pytest.param("Er ging. Dann sagte er, aber", "Er ging.", id="german-conjunction"),
    pytest.param("今日は晴れです。\n例えば、消費者は、スマートフォ", "今日は晴れです。", id="cjk-line-with-a-comma"),
    pytest.param(
        "They met.\n“We will fight on the beaches, we will fight on the landing grounds",
        "They met.",
        id="quotation-opened-in-the-last-line",
    ),
    pytest.param("It ended. The deal was approved by the Attorn", "It ended.", id="capitalised-fragment-in-line"),
    pytest.param("It ended. Officials said the new", "It ended.", id="word-that-hardly-ends-a-sentence"),
]

# Cut, but nothing at the end shows it: the pass does not guess.
UNCERTAIN = [
    pytest.param(
        "It ended.\n\nA GUN IN THE HEAD OF UKRAINE\n\nAs Western countries rush to show", id="after-a-headline"
    ),
    pytest.param("It ended.\n\nHostage swap\n\nThe Afghan government has ruled out", id="after-a-short-line"),
    pytest.param(
        "The outbreak has resulted in 10 human cases.\n\nDr. Joneigh Khaldun of the Michigan Department",
        id="capitalised-words",
    ),
    pytest.param("It fell by half.\n\nAccording to the Centre for Disease Control", id="title-case-words"),
    pytest.param('He spoke. "', id="straight-quote-alone-may-close-an-earlier-quotation"),
]

# Complete texts whose last line has no final mark (issue: "Leave content alone").
COMPLETE_WITHOUT_FINAL_MARK = [
    pytest.param("Growth was slow in the 1990s.\nIn 2003, the economy expanded by 1.3%", id="percentage"),
    pytest.param("The game was delayed twice.\n\nHalf-Life 2 is out now for the PC", id="sentence-ending-on-a-name"),
    pytest.param("Datta. Dayadhvam. Damyata.\n\n     Shantih shantih shantih\n", id="poem-last-line"),
    pytest.param(
        "The winners were announced on Sunday.\nBest Picture: Parasite\nBest Director: Bong Joon-ho\n"
        "Best Supporting Actress: Laura Dern",
        id="award-list",
    ),
    pytest.param("Das Team gewann 3:1.\nTore: Auer, Novota", id="sports-results"),
    pytest.param("Das Programm am Sonntag.\n\nBis 3.40, ZDF", id="tv-listing"),
    pytest.param("We won the cup!\nSee you all next season 🏆", id="emoji"),
    pytest.param("<anna> did you see the game?\n<ben> yeah what a finish\n<anna> lol", id="chat"),
    pytest.param("Stocks rally as Fed signals pause\nOil prices slip on demand worries\n", id="headlines"),
    pytest.param("今日は晴れです。\n東京の天気予報", id="cjk-line"),
    pytest.param("The results are in.\n\nYahoo! Ups Ante for Small Businesses", id="brand-with-exclamation"),
    pytest.param(
        "„Wir haben lange gewartet.\n\nJetzt ist es Zeit zu handeln.“", id="german-quote-from-earlier-paragraph"
    ),
    pytest.param("Er sagte: »Wir kommen morgen.«", id="german-chevrons"),
    pytest.param("Il a dit : « Nous verrons. »", id="french-guillemets"),
    pytest.param("Il a dit\u00a0: «\u00a0Nous verrons.\u00a0»", id="french-guillemets-no-break-space"),
    pytest.param("Das Tor fiel in der 56. Minute.", id="german-ordinal"),
    pytest.param("The talks went on for hours, and then…", id="glued-ellipsis-after-a-word"),
    pytest.param("It rose. Then it fell sharply…", id="glued-ellipsis-after-an-adverb"),
    pytest.param("It was late.\n\nHealth Services Research, 47: 1880–1901. doi: 10.1111/j.1475-6773.x", id="doi"),
    pytest.param('We need your help. Get out.\n"', id="lone-quote-line"),
    pytest.param("Transcripts are not available.\n\n-END-", id="end-marker"),
    pytest.param("He works for Apple Inc.", id="inc-at-the-end"),
    pytest.param("It was fine.\nThis should go well but it won’t hurt ;-)", id="emoticon"),
    pytest.param("It was fine.\nRead the rest of this post on the original site »", id="closing-chevron-alone"),
    pytest.param("It was done.\n12:47:28 PM comment []", id="empty-brackets"),
    pytest.param("It was done.\nAll Network Coverage [-E-}", id="mismatched-brackets"),
]

# Texts whose last lines end in ";", ",", or a word: the pass once deleted
# them line by line.
CASCADING = [
    pytest.param(
        "The licence is granted on three conditions:\n"
        "(a) the licensee shall pay the fee;\n(b) the licensor shall deliver the goods;\n"
        "(c) both parties shall keep records;",
        id="legal-clauses",
    ),
    pytest.param(
        "You will need:\n• two eggs;\n• a cup of flour;\n• a pinch of salt;\n• butter for the pan;",
        id="bulleted-list",
    ),
    pytest.param(
        "I wandered lonely as a cloud.\nThat floats on high o'er vales and hills,\n"
        "When all at once I saw a crowd,\nA host, of golden daffodils,\nBeside the lake, beneath the trees,",
        id="comma-ended-poem",
    ),
    pytest.param(
        "Write to us.\nJane Doe\nEditorial Office\n12 High Street\nSpringfield, IL 62701\nUnited States",
        id="address-block",
    ),
    pytest.param("Shopping list.\nflour\nsugar\neggs\nbutter\nmilk\ncream", id="one-word-per-line"),
]

UNCHANGED = [
    # A whole last line that ends on a name of several words: a name, not a
    # word cut short ("Chan" starts "change", "Doe" starts "does").
    pytest.param("The festival opens on Friday.\n\nStarring Jackie Chan", id="name-of-two-words"),
    pytest.param("The festival opens on Friday.\n\nSpecial guest: Yo-Yo Ma", id="name-after-a-label"),
    pytest.param("The festival opens on Friday.\n\nThe film also stars Jackie Chan", id="name-ends-a-line"),
    # A credit label in another language: not prose, whatever its last word.
    pytest.param("The festival opens on Friday.\n\nFoto: Doe", id="credit-label-de"),
    pytest.param("Se inauguró el viernes.\n\nImagen: Doe", id="credit-label-es"),
    pytest.param("“It is over,” he said. “We will win.”", id="quote"),
    pytest.param("Read the review.\n\n“Wild Rose”", id="quoted-title"),
    pytest.param("Should we go to war with NATO?", id="question"),
    pytest.param("“Should we go to war?” he asked.", id="question-and-attribution"),
    pytest.param("Tickets are on sale. Ticket details: http://www.daviscupfinals.com/", id="url"),
    pytest.param("For more information, please visit www.my6sense.com", id="domain"),
    pytest.param("Inquiry\n02-751-1500", id="number-line"),
    pytest.param("Tickets went on sale.\n\nFinal score: Chelsea 2, Arsenal 1", id="number-in-a-label"),
    pytest.param("It was shared widely.\n\n— Cooper Lund (@cooperlund) November 18, 2019", id="tweet-signature"),
    pytest.param("It was late.\n\n(Image credit: All About Space)", id="closing-bracket"),
    pytest.param("The index rose. Japan's Nikkei 225 (N225)", id="closing-bracket-after-prose"),
    pytest.param("Troops were sent from the U.S.", id="abbreviation"),
    pytest.param("The talks went on for hours, and then…", id="ellipsis"),
    pytest.param("All...", id="dots"),
    pytest.param("The talks ended.\n\nA GUN IN THE HEAD OF UKRAINE", id="all-caps-headline"),
    pytest.param("The talks ended.\n\nProvided by European Space Agency", id="title-case-line"),
    pytest.param("New features:\nChallenges coming soon\nBetter Android support\nBugs fixed", id="list"),
    pytest.param(
        "What is new:\n\nChallenges coming soon\n\nBetter Android support for older phones\n\nBugs fixed",
        id="list-with-blank-lines",
    ),
    pytest.param("It ended.\n\nContributing: Kristine Phillips", id="contributor-credit"),
    pytest.param("It ended.\n\nWith Post wires", id="wire-credit"),
    pytest.param("It ended.\n\nMain image credit: Getty", id="image-credit"),
    pytest.param("They were deported for entering the country illegally. PTI", id="agency-sign-off"),
    pytest.param("It ended.\n\nDisclaimer", id="section-label"),
    pytest.param("Twitter seemed a bit confused by the campaign:", id="colon"),
    pytest.param("저작권자 ⓒ 엔터미디어, 무단전재 및 재배포금지", id="copyright"),
    pytest.param("It ended.\n\n___", id="separator"),
    pytest.param("All opinions are mine alone. #HealthyHydration #ad", id="hashtags"),
    pytest.param("Copyright 2019 Hawaii News Now. All rights reserved.", id="rights-reserved"),
    pytest.param("and I really hope that", id="no-complete-sentence-is-kept"),
    pytest.param("Putin warns NATO", id="headline-alone"),
    pytest.param("It ended.  \n\n", id="trailing-whitespace"),
    pytest.param("", id="empty"),
    pytest.param(" \n\t ", id="whitespace"),
    *COMPLETE_WITHOUT_FINAL_MARK,
    *CASCADING,
    *UNCERTAIN,
]


class TestDrop:
    @pytest.mark.parametrize(("text", "expected"), REPAIRED)
    def test_repairs_cut_endings(self, text: str, expected: str) -> None:
        """The incomplete final sentence goes, with what it opened."""
        assert RepairTruncation()(text) == expected

    @pytest.mark.parametrize("text", UNCHANGED)
    def test_leaves_complete_endings_byte_identical(self, text: str) -> None:
        """Complete texts, headlines, lists, credits and addresses stay as they are."""
        assert RepairTruncation()(text) == text

    @pytest.mark.parametrize("text", CASCADING)
    def test_cascading_cases_lose_nothing_even_when_cut(self, text: str) -> None:
        """A text whose last lines end in ";", "," or a word loses nothing,
        and at most its last line when that line is cut."""
        assert RepairTruncation()(text) == text
        cut = text + "\nThe remaining terms are set out in the"
        assert RepairTruncation()(cut) in (text, cut)

    def test_at_most_one_line_goes(self) -> None:
        """Many cut lines in a row: removing the last would bare another, so
        the evidence is not clear and the text stays."""
        text = "It began.\n" + "The cat sat on the\n" * 3
        assert RepairTruncation()(text) == text

    def test_sample_document(self) -> None:
        """The sample's last paragraph ends on the attribution before the cut."""
        assert RepairTruncation()(SAMPLE_END).endswith("bloody,” he said.")

    def test_long_adversarial_inputs(self) -> None:
        """Long inputs are judged from their end only, and the result is stable."""
        assert RepairTruncation()("a\n" * 1_000_000) == "a\n" * 1_000_000
        text = "It began.\n" + "The cat sat on the\n" * 20_000
        assert RepairTruncation()(text) == text
        huge_inputs = ("word " * 200_000, "Mr. " * 100_000 + "x", "\n" * 200_000 + "x", '"' * 200_000, "x" * 300_000)
        for huge in (*huge_inputs, "Read more " * 100_000, "a,\n" * 100_000):
            once = RepairTruncation()(huge)
            assert RepairTruncation()(once) == once


class TestPolicies:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            (SAMPLE_END, SAMPLE_END + "…"),
            ("It rose. Then it fell sharply,", "It rose. Then it fell sharply…"),
            (
                "Officials met.\n\nThe deal, backed by Ian Wil… [+3427 chars]\n",
                "Officials met.\n\nThe deal, backed by Ian Wil…\n",
            ),
            ("and I really hope that", "and I really hope that…"),
            ("The vote passed. Continue reading", "The vote passed."),
            ("It is over.", "It is over."),
            ("It rose. He said you could read more,", "It rose. He said you could read more,"),
        ],
    )
    def test_ellipsis(self, text: str, expected: str) -> None:
        assert RepairTruncation(policy="ellipsis")(text) == expected

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            (
                "He said the talks would resume on Monday and",
                "He said the talks would resume on Monday and [truncated]",
            ),
            ("It rose. Then it fell sharply, \n", "It rose. Then it fell sharply [truncated]\n"),
            ("The vote passed. Continue reading", "The vote passed. [truncated]"),
            ("and I really hope that", "and I really hope that [truncated]"),
            ("It is over.", "It is over."),
            ("It rose. Then it fell [truncated]", "It rose. Then it fell [truncated]"),
        ],
    )
    def test_mark(self, text: str, expected: str) -> None:
        assert RepairTruncation(policy="mark")(text) == expected

    def test_custom_marker(self) -> None:
        mark = RepairTruncation(policy="mark", marker=" (cut)")
        assert mark("It rose. Then the") == "It rose. Then the (cut)"
        assert mark("It rose. Then the (cut)") == "It rose. Then the (cut)"

    def test_blank_marker_is_a_config_error(self) -> None:
        with pytest.raises(ConfigError, match="repair-truncation.*marker"):
            RepairTruncation(policy="mark", marker="  ")

    def test_unknown_policy_is_a_config_error(self) -> None:
        with pytest.raises(ConfigError, match="policy"):
            RepairTruncation(policy="chop")  # type: ignore[arg-type]


class TestExplain:
    def test_removed_sentence_is_reported(self) -> None:
        out, changes = RepairTruncation().apply(SAMPLE_END)
        assert out == SAMPLE_REPAIRED
        assert [(c.kind, c.line) for c in changes] == [("text-removed", 2)]
        assert (
            changes[0].before
            == " “I think Russian parents and mothers should think about that fact and I really hope that".lstrip()
        )
        assert changes[0].reason is not None and "mid-sentence" in changes[0].reason

    def test_scraper_note_and_sentence_are_reported_apart(self) -> None:
        _, changes = RepairTruncation().apply("Officials met.\n\nThe deal, backed by Ian Wil… [+3427 chars]")
        reasons = sorted(c.reason or "" for c in changes)
        assert len(changes) == 2
        assert reasons[0].startswith("incomplete final sentence")
        assert "[+3427 chars]" in reasons[1]

    def test_mark_is_reported(self) -> None:
        _, changes = RepairTruncation(policy="mark").apply("He said it would")
        assert [(c.kind, c.after) for c in changes] == [("text-appended", " [truncated]")]

    def test_nothing_to_report_for_complete_text(self) -> None:
        assert RepairTruncation().apply("It is over.\n") == ("It is over.\n", [])


def cut_documents() -> st.SearchStrategy[str]:
    """Clean news documents cut at any position."""
    return st.builds(lambda doc, f: doc[: int(len(doc) * f)], clean_documents(), st.floats(0, 1))


# Lines of lists, clauses, verses and addresses, none ending on a word
# that leaves a sentence open.
ITEMS = [
    "two eggs",
    "a cup of flour",
    "the licensee shall pay the fee",
    "the licensor shall deliver the goods within thirty days",
    "Springfield, IL 62701",
    "United States",
    "Jane Doe",
    "the gulls ride low above the bay",
    "and someone sings the light away",
    "Best Director: Bong Joon-ho",
    "Bis 3.40, ZDF",
    "Auer, Novota",
    "flour",
    "3.5%",
    "Oil prices slip on demand worries",
    "(b) both parties shall keep records",
    "• butter for the pan",
    "東京の天気予報",
]

DOCUMENTS = st.one_of(any_text(), news_documents(), cut_documents())


class TestProperties:
    @settings(max_examples=300, deadline=None)
    @given(DOCUMENTS)
    def test_drop_keeps_a_prefix_and_never_empties(self, text: str) -> None:
        """Under drop the output, trailing whitespace aside, is a prefix of
        the input, a second run changes nothing, and a text with anything
        but whitespace is never emptied."""
        repair = RepairTruncation()
        out = repair(text)
        assert text.startswith(out.rstrip())
        assert repair(out) == out
        if text.strip():
            assert out.strip()

    @settings(max_examples=200, deadline=None)
    @given(clean_documents(), st.floats(0, 1))
    def test_at_most_one_line_is_removed(self, text: str, where: float) -> None:
        """A clean document cut anywhere loses at most the line it was cut in."""
        cut = text[: int(len(text) * where)]
        out = RepairTruncation()(cut)
        removed = cut[len(out.rstrip()) :]
        assert cut.startswith(out.rstrip())
        assert len([line for line in removed.splitlines() if line.strip()]) <= 1

    @settings(max_examples=200, deadline=None)
    @given(
        st.lists(st.sampled_from(ITEMS), min_size=2, max_size=8),
        st.sampled_from([";", ",", "", " —"]),
        st.sampled_from(["\n", "\n\n", "\r\n"]),
    )
    def test_structured_lines_lose_nothing(self, items: list[str], mark: str, eol: str) -> None:
        """Lists, clauses, verses and address lines after a sentence: nothing
        at the end shows a cut, so nothing goes, whatever ends the lines."""
        text = "It was agreed as follows." + eol + eol.join(item + mark for item in items) + eol
        for policy in ("drop", "ellipsis", "mark"):
            assert RepairTruncation(policy=policy)(text) == text  # type: ignore[arg-type]

    @settings(max_examples=300, deadline=None)
    @given(DOCUMENTS, st.sampled_from(["ellipsis", "mark"]), st.sampled_from([" [truncated]", " (cut)", "…"]))
    def test_marks_are_not_marked_again(self, text: str, policy: str, marker: str) -> None:
        repair = RepairTruncation(policy=policy, marker=marker)  # type: ignore[arg-type]
        out = repair(text)
        assert repair(out) == out

    @settings(max_examples=200, deadline=None)
    @given(clean_documents())
    def test_complete_documents_are_byte_identical(self, text: str) -> None:
        for policy in ("drop", "ellipsis", "mark"):
            assert RepairTruncation(policy=policy)(text) == text  # type: ignore[arg-type]

    @settings(max_examples=200, deadline=None)
    @given(DOCUMENTS)
    def test_news_preset_with_close_quotes_is_idempotent(self, text: str) -> None:
        """What the repair leaves at the end never gives a second run work."""
        pipeline = Pipeline(["normalize-whitespace", "repair-truncation", "close-quotes"])
        once = pipeline(text)
        assert pipeline(once) == once


class TestCloseQuotes:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("He said. “We will not back down.", "He said. “We will not back down.”"),
            ("“Yes.\n", "“Yes.”\n"),
            ('He said: "We will win.', 'He said: "We will win."'),
            ("Sie sagte: „Wir schaffen das.", "Sie sagte: „Wir schaffen das.“"),
            ("Il a dit : « Nous verrons.", "Il a dit : « Nous verrons.»"),
        ],
    )
    def test_closes_the_quotation_left_open_at_the_end(self, text: str, expected: str) -> None:
        assert CloseQuotes()(text) == expected

    @pytest.mark.parametrize(
        "text",
        [
            pytest.param(
                "“This can be done in a variety of ways, by dragging us into some kind of war.\n"
                "The Prime Minister of Hungary said he believed there was a consensus.\n",
                id="open-across-paragraphs",
            ),
            pytest.param("“The first paragraph of a long quote.\n“And the second.”\n", id="continued-quotation"),
            pytest.param("He said “I really hope that", id="cut-text-is-not-closed"),
            pytest.param("“It is over,” he said.", id="balanced"),
            pytest.param("The players’ union agreed.", id="apostrophe"),
            pytest.param("", id="empty"),
        ],
    )
    def test_leaves_other_texts_alone(self, text: str) -> None:
        assert CloseQuotes()(text) == text

    def test_german_closing_quote_is_not_an_opening_one(self) -> None:
        """A „quotation opened in an earlier paragraph and closed with .“ is
        not closed again."""
        text = "„Wir haben lange gewartet.\n\nJetzt ist es Zeit zu handeln.“\n"
        assert CloseQuotes()(text) == text

    def test_after_repair(self) -> None:
        pipeline = Pipeline(["repair-truncation", "close-quotes"])
        assert pipeline("“We will fight. We will win. And we") == "“We will fight. We will win.”"


# Pieces of truncation notes and of ordinary endings, so that random texts
# come near every way a note can end.
_TAIL_PIECES = [
    "[+12 chars]", "[ +3,427 characters ]", "…", "...", "..", ".", " ", "\n", "\u00a0", "[", "]", "(", ")",
    "[…]", "(...)", "[truncated]", "(Continued)", "( more )", "Read more", "READ MORE", "read the full story",
    "Read the full article", "continue reading", "Keep Reading", "full story", "»", "›", ">>", ">", "→", ":",
    "chars", "the", "said", "story.", "”", '"', "’", "more", "e", "y", "g", "d", "s", "r", "a", "1", "ſ", "K",
]  # fmt: skip


class TestTailPrecheck:
    """The check on the last two characters that lets most texts skip the
    search for a truncation note never skips a text that has one."""

    def test_the_built_in_notes_are_understood(self) -> None:
        from cleantext.passes.endings import _tables

        assert _tables().tail_ends is not None

    @pytest.mark.parametrize(
        ("pattern", "read"),
        [(r"a\b", True), (r"(a)\1", False), (r"a*", False), (r"(?=a)", False), (r"[^b]", True)],
        ids=["word-boundary-is-zero-width", "back-reference", "may-match-nothing", "only-a-lookahead", "negated"],
    )
    def test_patterns_it_cannot_read_are_always_searched(self, pattern: str, read: bool) -> None:
        from cleantext.passes.endings import _final_characters

        rx = _final_characters(pattern + r"\Z", 0)
        assert (rx is not None) == read
        if rx is not None:  # it accepts what the pattern matches, and not everything
            assert rx.search("xa", 0) is not None
            assert rx.search("xb", 0) is None

    @settings(max_examples=1500, deadline=None)
    @given(st.lists(st.sampled_from(_TAIL_PIECES), min_size=1, max_size=8), st.text(max_size=3))
    def test_never_skips_a_note(self, pieces: list[str], noise: str) -> None:
        from cleantext.passes.endings import _TAIL_END_WIDTH, _TAIL_WINDOW, _rstrip_end, _tables, _wide_tail_ends

        tables = _tables()
        text = noise + "".join(pieces)
        end = _rstrip_end(text, len(text))
        if end == 0:
            return
        found = tables.tails.search(text, max(0, end - _TAIL_WINDOW), end)
        if found is not None:
            assert tables.tail_ends is not None
            assert tables.tail_ends.search(text, max(0, end - 2), end) is not None
            assert _wide_tail_ends().search(text, max(0, end - _TAIL_END_WIDTH), end) is not None


@settings(max_examples=600, deadline=None)
@given(
    st.lists(st.sampled_from(_TAIL_PIECES), min_size=1, max_size=8), st.text(max_size=3), st.sampled_from([1, 3, 5, 6])
)
def test_a_wider_tail_check_never_skips_a_note(pieces: list[str], noise: str, width: int) -> None:
    """Read at any number of final characters, the check keeps every text
    that ends in a note."""
    import re

    from cleantext.passes.endings import _TAIL_WINDOW, _final_characters, _rstrip_end, _tables

    rx = _final_characters(_tables().tails.pattern, re.IGNORECASE, width)
    assert rx is not None
    text = noise + "".join(pieces)
    end = _rstrip_end(text, len(text))
    if end and _tables().tails.search(text, max(0, end - _TAIL_WINDOW), end) is not None:
        assert rx.search(text, max(0, end - width), end) is not None


# -- the fast paths give the answers of the long ones -----------------------------

# Pieces that endings are made of: words (titles, function words, broken
# ones, ordinals), final marks, closing and opening marks, spaces, notes.
_ENDING_PIECES = st.sampled_from([
    "word", "said", "the", "and", "Gov", "Mr", "approx", "vs", "v", "U.S", "pol", "att", "Kon", "3", "19",
    "é", "Ö", "東京は", "Он", "der", "56", ".", ".", ".", "..", "...", "…", "!", "?", "。", "‼", "!?",
    "”", "“", '"', "'", "’", "»", "«", "„", ")", "]", "(", "[", "}", ",", "—", "-", ":", ";",
    " ", " ", " ", "\n", "\n\n", "\r\n", "\t", "\u00a0", "\u202f", "[+1234 chars]", "[…]", "Read more",
    "read more…", "(truncated)", "www.example.com", "@handle", "Ⓐ", "2.",
])  # fmt: skip
_LAST_WORDS = st.sampled_from([
    "word", "said", "the", "and", "Gov", "Mr", "approx", "vs", "v", "U.S", "pol", "att", "Kon", "Th", "T", "A",
    "a", "I", "3", "19", "2019", "é", "Öl", "東京は", "Он", "www.example.com", "@handle", "Ⓐ", "more", "",
    "der 56", "am 3", "in 1967", "notice)", "dialogue”", "(Gov", "“Feb", "обновлять", "p.m", "a.k.a", "x" * 41,
])  # fmt: skip
_ENDINGS = st.tuples(
    st.lists(_ENDING_PIECES, max_size=8).map("".join),
    st.sampled_from(["", " ", "\n", "(", "“", " „"]),
    _LAST_WORDS,
    st.sampled_from(["", "", "", ".", ".", ".", "!", "?", "…", "...", "..", ",", "—", "-", ":", "。", "!?"]),
    st.lists(st.sampled_from(["”", '"', "’", "'", ")", "]", "»", "“", "«", " »", "\u00a0»"]), max_size=2).map("".join),
    st.sampled_from(["", "", "\n", " \n", "\r\n", "\u00a0", "\n\n"]),
).map("".join)


def _without_fast_paths(monkeypatch: pytest.MonkeyPatch) -> None:
    from cleantext.passes import endings

    monkeypatch.setattr(endings, "_plainly_complete", lambda text, end: False)


@settings(max_examples=1500, deadline=None)
@given(
    head=st.sampled_from(["", "It rained. ", "He said the talks went on\n", "“We will go,” he said. "]), tail=_ENDINGS
)
def test_plainly_complete_texts_are_those_the_full_reading_leaves(head: str, tail: str) -> None:
    from cleantext.passes import endings

    text = head + tail
    end = endings._rstrip_end(text, len(text))
    if end and endings._plainly_complete(text, end):
        tails = endings._tables().tail_ends
        assert tails is not None and tails.search(text, max(0, end - 2), end) is None
        assert endings._GLUED_ELLIPSIS.search(text, max(0, end - 3), end) is None
        assert endings._ends_sentence_at(text, end)


@settings(max_examples=150, deadline=None)
@given(head=st.sampled_from(["", "It rained. ", "He said the talks went on\n"]), tail=_ENDINGS)
def test_every_policy_repairs_as_without_the_fast_path(head: str, tail: str) -> None:
    text = head + tail
    passes = [RepairTruncation(), RepairTruncation(policy="ellipsis"), RepairTruncation(policy="mark")]
    fast = [(p(text), p.apply(text)) for p in passes]
    with pytest.MonkeyPatch.context() as mp:
        _without_fast_paths(mp)
        slow = [(p(text), p.apply(text)) for p in passes]
    assert fast == slow


@settings(max_examples=300, deadline=None)
@given(segment=_ENDINGS)
def test_the_last_sentence_end_is_the_last_of_sentence_ends(segment: str) -> None:
    from cleantext.text import last_sentence_end, sentence_ends

    ends = [e for e in sentence_ends(segment) if e < len(segment)]
    assert last_sentence_end(segment) == (ends[-1] if ends else None)


def _cut_evidence_reference(fragment: str, previous: str | None, *, in_line: bool) -> str | None:
    """The judgement of a fragment as written before prose was asked for
    lazily and before the quick rejections (kept to compare against)."""
    from cleantext.passes import endings as e

    tables = e._tables()
    prose = in_line or e._is_prose(fragment, previous)
    last = fragment[-1]
    n_words = len(fragment.split())
    token = fragment.split()[-1]
    lone_quote = last == '"' and len(fragment) > 1 and fragment[-2].isspace()
    hyphen = last in "-‐" and token[0].isalnum()
    if (last in e._DANGLING and last not in "-‐") or lone_quote or hyphen:
        return f"it stops on {last!r}" if prose else None
    body = fragment.rstrip(e.CLOSING_MARKS)
    if prose and body and body != fragment and body[-1] in ",–—" and fragment[len(body)] in '"”’»':
        return "a quotation ends on a comma: what followed it was cut"
    if prose and e._opens_unclosed(fragment):
        return "a quotation or bracket opened in the last sentence is not closed"
    if last in e.CLOSING_MARKS:
        return None
    if e._is_address(token):
        return None
    if prose and token.endswith(".") and token.lstrip(e._OPENING_QUOTES)[:-1] in e.sentence_titles():
        return f"it ends on the title {token!r}"
    letters = [ch for ch in fragment[-e._LOOK_BACK :] if ch.isalpha()]
    caseless = bool(letters) and sum(1 for ch in letters if not (ch.isupper() or ch.islower())) * 2 > len(letters)
    if caseless and (in_line or (prose and any(ch in fragment for ch in "、，،"))):
        return "a sentence in a script without letter case stops without its final mark"
    word = e._last_word(fragment)
    if not word or token.lstrip(e._OPENING_QUOTES) != word:
        return None
    if prose and len(word) == 1 and word not in "aI":
        return "a single letter at the end of a sentence"
    if not word.islower():
        if (
            prose
            and word[0].isupper()
            and word[1:].islower()
            and (in_line or not e._after_capitalised(fragment, word))
            and e._words().broken_name(word.lower())
        ):
            return f"a word broken off ({word!r})"
        return None
    lower = word.replace("’", "'")
    if (n_words >= 2 or in_line) and lower in tables.function_words:
        return f"it ends on {word!r}"
    in_verse = previous is not None and previous.rstrip()[-1:] in ",;:–—-"
    if not (prose or (n_words >= 4 and not in_verse)) or not e._reads_as_english(fragment):
        return None
    words = e._words()
    if words.broken(lower):
        return f"a word broken off ({word!r})"
    if prose and words.rarely_ends(lower):
        return f"{word!r} hardly ever ends a sentence"
    if in_line and not words.often_ends(lower):
        return f"{word!r} seldom ends a sentence, and a sentence ends before it on its line"
    return None


@settings(max_examples=1000, deadline=None)
@given(
    fragment=_ENDINGS.map(str.strip).filter(bool),
    previous=st.one_of(st.none(), st.sampled_from(["It rained.", "Roses are red,", "HEADLINE", "1. Item"])),
    in_line=st.booleans(),
)
def test_cut_evidence_agrees_with_the_reference(fragment: str, previous: str | None, in_line: bool) -> None:
    from cleantext.passes.endings import _cut_evidence

    expected = _cut_evidence_reference(fragment, previous, in_line=in_line)
    assert _cut_evidence(fragment, previous, in_line=in_line) == expected
    assert _cut_evidence(fragment, lambda: previous, in_line=in_line) == expected  # the line read when needed


def test_the_fast_paths_agree_on_the_development_endings() -> None:
    """The endings of the golden documents (their last 160 characters, cut
    at every fifth place) are repaired as without the fast path."""
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent.parent
    docs = [path.read_text(encoding="utf-8") for path in sorted((root / "corpora").glob("*.txt"))]
    texts = [doc[: len(doc) - k] for doc in docs for k in range(0, min(160, len(doc)), 5)]
    assert len(texts) > 100
    repair = RepairTruncation()
    fast = [(repair(t), repair.apply(t)) for t in texts]
    with pytest.MonkeyPatch.context() as mp:
        _without_fast_paths(mp)
        assert [(repair(t), repair.apply(t)) for t in texts] == fast


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="ab’'1_ .é\u0301Ж-", max_size=80))
def test_the_last_word_read_backwards_is_the_last_run(text: str) -> None:
    from cleantext.passes.endings import _last_word, _last_word_reference

    assert _last_word(text) == _last_word_reference(text)
