"""The boilerplate passes' shortcuts against the rules they stand for: a
line the cue test gives no caption cue is one strip-captions' caption rule
never takes, whatever its end; the shared line view gives the same verdicts
as each pass alone on plain lines."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from cleantext.passes import boilerplate
from cleantext.passes.boilerplate import StripCaptions, StripCredits, StripPromos
from cleantext.pipeline import LineRun

CAPTIONS = StripCaptions()
RULES = CAPTIONS._rules
DEFAULT = boilerplate._cues((), boilerplate._LANGUAGES, ())

PROSE = "The minister said on Tuesday that the talks had failed and that a new round would follow".split()
# The ends of captions with a credit, and ends that look like one.
ENDS = [
    "(AP Photo/Jane Doe)", "(Photo: Jane Doe)", "(photos)", "(Reuters)", "(AFP)", "[File: Reuters]", "[AP]",
    "REUTERS/Jane Doe", "Reuters/Jane Doe", "via REUTERS", "by Getty Images", "Handout via REUTERS",
    "Jane Doe/AFP", "Jane Doe / Getty Images", "AFP", "Getty Images", "Credit: Jane Doe", "Credit... Jane Doe",
    "Photo by Jane Doe", "Photos courtesy of Acme", "Photo: Jane Doe", "Image copyright Getty Images",
    "Picture credits: Jane", "European Space Agency (ESA)", "sagte er. (dpa)", "(EPA-EFE/Jane Doe)",
    ", pictured on Tuesday, Nov. 20, 2019. Jane is here", "(c)", "(", ")", "]", "/", "AP", "ap", "by", "via",
]  # fmt: skip
JOINS = ["", " ", ". ", "! ", '" ', "” ", "? ", " / ", "/", " | ", ", ", " - ", "\u00a0"]
LAST = ["", "", ".", ")", "]", "”", " ", "\t", "1", "é", "ß", "σ", "\u200b", "🙂", "。"]


@st.composite
def _caption_line(draw: st.DrawFn) -> str:
    start = draw(st.integers(0, len(PROSE) - 1))
    words = PROSE[start : start + draw(st.integers(0, len(PROSE)))]
    body = " ".join(words) * draw(st.sampled_from([1, 1, 2, 4, 8]))
    end = draw(st.sampled_from(ENDS))
    if draw(st.booleans()):
        how = draw(st.sampled_from(["upper", "lower", "title"]))
        end = getattr(end, how)()
    return (
        draw(st.sampled_from(["", " ", "\t"])) + body + draw(st.sampled_from(JOINS)) + end + draw(st.sampled_from(LAST))
    )


class TestCaptionCue:
    @settings(max_examples=600, deadline=None)
    @given(_caption_line())
    def test_a_line_without_the_cue_is_no_caption(self, line: str) -> None:
        """The caption rule takes only lines the cue test gives the caption cue."""
        text = line.strip()
        if not text:
            return
        bits = DEFAULT.reference_bits([line])[0]
        if CAPTIONS._caption(text, text[:16].lower(), RULES) is not None:
            assert bits & boilerplate._CAPTIONS
        assert DEFAULT.fast_bits([line]) == [bits]

    def test_prose_without_a_full_stop_gets_no_cue(self) -> None:
        line = " ".join(PROSE * 2)  # no full stop and no credit's mark before its end
        assert DEFAULT.fast_bits([line]) == [boilerplate._TEXT]
        assert DEFAULT.fast_bits([line + " (AP Photo/Jane Doe)"]) == [boilerplate._TEXT | boilerplate._CAPTIONS]


# Pieces of credit lines and of short lines.
CREDIT_PIECES = [
    "Photo:", "Photos:", "Image copyright", "Image:", "Credit:", "Courtesy of", "(Photo:", "[Image:", "© ", "©", "*",
    "Bild:", "Foto:", "File", "Jane Doe", "JANE DOE", "jane", "Reuters", "REUTERS", "AP", "AFP", "Getty Images",
    "Pool", "Handout", "via", "for", "/", " / ", "|", " | ", "less", "Less", "LESS", "... more", "…more", "more",
    "Share", "Related", "12", ",", ".", " ", "\t", "\u00a0", "Ünd", "İ", "ß",
]  # fmt: skip


class TestPhotoCreditCue:
    @settings(max_examples=800, deadline=None)
    @given(st.lists(st.sampled_from(CREDIT_PIECES), min_size=1, max_size=8), st.sampled_from([" ", ""]))
    def test_a_line_without_the_cue_is_no_credit(self, pieces: list[str], sep: str) -> None:
        """A credit line or a caption widget's crumb gets the photo credit cue."""
        line = sep.join(pieces)
        text = line.strip()
        if not text:
            return
        bits = DEFAULT.reference_bits([line])[0]
        crumb = len(text) <= 16 and text.casefold() in RULES["crumbs"]
        if crumb or CAPTIONS._credit(text, text[:16].lower(), RULES) is not None:
            assert bits & boilerplate._PHOTO_CREDITS
        assert DEFAULT.fast_bits([line]) == [bits]

    def test_short_lines_are_no_credits(self) -> None:
        bits = DEFAULT.fast_bits(["Share", "In the news", "less", "… More", "Jane Doe/AP"])
        assert [bool(b & boilerplate._PHOTO_CREDITS) for b in bits] == [False, False, True, True, True]


