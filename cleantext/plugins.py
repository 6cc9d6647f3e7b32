"""Passes from other packages, through the ``cleantext.passes`` entry point.

A package declares, in its ``pyproject.toml``::

    [project.entry-points."cleantext.passes"]
    my-pass = "my_package.passes"

and importing the named module registers its passes with
:func:`cleantext.register`.
"""

from __future__ import annotations

import logging

__all__ = ["ENTRY_POINT_GROUP", "load_entry_points"]

ENTRY_POINT_GROUP = "cleantext.passes"
log = logging.getLogger("cleantext")


def load_entry_points() -> None:
    """Import every module named in the ``cleantext.passes`` entry points.

    A plug-in that fails to import is reported on the log and skipped, so one
    broken package does not stop the others.
    """
    from importlib.metadata import entry_points

    for ep in entry_points(group=ENTRY_POINT_GROUP):
        try:
            ep.load()
        except Exception as exc:  # a broken plug-in must not break cleantext
            log.warning("cleantext: plug-in %s (%s) failed to load: %s", ep.name, ep.value, exc)
