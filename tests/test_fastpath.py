"""The fast paths change nothing: byte-identical output to ftfy, and to the
unfiltered whitespace rewrites, on random text, on every Latin-1 and cp1252
character, and on ftfy's own test cases."""

from __future__ import annotations

import dataclasses
import json
import re
import re._constants
import subprocess
import sys
import unicodedata
from pathlib import Path

import ftfy
import pytest
from ftfy.badness import is_bad as ftfy_is_bad
from hypothesis import given
from hypothesis import strategies as st

from cleantext import fastpath
from cleantext.passes.encoding import FixEncoding, NormalizeWhitespace
from cleantext.testing import mojibake_text
from tests.strategies import any_text, clean_documents, mojibake, news_documents, whitespace_text

FTFY_CASES = json.loads((Path(__file__).parent / "data" / "ftfy" / "test_cases.json").read_text(encoding="utf-8"))

# Every character of Latin-1 and of cp1252, and what they look like as mojibake.
LATIN1 = [chr(c) for c in range(0x100)]
CP1252 = sorted({bytes([b]).decode("cp1252", errors="ignore") for b in range(0x80, 0x100)} - {""})
SINGLE_BYTE = sorted(set(LATIN1) | set(CP1252))
MOJIBAKE = [mojibake(c) for c in SINGLE_BYTE if not c.isascii()]

# Characters that take part in mojibake and its detection, to make random
# text that reaches ftfy's rarer branches often.
_ALPHABET = st.sampled_from(
    [
        *SINGLE_BYTE,
        *MOJIBAKE,
        "\n",
        "\r\n",
        " ",
        "<",
        "&amp;",
        "&lt;",
        "&#233;",
        "\x1b[31m",
        "ﬁ",
        "\ud83d",
        "\ude00",
        *"ЂўҐВГРСвабвгΒΓΞΟβā√≈‚€™’“”–—…ÂÃÎÐ×²³ØÙà",
    ]
)
mixed_text = st.lists(_ALPHABET, max_size=60).map("".join)
texts = st.one_of(any_text(), mixed_text, clean_documents(), news_documents(), clean_documents().map(mojibake))

# Paired characters, partners and rare ones, far apart and near, with
# runs of spaces, long words and line breaks between them.
_FAR_NEAR = st.lists(
    st.sampled_from(
        [*"“”‘«»\u00a0éВüÃÂ½£§°×€™", "x", "abcdefgh", " ", "  ", " \t ", "\n", "\x0c", "\u2028", "\x00", "&amp;"]
    ),
    max_size=30,
).map("".join)

_SPACY = st.lists(
    st.sampled_from([" ", "  ", "\t", "\n", "\n\n\n", "a", "é", ".", "\u00a0", "\u3000", "\u2009", "\x0c", "\u2028"]),
    max_size=40,
).map("".join)

PASS_CONFIG = FixEncoding()._config
CONFIGS = [
    PASS_CONFIG,
    PASS_CONFIG._replace(unescape_html=True),  # type: ignore[attr-defined]
    PASS_CONFIG._replace(unescape_html=False, remove_control_chars=False),  # type: ignore[attr-defined]
    PASS_CONFIG._replace(fix_encoding=False, decode_inconsistent_utf8=False),  # type: ignore[attr-defined]
    ftfy.TextFixerConfig(uncurl_quotes=False, fix_character_width=False, fix_line_breaks=False, normalization=None),
]


class TestIsBad:
    @given(texts)
    def test_same_answer_as_ftfy(self, text: str) -> None:
        """The windowed detector agrees with ftfy's on any text."""
        assert fastpath.is_bad(text) == ftfy_is_bad(text)

    def test_every_pair_of_single_byte_characters(self) -> None:
        """All pairs and their mojibake, at the start, inside and at the end of a line."""
        chars = SINGLE_BYTE + MOJIBAKE
        for a in chars:
            for b in chars:
                for text in (a + b, f"x {a}{b} y", f"ab{a}{b}"):
                    assert fastpath.is_bad(text) == ftfy_is_bad(text), repr(text)

    @pytest.mark.parametrize("case", FTFY_CASES, ids=[c["label"] for c in FTFY_CASES])
    def test_ftfy_cases(self, case: dict[str, str]) -> None:
        for text in (case["original"], case["fixed"]):
            assert fastpath.is_bad(text) == ftfy_is_bad(text)

    def test_far_apart_characters_are_found(self) -> None:
        """A match near the end of a long text, far from the first window."""
        text = "é" + "a" * 500 + " café mÃ©tro" + "b" * 500
        assert fastpath.is_bad(text) and ftfy_is_bad(text)
        assert not fastpath.is_bad("é" + "a" * 500 + "é")


