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
  characters instead of the whole text. Punctuation common in clean text
  (curly quotes, no-break space, guillemets) opens a window only when a
  character that a match needs with it is near.

On a line that can change, :func:`fix_segment` runs ftfy's steps in ftfy's
order, but skips each fix whose trigger characters are absent, asks the
fast detector before each mojibake repair step, and stops as soon as the
next round would repeat the last one. :func:`fix_text_settled` also tells
a caller running ftfy to a fixed point when no further run is needed.

Pure-ASCII text without a trigger is settled without importing ftfy at all.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from collections.abc import Set as AbstractSet
from functools import cache
from typing import Any, NamedTuple

__all__ = [
    "ascii_unchanged",
    "first_suspect",
    "fix_segment",
    "fix_text",
    "fix_text_settled",
    "fixed_characters",
    "is_bad",
    "may_change",
    "no_suspect_near",
    "sparse_rest",
    "suspect_pattern",
    "suspects",
    "suspects_in",
    "without_plain_ascii",
]

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
HTML_ENTITY = re.compile(r"&#?[0-9A-Za-z]{1,24};")  # ftfy's HTML_ENTITY_RE
# Where _ASCII_TRIGGER matches, led by one character class so that the
# search skips ahead in C (the alternation is tried at every position).
_ASCII_TRIGGER_LED = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f&](?:(?<=&)#?[0-9A-Za-z]{1,24};|(?<!&))")


_ASCII_CONTROLS = tuple(c for c in map(chr, range(0x80)) if _ASCII_TRIGGER.fullmatch(c))


def ascii_unchanged(text: str) -> bool:
    """True if ``text`` is ASCII and no ftfy fix can change it (no ftfy import)."""
    # The same answer as ``_ASCII_TRIGGER.search(text) is None``: a scan for
    # each control character and for "&" runs in C at memory speed, several
    # times faster on a long text than the pattern tried at every position.
    return (
        text.isascii()
        and not any(c in text for c in _ASCII_CONTROLS)
        and ("&" not in text or HTML_ENTITY.search(text) is None)
    )


@cache
def _tables() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], int]:
    """(trigger pattern, ftfy's detector, cluster pattern, detector's longest match)."""
    from ftfy.badness import BADNESS_RE

    trigger = re.compile(_char_class(set().union(*_fixer_triggers().values())))
    shape = _shape()
    return trigger, BADNESS_RE, _cluster_pattern(shape), shape.width


@cache
def _shape() -> _Shape:
    """The shape of ftfy's detector (see :func:`_detector_shape`)."""
    import re._parser as sre_parse  # the stdlib's own regex parser

    from ftfy.badness import BADNESS_RE

    return _detector_shape(sre_parse.parse(BADNESS_RE.pattern, BADNESS_RE.flags), _punctuation())


def detector() -> tuple[re.Pattern[str], int]:
    """ftfy's mojibake detector and the length of its longest match."""
    _, found, _, width = _tables()
    return found, width


def suspects(text: str) -> Iterator[int]:
    """Positions of the characters near which a fix of ftfy could change
    ``text``, or the text made from it by collapsing runs of spaces and
    tabs (as ``normalize-whitespace`` does), apart from HTML entities: a
    character some fix acts on (a control character, a ligature), a
    character that a match of ftfy's detector needs and needs no other
    non-ASCII character with ("Ã" of "Ã "), any other character the detector
    needs with another non-ASCII character near it, and a paired character
    with a partner near it (see :class:`_Shape`). Near means within the
    detector's longest match, each run of spaces and tabs counted as one
    character (a run of two or more before a character counts as near).

    A text with no suspect and no entity is one ftfy leaves as it is, and so
    is every text made from it by collapsing such runs. One search in C
    over the whole text; clean text has few suspects.

    >>> text = "“Plain,” she said: 1 ½ cups. “Café” ½\\x1b"
    >>> [text[at] for at in suspects(text)]
    ['“', 'é', '”', '½', '\\x1b']
    """
    for m in suspect_pattern().finditer(text):
        yield m.start()


@cache
def fixed_characters() -> frozenset[str]:
    """The characters some fix of ftfy acts on wherever they are (control
    characters, C1 controls, ligatures, surrogates): the suspects that
    need no detector."""
    fixed = set().union(*_fixer_triggers().values()) | {ord(c) for c in _ASCII_CONTROLS}
    return frozenset(map(chr, fixed))


