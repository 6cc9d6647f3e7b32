"""The pass registry: named, documented, configurable ``str -> str`` passes.

A pass is a frozen, keyword-only dataclass whose fields are its options. It is
registered under one kebab-case name, used everywhere: in presets, TOML
configs, on the command line and in explanations.

Two ways to write one. A class, for passes with options and helpers::

    @register("shout")
    @dataclass(frozen=True, kw_only=True)
    class Shout(Pass):
        '''Upper-case the text.'''
        exclaim: bool = option(False, "most text is not shouting")

        def __call__(self, text: str) -> str:
            return text.upper() + ("!" if self.exclaim else "")

or a plain function, whose keyword-only parameters become the options::

    @register("shout")
    def shout(text: str, *, exclaim: bool = False) -> str:
        '''Upper-case the text.'''
        return text.upper() + ("!" if exclaim else "")

Passes that remove whole lines subclass :class:`LinePass` and implement
``judge(lines)``, returning a reason for each line they remove.
"""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import re
import types
import typing
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import field
from functools import cached_property
from typing import Any, ClassVar, Literal, overload

from cleantext.errors import ConfigError
from cleantext.explain import Change
from cleantext.text import split_lines, strip_ending

__all__ = [
    "DEFAULT_RANGE",
    "CallablePass",
    "FunctionPass",
    "LinePass",
    "Pass",
    "get_pass",
    "list_passes",
    "make_pass",
    "option",
    "pass_class",
    "register",
    "unregister",
]

_REGISTRY: dict[str, type[Pass]] = {}
_ORIGINS: dict[str, str] = {}
_BUILTINS_LOADED = False
_PLUGINS_LOADED = False

#: The package whose every module holds built-in passes: a new module there
#: is found without being listed anywhere.
_BUILTIN_PACKAGE = "cleantext.passes"

#: Dotted pass names served by an adapter module instead of ``@register``:
#: prefix -> module, imported only when a name with that prefix is used or the
#: passes are listed. The module has ``available()`` (its passes, by name, when
#: the adapted package is installed), ``resolve(name)`` (a pass class, or
#: ConfigError) and ``ORIGIN`` (what ``--list-passes`` shows as the source).
_NAMESPACES = {"textacy.": "cleantext.textacy"}


#: The range of a number option that declares none: no option of any pass
#: means anything beyond a million (a count of words, lines or characters),
#: and a larger value only costs memory and time.
DEFAULT_RANGE = (0, 1_000_000)


def option(default: Any, why: str, *, path: bool = False, bounds: tuple[float, float] | None = None) -> Any:
    """A pass option: a default and the one-line reason for that default.

    ``path=True`` marks an option holding file paths (a string or a list of
    them): in a TOML config, relative paths resolve against the config
    file's folder. ``bounds=(low, high)`` is the range of a number option (both ends
    included); a number option without one is bounded by
    :data:`DEFAULT_RANGE`, widened to take in its default.
    """
    if isinstance(default, (list, dict, set)):
        raise TypeError("option defaults must be immutable: use a tuple")
    return field(default=default, metadata={"why": why, "path": path, "bounds": bounds})