class TestFixText:
    @pytest.mark.parametrize("config", CONFIGS, ids=range(len(CONFIGS)))
    @given(text=texts)
    def test_same_output_as_ftfy(self, config: ftfy.TextFixerConfig, text: str) -> None:
        """Byte-identical to ftfy.fix_text with the same config."""
        assert fastpath.fix_text(text, config) == ftfy.fix_text(text, config)

    @given(st.lists(st.sampled_from(MOJIBAKE + SINGLE_BYTE + ["\n", "x", "Â ", "Ã "]), max_size=40).map("".join))
    def test_lines_starting_with_mojibake(self, text: str) -> None:
        """ftfy's detector sees each line alone (its ``^`` alternatives)."""
        assert fastpath.fix_text(text, PASS_CONFIG) == ftfy.fix_text(text, PASS_CONFIG)

    @pytest.mark.parametrize("config", CONFIGS, ids=range(len(CONFIGS)))
    def test_every_single_byte_character(self, config: ftfy.TextFixerConfig) -> None:
        """Each character, and its mojibake, alone, between words and in lines after an HTML tag."""
        lines = [f"{c}\n{c} x\nab {c}{c} cd\n" for c in SINGLE_BYTE + MOJIBAKE]
        for text in [*lines, "".join(lines), "<b>\n" + "".join(lines)]:
            assert fastpath.fix_text(text, config) == ftfy.fix_text(text, config), repr(text[:80])

    @pytest.mark.parametrize("case", FTFY_CASES, ids=[c["label"] for c in FTFY_CASES])
    @pytest.mark.parametrize("config", CONFIGS[:2], ids=range(2))
    def test_ftfy_cases(self, case: dict[str, str], config: ftfy.TextFixerConfig) -> None:
        for text in (case["original"], case["fixed"], f"Clean line.\n{case['original']}\nAnother.\n"):
            assert fastpath.fix_text(text, config) == ftfy.fix_text(text, config)

    @given(text=texts)
    def test_may_change(self, text: str) -> None:
        """A line the fast path leaves alone is one ftfy leaves alone."""
        for line in text.splitlines(keepends=True):
            if not fastpath.may_change(line):
                for config in CONFIGS:
                    assert ftfy.fix_and_explain(line, config)[0] == line

    def test_html_switches_entities_off_for_later_lines(self) -> None:
        """ftfy stops decoding entities from the first line with a ``<`` on."""
        text = "a &amp; b\n<p> c &amp; d\ne &amp; f\n"
        assert (
            fastpath.fix_text(text, PASS_CONFIG)
            == ftfy.fix_text(text, PASS_CONFIG)
            == ("a & b\n<p> c &amp; d\ne &amp; f\n")
        )

    def test_segments_longer_than_the_decode_limit(self) -> None:
        config = PASS_CONFIG._replace(max_decode_length=50)  # type: ignore[attr-defined]
        text = ("café " * 30) + "Â bc\n" + "x" * 20 + "Ã  d " + "é" * 70
        assert fastpath.fix_text(text, config) == ftfy.fix_text(text, config)

    def test_detector_shape_checked(self) -> None:
        """Every alternative of ftfy's detector needs a character the fast path looks for."""
        _, detector, cluster, width = fastpath._tables()
        assert detector is ftfy.badness.BADNESS_RE
        assert 4 <= width <= 16
        assert not cluster.search("plain text, ’quotes’ and an em dash — é")
        assert cluster.search("doesnâ€™t")


class TestFixEncodingPass:
    @pytest.mark.parametrize(
        "options",
        [
            {},
            {"unescape_html": True},
            {"restore_byte_a0": False},
            {"fix_character_width": True},
            {"uncurl_quotes": True},
        ],
        ids=str,
    )
    @given(text=texts)
    def test_same_as_ftfy_to_a_fixed_point(self, options: dict[str, object], text: str) -> None:
        """The ftfy core of the pass is ftfy run to a fixed point (the pass
        then repairs mojibake that composing or collapsing spaces shows,
        tested in tests/passes/test_encoding.py)."""
        p = FixEncoding(**options)  # type: ignore[arg-type]
        expected = text
        for _ in range(4):
            fixed = ftfy.fix_text(expected, p._config)  # type: ignore[arg-type]
            if fixed == expected:
                break
            expected = fixed
        assert p._ftfy(text) == expected

    def test_ascii_text_does_not_import_ftfy(self) -> None:
        code = (
            "import sys\nfrom cleantext import Pipeline\n"
            "assert Pipeline.from_preset('news')('hello  world\\n') == 'hello world\\n'\n"
            "assert 'ftfy' not in sys.modules, 'ftfy imported'\n"
        )
        subprocess.run([sys.executable, "-c", code], check=True)

    @pytest.mark.parametrize("char", ["&amp;", "\x1b[1m", "\x00", "\x7f", "\x0b"])
    def test_ascii_triggers(self, char: str) -> None:
        assert not fastpath.ascii_unchanged(f"a {char} b")

    @given(st.lists(st.sampled_from([*map(chr, range(0x80)), "&amp;", "&#10;", "&x", "é"])).map("".join))
    def test_ascii_unchanged_is_the_trigger_pattern(self, text: str) -> None:
        assert fastpath.ascii_unchanged(text) == (text.isascii() and fastpath._ASCII_TRIGGER.search(text) is None)
        assert (fastpath._ASCII_TRIGGER_LED.search(text) is None) == (fastpath._ASCII_TRIGGER.search(text) is None)

    def test_ascii_triggers_cover_ftfy_tables(self) -> None:
        controls = {chr(c) for c in ftfy.chardata.CONTROL_CHARS if c < 0x80}
        assert all(not fastpath.ascii_unchanged(c) for c in controls | {"\x1b"})
        assert fastpath.HTML_ENTITY.pattern == ftfy.chardata.HTML_ENTITY_RE.pattern


def _whitespace_unfiltered(p: NormalizeWhitespace, text: str) -> str:
    """The rewrites without their substring prefilters: the reference."""
    trailing, inner, indent, blanks, lead, tail = p._patterns
    if p.newline != "keep":
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        text = text.replace("\u2028", "\n").replace("\u2029", "\n").replace("\x85", "\n")
    if p.strip_trailing:
        text = trailing.sub("", text)
    if p.strip_indent:
        text = indent.sub("", text)
    if p.collapse_spaces:
        text = inner.sub(" ", text)
    text = blanks.sub(r"\1", text)
    if p.strip_edges:
        text = tail.sub(r"\1", lead.sub("", text))
    if p.newline == "crlf":
        text = text.replace("\n", "\r\n")
    return text


