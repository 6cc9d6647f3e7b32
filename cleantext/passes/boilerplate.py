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
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, cached_property
from itertools import compress, count
from operator import or_
from typing import Any, AnyStr

from cleantext.data import read_toml
from cleantext.errors import ConfigError
from cleantext.explain import Change
from cleantext.lexicon import agency_names, lexicon
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
    return read_toml("boilerplate.toml")


# The lists of a pattern table that hold regular expressions, and the flags
# their pass compiles them with.
_REGEX_LISTS = {
    ("promos", "all", "patterns"): re.IGNORECASE,
    ("promos", "all", "search"): re.IGNORECASE,
    ("captions", "credit_lines"): re.IGNORECASE,
    ("captions", "caption_lines"): re.IGNORECASE,
    ("captions", "credit_tails"): 0,
    ("captions", "credit_names"): 0,
    ("credits", "patterns"): re.IGNORECASE,
}
# The largest number a pattern table may set (a count of words).
_MAX_COUNT = 1000
_LANGUAGE_CODE = lazy_compile(r"[a-z]{2,3}")


@cache
def patterns_table(paths: tuple[str, ...] = ()) -> dict[str, Any]:
    """The pattern tables of strip-promos, strip-captions, strip-credits and
    strip-datelines: the built-in ``cleantext/data/boilerplate.toml`` with the user's files of
    the same layout merged over it. A list adds its entries to the built-in
    list; a number replaces the built-in one; a ``[promos.<language>]`` table
    may add a language (two or three lower-case letters).

    >>> "advertisement" in patterns_table()["promos"]["en"]["lines"]
    True
    """
    merged = _data()
    if not paths:
        return merged
    merged = {
        section: {k: (dict(v) if isinstance(v, dict) else v) for k, v in table.items()}
        for section, table in merged.items()
    }
    for path in paths:
        for key, value in _read_patterns(path).items():
            *parents, name = key
            table = merged
            for part in parents:
                table = table.setdefault(part, {})
            if isinstance(value, list):
                table[name] = [*table.get(name, ()), *value]
            else:
                table[name] = value
    return merged


def _read_patterns(path: str) -> dict[tuple[str, ...], list[str] | int]:
    """The entries of the user's pattern table at ``path``, checked: a
    regular UTF-8 file of at most 10 MB, valid TOML, only the tables and keys
    of the built-in table with values of the same type, and regular
    expressions that compile and cannot backtrack exponentially. An error
    names the file and line, never the file's content."""
    from cleantext.limits import backtracking_risk, load_toml, read_config_text

    text = read_config_text(path, "pattern table", encoding="utf-8-sig")
    data = load_toml(text, path)
    builtin = _data()
    layout = "a pattern table has the tables and keys of cleantext/data/boilerplate.toml"
    found: dict[tuple[str, ...], list[str] | int] = {}

    def where(key: tuple[str, ...]) -> str:
        line = _line_of_key(text, key)
        return f"{path}:{line}" if line else path

    for section, table in data.items():
        if section not in builtin:
            raise ConfigError(f"{where((section,))}: unknown table; {layout}")
        if not isinstance(table, dict):
            raise ConfigError(f"{where((section,))}: {section} must be a table, [{section}]")
        tables: list[tuple[tuple[str, ...], dict[str, Any], Any]] = []
        if section == "promos":
            for sub, entries in table.items():
                if not isinstance(entries, dict) or not (sub == "all" or _LANGUAGE_CODE.fullmatch(sub)):
                    raise ConfigError(
                        f"{where((section, sub))}: [promos] holds [promos.all] and tables of languages "
                        "([promos.en], [promos.it]: two or three lower-case letters)"
                    )
                tables.append(((section, sub), entries, builtin[section].get(sub, builtin[section]["en"])))
        else:
            tables.append(((section,), table, builtin[section]))
        for prefix, entries, model in tables:
            for name, value in entries.items():
                key = (*prefix, name)
                expected = model.get(name)
                if expected is None:
                    raise ConfigError(f"{where(key)}: unknown key in [{'.'.join(prefix)}]; {layout}")
                if isinstance(expected, int):
                    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= _MAX_COUNT:
                        raise ConfigError(f"{where(key)}: {name} must be a whole number from 1 to {_MAX_COUNT}")
                    found[key] = value
                    continue
                if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
                    raise ConfigError(f"{where(key)}: {name} must be a list of strings, none of them blank")
                flags = _REGEX_LISTS.get(key)
                if flags is not None:
                    agency = "(?:AP)"  # any of the agencies: a literal for these checks
                    for number, pattern in enumerate(value, 1):
                        what = f"{where(key)}: {name}, entry {number}"
                        try:
                            re.compile(f"(?:{pattern.replace('{agency}', agency)})", flags)
                        except re.error as exc:
                            # Without the quoted parts (a group's name, an escape): the file's content.
                            reason = re.sub(r"\s*(?:'[^']*'|\\\S*)|(?<=range) \S+", "", exc.msg)
                            raise ConfigError(f"{what}: not a valid regular expression ({reason})") from None
                        except (RecursionError, OverflowError):
                            raise ConfigError(f"{what}: a regular expression too deeply nested or too large") from None
                        why = backtracking_risk(f"(?:{pattern.replace('{agency}', agency)})", flags)
                        if why:
                            raise ConfigError(f"{what}: {why}")
                found[key] = list(value)
    return found


def _line_of_key(text: str, key: tuple[str, ...]) -> int:
    """The line of ``key`` (table names, then a key) in a TOML text: the line
    that sets the key under its table header, or the header, or 0."""
    header = re.compile(r"\s*\[\s*([^\[\]]+?)\s*\]\s*(?:#.*)?$")
    table: tuple[str, ...] = ()
    header_line = 0
    for number, line in enumerate(text.splitlines(), 1):
        m = header.match(line)
        if m:
            table = tuple(part.strip().strip("\"'") for part in m.group(1).split("."))
            if table == key:
                return number
            if table == key[:-1]:
                header_line = number
            continue
        name = line.split("=", 1)[0].strip().strip("\"'")
        if "=" in line and (*table, *name.split(".")) == key:
            return number
    return header_line


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

    def __init__(self, prefixes: Sequence[str], width: int | None = None) -> None:
        """``width``: how many characters of a line the caller passes; a
        longer prefix (a user's) is cut to it, so that it can still match."""
        index: dict[str, list[str]] = {}
        for p in {p.casefold()[:width] for p in prefixes if p}:
            index.setdefault(p[0], []).append(p)
        self._index = {k: tuple(v) for k, v in index.items()}

    def match(self, head: str) -> bool:
        """Whether ``head`` (lower-case) starts with one of the prefixes."""
        candidates = self._index.get(head[:1])
        return candidates is not None and head.startswith(candidates)


