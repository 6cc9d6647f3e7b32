"""Pipelines: building from objects, names, presets and TOML; running."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from cleantext import Pipeline, clean, list_presets
from cleantext.errors import ConfigError
from cleantext.passes.encoding import FixEncoding, NormalizeUnicode, NormalizeWhitespace


class TestBuilding:
    def test_from_objects_names_and_classes_agree(self) -> None:
        a = Pipeline([FixEncoding(), NormalizeWhitespace()])
        b = Pipeline(["fix-encoding", "normalize-whitespace"])
        c = Pipeline([FixEncoding, NormalizeWhitespace])
        assert a == b == c
        assert a.names == ("fix-encoding", "normalize-whitespace")

    def test_from_names_with_options(self) -> None:
        p = Pipeline.from_names(["normalize-unicode"], {"normalize-unicode": {"form": "NFKC"}})
        assert p.passes == (NormalizeUnicode(form="NFKC"),)

    def test_options_for_a_pass_not_in_the_list(self) -> None:
        with pytest.raises(ConfigError, match="not in the pipeline"):
            Pipeline.from_names(["fix-encoding"], {"normalize-unicode": {"form": "NFKC"}})

    def test_not_a_pass(self) -> None:
        with pytest.raises(ConfigError, match="not a pass: 42"):
            Pipeline([42])  # type: ignore[list-item]

    def test_default_preset_is_news(self) -> None:
        assert Pipeline.from_preset() == Pipeline.from_preset("news")
        assert "news" in list_presets()

    def test_unknown_preset_lists_valid_ones(self) -> None:
        with pytest.raises(ConfigError, match=r"unknown preset 'nws'; valid presets: .*news"):
            Pipeline.from_preset("nws")

    def test_without_and_with_options(self) -> None:
        p = Pipeline.from_preset("encoding")
        assert "normalize-unicode" not in p.without("normalize-unicode").names
        with pytest.raises(ConfigError, match="cannot skip 'strip-nothing'|unknown pass 'strip-nothing'"):
            p.without("strip-nothing")
        q = p.with_options({"normalize-unicode": {"form": "NFKC"}})
        assert NormalizeUnicode(form="NFKC") in q.passes

    def test_pickles(self) -> None:
        p = Pipeline.from_preset()
        assert pickle.loads(pickle.dumps(p)) == p


class TestToml:
    def write(self, tmp_path: Path, text: str) -> Path:
        path = tmp_path / "pipeline.toml"
        path.write_text(text, encoding="utf-8")
        return path

    def test_pass_list(self, tmp_path: Path) -> None:
        path = self.write(
            tmp_path,
            '[[pass]]\nname = "fix-encoding"\n\n[[pass]]\nname = "normalize-unicode"\nform = "NFKC"\n',
        )
        assert Pipeline.from_toml(path) == Pipeline([FixEncoding(), NormalizeUnicode(form="NFKC")])

    def test_preset_with_skip_and_options(self, tmp_path: Path) -> None:
        path = self.write(
            tmp_path,
            'preset = "encoding"\nskip = ["normalize-whitespace"]\n[options.fix-encoding]\nuncurl_quotes = true\n',
        )
        assert Pipeline.from_toml(path) == Pipeline([FixEncoding(uncurl_quotes=True), NormalizeUnicode()])

    @pytest.mark.parametrize(
        ("text", "message"),
        [
            (
                '[[pass]]\nname = "fix-encodin"\n',
                r"pipeline.toml:1: \[\[pass\]\] #1: unknown pass 'fix-encodin'; valid",
            ),
            (
                '[[pass]]\nname = "fix-encoding"\n\n[[pass]]\nname = "normalize-unicode"\nfrom = "NFKC"\n',
                r"pipeline.toml:4: \[\[pass\]\] #2: pass 'normalize-unicode' has no option 'from'; its options: form",
            ),
            ('[[pass]]\nname = "normalize-unicode"\nform = 1\n', "option 'form': expected one of 'NFC'"),
            ("[[pass]]\nform = 1\n", "needs a name"),
            ('passes = ["fix-encoding"]\n', "unknown key 'passes'; valid keys: options, pass, preset, skip"),
            ('preset = "news"\n[[pass]]\nname = "fix-encoding"\n', "either"),
            ('skip = "fix-encoding"\n', "'skip' must be a list"),
            ("[pass\n", "invalid TOML"),
        ],
    )
    def test_errors_name_the_file_and_list_choices(self, tmp_path: Path, text: str, message: str) -> None:
        with pytest.raises(ConfigError, match=message):
            Pipeline.from_toml(self.write(tmp_path, text))

    def test_missing_file(self, tmp_path: Path) -> None:
        with pytest.raises(ConfigError, match="nope.toml: cannot read config"):
            Pipeline.from_toml(tmp_path / "nope.toml")


class TestRunning:
    def test_clean_uses_the_news_preset(self) -> None:
        assert clean("doesnâ€™t  matter\n") == "doesn’t matter\n"

    def test_clean_with_pass_names(self) -> None:
        assert clean("a  b", passes=["fix-encoding"]) == "a  b"

    def test_run_reports_changes_per_pass(self) -> None:
        result = Pipeline.from_preset("encoding").run("It doesnâ€™t  matter.\n\n\n\nNext.\n")
        assert result.text == "It doesn’t matter.\n\nNext.\n"
        kinds = [(c.pass_name, c.kind, c.before, c.after) for c in result.changes]
        assert ("fix-encoding", "span-replaced", "â€™", "’") in kinds
        assert ("normalize-whitespace", "span-replaced", " ", "") in kinds
        assert ("normalize-whitespace", "line-removed", "\n", "") in kinds

    def test_run_of_clean_text_has_no_changes(self) -> None:
        assert Pipeline.from_preset().run("Fine.\n").changes == []

    @pytest.mark.parametrize("jobs", [1, 2])
    def test_map_keeps_order(self, jobs: int) -> None:
        texts = [f"doc  {i}\n" for i in range(300)]
        out = Pipeline.from_preset("encoding").map(texts, jobs=jobs, chunk_size=7)
        assert list(out) == [f"doc {i}\n" for i in range(300)]

    def test_map_is_lazy(self) -> None:
        def endless():
            i = 0
            while True:
                yield f"x  {i}"
                i += 1

        it = Pipeline(["normalize-whitespace"]).map(endless())
        assert next(it) == "x 0"
        assert next(it) == "x 1"

    def test_repr(self) -> None:
        p = Pipeline([NormalizeUnicode(form="NFKC"), NormalizeWhitespace()])
        assert repr(p) == "Pipeline([NormalizeUnicode(form='NFKC'), NormalizeWhitespace()])"
