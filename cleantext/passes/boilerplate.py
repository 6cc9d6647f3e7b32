"""The boilerplate family: lines of a scraped page that are not the article.

Photo captions and credits, promotion and navigation lines, agency sign-offs,
and (opt-in) bylines, datelines and subheads. The patterns are data, in
``cleantext/data/boilerplate.toml``, read the first time a pass needs them.

Every rule recognises a line by its own form, or by a neighbour that is
always removed with it (a credit line confirms the caption above it), so that
a second run finds nothing new, wherever the line stands in the text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache, cached_property
from typing import Any

from cleantext.errors import ConfigError
from cleantext.explain import Change
from cleantext.registry import LinePass, Pass, option, register
from cleantext.text import lazy_compile, prose_follows, sentence_ends, split_lines, strip_ending

__all__ = [
    "StripBoilerplate",
    "StripBylines",
    "StripCaptions",
    "StripCredits",
    "StripDatelines",
    "StripPromos",
    "StripSubheads",
]

_LANGUAGES = ("en", "es", "pt", "fr", "de")
# Punctuation and symbols that decorate a promo line: "» Share:", "... more", "[ VIDEO ]".
# Not quotation marks: a line in quotes is somebody's words ("“Read more.”").
_DECOR = " \t\u00a0.,:;!?|»«›‹>•·*#-–—()[]{}"


@cache
def _data() -> dict[str, Any]:
    from cleantext.packagedata import load_toml

    return load_toml("boilerplate.toml")


_LEXICON_LANGUAGES = ("any", "en", "de", "fr", "es", "pt", "it", "pl")


def _read_lexicon(source: Any, origin: str) -> dict[str, dict[str, dict[str, str]]]:
    import tomllib

    try:
        data = tomllib.load(source)
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{origin}: not a valid lexicon file: {e}") from None
    return _check_lexicon(data, origin)


@cache
def _builtin_lexicon() -> dict[str, dict[str, dict[str, str]]]:
    from cleantext.packagedata import load_toml

    return _check_lexicon(load_toml("boilerplate-lexicon.toml"), "boilerplate-lexicon.toml")


def _check_lexicon(data: dict[str, Any], origin: str) -> dict[str, dict[str, dict[str, str]]]:
    for category, languages in data.items():
        if not isinstance(languages, dict):
            raise ConfigError(f"{origin}: [{category}] must be a table of languages")
        for lang, forms in languages.items():
            if not isinstance(forms, dict) or not all(isinstance(v, str) for v in forms.values()):
                raise ConfigError(f"{origin}: [{category}.{lang}] must map each form to where it is used (a string)")
    return data


@cache
def lexicon(paths: tuple[str, ...] = ()) -> dict[str, frozenset[str]]:
    """Category -> case-folded forms: the built-in multilingual lexicon
    (``cleantext/data/boilerplate-lexicon.toml``) merged with the user's files
    of the same layout, every language together.

    >>> "auch lesen" in lexicon()["related_labels"]
    True
    """
    tables = [_builtin_lexicon()]
    for path in paths:
        try:
            with open(path, "rb") as f:
                tables.append(_read_lexicon(f, path))
        except OSError as e:
            raise ConfigError(f"{path}: cannot read lexicon file: {e.strerror}") from None
    merged: dict[str, set[str]] = {}
    for table in tables:
        for category, languages in table.items():
            bucket = merged.setdefault(category, set())
            for forms in languages.values():
                bucket.update(form.casefold() for form in forms)
    return {k: frozenset(v) for k, v in merged.items()}


def _agencies(paths: tuple[str, ...] = ()) -> tuple[str, ...]:
    """Agency names as written (case matters: "AP", "PA"), built-in and the user's."""
    names: list[str] = list(_builtin_lexicon().get("agencies", {}).get("any", {}))
    for path in paths:
        with open(path, "rb") as f:
            for forms in _read_lexicon(f, path).get("agencies", {}).values():
                names.extend(forms)
    return tuple(names)


def _words_regex(forms: Sequence[str], flags: int = re.IGNORECASE) -> re.Pattern[str]:
    """Any of ``forms`` as a whole word or phrase."""
    return lazy_compile(rf"(?<!\w)(?:{_alternation(forms)})(?!\w)", flags)


def _key(line: str) -> str:
    """The form of a short line used for whole-line phrase lookups."""
    return " ".join(line.strip(_DECOR).casefold().split())


