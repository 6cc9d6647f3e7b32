"""cleantext: composable, explainable cleaning passes for scraped text.

>>> from cleantext import clean
>>> clean("It doesnâ€™t  matter.\\n")
'It doesn’t matter.\\n'

Names are imported lazily, so ``import cleantext`` (and ``cleantext --help``)
stays fast.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS = {
    "clean": "cleantext.pipeline",
    "Pipeline": "cleantext.pipeline",
    "Result": "cleantext.pipeline",
    "list_presets": "cleantext.pipeline",
    "Pass": "cleantext.core",
    "LinePass": "cleantext.core",
    "Reason": "cleantext.core",
    "register": "cleantext.registry",
    "option": "cleantext.core",
    "get_pass": "cleantext.registry",
    "list_passes": "cleantext.registry",
    "Change": "cleantext.core",
    "ConfigError": "cleantext.errors",
    "CleantextError": "cleantext.errors",
    "InputError": "cleantext.errors",
}

__all__ = [
    "Change",
    "CleantextError",
    "ConfigError",
    "InputError",
    "LinePass",
    "Pass",
    "Pipeline",
    "Reason",
    "Result",
    "__version__",
    "clean",
    "get_pass",
    "list_passes",
    "list_presets",
    "option",
    "register",
]

if TYPE_CHECKING:
    from cleantext.core import Change, LinePass, Pass, Reason, option
    from cleantext.errors import CleantextError, ConfigError, InputError
    from cleantext.pipeline import Pipeline, Result, clean, list_presets
    from cleantext.registry import get_pass, list_passes, register


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'cleantext' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