@cache
def _suspect_classes() -> tuple[frozenset[int], frozenset[int]]:
    """(alone, rare): the characters that are suspects with no paired
    character or partner, alone or with another non-ASCII character near."""
    shape = _shape()
    alone = shape.solo | {ord(c) for c in fixed_characters()}
    return frozenset(alone), frozenset(shape.rare - alone)


@cache
def _plain_ascii() -> bytes:
    """The ASCII characters no suspect can be (all but the control
    characters some fix acts on), as the bytes that encode them."""
    shape = _shape()
    alone, rare = _suspect_classes()
    lead = alone | rare | shape.paired | shape.partners
    return bytes(c for c in range(0x80) if c not in lead)


def without_plain_ascii(text: str) -> str:
    """The characters of ``text`` a suspect can be (those that are not
    ASCII, and the ASCII control characters), in order, and nothing else.

    Two passes over the text in C at memory speed (UTF-8 encoding, then
    ``bytes.translate`` deleting the plain ASCII bytes: what is left is
    still UTF-8), several times quicker than a pattern's scan for a large
    character class. Lone surrogates are kept.

    >>> without_plain_ascii("“Café”\\x00 at 5\\u00a0p.m.")
    '“é”\\x00\\xa0'
    """
    data = text.encode("utf-8", "surrogatepass").translate(None, _plain_ascii())
    return data.decode("utf-8", "surrogatepass")


def sparse_rest(text: str) -> str | None:
    """:func:`without_plain_ascii` of ``text``, or None for a text of
    which more than about one character in eight is not ASCII (Cyrillic,
    Greek): what is left would be most of it, not worth the making.

    >>> sparse_rest("“Plain” text, in English as most news is."), sparse_rest("«Да» и «нет»")
    ('“”', None)
    """
    data = text.encode("utf-8", "surrogatepass")
    if (len(data) - len(text)) * _DENSE > len(text):
        return None
    return data.translate(None, _plain_ascii()).decode("utf-8", "surrogatepass")


def no_suspect_near(text: str) -> bool:
    """True only if ``text`` has no :func:`suspects`, apart from rare
    characters that only a run of spaces behind them makes suspects and
    that have no other non-ASCII character near them: then no fix of ftfy
    changes ``text`` (an HTML entity aside), nor any text made from it by
    collapsing runs of spaces and tabs or by cutting it into lines.

    The suspect pattern is asked on :func:`without_plain_ascii` of the
    text. Every character a suspect needs near it is one of those, and two
    of them are no farther apart there than in the text with each run of
    spaces and tabs counted as one character: so what makes a character a
    suspect in the text makes it one there too. A paired character whose
    partner is near only once the ASCII between them is gone counts as
    well (the answer is then False: not known). Clean English has a few
    curly quotes and dashes and no suspect among them; text in another
    script (Cyrillic letters are partners of the guillemets) seldom passes.

    >>> no_suspect_near("“Plain,” she said — it’s fine…\u00a0")
    True
    >>> no_suspect_near("“Café”"), no_suspect_near("doesnâ€™t")
    (False, False)
    """
    return first_suspect(without_plain_ascii(text)) is None


def first_suspect(text: str) -> re.Match[str] | None:
    """``suspect_pattern().search(text)``, answered at once where ``text``
    holds only paired characters among those a suspect can be (the curly
    quotes and no-break spaces of clean English): a paired character is a
    suspect only with a partner near it. The pattern tries its lookarounds
    at each paired character; a scan for the others does not.

    >>> first_suspect("“”\\u00a0“”") is None, first_suspect("“é”").group()
    (True, '“')
    """
    if _unpaired_pattern().search(text) is None:
        return None
    return suspect_pattern().search(text)


@cache
def _unpaired_pattern() -> re.Pattern[str]:
    """The characters a suspect can be, but for the paired ones."""
    alone, rare = _suspect_classes()
    return re.compile(_char_class(alone | rare | _shape().partners))