def _check_languages(name: str, languages: Sequence[str], tables: Mapping[str, Any]) -> None:
    known = [lang for lang in tables if lang != "all"]
    unknown = [lang for lang in languages if lang not in known]
    if unknown:
        raise ConfigError(
            f"pass {name!r}, option 'languages': no patterns for {unknown[0]!r}; known: {', '.join(known)}",
            pass_name=name,
            option="languages",
            value=unknown[0],
        )


# How prose lines end; a caption with a credit at its end rarely does.
_PROSE_END = frozenset(".!?:;,\"”’'…")


def _words(line: str) -> int:
    return line.count(" ") + 1


def _may_end_with_credit(tail: str) -> bool:
    """The cheap check before strip-captions looks for a credit at the end
    of a caption: ``tail`` (a line's last 240 characters, not blank, without
    spaces at its end) ends in a bracket, or in a letter with a credit's mark
    before it ("/", "Credit", " by ", " via ", ". "). The cue test asks the
    same, so it is written once."""
    last = tail[-1]
    return last in ")]" or (
        last.isalpha() and ("/" in tail or "Credit" in tail or " by " in tail or " via " in tail or ". " in tail)
    )


# -- which lines a rule could judge ------------------------------------------
#
# strip-captions, strip-promos and strip-credits each open their rules with
# cheap checks of a line's own form: a prefix, a character, a word inside it,
# its length, its last character. ``_Cues`` gathers those checks, for the
# three passes at once, into one look at each line that says which of the
# passes has a rule the line could open; ordinary prose opens none, and the
# passes then spend nothing on it beyond noting that it is there (a caption
# can still go because of the credit under it: context is looked at from the
# line that opens a rule). The checks are the passes' own conditions, made
# wider, never narrower, so the output is the same with or without them.

# Bits of a line's cues: a line that is not blank (_TEXT), and one that may
# open a rule of strip-captions (a caption: _CAPTIONS; a photo credit:
# _PHOTO_CREDITS), of strip-promos or of strip-credits.
_CAPTIONS, _PROMOS, _CREDITS, _TEXT, _PHOTO_CREDITS = 1, 2, 4, 8, 16
# Every character but the newline that str.isspace() holds for.
_SPACES = (
    "\t\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680"
    + "".join(map(chr, range(0x2000, 0x200B)))
    + "\u2028\u2029\u202f\u205f\u3000"
)
# The prefixes the passes look for after stripping these characters.
_CAPTION_LABEL_STRIP = "([©* "
_PROMO_LABEL_STRIP = "([ "
_PROMO_LEX_STRIP = "([»›>•*- "


def _trie(words: Sequence[str]) -> str:
    """A regex alternation of literal ``words`` grouped by their first
    character (so that the regex engine tries few of them at a position); it
    matches where one of the words starts."""
    groups: dict[str, set[str]] = {}
    for w in words:
        if w:
            groups.setdefault(w[0], set()).add(w[1:])
    parts = []
    for first, rests in sorted(groups.items()):
        if "" in rests:  # the one-character word covers the longer ones
            parts.append(re.escape(first))
        else:
            parts.append(f"{re.escape(first)}(?:{_alternation(sorted(rests))})")
    return f"(?:{'|'.join(parts)})" if parts else r"(?!x)x"


def _searches(words: Sequence[tuple[str, int]]) -> tuple[tuple[str, tuple[tuple[str, int], ...]], ...]:
    """``(head, ((word, bit), ...))``: the ``words`` grouped so that the words
    of a group start with its head, of at least 4 characters when a group
    holds more than one word (" is a" for " is a " and " is an ")."""
    groups: list[tuple[str, list[tuple[str, int]]]] = []
    for word, bit in sorted(set(words)):
        if groups:
            head, members = groups[-1]
            common = next(
                (k for k, (a, b) in enumerate(zip(head, word, strict=False)) if a != b), min(len(head), len(word))
            )
            if common >= 4:
                groups[-1] = (head[:common], [*members, (word, bit)])
                continue
        groups.append((word, [(word, bit)]))
    return tuple((head, tuple(members)) for head, members in groups)


