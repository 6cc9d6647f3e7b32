"""Users' pattern tables (the ``patterns`` option of strip-promos,
strip-captions, strip-credits and strip-datelines): merged over the built-in
``cleantext/data/boilerplate.toml``, read with the limits of every
configuration file, and checked so that a regular expression cannot take
exponential time."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

import cleantext.limits as limits
from cleantext import Pipeline
from cleantext.cli import main
from cleantext.errors import ConfigError
from cleantext.limits import backtracking_risk
from cleantext.passes.boilerplate import StripCaptions, StripCredits, StripDatelines, StripPromos, patterns_table

NEGATIVE = Path(__file__).resolve().parent.parent / "data" / "boilerplate-negative.txt"

TABLE = r"""
[promos.en]
lines = ["Zum Newsletter"]
labels = ["More coverage"]

[promos.it]
lines = ["pubblicità", "leggi anche"]

[promos.all]
starts = ["listen to"]
patterns = ['listen to (?:this|the) (?:article|story)\s*$']

[captions]
agencies = ["ANP"]
credit_starts = ["beeld"]
credit_lines = ['beeld ?:']

[credits]
starts = ["with reporting"]
patterns = ['with reporting by (?-i:[A-Z])[^.]{0,80}\.?\s*$']

[datelines]
agencies = ["ANI"]
"""

# The pass that reads each table.
READERS: dict[str, type[StripPromos | StripCaptions | StripCredits | StripDatelines]] = {
    "promos": StripPromos,
    "captions": StripCaptions,
    "credits": StripCredits,
    "datelines": StripDatelines,
}

# A marker that error messages must never repeat: the file may be anything.
SECRET = "s3cr3t-content"


@pytest.fixture
def table(tmp_path: Path) -> str:
    path = tmp_path / "patterns.toml"
    path.write_text(TABLE, encoding="utf-8")
    return str(path)


def write(tmp_path: Path, text: str | bytes, name: str = "bad.toml") -> str:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return str(path)


class TestMerged:
    def test_promo_line_label_and_pattern(self, table: str) -> None:
        """The user's whole line, label and pattern are removed; without the table they stay."""
        text = "Text.\nZum Newsletter\nMore coverage: the vote\nListen to this article\nMore text.\n"
        assert StripPromos(patterns=(table,))(text) == "Text.\nMore text.\n"
        assert StripPromos()(text) == text

    def test_builtin_entries_still_work(self, table: str) -> None:
        """A list adds to the built-in list rather than replacing it."""
        text = "Text.\nAdvertisement\nREAD MORE: the vote\nMore text.\n"
        assert StripPromos(patterns=(table,))(text) == "Text.\nMore text.\n"

    def test_new_language(self, table: str) -> None:
        """A [promos.it] table adds a language that `languages` may then name."""
        text = "Testo.\nPubblicità\nAltro testo.\n"
        assert StripPromos(patterns=(table,), languages=("it",))(text) == "Testo.\nAltro testo.\n"
        assert StripPromos(patterns=(table,))(text) == text  # not among the languages chosen
        with pytest.raises(ConfigError, match="option 'languages': no patterns for 'it'"):
            StripPromos(languages=("it",))

    def test_caption_credit_and_agency(self, table: str) -> None:
        """A credit line form and an agency that the credit tails then know ("(Jan Jansen/ANP)")."""
        text = "Text.\nBeeld: Jan Jansen\nMore.\n"
        assert StripCaptions(patterns=(table,), lone_credits=True)(text) == "Text.\nMore.\n"
        assert StripCaptions()(text) == text
        tail = "Text.\nThe king opens the bridge in Arnhem on Tuesday. (Jan Jansen/ANP)\nMore.\n"
        assert StripCaptions(patterns=(table,))(tail) == "Text.\nMore.\n"
        assert StripCaptions()(tail) == tail

    def test_credit_with_a_long_start(self, table: str) -> None:
        """A start longer than the part of the line the pass looks at first still works."""
        text = "Text.\nWith reporting by Jane Doe.\n"
        assert StripCredits(patterns=(table,))(text) == "Text.\n"
        assert StripCredits()(text) == text

    def test_dateline_agency(self, table: str) -> None:
        """An agency added for strip-datelines; the built-in ones still work, and a
        bracket that is not an agency keeps its line."""
        text = "MUMBAI, Nov 19 (ANI) - The court said.\nKYIV, Feb 1 (Reuters) - Putin said.\nPARIS (ANIMA) - Open.\n"
        assert StripDatelines(patterns=(table,))(text) == "The court said.\nPutin said.\nPARIS (ANIMA) - Open.\n"
        assert StripDatelines()(text) == "MUMBAI, Nov 19 (ANI) - The court said.\nPutin said.\nPARIS (ANIMA) - Open.\n"

    def test_a_number_replaces_the_builtin(self, tmp_path: Path) -> None:
        line = "Text.\n(Reporting by Jane Doe; Editing by John Roe)\n"
        strict = write(tmp_path, "[credits]\nmax_words = 3\n")
        assert StripCredits()(line) == "Text.\n"
        assert StripCredits(patterns=(strict,))(line) == line
        assert patterns_table((strict,))["credits"]["max_words"] == 3

    def test_files_merge_in_order(self, table: str, tmp_path: Path) -> None:
        other = write(tmp_path, '[promos.en]\nlines = ["Mehr Newsletter"]\n', "other.toml")
        merged = patterns_table((table, other))["promos"]["en"]["lines"]
        assert merged[-2:] == ["Zum Newsletter", "Mehr Newsletter"]

    def test_builtin_table_is_not_changed(self, table: str) -> None:
        """Loading a user table leaves the built-in one (and passes without the option) as they were."""
        before = len(patterns_table()["promos"]["en"]["lines"])
        patterns_table((table,))
        assert len(patterns_table()["promos"]["en"]["lines"]) == before
        assert "Zum Newsletter" not in patterns_table()["promos"]["en"]["lines"]

    def test_negative_lines_stay(self, table: str) -> None:
        """Lines that must survive the built-in rules survive with the user's table too."""
        lines = [x for x in NEGATIVE.read_text(encoding="utf-8").splitlines() if x and not x.startswith("#")]
        text = "\n".join(lines) + "\n"
        for cls in (StripPromos, StripCaptions, StripCredits, StripDatelines):
            assert cls(patterns=(table,))(text) == text, cls.name

    def test_mentions_stay(self, table: str) -> None:
        """The user's forms are whole lines: a sentence that mentions them stays."""
        text = "Text.\nShe said she would listen to the story again.\nBeeld en geluid zijn belangrijk, zei hij.\n"
        assert Pipeline.from_preset("news").with_options(
            {"strip-promos": {"patterns": [table]}, "strip-captions": {"patterns": [table]}}
        )(text) == Pipeline.from_preset("news")(text)

    def test_from_a_config_relative_to_it(
        self,
        table: str,
        tmp_path: Path,
        capsysbinary: pytest.CaptureFixture[bytes],
        stdin: Callable[[bytes], None],
    ) -> None:
        """In a TOML config the path resolves against the config's folder, as for `lexicons`."""
        config = tmp_path / "pipeline.toml"
        config.write_text(
            'preset = "news"\n[options.strip-promos]\npatterns = ["patterns.toml"]\n'
            '[options.strip-credits]\npatterns = ["patterns.toml"]\n',
            encoding="utf-8",
        )
        stdin(b"Text.\nZum Newsletter\nWith reporting by Jane Doe.\n")
        assert main(["--config", str(config)]) == 0
        assert capsysbinary.readouterr().out == b"Text.\n"