class Pass:
    """Base class of every pass: a named, configurable ``str -> str`` callable.

    Subclasses are frozen, keyword-only dataclasses. Options are validated when
    the pass is built, so a bad configuration fails at once, naming the pass
    and the option.
    """

    name: ClassVar[str] = ""
    #: "lines" for passes that only remove whole lines, "text" otherwise.
    kind: ClassVar[str] = "text"

    def __post_init__(self) -> None:
        _validate_options(self)

    def __call__(self, text: str) -> str:
        raise NotImplementedError

    def apply(self, text: str) -> tuple[str, list[Change]]:
        """Run the pass and describe what it changed.

        The default derives the changes from a line diff of input and output;
        passes that know why they changed something override this.
        """
        out = self(text)
        if out == text:
            return out, []
        from cleantext.explain import diff_changes

        return out, diff_changes(self.name, text, out)

    @classmethod
    def summary(cls) -> str:
        """The first line of the pass's docstring."""
        doc = inspect.getdoc(cls) or ""
        return doc.strip().splitlines()[0] if doc.strip() else ""

    @classmethod
    def options(cls) -> dict[str, tuple[Any, str]]:
        """Option name -> (default, reason for the default)."""
        if not dataclasses.is_dataclass(cls):
            return {}
        return {f.name: (f.default, f.metadata.get("why", "")) for f in dataclasses.fields(cls) if f.init}

    @classmethod
    def option_variants(cls) -> list[dict[str, Any]]:
        """One option set per non-default value of each bool and ``Literal``
        option: the configurations a check of the contract should also try."""
        if not dataclasses.is_dataclass(cls):
            return []
        hints = typing.get_type_hints(cls)
        variants: list[dict[str, Any]] = []
        for f in dataclasses.fields(cls):
            hint = hints.get(f.name)
            if hint is bool:
                variants.append({f.name: not f.default})
            elif typing.get_origin(hint) is Literal:
                variants.extend({f.name: v} for v in typing.get_args(hint) if v != f.default)
        return variants

    @classmethod
    def option_range(cls, name: str) -> tuple[float, float] | None:
        """The valid range of a number option (ends included), else None."""
        if not dataclasses.is_dataclass(cls):
            return None
        hints = typing.get_type_hints(cls)
        for f in dataclasses.fields(cls):
            if f.name == name:
                return _range_of(f, hints.get(f.name))
        return None

    @classmethod
    def option_is_path(cls, name: str) -> bool:
        """True for an option declared with ``option(..., path=True)``."""
        if not dataclasses.is_dataclass(cls):
            return False
        return any(f.name == name and f.metadata.get("path", False) for f in dataclasses.fields(cls))

    def config(self) -> dict[str, Any]:
        """The options that differ from their defaults."""
        if not dataclasses.is_dataclass(self):
            return {}
        return {
            f.name: getattr(self, f.name)
            for f in dataclasses.fields(self)
            if f.init and getattr(self, f.name) != f.default
        }

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.config().items())
        return f"{type(self).__name__}({args})"

    def _repr_html_(self) -> str:
        from cleantext.explain import pass_html

        return pass_html(self)


class LinePass(Pass):
    """A pass that removes whole lines, giving a reason for each one.

    Subclasses implement :meth:`judge`. Lines it keeps come out byte-identical,
    line endings included. When a removed line was a paragraph of its own, the
    blank line that separated it from the text is removed with it, so no
    removal leaves a double gap.
    """

    kind: ClassVar[str] = "lines"

    def judge(self, lines: Sequence[str]) -> Mapping[int, str]:
        """Map the index of each line to remove to the reason for removing it.

        ``lines`` are the document's lines without their endings; a pass may
        look at neighbouring lines to decide.
        """
        raise NotImplementedError

    def removals(self, text: str) -> list[tuple[int, str, str]]:
        """``(line index, line with its ending, reason)`` for each removed line."""
        return self.plan(text)[1]

    def plan(self, text: str) -> tuple[list[str], list[tuple[int, str, str]]]:
        """The lines of ``text`` (with endings; empty when nothing is removed)
        and ``(line index, line, reason)`` for each removed line."""
        bare = _bare_lines(text)
        if not bare:
            return [], []
        verdicts = self.judge(bare)
        if not verdicts:
            return [], []
        if "\r" in text:
            lines = split_lines(text)
        else:
            lines = [line + "\n" for line in bare]
            if not text.endswith("\n"):
                lines[-1] = bare[-1]
        drop = dict(verdicts)
        _drop_orphaned_blank_lines(lines, drop)
        return lines, [(i, lines[i], drop[i]) for i in sorted(drop)]

    def __call__(self, text: str) -> str:
        lines, removed = self.plan(text)
        if not removed:
            return text
        gone = {i for i, _, _ in removed}
        return "".join(line for i, line in enumerate(lines) if i not in gone)

    def apply(self, text: str) -> tuple[str, list[Change]]:
        lines, removed = self.plan(text)
        if not removed:
            return text, []
        gone = {i for i, _, _ in removed}
        out = "".join(line for i, line in enumerate(lines) if i not in gone)
        changes = [Change(self.name, "line-removed", line, "", reason, i + 1) for i, line, reason in removed]
        return out, changes


def _bare_lines(text: str) -> list[str]:
    """The lines of ``text`` without their endings, as ``split_lines`` and
    ``strip_ending`` would give them (a fast path for text without CR)."""
    if "\r" in text:
        return [strip_ending(line) for line in split_lines(text)]
    bare = text.split("\n")
    if bare[-1] == "":
        bare.pop()
    return bare


def _is_blank(line: str) -> bool:
    return not line.strip()


