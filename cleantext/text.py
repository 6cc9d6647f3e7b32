"""Shared text primitives: lines with their endings, paragraphs, sentence
boundaries in news text and quotation balance.

Passes work on lines and keep every line ending they do not mean to change, so
that untouched lines come out byte-identical.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Sequence
from functools import cache
from typing import Any, cast

from cleantext.data import toml_files

__all__ = [
    "CLOSING_MARKS",
    "LINE_ENDINGS",
    "OPENING_MARKS",
    "QUOTE_PAIRS",
    "TERMINAL_MARKS",
    "bare_lines",
    "by_line_pieces",
    "changed_span",
    "closing_run_start",
    "ends_sentence",
    "is_blank",
    "last_sentence_end",
    "lazy_compile",
    "line_at",
    "line_starts",
    "paragraphs",
    "piece_starts",
    "sentence_ends",
    "sentence_titles",
    "sentences",
    "split_lines",
    "strip_ending",
    "unclosed_quotes",
]

#: The line endings cleantext recognises: CRLF, LF and a lone CR.
LINE_ENDINGS = ("\r\n", "\n", "\r")

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


class LazyPattern:
    """A regular expression compiled the first time it is used.

    Building a pass builds its pattern tables; most short documents need
    only a few of them, so each is compiled when a line first reaches it.
    After that, its methods are the compiled pattern's own (looked up in the
    instance, so a call costs what a call on the pattern does).

    >>> p = lazy_compile(r"ab+", re.IGNORECASE)
    >>> p.pattern, p.match("ABBA").group()
    ('ab+', 'ABB')
    """

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        self._flags = flags

    def compiled(self) -> re.Pattern[str]:
        """The compiled pattern (compiled now if it was not yet)."""
        compiled = re.compile(self.pattern, self._flags)
        for name in ("match", "search", "fullmatch", "finditer", "findall", "sub", "subn", "split"):
            setattr(self, name, getattr(compiled, name))
        self.__dict__["compiled"] = lambda: compiled
        return compiled

    def match(self, *args: Any, **kwargs: Any) -> Any:
        return self.compiled().match(*args, **kwargs)

    def search(self, *args: Any, **kwargs: Any) -> Any:
        return self.compiled().search(*args, **kwargs)

    def fullmatch(self, *args: Any, **kwargs: Any) -> Any:
        return self.compiled().fullmatch(*args, **kwargs)

    def finditer(self, *args: Any, **kwargs: Any) -> Any:
        return self.compiled().finditer(*args, **kwargs)

    def findall(self, *args: Any, **kwargs: Any) -> Any:
        return self.compiled().findall(*args, **kwargs)

    def sub(self, *args: Any, **kwargs: Any) -> Any:
        return self.compiled().sub(*args, **kwargs)

    def subn(self, *args: Any, **kwargs: Any) -> Any:
        return self.compiled().subn(*args, **kwargs)

    def split(self, *args: Any, **kwargs: Any) -> Any:
        return self.compiled().split(*args, **kwargs)

    def __getattr__(self, name: str) -> Any:  # flags, groups, groupindex
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(self.compiled(), name)

    def __reduce__(self) -> tuple[Any, ...]:
        return (LazyPattern, (self.pattern, self._flags))

    def __repr__(self) -> str:
        return f"lazy_compile({self.pattern!r}, {self._flags!r})"


def lazy_compile(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)``, compiled the first time it is used
    (see :class:`LazyPattern`); typed as the pattern it stands for."""
    return cast("re.Pattern[str]", LazyPattern(pattern, flags))


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


def by_line_pieces(tidy: Callable[[str], str], text: str, size: int) -> str | None:
    r"""``tidy(text)``, computed on pieces of about ``size`` characters of
    whole lines, for a ``tidy`` that works line by line except that it trims
    blank lines at the edges of the text and shortens runs of blank lines
    (normalize-whitespace): one pass over a long text then costs what it
    costs on an article, without a chain of substitutions over the whole.

    Each piece after the first starts with a line that is not blank and is
    tidied as a middle of the text (a visible line is put before and after
    it, and taken off again). None when that cannot be done exactly: ``tidy``
    changed the added lines, or a piece came out empty or starting with a
    blank line (the blank lines before it would then need the text's view).

    >>> by_line_pieces(lambda t: t.replace("  ", " "), "a  b\nc\n" * 3, 4)
    'a b\nc\na b\nc\na b\nc\n'
    """
    pieces: list[str] = []
    start = 0
    n = len(text)
    while start < n:
        cut = n
        if n - start > size:
            at = text.find("\n", start + size)
            while at != -1 and at + 1 < n and text[at + 1].isspace():
                at = text.find("\n", at + 1)
            cut = n if at == -1 or at + 1 >= n else at + 1
        pieces.append(text[start:cut])
        start = cut
    if len(pieces) < 2:
        return tidy(text)
    last = len(pieces) - 1
    out: list[str] = []
    for k, piece in enumerate(pieces):
        head = "x\n" if k else ""
        tail = "x" if k < last else ""
        done = tidy(head + piece + tail)
        if head:
            if not done.startswith(("x\n", "x\r\n")):
                return None
            done = done[done.index("\n") + 1 :]
            if not done or done[0] in "\r\n":
                return None
        if tail:
            if not done.endswith("x"):
                return None
            done = done[:-1]
        out.append(done)
    return "".join(out)


