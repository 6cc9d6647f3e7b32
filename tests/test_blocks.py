"""A huge document cleaned in blocks gives the bytes the whole-text path gives.

Blocks are made small (a few hundred bytes) so that short documents cross
many block edges."""

from __future__ import annotations

import io
import pickle
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleantext import Pipeline
from cleantext import blocks as B
from cleantext.cli import main

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = (ROOT / "corpora" / "reuters-2022-02-01-putin-nato.txt").read_text(encoding="utf-8")
NEWS = Pipeline.from_preset("news")

CAPTION = "A crowd gathers in Madrid on Tuesday.\nPhoto: Jane Doe, AP\n"
PIECES = [
    ARTICLE,
    CAPTION,
    "The cafÃ© said itâ€™s  open &amp; busy.\n",
    "Zelenskiy visited Kiev and Kharkov on Monday.\n",
    "Advertisement\n",
    "(Reporting by Jane Doe; Editing by John Roe)\n",
    "Print | Email | Share\n",
    "\n\n\n  \n",
    "Trailing spaces   \n\tand  tabs\t\n",
    "An emoji 😀 in one line.\n",
    "## Tags\nTags: sample\n",
]


def blocked(text: str, block_bytes: int, pipeline: Pipeline = NEWS) -> str:
    return B.clean_text(pipeline, text, block_bytes)


def document(seed: int, parts: int = 30) -> str:
    import random

    rng = random.Random(seed)
    return "".join(rng.choice(PIECES) + rng.choice(("\n", "\n\n", "")) for _ in range(parts))


class TestSameOutput:
    @pytest.mark.parametrize("seed", range(6))
    @pytest.mark.parametrize("block_bytes", [64, 700, 5000])
    def test_news_documents(self, seed: int, block_bytes: int) -> None:
        """Articles, captions, promos, mojibake and names across many block edges."""
        text = document(seed)
        assert blocked(text, block_bytes) == NEWS(text)

    def test_blocks_really_are_many(self) -> None:
        text = document(0)
        assert len(list(B.read_blocks(io.BytesIO(text.encode()), 700))) > 5

    def test_a_caption_repeated_in_another_block_goes_too(self) -> None:
        """strip-captions removes copies of a removed caption anywhere: the
        line passes see every line of the document at once."""
        gallery = "The minister arrives at the summit in Brussels on Monday.\n\n"
        text = gallery + ARTICLE * 3 + "\n" + gallery.strip() + "\nPhoto: Jane Doe, AP\n\n" + ARTICLE
        expected = NEWS(text)
        assert gallery.strip() not in expected
        assert blocked(text, 200) == expected

    def test_entities_after_the_first_tag_stay(self) -> None:
        """ftfy stops decoding entities after the first line with a "<": so do
        the blocks after the first block with one."""
        text = (
            "Tom &amp; Jerry\n" + ARTICLE + "1 < 2 in <b>bold</b>\n" + ARTICLE * 2 + "Fish &amp; chips are sold here.\n"
        )
        expected = NEWS(text)
        assert "Tom & Jerry" in expected and "Fish &amp; chips are sold" in expected
        assert blocked(text, 300) == expected

    def test_an_entity_for_a_tag_before_the_first_tag_cleans_whole(self) -> None:
        text = "1 &lt; 2\n" + ARTICLE * 3 + "x < y\n" + "Fish &amp; chips are sold here.\n"
        with pytest.raises(B.Unblockable):
            blocked(text, 300)

    def test_a_tag_with_lone_cr_line_endings_cleans_whole(self) -> None:
        """fix-encoding repairs each stretch ended by a lone CR on its own: a
        "<" in one does not stop entity decoding in the next."""
        text = "Old\rMac &amp; lines\r\n" + ARTICLE + "1 < 2\n" + ARTICLE * 2 + "Fish &amp; chips are sold here.\n"
        with pytest.raises(B.Unblockable):
            blocked(text, 300)
        assert blocked(text.replace("1 < 2", "1 is 2"), 300) == NEWS(text.replace("1 < 2", "1 is 2"))

    def test_blank_lines_at_edges_of_blocks_and_of_the_text(self) -> None:
        text = "\n\n\n" + (ARTICLE + "\n\n\n\n   \n") * 4 + "\n\n\n"
        assert blocked(text, 250) == NEWS(text)

    def test_a_block_that_turns_blank_cleans_whole(self) -> None:
        """A line of "&nbsp;" becomes blank: a block starting with it could
        not trim the blank lines before it as the whole text does."""
        text = ARTICLE + "\n\n" + "&nbsp;\n\n\n"
        with pytest.raises(B.Unblockable):
            blocked(text, len(ARTICLE.encode()) + 1)

    def test_names_in_a_document_in_another_language(self) -> None:
        """normalize-names guesses a document's language from its first lines:
        every block gets them."""
        german = "Die Regierung in Kiew sagte am Montag, dass die Gespräche weitergehen würden.\n" * 60
        text = german + "Kiev\n" + german
        assert blocked(text, 400) == NEWS(text)

    def test_a_cut_final_sentence_is_repaired(self) -> None:
        text = ARTICLE * 4 + "He said the talks would resume on Monday and"
        expected = NEWS(text)
        assert not expected.rstrip().endswith("and")
        assert blocked(text, 300) == expected

    def test_the_tail_holds_what_repair_truncation_reads(self) -> None:
        from cleantext.passes import endings

        assert B._TAIL_MARGIN >= 4 * endings._WINDOW + 4096

    def test_a_short_document_is_one_block(self) -> None:
        assert blocked("Kiev  is big.\n", 1 << 20) == NEWS("Kiev  is big.\n")

    def test_a_pass_that_does_not_work_on_blocks(self) -> None:
        with pytest.raises(B.Unblockable):
            blocked(ARTICLE, 100, Pipeline(["close-quotes"]))

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        st.lists(
            st.sampled_from([*PIECES, "x\n", " \n", "\n", "Ã©\n", "Kiev\n", "&lt;\n", "<\n", "\r\n", "a\u2028b\n"]),
            max_size=40,
        ),
        st.integers(min_value=16, max_value=400),
    )
    def test_any_mix(self, parts: list[str], block_bytes: int) -> None:
        text = "".join(parts)
        try:
            got = blocked(text, block_bytes)
        except B.Unblockable:
            return  # cleaned whole instead
        assert got == NEWS(text)


