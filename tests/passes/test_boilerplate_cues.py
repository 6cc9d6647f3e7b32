"""The cue test of the boilerplate passes worked out on the whole text (most
lines never looked at in Python) against the same test worked out line by
line, on lines made of the rules' own prefixes, words and phrases, odd
Unicode and prose."""

from __future__ import annotations

import functools
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from cleantext.passes import boilerplate
from cleantext.passes.boilerplate import StripCaptions, StripCredits, StripPromos
from cleantext.pipeline import LineRun, LineView

PROSE = (
    "The minister said on Tuesday that the talks had failed and that a new round would follow in the spring "
    "after the budget vote, which the opposition had called a farce."
).split()
# Characters whose case, width or class is unusual: a dotted capital I (two
# characters in lower case), a final sigma, the Kelvin sign, spaces that are
# not " ", decoration the rules strip, digits that are not decimal, marks.
ODD = [
    "İ", "İstanbul", "ΣΟΦΙΑΣ", "ς", "σ", "K", "ß", "ẞ", "ﬁ", "\u00a0", "\t", "\u2003", "\x1c", "\x85", "\u2028",
    "»", "«", "›", "•", "·", "*", "#", "-", "–", "—", "(", "[", ")", "]", "{", "|", "/", "©", "@", "²", "①", "٣",
    ".", ",", "!", "?", ":", ";", '"', "“", "”", "’", "'", "…", "  ", "",
]  # fmt: skip
DIGITS = ["2", "12", "1.", "2019", "²", "①", "٣", "10/10"]
MARKS = ["|", "/", "©", "@", " | ", "/AP", "(c)"]


def _cue_words(cues: boilerplate._Cues) -> list[str]:
    """The forms the cue test looks for: prefixes, agencies' words, words
    inside lines, the ends of copyright footers, whole-line phrases and the
    crumbs of caption widgets."""
    prefixes = [p for bucket in cues.table.values() for group, _ in bucket for p in group]
    for _, by_first in cues.stripped:
        prefixes += [p for bucket in by_first.values() for group, _ in bucket for p in group]
    words = [w for w, _ in cues.inside] + list(cues.rights) + sorted(cues.phrases) + sorted(cues.agency_words)
    words += sorted(cues.crumbs)
    return sorted(set(prefixes + words))


def _cased(draw: st.DrawFn, word: str) -> str:
    how = draw(st.sampled_from(["same", "upper", "title", "lower"]))
    return word if how == "same" else getattr(word, how)()


@st.composite
def _line(draw: st.DrawFn, words: list[str], ends: list[str]) -> str:
    """A line: spaces, decoration and a cue at its start, prose of a length
    across those the rules look at (16, 40, 80, 160, 240 characters) with
    odd characters and cues inside, a cue and a mark at its end."""

    def piece(kinds: list[str]) -> str:
        kind = draw(st.sampled_from(kinds))
        if kind == "none":
            return ""
        pools = {"cue": words, "end": ends, "odd": ODD, "digit": DIGITS, "mark": MARKS, "prose": PROSE}
        pool = pools[kind]
        return _cased(draw, draw(st.sampled_from(pool)))

    start = draw(st.sampled_from(["", "", "", " ", "\t", "\u2003", "\u00a0"]))
    head = (
        piece(["none", "odd", "digit"]) + draw(st.sampled_from(["", "", " "])) + piece(["cue", "cue", "prose", "none"])
    )
    prose = " ".join(PROSE) * 3
    at = draw(st.integers(0, len(PROSE) - 1))
    middle = prose[at : at + draw(st.sampled_from([0, 5, 12, 30, 45, 70, 85, 120, 150, 170, 200, 235, 250, 400]))]
    if draw(st.booleans()):
        cut = draw(st.integers(0, len(middle)))
        middle = f"{middle[:cut]} {piece(['cue', 'odd', 'mark'])} {middle[cut:]}"
    tail = piece(["none", "none", "cue", "end", "end", "prose", "odd", "mark"])
    end = draw(st.sampled_from(["", "", ".", " ", "\t", " .", "\u00a0", ")", "…"]))
    sep = draw(st.sampled_from([" ", "", "\u00a0"]))
    return start + sep.join(x for x in (head, middle, tail) if x) + end


