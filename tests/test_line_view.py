"""One split of the lines for consecutive line passes, and the cue test that
lets the boilerplate passes skip lines that open none of their rules: both
must give what the passes give one after the other, each on its own split."""

from __future__ import annotations

import pickle

from hypothesis import given, settings
from hypothesis import strategies as st

from cleantext import Pipeline
from cleantext.passes.boilerplate import StripCaptions, StripCredits, StripPromos
from cleantext.pipeline import LineRun, LineView
from cleantext.registry import LinePass, make_pass

from .quality.test_output_digests import documents

JUDGES = [StripCaptions(), StripPromos(), StripCredits(), make_pass("strip-boilerplate")]
LINE_PASSES = ["strip-captions", "strip-promos", "strip-credits", "strip-boilerplate"]

# Pieces of lines: the cues of the boilerplate rules (prefixes, words, marks,
# agencies), decoration, prose, and characters whose lower case is unusual.
PIECES = [
    "Photo:", "Image copyright", "Credit:", "Read more:", "(Do not miss:", "Advertisement", "Related:", "Share",
    "Follow us", "Subscribe", "newsletter", "inbox", "(Reporting by", "Editing by", "contributed reporting",
    "is a", "is an", "reached at", "x@example.com", "©", "(c) 2019", "Copyright", "All rights reserved", "AP",
    "Reuters", "REUTERS/Jane Doe", "Getty Images", "via", "|", "/", ", pictured", "pictured", "file", "above",
    "less", "more", "Tags:", "## Tags", "12", "1.", "»", "•", "*", "-", "(", "[", ")", "the", "minister", "said",
    "on", "Tuesday", "talks", "failed", "Jane", "Doe", "İstanbul", "ΣΟΦΙΑΣ", "ς", "\u00a0", "\t", ".", ",", "!",
    "?", ":", ";", '"', "”", "…",
]  # fmt: skip
LINE = st.lists(st.sampled_from(PIECES), max_size=14).map(" ".join) | st.just("")
TEXT = st.lists(LINE, max_size=12).map("\n".join)


def _dev_lines() -> list[list[str]]:
    """The lines of the development documents, as the line passes of the
    preset receive them and as they came."""
    head = Pipeline(Pipeline.from_preset("news").passes[:4])
    texts = [text for name, text in documents() if "(CRLF)" not in name]
    return [t.split("\n") for t in texts[::3]] + [head(t).split("\n") for t in texts[1::3]]


DEV = _dev_lines()


class TestCueTest:
    def test_same_verdicts_on_the_development_documents(self) -> None:
        """Each pass judges a line view (cue test on) as it judges plain lines."""
        for lines in DEV:
            for judge in JUDGES:
                assert judge.judge(LineView(lines)) == judge.judge(lines), (judge.name, lines[:3])

    @settings(max_examples=300, deadline=None)
    @given(TEXT)
    def test_same_verdicts_on_lines_made_of_cues(self, text: str) -> None:
        lines = text.split("\n")
        for judge in JUDGES:
            assert judge.judge(LineView(lines)) == judge.judge(lines), judge.name

    def test_prose_opens_no_rule_and_cues_do(self) -> None:
        """The test skips ordinary prose and keeps what a rule could take."""
        from cleantext.passes import boilerplate

        view = LineView(
            [
                "The minister said on Tuesday that the talks had failed, and that a new round would follow.",
                "",
                "Photo: Jane Doe, AP",
                "(Reporting by Jane Doe; Editing by John Roe)",
                "Advertisement",
            ]
        )
        bits = boilerplate._cue_bits(view)
        assert bits is not None
        assert bits[0] == boilerplate._TEXT and bits[1] == 0
        assert bits[2] & boilerplate._CAPTIONS
        assert bits[3] & boilerplate._CREDITS
        assert bits[4] & boilerplate._PROMOS

    def test_same_verdicts_with_the_users_lexicons(self, tmp_path) -> None:  # type: ignore[no-untyped-def]
        """A lexicon of one's own widens the cue test with it; a form with a
        sigma (whose lower case depends on its neighbours) turns it off."""
        from cleantext.passes import boilerplate

        plain = tmp_path / "plain.toml"
        plain.write_text('[related_labels.en]\n"more stories" = "x"\n[credit_labels.en]\n"snap" = "x"\n')
        greek = tmp_path / "greek.toml"
        greek.write_text('[related_labels.any]\n"ΔΙΑΒΑΣΤΕ ΕΠΙΣΗΣ" = "x"\n')
        lines = [
            "More stories: the budget",
            "Διαβάστε επίσης: ο προϋπολογισμός",
            "ΔΙΑΒΑΣΤΕ ΕΠΙΣΗΣ",
            "Snap: Jane Doe/AP",
            "A sentence about the budget, which passed.",
        ]
        for path in (plain, greek):
            for judge in (StripCaptions(lexicons=(str(path),)), StripPromos(lexicons=(str(path),))):
                assert judge.judge(LineView(lines)) == judge.judge(lines), (path.name, judge.name)
        assert StripPromos(lexicons=(str(plain),)).judge(LineView(lines))
        assert not boilerplate._cues((str(greek),), boilerplate._LANGUAGES, ()).usable

    def test_same_verdicts_with_the_users_pattern_tables(self, tmp_path) -> None:  # type: ignore[no-untyped-def]
        """A pattern table of one's own (new starts, lines, labels and a new
        language) widens the cue test of each pass that reads it."""
        table = tmp_path / "patterns.toml"
        table.write_text(
            '[promos.en]\nlines = ["Zum Newsletter"]\nlabels = ["More coverage"]\n'
            '[promos.it]\nlines = ["pubblicità"]\n'
            "[promos.all]\nstarts = [\"listen to\"]\npatterns = ['listen to (?:this|the) article\\s*$']\n"
            '[captions]\nagencies = ["ANP"]\ncredit_starts = ["beeld"]\ncredit_lines = [\'beeld ?:\']\n'
            "[credits]\nstarts = [\"with reporting\"]\npatterns = ['with reporting by (?-i:[A-Z])[^.]{0,80}\\.?\\s*$']\n",
            encoding="utf-8",
        )
        lines = [
            "The council approved the budget on Monday.",
            "Zum Newsletter",
            "More coverage: the vote in pictures",
            "Listen to this article",
            "The king opens the bridge in Arnhem on Tuesday. (Jan Jansen/ANP)",
            "Beeld: Jan Jansen",
            "Pubblicità",
            "With reporting by Jane Doe.",
        ]
        paths = (str(table),)
        judges = [
            StripPromos(patterns=paths, languages=("en", "it")),
            StripCaptions(patterns=paths),
            StripCredits(patterns=paths),
        ]
        for judge in judges:
            verdicts = judge.judge(lines)
            assert verdicts, judge.name  # each pass removes a line of its own table here
            assert judge.judge(LineView(lines)) == verdicts, judge.name

    def test_plain_lines_are_judged_in_full(self) -> None:
        from cleantext.passes import boilerplate

        assert boilerplate._cue_bits(["Advertisement"]) is None


