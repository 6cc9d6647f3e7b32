"""Explanations: every change with its pass, kind, original line and reason,
as text and as HTML."""

from __future__ import annotations

import html.parser
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleantext import Change, Pipeline
from cleantext.explain import Report, diff_changes, reason_group
from cleantext.passes.encoding import FixEncoding, NormalizeWhitespace
from cleantext.pipeline import list_presets
from cleantext.registry import LinePass

from .strategies import any_text, mojibake, news_documents, promo_lines, whitespace_text

SAMPLE = Path(__file__).resolve().parent.parent / "corpora" / "reuters-2022-02-01-putin-nato.txt"
PRESETS = sorted(list_presets())


@dataclass(frozen=True, kw_only=True)
class DropAds(LinePass):
    """Drop lines that say only "Advertisement" (a pass for these tests)."""

    name: ClassVar[str] = "drop-ads"

    def judge(self, lines: Sequence[str]) -> Mapping[int, str]:
        return {i: 'promo line "Advertisement"' for i, line in enumerate(lines) if line.strip() == "Advertisement"}


def texts() -> st.SearchStrategy[str]:
    ads = st.lists(st.one_of(news_documents(), st.just("Advertisement\n"), promo_lines()), max_size=5).map("".join)
    return st.one_of(any_text(max_size=300), whitespace_text(), news_documents().map(mojibake), ads)


def unaccounted(report: Report) -> list[int]:
    """Positions of the original neither copied into the cleaned text nor
    inside a reported change."""
    assert report.offsets is not None
    covered = bytearray(len(report.original))
    for _, o, n in report.offsets.blocks:
        covered[o : o + n] = b"\x01" * n
    for c in report.changes:
        assert c.span is not None
        covered[c.span[0] : c.span[1]] = b"\x01" * (c.span[1] - c.span[0])
    return [i for i, flag in enumerate(covered) if not flag]


class TestAccounting:
    @pytest.mark.parametrize("preset", PRESETS)
    def test_report_and_cleaned_text_account_for_the_whole_original(self, preset: str) -> None:
        """For any text and any preset, each character of the original is
        either in the cleaned text, unchanged, or inside a reported change."""
        pipeline = Pipeline.from_preset(preset)

        @settings(max_examples=150)
        @given(texts())
        def check(text: str) -> None:
            report = pipeline.explain(text)
            assert report.text == pipeline(text)
            assert unaccounted(report) == []

        check()

    def test_removed_lines_and_cleaned_text_rebuild_the_original(self) -> None:
        """With a line-removing pass after the encoding passes, each removed
        line is found at its original line number."""
        pipeline = Pipeline([*Pipeline.from_preset("encoding"), DropAds()])

        @settings(max_examples=150)
        @given(st.lists(st.one_of(st.just("Advertisement"), st.text("ab  \t", max_size=8)), max_size=12))
        def check(lines: list[str]) -> None:
            text = "\n".join(lines) + "\n"
            report = pipeline.explain(text)
            assert unaccounted(report) == []
            original_lines = text.splitlines(keepends=True)
            for c in report.changes:
                if c.pass_name == "drop-ads":
                    assert c.span is not None
                    line = original_lines[c.line - 1]
                    assert line.split() == c.before.split()
                    # Earlier passes may have removed spaces, which they report.
                    assert text[c.span[0] : c.span[1]].strip() == line.strip()
                    assert line.startswith(text[c.span[0] : c.span[1]].rstrip("\n").lstrip())

        check()


# What the design sample's explanation lists once every pass has landed:
# (pass, original line, text the change removes or replaces).
SAMPLE_CHANGES = [
    ("strip-promos", 5, "(Do not miss: How Ukrainian troops interacted with Russians)"),
    ("strip-captions", 17, "Ukrainian Presidential News Service / Handout via REUTERS"),
    ("strip-captions", 18, "Yuri Kochetkov / Lake by REUTERS"),
    ("strip-captions", 19, "Handout media service via REUTERS"),
    # Names are written before lines are judged, so the caption on line 17
    # has its name rewritten before it is removed.
    ("normalize-names", 17, "Zelenskiy"),
    ("normalize-names", 28, "Zelenskiy"),
    ("repair-truncation", 31, "I really hope that"),
]