def _lines(cues: boilerplate._Cues) -> st.SearchStrategy[list[str]]:
    # What rules look for at a line's end: the ends of copyright footers, and
    # agencies; whole-line phrases padded with decoration.
    ends = list(cues.rights) + sorted(cues.agency_words) + [f"{p} •" for p in sorted(cues.phrases)]
    padded = st.tuples(
        st.sampled_from(sorted(cues.phrases)),
        st.integers(0, 40),
        st.integers(0, 40),
        st.sampled_from([" ", "  ", "\t", "\u00a0", " \u2003"]),
        st.sampled_from(["same", "upper", "title"]),
    ).map(_padded)
    words = _cue_words(cues)
    # A long line of prose with one cue put anywhere in it: the lines the fast
    # test passes over unless the cue counts.
    long = st.tuples(
        st.integers(0, len(PROSE) - 1),
        st.integers(75, 260),
        st.sampled_from(MARKS + DIGITS) | st.sampled_from(ends) | st.sampled_from(words) | st.sampled_from(ODD),
        st.floats(0, 1),
        st.sampled_from(["", ".", " ", ")", ".\u00a0", ".\t", "\u2003"]),
    ).map(_long_line)
    crumbs = st.sampled_from(sorted(cues.crumbs)).map(lambda c: f" {c.upper()}" if len(c) % 2 else c)
    return st.lists(_line(words, ends) | long | padded | crumbs | st.just(""), max_size=12)


def _padded(spec: tuple[str, int, int, str, str]) -> str:
    """A whole-line phrase in decoration, its spaces changed, its case too."""
    phrase, before, after, space, case = spec
    phrase = phrase.replace(" ", space)
    return "»" * before + (phrase if case == "same" else getattr(phrase, case)()) + " ." * after


def _long_line(spec: tuple[int, int, str, float, str]) -> str:
    at, length, cue, where, end = spec
    prose = (" ".join(PROSE) * 3)[at : at + length]
    cut = int(where * len(prose))
    return f"{prose[:cut]}{cue}{prose[cut:]}{end}"


@functools.cache
def _user_tables() -> tuple[str, str]:
    """A pattern table and a lexicon of one's own with forms the built-in
    ones lack: a long prefix, letters beyond ASCII, an agency of two words."""
    folder = Path(tempfile.mkdtemp(prefix="cues-"))
    table = folder / "patterns.toml"
    table.write_text(
        '[promos.en]\nlines = ["Zum Newsletter – jetzt"]\nlabels = ["Überblick"]\n'
        '[promos.all]\nstarts = ["a very long start of a promo line that is longer than forty characters"]\n'
        '[captions]\nagencies = ["Agência Brasil", "ÖBB"]\ncredit_starts = ["bildnachweis"]\n'
        '[credits]\nstarts = ["straße"]\ncontains = ["wrote this"]\n',
        encoding="utf-8",
    )
    words = folder / "lexicon.toml"
    words.write_text(
        '[related_labels.en]\n"more stories" = "x"\n[credit_labels.de]\n"Foto ©" = "x"\n', encoding="utf-8"
    )
    return str(table), str(words)


@functools.cache
def _contains(*words: str) -> str:
    """A pattern table with ``words`` looked for inside lines by
    strip-credits. When they are not all ASCII the text is lower-cased as a
    string, not as UTF-8 bytes."""
    table = Path(tempfile.mkdtemp(prefix="cues-")) / "patterns.toml"
    table.write_text(f"[credits]\ncontains = {list(words)!r}\n".replace("'", '"'), encoding="utf-8")
    return str(table)