WHITESPACE_OPTIONS = [
    {},
    {"newline": "keep"},
    {"newline": "crlf"},
    {"unicode_spaces": True},
    {"strip_trailing": False},
    {"collapse_spaces": False},
    {"strip_indent": True},
    {"max_blank_lines": 0},
    {"max_blank_lines": 3},
    {"strip_edges": False},
]


class TestWhitespacePrefilter:
    @pytest.mark.parametrize("options", WHITESPACE_OPTIONS, ids=str)
    @given(
        text=st.one_of(
            whitespace_text(), texts, st.lists(st.sampled_from([*" \t\r\n\u00a0\u3000", "a", "b c"])).map("".join)
        )
    )
    def test_same_as_unfiltered(self, options: dict[str, object], text: str) -> None:
        p = NormalizeWhitespace(**options)  # type: ignore[arg-type]
        assert p(text) == _whitespace_unfiltered(p, text)

    @pytest.mark.parametrize(
        ("text_in", "text_out"),
        [
            ("Nothing to do.\n\nSecond paragraph.\n", "Nothing to do.\n\nSecond paragraph.\n"),
            ("a\u00a0b\n", "a\u00a0b\n"),
            ("ends with space ", "ends with space"),
            ("ends with nbsp\u00a0", "ends with nbsp"),
            ("tab\tinside\n", "tab inside\n"),
            ("a\n\n\n\nb", "a\n\nb"),
            ("\n\nlead", "lead"),
            ("tail\n\n\n", "tail\n"),
            ("0\r\n\n\n", "0\n"),
        ],
    )
    def test_table(self, text_in: str, text_out: str) -> None:
        assert NormalizeWhitespace()(text_in) == text_out

    def test_crlf_kept_whole(self) -> None:
        """A CRLF is one line ending: keeping endings never splits one (was '0\\r')."""
        p = NormalizeWhitespace(newline="keep")
        assert p("0\r\n\n\n") == "0\r\n"
        assert p(p("0\r\n\n\n")) == "0\r\n"


def test_config_fields_known() -> None:
    """The fast path relies on these ftfy options staying off in the pass's config."""
    config = FixEncoding()._config
    assert not config.fix_line_breaks and config.normalization is None  # type: ignore[attr-defined]
    assert {f.name for f in dataclasses.fields(FixEncoding)} >= {"fix_character_width", "uncurl_quotes"}
    assert re.fullmatch(r"\d+", str(config.max_decode_length))  # type: ignore[attr-defined]


class TestFixSegment:
    def test_fixer_order_is_ftfys(self) -> None:
        """The fixes run in the order ftfy.fix_and_explain lists them."""
        import inspect

        source = inspect.getsource(ftfy.fix_and_explain)
        listed = re.findall(r'^\s+"(\w+)",$', source, re.MULTILINE)
        assert tuple(listed) == fastpath._FIXER_ORDER

    @pytest.mark.parametrize("config", CONFIGS, ids=range(len(CONFIGS)))
    @given(text=texts)
    def test_same_as_fix_and_explain(self, config: ftfy.TextFixerConfig, text: str) -> None:
        assert fastpath.fix_segment(text, config) == ftfy.fix_and_explain(text, config)[0]

    @pytest.mark.parametrize("case", FTFY_CASES, ids=[c["label"] for c in FTFY_CASES])
    def test_ftfy_cases(self, case: dict[str, str]) -> None:
        for config in (PASS_CONFIG, ftfy.TextFixerConfig(explain=False)):
            assert fastpath.fix_segment(case["original"], config) == ftfy.fix_and_explain(case["original"], config)[0]

    def test_ftfy_fixes_what_its_cases_expect(self) -> None:
        """With ftfy's default config, the cases ftfy expects to pass pass."""
        config = ftfy.TextFixerConfig(explain=False)
        passing = [c for c in FTFY_CASES if c["expect"] == "pass"]
        assert len(passing) > 100
        for case in passing:
            assert fastpath.fix_segment(case["original"], config) == case["fixed"], case["label"]


def _detector_alternatives() -> list[list[tuple[str, object]]]:
    import re._parser as sre_parse

    pattern = ftfy.badness.BADNESS_RE
    ((_, (_, branches)),) = sre_parse.parse(pattern.pattern, pattern.flags).data
    return [[(str(op), av) for op, av in branch.data] for branch in branches]


def _shape() -> fastpath._Shape:
    import re._parser as sre_parse

    pattern = ftfy.badness.BADNESS_RE
    return fastpath._detector_shape(sre_parse.parse(pattern.pattern, pattern.flags), fastpath._punctuation())


def _matches_using(alternative: list[tuple[str, object]], paired: frozenset[int], rare: frozenset[int]) -> list[str]:
    """Strings the alternative matches, one for each paired character its
    classes hold, with every character of the other classes in turn."""
    items = [
        fastpath._class_chars(getattr(re._constants, op), av) if op in ("IN", "LITERAL") else op
        for op, av in alternative
    ]
    out = []
    for i, item in enumerate(items):
        if not isinstance(item, set):
            continue
        for k in sorted(item & paired):
            for j, other in enumerate(items):
                choices = sorted(other) if isinstance(other, set) and j != i else [None]
                for c in choices:
                    chars = []
                    for n, it in enumerate(items):
                        if n == i:
                            chars.append(chr(k))
                        elif n == j and c is not None:
                            chars.append(chr(c))
                        elif isinstance(it, set):  # avoid rare characters: they open windows alone
                            chars.append(chr(min(it & paired or it - rare or it)))
                        elif it == "ANY":
                            chars.append("x")
                        elif it == "AT" or it == "MAX_REPEAT":
                            chars.append("")
                        else:  # \s or \w
                            chars.append(" " if n == 0 or items[n - 1] == "AT" else "a")
                    out.append("".join(chars))
    return out


