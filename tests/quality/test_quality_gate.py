"""Quality gate: the news preset on 30 vendored benchmark pages must stay at
or above the floors in tests/data/quality-floors.toml.

The metric is the article-extraction benchmark's: lower-cased word tokens,
multiset 4-word shingles, per-document precision and recall averaged over
documents. A floor may be raised freely; lowering one needs a reason written
beside it in the floors file.
"""

from __future__ import annotations

import json
import re
import statistics
import tomllib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest

from cleantext import Pipeline

DATA = Path(__file__).resolve().parent.parent / "data"
PAGES = DATA / "aeb-gate"
FLOORS = tomllib.loads((DATA / "quality-floors.toml").read_text(encoding="utf-8"))
EXTRACTORS = ("readability", "boilerpipe")
_WORD = re.compile(r"\w+")


def _shingles(text: str) -> Counter[tuple[str, ...]]:
    tokens = _WORD.findall(text.lower())
    if len(tokens) < 4:
        return Counter([tuple(tokens)] if tokens else [])
    return Counter(tuple(tokens[i : i + 4]) for i in range(len(tokens) - 3))


def _precision_recall(truth: str, pred: str) -> tuple[float, float]:
    t, p = _shingles(truth), _shingles(pred)
    tp = sum((t & p).values())
    fp = sum((p - t).values())
    fn = sum((t - p).values())
    if fp == fn == 0:
        return 1.0, 1.0
    return (tp / (tp + fp) if tp + fp else 0.0), (tp / (tp + fn) if tp + fn else 0.0)


def _norm(line: str) -> str:
    return " ".join(line.split())


@dataclass
class Quality:
    precision_before: float
    precision_after: float
    recall_before: float
    recall_after: float
    gold_lines: int
    wrong: list[str]

    @property
    def gain(self) -> float:
        return self.precision_after - self.precision_before


def measure(pipeline: Pipeline, extractor: str) -> Quality:
    truth = json.loads((PAGES / "ground-truth.json").read_text(encoding="utf-8"))
    output = json.loads((PAGES / f"{extractor}.json").read_text(encoding="utf-8"))
    before, after, wrong, gold_lines = [], [], [], 0
    for key, page in sorted(truth.items()):
        gold = page["articleBody"]
        gold_set = {_norm(x) for x in gold.splitlines() if x.strip()}
        gold_lines += len(gold_set)
        raw = output[key]["articleBody"] or ""
        result = pipeline.run(raw)
        before.append(_precision_recall(gold, raw))
        after.append(_precision_recall(gold, result.text))
        wrong.extend(
            f"{c.pass_name}: {c.reason}: {_norm(c.before)}"
            for c in result.changes
            if c.kind == "line-removed" and _norm(c.before) in gold_set
        )
    return Quality(
        statistics.mean(p for p, _ in before),
        statistics.mean(p for p, _ in after),
        statistics.mean(r for _, r in before),
        statistics.mean(r for _, r in after),
        gold_lines,
        wrong,
    )


def failures(quality: Quality, floors: dict[str, float]) -> list[str]:
    """The floors ``quality`` falls below, in words (empty when it passes)."""
    out = []
    if quality.gain < floors["min_precision_gain"]:
        out.append(f"precision gain {quality.gain:+.4f} below the floor {floors['min_precision_gain']:+.4f}")
    if quality.recall_after - quality.recall_before < floors["min_recall_change"]:
        out.append(
            f"recall change {quality.recall_after - quality.recall_before:+.4f} below the floor "
            f"{floors['min_recall_change']:+.4f}"
        )
    if len(quality.wrong) > floors["max_gold_lines_removed"]:
        out.append(
            f"{len(quality.wrong)} gold lines removed, more than {floors['max_gold_lines_removed']}: {quality.wrong}"
        )
    return out


@pytest.mark.parametrize("extractor", EXTRACTORS)
def test_news_preset_meets_the_floors(extractor: str) -> None:
    """Precision gain, recall and false removals stay within the floors."""
    quality = measure(Pipeline.from_preset("news"), extractor)
    assert not failures(quality, FLOORS[extractor])


def test_gate_fails_on_a_worse_rule_set(monkeypatch: pytest.MonkeyPatch) -> None:
    """The gate is not vacuous: captions taken on one signal (any line above
    a credit) and a line model with a low threshold break a floor."""
    from cleantext.linemodel import LineModel
    from cleantext.passes.boilerplate import StripCaptions

    monkeypatch.setattr(StripCaptions, "_not_a_caption", lambda self, text, rules: None)
    model = LineModel.builtin()
    monkeypatch.setattr(LineModel, "builtin", classmethod(lambda cls: LineModel(model.trees, model.base, 0.3, 60)))
    broken = [failures(measure(Pipeline.from_preset("news"), x), FLOORS[x]) for x in EXTRACTORS]
    assert any(broken)


def test_gate_fails_on_a_line_model_that_removes_every_line_it_judges(monkeypatch: pytest.MonkeyPatch) -> None:
    """The gate guards the line model too: one that scores every line it
    judges as boilerplate (no trees, a high constant) removes article lines."""
    from cleantext.linemodel import LineModel

    model = LineModel.builtin()
    always = LineModel((), 20.0, model.threshold, model.max_words, model.max_chars)
    monkeypatch.setattr(LineModel, "builtin", classmethod(lambda cls: always))
    broken = [failures(measure(Pipeline.from_preset("news"), x), FLOORS[x]) for x in EXTRACTORS]
    assert any(any("gold lines removed" in f for f in b) for b in broken)


def test_floors_file_names_every_extractor() -> None:
    for extractor in EXTRACTORS:
        assert set(FLOORS[extractor]) == {"min_precision_gain", "min_recall_change", "max_gold_lines_removed"}
