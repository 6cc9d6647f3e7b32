"""Passes from other packages, through the ``cleantext.passes`` entry point.

The regular tests give the registry fake entry points (real
``importlib.metadata.EntryPoint`` objects naming modules in a temporary
folder, or the plug-in package of ``tests/plugin_package``) by replacing
``importlib.metadata.entry_points``: loading, a plug-in that fails, one that
calls ``sys.exit`` and one that tries to take a built-in name, all in this
process. One test pip-installs the real package and runs the command in a
subprocess; it changes the environment it runs in, so it runs only in CI
(the environment variable ``CI`` set, as ``.ci/run`` does).
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import logging
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import cleantext.plugins as plugins
import cleantext.registry as registry
from cleantext import Pipeline
from cleantext.cli import main
from cleantext.errors import ConfigError

PLUGIN = Path(__file__).resolve().parent.parent / "plugin_package"
GROUP = plugins.ENTRY_POINT_GROUP

#: Give the registry these entry points: ``install({"name": "module"})``.
Install = Callable[[dict[str, str]], None]


@pytest.fixture
def install(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Install]:
    """Fake entry points for the ``cleantext.passes`` group, on a registry
    that has not loaded plug-ins yet; the registry, the failures and the
    imported plug-in modules are put back afterwards."""
    registry._load_builtins(plugins=False)
    saved: tuple[dict[str, Any], ...] = (dict(registry._REGISTRY), dict(registry._ORIGINS), dict(plugins._FAILURES))
    modules = set(sys.modules)
    monkeypatch.setattr(registry, "_PLUGINS_LOADED", False)
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.syspath_prepend(str(PLUGIN))
    plugins._FAILURES.clear()
    real = importlib.metadata.entry_points

    def give(points: dict[str, str]) -> None:
        fake = importlib.metadata.EntryPoints(
            importlib.metadata.EntryPoint(name, value, GROUP) for name, value in points.items()
        )

        def entry_points(**params: str) -> Any:
            return fake if params.get("group") == GROUP else real(**params)

        monkeypatch.setattr(importlib.metadata, "entry_points", entry_points)
        if hasattr(plugins, "entry_points"):  # imported at module level
            monkeypatch.setattr(plugins, "entry_points", entry_points)

    yield give
    tables: tuple[dict[str, Any], ...] = (registry._REGISTRY, registry._ORIGINS, plugins._FAILURES)
    for table, old in zip(tables, saved, strict=True):
        table.clear()
        table.update(old)
    for name in set(sys.modules) - modules:
        del sys.modules[name]


def write_module(folder: Path, module: str, source: str) -> None:
    (folder / f"{module}.py").write_text(source, encoding="utf-8")


def run(capsysbinary: pytest.CaptureFixture[bytes], argv: list[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsysbinary.readouterr()
    return code, out.decode("utf-8"), err.decode("utf-8")


class TestLoad:
    def test_unknown_without_the_entry_point(self, install: Install) -> None:
        """With no entry point the name is unknown: the tests below show the entry point at work."""
        install({})
        with pytest.raises(ConfigError, match="unknown pass 'collapse-exclamations'"):
            Pipeline(["collapse-exclamations"])

    def test_listed_with_its_origin(self, install: Install, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
        install({"exclaim": "cleantext_exclaim"})
        code, out, err = run(capsysbinary, ["--list-passes"])
        assert code == 0, err
        line = next(x for x in out.splitlines() if x.startswith("collapse-exclamations "))
        assert "Shorten runs of exclamation marks" in line and line.endswith("[from cleantext_exclaim]")

    def test_used_by_name_on_the_command_line(
        self, install: Install, capsysbinary: pytest.CaptureFixture[bytes], stdin: Callable[[bytes], None]
    ) -> None:
        install({"exclaim": "cleantext_exclaim"})
        stdin(b"Wow!!!!   really!!\n")
        assert run(capsysbinary, ["--passes", "normalize-whitespace,collapse-exclamations"]) == (
            0,
            "Wow! really!\n",
            "",
        )

    def test_options_from_a_config(
        self,
        install: Install,
        tmp_path: Path,
        capsysbinary: pytest.CaptureFixture[bytes],
        stdin: Callable[[bytes], None],
    ) -> None:
        install({"exclaim": "cleantext_exclaim"})
        cfg = tmp_path / "c.toml"
        cfg.write_text('[[pass]]\nname = "collapse-exclamations"\nkeep = 2\n', encoding="utf-8")
        stdin(b"Wow!!!! ok! yes!!\n")
        code, out, err = run(capsysbinary, ["--config", str(cfg)])
        assert (code, out) == (0, "Wow!! ok! yes!!\n"), err

    def test_read_once(self, install: Install) -> None:
        """The entry points are read once, not on every listing or lookup."""
        install({"exclaim": "cleantext_exclaim"})
        calls = []
        real = importlib.metadata.entry_points

        def counted(**params: str) -> Any:
            calls.append(params.get("group"))
            return real(**params)

        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(importlib.metadata, "entry_points", counted)
            if hasattr(plugins, "entry_points"):
                mp.setattr(plugins, "entry_points", counted)
            registry.list_passes()
            registry.list_passes()
            with pytest.raises(ConfigError):
                Pipeline(["no-such-pass"])
        assert calls == [GROUP]


class TestFailures:
    def test_broken_plugin_is_reported_and_skipped(
        self, install: Install, capsysbinary: pytest.CaptureFixture[bytes]
    ) -> None:
        """A plug-in whose module fails to import is logged in one line; the rest works."""
        install({"broken": "no_such_module_here", "exclaim": "cleantext_exclaim"})
        code, out, err = run(capsysbinary, ["--list-passes"])
        assert code == 0 and "fix-encoding" in out and "collapse-exclamations" in out
        assert err.strip().splitlines() == [
            "cleantext: plug-in broken (no_such_module_here) failed to load: "
            "ModuleNotFoundError: No module named 'no_such_module_here'"
        ]

    def test_exception_is_one_line_naming_the_plugin(
        self, install: Install, tmp_path: Path, caplog: pytest.LogCaptureFixture
    ) -> None:
        """A multi-line error message is cut to its first line, and the
        unknown pass's error names the plug-in that failed."""
        write_module(tmp_path, "raising_plugin", "raise RuntimeError('first line\\nsecond line')\n")
        install({"raising": "raising_plugin"})
        with caplog.at_level(logging.WARNING, logger="cleantext"), pytest.raises(ConfigError) as info:
            Pipeline(["raise-now"])
        assert "plug-in raising (raising_plugin) failed to load (RuntimeError: first line)" in str(info.value)
        assert "\n" not in str(info.value)
        assert [r.getMessage() for r in caplog.records] == [
            "cleantext: plug-in raising (raising_plugin) failed to load: RuntimeError: first line"
        ]

    def test_plugin_calling_sys_exit_is_one_line_naming_it(
        self, install: Install, tmp_path: Path, caplog: pytest.LogCaptureFixture
    ) -> None:
        """A plug-in that raises SystemExit does not end the program: it is
        skipped, logged in one line, and named when its pass is asked for."""
        write_module(tmp_path, "quitter_plugin", "raise SystemExit(3)\n")
        install({"quitter": "quitter_plugin"})
        with caplog.at_level(logging.WARNING, logger="cleantext"), pytest.raises(ConfigError) as info:
            Pipeline(["quit-now"])
        message = str(info.value)
        assert "unknown pass 'quit-now'" in message and "\n" not in message
        assert "plug-in quitter (quitter_plugin) failed to load (it called sys.exit(3))" in message
        assert [r.getMessage() for r in caplog.records] == [
            "cleantext: plug-in quitter (quitter_plugin) failed to load: it called sys.exit(3)"
        ]

    def test_keyboard_interrupt_is_not_swallowed(self, install: Install, tmp_path: Path) -> None:
        """Ctrl-C while a plug-in imports stops the program as it would anywhere else."""
        write_module(tmp_path, "interrupted_plugin", "raise KeyboardInterrupt\n")
        install({"interrupted": "interrupted_plugin"})
        with pytest.raises(KeyboardInterrupt):
            registry.list_passes()


