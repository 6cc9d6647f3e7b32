"""A small line model: is a line of scraped text page furniture or article text?

Logistic regression over features that name no site: the line's length, its
words and function words, capitalisation, final punctuation, digits and
dates, links and handles, quotation marks, hits in the multilingual
boilerplate lexicon (credits, promos, social, related links, interface,
copyright), and the same few features of the lines above and below. Only
lines with a lexicon hit, separators or a link are judged. The
weights are data (``cleantext/data/line-model.json``), fitted by
``tools/train_linemodel.py`` on the tuning half of a split by site of two
public evaluation sets; inference is pure Python.

>>> model = LineModel.builtin()
>>> features = model.features("Share this article", None, "The minister said the talks would resume.")
>>> features is not None and model.score(features) > 0.5
True
>>> model.features("The minister said the talks would resume on Monday.", None, None) is None
True
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from cleantext.text import prose_follows

__all__ = ["FEATURES", "LineModel", "candidate_features", "judge_lines"]

# Feature name -> what it says about a line, for the reason of a removal.
FEATURES: dict[str, str] = {
    "bias": "",
    "words_1": "a single word",
    "words_2_3": "two or three words",
    "words_4_8": "a few words",
    "words_9_20": "",
    "words_21_up": "",
    "log_chars": "",
    "stop_ratio": "",
    "no_stopwords": "no function words",
    "title_ratio": "mostly capitalised words",
    "all_caps": "all capitals",
    "lower_start": "",
    "end_sentence": "",
    "end_colon": "ends in a colon",
    "end_bare": "no final punctuation",
    "digit_ratio": "mostly digits",
    "date_time": "a date or time",
    "separators": "separators (| » • /)",
    "link": "a link, handle or e-mail address",
    "quote": "",
    "several_sentences": "",
    "bullet_start": "opens with a bullet or symbol",
    "lex_promo": "promo words",
    "lex_social": "social-network words",
    "lex_related": "a related-reading label",
    "lex_ui": "page-interface words",
    "lex_copyright": "a copyright notice",
    "lex_credit": "a credit label",
    "lex_agency": "an agency name",
    "first": "first line",
    "last": "last line",
    "prev_short": "below a short line",
    "next_short": "above a short line",
    "prev_prose": "",
    "next_prose": "",
    "prev_bare": "",
    "next_bare": "",
    "short_no_stop": "short, no function words",
    "short_between_short": "a short line between short lines",
}
_NAMES = tuple(FEATURES)

_MONTHS = (
    "jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june|july|august|"
    "september|october|november|december|januar|februar|märz|mai|juni|juli|oktober|dezember|janvier|février|"
    "mars|avril|juin|juillet|août|septembre|octobre|novembre|décembre|enero|febrero|marzo|abril|mayo|junio|"
    "julio|agosto|septiembre|octubre|noviembre|diciembre|janeiro|fevereiro|março|maio|junho|julho|setembro|"
    "outubro|novembro|dezembro|gennaio|febbraio|aprile|maggio|giugno|luglio|settembre|ottobre|dicembre|"
    "stycznia|lutego|marca|kwietnia|maja|czerwca|lipca|sierpnia|września|października|listopada|grudnia"
)
_DATE = re.compile(rf"\b\d{{1,2}}[:.]\d\d\b|\b(?:19|20)\d\d\b|\b(?:{_MONTHS})\.?\s+\d|\d\.?\s+(?:{_MONTHS})\b", re.I)
_LINK_MARKS = ("://", "www.", "@", ".com", ".org", ".net", ".co.uk")


# A separator, a link or the copyright sign: one search in C.
_MARKS = re.compile(r"[|»›•·/©@]|www\.|\.(?:com|org|net|co\.uk)")


def _has_link(text: str) -> bool:
    return any(m in text for m in _LINK_MARKS)


_SENTENCE = re.compile(r"[.!?] +[A-ZÀ-Ý]")
_SEPARATORS = "|»›•·"  # and " / "; a bullet that opens a list item is not one
_QUOTES = frozenset('"“”„«»')
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
    from cleantext.passes.boilerplate import _agencies, lexicon

    words = lexicon(paths)
    grams: dict[tuple[str, ...], set[str]] = {}
    for category, feature in _GROUPS.items():
        for form in words.get(category, ()):
            g = _gram(form)
            if g and len(g) <= _MAX_GRAM and len(g[0]) > 1:
                grams.setdefault(g, set()).add(feature)
    agencies = frozenset(g for a in _agencies(paths) if (g := _gram(a)) and len(g) <= _MAX_GRAM)
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
    """A row of a table as text ("| Name | Price |") or a line of code
    ("x = 1;", "// add.c"): document structure, whatever it says."""
    if len(text) > 1 and text[0] == "|" and text[-1] == "|":
        return True
    if _ENUMERATED.match(text) or _DECORATOR.match(text):
        return True  # "2. Redistributions ...", "(b) the seller", "@app.command()"
    return text.startswith(("//", "/*")) or "()" in text or any(c in text for c in "{};=")


# An enumerated item of a list or a legal text, and a Python decorator.
_ENUMERATED = re.compile(r"(?:\d{1,3}|[a-z]|[ivx]{1,4})[.)]\s|\((?:\d{1,3}|[a-z]|[ivx]{1,4})\)\s")
_DECORATOR = re.compile(r"@[A-Za-z_][\w.]*(?:\(|$)")


def _quick(lex: _Lexicon, text: str) -> bool:
    """Whether ``text`` may be a candidate: a separator, a link, the
    copyright sign or the first word of a lexicon form. Cheap (a few C-level
    scans), so most lines are ruled out before any work in Python."""
    return _MARKS.search(text) is not None or not lex.quick.isdisjoint(text.casefold().split())


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


@dataclass(frozen=True)
class _Shape:
    """The few features of a line that its neighbours see."""

    words: int
    prose: bool
    bare: bool


def _shape(line: str | None) -> _Shape | None:
    if line is None:
        return None
    text = line.strip()
    words = text.count(" ") + 1
    end = text.rstrip(_CLOSERS)[-1:] if text else ""
    return _Shape(words, words >= 12 and end in _END, end.isalnum())


def candidate_features(
    line: str, prev: str | None, next: str | None, paths: tuple[str, ...] = ()
) -> dict[str, float] | None:
    """The features of ``line`` given the non-blank lines around it (None at
    an edge), or None when the model does not judge it: only a line with a
    lexicon hit, a separator (| » • and a spaced /) or a link is judged,
    and never a table row ("| a | b |") or a line of code. Other lines stay
    whatever their form: at the precision the passes need, shape alone does
    not tell a menu from a short paragraph."""
    lex = _lexicon(paths)
    text = line.strip()
    if not _quick(lex, text) or _structure(text):
        return None
    tokens = text.split()
    bare = [t for t in (w.strip(_PUNCT) for w in tokens) if t]
    folded = [t.casefold() for t in bare]
    hits = _hits(lex, bare, folded)
    if "©" in text:
        hits.add("lex_copyright")
    body = text.lstrip("•·*-–— ")
    seps = sum(body.count(c) for c in _SEPARATORS) + body.count(" / ")
    link = _has_link(text)
    if not (hits or seps or link):
        return None
    n = len(tokens) or 1
    f: dict[str, float] = dict.fromkeys(hits, 1.0)
    f["bias"] = 1.0
    if seps:
        f["separators"] = min(seps, 4) / 4
    if link:
        f["link"] = 1.0
    f[
        "words_1"
        if n == 1
        else "words_2_3"
        if n <= 3
        else "words_4_8"
        if n <= 8
        else "words_9_20"
        if n <= 20
        else "words_21_up"
    ] = 1.0
    f["log_chars"] = math.log1p(len(text)) / 6
    stops = sum(1 for t in folded if t in lex.stopwords)
    f["stop_ratio"] = stops / n
    if not stops:
        f["no_stopwords"] = 1.0
    letters = [t for t in tokens if t[:1].isalpha()]
    if letters:
        f["title_ratio"] = sum(1 for t in letters if t[0].isupper()) / len(letters)
    if text.isupper():
        f["all_caps"] = 1.0
    if text[:1].islower():
        f["lower_start"] = 1.0
    end = text.rstrip(_CLOSERS)[-1:]
    if end in _END:
        f["end_sentence"] = 1.0
    elif end in ":：":
        f["end_colon"] = 1.0
    elif end.isalnum():
        f["end_bare"] = 1.0
    if text:
        f["digit_ratio"] = sum(map(str.isdigit, text)) / len(text)
    if _DATE.search(text):
        f["date_time"] = 1.0
    if any(c in text for c in _QUOTES):
        f["quote"] = 1.0
    if _SENTENCE.search(text):
        f["several_sentences"] = 1.0
    if text[:1] and not text[0].isalnum() and text[0] not in _CLOSERS and text[0] not in "(¿¡":
        f["bullet_start"] = 1.0
    p, q = _shape(prev), _shape(next)
    if p is None:
        f["first"] = 1.0
    else:
        f["prev_short"] = float(p.words <= 3)
        f["prev_prose"] = float(p.prose)
        f["prev_bare"] = float(p.bare)
    if q is None:
        f["last"] = 1.0
    else:
        f["next_short"] = float(q.words <= 3)
        f["next_prose"] = float(q.prose)
        f["next_bare"] = float(q.bare)
    short = n <= 3
    if short and not stops:
        f["short_no_stop"] = 1.0
    if short and p is not None and q is not None and p.words <= 3 and q.words <= 3:
        f["short_between_short"] = 1.0
    return f


@dataclass(frozen=True)
class LineModel:
    """Weights of a logistic regression over :data:`FEATURES`, a threshold
    and the largest line (in words and characters) it may judge."""

    weights: dict[str, float]
    threshold: float
    max_words: int
    max_chars: int = 100
    origin: str = ""

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> LineModel:
        weights = {k: float(v) for k, v in data["weights"].items()}
        unknown = set(weights) - set(_NAMES)
        if unknown:
            raise ValueError(f"line model: unknown features {sorted(unknown)}")
        return cls(
            weights,
            float(data["threshold"]),
            int(data["max_words"]),
            int(data.get("max_chars", 100)),
            str(data.get("origin", "")),
        )

    @classmethod
    @cache
    def builtin(cls) -> LineModel:
        """The model shipped in ``cleantext/data/line-model.json``."""
        from cleantext.packagedata import read_text

        return cls.from_dict(json.loads(read_text("line-model.json")))

    def features(
        self, line: str, prev: str | None, next: str | None, paths: tuple[str, ...] = ()
    ) -> dict[str, float] | None:
        """The features of ``line`` (None when the model does not judge it)."""
        return candidate_features(line, prev, next, paths)

    def score(self, features: dict[str, float]) -> float:
        """The probability that the line is boilerplate."""
        w = self.weights
        z = sum(w.get(k, 0.0) * v for k, v in features.items())
        return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, z))))

    def explain(self, features: dict[str, float], top: int = 3) -> list[str]:
        """What weighed most towards boilerplate, in words."""
        w = self.weights
        parts = sorted(((w.get(k, 0.0) * v, k) for k, v in features.items() if FEATURES.get(k)), reverse=True)
        return [FEATURES[k] for c, k in parts[:top] if c > 0]


def judge_lines(
    model: LineModel, lines: Sequence[str], threshold: float, paths: tuple[str, ...] = ()
) -> dict[int, str]:
    """Lines to remove, with reasons, at a fixed point of the model.

    Each line is judged with its nearest kept non-blank neighbours. When a
    line goes, only its two neighbours have new context, so only they are
    judged again: every line is scored at most once plus twice per removal,
    which keeps the work linear, and the result is a fixed point (a second
    run judges every kept line in the same context and removes nothing).
    The first non-blank line (the title) is never removed.
    """
    max_words = model.max_words
    max_chars = model.max_chars  # longer lines are paragraphs: skip them before splitting
    lex = _lexicon(paths)
    # Whether a line may be judged depends on the line alone, so the lines
    # that can never be are set aside once, most of them by a cheap check.
    marks, keys = _MARKS.search, lex.quick.isdisjoint  # _quick, inlined: it runs on every short line
    maybe = {
        i
        for i, line in enumerate(lines)
        if len(line) <= max_chars and (marks(line) is not None or not keys(line.casefold().split()))
    }
    if not maybe:
        return {}
    n = len(lines)

    def near(i: int, step: int) -> int | None:
        """The nearest non-blank line from ``i`` in one direction."""
        j = i + step
        while 0 <= j < n and (not lines[j] or lines[j].isspace()):
            j += step
        return j if 0 <= j < n else None

    prose_after: list[bool] | None = None  # a copyright line with running text after it is not a footer
    first = near(-1, 1)
    if first is not None:
        maybe.discard(first)
    if not maybe:
        return {}
    # Neighbours are found when first needed and relinked on each removal, so
    # each run of blank lines is walked at most twice: linear.
    prev: dict[int, int | None] = {}
    nxt: dict[int, int | None] = {}
    out: dict[int, str] = {}
    stack = [i for i in range(n - 1, -1, -1) if i in maybe]
    queued = set(stack)
    while stack:
        i = stack.pop()
        queued.discard(i)
        if i in out:
            continue
        text = lines[i]
        if len(text) > max_chars or text.count(" ") >= max_words * 2 or len(text.split()) > max_words:
            continue
        p = prev[i] if i in prev else near(i, -1)
        q = nxt[i] if i in nxt else near(i, 1)
        prev[i], nxt[i] = p, q
        f = candidate_features(text, lines[p] if p is not None else None, lines[q] if q is not None else None, paths)
        if f is None:
            continue
        if "lex_copyright" in f:
            if prose_after is None:
                prose_after = prose_follows(lines)
            if prose_after[i]:
                continue
        s = model.score(f)
        if s < threshold:
            continue
        why = ", ".join(model.explain(f)) or "its overall form"
        out[i] = f"likely boilerplate (score {s:.2f}): {why}"
        if p is not None:
            nxt[p] = q
        if q is not None:
            prev[q] = p
        for j in (p, q):
            if j is not None and j in maybe and j not in queued and j not in out:
                stack.append(j)
                queued.add(j)
    return out
