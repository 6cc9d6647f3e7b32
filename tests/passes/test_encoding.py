"""The encoding family: fix-encoding, normalize-unicode, normalize-whitespace."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleantext.passes.encoding import FixEncoding, NormalizeUnicode, NormalizeWhitespace
from cleantext.pipeline import Pipeline
from cleantext.testing import clean_documents, mojibake


class TestFixEncoding:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("doesnâ€™t", "doesn’t"),
            ("â€œQuotedâ€\x9d", "“Quoted”"),
            ("cafÃ©", "café"),
            ("SÃ£o Paulo", "São Paulo"),
            ("wasnÃ¢â‚¬â„¢t", "wasn’t"),
            ("Tom &amp; Jerry", "Tom & Jerry"),
            ("&ldquo;hi&rdquo;", "“hi”"),
            ("\x1b[31mred\x1b[0m", "red"),
            ("bell\x07", "bell"),
            ("nul\x00", "nul"),
            ("\ufb01nancial", "financial"),
        ],
        ids=lambda v: repr(v)[:20],
    )
    def test_repairs(self, text: str, expected: str) -> None:
        assert FixEncoding()(text) == expected

    @pytest.mark.parametrize(
        "text",
        [
            "“Curly” ‘quotes’ stay",
            "ＡＢＣ full width stays",
            "東京　都",
            "<p>Tom &amp; Jerry</p>",
            "Zero\u200bwidth",
            "line one\r\nline two\r\n",
            "Unicode\u2028separator",
            "decomposed e\u0301 stays for normalize-unicode",
            "naïve café résumé",
            "Привет, мир",
            "👨‍👩‍👧 🇺🇦",
            "\u00a0no-break space",
            "5 × 3 = 15 ± 1 — ok … “fine”",
        ],
        ids=lambda v: repr(v)[:20],
    )
    def test_leaves_alone(self, text: str) -> None:
        assert FixEncoding()(text) == text

    def test_options_reach_ftfy(self) -> None:
        assert FixEncoding(uncurl_quotes=True)("“a”") == '"a"'
        assert FixEncoding(fix_character_width=True)("ＡＢＣ") == "ABC"
        assert FixEncoding(unescape_html=False)("&amp;") == "&amp;"

    @pytest.mark.parametrize(
        "clean_text",
        ["It’s “done” — mostly…", "Café in São Paulo", "Zürich, Łódź, Ελλάδα", "¡Olé! ¿Qué? €5"],
    )
    def test_undoes_cp1252_mojibake(self, clean_text: str) -> None:
        assert FixEncoding()(mojibake(clean_text)) == clean_text


class TestFixEncodingSeesWhatTheFamilyLeaves:
    """Mojibake that shows only once normalize-unicode composes the text or
    normalize-whitespace collapses its spaces is repaired in the same run:
    before, a second run of the pipeline repaired it."""

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            (unicodedata.normalize("NFD", "CafÃ©"), "Café"),
            (
                unicodedata.normalize("NFD", "The Mona Lisa doesnâ€™t have eyebrows.\n"),
                "The Mona Lisa doesn’t have eyebrows.\n",
            ),
            ("Ã\t;", "à ;"),
            ("a Ã\t; b\n", "a à ; b\n"),
            (unicodedata.normalize("NFD", "SÃ£o\tPaulo, CafÃ©"), "São Paulo, Café"),
        ],
        ids=["nfd", "nfd-quote", "tab", "tab-inline", "nfd-and-tab"],
    )
    def test_repaired_in_one_run(self, text: str, expected: str) -> None:
        assert FixEncoding()(text) == expected
        for preset in ("encoding", "news"):
            once = Pipeline.from_preset(preset)(text)
            assert Pipeline.from_preset(preset)(once) == once, preset

    @pytest.mark.parametrize(
        "text",
        [
            "decomposed e\u0301 and\ttabs  stay\n",
            "Ã\t\n",  # no mojibake in "Ã" alone
            "naïve\tcafé  résumé\n",
            unicodedata.normalize("NFD", "Zürich, Łódź, Ελλάδα\tand  more\n"),
            "Œ\t0",  # the detector flags "Œ 0", but ftfy leaves it
        ],
        ids=["nfd-tab", "trailing-tab", "nfc-tab", "nfd-clean", "flagged-not-repaired"],
    )
    def test_lines_without_such_mojibake_are_byte_identical(self, text: str) -> None:
        assert FixEncoding()(text) == text

    def test_flagged_but_unrepaired_view_is_stable(self) -> None:
        """Found by the property suite: a C1 control, a vertical tab and a
        tab became "Œ\t0", which the next run collapsed to "Œ 0"."""
        p = FixEncoding()
        once = p("\x8c\x0b\t0")
        assert once == "Œ\t0"
        assert p(once) == once

    def test_mojibake_ftfy_repairs_as_it_stands_keeps_its_spacing(self) -> None:
        """Only mojibake that needs the view is repaired in it: elsewhere the
        spacing stays for normalize-whitespace (and offsets stay exact)."""
        assert FixEncoding()("The  cafÃ©   is   open.") == "The  café   is   open."
        assert FixEncoding()("cafÃ©\tau lait\n") == "café\tau lait\n"

    def test_only_the_repaired_line_changes(self) -> None:
        text = "keep\ttabs  here e\u0301\n" + unicodedata.normalize("NFD", "CafÃ©\tau lait\n")
        assert FixEncoding()(text) == "keep\ttabs  here e\u0301\nCafé au lait\n"

    @settings(max_examples=100)
    @given(clean_documents(), st.sampled_from(["NFD", "NFC"]), st.sampled_from(["\t", "  ", " "]))
    def test_any_mojibake_in_any_form(self, clean: str, form: str, space: str) -> None:
        """Mojibake of a clean document, in NFD or NFC and with its spaces
        widened, is repaired in one run, and the encoding preset is stable."""
        text = unicodedata.normalize(form, mojibake(clean)).replace(" ", space)
        once = Pipeline.from_preset("encoding")(text)
        assert once == unicodedata.normalize("NFC", clean)
        assert Pipeline.from_preset("encoding")(once) == once


class TestFixEncodingSeesWhatRepairTruncationLeaves:
    """ftfy repairs a line whole or not at all, and a character such as "…"
    stops the repair of "Å„" ("ń") in the whole line. repair-truncation may
    take a truncation note or a dangling mark off the last line: the start
    of such a line is repaired in the same run, and its end kept."""

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("Samoa AmerykaÅ„skie… [+2310 chars]\n", "Samoa Amerykańskie… [+2310 chars]\n"),
            ("Samoa AmerykaÅ„skie —\nNext line.\n", "Samoa Amerykańskie —\nNext line.\n"),
            ("Samoa AmerykaÅ„skie… [+2310 chars]\r\nz", "Samoa Amerykańskie… [+2310 chars]\r\nz"),
        ],
        ids=["note", "dash", "crlf"],
    )
    def test_start_repaired_end_kept(self, text: str, expected: str) -> None:
        assert FixEncoding()(text) == expected
        for policy in ("drop", "ellipsis", "mark"):
            news = Pipeline.from_preset("news").with_options({"repair-truncation": {"policy": policy}})
            once = news(text)
            assert news(once) == once, policy

    @pytest.mark.parametrize(
        "text",
        [
            "Prices rose… [+2310 chars]\n",  # nothing to repair
            "Le café… [+2310 chars]\n",  # clean text with a note
            "Zażółć gęślą jaźń —\n",  # Polish, a dangling dash
            "Samoa AmerykaÅ„skie… and more\n",  # no note, no dangling mark: ftfy's answer stands
        ],
    )
    def test_left_as_ftfy_leaves_it(self, text: str) -> None:
        import ftfy

        assert FixEncoding()(text) == ftfy.fix_text(text, uncurl_quotes=False, fix_character_width=False)


class TestNormalizeUnicode:
    @pytest.mark.parametrize(
        ("form", "text", "expected"),
        [
            ("NFC", "e\u0301", "\u00e9"),
            ("NFC", "ＡＢＣ", "ＡＢＣ"),
            ("NFC", "\ufb01", "\ufb01"),
            ("NFKC", "ＡＢＣ", "ABC"),
            ("NFKC", "x²", "x2"),
            ("NFD", "\u00e9", "e\u0301"),
            ("NFC", "plain ascii", "plain ascii"),
        ],
    )
    def test_forms(self, form: str, text: str, expected: str) -> None:
        assert NormalizeUnicode(form=form)(text) == expected  # type: ignore[arg-type]


class TestNormalizeWhitespace:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("a  b", "a b"),
            ("a\tb", "a b"),
            ("a \t b", "a b"),
            ("trailing   \nx", "trailing\nx"),
            ("trailing\u00a0\u3000\nx", "trailing\nx"),
            ("a\n\n\nb", "a\n\nb"),
            ("a\n\n\n\n\n\nb", "a\n\nb"),
            ("a\n  \n \t \nb", "a\n\nb"),
            ("a\r\nb\rc", "a\nb\nc"),
            ("a\u2028b\u2029c\x85d", "a\nb\nc\nd"),
            ("\n\n\nlead", "lead"),
            ("tail\n\n\n", "tail\n"),
            ("   ", ""),
        ],
        ids=repr,
    )
    def test_tidies(self, text: str, expected: str) -> None:
        assert NormalizeWhitespace()(text) == expected

    @pytest.mark.parametrize(
        "text",
        [
            "  indented line\n\tcode()\n",
            "a\n\nb\n",
            "a\nb",
            "no-break\u00a0\u00a0spaces kept",
            "ideographic\u3000\u3000space kept",
            "single spaces only.\n",
            "form\x0cfeed",
        ],
        ids=repr,
    )
    def test_leaves_alone(self, text: str) -> None:
        assert NormalizeWhitespace()(text) == text

    def test_never_joins_or_splits_paragraphs(self) -> None:
        text = "One.\nTwo.\n\nThree.\n"
        out = NormalizeWhitespace()(text.replace("\n", "  \r\n"))
        assert out == text

    @pytest.mark.parametrize(
        ("options", "text", "expected"),
        [
            ({"newline": "crlf"}, "a\nb\r\n", "a\r\nb\r\n"),
            ({"newline": "keep"}, "a  \r\n\r\n\r\n\r\nb\r", "a\r\n\r\nb\r"),
            ({"strip_indent": True}, "  a\n\tb", "a\nb"),
            ({"unicode_spaces": True}, "a\u00a0\u00a0b\u3000c", "a b c"),
            ({"max_blank_lines": 0}, "a\n\n\nb", "a\nb"),
            ({"max_blank_lines": 2}, "a\n\n\n\n\nb", "a\n\n\nb"),
            ({"collapse_spaces": False}, "a  b  \n", "a  b\n"),
            ({"strip_edges": False}, "\n\na\n\n", "\n\na\n\n"),
        ],
    )
    def test_options(self, options: dict[str, object], text: str, expected: str) -> None:
        assert NormalizeWhitespace(**options)(text) == expected  # type: ignore[arg-type]

    def test_negative_blank_lines_rejected(self) -> None:
        from cleantext.errors import ConfigError

        with pytest.raises(ConfigError, match="max_blank_lines"):
            NormalizeWhitespace(max_blank_lines=-1)


class TestLongLines:
    """Lines longer than ftfy's piece size are repaired whole."""

    def test_mojibake_across_piece_boundaries(self) -> None:
        # An odd offset puts ftfy's own cut inside a two-character sequence.
        text = "x" + "Ã©" * 200_000 + " done."
        assert FixEncoding()(text) == "x" + "é" * 200_000 + " done."

    def test_pieces_never_end_inside_a_sequence(self) -> None:
        from cleantext.fastpath import _cut

        text = "x" + "â€™" * 100
        for limit_end in range(1, 200):
            cut = _cut(text, limit_end + 64)
            assert text[cut] == "â" and limit_end + 62 <= cut <= limit_end + 64