USURPER = (
    "from cleantext import register\n\n"
    "@register('fix-encoding', replace=True)\n"
    "def fix_encoding(text: str) -> str:\n    return 'taken over'\n"
)


class TestBuiltinNames:
    @pytest.mark.parametrize("order", ["list-first", "resolve-first", "plugins-before-builtins"])
    def test_plugin_cannot_replace_a_builtin_whatever_the_order(
        self,
        install: Install,
        tmp_path: Path,
        caplog: pytest.LogCaptureFixture,
        monkeypatch: pytest.MonkeyPatch,
        order: str,
    ) -> None:
        """Whether plug-ins are loaded by a listing, after the built-in name
        was resolved, or before any built-in module was imported, fix-encoding
        stays built in and the plug-in is reported."""
        write_module(tmp_path, "usurper_plugin", USURPER)
        install({"usurper": "usurper_plugin"})
        if order == "plugins-before-builtins":
            for name in [n for n, origin in registry._ORIGINS.items() if origin == "cleantext"]:
                registry.unregister(name)
            for module in registry.builtin_modules():
                monkeypatch.delitem(sys.modules, module)  # put back afterwards: the classes stay the same
            monkeypatch.setattr(registry, "_BUILTINS_LOADED", False)
            plugins.load_entry_points()
            assert registry._ORIGINS["fix-encoding"] == "cleantext"
        elif order == "list-first":
            with caplog.at_level(logging.WARNING, logger="cleantext"):
                registry.list_passes()
        else:
            assert Pipeline(["fix-encoding"])("cafÃ©") == "café"
            with caplog.at_level(logging.WARNING, logger="cleantext"):
                registry.list_passes()
        assert Pipeline(["fix-encoding"])("cafÃ©") == "café"
        assert registry.pass_origin("fix-encoding") == "cleantext"
        assert "usurper (usurper_plugin)" in plugins.failures()
        assert "'fix-encoding' is a built-in pass" in plugins.failures()["usurper (usurper_plugin)"]

    def test_plugin_cannot_take_a_name_another_plugin_took(self, install: Install, tmp_path: Path) -> None:
        """Two plug-ins with one pass name: the first keeps it, the second is reported."""
        body = "from cleantext import register\n\n@register('name-the-plugin')\ndef {0}(text: str) -> str:\n    return {0!r}\n"
        write_module(tmp_path, "first_plugin", body.format("first"))
        write_module(tmp_path, "second_plugin", body.format("second"))
        install({"first": "first_plugin", "second": "second_plugin"})
        assert Pipeline(["name-the-plugin"])("x") == "first"
        assert "already registered" in plugins.failures()["second (second_plugin)"]


