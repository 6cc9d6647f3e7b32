"""Collection settings shared by the test suite and the doctests."""

collect_ignore = ["cleantext/__main__.py"]