class TestPairedCharacters:
    """Curly quotes, no-break spaces and other punctuation common in clean
    text open a detector window only when a character that a match needs
    with them (a partner) is near: proved on the detector's own pattern."""

    def test_partners_hold_no_common_punctuation(self) -> None:
        """Otherwise clean text would still open windows at its quotes."""
        shape = _shape()
        assert {ord(c) for c in "“”‘’\u00a0–—…«»"} & shape.partners == set()
        assert {ord(c) for c in "“”‘\u00a0«»"} <= shape.paired
        assert shape.rare.isdisjoint(shape.paired)

    def test_every_match_has_a_rare_character_or_a_partner(self) -> None:
        """For each alternative of ftfy's detector, a string it matches with
        a paired character in place of its required class still holds a rare
        character or a partner, and the fast detector finds it, alone and
        between clean sentences."""
        shape = _shape()
        detector = ftfy.badness.BADNESS_RE
        count = 0
        for alternative in _detector_alternatives():
            for s in _matches_using(alternative, shape.paired, shape.rare):
                if not detector.search(s):
                    continue  # a \s or \w stand-in that does not fit
                count += 1
                assert any(ord(c) in shape.rare or ord(c) in shape.partners for c in s), repr(s)
                assert fastpath.is_bad(s), repr(s)
                assert fastpath.is_bad(f"“Quoted,” she said: {s} ‘end’"), repr(s)
        assert count > 1000

    def test_partner_at_every_distance(self) -> None:
        """Each paired character with each partner 1 to width+2 characters
        away, on either side: same answer as ftfy's detector."""
        shape = _shape()
        width = shape.width
        partners = [chr(c) for c in sorted(shape.partners)]
        for k in map(chr, sorted(shape.paired)):
            for p in partners:
                for gap in range(width + 2):
                    for text in (f"{k}{'a' * gap}{p}", f"{p}{' ' * gap}{k}", f"x {k}{'.' * gap}{p}{k} y"):
                        assert fastpath.is_bad(text) == ftfy_is_bad(text), repr(text)

    @pytest.mark.parametrize(
        "text",
        [
            "“Quoted,” she said.\u00a0‘Fine’ — «oui» © 2024 ™ • ¡Hola! ¿Como estas?",
            "“" + " " * 20 + "é" + " " * 20 + "”",
            "Prices\u00a0rose — “a lot”, said Zoë.\n" * 50,
        ],
    )
    def test_clean_punctuation_opens_no_window(self, text: str) -> None:
        _, _, cluster, _ = fastpath._tables()
        assert not ftfy_is_bad(text)
        assert cluster.search(text) is None

    @pytest.mark.parametrize("text", ["“é", "é ”", "x\u00a0Ã", "£“", "Ã\u00a0", "Ã¡"])
    def test_partner_near_opens_a_window(self, text: str) -> None:
        _, _, cluster, _ = fastpath._tables()
        assert cluster.search(text) is not None

    @given(
        st.lists(st.sampled_from([*map(chr, sorted(_shape().paired)), *"éÃâ€£½ВΒ×", " ", "ab", "\n"]), max_size=40).map(
            "".join
        )
    )
    def test_random_punctuation_and_partners(self, text: str) -> None:
        assert fastpath.is_bad(text) == ftfy_is_bad(text)


FULL_CONFIGS = [
    ftfy.TextFixerConfig(explain=False),
    ftfy.TextFixerConfig(explain=False, normalization="NFD", unescape_html=True),
    PASS_CONFIG._replace(fix_surrogates=False, fix_c1_controls=False),  # type: ignore[attr-defined]
]

# Texts where a round uncovers work for the next one: an entity or a
# mojibake sequence split by a character a later fix removes, entities of
# entities, mojibake of mojibake.
LATER_ROUND_CASES = [
    "&amp;amp; &amp;lt;",
    "&am\x00p; x",
    "Ã\x00© and Ã\x1b[0m©",
    "caf\x00Ã© ﬁne",
    "Ã\x81 \x81",
    "&#195;&#169; &#xC3;&#xA9;",
    "Ã&#169;",
    "\ud83d\x1b[1m\ude00 Ã©",
    "ÃƒÂ© double",
    "â€œ&amp;quot;â€\x9d",
    "ﬁ\x00Ã©",
    "Ã\u2028©",
]