class _Cues:
    """The cue test for one configuration of the three passes' rules."""

    __slots__ = (
        "agency_words",
        "caption_rules",
        "crumbs",
        "head",
        "heads",
        "inside",
        "marks",
        "open_keys",
        "opens",
        "phrases",
        "promo_patterns",
        "rights",
        "rights_tails",
        "rights_width",
        "search_bytes",
        "searches",
        "stripped",
        "table",
        "usable",
    )

    def __init__(self, lexicons: tuple[str, ...], languages: tuple[str, ...], patterns: tuple[str, ...]) -> None:
        captions = StripCaptions(lexicons=lexicons, patterns=patterns)._rules
        promos = StripPromos(lexicons=lexicons, languages=languages, patterns=patterns)._rules
        starts, contains, _, _ = StripCredits(patterns=patterns)._rules

        def forms(prefixes: _Prefixes, strip: str = "") -> list[str]:
            return [p for group in prefixes._index.values() for p in group if p[0] not in strip]

        def index(pairs: list[tuple[str, int]]) -> dict[str, tuple[tuple[tuple[str, ...], int], ...]]:
            """First character -> (prefixes, bit) for each bit."""
            out: dict[str, dict[int, list[str]]] = {}
            for prefix, bit in pairs:
                out.setdefault(prefix[0], {}).setdefault(bit, []).append(prefix)
            return {k: tuple((tuple(v), bit) for bit, v in by_bit.items()) for k, by_bit in out.items()}

        plain = (
            [(p, _PHOTO_CREDITS) for p in forms(captions["credit_starts"])]
            + [(p, _CAPTIONS) for p in forms(captions["caption_starts"])]
            + [(p, _PROMOS) for p in [*forms(promos["starts"]), "(c)", "copyright"]]
            + [(p, _CREDITS) for p in forms(starts)]
        )
        label = [(p, _PHOTO_CREDITS) for p in forms(captions["label_starts"], _CAPTION_LABEL_STRIP)]
        promo_label = [(p, _PROMOS) for p in forms(promos["label_starts"], _PROMO_LABEL_STRIP)]
        lex = [(p, _PROMOS) for p in forms(promos["lex_starts"], _PROMO_LEX_STRIP)]
        # A line that opens with a letter or a digit strips nothing: every
        # prefix is looked up at its start, in one table.
        self.table = index(plain + label + promo_label + lex)
        # Otherwise each family of prefixes after its own stripping.
        self.stripped = (
            ("", index(plain)),
            (_CAPTION_LABEL_STRIP, index(label)),
            (_PROMO_LABEL_STRIP, index(promo_label)),
            (_PROMO_LEX_STRIP, index(lex)),
        )
        # Words looked for anywhere in a line (lower-cased), and the bit each sets.
        self.inside = tuple(
            [(x, _PROMOS) for x in promos["needs"]] + [(x, _CREDITS) for x in contains] + [(", pictured ", _CAPTIONS)]
        )
        # The words to search the text for: a head and the words that start
        # with it (words with a long head in common are searched for once).
        self.searches = _searches(self.inside)
        # The same in UTF-8 when every word is ASCII: bytes.lower() lowers
        # ASCII letters only and is far cheaper than str.lower() on text with
        # any other character, and only two other characters lower-case to
        # ASCII letters ("İ" and the Kelvin sign "K", looked for first).
        ascii_words = all(x.isascii() for x, _ in self.inside)
        self.search_bytes = (
            tuple((h.encode(), tuple((w.encode(), b) for w, b in ws)) for h, ws in self.searches)
            if ascii_words
            else None
        )
        self.rights = tuple(promos["rights_ends"])
        # Their last characters: lower-casing a line's last few characters
        # alone gives what lower-casing it whole ends with (but for "İ" and
        # the final sigma, see usable), so a line whose last few do not end
        # a footer needs no more.
        self.rights_width = min([4, *map(len, self.rights)])
        self.rights_tails = frozenset(r[-self.rights_width :] for r in self.rights)
        self.agency_words = captions["agency_words"]
        self.caption_rules = captions
        self.crumbs = captions["crumbs"]
        self.phrases = promos["phrases"]
        # A line that opens with a digit is a promo only by these ("1/5",
        # "12 comments").
        self.promo_patterns = promos["patterns"]
        self.heads = frozenset(k[:3] for k in self.phrases)
        # Lower-casing a slice equals slicing the lower-cased line except for
        # the final sigma, whose form depends on its neighbours: with a sigma
        # in a cue, every line is a candidate.
        agency = sorted({w.lower() for w in self.agency_words if w})
        literals = [p for p, _ in plain + label + promo_label + lex] + [x for x, _ in self.inside] + [*self.rights]
        self.usable = all("σ" not in x and "ς" not in x and "\n" not in x and x for x in [*literals, *agency])
        # The fast test (see bits): marks looked for anywhere in a line, and
        # the starts of lines a rule may open, matched in the lower-cased
        # text: a space or a character some rule strips before its prefixes,
        # one of the prefixes, or an agency's word (lower-cased: wider than
        # the rule).
        self.marks = tuple((m, ((m, 1),)) for m in ("|", "/", "©"))  # in the layout of searches
        # (Prefixes cut to 6 characters: the regex is wider and compiles fast.)
        openers = [_trie([p[:6] for p, _ in plain + label + promo_label + lex])]
        if agency:
            openers.append(rf"(?:{_alternation(agency)})(?=\s|\Z)")
        stripped_first = "".join(sorted(set(_CAPTION_LABEL_STRIP + _PROMO_LABEL_STRIP + _PROMO_LEX_STRIP)))
        body = "|".join([rf"[^\S\n]|[{re.escape(stripped_first)}]", *openers])
        self.opens = lazy_compile(body)  # compiled at the first line longer than 80 characters
        # Matched on the lower-cased start of a line, long enough for an
        # agency's word and the space after it (cut after a word, the line's
        # start opens more lines, never fewer).
        self.head = max([7, *(len(a) + 1 for a in agency)])
        # What the first three characters of a line, lower-cased, must be
        # (or start with) for ``opens`` to match: three cost less to look up
        # than the match.
        beginnings = [p[:6] for p, _ in plain + label + promo_label + lex] + agency
        self.open_keys = (
            frozenset(w[:3] for w in beginnings if len(w) >= 3),
            frozenset(w for w in beginnings if len(w) == 2),
            frozenset([w for w in beginnings if len(w) == 1] + list(stripped_first) + list(_SPACES)),
        )

    def bits(self, lines: Sequence[str]) -> list[int]:
        """:meth:`fast_bits` of the lines, or their :meth:`reference_bits`
        when they hold fewer than 500 characters (a short text costs less
        line by line than compiling the fast test's patterns)."""
        if sum(map(len, lines)) < 500:
            return self.reference_bits(lines)
        return self.fast_bits(lines)

    def fast_bits(self, lines: Sequence[str]) -> list[int]:
        """For each line: 0 when it is blank, else ``_TEXT`` with
        ``_CAPTIONS``, ``_PROMOS`` and ``_CREDITS`` for each pass with a rule
        the line could open (and ``_PHOTO_CREDITS`` for a possible photo
        credit, one of strip-captions' rules): :meth:`line_bits` of each line.

        Most lines of an article are prose that opens no rule, and their bits
        are worked out with few steps in Python: a line that opens with
        neither a space, a digit, a character some rule strips before its
        prefixes, one of the prefixes nor an agency's word, holds no "|", "/"
        or "©", has no space at its end and no copyright footer's end and,
        when of at most 80 characters, is neither a whole-line phrase nor a
        caption widget's crumb gets the bits of the words inside it (searched
        for in the whole text), ``_TEXT``, and ``_CAPTIONS`` when its end
        holds a credit strip-captions finds. Every other line is a candidate
        and gets :meth:`line_bits`."""
        everything = _TEXT | _CAPTIONS | _PROMOS | _CREDITS | _PHOTO_CREDITS
        if not self.usable:
            return [everything if line.strip() else 0 for line in lines]
        joined = "\n".join(lines)
        # "İ" lower-cases to two characters: look line by line. (A line
        # holding a newline is no line of a split text: likewise.)
        if "\u0130" in joined or joined.count("\n") != len(lines) - 1:
            return self.reference_bits(lines)
        if self.search_bytes is not None and "\u212a" not in joined:
            found = _found(joined.encode("utf-8", "surrogatepass").lower(), self.search_bytes, b"\n", len(lines))
        else:
            found = _found(joined.lower(), self.searches, "\n", len(lines))
        prose_end, rights, opens, head = _PROSE_END, self.rights, self.opens.match, self.head
        keys3, keys2, keys1 = self.open_keys
        heads = self.heads
        tails, width = self.rights_tails, self.rights_width
        ends_with_credit, is_phrase, crumbs = self._ends_with_credit, self._is_phrase, self.crumbs
        # The bits of a line besides those of the words inside it, when it
        # opens as prose does, holds no copyright footer's end and, when
        # short, is neither a whole-line phrase nor a caption widget's crumb;
        # else -1: a candidate. Two lookups spare most lines a step: the
        # first three characters of a line, lower-cased, that start none of
        # the starts ``opens`` matches (open_keys); three letters, case-folded,
        # that start no phrase's key (a line that opens with three letters
        # is its key's start).
        code = [
            (
                _TEXT
                if line[-1] in prose_end
                else -1
                if line[-1].isspace()
                else _TEXT | _CAPTIONS
                if ends_with_credit(line[-240:])
                else _TEXT
            )
            if line
            and not line[0].isdigit()
            and not (
                ((key := line[:3].lower()) in keys3 or key[:2] in keys2 or key[:1] in keys1)
                and opens(line[:head].lower())
            )
            and (
                len(line) > 240
                or line[-40:].rstrip(" .")[-width:].lower() not in tails
                or not line[-40:].rstrip(" .").lower().endswith(rights)
            )
            and (
                len(line) > 80
                or not (
                    ((not (three := line[:3]).isalpha() or three.casefold()[:3] in heads) and is_phrase(line))
                    or (len(line) <= 16 and line.casefold() in crumbs)
                )
            )
            else -1
            if line
            else 0
            for line in lines
        ]
        for i in compress(count(), _found(joined, self.marks, "\n", len(lines))):
            code[i] = -1
        out = list(map(or_, code, found))
        line_bits = self.line_bits
        for i in compress(count(), map((0).__gt__, code)):
            out[i] = line_bits(lines[i], found[i])
        return out

    def reference_bits(self, lines: Sequence[str]) -> list[int]:
        """:meth:`bits` worked out line by line with :meth:`line_bits`."""
        if not self.usable:
            return [_TEXT | _CAPTIONS | _PROMOS | _CREDITS | _PHOTO_CREDITS if line.strip() else 0 for line in lines]
        return [self.line_bits(line, self._inside(line.lower())) for line in lines]

    def line_bits(self, line: str, bits: int) -> int:
        """The cue bits of one line, given the bits of the words inside it
        (:meth:`_inside` of the lower-cased line). (The phrase rule works a
        line's key out only when :meth:`_is_phrase` says it may be one.)"""
        text = line.strip()
        if not text:
            return 0
        n = len(text)
        head = text[:40].lower()
        first = head[0]
        if first.isalnum():
            for prefixes, bit in self.table.get(first, ()):
                if head.startswith(prefixes):
                    bits |= bit
        else:
            for strip, by_first in self.stripped:
                h = head.lstrip(strip) if strip else head
                for prefixes, bit in by_first.get(h[:1], ()):
                    if h.startswith(prefixes):
                        bits |= bit
        if n > 160:
            bits &= ~_PHOTO_CREDITS
        elif not bits & _PHOTO_CREDITS and (
            "|" in text
            or "/" in text
            or text.partition(" ")[0] in self.agency_words
            or (n <= 16 and text.casefold() in self.crumbs)
        ):
            bits |= _PHOTO_CREDITS
        if self._ends_with_credit(text[-240:]):
            bits |= _CAPTIONS
        if not bits & _PROMOS and (
            (text[0].isdigit() and self.promo_patterns.match(text))
            or (n <= 80 and self._is_phrase(text))
            or (n <= 240 and ("©" in text or text[-40:].rstrip(" .").lower().endswith(self.rights)))
        ):
            bits |= _PROMOS
        return bits | _TEXT

    def _ends_with_credit(self, tail: str) -> bool:
        """Whether strip-captions' caption rule finds a credit at the end of
        ``tail`` (a line's last 240 characters) when it looks for one."""
        return _may_end_with_credit(tail) and _credit_tail(tail, self.caption_rules)

    def _is_phrase(self, text: str) -> bool:
        """Whether ``_key(text)`` is one of the phrases. A text without
        decoration at its ends, spaces other than single " " and characters
        that do not print is its own key once case-folded; its first three
        characters then say whether it may be a phrase."""
        bare = text.strip(_DECOR)
        if bare.isprintable() and "  " not in bare:
            return bare[:3].casefold()[:3] in self.heads and bare.casefold() in self.phrases
        return _key(text) in self.phrases

    def _inside(self, low: str) -> int:
        bits = 0
        for word, bit in self.inside:
            if word in low:
                bits |= bit
        return bits