def _table_beyond_ascii() -> str:
    return _contains("schrieb über", "wrote this")


DEFAULT = boilerplate._cues((), boilerplate._LANGUAGES, ())


def _plain_line_bits(cues: boilerplate._Cues, line: str, bits: int) -> int:
    """The cue bits of one line as the rules' own first checks give them,
    with no shortcut: the definition ``_Cues.line_bits`` is held to."""
    text = line.strip()
    if not text:
        return 0
    n = len(text)
    head = text[:40].lower()
    if head[0].isalnum():
        for prefixes, bit in cues.table.get(head[0], ()):
            if head.startswith(prefixes):
                bits |= bit
    else:
        for strip, by_first in cues.stripped:
            h = head.lstrip(strip) if strip else head
            for prefixes, bit in by_first.get(h[:1], ()):
                if h.startswith(prefixes):
                    bits |= bit
    if n > 160:
        bits &= ~boilerplate._PHOTO_CREDITS
    elif not bits & boilerplate._PHOTO_CREDITS and (
        "|" in text
        or "/" in text
        or text.partition(" ")[0] in cues.agency_words
        or (n <= 16 and text.casefold() in cues.crumbs)
    ):
        bits |= boilerplate._PHOTO_CREDITS
    if boilerplate._may_end_with_credit(text[-240:]) and boilerplate._credit_tail(text[-240:], cues.caption_rules):
        bits |= boilerplate._CAPTIONS
    if not bits & boilerplate._PROMOS and (
        (text[0].isdigit() and cues.promo_patterns.match(text))
        or (n <= 80 and boilerplate._key(text) in cues.phrases)
        or (n <= 240 and ("©" in text or text[-40:].rstrip(" .").lower().endswith(cues.rights)))
    ):
        bits |= boilerplate._PROMOS
    return bits | boilerplate._TEXT


@st.composite
def _opening(draw: st.DrawFn, cues: boilerplate._Cues) -> str:
    """A line that opens with the first one to four characters of a rule's
    prefix, an agency's word or a whole-line phrase, in any case, then odd
    characters or prose: the lines the first-three-characters lookups of
    the fast test must not pass over."""
    starts = _cue_words(cues) + sorted({w.lower() for w in cues.agency_words})
    start = _cased(draw, draw(st.sampled_from(starts)))[: draw(st.integers(1, 4))]
    sep = draw(st.sampled_from(["", " ", "\u00a0"]))
    rest = draw(st.lists(st.sampled_from(ODD + PROSE + ["by AP", "12 comments"]), max_size=4))
    return start + "".join(sep + x for x in rest) + draw(st.sampled_from(["", ".", " "]))