def _drop_orphaned_blank_lines(lines: Sequence[str], drop: dict[int, str]) -> None:
    """Also drop one blank line around each removed block that stood between
    blank lines (or at an edge of the text), so paragraphs keep one gap."""
    n = len(lines)
    kept = -1  # the last line before i that stays (walking back to it each time was quadratic)
    i = 0
    while i < n:
        if i not in drop:
            kept = i
            i += 1
            continue
        if _is_blank(lines[i]):
            i += 1
            continue
        j = i
        while j + 1 < n and (j + 1) in drop:
            j += 1
        before = kept  # skips blanks already dropped for an earlier block
        after = j + 1
        blank_before = before >= 0 and _is_blank(lines[before])
        blank_after = after < n and _is_blank(lines[after]) and after not in drop
        if blank_after and (blank_before or before < 0):
            drop[after] = "blank line left by the removal above"
        elif blank_before and after >= n:
            drop[before] = "blank line left by the removal below"
        i = j + 1


class FunctionPass(Pass):
    """A pass made from a plain function; its keyword-only parameters are the
    options. Built by :func:`register` when it decorates a function."""

    func: ClassVar[Callable[..., str]]

    @cached_property
    def _kwargs(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}  # type: ignore[arg-type]

    def __call__(self, text: str) -> str:
        return type(self).func(text, **self._kwargs)


@dataclasses.dataclass(frozen=True, kw_only=True)
class CallablePass(Pass):
    """A plain ``str -> str`` callable used as a pass, under a name made from
    the callable's own (``str.strip`` runs as ``strip``). It is not
    registered, so it never shadows a registered pass; it pickles when the
    callable does.

    >>> p = CallablePass(func=str.strip)
    >>> p.name, p("  text  ")
    ('strip', 'text')
    """

    func: Callable[[str], str]

    def __post_init__(self) -> None:
        if not callable(self.func):
            raise TypeError(f"func must be a callable that takes and returns a str, not {self.func!r}")
        label = _kebab(re.sub(r"\W+", "_", getattr(self.func, "__name__", "") or "")).strip("-")
        object.__setattr__(self, "name", label if label and _is_kebab(label) else "anonymous-pass")

    def __call__(self, text: str) -> str:
        out = self.func(text)
        if not isinstance(out, str):
            raise TypeError(f"pass {self.name!r} returned {type(out).__name__}, not str")
        return out

    def config(self) -> dict[str, Any]:
        return {}

    def __repr__(self) -> str:
        return f"CallablePass({self.func!r})"


@overload
def register(name: str, *, replace: bool = ...) -> Callable[[Any], Any]: ...


@overload
def register(name: Callable[..., str], *, replace: bool = ...) -> Any: ...


def register(name: Any, *, replace: bool = False) -> Any:
    """Register a pass class or function under ``name`` (kebab-case).

    Returns the class unchanged; a function is wrapped in a generated
    :class:`FunctionPass` subclass, which is returned (call it with options to
    build the pass). ``replace=True`` overrides an existing pass of that name.
    """
    if callable(name) and not isinstance(name, str):
        func = name
        return register(_kebab(func.__name__), replace=replace)(func)

    if not isinstance(name, str) or not _is_kebab(name):
        raise ConfigError(f"pass names are kebab-case verb-object, like 'strip-captions': got {name!r}")

    def decorate(obj: Any) -> Any:
        if isinstance(obj, type):
            if not issubclass(obj, Pass):
                raise TypeError(f"{obj.__name__} must subclass cleantext.registry.Pass")
            if not dataclasses.is_dataclass(obj):
                raise TypeError(f"{obj.__name__} must be a @dataclass(frozen=True, kw_only=True)")
            cls = obj
            generated = cls.__dict__.get("__repr__")
            if generated is not None and hasattr(generated, "__wrapped__"):
                # dataclass's repr lists every option; ours lists those set.
                cls.__repr__ = Pass.__repr__
        elif callable(obj):
            cls = _function_pass(name, obj)
        else:
            raise TypeError(f"cannot register {obj!r} as a pass")
        origin = _origin(cls)
        if origin != "cleantext":
            # Built-in names are taken before anyone else's, whatever the
            # order of imports: a plug-in can never replace one.
            _load_builtins(plugins=False)
            if _ORIGINS.get(name) == "cleantext":
                raise ConfigError(f"{name!r} is a built-in pass: a pass from {origin} cannot take its name")
        if name in _REGISTRY and not replace and _REGISTRY[name].__qualname__ != cls.__qualname__:
            raise ConfigError(f"a pass named {name!r} is already registered ({_ORIGINS[name]})")
        cls.name = name
        _REGISTRY[name] = cls
        _ORIGINS[name] = _origin(cls)
        return cls

    return decorate


def unregister(name: str) -> None:
    """Remove a pass from the registry (for tests and interactive sessions)."""
    _REGISTRY.pop(name, None)
    _ORIGINS.pop(name, None)


def _origin(cls: type) -> str:
    module = cls.__module__ or "?"
    return "cleantext" if module.startswith("cleantext.") else module