def _alternation(words: Sequence[str]) -> str:
    """A regex alternation of literal words, longest first."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


def _compile(patterns: Sequence[str], flags: int = 0, agencies: Sequence[str] = ()) -> re.Pattern[str]:
    agency = f"(?:{_alternation(agencies)})" if agencies else ""
    joined = "|".join(f"(?:{p.replace('{agency}', agency)})" for p in patterns)
    return lazy_compile(joined or r"(?!x)x", flags)


class _Prefixes:
    """A set of lower-case prefixes, indexed by first character so that
    checking a line costs a dictionary lookup for most lines."""

    __slots__ = ("_index",)

    def __init__(self, prefixes: Sequence[str]) -> None:
        index: dict[str, list[str]] = {}
        for p in {p.casefold() for p in prefixes if p}:
            index.setdefault(p[0], []).append(p)
        self._index = {k: tuple(v) for k, v in index.items()}

    def match(self, head: str) -> bool:
        """Whether ``head`` (lower-case) starts with one of the prefixes."""
        candidates = self._index.get(head[:1])
        return candidates is not None and head.startswith(candidates)


def _check_languages(name: str, languages: Sequence[str]) -> None:
    unknown = [lang for lang in languages if lang not in _LANGUAGES]
    if unknown:
        raise ConfigError(
            f"pass {name!r}, option 'languages': no patterns for {unknown[0]!r}; known: {', '.join(_LANGUAGES)}"
        )


# How prose lines end; a caption with a credit at its end rarely does.
_PROSE_END = frozenset(".!?:;,\"”’'…")


def _words(line: str) -> int:
    return line.count(" ") + 1


# -- strip-promos ------------------------------------------------------------


@register("strip-promos")
@dataclass(frozen=True, kw_only=True)
class StripPromos(LinePass):
    """Remove promotion, navigation and interface lines: "Advertisement", "READ MORE: ...".

    Pages carry calls to subscribe, share, read another story or follow the
    site, and crumbs of their interface ("Image 1 of 5", "Media playback is
    unsupported on your device"). Such a line is removed when the whole line
    is one (a sentence that merely mentions reading more stays), or when it
    opens with a promo label and a colon, alone or in brackets: "(Do not
    miss: ...)", "Read more: ...". A quotation that begins "Read more" is
    not a promo.

    >>> StripPromos()("Text.\\nAdvertisement\\n(Do not miss: Ten photos)\\nMore text.\\n")
    'Text.\\nMore text.\\n'
    >>> StripPromos()('"Read more books," she said.\\n')
    '"Read more books," she said.\\n'
    """

    languages: tuple[str, ...] = option(
        _LANGUAGES, "English and the common forms in Spanish, Portuguese, French and German; more are data to add"
    )
    max_line_chars: int = option(400, "promo lines are short: longer lines are article text and are not checked")
    lexicons: tuple[str, ...] = option(
        (), "your lexicon files (TOML, the layout of boilerplate-lexicon.toml) merged over the built-in one", path=True
    )

    def __post_init__(self) -> None:
        super().__post_init__()
        _check_languages(self.name, self.languages)
        _ = self._rules  # a bad lexicon file is a configuration error: raise it now

    @cached_property
    def _rules(self) -> dict[str, Any]:
        data = _data()["promos"]
        lines: set[str] = set()
        labels: list[str] = []
        for lang in self.languages:
            lines.update(_key(x) for x in data[lang].get("lines", ()))
            labels.extend(data[lang].get("labels", ()))
        common = data["all"]
        words = lexicon(self.lexicons)
        related = sorted(words.get("related_labels", ()))
        social = sorted(words.get("social_labels", ()))
        copyright = sorted(words.get("copyright", ()))
        return {
            "phrases": frozenset(lines),
            "label_starts": _Prefixes(labels),
            "label": lazy_compile(rf"[(\[]?\s*(?:{_alternation(labels)})\s*[:：|]", re.IGNORECASE),
            "starts": _Prefixes(common["starts"]),
            "patterns": _compile(common["patterns"], re.IGNORECASE),
            "needs": tuple(common["search_needs"]),
            "search": _compile(common["search"], re.IGNORECASE),
            "max_words": int(common["max_words"]),
            "lex_starts": _Prefixes(related + social + sorted(words.get("ui_lines", ()))),
            "related": lazy_compile(rf"[(\[»›>•*-]?\s*(?:{_alternation(related)})\s*(?:[:：|»›>?]|$)", re.IGNORECASE),
            "social": lazy_compile(rf"(?:{_alternation(social)})\s*[:：|]", re.IGNORECASE),
            "ui": frozenset(_key(x) for x in words.get("ui_lines", ())),
            # "© 2019 CBS Interactive Inc.", "Copyright 2019 The Associated Press"; not "Copyright cases rose"
            "copyright": lazy_compile(
                r"©\s*(?:\d{4}|[^\W\d])|\(c\)\s*\d{4}|copyright\s*(?:©|\(c\)|\d{4}|:)", re.IGNORECASE
            ),
            "rights": _words_regex([c for c in copyright if " " in c]),
            "rights_ends": tuple(c for c in copyright if " " in c),
            "field": lazy_compile(r"[^\W\d][\w ]{0,24}:\s+\S"),
        }

    @staticmethod
    def _short_line(text: str, head: str, r: dict[str, Any]) -> str | None:
        """Why ``text`` (at most 240 characters) is a related-reading line, a
        social-media line, a line of page interface or a copyright footer."""
        if text.count(" ") < 25 and (
            # a footer ends with its "all rights reserved": look at the end only
            "©" in text
            or head.startswith(("(c)", "copyright"))
            or text[-40:].rstrip(" .").lower().endswith(r["rights_ends"])
        ):
            if r["copyright"].match(text) or r["rights"].search(text):
                return "copyright footer"
        if not r["lex_starts"].match(head if head[0].isalnum() else head.lstrip("([»›>•*- ")):
            return None
        if r["related"].match(text):
            return "link to another article: a line that opens with a related-reading label"
        if _words(text) <= 12 and r["social"].match(text):
            return "social-media line: a line that opens with a network or a share label"
        if len(text) <= 60 and (key := _key(text).rstrip("0123456789 :")) in r["ui"]:
            return f"page interface {key!r}"
        return None

    def _metadata_block(self, lines: Sequence[str], i: int) -> bool:
        """Whether line ``i`` stands among other "Field: value" lines that are
        not promos: the fields of a structured document (a recipe's "Tags:")."""
        r = self._rules
        for step in (-1, 1):
            j = i + step
            while 0 <= j < len(lines) and not lines[j].strip():
                j += step
            if 0 <= j < len(lines):
                other = lines[j].strip()
                if r["field"].match(other) and not r["label"].match(other):
                    return True
        return False

    def judge(self, lines: Sequence[str]) -> Mapping[int, str]:
        r = self._rules
        phrases, label_starts, starts, needs = r["phrases"], r["label_starts"], r["starts"], r["needs"]
        lex_starts, rights_ends = r["lex_starts"], r["rights_ends"]
        out: dict[int, str] = {}
        # A copyright footer closes a page: a copyright line with running
        # text after it is the document's own (a licence, a legal text).
        prose_after: list[bool] | None = None
        structured: bool | None = None
        for i, line in enumerate(lines):
            if not line or len(line) > self.max_line_chars:
                continue
            text = line.strip()
            if not text:
                continue
            if _is_heading(text):
                continue  # a markdown heading ("## Tags") is the document's structure
            head = text[:40].lower()
            short = len(text) <= 240  # the lexicon and copyright rules judge short lines only
            if len(text) <= 80 and _key(text) in phrases:
                out[i] = f"promo line {text!r}"
            elif label_starts.match(head.lstrip("([ ")) and r["label"].match(text):
                if head.lstrip("([ ").startswith(("tag", "topic")):
                    if structured is None:
                        structured = any(_is_heading(x) for x in lines)
                    if structured or self._metadata_block(lines, i):
                        continue  # "Tags: sample" among a recipe's fields, or in a document with headings
                out[i] = "promo: a line that opens with a promo label"
            elif (
                short
                and (
                    "©" in text
                    or head.startswith(("(c)", "copyright"))
                    or lex_starts.match(head if head[0].isalnum() else head.lstrip("([»›>•*- "))
                    or text[-40:].rstrip(" .").lower().endswith(rights_ends)
                )
                and (why := self._short_line(text, head, r))
            ):
                if why == "copyright footer":
                    if prose_after is None:
                        prose_after = prose_follows(lines)
                    if prose_after[i]:
                        continue
                out[i] = why
            elif (starts.match(head) or text[0].isdigit()) and r["patterns"].match(text):
                out[i] = "promo or navigation line"
            elif len(text) > 20:
                low = text.lower()
                for need in needs:
                    if need in low:
                        if _words(text) <= r["max_words"] and r["search"].search(text):
                            out[i] = "newsletter or subscription box"
                        break
        return out


def _is_heading(line: str) -> bool:
    """A markdown heading: one to six "#" and a space."""
    text = line.strip()
    return text[:1] == "#" and text.lstrip("#")[:1] in (" ", "\t") and len(text) - len(text.lstrip("#")) <= 6


def _removed_by_later_passes(line: str) -> bool:
    """Whether strip-promos or strip-credits (with their defaults) remove ``line``."""
    promos, credits = _later_passes()
    return bool(promos.judge([line]) or credits.judge([line]))


@cache
def _later_passes() -> tuple[LinePass, LinePass]:
    return StripPromos(), StripCredits()


# -- strip-captions ----------------------------------------------------------


@register("strip-captions")
@dataclass(frozen=True, kw_only=True)
class StripCaptions(LinePass):
    """Remove photo captions and credits: "Photo: Damian Dovarganes, AP", "... Handout via REUTERS".

    A credit is recognised by its form: a labelled line ("Photo: ...",
    "Image copyright ...", "Credit: ..."), a name and an agency joined by a
    slash ("Sakib Ali/Hindustan Times/Getty Images"), or a credit at the end
    of a caption ("(AP Photo/Ng Han Guan)", "REUTERS/Name", "... via
    REUTERS"). A caption sentence without a credit of its own is removed when
    a credit line follows it, or when a caption widget's crumbs ("less",
    "... more") follow it; the credit and the crumbs always go with it, so a
    second run finds nothing new. Copies of a removed caption elsewhere in the
    text (galleries repeat them) go too. Inline mentions ("Reuters reported that
    ...", "Getty Images said ...") and sentences about a photograph stay.

    >>> StripCaptions()("Text.\\nA crowd in Madrid on Tuesday.\\nPhoto: Jane Doe, AP\\nMore text.\\n")
    'Text.\\nMore text.\\n'
    >>> StripCaptions()("Getty Images said on Tuesday it would sell the archive.\\n")
    'Getty Images said on Tuesday it would sell the archive.\\n'
    """

    context: bool = option(True, "a caption is often recognisable only by the credit line after it")
    max_caption_words: int = option(50, "captions are a sentence or two: longer lines are article text")
    lexicons: tuple[str, ...] = option(
        (), "your lexicon files (TOML, the layout of boilerplate-lexicon.toml) merged over the built-in one", path=True
    )

    def __post_init__(self) -> None:
        super().__post_init__()
        _ = self._rules  # a bad lexicon file is a configuration error: raise it now

    @cached_property
    def _rules(self) -> dict[str, Any]:
        data = _data()["captions"]
        agencies = data["agencies"]
        words = lexicon(self.lexicons)
        all_agencies = sorted(set(agencies) | set(_agencies(self.lexicons)))
        labels = sorted(words.get("credit_labels", ()))
        colon = [x for x in labels if not x.endswith(".")]
        dotted = [x for x in labels if x.endswith(".")]
        label = rf"[(\[©]?\s*(?:(?:{_alternation(colon)})\s*(?:[:|]|©)"
        label += rf"|(?:{_alternation(dotted)}))" if dotted else ")"
        return {
            "credit_starts": _Prefixes(data["credit_starts"]),
            "credit_lines": _compile(data["credit_lines"], re.IGNORECASE),
            "caption_starts": _Prefixes(data["caption_starts"]),
            "caption_lines": _compile(data["caption_lines"], re.IGNORECASE),
            "tails": lazy_compile(rf"(?:{_compile(data['credit_tails'], 0, agencies).pattern})\s*$"),
            "names": lazy_compile(rf"(?:{_compile(data['credit_names'], 0, agencies).pattern})\s*$"),
            "credit_words": int(data["credit_max_words"]),
            "crumbs": frozenset(c.casefold() for c in data["crumbs"]),
            "agency_words": frozenset(w for a in all_agencies for w in a.split()),
            "agency": _words_regex(all_agencies, 0),
            "label_starts": _Prefixes([x.lstrip("(") for x in labels] + ["(", "[", "©"]),
            "label": lazy_compile(label, re.IGNORECASE),
            "person": lazy_compile(r"[A-Z][a-zà-ÿ’'.-]+(?: [A-Z][\w’'.-]*){1,3}\s*$"),
            "signoff": lazy_compile(rf"[.!?”\"]\s*\((?:{_alternation(all_agencies)})(?:\s?/\s?[\w -]{{1,30}})?\)\s*$"),
            "speech": _words_regex(sorted(words.get("speech", ()))),
            # Case-sensitive: "Will Smith", "May 5" are not auxiliaries.
            "prose": _words_regex(sorted(words.get("prose", ())), 0),
            "sentence": lazy_compile(r"[.!?] +[A-ZÀ-Ý]"),
            "field": lazy_compile(r"[^\W\d][\w-]{2,20}:\s"),
        }

    def _credit(self, text: str, head: str, rules: dict[str, Any]) -> tuple[str, bool] | None:
        """Why ``text`` is a credit line, and whether it is a credit on its
        own (True) or only when a caption stands above it (False)."""
        n = _words(text)
        if n > 3 * rules["credit_words"]:
            return None
        if rules["label_starts"].match(head.lstrip("([©* ")) and rules["label"].match(text):
            rest = text[rules["label"].match(text).end() :]
            if _words(rest) <= rules["credit_words"] + 3 and not rules["sentence"].search(rest):
                return "photo credit line (a credit label)", True
        if n > rules["credit_words"]:
            return None
        labelled = rules["credit_starts"].match(head)
        if labelled and rules["credit_lines"].match(text):
            return "photo credit line", True
        if "|" in text:
            parts = [p.strip() for p in text.strip("| ").split("|")]
            if (
                len(parts) >= 2
                and all(p and p[0].isupper() and _words(p) <= 4 for p in parts)
                and rules["agency"].search(text)
            ):
                return "photo credit (names and an agency between bars)", True
        named = "/" in text or text.partition(" ")[0] in rules["agency_words"]
        if named and rules["names"].match(text):
            if rules["agency"].search(text):
                return "photo credit (name and agency)", True
            first = re.split(r"\s?/\s?", text, maxsplit=1)[0]
            if not text.isupper() and rules["person"].fullmatch(first):
                return "photo credit (a name and an outlet)", False
        return None

    def _not_a_caption(self, text: str, rules: dict[str, Any]) -> str | None:
        """Why ``text``, the line above a credit, does not read as a caption:
        the credit then belongs to a picture with no caption (sites print
        credits under body paragraphs) and the paragraph stays."""
        if _words(text) > self.max_caption_words:
            return "too long for a caption"
        if text.endswith(":"):
            return "it introduces what follows"
        if text.endswith(("!", "?")):
            return "an exclamation or a question"
        if len(text.split()) < 4:
            return "too short for a caption (a heading, a name or a label)"
        if ";" in text:
            return "a list of clauses"
        if text[0].islower():
            return "it continues a sentence"
        if rules["field"].match(text):
            return 'a labelled line ("Disclosure: ...")'
        words = text.split()
        if len(words) >= 3 and text[-1] not in ".!?":
            capitalised = sum(1 for w in words if w[:1].isupper() or not w[:1].isalpha())
            if capitalised >= 0.75 * len(words):
                return "a heading, a name or a list item (title case, no full stop)"
        if any(q in text for q in '"“”„«»'):
            return "a quotation"
        if rules["signoff"].search(text):
            return "a wire paragraph with its sign-off"
        if rules["sentence"].search(text):
            ends = [e for e in sentence_ends(text) if text[e:].strip()]
            # AP's captions add a sentence of context after a dated first one:
            # "... in Hanoi, Vietnam Wednesday, Nov. 20, 2019. Esper is on ..."
            if len(ends) > 1 or (ends and not _DATE_RE.search(text, 0, ends[0])):
                return "running text of more than one sentence"
        if rules["speech"].search(text):
            return "reported speech"
        if rules["prose"].search(text):
            return "running text (auxiliary verbs or the first person)"
        if _PAST.search(text) and not (_DATE_RE.search(text) or _PICTURE_CUE.search(text)):
            return "running text (a verb in the past tense, and no date or word of a picture)"
        return None

    def _caption(self, text: str, head: str, rules: dict[str, Any]) -> str | None:
        """Why ``text`` is a caption recognisable on its own."""
        if rules["caption_starts"].match(head) and rules["caption_lines"].match(text):
            return "labelled photo caption"
        tail = text[-240:]
        last = tail[-1]
        # Cheap prefilter: credit tails end in a bracket or a word without a
        # full stop, or follow "pictured on <date>".
        if (
            last in ")]"
            or ", pictured " in tail
            or (
                last.isalpha()
                and ("/" in tail or "Credit" in tail or " by " in tail or " via " in tail or ". " in tail)
            )
        ) and rules["tails"].search(tail):
            if last == ")" and rules["signoff"].search(tail):
                return None  # "... sagte er. (dpa)": a wire sign-off ends the paragraph
            return "caption with a photo credit"
        return None

    def judge(self, lines: Sequence[str]) -> Mapping[int, str]:
        rules = self._rules
        caption_starts, crumbs = rules["caption_starts"], rules["crumbs"]
        out: dict[int, str] = {}
        previous = -1  # index of the previous non-blank line
        for i, line in enumerate(lines):
            text = line.strip()
            if not text:
                continue
            n = len(text)
            head = text[:16].lower()
            confirms = False
            if n <= 160:
                credit = self._credit(text, head, rules)
                if credit:
                    why, alone = credit
                    confirms = True
                elif n <= 16 and text.casefold() in crumbs:
                    why, alone = "caption widget crumb", True
                    confirms = True
                # A credit that may only follow a caption still goes when the
                # line above went (as a caption or a credit): otherwise a
                # second run would find it under a new neighbour.
                if confirms and (alone or (previous >= 0 and previous in out)):
                    out[i] = why
            if (
                not confirms
                and (text[-1] not in _PROSE_END or text.find(", pictured ", n - 240) >= 0 or caption_starts.match(head))
                and (caption := self._caption(text, head, rules))
            ):
                out[i] = caption
            if confirms and self.context and previous >= 0 and previous not in out:
                above = previous
                if not alone:
                    # A credit that needs a caption must not find a new one on
                    # a second run, once strip-promos or strip-credits (later
                    # in the preset) has removed the line above it: look past
                    # such lines now.
                    while above >= 0 and _removed_by_later_passes(lines[above]):
                        above -= 1
                        while above >= 0 and not lines[above].strip():
                            above -= 1
                if above >= 0 and above not in out and not self._not_a_caption(lines[above].strip(), rules):
                    out[above] = "photo caption (a credit follows it and it reads as a caption)"
                    out[i] = why
            previous = i
        if out:
            # Galleries repeat a caption; a copy of a removed caption goes too.
            removed = {lines[i].strip() for i, why in out.items() if why != "caption widget crumb"}
            for i, line in enumerate(lines):
                if i not in out and line and (text := line.strip()) in removed and _words(text) >= 4:
                    out[i] = "repeat of a photo caption"
        return out


# What a caption says and a paragraph seldom does: where the people in the
# picture stand or what they are doing at the moment it was taken.
_PICTURE_CUE = lazy_compile(
    r"\b(?:pictured|photographed|file (?:photo|picture)|poses?|posing|attends?|arrives?|speaks|gestures?|waves|"
    r"looks on|(?:is|are) seen|seen (?:here|during|at|in)|from left|from right|left|right|center|centre|"
    r"above|below|top|bottom|during|ahead of)\b|\((?:L|R|C|left|right|center|centre)\)",
    re.IGNORECASE,
)


# Captions are written in the present tense ("... shakes hands with ...");
# a paragraph that tells what happened uses the past ("The minister spoke").
_PAST = lazy_compile(
    r"\b(?:[a-z]{2,}[^e\W]ed|said|told|spoke|went|was|were|had|made|took|came|gave|got|began|wrote|"
    r"found|knew|thought|sagte|erklärte|hatte|hatten|wurde|wurden|war|waren)\b"
)


# -- strip-boilerplate -------------------------------------------------------


@register("strip-boilerplate")
@dataclass(frozen=True, kw_only=True)
class StripBoilerplate(LinePass):
    """Remove short lines a learned line model scores as page furniture: "Print | Email | Share".

    The model (``cleantext/linemodel.py``, weights in
    ``cleantext/data/line-model.json``) is a logistic regression over the
    form of a line and of its neighbours, never over a site's name; it was
    fitted on pages of one half of the sites of two public evaluation sets
    and measured on the other half. It judges only lines of at most 100 characters
    with a hit in the multilingual lexicon, a separator (| » • /) or a link,
    never the first line, and removes a line only when its score passes a
    threshold set so that very few article lines go. Each removal says what
    weighed most.

    >>> StripBoilerplate()("Title\\nThe minister spoke.\\nPrint | Email | Share\\nMore text.\\n")
    'Title\\nThe minister spoke.\\nMore text.\\n'
    >>> StripBoilerplate()("Title\\nShe moved to Facebook | Meta in 2019 after ten years at Google.\\n")
    'Title\\nShe moved to Facebook | Meta in 2019 after ten years at Google.\\n'
    """

    threshold: float = option(0.0, "0 takes the model's own threshold, fitted for very few article lines removed")
    lexicons: tuple[str, ...] = option(
        (), "your lexicon files (TOML, the layout of boilerplate-lexicon.toml) merged over the built-in one", path=True
    )

    def __post_init__(self) -> None:
        super().__post_init__()
        if not 0.0 <= self.threshold < 1.0:
            raise ConfigError(f"pass {self.name!r}, option 'threshold': must be in [0, 1), got {self.threshold}")
        lexicon(self.lexicons)  # a bad lexicon file is a configuration error: raise it now

    def judge(self, lines: Sequence[str]) -> Mapping[int, str]:
        nonblank = (i for i, line in enumerate(lines) if line and not line.isspace())
        if next(nonblank, None) is None or next(nonblank, None) is None:
            return {}  # the first non-blank line is never removed: nothing to judge
        from cleantext.linemodel import LineModel, judge_lines

        model = LineModel.builtin()
        return judge_lines(model, lines, self.threshold or model.threshold, self.lexicons)


# -- strip-credits -----------------------------------------------------------


@register("strip-credits")
@dataclass(frozen=True, kw_only=True)
class StripCredits(LinePass):
    """Remove agency sign-offs and reporter lines: "(Reporting by ...; Editing by ...)".

    Wire stories end with who reported, wrote and edited them; web pages add
    "X contributed reporting", "Write to X at x@example.com" and short bios.
    Each is recognised by its own form, wherever it stands, so the pass stays
    idempotent when another pass shortens the text after it.

    >>> StripCredits()("Markets fell.\\n(Reporting by Jane Doe; Editing by John Roe)\\n")
    'Markets fell.\\n'
    >>> StripCredits()("Reporting by the Times found that the plant leaked.\\n")
    'Reporting by the Times found that the plant leaked.\\n'
    """

    max_line_chars: int = option(600, "sign-offs are short: longer lines are article text and are not checked")

    @cached_property
    def _rules(self) -> tuple[_Prefixes, tuple[str, ...], re.Pattern[str], int]:
        data = _data()["credits"]
        pattern = _compile(data["patterns"], re.IGNORECASE)
        return _Prefixes(data["starts"]), tuple(data["contains"]), pattern, int(data["max_words"])

    def judge(self, lines: Sequence[str]) -> Mapping[int, str]:
        starts, contains, pattern, max_words = self._rules
        out: dict[int, str] = {}
        for i, line in enumerate(lines):
            if not line or len(line) > self.max_line_chars:
                continue
            text = line.strip()
            if not text:
                continue
            candidate = starts.match(text[:12].lower())
            if not candidate:
                low = text.lower()
                for c in contains:
                    if c in low:
                        candidate = True
                        break
            if candidate and _words(text) <= max_words and pattern.match(text):
                out[i] = "agency sign-off or reporter credit"
        return out


# -- opt-in passes -----------------------------------------------------------

_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]{0,6}\.?"
_DATE = rf"(?:{_MONTH} \d{{1,2}}(?:st|nd|rd|th)?,? \d{{4}}|\d{{1,2}} {_MONTH},? \d{{4}}|\d{{4}}-\d{{2}}-\d{{2}}(?:T[\d:.+-]+Z?)?)"
_TIME = r"(?:\d{1,2}[:.]\d{2}(?: ?[AaPp]\.?[Mm]\.?)?(?: [A-Z]{2,4})?)"


