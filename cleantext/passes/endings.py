"""The endings family: repair a text cut off mid-sentence, close a quotation
left open at the very end."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from operator import methodcaller
from typing import Any, Literal, NamedTuple, TypeAlias

from cleantext.core import Reason
from cleantext.data import read_text, read_toml
from cleantext.explain import Change
from cleantext.registry import Pass, option, register
from cleantext.text import (
    CLOSING_MARKS,
    OPENING_MARKS,
    QUOTE_PAIRS,
    TERMINAL_MARKS,
    closing_run_start,
    ends_sentence,
    last_sentence_end,
    lazy_compile,
    sentence_titles,
    unclosed_quotes,
)

__all__ = ["CloseQuotes", "RepairTruncation", "without_truncation_note"]

_EOL = lazy_compile(r"\r\n|\r|\n")
# How far back from the end a scraper's truncation note can start.
_TAIL_WINDOW = 200
# At most this many notes stacked at the end are removed (more is not a
# scraper's note but text, and is left as it is).
_MAX_TAILS = 4
# How far back from the end the pass reads: the last sentence and the line
# before it. A final line longer than this with no sentence end in its last
# _WINDOW characters is not judged (no sentence is that long).
_WINDOW = 4000
# A line that opens like a list item: "- ", "• ", "1. ", "22) ", "[2] ".
_LIST_ITEM = lazy_compile(r"(?:[-–—•*·▪►>]|\d{1,3}[.)]|\[\d{1,3}\]|\(\d{1,3}\)|\([a-z]\))\s")
# The last word of a line is a web address, an e-mail, a handle or a tag.
_ADDRESS = lazy_compile(r"(?:[a-z][a-z0-9+.-]*://|www\.)\S*|\S*@\S+|[#@]\w+|\S*\w\.[a-z]{2,}(?:/\S*)?", re.IGNORECASE)
# Longer "words" are not checked as addresses (and keep the check linear).
_MAX_ADDRESS = 300
# Marks that leave a sentence hanging in prose: a comma, a dash, an opening
# quote or bracket. ";" and ":" are not among them: a clause of a legal text
# or an item of a list ends on ";", an introduction on ":".
_DANGLING = ",–—-‐(“‘«„‚[{"
# Trimmed before "…" or a marker is appended, so the mark follows a word.
_TRIM_BEFORE_MARK = " \t,;:–—-‐"
_OPENING_QUOTES = "\"'“‘«„‚「『"
# Characters before the end that decide whether a text ends a sentence.
_LOOK_BACK = 64
# A final line of this many words or more is prose even after a line that
# does not end a sentence (headlines and list items are shorter).
_PROSE_WORDS = 12
# Japanese particles that cannot end a sentence ("大阪は").
_PARTICLES = "はがをにのとで"
# An ellipsis glued to the word before it: "the making of a pol…".
_GLUED_ELLIPSIS = lazy_compile(r"(?<=[^\W\d_])(?:…|\.\.\.)\Z")
_TERMINAL = lazy_compile(f"[{re.escape(TERMINAL_MARKS)}]")
# What unclosed_quotes counts (every double quotation mark, and "»"), and
# the opening brackets _opens_unclosed counts.
_OPENERS = lazy_compile(f"[{re.escape(''.join(QUOTE_PAIRS) + '»([{')}]")
_WORD_CHARS = lazy_compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_APOSTROPHE_STRAIGHTENED = methodcaller("replace", "’", "'")
# The same runs read backwards (on a reversed text).
_WORD_CHARS_REVERSED = lazy_compile(r"(?:[^\W\d_]+['’])*[^\W\d_]+")

# Word statistics (endings-words.tsv). A word "hardly ever ends a sentence"
# when it has been seen at least _MIN_SEEN times and ends fewer than
# _RARELY_ENDS of its sentences. A lower-case word is "broken off" when
# words that start with it are _BROKEN_RATIO times as frequent as the word
# itself (and at least _MIN_PREFIXED times): "att", "pol", "wit".
_MIN_SEEN = 20
_RARELY_ENDS = 0.01
_MIN_SEEN_OFTEN = 5
_OFTEN_ENDS = 0.05
_BROKEN_RATIO = 20
_MIN_PREFIXED = 20
_MIN_PREFIXED_NAME = 20
_BROKEN_NAME_RATIO = 50
# The words before the last one that are checked against the statistics,
# and the share of them that must be known for a fragment to read as
# English.
_SAMPLE = 400
_SAMPLE_WORDS = 12
_KNOWN_SHARE = 0.75


class _Tables(NamedTuple):
    tails: re.Pattern[str]
    # The last two characters a truncation note can end with (None: any):
    # a text that ends otherwise has no note to search for.
    tail_ends: re.Pattern[str] | None
    function_words: frozenset[str]


@cache
def _tables() -> _Tables:
    data = read_toml("endings.toml")
    tails = "|".join(f"(?:{p})" for p in data["scraper_tails"])
    tails_rx = rf"\s*(?:{tails})\s*\Z"
    return _Tables(
        lazy_compile(tails_rx, re.IGNORECASE),
        _final_characters(tails_rx, re.IGNORECASE),
        frozenset(data["function_words"]),
    )


@cache
def _non_prose_entries() -> tuple[Callable[[str], Any], ...]:
    """The lines that are not prose (``non_prose_lines``), each entry asked
    on its own (see :func:`_any_of`); read on first use."""
    return _any_of(read_toml("endings.toml")["non_prose_lines"], re.IGNORECASE)


def _any_of(patterns: list[str], flags: int) -> tuple[Callable[[str], Any], ...]:
    """For each pattern, a function that finds a match of it in a text (or
    None): together, what searching with their alternation finds (a match of
    one of them, anywhere). A pattern that starts with ``^`` is only tried at
    the start of the text, and each is searched on its own: the engine skips
    ahead to where each can start, which it cannot do for the alternation of
    all, so this is much faster on long lines."""
    out = []
    for p in patterns:
        rx = lazy_compile(p, flags)
        out.append(rx.match if _anchored(p, flags) else rx.search)
    return tuple(out)


def _anchored(pattern: str, flags: int) -> bool:
    """True when every match of ``pattern`` starts at the start of the text
    (it opens with ``^``, outside any alternative, without MULTILINE)."""
    if flags & re.MULTILINE:
        return False
    try:
        from re import _constants as sre  # type: ignore[attr-defined]
        from re import _parser as parser

        parsed = parser.parse(pattern, flags)
    except (ImportError, re.error):
        return False
    if parsed.state.flags & re.MULTILINE:
        return False
    return len(parsed.data) > 0 and parsed.data[0] == (sre.AT, sre.AT_BEGINNING)


# How many of its last characters a text is read at to tell whether a
# truncation note may end it (after its last two have not ruled one out).
_TAIL_END_WIDTH = 6


@cache
def _wide_tail_ends() -> re.Pattern[str]:
    """The last _TAIL_END_WIDTH characters a truncation note can end with
    (compiled when the last two characters of a text leave a note possible)."""
    rx = _final_characters(_tables().tails.pattern, re.IGNORECASE, _TAIL_END_WIDTH)
    return rx if rx is not None else re.compile("")


# A set of endings of matches: tuples of one-character patterns, the last
# two characters of a match (fewer only when the match is that short).
_Ends: TypeAlias = frozenset[tuple[str, ...]]


def _final_characters(pattern: str, flags: int, width: int = 2) -> re.Pattern[str] | None:
    r"""A pattern that matches, searched from ``width`` characters before the
    end, wherever ``pattern`` can have a match ending at the end: it spells
    the last ``width`` characters such a match can have (fewer, for a shorter
    match). None when ``pattern`` can match nothing or uses anything this
    reading does not follow: then every text is searched.

    >>> rx = _final_characters(r"\s*(?:\[(?:more|…)\]|\.{2,})\s*\Z", 0)
    >>> [bool(rx.search(t, len(t) - 2)) for t in ("[more]", "[…]", "Done.", "Wait..")]
    [True, True, False, True]
    """
    try:
        from re import _constants as sre  # type: ignore[attr-defined]
        from re import _parser as parser
    except ImportError:  # a Python that parses otherwise: every text is searched
        return None

    categories = {
        sre.CATEGORY_SPACE: r"\s",
        sre.CATEGORY_NOT_SPACE: r"\S",
        sre.CATEGORY_DIGIT: r"\d",
        sre.CATEGORY_NOT_DIGIT: r"\D",
        sre.CATEGORY_WORD: r"\w",
        sre.CATEGORY_NOT_WORD: r"\W",
    }
    repeats = {sre.MAX_REPEAT, sre.MIN_REPEAT}
    repeats.add(getattr(sre, "POSSESSIVE_REPEAT", sre.MAX_REPEAT))

    class Unknown(Exception):
        pass

    def join(left: _Ends, right: _Ends) -> _Ends:
        """The endings of a match of ``left`` followed by one of ``right``."""
        out: set[tuple[str, ...]] = {r for r in right if len(r) == width}
        short = [r for r in right if len(r) < width]
        if short:
            out.update((lt + r)[-width:] for lt in left for r in short)
        return frozenset(out)

    def char_class(items: Any) -> str:
        parts = []
        for kind, value in items:
            if kind is sre.LITERAL:
                parts.append(re.escape(chr(value)))
            elif kind is sre.RANGE:
                parts.append(f"{re.escape(chr(value[0]))}-{re.escape(chr(value[1]))}")
            elif kind is sre.CATEGORY and value in categories:
                parts.append(categories[value])
            elif kind is sre.NEGATE and not parts:
                parts.append("^")
            else:
                raise Unknown
        return "[" + "".join(parts) + "]"

    def ends_of(op: Any, av: Any) -> _Ends:
        if op is sre.LITERAL:
            return frozenset({(re.escape(chr(av)),)})
        if op is sre.NOT_LITERAL:
            return frozenset({(f"[^{re.escape(chr(av))}]",)})
        if op is sre.IN:
            return frozenset({(char_class(av),)})
        if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
            return frozenset({()})  # matches no character
        if op is sre.BRANCH:
            return frozenset().union(*(sequence(branch) for branch in av[1]))
        if op is sre.SUBPATTERN:
            return sequence(av[-1])
        if op is getattr(sre, "ATOMIC_GROUP", None):
            return sequence(av)
        if op in repeats:
            low, high, body = av
            one = sequence(body)
            out: set[tuple[str, ...]] = set()
            run: _Ends = frozenset({()})
            for count in range(min(high, low + width) + 1):
                if count >= low:
                    out |= run
                run = join(run, one)
            return frozenset(out)
        raise Unknown

    def sequence(items: Any) -> _Ends:
        out: _Ends = frozenset({()})
        for op, av in items:
            out = join(out, ends_of(op, av))
        return out

    try:
        ends = sequence(parser.parse(pattern, flags))
    except Unknown:
        return None
    if () in ends:
        return None  # a match may hold no character
    # The endings as a trie of their one-character patterns, so that the
    # search tries each character against a few branches, not every ending.
    trie: dict[str, Any] = {}
    for e in ends:
        node = trie
        for part in e:
            node = node.setdefault(part, {})
        node[""] = {}

    def branches(node: dict[str, Any]) -> str:
        alternatives = [part + branches(child) for part, child in sorted(node.items()) if part]
        if "" in node:
            alternatives.append(r"\Z")
        return alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")"

    return re.compile(branches(trie), flags)


class _Words:
    """How often each word was seen and how often it ended a sentence."""

    def __init__(self, rows: list[tuple[str, int, int]]) -> None:
        self.words = [w for w, _, _ in rows]
        self.seen = {w: (n, e) for w, n, e in rows}
        self.cumulative = [0]
        for _, n, _ in rows:
            self.cumulative.append(self.cumulative[-1] + n)

    def prefixed(self, word: str) -> int:
        """How often words that start with ``word`` (and are longer) were seen."""
        lo = bisect.bisect_left(self.words, word)
        hi = bisect.bisect_left(self.words, word + "\U0010ffff")
        own = self.seen.get(word, (0, 0))[0]
        return self.cumulative[hi] - self.cumulative[lo] - own

    def broken(self, word: str) -> bool:
        if len(word) < 2:
            return False
        own = self.seen.get(word, (0, 0))[0]
        prefixed = self.prefixed(word)
        return prefixed >= _MIN_PREFIXED and prefixed >= _BROKEN_RATIO * max(own, 1)

    def broken_name(self, word: str) -> bool:
        """A capitalised word that was never seen, the start of frequent ones:
        "Kon" (Kong), "Th". Names are rarely that."""
        own = self.seen.get(word, (0, 0))[0]
        return self.prefixed(word) >= max(_MIN_PREFIXED_NAME, _BROKEN_NAME_RATIO * own)

    def often_ends(self, word: str) -> bool:
        seen, ends = self.seen.get(word, (0, 0))
        return seen < _MIN_SEEN_OFTEN or ends >= _OFTEN_ENDS * seen

    def rarely_ends(self, word: str) -> bool:
        seen, ends = self.seen.get(word, (0, 0))
        return seen >= _MIN_SEEN and ends < _RARELY_ENDS * seen


@cache
def _words() -> _Words:
    raw = read_text("endings-words.tsv")
    rows = []
    for line in raw.splitlines():
        if line and not line.startswith("#"):
            word, seen, ends = line.split("\t")
            rows.append((word, int(seen), int(ends)))
    rows.sort()
    return _Words(rows)


class _Cut(NamedTuple):
    start: int
    end: int
    reason: str


class _Verdict(NamedTuple):
    start: int  # where the cut sentence starts
    reason: str
    glued: bool  # the text already ends with a glued "…"


@register("repair-truncation")
@dataclass(frozen=True, kw_only=True, repr=False)
class RepairTruncation(Pass):
    """Repair a text cut off mid-sentence: drop the cut sentence, or mark the cut.

    Feeds, paywalls and length limits stop articles mid-sentence, and the
    dangling half sentence hurts summarisers, sentence splitters and
    training corpora. The pass reads only the end of the text and cuts only
    on evidence there: a scraper's truncation note ("… [+3427 chars]",
    "[…]", "Read more…"), a word broken off ("any att", "a pol…"), a final
    word such as "the" or "that" or one that hardly ever ends a sentence, a
    comma, a dash or an opening quote or bracket at the end of prose.
    Anything else that ends without a final mark is taken as complete: a
    headline, a list item, a name, a number, a listing, a poem's line, a
    legal clause ending in ";", a line in a script without sentence marks.
    Under ``drop`` the last sentence goes, with any quote or bracket it
    opened, and never more than that line; ``ellipsis`` ends the cut with
    "…"; ``mark`` appends ``marker``. A text that ends a sentence is left
    byte-identical, and a text with no complete sentence is kept as it is
    (marked under ``mark`` and ``ellipsis``).

    >>> repair = RepairTruncation()
    >>> repair("“It is bloody,” he said. “I think Russian parents should think about that and I really hope that")
    '“It is bloody,” he said.'
    >>> repair("Shares rose 3% in the U.S.\\n\\nThe company did not say whether it would… [+3427 chars]\\n")
    'Shares rose 3% in the U.S.\\n'
    >>> repair("Stocks rally as Fed signals pause\\nOil prices slip on demand worries\\n")
    'Stocks rally as Fed signals pause\\nOil prices slip on demand worries\\n'
    >>> RepairTruncation(policy="mark")("He said the talks would resume on Monday and")
    'He said the talks would resume on Monday and [truncated]'
    >>> RepairTruncation(policy="ellipsis")("It rose. Then it fell sharply,")
    'It rose. Then it fell sharply…'
    """

    policy: Literal["drop", "ellipsis", "mark"] = option(
        "drop", "a text that ends on a complete sentence is what downstream tools expect"
    )
    marker: str = option(" [truncated]", "visible, searchable, and not mistaken for article text")

    def __post_init__(self) -> None:
        super().__post_init__()
        if not self.marker.strip():
            raise self.option_error("marker", "must contain a visible character")

    def __call__(self, text: str) -> str:
        end = _rstrip_end(text, len(text))
        if end == 0 or _plainly_complete(text, end):
            return text  # as _repair leaves it, asked without its set-up
        return self._repair(text, incomplete=True)[0]

    def apply(self, text: str) -> tuple[str, list[Change]]:
        out, cuts, appended = self._repair(text)
        changes = [
            Change(self.name, "text-removed", text[c.start : c.end], "", c.reason, _line_number(text, c.start))
            for c in cuts
        ]
        if appended:
            where = len(text.rstrip())
            changes.append(
                Change(
                    self.name,
                    "text-appended",
                    "",
                    appended,
                    Reason("marks where the text was cut", "truncation-mark"),
                    _line_number(text, where),
                )
            )
        return out, changes

    # -- the repair ----------------------------------------------------------

    def _repair(self, text: str, *, incomplete: bool = False) -> tuple[str, list[_Cut], str]:
        """The repaired text, the spans removed (in the input's offsets) and
        the mark appended. A repair that a second run would repair again is
        not made: the evidence was not clear, and the text stays.
        ``incomplete``: :func:`_plainly_complete` has already said no."""
        out, cuts, appended = self._repair_once(text, incomplete=incomplete)
        if out != text and self._repair_once(out)[0] != out:
            return text, [], ""
        return out, cuts, appended

    def _repair_once(self, text: str, *, incomplete: bool = False) -> tuple[str, list[_Cut], str]:
        end = _rstrip_end(text, len(text))
        if end == 0 or (not incomplete and _plainly_complete(text, end)):
            return text, [], ""
        eol_match = _EOL.search(text, end)
        eol = eol_match.group() if eol_match else ""
        marker = self.marker.strip()
        if self.policy == "mark" and text.endswith(marker, 0, end):
            return text, [], ""
        cuts: list[_Cut] = []
        end, certain = self._strip_tails(text, end, cuts)
        verdict = _verdict(text, end, certain=certain)

        if self.policy != "drop":
            if verdict is None and not (cuts and self.policy == "mark"):
                return (text if not cuts else text[:end] + eol), cuts, ""
            if verdict is not None and verdict.glued and self.policy == "ellipsis":
                return (text if not cuts else text[:end] + eol), cuts, ""
            keep = end
            if verdict is not None and not verdict.glued:
                trimmed = len(text[:end].rstrip(_TRIM_BEFORE_MARK))
                keep = trimmed if trimmed > 0 else end
                if keep < end:
                    cuts.append(_Cut(keep, end, Reason("dangling punctuation before the mark", "dangling-punctuation")))
            mark = "…" if self.policy == "ellipsis" else self.marker
            return text[:keep] + mark + eol, cuts, mark

        if verdict is not None:
            kept = _rstrip_end(text, verdict.start)
            if kept > 0 and _has_sentence_end(text, kept):
                cuts.append(
                    _Cut(
                        verdict.start,
                        end,
                        Reason(
                            f"incomplete final sentence, cut off mid-sentence: {verdict.reason}",
                            "incomplete-sentence",
                        ),
                    )
                )
                end = kept
            elif not cuts:
                return text, [], ""  # no complete sentence before it: keep the text as it is
        if not cuts:
            return text, [], ""
        return text[:end] + eol, _merge(text, cuts), ""

    @staticmethod
    def _strip_tails(text: str, end: int, cuts: list[_Cut]) -> tuple[int, bool]:
        """Remove scrapers' truncation notes from the end of ``text[:end]``,
        recording them in ``cuts``; return the new end, and whether the text
        before a note was cut (the note followed it on the same line)."""
        tables = _tables()
        tails, tail_ends = tables.tails, tables.tail_ends
        certain = False
        for _ in range(_MAX_TAILS):
            # Most texts end on characters that no note ends on, and need
            # no search: their last two characters tell most, the last
            # _TAIL_END_WIDTH the others.
            if end == 0 or (
                tail_ends is not None
                and (
                    tail_ends.search(text, max(0, end - 2), end) is None
                    or _wide_tail_ends().search(text, max(0, end - _TAIL_END_WIDTH), end) is None
                )
            ):
                return end, certain
            m = tails.search(text, max(0, end - _TAIL_WINDOW), end)
            if m is None or m.start() == 0:
                return end, certain
            cuts.append(
                _Cut(
                    m.start(),
                    end,
                    Reason(f"scraper's truncation note {text[m.start() : end].strip()!r}", "truncation-note"),
                )
            )
            note = text[m.start() : end]
            certain = "\n" not in note and "\r" not in note
            end = _rstrip_end(text, m.start())
        return end, certain


def _verdict(text: str, end: int, *, certain: bool) -> _Verdict | None:
    """Whether ``text[:end]`` (which ends in a visible character) was cut,
    judged from its end: where the cut sentence starts and why, or None."""
    glued = _GLUED_ELLIPSIS.search(text, max(0, end - 3), end)
    if glued is None and _ends_sentence_at(text, end):
        return None
    body_end = glued.start() if glued else end
    line_start = _line_start(text, end)
    window = max(line_start, body_end - _WINDOW)
    segment = text[window:body_end]
    last_end = last_sentence_end(segment)
    if last_end is None and window > line_start:
        return None  # no sentence end in the last _WINDOW characters: not a sentence
    start = window + (last_end or 0)
    while start < end and text[start].isspace():
        start += 1
    if start >= end:
        return None
    fragment = text[start:end]
    if certain:
        return _Verdict(start, "the text was cut where the scraper's note stood", False)
    in_line = last_end is not None
    if glued:
        last = _last_word(text[start:body_end])
        if last and last.islower() and (in_line or len(fragment.split()) >= 2) and _words().broken(last.lower()):
            return _Verdict(start, f"a word broken off before the ellipsis ({last!r})", True)
        return None
    if in_line:
        reason = _cut_evidence(fragment, None, in_line=True)
    else:  # the line before is read only if a test needs it
        reason = _cut_evidence(fragment, lambda: _previous_line(text, line_start), in_line=False)
    return _Verdict(start, reason, False) if reason else None


def _after_capitalised(fragment: str, word: str) -> bool:
    """Whether the word before ``word`` (the last of ``fragment``) opens with
    a capital: "Jackie Chan", "Yo-Yo Ma", a name of several words."""
    words = fragment[: len(fragment) - len(word)].split()
    return bool(words) and words[-1][:1].isupper()


def _is_prose(line: str, previous: str | None) -> bool:
    """True when a final line without a sentence end inside it stands where
    prose is expected: after a line that ends a sentence, or long."""
    if len(line.split(None, _PROSE_WORDS)) >= _PROSE_WORDS:  # at least that many words
        return True
    # The line before is read first: most lines after one that does not end
    # a sentence are not prose, whatever they say.
    if previous is None or not ends_sentence(previous):
        return False
    return not (_LIST_ITEM.match(line) or any(find(line) for find in _non_prose_entries()))


def _cut_evidence(fragment: str, previous: str | Callable[[], str | None] | None, *, in_line: bool) -> str | None:
    """Why ``fragment``, the end of a text after its last sentence end, was
    cut, or None when nothing at its end shows a cut. ``previous``: the line
    before it when ``fragment`` is a whole line (or a function that reads it)."""
    tables = _tables()
    # The line before, and whether the fragment stands where prose is
    # expected, are worked out only where the answer matters (each test
    # below asks for prose last).
    previous_known: list[str | None] = [] if callable(previous) else [previous]
    prose_known: list[bool] = [True] if in_line else []

    def previous_line() -> str | None:
        if not previous_known:
            previous_known.append(previous() if callable(previous) else previous)
        return previous_known[0]

    def prose() -> bool:
        if not prose_known:
            prose_known.append(_is_prose(fragment, previous_line()))
        return prose_known[0]

    last = fragment[-1]
    # The last word, and how many words there are (counted up to 5: more
    # than 4 is all the tests below ask).
    split = fragment.rsplit(None, 4)
    n_words = len(split)
    token = split[-1]
    # A straight quote alone may open a quotation or close one opened
    # earlier; after words of the same sentence it opens one.
    lone_quote = last == '"' and len(fragment) > 1 and fragment[-2].isspace()
    hyphen = last in "-‐" and token[0].isalnum()  # "well-", not "-END-"
    if (last in _DANGLING and last not in "-‐") or lone_quote or hyphen:
        return f"it stops on {last!r}" if prose() else None
    body = fragment.rstrip(CLOSING_MARKS)
    if body and body != fragment and body[-1] in ",–—" and fragment[len(body)] in '"”’»' and prose():
        return "a quotation ends on a comma: what followed it was cut"
    if _may_open(fragment) and prose() and _opens_unclosed(fragment):
        return "a quotation or bracket opened in the last sentence is not closed"
    if last in CLOSING_MARKS:
        return None  # a quoted title, a bracketed aside
    if _is_address(token):
        return None
    if token.endswith(".") and token.lstrip(_OPENING_QUOTES)[:-1] in sentence_titles() and prose():
        return f"it ends on the title {token!r}"
    if _caseless(fragment) and (in_line or (any(ch in fragment for ch in "、，،") and prose())):
        return "a sentence in a script without letter case stops without its final mark"
    word = _last_word(fragment)
    if not word or token.lstrip(_OPENING_QUOTES) != word:
        return None  # ends on a number, a mark, an emoji, an identifier
    if len(word) == 1 and word not in "aI" and prose():
        return "a single letter at the end of a sentence"
    if not word.islower():
        if (
            word[0].isupper()
            and word[1:].islower()
            and (in_line or not _after_capitalised(fragment, word))
            and _words().broken_name(word.lower())
            and prose()
        ):
            return f"a word broken off ({word!r})"
        return None  # a name, an abbreviation, a headline word
    lower = word.replace("’", "'")
    if (n_words >= 2 or in_line) and lower in tables.function_words:
        return f"it ends on {word!r}"
    before = previous_line()
    in_verse = before is not None and before.rstrip()[-1:] in ",;:–—-"
    if not ((n_words >= 4 and not in_verse) or prose()) or not _reads_as_english(fragment):
        return None
    words = _words()
    if words.broken(lower):
        return f"a word broken off ({word!r})"
    if words.rarely_ends(lower) and prose():
        return f"{word!r} hardly ever ends a sentence"
    if in_line and not words.often_ends(lower):
        return f"{word!r} seldom ends a sentence, and a sentence ends before it on its line"
    return None


def _caseless(fragment: str) -> bool:
    """True when most letters of ``fragment`` are of a script without case."""
    tail = fragment[-_LOOK_BACK:]
    if tail.isascii():
        return False  # every ASCII letter has a case
    letters = [ch for ch in tail if ch.isalpha()]
    caseless = sum(1 for ch in letters if not (ch.isupper() or ch.islower()))
    return bool(letters) and caseless * 2 > len(letters)


def _reads_as_english(fragment: str) -> bool:
    """True when the words before the last one are mostly known to the word
    statistics (fitted on English text); the statistics say nothing of
    other languages."""
    found = _WORD_CHARS.findall(fragment[-_SAMPLE:])[:-1][-_SAMPLE_WORDS:]
    if not found:
        return True
    seen = _words().seen
    known = sum(map(seen.__contains__, map(_APOSTROPHE_STRAIGHTENED, map(str.lower, found))))
    return known >= _KNOWN_SHARE * len(found)


def _may_open(fragment: str) -> bool:
    """False when ``fragment`` holds no quotation mark or opening bracket,
    so that :func:`_opens_unclosed` is False."""
    return _OPENERS.search(fragment) is not None


def _opens_unclosed(fragment: str) -> bool:
    """True when a quotation or bracket opened in ``fragment`` is not closed."""
    if not any(ch.isalnum() for ch in fragment):
        return False
    if unclosed_quotes(fragment) and unclosed_quotes(fragment.rstrip(CLOSING_MARKS + " ")):
        return True
    return sum(fragment.count(o) for o in "([{") > sum(fragment.count(c) for c in ")]}")


def _last_word(text: str) -> str:
    """The run of letters (with inner apostrophes) that ends ``text``, if any:
    the last of the runs :data:`_WORD_CHARS` finds in the last _LOOK_BACK
    characters when it ends them, read as the longest such run at the start
    of those characters reversed (a test compares the two)."""
    m = _WORD_CHARS_REVERSED.match(text[-_LOOK_BACK:][::-1])
    return m.group()[::-1] if m else ""


def _last_word_reference(text: str) -> str:
    """:func:`_last_word` the long way, for the tests."""
    tail = text[-_LOOK_BACK:]
    found = ""
    for m in _WORD_CHARS.finditer(tail):
        found = m.group() if m.end() == len(tail) else ""
    return found


def _has_sentence_end(text: str, end: int) -> bool:
    """True when ``text[:end]`` holds a sentence's final mark anywhere."""
    return _TERMINAL.search(text, 0, end) is not None


def without_truncation_note(line: str) -> str:
    """``line`` without the scrapers' truncation notes that repair-truncation
    removes from the end of a text (``line`` as it is when it has none, or
    is nothing but a note).

    >>> without_truncation_note("REUTERS/Jane Doe [+1234 chars]")
    'REUTERS/Jane Doe'
    >>> without_truncation_note("A complete sentence.")
    'A complete sentence.'
    """
    cuts: list[_Cut] = []
    end, _ = RepairTruncation._strip_tails(line, _rstrip_end(line, len(line)), cuts)
    return line[:end] if cuts else line


def without_tail(line: str) -> str:
    """``line`` (without its line break) as repair-truncation may leave its
    start: without truncation notes, then without the dangling marks it
    trims before appending a mark.

    >>> without_tail("The talks went on — [+1234 chars]")
    'The talks went on'
    """
    return without_truncation_note(line).rstrip(_TRIM_BEFORE_MARK + "…")


def _rstrip_end(text: str, end: int) -> int:
    while end > 0 and text[end - 1].isspace():
        end -= 1
    return end


def _line_start(text: str, end: int) -> int:
    """Start of the line that ``text[:end]`` ends in. Searches back in a
    growing window, so the cost is the length of the line, not of the text."""
    size = 256
    while True:
        low = max(0, end - size)
        found = max(text.rfind("\n", low, end), text.rfind("\r", low, end))
        if found != -1 or low == 0:
            return found + 1
        size *= 4


def _previous_line(text: str, line_start: int) -> str | None:
    """The end (up to _WINDOW characters) of the nearest non-blank line
    before the line at ``line_start``, or None when there is none within
    _WINDOW characters."""
    end = line_start
    floor = max(0, line_start - _WINDOW)
    while end > floor and text[end - 1].isspace():
        end -= 1
    if end == floor:
        return None
    low = max(0, end - _WINDOW)
    found = max(text.rfind("\n", low, end), text.rfind("\r", low, end))
    return text[max(low, found + 1) : end]


def _line_number(text: str, pos: int) -> int:
    return len(_EOL.findall(text, 0, pos)) + 1


def _merge(text: str, cuts: list[_Cut]) -> list[_Cut]:
    """Report neighbouring removals for the same reason as one."""
    out: list[_Cut] = []
    for cut in sorted(cuts, key=lambda c: c.start):
        if out and out[-1].reason == cut.reason and not text[out[-1].end : cut.start].strip():
            out[-1] = _Cut(out[-1].start, cut.end, cut.reason)
        else:
            out.append(cut)
    return out


def _plainly_complete(text: str, end: int) -> bool:
    """True when ``text[:end]`` (which ends in a visible character) plainly
    ends a sentence, so that the repair leaves it as it is: it ends in a
    final mark other than a full stop or "…", or in a full stop after a
    word that is not a title or an ordinal, closing quotes and brackets
    after the mark allowed, and no truncation note ends like it. What
    :meth:`RepairTruncation._repair_once` decides for such a text after
    several searches, read here from one match on the reversed end of the
    text (a test compares the two on every ending)."""
    if end < 2:
        return False
    last_two = text[end - 2 : end]
    no_note = _NO_NOTE.get(last_two)
    if no_note is None:
        tail_ends = _tables().tail_ends
        # The note's last two characters are all that tail_ends reads.
        no_note = _NO_NOTE[last_two] = tail_ends is not None and tail_ends.search(last_two) is None
        if len(_NO_NOTE) > 4096:
            _NO_NOTE.clear()
    if not no_note:
        return False
    m = _REVERSED_END.match(text[max(0, end - _LOOK_BACK) : end][::-1])
    if m is None:
        return False
    if m.group(1) is None:
        return True  # "?", "!" and the like end a sentence after anything
    word = m.group(1)[::-1]  # the word before the full stop, as ends_sentence reads it
    if word[-1] == ".":
        return False  # an ellipsis, or a note: the long way
    if word.isdigit() and len(word) <= 4:
        return _ends_sentence_at(text, end)  # an ordinal ("am 3.") depends on the word before
    return word.lstrip(OPENING_MARKS) not in sentence_titles()


# Whether a text ending in these two characters can end in a truncation note.
_NO_NOTE: dict[str, bool] = {}
# The end of a text, reversed: closing marks (at most 8, those that
# closing_run_start always steps over), then a final mark after which
# ends_sentence says yes whatever precedes it, or a full stop after a word
# (a run of at most 40 characters that are not spaces: all of it that
# ends_sentence reads) that starts the text or follows a space. At most 50
# characters, so "\Z" in the last _LOOK_BACK characters is the start of the text.
_REVERSED_END = lazy_compile(
    f"[{re.escape(CLOSING_MARKS)}]{{0,8}}"
    f"(?:[{re.escape(''.join(sorted(set(TERMINAL_MARKS) - set('.…' + CLOSING_MARKS + '“«'))))}]"
    r"|\.(\S{1,40})(?:\s|\Z))"
)


def _ends_sentence_at(text: str, end: int) -> bool:
    """:func:`ends_sentence` for ``text[:end]``, looking only at its end."""
    start = closing_run_start(text, end)
    if start < end and (start == 0 or text[start - 1].isspace()):
        return False  # closing marks must follow the final mark directly
    return ends_sentence(text[max(0, start - _LOOK_BACK) : start])


def _is_address(word: str) -> bool:
    return len(word) <= _MAX_ADDRESS and _ADDRESS.fullmatch(word) is not None


@register("close-quotes")
@dataclass(frozen=True, kw_only=True, repr=False)
class CloseQuotes(Pass):
    """Close a double quotation left open at the very end of the text.

    When a cut is repaired back to a full sentence, a quotation opened
    earlier in the last paragraph can be left without its closing mark. This
    pass adds the mark after the final sentence. Only the last line counts:
    a quotation left open at the end of an earlier paragraph, to be taken up
    by the next one's opening mark, is normal news style and is left alone,
    and a text that does not end a sentence is not touched (repair it first
    with ``repair-truncation``).

    >>> CloseQuotes()("“We are determined to negotiate,” Johnson said. “And I believe that is still possible.\\n")
    '“We are determined to negotiate,” Johnson said. “And I believe that is still possible.”\\n'
    >>> CloseQuotes()("“The first paragraph of a long quote.\\n“And the second.”\\n")
    '“The first paragraph of a long quote.\\n“And the second.”\\n'
    """

    def __call__(self, text: str) -> str:
        end = _rstrip_end(text, len(text))
        if end == 0 or not _ends_sentence_at(text, end):
            return text
        closing = unclosed_quotes(text[_line_start(text, end) : end])
        if not closing:
            return text
        closed = text[:end] + closing + text[end:]
        # "“" closes a German „quotation but opens an English one: add a mark
        # only where the result still reads as a finished sentence, so that
        # repair-truncation agrees with it.
        if not _ends_sentence_at(closed, end + len(closing)):
            return text
        return closed