def _found(
    low: AnyStr, searches: tuple[tuple[AnyStr, tuple[tuple[AnyStr, int], ...]], ...], newline: AnyStr, lines: int
) -> list[int]:
    """For each of ``lines`` lines: the bits of the words looked for inside
    lines (``searches``, see ``_searches``), found in the whole lower-cased
    text ``low`` (the lines joined by ``newline``) at once."""
    found = [0] * lines
    for head, words in searches:
        at = low.find(head)
        i = previous = 0  # the line of the match at ``previous``
        while at >= 0:
            i += low.count(newline, previous, at)
            previous = at
            if len(words) == 1:
                found[i] |= words[0][1]
                end = low.find(newline, at)  # the next match on another line
                at = low.find(head, end) if end >= 0 else -1
                continue
            for word, bit in words:
                if low.startswith(word, at):
                    found[i] |= bit
            at = low.find(head, at + 1)
    return found


@cache
def _cues(lexicons: tuple[str, ...], languages: tuple[str, ...], patterns: tuple[str, ...]) -> _Cues:
    return _Cues(lexicons, languages, patterns)


def _cue_bits(
    lines: Sequence[str],
    lexicons: tuple[str, ...] = (),
    languages: tuple[str, ...] = _LANGUAGES,
    patterns: tuple[str, ...] = (),
) -> list[int] | None:
    """``_Cues.bits`` of the lines when they are a pipeline's line view
    (``cleantext.pipeline.LineView``, handed from one line pass to the next),
    computed once for the passes of the view; None for plain lines, which a
    pass alone looks at in full (the test pays off only when shared). The
    bits are those of the three passes built with the calling pass's
    lexicons, languages and pattern tables: each pass reads only its own."""
    cache: dict[Any, list[Any]] | None = getattr(lines, "per_line", None)
    if cache is None:
        return None
    key = ("boilerplate-cues", lexicons, languages, patterns)
    found = cache.get(key)
    if found is None:
        found = cache[key] = _cues(lexicons, languages, patterns).bits(lines)
    return found


