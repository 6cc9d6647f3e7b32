"""The line model (cleantext/linemodel.py) and the strip-boilerplate pass."""

from __future__ import annotations

import json
from collections.abc import Sequence
from importlib import resources

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleantext.errors import ConfigError
from cleantext.linemodel import FEATURES, JUDGE_KINDS, LineModel, document_features, judge_lines, judges
from cleantext.passes.boilerplate import StripBoilerplate

PROSE = "The minister said the talks would resume on Monday."
MORE = "Markets in Asia were mixed after the announcement."
LONG = (
    "The minister said on Monday that the talks with the unions would resume next week, after a long pause "
    "in which both sides had hardened their positions."
)
FURNITURE = ["Home » News » Politics", "Home » World", "Share this article"]


class TestModelData:
    def test_shipped_model_names_only_known_features(self) -> None:
        with resources.files("cleantext.data").joinpath("line-model.json").open("rb") as f:
            data = json.load(f)
        assert set(data["features"]) <= set(FEATURES)
        assert 0.5 <= data["threshold"] < 1.0
        assert "tools/train_linemodel.py" in data["origin"]
        assert data["trees"] and all(node[0] < len(data["features"]) for tree in data["trees"] for node in tree)

    def test_unknown_feature_is_refused(self) -> None:
        data = {"features": ["site_is_cnn"], "base": 0.0, "trees": [], "threshold": 0.9, "max_words": 20}
        with pytest.raises(ValueError, match="unknown features"):
            LineModel.from_dict(data)

    def test_trees_are_read_as_written(self) -> None:
        """A one-split tree: a line with separators goes right, one without goes left."""
        tree = [[0, 0.5, 1, 2, 0.0], [-1, 0.0, 0, 0, -2.0], [-1, 0.0, 0, 0, 3.0]]
        data = {"features": ["separators"], "base": 0.5, "trees": [tree], "threshold": 0.9, "max_words": 20}
        model = LineModel.from_dict(data)
        x = [0.0] * len(FEATURES)
        assert model.raw(x) == pytest.approx(-1.5)
        x[list(FEATURES).index("separators")] = 2.0
        assert model.raw(x) == pytest.approx(3.5)
        assert model.explain(x) == ["separators (| » • /)"]


def _features(line: str, before: str = PROSE, after: str = MORE) -> list[float] | None:
    return LineModel.builtin().features(["Title", before, line, after], 2)


