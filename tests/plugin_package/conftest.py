"""The plug-in is installed and imported by tests/test_plugins.py, never
collected from here (importing it would register its pass in the test run)."""

collect_ignore_glob = ["*.py"]
