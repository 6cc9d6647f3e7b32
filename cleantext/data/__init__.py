"""Data files: presets, pattern lists, lexicons, name tables and the line
model, read through the functions here (one way to read package data).

>>> read_toml("presets.toml")["news"]["description"] != ""
True
>>> [name for name, _ in toml_files("sentences-")][:2]
['sentences-de.toml', 'sentences-en.toml']
"""

from __future__ import annotations

import json
import tomllib
from importlib import resources
from typing import Any

__all__ = ["read_json", "read_text", "read_toml", "toml_files"]


def read_text(name: str) -> str:
    """The text of the data file ``name`` (UTF-8)."""
    return resources.files(__name__).joinpath(name).read_text(encoding="utf-8")


def read_toml(name: str) -> dict[str, Any]:
    """The data file ``name``, read as TOML."""
    return tomllib.loads(read_text(name))


def read_json(name: str) -> Any:
    """The data file ``name``, read as JSON."""
    return json.loads(read_text(name))


def toml_files(prefix: str) -> list[tuple[str, dict[str, Any]]]:
    """Every TOML data file whose name starts with ``prefix``, by name:
    ``(name, its tables)``."""
    entries = sorted(resources.files(__name__).iterdir(), key=lambda e: e.name)
    return [(e.name, read_toml(e.name)) for e in entries if e.name.startswith(prefix) and e.name.endswith(".toml")]