def is_blank(line: str) -> bool:
    """True for a line with nothing but whitespace."""
    return not line.strip()


def bare_lines(text: str) -> list[str]:
    r"""The lines of ``text`` without their endings, as :func:`split_lines`
    and :func:`strip_ending` give them (faster for text without CR).

    >>> bare_lines("one\r\ntwo\n\nthree")
    ['one', 'two', '', 'three']
    """
    if "\r" in text:
        return [strip_ending(line) for line in split_lines(text)]
    bare = text.split("\n")
    if bare[-1] == "":
        bare.pop()
    return bare


def line_starts(text: str) -> list[int]:
    r"""Where each line of ``text`` starts, and where one more line would
    start when the text ends with a line ending (or is empty).

    >>> line_starts("ab\r\ncd\n"), line_starts("ab\ncd"), line_starts("")
    ([0, 4, 7], [0, 3], [0])
    """
    starts = [0]
    if "\r" not in text:
        at = text.find("\n")
        while at >= 0:
            starts.append(at + 1)
            at = text.find("\n", at + 1)
        return starts
    pos = 0
    for line in split_lines(text):
        pos += len(line)
        starts.append(pos)
    if text and text[-1] not in "\r\n":
        starts.pop()
    return starts


def line_at(starts: Sequence[int], pos: int) -> int:
    r"""The line (1-based) holding position ``pos``, from :func:`line_starts`.

    >>> line_at(line_starts("ab\ncd\n"), 3)
    2
    """
    return max(bisect_right(starts, pos), 1)


def piece_starts(pieces: Sequence[str]) -> list[int]:
    r"""Where each of ``pieces`` starts in their concatenation, and where it ends.

    >>> piece_starts(["ab\n", "c"])
    [0, 3, 4]
    """
    starts = [0]
    for piece in pieces:
        starts.append(starts[-1] + len(piece))
    return starts


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


# -- sentence boundaries ---------------------------------------------------

#: Characters that end a sentence: full stop, ellipsis, question and
#: exclamation marks (Latin, CJK, Arabic, Devanagari).
TERMINAL_MARKS = ".!?…‼⁇⁈⁉。！？｡؟।"
#: Closing quotation marks and brackets that may follow a sentence's final
#: mark and still belong to it (``.”``, ``.)``, ``?"``).
CLOSING_MARKS = "\"'”’»›)]}」』）】〉》"
#: Opening quotation marks and brackets, and the Spanish ¿ and ¡.
OPENING_MARKS = "\"'“‘«‹„‚([{「『（【〈《¿¡"
# CJK full stops end a sentence with no space after them.
_NO_SPACE_TERMINALS = "。！？｡"
# Marks that close a quotation only right after a sentence's final mark:
# German „…“ and »…«.
_CLOSING_AFTER_MARK = "“«"
# French « … » may keep a (narrow) no-break space before its closing mark.
_FRENCH_SPACE = " \u00a0\u202f"
_CANDIDATE = re.compile(
    f"[{re.escape(TERMINAL_MARKS)}]+[{re.escape(CLOSING_MARKS + _CLOSING_AFTER_MARK)}]*(?:[{_FRENCH_SPACE}]»(?!\\S))?"
)
_INLINE_SPACE = re.compile(r"[^\S\r\n]*")
# "J", "U.S", "p.m", "J.R.R": initials and dotted initialisms.
_INITIALISM = re.compile(r"(?:[^\W\d_]\.)*[^\W\d_]")
_LEADING_WORD = re.compile(r"[^\W\d_]+")
_LOOK = 40  # characters inspected on either side of a candidate boundary


