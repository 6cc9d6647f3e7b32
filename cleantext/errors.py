"""Exceptions raised by cleantext. This module imports nothing of
cleantext: every other module may raise these, the core
(:mod:`cleantext.core`) included, which gives :class:`ConfigError` as part
of the pass contract."""

from __future__ import annotations

from typing import Any

__all__ = [
    "CleantextError",
    "ConfigError",
    "InputError",
    "MissingDependencyError",
    "MissingExtraError",
    "UsageError",
    "require",
]


class CleantextError(Exception):
    """Base class of cleantext's own errors."""


class ConfigError(CleantextError, ValueError):
    """A pipeline or pass configuration is invalid: an unknown pass or option,
    or an option of the wrong type. Raised when the pipeline is built.

    The message is the whole story, for a person; the fields say the same
    for a program, None when they do not apply: ``pass_name`` and ``option``
    (the option at fault), ``value`` (the value refused), ``file`` and
    ``line`` (where a config file says it). :meth:`at` adds a place to both.

    >>> err = ConfigError("pass 'x', option 'n': expected an integer", pass_name="x", option="n", value="3")
    >>> moved = err.at("run.toml", 4)
    >>> str(moved), moved.option, moved.file, moved.line
    ("run.toml:4: pass 'x', option 'n': expected an integer", 'n', 'run.toml', 4)
    """

    def __init__(
        self,
        message: str,
        *,
        pass_name: str | None = None,
        option: str | None = None,
        value: Any = None,
        file: str | None = None,
        line: int | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.pass_name = pass_name
        self.option = option
        self.value = value
        self.file = file
        self.line = line

    def fields(self) -> dict[str, Any]:
        """The fields that are set, by name."""
        found = {
            "pass_name": self.pass_name,
            "option": self.option,
            "value": self.value,
            "file": self.file,
            "line": self.line,
        }
        return {k: v for k, v in found.items() if v is not None}

    def at(self, file: str | None, line: int | None = None) -> ConfigError:
        """The same error, placed in ``file`` (at ``line``): its message
        starts ``file:line:``. The fields given here win over the error's own."""
        where = f"{file}:{line}" if file and line else (file or (f"line {line}" if line else ""))
        message = f"{where}: {self.message}" if where else self.message
        return self.prefixed(message, file=file or self.file, line=line or self.line)

    def prefixed(self, message: str, **fields: Any) -> ConfigError:
        """An error of the same class with ``message`` and this error's fields
        (``fields`` override them)."""
        new = type(self).__new__(type(self))
        ConfigError.__init__(new, message, **{**self.fields(), **fields})
        return new

    def __reduce__(self) -> Any:
        return (_rebuild_config_error, (type(self), self.message, self.fields()))


def _rebuild_config_error(cls: type[ConfigError], message: str, fields: dict[str, Any]) -> ConfigError:
    new = cls.__new__(cls)
    ConfigError.__init__(new, message, **fields)
    return new


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