class TestRounds:
    """fix_segment skips the fixes whose trigger characters are absent and
    stops when the next round would repeat the last: still ftfy's result."""

    @pytest.mark.parametrize("config", FULL_CONFIGS + CONFIGS, ids=range(len(FULL_CONFIGS + CONFIGS)))
    @pytest.mark.parametrize("text", LATER_ROUND_CASES)
    def test_later_rounds(self, config: ftfy.TextFixerConfig, text: str) -> None:
        for t in (text, f"{text}\n{text}", mojibake(text.encode("utf-8", "surrogatepass").decode("utf-8", "replace"))):
            assert fastpath.fix_segment(t, config) == ftfy.fix_and_explain(t, config)[0], repr(t)

    @pytest.mark.parametrize("config", FULL_CONFIGS, ids=range(len(FULL_CONFIGS)))
    @given(text=st.one_of(texts, st.lists(st.sampled_from([*LATER_ROUND_CASES, *MOJIBAKE, " ", "\n"])).map("".join)))
    def test_same_as_fix_and_explain(self, config: ftfy.TextFixerConfig, text: str) -> None:
        assert fastpath.fix_segment(text, config) == ftfy.fix_and_explain(text, config)[0]

    @pytest.mark.parametrize("name", sorted(fastpath._fixer_triggers()))
    def test_triggers_cover_the_fix(self, name: str) -> None:
        """A fix leaves every character outside its trigger set unchanged
        (all of the BMP and the astral characters ftfy's tables name), alone
        and between letters."""
        fix = ftfy.FIXERS[name]
        trigger = fastpath._fixer_triggers()[name]
        astral = [0x1F600, 0x1D173, 0xE0041, 0x10FFFF]
        for c in [*range(0x10000), *astral]:
            if c in trigger:
                continue
            for text in (chr(c), f"a{chr(c)}b", f"[3{chr(c)}m"):
                assert fix(text) == text, (name, hex(c))
        assert any(fix(f"a{chr(c)}[1mb") != f"a{chr(c)}[1mb" for c in trigger)


class TestSettled:
    """fix_text_settled says "settled" only when ftfy.fix_text would leave
    its result unchanged: the pass then skips the run that confirms it."""

    @given(
        text=st.one_of(
            texts, st.lists(st.sampled_from([*LATER_ROUND_CASES, "&#10;", "&lt;", "<b>", "Ã ", "\n"])).map("".join)
        )
    )
    def test_settled_means_fixed_point(self, text: str) -> None:
        for config in CONFIGS[:3]:
            fixed, settled = fastpath.fix_text_settled(text, config)
            assert fixed == ftfy.fix_text(text, config)
            if settled:
                assert ftfy.fix_text(fixed, config) == fixed

    @given(
        text=st.one_of(
            texts,
            _FAR_NEAR,
            st.lists(st.sampled_from([*LATER_ROUND_CASES, "&#10;", "&lt;", "<b>", "Ã ", "\n", "plain\n"])).map("".join),
        )
    )
    def test_marked_lines_as_every_line(self, text: str) -> None:
        """Looking only at the lines with an entity or a suspect gives what
        looking at every line gives, "settled" included."""
        for config in CONFIGS:
            assert fastpath._fix_marked_lines(text, config) == fastpath._fix_lines(text, config)

    def test_mojibake_of_every_character_is_settled(self) -> None:
        """The common case takes the shortcut: one repair, no confirming run."""
        text = "".join(f"{mojibake(c)} x {mojibake(c + c)}\n" for c in SINGLE_BYTE if not c.isascii())
        fixed, settled = fastpath.fix_text_settled(text, PASS_CONFIG)
        assert settled and fixed == ftfy.fix_text(text, PASS_CONFIG) != text

    @pytest.mark.parametrize(
        "text",
        [
            "a &lt;b&gt; Ã©\n&amp; c\n",  # a "<" appears: entity decoding stops on another line
            "Ã©&#10;Ã ok\n",  # a line break appears
            "x" * 40 + "Ã©" * 20,  # a line longer than the piece size
        ],
    )
    def test_not_settled(self, text: str) -> None:
        config = PASS_CONFIG._replace(max_decode_length=50)  # type: ignore[attr-defined]
        fixed, settled = fastpath.fix_text_settled(text, config)
        assert not settled and fixed != text

    def test_mojibake_of_every_pair(self) -> None:
        """Every pair of non-ASCII Latin-1 and cp1252 characters, as mojibake,
        one pair a line: the fast path and the pass agree with ftfy."""
        chars = [c for c in SINGLE_BYTE if not c.isascii()]
        p = FixEncoding()
        for n, a in enumerate(chars):
            text = "".join(f"{mojibake(a + b)}\n" if i % 2 else f"x {mojibake(a + b)} y\n" for i, b in enumerate(chars))
            expected = ftfy.fix_text(text, PASS_CONFIG)
            assert fastpath.fix_text(text, PASS_CONFIG) == expected, repr(a)
            if n % 4 == 0:  # the pass: ftfy run to a fixed point
                for _ in range(3):
                    again = ftfy.fix_text(expected, PASS_CONFIG)
                    if again == expected:
                        break
                    expected = again
                assert p(text) == expected, repr(a)


def _ftfy_step(text: str) -> str:
    return ftfy._fix_encoding_one_step_and_explain(text, ftfy.TextFixerConfig(explain=False))[0]