class TestSample:
    def test_explanation_lists_exactly_the_expected_changes(self) -> None:
        """The sample's explanation lists the promo line, the three captions,
        the name changes and the truncated sentence, each with its reason:
        those of the passes in the news preset, and nothing else."""
        pipeline = Pipeline.from_preset("news")
        expected = [e for e in SAMPLE_CHANGES if e[0] in pipeline.names]
        report = pipeline.explain(SAMPLE.read_text(encoding="utf-8"))
        found = sorted((c.pass_name, c.line) for c in report.changes)
        assert found == sorted((name, line) for name, line, _ in expected)
        for name, line, fragment in expected:
            (change,) = [c for c in report.changes if (c.pass_name, c.line) == (name, line)]
            assert fragment in change.before
            assert change.reason, f"{name} gave no reason for line {line}"
            assert change.span is not None and fragment in report.original[change.span[0] : change.span[1]]

    def test_dirty_sample_is_explained_at_its_original_lines(self) -> None:
        """Damage added to the sample is reported at the line where it is."""
        lines = SAMPLE.read_text(encoding="utf-8").splitlines(keepends=True)
        lines[1] = mojibake(lines[1])
        lines[6] = lines[6].replace(" ", "   ", 3)  # line 7, line 10 once three lines are added:
        lines.insert(3, "\n\n\n")  # lines 4 to 6, two of them too many
        report = Pipeline.from_preset("encoding").explain("".join(lines))
        by_pass = report.by_pass()
        assert {c.line for c in by_pass["fix-encoding"]} == {2}
        assert sorted((c.line, c.kind) for c in by_pass["normalize-whitespace"]) == [
            (5, "line-removed"),
            (6, "line-removed"),
            (10, "span-replaced"),
            (10, "span-replaced"),
            (10, "span-replaced"),
        ]


class TestChanges:
    @pytest.mark.parametrize(
        ("before", "after", "expected"),
        [
            ("a\nb\nc\n", "a\nc\n", [("line-removed", "b\n", "", 2, (2, 4))]),
            ("a\n", "a\nb\n", [("text-appended", "", "b\n", 2, (2, 2))]),
            ("a\nc\n", "a\nb\nc\n", [("line-added", "", "b\n", 2, (2, 2))]),
            ("x  y  z\n", "x y z\n", [("span-replaced", " ", "", 1, (2, 3)), ("span-replaced", " ", "", 1, (4, 5))]),
            (
                "one\r\ntwo\r\n",
                "one\ntwo\n",
                [("span-replaced", "\r", "", 1, (3, 4)), ("span-replaced", "\r", "", 2, (8, 9))],
            ),
            ("same\n", "same\n", []),  # negative: nothing changed
        ],
    )
    def test_diff_changes(self, before: str, after: str, expected: list[tuple[Any, ...]]) -> None:
        changes = diff_changes("p", before, after)
        assert [(c.kind, c.before, c.after, c.line, c.span) for c in changes] == expected

    def test_change_to_dict(self) -> None:
        c = Change("strip-promos", "line-removed", "Advertisement\n", "", "promo", 3, (10, 24))
        assert c.to_dict() == {
            "pass": "strip-promos",
            "kind": "line-removed",
            "before": "Advertisement\n",
            "after": "",
            "reason": "promo",
            "line": 3,
            "span": [10, 24],
        }

    @pytest.mark.parametrize(
        ("reason", "group"),
        [
            ('promo line "Advertisement"', "promo line"),
            ("'Zelenskiy' is a variant of 'Zelenskyy'", "… is a variant of …"),
            (
                "'Kiev' is a variant of 'Kyiv' (other Ukrainian transliteration)",
                "… is a variant of … (other Ukrainian transliteration)",
            ),
            ("scraper's truncation note '[+2817 chars]'", "scraper's truncation note"),
            (
                "minority spelling of 'Zelensky' in this document (Zelensky ×5, Zelenskiy ×1)",
                "minority spelling of … in this document",
            ),
            ("caption with a photo credit", "caption with a photo credit"),
            (None, "span-replaced (found by diff)"),
        ],
    )
    def test_reason_group(self, reason: str | None, group: str) -> None:
        assert reason_group(Change("normalize-whitespace", "span-replaced", "a", "b", reason, 1)) == group

    def test_changes_of_a_pass_without_spans_are_placed_by_their_text(self) -> None:
        """A pass that gives only the line of a change is placed on it by its text."""

        @dataclass(frozen=True, kw_only=True)
        class Respell(FixEncoding):
            name: ClassVar[str] = "respell"

            def __call__(self, text: str) -> str:
                return text.replace("Kiev", "Kyiv")

            def apply(self, text: str) -> tuple[str, list[Change]]:
                out = self(text)
                lines = text.splitlines()
                return out, [
                    Change(self.name, "span-replaced", "Kiev", "Kyiv", "spelling", i + 1)
                    for i, line in enumerate(lines)
                    for _ in range(line.count("Kiev"))
                ]

        text = "In  Kiev.\nKiev and Kiev.\n"
        report = Pipeline([NormalizeWhitespace(), Respell()]).explain(text)
        spans = [c.span for c in report.by_pass()["respell"]]
        assert spans == [(4, 8), (10, 14), (19, 23)]
        assert [text[a:b] for a, b in spans] == ["Kiev"] * 3
        assert unaccounted(report) == []

    def test_a_change_is_widened_to_what_its_pass_removed(self) -> None:
        """A pass that reports a cut without the space before it still
        accounts for the space; what it does not report at all becomes a
        change found by diff."""

        @dataclass(frozen=True, kw_only=True)
        class CutTail(FixEncoding):
            name: ClassVar[str] = "cut-tail"

            def __call__(self, text: str) -> str:
                return text.replace(" and then", "").replace("#", "")

            def apply(self, text: str) -> tuple[str, list[Change]]:
                return self(text), [Change(self.name, "text-removed", "and then", "", "cut", 1)]

        report = Pipeline([CutTail()]).explain("It #rose and then\n")
        assert [(c.kind, c.span, c.reason) for c in report.changes] == [
            ("span-replaced", (3, 4), None),
            ("text-removed", (8, 17), "cut"),
        ]
        assert unaccounted(report) == []