class TestFastCueBits:
    @settings(max_examples=400, deadline=None)
    @given(_lines(DEFAULT))
    def test_equal_to_the_line_by_line_test(self, lines: list[str]) -> None:
        assert DEFAULT.fast_bits(lines) == DEFAULT.reference_bits(lines)

    @settings(max_examples=150, deadline=None)
    @given(st.data())
    def test_equal_with_the_users_tables(self, data: st.DataObject) -> None:
        table, words = _user_tables()
        cues = boilerplate._cues((words,), boilerplate._LANGUAGES, (table,))
        lines = data.draw(_lines(cues))
        assert cues.fast_bits(lines) == cues.reference_bits(lines)

    @settings(max_examples=150, deadline=None)
    @given(st.data())
    def test_equal_with_words_beyond_ascii(self, data: st.DataObject) -> None:
        cues = boilerplate._cues((), boilerplate._LANGUAGES, (_table_beyond_ascii(),))
        assert cues.search_bytes is None
        lines = data.draw(_lines(cues))
        assert cues.fast_bits(lines) == cues.reference_bits(lines)

    @settings(max_examples=300, deadline=None)
    @given(st.lists(_opening(DEFAULT), min_size=1, max_size=12))
    def test_equal_for_lines_that_open_as_a_rule_does(self, lines: list[str]) -> None:
        # Long enough for the fast test (500 characters or more).
        lines = [*lines, " ".join(PROSE) * 4]
        assert DEFAULT.bits(lines) == DEFAULT.fast_bits(lines) == DEFAULT.reference_bits(lines)

    def test_lines_that_open_with_a_short_key(self) -> None:
        """An agency's word of two letters ("AP"), a phrase whose first
        letters case-fold to more ("ﬁnd out more", "ﬂipboard"), a rule's
        prefix after a bracket or an odd space: found by the fast test as
        line by line."""
        prose = " ".join(PROSE)
        lines = [
            "AP file picture of the minister",
            "PA",
            "ﬁnd out more",
            "FIND OUT MORE",
            "ﬂipboard",
            "\u2003Advertisement",
            "\u3000Share",
            "ẞtory",
            f"[Related: {prose}]",
            f"\u2003Read more: {prose}",
            prose * 3,
        ]
        fast = DEFAULT.fast_bits(lines)
        assert fast == DEFAULT.reference_bits(lines)
        assert [bool(bits & boilerplate._PHOTO_CREDITS) for bits in fast[:2]] == [True, True]
        assert [bool(bits & boilerplate._PROMOS) for bits in fast[2:7] + fast[8:10]] == [True] * 7

    def test_the_opening_keys_hold_every_space(self) -> None:
        """The one-character keys of ``opens`` (which matches any space but a
        newline) hold every character str.isspace() holds for but the
        newline."""
        spaces = {chr(c) for c in range(0x110000) if chr(c).isspace()} - {"\n"}
        assert set(boilerplate._SPACES) == spaces
        assert spaces <= DEFAULT.open_keys[2] and "\n" not in DEFAULT.open_keys[2]

    @settings(max_examples=300, deadline=None)
    @given(_lines(DEFAULT))
    def test_line_bits_are_the_plain_checks(self, lines: list[str]) -> None:
        for line in lines:
            bits = DEFAULT._inside(line.lower())
            assert DEFAULT.line_bits(line, bits) == _plain_line_bits(DEFAULT, line, bits), line

    @settings(max_examples=100, deadline=None)
    @given(st.data())
    def test_line_bits_are_the_plain_checks_with_the_users_tables(self, data: st.DataObject) -> None:
        table, words = _user_tables()
        cues = boilerplate._cues((words,), boilerplate._LANGUAGES, (table,))
        for line in data.draw(_lines(cues)):
            bits = cues._inside(line.lower())
            assert cues.line_bits(line, bits) == _plain_line_bits(cues, line, bits), line

    def test_words_inside_lines_in_any_case(self) -> None:
        """Upper case beyond ASCII, the Kelvin sign (lower case "k"), a dotted
        capital I (two characters in lower case) and a line break inside a
        line: the fast test gives what the line-by-line test gives."""
        prose = " ".join(PROSE)
        lines = [
            f"{prose} Sign up for our NEWSLETTER today and more",
            f"{prose} Ünd das İnbox here and more text",
            f"{prose} SCHRIEB ÜBER and more",
            f"{prose} \u212aELVIN and more",
            f"{prose} Jane Doe IS A reporter for Example",
            "",
            f"{prose}\nPhoto: Jane Doe",
        ]
        tables = [(), (_table_beyond_ascii(),), (_contains("kelvin", "wrote this"),)]
        for cues in [boilerplate._cues((), boilerplate._LANGUAGES, table) for table in tables]:
            for some in (lines, lines[:-1], lines[:3], lines[3:6]):
                assert cues.fast_bits(some) == cues.reference_bits(some), some
        assert DEFAULT.fast_bits(lines[:1]) == [boilerplate._TEXT | boilerplate._PROMOS]

    def test_a_short_text_is_looked_at_line_by_line(self) -> None:
        prose = " ".join(PROSE)
        short = ["Advertisement", "", "Photo: Jane Doe/AP"]
        assert DEFAULT.bits(short) == DEFAULT.reference_bits(short)
        long = [*short, prose, prose, prose, "12 comments"]
        assert DEFAULT.bits(long) == DEFAULT.fast_bits(long) == DEFAULT.reference_bits(long)

    def test_prose_lines_are_not_candidates(self) -> None:
        """A long line of prose gets the bits of the words inside it only."""
        prose = " ".join(PROSE)
        lines = [
            prose,
            "",
            prose.replace("farce.", "farce"),  # no full stop, but nothing a credit needs before its end
            prose.replace("farce.", "farce (AP Photo/Jane Doe)"),
            prose.replace("farce.", "farce. Jane Doe/Reuters"),
            prose.replace("The minister", "He is a minister who"),
        ]
        assert DEFAULT.fast_bits(lines) == [
            boilerplate._TEXT,
            0,
            boilerplate._TEXT,
            boilerplate._TEXT | boilerplate._CAPTIONS,
            boilerplate._TEXT | boilerplate._CAPTIONS,
            boilerplate._TEXT | boilerplate._CREDITS,
        ]

    def test_cases_the_fast_test_must_not_miss(self) -> None:
        prose = " ".join(PROSE)
        mid = prose[:100]  # between 80 and 160 characters with a cue
        lines = [
            f"  Photo: {prose}",  # a prefix after spaces
            f"Reuters {mid}",  # an agency's word first
            f"{prose} All rights reserved.",  # a footer's end, under 240 characters
            f"{mid} | {mid[:20]}",  # a bar
            "12 comments",  # a digit first, and a promo's pattern
            "3/10",
            f"» Read more: {prose}",  # decoration before a label
            f"İstanbul {prose}",  # lower case two characters long: the line-by-line test
        ]
        assert DEFAULT.fast_bits(lines) == DEFAULT.reference_bits(lines)
        assert all(bits != boilerplate._TEXT for bits in DEFAULT.fast_bits(lines[:-1]))
        # A digit first opens strip-promos' rules only with one of its patterns.
        digits = [f"2 {prose}", f"² {prose}", f"٣ {prose}", "12 comments", "٣/٥", "2 min read"]
        assert DEFAULT.fast_bits(digits) == DEFAULT.reference_bits(digits)
        assert [bool(b & boilerplate._PROMOS) for b in DEFAULT.fast_bits(digits)] == [
            False,
            False,
            False,
            True,
            True,
            True,
        ]


