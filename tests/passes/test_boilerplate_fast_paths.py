"""The boilerplate passes' shortcuts against the rules they stand for: a
line the cue test gives no caption cue is one strip-captions' caption rule
never takes, whatever its end; the shared line view gives the same verdicts
as each pass alone on plain lines."""

from __future__ import annotations

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
        assert DEFAULT.bits([line]) == [bits]

    def test_prose_without_a_full_stop_gets_no_cue(self) -> None:
        line = " ".join(PROSE * 2)  # no full stop and no credit's mark before its end
        assert DEFAULT.bits([line]) == [boilerplate._TEXT]
        assert DEFAULT.bits([line + " (AP Photo/Jane Doe)"]) == [boilerplate._TEXT | boilerplate._CAPTIONS]


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