# A date as captions write it: "Nov. 20, 2019", "20 November 2019", "Wednesday".
_DATE_RE = lazy_compile(rf"{_DATE}|\b(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b")


@register("strip-bylines")
@dataclass(frozen=True, kw_only=True)
class StripBylines(LinePass):
    """Remove byline and timestamp lines: "By Jane Doe", "Published 11:11 PM EST Nov 19, 2019".

    Not in the ``news`` preset: a byline is metadata some users keep. Lines
    are recognised by their form: "By" and a name, "Published", "Updated" or
    "Posted" and a date or time, or a bare date and time.

    >>> StripBylines()("By Jane Doe\\nUpdated 1:39 am EST, Wednesday, November 20, 2019\\nText.\\n")
    'Text.\\n'
    >>> StripBylines()("By noon the crowd had gone.\\n")
    'By noon the crowd had gone.\\n'
    """

    max_words: int = option(16, "a byline is a name or two and a date, never a sentence")

    @cached_property
    def _pattern(self) -> re.Pattern[str]:
        name = r"[A-Z][\w.’'-]*(?: [A-Z][\w.’'-]*){1,3}"
        return re.compile(
            "|".join(
                (
                    rf"(?i:by):? {name}(?:(?:,| and) {name})*(?: ?[,|-] .*)?$",
                    rf"(?i:published|updated|posted|last updated|first published|modified)\b:? ?(?:on |at )?.{{0,40}}(?:{_DATE}|{_TIME}).*$",
                    rf"(?:(?:[A-Z][a-z]+day|\d{{1,2}}/\d{{1,2}}/\d{{2,4}}),? )?{_DATE}(?:,? (?:at )?{_TIME})?(?: [A-Z]{{2,4}})?\s*$",
                    rf"{_TIME},? (?:[A-Z][a-z]+day,? )?{_DATE}\s*$",
                )
            )
        )

    def judge(self, lines: Sequence[str]) -> Mapping[int, str]:
        out: dict[int, str] = {}
        for i, line in enumerate(lines):
            text = line.strip()
            if text and _words(text) <= self.max_words and len(text) <= 200 and self._pattern.match(text):
                out[i] = "byline or timestamp"
        return out


