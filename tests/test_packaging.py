"""The distribution: one version source, typed, licensed, installable extras."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import cleantext

ROOT = Path(__file__).resolve().parent.parent


def _pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _requirement_name(requirement: str) -> str:
    """The distribution a requirement names: ``"pytest-xdist>=3.5"`` -> ``"pytest-xdist"``."""
    match = re.match(r"[A-Za-z0-9][\w.-]*", requirement)
    assert match, requirement
    return match.group(0).lower()


class TestMetadata:
    def test_version_is_read_from_the_package(self) -> None:
        """pyproject.toml does not repeat the version: setuptools reads cleantext.__version__."""
        project = _pyproject()["project"]
        assert "version" not in project
        assert "version" in project["dynamic"]
        assert _pyproject()["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "cleantext.__version__"}

    def test_version_looks_like_a_release(self) -> None:
        parts = cleantext.__version__.split(".")
        assert len(parts) == 3 and all(part.isdigit() for part in parts)

    def test_licence_file_is_declared_and_present(self) -> None:
        project = _pyproject()["project"]
        assert project["license"] == "MIT"
        for name in project["license-files"]:
            assert "MIT License" in (ROOT / name).read_text(encoding="utf-8")

    def test_install_hints_name_the_distribution(self) -> None:
        """Every `pip install '<dist>[extra]'` hint in the package names a real distribution and extra."""
        project = _pyproject()["project"]
        name, extras = project["name"], set(project["optional-dependencies"])
        hint = re.compile(r"pip install '([\w.-]+)\[([\w,-]+)\]'")
        found = 0
        for path in (ROOT / "cleantext").rglob("*.py"):
            for dist, wanted in hint.findall(path.read_text(encoding="utf-8")):
                found += 1
                assert dist == name, f"{path.name}: hint names {dist!r}"
                assert set(wanted.split(",")) <= extras, f"{path.name}: unknown extra in {wanted!r}"
        assert found, "no install hint found: the check would pass vacuously"

    def test_required_extras_exist(self) -> None:
        """Every ``require(module, extra)`` in the package names a declared extra."""
        extras = set(_pyproject()["project"]["optional-dependencies"])
        call = re.compile(r"\brequire\(\s*\"[\w.]+\",\s*\"([\w-]+)\"")
        named = {
            (path.name, extra)
            for path in (ROOT / "cleantext").rglob("*.py")
            for extra in call.findall(path.read_text(encoding="utf-8"))
        }
        assert named, "no require() call found: the check would pass vacuously"
        assert {extra for _, extra in named} <= extras, sorted(named)


class TestExtras:
    def test_testing_module_names_the_testing_extra(self) -> None:
        """cleantext.testing's hint names the `testing` extra, exactly as pyproject.toml spells the distribution."""
        name = _pyproject()["project"]["name"]
        source = (ROOT / "cleantext" / "testing.py").read_text(encoding="utf-8")
        assert re.findall(r"pip install '([\w.-]+\[[\w,-]+\])'", source) == [f"{name}[testing]"] * 2

    def test_testing_extra_is_hypothesis_only(self) -> None:
        """Users of cleantext.testing get hypothesis, not the project's tools and integrations."""
        assert [_requirement_name(r) for r in _pyproject()["project"]["optional-dependencies"]["testing"]] == [
            "hypothesis"
        ]

    def test_developer_tools_are_a_dependency_group(self) -> None:
        """pytest, xdist, coverage, ruff and mypy are the `dev` dependency group (PEP 735)."""
        dev = {_requirement_name(r) for r in _pyproject()["dependency-groups"]["dev"]}
        assert {"pytest", "pytest-xdist", "coverage", "ruff", "mypy"} <= dev

    def test_test_extra_is_the_dev_group_and_every_extra_the_suite_uses(self) -> None:
        """The `test` extra (README's and CI's install line) repeats the dev group and
        takes in `testing`, so the two cannot drift apart."""
        project = _pyproject()["project"]
        test = project["optional-dependencies"]["test"]
        assert set(_pyproject()["dependency-groups"]["dev"]) <= set(test)
        (own,) = [r for r in test if r.startswith(project["name"] + "[")]
        assert "testing" in own[own.index("[") + 1 : own.index("]")].split(",")


class TestWheel:
    def test_wheel_carries_py_typed_licence_and_data(self, tmp_path: Path) -> None:
        """The built wheel holds the typing marker, the licence and the package data."""
        subprocess.run(
            [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
            check=True,
            capture_output=True,
        )
        (wheel,) = tmp_path.glob("cleantext_news-*.whl")
        assert wheel.name.startswith(f"cleantext_news-{cleantext.__version__}-")
        names = zipfile.ZipFile(wheel).namelist()
        assert "cleantext/py.typed" in names
        assert any(n.endswith("licenses/LICENSE") for n in names)
        assert "cleantext/data/names.tsv" in names
        # What pip resolves for `cleantext-news[testing]`: hypothesis alone.
        (metadata,) = [n for n in names if n.endswith(".dist-info/METADATA")]
        lines = zipfile.ZipFile(wheel).read(metadata).decode("utf-8").splitlines()
        assert "Provides-Extra: testing" in lines
        testing = [line for line in lines if line.startswith("Requires-Dist:") and 'extra == "testing"' in line]
        assert [_requirement_name(line.removeprefix("Requires-Dist:").strip()) for line in testing] == ["hypothesis"]
