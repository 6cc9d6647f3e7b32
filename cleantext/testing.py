"""Hold passes to the pass contract: hypothesis strategies and assertions.

cleantext's own test suite uses these on every registered pass; use them on
yours::

    from cleantext.testing import assert_idempotent, assert_total

    def test_my_pass_keeps_the_contract():
        assert_idempotent(MyPass())
        assert_total(MyPass())

Needs hypothesis (``pip install 'cleantext-news[testing]'``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

try:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st
except ImportError as exc:  # pragma: no cover - exercised only without hypothesis
    raise ImportError(
        "cleantext.testing needs hypothesis; install it with: pip install 'cleantext-news[testing]'"
    ) from exc

__all__ = [
    "abbreviation_sentences",
    "any_text",
    "assert_contract",
    "assert_idempotent",
    "assert_preserves",
    "assert_total",
    "caption_lines",
    "clean_documents",
    "documents",
    "headlines",
    "list_blocks",
    "markup_text",
    "mojibake",
    "mojibake_text",
    "name_table_rows",
    "name_table_texts",
    "news_documents",
    "option_limits",
    "promo_lines",
    "real_documents",
    "stacked_patterns",
    "text_forms",
    "whitespace_text",
]

Cleaner = Callable[[str], str]

# -- strategies ---------------------------------------------------------------

_WORDS = (
    "the government said on tuesday that talks would continue next week in the capital while officials "
    "from both sides met for hours to discuss security trade energy and prices after a long dispute over "
    "borders troops and sanctions the minister added that nothing had been agreed yet but a deal was close "
    "analysts expect markets to rise as investors weigh the risks of a wider conflict in the region"
).split()

_FOREIGN_SENTENCES = (
    "日本政府は新しい経済対策を発表した。",
    "政府周五宣布了新的经济刺激计划。",
    "정부는 월요일 새로운 정책을 발표했다.",
    "قال الرئيس إن المحادثات ستستمر.",
    "Президент заявил, что переговоры продолжатся.",
    "Le ministre a déclaré que les négociations continueraient.",
    "Die Regierung kündigte neue Maßnahmen an.",
    "El gobierno anunció nuevas medidas económicas.",
    "Fans celebrated 🎉 after the match 👍🏽.",
)

_CAPTION_CREDITS = (
    "Handout via REUTERS",
    "REUTERS/Maxim Shemetov",
    "(AP Photo/Ng Han Guan)",
    "Image copyright Getty Images",
    "Photo: Damian Dovarganes, AP",
    "Sakib Ali/Hindustan Times/Getty Images",
)

_PROMOS = (
    "Advertisement",
    "(Do not miss: How the talks began)",
    "READ MORE: Markets fall again",
    "Sign up for our newsletter",
    "CLICK HERE TO GET THE FOX NEWS APP",
    "Image 1 of 5",
    "Media playback is unsupported on your device",
)

_NAME_VARIANTS = ("Zelenskiy", "Zelensky", "Zelenskyy", "Kiev", "Kyiv", "Gaddafi", "Qaddafi")


def any_text(*, max_size: int = 2000) -> st.SearchStrategy[str]:
    """Any ``str``, lone surrogates, NUL and control characters included."""
    # st.characters() never draws surrogates unless asked for them by range.
    surrogates = st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF)
    chars = st.one_of(st.characters(exclude_categories=()), surrogates)
    return st.text(chars, max_size=max_size)


def whitespace_text(*, max_size: int = 200) -> st.SearchStrategy[str]:
    """Text made only of whitespace and line breaks of every kind."""
    return st.text(st.sampled_from(" \t\r\n\x0b\x0c\x85\u00a0\u2028\u2029\u3000\u200b"), max_size=max_size)


@st.composite
def _sentence(draw: st.DrawFn) -> str:
    if draw(st.integers(0, 9)) == 0:
        return draw(st.sampled_from(_FOREIGN_SENTENCES))
    words = draw(st.lists(st.sampled_from(_WORDS), min_size=4, max_size=16))
    text = " ".join(words)
    text = text[0].upper() + text[1:]
    end = draw(st.sampled_from(".....?!"))
    if draw(st.integers(0, 4)) == 0:
        return f"“{text},” he said."
    return text + end


@st.composite
def clean_documents(draw: st.DrawFn) -> str:
    """News-like documents with nothing to clean: complete sentences, single
    spaces, one blank line between paragraphs, a final newline."""
    paragraphs = draw(st.lists(st.lists(_sentence(), min_size=1, max_size=4).map(" ".join), min_size=1, max_size=6))
    sep = draw(st.sampled_from(["\n\n", "\n"]))
    return sep.join(paragraphs) + "\n"


def mojibake(text: str) -> str:
    """``text`` as it looks when its UTF-8 bytes are decoded as Windows-1252,
    the way most real mojibake arises.

    >>> mojibake("doesn’t")
    'doesnâ€™t'
    """
    import ftfy.bad_codecs  # noqa: F401 - registers sloppy-windows-1252

    return text.encode("utf-8").decode("sloppy-windows-1252")


def caption_lines() -> st.SearchStrategy[str]:
    """Photo-caption lines as wire services write them."""
    return st.builds(
        lambda s, credit: f"{s.rstrip('.?!')}, pictured on February 1, 2022. {credit}",
        _sentence(),
        st.sampled_from(_CAPTION_CREDITS),
    )


def promo_lines() -> st.SearchStrategy[str]:
    """Promo and navigation lines."""
    return st.sampled_from(_PROMOS)


@st.composite
def news_documents(draw: st.DrawFn) -> str:
    """Dirty news documents: paragraphs with captions, promos, name variants,
    mojibake, stray whitespace, CRLF, and a possibly truncated end."""
    parts: list[str] = []
    for _ in range(draw(st.integers(1, 8))):
        kind = draw(st.integers(0, 9))
        if kind == 0:
            parts.append(draw(caption_lines()))
        elif kind == 1:
            parts.append(draw(promo_lines()))
        elif kind == 2:
            name = draw(st.sampled_from(_NAME_VARIANTS))
            parts.append(f"President {name} said the talks in {draw(st.sampled_from(_NAME_VARIANTS))} went well.")
        elif kind == 3:
            parts.append(mojibake(draw(_sentence())))
        elif kind == 4:
            parts.append(draw(_sentence()).upper()[:30])
        else:
            parts.append(" ".join(draw(st.lists(_sentence(), min_size=1, max_size=3))))
    text = draw(st.sampled_from(["\n", "\n\n", "\r\n", "  \n\n\n"])).join(parts)
    if draw(st.booleans()):
        cut = draw(st.integers(0, len(text)))
        text = text[:cut]
    return text


def mojibake_text() -> st.SearchStrategy[str]:
    """Sentences, some with curly quotes, accents and emoji, as they look
    after one or two rounds of UTF-8 read as Windows-1252."""

    def garble(text: str, rounds: int) -> str:
        for _ in range(rounds):
            text = mojibake(text)
        return text

    return st.builds(garble, _sentence(), st.integers(1, 2))


_MARKUP = (
    "<b>", "</b>", "<p>", "</p>", "<br/>", "<!--", "-->", "<![CDATA[", "]]>", "&lt;", "&gt;", "&amp;", "&#8217;",
    "&nbsp;", "&", ";", "<", ">", "(", ")", "[", "]", "{", "}", "- ", "-\n", "ab", "cd", "1", "$", "@a", "#t",
    "http://a.co/x", "www.b.com", "e@f.org", "(see (p. 2))", "inter-\n", "nation- ", "al", " ", "\n", "\r\n", "\t", "\u2022 ", "“", "’", "!!",
)  # fmt: skip


def markup_text(*, max_size: int = 40) -> st.SearchStrategy[str]:
    """Short texts packed with the characters cleaners act on: tags,
    entities, nested brackets, words hyphenated across lines, URLs, handles,
    bullets, quotes.
    Finds what random text rarely does, such as ``"&lt;b&gt;"``, which one
    round of HTML unescaping turns into a tag."""
    alphabets = (
        _MARKUP,
        ("ab", "- ", "-\n"),  # hyphenation
        ("<", ">", "&", "lt;", "amp;", "b", " "),  # tags and entities
        ("(", ")", "[", "]", "{", "}", "ab"),  # brackets
    )
    return st.one_of(*(st.lists(st.sampled_from(a), max_size=max_size).map("".join) for a in alphabets))


# -- real-text structure --------------------------------------------------------
#
# The strategies below build documents the way real pages are built (headlines,
# paragraphs of real sentences, lists, captions over credit lines, promo
# blocks, wire datelines) and in the forms real text arrives in (CRLF, NFD),
# so that a property finds what only such structure shows: a pass that uncovers
# a line another pass removes on the next run, a rewrite that moves a line
# under a length limit, a loop limit one short of the input.

#: Real sentences, complete, of several languages, abbreviations and numbers
#: included: the default pool of :func:`real_documents`. (Public-domain
#: texts: U.S. federal statements, the UDHR, the German Basic Law.)
REAL_SENTENCES = (
    "President Biden held a telephone call today with President Recep Tayyip Erdogan of Turkey.",
    "The unemployment rate ticked down to 3.8 percent.",
    "In February, the economy created 678,000 jobs, following the greatest year of job growth in American history.",
    "He welcomed Poland’s partnership in hosting 9,000 U.S. forces, including 4,700 additional servicemembers.",
    "Yesterday afternoon, three students were shot in a drive-by shooting outside East High School in Des Moines, Iowa.",
    "The leaders also discussed the recent talks between Russia and Ukraine.",
    "All human beings are born free and equal in dignity and rights.",
    "Everyone has the right to life, liberty and security of person.",
    "Die Würde des Menschen ist unantastbar.",
    "Alle Menschen sind vor dem Gesetz gleich.",
    "Tous les êtres humains naissent libres et égaux en dignité et en droits.",
    "Todos los seres humanos nacen libres e iguales en dignidad y derechos.",
    "Wszyscy ludzie rodzą się wolni i równi pod względem swej godności i swych praw.",
    "„Das ist ein Anfang“, sagte sie am 3. Oktober in Berlin.",
    "« C’est un début », a-t-il dit.",
    "“We are building a better America,” he said.",
)

_HEADLINES = (
    "Stocks rally as Fed signals pause",
    "Oil prices slip on demand worries",
    "Yahoo! Ups Ante for Small Businesses",
    "Half-Life 2 is out now for the PC",
    "RUSSIA WARNS NATO OVER TROOPS",
    "Ukraine: what we know so far",
    "Bis 3.40, ZDF",
    "Auer, Novota",
    "Shantih shantih shantih",
    "Neue Regeln für Mieter ab 1. Januar",
    "La Bolsa cierra en alza",
)

_ABBREVIATED = (
    "Apple Inc. said on Tuesday its sales rose 4.2%.",
    "Shares of Acme Corp. fell 3.5% in Palo Alto, Calif., on Monday.",
    "Dr. Smith met Gov. Newsom and Sen. Warner of Va. on Jan. 5.",
    "Yahoo! bought the company for $1.5 billion in 2003.",
    "In 2003, the economy expanded by 1.3%",
    "Er wurde in der 56. Minute eingewechselt.",
    "Das Spiel endet z. B. am 3. Oktober um 20.15 Uhr.",
    "Le prix est de 1 234,50 € (env. 1 300 $).",
    "Mr. and Mrs. Jones live at 10 Downing St. in London.",
    "The U.S. and the U.K. signed it at 9 a.m. on Feb. 1, 2022.",
    "Sales rose to ¥1.2 trillion, or about $8.3 bn.",
)

_DATELINES = (
    "KYIV, Feb 1 (Reuters) - ",
    "MOSCOW (AP) — ",
    "WASHINGTON, March 3 (Reuters) - ",
    "BERLIN, 5 May (dpa) - ",
    "KYIV / MOSCOW, Feb 1 (Reuters) - ",
    "PARIS (AFP) - ",
)

_SCRAPER_NOTES = (
    " [+1234 chars]",
    "… [+2310 chars]",
    " Read more…",
    " read more…",
    " (truncated)",
    "...",
    " [truncated]",
    "…",
)

_CREDIT_LINES = (
    "Foto: Reuters",
    "© Foto: Skoda",
    "Photo Credit: Jane Doe",
    "Bild: dpa",
    "(dpa)",
    "Image copyright Getty Images",
    "REUTERS/Maxim Shemetov",
    "(Reporting by Jane Doe; Editing by John Smith)",
)

_BULLETS = ("- ", "* ", "• ", "1. ", "(a) ", "a) ", "")
_ITEM_ENDS = (";", ",", "", ".", " and", ";", ":")


def _pool(sentences: Sequence[str] | None) -> st.SearchStrategy[str]:
    return st.sampled_from(tuple(sentences) if sentences else REAL_SENTENCES)


def headlines() -> st.SearchStrategy[str]:
    """Headline lines: title case or capitals, no final full stop, some
    with "!" inside or a number that looks like an ordinal."""
    return st.one_of(
        st.sampled_from(_HEADLINES),
        _pool(None).map(lambda s: s.rstrip(".!?").title()[:60].rstrip()),
    )


def abbreviation_sentences() -> st.SearchStrategy[str]:
    """Sentences whose full stops are not sentence ends: "Inc.", "Calif.",
    "Dr.", German ordinals ("am 3. Oktober"), decimals, "Yahoo!"."""
    return st.sampled_from(_ABBREVIATED)


@st.composite
def list_blocks(draw: st.DrawFn, sentences: Sequence[str] | None = None) -> str:
    """A list of 2 to 9 items, one a line: bullets, numbers, "(a)" or none,
    items ending in ";", ",", a word, ":" or "." (the endings a truncation
    repair must not take for a cut)."""
    bullet = draw(st.sampled_from(_BULLETS))
    end = draw(st.sampled_from(_ITEM_ENDS))
    items = draw(st.lists(_pool(sentences), min_size=2, max_size=9))
    lines = []
    for i, item in enumerate(items):
        mark = f"{i + 1}. " if bullet == "1. " else f"({chr(97 + i)}) " if bullet == "(a) " else bullet
        words = item.rstrip(".!?").split()
        item = " ".join(words[: draw(st.integers(1, max(1, len(words))))])
        lines.append(mark + item + (end if i < len(items) - 1 or draw(st.booleans()) else "."))
    return "\n".join(lines)


@st.composite
def stacked_patterns(draw: st.DrawFn, sentences: Sequence[str] | None = None) -> str:
    """Patterns stacked deeper than a pass may expect: up to 12 wire
    datelines before one sentence, runs of promo lines, captions followed by
    credit lines and scrapers' notes, a promo or credit line just before a
    cut-off last sentence, a promo line just over a length limit (120, 200,
    400 or 600 characters) that a name rewrite shortens."""
    kind = draw(st.integers(0, 5))
    sentence = draw(_pool(sentences))
    if kind == 0:
        lines = ["".join(draw(st.lists(st.sampled_from(_DATELINES), min_size=1, max_size=12))) + sentence]
    elif kind == 1:
        lines = [sentence, *draw(st.lists(promo_lines(), min_size=2, max_size=6)), sentence]
    elif kind == 2:
        caption = draw(caption_lines())
        lines = [caption + draw(st.sampled_from(_SCRAPER_NOTES)), draw(st.sampled_from(_CREDIT_LINES)), sentence]
    elif kind == 3:
        lines = [sentence, draw(st.sampled_from(_CREDIT_LINES + _PROMOS)), _cut_off(sentence, draw(st.integers(1, 6)))]
    elif kind == 4:
        lines = [sentence + draw(st.sampled_from(_SCRAPER_NOTES)) for _ in range(draw(st.integers(1, 4)))]
    else:  # a promo line a few characters over a length limit, until a name is shortened
        name = draw(st.sampled_from(_LONG_NAME_VARIANTS))
        length = draw(st.sampled_from((120, 200, 400, 600))) + draw(st.integers(-3, 6))
        head = f"READ MORE: {name} says "
        body = (sentence + " ") * (length // max(1, len(sentence)) + 1)
        lines = [sentence, (head + body)[:length].rstrip(), sentence]
    return "\n".join(lines)


#: Name variants the built-in table rewrites to a shorter spelling.
_LONG_NAME_VARIANTS = ("Muammar al-Qaddafi", "Bashar al-Assad", "al-Qaddafi", "Hafez al-Assad", "Zelenskiy")


def _cut_off(sentence: str, words: int) -> str:
    kept = sentence.rstrip(".!?").split()
    return " ".join(kept[: min(words, max(1, len(kept) - 1))])


_FORMS = ("as-is", "crlf", "cr", "nfd", "nfc", "nfd-crlf", "tabs", "nbsp")


def _in_form(text: str, form: str) -> str:
    import unicodedata

    if form in ("nfd", "nfd-crlf"):
        text = unicodedata.normalize("NFD", text)
    elif form == "nfc":
        text = unicodedata.normalize("NFC", text)
    if form in ("crlf", "nfd-crlf"):
        text = text.replace("\n", "\r\n")
    elif form == "cr":
        text = text.replace("\n", "\r")
    elif form == "tabs":
        text = text.replace(" ", "\t", 3)
    elif form == "nbsp":
        text = text.replace(" ", "\u00a0", 2)
    return text


def text_forms(texts: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """``texts`` as they arrive: unchanged, with CRLF or CR line endings,
    decomposed (NFD) or composed (NFC), with some spaces as tabs or
    no-break spaces."""
    return st.builds(_in_form, texts, st.sampled_from(_FORMS))


@st.composite
def _real_document(draw: st.DrawFn, sentences: Sequence[str] | None) -> str:
    pool = _pool(sentences)
    parts: list[str] = []
    if draw(st.booleans()):
        parts.append(draw(headlines()))
    for _ in range(draw(st.integers(1, 7))):
        kind = draw(st.integers(0, 11))
        if kind <= 4:
            parts.append(" ".join(draw(st.lists(pool, min_size=1, max_size=3))))
        elif kind == 5:
            parts.append(draw(list_blocks(sentences)))
        elif kind == 6:
            parts.append(draw(stacked_patterns(sentences)))
        elif kind == 7:
            parts.append(draw(abbreviation_sentences()))
        elif kind == 8:
            parts.append(draw(headlines()))
        elif kind == 9:
            name = draw(st.sampled_from(_NAME_VARIANTS))
            parts.append(draw(pool).rstrip(".") + f", {name} said.")
        elif kind == 10:
            parts.append(mojibake(draw(pool)))
        else:
            parts.append(draw(caption_lines()) + "\n" + draw(st.sampled_from(_CREDIT_LINES)))
    text = draw(st.sampled_from(["\n\n", "\n"])).join(parts)
    ending = draw(st.integers(0, 3))
    if ending == 1:  # cut off mid-sentence, as feeds do
        text += "\n" + _cut_off(draw(pool), draw(st.integers(1, 8)))
    elif ending == 2:
        text += draw(st.sampled_from(_SCRAPER_NOTES))
    return text + draw(st.sampled_from(["\n", "", "\n\n"]))


def real_documents(sentences: Sequence[str] | None = None) -> st.SearchStrategy[str]:
    """Documents built like real pages from real sentences (``sentences``,
    or :data:`REAL_SENTENCES`): headlines, paragraphs, lists, numbers and
    abbreviations, name variants, captions over credit lines, stacked
    patterns, a cut-off end or a scraper's note, in every form of
    :func:`text_forms`. Give the sentences of your own corpus to test on
    your kind of text."""
    return text_forms(_real_document(sentences))


@st.composite
def name_table_rows(draw: st.DrawFn) -> list[tuple[str, str]]:
    """Rows (canonical, variant) of a user name table that take several
    rounds when applied naively: chains ("Kiew" -> "Kiev" -> "Kyiv") and
    completions, where each rewrite makes, with the next word, a longer
    listed variant ("Varo" -> "Vari"; "Vari Bel" -> "Vara Bel";
    "Vara Bel Cor" -> ...), up to seven deep. Use with texts that hold the
    first variant followed by the words (see :func:`name_table_texts`)."""
    names = ["Kiev", "Kyiv", "Kyjiw", "Kijów", "Kiew", "Kief"]
    length = draw(st.integers(2, len(names)))
    chain = draw(st.permutations(names))[:length]
    rows = [(chain[i + 1], chain[i]) for i in range(length - 1)]
    depth = draw(st.integers(0, len(_COMPLETION_WORDS)))
    for i in range(depth):
        tail = "".join(" " + w for w in _COMPLETION_WORDS[:i])
        rows.append((f"{_STEMS[i + 1]}{tail}", f"{_STEMS[i]}{tail}"))
    return rows


_STEMS = ("Varo", "Vari", "Vara", "Vare", "Varu", "Vary", "Varn", "Varz")
_COMPLETION_WORDS = ("Bel", "Cor", "Dun", "Eft", "Fal", "Gor", "Hul")


def name_table_texts(sentences: Sequence[str] | None = None) -> st.SearchStrategy[str]:
    """Texts for :func:`name_table_rows`: the variants, and the first stem
    followed by the completion words, inside real sentences."""
    names = st.sampled_from(("Kiev", "Kyiv", "Kyjiw", "Kijów", "Kiew", "Kief", "Port Kiev", _STEMS[0]))
    completion = st.integers(0, len(_COMPLETION_WORDS)).map(lambda k: " ".join((_STEMS[0], *_COMPLETION_WORDS[:k])))
    return st.builds(
        lambda a, b, sentence: f"Talks in {a} and {b}. {sentence}\n",
        st.one_of(names, completion),
        st.one_of(names, completion),
        _pool(sentences),
    )


def option_limits(pass_class: type) -> list[dict[str, Any]]:
    """Option sets with each integer option at its limits (0, 1, 2, 20 and
    a large value) and each text option empty or an ellipsis: with
    :meth:`~cleantext.registry.Pass.option_variants` (booleans and choices),
    the configurations a check of the contract should try. Sets the pass
    refuses at construction are the caller's to skip."""
    import dataclasses
    import typing

    if not dataclasses.is_dataclass(pass_class):
        return []
    hints = typing.get_type_hints(pass_class)
    out: list[dict[str, Any]] = []
    for f in dataclasses.fields(pass_class):
        if not f.init:
            continue
        hint = hints.get(f.name)
        if hint is int:
            out.extend({f.name: v} for v in (0, 1, 2, 20, 10**6) if v != f.default)
        elif hint is str:
            out.extend({f.name: v} for v in ("", "…", " read more…", " [+1234 chars]") if v != f.default)
    return out


