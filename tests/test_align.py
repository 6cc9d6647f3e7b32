"""Offset maps: from cleaned text back to the original, for any pass."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleantext import Pipeline
from cleantext.align import OffsetMap, align, diff_edits, diff_lines, inplace_edits, kept_lines_offsets
from cleantext.pipeline import list_presets
from cleantext.registry import register, unregister
from cleantext.text import split_lines

from .strategies import any_text, mojibake, news_documents, whitespace_text

PRESETS = sorted(list_presets())


def texts() -> st.SearchStrategy[str]:
    return st.one_of(
        any_text(max_size=400),
        whitespace_text(),
        news_documents(),
        news_documents().map(mojibake),
        st.text(" \t\r\n\u00a0abcâ€™Ã©&amp;;\u0301e", max_size=200),
    )


def check_map(original: str, cleaned: str, offsets: OffsetMap) -> None:
    """The properties every map must have."""
    assert (offsets.original_length, offsets.cleaned_length) == (len(original), len(cleaned))
    blocks = offsets.blocks
    for (c1, o1, n1), (c2, o2, _) in itertools.pairwise(blocks):
        assert c1 + n1 <= c2 and o1 + n1 <= o2, "blocks are increasing and do not overlap"
    for c, o in offsets.unchanged():
        assert cleaned[c] == original[o], f"cleaned[{c}] is {cleaned[c]!r} but original[{o}] is {original[o]!r}"
    previous = (0, 0)
    for x in range(len(cleaned) + 1):
        span = offsets.to_original(x, x)
        assert span >= previous, "to_original is monotone"
        previous = span


@pytest.fixture
def diffs(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The sizes (cells of the grid) of every difflib match the alignment makes."""
    import difflib

    from cleantext import align as module

    sizes: list[int] = []

    class Recording(difflib.SequenceMatcher):  # type: ignore[type-arg]
        def __init__(self, junk: object, a: str, b: str, autojunk: bool = True) -> None:
            sizes.append(len(a) * len(b))
            super().__init__(junk, a, b, autojunk=autojunk)  # type: ignore[arg-type]

    monkeypatch.setattr(module.difflib, "SequenceMatcher", Recording)
    return sizes


