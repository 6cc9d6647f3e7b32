"""Fast paths for ftfy: decide cheaply that ``ftfy.fix_text`` cannot change a
text, or a line of it, and skip the work.

Most scraped text has no mojibake, yet ftfy runs every one of its fixes on
every line, and its mojibake detector (``ftfy.badness.is_bad``, one large
regular expression tried at every position) is the slowest part of it.
:func:`fix_text` gives byte-identical output to ``ftfy.fix_text`` with the
same config (the tests prove it with hypothesis and ftfy's own test cases);
it only calls ftfy on the lines that could change:

- A line can only change if it holds a *trigger* (an HTML entity, an escape
  or control character, a C1 control, a ligature, a surrogate: each fix's
  own table, read from the installed ftfy) or ftfy's detector finds
  mojibake in it.
- Every alternative of ftfy's detector needs a non-ASCII character and is at
  most a few characters long (both checked on the parsed pattern at first
  use), so it is enough to search small windows around the non-ASCII
  characters instead of the whole text.

Pure-ASCII text without a trigger is settled without importing ftfy at all.
"""

from __future__ import annotations

import re
from collections.abc import Set as AbstractSet
from functools import cache
from typing import Any

__all__ = ["ascii_unchanged", "fix_segment", "fix_text", "is_bad", "may_change"]

# The order in which ``ftfy.fix_and_explain`` applies the fixes after the
# mojibake repair (checked against ftfy's source by the tests).
_FIXER_ORDER = (
    "fix_c1_controls",
    "fix_latin_ligatures",
    "fix_character_width",
    "uncurl_quotes",
    "fix_line_breaks",
    "fix_surrogates",
    "remove_terminal_escapes",
    "remove_control_chars",
)

# ASCII characters that some fix of ftfy acts on: the start of an HTML
# entity (only a whole entity is decoded), the terminal escape, and the
# control characters ftfy removes (C0 except tab, LF, FF, CR; and DEL).
_ASCII_TRIGGER = re.compile(r"&#?[0-9A-Za-z]{1,24};|[\x00-\x08\x0b\x0e-\x1f\x7f]")
_ENTITY = re.compile(r"&#?[0-9A-Za-z]{1,24};")  # ftfy's HTML_ENTITY_RE


def ascii_unchanged(text: str) -> bool:
    """True if ``text`` is ASCII and no ftfy fix can change it (no ftfy import)."""
    return text.isascii() and _ASCII_TRIGGER.search(text) is None


@cache
def _tables() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], int]:
    """(trigger pattern, ftfy's detector, cluster pattern, detector's longest match)."""
    import re._parser as sre_parse  # the stdlib's own regex parser

    from ftfy import chardata, fixes
    from ftfy.badness import BADNESS_RE

    chars = set(chardata.CONTROL_CHARS) | set(chardata.LIGATURES) | {0x1B}
    chars |= set(range(0x80, 0xA0))  # C1 controls (fix_c1_controls)
    if fixes.SURROGATE_RE.pattern != "[\ud800-\udfff]":
        raise RuntimeError("unexpected ftfy.fixes.SURROGATE_RE")
    chars |= set(range(0xD800, 0xE000))
    trigger = re.compile(_char_class(chars))
    required, width = _detector_shape(sre_parse.parse(BADNESS_RE.pattern, BADNESS_RE.flags))
    cls = _char_class(required)
    not_cls = "[^" + cls[1:]
    # Runs of required characters less than two windows apart, searched as one.
    cluster = re.compile(f"{cls}(?:{not_cls}{{0,{2 * width}}}{cls})*")
    return trigger, BADNESS_RE, cluster, width


def _char_class(chars: set[int]) -> str:
    return "[" + "".join(f"\\U{c:08x}" for c in sorted(chars)) + "]"


def _detector_shape(tree: Any) -> tuple[set[int], int]:
    """The characters the detector cannot match without, and its longest match.

    Every alternative of ftfy's detector has a character class made of
    non-ASCII characters only; of those, the one least common in clean text
    is taken (see :func:`_commonness`). A text with none of these characters cannot match, and a match
    lies within ``width`` characters of one.
    """
    (op, (_, branches)), *rest = tree.data
    if rest or str(op) != "BRANCH":
        raise RuntimeError("unexpected shape of ftfy.badness.BADNESS_RE")
    required: set[int] = set()
    for branch in branches:
        sets = [_class_chars(op, av) for op, av in branch.data]
        candidates = [s for s in sets if s and min(s) >= 0x80]
        if not candidates:
            raise RuntimeError(f"an alternative of ftfy's detector needs no non-ASCII character: {branch}")
        required |= min(candidates, key=_commonness)
    _, hi = tree.getwidth()
    if hi > 64:
        raise RuntimeError("ftfy's detector has unbounded matches")
    return required, int(hi)


def _commonness(chars: AbstractSet[int]) -> tuple[int, int]:
    """How often a class's characters occur in clean text, roughly: basic
    Greek and Cyrillic letters count most, other letters next."""
    basic = sum(0x391 <= c <= 0x3C9 or 0x410 <= c <= 0x44F for c in chars)
    return 10 * basic + sum(chr(c).isalpha() for c in chars), len(chars)


