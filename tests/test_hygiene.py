"""The code stays lint-clean, formatted and type-checked: ruff and mypy run
as part of the test suite, so the one test command checks everything."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _tool(name: str) -> list[str]:
    if shutil.which(name) is None:
        pytest.fail(f"{name} is not installed: pip install -e '.[test]'")
    return [name]


@pytest.mark.parametrize(
    "command",
    [["ruff", "check", "."], ["ruff", "format", "--check", "."], ["mypy"]],
    ids=["ruff-check", "ruff-format", "mypy"],
)
def test_tool_passes(command: list[str]) -> None:
    proc = subprocess.run(_tool(command[0]) + command[1:], cwd=ROOT, capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_help_imports_nothing_heavy() -> None:
    """`cleantext --help` must start fast: it may not import ftfy, regex or
    any optional extra."""
    code = (
        "import sys\n"
        "from cleantext.cli import build_parser\n"
        "build_parser().format_help()\n"
        "heavy = {'ftfy', 'regex', 'dask', 'pandas', 'textacy', 'spacy', 'hypothesis', 'tqdm'} & set(sys.modules)\n"
        "print(sorted(heavy))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
