"""The names family: one spelling for each person and place.

``normalize-names`` rewrites listed variant spellings to their canonical form
(Kiev -> Kyiv, Zelenskiy -> Zelenskyy) from tables that are data, and tidies
typography inside names. ``unify-name-variants`` (opt-in) makes one document
consistent with itself, rewriting a minority spelling of a name to the
spelling the document uses most, only on strong evidence.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache, cached_property
from itertools import chain
from typing import Any, Literal

from cleantext.core import Reason
from cleantext.data import read_text
from cleantext.explain import Change, diff_changes
from cleantext.registry import Pass, option, register
from cleantext.text import line_at, line_starts

__all__ = ["NormalizeNames", "UnifyNameVariants"]

_APOSTROPHES = "'’ʼ"


def _regex() -> Any:
    import regex

    return regex


@cache
def _word() -> Any:
    return _regex().compile(r"\w")


class _NextWord:
    """The separator and word after a word ("Bin" -> " Salman"), compiled on first use."""

    @cached_property
    def rx(self) -> Any:
        return _regex().compile(r"[^\w\r\n]{1,3}+\w++")

    def findall(self, text: str, pos: int) -> list[str]:
        return list(self.rx.findall(text, pos))


_NEXT_WORD = _NextWord()


# -- case patterns ------------------------------------------------------------


def _capfirst(s: str) -> str:
    return s[:1].upper() + s[1:]


def _lowerfirst(s: str) -> str:
    return s[:1].lower() + s[1:]


def _title(s: str) -> str:
    """Each space- or hyphen-separated word capitalised: "al-Qaida" -> "Al-Qaida"."""
    return " ".join("-".join(w[:1].upper() + w[1:] for w in part.split("-")) for part in s.split(" "))


def _case_forms(variant: str, canonical: str, *, exception: bool) -> Iterator[tuple[str, str]]:
    """(form in the text, what it becomes) for each case pattern that is kept:
    as listed, ALL CAPS, first letter capitalised, Title Case; exceptions also
    match in lower case."""
    yield variant, canonical
    yield variant.upper(), canonical.upper()
    yield _capfirst(variant), _capfirst(canonical)
    yield _title(variant), _title(canonical)
    if exception:
        yield variant.lower(), canonical.lower()
        yield _lowerfirst(variant), _lowerfirst(canonical)


_APOSTROPHE_SET = frozenset(_APOSTROPHES)


def _apostrophe_forms(form: str, out: str, style: str) -> Iterator[tuple[str, str]]:
    """The form with each kind of apostrophe; the output follows the text's
    apostrophe (``keep``) or the chosen one."""
    if _APOSTROPHE_SET.isdisjoint(form) and _APOSTROPHE_SET.isdisjoint(out):
        yield form, out
        return
    for a in _APOSTROPHES:
        f = "".join(a if ch in _APOSTROPHES else ch for ch in form)
        target = {"straight": "'", "curly": "’"}.get(style, a)
        yield f, "".join(target if ch in _APOSTROPHES else ch for ch in out)


@dataclass(frozen=True)
class _Index:
    """The compiled table, keyed by the first capitalised word of each form.

    For each key: the offsets of the key inside its forms (leftmost start
    first), how many more words its longest form has, the lengths of forms
    that do not end in a letter or digit ("J.R.R."), and the forms.
    """

    by_key: dict[str, tuple[tuple[int, ...], int, tuple[int, ...], dict[str, tuple[str, str]]]]
    keys: frozenset[str]
    # key -> the capitalised words one of which must follow it in the text
    # ("John" -> {"Doe", "Roe"}), for keys that never stand alone in a form.
    needs: dict[str, frozenset[str]]
    scanner: Any  # regex finding candidate key words
    finders: dict[str, Any]  # key -> finditer of its whole-word occurrences, compiled on first use
    notes: dict[str, str]
    size: int
    # Every form that a match rewrites (one that is kept as it is only
    # protects): a text holding none of them has nothing to rewrite.
    rewritten: frozenset[str] = frozenset()

    @cached_property
    def _may_rewrite(self) -> _SubstringFinder | None:
        # Only where a form can start as _scan finds it: after no word character.
        return _substring_finder(self.rewritten, words=True)

    def may_rewrite(self, text: str) -> bool:
        """False when no form that a match would rewrite occurs in ``text``
        at all (so :func:`_scan` finds nothing): a look at the capital
        letters of the text instead of at every capitalised word."""
        finder = self._may_rewrite
        return finder is not None and finder.found_in(text)

    def rewrite_lines(self, text: str) -> list[tuple[int, int]]:
        """The lines of ``text`` (merged, in order) that hold a form that a
        match would rewrite: the only ones where :func:`_scan` finds hits."""
        finder = self._may_rewrite
        if finder is None:
            return []
        if finder.everywhere:
            return [(0, len(text))]
        found = finder.positions(text)
        return _lines_around(text, [(p, p + 1) for p in found]) if found else []


def _capital_shapes(*, words: bool = False) -> bytes:
    """A ``bytes.translate`` table that writes every capital letter of
    Latin-1 as the byte 1 and keeps every other byte (with ``words``, the
    control character 1 becomes 2, so that the byte 1 is always a letter)."""
    table = bytearray(range(256))
    for code in range(256):
        if chr(code).isupper():
            table[code] = 1
    if words:
        table[1] = 2
    return bytes(table)


def _first_capital(s: str) -> int:
    """Where ``s`` is read from by a :class:`_SubstringFinder`: its first
    capital letter, or its start when it has none."""
    return next((i for i, ch in enumerate(s) if ch.isupper()), 0)


def _word_bytes(table: bytes) -> bytes:
    """The bytes of a text copied with ``table`` (from Latin-1, "?" for any
    other character) that only a word character (``\\w``) can give."""
    is_word = _word().match
    sources: dict[int, list[str]] = defaultdict(list)
    for code in range(256):
        sources[table[code]].append(chr(code))
    sources[ord("?")].append("\u0416")  # any other character, a word one among them
    return bytes(b for b, chars in sorted(sources.items()) if all(is_word(ch) for ch in chars))


def _word_start_shapes(strings: Sequence[str], table: bytes) -> str:
    """The shapes regular expression (over Latin-1) for ``strings`` read as
    :func:`_scan` takes forms: a form never starts right after a word
    character, so a capital right after a byte that only a word character
    gives (the "E" of "NEWS") starts none of the strings whose first capital
    is their start or follows a character that is not a word character. The
    others (a first capital after a letter of the string: "iPhone") are
    looked for anywhere. The test that looks back comes after the shape,
    which most capitals fail first."""
    import re

    is_word = _word().match
    word_class = "[" + "".join(re.escape(chr(b)) for b in _word_bytes(table)) + "]"
    tries: tuple[dict[str, Any], dict[str, Any]] = ({}, {})  # (after a non-word, anywhere)
    for s in strings:
        cut = _first_capital(s)
        shape = s[cut:].encode("latin-1", "replace").translate(table).decode("latin-1")
        _trie_add(tries[cut > 0 and is_word(s[cut - 1]) is not None], shape[1:])
    after_non_word, anywhere = tries
    parts = []
    if after_non_word:
        parts.append("(?=" + _trie_pattern(after_non_word, re.escape) + ")(?<!" + word_class + "\\x01)")
    if anywhere:
        parts.append("(?=" + _trie_pattern(anywhere, re.escape) + ")")
    # One byte consumed per match, so that matches may overlap.
    return "\x01" + (parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")")


class _SubstringFinder:
    """Finds whether a text holds one of a set of strings, each read from
    its first capital letter on (a text holding a string holds that part).

    ``exact`` is a regular expression over the strings, a trie, so its
    search looks at each character of the text once, however many strings
    there are; but it stops at every capital letter and tests it. Faster,
    and as exact: in a copy of the text with one byte per character
    (Latin-1, "?" for any other character) and every capital written as
    the byte 1, a regular expression that starts with that byte is searched
    at C speed, and each capital it stops at whose shape (the capital and
    the letters after it) fits one of the strings is tested with ``exact``.
    A string's shape is its own characters mapped the same way, and at the
    same offset, so no occurrence is missed. Long texts are read in blocks
    that overlap by the longest string, so the copy stays small.
    """

    def __init__(self, strings: Iterable[str], block: int = 1 << 20, *, words: bool = False) -> None:
        import re

        strings = list(strings)
        trie: dict[str, Any] = {}
        for s in strings:
            cut = _first_capital(s)
            _trie_add(trie, s[cut:])
        self.longest = max(map(len, _trie_strings(trie)), default=0)
        self.everywhere = "" in trie  # the empty string is in every text
        # A string that another one starts is left out: a text holding it
        # holds the shorter one, so the answer does not change.
        self.exact = re.compile(_trie_pattern(trie, re.escape))
        self.block = block
        self.table = _capital_shapes()
        shapes = [t.encode("latin-1", "replace").translate(self.table) for t in _trie_strings(trie)]
        # The first characters every string starts with, a set: most
        # capitals the shapes stop at are told apart by a look-up.
        self.head = min(map(len, _trie_strings(trie)), default=0)
        self.heads = frozenset(t[: self.head] for t in _trie_strings(trie))
        self.shapes: Any = None
        if shapes and all(t[:1] == b"\x01" for t in shapes):
            if words:
                self.table = _capital_shapes(words=True)
                self.shapes = re.compile(_word_start_shapes(strings, self.table).encode("latin-1"))
                return
            rest: dict[str, Any] = {}
            for t in shapes:
                _trie_add(rest, t[1:].decode("latin-1"))
            pattern = _trie_pattern(rest, re.escape)
            # One byte consumed per match, so that matches may overlap.
            self.shapes = re.compile(("\x01(?=" + pattern + ")").encode("latin-1"))

    def found_in(self, text: str) -> bool:
        """True when ``text`` holds one of the strings."""
        return next(self._occurrences(text), None) is not None

    def positions(self, text: str) -> list[int]:
        """Where the strings occur in ``text`` (overlapping ones too), in order."""
        return list(self._occurrences(text))

    def _occurrences(self, text: str) -> Iterator[int]:
        """Where the strings occur in ``text``, in order, found lazily."""
        if self.shapes is None:
            search = self.exact.search
            m = search(text)
            while m is not None:
                yield m.start()
                m = search(text, m.start() + 1)
            return
        match, finditer, table, block = self.exact.match, self.shapes.finditer, self.table, self.block
        heads, head = self.heads, self.head
        for start in range(0, len(text), block):
            part = text if len(text) <= block else text[start : start + block + self.longest]
            for m in finditer(part.encode("latin-1", "replace").translate(table)):
                if m.start() >= block:
                    break  # the next block starts here
                at = start + m.start()
                if text[at : at + head] in heads and match(text, at):
                    yield at


def _trie_add(trie: dict[str, Any], s: str) -> None:
    """Add ``s`` unless a string of the trie starts it; drop the strings it starts."""
    node = trie
    for ch in s:
        if "" in node:
            return
        node = node.setdefault(ch, {})
    node.clear()
    node[""] = {}


def _trie_strings(node: dict[str, Any], prefix: str = "") -> Iterator[str]:
    if "" in node:
        yield prefix
        return
    for ch in sorted(node):
        yield from _trie_strings(node[ch], prefix + ch)


def _trie_pattern(node: dict[str, Any], escape: Callable[[str], str]) -> str:
    """A regular expression matching the strings of the trie."""
    if "" in node:
        return ""
    branches = [escape(ch) + _trie_pattern(node[ch], escape) for ch in sorted(node)]
    return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"


def _substring_finder(strings: Iterable[str], block: int = 1 << 20, *, words: bool = False) -> _SubstringFinder | None:
    """A :class:`_SubstringFinder` for ``strings``, or None when there are none."""
    strings = list(strings)
    return _SubstringFinder(strings, block, words=words) if strings else None


@cache
def _patterns() -> tuple[Any, Any]:
    re = _regex()
    return re.compile(r"(?<!\w)\p{Lu}\w*+"), re.compile(r"\w+")


def _key(form: str) -> tuple[str, int] | None:
    """The first word of ``form`` that starts with a capital, and its offset
    ("al-Qaida" -> ("Qaida", 3)); None when it has none."""
    m = _patterns()[0].search(form)
    return (m.group(), m.start()) if m else None


def _compile(
    mapping: dict[str, str], notes: dict[str, str], apostrophes: str, fix: Callable[[str], str] = str
) -> _Index:
    """Compile the table into an index of capitalised words: one scan of the
    text finds the capitalised words, and a dict lookup decides whether a
    listed form can contain one there, so the scan does not slow down as the
    table grows."""
    forms: dict[str, tuple[str, str]] = {}  # form -> (output, variant)
    # Explicit spellings (variants, exceptions, canonical forms) first, so a
    # derived case form never overrides a listed spelling.
    canonicals = {c for v, c in mapping.items() if c != v}
    layers: list[list[tuple[str, str, str]]] = [[], []]
    for variant, canonical in mapping.items():
        for i, (f, o) in enumerate(_case_forms(variant, canonical, exception=variant == canonical)):
            layers[i > 0].append((f, o, variant))
    for canonical in sorted(canonicals):
        for i, (f, _) in enumerate(_case_forms(canonical, canonical, exception=False)):
            layers[i > 0].append((f, f, canonical))
    for layer in layers:
        for form, out, variant in layer:
            for f, o in _apostrophe_forms(form, out, apostrophes):
                # What the pass writes gets the same typography as the text
                # it reads, so a second run finds nothing to do.
                forms.setdefault(f, (fix(o), variant))
    # An output that is itself a form rewritten to something else would not
    # be stable under a second run: drop such derived forms.
    unstable = [f for f, (o, _) in forms.items() if o != f and o in forms and forms[o][0] != o]
    while unstable:
        for f in unstable:
            del forms[f]
        unstable = [f for f, (o, _) in forms.items() if o != f and o in forms and forms[o][0] != o]
    re = _regex()
    # A form kept as it is (an exception, a canonical spelling) only matters
    # where a rewritten form lies inside it ("Chicken Kiev"); the others
    # would cost lookups and protect nothing.
    changing = {f for f, (o, _) in forms.items() if o != f}

    word_rx = _patterns()[1]

    def protects(form: str) -> bool:
        spans = [m.span() for m in word_rx.finditer(form)]
        ends = [e for _, e in spans] + [len(form)]
        return any(form[s:e] in changing for s, _ in spans for e in ends if e > s)

    forms = {f: t for f, t in forms.items() if t[0] != f or protects(f)}
    grouped: dict[str, dict[str, tuple[str, str]]] = defaultdict(dict)
    offsets: dict[str, set[int]] = defaultdict(set)
    more_words: dict[str, int] = defaultdict(int)
    odd: dict[str, set[int]] = defaultdict(set)
    lower: dict[str, dict[str, tuple[str, str]]] = defaultdict(dict)
    needs: dict[str, set[str] | None] = {}
    key_rx = _patterns()[0]
    for f, target in forms.items():
        key = _key(f)
        if key is None:
            first = word_rx.match(f)
            lower[first.group() if first else f[:1]][f] = target
            continue
        word, offset = key
        grouped[word][f] = target
        following = key_rx.search(f, offset + len(word))
        if following is None:
            needs[word] = None
        elif needs.setdefault(word, set()) is not None:
            needs[word].add(following.group())  # type: ignore[union-attr]
        offsets[word].add(offset)
        more_words[word] = max(more_words[word], len(_NEXT_WORD.findall(f, offset + len(word))))
        if not f[-1:].isalnum() and not f[-1:] == "_":
            odd[word].add(len(f))
    # Forms without any capital (an exception in lower case) only matter when
    # some variant is written without a capital too.
    if not any(o != f for group in lower.values() for f, (o, _) in group.items()):
        lower.clear()
    for k, group in lower.items():
        needs[k] = None
        grouped[k].update(group)
        offsets[k].add(0)
        for f in group:
            odd[k].add(len(f))
    by_key = {
        k: (tuple(sorted(offsets[k], reverse=True)), more_words[k], tuple(sorted(odd[k], reverse=True)), v)
        for k, v in grouped.items()
    }
    alternatives = [r"\p{Lu}\w*+"]
    if lower:
        keys = sorted(lower, key=lambda k: (-len(k), k))
        alternatives.append("(?:" + "|".join(re.escape(k) for k in keys) + r")(?!\w)")
    scanner = re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + ")")
    required = {k: frozenset(v) for k, v in needs.items() if v is not None}
    return _Index(
        by_key,
        frozenset(by_key),
        required,
        scanner,
        {},
        notes,
        len(mapping),
        frozenset(f for f, (o, _) in forms.items() if o != f),
    )


def _scan(index: _Index, text: str) -> list[tuple[int, int, str, str]]:
    """(start, end, output, variant) of each leftmost-longest match that
    changes the text."""
    hits: list[tuple[int, int, str, str]] = []
    pos = 0
    by_key = index.by_key
    is_word = _word().match
    next_word = _NEXT_WORD.rx.match
    n = len(text)
    # The candidate words in the text, matched against the table in C; only
    # the words found are then located, so no Python code runs per word.
    words = index.scanner.findall(text)
    present = index.keys.intersection(words)
    if not present:
        return hits
    found: list[tuple[int, str]] = []
    finders = index.finders
    needs = index.needs
    for key in present:
        need = needs.get(key)
        # "John" only starts forms like "John Doe": skip it unless one of the
        # words that must follow it is in the text at all.
        if need is not None and need.isdisjoint(words):
            continue
        finder = finders.get(key)
        if finder is None:
            finder = finders[key] = _regex().compile(r"(?<!\w)" + _regex().escape(key) + r"(?!\w)").finditer
        found.extend((m.start(), key) for m in finder(text))
    found.sort()
    for at, key in found:
        if at < pos:
            continue
        key_end = at + len(key)
        offsets, more, odd, forms = by_key[key]
        # A form ends where a word ends: at the key or after one of the next
        # few words (longest first); forms ending in punctuation by length.
        ends = [key_end]
        end = key_end
        for _ in range(more):
            w = next_word(text, end)
            if w is None:
                break
            end = w.end()
            ends.append(end)
        ends.reverse()
        for offset in offsets:
            start = at - offset
            if start < pos or (offset and start and is_word(text, start - 1)):
                continue
            candidates = ends
            if odd:
                candidates = sorted({*ends, *(start + k for k in odd if start + k <= n)}, reverse=True)
            for end in candidates:
                target = forms.get(text[start:end])
                if target is None:
                    continue
                if end < n and is_word(text, end) and is_word(text, end - 1):
                    continue
                out, variant = target
                if out != text[start:end]:
                    hits.append((start, end, out, variant))
                pos = end
                break
            else:
                continue
            break
    return hits


def _scan_lines(index: _Index, text: str, lines: Sequence[tuple[int, int]]) -> list[tuple[int, int, str, str]]:
    """:func:`_scan` of the given lines of ``text`` (whole lines, in order),
    in the text's offsets. No form holds a line break, so each line is
    matched on its own as in the whole text: when the lines are those that
    hold a rewritten form, the hits are those of the whole text."""
    hits: list[tuple[int, int, str, str]] = []
    for start, end in lines:
        found = _scan(index, text[start:end] if (start, end) != (0, len(text)) else text)
        hits.extend((s + start, e + start, o, v) for s, e, o, v in found)
    return hits


def _splice_spans(text: str, hits: Sequence[tuple[int, int, str, str]]) -> tuple[str, list[tuple[int, int]]]:
    """The text with the hits replaced, and where the replacements now stand."""
    parts = []
    spans = []
    pos = 0
    shift = 0
    for start, end, out, _ in hits:
        parts.append(text[pos:start])
        parts.append(out)
        spans.append((start + shift, start + shift + len(out)))
        shift += len(out) - (end - start)
        pos = end
    parts.append(text[pos:])
    return "".join(parts), spans


def _lines_around(text: str, spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """The lines (without their endings) holding the spans, merged, in order.

    Linear in the text: each search stops at the previous line found or at
    the next line break, so no stretch of text is scanned twice (searching
    the whole text for a CR it does not have, once per span, was quadratic).
    """
    out: list[tuple[int, int]] = []
    for start, end in spans:
        if out and start <= out[-1][1]:
            if end > out[-1][1]:
                out[-1] = (out[-1][0], _next_break(text, end))
            continue
        low = out[-1][1] if out else 0
        line_start = max(text.rfind("\n", low, start), text.rfind("\r", low, start)) + 1
        out.append((line_start, _next_break(text, end)))
    return out


def _next_break(text: str, pos: int) -> int:
    """The index of the first CR or LF at or after ``pos`` (or the text's length).

    One search for either character: looking for each separately would scan
    to the end of a text that has only the other kind, once per call.
    """
    m = _break().search(text, pos)
    return m.start() if m else len(text)


@cache
def _break() -> Any:
    return _regex().compile(r"[\r\n]")


@cache
def _labelled_line() -> Any:
    """A line that opens with a label: at most four words and a colon."""
    return _regex().compile(r"(?m)^[^\S\r\n]*(?:[^\W\d_][\w'’.-]*[^\S\r\n]+){0,3}[^\W\d_][\w'’.-]*[^\S\r\n]*:[^\r\n]*")


def _splice(text: str, hits: Sequence[tuple[int, int, str, str]]) -> str:
    return _splice_spans(text, hits)[0]


# -- what the pass leaves alone ------------------------------------------------------

# Capitalised words that are not part of an institution's name ("Bombay On
# Monday", "Peking Says"): function words, pronouns, days, months and the
# verbs of headlines.
_NOT_NAME_WORDS = (
    "A An The And Or But Nor For Of In On At To By From With Without Into Onto Over Under After Before As "
    "Is Are Was Were Be Been Being Has Have Had Will Would Shall Should Can Could May Might Must Do Does Did "
    "Not No Yes If Then Than That This These Those It Its He She They We You I Me His Her Their Our Your "
    "Who What When Where Why How Which While Since Until Also Now Today Tonight Yesterday Tomorrow "
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April June July "
    "August September October November December Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec "
    "Says Said Say Tells Told Asks Asked Gets Got Sees Saw Hits Vows Urges Warns Plans Seeks Wants Faces "
    "Calls Set Sets Back Backs Up Down Out Off Again Still Here There"
)


@cache
def _guard_patterns() -> dict[str, Any]:
    re = _regex()
    sp = r"[ \u00a0]"
    quote = r"[\"“‘'«„]"
    stop = "|".join(_NOT_NAME_WORDS.split())
    tail_words = rf"(?i:or|also|aka|formerly|previously|once|earlier|then|old|known{sp}++as|spelled)"
    head_words = rf"(?i:or|also|aka|now|today|later|renamed|known{sp}++as|spelled)"
    return {
        # URLs, e-mail addresses, handles and hashtags, paths, host names: the
        # pass never writes inside them. Possessive quantifiers keep it linear.
        "identifier": re.compile(
            r"(?:(?<![\w+.\-])[A-Za-z][A-Za-z0-9+.\-]*+://|(?<![\w.])www\.)[^\s<>\"]++"
            r"|(?<![\w.+\-])[\w.+\-]++@[\w\-]++(?:\.[\w\-]++)++"
            r"|(?<![\w@#&])[@#]\w++"
            r"|(?<![\w/\\])(?:~|\.{1,2})?/[^\s/]++(?:/[^\s/]*+)++"
            r"|(?<![\w/\\.\-])\w[\w.\-]*+(?:/[\w.\-]++)++(?<=\.[a-z0-9]{1,5})(?![\w/])"
            r"|(?<![\w\\])[A-Za-z]:\\[^\s]*+"
            r"|(?<!\\)\\\\[^\s]++"
            r"|(?<![\w.@\-])[\w\-]++(?:\.[\w\-]++)++(?<=\.[a-z]{2,6})(?![\w\-])(?:/[^\s]*+)?"
        ),
        # Words that present the name as an old or other spelling: "formerly
        # Bombay", "then called Peking", "(then Calcutta)", "the Russian
        # spelling Kiev".
        "gloss_before": re.compile(
            r"(?ri)(?:"
            rf"(?<!\w)(?:formerly|previously|originally|historically|once|earlier|then|later|also|sometimes|often)"
            rf"{sp}++(?:known{sp}++as|called|named|spelled|spelt|written|transliterated|romani[sz]ed|rendered)"
            rf"(?:{sp}++as)?"
            rf"|(?<!\w)(?:known{sp}++as|spelled|spelt|transliterated|romani[sz]ed|rendered{sp}++as|née|nee"
            rf"|renamed{sp}++from|formerly|previously|aka|a\.k\.a\.)"
            rf"|[(\[—–]{sp}*+(?:then|once|earlier|old|ex-?|or|also|formerly|previously)"
            rf"|(?<!\w)(?:the|its|their|his|her){sp}++(?:(?:old|former|previous|earlier|original|russian|soviet"
            rf"|colonial|british|historical|historic|english|anglici[sz]ed|older|outdated){sp}++)?"
            rf"(?:name|spelling|form|transliteration|romani[sz]ation)s?(?:{sp}++of)?"
            rf"){sp}*+[:,]?{sp}*+{quote}?\Z"
        ),
        # The canonical form just before ("Mumbai (Bombay)", "Kyiv, formerly Kiev")
        # or just after ("Kiev (now Kyiv)", "Bombay, now Mumbai").
        "gloss_tail": re.compile(
            rf"(?r)(?:{sp}*+[(\[/]{sp}*+(?:{tail_words}{sp}*+[:,]?{sp}*+)?|,{sp}++{tail_words}{sp}*+[:,]?{sp}*+)"
            rf"{quote}?\Z"
        ),
        "gloss_head": re.compile(
            rf"(?:{sp}*+[(\[/]{sp}*+(?:{head_words}{sp}*+[:,]?{sp}*+)?|,{sp}++{head_words}{sp}*+[:,]?{sp}*+)"
            rf"{quote}?"
        ),
        # Not possessive: the patterns before a name are matched right to left.
        "Word": rf"(?<!\w)(?!(?:{stop})(?!\w))\p{{Lu}}\w{{0,40}}(?!\w)",
        "WORD": rf"(?<!\w)(?!(?:{stop.upper()})(?!\w))\p{{Lu}}{{2,6}}(?!\w)",
    }


_QUOTE_PAIRS = frozenset(('""', "“”", "‘’", "''", "«»", "„“", "»«", "‚‘"))


def _pattern_rx(text: str) -> str:
    """A regex for exception-pattern text: placeholders become word classes,
    literal words match in any case, spaces any run of spaces, hyphens any hyphen."""
    re = _regex()
    pats = _guard_patterns()
    out = []
    for piece in re.split(r"(\{\w+\})", text):
        if not piece:
            continue
        if piece in ("{Word}", "{WORD}"):
            out.append(pats[piece[1:-1]])
            continue
        lit = []
        for ch in piece:
            if ch == " ":
                lit.append(r"[ \u00a0]++")
            elif ch in "-\u2010\u2011\u2013":
                lit.append(r"[\-\u2010\u2011\u2013]")
            else:
                lit.append(re.escape(ch))
        out.append("(?i:" + "".join(lit) + ")")
    return "".join(out)


@dataclass(frozen=True)
class _Exceptions:
    """Compiled exception patterns: for each variant (None: any), one regex of
    the contexts before it, one of the contexts after it, and the pairs."""

    before: dict[str | None, Any]
    after: dict[str | None, Any]
    both: dict[str | None, list[tuple[Any, Any]]]

    def protects(self, text: str, start: int, end: int, variant: str) -> bool:
        for key in (variant, None):
            rx = self.before.get(key)
            if rx is not None and rx.search(text, max(0, start - 120), start):
                return True
            rx = self.after.get(key)
            if rx is not None and rx.match(text, end, min(len(text), end + 120)):
                return True
            for b, a in self.both.get(key, ()):
                if b.search(text, max(0, start - 120), start) and a.match(text, end, min(len(text), end + 120)):
                    return True
        return False


def _compile_exceptions(patterns: Sequence[Any]) -> _Exceptions:
    re = _regex()
    befores: dict[str | None, list[str]] = defaultdict(list)
    afters: dict[str | None, list[str]] = defaultdict(list)
    both: dict[str | None, list[tuple[Any, Any]]] = defaultdict(list)
    for p in patterns:
        b = r"(?<!\w)" + _pattern_rx(p.before) if p.before else ""
        a = (
            _pattern_rx(p.after) + (r"(?!\w)" if p.after[-1:].isalnum() or p.after.endswith("}") else "")
            if p.after
            else ""
        )
        if b and a:
            both[p.variant].append((re.compile("(?r)" + b + r"\Z"), re.compile(a)))
        elif b:
            befores[p.variant].append(b)
        elif a:
            afters[p.variant].append(a)
    return _Exceptions(
        {k: re.compile("(?r)(?:" + "|".join(v) + r")\Z") for k, v in befores.items()},
        {k: re.compile("(?:" + "|".join(v) + ")") for k, v in afters.items()},
        dict(both),
    )


# Lines of a document read to guess its language.
_LANGUAGE_LINES = 50


class _Guard:
    """Decides, for one document, which hits are left alone: inside an
    identifier, a gloss of the old name, an exception pattern, or a line in a
    language the tables are not for."""

    def __init__(self, text: str, exceptions: _Exceptions, languages: tuple[str, ...]) -> None:
        self.exceptions = exceptions
        self.languages = languages
        self._doc_text: str | None = text
        self._doc_lang: str | None = None

    def _doc_language(self) -> str | None:
        if self._doc_text is not None:
            from cleantext.lang import guess_language

            # The opening lines of a document tell its language as well as
            # the whole would. Counted in lines, not characters, so that a
            # rewrite that changes a name's length cannot move the sample.
            text = self._doc_text
            end = len(text)
            for i, m in enumerate(_break().finditer(text)):
                if i + 1 == _LANGUAGE_LINES:
                    end = m.start()
                    break
            # Each word counts once: a word said over and over (a list, a
            # chant, a line repeated by the scraper) does not outweigh the
            # prose. Lines that open with a label ("READ MORE: ...",
            # "Photo: ...") are left out: they are page furniture more often
            # than text, and a later pass that removes one must not turn the
            # language the document had.
            sample = text[:end]
            if ":" in sample:  # a label ends in a colon
                sample = _labelled_line().sub("", sample)
            self._doc_lang = guess_language(sample, distinct=True)
            self._doc_text = None
        return self._doc_lang

    def _foreign(self, line: str) -> bool:
        from cleantext.lang import language_of, language_scores

        scores = language_scores(line)  # counted once, for both tests
        lang = language_of(scores) or _lean(scores, self.languages) or self._doc_language()
        return lang is not None and lang not in self.languages

    def filter(
        self, text: str, hits: list[tuple[int, int, str, str]], *, first: bool = True
    ) -> list[tuple[int, int, str, str]]:
        """The hits to rewrite. Later rounds (``first=False``) look only at
        lines whose language the first round has already accepted."""
        if not hits:
            return hits
        languages = self.languages if first else ()
        kept: list[tuple[int, int, str, str]] = []
        line_end = -1
        line_foreign = False
        word: tuple[int, int, bool] = (-1, -1, False)
        idents: list[tuple[int, int]] = []
        for hit in hits:
            start, end, out, variant = hit
            if not word[0] <= start < word[1]:
                word = _word_around(text, start, end)
                idents = [] if word[2] else _identifiers(text, word[0], word[1])
            if word[2] or any(s < end and start < e for s, e in idents):
                continue
            if _is_gloss(text, start, end, out) or self.exceptions.protects(text, start, end, variant):
                continue
            # The language last: it is the dearest test (the document's
            # opening lines may be read), needed only for a rewrite about to
            # be made. The line found does not depend on the lines skipped:
            # the search for its start stops at the last line break before it.
            if languages:
                if start > line_end:
                    low = line_end + 1 if line_end >= 0 else 0
                    line_start = max(text.rfind("\n", low, start), text.rfind("\r", low, start), low - 1) + 1
                    line_end = _next_break(text, end)
                    line_foreign = self._foreign(text[line_start:line_end])
                if line_foreign:
                    continue
            kept.append(hit)
        return kept


def _lean(scores: dict[str, float], languages: tuple[str, ...]) -> str | None:
    """The language a short line leans to (by its
    :func:`~cleantext.lang.language_scores`), below the evidence a guess
    needs: another language clearly ahead of the table's ``languages``
    (with so little to go on, the line is left alone rather than
    rewritten), or one of ``languages`` when the line holds a function word
    of it and clearly fewer of any other (it is read as written in it,
    whatever the rest of the document holds); None when it leans to none."""
    from cleantext.lang import MIN_LEAD

    own = max(((scores.get(code, 0.0), code) for code in languages), default=(0.0, ""))
    other = max(((v, k) for k, v in scores.items() if k not in languages), default=(0.0, ""))
    if other[0] >= 1.5 and other[0] >= MIN_LEAD * own[0]:
        return other[1]
    if own[0] >= 1.0 and own[0] >= MIN_LEAD * other[0]:
        return own[1]
    return None


# Identifiers hold no white space; a run of text this long without any is
# not prose, and names inside it are left alone.
_MAX_WORD = 256


def _word_around(text: str, start: int, end: int) -> tuple[int, int, bool]:
    """The stretch of text without white space around ``text[start:end]``,
    looking at most _MAX_WORD characters each way, and whether it runs on
    beyond that. Hits inside one stretch share this answer, so each character
    is looked at a bounded number of times."""
    low = max(0, start - _MAX_WORD)
    left = start
    while left > low and not text[left - 1].isspace():
        left -= 1
    high = min(len(text), end + _MAX_WORD)
    right = end
    while right < high and not text[right].isspace():
        right += 1
    too_long = (left == low and low > 0 and not text[low - 1].isspace()) or (
        right == high and high < len(text) and not text[high].isspace()
    )
    return left, right, too_long


def _identifiers(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of URLs, e-mail addresses, handles, hashtags, paths and host
    names inside ``text[start:end]``."""
    w = text[start:end]
    if not any(c in w for c in "/@#\\."):
        return []
    return [(start + m.start(), start + m.end()) for m in _guard_patterns()["identifier"].finditer(w)]


def _is_gloss(text: str, start: int, end: int, out: str) -> bool:
    """The hit is presented as an old or other spelling, or quoted as a word."""
    if 0 < start and end < len(text) and text[start - 1] + text[end] in _QUOTE_PAIRS:
        return True
    pats = _guard_patterns()
    if pats["gloss_before"].search(text, max(0, start - 60), start):
        return True
    folded = out.casefold()
    m = pats["gloss_tail"].search(text, max(0, start - 40), start)
    if m is not None:
        at = m.start() - len(out)
        if at >= 0 and text[at : m.start()].casefold() == folded and not (at and _word().match(text, at - 1)):
            return True
    m = pats["gloss_head"].match(text, end, min(len(text), end + 40))
    if m is not None and m.end() > end:
        tail = text[m.end() : m.end() + len(out)]
        if tail.casefold() == folded and not _word().match(text, m.end() + len(out)):
            return True
    return False


# -- typography inside names ------------------------------------------------------


@cache
def _typography_patterns() -> dict[str, Any]:
    re = _regex()
    return {
        # O'Brien, D’Souza: a capital, an apostrophe, a capitalised word.
        "apostrophe": re.compile(r"(?<!\w)(\p{Lu})[’'ʼ](?=\p{Lu}\p{Ll})"),
        # Jean‑Pierre, al‑Assad: a non-breaking or Unicode hyphen before a capital.
        "hyphen": re.compile(
            r"(?<=\b(?:\p{Lu}\p{L}*|al|el|ad|an|ar|as|ash|at|az|abu|bin|ibn|bint|ben))[\u2010\u2011](?=\p{Lu})"
        ),
        # Two or more initials before a capitalised name: "J. R. R. Tolkien", "J.R.R. Tolkien".
        "initials": re.compile(r"(?<![\w.])\p{Lu}\.(?:[ \u00a0]?\p{Lu}\.)++(?=[ \u00a0]\p{Lu}\p{Ll})"),
    }


@register("normalize-names")
@dataclass(frozen=True, kw_only=True, repr=False)
class NormalizeNames(Pass):
    """Write each listed person and place one way: Kiev -> Kyiv, Zelenskiy -> Zelenskyy.

    Names are spelled differently across (and inside) news sources, which
    breaks search, counting, entity linking and deduplication. This pass
    rewrites every variant in its name table to the canonical spelling (AP
    style in the built-in table, ``cleantext/data/names.tsv``), on whole words
    only, keeping possessives and suffixes and the case pattern of the match.
    Fixed phrases and patterns listed as exceptions stay as they are
    ("Chicken Kiev", "Battle of {name}", "Bombay {Word}"), and where listed
    spellings overlap the longest one wins. User tables (TSV or TOML) given in
    ``tables`` are merged over the built-in one. It also tidies typography
    inside names: non-breaking hyphens by default, apostrophes and the
    spacing of initials on request.

    An old spelling is often written on purpose, so the pass leaves alone
    names inside identifiers (URLs, e-mail addresses, handles, hashtags,
    paths), glosses of the old name ("Mumbai (Bombay)", "formerly Bombay",
    "then called Peking"), a name quoted as a word, and lines in a language
    the tables are not for (``languages``; a cheap stopword guess,
    :mod:`cleantext.lang`). See ``docs/names.md``.

    >>> p = NormalizeNames()
    >>> p("Zelenskiy's visit to Kiev-based media; KIEV, Jan 5.")
    "Zelenskyy's visit to Kyiv-based media; KYIV, Jan 5."
    >>> p("Kievan Rus and Chicken Kiev stay; Muammar Gaddafi -> ?")
    'Kievan Rus and Chicken Kiev stay; Moammar Gadhafi -> ?'
    >>> p("Mumbai (Bombay), #Kiev and the Battle of Kharkov stay; Kiev goes.")
    'Mumbai (Bombay), #Kiev and the Battle of Kharkov stay; Kyiv goes.'
    >>> NormalizeNames(initials="joined")("J. R. R. Tolkien met Jean\u2011Pierre O’Brien.")
    'J.R.R. Tolkien met Jean-Pierre O’Brien.'
    """

    tables: tuple[str, ...] = option(
        (), "user name tables (TSV or TOML paths) to merge over the built-in table", path=True
    )
    builtin: bool = option(True, "the built-in table covers names whose spelling varies between major outlets")
    apostrophes: Literal["keep", "straight", "curly"] = option(
        "keep", "curly and straight apostrophes are both correct typography: O’Brien, O'Brien"
    )
    hyphens: Literal["keep", "ascii"] = option(
        "ascii", "a non-breaking hyphen in Jean‑Pierre is a layout hint that breaks search"
    )
    initials: Literal["keep", "joined", "spaced"] = option(
        "keep", "house styles differ: AP writes J.R.R. Tolkien, Chicago J. R. R. Tolkien"
    )
    languages: tuple[str, ...] = option(
        ("en",),
        "the tables spell names for English text; German 'Peking' is right; () applies them to every language",
    )
    initialisms: tuple[str, ...] = option(
        tuple("U.S. U.K. U.N. E.U. U.S.A. U.A.E. D.C. L.A. N.Y. N.J. U.S.S.R. A.M. P.M.".split()),
        "abbreviations before a capitalised word are not a person's initials: U.S. President",
    )

    def __post_init__(self) -> None:
        super().__post_init__()
        for path in self.tables:
            if not path:
                raise self.option_error("tables", "empty path")
        # Table errors are configuration errors: raise them now, naming file
        # and line (the built-in table alone is read on first use: it has
        # none). The scan index is compiled on first use.
        if self.tables:
            _ = self.table

    @cached_property
    def table(self) -> Any:
        """The merged :class:`~cleantext.names_table.NameTable`."""
        from cleantext.names_table import builtin_entries, load_table, merge_tables

        base = builtin_entries() if self.builtin else ()
        return merge_tables(base, *(load_table(p) for p in self.tables))

    @cached_property
    def _index(self) -> _Index:
        t = self.table
        return _compile(t.mapping, t.notes, self.apostrophes, self._typography)

    # -- typography ---------------------------------------------------------------

    def _typography(self, text: str) -> str:
        if self.hyphens == "ascii" and ("\u2011" in text or "\u2010" in text):
            text = _typography_patterns()["hyphen"].sub("-", text)
        if self.apostrophes != "keep" and any(a in text for a in _APOSTROPHES):
            mark = "'" if self.apostrophes == "straight" else "’"
            text = _typography_patterns()["apostrophe"].sub(lambda m: m.group(1) + mark, text)
        if self.initials != "keep" and "." in text:
            text = _typography_patterns()["initials"].sub(self._initials, text)
        return text

    def _initials(self, m: Any) -> str:
        letters = [ch for ch in m.group() if ch.isupper()]
        if "".join(f"{ch}." for ch in letters) in self.initialisms:
            return str(m.group())
        if self.initials == "joined":
            return "".join(f"{ch}." for ch in letters)
        return " ".join(f"{ch}." for ch in letters)

    # -- running ----------------------------------------------------------------------

    @cached_property
    def _lowercase_variants(self) -> bool:
        """Whether a variant may have no capital letter (it is its own lower
        case), so that a form of it can match in text without one."""
        return any(v != c and v == v.lower() for v, c in self.table.mapping.items())

    @cached_property
    def _exceptions(self) -> _Exceptions:
        return _compile_exceptions(self.table.patterns)

    def _rounds(self, text: str) -> Iterator[tuple[str, list[tuple[int, int, str, str]], str]]:
        """(text before, hits, text after) for each round that changes something.

        A rewrite can complete a longer listed name with its neighbours, so
        the text is scanned again until nothing changes. This ends: every
        canonical form is itself a listed form kept as it is, so a match of a
        later round cannot lie inside the spans just written and takes in at
        least one character that no round has written yet. No listed form
        holds a line break, so matches never cross lines and only the lines
        just changed need the next scan.
        """
        if text.isascii() and text.islower() and not self._lowercase_variants:
            return  # no capital for a listed form to start with: the index is not needed
        index = self._index
        lines = index.rewrite_lines(text)
        if not lines:
            return  # no form it rewrites: _scan would find nothing
        hits = _scan_lines(index, text, lines)
        if not hits:
            return
        guard = _Guard(text, self._exceptions, self.languages)
        hits = guard.filter(text, hits)
        while hits:
            after, spans = _splice_spans(text, hits)
            yield text, hits, after
            text = after
            hits = []
            for start, end in _lines_around(text, spans):
                line = text[start:end]
                if not index.may_rewrite(line):
                    continue  # as usual once its variants are rewritten: nothing for _scan
                hits.extend(
                    (s + start, e + start, o, v) for s, e, o, v in guard.filter(line, _scan(index, line), first=False)
                )

    def __call__(self, text: str) -> str:
        text = self._typography(text)
        for _, _, after in self._rounds(text):
            text = after
        return text

    def apply(self, text: str) -> tuple[str, list[Change]]:
        typed = self._typography(text)
        changes = diff_changes(self.name, text, typed, "typography inside names") if typed != text else []
        text = typed
        notes = self._index.notes
        mapping = self.table.mapping
        for before, hits, after in self._rounds(text):
            starts = line_starts(before)
            for start, end, out, variant in hits:
                note = notes.get(variant, "")
                canonical = mapping.get(variant, variant)
                why = Reason(
                    f"{variant!r} is a variant of {canonical!r}" + (f" ({note})" if note else ""), "name-variant"
                )
                changes.append(Change(self.name, "span-replaced", before[start:end], out, why, line_at(starts, start)))
            text = after
        return text, changes


# -- unify-name-variants ----------------------------------------------------------------

# Preceding words that say nothing about who is meant: function words,
# honorifics, and titles that many people hold at once.
_WEAK_ANCHORS = frozenset(
    """A An The In On At Of For By With But And Or As When After Before If That This Then While Since
    Mr Mrs Ms Miss Mx Dr Prof Sir Dame Lord Lady Rev Fr
    Senator Sen Representative Rep Congressman Congresswoman Governor Gov Mayor Minister Secretary
    General Gen Colonel Col Captain Capt Lieutenant Sergeant Officer Detective Judge Justice
    Ambassador Commissioner Director Chairman Chairwoman Chair Councillor Councilman Councilwoman
    Professor Doctor Coach Manager Chief Deputy Assistant Spokesman Spokeswoman Spokesperson
    Father Brother Sister Saint St""".split()
)

# Slavic surnames have feminine forms (Navalny / Navalnaya, Zelensky / Zelenska,
# Putin / Putina): these are different people, never spelling variants.
_FEMININE_ENDINGS = ("a",)
# Plurals and demonyms: Korea / Korean, Bush / Bushes.
_SUFFIXES = frozenset("s es n an ian ese i ish er ers".split())


@cache
def _lookalikes() -> frozenset[frozenset[str]]:
    """Pairs of distinct real names that look alike (data/name-lookalikes.tsv)."""
    text = read_text("name-lookalikes.tsv")
    pairs = set()
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        a, b, *_ = line.split("\t")
        pairs.add(frozenset((a.strip(), b.strip())))
    return frozenset(pairs)


# Names are short: a capitalised word longer than this is not a name (a URL
# slug, a chemical, a glued run of words) and is never unified, which keeps
# every edit distance computed small.
_MAX_TOKEN = 32
# A spelling with more near-duplicates than this is left alone: so many
# similar words are different words, not one name spelled two ways.
_MAX_CANDIDATES = 6
# A document in which more spellings than this share one deletion key is a
# list of generated or random words, not prose that names people: it is left
# alone. This also bounds every look-up under a key.
_MAX_SHARED = 64


def _deletions(token: str, k: int, keep: int = 0) -> set[str]:
    """Every string made from ``token`` by deleting at most ``k`` letters
    after its first ``keep``. Two words within k edits (insertions,
    deletions, substitutions, adjacent transpositions) of each other that
    share their first ``keep`` letters always share one, so these are the
    keys under which near spellings meet without comparing every pair."""
    n = len(token)
    if k == 2:  # the usual reach, built in one go
        out = {token[:i] + token[i + 1 : j] + token[j + 1 :] for i in range(keep, n) for j in range(i + 1, n)}
        out.update([token[:i] + token[i + 1 :] for i in range(keep, n)])
        out.add(token)
        return out
    out = {token}
    frontier = {token}
    for _ in range(k):
        frontier = {t[:i] + t[i + 1 :] for t in frontier for i in range(keep, len(t))}
        out |= frontier
    return out


def _distance(a: str, b: str, limit: int) -> int:
    """Damerau-Levenshtein (optimal string alignment) distance, cut at limit + 1.

    The common head and tail are dropped first (they do not change the
    distance), so near spellings cost a table of a few cells; and only the
    cells within ``limit`` of the diagonal are worked out: a cell further
    off is more than ``limit`` already, and so is any path through it.
    """
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    head = 0
    shortest = min(len(a), len(b))
    while head < shortest and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < shortest - head and a[-1 - tail] == b[-1 - tail]:
        tail += 1
    a, b = a[head : len(a) - tail], b[head : len(b) - tail]
    over = limit + 1
    width = len(b)
    prev2: list[int] = []
    prev = [j if j <= limit else over for j in range(width + 1)]
    for i in range(1, len(a) + 1):
        cur = [over] * (width + 1)
        if i <= limit:
            cur[0] = i
        best = cur[0]
        x = a[i - 1]
        for j in range(max(1, i - limit), min(width, i + limit) + 1):
            v = prev[j - 1] + (x != b[j - 1])
            if prev[j] + 1 < v:
                v = prev[j] + 1
            if cur[j - 1] + 1 < v:
                v = cur[j - 1] + 1
            if i > 1 and j > 1 and x == b[j - 2] and a[i - 2] == b[j - 1] and prev2[j - 2] + 1 < v:
                v = prev2[j - 2] + 1
            if v > over:
                v = over
            cur[j] = v
            if v < best:
                best = v
        if best > limit:
            return over
        prev2, prev = prev, cur
    return min(prev[-1], over)


@cache
def _token_pattern() -> Any:
    # A capitalised word with at least one lower-case letter, with O'Brien-
    # and Ben-Gvir-style joins; possessive quantifiers keep it linear.
    return _regex().compile(r"(?<![\w'’-])(\p{Lu}\p{L}*+(?:['’-]\p{Lu}\p{L}*+)*+)(?![\w])")


@cache
def _anchor_pattern() -> Any:
    return _regex().compile(r"(\p{Lu}\p{Ll}++)[ \u00a0]\Z")


class _PlanState:
    """What the rounds of one document's plan share: every spelling of the
    document under each of its keys, which pairs are near, and (after the
    first round) the keys of the spellings the last round changed."""

    def __init__(self, reach: Callable[[str], int], spellings: Iterable[str]) -> None:
        self.reach = reach
        # key -> the spelling under it, or a list of them when several are
        # (most keys hold one: a string costs less memory than a list).
        buckets: dict[str, str | list[str]] = {}
        # The keys that hold several spellings, and the most any holds.
        shared: list[list[str]] = []
        most = 1
        get = buckets.get
        for t in spellings:
            for key in _deletions(t, reach(t), keep=3):  # as keys_of gives them
                held = get(key)
                if held is None:
                    buckets[key] = t
                elif isinstance(held, str):
                    buckets[key] = pair = [held, t]
                    shared.append(pair)
                else:
                    held.append(t)
                    most = max(most, len(held))
        self.buckets = buckets
        self.shared = shared
        self.crowded = most > _MAX_SHARED
        self.memo: dict[tuple[str, str], bool] = {}
        self.dirty: set[str] | None = None
        # Each spelling's number of tokens, and the anchors before them (a
        # multiset, so that a token moving away takes its anchor along).
        self.counts: Counter[str] = Counter()
        self.anchor_counts: dict[str, dict[str, int]] = defaultdict(dict)
        self.anchors: dict[str, set[str]] = defaultdict(set)

    def count(self, tokens: Sequence[tuple[int, int, str, str | None]]) -> None:
        self.counts.update([t for _, _, t, _ in tokens])
        anchor_counts, anchors = self.anchor_counts, self.anchors
        for _, _, t, a in tokens:
            if a is not None:
                held = anchor_counts[t]
                held[a] = held.get(a, 0) + 1
                anchors[t].add(a)

    def move(self, minor: str, major: str, anchor: str | None) -> None:
        """One token of ``minor`` respelled ``major``."""
        self.counts[major] += 1
        self.counts[minor] -= 1
        if not self.counts[minor]:
            del self.counts[minor]
        self.reanchor(minor, anchor, None)
        self.reanchor(major, None, anchor)

    def reanchor(self, token: str, old: str | None, new: str | None) -> None:
        """One token of spelling ``token`` now after ``new`` instead of ``old``."""
        held, seen = self.anchor_counts[token], self.anchors[token]
        if old is not None:
            held[old] -= 1
            if not held[old]:
                del held[old]
                seen.discard(old)
        if new is not None:
            held[new] = held.get(new, 0) + 1
            seen.add(new)

    def keys_of(self, token: str) -> list[str]:
        # Spellings of one name share their first three letters, and a
        # common prefix does not change the distance: letters are deleted
        # from the rest only.
        return list(_deletions(token, self.reach(token), keep=3))

    def under(self, key: str) -> Sequence[str]:
        held = self.buckets.get(key, ())
        return (held,) if isinstance(held, str) else held

    def changed(self, spellings: set[str]) -> None:
        """Spellings whose count, context or existence the last round changed:
        they may be majors now, and their neighbours must be looked at again."""
        self.dirty = set(chain.from_iterable(map(self.keys_of, spellings)))


@register("unify-name-variants")
@dataclass(frozen=True, kw_only=True, repr=False)
class UnifyNameVariants(Pass):
    """Make one document spell each name one way: its minority spellings become the majority one.

    A document that says "Zelensky" five times and "Zelenskiy" twice means one
    man; search and counting want one spelling. Names not in any table can
    only be unified from the document itself, and two different people must
    never be merged (Tucker Carlson is not Magnus Carlsen), so the evidence
    required is strong: the spellings are near-duplicates (one or two edits,
    same first three letters), the minority spelling appears only after given
    names or distinctive titles that the majority spelling also has
    ("Volodymyr", "President"), neither is a feminine form of the other
    (Navalny, Navalnaya) or a suffixed form (Korea, Korean), the majority is
    strictly more frequent, and the pair is not a known look-alike pair of
    real people (``data/name-lookalikes.tsv``). Off by default; each group is
    reported as changes.

    >>> UnifyNameVariants()(
    ...     "President Volodymyr Zelensky spoke. Zelensky said no. "
    ...     "President Volodymyr Zelenskiy left.\\n"
    ... )
    'President Volodymyr Zelensky spoke. Zelensky said no. President Volodymyr Zelensky left.\\n'
    """

    min_length: int = option(5, "short names (Reid, Reed, Kerr) are too often different people")
    max_edits: int = option(2, "transliteration variants differ by one or two letters")

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.min_length < 3:
            raise self.option_error("min_length", f"must be at least 3, got {self.min_length}")
        if not 1 <= self.max_edits <= 3:
            raise self.option_error("max_edits", f"must be 1, 2 or 3, got {self.max_edits}")

    def _tokens(self, text: str) -> list[tuple[int, int, str, str | None]]:
        """(start, end, token, anchor) of each capitalised name-like word."""
        out = []
        anchor_rx = _anchor_pattern()
        for m in _token_pattern().finditer(text):
            tok = m.group(1)
            if not self.min_length <= len(tok) <= _MAX_TOKEN or tok.isupper() or not any(c.islower() for c in tok):
                continue
            start = m.start(1)
            a = anchor_rx.search(text, max(0, start - 40), start)
            anchor = a.group(1) if a and a.group(1) not in _WEAK_ANCHORS else None
            out.append((start, m.end(1), tok, anchor))
        return out

    def _plan(self, state: _PlanState) -> tuple[dict[str, str], dict[str, str]]:
        """minority spelling -> majority spelling, and a description of each
        group. ``state`` carries what rounds share: each spelling's count,
        anchors and keys, the spellings under each key, which pairs are near,
        and (after the first round) the keys of the spellings the last round
        changed: only a spelling sharing one of them can decide otherwise."""
        counts, anchors = state.counts, state.anchors
        memo = state.memo
        lookalikes = _lookalikes()

        def is_major(t: str) -> bool:
            return counts[t] >= 2 and bool(anchors[t])

        def by_count(t: str) -> tuple[int, str]:
            return -counts[t], t

        # Majors meet their minority spellings under shared deletion keys
        # (same first three letters): for each minority spelling, the majors
        # more frequent than it under any of its keys, at most
        # _MAX_CANDIDATES + 1 from each key (a spelling with more is left
        # alone), found key by key, every key holding at most _MAX_SHARED.
        found: dict[str, set[str]] = defaultdict(set)

        def gather(minor: str, majors: Sequence[str]) -> None:
            near = found[minor]
            for major in majors:
                if counts[major] <= counts[minor]:
                    break
                near.add(major)
                if len(near) > _MAX_CANDIDATES:
                    break

        if state.dirty is None:
            # A spelling at least as frequent as every major has none to join.
            top = max((counts[t] for t in counts if is_major(t)), default=0)
            for held in state.shared:
                majors = sorted((t for t in held if is_major(t)), key=by_count)
                if not majors:
                    continue
                for minor in held:
                    if counts[minor] < top and anchors[minor]:
                        gather(minor, majors)
        else:
            # Only a spelling that shares a key with one the last round
            # changed can decide otherwise.
            fresh: dict[str, list[str]] = {}
            seen: set[str] = set()
            for key in state.dirty:
                for minor in state.under(key):
                    if minor not in seen and counts[minor] and anchors[minor]:
                        seen.add(minor)
                        for k in state.keys_of(minor):
                            spellings = state.buckets[k]
                            if isinstance(spellings, str):  # the minority spelling alone
                                continue
                            under = fresh.get(k)
                            if under is None:
                                under = fresh[k] = sorted((t for t in spellings if is_major(t)), key=by_count)
                            gather(minor, under)
        plan: dict[str, str] = {}
        for minor, near in found.items():
            if len(near) > _MAX_CANDIDATES:
                continue
            for major in sorted(near, key=by_count):
                if self._same_name(major, minor, anchors, lookalikes, memo):
                    plan[minor] = major
                    break
        # A chain (Zelenskiy -> Zelenskyi -> Zelensky) goes to its end at
        # once. Counts rise along a chain, so resolving the more frequent
        # spellings first finds each target already resolved.
        for minor in sorted(plan, key=lambda t: (-counts[t], t)):
            plan[minor] = plan.get(plan[minor], plan[minor])
        groups: dict[str, str] = {}
        for minor, major in plan.items():
            shared = ", ".join(sorted(anchors[minor] & anchors[major]))
            groups[minor] = Reason(
                f"minority spelling of {major!r} in this document ({major} ×{counts[major]}, "
                f"{minor} ×{counts[minor]}; both after {shared})",
                "minority-spelling",
            )
        return plan, groups

    def _reach(self, token: str) -> int:
        """The most edits allowed between ``token`` and any other spelling."""
        return 1 if len(token) < 8 else self.max_edits

    def _same_name(
        self,
        major: str,
        minor: str,
        anchors: dict[str, set[str]],
        lookalikes: frozenset[frozenset[str]],
        memo: dict[tuple[str, str], bool] | None = None,
    ) -> bool:
        if not anchors[minor] or not anchors[minor] <= anchors[major]:
            return False
        if memo is None:
            return self._near(major, minor, lookalikes)
        near = memo.get((major, minor))
        if near is None:
            near = memo[major, minor] = self._near(major, minor, lookalikes)
        return near

    def _near(self, major: str, minor: str, lookalikes: frozenset[frozenset[str]]) -> bool:
        """The two spellings can be one name: near-duplicates, not a known
        look-alike pair, a feminine form or a suffixed form."""
        if frozenset((major, minor)) in lookalikes:
            return False
        if major.endswith(_FEMININE_ENDINGS) != minor.endswith(_FEMININE_ENDINGS):
            return False
        short, long_ = sorted((major, minor), key=len)
        if long_.startswith(short) and long_[len(short) :] in _SUFFIXES:
            return False
        limit = 1 if len(short) < 8 else self.max_edits
        return _distance(major, minor, limit) <= limit

    def __call__(self, text: str) -> str:
        return self.apply(text)[0]

    def apply(self, text: str) -> tuple[str, list[Change]]:
        """Plan on the document's name tokens until no spelling merges, then
        rewrite the text once. A merge can change the counts (and, where the
        merged word is another name's anchor, the context) that later merges
        rest on, so the plan is repeated on the tokens (not on the text)
        until it is empty: each round removes at least one spelling, so it
        ends, and the output holds no merge left for a second run."""
        tokens = self._tokens(text)
        if len(tokens) < 3:
            return text, []
        spelled = [tok for _, _, tok, _ in tokens]
        state = _PlanState(self._reach, dict.fromkeys(spelled))
        # Merges only remove spellings, so a document that is not crowded
        # gives an output that is not either, and a second run agrees.
        if state.crowded:
            return text, []
        state.count(tokens)
        current = spelled[:]  # each token's spelling as the rounds go
        why: dict[int, str] = {}
        anchor_rx = _anchor_pattern()
        while True:
            plan, groups = self._plan(state)
            if not plan:
                break
            # Only the tokens respelled, and the ones right after them (whose
            # anchor may be a respelled word), change: a round costs what it
            # changes, not the length of the document.
            changed = set(plan) | set(plan.values())
            respelled = [i for i, tok in enumerate(current) if tok in plan]
            for i in respelled:
                start, end, minor, anchor = tokens[i]
                major = plan[minor]
                why[i] = groups[minor]
                tokens[i] = (start, end, major, anchor)
                current[i] = major
                state.move(minor, major, anchor)
            for i in respelled:
                j = i + 1
                if j == len(tokens) or tokens[j][0] != tokens[i][1] + 1:
                    continue
                # The word before, a name just respelled, gives the anchor it
                # would give in the rewritten text.
                start, end, tok, anchor = tokens[j]
                a = anchor_rx.search(tokens[i][2] + text[start - 1])
                new_anchor = a.group(1) if a and a.group(1) not in _WEAK_ANCHORS else None
                if new_anchor != anchor:
                    changed.add(tok)
                    state.reanchor(tok, anchor, new_anchor)
                    tokens[j] = (start, end, tok, new_anchor)
            state.changed(changed)
        if not why:
            return text, []
        parts = []
        changes = []
        starts = line_starts(text)
        pos = 0
        for i, (start, end, tok, _) in enumerate(tokens):
            if tok != spelled[i]:
                parts.append(text[pos:start])
                parts.append(tok)
                pos = end
                changes.append(Change(self.name, "span-replaced", spelled[i], tok, why[i], line_at(starts, start)))
        parts.append(text[pos:])
        return "".join(parts), changes
