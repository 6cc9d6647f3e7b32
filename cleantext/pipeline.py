"""Pipelines: an ordered tuple of passes, built from objects, names, a preset
or a TOML config."""

from __future__ import annotations

import os
import tomllib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from cleantext.errors import ConfigError
from cleantext.explain import Change
from cleantext.registry import Pass, make_pass, pass_class

__all__ = ["DEFAULT_PRESET", "Pipeline", "Result", "clean", "list_presets"]

DEFAULT_PRESET = "news"


@dataclass(frozen=True)
class Result:
    """What :meth:`Pipeline.run` returns: the cleaned text and every change,
    in the order the passes made them."""

    text: str
    changes: list[Change] = field(default_factory=list)

    def __str__(self) -> str:
        return self.text


class Pipeline:
    """An ordered sequence of passes, itself a ``str -> str`` callable.

    >>> from cleantext import Pipeline
    >>> p = Pipeline(["normalize-whitespace"])
    >>> p("too   many  spaces  \\n")
    'too many spaces\\n'
    >>> p.names
    ('normalize-whitespace',)
    """

    __slots__ = ("passes",)

    passes: tuple[Pass, ...]

    def __init__(self, passes: Iterable[Pass | str | type[Pass]] = ()) -> None:
        built: list[Pass] = []
        for p in passes:
            if isinstance(p, str):
                built.append(make_pass(p))
            elif isinstance(p, type) and issubclass(p, Pass):
                built.append(p())
            elif isinstance(p, Pass):
                built.append(p)
            else:
                raise ConfigError(f"not a pass: {p!r}; give a pass object, a pass name or a Pass class")
        self.passes = tuple(built)

    # -- building ---------------------------------------------------------

    @classmethod
    def from_names(cls, names: Iterable[str], options: Mapping[str, Mapping[str, Any]] | None = None) -> Pipeline:
        """Build from pass names, with options per pass name."""
        names = list(names)
        options = dict(options or {})
        stray = [n for n in options if n not in names]
        if stray:
            raise ConfigError(f"options given for {stray[0]!r}, which is not in the pipeline ({', '.join(names)})")
        return cls(make_pass(n, options.get(n)) for n in names)

    @classmethod
    def from_preset(cls, name: str = DEFAULT_PRESET) -> Pipeline:
        """Build a preset pipeline (see :func:`list_presets`)."""
        presets = _presets()
        if name not in presets:
            raise ConfigError(f"unknown preset {name!r}; valid presets: {', '.join(sorted(presets))}")
        return cls.from_config(presets[name], source=f"preset {name!r}", _allow={"description"})

    @classmethod
    def from_toml(cls, path: str | os.PathLike[str]) -> Pipeline:
        """Build from a TOML config file (see :meth:`from_config`)."""
        path = Path(path)
        try:
            raw = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise ConfigError(f"{path}: cannot read config: {exc.strerror or exc}") from None
        try:
            data = tomllib.loads(raw)
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{path}: invalid TOML: {exc}") from None
        return cls.from_config(data, source=str(path), _text=raw)

    @classmethod
    def from_config(
        cls,
        data: Mapping[str, Any],
        *,
        source: str = "<config>",
        _text: str | None = None,
        _allow: set[str] | frozenset[str] = frozenset(),
    ) -> Pipeline:
        """Build from a config mapping, the parsed form of a TOML file.

        Either a list of passes, each a table with its ``name`` and options::

            [[pass]]
            name = "fix-encoding"
            [[pass]]
            name = "normalize-unicode"
            form = "NFKC"

        or a preset with passes skipped and options overridden::

            preset = "news"
            skip = ["normalize-whitespace"]
            [options.fix-encoding]
            unescape_html = false
        """
        valid = {"pass", "preset", "skip", "options"} | set(_allow)
        unknown = [k for k in data if k not in valid]
        if unknown:
            raise ConfigError(f"{source}: unknown key {unknown[0]!r}; valid keys: {', '.join(sorted(valid))}")
        if "pass" in data and "preset" in data:
            raise ConfigError(f"{source}: give either [[pass]] tables or a preset, not both")
        if "pass" in data:
            entries = data["pass"]
            if not isinstance(entries, list) or not all(isinstance(e, Mapping) for e in entries):
                raise ConfigError(f"{source}: 'pass' must be an array of tables ([[pass]])")
            built: list[Pass] = []
            for i, entry in enumerate(entries):
                where = f"{source}{_pass_line(_text, i)}: [[pass]] #{i + 1}"
                entry = dict(entry)
                name = entry.pop("name", None)
                if not isinstance(name, str):
                    raise ConfigError(f'{where}: every [[pass]] needs a name = "..."')
                try:
                    built.append(make_pass(name, entry))
                except ConfigError as exc:
                    raise ConfigError(f"{where}: {exc}") from None
            pipeline = cls(built)
        else:
            pipeline = cls.from_preset(data.get("preset", DEFAULT_PRESET))
        skip = data.get("skip", [])
        if not isinstance(skip, list) or not all(isinstance(s, str) for s in skip):
            raise ConfigError(f"{source}: 'skip' must be a list of pass names")
        if skip:
            try:
                pipeline = pipeline.without(*skip)
            except ConfigError as exc:
                raise ConfigError(f"{source}: {exc}") from None
        overrides = data.get("options", {})
        if not isinstance(overrides, Mapping):
            raise ConfigError(f"{source}: 'options' must be a table of tables, like [options.fix-encoding]")
        if overrides:
            try:
                pipeline = pipeline.with_options(overrides)
            except ConfigError as exc:
                raise ConfigError(f"{source}: {exc}") from None
        return pipeline

    def without(self, *names: str) -> Pipeline:
        """A copy without the named passes; a name not in the pipeline is an error."""
        for n in names:
            pass_class(n)
            if n not in self.names:
                raise ConfigError(f"cannot skip {n!r}: not in the pipeline ({', '.join(self.names)})")
        return type(self)(p for p in self.passes if p.name not in names)

    def with_options(self, options: Mapping[str, Mapping[str, Any]]) -> Pipeline:
        """A copy with options changed for the named passes."""
        for n, opts in options.items():
            if n not in self.names:
                pass_class(n)
                raise ConfigError(f"options given for {n!r}, which is not in the pipeline ({', '.join(self.names)})")
            if not isinstance(opts, Mapping):
                raise ConfigError(f"options for {n!r} must be a table")
        return type(self)(
            make_pass(p.name, {**p.config(), **options[p.name]}) if p.name in options else p for p in self.passes
        )

    # -- running ------------------------------------------------------------

    def __call__(self, text: str) -> str:
        for p in self.passes:
            text = p(text)
        return text

    def run(self, text: str) -> Result:
        """Clean ``text`` and record every change, pass by pass."""
        changes: list[Change] = []
        for p in self.passes:
            text, made = p.apply(text)
            changes.extend(made)
        return Result(text, changes)

    def map(self, texts: Iterable[str], *, jobs: int = 1, chunk_size: int = 64) -> Iterator[str]:
        """Clean many texts lazily, in order; ``jobs`` > 1 uses a process pool
        (0 means one process per core)."""
        if jobs == 1:
            return (self(t) for t in texts)
        from cleantext.parallel import ordered_map

        return ordered_map(self, texts, jobs=jobs, chunk_size=chunk_size)

    # -- looking at it --------------------------------------------------------

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.passes)

    def __iter__(self) -> Iterator[Pass]:
        return iter(self.passes)

    def __len__(self) -> int:
        return len(self.passes)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Pipeline) and self.passes == other.passes

    def __hash__(self) -> int:
        return hash(self.passes)

    def __getstate__(self) -> tuple[Pass, ...]:
        return self.passes

    def __setstate__(self, state: tuple[Pass, ...]) -> None:
        self.passes = state

    def __repr__(self) -> str:
        return f"Pipeline([{', '.join(repr(p) for p in self.passes)}])"


