"""A small offline language guess: which language a stretch of text is in.

Passes that hold language-specific data (the English name table of
``normalize-names``) use it to leave text in other languages alone. The guess
counts the most frequent function words of each language
(``cleantext/data/stopwords.toml``) and a few letters particular to a
language, in one pass over the words: linear in the text, no model, no
download. It answers ``None`` when the evidence is thin (a headline, a list of
names): a caller decides what unknown means for it.

It tells apart English, German, French, Spanish, Italian, Portuguese, Dutch,
Polish, Swedish, Danish, Norwegian, Turkish, Czech and Romanian. Text in a
script without such profiles (Cyrillic, Greek, Arabic, CJK ...) is reported by
its script in :func:`script_of`.

>>> guess_language("The minister said on Tuesday that the talks would go on.")
'en'
>>> guess_language("Der Minister sagte am Dienstag, dass die Gespräche weitergehen.")
'de'
>>> guess_language("Kyiv, Jan 5") is None
True
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from cleantext.data import read_toml

__all__ = ["Profiles", "guess_language", "language_of", "language_scores", "profiles", "script_of"]

#: Weighted evidence needed before a guess is made (two function words of that language alone).
MIN_EVIDENCE = 2.0
#: How far the best language must lead the runner-up.
MIN_LEAD = 1.5


@dataclass(frozen=True)
class Profiles:
    """The stopword profiles: word -> ((language, weight), ...), and letter ->
    languages it marks."""

    words: Mapping[str, tuple[tuple[str, float], ...]]
    letters: Mapping[str, tuple[str, ...]]
    languages: tuple[str, ...]


@cache
def profiles() -> Profiles:
    """The built-in profiles (read once, on first use)."""
    data = read_toml("stopwords.toml")
    owners: dict[str, list[str]] = {}
    letters: dict[str, list[str]] = {}
    for lang, table in data.items():
        for w in set(table["words"].split()):
            owners.setdefault(w, []).append(lang)
        for ch in table.get("letters", ""):
            letters.setdefault(ch, []).append(lang)
    words = {w: tuple((lang, 1.0 / len(langs)) for lang in langs) for w, langs in owners.items()}
    return Profiles(words, {c: tuple(v) for c, v in letters.items()}, tuple(data))


@cache
def _word_rx() -> Any:
    import regex

    return regex.compile(r"[^\W\d_]++")


def language_scores(text: str, *, distinct: bool = False) -> dict[str, float]:
    """Weighted evidence for each language: function words (shared words count
    in part) and half a point for each lower-case word holding a letter
    particular to the language. With ``distinct``, each word counts once.

    >>> language_scores("mai mai mai", distinct=True)
    {'ro': 1.0}
    """
    prof = profiles()
    words = prof.words
    letters = prof.letters
    scores: dict[str, float] = {}
    found = _word_rx().findall(text)
    if distinct:
        found = list(dict.fromkeys(found))
    # Words looked up in C (map), in text order: the sums are the same
    # floating-point sums in the same order.
    if all(map(str.isascii, found)):
        # No word holds a letter particular to a language (those are not
        # ASCII): only the function words count, and only they are visited.
        for weights in filter(None, map(words.get, map(str.lower, found))):
            for lang, weight in weights:
                scores[lang] = scores.get(lang, 0.0) + weight
        return scores
    for w, owners in zip(found, map(words.get, map(str.lower, found)), strict=True):
        if owners is not None:
            for lang, weight in owners:
                scores[lang] = scores.get(lang, 0.0) + weight
        if not w.isascii() and w[0].islower():
            marked = {lang for ch in w if ch in letters for lang in letters[ch]}
            for lang in marked:
                scores[lang] = scores.get(lang, 0.0) + 0.5 / len(marked)
    return scores


def guess_language(text: str, *, min_evidence: float = MIN_EVIDENCE, distinct: bool = False) -> str | None:
    """The ISO 639-1 code of the language the text is most likely in, or None
    when no language has ``min_evidence`` points and a clear lead. With
    ``distinct``, each word counts once (see :func:`language_scores`).

    >>> guess_language("El ministro dijo que las conversaciones seguirán.")
    'es'
    >>> guess_language("Zelenskyy") is None
    True
    """
    return language_of(language_scores(text, distinct=distinct), min_evidence=min_evidence)


def language_of(scores: Mapping[str, float], *, min_evidence: float = MIN_EVIDENCE) -> str | None:
    """:func:`guess_language` from scores :func:`language_scores` has
    already given (a caller that also needs the scores counts once).

    >>> language_of({"en": 3.0, "de": 1.0}), language_of({"en": 3.0, "de": 2.5})
    ('en', None)
    """
    if not scores:
        return None
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
    best, top = ranked[0]
    second = ranked[1][1] if len(ranked) > 1 else 0.0
    if top < min_evidence or top < MIN_LEAD * second:
        return None
    return best


def script_of(text: str) -> str | None:
    """'latin', 'cyrillic', 'greek', 'arabic', 'hebrew', 'cjk' or None: the
    script of most letters in the text.

    >>> script_of("Зеленский заявил")
    'cyrillic'
    """
    counts: dict[str, int] = {}
    for ch in text:
        if not ch.isalpha():
            continue
        o = ord(ch)
        if o < 0x250:
            s = "latin"
        elif 0x370 <= o < 0x400:
            s = "greek"
        elif 0x400 <= o < 0x530:
            s = "cyrillic"
        elif 0x590 <= o < 0x600:
            s = "hebrew"
        elif 0x600 <= o < 0x700:
            s = "arabic"
        elif 0x3040 <= o < 0xA000 or 0xAC00 <= o < 0xD7B0:
            s = "cjk"
        else:
            s = "other"
        counts[s] = counts.get(s, 0) + 1
    if not counts:
        return None
    return max(counts.items(), key=lambda kv: kv[1])[0]