def _class_chars(op: Any, av: Any) -> set[int] | None:
    """The characters a LITERAL or a plain IN item matches (None for others)."""
    name = str(op)
    if name == "LITERAL":
        return {av}
    if name != "IN":
        return None
    out: set[int] = set()
    for item_op, item in av:
        kind = str(item_op)
        if kind == "LITERAL":
            out.add(item)
        elif kind == "RANGE":
            out.update(range(item[0], item[1] + 1))
        else:
            return None
    return out


def is_bad(text: str) -> bool:
    """The same answer as ``ftfy.badness.is_bad(text)``, searching only
    small windows around the characters a match needs."""
    if text.isascii():
        return False
    _, detector, cluster, width = _tables()
    for m in cluster.finditer(text):
        if detector.search(text, max(0, m.start() - width + 1), m.end() + width - 1):
            return True
    return False


def may_change(segment: str) -> bool:
    """False only if ``ftfy.fix_and_explain`` cannot change ``segment`` (with
    any config that leaves ``uncurl_quotes``, ``fix_character_width``,
    ``fix_line_breaks`` and ``normalization`` off)."""
    if segment.isascii():
        return _ASCII_TRIGGER.search(segment) is not None
    trigger = _tables()[0]
    return _ENTITY.search(segment) is not None or trigger.search(segment) is not None or is_bad(segment)


def _line_start_bad(text: str, width: int) -> bool:
    """Whether the detector matches at the start of a line other than the
    first: its ``^`` alternatives see each line as ftfy does, one at a time."""
    detector = _tables()[1]
    for m in re.finditer(r"\n(?=[^\x00-\x7f])", text):
        start = m.end()
        if detector.match(text[start : start + width]):
            return True
    return False


# Characters whose Windows-1252 or Latin-1 byte is a UTF-8 continuation byte
# (0x80-0xBF): in mojibake they only ever follow the character of a lead byte.
_CONTINUATION = frozenset(
    bytes(range(0x80, 0xC0)).decode("latin-1") + bytes(range(0x80, 0xA0)).decode("cp1252", "ignore")
)
_CUT_LOOK_BACK = 64


def _cut(text: str, limit_end: int) -> int:
    """Where to end a piece of a line longer than ftfy's limit: ftfy cuts at
    exactly the limit, which can split a mojibake sequence ("Ã|©") that
    neither piece can then repair, and a later round must. Cut instead just
    before the last character that cannot continue a sequence."""
    for i in range(limit_end, max(limit_end - _CUT_LOOK_BACK, 1), -1):
        if text[i] not in _CONTINUATION:
            return i
    return limit_end


def _lines_fit(text: str, limit: int) -> bool:
    """Whether every line, its line break included, is at most ``limit``
    characters: then ftfy's segments are whole lines. Jumps from the last
    line break of one window to the next, so it costs a step per ``limit``
    characters, not per line."""
    pos, n = 0, len(text)
    while n - pos > limit:
        last = text.rfind("\n", pos, pos + limit)
        if last == -1:
            return False
        pos = last + 1
    return True


def fix_text(text: str, config: Any) -> str:
    """``ftfy.fix_text(text, config)``, calling ftfy only on the lines that
    could change. ``config`` must leave ``uncurl_quotes``,
    ``fix_character_width``, ``fix_line_breaks`` and ``normalization`` off."""
    if ascii_unchanged(text):
        return text
    trigger, _, _, width = _tables()
    limit = config.max_decode_length
    if (
        _lines_fit(text, limit)
        and _ENTITY.search(text) is None
        and trigger.search(text) is None
        and not is_bad(text)
        and not _line_start_bad(text, width)
    ):
        return text
    out = []
    pos = 0
    n = len(text)
    while pos < n:
        end = text.find("\n", pos) + 1 or n
        if end - pos > limit:
            end = _cut(text, pos + limit)
        segment = text[pos:end]
        if config.unescape_html == "auto" and "<" in segment:
            config = config._replace(unescape_html=False)
        out.append(fix_segment(segment, config) if may_change(segment) else segment)
        pos = end
    return "".join(out)


def fix_segment(text: str, config: Any) -> str:
    """``ftfy.fix_and_explain(text, config)[0]`` (with ``explain`` off), the
    same steps in the same order, but asking the fast detector first whether
    a mojibake repair can apply: ftfy runs its slow detector on every round
    of every line, and on a line with mojibake that is three or more times."""
    import unicodedata

    import ftfy

    if config.unescape_html == "auto" and "<" in text:
        config = config._replace(unescape_html=False)
    while True:
        original = text
        if config.unescape_html:
            text = ftfy.fixes.unescape_html(text)
        if config.fix_encoding:
            text = _fix_encoding(text)
        for name in _FIXER_ORDER:
            if getattr(config, name):
                text = ftfy.FIXERS[name](text)
        if config.normalization is not None:
            text = unicodedata.normalize(config.normalization, text)
        if text == original:
            return text


@cache
def _encoding_config() -> Any:
    import ftfy

    # With explain off, ftfy.fix_and_explain calls fix_encoding(text) with no
    # config, that is with the defaults.
    return ftfy.TextFixerConfig(explain=False)


def _fix_encoding(text: str) -> str:
    """``ftfy.fix_encoding(text)``, skipping the steps its detector would refuse."""
    import ftfy

    config = _encoding_config()
    while True:
        # ftfy's first test in each step: ASCII, or no mojibake detected.
        if text.isascii() or not is_bad(text):
            return text
        fixed = ftfy._fix_encoding_one_step_and_explain(text, config)[0]
        if fixed == text:
            return text
        text = fixed