class TestOffsetMap:
    def test_identity(self) -> None:
        m = OffsetMap.identity(5)
        assert m.is_identity()
        assert m.to_original(1, 4) == (1, 4)
        assert m.to_cleaned(0, 5) == (0, 5)

    @pytest.mark.parametrize(
        ("before", "after", "cleaned_span", "original_span"),
        [
            ("a  b", "a b", (2, 3), (3, 4)),  # the "b" after a collapsed gap
            ("a  b", "a b", (1, 2), (1, 2)),  # the kept space
            ("The cafÃ© is", "The café is", (4, 8), (4, 9)),  # a word with a repaired character
            ("x\r\ny\r\n", "x\ny\n", (2, 3), (3, 4)),  # line endings changed
            ("keep\nAdvertisement\nthis\n", "keep\nthis\n", (5, 9), (19, 23)),  # a line removed
            ("Tom &amp; Jerry", "Tom & Jerry", (4, 11), (4, 15)),  # "& Jerry" from "&amp; Jerry"
            ("cafe\u0301!", "caf\u00e9!", (3, 4), (3, 5)),  # a composed accent
            ("unchanged text", "unchanged text", (0, 14), (0, 14)),  # negative: nothing changed
            ("abc", "abc", (1, 1), (1, 1)),  # an empty span
        ],
    )
    def test_to_original(self, before: str, after: str, cleaned_span, original_span) -> None:
        m = align(before, after)
        assert m.to_original(*cleaned_span) == original_span
        check_map(before, after, m)

    @pytest.mark.parametrize(
        ("before", "after", "original_span", "cleaned_span"),
        [
            ("keep\nAdvertisement\nthis\n", "keep\nthis\n", (5, 18), None),  # removed: no inverse
            ("keep\nAdvertisement\nthis\n", "keep\nthis\n", (19, 23), (5, 9)),
            ("Tom &amp; Jerry", "Tom & Jerry", (5, 8), None),  # "amp" was removed
            ("cafe\u0301!", "caf\u00e9!", (3, 4), (3, 4)),  # half of a rewrite: all of it
            ("a  b", "a b", (3, 4), (2, 3)),
        ],
    )
    def test_to_cleaned(self, before: str, after: str, original_span, cleaned_span) -> None:
        assert align(before, after).to_cleaned(*original_span) == cleaned_span

    def test_spans_outside_the_text_are_errors(self) -> None:
        m = align("abc", "ab")
        with pytest.raises(ValueError, match="not inside the cleaned text"):
            m.to_original(0, 3)
        with pytest.raises(ValueError, match="not inside the original text"):
            m.to_cleaned(2, 1)

    def test_overlapping_blocks_are_refused(self) -> None:
        with pytest.raises(ValueError, match="increasing"):
            OffsetMap([(0, 0, 3), (2, 5, 1)], 10, 10)

    def test_compose(self) -> None:
        first = align("a  b  c", "a b c")
        second = align("a b c", "a c")
        both = first.then(second)
        assert both == align("a  b  c", "a c") or both.to_original(2, 3) == (6, 7)
        assert both.to_original(2, 3) == (6, 7)
        check_map("a  b  c", "a c", both)

    def test_compose_needs_matching_lengths(self) -> None:
        with pytest.raises(ValueError, match="does not start"):
            align("ab", "a").then(align("abc", "abc"))

    def test_list_round_trip(self) -> None:
        m = align("keep\nAdvertisement\nthis  one\n", "keep\nthis one\n")
        flat = m.to_list()
        assert len(flat) % 3 == 0
        assert OffsetMap.from_list(flat, m.original_length, m.cleaned_length) == m

    def test_kept_lines(self) -> None:
        lines = split_lines("a\nb\nc\n")
        m = kept_lines_offsets(lines, [True, False, True])
        assert m.blocks == [(0, 0, 2), (2, 4, 2)]

    def test_repr_is_readable(self) -> None:
        assert (
            repr(align("a  b", "a b"))
            == "OffsetMap(2 unchanged runs [(0, 0, 2), (2, 3, 1)], original 4 chars, cleaned 3)"
        )

    def test_long_rewritten_line_is_aligned_word_by_word(self) -> None:
        before = " ".join(f"word{i}  x" for i in range(3000))
        after = " ".join(f"word{i} x" for i in range(3000))
        m = align(before, after)
        check_map(before, after, m)
        # Only the doubled spaces are rewritten.
        assert sum(n for _, _, n in m.blocks) == len(after)

    def test_long_repetitive_line_stays_fast_and_correct(self) -> None:
        before = "ab  " * 200_000
        after = before.replace("  ", " ")
        m = align(before, after)
        assert m.to_original(0, 2) == (0, 2)

    def test_huge_single_change(self) -> None:
        before = "a" * 1_000_000 + "Ã©" + "b" * 1_000_000
        m = align(before, before.replace("Ã©", "é"))
        assert m.to_original(1_000_000, 1_000_001) == (1_000_000, 1_000_002)


class TestPipelineOffsets:
    @pytest.mark.parametrize("preset", PRESETS)
    def test_untouched_characters_map_to_equal_ones_monotonically(self, preset: str) -> None:
        """For any text and any preset, every character of the cleaned text
        that no pass touched maps to an equal character of the original, and
        the map is monotone."""
        pipeline = Pipeline.from_preset(preset)

        @settings(max_examples=150)
        @given(texts())
        def check(text: str) -> None:
            result = pipeline.run(text, offsets=True)
            assert result.offsets is not None
            assert result.text == pipeline(text)
            check_map(text, result.text, result.offsets)
            # The map is tight: every cleaned character it does not call
            # unchanged was written by some change.
            rewritten = len(result.text) - sum(n for _, _, n in result.offsets.blocks)
            assert rewritten <= sum(len(c.after) for c in result.changes)

        check()

    def test_without_offsets_there_is_no_map(self) -> None:
        assert Pipeline.from_preset().run("a  b").offsets is None

    def test_unchanged_text_has_the_identity_map(self) -> None:
        text = "Nothing to clean here.\n"
        assert Pipeline.from_preset().run(text, offsets=True).offsets == OffsetMap.identity(len(text))

    def test_users_own_passes(self) -> None:
        """Offsets work for any str -> str pass: derived from its input and output."""

        @register("drop-digits-and-shout")
        def drop_digits_and_shout(text: str) -> str:
            """Remove digits, upper-case 'x'."""
            return "".join(ch for ch in text if not ch.isdigit()).replace("x", "X")

        try:
            pipeline = Pipeline(["drop-digits-and-shout", "normalize-whitespace"])

            @settings(max_examples=150)
            @given(st.lists(st.text("b x12 ", max_size=12).map(lambda s: s + "a"), max_size=8).map("\n".join))
            def check(text: str) -> None:
                result = pipeline.run(text, offsets=True)
                assert result.offsets is not None
                check_map(text, result.text, result.offsets)
                # Every line keeps its letter "a", never touched: each maps to an "a".
                for c, ch in enumerate(result.text):
                    if ch == "a":
                        o = result.offsets.to_original(c, c + 1)
                        assert text[o[0] : o[1]] == ch

            check()
        finally:
            unregister("drop-digits-and-shout")

    def test_entity_span_maps_back_to_the_raw_text(self) -> None:
        raw = "KYIV  \u2013 President Volodymyr Zelenskiy met Boris Johnson.\r\n\r\n\r\nMoscow\u00e2\u20ac\u2122s view.\r\n"
        result = Pipeline.from_preset().run(raw, offsets=True)
        assert result.offsets is not None
        start = result.text.index("Boris Johnson")
        span = result.offsets.to_original(start, start + len("Boris Johnson"))
        assert raw[span[0] : span[1]] == "Boris Johnson"
        start = result.text.index("Moscow’s")
        span = result.offsets.to_original(start, start + len("Moscow’s"))
        assert raw[span[0] : span[1]] == "Moscow\u00e2\u20ac\u2122s"


