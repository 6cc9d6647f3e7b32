"""Shared text primitives: lines with their endings, paragraphs.

Passes work on lines and keep every line ending they do not mean to change, so
that untouched lines come out byte-identical.
"""

from __future__ import annotations

import re

__all__ = ["LINE_ENDINGS", "is_blank", "paragraphs", "split_lines", "strip_ending"]

#: The line endings cleantext recognises: CRLF, LF and a lone CR.
LINE_ENDINGS = ("\r\n", "\n", "\r")

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


def split_lines(text: str) -> list[str]:
    r"""Split ``text`` into lines, each keeping its ending.

    Only CRLF, LF and CR end a line (unlike ``str.splitlines``, form feeds and
    Unicode separators stay inside their line), and ``"".join`` restores the text.

    >>> split_lines("one\r\ntwo\nthree")
    ['one\r\n', 'two\n', 'three']
    >>> split_lines("")
    []
    """
    return _LINE.findall(text)


def strip_ending(line: str) -> str:
    r"""The line without its line ending.

    >>> strip_ending("text\r\n")
    'text'
    """
    if line.endswith("\r\n"):
        return line[:-2]
    if line.endswith(("\n", "\r")):
        return line[:-1]
    return line


def is_blank(line: str) -> bool:
    """True for a line with nothing but whitespace."""
    return not line.strip()


def paragraphs(text: str) -> list[list[str]]:
    r"""Group the lines of ``text`` (endings kept) into paragraphs: runs of
    non-blank lines separated by blank ones.

    >>> paragraphs("a\nb\n\nc\n")
    [['a\n', 'b\n'], ['c\n']]
    """
    out: list[list[str]] = []
    current: list[str] = []
    for line in split_lines(text):
        if is_blank(line):
            if current:
                out.append(current)
                current = []
        else:
            current.append(line)
    if current:
        out.append(current)
    return out
