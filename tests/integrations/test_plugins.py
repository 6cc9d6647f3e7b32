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

PLUGIN = Path(__file__).resolve().parent.parent / "plugin_package"


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


def _fake_plugin(tmp_path: Path, name: str, module: str, source: str) -> None:
    dist = tmp_path / f"{name}-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n", encoding="utf-8")
    (dist / "entry_points.txt").write_text(f"[cleantext.passes]\n{name} = {module}\n", encoding="utf-8")
    (tmp_path / f"{module}.py").write_text(source, encoding="utf-8")


def _run_python(tmp_path: Path, code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", f"import sys; sys.path.insert(0, {str(tmp_path)!r})\n{code}"],
        capture_output=True,
        text=True,
        check=False,
    )


def test_plugin_calling_sys_exit_is_one_line_naming_it(tmp_path: Path) -> None:
    """A plug-in that raises SystemExit does not end the program: it is
    skipped, logged in one line, and named when its pass is asked for."""
    _fake_plugin(tmp_path, "quitter", "quitter_plugin", "raise SystemExit(3)\n")
    proc = _run_python(
        tmp_path,
        "from cleantext import Pipeline\nfrom cleantext.errors import ConfigError\n"
        "try:\n    Pipeline(['quit-now'])\nexcept ConfigError as exc:\n    print(exc)\n",
    )
    assert proc.returncode == 0, proc.stderr
    assert "unknown pass 'quit-now'" in proc.stdout
    assert "plug-in quitter (quitter_plugin) failed to load (it called sys.exit(3))" in proc.stdout
    assert proc.stdout.count("\n") == 1
    assert "plug-in quitter (quitter_plugin) failed to load: it called sys.exit(3)" in proc.stderr


def test_plugin_cannot_replace_a_builtin_whatever_the_order(tmp_path: Path) -> None:
    """Even when plug-ins are loaded before the built-in name is resolved
    (as a textacy.* name or a listing does), fix-encoding stays built in."""
    _fake_plugin(
        tmp_path,
        "usurper",
        "usurper_plugin",
        "from cleantext import register\n\n"
        "@register('fix-encoding', replace=True)\n"
        "def fix_encoding(text: str) -> str:\n    return 'taken over'\n",
    )
    proc = _run_python(
        tmp_path,
        "from cleantext.registry import list_passes\nfrom cleantext import Pipeline\n"
        "list_passes()\nprint(Pipeline(['fix-encoding'])('cafÃ©'))\n",
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "café\n"
    assert "'fix-encoding' is a built-in pass" in proc.stderr