def _cued(lines: Sequence[str], cues: list[int] | None, bits: int) -> Iterable[int]:
    """The indexes of the lines a pass looks at: those whose cues have one of
    ``bits``, or every line when there are no cues."""
    if cues is None:
        return range(len(lines))
    # The cues as bytes (each below 32) mapped to 1 or 0 by a table: no
    # Python call per line.
    return compress(count(), bytes(cues).translate(_has_bits(bits)))


@cache
def _has_bits(bits: int) -> bytes:
    """The table (for ``bytes.translate``) that maps cues to 1 when they have
    one of ``bits``, else to 0."""
    return bytes(1 if cue & bits else 0 for cue in range(256))


def _as_repaired(lines: Sequence[str]) -> Sequence[str]:
    """The lines as the next run sees them at the end: repair-truncation (last
    in the news preset) removes a scraper's truncation note from the last
    line ("REUTERS/Jane Doe [+1234 chars]"), and a line that a rule would
    take without its note must be taken on the first run too (idempotence).
    The same lines (a shared view) when the last line has no note."""
    last = len(lines) - 1
    while last >= 0 and (not lines[last] or lines[last].isspace()):
        last -= 1
    if last < 0:
        return lines
    # In a line view, the verdict on the last line is kept for the passes
    # after this one (aligned with the lines, so it follows them when some go).
    notes: list[str | None] | None = None
    cache: dict[Any, list[Any]] | None = getattr(lines, "per_line", None)
    if cache is not None:
        notes = cache.get("truncation-notes")
        if notes is None:
            notes = cache["truncation-notes"] = [None] * len(lines)
    bare = notes[last] if notes is not None else None
    if bare is None:
        from cleantext.passes.endings import without_truncation_note

        bare = without_truncation_note(lines[last])
        if notes is not None:
            notes[last] = bare
    if bare == lines[last]:
        return lines
    repaired = list(lines)
    repaired[last] = bare
    return repaired


# -- strip-promos ------------------------------------------------------------


