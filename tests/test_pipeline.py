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
                r"pipeline.toml:6: \[\[pass\]\] #2: pass 'normalize-unicode' has no option 'from'; its options: form",
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


class TestInputTypes:
    """Wrong input types are TypeErrors naming the argument."""

    @pytest.mark.parametrize("value", [None, b"bytes", 3])
    def test_text_must_be_a_str(self, value: object) -> None:
        with pytest.raises(TypeError, match=r"text must be a str, not "):
            clean(value)  # type: ignore[arg-type]
        with pytest.raises(TypeError, match=r"text must be a str"):
            Pipeline.from_preset()(value)  # type: ignore[arg-type]
        with pytest.raises(TypeError, match=r"text must be a str"):
            Pipeline.from_preset().run(value)  # type: ignore[arg-type]

    def test_passes_as_one_string(self) -> None:
        assert clean("The cafÃ©  is\n", passes="fix-encoding") == "The café  is\n"
        assert clean("The cafÃ©  is\n", passes="fix-encoding, normalize-whitespace") == "The café is\n"
        assert Pipeline("fix-encoding,normalize-whitespace").names == ("fix-encoding", "normalize-whitespace")
        with pytest.raises(ConfigError, match="single commas"):
            clean("x", passes="fix-encoding,,normalize-whitespace")

    def test_plain_callable_is_an_anonymous_pass(self) -> None:
        from cleantext.registry import CallablePass
        from cleantext.testing import assert_contract

        p = Pipeline(["fix-encoding", str.strip])
        assert p.names == ("fix-encoding", "strip")
        assert p("  cafÃ©  ") == "café"
        assert isinstance(p.passes[1], CallablePass)
        assert pickle.loads(pickle.dumps(p)) == p
        result = p.run("  x  ", offsets=True)
        assert [(c.pass_name, c.before) for c in result.changes] == [("strip", "  "), ("strip", "  ")]
        assert_contract(p.passes[1], max_examples=20)
        assert_contract(p, max_examples=20)

    def test_a_callable_that_returns_no_str_is_refused(self) -> None:
        with pytest.raises(TypeError, match="returned int"):
            Pipeline([len])("text")  # type: ignore[list-item]

    def test_frames_take_preset_names(self) -> None:
        pd = pytest.importorskip("pandas")
        from cleantext.frames import clean_series

        s = pd.Series(["cafÃ©  au lait", "fine"], name="t")
        assert list(clean_series(s, "encoding")) == ["café au lait", "fine"]
        assert list(clean_series(s, ["fix-encoding"])) == ["café  au lait", "fine"]

    def test_one_coercion_for_the_integrations(self) -> None:
        from cleantext.pipeline import as_pipeline

        assert as_pipeline(None) == Pipeline.from_preset("news")
        assert as_pipeline("encoding").names == ("fix-encoding", "normalize-unicode", "normalize-whitespace")
        assert as_pipeline(["fix-encoding"]).names == ("fix-encoding",)
        with pytest.raises(TypeError, match="pipeline must be"):
            as_pipeline(3)
        with pytest.raises(ConfigError, match="unknown preset"):
            as_pipeline("no-such-preset")