def _with_surrogate() -> st.SearchStrategy[str]:
    """News-like text with a lone surrogate in it (text decoded with
    ``surrogateescape``, or JSON's ``\\ud800`` escapes, carry them)."""
    surrogate = st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF)
    return st.builds(
        lambda a, s, b: a + s + b, st.one_of(any_text(max_size=200), news_documents()), surrogate, any_text(max_size=50)
    )


def documents() -> st.SearchStrategy[str]:
    """The mix the assertions use by default: any text, text with lone
    surrogates, whitespace, clean and dirty news documents, mojibake, markup
    and documents built like real pages (:func:`real_documents`)."""
    return st.one_of(
        any_text(),
        _with_surrogate(),
        whitespace_text(),
        clean_documents(),
        news_documents(),
        mojibake_text(),
        markup_text(),
        real_documents(),
    )


_documents = documents


# -- assertions -----------------------------------------------------------------


def _settings(max_examples: int | None) -> settings:
    kwargs: dict[str, Any] = {"suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large]}
    if max_examples is not None:
        kwargs["max_examples"] = max_examples
    return settings(**kwargs)


def _label(cleaner: Cleaner) -> str:
    return getattr(cleaner, "name", None) or repr(cleaner)


def assert_idempotent(
    cleaner: Cleaner, texts: st.SearchStrategy[str] | None = None, *, max_examples: int | None = None
) -> None:
    """Fail unless ``cleaner(cleaner(x)) == cleaner(x)`` for generated ``x``."""

    @_settings(max_examples)
    @given(texts if texts is not None else _documents())
    def check(text: str) -> None:
        once = cleaner(text)
        twice = cleaner(once)
        assert twice == once, f"{_label(cleaner)} is not idempotent: {text!r} -> {once!r} -> {twice!r}"

    check()


def assert_total(
    cleaner: Cleaner, texts: st.SearchStrategy[str] | None = None, *, max_examples: int | None = None
) -> None:
    """Fail unless ``cleaner`` returns a ``str`` for every generated text."""

    @_settings(max_examples)
    @given(texts if texts is not None else _documents())
    def check(text: str) -> None:
        out = cleaner(text)
        assert isinstance(out, str), f"{_label(cleaner)} returned {type(out).__name__} for {text!r}"

    check()


def assert_contract(
    cleaner: Cleaner, texts: st.SearchStrategy[str] | None = None, *, max_examples: int | None = None
) -> None:
    """:func:`assert_total` and :func:`assert_idempotent` in one call: the
    contract every pass keeps."""
    assert_total(cleaner, texts, max_examples=max_examples)
    assert_idempotent(cleaner, texts, max_examples=max_examples)


def assert_preserves(
    cleaner: Cleaner, texts: st.SearchStrategy[str] | None = None, *, max_examples: int | None = None
) -> None:
    """Fail unless documents with nothing to clean come back byte-identical."""

    @_settings(max_examples)
    @given(texts if texts is not None else clean_documents())
    def check(text: str) -> None:
        out = cleaner(text)
        assert out == text, f"{_label(cleaner)} changed a clean document: {text!r} -> {out!r}"

    check()