class TestRepairStep:
    """The repair step follows ftfy's own, minus what it need not repeat."""

    def test_used_with_the_installed_ftfy(self) -> None:
        """If this fails after an upgrade of ftfy, ftfy's step changed: the
        fast path falls back to it (correct, slower) until _repair_step is
        compared with the new code and _STEP_SOURCE_SHA256 updated."""
        assert fastpath._encoding_step() is fastpath._repair_step

    @given(
        text=st.one_of(
            texts, mojibake_text(), st.lists(st.sampled_from([*MOJIBAKE, "?", " ", "\ufffd", "\x1a"])).map("".join)
        )
    )
    def test_same_as_ftfy_step(self, text: str) -> None:
        if text.isascii() or not ftfy_is_bad(text):
            return  # the step is only asked about texts the detector flags
        assert fastpath._repair_step(text) == _ftfy_step(text)

    def test_every_pair_and_triple(self) -> None:
        """Mojibake of each pair of single-byte characters, and with a lost
        byte (U+FFFD, "?") or a space in place of byte 0xA0 after it."""
        chars = [c for c in SINGLE_BYTE if not c.isascii()]
        count = 0
        for a in chars:
            for b in chars:
                m = mojibake(a + b)
                for text in (m, m[:-1] + "\ufffd", m[:-1] + "?", m.replace("\u00a0", " ") + "x"):
                    if not text.isascii() and ftfy_is_bad(text):
                        count += 1
                        assert fastpath._repair_step(text) == _ftfy_step(text), repr(text)
        assert count > 10_000

    def test_lossy_prefilter(self) -> None:
        """Where the prefilter says no, ftfy's replacement changes nothing:
        every sequence of up to four bytes that its pattern's classes tell apart."""
        import itertools

        from ftfy.fixes import replace_lossy_sequences

        alphabet = [
            0x1A,
            0x3F,
            0x20,
            0x41,
            0x80,
            0x9F,
            0xA0,
            0xAF,
            0xB0,
            0xBF,
            0xC2,
            0xC3,
            0xDF,
            0xE0,
            0xED,
            0xEF,
            0xF0,
            0xF4,
        ]
        changed = 0
        for n in range(1, 5):
            for seq in itertools.product(alphabet, repeat=n):
                data = bytes(seq)
                if replace_lossy_sequences(data) != data:
                    changed += 1
                    assert fastpath._lossy_possible(data), data
        assert changed > 1000

    @pytest.mark.parametrize("pattern", [rb"[\xc2-\xdf][\x1a]|a\?", rb"\?", rb"[\xe0-\xef][\x1a?\x80-\xbf]"])
    def test_lossy_pattern_checked(self, pattern: bytes) -> None:
        """A pattern that could match without 0x1A or a "?" after a non-ASCII byte is refused."""
        with pytest.raises(RuntimeError):
            fastpath._check_lossy_pattern(re.compile(pattern))


# Pieces of text near the edge of what the quick proof settles: paired
# punctuation and its partners at every distance, runs of spaces and tabs
# that normalize-whitespace collapses, decomposed and rare characters,
# mojibake whole and split by spaces, entities and line breaks of all kinds.
_NEAR_EDGE = st.sampled_from(
    [
        *"“”«»‘\u00a0•™©®",
        *"ВГРСéüäãÃÂ½£àØÙ",
        "x",
        "ab ",
        " ",
        "  ",
        "\t",
        " \t ",
        "\n",
        "\r",
        "\r\n",
        "\u2028",
        "\x0c",
        "e\u0301",
        "A\u0303",
        "Ã©",
        "â€™",
        "Ã\t©",
        "Â ",
        "&amp;",
        "<p>",
        "\x00",
        "ﬁ",
    ]
)
near_edge = st.lists(_NEAR_EDGE, max_size=40).map("".join)


class TestQuickProof:
    """``FixEncoding._unchanged`` proves that the pass leaves a text as it
    is without running it: wherever it says so, the full pass agrees."""

    @pytest.mark.parametrize("options", [{}, {"unescape_html": False}, {"fix_encoding": False}], ids=str)
    @given(text=st.one_of(texts, near_edge, clean_documents(), news_documents()))
    def test_never_wrong(self, options: dict[str, object], text: str) -> None:
        p = FixEncoding(**options)  # type: ignore[arg-type]
        if p._unchanged(text):
            assert p._repair(text) == text
        assert p(text) == p._repair(text)

    @pytest.mark.parametrize(
        "text",
        [
            "“Quoted,” she said — it’s fine… «Да» и «нет»\u00a0here.\n",
            "Mix 1 ½ cups of flour; cost £3.\n«В Москве» сказал он.\n",
            "Österreich und Übersee, à la carte, São Paulo.\n",
            "Tabs\tand  runs of  spaces, “quoted”.\n",
        ],
    )
    def test_settles_clean_text(self, text: str) -> None:
        """The proof is no use if it never settles clean news."""
        p = FixEncoding()
        assert p._unchanged(text)
        assert p._repair(text) == text

    @pytest.mark.parametrize(
        "text",
        [
            "doesnâ€™t",
            "CafA\u0303\u00a9",
            "Ã\tla carte",
            "a &amp; b",
            "\x00",
            "ﬁne",
            "x\n\u00c3 y",
            "caf\u00c3\u00a9\r\n",
        ],
    )
    def test_does_not_settle_what_the_pass_changes(self, text: str) -> None:
        assert not FixEncoding()._unchanged(text)
        assert FixEncoding()(text) != text

    def test_every_pair_of_single_byte_characters(self) -> None:
        """Wherever ftfy's detector flags a pair of characters, or their
        mojibake, in a line or in it with its runs of spaces collapsed,
        there is a suspect."""
        chars = SINGLE_BYTE + MOJIBAKE
        for a in chars:
            for b in chars:
                for text in (a + b, f"x {a}{b} y", f"ab{a}{b}", f"{a}   {b}", f"{a} x\t {b}"):
                    if ftfy_is_bad(text) or ftfy_is_bad(re.sub("[ \t]+", " ", text)):
                        assert list(fastpath.suspects(text)), repr(text)
                        assert not fastpath.no_suspect_near(text), repr(text)

    def test_rare_characters_need_another_near(self) -> None:
        """Most characters only rare in clean text match only next to another
        non-ASCII character: alone among ASCII they are no suspects."""
        assert not list(fastpath.suspects("Mix 1 ½ cup, £3 a pound, § 4 and 20°C.\n"))
        assert list(fastpath.suspects("1 ½é"))
        assert list(fastpath.suspects("é 1 ½"))
        assert list(fastpath.suspects("é" + " " * 30 + "½"))  # near once the run is collapsed
        assert list(fastpath.suspects("Ã x"))  # a match of its own: "Ã " at the start of a line

    def test_runs_of_spaces_count_as_one_character(self) -> None:
        """A paired character and its partner far apart in the text but near
        once runs of spaces and tabs are collapsed are suspects."""
        assert list(fastpath.suspects("“" + " " * 50 + "é"))
        assert list(fastpath.suspects("é\t\t \t“"))
        assert not list(fastpath.suspects("“" + "x" * 10 + "é"))
        assert not list(fastpath.suspects("“plain” quotes — and dashes…\u00a0"))

    @given(
        st.lists(st.sampled_from([*"“”«»\u00a0éВÃÂœ½£§°×²àÄ€™Ø", "x", " ", "  ", "\t", "\n"]), max_size=30).map("".join)
    )
    def test_every_detector_match_holds_a_suspect(self, text: str) -> None:
        """Around the suspects the detector finds whatever it finds in the
        text, and in the text with its runs of spaces and tabs collapsed."""
        _, detector, _, width = fastpath._tables()
        at = list(fastpath.suspects(text))
        for view in (text, re.sub(r"[ \t]+", " ", text)):
            if ftfy_is_bad(view) and view == text:
                assert any(detector.search(text, max(0, i - width + 1), i + width) for i in at) or detector.match(text)
            if ftfy_is_bad(view):
                assert at