class TestErrors:
    """Every error names the file (and the line when there is one), never what the file holds."""

    @pytest.mark.parametrize(
        ("text", "line", "message"),
        [
            (f"[promos.en]\nlines = [\n  '{SECRET}',\n]\n[{SECRET}]\nx = 1\n", 5, "unknown table"),
            (f"[credits]\n{SECRET} = 1\n", 2, "unknown key in [credits]"),
            (f"[promos.{SECRET}]\nlines = []\n", 1, "tables of languages"),
            (f"[promos.en]\nlines = ['{SECRET}', 3]\n", 2, "lines must be a list of strings"),
            ("[promos.en]\nlabels = ['  ']\n", 2, "labels must be a list of strings, none of them blank"),
            (f"# {SECRET}\n[credits]\nmax_words = 0\n", 3, "max_words must be a whole number from 1 to 1000"),
            ("[captions]\ncredit_max_words = true\n", 2, "must be a whole number"),
            (f"[credits]\nstarts = ['{SECRET}']\npatterns = ['({SECRET}']\n", 3, "patterns, entry 1: not a valid"),
            (
                f"[promos.all]\nstarts = ['x']\npatterns = ['x', '(?:{SECRET}\\w+\\s?)+$']\n",
                3,
                "patterns, entry 2: a quantifier inside a repeated group",
            ),
            ("[captions]\ncredit_tails = ['(?i)x']\n", 2, "credit_tails, entry 1: not a valid regular expression"),
            (f"[datelines]\nagencies = '{SECRET}'\n", 2, "agencies must be a list of strings"),
            (f"[credits]\npatterns = ['(?P<{SECRET[:6]}>a)(?P<{SECRET[:6]}>b)']\n", 2, "redefinition of group name as"),
            ("[credits]\npatterns = ['\\q']\n", 2, "(bad escape)"),
            ("[credits]\npatterns = ['[z-a]']\n", 2, "(bad character range)"),
            ("[credits]\npatterns = 3\n", 2, "patterns must be a list of strings"),
            ("credits = 3\n", 1, "credits must be a table"),
            (f"[credits]\nmax_words = = '{SECRET}'\n", 2, "invalid TOML"),
        ],
        ids=[
            "unknown-table",
            "unknown-key",
            "bad-language",
            "not-strings",
            "blank",
            "zero",
            "bool",
            "bad-regex",
            "nested-quantifiers",
            "global-flag",
            "datelines-not-a-list",
            "group-name",
            "escape",
            "range",
            "number-for-a-list",
            "section-not-a-table",
            "bad-toml",
        ],
    )
    def test_table_errors(self, tmp_path: Path, text: str, line: int, message: str) -> None:
        path = write(tmp_path, text)
        reader = next(cls for key, cls in READERS.items() if key in text)
        with pytest.raises(ConfigError) as info:
            reader(patterns=(path,))
        error = str(info.value)
        if "invalid TOML" in message:  # the line as tomllib gives it
            assert error.startswith(f"{path}: invalid TOML: ") and f"line {line}" in error, error
        else:
            assert error.startswith(f"{path}:{line}: "), error
        assert message in error and SECRET[:6] not in error and "\n" not in error
        assert "z-a" not in error

    @pytest.mark.parametrize(
        ("content", "message"),
        [
            (b"[credits]\nmax_words = 3\n" + SECRET.encode() + b"\x00", "not a text file"),
            (b"[credits]\n# " + SECRET.encode() + b"\xff\n", "not UTF-8"),
        ],
        ids=["nul", "not-utf8"],
    )
    def test_file_errors(self, tmp_path: Path, content: bytes, message: str) -> None:
        path = write(tmp_path, content)
        with pytest.raises(ConfigError) as info:
            StripCredits(patterns=(path,))
        assert str(info.value).startswith(f"{path}: cannot read pattern table: {message}")
        assert SECRET not in str(info.value)

    def test_not_a_regular_file(self, tmp_path: Path) -> None:
        with pytest.raises(ConfigError, match=r": cannot read pattern table: not a regular file$"):
            StripCredits(patterns=(str(tmp_path),))

    def test_missing_file(self, tmp_path: Path) -> None:
        missing = str(tmp_path / "missing.toml")
        with pytest.raises(ConfigError, match=re.escape(f"{missing}: cannot read pattern table: No such file")):
            StripPromos(patterns=(missing,))

    def test_too_large(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setattr(limits, "MAX_CONFIG_BYTES", 1024 * 1024)
        path = write(tmp_path, "# " + "x" * (1024 * 1024) + "\n")
        with pytest.raises(ConfigError, match=r"cannot read pattern table: larger than 1 MB$"):
            StripCaptions(patterns=(path,))

    def test_error_from_a_config_names_the_table(self, tmp_path: Path) -> None:
        """A bad table given in a config is reported with the table's own path and line."""
        write(tmp_path, "[credits]\nmax_words = -1\n", "bad.toml")
        config = tmp_path / "pipeline.toml"
        config.write_text('preset = "news"\n[options.strip-credits]\npatterns = ["bad.toml"]\n', encoding="utf-8")
        with pytest.raises(ConfigError, match=re.escape(f"{tmp_path / 'bad.toml'}:2: max_words")):
            Pipeline.from_toml(config)


class TestBacktrackingRisk:
    @pytest.mark.parametrize(
        "pattern",
        [
            r"(a+)+$",
            r"(?:\w+\s?)+$",
            r"(?:a|aa)*(?:b+)*",
            r"(?: a*a*)*",
            r"(?: (?:\w+|via))*",
            r"(?:A\w*)*",  # case-insensitive: \w matches the "a" each round starts with
            r"(?:x(?:y+z?)+)",
            r"(?:\d{1,6}\s*){0,3}$",
            r"(?=(?:a+)+)",
        ],
    )
    def test_rejected(self, pattern: str) -> None:
        assert backtracking_risk(pattern, re.IGNORECASE) is not None

    @pytest.mark.parametrize(
        "pattern",
        [
            r"follow [\w.@-]{1,30}(?: [\w.@-]{1,30}){0,2} on\s*$",  # each round starts at a space
            r"(?:\w+ )*end",  # each round ends at a space
            r"(?:\w++\s?+)+$",  # possessive
            r"(?>(?:\w+\s?)+)$",  # atomic
            r"(?:ab)*c+d?",
            r"[^.]{1,120}\bcontributed\b",
            r"(?:a|b)*",
        ],
    )
    def test_accepted(self, pattern: str) -> None:
        assert backtracking_risk(pattern, re.IGNORECASE) is None
        re.compile(pattern)

    def test_case_matters_for_the_separator(self) -> None:
        """Without IGNORECASE, rounds that start with "A" cannot be read by [a-z]*."""
        assert backtracking_risk(r"(?:A[a-z]*)*", 0) is None
        assert backtracking_risk(r"(?:A[a-z]*)*", re.IGNORECASE) is not None