def suspects_in(text: str, rest: str) -> Iterable[int]:
    """The positions of :func:`suspects`, in order, given ``rest``, the
    text's :func:`without_plain_ascii`: each of them holds a character
    that is a suspect of ``rest`` (see :func:`no_suspect_near`) or a rare
    one, so only those characters' places in the text are tried, found
    by ``str.find``. Where they are many (a text in Cyrillic or Greek,
    whose letters are partners) the text is scanned as :func:`suspects`
    does (lazily: a caller may stop at the first).

    >>> text = "“Plain,” she said: 1 ½ cups. “Café” ½\\x1b"
    >>> list(suspects_in(text, without_plain_ascii(text))) == list(suspects(text))
    True
    """
    pattern = suspect_pattern()
    if len(rest) * _DENSE > len(text):  # mostly not ASCII: most places would be tried
        return suspects(text)
    chars = set(pattern.findall(rest))  # each match is the suspect character
    chars.update(_rare_pattern().findall(rest))
    if sum(map(rest.count, chars)) * _PER_PLACE > len(text):
        return suspects(text)
    found: list[int] = []
    match = pattern.match
    for c in chars:
        at = text.find(c)
        while at != -1:
            if match(text, at) is not None:  # a match is one character long
                found.append(at)
            at = text.find(c, at + 1)
    found.sort()
    return found


# Trying one place costs about what scanning this many characters does.
_PER_PLACE = 100
# A text with more than one character in this many in ``rest`` is scanned.
_DENSE = 8


@cache
def _rare_pattern() -> re.Pattern[str]:
    return re.compile(_char_class(_suspect_classes()[1]))


@cache
def suspect_pattern() -> re.Pattern[str]:
    """The pattern whose matches start at the :func:`suspects`."""
    shape = _shape()
    alone, rare = _suspect_classes()
    # The classes without the brackets, to build negated ones.
    paired, partners = _char_class(shape.paired)[1:-1], _char_class(shape.partners)[1:-1]

    def near(target: str) -> str:
        """Lookahead: a character of ``target`` with at most width - 2
        characters before it, a run of spaces and tabs counting as one. Each
        run is taken whole and the count is possessive, and neither a run
        nor a character matches ``target``: one try, no backtracking."""
        return f"(?=(?:[ \\t]++|[^ \\t{target}]){{0,{shape.width - 2}}}+[{target}])"

    non_ascii = "\\x80-\\U0010ffff"
    # A rare character needs another non-ASCII one near it: looked for
    # ahead, and behind within ``width - 1`` characters, or a run of two
    # or more spaces and tabs (collapsed, it may bring one nearer).
    behind = "|".join(
        f"(?<={before}[\\s\\S]{{{k}}})" for k in range(1, shape.width) for before in ("[^\\x00-\\x7f]", "[ \\t]{2}")
    )
    # One character class first, so that the search skips ahead in C; a
    # partner opens a window too, looking ahead for a paired character, so
    # that every window is looked at forwards (a lookbehind has a fixed
    # width). Paired characters first: they are the most common in text.
    return re.compile(
        f"{_char_class(alone | rare | shape.paired | shape.partners)}"
        f"(?:(?<=[{paired}]){near(partners)}|(?<=[{partners}]){near(paired)}"
        f"|(?<={_char_class(alone)})"
        f"|(?<={_char_class(rare)})(?:{near(non_ascii)}|{behind}))"
    )


@cache
def _fixer_triggers() -> dict[str, frozenset[int]]:
    """For each fix of ftfy that only acts on some characters, those characters
    (read from ftfy's own tables): the fix cannot change a text without them."""
    from ftfy import chardata, fixes

    if fixes.SURROGATE_RE.pattern != "[\ud800-\udfff]":
        raise RuntimeError("unexpected ftfy.fixes.SURROGATE_RE")
    if chardata.C1_CONTROL_RE.pattern != r"[\x80-\x9f]":
        raise RuntimeError("unexpected ftfy.chardata.C1_CONTROL_RE")
    if not fixes.ANSI_RE.pattern.startswith("\x1b"):
        raise RuntimeError("unexpected ftfy.fixes.ANSI_RE")
    return {
        "fix_c1_controls": frozenset(range(0x80, 0xA0)),
        "fix_latin_ligatures": frozenset(chardata.LIGATURES),
        "fix_surrogates": frozenset(range(0xD800, 0xE000)),
        "remove_terminal_escapes": frozenset({0x1B}),
        "remove_control_chars": frozenset(chardata.CONTROL_CHARS),
    }


