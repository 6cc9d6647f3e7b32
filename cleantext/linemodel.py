"""A small line model: is a line of scraped text page furniture or article text?

A boosted ensemble of small decision trees over features that name no site:
the line's length, its words and function words (seven languages),
capitalisation, final punctuation, digits and dates, separators, links and
handles, quotation marks, hits in the multilingual boilerplate lexicon
(credits, promos, social, related links, interface, copyright, agencies),
the same kind of evidence about the lines above and below, and where the
line stands against the article text (above the first paragraph, below the
last). The trees are data (``cleantext/data/line-model.json``), fitted by
``tools/train_linemodel.py`` on one half of a split by site of two public
evaluation sets; inference is pure Python (the trees are compiled to one
Python function once a process has scored a few hundred lines).

Only short lines are judged (at most ``max_chars`` characters and
``max_words`` words), never the first line (the title), a table row, a line
of code or an enumerated item, and only lines with a lexicon hit, a
separator or a link: a bulleted item, a heading or a menu entry with none of
them stays.

>>> model = LineModel.builtin()
>>> paragraph = ("The minister said the talks would resume next week, after a long pause "
...              "in which both sides had hardened their positions.")
>>> lines = ["Title", paragraph, "Tools", "Home » World", "More"]
>>> model.score(model.features(lines, 3)) >= model.threshold
True
>>> model.features(lines, 1) is None  # a paragraph is never judged
True
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache, cached_property
from itertools import repeat
from operator import itemgetter
from typing import Any, NamedTuple

from cleantext.data import read_json
from cleantext.text import CLOSING_MARKS, TERMINAL_MARKS, lazy_compile, prose_follows

__all__ = ["FEATURES", "JUDGE_KINDS", "LineModel", "judge_lines", "judges"]

# Feature name -> (what a high value says, what a low value says), in words,
# for the reason of a removal; "" when it says nothing worth writing.
FEATURES: dict[str, tuple[str, str]] = {
    "words": ("", "few words"),
    "chars": ("", "a short line"),
    "stop_ratio": ("", "few function words"),
    "title_ratio": ("mostly capitalised words", ""),
    "all_caps": ("all capitals", ""),
    "lower_start": ("", ""),
    "end_sentence": ("", "no full stop at the end"),
    "end_colon": ("ends in a colon", ""),
    "end_bare": ("no final punctuation", ""),
    "digit_ratio": ("digits", ""),
    "date_time": ("a date or time", ""),
    "separators": ("separators (| » • /)", ""),
    "link": ("a link, handle or e-mail address", ""),
    "quote": ("", "no quotation marks"),
    "several_sentences": ("", ""),
    "bullet_start": ("opens with a bullet or symbol", ""),
    "lex_promo": ("promo words", ""),
    "lex_social": ("social-network words", ""),
    "lex_related": ("a related-reading label", ""),
    "lex_ui": ("page-interface words", ""),
    "lex_copyright": ("a copyright notice", ""),
    "lex_credit": ("a credit label", ""),
    "lex_agency": ("an agency name", ""),
    "last": ("last line", ""),
    "prev_words": ("", "below a short line"),
    "next_words": ("", "above a short line"),
    "prev_prose": ("", "no paragraph just above"),
    "next_prose": ("", "no paragraph just below"),
    "prev_marks": ("below a line of separators, links or lexicon words", ""),
    "next_marks": ("above a line of separators, links or lexicon words", ""),
    "prev_title": ("below a capitalised line", ""),
    "next_title": ("above a capitalised line", ""),
    "before_body": ("above the article text", ""),
    "after_body": ("below the article text", ""),
    "no_body": ("a page of short lines only", ""),
}
_NAMES = tuple(FEATURES)
_INDEX = {k: i for i, k in enumerate(_NAMES)}
_LEX_INDEX = {k: _INDEX[k] for k in _NAMES if k.startswith("lex_")}

_MONTHS = (
    "jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june|july|august|"
    "september|october|november|december|januar|februar|märz|mai|juni|juli|oktober|dezember|janvier|février|"
    "mars|avril|juin|juillet|août|septembre|octobre|novembre|décembre|enero|febrero|marzo|abril|mayo|junio|"
    "julio|agosto|septiembre|octubre|noviembre|diciembre|janeiro|fevereiro|março|maio|junho|julho|setembro|"
    "outubro|novembro|dezembro|gennaio|febbraio|aprile|maggio|giugno|luglio|settembre|ottobre|dicembre|"
    "stycznia|lutego|marca|kwietnia|maja|czerwca|lipca|sierpnia|września|października|listopada|grudnia"
)
_DATE = lazy_compile(rf"\b\d{{1,2}}[:.]\d\d\b|\b(?:19|20)\d\d\b|\b(?:{_MONTHS})\.?\s+\d|\d\.?\s+(?:{_MONTHS})\b", re.I)
# _DATE in three searches, the month names tried only where a digit stands
# next to a space: a time or a year, a month before a number ("May 5", "mai
# 2024"), a number before a month ("5 May", "5. Mai"). A search for an
# alternation finds a match when one of its branches does.
_CLOCK_OR_YEAR = re.compile(r"\b\d{1,2}[:.]\d\d\b|\b(?:19|20)\d\d\b", re.I)


def _trie(words: list[str]) -> str:
    """An alternation of ``words`` with their common beginnings factored
    out ("ju(?:l(?:y|i)|n(?:e|i))"): the same strings, but the regular
    expression engine tries a few letters at each place instead of every
    word.

    >>> _trie(["jun", "june", "jul"])
    'ju(?:l|n(?:e)?)'
    """
    root: dict[str, Any] = {}
    for word in words:
        node = root
        for c in word:
            node = node.setdefault(c, {})
        node[""] = {}

    def alternation(node: dict[str, Any]) -> str:
        branches = [re.escape(c) + alternation(node[c]) for c in sorted(node) if c]
        if not branches:
            return ""
        if "" in node:
            return f"(?:{'|'.join(branches)})?"
        return branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"

    return alternation(root)


_MONTH_TRIE = _trie(_MONTHS.split("|"))
_MONTH_DAY = lazy_compile(rf"\b(?:{_MONTH_TRIE})\.?\s+\d", re.I)
_DAY_MONTH = lazy_compile(rf"\d\.?\s+(?:{_MONTH_TRIE})\b", re.I)
_SPACE_DIGIT = re.compile(r"\s\d")
_DIGIT_SPACE = re.compile(r"\d\.?\s")


def _has_date(text: str) -> bool:
    """``_DATE.search(text) is not None``, faster.

    >>> [_has_date(t) for t in ("Updated 10:45", "5. Mai", "May 5", "in 1999", "Top 10 tips", "May we")]
    [True, True, True, True, False, False]
    """
    return (
        _CLOCK_OR_YEAR.search(text) is not None
        or (_SPACE_DIGIT.search(text) is not None and _MONTH_DAY.search(text) is not None)
        or (_DIGIT_SPACE.search(text) is not None and _DAY_MONTH.search(text) is not None)
    )


# A separator, a link or the copyright sign: one search in C.
_MARKS = lazy_compile(r"[|»›•·/©@]|www\.|\.(?:com|org|net|co\.uk)")


# A link, a handle (@name, not a word with an @ inside such as "Folding@home")
# or an e-mail address.
_LINK = re.compile(r"://|www\.|(?<!\S)@\w|\w@[\w-]+\.\w|\.(?:com|org|net|co\.uk)\b")


def _marked(text: str) -> bool:
    """``_MARKS.search(text) is not None``, faster: a look for each sign
    and each literal branch (a few substring tests in C cost less than one
    search for a class of characters; the signs outside ASCII are looked
    for only in a line that is not ASCII).

    >>> [_marked(t) for t in ("Home | News", "see example.com", "www.example", "A sentence. Com", "co.uk", "© AP")]
    [True, True, True, False, False, True]
    """
    return (
        "|" in text
        or "/" in text
        or "@" in text
        or (not text.isascii() and ("»" in text or "›" in text or "•" in text or "·" in text or "©" in text))
        or ("." in text and ("www." in text or ".com" in text or ".org" in text or ".net" in text or ".co.uk" in text))
    )


def _has_link(text: str) -> bool:
    # Every branch of _LINK needs one of these (most lines have none).
    return (
        "@" in text
        or "://" in text
        or "www." in text
        or ".com" in text
        or ".org" in text
        or ".net" in text
        or ".co.uk" in text
    ) and _LINK.search(text) is not None


_ASCII_DIGIT = re.compile("[0-9]")
_SENTENCE = re.compile(r"[.!?] +[A-ZÀ-Ý]")
_SEPARATORS = "|»›•·"  # and " / "; a bullet that opens a list item is not one
_QUOTES = frozenset('"“”„«»')
_QUOTE = re.compile('["“”„«»]')  # a quotation mark of _QUOTES: one search, not a look at every character
_END = frozenset(".!?…")
_CLOSERS = "\"”’')]»"


_PUNCT = " \t.,:;!?()[]{}\"'“”‘’«»„|/•·›‹>-–—*#"
_GROUPS = {
    "promo_words": "lex_promo",
    "social_labels": "lex_social",
    "related_labels": "lex_related",
    "ui_lines": "lex_ui",
    "copyright": "lex_copyright",
    "credit_labels": "lex_credit",
}
_MAX_GRAM = 4


def _gram(form: str) -> tuple[str, ...]:
    return tuple(t for t in (w.strip(_PUNCT) for w in form.split()) if t)


@dataclass(frozen=True)
class _Lexicon:
    """Lexicon forms as word n-grams, for set lookups instead of a regex
    alternation (which would try every form at every position)."""

    grams: dict[tuple[str, ...], frozenset[str]]  # case-folded n-gram -> features
    firsts: frozenset[str]  # first words of those n-grams
    agencies: frozenset[tuple[str, ...]]  # as written: "AP" is not "ap"
    agency_firsts: frozenset[str]
    stopwords: frozenset[str]
    # the key word of every form, with the punctuation that sticks to it
    # ("share:", "(foto"), for a check of a whole line by one split and one
    # set operation
    quick: frozenset[str]


@cache
def _lexicon(paths: tuple[str, ...]) -> _Lexicon:
    from cleantext.lexicon import agency_names, lexicon

    words = lexicon(paths)
    grams: dict[tuple[str, ...], set[str]] = {}
    for category, feature in _GROUPS.items():
        for form in words.get(category, ()):
            g = _gram(form)
            if g and len(g) <= _MAX_GRAM and len(g[0]) > 1:
                grams.setdefault(g, set()).add(feature)
    agencies = frozenset(g for a in agency_names(paths) if (g := _gram(a)) and len(g) <= _MAX_GRAM)
    firsts = frozenset(g[0] for g in grams)
    agency_firsts = frozenset(g[0] for g in agencies)
    # The key of a form for the quick check: its longest word, the least
    # likely to occur in ordinary prose ("reserved" in "all rights reserved").
    keys = frozenset(_key(g, words.get("stopwords", frozenset())) for g in grams)
    agency_keys = frozenset(_key(g, frozenset()) for g in agencies)
    return _Lexicon(
        {k: frozenset(v) for k, v in grams.items()},
        firsts,
        agencies,
        agency_firsts,
        words.get("stopwords", frozenset()),
        # agencies too, case-folded: the check only needs to let them through
        _variants(keys | frozenset(k.casefold() for k in agency_keys)),
    )


# Words of lexicon forms that are common in prose: never the key of a form
# that has another word ("like this" is keyed on "like" only if it must).
_COMMON = frozenset(
    "this more also like read see all no me my you your our us up on in to of for the a an is it minutes hours ago "
    "article report sign click free key get now new here more:".split()
)


def _key(gram: tuple[str, ...], stopwords: frozenset[str]) -> str:
    return max(gram, key=lambda w: (w not in _COMMON and w not in stopwords, len(w)))


def _variants(words: frozenset[str]) -> frozenset[str]:
    out = set(words)
    for w in words:
        out.update(w + p for p in ":,.;?!)]|…")
        out.update(p + w for p in "([«»“\"'•-")
    return frozenset(out)


def _structure(text: str) -> bool:
    """A row of a table as text ("| Name | Price |"), a line of code
    ("x = 1;", "// add.c") or of markdown mark-up ("[docs](https://...)"):
    document structure, whatever it says."""
    if len(text) > 1 and text[0] == "|" and text[-1] == "|":
        return True
    if _ENUMERATED.match(text) or _DECORATOR.match(text):
        return True  # "2. Redistributions ...", "(b) the seller", "@app.command()"
    if "](" in text or "**" in text:
        return True  # markdown: a link or an image ("[text](url)"), bold text
    return text.startswith(("//", "/*")) or "()" in text or _CODE_CHAR.search(text) is not None


_CODE_CHAR = re.compile("[{};=]")  # braces, a semicolon, an equals sign
# An enumerated item of a list or a legal text, and a Python decorator.
_ENUMERATED = re.compile(r"(?:\d{1,3}|[a-z]|[ivx]{1,4})[.)]\s|\((?:\d{1,3}|[a-z]|[ivx]{1,4})\)\s")
_DECORATOR = re.compile(r"@[A-Za-z_][\w.]*(?:\(|$)")


def _quick(lex: _Lexicon, text: str) -> bool:
    """Whether ``text`` may be a candidate: a separator, a link, the
    copyright sign or the first word of a lexicon form. Cheap (a few C-level
    scans), so most lines are ruled out before any work in Python."""
    return _marked(text) or not lex.quick.isdisjoint(text.casefold().split())


def _hits(lex: _Lexicon, tokens: list[str], folded: list[str]) -> set[str]:
    out: set[str] = set()
    n = len(tokens)
    if not lex.firsts.isdisjoint(folded):
        grams = lex.grams
        for i, w in enumerate(folded):
            if w in lex.firsts:
                for k in range(1, min(_MAX_GRAM, n - i) + 1):
                    hit = grams.get(tuple(folded[i : i + k]))
                    if hit:
                        out.update(hit)
    if not lex.agency_firsts.isdisjoint(tokens):
        for i, w in enumerate(tokens):
            if w in lex.agency_firsts:
                for k in range(1, min(_MAX_GRAM, n - i) + 1):
                    if tuple(tokens[i : i + k]) in lex.agencies:
                        out.add("lex_agency")
                        break
    return out


_OWN = _NAMES[: _NAMES.index("last")]  # features of the line itself; the rest are its context
_CONTEXT = (0.0,) * (len(_NAMES) - 16)  # the features after bullet_start, 0 until set
_BULLETS = "•·*-–—▪►"
_BULLETS_SPACE = _BULLETS + " "


class _Line(NamedTuple):
    """One non-blank line: its own features when it may be judged, and
    what its neighbours see of it. (A tuple: built for every line looked
    at, it must be cheap to build.)"""

    own: list[float] | None
    words: int
    prose: bool
    marks: bool
    title: float


def _title_ratio(tokens: list[str]) -> float:
    """The share of capitalised words among the words that begin with a
    letter (``tokens`` come from ``str.split``: none is empty).

    >>> _title_ratio(["Home", "of", "the", "Brave", "2024", "Ⓐ"])
    0.5
    """
    letters = "".join(filter(str.isalpha, map(itemgetter(0), tokens)))
    return sum(map(str.isupper, letters)) / len(letters) if letters else 0.0


def _describe(
    lex: _Lexicon, text: str, max_words: int, max_chars: int, quick: bool | None = None, wide: bool = False
) -> _Line:
    """``text`` is a stripped non-blank line; ``quick`` is ``_quick(lex,
    text)`` when it is known; ``wide`` describes a short line with no
    separator, link or lexicon word too."""
    if len(text) > max_chars or text.count(" ") >= max_words * 2:
        return _Line(None, max_words + 1, text.rstrip(_CLOSERS)[-1:] in _END, False, 0.0)
    tokens = text.split()
    n = len(tokens)
    end = text.rstrip(_CLOSERS)[-1:]
    prose = n >= 12 and end in _END
    if n > max_words:
        return _Line(None, n, prose, False, 0.0)
    if quick is None:
        quick = _quick(lex, text)
    marks = False
    if quick:
        # the words without the punctuation that sticks to them, as written
        # and case-folded (maps in C, not a step in Python per word)
        bare = list(filter(None, map(str.strip, tokens, repeat(_PUNCT, n))))
        folded = list(map(str.casefold, bare))
        hits = _hits(lex, bare, folded)
        if "©" in text:
            hits.add("lex_copyright")
        body = text.lstrip(_BULLETS_SPACE)
        # the _SEPARATORS (asserted below), and " / "; a guillemet is a
        # quotation mark, not a separator, in a line that also holds its
        # counterpart ("« C'est un début », a-t-il dit.", "»Ja«, sagte sie.")
        seps = body.count("|") + body.count("•") + body.count("·") + body.count(" / ")
        if "«" not in body:
            seps += body.count("»")
        if "‹" not in body:
            seps += body.count("›")
        link = _has_link(text)
        marks = bool(hits or seps or link)
    title = _title_ratio(tokens)
    if not (marks or wide) or _structure(text):
        # With no lexicon hit, separator or link, a line is described only
        # for a model that judges more kinds of line (``wide``; which of
        # them it judges is decided with the line's context, see
        # _Document.features); a table row or code is document structure,
        # whatever it says.
        return _Line(None, n, prose, marks, title)
    if not quick:
        folded = list(map(str.casefold, filter(None, map(str.strip, tokens, repeat(_PUNCT, n)))))
        hits, seps, link = set(), 0, False
    stopwords = lex.stopwords
    stops = sum(map(stopwords.__contains__, folded))
    # in ASCII text the digits (str.isdigit) are 0-9: one search in C
    digits = len(_ASCII_DIGIT.findall(text)) if text.isascii() else sum(map(str.isdigit, text))
    first = text[0]
    # the features up to bullet_start in their order (one list display, not
    # an assignment per feature); the lexicon hits are set below, the
    # context by _Document
    x = [
        float(n),
        float(len(text)),
        stops / n,
        title,
        1.0 if text.isupper() else 0.0,
        1.0 if first.islower() else 0.0,
        1.0 if end in _END else 0.0,
        1.0 if end in ":：" else 0.0,  # (also when the line is all closing marks: "" is in any string)
        1.0 if end.isalnum() else 0.0,
        digits / len(text),
        # Every branch of _DATE needs a digit (\d: a decimal digit, which
        # isdigit counts): no digit, no date, and no search with the long
        # alternation of month names.
        1.0 if digits > 0 and _has_date(text) else 0.0,
        float(min(seps, 8)),
        1.0 if link else 0.0,
        0.0 if _QUOTE.search(text) is None else 1.0,
        0.0 if _SENTENCE.search(text) is None else 1.0,
        1.0 if not first.isalnum() and first not in _CLOSERS and first not in "(¿¡" else 0.0,
        *_CONTEXT,
    ]
    for h in hits:
        x[_LEX_INDEX[h]] = 1.0
    return _Line(x, n, prose, marks, title)


# The kinds of line a model may judge (its "judge" list): "marks", a line
# with a lexicon hit, a separator or a link (always judged); "outside", any
# short line above the first or below the last line of article text on a
# page that has some; "date", a short line with a date or a time;
# "unended", a short line with no full stop, question or exclamation mark at
# its end. Every kind is judged only on a short line that is not the first
# line, a table row, code or an enumerated item.
JUDGE_KINDS = ("marks", "outside", "date", "unended")
_MARKED = frozenset({"marks"})
_MARK_FEATURES = tuple(i for k, i in _INDEX.items() if k.startswith("lex_") or k in ("separators", "link"))


def judges(x: Sequence[float], kinds: frozenset[str]) -> bool:
    """Whether a model that judges ``kinds`` judges a line with features ``x``.

    >>> x = [0.0] * len(FEATURES)
    >>> judges(x, frozenset({"marks"})), judges(x, frozenset({"marks", "unended"}))
    (False, True)
    """
    if any(x[k] for k in _MARK_FEATURES):
        return True
    f = _INDEX
    if x[f["bullet_start"]] > 0 or x[f["end_colon"]] > 0:
        return False  # an item of a list or a line that ends in a colon (a list or code follows): never the other kinds
    return (
        ("outside" in kinds and (x[f["before_body"]] > 0 or x[f["after_body"]] > 0))
        or ("date" in kinds and x[f["date_time"]] > 0)
        or ("unended" in kinds and x[f["end_sentence"]] == 0)
    )


class _Document:
    """The lines of one document as the model sees them: each non-blank
    line described once, and where the article text (lines too long to be
    judged) begins and ends."""

    def __init__(
        self, lines: Sequence[str], lex: _Lexicon, max_words: int, max_chars: int, judge: frozenset[str] = _MARKED
    ) -> None:
        self.lines = lines
        self.lex = lex
        self.max_words = max_words
        self.max_chars = max_chars
        self.judge = judge
        self.wide = judge != _MARKED
        self.cache: dict[int, _Line] = {}
        # The lines of at most max_chars characters whose quick check was
        # made, and those that passed it (see judge_lines).
        self.checked = False
        self.quick: set[int] = set()

    # Where the article text stands is found on the first look at it (a
    # document whose candidates are none of them judged never needs it).

    @cached_property
    def last_cut(self) -> int | None:
        """The last non-blank line when it does not end a sentence or ends
        with an ellipsis, else None.

        The last non-blank line counts as article text (and as a paragraph
        for the line above it) only when it ends a sentence, and not with
        an ellipsis: repair-truncation may remove a cut line or end it with
        "…" or a marker, and the lines above must be judged the same way
        on the next run."""
        lines = self.lines
        for i in range(len(lines) - 1, -1, -1):
            line = lines[i]
            if line and not line.isspace():
                return i if _cut(line) else None
        return None

    def _body(self, line: str) -> bool:
        """Whether ``line`` is article text: too long to be judged."""
        max_chars, max_words = self.max_chars, self.max_words
        return (len(line) > max_chars and len(line.strip()) > max_chars) or (
            line.count(" ") >= max_words and len(line.split()) > max_words
        )

    @cached_property
    def first_body(self) -> int | None:
        """The first line of article text (the last cut line never counts):
        a search from the start, not a look at every line."""
        return self._first_body_of(range(len(self.lines)))

    @cached_property
    def last_body(self) -> int | None:
        """The last line of article text, by a search from the end (the
        first line of article text is one: the search stops there)."""
        first = self.first_body
        if first is None:
            return None
        found = self._first_body_of(range(len(self.lines) - 1, first, -1))
        return first if found is None else found

    def _first_body_of(self, indexes: Iterable[int]) -> int | None:
        """The first of ``indexes`` whose line is article text (:meth:`_body`)
        and not the last cut line."""
        lines, cut, body = self.lines, self.last_cut, self._body
        return next((i for i in indexes if i != cut and body(lines[i])), None)

    def line(self, i: int) -> _Line:
        got = self.cache.get(i)
        if got is None:
            line = self.lines[i]
            # The quick check of a line is that of its stripped text: no
            # mark and no word has a space at either end.
            quick = (i in self.quick) if self.checked and len(line) <= self.max_chars else None
            got = self.cache[i] = _describe(self.lex, line.strip(), self.max_words, self.max_chars, quick, self.wide)
        return got

    def features(self, i: int, p: int | None, q: int | None) -> list[float] | None:
        """The features of line ``i`` between the non-blank lines ``p`` and
        ``q`` (None at an edge), or None when it is not judged."""
        own = self.line(i).own
        if own is None or p is None:
            return None
        x = own.copy()
        a = self.line(p)
        x[24] = float(a.words)
        x[26] = float(a.prose)
        x[28] = float(a.marks)
        x[30] = a.title
        if q is None:
            x[23] = 1.0
        else:
            b = self.line(q)
            x[25] = float(b.words)
            x[27] = float(b.prose and q != self.last_cut)
            x[29] = float(b.marks)
            x[31] = b.title
        if self.first_body is None:
            x[34] = 1.0
        else:
            x[32] = float(i < self.first_body)
            x[33] = float(i > self.last_body)  # type: ignore[operator]
        if self.wide and not self.line(i).marks and not judges(x, self.judge):
            return None
        return x


# The positions above are those of FEATURES; a change there must change them.
assert [_INDEX[k] for k in ("last", "prev_words", "next_words", "prev_prose", "next_prose")] == [23, 24, 25, 26, 27]
assert [_INDEX[k] for k in ("prev_marks", "next_marks", "prev_title", "next_title")] == [28, 29, 30, 31]
assert [_INDEX[k] for k in ("before_body", "after_body", "no_body")] == [32, 33, 34]
assert _INDEX["bullet_start"] == 15 and len(_OWN) == 23
assert _SEPARATORS == "|»›•·"

# A tree node: (feature, threshold, left, right, value); a leaf has feature -1.
# A line goes left when its value is at most the threshold.
_Node = tuple[int, float, int, int, float]


@dataclass(frozen=True)
class LineModel:
    """A boosted ensemble of small regression trees over :data:`FEATURES`
    (log-odds of boilerplate), a threshold on the probability and the
    largest line (in words and characters) it may judge."""

    trees: tuple[tuple[_Node, ...], ...]
    base: float
    threshold: float
    max_words: int
    max_chars: int = 100
    origin: str = ""
    judge: frozenset[str] = _MARKED  # the kinds of line it judges (JUDGE_KINDS)
    # the model (with its own threshold) of the lines of the other kinds it judges
    wide: LineModel | None = None

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> LineModel:
        names = [str(k) for k in data["features"]]
        unknown = set(names) - set(_NAMES)
        if unknown:
            raise ValueError(f"line model: unknown features {sorted(unknown)}")
        index = [_INDEX[k] for k in names]
        trees = tuple(
            tuple(
                (index[int(f)] if int(f) >= 0 else -1, float(t), int(left), int(right), float(v))
                for f, t, left, right, v in tree
            )
            for tree in data["trees"]
        )
        wide = None
        judge = _kinds(data.get("judge", ["marks"]))
        if "wide" in data:
            wide = cls.from_dict(
                {"max_words": data["max_words"], "max_chars": data.get("max_chars", 100), **data["wide"]}
            )
            judge |= wide.judge
        return cls(
            trees,
            float(data["base"]),
            float(data["threshold"]),
            int(data["max_words"]),
            int(data.get("max_chars", 100)),
            str(data.get("origin", "")),
            judge,
            wide,
        )

    @classmethod
    @cache
    def builtin(cls) -> LineModel:
        """The model shipped in ``cleantext/data/line-model.json``."""
        return cls.from_dict(read_json("line-model.json"))

    def features(self, lines: Sequence[str], i: int, paths: tuple[str, ...] = ()) -> list[float] | None:
        """The features of ``lines[i]`` with its non-blank neighbours as
        context, or None when the model does not judge it."""
        doc = _Document(lines, _lexicon(paths), self.max_words, self.max_chars, self.judge)
        return doc.features(i, _near(lines, i, -1), _near(lines, i, 1))

    def raw(self, x: Sequence[float]) -> float:
        """The log-odds that the line is boilerplate.

        The first lines of a process are scored by :meth:`walk`; once that
        has cost about what compiling the trees costs (a few hundred lines),
        by :meth:`compiled`, several times faster. Both make the same
        comparisons and the same additions in the same order: the same float.
        """
        compiled: Callable[[Sequence[float]], float] | None = self.__dict__.get("_compiled")
        if compiled is None:
            walked = self.__dict__.get("_walked", 0)
            if walked < _WALK_BEFORE_COMPILING:
                object.__setattr__(self, "_walked", walked + 1)
                return self.walk(x)
            compiled = self.compiled()
        return compiled(x)

    def compiled(self) -> Callable[[Sequence[float]], float]:
        """:meth:`walk` as one Python function (compiled on the first call;
        see :func:`_compile_trees`)."""
        compiled: Callable[[Sequence[float]], float] | None = self.__dict__.get("_compiled")
        if compiled is None:
            try:
                compiled = _compile_trees(self.trees, self.base)
            except (ValueError, RecursionError, SyntaxError, MemoryError):
                compiled = self.walk  # trees too deep for one expression: walked
            object.__setattr__(self, "_compiled", compiled)
        return compiled

    def __getstate__(self) -> dict[str, Any]:
        # The compiled function is built again where the model is used.
        return {k: v for k, v in self.__dict__.items() if k not in ("_compiled", "_walked")}

    def walk(self, x: Sequence[float]) -> float:
        """The log-odds that the line is boilerplate, walking the trees node
        by node (what :meth:`raw` computes faster)."""
        z = self.base
        for nodes in self.trees:
            f, t, left, right, v = nodes[0]
            while f >= 0:
                f, t, left, right, v = nodes[left if x[f] <= t else right]
            z += v
        return z

    def score(self, x: Sequence[float] | None) -> float:
        """The probability that the line is boilerplate (0 for a line not judged)."""
        if x is None:
            return 0.0
        return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, self.raw(x)))))

    def explain(self, x: Sequence[float], top: int = 3) -> list[str]:
        """What weighed most towards boilerplate, in words: each split on the
        way to a leaf moves the expected score, and the feature (with the
        side the line took) that moved it most up is named first."""
        moved: dict[tuple[int, bool], float] = {}
        for nodes in self.trees:
            f, t, left, right, v = nodes[0]
            while f >= 0:
                high = x[f] > t
                child = nodes[right if high else left]
                moved[f, high] = moved.get((f, high), 0.0) + child[4] - v
                f, t, left, right, v = child
        out: list[str] = []
        for (f, high), m in sorted(moved.items(), key=lambda kv: -kv[1]):
            words = FEATURES[_NAMES[f]][0 if high else 1]
            if m <= 0 or len(out) == top:
                break
            if words and words not in out:
                out.append(words)
        return out


# Compiling the built-in trees costs about as much as walking them for 300
# lines: a short run (one small document) walks them, a long one compiles
# them once, and neither pays more than twice the better of the two.
_WALK_BEFORE_COMPILING = 300


def _tree_source(trees: tuple[tuple[_Node, ...], ...], base: float) -> str:
    """Python source of one function summing the trees' leaves: each tree is
    one nested conditional expression over the features unpacked into
    locals, added to the base in the order of the trees. Floats are written
    with ``repr`` (which reads back as the same float), so every comparison
    and every addition is the one :meth:`LineModel.walk` makes."""

    def expression(nodes: tuple[_Node, ...], k: int, depth: int) -> str:
        f, t, left, right, v = nodes[k]
        if f < 0:
            return _literal(v)
        if depth > 64:
            raise ValueError("line model: a tree deeper than 64 nodes")
        return f"({expression(nodes, left, depth + 1)} if x{int(f)} <= {_literal(t)} else {expression(nodes, right, depth + 1)})"

    code = [
        "def raw(features):",
        "    " + "".join(f"x{i}, " for i in range(len(_NAMES))) + "= features",
        f"    z = {_literal(base)}",
    ]
    code += [f"    z += {expression(nodes, 0, 0)}" for nodes in trees]
    code.append("    return z")
    return "\n".join(code)


def _compile_trees(trees: tuple[tuple[_Node, ...], ...], base: float) -> Callable[[Sequence[float]], float]:
    """The sum of the trees' leaves as one Python function, compiled from
    :func:`_tree_source`. The source holds only numbers written by
    ``int`` and :func:`_literal` and a fixed set of names (a test tokenises
    it), so no value of a model reaches the compiler as code.

    >>> tree = ((0, 0.5, 1, 2, 0.0), (-1, 0.0, 0, 0, -2.0), (-1, 0.0, 0, 0, 3.0))
    >>> raw = _compile_trees((tree,), 0.5)
    >>> raw([0.0] * len(FEATURES)), raw([1.0] * len(FEATURES))
    (-1.5, 3.5)
    """
    namespace: dict[str, Any] = {}
    exec(compile(_tree_source(trees, base), "<line model>", "exec"), namespace)  # numbers only, see above
    raw: Callable[[Sequence[float]], float] = namespace["raw"]
    return raw


def _literal(value: float) -> str:
    """``value`` as Python source that reads back as the same float."""
    value = float(value)
    return repr(value) if math.isfinite(value) else f"float({str(value)!r})"


def _near(lines: Sequence[str], i: int, step: int) -> int | None:
    """The nearest non-blank line from ``i`` in one direction."""
    n = len(lines)
    j = i + step
    while 0 <= j < n and (not lines[j] or lines[j].isspace()):
        j += step
    return j if 0 <= j < n else None


def _kinds(names: Sequence[str]) -> frozenset[str]:
    kinds = frozenset(str(k) for k in names)
    unknown = kinds - set(JUDGE_KINDS)
    if unknown:
        raise ValueError(f"line model: unknown kinds of line to judge {sorted(unknown)}")
    return kinds | _MARKED


def document_features(
    lines: Sequence[str],
    max_words: int,
    max_chars: int,
    paths: tuple[str, ...] = (),
    judge: Sequence[str] = ("marks",),
) -> list[tuple[int, list[float]]]:
    """``(index, features)`` of every line a model that judges the kinds
    ``judge`` would judge, each with its nearest non-blank neighbours as
    context (for fitting)."""
    doc = _Document(lines, _lexicon(paths), max_words, max_chars, _kinds(judge))
    out = []
    p: int | None = None
    idx = [i for i, line in enumerate(lines) if line.strip()]
    for k, i in enumerate(idx):
        q = idx[k + 1] if k + 1 < len(idx) else None
        x = doc.features(i, p, q)
        if x is not None:
            out.append((i, x))
        p = i
    return out


def _other_kinds(doc: _Document, marked: set[int]) -> list[int]:
    """The lines that may be judged by a model that judges more kinds of
    line than those with marks (``marked``): every short line that may be
    of one of them (:meth:`_Document.features` tells which is, with its
    context), in order."""
    lines, kinds, max_chars = doc.lines, doc.judge, doc.max_chars
    more = set(marked)
    if "unended" in kinds:
        more.update(i for i, line in enumerate(lines) if line and len(line) <= max_chars and not line.isspace())
    else:
        first, last = doc.first_body, doc.last_body
        if "outside" in kinds and first is not None and last is not None:
            more.update(
                i
                for i in (*range(first), *range(last + 1, len(lines)))
                if len(lines[i]) <= max_chars and not lines[i].isspace() and lines[i]
            )
        if "date" in kinds:
            more.update(
                i for i, line in enumerate(lines) if line and len(line) <= max_chars and any(map(str.isdigit, line))
            )
    return sorted(more)


def judge_lines(
    model: LineModel,
    lines: Sequence[str],
    threshold: float,
    paths: tuple[str, ...] = (),
    wide_threshold: float | None = None,
) -> dict[int, str]:
    """Lines to remove, with reasons, at a fixed point of the model (see
    :func:`_judge_once`).

    Where the article text ends depends on the last non-blank line (a cut
    last line is not article text). When the lines removed include the last
    one and the line that is now last reads as cut, a second run would see
    the text end elsewhere: the kept lines are judged again, as that run
    would judge them, until the last line stays (rare: a page that ends in
    furniture below an unfinished paragraph).
    """
    out = _judge_once(model, lines, threshold, paths, wide_threshold)
    if not out:
        return out
    end = _near(lines, len(lines), -1)
    while end in out:
        kept = [i for i in range(len(lines)) if i not in out]
        last = next((i for i in reversed(kept) if lines[i] and not lines[i].isspace()), None)
        if last is None or not _cut(lines[last]):
            break
        more = _judge_once(model, [lines[i] for i in kept], threshold, paths, wide_threshold)
        if not more:
            break
        out.update((kept[k], why) for k, why in more.items())
        end = last
    return out


def _cut(line: str) -> bool:
    """Whether ``line``, the last non-blank line, reads as cut (see :attr:`_Document.last_cut`)."""
    end = line.rstrip().rstrip(CLOSING_MARKS)
    return end[-1:] not in TERMINAL_MARKS or end.endswith(("…", "..."))


def _judge_once(
    model: LineModel,
    lines: Sequence[str],
    threshold: float,
    paths: tuple[str, ...] = (),
    wide_threshold: float | None = None,
) -> dict[int, str]:
    """Lines to remove, with reasons, at a fixed point of the model.

    Each line is judged with its nearest kept non-blank neighbours. When a
    line goes, only its two neighbours have new context (where the article
    text begins and ends does not move: its lines are never judged), so only
    they are judged again: every line is scored at most once plus twice per
    removal, which keeps the work linear, and the result is a fixed point
    (a second run judges every kept line in the same context and removes
    nothing). The first non-blank line (the title) is never removed.
    """
    max_chars = model.max_chars  # longer lines are paragraphs: skip them before any work
    lex = _lexicon(paths)
    # Only a line with a separator, a link or a lexicon word may be judged:
    # a cheap check (a few searches in C and one set operation) sets most
    # lines aside before any work in Python. (An empty line is never one.)
    keys = lex.quick.isdisjoint
    maybe = [
        i
        for i, line in enumerate(lines)
        if line
        and len(line) <= max_chars
        and (
            # _marked(line), inline
            "|" in line
            or "/" in line
            or "@" in line
            or (not line.isascii() and ("»" in line or "›" in line or "•" in line or "·" in line or "©" in line))
            or (
                "." in line
                and ("www." in line or ".com" in line or ".org" in line or ".net" in line or ".co.uk" in line)
            )
            or not keys(line.casefold().split())
        )
    ]
    kinds, wide = model.judge, model.wide
    if wide is not None and wide_threshold is None:
        wide_threshold = wide.threshold
    marked = set(maybe)
    doc = None
    if kinds != _MARKED:
        doc = _Document(lines, lex, model.max_words, max_chars, kinds)
        maybe = _other_kinds(doc, marked)
    if not maybe:
        return {}
    judged = set(maybe)
    if maybe[0] == _near(lines, -1, 1):
        judged.discard(maybe[0])  # the title
    if not judged:
        return {}
    if type(lines) is not list:
        lines = list(lines)  # a plain list is indexed faster than a subclass or another sequence
    if doc is None:
        doc = _Document(lines, lex, model.max_words, max_chars)
    doc.lines, doc.checked, doc.quick = lines, True, marked
    prose_after: list[bool] | None = None  # a copyright line with running text after it is not a footer
    prev: dict[int, int | None] = {}
    nxt: dict[int, int | None] = {}
    out: dict[int, str] = {}
    stack = [i for i in reversed(maybe) if i in judged]
    queued = set(judged)
    while stack:
        i = stack.pop()
        queued.discard(i)
        if i in out or doc.line(i).own is None:
            continue
        p = prev[i] if i in prev else _near(lines, i, -1)
        q = nxt[i] if i in nxt else _near(lines, i, 1)
        prev[i], nxt[i] = p, q
        x = doc.features(i, p, q)
        if x is None:
            continue
        m, t = model, threshold
        if wide is not None and wide_threshold is not None and not any(x[k] for k in _MARK_FEATURES):
            m, t = wide, wide_threshold
        s = m.score(x)
        if s < t:
            continue
        if x[_INDEX["lex_copyright"]]:
            if prose_after is None:
                prose_after = prose_follows(lines)
            if prose_after[i]:
                continue
        why = ", ".join(m.explain(x)) or "its overall form"
        out[i] = f"likely boilerplate (score {s:.2f}): {why}"
        if p is not None:
            nxt[p] = q
        if q is not None:
            prev[q] = p
        for j in (p, q):
            if j is not None and j in judged and j not in queued and j not in out:
                stack.append(j)
                queued.add(j)
    return out