class TestCandidates:
    @pytest.mark.parametrize("line", [PROSE, MORE, "A GUN IN THE HEAD OF UKRAINE", "Chapter 3", "AC/DC on tour"])
    def test_plain_lines_are_never_judged(self, line: str) -> None:
        assert _features(line) is None

    @pytest.mark.parametrize(
        "line",
        [
            "| Name | Price |",
            "|---|---|",
            "| Share | Print |",
            "// add.c",
            "x = share();",
            "• Sony Reader",
            "N/A",
            "[![PyPI version](https://example.org/badge.svg)](https://example.org/pkg/)",
            "[Share this](https://example.org/share)",
            "**Follow us** on Twitter",
        ],
    )
    def test_tables_code_and_list_items_are_never_judged(self, line: str) -> None:
        assert _features(line) is None

    @pytest.mark.parametrize(
        "line",
        ["« C’est un début », a-t-il dit.", "»Ja«, sagte sie.", "‹ Oui ›, dit-il.", "Il a dit « non » et « oui »"],
    )
    def test_guillemets_around_a_quotation_are_not_separators(self, line: str) -> None:
        assert _features(line) is None

    @pytest.mark.parametrize("line", ["Accueil » Monde » Europe", "Startseite › Politik", "Retour » Accueil"])
    def test_guillemets_between_crumbs_are_separators(self, line: str) -> None:
        assert _features(line) is not None

    def test_news_preset_keeps_a_quoted_line_whatever_ends_the_text(self) -> None:
        """A quotation in guillemets above a cut last line: kept on the first
        run and on the second (it was removed on the second only)."""
        from cleantext import Pipeline

        news = Pipeline.from_preset("news")
        text = (
            "Le ministre a déclaré que les négociations continueraient, pictured on February 1, 2022."
            " (AP Photo/Ng Han Guan)\n(dpa)\n\nÂ« Câ€™est un dÃ©but Â», a-t-il dit.\n„Das\n"
        )
        once = news(text)
        assert "« C’est un début », a-t-il dit." in once
        assert news(once) == once

    def test_the_title_is_never_judged(self) -> None:
        assert LineModel.builtin().features(["Print | Email | Share", PROSE], 0) is None

    def test_lexicon_hits_are_features(self) -> None:
        x = _features("Auch lesen: Die Bahn erhöht die Preise")
        assert x is not None and x[list(FEATURES).index("lex_related")] == 1.0

    def test_place_against_the_article_text(self) -> None:
        """Above the first long line, below the last one, or neither."""
        long = PROSE + " " + MORE + " " + PROSE
        lines = ["Title", "Home | News", long, "Share | Print", long, "Tags: a | b"]
        model = LineModel.builtin()
        names = list(FEATURES)
        got = [
            (x[names.index("before_body")], x[names.index("after_body")])
            for x in map(lambda i: model.features(lines, i), (1, 3, 5))
            if x
        ]
        assert got == [(1.0, 0.0), (0.0, 0.0), (0.0, 1.0)]

    def test_lines_above_a_cut_line_see_the_same_whatever_marks_the_cut(self) -> None:
        """A cut last line, the same line ended with "…" or with a marker
        (what repair-truncation makes of it) give the lines above the same
        features, so a second run of the preset judges them the same way."""
        model = LineModel.builtin()
        cut = LONG[:-1] + " and the"
        seen = []
        for last in (cut, cut + "…", cut + " [truncated]"):
            lines = ["Title", LONG, "Tools", "Home » World", last]
            seen.append([model.features(lines, i) for i in (2, 3)])
        assert seen[0] == seen[1] == seen[2]
        assert seen[0][1] is not None

    def test_a_cut_last_line_is_not_article_text(self) -> None:
        """repair-truncation may remove a cut last line: the lines above it
        are judged as if it were not there, so a second run agrees."""
        long = PROSE + " " + MORE + " " + PROSE
        names = list(FEATURES)
        x = LineModel.builtin().features(["Title", long, "Share | Print", long[:-1] + " and the"], 2)
        assert x is not None and x[names.index("after_body")] == 1.0


