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

The contract itself (:class:`Pass`, :class:`LinePass`, :func:`option`) is
defined in :mod:`cleantext.core` and importable from here.
"""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import re
import typing
from collections.abc import Callable, Mapping
from dataclasses import field
from functools import cached_property
from typing import Any, ClassVar, overload

from cleantext.core import DEFAULT_RANGE, ConfigError, LinePass, Pass, option

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
    "pass_listing",
    "pass_origin",
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


def pass_listing(verbose: bool = False) -> str:
    """Each pass, one a line, with its summary and where it comes from if
    not from cleantext; ``verbose`` adds its options, defaults and why
    (``--list-passes``)."""
    passes = list_passes()
    width = max((len(n) for n in passes), default=0)
    out = []
    for name, cls in passes.items():
        origin = pass_origin(name)
        suffix = "" if origin == "cleantext" else f"  [from {origin}]"
        out.append(f"{name:<{width}}  {cls.summary()}{suffix}\n")
        if verbose:
            for option_name, (default, why) in cls.options().items():
                out.append(f"    {option_name} = {default!r}" + (f": {why}" if why else "") + "\n")
    return "".join(out)


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
        raise ConfigError(
            f"pass {name!r} has no option {unknown[0]!r}; its options: {listing}",
            pass_name=name,
            option=unknown[0],
        )
    return cls(**options)


def get_pass(name: str, **options: Any) -> Pass:
    """Build a registered pass by name: ``get_pass("normalize-unicode", form="NFKC")``."""
    return make_pass(name, options)
