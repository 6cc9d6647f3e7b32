"""The fast paths change nothing: byte-identical output to ftfy, and to the
unfiltered whitespace rewrites, on random text, on every Latin-1 and cp1252
character, and on ftfy's own test cases."""

from __future__ import annotations

import dataclasses
import json
import re
import subprocess
import sys
from pathlib import Path

import ftfy
import pytest
from ftfy.badness import is_bad as ftfy_is_bad
from hypothesis import given
from hypothesis import strategies as st

from cleantext import fastpath
from cleantext.passes.encoding import FixEncoding, NormalizeWhitespace
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
        tested in tests/test_encoding.py)."""
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

    def test_ascii_triggers_cover_ftfy_tables(self) -> None:
        controls = {chr(c) for c in ftfy.chardata.CONTROL_CHARS if c < 0x80}
        assert all(not fastpath.ascii_unchanged(c) for c in controls | {"\x1b"})
        assert fastpath._ENTITY.pattern == ftfy.chardata.HTML_ENTITY_RE.pattern


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