def _punctuation() -> frozenset[int]:
    """The characters of ftfy's detector that are common in clean text:
    its own "common", "start_punctuation" and "end_punctuation" categories
    (curly quotes, no-break space, dashes, guillemets)."""
    import re._parser as sre_parse

    from ftfy.badness import MOJIBAKE_CATEGORIES

    names = ("common", "start_punctuation", "end_punctuation")
    (op, av), *rest = sre_parse.parse("[" + "".join(MOJIBAKE_CATEGORIES[n] for n in names) + "]").data
    chars = _class_chars(op, av)
    if rest or not chars:
        raise RuntimeError("unexpected ftfy.badness.MOJIBAKE_CATEGORIES")
    return frozenset(chars)


def _char_class(chars: AbstractSet[int]) -> str:
    """A character class of ``chars``, runs of consecutive ones as ranges."""
    runs: list[list[int]] = []
    for c in sorted(chars):
        if runs and runs[-1][1] == c - 1:
            runs[-1][1] = c
        else:
            runs.append([c, c])
    return "[" + "".join(f"\\U{a:08x}" if a == b else f"\\U{a:08x}-\\U{b:08x}" for a, b in runs) + "]"


class _Shape(NamedTuple):
    """What any match of ftfy's detector needs, read from its pattern.

    Every match holds a ``rare`` character, or a ``paired`` one with a
    ``partner`` character at most ``width - 1`` positions away, and is at
    most ``width`` characters long. A match that holds a rare character
    not ``solo`` also holds another non-ASCII character.
    """

    rare: frozenset[int]
    paired: frozenset[int]
    partners: frozenset[int]
    width: int
    solo: frozenset[int] = frozenset()


def _detector_shape(tree: Any, common: AbstractSet[int]) -> _Shape:
    """The characters the detector cannot match without, and its longest match.

    Every alternative of ftfy's detector is a sequence of items, some of
    them character classes made of non-ASCII characters only (checked); a
    match holds one character of each. The class least common in clean text
    is the alternative's *required* class (see :func:`_commonness`). Where
    that class holds characters of ``common`` (curly quotes, no-break space)
    and the alternative has another such class, its characters are only
    *paired*: a match that uses one also holds a character of the other
    class (its *partner*), within the match's length.
    """
    (op, (_, branches)), *rest = tree.data
    if rest or str(op) != "BRANCH":
        raise RuntimeError("unexpected shape of ftfy.badness.BADNESS_RE")
    rare: set[int] = set()
    solo: set[int] = set()
    paired: set[int] = set()
    partners: set[int] = set()
    for branch in branches:
        sets = [_class_chars(op, av) for op, av in branch.data]
        candidates = [s for s in sets if s and min(s) >= 0x80]
        if not candidates:
            raise RuntimeError(f"an alternative of ftfy's detector needs no non-ASCII character: {branch}")
        required = min(candidates, key=_commonness)
        others = [s for s in candidates if s is not required]
        if required & common and others:
            partner = min(others, key=lambda s: (bool(s & common), _commonness(s)))
            paired |= required & common
            rare |= required - common
            partners |= partner
        else:
            rare |= required
            if not others:  # the only character of the match that must be non-ASCII
                solo |= required
    _, hi = tree.getwidth()
    if hi > 64:
        raise RuntimeError("ftfy's detector has unbounded matches")
    return _Shape(frozenset(rare), frozenset(paired - rare), frozenset(partners), int(hi), frozenset(solo))


def _cluster_pattern(shape: _Shape) -> re.Pattern[str]:
    """Runs of the characters a detector match needs, less than two windows
    apart, searched as one: a rare character, or a paired one with a partner
    near it (looked for on both sides, in the same search)."""
    width = shape.width
    need = _char_class(shape.rare | shape.paired)
    near = "|".join(
        [
            f"(?<={_char_class(shape.rare)})",
            f"(?=[\\s\\S]{{0,{width - 2}}}{_char_class(shape.partners)})",
            *(f"(?<={_char_class(shape.partners)}[\\s\\S]{{{j}}})" for j in range(1, width)),
        ]
    )
    # One character class first, so that the search skips ahead in C.
    opener = f"{need}(?:{near})"
    return re.compile(f"{opener}(?:[\\s\\S]{{0,{2 * width}}}{opener})*")


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
    return _check_line(segment)[0]


