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