class TestLineRunAgainstEachPassAlone:
    @settings(max_examples=200, deadline=None)
    @given(
        st.lists(
            _caption_line() | st.sampled_from(["", "Advertisement", "Photo: Jane Doe, AP", "Jane Doe/Reuters"]),
            max_size=10,
        )
    )
    def test_same_text(self, lines: list[str]) -> None:
        text = "\n".join(lines) + "\n"
        passes = (StripCaptions(), StripPromos(), StripCredits())
        expected = text
        for p in passes:
            expected = p(expected)
        assert LineRun(passes)(text) == expected


# Pieces of credit tails and of prose around them, for tails made at random.
PIECES = [
    *ENDS, "(", ")", "[", "]", "/", " / ", ". ", "! ", '" ', "” ", ": ", "File: ", "Photo", "photo", "PHOTO", "Image",
    "Credit", "credit", "copyright ", "Photos by ", "courtesy of ", "Reuters", "REUTERS", "Getty Images for", "AP",
    "AFP via Getty Images", "EPA-EFE", "dpa", "via ", "by ", " ", "\t", "\n", "Jane Doe", "jane", "Tuesday, ",
    "Nov. 20, 2019", "20 November 2019", ".", ",", "é", "🙂", "Foto", "Fotos: ", "Picture", "Photograph", "Image credit ",
    "Pictures credits: ", "(Xinhua)", "Pool",
]  # fmt: skip


class TestCreditTail:
    def test_the_built_in_tails_have_the_fast_check(self) -> None:
        assert RULES["tail_parts"] is not None

    @settings(max_examples=1500, deadline=None)
    @given(st.lists(st.sampled_from(PIECES) | st.sampled_from(PROSE), min_size=1, max_size=14))
    def test_same_as_searching_the_tails(self, pieces: list[str]) -> None:
        tail = "".join(pieces)[-240:]
        for t in (tail, tail.rstrip(), tail.strip()):
            if t:
                assert boilerplate._credit_tail(t, RULES) == bool(RULES["tails"].search(t)), t

    def test_tails_it_must_find(self) -> None:
        found = [
            "A crowd in Madrid. (AP Photo/Jane Doe)", "A crowd (Reuters)", "A crowd [File: Reuters]",
            "A crowd. REUTERS/Jane Doe", "A crowd. Handout via REUTERS", "A crowd. Jane Doe/Getty Images",
            "A crowd. Getty Images", "A crowd. Credit: Jane Doe", "A crowd. Photo by Jane Doe",
            "A crowd, pictured on Tuesday, Nov. 20, 2019.", "A crowd. Photos: Jane Doe",
            "A crowd. Image copyright Jane Doe", "A crowd (photos)", "A crowd (Photo courtesy of Acme (left))",
            "A crowd. Foto: Jane Doe", "A crowd.” Jane Doe / AFP", "A crowd! Reuters", "A crowd (Jane Doe/AP)",
        ]  # fmt: skip
        for tail in found:
            assert RULES["tails"].search(tail), tail
            assert boilerplate._credit_tail(tail, RULES), tail
        for tail in ["The talks failed (again)", "The talks failed. Jane Doe said so", "Photographers left (at noon)"]:
            assert not boilerplate._credit_tail(tail, RULES), tail

    def test_a_table_of_ones_own_is_searched(self, tmp_path: Path) -> None:
        table = tmp_path / "patterns.toml"
        table.write_text('[captions]\ncredit_tails = ["\\\\(Zeta\\\\)"]\n', encoding="utf-8")
        rules = StripCaptions(patterns=(str(table),))._rules
        assert rules["tail_parts"] is None
        assert boilerplate._credit_tail("A crowd (Zeta)", rules)
        assert not boilerplate._credit_tail("A crowd (Zetas)", rules)