def _check_line(segment: str) -> tuple[bool, bool]:
    """(:func:`may_change`, :func:`is_bad`) of ``segment``."""
    if segment.isascii():
        return _ASCII_TRIGGER_LED.search(segment) is not None, False
    bad = is_bad(segment)
    return bad or HTML_ENTITY.search(segment) is not None or _tables()[0].search(segment) is not None, bad


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
    return fix_text_settled(text, config)[0]


def fix_text_settled(text: str, config: Any) -> tuple[str, bool]:
    """``(fix_text(text, config), settled)``, where ``settled`` is True only
    if ``fix_text`` would return its result unchanged: a caller that runs
    ftfy to a fixed point can then stop without a run that only confirms it.

    Each line ftfy fixes comes out of ftfy's own loop, so ftfy leaves it
    unchanged; the result is settled when ftfy would cut it into the same
    lines and fix each with the same options (the first line with a ``<``,
    which switches entity decoding off, is the same).

    >>> from ftfy import TextFixerConfig
    >>> config = TextFixerConfig(uncurl_quotes=False, fix_line_breaks=False, normalization=None)
    >>> fix_text_settled("doesnâ€™t &amp;amp; won’t\\n", config)
    ('doesn’t & won’t\\n', True)

    A ``<`` decoded from an entity would switch entity decoding off from
    this line on in a second run: not known to be settled.

    >>> fix_text_settled("1 &lt; 2 in “Ã©”\\n", config)
    ('1 < 2 in “é”\\n', False)
    """
    if ascii_unchanged(text):
        return text, True
    if _lines_fit(text, config.max_decode_length):
        return _fix_marked_lines(text, config)
    return _fix_lines(text, config)


def _fix_marked_lines(text: str, config: Any) -> tuple[str, bool]:
    """:func:`fix_text_settled` for a text whose lines ftfy fixes whole:
    only the lines that hold an HTML entity or a suspect are looked at,
    found by one scan of the text; the others are copied as they are.

    No fix of ftfy changes a line without either (see :func:`suspects`:
    a detector match in a line holds one), so those lines are the ones
    :func:`_check_line` can pass.
    """
    auto = config.unescape_html == "auto"
    steps = _steps(config)  # the same for the config with entities off, below
    # The first line with a "<" (in the input) switches entity decoding off
    # from it on; the result is settled only if the output's first such line
    # is the same one.
    tag = text.find("<") if auto else -1
    tag_line = text.rfind("\n", 0, tag) + 1 if tag != -1 else len(text) + 1
    no_html = config._replace(unescape_html=False) if tag != -1 else config
    out: list[str] = []
    settled = True
    last = 0  # text[:last] is done
    for start, end in _marked_lines(text):
        segment = text[start:end]
        change, bad = _check_line(segment)
        if not change:
            continue
        fixed = _fix_segment(segment, no_html if start >= tag_line else config, bad, steps)
        if fixed == segment:
            continue
        if settled:
            # ftfy must see the same line: a line break only at its end.
            at = len(fixed) - 1 if segment[-1:] == "\n" else -1
            settled = len(fixed) <= config.max_decode_length and fixed.find("\n") == at
            if auto and ("<" in fixed) != (start == tag_line) and start <= tag_line:
                settled = False  # the first line with a "<" moved
        out += (text[last:start], fixed)
        last = end
    if not out:
        return text, settled
    out.append(text[last:])
    return "".join(out), settled


