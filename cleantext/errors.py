"""Exceptions raised by cleantext. :class:`CleantextError` and
:class:`ConfigError` are part of the contract and defined in
:mod:`cleantext.core`; they are importable from here too."""

from __future__ import annotations

from typing import Any

from cleantext.core import CleantextError, ConfigError

__all__ = [
    "CleantextError",
    "ConfigError",
    "InputError",
    "MissingDependencyError",
    "MissingExtraError",
    "UsageError",
    "require",
]


class UsageError(CleantextError):
    """Command-line options that do not fit together, or do not fit the
    inputs: the command shows its usage with the message and exits with
    status 2, before anything is read or written."""


class InputError(CleantextError):
    """An input document or record cannot be read (names the file and line)."""


class MissingDependencyError(CleantextError, ImportError):
    """An optional dependency is missing; the message gives the pip command."""


class MissingExtraError(MissingDependencyError, ConfigError):
    """A pass needs an optional dependency that is missing. Raised when the
    pass is built, so it is also a configuration error (the command line
    reports it and exits with status 2)."""


def require(module: str, extra: str) -> Any:
    """Import ``module`` or fail with the exact command that installs it."""
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise MissingDependencyError(
            f"{module} is needed for this; install it with: pip install 'cleantext-news[{extra}]'"
        ) from exc