_TABLE_KEYS = ("titles", "ambiguous", "openers", "ordinal_before", "ordinal_after", "exclamation_names")


@cache
def _tables() -> dict[str, frozenset[str]]:
    """The lists of every ``sentences-<language>.toml`` in cleantext/data, merged."""
    merged: dict[str, set[str]] = {key: set() for key in _TABLE_KEYS}
    for _, data in toml_files("sentences-"):
        for key in _TABLE_KEYS:
            merged[key].update(data.get(key, ()))
    return {key: frozenset(words) for key, words in merged.items()}


def sentence_ends(text: str) -> list[int]:
    """Offsets just past the end of each sentence in ``text``.

    News-aware: a full stop after a title ("Mr.", "Gov.", "Feb."), an initial
    or an initialism ("J.R.R.", "U.S.", "p.m.") ends a sentence only when a
    common sentence opener follows; decimals and times ("3.5%", "11:11") have
    no space after the stop; closing quotes and brackets after the mark
    belong to the sentence (``.”``, ``.)``); and a mark followed by a
    lower-case word ("?” he asked", "now … that") does not end it. A line
    break alone is not a sentence end here (see :func:`sentences`).

    >>> def show(text):
    ...     ends = sentence_ends(text)
    ...     return [text[a:b].strip() for a, b in zip([0, *ends], ends)]
    >>> show("Gov. Eric Holcomb of Ind. met U.S. officials at 11:11 p.m. The talks went well.")
    ['Gov. Eric Holcomb of Ind. met U.S. officials at 11:11 p.m.', 'The talks went well.']
    >>> show('“War?” he asked. “No,” he said. Prices rose 3.5%. (It was late.) Then')
    ['“War?” he asked.', '“No,” he said.', 'Prices rose 3.5%.', '(It was late.)']
    """
    return [m.end() for m in _CANDIDATE.finditer(text) if _is_boundary(text, m.start(), m.end())]


def last_sentence_end(text: str) -> int | None:
    """The last of :func:`sentence_ends` before the end of ``text``, or None
    when there is none; the candidate marks are tried from the last one back,
    so a long text costs little more than its last sentence.

    >>> last_sentence_end("It rained. Then the sun came out. And")
    33
    >>> last_sentence_end("It rained.") is None
    True
    """
    if text.isascii() and "." not in text and "?" not in text and "!" not in text:
        return None  # no final mark (the only ASCII ones), no candidate
    n = len(text)
    for m in reversed(list(_CANDIDATE.finditer(text))):
        if m.end() < n and _is_boundary(text, m.start(), m.end()):
            return m.end()
    return None


def sentence_titles() -> frozenset[str]:
    """The titles after which a full stop does not end a sentence ("Mr",
    "Gov", "Feb"), from every ``sentences-<language>.toml``.

    >>> "Mr" in sentence_titles()
    True
    """
    return _tables()["titles"]


def _is_boundary(text: str, start: int, end: int) -> bool:
    n = len(text)
    marks = text[start:end].rstrip(CLOSING_MARKS + _CLOSING_AFTER_MARK + _FRENCH_SPACE)
    if end == n:
        if marks[-1] != "." or marks.endswith(".."):
            return True
        return not (_follows_title(text, start) or _is_ordinal(text, start, None))
    if not text[end].isspace():
        return marks[-1] in _NO_SPACE_TERMINALS
    after = _INLINE_SPACE.match(text, end)
    j = after.end() if after else end
    if j == n or text[j] in "\r\n":
        return True
    first = text[j]
    if first.islower():
        return False
    tables = _tables()
    k = _word_start(text, start)
    word = text[k:start].lstrip(OPENING_MARKS)
    if marks == "!" and _is_exclamation_name(text, k, word):
        # "Yahoo! Ups Ante": the mark is part of the name.
        return first in OPENING_MARKS or _opener_follows(text, j)
    if marks[-1] != "." or marks.endswith(".."):
        return True  # ?, !, an ellipsis, a CJK mark: ended unless lower case follows
    if word.isdigit() and len(word) <= 3 and (k == 0 or text[k - 1] in "\r\n"):
        return False  # "2. Take inventory": the number of a list item or a heading
    if word in tables["titles"]:
        return False
    if word.isdigit() and _is_ordinal(text, start, j):
        return False  # "in der 56. Minute", "am 3. Oktober"
    ambiguous = word in tables["ambiguous"] or _INITIALISM.fullmatch(word) is not None
    if first.isdigit():
        return not ambiguous
    if not ambiguous:
        return True
    if first in OPENING_MARKS:
        return True
    return _opener_follows(text, j)


