"""Passes from other packages: a real plug-in package (tests/plugin_package)
is pip-installed into this interpreter's environment (pip builds it with
setuptools in an isolated build environment), used from the command line in
a subprocess, and uninstalled afterwards."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

PLUGIN = Path(__file__).resolve().parent / "plugin_package"


def pip(*args: str) -> None:
    proc = subprocess.run([sys.executable, "-m", "pip", *args], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def cleantext(*args: str, stdin: str = "", cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cleantext", *args], input=stdin, capture_output=True, text=True, check=False, cwd=cwd
    )


@pytest.fixture(scope="module")
def plugin(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    if importlib.util.find_spec("cleantext_exclaim") is not None:
        pytest.fail("cleantext-exclaim is already installed: pip uninstall cleantext-exclaim")
    source = tmp_path_factory.mktemp("plugin") / "cleantext-exclaim"
    shutil.copytree(PLUGIN, source, ignore=shutil.ignore_patterns("__pycache__"))
    pip("install", "--quiet", "--no-deps", str(source))
    try:
        yield
    finally:
        pip("uninstall", "--quiet", "--yes", "cleantext-exclaim")


def test_unknown_before_install() -> None:
    """Before the plug-in is installed (this test runs first) the name is
    unknown, so the tests below show the entry point at work."""
    assert importlib.util.find_spec("cleantext_exclaim") is None
    proc = cleantext("--passes", "collapse-exclamations", stdin="x")
    assert proc.returncode == 2 and "unknown pass 'collapse-exclamations'" in proc.stderr


def test_listed_with_its_origin(plugin: None) -> None:
    proc = cleantext("--list-passes")
    assert proc.returncode == 0, proc.stderr
    line = next(x for x in proc.stdout.splitlines() if x.startswith("collapse-exclamations "))
    assert "Shorten runs of exclamation marks" in line and line.endswith("[from cleantext_exclaim]")


def test_used_by_name_on_the_command_line(plugin: None) -> None:
    proc = cleantext("--passes", "normalize-whitespace,collapse-exclamations", stdin="Wow!!!!   really!!\n")
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, "Wow! really!\n", "")


def test_options_from_a_config(plugin: None, tmp_path: Path) -> None:
    cfg = tmp_path / "c.toml"
    cfg.write_text('[[pass]]\nname = "collapse-exclamations"\nkeep = 2\n', encoding="utf-8")
    proc = cleantext("--config", str(cfg), stdin="Wow!!!! ok! yes!!\n")
    assert (proc.returncode, proc.stdout) == (0, "Wow!! ok! yes!!\n"), proc.stderr


def test_broken_plugin_is_reported_and_skipped(tmp_path: Path) -> None:
    """A plug-in whose module fails to import is logged; the rest works."""
    dist = tmp_path / "broken_plugin-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: broken-plugin\nVersion: 1.0\n", encoding="utf-8")
    (dist / "entry_points.txt").write_text("[cleantext.passes]\nbroken = no_such_module_here\n", encoding="utf-8")
    env_path = f"{tmp_path}"
    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            f"import sys; sys.path.insert(0, {env_path!r}); from cleantext.cli import main; "
            "sys.exit(main(['--list-passes']))",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0 and "fix-encoding" in proc.stdout
    assert "plug-in broken (no_such_module_here) failed to load" in proc.stderr
