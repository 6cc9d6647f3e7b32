"""Start-up: patterns compiled on first use, parsed data files cached, and a
plain run that imports only what it needs."""

from __future__ import annotations

import ast
import json
import os
import pickle
import re
import subprocess
import sys
from pathlib import Path

import pytest

from cleantext import data as packagedata
from cleantext.text import LazyPattern, lazy_compile

ROOT = Path(__file__).resolve().parent.parent


class TestLazyPattern:
    def test_compiles_on_first_use_and_then_answers_as_the_pattern(self) -> None:
        """Nothing is compiled until a method is called; the answers are the compiled pattern's."""
        p = lazy_compile(r"(?P<w>ab+)", re.IGNORECASE)
        assert isinstance(p, LazyPattern)
        assert "match" not in vars(p)
        assert p.pattern == "(?P<w>ab+)"
        real = re.compile(r"(?P<w>ab+)", re.IGNORECASE)
        for text in ("ABBA", "xab", "", "abab"):
            assert bool(p.match(text)) == bool(real.match(text))
            assert p.findall(text) == real.findall(text)
            assert p.sub("-", text) == real.sub("-", text)
        assert "match" in vars(p)  # later calls go straight to the compiled pattern
        assert p.groupindex == real.groupindex
        assert p.flags == real.flags

    def test_an_invalid_pattern_fails_when_used(self) -> None:
        p = lazy_compile(r"(unclosed")
        with pytest.raises(re.error):
            p.search("x")

    def test_pickles_as_its_source(self) -> None:
        p = lazy_compile(r"a+b", re.IGNORECASE)
        p.search("AAB")
        q = pickle.loads(pickle.dumps(p))
        assert q.pattern == p.pattern
        assert q.search("xaAb").group() == "aAb"


class TestPackageData:
    def test_parsed_once_then_read_from_the_cache(self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
        """The first load writes the cache; the next is the same data, without parsing."""
        monkeypatch.setattr(sys, "pycache_prefix", str(tmp_path))
        monkeypatch.setattr(sys, "dont_write_bytecode", False)
        first = packagedata.read_toml("presets.toml")
        cache = Path(packagedata._cache_path("presets.toml"))
        assert cache.is_file() and tmp_path in cache.parents
        import tomllib

        def no_parse(*args: object, **kwargs: object) -> None:
            raise AssertionError("parsed again")

        monkeypatch.setattr(tomllib, "load", no_parse)
        assert packagedata.read_toml("presets.toml") == first

    def test_a_stale_or_broken_cache_is_ignored(self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
        monkeypatch.setattr(sys, "pycache_prefix", str(tmp_path))
        monkeypatch.setattr(sys, "dont_write_bytecode", False)
        truth = packagedata.read_toml("endings.toml")
        cache = Path(packagedata._cache_path("endings.toml"))
        st = os.stat(packagedata.data_path("endings.toml"))
        # A cache for another version of the file (its size differs): parsed again.
        stale = {"key": [packagedata._FORMAT, st.st_size + 1, st.st_mtime_ns], "data": {"stale": True}}
        cache.write_text(json.dumps(stale))
        assert packagedata.read_toml("endings.toml") == truth
        cache.write_bytes(b"not JSON data")
        assert packagedata.read_toml("endings.toml") == truth

    def test_not_written_when_bytecode_is_not(self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
        monkeypatch.setattr(sys, "pycache_prefix", str(tmp_path))
        monkeypatch.setattr(sys, "dont_write_bytecode", True)
        packagedata.read_toml("presets.toml")
        assert not Path(packagedata._cache_path("presets.toml")).exists()

    def test_every_toml_data_file_loads_as_tomllib_parses_it(self) -> None:
        import tomllib

        for name in packagedata.data_names(suffix=".toml"):
            with open(packagedata.data_path(name), "rb") as f:
                assert packagedata.read_toml(name) == tomllib.load(f), name


def test_a_plain_run_imports_only_what_it_needs(tmp_path: Path) -> None:
    """``echo hi | cleantext`` with the news preset, once its caches are
    written, leaves the TOML parser, importlib.resources, temporary files,
    the profile module, the JSON record reader and the line model
    unimported (each costs start-up time)."""
    code = (
        "import io, sys\n"
        "sys.stdin = io.TextIOWrapper(io.BytesIO(b'hi\\n'))\n"
        "from cleantext.cli import main\n"
        "status = main([])\n"
        "sys.stdout.flush()\n"
        "print(sorted(sys.modules), file=sys.stderr)\n"
        "sys.exit(status)\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(PYTHONPATH=str(ROOT), PYTHONPYCACHEPREFIX=str(tmp_path))
    for _ in range(2):  # the first run writes the caches
        proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "hi\n"
    modules = set(ast.literal_eval(proc.stderr.strip().splitlines()[-1]))
    unwanted = {
        "tomllib",
        "importlib.resources",
        "tempfile",
        "cleantext.profile",
        "cleantext.io.jsonl",
        "cleantext.linemodel",
    }
    assert not unwanted & modules, unwanted & modules
