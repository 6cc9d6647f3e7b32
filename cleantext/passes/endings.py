"""The endings family: repair a text cut off mid-sentence, close a quotation
left open at the very end."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Literal, NamedTuple

from cleantext.errors import ConfigError
from cleantext.explain import Change
from cleantext.registry import Pass, option, register
from cleantext.text import CLOSING_MARKS, closing_run_start, ends_sentence, sentence_ends, unclosed_quotes

__all__ = ["CloseQuotes", "RepairTruncation"]

_EOL = re.compile(r"\r\n|\r|\n")
# How far back from the end a scraper's truncation note can start.
_TAIL_WINDOW = 200
# A line that opens like a list item: "- ", "• ", "1. ", "22) ", "[2] ".
_LIST_ITEM = re.compile(r"(?:[-–—•*·▪►>]|\d{1,3}[.)]|\[\d{1,3}\]|\(\d{1,3}\))\s")
# The last word of a line is a web address, an e-mail, a handle or a tag.
_ADDRESS = re.compile(r"(?:[a-z][a-z0-9+.-]*://|www\.)\S*|\S*@\S+|[#@]\w+|\S*\w\.[a-z]{2,}(?:/\S*)?", re.IGNORECASE)
# Longer "words" are not checked as addresses (and keep the check linear).
_MAX_ADDRESS = 300
# Marks that leave a sentence hanging: a comma, a dash, an opening quote.
_DANGLING = ",;–—-‐(“‘«„‚[{"
# Trimmed before "…" or a marker is appended, so the mark follows a word.
_TRIM_BEFORE_MARK = " \t,;:–—-‐"
_OPENING_QUOTES = "\"'“‘«„‚「『"
# Characters before the end that decide whether a text ends a sentence.
_LOOK_BACK = 64
# Characters of a line sampled to tell its script, and the most a headline has.
_SAMPLE = 1000
# A list item is at most this many times as long as the longest of the two before it.
_LIST_ITEM_STRETCH = 1.5
# "Label: value" lines, whose value is judged on its own.
_LABEL = re.compile(r"[^\W\d_][\w.’'&-]*(?: [\w.’'&-]+){0,3}:\s")


class _Tables(NamedTuple):
    tails: re.Pattern[str]
    function_words: frozenset[str]
    labels: frozenset[str]
    prose_openers: frozenset[str]
    non_prose: re.Pattern[str]


@cache
def _tables() -> _Tables:
    raw = resources.files("cleantext.data").joinpath("endings.toml").read_text(encoding="utf-8")
    data = tomllib.loads(raw)
    tails = "|".join(f"(?:{p})" for p in data["scraper_tails"])
    non_prose = "|".join(f"(?:{p})" for p in data["non_prose_lines"])
    return _Tables(
        re.compile(rf"\s*(?:{tails})\s*\Z", re.IGNORECASE),
        frozenset(data["function_words"]),
        frozenset(w.lower() for w in data["section_labels"]),
        frozenset(w.lower() for w in data["prose_openers"]),
        re.compile(non_prose, re.IGNORECASE),
    )


class _Cut(NamedTuple):
    start: int
    end: int
    reason: str


@register("repair-truncation")
@dataclass(frozen=True, kw_only=True)
class RepairTruncation(Pass):
    """Repair a text cut off mid-sentence: drop the dangling sentence, or mark the cut.

    Feeds, paywalls and length limits stop articles mid-sentence, and the
    dangling half sentence hurts summarisers, sentence splitters and
    training corpora. Scrapers' truncation notes ("… [+3427 chars]", "[…]",
    "Read more…", "Continue reading", "(truncated)") are removed first. Then,
    if the text does not end a sentence, the final sentence is judged: prose
    that stops without its final mark was cut; a headline, a list item, a
    credit, an address, a number line or a closing bracket or quotation mark
    ends a text as it is. Under ``drop`` the cut sentence goes, with any quote
    or bracket it opened; ``ellipsis`` ends the cut with "…"; ``mark``
    appends ``marker``. Text is never invented, a text that ends a sentence
    is left byte-identical, and a text with no complete sentence is never
    emptied (it is kept, and marked under ``mark``).

    >>> repair = RepairTruncation()
    >>> repair("“It is bloody,” he said. “I think Russian parents should think about that and I really hope that")
    '“It is bloody,” he said.'
    >>> repair("Shares rose 3% in the U.S.\\n\\nThe company did not say whether it would… [+3427 chars]\\n")
    'Shares rose 3% in the U.S.\\n'
    >>> repair("Tickets went on sale on Monday.\\n\\nMain image credit: Getty")
    'Tickets went on sale on Monday.\\n\\nMain image credit: Getty'
    >>> RepairTruncation(policy="mark")("He said the talks would resume on")
    'He said the talks would resume on [truncated]'
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
            raise ConfigError("pass 'repair-truncation', option 'marker': must contain a visible character")

    def __call__(self, text: str) -> str:
        return self._repair(text)[0]

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
                    self.name, "text-appended", "", appended, "marks where the text was cut", _line_number(text, where)
                )
            )
        return out, changes

    # -- the repair ----------------------------------------------------------

    def _repair(self, text: str) -> tuple[str, list[_Cut], str]:
        """The repaired text, the spans removed (in the input's offsets) and
        the mark appended."""
        end = _rstrip_end(text, len(text))
        if end == 0:
            return text, [], ""
        eol_match = _EOL.search(text, end)
        eol = eol_match.group() if eol_match else ""
        marker = self.marker.strip()
        if self.policy == "mark" and text.endswith(marker, 0, end):
            return text, [], ""
        cuts: list[_Cut] = []
        end = self._strip_tails(text, end, cuts)
        cut_by_scraper = bool(cuts)
        if not cuts and _ends_sentence_at(text, end):
            return text, [], ""

        if self.policy != "drop":
            dangling = _dangling_start(text, end, tables=_tables(), certain=cut_by_scraper)
            if dangling is None and not (cut_by_scraper and self.policy == "mark"):
                return (text if not cuts else text[:end] + eol), cuts, ""
            keep = end
            if dangling is not None:
                trimmed = len(text[:end].rstrip(_TRIM_BEFORE_MARK))
                keep = trimmed if trimmed > 0 else end
                if keep < end:
                    cuts.append(_Cut(keep, end, "dangling punctuation before the mark"))
            mark = "…" if self.policy == "ellipsis" else self.marker
            return text[:keep] + mark + eol, cuts, mark

        # Each removal can bare a new ending (a line that is itself a cut
        # sentence, or a scraper's note): repeat until the end stands, so a
        # second run finds nothing to do.
        certain = cut_by_scraper
        while True:
            start = _dangling_start(text, end, tables=_tables(), certain=certain)
            if start is None:
                break
            kept = _rstrip_end(text, start)
            if kept == 0:
                break  # no complete sentence before it: never empty a text
            cuts.append(_Cut(start, end, "incomplete final sentence: the text was cut off mid-sentence"))
            before = len(cuts)
            end = self._strip_tails(text, kept, cuts)
            certain = len(cuts) > before
        if not cuts:
            return text, [], ""
        return text[:end] + eol, _merge(text, cuts), ""

    @staticmethod
    def _strip_tails(text: str, end: int, cuts: list[_Cut]) -> int:
        """Remove scrapers' truncation notes from the end of ``text[:end]``,
        recording them in ``cuts``; return the new end."""
        tails = _tables().tails
        while True:
            m = tails.search(text, max(0, end - _TAIL_WINDOW), end)
            if m is None or m.start() == 0:
                return end
            cuts.append(_Cut(m.start(), end, f"scraper's truncation note {text[m.start() : end].strip()!r}"))
            end = _rstrip_end(text, m.start())