class TestBoundedDiff:
    """The diff behind the offsets of users' passes is bounded: no character
    diff of more than a small stretch, whatever the input."""

    def test_repeated_lines_whose_count_changes(self, diffs: list[int]) -> None:
        """The case that took 12.7 s: every "x y" maps to its "x  y"."""
        raw = "x  y\n\n\n" * 500
        result = Pipeline(["normalize-whitespace"]).run(raw, offsets=True)
        assert result.text == ("x y\n\n" * 500)[:-1]
        assert result.offsets is not None
        for k in range(500):
            lo, hi = result.offsets.to_original(5 * k, 5 * k + 3)
            assert raw[lo:hi] == "x  y" and lo == 7 * k
        assert all(size <= 1024 for size in diffs)

    def test_removed_blank_lines_among_repeated_lines(self, diffs: list[int]) -> None:
        """Lines no anchor settles (every line repeated) are matched by their
        longest common runs: the blank lines removed are the changes, and no
        kept line is reported as removed and written again."""
        raw = "\n\nAdvertisement\n\nAdvertisement\n\n"
        report = Pipeline(["normalize-whitespace"]).explain(raw)
        assert report.text == "Advertisement\n\nAdvertisement\n"
        assert [(c.span, c.before, c.after) for c in report.changes] == [
            ((0, 1), "\n", ""),
            ((1, 2), "\n", ""),
            ((31, 32), "\n", ""),
        ]
        assert all(size <= 1024 for size in diffs)

    def test_blank_lines_do_not_anchor_repeated_lines(self, diffs: list[int]) -> None:
        """A blank line matched first would pair the text lines around it
        wrongly: text lines anchor, blank lines only extend a match."""
        raw = "\nAdvertisement\n \nAdvertisement\n\n"
        report = Pipeline(["normalize-whitespace"]).explain(raw)
        assert report.text == "Advertisement\n\nAdvertisement\n"
        assert [(c.span, c.before) for c in report.changes] == [((0, 1), "\n"), ((15, 16), " "), ((31, 32), "\n")]
        assert all(size <= 1024 for size in diffs)

    def test_many_changes_on_one_long_line(self, diffs: list[int]) -> None:
        before = "a  b\u00a0&amp; " * 20_000
        after = before.replace("  ", " ")
        m = align(before, after)
        check_map(before, after, m)
        assert sum(n for _, _, n in m.blocks) == len(after)
        assert all(size <= 1024 for size in diffs)

    def test_unrelated_texts(self, diffs: list[int]) -> None:
        before = "".join(chr(0x61 + (i * 7) % 26) for i in range(50_000))
        after = before[::-1].upper()
        check_map(before, after, align(before, after))
        assert all(size <= 1024 for size in diffs)


class TestRegions:
    def test_a_removal_and_a_rewrite_side_by_side_stay_apart(self) -> None:
        removal = kept_lines_offsets(split_lines("a\nAd\nÃ©\n"), [True, False, True])
        rewrite = align("a\nÃ©\n", "a\né\n")
        both = removal.then(rewrite)
        assert list(both.regions()) == [(2, 5, 2, 2), (5, 7, 2, 3)]
        assert both.to_original(2, 3) == (5, 7)
        assert both.to_cleaned(2, 5) is None

    def test_from_edits(self) -> None:
        m = OffsetMap.from_edits([(1, 3, 1, 2), (3, 4, 2, 2)], 6, 4)
        assert m.blocks == [(0, 0, 1), (2, 4, 2)]
        assert m.to_original(1, 2) == (1, 3)
        assert m.to_cleaned(3, 4) is None
        with pytest.raises(ValueError, match="equal runs"):
            OffsetMap.from_edits([(1, 3, 2, 2)], 6, 4)