class TestConfigLimits:
    """Configuration cannot hurt: bounded numbers, bounded files, one-line errors."""

    @pytest.mark.parametrize("value", [10**9, 10**10, -1])
    def test_number_options_have_a_range(self, value: int) -> None:
        with pytest.raises(ConfigError, match=r"'normalize-whitespace', option 'max_blank_lines'.*from 0 to 1,000,000"):
            Pipeline.from_names(["normalize-whitespace"], {"normalize-whitespace": {"max_blank_lines": value}})

    def test_a_float_for_an_integer_option(self, tmp_path: Path) -> None:
        cfg = tmp_path / "c.toml"
        cfg.write_text('[[pass]]\nname = "normalize-whitespace"\nmax_blank_lines = 1e10\n', encoding="utf-8")
        with pytest.raises(ConfigError, match=r"c\.toml:3: .*max_blank_lines.*expected an integer"):
            Pipeline.from_toml(cfg)

    def test_deeply_nested_array(self, tmp_path: Path) -> None:
        cfg = tmp_path / "c.toml"
        cfg.write_text("x = " + "[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
        with pytest.raises(ConfigError, match=r"c\.toml: invalid TOML: arrays or tables nested too deeply"):
            Pipeline.from_toml(cfg)

    def test_huge_integer(self, tmp_path: Path) -> None:
        cfg = tmp_path / "c.toml"
        cfg.write_text("x = " + "9" * 5000 + "\n", encoding="utf-8")
        with pytest.raises(ConfigError, match=r"c\.toml: invalid TOML: a number too long"):
            Pipeline.from_toml(cfg)

    def test_not_a_regular_file(self) -> None:
        with pytest.raises(ConfigError, match=r"/dev/urandom: cannot read config: not a regular file"):
            Pipeline.from_toml("/dev/urandom")

    def test_too_large(self, tmp_path: Path) -> None:
        cfg = tmp_path / "big.toml"
        with cfg.open("wb") as f:
            f.truncate(11 * 1024 * 1024)  # sparse: nothing is written or read
        with pytest.raises(ConfigError, match=r"big\.toml: cannot read config: larger than 10 MB"):
            Pipeline.from_toml(cfg)

    def test_binary_file(self, tmp_path: Path) -> None:
        cfg = tmp_path / "c.toml"
        cfg.write_bytes(b"name = 1\x00\x01\x02")
        with pytest.raises(ConfigError, match="not a text file"):
            Pipeline.from_toml(cfg)

    def test_errors_do_not_quote_the_file(self, tmp_path: Path) -> None:
        cfg = tmp_path / "c.toml"
        cfg.write_text("root:$6$secret-hash:19000:0:99999:7:::\n", encoding="utf-8")
        with pytest.raises(ConfigError) as info:
            Pipeline.from_toml(cfg)
        assert "secret" not in str(info.value) and "c.toml" in str(info.value)
        assert "\n" not in str(info.value)

    def test_name_table_errors_do_not_quote_the_file(self, tmp_path: Path) -> None:
        from cleantext.passes.names import NormalizeNames

        table = tmp_path / "shadow"
        table.write_text("root:$6$secret-hash:19000:0:99999:7:::\n", encoding="utf-8")
        with pytest.raises(ConfigError, match=r"shadow:1: expected") as info:
            NormalizeNames(tables=(str(table),))
        assert "secret" not in str(info.value)
        with pytest.raises(ConfigError, match="not a regular file"):
            NormalizeNames(tables=("/dev/urandom",))


class TestCounting:
    """run(located=False): changes for counting, without placing them."""

    RAW = "Advertisement\nThe cafÃ©  is open.\nKiev and Zelenskiy met.\nIt rose. Then it fell and\n"

    def test_same_passes_reasons_and_text_as_a_located_run(self) -> None:
        p = Pipeline.from_preset()
        counted = p.run(self.RAW, located=False)
        located = p.run(self.RAW)
        assert counted.text == located.text == p(self.RAW)
        assert counted.offsets is None

        def groups(changes: list) -> set[tuple[str, str | None]]:
            return {(c.pass_name, c.reason) for c in changes}

        assert groups(counted.changes) == groups(located.changes)
        removed = [c.before for c in counted.changes if c.kind == "line-removed"]
        assert removed == ["Advertisement\n"]

    def test_a_pass_known_by_its_output_is_counted_by_line(self) -> None:
        result = Pipeline(["fix-encoding", "normalize-whitespace"]).run(
            "a  b\nc\u00c3\u00a9  d\n\n\n\ne\n", located=False
        )
        assert [(c.pass_name, c.kind, c.line) for c in result.changes] == [
            ("fix-encoding", "span-replaced", 2),
            ("normalize-whitespace", "span-replaced", 1),
            ("normalize-whitespace", "span-replaced", 2),
            ("normalize-whitespace", "line-removed", 3),
            ("normalize-whitespace", "line-removed", 4),
        ]

    def test_offsets_need_located_changes(self) -> None:
        with pytest.raises(ValueError, match="offsets=True needs located=True"):
            Pipeline.from_preset().run("x", offsets=True, located=False)