def _function_pass(name: str, func: Callable[..., str]) -> type[Pass]:
    sig = inspect.signature(func)
    params = list(sig.parameters.values())
    if not params or params[0].kind not in (params[0].POSITIONAL_ONLY, params[0].POSITIONAL_OR_KEYWORD):
        raise TypeError(f"pass function {func.__name__} must take the text as its first parameter")
    hints = typing.get_type_hints(func)
    fields: list[tuple[str, Any, Any]] = []
    for p in params[1:]:
        if p.kind is not p.KEYWORD_ONLY:
            raise TypeError(f"option {p.name!r} of pass function {func.__name__} must be keyword-only (after *)")
        if p.default is p.empty:
            raise TypeError(f"option {p.name!r} of pass function {func.__name__} needs a default")
        fields.append((p.name, hints.get(p.name, Any), field(default=p.default, metadata={"why": ""})))
    cls = dataclasses.make_dataclass(
        _camel(name),
        fields,
        bases=(FunctionPass,),
        frozen=True,
        kw_only=True,
        namespace={"func": staticmethod(func), "__doc__": func.__doc__, "__module__": func.__module__},
    )
    # Pickle finds the class through the module under the function's name.
    cls.__qualname__ = func.__qualname__
    module = inspect.getmodule(func)
    if module is not None:
        setattr(module, func.__name__, cls)
    return cls


def _kebab(identifier: str) -> str:
    return identifier.strip("_").replace("_", "-").lower()


def _camel(name: str) -> str:
    return "".join(part.capitalize() for part in name.split("-"))


def _is_kebab(name: str) -> bool:
    parts = name.split("-")
    return (
        bool(name)
        and all(p and p.isascii() and p.replace("_", "").isalnum() and p == p.lower() for p in parts)
        and "." not in name
    )


def builtin_modules() -> list[str]:
    """The modules of the built-in passes: every module in ``cleantext/passes/``.

    >>> "cleantext.passes.encoding" in builtin_modules()
    True
    """
    import pkgutil

    package = importlib.import_module(_BUILTIN_PACKAGE)
    return sorted(
        f"{_BUILTIN_PACKAGE}.{m.name}" for m in pkgutil.iter_modules(package.__path__) if not m.name.startswith("_")
    )


def _load_builtins(*, plugins: bool = True) -> None:
    """Import the built-in pass modules and, unless ``plugins`` is false,
    the plug-ins. Plug-ins cannot take a built-in name, so resolving a
    built-in pass does not need them (and a run of the built-in preset does
    not pay for scanning every installed package's metadata)."""
    global _BUILTINS_LOADED, _PLUGINS_LOADED
    if not _BUILTINS_LOADED:
        _BUILTINS_LOADED = True
        for module in builtin_modules():
            importlib.import_module(module)
    if plugins and not _PLUGINS_LOADED:
        _PLUGINS_LOADED = True
        from cleantext.plugins import load_entry_points

        load_entry_points()


def list_passes() -> dict[str, type[Pass]]:
    """Every registered pass, by name, sorted (with the adapted packages'
    passes, such as ``textacy.replace.urls``, when those are installed)."""
    _load_builtins()
    passes = dict(_REGISTRY)
    for module in _NAMESPACES.values():
        passes.update(_namespace(module).available())
    return dict(sorted(passes.items()))


def pass_origin(name: str) -> str:
    """Where a pass comes from: ``cleantext``, the module that registered it,
    or the package it adapts (``textacy``)."""
    _load_builtins()
    if name in _ORIGINS:
        return _ORIGINS[name]
    module = _namespace_of(name)
    return str(_namespace(module).ORIGIN) if module else "?"


def pass_class(name: str) -> type[Pass]:
    """The class registered under ``name``; unknown names list the valid ones."""
    _load_builtins(plugins=False)
    if name not in _REGISTRY:
        _load_builtins()
    try:
        return _REGISTRY[name]
    except KeyError:
        pass
    module = _namespace_of(name)
    if module:
        cls: type[Pass] = _namespace(module).resolve(name)
        return cls
    from cleantext.plugins import failures

    broken = "".join(f"; plug-in {p} failed to load ({why})" for p, why in failures().items())
    raise ConfigError(f"unknown pass {name!r}; valid passes: {', '.join(sorted(_REGISTRY))}{broken}") from None


def _namespace_of(name: str) -> str | None:
    return next((module for prefix, module in _NAMESPACES.items() if name.startswith(prefix)), None)


def _namespace(module: str) -> Any:
    import importlib

    return importlib.import_module(module)