def _opener_follows(text: str, j: int) -> bool:
    opener = _LEADING_WORD.match(text[j : j + _LOOK])
    return opener is not None and opener.group() in _tables()["openers"]


def _is_exclamation_name(text: str, k: int, word: str) -> bool:
    names = _tables()["exclamation_names"]
    if word in names:
        return True
    before = _word_start(text, max(0, k - 1))
    return k > 0 and f"{text[before : k - 1]} {word}" in names


def _is_ordinal(text: str, stop: int, next_word_at: int | None) -> bool:
    """True when the full stop at ``stop`` follows a number that is an
    ordinal: after a word such as "der" or "am", or before one such as
    "Minute" or "Oktober" (German style: "in der 56. Minute")."""
    k = _word_start(text, stop)
    number = text[k:stop]
    if not number.isdigit() or len(number) > 4:
        return False
    tables = _tables()
    if next_word_at is not None:
        following = _LEADING_WORD.match(text[next_word_at : next_word_at + _LOOK])
        if following is not None and following.group() in tables["ordinal_after"]:
            return True
    j = k
    while j > 0 and text[j - 1] in " \t\u00a0":
        j -= 1
    if j == k:
        return False
    return text[_word_start(text, j) : j] in tables["ordinal_before"]


def _word_start(text: str, end: int) -> int:
    """Start of the word (a run of non-space characters) that ends at ``end``."""
    k = end
    while k > 0 and end - k < _LOOK and not text[k - 1].isspace():
        k -= 1
    return k


def _follows_title(text: str, stop: int) -> bool:
    """True when the full stop at ``stop`` ends a title ("Gov.", "Dr.", "Feb."),
    which is followed by a name or a number and never ends a sentence."""
    return text[_word_start(text, stop) : stop].lstrip(OPENING_MARKS) in _tables()["titles"]


# How far back on its line a German opening „ is looked for.
_LOW_OPENER_LOOK_BACK = 2000


def closing_run_start(text: str, end: int) -> int:
    """Where the run of closing quotes and brackets that ends at ``end``
    starts. "“" closes a quotation right after a final mark or when a German
    "„" opened it earlier on the same line, and opens one anywhere else; "«"
    closes a German »quotation« right after a final mark; a French closing
    "»" may follow a (no-break) space.

    >>> closing_run_start("He said “no.”)", 14), closing_run_start("Sie sagte: „Nein.“", 18)
    (12, 17)
    >>> closing_run_start("Er sagte: »Nein.«", 17), closing_run_start("Il a dit : « Non. »", 19)
    (16, 17)
    >>> closing_run_start("He said. “", 10)
    10
    """
    start = end
    while start > 0:
        ch = text[start - 1]
        after_mark = start >= 2 and text[start - 2] in TERMINAL_MARKS + CLOSING_MARKS
        if ch in CLOSING_MARKS or (ch in _CLOSING_AFTER_MARK and after_mark):
            start -= 1
        elif ch == "“" and _low_opener_before(text, start - 1):
            start -= 1
        elif (
            ch in _FRENCH_SPACE
            and start < end
            and text[start] == "»"
            and start >= 2
            and text[start - 2] in TERMINAL_MARKS
        ):
            start -= 1
        else:
            break
    return start


def _low_opener_before(text: str, pos: int) -> bool:
    lo = max(0, pos - _LOW_OPENER_LOOK_BACK)
    line_start = max(text.rfind("\n", lo, pos), text.rfind("\r", lo, pos)) + 1
    return text.rfind("„", max(lo, line_start), pos) >= 0


def ends_sentence(text: str) -> bool:
    """True when ``text``, trailing whitespace aside, ends with a sentence's
    final mark, closing quotes or brackets after it allowed.

    >>> ends_sentence('“It is over,” he said.\\n')
    True
    >>> ends_sentence("Is it over?”")
    True
    >>> ends_sentence("and I really hope that")
    False
    >>> ends_sentence("in the U.S."), ends_sentence("a new campaign led by Gov.")
    (True, False)
    """
    end = closing_run_start(text, len(text.rstrip()))
    if end == 0 or text[end - 1] not in TERMINAL_MARKS:
        return False
    if text[end - 1] != "." or text.endswith("..", 0, end):
        return True
    return not (_follows_title(text, end - 1) or _is_ordinal(text, end - 1, None))