def _dangling_start(text: str, end: int, *, tables: _Tables, certain: bool) -> int | None:
    """Where the unfinished final sentence of ``text[:end]`` starts, or None
    if the text ends as it should. ``certain``: the text is known to be cut."""
    if _ends_sentence_at(text, end):
        return None
    line_start = _line_start(text, end)
    line = text[line_start:end]
    ends = sentence_ends(line)
    boundary = ends[-1] if ends else 0
    start = line_start + boundary
    while start < end and text[start].isspace():
        start += 1
    if start >= end:
        return None
    if certain:
        return start
    tail = text[start:end]
    if boundary:
        return None if _ends_like_a_unit(tail, tables) else start
    previous = _previous_lines(text, line_start, 2)
    return start if _is_cut_prose(tail, previous, tables) else None


def _dangles(fragment: str, tables: _Tables) -> bool | None:
    """True when ``fragment`` plainly stops mid-sentence (on a comma, a dash,
    an opening quote, a word like "the" or "that"); False when it plainly
    ends a unit (an address, a closing bracket, a quoted title); None when
    the words have to decide."""
    last = fragment[-1]
    if not any(ch.isalnum() for ch in fragment):
        return len(fragment) == 1 and (last in _DANGLING or last in "\"'")
    if last in _DANGLING or (last in "\"'" and (len(fragment) == 1 or fragment[-2].isspace())):
        return True
    body = fragment.rstrip(CLOSING_MARKS)
    if body and body[-1] in _DANGLING:
        return True  # ',”': the attribution that follows was cut
    words = fragment.split()
    last_word = words[-1].strip("\"'“”‘’«»()[]")
    if last_word.lower() in tables.function_words and not (len(last_word) > 1 and last_word.isupper()):
        return True
    if last in ")]}）】〉》>":
        return False
    if last in '”»」』"':
        # A quoted title or quotation standing alone ends a unit; a quoted
        # word at the end of prose ("dubbed the “Hanoi Hilton”") does not.
        return False if fragment[0] in _OPENING_QUOTES else None
    if last == ":":
        return len(words) <= 2  # "12a etapa:" is a label whose value was cut
    if _is_address(words[-1]):
        return False
    return None