class TestLineRun:
    @settings(max_examples=300, deadline=None)
    @given(TEXT, st.sampled_from(["", "\n", "\n\n"]), st.booleans())
    def test_equals_the_passes_one_after_the_other(self, text: str, end: str, crlf: bool) -> None:
        text += end
        if crlf:
            text = text.replace("\n", "\r\n")
        passes = [make_pass(n) for n in LINE_PASSES]
        expected = text
        for p in passes:
            expected = p(expected)
        assert LineRun(tuple(passes))(text) == expected

    def test_equals_on_the_development_documents(self) -> None:
        passes = tuple(make_pass(n) for n in LINE_PASSES)
        for lines in DEV:
            text = "\n".join(lines)
            expected = text
            for p in passes:
                expected = p(expected)
            assert LineRun(passes)(text) == expected

    def test_nothing_removed_returns_the_text_itself(self) -> None:
        text = "One line.\nTwo lines.\n"
        assert LineRun(tuple(make_pass(n) for n in LINE_PASSES))(text) is text

    def test_last_line_removed_keeps_the_newline_before_it(self) -> None:
        run = LineRun((make_pass("strip-promos"), make_pass("strip-credits")))
        assert run("Text.\nAdvertisement") == "Text.\n"
        assert run("Advertisement") == ""


class TestPipelineSteps:
    def test_consecutive_line_passes_run_as_one(self) -> None:
        news = Pipeline.from_preset("news")
        runs = [s for s in news.steps if isinstance(s, LineRun)]
        assert [p.name for p in runs[0].passes] == LINE_PASSES
        assert len(news.steps) == len(news.passes) - len(LINE_PASSES) + 1

    def test_a_line_pass_with_its_own_call_runs_alone(self) -> None:
        class Shouting(LinePass):
            name = "shouting"

            def judge(self, lines):  # type: ignore[no-untyped-def]
                return {}

            def __call__(self, text: str) -> str:
                return text.upper()

        p = Pipeline([make_pass("strip-promos"), Shouting(), make_pass("strip-credits")])
        assert not any(isinstance(s, LineRun) for s in p.steps)
        assert p("Advertisement\nhello\n") == "HELLO\n"

    def test_pickled_pipeline_works_out_its_steps_again(self) -> None:
        news = Pipeline.from_preset("news")
        _ = news.steps
        again = pickle.loads(pickle.dumps(news))
        assert again == news
        assert again("Advertisement\nText.\n") == news("Advertisement\nText.\n") == "Text.\n"


def test_line_view_filters_its_facts_with_its_lines() -> None:
    view = LineView(["a", "b", "c"])
    view.per_line["upper"] = ["A", "B", "C"]
    smaller = view.without({0, 2})
    assert list(smaller) == ["b"] and smaller.per_line == {"upper": ["B"]}
    assert list(view) == ["a", "b", "c"]