def _pass_line(text: str | None, index: int) -> str:
    """':LINE' of the index-th ``[[pass]]`` header in the TOML source."""
    if text is None:
        return ""
    seen = -1
    for lineno, line in enumerate(text.splitlines(), 1):
        if line.strip().replace(" ", "") == "[[pass]]":
            seen += 1
            if seen == index:
                return f":{lineno}"
    return ""


@cache
def _presets() -> dict[str, Any]:
    raw = resources.files("cleantext.data").joinpath("presets.toml").read_text(encoding="utf-8")
    return tomllib.loads(raw)


def list_presets() -> dict[str, str]:
    """Preset name -> description."""
    return {name: str(cfg.get("description", "")) for name, cfg in sorted(_presets().items())}


@cache
def _preset_pipeline(name: str) -> Pipeline:
    return Pipeline.from_preset(name)


def clean(text: str, preset: str = DEFAULT_PRESET, *, passes: Sequence[str] | None = None) -> str:
    """Clean ``text`` with a preset (``news`` by default) or a list of pass names.

    >>> from cleantext import clean
    >>> clean("The cafÃ©  is open.\\n")
    'The café is open.\\n'
    """
    pipeline = Pipeline.from_names(passes) if passes is not None else _preset_pipeline(preset)
    return pipeline(text)