class TestNoSuspectNear:
    """The whole-text proof on the characters that are not plain ASCII
    never settles a text that a fix of ftfy, or the pass, would change."""

    @given(st.one_of(_FAR_NEAR, texts, near_edge))
    def test_never_wrong(self, text: str) -> None:
        if not fastpath.no_suspect_near(text) or fastpath.HTML_ENTITY.search(text):
            return
        assert ftfy.fix_text(text, PASS_CONFIG) == text
        assert not ftfy_is_bad(re.sub("[ \t]+", " ", text))
        if unicodedata.is_normalized("NFC", text):
            assert FixEncoding()._repair(text) == text

    @given(st.one_of(_FAR_NEAR, texts, near_edge))
    def test_suspects_of_the_text_are_suspects_of_the_rest(self, text: str) -> None:
        """Where it says True, the text's only suspects are rare characters
        that a run of spaces behind them makes suspects, with no other
        non-ASCII character near them."""
        if not fastpath.no_suspect_near(text):
            return
        _, rare = fastpath._suspect_classes()
        collapsed = re.sub("[ \t]+", " ", text)
        for at in fastpath.suspects(text):
            assert ord(text[at]) in rare
        assert not list(fastpath.suspects(collapsed))

    @given(st.one_of(_FAR_NEAR, texts, near_edge, clean_documents(), news_documents()))
    def test_pass_agrees_with_the_scan(self, text: str) -> None:
        """The pass's proof says what the scan around each suspect says,
        wherever the text has no suspect the quick proof skips."""
        p = FixEncoding()
        if ("&" in text and fastpath.HTML_ENTITY.search(text)) or not unicodedata.is_normalized("NFC", text):
            return
        if fastpath.no_suspect_near(text) and not list(fastpath.suspects(text)):
            assert p._no_match_near(text, fastpath.suspects(text))
        if not fastpath.no_suspect_near(text) and unicodedata.normalize("NFC", text) is text:
            assert p._unchanged(text) == p._no_match_near(text, fastpath.suspects(text))

    @given(st.one_of(_FAR_NEAR, texts, near_edge, clean_documents(), news_documents()))
    def test_suspects_found_from_the_rest(self, text: str) -> None:
        """The places of the suspect characters, tried one by one, are the
        suspects the scan of the whole text finds."""
        expected = list(fastpath.suspects(text))
        assert list(fastpath.suspects_in(text, fastpath.without_plain_ascii(text))) == expected
        # Enough plain text after it that each place is tried on its own.
        padded = text + "a" * (fastpath._PER_PLACE * len(text))
        assert list(fastpath.suspects_in(padded, fastpath.without_plain_ascii(padded))) == list(
            fastpath.suspects(padded)
        )
        cyrillic = "«Да» и «нет» " * 20 + text
        assert list(fastpath.suspects_in(cyrillic, fastpath.without_plain_ascii(cyrillic))) == list(
            fastpath.suspects(cyrillic)
        )

    @given(st.one_of(_FAR_NEAR, texts, near_edge))
    def test_first_suspect_is_the_patterns(self, text: str) -> None:
        for view in (text, fastpath.without_plain_ascii(text)):
            expected = fastpath.suspect_pattern().search(view)
            found = fastpath.first_suspect(view)
            assert (found and found.start()) == (expected and expected.start())

    @given(st.one_of(_FAR_NEAR, texts))
    def test_sparse_rest(self, text: str) -> None:
        """The rest of a text mostly ASCII, None for one that is not."""
        rest = fastpath.sparse_rest(text)
        assert rest in (None, fastpath.without_plain_ascii(text))
        assert fastpath.sparse_rest(text + "x" * 8 * len(text.encode("utf-8", "surrogatepass"))) is not None
        assert fastpath.sparse_rest(text + "Ж" * 9 * (len(text) + 1)) is None

    @given(
        st.one_of(_FAR_NEAR, texts, near_edge),
        st.sampled_from(["", "…", " (...)", " Read more", "&amp;…", "<b> &amp; Ã©…"]),
    )
    def test_heads_repaired_as_by_every_suspect_line(self, text: str, tail: str) -> None:
        """The pass's repair of line starts, asked first whether the text
        has any suspect, gives what looking at each suspect line gives."""
        p = FixEncoding()
        for view in (text + tail, tail + "\n" + text + tail, p._ftfy(text + tail)):
            if not view.isascii():
                assert p._repair_heads(view) == p._repair_heads_of_suspect_lines(view, fastpath.suspects(view))

    @given(st.one_of(_FAR_NEAR, texts, _SPACY))
    def test_trailing_after_non_ascii(self, text: str) -> None:
        """The search led by the line break says what a look at each line's
        end says."""
        from cleantext.passes.encoding import _TRAILING_AFTER_NON_ASCII, _ends_in_space, _trailing_after_non_ascii

        lines = text.splitlines() if "\r" in text else text.split("\n")
        expected = any(map(_ends_in_space, lines)) and _TRAILING_AFTER_NON_ASCII.search(text) is not None
        assert _trailing_after_non_ascii(text) == expected

    def test_clean_english_is_proved(self) -> None:
        assert fastpath.no_suspect_near("“Plain,” she said — it’s fine…\u00a0 “Quoted” ‘again’ – 5\u00a0km.\n")
        assert fastpath.no_suspect_near("Mix 1 ½ cups of flour.\n")

    @pytest.mark.parametrize(
        "text", ["“é”", "é “", "½é", "Ã ", "\x00", "ﬁ", "\ud83d", "“" + " " * 40 + "é", "é\t\t“", "«В»", "x\u0080"]
    )
    def test_not_proved(self, text: str) -> None:
        assert not fastpath.no_suspect_near(text)

    def test_rest_keeps_every_character_a_suspect_can_be(self) -> None:
        shape = fastpath._shape()
        alone, rare = fastpath._suspect_classes()
        lead = alone | rare | shape.paired | shape.partners
        every = "".join(map(chr, range(0x110000)))
        rest = fastpath.without_plain_ascii(every)
        assert set(map(ord, rest)) >= lead
        assert set(map(ord, rest)) == {c for c in range(0x110000) if c >= 0x80 or c in lead}