class TestTruncationNoteInTheView:
    def test_a_note_on_the_last_line_is_judged_as_without_it(self) -> None:
        """The verdict on the last line (with its scraper's note taken off)
        is kept in the view and follows the lines when the last line goes."""
        passes = (StripCaptions(), StripPromos(), StripCredits())
        texts = [
            "The talks failed on Tuesday, the minister said.\nREUTERS/Jane Doe [+1234 chars]",
            "The talks failed on Tuesday.\nJane Doe/Reuters\nAdvertisement\n",
            "The talks failed.\n(Reporting by Jane Doe; Editing by John Roe) [+20 chars]\n",
            "The talks failed.\nA crowd in Madrid on Tuesday.\nPhoto: Jane Doe, AP\nAdvertisement",
        ]
        for text in texts:
            expected = text
            for p in passes:
                expected = p(expected)
            assert LineRun(passes)(text) == expected, text

    def test_the_verdict_is_kept_with_the_lines(self) -> None:
        view = LineView(["Text.", "", "REUTERS/Jane Doe [+1234 chars]"])
        assert boilerplate._as_repaired(view) == ["Text.", "", "REUTERS/Jane Doe"]
        assert view.per_line["truncation-notes"] == [None, None, "REUTERS/Jane Doe"]
        smaller = view.without({0})
        assert smaller.per_line["truncation-notes"] == [None, "REUTERS/Jane Doe"]
        assert boilerplate._as_repaired(smaller) == ["", "REUTERS/Jane Doe"]