def _report() -> Report:
    text = "Head  line\nAdvertisement\nThe cafÃ© <b>&lt;script&gt;</b>\n"
    return Pipeline([FixEncoding(unescape_html=True), NormalizeWhitespace(), DropAds()]).explain(text)


class TestRendering:
    def test_text(self) -> None:
        out = str(_report())
        assert out.startswith("--- original\n+++ cleaned\n# ")
        assert (
            '== drop-ads: 1 line removed\n# promo line "Advertisement": 1 line removed\n@@ line 2\n-Advertisement\n'
            in out
        )
        assert "# Tidy spaces, tabs, blank lines and line endings without moving a paragraph (found by diff)" in out
        assert "-Head [·]line\n+Head [∅]line\n" in out
        assert "-The caf[Ã©] <b>" in out

    def test_text_of_an_unchanged_document_is_empty(self) -> None:
        """So that a command printing many reports prints nothing for a clean document."""
        report = Pipeline.from_preset("encoding").explain("Fine.\n")
        assert str(report) == "" and not report.has_changes
        assert report.summary() == "no changes (3 passes, 1 line)"
        assert repr(report) == "<Report: no changes (3 passes, 1 line)>"

    def test_html_structure(self) -> None:
        """One section per pass that changed something, one group per reason;
        removed lines struck through; replaced spans as del/ins pairs; all text escaped."""
        tree = _parse(_report()._repr_html_())
        root = tree.find(cls="cleantext-report")
        assert root is not None and "cleantext" in root.classes()
        sections = root.find_all("section", cls="ct-pass")
        assert [s.attrs["data-pass"] for s in sections] == ["fix-encoding", "normalize-whitespace", "drop-ads"]
        removed = sections[2].find_all("li", cls="lines-removed")
        assert len(removed) == 1 and removed[0].attrs["data-line"] == "2"
        assert removed[0].find("del", cls="ct-removed-line").text() == "Advertisement"
        assert sections[2].find(cls="ct-reason").find(cls="ct-why-text").text() == 'promo line "Advertisement"'
        for section in sections[:2]:
            assert len(section.find_all(cls="ct-reason")) == 1, "one reason per group, said once"
            for li in section.find_all("li", cls="ct-entry"):
                assert "spans" in li.classes()
                assert li.find("del", cls="ct-old") is not None
        assert sections[0].find(cls="ct-name").text() == "fix-encoding"
        assert not tree.find_all("script") and not tree.find_all("b"), "the document's text is escaped, never markup"
        assert "The cafÃ©é <b>&lt;" in sections[0].text()  # shown as the text it is, old then new

    def test_pass_and_pipeline_reprs(self) -> None:
        p = FixEncoding(uncurl_quotes=True)
        assert repr(p) == "FixEncoding(uncurl_quotes=True)"
        table = _parse(p._repr_html_())
        cells = [td.text() for td in table.find_all("td")]
        assert "uncurl_quotes" in cells and "True (default False)" in cells
        assert "curly quotes are correct typography, not damage" in cells
        pipeline = Pipeline([p, NormalizeWhitespace()])
        markup = _parse(pipeline._repr_html_())
        assert markup.find(cls="cleantext") is not None
        rows = markup.find_all("tr")
        assert len(rows) == 3
        assert "fix-encoding" in rows[1].text() and "uncurl_quotes=True" in rows[1].text()
        assert "normalize-whitespace" in rows[2].text() and "defaults" in rows[2].text()


# -- a tiny HTML tree, enough to check structure ------------------------------------


class _Node:
    def __init__(self, tag: str, attrs: dict[str, str]) -> None:
        self.tag, self.attrs, self.children = tag, attrs, []  # type: ignore[var-annotated]

    def classes(self) -> list[str]:
        return self.attrs.get("class", "").split()

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def find_all(self, tag: str | None = None, cls: str | None = None) -> list[_Node]:
        out = []
        for c in self.children:
            if isinstance(c, _Node):
                if (tag is None or c.tag == tag) and (cls is None or cls in c.classes()):
                    out.append(c)
                out.extend(c.find_all(tag, cls))
        return out

    def find(self, tag: str | None = None, cls: str | None = None) -> Any:
        found = self.find_all(tag, cls)
        return found[0] if found else None


class _Builder(html.parser.HTMLParser):
    VOID = frozenset({"br", "meta", "img", "hr"})

    def __init__(self) -> None:
        super().__init__()
        self.root = _Node("root", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = _Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in self.VOID:
            self.stack.append(node)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack[-1].tag == tag, f"</{tag}> closes <{self.stack[-1].tag}>"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        if self.stack[-1].tag != "style":
            self.stack[-1].children.append(data)


def _parse(markup: str) -> _Node:
    builder = _Builder()
    builder.feed(markup)
    builder.close()
    assert builder.stack == [builder.root], "every element is closed"
    return builder.root