class TestRewritesInPlace:
    """A rewrite that keeps every line break (a repair of mojibake) is
    aligned run by run of non-ASCII characters, at C speed for the rest."""

    def test_each_repaired_sequence_is_a_region_of_its_own(self) -> None:
        m = align("It doesnâ€™t â€” OK.\nx\n", "It doesn’t — OK.\nx\n")
        assert list(m.regions()) == [(8, 11, 8, 9), (13, 16, 11, 12)]

    def test_a_correct_character_beside_mojibake_stays_copied(self) -> None:
        m = align("“CafÃ©” is open.", "“Café” is open.")
        assert list(m.regions()) == [(4, 6, 4, 5)]
        assert m.to_original(0, 1) == (0, 1) and m.to_original(5, 6) == (6, 7)

    def test_ascii_changes_on_the_line_are_aligned_too(self) -> None:
        """An entity decoded beside mojibake: the line's differing ASCII
        stretch is aligned character by character, the runs after it paired."""
        assert diff_edits("Tom &amp; Jerry doesnâ€™t", "Tom & Jerry doesn’t") == [
            (5, 9, 5, 5, "span-replaced"),
            (21, 24, 17, 18, "span-replaced"),
        ]

    def test_inplace_edits_needs_as_many_lines(self) -> None:
        assert inplace_edits("a\nb", "a b") is None
        assert inplace_edits("same", "same") == []

    @settings(max_examples=200)
    @given(
        st.lists(
            st.tuples(
                st.text("ab &;\u00e9\u00c3\u00a9\u2019\u00e2\u20ac\r\t", max_size=12), st.booleans(), st.integers(0, 3)
            ),
            max_size=8,
        )
    )
    def test_any_rewrite_that_keeps_the_lines_is_exact(self, lines: list[tuple[str, bool, int]]) -> None:
        """Lines kept or rewritten (characters dropped, doubled, replaced):
        the regions are an exact edit script and copied characters are equal."""
        before = "\n".join(line for line, _, _ in lines)
        after = "\n".join(
            (line[:k] + "\u00e9" + line[k + 1 :] if k % 2 else line[k:] + line[:k]) if rewrite else line
            for line, rewrite, k in lines
        )
        edits = inplace_edits(before, after)
        assert edits is not None
        pieces, at = [], 0
        for o0, o1, c0, c1, _ in edits:
            assert o0 >= at
            pieces += [before[at:o0], after[c0:c1]]
            at = o1
        assert "".join([*pieces, before[at:]]) == after
        check_map(before, after, align(before, after))

    def test_many_repairs_on_one_long_line(self, diffs: list[int]) -> None:
        before = "It doesnâ€™t matter, â€œreallyâ€\x9d. " * 20_000
        after = before.replace("â€™", "’").replace("â€œ", "“").replace("â€\x9d", "”")
        m = align(before, after)
        check_map(before, after, m)
        assert len(list(m.regions())) == 60_000
        assert all(size <= 1024 for size in diffs)


class TestDiffLines:
    """Whole-line regions for counting: changed lines found at C speed when
    every line break stays, the line diff otherwise; the same regions either way."""

    @pytest.mark.parametrize(
        ("before", "after", "regions"),
        [
            ("a\nb\nc", "a\nB\nc", [(2, 4, 2, 4, "span-replaced")]),  # a line and its ending
            ("a\nb\nc\n", "a\nb\nC\n", [(4, 6, 4, 6, "span-replaced")]),
            ("a\nb\nc", "a\nb\nC", [(4, 5, 4, 5, "span-replaced")]),  # the last line, no ending
            ("a\r\nb\r\n", "a\r\nB\r\n", [(3, 6, 3, 6, "span-replaced")]),  # CRLF: the line diff
            ("abc", "", [(0, 3, 0, 0, "line-removed")]),  # the only line gone
            ("a\nb\n", "a\n", [(2, 4, 2, 2, "line-removed")]),
        ],
    )
    def test_regions(self, before: str, after: str, regions: list[tuple[int, int, int, int, str]]) -> None:
        assert diff_lines(before, after) == regions
