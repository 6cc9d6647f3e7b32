"""Collection settings shared by the test suite and the doctests, and the
coverage of a measured run.

With ``CLEANTEXT_COVERAGE=1 python -m pytest``, coverage measures the whole
run: this process, the test workers, and every Python process they start
(the ``cleantext`` command, ``--jobs`` and Dask workers), as configured in
``[tool.coverage]`` of pyproject.toml. At the end the data are combined,
reported, and a run of the whole suite fails if the total is below
``fail_under``. Measuring every process costs about 2x the CPU and 3.5x the
wall time of a plain run, so the plain run (the README's test command, CI's
too) does not measure.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Generator
from pathlib import Path
from typing import Any

import pytest

collect_ignore = ["cleantext/__main__.py"]

ROOT = Path(__file__).resolve().parent

#: Set to measure coverage (any value but empty).
MEASURE = "CLEANTEXT_COVERAGE"

# Started here, before anything imports cleantext; only in the process that
# runs pytest: the test workers and the processes they start are measured
# through COVERAGE_PROCESS_START, which this sets for them.
_coverage: Any = None
if os.environ.get(MEASURE) and not os.environ.get("PYTEST_XDIST_WORKER"):
    import coverage

    for old in ROOT.glob(".coverage*"):
        old.unlink()
    _coverage = coverage.Coverage(config_file=str(ROOT / "pyproject.toml"), data_file=str(ROOT / ".coverage"))
    _coverage.start()


def _coverage_command(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("COVERAGE_")}
    command = [sys.executable, "-m", "coverage", *args, "--rcfile", str(ROOT / "pyproject.toml")]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)


@pytest.hookimpl(wrapper=True)
def pytest_runtestloop(session: pytest.Session) -> Generator[None, object, object]:
    """In a test worker, save the data when its tests are done, before it
    tells the main process so: its exit may come after the main process has
    combined the data."""
    result = yield
    if os.environ.get("PYTEST_XDIST_WORKER") and os.environ.get(MEASURE):
        import coverage

        current = coverage.Coverage.current()
        if current is not None:
            current.stop()
            current.save()
            current._auto_save = False  # saved: nothing to add at exit
    return result


def _whole_suite(config: pytest.Config) -> bool:
    """The floor holds for a run of the whole suite, not of a few files, a -k or --collect-only."""
    option = config.option
    return not (option.file_or_dir or option.keyword or option.markexpr or option.collectonly)


@pytest.hookimpl(wrapper=True)
def pytest_sessionfinish(session: pytest.Session) -> Generator[None, object, object]:
    # After the wrapped hooks, the test workers have exited and saved their data.
    result = yield
    if _coverage is not None:
        _coverage.stop()
        _coverage.save()
        _coverage_command("combine", "--quiet")  # into .coverage, for `coverage report`
        report = _coverage_command("report", "--format=total", "--fail-under=0")
        total = float(report.stdout.strip() or 0)
        floor = float(_coverage.get_option("report:fail_under"))
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        line = f"coverage of cleantext, subprocesses included: {total:.1f}% (floor {floor:g}%)"
        if total < floor and _whole_suite(session.config):
            line += ": below the floor; `coverage report` names the modules"
            session.exitstatus = pytest.ExitCode.TESTS_FAILED
        if reporter is not None:
            reporter.write_line(line)
        else:
            print(line)
    return result
