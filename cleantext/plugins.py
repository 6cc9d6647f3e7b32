"""Passes from other packages, through the ``cleantext.passes`` entry point.

A package declares, in its ``pyproject.toml``::

    [project.entry-points."cleantext.passes"]
    my-pass = "my_package.passes"

and importing the named module registers its passes with
:func:`cleantext.register`.
"""

from __future__ import annotations

import logging

__all__ = ["ENTRY_POINT_GROUP", "failures", "load_entry_points"]

ENTRY_POINT_GROUP = "cleantext.passes"
log = logging.getLogger("cleantext")

_FAILURES: dict[str, str] = {}


def load_entry_points() -> None:
    """Import every module named in the ``cleantext.passes`` entry points.

    A plug-in that fails to import (an exception, ``SystemExit``, a pass
    that takes a built-in name) is reported on the log in one line and
    skipped, so one broken package does not stop the others; asking for a
    pass that is not there then names the plug-ins that failed (see
    :func:`failures`).
    """
    from importlib.metadata import entry_points

    for ep in entry_points(group=ENTRY_POINT_GROUP):
        try:
            ep.load()
        except KeyboardInterrupt:
            raise
        except BaseException as exc:  # a broken plug-in must not break cleantext
            why = _one_line(exc)
            _FAILURES[f"{ep.name} ({ep.value})"] = why
            log.warning("cleantext: plug-in %s (%s) failed to load: %s", ep.name, ep.value, why)


def failures() -> dict[str, str]:
    """The plug-ins that failed to load, ``"name (module)"`` -> why, in one line."""
    return dict(_FAILURES)


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    first = text[0] if text else ""
    name = type(exc).__name__
    if isinstance(exc, SystemExit):
        return f"it called sys.exit({exc.code!r})"
    return f"{name}: {first}" if first else name