class TestStripBoilerplate:
    @pytest.mark.parametrize("line", FURNITURE)
    def test_removes_page_furniture_among_short_lines_with_a_reason(self, line: str) -> None:
        text = f"Title\n{LONG}\nTools\n{line}\nMore\n"
        out, changes = StripBoilerplate().apply(text)
        assert out == f"Title\n{LONG}\nTools\nMore\n"
        assert changes[0].reason.startswith("likely boilerplate (score ")
        assert changes[0].reason.count(",") >= 1  # what weighed most, in words

    @pytest.mark.parametrize(
        "line",
        [
            "She moved to Facebook | Meta in 2019 after ten years at Google.",
            "Follow-up talks are set for Monday, a spokesman told reporters.",
            "Read more about the plan at www.example.com, the ministry said on Tuesday.",
            "| Share price | 3.50 |",
        ],
    )
    def test_keeps_article_text(self, line: str) -> None:
        text = f"Title\n{PROSE}\n{line}\n{MORE}\n"
        assert StripBoilerplate()(text) == text

    def test_never_removes_the_first_line(self) -> None:
        text = "Print | Email | Share\nPrint | Email | Share\n"
        assert StripBoilerplate()(text).startswith("Print | Email | Share\n")

    def test_fixed_point_in_one_run(self) -> None:
        """A block of furniture goes at once: a second run removes nothing."""
        text = f"Title\n{LONG}\nTools\n" + "\n".join(FURNITURE * 3) + "\nMore\n"
        once = StripBoilerplate()(text)
        assert once != text
        assert StripBoilerplate()(once) == once

    @settings(max_examples=60, deadline=None)
    @given(
        st.lists(
            st.sampled_from(
                [*FURNITURE, PROSE, MORE, LONG, LONG[:-1], "", "Share", "Tools", "Tags: a, b", "© 2019 Doe"]
            ),
            max_size=12,
        )
    )
    def test_idempotent_on_mixed_documents(self, lines: list[str]) -> None:
        text = "\n".join(lines) + "\n"
        once = StripBoilerplate()(text)
        assert StripBoilerplate()(once) == once

    @pytest.mark.parametrize("policy", ["drop", "ellipsis", "mark"])
    def test_news_preset_twice_changes_nothing_when_a_cut_line_ends_the_text(self, policy: str) -> None:
        """repair-truncation runs after strip-boilerplate and may remove a
        cut last line or mark it: the lines above it are judged the same way."""
        from cleantext import Pipeline

        news = Pipeline.from_preset("news").with_options({"repair-truncation": {"policy": policy}})
        for tail in ("Tools\nHome » World\nMore", "Home » World\nShare this article"):
            text = f"Title\n{LONG}\n{tail}\n{LONG[:-1]} and the\n"
            once = news(text)
            assert news(once) == once

    def test_fixed_point_when_furniture_below_an_unfinished_paragraph_goes(self) -> None:
        """Once the last line goes, the paragraph without a full stop is last
        and reads as cut (not article text): the lines above it are judged
        as a second run would judge them, and that run removes nothing."""
        unfinished = LONG.rstrip(".")
        lines = [LONG, "Home » News » Politics", "Home » World", unfinished, "Home » World"]
        once = StripBoilerplate()("\n".join(lines) + "\n")
        assert once == StripBoilerplate()(once)
        assert once.startswith(LONG + "\n") and once.endswith(unfinished + "\n")
        assert "Home » News » Politics" not in once

    def test_judge_lines_rescans_only_neighbours(self) -> None:
        """Linear work: each line is scored at most once plus twice per removal."""
        calls = 0
        model = LineModel.builtin()

        class Counting(LineModel):
            def score(self, x: Sequence[float] | None) -> float:
                nonlocal calls
                calls += 1
                return super().score(x)

        counting = Counting(model.trees, model.base, model.threshold, model.max_words, model.max_chars)
        lines = ["Title", *(FURNITURE * 200), PROSE]
        removed = judge_lines(counting, lines, counting.threshold)
        assert calls <= len(lines) + 2 * len(removed)

    def test_threshold_option(self) -> None:
        with pytest.raises(ConfigError, match="threshold"):
            StripBoilerplate(threshold=1.5)
        text = f"Title\n{LONG}\nTools\nHome » World\nMore\n"
        assert StripBoilerplate(threshold=0.9999)(text) == text
        assert StripBoilerplate()(text) != text


class TestLexicon:
    LANGUAGES = frozenset({"en", "de", "fr", "es", "pt", "it", "pl"})

    def _data(self) -> dict[str, dict[str, dict[str, str]]]:
        import tomllib

        with resources.files("cleantext.data").joinpath("boilerplate-lexicon.toml").open("rb") as f:
            return tomllib.load(f)

    @pytest.mark.parametrize("category", ["credit_labels", "related_labels", "social_labels", "promo_words"])
    def test_seven_languages_per_category(self, category: str) -> None:
        assert self.LANGUAGES <= set(self._data()[category])

    def test_every_entry_says_where_it_is_used(self) -> None:
        for category, languages in self._data().items():
            for lang, forms in languages.items():
                for form, where in forms.items():
                    assert form.strip() and where.strip(), (category, lang, form)


def _wide_model(kinds: list[str], wide_base: float = 10.0) -> LineModel:
    """The shipped model for lines with marks, and for lines of ``kinds`` a
    model of no trees that scores every line it is given ``wide_base``
    (10: it removes every line it judges): what is removed beyond the
    shipped model's removals is exactly what those kinds let it judge."""
    with resources.files("cleantext.data").joinpath("line-model.json").open("rb") as f:
        data = json.load(f)
    data["wide"] = {"judge": kinds, "threshold": 0.5, "features": ["words"], "base": wide_base, "trees": []}
    return LineModel.from_dict(data)


