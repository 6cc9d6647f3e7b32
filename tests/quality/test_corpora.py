"""Golden documents: each corpora/NAME.txt cleaned by the news preset must
equal corpora/NAME.expected.txt byte for byte."""

from __future__ import annotations

from pathlib import Path

import pytest

from cleantext import Pipeline

CORPORA = Path(__file__).resolve().parents[2] / "corpora"
DOCUMENTS = sorted(p for p in CORPORA.glob("*.txt") if not p.name.endswith(".expected.txt"))


def _read(path: Path) -> str:
    return path.read_bytes().decode("utf-8")


def test_corpus_is_there() -> None:
    assert len(DOCUMENTS) >= 13


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.stem)
def test_news_preset_gives_the_expected_output(path: Path) -> None:
    expected = path.with_name(path.stem + ".expected.txt")
    assert expected.exists(), f"{expected.name} is missing"
    assert Pipeline.from_preset("news")(_read(path)) == _read(expected)


@pytest.mark.parametrize("path", [p for p in DOCUMENTS if p.stem.endswith("-unchanged")], ids=lambda p: p.stem)
def test_negative_documents_are_left_alone(path: Path) -> None:
    assert _read(path.with_name(path.stem + ".expected.txt")) == _read(path)


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.stem)
def test_expected_outputs_are_fixed_points(path: Path) -> None:
    expected = _read(path.with_name(path.stem + ".expected.txt"))
    assert Pipeline.from_preset("news")(expected) == expected
