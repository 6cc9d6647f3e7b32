"""Hypothesis profiles: "ci" (500 examples a property, used when CI is set)
and "dev" (100, for quick local runs). HYPOTHESIS_PROFILE picks one."""

import io
import os
import sys

import pytest
from hypothesis import HealthCheck, settings

_common = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large]}
settings.register_profile("ci", max_examples=500, derandomize=False, print_blob=True, **_common)
settings.register_profile("dev", max_examples=100, **_common)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev"))

# A plug-in package that tests/integrations/test_plugins.py pip-installs; collecting it
# here would import it and register its pass in the test run.
collect_ignore = ["plugin_package"]


@pytest.fixture
def stdin(monkeypatch: pytest.MonkeyPatch):
    """Feed bytes to the command's standard input: ``stdin(b"...")``."""

    def feed(data: bytes) -> None:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BufferedReader(io.BytesIO(data))))

    return feed