@register("strip-datelines")
@dataclass(frozen=True, kw_only=True)
class StripDatelines(Pass):
    """Remove the dateline that opens a wire story's paragraph: "KYIV / MOSCOW, Feb 1 (Reuters) -".

    Not in the ``news`` preset: the place and date are part of the story for
    many readers. The dateline is an upper-case place (or places joined by
    "/"), optionally a date, optionally an agency in brackets, and a dash; it
    is removed from the start of every line that opens with one, and the rest
    of the line is kept byte for byte.

    >>> StripDatelines()("KYIV / MOSCOW, Feb 1 (Reuters) - Russian President Vladimir Putin said...\\n")
    'Russian President Vladimir Putin said...\\n'
    >>> StripDatelines()("NATO - the alliance - met on Tuesday.\\n")
    'NATO - the alliance - met on Tuesday.\\n'
    """

    @cached_property
    def _pattern(self) -> re.Pattern[str]:
        place = r"[A-ZÀ-Ý][A-ZÀ-Ý.’'-]+(?: [A-ZÀ-Ý][A-ZÀ-Ý.’'-]+){0,3}"
        date = rf"(?:{_MONTH} \d{{1,2}}|\d{{1,2}} {_MONTH})"
        agency = r"\((?:Reuters|AP|AFP|Bloomberg|dpa|AFX|UPI|IANS|PTI|Xinhua)\)"
        return re.compile(
            rf"[ \t]*{place}(?: ?/ ?{place})*(?:, [A-Z][a-z]+\.?)?(?:(?:,? {date})(?: {agency})?|(?:,? {date})? {agency}) ?[-–—] ?"
        )

    def __call__(self, text: str) -> str:
        return self.apply(text)[0]

    def apply(self, text: str) -> tuple[str, list[Change]]:
        if not text:
            return text, []
        out = []
        changes: list[Change] = []
        for number, line in enumerate(split_lines(text), 1):
            body = strip_ending(line)
            ending = line[len(body) :]
            start = 0
            # Stacked datelines: strip until none is left, so a second run finds
            # nothing. Each round consumes at least one character and the
            # pattern is anchored, so the loop is linear in the line's length.
            while True:
                m = self._pattern.match(body, start)
                if not m or m.end() == start:
                    break
                start = m.end()
            if not start:
                out.append(line)
                continue
            rest = body[start:]
            if rest.strip():
                out.append(rest + ending)
                changes.append(Change(self.name, "text-removed", body[:start], "", "wire dateline", number))
            else:  # the line was only a dateline
                changes.append(Change(self.name, "line-removed", line, "", "wire dateline", number))
        return ("".join(out), changes) if changes else (text, [])


