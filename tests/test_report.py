"""Reports a person reads: grouping by pass, reason and line; context as it
reads after the pass; invisible characters as badges; sizes of large
reports; corpus summaries; notebook views."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import ClassVar

import pytest

from cleantext import Pipeline
from cleantext.passes.encoding import NormalizeWhitespace
from cleantext.registry import LinePass
from cleantext.report import STYLE, Report, plural

from .newslike import articles, megabyte, mojibake
from .test_explain import _parse

SAMPLE = Path(__file__).resolve().parent.parent / "corpora" / "reuters-2022-02-01-putin-nato.txt"
NEWS = Pipeline.from_preset("news")


@cache
def sample_report() -> Report:
    return NEWS.explain(SAMPLE.read_text(encoding="utf-8"))


@cache
def megabyte_report() -> Report:
    # normalize-whitespace is left out: its changes are found by a diff that
    # takes seconds on a megabyte.
    return Pipeline(["fix-encoding", "strip-promos", "strip-captions", "normalize-names"]).explain(megabyte())


def shape(report: Report) -> list[tuple[str, list[tuple[str, list[int]]]]]:
    """(pass, [(reason label, [entry line, ...]), ...]) for each pass."""
    return [(pg.name, [(g.label, [e.line for e in g.entries]) for g in pg.groups]) for pg in report.groups]


class TestSample:
    def test_groups(self) -> None:
        """The sample's seven changes: each pass once, each reason once, one entry per line."""
        assert shape(sample_report()) == [
            (
                "normalize-names",
                [("'Zelenskiy' is a variant of 'Zelenskyy' (other Ukrainian transliteration)", [17, 28])],
            ),
            ("strip-captions", [("caption with a photo credit", [17, 18, 19])]),
            ("strip-promos", [("promo: a line that opens with a promo label", [5])]),
            (
                "repair-truncation",
                [
                    (
                        "incomplete final sentence, cut off mid-sentence: "
                        "a quotation or bracket opened in the last sentence is not closed",
                        [31],
                    )
                ],
            ),
        ]

    def test_html(self) -> None:
        markup = sample_report()._repr_html_()
        tree = _parse(markup)
        sections = tree.find_all("section", cls="ct-pass")
        assert [len(s.find_all(cls="ct-reason")) for s in sections] == [1, 1, 1, 1]
        assert [len(s.find_all("li", cls="ct-entry")) for s in sections] == [2, 3, 1, 1]
        assert not tree.find_all("details"), "seven changes need no fold"
        heads = [s.find(cls="ct-pass-head").text() for s in sections]
        assert heads[0] == "normalize-names 2 changes on 2 lines" and heads[1] == "strip-captions 3 lines removed"
        names = sections[0].find_all("li", cls="ct-entry")[1]
        assert names.find("del", cls="ct-old").text() == "Zelenskiy"
        assert names.find("ins", cls="ct-new").text() == "Zelenskyy"
        assert names.find(cls="ct-text").text().startswith("…Johnson met with President Volodymyr Zelensk")
        assert len(markup) < 20_000

    def test_text(self) -> None:
        out = str(sample_report())
        assert out.count("\n== ") == 4 and out.count("\n# ") == 5
        assert "== strip-captions: 3 lines removed\n# caption with a photo credit: 3 lines removed\n@@ line 17\n" in out
        assert "-…Johnson met with President Volodymyr [Zelenskiy] in Kyiv and accused Putin of carrying a…\n" in out