def _ends_like_a_unit(tail: str, tables: _Tables) -> bool:
    """True when the words after a text's last full sentence are a unit of
    their own: an address, a bracketed aside, an agency sign-off ("PTI")."""
    verdict = _dangles(tail, tables)
    if verdict is not None:
        return not verdict
    words = tail.split()
    return len(words) == 1 and sum(ch.isupper() for ch in tail) >= 2 and not any(ch.islower() for ch in tail)


def _is_cut_prose(line: str, previous: list[str], tables: _Tables) -> bool:
    """True when a final line without a final mark is the start of a sentence
    of prose that was cut, not a headline, a list item or a credit.

    ``previous``: the nearest non-blank lines before it, nearest first.
    """
    verdict = _dangles(line, tables)
    if verdict is not None:
        return verdict
    if _LIST_ITEM.match(line):
        return False
    if tables.non_prose.search(line):
        return False
    label = _LABEL.match(line)
    if label:
        # "Contributing: Kristine Phillips" is a credit; in "Note: The
        # bundle includes Hulu wit" the value is a sentence that was cut.
        value = line[label.end() :].strip()
        return not (_dangles(value, tables) is False or _is_title(value, tables, min_words=1))
    if len(previous) == 2 and not any(ends_sentence(p) for p in previous):
        # After a run of lines without final marks, a line no longer than
        # they are is one more item of the list; a longer one is prose.
        if len(line) <= _LIST_ITEM_STRETCH * max(len(p) for p in previous):
            return False
    letters = [ch for ch in line[:_SAMPLE] if ch.isalpha()]
    if not letters:
        return False  # a number, a date, a phone number
    cased = [ch for ch in letters if ch.isupper() or ch.islower()]
    if len(cased) * 2 < len(letters):
        # A script without letter case gives no headline signal; a final
        # line in it without its final mark, after prose, is taken as cut.
        return True
    if len(cased) >= 2 and not any(ch.islower() for ch in cased):
        return False  # ALL CAPS: a heading or a sign-off
    return _starts_like_prose(line, tables) or not _is_title(line, tables)


def _starts_like_prose(line: str, tables: _Tables) -> bool:
    """True when the line opens the way sentences do and headlines do not:
    "According to ...", "When ...", "It’s ...", "Dr. Joneigh Khaldun ..."."""
    first = line.split(maxsplit=1)[0].lstrip(_OPENING_QUOTES)
    if first.endswith(".") and ends_sentence(first) is False:
        return True  # a title such as "Dr." or "Gov."
    return first.rstrip(",").lower() in tables.prose_openers


def _is_title(line: str, tables: _Tables, *, min_words: int = 2) -> bool:
    """Title Case: at least ``min_words`` content words, every one capitalised
    (the small words aside), or a single word that is a known section label."""
    if len(line) > _SAMPLE:
        return False  # far longer than any headline
    words = [w.strip("\"'“”‘’«»()[]{}.,;:!?–—-") for w in line.split()]
    content = [w for w in words if any(ch.isalnum() for ch in w) and w.lower() not in tables.function_words]
    if len(content) == 1 and content[0].lower() in tables.labels:
        return True
    if len(content) < min_words:
        return False
    return all(_case(w) != "lower" for w in content)


def _case(word: str) -> str:
    """The word's case: "upper" if it has a capital ("iPhone" too), "lower"
    if its letters are all small, "" if it has no cased letters."""
    lower = False
    for ch in word:
        if ch.isupper():
            return "upper"
        lower = lower or ch.islower()
    return "lower" if lower else ""


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


def _previous_lines(text: str, line_start: int, count: int) -> list[str]:
    """Up to ``count`` non-blank lines before the line at ``line_start``, nearest first."""
    out: list[str] = []
    while len(out) < count:
        end = _rstrip_end(text, line_start)
        if end == 0:
            break
        line_start = _line_start(text, end)
        out.append(text[line_start:end].strip())
    return out


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


def _ends_sentence_at(text: str, end: int) -> bool:
    """:func:`ends_sentence` for ``text[:end]``, looking only at its end."""
    start = closing_run_start(text, end)
    if start < end and (start == 0 or text[start - 1].isspace()):
        return False  # closing marks must follow the final mark directly
    return ends_sentence(text[max(0, start - _LOOK_BACK) : start])


def _is_address(word: str) -> bool:
    return len(word) <= _MAX_ADDRESS and _ADDRESS.fullmatch(word) is not None


@register("close-quotes")
@dataclass(frozen=True, kw_only=True)
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