@pytest.mark.skipif(
    not os.environ.get("CI"), reason="pip-installs a package into this environment: runs only in CI (set CI=true)"
)
def test_real_install(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The plug-in package, pip-installed (built with setuptools in an
    isolated build environment), is listed and used by the command in a
    new process, then uninstalled."""

    def pip(*args: str) -> None:
        proc = subprocess.run([sys.executable, "-m", "pip", *args], capture_output=True, text=True, check=False)
        assert proc.returncode == 0, proc.stdout + proc.stderr

    def cleantext(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "cleantext", *args], input=stdin, capture_output=True, text=True, check=False
        )

    if importlib.util.find_spec("cleantext_exclaim") is not None:
        pytest.fail("cleantext-exclaim is already installed: pip uninstall cleantext-exclaim")
    proc = cleantext("--passes", "collapse-exclamations", stdin="x")
    assert proc.returncode == 2 and "unknown pass 'collapse-exclamations'" in proc.stderr
    source = tmp_path_factory.mktemp("plugin") / "cleantext-exclaim"
    shutil.copytree(PLUGIN, source, ignore=shutil.ignore_patterns("__pycache__"))
    pip("install", "--quiet", "--no-deps", str(source))
    try:
        listing = cleantext("--list-passes")
        assert listing.returncode == 0, listing.stderr
        line = next(x for x in listing.stdout.splitlines() if x.startswith("collapse-exclamations "))
        assert line.endswith("[from cleantext_exclaim]")
        used = cleantext("--passes", "normalize-whitespace,collapse-exclamations", stdin="Wow!!!!   really!!\n")
        assert (used.returncode, used.stdout, used.stderr) == (0, "Wow! really!\n", "")
    finally:
        pip("uninstall", "--quiet", "--yes", "cleantext-exclaim")