@register("strip-subheads")
@dataclass(frozen=True, kw_only=True)
class StripSubheads(LinePass):
    """Remove short all-capitals lines inside the body: "A GUN IN THE HEAD OF UKRAINE".

    Not in the ``news`` preset: subheads are the editor's, not the reporter's,
    but they do structure a long story. A subhead is a line of at most
    ``max_words`` words whose letters are all capitals, with at least
    ``min_letters`` letters (so "I" or "NATO" stay).

    >>> StripSubheads()("Text.\\nA GUN IN THE HEAD OF UKRAINE\\nMore text.\\n")
    'Text.\\nMore text.\\n'
    >>> StripSubheads()("NATO met.\\n")
    'NATO met.\\n'
    """

    max_words: int = option(10, "subheads are a few words; a longer capitalised line is a shouted sentence")
    min_letters: int = option(5, "an acronym alone on a line (NATO, USA) is not a subhead")

    def judge(self, lines: Sequence[str]) -> Mapping[int, str]:
        out: dict[int, str] = {}
        for i, line in enumerate(lines):
            text = line.strip()
            if not text or len(text) > 120 or _words(text) > self.max_words:
                continue
            if text.isupper() and sum(c.isalpha() for c in text) >= self.min_letters and text[-1] not in ".?!":
                out[i] = "all-capitals subhead"
        return out