CREDIT_LINE_PIECES = [
    "Reporting by", "reporting by", "(Reporting by", "Additional reporting by", "Editing by", "; ", ")", "(", ".",
    ". ", "Jane Doe", "John Roe", "jane", "may be reached at", "can be reached at", "jane@example.com", "@jane", "@",
    "Follow her", "follow him on Twitter", "Write to", "Email", "the reporters", "at", "https://example.org",
    "is a", "is an", "reporter for", "staff writer with", "Example", "Compiled by", "— by", "--by ", "The talks",
    "failed on Tuesday", ",", "\u00a0", "’", "x" * 30,
]  # fmt: skip


class TestCreditPatternWithoutAt:
    PATTERN = StripCredits()._rules[2]
    WITHOUT_AT = boilerplate._credits_without_at(())

    def test_three_patterns_need_an_at(self) -> None:
        assert self.WITHOUT_AT is not None
        assert self.WITHOUT_AT.pattern.count("|(?:") == self.PATTERN.pattern.count("|(?:") - 3

    @settings(max_examples=1000, deadline=None)
    @given(st.lists(st.sampled_from(CREDIT_LINE_PIECES), min_size=1, max_size=12), st.sampled_from([" ", ""]))
    def test_same_match_for_a_line_without_an_at(self, pieces: list[str], sep: str) -> None:
        line = sep.join(pieces)
        if "@" not in line:
            assert bool(self.WITHOUT_AT.match(line)) == bool(self.PATTERN.match(line)), line

    def test_lines_it_must_take(self) -> None:
        for line in [
            "(Reporting by Jane Doe; Editing by John Roe)", "Write to Jane Doe at https://example.org",
            "Jane Doe is a reporter for Example.", "Compiled by Jane Doe.",
        ]:  # fmt: skip
            assert self.WITHOUT_AT.match(line), line

    def test_patterns_of_ones_own_are_matched_whole(self, tmp_path: Path) -> None:
        table = tmp_path / "patterns.toml"
        table.write_text('[credits]\npatterns = ["jane at home @ work"]\n', encoding="utf-8")
        assert boilerplate._credits_without_at((str(table),)) is None
        credits = StripCredits(patterns=(str(table),))
        assert credits("Text.\nJane at home @ work\n") == "Text.\n"


PROMO_PIECES = [
    "1", "12", "2019", "3/10", "3 / 10", "٣", "²", "①", "k", "K", " ", "/", ",", ".", "comments", "shares", "views",
    "min read", "minutes read", "issues for", "£5", "$", "•", "of", "photos", "Advertisement", "Read more:",
    "Jane Doe", "the talks failed", "\u00a0", "\t",
]  # fmt: skip


class TestPromoCue:
    @settings(max_examples=800, deadline=None)
    @given(st.lists(st.sampled_from(PROMO_PIECES), min_size=1, max_size=8), st.sampled_from([" ", ""]))
    def test_a_line_strip_promos_takes_has_the_cue(self, pieces: list[str], sep: str) -> None:
        line = sep.join(pieces)
        bits = DEFAULT.reference_bits([line])[0]
        # (Not the last line, which is judged without a scraper's truncation
        # note such as "Read more", and then with no cues.)
        if 0 in StripPromos().judge([line, "The talks failed."]):
            assert bits & boilerplate._PROMOS, line
        assert DEFAULT.fast_bits([line]) == [bits]