class TestWhitespaceSteps:
    """The loops that replace two whole-text substitutions give the
    substitutions' output (the slow path stays reachable for this)."""

    @given(st.one_of(_SPACY, whitespace_text(), texts))
    def test_strip_trailing(self, text: str) -> None:
        from cleantext.passes.encoding import _strip_trailing

        text = text.replace("\r", "")
        trailing = NormalizeWhitespace()._patterns[0]
        assert _strip_trailing(text) == trailing.sub("", text)

    @given(st.one_of(_SPACY, whitespace_text(), texts))
    def test_collapse_runs(self, text: str) -> None:
        from cleantext.passes.encoding import _collapse_runs

        inner = NormalizeWhitespace()._patterns[1]
        assert _collapse_runs(text) == inner.sub(" ", text)

    def test_long_runs_stay_linear(self) -> None:
        """A run of a million spaces is visited once (a quadratic walk would
        take minutes)."""
        from cleantext.passes.encoding import _collapse_runs, _strip_trailing

        text = "a" + " " * 1_000_000 + "\tb" + " " * 1_000_000 + "\n"
        assert _collapse_runs(text) == "a b \n"
        assert _strip_trailing(text) == "a" + " " * 1_000_000 + "\tb\n"


class TestAlteredUtf8:
    """The space-led pattern finds what ftfy's ALTERED_UTF8_RE finds."""

    _BYTES = st.lists(
        st.sampled_from(
            [0x20, 0x41, 0x80, 0x85, 0xA0, 0xA9, 0xBF, 0xC2, 0xC3, 0xC5, 0xCE, 0xD0, 0xD9, 0xE0, 0xE2, 0xE3, 0xF0]
        ),
        max_size=12,
    ).map(bytes)

    @given(_BYTES)
    def test_same_answer(self, data: bytes) -> None:
        ftfy_says = ftfy.chardata.ALTERED_UTF8_RE.search(data) is not None
        assert (fastpath._altered_utf8().search(data) is not None) == ftfy_says

    def test_every_pair_and_triple_around_a_space(self) -> None:
        high = range(0x80, 0x100)
        for a in high:
            for b in (0x20, *high):
                for data in (
                    bytes([a, 0x20, b]),
                    bytes([a, b, 0x20]),
                    bytes([0xF0, a, b, 0x20]),
                    bytes([0xF0, a, 0x20, b]),
                ):
                    ftfy_says = ftfy.chardata.ALTERED_UTF8_RE.search(data) is not None
                    assert (fastpath._altered_utf8().search(data) is not None) == ftfy_says, data


class TestEncoder:
    """Encoding and decoding back tells what ftfy's pattern tells."""

    def test_checked_on_the_installed_ftfy(self) -> None:
        assert fastpath._encoder() is not fastpath._encode_if_possible

    @given(
        st.lists(
            st.sampled_from([*SINGLE_BYTE, *MOJIBAKE, "\x1a", "\ufffd", "\ud800", "Ā", "ő", "√", "╬", "€", "Ж", "\n"]),
            max_size=12,
        ).map("".join)
    )
    def test_same_as_possible_encoding(self, text: str) -> None:
        encode = fastpath._encoder()
        for encoding in ftfy.chardata.CHARMAP_ENCODINGS:
            possible = ftfy.chardata.possible_encoding(text, encoding)
            assert (encode(text, encoding) is not None) == possible, (encoding, text)
            if possible:
                assert encode(text, encoding) == text.encode(encoding)

    def test_every_character_of_every_encoding(self) -> None:
        encode = fastpath._encoder()
        for encoding in ftfy.chardata.CHARMAP_ENCODINGS:
            for c in [*map(chr, range(0x800)), "€", "™", "╬", "\ufffd"]:
                assert (encode(c, encoding) is not None) == ftfy.chardata.possible_encoding(c, encoding), (encoding, c)
