"""Data files: presets, pattern lists, lexicons, name tables and the line
model, read through the functions here (one way to read package data).

Parsing the TOML tables costs more than everything else a short run does,
so the parsed form of each TOML file is kept beside Python's own bytecode,
in ``cleantext/data/__pycache__``, as JSON (data, never code), and read back
while the file's size and modification time are unchanged. The cache is
written only where Python would write bytecode (not under
``PYTHONDONTWRITEBYTECODE``; in ``sys.pycache_prefix`` when that is set); a
cache that cannot be read or written is ignored, and the file is parsed as
before.

>>> read_toml("presets.toml")["news"]["description"] != ""
True
>>> [name for name, _ in toml_files("sentences-")][:2]
['sentences-de.toml', 'sentences-en.toml']
"""

from __future__ import annotations

import json
import os
import sys
from typing import Any

__all__ = ["data_names", "data_path", "read_json", "read_text", "read_toml", "toml_files"]

_FOLDER = os.path.dirname(os.path.abspath(__file__))
# Bump when the layout of a cache file changes.
_FORMAT = 1


def data_path(name: str) -> str:
    """The path of the data file ``name``."""
    return os.path.join(_FOLDER, name)


def data_names(prefix: str = "", suffix: str = "") -> list[str]:
    """The names of the data files that start with ``prefix`` and end with ``suffix``, sorted."""
    return sorted(n for n in os.listdir(_FOLDER) if n.startswith(prefix) and n.endswith(suffix))


def read_text(name: str) -> str:
    """The text of the data file ``name`` (UTF-8)."""
    with open(data_path(name), encoding="utf-8") as f:
        return f.read()


def read_json(name: str) -> Any:
    """The data file ``name``, read as JSON."""
    return json.loads(read_text(name))


def read_toml(name: str) -> dict[str, Any]:
    """The data file ``name``, read as TOML: a fresh object on every call."""
    path = data_path(name)
    st = os.stat(path)
    key = [_FORMAT, st.st_size, st.st_mtime_ns]
    cache = _cache_path(name)
    try:
        with open(cache, encoding="utf-8") as f:
            stored = json.load(f)
        if stored["key"] == key and isinstance(stored["data"], dict):
            data: dict[str, Any] = stored["data"]
            return data
    except (OSError, ValueError, TypeError, KeyError):
        pass
    import tomllib

    with open(path, "rb") as f:
        data = tomllib.load(f)
    if not sys.dont_write_bytecode:
        _store(cache, key, data)
    return data


def toml_files(prefix: str) -> list[tuple[str, dict[str, Any]]]:
    """Every TOML data file whose name starts with ``prefix``, by name:
    ``(name, its tables)``."""
    return [(name, read_toml(name)) for name in data_names(prefix, ".toml")]


def _cache_path(name: str) -> str:
    tag = f"{name}.{sys.implementation.cache_tag}.json"
    if sys.pycache_prefix:
        return os.path.join(sys.pycache_prefix, _FOLDER.lstrip(os.sep), tag)
    return os.path.join(_FOLDER, "__pycache__", tag)


def _store(cache: str, key: list[int], data: dict[str, Any]) -> None:
    try:
        blob = json.dumps({"key": key, "data": data}, ensure_ascii=False).encode("utf-8")
    except (TypeError, ValueError):  # a value JSON cannot hold (a TOML date): parse every time
        return
    temporary = f"{cache}.{os.getpid()}.tmp"
    try:
        os.makedirs(os.path.dirname(cache), exist_ok=True)
        with open(temporary, "wb") as f:
            f.write(blob)
        os.replace(temporary, cache)
    except OSError:
        try:
            os.unlink(temporary)
        except OSError:
            pass