def make_pass(name: str, options: Mapping[str, Any] | None = None) -> Pass:
    """Build the pass registered under ``name`` with ``options``.

    Unknown options and values of the wrong type raise :class:`ConfigError`
    naming the pass and listing the valid options.
    """
    cls = pass_class(name)
    options = dict(options or {})
    valid = cls.options()
    unknown = [k for k in options if k not in valid]
    if unknown:
        listing = ", ".join(f"{k} (default {v[0]!r})" for k, v in valid.items()) or "none"
        raise ConfigError(f"pass {name!r} has no option {unknown[0]!r}; its options: {listing}")
    return cls(**options)


def get_pass(name: str, **options: Any) -> Pass:
    """Build a registered pass by name: ``get_pass("normalize-unicode", form="NFKC")``."""
    return make_pass(name, options)


def iter_passes() -> Iterator[tuple[str, type[Pass]]]:
    yield from list_passes().items()


# -- option validation ------------------------------------------------------


def _validate_options(obj: Pass) -> None:
    if not dataclasses.is_dataclass(obj):
        return
    cls = type(obj)
    try:
        hints = typing.get_type_hints(cls)
    except Exception:  # pragma: no cover - unresolvable annotations: skip checks
        return
    for f in dataclasses.fields(obj):
        if not f.init:
            continue
        value = getattr(obj, f.name)
        expected = hints.get(f.name, Any)
        problem = _type_problem(value, expected)
        if problem is None:
            problem = _range_problem(value, _range_of(f, expected))
        if problem:
            raise ConfigError(f"pass {cls.name or cls.__name__!r}, option {f.name!r}: {problem}")
        if isinstance(value, list):
            object.__setattr__(obj, f.name, tuple(value))


def _range_of(f: dataclasses.Field[Any], hint: Any) -> tuple[float, float] | None:
    """The declared range of a number option, or the default range (widened
    to take in the option's default); None for other options."""
    declared: tuple[float, float] | None = f.metadata.get("bounds") if f.metadata else None
    if declared is not None:
        return declared
    numbers = {int, float}
    args = set(typing.get_args(hint)) if typing.get_origin(hint) in (typing.Union, types.UnionType) else {hint}
    if not args & numbers:
        return None
    low: float = DEFAULT_RANGE[0]
    high: float = DEFAULT_RANGE[1]
    default = f.default
    if isinstance(default, (int, float)) and not isinstance(default, bool):
        low, high = min(low, default), max(high, default)
    return low, high


def _range_problem(value: Any, bounds: tuple[float, float] | None) -> str | None:
    if bounds is None or not isinstance(value, (int, float)) or isinstance(value, bool):
        return None
    low, high = bounds
    if value != value or not low <= value <= high:  # NaN is in no range
        return f"{value!r} is out of range: give a number from {_number(low)} to {_number(high)}"
    return None


def _number(x: float) -> str:
    return f"{int(x):,}" if float(x).is_integer() else repr(x)


def _type_problem(value: Any, expected: Any) -> str | None:
    """None if ``value`` fits the annotation ``expected``, else a message."""
    if expected is Any:
        return None
    origin = typing.get_origin(expected)
    args = typing.get_args(expected)
    if origin is Literal:
        if value in args and type(value) in {type(a) for a in args}:
            return None
        return f"expected one of {', '.join(repr(a) for a in args)}, got {value!r}"
    if origin in (typing.Union, types.UnionType):
        if any(_type_problem(value, a) is None for a in args):
            return None
        return f"expected {_type_name(expected)}, got {value!r}"
    if origin in (tuple, list, Sequence) or expected in (tuple, list):
        if not isinstance(value, (tuple, list)):
            return f"expected a list, got {value!r}"
        item = args[0] if args else Any
        for v in value:
            problem = _type_problem(v, item)
            if problem:
                return f"in the list: {problem}"
        return None
    if origin in (dict, Mapping) or expected is dict:
        return None if isinstance(value, Mapping) else f"expected a table, got {value!r}"
    if expected is type(None):
        return None if value is None else f"expected nothing, got {value!r}"
    if expected is float:
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        return None if ok else f"expected a number, got {value!r}"
    if expected is int:
        ok = isinstance(value, int) and not isinstance(value, bool)
        return None if ok else f"expected an integer, got {value!r}"
    if isinstance(expected, type):
        return None if isinstance(value, expected) else f"expected {_type_name(expected)}, got {value!r}"
    return None


def _type_name(t: Any) -> str:
    if isinstance(t, type):
        return {"str": "a string", "bool": "true or false", "int": "an integer"}.get(t.__name__, t.__name__)
    return str(t).replace("typing.", "")
