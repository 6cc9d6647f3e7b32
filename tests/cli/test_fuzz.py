"""Fuzzing the command: random bytes on stdin, random argument combinations,
through ``cleantext.cli.main(argv)`` in-process.

Whatever comes in: no traceback, an exit status from the documented set,
and documents in == documents out (or, with ``--on-error skip``, documents
out == readable documents in). The number of examples follows the
hypothesis profile (``dev`` 100, ``ci`` 500), which bounds the time in CI
(about half a minute on the 2-core CI machine).
"""

from __future__ import annotations

import codecs
import io
import json
import sys

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from cleantext.cli import main
from cleantext.registry import list_passes

# strip-repeated-lines learns its profile from a first read of the input, so
# on standard input it is a usage error by design (tested in test_cli_profile).
PASS_NAMES = sorted(set(list_passes()) - {"strip-repeated-lines"})
WIDE_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)

# Bytes that look like scraped text more often than uniform noise would.
PIECES = [
    b"\n",
    b"\r\n",
    b"\r",
    b" ",
    b"  ",
    b"\t",
    b"\x00",
    b"\xff",
    b"\xc3",
    b"\xc3\xa9",
    b"\xe2\x80\x99",
    b"\xe2\x80\xa8",
    b"\xc2\x85",
    b"\xef\xbb\xbf",
    b"&amp;",
    b"word",
    b"Advertisement",
    b'{"text": "x"}',
    b'{"text": ',
    b'"',
    b"{",
    b"}",
    b"[",
    b"\\ud800",
    b"\x1b[31m",
]
payloads = st.one_of(
    st.binary(max_size=300),
    st.lists(st.sampled_from(PIECES), max_size=40).map(b"".join),
    st.lists(
        st.one_of(
            st.fixed_dictionaries({"text": st.text(max_size=40)}).map(json.dumps),
            st.sampled_from(["oops", "[]", "{}", '{"text": 1}', "", "  "]),
        ),
        max_size=12,
    ).map(lambda lines: "\n".join(lines).encode("utf-8", "surrogatepass")),
)


@st.composite
def arguments(draw: st.DrawFn) -> list[str]:
    argv: list[str] = []
    fmt = draw(st.sampled_from(["text", "lines", "jsonl"]))
    argv += ["--format", fmt]
    choice = draw(st.sampled_from(["preset", "passes", "skip"]))
    if choice == "passes":
        argv += ["--passes", ",".join(draw(st.lists(st.sampled_from(PASS_NAMES), min_size=1, max_size=4)))]
    elif choice == "skip":
        argv += ["--skip", draw(st.sampled_from(["fix-encoding", "normalize-whitespace"]))]
    encoding = draw(st.sampled_from([None, None, "utf-8", "cp1252", "latin-1", "auto", "utf-16"]))
    if encoding:
        argv += ["--encoding", encoding]
    if draw(st.booleans()):
        argv.append("--strict")
    if fmt == "jsonl":
        argv += ["--on-error", draw(st.sampled_from(["fail", "skip", "keep"]))]
    if draw(st.integers(0, 9)) == 0:
        argv += ["--jobs", "2"]
    return argv


def _run(argv: list[str], data: bytes, capsysbinary) -> tuple[int, bytes, str]:
    stdin = sys.stdin
    sys.stdin = io.TextIOWrapper(io.BufferedReader(io.BytesIO(data)))
    try:
        code = main(argv)
    except SystemExit as exc:  # argparse: a usage error
        code = exc.code if isinstance(exc.code, int) else 2
    finally:
        sys.stdin = stdin
    out, err = capsysbinary.readouterr()
    return code, out, err.decode("utf-8", "replace")


def _lines(data: bytes) -> list[bytes]:
    """The input's lines as cleantext sees them: split at LF (ending kept)."""
    parts = data.split(b"\n")
    lines = [p + b"\n" for p in parts[:-1]]
    return [*lines, parts[-1]] if parts[-1] else lines


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow], deadline=None)
@given(argv=arguments(), data=payloads)
def test_cli_never_crashes_and_loses_nothing(capsysbinary, argv: list[str], data: bytes) -> None:
    wide = data.startswith(WIDE_BOMS) or "utf-16" in argv
    code, out, err = _run(argv, data, capsysbinary)
    assert "Traceback" not in err, err
    assert code in (0, 1), (code, err)
    fmt = argv[argv.index("--format") + 1]
    strict = "--strict" in argv
    if code == 1:
        # Only bad input makes status 1, and it always says why.
        assert err.startswith("cleantext: "), err
        # (or stdin that starts like a compressed stream and is not one)
        assert strict or fmt == "jsonl" or ": cannot read: not a valid " in err, err
        return
    assume(not wide)  # the counts below split bytes at LF, which UTF-16/32 do not use
    got = out.count(b"\n")
    encoding = argv[argv.index("--encoding") + 1] if "--encoding" in argv else "utf-8"
    if encoding in ("utf-8", "auto"):
        data = data.removeprefix(codecs.BOM_UTF8)  # a BOM is not text
    if encoding == "auto":
        from cleantext.io import detect_encoding

        encoding = detect_encoding(data)
    if fmt == "lines":
        assert got == len(_lines(data)), (argv, data, out)
    elif fmt == "jsonl":
        decoded = [line.decode(encoding, "replace") for line in _lines(data)]
        records = [line for line in decoded if line.strip()]
        on_error = argv[argv.index("--on-error") + 1]
        if on_error == "skip":
            assert got == len(records) - _unreadable(err, "dropped"), (argv, data, out, err)
        else:
            assert got == len(records), (argv, data, out, err)
            if on_error == "keep":
                kept = [line for line in out.split(b"\n")[:-1] if not _is_record(line)]
                assert _unreadable(err, "written back unchanged") == len(kept), (argv, data, out, err)


def _unreadable(err: str, what: str) -> int:
    """The count in the summary line of unreadable records (0 if none)."""
    import re

    found = re.search(rf"(\d[\d,]*) unreadable records? {what}", err)
    return int(found.group(1).replace(",", "")) if found else 0


def _is_record(line: bytes) -> bool:
    try:
        record = json.loads(line)
    except ValueError:
        return False
    return isinstance(record, dict) and isinstance(record.get("text"), str)