class TestGrouping:
    def test_mojibake_across_an_article_is_one_group(self) -> None:
        """Seventeen sequences on four lines, each a rewritten span of its
        own: one group, said once, with one entry per line counting its spans."""
        lines = ["“It’s done,” he said. “We’re here.”", "Plain line.", "The café’s “menu”.", "“A” “B” “C”", "“D”"]
        raw = "\n".join(mojibake(line) for line in lines) + "\n"
        report = Pipeline.from_preset("encoding").explain(raw)
        (pg,) = report.groups
        (group,) = pg.groups
        assert group.label.endswith("(found by diff)") and group.changes == 17
        assert [(e.line, e.count) for e in group.entries] == [(1, 6), (3, 3), (4, 6), (5, 2)]
        assert group.describe() == "17 changes on 4 lines"
        markup = report.to_html()
        assert markup.count('class="ct-reason"') == 1
        assert "17 changes on 4 lines" in markup and "6 changes" in markup

    def test_context_reads_as_after_the_pass(self) -> None:
        """The context of a later pass's change shows the earlier passes'
        repairs, not the raw mojibake."""
        raw = mojibake("“It’s a cafe,” she said  in Kiev.") + "\n"
        report = Pipeline(["fix-encoding", "normalize-whitespace", "normalize-names"]).explain(raw)
        by_name = {pg.name: pg for pg in report.groups}
        (entry,) = by_name["normalize-whitespace"].groups[0].entries
        segments = report.segments(entry)
        assert segments[0] == ("ctx", "“It’s a cafe,” she said ")
        assert [k for k, _ in segments] == ["ctx", "del", "ctx"]
        (entry,) = by_name["normalize-names"].groups[0].entries
        text = "".join(t for k, t in report.segments(entry) if k != "del")
        assert text == "“It’s a cafe,” she said in Kyiv."
        assert "â€" not in report.entry_text(entry)

    def test_invisible_characters_are_named_badges(self) -> None:
        raw = mojibake("He said “no”.") + "\nA\u00a0\u200bB\x07.\n"
        report = Pipeline(["fix-encoding"]).explain(raw)
        markup, text = report.to_html(), str(report)
        assert ">U+009D</span>" in markup and "⟨U+009D⟩" in text
        assert ">NBSP</span>" in markup or "⟨NBSP⟩" in text
        assert ">BEL</span>" in markup and "⟨BEL⟩" in text
        assert not re.search(r"\\u[0-9a-f]{4}|\\x[0-9a-f]{2}", markup + text), "never escape text"
        assert "\x9d" not in markup and "\x07" not in markup

    def test_a_decomposed_accent_differs_from_the_composed_one(self) -> None:
        """NFC turns e + U+0301 into é: both look alike, so the mark is named;
        composed text and other scripts' marks are left as they are."""
        report = Pipeline(["normalize-unicode"]).explain("cafe\u0301 \u0928\u092e\u0938\u094d\u0924\u0947\n")
        assert "-caf[e⟨U+0301⟩] नमस्ते\n+caf[é] नमस्ते\n" in str(report)
        assert ">U+0301</span>" in report.to_html()

    def test_blank_lines_go_with_the_removed_line(self) -> None:
        """The blank line a removal leaves is not an entry of its own."""
        report = Pipeline([DropAds()]).explain("One.\n\nAdvertisement\n\nTwo.\n")
        assert [c.reason for c in report.changes] == [
            'promo line "Advertisement"',
            "blank line left by the removal above",
        ]
        (pg,) = report.groups
        (group,) = pg.groups
        (entry,) = group.entries
        assert (entry.line, entry.count, entry.blank_lines) == (3, 1, 1)
        assert "blank line left" not in str(report) and "blank line left" not in report.to_html()
        assert "@@ line 3, with 1 blank line\n-Advertisement\n" in str(report)
        assert group.describe() == "1 line and 1 blank line removed" and group.changes == 2

    def test_extra_blank_lines_are_one_entry_per_run(self) -> None:
        report = Pipeline([NormalizeWhitespace()]).explain("One.\n\n\n\n\nTwo.\n\n\n\nThree.\n")
        (group,) = report.groups[0].groups
        assert [(e.line, e.count, e.kind) for e in group.entries] == [(3, 3, "blank-lines"), (7, 2, "blank-lines")]
        assert "@@ line 3: 3 blank lines removed\n" in str(report)

    def test_untouched_lines_are_not_listed(self) -> None:
        """Negative: a clean document has no groups and renders no entries."""
        report = NEWS.explain("A clean sentence.\n\nAnother one.\n")
        assert report.groups == () and str(report) == ""
        assert '<li class="ct-entry' not in report.to_html()


@dataclass(frozen=True, kw_only=True)
class DropAds(LinePass):
    """Drop lines that say only "Advertisement" (a pass for these tests)."""

    name: ClassVar[str] = "drop-ads-report"

    def judge(self, lines: Sequence[str]) -> Mapping[int, str]:
        return {i: 'promo line "Advertisement"' for i, line in enumerate(lines) if line.strip() == "Advertisement"}


class TestLargeDocument:
    def test_a_megabyte_report_is_small_and_folded(self) -> None:
        report = megabyte_report()
        assert len(report.original) >= 1_000_000
        markup = report.to_html()
        assert len(markup.encode("utf-8")) < 300_000
        tree = _parse(markup)
        shown = len(tree.find_all("li", cls="ct-entry"))
        assert shown <= 500
        for group_div in tree.find_all(cls="ct-group"):
            assert len(group_div.find_all("ol")[0].find_all("li")) <= 5
        for pg in report.groups:
            for group in pg.groups:
                assert sum(e.count + e.blank_lines for e in group.entries) == group.changes
        assert sum(pg.changes for pg in report.groups) == len(report.changes)
        assert tree.find_all("details") and "not shown" in markup

    def test_megabyte_groups(self) -> None:
        """The mojibake of the whole document is one group of one pass."""
        report = megabyte_report()
        encoding = {pg.name: pg for pg in report.groups}["fix-encoding"]
        assert len(encoding.groups) == 1 and encoding.groups[0].changes > 1000
        lines = [e.line for e in encoding.groups[0].entries]
        assert len(lines) == len(set(lines)), "one entry per line"

    def test_text_with_a_limit(self) -> None:
        text = megabyte_report().to_text(limit=3)
        assert "# ... and " in text and len(text) < 20_000


