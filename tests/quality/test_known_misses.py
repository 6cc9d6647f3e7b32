"""Known misses, kept as data (``tests/data/known-misses.toml``) as ftfy
keeps its known failures: real inputs on which a pass does the wrong thing,
each with the output a correct pass gives and why it is not fixed yet.

Each case runs as a strict xfail, so a change that fixes one fails the suite
(XPASS) until the case moves to the pass's regular tests. The checks of the
file itself are ordinary tests: every excerpt is made of lines found in the
source it names, and its expected output is the input with boilerplate lines
taken out ("missed") or the input itself ("damaged")."""

from __future__ import annotations

import json
import tomllib
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from cleantext import get_pass

DATA = Path(__file__).resolve().parent.parent / "data"
CASES: list[dict[str, Any]] = tomllib.loads((DATA / "known-misses.toml").read_text(encoding="utf-8"))["case"]
FIELDS = {"label", "pass", "kind", "input", "expected", "why", "source"}


@pytest.mark.parametrize(
    ("name", "options", "text", "expected"),
    [
        pytest.param(
            c["pass"],
            c.get("options", {}),
            c["input"],
            c["expected"],
            id=c["label"],
            marks=pytest.mark.xfail(strict=True, reason=c["why"]),
        )
        for c in CASES
    ],
)
def test_known_miss(name: str, options: dict[str, Any], text: str, expected: str) -> None:
    """The pass gives the expected output (it does not yet: xfail)."""
    assert get_pass(name, **options)(text) == expected


@cache
def _source_lines(source: str) -> frozenset[str]:
    kind, ident, *rest = source.split()
    if kind == "aeb-gate":
        (extractor,) = rest
        pages = json.loads((DATA / "aeb-gate" / f"{extractor}.json").read_text(encoding="utf-8"))
        (key,) = [k for k in pages if k.startswith(ident)]
        text = pages[key]["articleBody"]
    else:
        assert kind == "regression" and not rest, source
        text = (DATA / "regression" / "texts" / f"{ident}.txt").read_text(encoding="utf-8")
    return frozenset(text.splitlines())


def _lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


class TestTheFile:
    def test_enough_cases_with_distinct_labels(self) -> None:
        labels = [c["label"] for c in CASES]
        assert len(labels) >= 15 and len(set(labels)) == len(labels)

    @pytest.mark.parametrize("case", CASES, ids=[c["label"] for c in CASES])
    def test_case_is_well_formed(self, case: dict[str, Any]) -> None:
        """Every field is there, the pass exists, and the reason says something."""
        assert FIELDS <= set(case) <= FIELDS | {"options"}
        assert case["kind"] in ("missed", "damaged")
        get_pass(case["pass"], **case.get("options", {}))
        assert len(case["why"].split()) >= 8

    @pytest.mark.parametrize("case", CASES, ids=[c["label"] for c in CASES])
    def test_excerpt_is_real(self, case: dict[str, Any]) -> None:
        """Every line of the input is a line of the source the case names."""
        found = _source_lines(case["source"])
        assert [line for line in _lines(case["input"]) if line not in found] == []

    @pytest.mark.parametrize("case", CASES, ids=[c["label"] for c in CASES])
    def test_expected_output_follows_the_kind(self, case: dict[str, Any]) -> None:
        """A damaged text is expected back unchanged; a missed case expects
        the input with some of its lines removed, in order, and none changed."""
        if case["kind"] == "damaged":
            assert case["expected"] == case["input"]
            return
        kept, lines = _lines(case["expected"]), iter(_lines(case["input"]))
        assert all(line in lines for line in kept)  # a subsequence of the input's lines
        assert len(kept) < len(_lines(case["input"]))