def _marked_lines(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each line of ``text`` (its line break included) that
    holds an HTML entity or a suspect, in order."""
    pattern = suspect_pattern()
    n = len(text)
    pos = 0
    suspect = pattern.search(text)
    entity = HTML_ENTITY.search(text) if "&" in text else None
    while suspect is not None or entity is not None:
        if entity is None or (suspect is not None and suspect.start() < entity.start()):
            at = suspect.start()  # type: ignore[union-attr]  # one of the two is not None
        else:
            at = entity.start()
        start = text.rfind("\n", pos, at) + 1 or pos
        end = text.find("\n", at) + 1 or n
        yield start, end
        pos = end
        if suspect is not None and suspect.start() < end:
            suspect = pattern.search(text, end)
        if entity is not None and entity.start() < end:
            entity = HTML_ENTITY.search(text, end)


def _fix_lines(text: str, config: Any) -> tuple[str, bool]:
    """:func:`fix_text_settled`, line by line, cutting lines longer than
    ftfy's limit where ftfy would (or just before)."""
    limit = config.max_decode_length
    auto = config.unescape_html == "auto"
    steps = _steps(config)  # the same for the config with entities off, below
    out: list[str] = []
    settled = True
    first_tag_in = first_tag_out = -1  # the first line with a "<", before and after
    pos = 0
    n = len(text)
    while pos < n:
        end = text.find("\n", pos) + 1 or n
        if end - pos > limit:
            end = _cut(text, pos + limit)
            settled = False
        segment = text[pos:end]
        if auto and first_tag_in < 0 and "<" in segment:
            config = config._replace(unescape_html=False)
            first_tag_in = len(out)
        change, bad = _check_line(segment)
        if change:
            fixed = _fix_segment(segment, config, bad, steps)
            if settled and fixed != segment:
                # ftfy must see the same line: a line break only at its end.
                last = len(fixed) - 1 if segment[-1:] == "\n" else -1
                settled = len(fixed) <= limit and fixed.find("\n") == last
        else:
            fixed = segment
        if auto and first_tag_out < 0 and "<" in fixed:
            first_tag_out = len(out)
        out.append(fixed)
        pos = end
    return "".join(out), settled and first_tag_in == first_tag_out


def fix_segment(text: str, config: Any) -> str:
    """``ftfy.fix_and_explain(text, config)[0]`` (with ``explain`` off), the
    same steps in the same order, but asking the fast detector first whether
    a mojibake repair can apply (ftfy runs its slow detector on every round
    of every line, and on a line with mojibake that is three or more times),
    skipping each fix whose trigger characters are absent, and stopping as
    soon as a further round provably changes nothing."""
    return _fix_segment(text, config, None)


def _fix_segment(text: str, config: Any, bad: bool | None, steps: _Steps | None = None) -> str:
    """:func:`fix_segment`, told whether ftfy's detector flags ``text`` if
    that is known (None if not), and ``_steps(config)`` if the caller has it
    (the fixes do not depend on ``unescape_html``, changed below)."""
    if config.unescape_html == "auto" and "<" in text:
        config = config._replace(unescape_html=False)
    fixes, any_trigger = _steps(config) if steps is None else steps
    while True:
        original = text
        if config.unescape_html and "&" in text:
            text = _ftfy_modules()[1].unescape_html(text)
            bad = None
        if config.fix_encoding:
            text = _fix_encoding(text, bad)
            bad = None
        repaired = text
        if fixes and (any_trigger is None or any_trigger.search(text) is not None):
            for fix, pattern in fixes:
                if pattern is None or pattern.search(text) is not None:
                    text = fix(text)
        if config.normalization is not None:
            text = unicodedata.normalize(config.normalization, text)
        if text == original:
            return text
        # The mojibake repair stops at a text it leaves unchanged; if nothing
        # after it changed that text and no entity is left to decode, the
        # next round would repeat this one step for step, and change nothing.
        if text == repaired and not (config.unescape_html and "&" in text and HTML_ENTITY.search(text)):
            return text


# ftfy's fixes a config turns on, each with the pattern of the characters
# it needs; and the pattern of the characters any of them needs.
_Steps = tuple[tuple[tuple[Callable[[str], str], "re.Pattern[str] | None"], ...], "re.Pattern[str] | None"]


@cache
def _steps(config: Any) -> _Steps:
    """ftfy's fixes that ``config`` turns on, in order, each with the pattern
    of the characters it needs (None: it runs on any text); and the pattern
    of the characters any of them needs (None if one runs on any text)."""
    import ftfy

    triggers = _fixer_triggers()
    names = [name for name in _FIXER_ORDER if getattr(config, name)]
    steps = tuple(
        (ftfy.FIXERS[name], re.compile(_char_class(triggers[name])) if name in triggers else None) for name in names
    )
    return steps, (_tables()[0] if all(name in triggers for name in names) else None)


@cache
def _ftfy_modules() -> tuple[Any, Any]:
    """``ftfy.chardata`` and ``ftfy.fixes``, imported on first use."""
    from ftfy import chardata, fixes

    return chardata, fixes


def _fix_encoding(text: str, bad: bool | None = None) -> str:
    """``ftfy.fix_encoding(text)``, skipping the steps its detector would
    refuse; ``bad`` is whether the detector flags ``text``, if known."""
    step = _encoding_step()
    while True:
        # ftfy's first test in each step: ASCII, or no mojibake detected.
        if bad is None:
            bad = not text.isascii() and is_bad(text)
        if not bad:
            return text
        fixed = step(text)
        if fixed == text:
            return text
        text = fixed
        bad = None


# The SHA-256 of the source of ``ftfy._fix_encoding_one_step_and_explain``
# that :func:`_repair_step` follows (ftfy 6.3).
_STEP_SOURCE_SHA256 = "995180c6d3d524b27245073a2d87342e0ddf9494f00e9adb4d7b4734852587f7"


@cache
def _encoding_step() -> Callable[[str], str]:
    """:func:`_repair_step` if the installed ftfy's step is the one it
    follows, else ftfy's own step."""
    import hashlib
    import inspect

    import ftfy

    try:
        source = inspect.getsource(ftfy._fix_encoding_one_step_and_explain)
    except (OSError, TypeError):  # no source installed
        source = ""
    if hashlib.sha256(source.encode()).hexdigest() == _STEP_SOURCE_SHA256:
        return _repair_step
    # With explain off, ftfy.fix_and_explain calls fix_encoding(text) with no
    # config, that is with the defaults.
    config = ftfy.TextFixerConfig(explain=False)
    return lambda text: ftfy._fix_encoding_one_step_and_explain(text, config)[0]


def _repair_step(text: str) -> str:
    """One step of ftfy's mojibake repair with its default options
    (``ftfy._fix_encoding_one_step_and_explain`` with explain off), for a
    non-ASCII text its detector flags: the same code without the
    explanation, without asking the detector again, and without
    ``replace_lossy_sequences`` where its pattern cannot match."""
    chardata, fixes = _ftfy_modules()
    encode = _encoder()
    possible = []
    for encoding in chardata.CHARMAP_ENCODINGS:
        encoded = encode(text, encoding)
        if encoded is not None:
            possible.append(encoding)
            try:
                decoding = "utf-8"
                if encoding != "macroman" and b" " in encoded and _altered_utf8().search(encoded):
                    encoded = fixes.restore_byte_a0(encoded)
                if encoding.startswith("sloppy") and _lossy_possible(encoded):
                    encoded = fixes.replace_lossy_sequences(encoded)
                if 0xED in encoded or 0xC0 in encoded:
                    decoding = "utf-8-variants"
                return encoded.decode(decoding)
            except UnicodeDecodeError:
                pass
    if chardata.UTF8_DETECTOR_RE.search(text):
        fixed: str = fixes.decode_inconsistent_utf8(text)
        if fixed != text:
            return fixed
    if "latin-1" in possible:
        if "windows-1252" in possible:
            return text
        try:
            fixed = text.encode("latin-1").decode("windows-1252")
            if fixed != text:
                return fixed
        except UnicodeDecodeError:
            pass
    if chardata.C1_CONTROL_RE.search(text):
        controls_fixed: str = fixes.fix_c1_controls(text)
        return controls_fixed
    return text


@cache
def _encoder() -> Callable[[str, str], bytes | None]:
    """``text.encode(encoding)`` where ``ftfy.chardata.possible_encoding``
    says the text can be encoded so, else None, for ftfy's single-byte
    encodings.

    ftfy's test is a pattern of the characters that the encoding's 256
    bytes decode to (byte 0x1A aside, as the ASCII characters); a text is
    made of those exactly when it encodes and decodes back to itself, so
    the pattern's pass over the text is saved. That is checked at first use
    on each encoding's own characters; if it does not hold, ftfy's test is
    used.
    """
    from ftfy import chardata

    for encoding in chardata.CHARMAP_ENCODINGS:
        chars = bytes([*range(0x80, 0x100), 0x1A]).decode(encoding)
        ascii_chars = bytes([*range(0x1A), *range(0x1B, 0x80)])
        if (
            chardata.ENCODING_REGEXES[encoding].pattern != f"^[\x00-\x19\x1b-\x7f{chars}]*$"
            or ascii_chars.decode(encoding) != ascii_chars.decode("ascii")
            or any(c.encode(encoding).decode(encoding) != c for c in chars)
        ):
            return _encode_if_possible

    def encode(text: str, encoding: str) -> bytes | None:
        try:
            data = text.encode(encoding)
            return data if data.decode(encoding) == text else None
        except UnicodeError:
            return None

    return encode


def _encode_if_possible(text: str, encoding: str) -> bytes | None:
    from ftfy.chardata import possible_encoding

    return text.encode(encoding) if possible_encoding(text, encoding) else None


@cache
def _altered_utf8() -> re.Pattern[bytes]:
    """A pattern that matches where ``ftfy.chardata.ALTERED_UTF8_RE`` does,
    led by the space byte each of its alternatives holds: the search then
    skips from space to space in C, instead of trying six alternatives at
    every byte (a third of ftfy's repair step on mojibake)."""
    import re._parser as sre_parse

    from ftfy.chardata import ALTERED_UTF8_RE

    tree = sre_parse.parse(ALTERED_UTF8_RE.pattern, ALTERED_UTF8_RE.flags)
    (op, av), *rest = tree.data
    branches = av[1] if str(op) == "BRANCH" and not rest else [tree]
    around = []
    just_before: set[int] = set()  # the bytes right before the space
    for branch in branches:
        sets = [_class_chars(op, av) for op, av in branch.data]
        if not sets or any(s is None for s in sets) or {0x20} not in sets:
            raise RuntimeError(f"unexpected ftfy.chardata.ALTERED_UTF8_RE alternative: {branch}")
        k = sets.index({0x20})
        just_before |= sets[k - 1] or {0x20} if k else {0x20}
        before = b"".join(_byte_class(s) for s in sets[:k] if s is not None)
        after = b"".join(_byte_class(s) for s in sets[k + 1 :] if s is not None)
        around.append(b"(?<=" + before + b" )(?=" + after + b")")
    # Every alternative has a non-ASCII byte right before the space, in
    # ftfy 6.3: that is tried first, on one byte.
    first = b"(?<=" + _byte_class(just_before) + b" )" if min(just_before) >= 0x80 else b""
    return re.compile(b" " + first + b"(?:" + b"|".join(around) + b")")


def _byte_class(chars: AbstractSet[int]) -> bytes:
    return b"[" + b"".join(b"\\x%02x" % c for c in sorted(chars)) + b"]"


def _lossy_possible(data: bytes) -> bool:
    """False only if ``ftfy.fixes.replace_lossy_sequences`` cannot change
    ``data``: each of its sequences holds a byte 0x1A, or a "?" after a
    non-ASCII byte (checked on ftfy's pattern at first use)."""
    return b"\x1a" in data or (b"?" in data and _lossy_hint().search(data) is not None)


@cache
def _lossy_hint() -> re.Pattern[bytes]:
    from ftfy.chardata import LOSSY_UTF8_RE

    _check_lossy_pattern(LOSSY_UTF8_RE)
    return re.compile(rb"[\x80-\xff]\?")


def _check_lossy_pattern(pattern: re.Pattern[bytes]) -> None:
    """Raise unless every match of ``pattern`` holds a byte 0x1A or a "?"
    right after a non-ASCII byte (or after 0x1A)."""
    import re._parser as sre_parse

    tree = sre_parse.parse(pattern.pattern, pattern.flags)
    (op, av), *rest = tree.data
    branches = av[1] if str(op) == "BRANCH" and not rest else [tree]
    lead = {0x1A, *range(0x80, 0x100)}
    for branch in branches:
        sets = [_class_chars(op, av) for op, av in branch.data]
        if not any(
            s == {0x1A} or (s is not None and s <= {0x1A, 0x3F} and i > 0 and (sets[i - 1] or {0}) <= lead)
            for i, s in enumerate(sets)
        ):
            raise RuntimeError(f"unexpected ftfy.chardata.LOSSY_UTF8_RE alternative: {branch}")
