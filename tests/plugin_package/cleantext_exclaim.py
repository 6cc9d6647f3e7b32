"""A cleantext plug-in: its passes register when cleantext loads the
``cleantext.passes`` entry point that names this module."""

from __future__ import annotations

import re

from cleantext import register


@register("collapse-exclamations")
def collapse_exclamations(text: str, *, keep: int = 1) -> str:
    """Shorten runs of exclamation marks to ``keep`` of them.

    >>> collapse_exclamations()("Wow!!!!")
    'Wow!'
    """
    return re.sub(f"!{{{max(keep, 0) + 1},}}", "!" * max(keep, 0), text)