@register("strip-promos")
@dataclass(frozen=True, kw_only=True, repr=False)
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
    patterns: tuple[str, ...] = option(
        (), "your pattern tables (TOML, the layout of boilerplate.toml) merged over the built-in one", path=True
    )

    def __post_init__(self) -> None:
        super().__post_init__()
        _check_languages(self.name, self.languages, patterns_table(self.patterns)["promos"])
        _ = self._rules  # a bad lexicon or pattern file is a configuration error: raise it now

    @cached_property
    def _rules(self) -> dict[str, Any]:
        data = patterns_table(self.patterns)["promos"]
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
            # The widths are those of the line's start that judge() looks at.
            "label_starts": _Prefixes(labels, 40),
            "label": lazy_compile(rf"[(\[]?\s*(?:{_alternation(labels)})\s*[:：|]", re.IGNORECASE),
            "starts": _Prefixes(common["starts"], 40),
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
        lines = _as_repaired(lines)
        r = self._rules
        phrases, label_starts, starts, needs = r["phrases"], r["label_starts"], r["starts"], r["needs"]
        lex_starts, rights_ends = r["lex_starts"], r["rights_ends"]
        out: dict[int, str] = {}
        # A copyright footer closes a page: a copyright line with running
        # text after it is the document's own (a licence, a legal text).
        # Decided once the other removals are known: text this pass removes
        # protects nothing (the next run no longer sees it).
        footers: list[int] = []
        structured: bool | None = None
        cues = _cue_bits(lines, self.lexicons, self.languages, self.patterns)
        for i in _cued(lines, cues, _PROMOS):
            line = lines[i]
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
                    footers.append(i)
                    continue
                out[i] = why
            elif (starts.match(head) or text[0].isdigit()) and r["patterns"].match(text):
                out[i] = "promo or navigation line"
            elif len(text) > 20:
                low = text.lower()
                for need in needs:
                    if need in low:
                        # "If you would like to ..., you may subscribe to our
                        # newsletter.": a condition opens running text.
                        if text.lstrip(_DECOR).startswith(_CONDITION_STARTS):
                            break
                        if _words(text) <= r["max_words"] and r["search"].search(text):
                            out[i] = "newsletter or subscription box"
                        break
        if footers:
            gone = set(footers).union(out)
            prose_after = prose_follows(["" if j in gone else line for j, line in enumerate(lines)])
            for i in footers:
                if not prose_after[i]:
                    out[i] = "copyright footer"
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
@dataclass(frozen=True, kw_only=True, repr=False)
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
    lone_credits: bool = option(
        False,
        "a credit of only a label and a name ('Photo: Jane Doe') goes only with a caption above it; "
        "True removes it on its own too (many pages keep such credits as text)",
    )
    lexicons: tuple[str, ...] = option(
        (), "your lexicon files (TOML, the layout of boilerplate-lexicon.toml) merged over the built-in one", path=True
    )
    patterns: tuple[str, ...] = option(
        (), "your pattern tables (TOML, the layout of boilerplate.toml) merged over the built-in one", path=True
    )

    def __post_init__(self) -> None:
        super().__post_init__()
        _ = self._rules  # a bad lexicon or pattern file is a configuration error: raise it now

    @cached_property
    def _rules(self) -> dict[str, Any]:
        data = patterns_table(self.patterns)["captions"]
        agencies = data["agencies"]
        words = lexicon(self.lexicons)
        all_agencies = sorted(set(agencies) | set(agency_names(self.lexicons)))
        labels = sorted(words.get("credit_labels", ()))
        colon = [x for x in labels if not x.endswith(".")]
        dotted = [x for x in labels if x.endswith(".")]
        label = rf"[(\[©]?\s*(?:(?:{_alternation(colon)})\s*(?:[:|]|©)"
        label += rf"|(?:{_alternation(dotted)}))" if dotted else ")"
        return {
            # The widths are those of the line's start that judge() looks at.
            "credit_starts": _Prefixes(data["credit_starts"], 16),
            "credit_lines": _compile(data["credit_lines"], re.IGNORECASE),
            "caption_starts": _Prefixes(data["caption_starts"], 16),
            "caption_lines": _compile(data["caption_lines"], re.IGNORECASE),
            "tails": lazy_compile(rf"(?:{_compile(data['credit_tails'], 0, agencies).pattern})\s*$"),
            "tail_parts": _tail_parts(data["credit_tails"], agencies),
            "names": lazy_compile(rf"(?:{_compile(data['credit_names'], 0, agencies).pattern})\s*$"),
            "credit_words": int(data["credit_max_words"]),
            "crumbs": frozenset(c.casefold() for c in data["crumbs"]),
            "agency_words": frozenset(w for a in all_agencies for w in a.split()),
            "agency": _words_regex(all_agencies, 0),
            # "Pool", "Handout": credit words that are also common words; they
            # make a credit only beside another agency ("Pool/AFP").
            "companions": frozenset(data.get("companion_agencies", ())),
            "label_starts": _Prefixes([x.lstrip("(") for x in labels] + ["(", "[", "©"]),
            "label": lazy_compile(label, re.IGNORECASE),
            "person": lazy_compile(r"[A-Z][a-zà-ÿ’'.-]+(?: [A-Z][\w’'.-]*){1,3}\s*$"),
            "signoff": lazy_compile(rf"[.!?”\"]\s*\((?:{_alternation(all_agencies)})(?:\s?/\s?[\w -]{{1,30}})?\)\s*$"),
            "speech": _words_regex(sorted(words.get("speech", ()))),
            # Case-sensitive: "Will Smith", "May 5" are not auxiliaries.
            "prose": _words_regex(sorted(words.get("prose", ())), 0),
            "sentence": lazy_compile(r"[.!?] +[A-ZÀ-Ý]"),
            "field": lazy_compile(r"[^\W\d][\w-]{2,20}:\s"),
            # A copyright sign, of a credit ("© AFP") or of a notice.
            "copyright_sign": lazy_compile(r"copyright|©|\(c\)\s*\d", re.IGNORECASE),
            # A copyright notice: "Copyright 2012 ...", "© 2019 ...", "All rights reserved".
            "notice": lazy_compile(r"copyright|©\s*\d|\(c\)\s*\d|\brights reserved\b", re.IGNORECASE),
            # A caption's label and colon: "Above: ...", "Photo: ..." (not "Image caption ...").
            "caption_label": lazy_compile(r"[^\W\d][^\W\d ]{1,15}(?: [^\W\d]{1,15})? ?:\s"),
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
                return self._signed("photo credit line (a credit label)", text, rest, rules)
        if n > rules["credit_words"]:
            return None
        labelled = rules["credit_starts"].match(head)
        if labelled and (m := rules["credit_lines"].match(text)):
            start = m.end()
            while start > 0 and text[start - 1].isalnum():
                start -= 1  # "Courtesy G": the match ends inside the name
            return self._signed("photo credit line", text, text[start:], rules)
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
            companions = rules["companions"]
            if any(m.group() not in companions for m in rules["agency"].finditer(text)):
                return "photo credit (name and agency)", True
            first = re.split(r"\s?/\s?", text, maxsplit=1)[0]
            if not text.isupper() and rules["person"].fullmatch(first):
                return "photo credit (a name and an outlet)", False
        return None

    def _signed(self, why: str, text: str, rest: str, rules: dict[str, Any]) -> tuple[str, bool]:
        """A labelled credit line (``rest``: what follows its label), and
        whether it goes on its own: when it names a photo agency, carries a
        copyright sign or is more or less than a name ("Photo: Jane Doe, AP",
        "Bild: dpa", "© Foto: Skoda", "File photo", "Photos: Nation at a
        crossroads"). A label and a name alone ("Photo: Jane Doe", "Courtesy
        of Acme") is a credit too, but many pages keep it as part of the
        text: it goes only with a caption or a credit above it that goes (or
        with ``lone_credits``)."""
        if self.lone_credits or _has_source(text, rules) or not _only_names(rest):
            return why, True
        return f"{why}, under a caption or credit that goes", False

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
        if text.startswith(_BYLINE_STARTS):
            return "a byline"
        if text.startswith(_CONDITION_STARTS):
            return "running text (a condition opens it)"
        words = text.split()
        if len(words) >= 3 and text[-1] not in ".!?":
            # "Office of Trade and Economic Development": the
            # small words of a title do not count against its capitals.
            content = [w for w in words if w not in _TITLE_SMALL_WORDS]
            capitalised = sum(1 for w in content if w[:1].isupper() or not w[:1].isalpha())
            if len(content) >= 2 and capitalised >= 0.75 * len(content):
                return "a heading, a name or a list item (title case, no full stop)"
        if _WEB_ADDRESS.search(text):
            return "a web address (a link or a shop's line, not a picture's)"
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

    def _labelled_caption(self, text: str, head: str, rules: dict[str, Any]) -> str | None:
        """Why ``text`` is a labelled caption ("Above: ...", "Image caption
        ...", "In this file photo ..."), or None."""
        if not (rules["caption_starts"].match(head) and rules["caption_lines"].match(text)):
            return None
        label = rules["caption_label"].match(text)
        if label and not _has_source(text, rules):
            rest = text[label.end() :]
            if rules["sentence"].search(rest):
                # "Above: A scene from the flyby. False colors in this image
                # show ...": a paragraph of the text about a picture, with no
                # agency or copyright sign to show it is the picture's caption.
                return None
            if not any(w.isalpha() and w.islower() and w not in _CREDIT_WORDS for w in rest.split()):
                # "Photo: Jane Roe for Example": a name, which is a credit
                # (see _signed), not a description of a picture.
                return None
        return "labelled photo caption"

    def _caption(self, text: str, head: str, rules: dict[str, Any]) -> str | None:
        """Why ``text`` is a caption recognisable on its own."""
        if labelled := self._labelled_caption(text, head, rules):
            return labelled
        tail = text[-240:]
        last = tail[-1]
        # Cheap prefilter: credit tails end in a bracket or a word without a
        # full stop, or follow "pictured on <date>".
        if (_may_end_with_credit(tail) or ", pictured " in tail) and _credit_tail(tail, rules):
            if last == ")" and rules["signoff"].search(tail):
                return None  # "... sagte er. (dpa)": a wire sign-off ends the paragraph
            if last == ")" and _is_expansion(tail):
                return None  # "European Space Agency (ESA)": an abbreviation after its words, not an agency
            return "caption with a photo credit"
        return None

    def judge(self, lines: Sequence[str]) -> Mapping[int, str]:
        lines = _as_repaired(lines)
        rules = self._rules
        caption_starts, crumbs = rules["caption_starts"], rules["crumbs"]
        out: dict[int, str] = {}
        previous = -1  # index of the previous non-blank line
        cues = _cue_bits(lines, self.lexicons, patterns=self.patterns)
        for i in _cued(lines, cues, _CAPTIONS | _PHOTO_CREDITS):
            if cues is not None:
                # The lines passed over open no rule; the last of them that is
                # not blank may be a caption above a credit.
                previous = i - 1
                while previous >= 0 and not cues[previous]:
                    previous -= 1
            line = lines[i]
            text = line.strip()
            if not text:
                continue
            n = len(text)
            head = text[:16].lower()
            confirms = False
            if n <= 160 and (cues is None or cues[i] & _PHOTO_CREDITS):
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
            elif confirms and not alone and i not in out and caption_starts.match(head):
                # A credit of only a name that did not go may still be a
                # labelled caption ("Image: Jane Doe, left, greets ...").
                if caption := self._labelled_caption(text, head, rules):
                    out[i] = caption
            # A copyright notice ("Copyright © 2001 ...") is a page's footer,
            # not a picture's credit: it confirms no caption above it.
            if confirms and self.context and previous >= 0 and previous not in out and not rules["notice"].search(text):
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
                if (
                    above >= 0
                    and above not in out
                    # a credit that is only a name and an outlet ("Jane Doe /
                    # Board Member") is weak evidence: the line above must also
                    # end as a caption sentence does
                    and (alone or lines[above].rstrip().endswith("."))
                    and not self._not_a_caption(lines[above].strip(), rules)
                ):
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


# The credit tails of the built-in table by the character a match ends
# with: in brackets ("(AP Photo/Jane Doe)", "(Reuters)": nothing inside them
# is a bracket, so a match opens at the last "("), in square brackets, or
# anything else: a credit word (agency, "REUTERS/Name", "via AFP") at the
# very end, or a tail that opens with "Credit", "Photo", "Picture", "Image",
# "Foto" or ", pictured " (see _credit_tail). The words that end "via ..."
# and "by ..." tails:
_TAIL_ENDS = ("REUTERS", "Getty Images", "AFP", "AP")


def _tail_parts(
    tails: list[str], agencies: list[str]
) -> tuple[re.Pattern[str], re.Pattern[str], tuple[str, ...]] | None:
    """What :func:`_credit_tail` needs to find a tail without searching
    ``tails``: for the built-in credit tails only (it rests on their forms),
    with agencies that hold no bracket; None otherwise."""
    if tails != patterns_table()["captions"]["credit_tails"] or any(set(a) & set("()[]") for a in agencies):
        return None
    paren = [t for t in tails if t.startswith(("(?i:\\(", "\\(", "(?<=\\S )\\("))]
    square = [t for t in tails if t.startswith("\\[")]
    if len(paren) != 4 or len(square) != 1:
        return None
    return (
        lazy_compile(rf"(?:{_compile(paren, 0, agencies).pattern})\s*$"),
        lazy_compile(rf"(?:{_compile(square, 0, agencies).pattern})\s*$"),
        (*_TAIL_ENDS, *agencies),
    )


def _credit_tail(tail: str, rules: dict[str, Any]) -> bool:
    """Whether ``rules["tails"]`` finds a credit at the end of ``tail``,
    with one anchored match or a few substring checks for most tails."""
    parts = rules["tail_parts"]
    last = tail[-1:]
    if parts is None or not last or last.isspace():
        return bool(rules["tails"].search(tail))
    paren, square, ends = parts
    if last == ")":
        at = tail.rfind("(")
        if at >= 0 and paren.match(tail, at):
            return True
    elif last == "]":
        at = tail.rfind("[")
        if at >= 0 and square.match(tail, at):
            return True
    elif tail.endswith(ends) or "REUTERS/" in tail or "Reuters/" in tail:
        return bool(rules["tails"].search(tail))
    # The other tails hold one of these words.
    return (
        "Credit" in tail
        or "Photo" in tail
        or "Picture" in tail
        or "Image" in tail
        or "Foto" in tail
        or ", pictured " in tail
    ) and bool(rules["tails"].search(tail))


def _has_source(text: str, rules: dict[str, Any]) -> bool:
    """Whether a credit or caption line names a photo agency ("AP", "Getty
    Images"; "Pool" and "Handout" only beside another) or carries a
    copyright sign."""
    if rules["copyright_sign"].search(text):
        return True
    companions = rules["companions"]
    return any(m.group() not in companions for m in rules["agency"].finditer(text))


# The lower-case words of a credit ("Photo: Jane Roe for Example", "Image:
# courtesy of Acme"): a labelled line without any other lower-case word
# names somebody and describes nothing.
_CREDIT_WORDS = frozenset("a an the of and or to in on at for by with from via courtesy de del la le du von".split())


# A site's name as a credit gives it: "blogs.example.co.uk".
_DOMAIN = re.compile(r"[\w-]+(?:\.[\w-]+)*\.[a-z]{2,6}")


def _only_names(rest: str) -> bool:
    """Whether ``rest`` names somebody and nothing else: some words, all
    capitalised but the small words of a credit, or a site's address
    ("Jane Roe for Example", "Courtesy of Acme", "blogs.example.co.uk");
    not "Nation at a crossroads" (a gallery's title)."""
    words = [w.strip("()[],.;:/") for w in rest.split()]
    words = [w for w in words if w and w[0].isalpha()]
    return bool(words) and all(w[0].isupper() or w.lower() in _CREDIT_WORDS or _DOMAIN.fullmatch(w) for w in words)


# Lines that open as a byline does, not as a caption.
_BYLINE_STARTS = ("By ", "Written by ", "Posted by ")
# A sentence that opens with a condition argues; a caption shows.
_CONDITION_STARTS = ("If ", "Unless ", "Wenn ", "Falls ", "Si ")
# The small words of a title case heading, which stay lower case.
_TITLE_SMALL_WORDS = frozenset(
    "a an the of and or to in on at for by with from de del la le les des du et und der die das von y e o da do".split()
)
# A web address or a domain: "www.example.org", "at example.com,"; a
# caption describes a picture, a line with an address points somewhere.
_WEB_ADDRESS = re.compile(r"https?://|\bwww\.|\w\.(?:com|org|net|edu|gov|co\.uk)\b")
_EXPANSION = re.compile(r"((?:[A-Za-z][\w’'-]* ){2,8})\(([A-Z]{2,6})\)\s*$")


def _is_expansion(tail: str) -> bool:
    """Whether ``tail`` ends with capitalised words and their initials in
    brackets: "Regional Accounts Payable (AP)", "European Space Agency (ESA)"."""
    m = _EXPANSION.search(tail)
    if not m:
        return False
    short = m.group(2)
    words = [w for w in m.group(1).split() if w.lower() not in _TITLE_SMALL_WORDS][-len(short) :]
    return "".join(w[0] for w in words) == short


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
@dataclass(frozen=True, kw_only=True, repr=False)
class StripBoilerplate(LinePass):
    """Remove short lines a learned line model scores as page furniture: "Print | Email | Share".

    The model (``cleantext/linemodel.py``, trees in
    ``cleantext/data/line-model.json``) is a boosted ensemble of small
    decision trees over the form of a line, of its neighbours and of its
    place against the article text, never over a site's name; it was fitted
    on pages of one half of the sites of two public evaluation sets and
    measured on the other half. It judges only lines of at most 100
    characters with a hit in the multilingual lexicon, a separator (| » • /)
    or a link, never the first line, and removes a line only when its score
    passes a threshold chosen by cross-validation by site so that very few
    article lines go. Each removal says what weighed most.

    >>> paragraph = "The minister said the talks would resume next week, after a long pause in which both sides had hardened."
    >>> StripBoilerplate()(f"Title\\n{paragraph}\\nTools\\nHome » World\\nMore\\n").splitlines()[2:]
    ['Tools', 'More']
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
            raise self.option_error("threshold", f"must be in [0, 1), got {self.threshold}")
        lexicon(self.lexicons)  # a bad lexicon file is a configuration error: raise it now

    def judge(self, lines: Sequence[str]) -> Mapping[int, str]:
        lines = _as_repaired(lines)
        nonblank = (i for i, line in enumerate(lines) if line and not line.isspace())
        if next(nonblank, None) is None or next(nonblank, None) is None:
            return {}  # the first non-blank line is never removed: nothing to judge
        from cleantext.linemodel import LineModel, judge_lines

        model = LineModel.builtin()
        return judge_lines(model, lines, self.threshold or model.threshold, self.lexicons)


# -- strip-credits -----------------------------------------------------------


@register("strip-credits")
@dataclass(frozen=True, kw_only=True, repr=False)
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
    patterns: tuple[str, ...] = option(
        (), "your pattern tables (TOML, the layout of boilerplate.toml) merged over the built-in one", path=True
    )

    def __post_init__(self) -> None:
        super().__post_init__()
        _ = self._rules  # a bad pattern file is a configuration error: raise it now

    @cached_property
    def _rules(self) -> tuple[_Prefixes, tuple[str, ...], re.Pattern[str], int]:
        data = patterns_table(self.patterns)["credits"]
        pattern = _compile(data["patterns"], re.IGNORECASE)
        starts = _Prefixes(data["starts"], 12)  # judge() looks at the line's first 12 characters
        return starts, tuple(data["contains"]), pattern, int(data["max_words"])

    def judge(self, lines: Sequence[str]) -> Mapping[int, str]:
        lines = _as_repaired(lines)
        starts, contains, pattern, max_words = self._rules
        without_at = _credits_without_at(self.patterns) or pattern
        out: dict[int, str] = {}
        cues = _cue_bits(lines, patterns=self.patterns)
        for i in _cued(lines, cues, _CREDITS):
            line = lines[i]
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
            if candidate and _words(text) <= max_words and (pattern if "@" in text else without_at).match(text):
                out[i] = "agency sign-off or reporter credit"
        return out


@cache
def _credits_without_at(patterns: tuple[str, ...]) -> re.Pattern[str] | None:
    """strip-credits' patterns less those that match only a line with an "@"
    ("... may be reached at jane@example.com", "Follow her @jane"), which
    are the slowest to fail: for a line without one. For the built-in
    patterns only (it rests on their forms); None otherwise."""
    built_in = patterns_table()["credits"]["patterns"]
    if patterns_table(patterns)["credits"]["patterns"] != built_in:
        return None
    # An "@" in a pattern is one the line must hold, but for the address of
    # "Write to ... at https://... or @..." (the one pattern with a link).
    return _compile([p for p in built_in if "@" not in p or "https?://" in p], re.IGNORECASE)


# -- opt-in passes -----------------------------------------------------------

_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]{0,6}\.?"
_DATE = rf"(?:{_MONTH} \d{{1,2}}(?:st|nd|rd|th)?,? \d{{4}}|\d{{1,2}} {_MONTH},? \d{{4}}|\d{{4}}-\d{{2}}-\d{{2}}(?:T[\d:.+-]+Z?)?)"
_TIME = r"(?:\d{1,2}[:.]\d{2}(?: ?[AaPp]\.?[Mm]\.?)?(?: [A-Z]{2,4})?)"


# A date as captions write it: "Nov. 20, 2019", "20 November 2019", "Wednesday".
_DATE_RE = lazy_compile(rf"{_DATE}|\b(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b")


@register("strip-bylines")
@dataclass(frozen=True, kw_only=True, repr=False)
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
@dataclass(frozen=True, kw_only=True, repr=False)
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

    patterns: tuple[str, ...] = option(
        (), "your pattern tables (TOML, the layout of boilerplate.toml) merged over the built-in one", path=True
    )

    def __post_init__(self) -> None:
        super().__post_init__()
        _ = self._pattern  # a bad pattern file is a configuration error: raise it now

    @cached_property
    def _pattern(self) -> re.Pattern[str]:
        place = r"[A-ZÀ-Ý][A-ZÀ-Ý.’'-]+(?: [A-ZÀ-Ý][A-ZÀ-Ý.’'-]+){0,3}"
        date = rf"(?:{_MONTH} \d{{1,2}}|\d{{1,2}} {_MONTH})"
        agency = rf"\((?:{_alternation(patterns_table(self.patterns)['datelines']['agencies'])})\)"
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
@dataclass(frozen=True, kw_only=True, repr=False)
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
