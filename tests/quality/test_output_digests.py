"""The output of every pass of the ``news`` preset, byte for byte, on the
development documents, compared with digests recorded from a known-good
version.

Work that should only make the passes faster (one split of the lines for
consecutive line passes, the cue test that lets the boilerplate passes skip
prose) must not change one byte of what they return. The documents are the
ones in this repository: the golden documents of ``corpora/``, the regression
corpus (``tests/data/regression/``), the extractor outputs of the quality-gate
pages (``tests/data/aeb-gate/``) and the boilerplate negatives; each also with
its UTF-8 read as Windows-1252 (mojibake), and some with CRLF line endings.

Each pass is checked twice: alone on the documents, and at its place in the
preset (on the output of the passes before it), with the whole preset's
output last. A digest covers a block of 8 documents, so a failure names the
pass and the documents. When a pass is meant to change what it does, record
the new digests (and say so in the change):

    python -m tests.quality.test_output_digests --write
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import pytest

from cleantext import Pipeline
from cleantext.core import LinePass
from cleantext.pipeline import LineRun

ROOT = Path(__file__).resolve().parent.parent.parent
DIGESTS = ROOT / "tests" / "data" / "output-digests.json"
BLOCK = 8


def documents() -> list[tuple[str, str]]:
    """(name, text) of each development document, in a fixed order."""
    docs: list[tuple[str, str]] = []
    for path in sorted((ROOT / "corpora").glob("*.txt")):
        docs.append((f"corpora/{path.name}", path.read_bytes().decode("utf-8")))
    for path in sorted((ROOT / "tests" / "data" / "regression" / "texts").glob("*.txt")):
        docs.append((f"regression/{path.name}", path.read_bytes().decode("utf-8")))
    for name in ("ground-truth", "readability", "boilerpipe"):
        pages = json.loads((ROOT / "tests" / "data" / "aeb-gate" / f"{name}.json").read_text(encoding="utf-8"))
        docs.extend((f"aeb-gate/{name}/{key}", page["articleBody"]) for key, page in sorted(pages.items()))
    negative = ROOT / "tests" / "data" / "boilerplate-negative.txt"
    docs.append(("boilerplate-negative.txt", negative.read_bytes().decode("utf-8")))
    docs += [(f"{name} (mojibake)", _mojibake(text)) for name, text in docs]
    docs += [(f"{name} (CRLF)", text.replace("\n", "\r\n")) for name, text in docs[::7]]
    return docs


def _mojibake(text: str) -> str:
    import ftfy.bad_codecs  # noqa: F401  (registers sloppy-windows-1252)

    return text.encode("utf-8", "surrogatepass").decode("sloppy-windows-1252")


def _labels() -> list[str]:
    names = Pipeline.from_preset("news").names
    return [f"alone {n}" for n in names] + [f"preset up to {n}" for n in names]


def _digests(outputs: list[str]) -> list[str]:
    out = []
    for start in range(0, len(outputs), BLOCK):
        h = hashlib.sha256()
        for text in outputs[start : start + BLOCK]:
            h.update(text.encode("utf-8", "surrogatepass"))
            h.update(b"\x00")
        out.append(h.hexdigest()[:12])
    return out


def compute(texts: list[str] | None = None) -> dict[str, list[str]]:
    """The digests of each pass alone and of the preset after each pass, the
    passes applied one by one."""
    texts = [text for _, text in documents()] if texts is None else texts
    news = Pipeline.from_preset("news")
    out = {f"alone {p.name}": _digests([p(d) for d in texts]) for p in news.passes}
    for p in news.passes:
        texts = [p(d) for d in texts]
        out[f"preset up to {p.name}"] = _digests(texts)
    return out


RECORDED: dict[str, list[str]] = json.loads(DIGESTS.read_text(encoding="utf-8")) if DIGESTS.exists() else {}
NAMES = [name for name, _ in documents()]


@pytest.fixture(scope="module")
def computed() -> dict[str, list[str]]:
    return compute()


def test_every_pass_of_the_preset_is_recorded() -> None:
    """A digest for each pass alone and at its place in the preset."""
    assert RECORDED, f"{DIGESTS} is missing: python -m tests.quality.test_output_digests --write"
    assert sorted(RECORDED) == sorted(_labels())
    assert all(len(v) == -(-len(NAMES) // BLOCK) for v in RECORDED.values()), "the document set changed"


@pytest.mark.parametrize("label", _labels())
def test_output_is_unchanged(label: str, computed: dict[str, list[str]]) -> None:
    """The outputs hash to the recorded digests, block by block."""
    _same(label, computed[label])


def test_pipeline_runs_line_passes_as_one_after_the_other() -> None:
    """The preset's own run (consecutive line passes on one split of the
    lines) gives the digests of the passes applied one by one, for each
    prefix of the run of line passes and for the whole preset."""
    news = Pipeline.from_preset("news")
    names = news.names
    start = next(i for i, p in enumerate(news.passes) if isinstance(p, LinePass))
    texts = [text for _, text in documents()]
    assert any(isinstance(step, LineRun) for step in news.steps)
    whole = [news(d) for d in texts]
    _same(f"preset up to {names[-1]}", _digests(whole))
    for p in news.passes[:start]:
        texts = [p(d) for d in texts]
    for k in range(start + 2, len(names) + 1):
        _same(f"preset up to {names[k - 1]}", _digests(list(map(Pipeline(news.passes[start:k]), texts))))


def _same(label: str, digests: list[str]) -> None:
    differ = [i for i, (a, b) in enumerate(zip(RECORDED[label], digests, strict=True)) if a != b]
    names = [n for i in differ[:3] for n in NAMES[i * BLOCK : (i + 1) * BLOCK]]
    assert not differ, f"{label}: output changed in {len(differ)} blocks, among: {names}"


def test_the_check_can_fail() -> None:
    """One changed character changes its block's digest and no other."""
    outputs = [text for _, text in documents()][: 3 * BLOCK]
    before = _digests(outputs)
    outputs[BLOCK + 1] += "x"
    after = _digests(outputs)
    assert [a == b for a, b in zip(before, after, strict=True)] == [True, False, True]


def test_documents_cover_the_cases() -> None:
    """Mojibake, CRLF endings and boilerplate to remove are all present."""
    assert sum("(mojibake)" in n for n in NAMES) >= 300
    assert sum("(CRLF)" in n for n in NAMES) >= 50
    assert sum(n.startswith("aeb-gate/boilerpipe") and not n.endswith(")") for n in NAMES) == 30


if __name__ == "__main__":
    if sys.argv[1:] != ["--write"]:
        raise SystemExit("usage: python -m tests.quality.test_output_digests --write")
    DIGESTS.write_text(json.dumps(compute(), indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {DIGESTS}")