class TestOtherKinds:
    """A model may judge more kinds of line than those with a lexicon hit,
    a separator or a link (``tools/train_linemodel.py --judge``); the
    shipped one judges only those."""

    def test_the_shipped_model_judges_only_lines_with_marks(self) -> None:
        model = LineModel.builtin()
        assert model.judge == {"marks"} and model.wide is None

    def test_which_features_each_kind_judges(self) -> None:
        names = list(FEATURES)
        plain = [0.0] * len(FEATURES)
        plain[names.index("end_sentence")] = 1.0

        def with_(**values: float) -> list[float]:
            x = plain.copy()
            for k, v in values.items():
                x[names.index(k)] = v
            return x

        every = frozenset(JUDGE_KINDS)
        assert not judges(plain, every)  # inside the article text, no date, a full stop at the end
        assert judges(with_(separators=2.0), frozenset({"marks"}))
        assert judges(with_(before_body=1.0), frozenset({"marks", "outside"}))
        assert not judges(with_(before_body=1.0), frozenset({"marks", "date"}))
        assert judges(with_(date_time=1.0), frozenset({"marks", "date"}))
        assert judges(with_(end_sentence=0.0), frozenset({"marks", "unended"}))
        # a list item or a line that ends in a colon: only with marks
        assert not judges(with_(after_body=1.0, date_time=1.0, end_sentence=0.0, bullet_start=1.0), every)
        assert not judges(with_(after_body=1.0, end_colon=1.0), every)
        assert judges(with_(bullet_start=1.0, link=1.0), every)

    def test_unknown_kind_is_refused(self) -> None:
        data = {"features": [], "base": 0.0, "trees": [], "threshold": 0.9, "max_words": 20, "judge": ["menus"]}
        with pytest.raises(ValueError, match="unknown kinds"):
            LineModel.from_dict(data)

    def test_lines_outside_the_article_text(self) -> None:
        lines = [
            "Title",
            "Sections",
            "World",
            LONG,
            "5 March 2024",  # a date line inside the article
            "Chapter 3",  # a heading inside the article
            LONG,
            "- first item",  # a list
            "- second item",
            "# Contact",  # a markdown heading
            "Write to us:",
            "About us",
        ]
        removed = judge_lines(_wide_model(["outside"]), lines, LineModel.builtin().threshold)
        assert sorted(removed) == [1, 2, 11]
        assert all(reason.startswith("likely boilerplate") for reason in removed.values())
        again = [line for i, line in enumerate(lines) if i not in removed]
        assert judge_lines(_wide_model(["outside"]), again, LineModel.builtin().threshold) == {}

    def test_a_poem_or_a_list_of_short_lines_has_no_outside(self) -> None:
        poem = [
            "The Tyger",
            "Tyger Tyger, burning bright,",
            "In the forests of the night;",
            "What immortal hand or eye,",
        ]
        poem += ["Could frame thy fearful symmetry?", "William Blake"]
        assert judge_lines(_wide_model(["outside"]), poem, LineModel.builtin().threshold) == {}

    def test_dates_are_judged_only_by_a_model_that_judges_dates(self) -> None:
        lines = ["Title", LONG, "5 March 2024", LONG]
        assert judge_lines(_wide_model(["outside"]), lines, LineModel.builtin().threshold) == {}
        assert list(judge_lines(_wide_model(["date"]), lines, LineModel.builtin().threshold)) == [2]
        # a model that scores them low keeps them
        assert judge_lines(_wide_model(["date"], wide_base=-10.0), lines, LineModel.builtin().threshold) == {}

    def test_features_for_fitting_take_the_same_lines(self) -> None:
        lines = ["Title", "Sections", LONG, "5 March 2024", "Chapter 3.", LONG, "- item", "About us"]
        assert [i for i, _ in document_features(lines, 20, 100)] == []
        assert [i for i, _ in document_features(lines, 20, 100, judge=["outside"])] == [1, 7]
        assert [i for i, _ in document_features(lines, 20, 100, judge=["outside", "date"])] == [1, 3, 7]
        assert [i for i, _ in document_features(lines, 20, 100, judge=["unended"])] == [1, 3, 7]
