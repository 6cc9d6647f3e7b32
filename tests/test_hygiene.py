"""The code stays lint-clean, formatted and type-checked: ruff and mypy run
as part of the test suite, so the one test command checks everything."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
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


# The checks `mypy --strict` turns on; none may be switched off again.
_STRICT_FLAGS = {
    "warn_unused_configs",
    "disallow_any_generics",
    "disallow_subclassing_any",
    "disallow_untyped_calls",
    "disallow_untyped_defs",
    "disallow_incomplete_defs",
    "check_untyped_defs",
    "disallow_untyped_decorators",
    "warn_redundant_casts",
    "warn_unused_ignores",
    "warn_return_any",
    "no_implicit_reexport",
    "strict_equality",
    "extra_checks",
}


def test_mypy_runs_strict_on_the_whole_package() -> None:
    """The mypy run above is `mypy --strict`: strict is on and no module or
    flag is let off."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mypy"]
    assert config.get("strict") is True
    for section in [config, *config.get("overrides", [])]:
        assert not section.get("ignore_errors"), section
        assert not [flag for flag in _STRICT_FLAGS if section.get(flag) is False], section


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