class TestReading:
    def test_blocks_join_to_the_text_and_start_with_a_visible_character(self) -> None:
        data = ("\ufeff" + document(1)).encode()
        blocks = list(B.read_blocks(io.BytesIO(data), 100))
        assert b"".join(blocks) == data[3:]
        assert all(b[:1] not in (b" ", b"\n", b"\t", b"\r") for b in blocks[1:])

    def test_bytes_that_are_not_utf8(self) -> None:
        with pytest.raises(B.Unblockable):
            list(B.read_blocks(io.BytesIO(ARTICLE.encode() + b"caf\xe9\n" + ARTICLE.encode()), 100))

    def test_line_view_is_a_sequence_of_the_lines(self) -> None:
        text = "a\n\nb c\nd\n" * 20 + "last"
        blocks = list(B.read_blocks(io.BytesIO(text.encode()), 8))
        view = B.LineView(blocks)
        lines = text.split("\n")
        assert len(view) == len(lines)
        assert list(view) == lines
        assert [view[i] for i in range(len(lines))] == lines
        assert view[-1] == "last" and view[3:7] == lines[3:7]

    def test_a_file_document_pickles_as_its_bytes(self, tmp_path: Path) -> None:
        path = tmp_path / "doc.txt"
        path.write_bytes(b"text\n")
        doc = pickle.loads(pickle.dumps(B.LargeText("doc.txt", path=str(path), size=5)))
        path.unlink()
        assert doc.read() == b"text\n"


class TestCommand:
    @pytest.fixture
    def small_blocks(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setattr(B, "LARGE_DOCUMENT", 2000)
        monkeypatch.setattr(B, "BLOCK_BYTES", 500)

    def test_same_bytes_as_the_whole_path(self, tmp_path: Path, small_blocks: None) -> None:
        src = tmp_path / "big.txt"
        src.write_bytes(b"\xef\xbb\xbf" + document(2).encode())
        assert main([str(src), "-o", str(tmp_path / "blocks.txt")]) == 0
        B.LARGE_DOCUMENT = 1 << 40
        assert main([str(src), "-o", str(tmp_path / "whole.txt")]) == 0
        assert (tmp_path / "blocks.txt").read_bytes() == (tmp_path / "whole.txt").read_bytes()

    def test_a_failing_pass_passes_the_document_through(
        self, tmp_path: Path, small_blocks: None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        from cleantext.passes.boilerplate import StripPromos

        def broken(self: object, lines: object) -> dict[int, str]:
            raise ValueError("broken judge")

        monkeypatch.setattr(StripPromos, "judge", broken)
        src = tmp_path / "big.txt"
        data = document(3).encode()
        src.write_bytes(data)
        assert main([str(src), "-o", str(tmp_path / "out.txt")]) == 1
        assert (tmp_path / "out.txt").read_bytes() == data
        assert "in pass 'strip-promos'" in capsys.readouterr().err

    def test_stdin_and_other_passes(
        self,
        tmp_path: Path,
        small_blocks: None,
        monkeypatch: pytest.MonkeyPatch,
        capsysbinary: pytest.CaptureFixture[bytes],
    ) -> None:
        """From stdin (the bytes kept), and with a pass that works only on the whole text."""
        data = document(4).encode()
        for extra in ([], ["--add", "close-quotes"]):
            monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(data)))
            assert main(["-", *extra]) == 0
            pipeline = NEWS if not extra else Pipeline([*NEWS.passes, "close-quotes"])
            assert capsysbinary.readouterr().out == pipeline(data.decode()).encode()


class TestWhitespaceInPieces:
    @pytest.mark.parametrize(
        "options",
        [
            {},
            {"newline": "crlf"},
            {"newline": "keep"},
            {"max_blank_lines": 0},
            {"strip_indent": True},
            {"strip_edges": False},
        ],
    )
    @pytest.mark.parametrize("size", [1, 40, 900])
    def test_same_as_the_whole_chain(self, options: dict[str, object], size: int) -> None:
        """normalize-whitespace tidies a long text piece by piece: the same
        output as its substitutions over the whole text."""
        from cleantext.passes.encoding import NormalizeWhitespace
        from cleantext.text import by_line_pieces

        p = NormalizeWhitespace(**options)  # type: ignore[arg-type]
        text = "\n\n  " + document(5) + "a\rb\r\nc  \u2028d\u3000\n\n\n\t\n"
        assert by_line_pieces(p._tidy, text, size) == p._tidy(text)

    def test_a_long_text_goes_in_pieces(self, monkeypatch: pytest.MonkeyPatch) -> None:
        import cleantext.passes.encoding as encoding

        calls: list[int] = []
        p = encoding.NormalizeWhitespace()
        tidy = p._tidy
        monkeypatch.setattr(encoding, "_PIECE", 500)
        object.__setattr__(p, "_tidy", lambda t: calls.append(len(t)) or tidy(t))
        text = document(6)
        assert p(text) == tidy(text)
        assert len(calls) > 3 and max(calls) < len(text) / 2