def sentences(text: str) -> list[str]:
    """The sentences of ``text``, split at :func:`sentence_ends` and at line
    breaks (a heading or a list item is a unit of its own), stripped of
    surrounding whitespace.

    >>> sentences("WAR TALK\\nMr. Putin spoke. He said “no.” Then he left")
    ['WAR TALK', 'Mr. Putin spoke.', 'He said “no.”', 'Then he left']
    """
    out: list[str] = []
    for line in split_lines(text):
        start = 0
        for end in sentence_ends(line):
            piece = line[start:end].strip()
            if piece:
                out.append(piece)
            start = end
        rest = line[start:].strip()
        if rest:
            out.append(rest)
    return out


# -- quotation balance -----------------------------------------------------

QUOTE_PAIRS = {"“": "”", "„": "“", "«": "»", "「": "」", "『": "』", "＂": "＂", '"': '"'}
_STRAIGHT_OR_CURLY = '"”'


def unclosed_quotes(text: str) -> str:
    """The closing marks that would balance the double quotations left open
    in ``text``, innermost first; empty when every quotation is closed.

    Single quotes are not counted: "’" is also the apostrophe. Straight
    double quotes alternate between opening and closing. "“" and "«" glued to
    the word before them close a German „…“ or »…« quotation (one opened
    earlier, in another paragraph, is not counted), and "»" before a word
    opens a German one.

    >>> unclosed_quotes("“It is clear now,” he said. “We will not")
    '”'
    >>> unclosed_quotes('„Wir schaffen das“, sagte sie.')
    ''
    >>> unclosed_quotes("Das sei gut.“"), unclosed_quotes("Er sagte: »Wir kommen"), unclosed_quotes("« Nous verrons")
    ('', '«', '»')
    """
    stack: list[str] = []
    previous = " "
    for ch in text:
        glued = not (previous.isspace() or previous in OPENING_MARKS)
        previous = ch
        # Scraped text mixes straight and curly marks: '"' closes "”" and back.
        if stack and (ch == stack[-1] or (ch in _STRAIGHT_OR_CURLY and stack[-1] in _STRAIGHT_OR_CURLY)):
            stack.pop()
        elif ch in _CLOSING_AFTER_MARK and glued:
            continue  # closes a quotation opened before ``text``
        elif ch == "»":
            if not glued:
                stack.append("«")
        elif ch in QUOTE_PAIRS:
            stack.append(QUOTE_PAIRS[ch])
    return "".join(reversed(stack))


def prose_follows(lines: Sequence[str], min_words: int = 12) -> list[bool]:
    """For each line, whether a line of running text (at least ``min_words``
    words) comes after it: a footer is followed by none. One backward scan.

    The last non-blank line counts only when it ends a sentence: a cut at the
    end (which ``repair-truncation`` may shorten or remove) never protects
    a line on one run and stops protecting it on the next.

    >>> prose_follows(["© 2019 X", "Permission is hereby granted, free of charge, to any person obtaining a copy.", "x"])
    [True, False, False]
    >>> prose_follows(["© 2019 X", "Permission is hereby granted, free of charge, to any person obtaining a copy"])
    [False, False]
    """
    out = [False] * len(lines)
    seen = False
    last = True
    for i in range(len(lines) - 1, -1, -1):
        out[i] = seen
        line = lines[i]
        if seen or not line.strip():
            continue
        if line.count(" ") >= min_words - 1 and len(line.split()) >= min_words:
            seen = not last or line.rstrip().rstrip(CLOSING_MARKS)[-1:] in TERMINAL_MARKS
        last = False
    return out


def changed_span(old: str, new: str) -> tuple[int, int, int]:
    """(start, end in old, end in new) of the part of ``old`` that differs,
    found by halving (string comparison runs in C).

    >>> changed_span("a cat sat", "a dog sat")
    (2, 5, 5)
    """
    limit = min(len(old), len(new))
    start = _common_prefix(old, new, limit)
    end = _common_suffix(old, new, limit - start)
    return start, len(old) - end, len(new) - end


def _common_prefix(x: str, y: str, limit: int) -> int:
    """Length of the common prefix, by halving: string comparison runs in C."""
    lo, hi = 0, limit
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if x[lo:mid] == y[lo:mid]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _common_suffix(x: str, y: str, limit: int) -> int:
    lo, hi = 0, limit
    nx, ny = len(x), len(y)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if x[nx - mid : nx - lo] == y[ny - mid : ny - lo]:
            lo = mid
        else:
            hi = mid - 1
    return lo