class TestCorpus:
    def test_counts_add_up(self) -> None:
        texts = articles(40, seed=3)
        corpus = NEWS.explain_many(texts, examples=2)
        reports = [NEWS.explain(t) for t in texts]
        assert corpus.documents == 40 and corpus.changed == sum(r.has_changes for r in reports)
        assert corpus.changes == sum(len(r.changes) for r in reports)
        counts = [r.changes for r in corpus.by_count()]
        assert counts == sorted(counts, reverse=True)
        assert all(1 <= len(r.examples) <= 2 for r in corpus.by_count())
        markup = corpus.to_html()
        tree = _parse(markup)
        assert [th.text() for th in tree.find_all("th")] == ["pass", "reason", "changes", "lines", "documents"]
        assert len(tree.find_all("th", cls="ct-sort")) == 5
        assert len(tree.find("tbody").find_all("tr")) == len(corpus.reasons)
        assert str(corpus).startswith("40 documents, ")

    def test_a_failing_pass_leaves_its_document_unchanged_and_reported(self) -> None:
        @dataclass(frozen=True, kw_only=True)
        class Fails(LinePass):
            """Fails on a marker (a pass for these tests)."""

            name: ClassVar[str] = "fails-on-marker"

            def judge(self, lines: Sequence[str]) -> Mapping[int, str]:
                if any("MARKER" in line for line in lines):
                    raise ValueError("marker")
                return {}

        corpus = Pipeline([Fails()]).explain_many(["fine\n", "MARKER\n"])
        assert corpus.failures == [(1, "ValueError: marker")]
        assert corpus.documents == 2 and corpus.changed == 0
        assert "1 document failed" in corpus.summary()


class TestNotebookViews:
    def test_result(self) -> None:
        result = NEWS.run(SAMPLE.read_text(encoding="utf-8"))
        text = repr(result)
        assert text.startswith(
            "<Result: 4,926 characters, 7 changes by normalize-names, strip-captions, strip-promos, …"
        )
        assert len(text) < 200
        tree = _parse(result._repr_html_())
        assert tree.find(cls="cleantext") is not None
        assert len(tree.find("tbody").find_all("tr")) == 4

    def test_styles_are_scoped_and_themed(self) -> None:
        css = STYLE.removeprefix("<style>").removesuffix("</style>")
        rules = re.sub(r"@media[^{]*\{", "", css)
        for selectors in re.findall(r"([^{}]+)\{[^{}]*\}", rules):
            for selector in selectors.split(","):
                assert ".cleantext" in selector, selector
        assert "text-align:left" in css and "prefers-color-scheme:dark" in css
        assert "[data-jp-theme-light=false]" in css and "[data-jp-theme-light=true]" in css

    def test_wording(self) -> None:
        assert [plural(1, "line"), plural(2, "line"), plural(1, "pass", "passes")] == ["1 line", "2 lines", "1 pass"]
        corpus = Pipeline(["normalize-whitespace"]).explain_many(["a  b\n"])
        assert corpus.summary().startswith("1 document, 1 cleaned (100%); 1 change;")
        for pg in sample_report().groups:
            for group in pg.groups:
                assert not re.search(r"\b1 (lines|changes|documents)\b", group.describe() + pg.describe())

    @pytest.mark.parametrize("preset", ["news", "encoding"])
    def test_pipeline_html_is_left_aligned(self, preset: str) -> None:
        markup = Pipeline.from_preset(preset)._repr_html_()
        assert 'class="cleantext cleantext-pipeline"' in markup and "text-align:left" in markup


class TestAnyText:
    @pytest.mark.parametrize("preset", ["news", "encoding"])
    def test_reports_render_for_any_text(self, preset: str) -> None:
        """Rendering never fails; the HTML is well formed, shows no raw
        control character and lists each change once (or counts it)."""
        from hypothesis import given, settings

        from .test_explain import texts

        pipeline = Pipeline.from_preset(preset)

        @settings(max_examples=100, deadline=None)
        @given(texts())
        def check(text: str) -> None:
            report = pipeline.explain(text)
            out = str(report)
            markup = report.to_html(shown=2, folded=3, budget=8)
            tree = _parse(markup)
            assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]", markup + out)
            assert sum(pg.changes for pg in report.groups) == len(report.changes)
            assert (out == "") == (not report.changes)
            assert len(tree.find_all("li", cls="ct-entry")) <= 8

        check()
