"""The example notebooks run from top to bottom without an error, from their
own folder and from the repository root, so they cannot fall out of date.
Needs the notebook extra (part of the test extra)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
NOTEBOOKS = sorted(EXAMPLES.glob("*.ipynb"))


def execute(path: Path, cwd: Path) -> list[Any]:
    """Run the notebook with ``cwd`` as the kernel's working folder; its outputs."""
    try:
        import nbformat
        from nbclient import NotebookClient
    except ImportError:
        pytest.fail("the notebook tests need the notebook extra: pip install -e '.[test]'")
    notebook = nbformat.read(path, as_version=4)
    NotebookClient(notebook, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(cwd)}}).execute()
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]
    errors = [o for o in outputs if o.output_type == "error"]
    assert not errors, errors
    return outputs


def html_outputs(outputs: list[Any]) -> list[str]:
    return [o["data"]["text/html"] for o in outputs if o.output_type == "execute_result" and "text/html" in o["data"]]


def test_there_are_notebooks() -> None:
    assert {p.name for p in NOTEBOOKS} >= {"explain.ipynb", "corpus.ipynb"}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs_from_its_folder(path: Path) -> None:
    html = html_outputs(execute(path, EXAMPLES))
    assert any('class="cleantext cleantext-report"' in h for h in html), "a report renders as HTML"
    if path.stem == "corpus":
        assert any('class="cleantext cleantext-corpus"' in h for h in html), "the summary renders as HTML"
        assert any("1,000 documents" in h for h in html)


def test_explain_notebook_runs_from_the_repository_root() -> None:
    html = html_outputs(execute(EXAMPLES / "explain.ipynb", ROOT))
    assert any('class="cleantext cleantext-result"' in h for h in html)
    assert any(">U+009D</span>" in h and ">NBSP</span>" in h for h in html), "invisible characters as badges"
