"""Offsets are exact: for every pass and every preset, each character of the
cleaned text that no pass wrote maps back to an equal character, a removed
span maps to nothing, a written character maps to what it was written from
and nothing more, and each change's ``before`` is the original at its span."""

from __future__ import annotations

import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleantext import Change, Pipeline
from cleantext.align import OffsetMap
from cleantext.pipeline import list_presets

from .strategies import any_text, builtin_pass_names, mojibake, news_documents, whitespace_text

CI = bool(os.environ.get("CI"))
# Enough documents in CI to trust the property (2,000 per preset), few
# enough locally to keep the suite quick.
PRESET_EXAMPLES = 2000 if CI else 150
PASS_EXAMPLES = 100 if CI else 40


def documents() -> st.SearchStrategy[str]:
    lines = st.sampled_from(
        [
            "He spoke.\n",
            "Advertisement\n",
            "â€œWe will win…â€\x9d\n",
            "Photo: AP\n",
            "  Kiev  and  Zelenskiy met.  \r\n",
            "\n",
            "\n\n\n",
            "It doesnâ€™t  matter &amp; it never did\n",
            "(Reporting by Jane Doe; Editing by John Roe)\n",
            "The talks went well and then",
        ]
    )
    return st.one_of(
        news_documents(),
        news_documents().map(mojibake),
        st.lists(lines, max_size=12).map("".join),
        any_text(max_size=200),
        whitespace_text(),
    )


def removed(change: Change, raw: str) -> bool:
    """A change that removed original text (not text an earlier pass wrote)."""
    span = change.span
    return change.after == "" and span is not None and span[1] > span[0] and raw[span[0] : span[1]] == change.before


def check_exact(pipeline: Pipeline, raw: str) -> None:
    result = pipeline.run(raw, offsets=True)
    cleaned, m = result.text, result.offsets
    assert m is not None
    assert cleaned == pipeline(raw)
    assert (m.original_length, m.cleaned_length) == (len(raw), len(cleaned))
    copied = set()
    for c, o in m.unchanged():
        assert cleaned[c] == raw[o]
        copied.add(c)
    removals = [c.span for c in result.changes if removed(c, raw)]
    for i in range(len(cleaned)):
        lo, hi = m.to_original(i, i + 1)
        if i in copied:
            # A character no pass wrote maps to itself.
            assert raw[lo:hi] == cleaned[i]
        else:
            # A written character maps to what it was written from, never to
            # text another pass removed beside it (a removal is inside what
            # it maps to only when a later pass rewrote across it).
            for s0, s1 in removals:  # type: ignore[misc]
                assert not (lo == s0 < s1 < hi or lo < s0 < s1 == hi), (i, (lo, hi), (s0, s1))
    for k, change in enumerate(result.changes):
        if not removed(change, raw):
            continue
        s0, s1 = change.span  # type: ignore[misc]
        # Removed text maps to nothing, unless a later pass rewrote across
        # the place it was removed from.
        across = any(
            c.span is not None and c.span[0] <= s0 and s1 <= c.span[1] and c.span != change.span
            for c in result.changes[k + 1 :]
        )
        assert across or m.to_cleaned(s0, s1) is None, (s0, s1)
    for k, change in enumerate(result.changes):
        assert change.span is not None
        s0, s1 = change.span
        if raw[s0:s1] != change.before:
            # Only where an earlier pass wrote that text first.
            earlier = [
                c.span
                for c in result.changes[:k]
                if c.pass_name != change.pass_name and c.span is not None and c.span[0] <= s1 and s0 <= c.span[1]
            ]
            assert earlier, f"{change} does not match the original {raw[s0:s1]!r}"


def check_edit_script(pipeline: Pipeline, raw: str) -> None:
    """One pass's changes are an exact edit script of its input."""
    result = pipeline.run(raw)
    pieces, at = [], 0
    for change in result.changes:
        assert change.span is not None
        s0, s1 = change.span
        assert s0 >= at and raw[s0:s1] == change.before
        pieces += [raw[at:s0], change.after]
        at = s1
    assert "".join([*pieces, raw[at:]]) == result.text


class TestExactOffsets:
    def test_the_reported_case(self) -> None:
        """The cleaned “ maps to 'â€œ' only; the removed line maps to None,
        and its change's before is the original at its span."""
        raw = "He spoke.\nAdvertisement\nâ€œWe will win…"
        result = Pipeline.from_preset().run(raw, offsets=True)
        assert result.text == "He spoke.\n“We will win…"
        m = result.offsets
        assert m is not None
        i = result.text.index("“")
        lo, hi = m.to_original(i, i + 1)
        assert raw[lo:hi] == "â€œ"
        ad = (raw.index("Advertisement"), raw.index("â€œ"))
        assert m.to_cleaned(*ad) is None
        for change in result.changes:
            assert change.span is not None
            assert raw[change.span[0] : change.span[1]] == change.before

    def test_cut_sentence_change_matches_its_span(self) -> None:
        raw = "It rose. Then it fell sharply and\n"
        result = Pipeline(["repair-truncation"]).run(raw, offsets=True)
        assert result.text == "It rose.\n"
        for change in result.changes:
            assert change.span is not None
            assert raw[change.span[0] : change.span[1]] == change.before

    def test_a_cut_over_many_lines_is_one_change_with_its_reason(self) -> None:
        """The pass reports its cut without a span; the text removed across
        lines (the cut sentence and the blank lines around it) is one change
        with that reason, at its exact place."""
        for raw in ("He spoke.\n\nAnd then the\n", "He spoke. And then the\n\n\n"):
            result = Pipeline(["repair-truncation"]).run(raw)
            assert result.text == "He spoke.\n"
            [change] = result.changes
            assert change.kind == "text-removed" and change.after == ""
            assert change.reason is not None and change.reason.startswith("incomplete final sentence")
            assert change.span is not None and raw[change.span[0] : change.span[1]] == change.before

    def test_offset_list_keeps_the_boundary(self) -> None:
        """The flat form keeps where a removal ends and a rewrite starts."""
        raw = "He spoke.\nAdvertisement\nâ€œWe will win…"
        m = Pipeline.from_preset().run(raw, offsets=True).offsets
        assert m is not None
        back = OffsetMap.from_list(m.to_list(), m.original_length, m.cleaned_length)
        assert back == m and back.to_original(10, 11) == (24, 27)

    @pytest.mark.parametrize("preset", sorted(list_presets()))
    def test_every_preset(self, preset: str) -> None:
        pipeline = Pipeline.from_preset(preset)

        @settings(max_examples=PRESET_EXAMPLES)
        @given(documents())
        def check(raw: str) -> None:
            check_exact(pipeline, raw)

        check()

    @pytest.mark.parametrize("name", builtin_pass_names())
    def test_every_pass(self, name: str) -> None:
        pipeline = Pipeline([name])

        @settings(max_examples=PASS_EXAMPLES)
        @given(documents())
        def check(raw: str) -> None:
            check_exact(pipeline, raw)
            check_edit_script(pipeline, raw)

        check()
