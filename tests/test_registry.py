"""The pass registry: registering, building, validating, pickling."""

from __future__ import annotations

import pickle
from dataclasses import dataclass
from typing import Literal

import pytest

from cleantext.errors import ConfigError
from cleantext.registry import LinePass, Pass, get_pass, list_passes, make_pass, option, register, unregister


@register("shout-text")
@dataclass(frozen=True, kw_only=True)
class ShoutText(Pass):
    """Upper-case the text (a test pass)."""

    mark: Literal["", "!"] = option("", "most text is not shouting")
    times: int = option(1, "once is enough")

    def __call__(self, text: str) -> str:
        return text.upper() + self.mark * self.times


@register("drop-hash-lines")
@dataclass(frozen=True, kw_only=True)
class DropHashLines(LinePass):
    """Drop lines starting with '#' (a test pass)."""

    def judge(self, lines):
        return {i: "comment line" for i, line in enumerate(lines) if line.startswith("#")}


@register
def lower_text(text: str, *, keep_first: bool = False) -> str:
    """Lower-case the text (a test pass made from a function)."""
    return text[:1] + text[1:].lower() if keep_first else text.lower()


@pytest.fixture(scope="module", autouse=True)
def _cleanup():
    yield
    for name in ("shout-text", "drop-hash-lines", "lower-text"):
        unregister(name)


class TestRegister:
    def test_class_is_registered_under_its_name(self) -> None:
        assert list_passes()["shout-text"] is ShoutText
        assert ShoutText.name == "shout-text"

    def test_function_becomes_a_pass_with_keyword_options(self) -> None:
        p = make_pass("lower-text", {"keep_first": True})
        assert p("HELLO") == "Hello"
        assert isinstance(p, Pass)
        assert p.name == "lower-text"
        assert lower_text.options() == {"keep_first": (False, "")}

    def test_summary_is_the_first_docstring_line(self) -> None:
        assert ShoutText.summary() == "Upper-case the text (a test pass)."
        assert list_passes()["lower-text"].summary() == "Lower-case the text (a test pass made from a function)."

    @pytest.mark.parametrize("bad", ["Strip_Captions", "strip captions", "", "strip.captions", "-x"])
    def test_names_must_be_kebab_case(self, bad: str) -> None:
        with pytest.raises(ConfigError, match="kebab-case"):
            register(bad)

    def test_a_name_cannot_be_taken_twice(self) -> None:
        with pytest.raises(ConfigError, match="already registered"):

            @register("shout-text")
            def other(text: str) -> str:
                return text

    def test_replace_overrides(self) -> None:
        @register("shout-text", replace=True)
        @dataclass(frozen=True, kw_only=True)
        class Quiet(Pass):
            """Quiet."""

            def __call__(self, text: str) -> str:
                return text

        try:
            assert make_pass("shout-text")("a") == "a"
        finally:
            register("shout-text", replace=True)(ShoutText)

    def test_function_options_must_be_keyword_only(self) -> None:
        with pytest.raises(TypeError, match="keyword-only"):

            @register("bad-options")
            def bad(text: str, strict: bool = False) -> str:
                return text

    def test_class_must_be_a_dataclass_pass(self) -> None:
        with pytest.raises(TypeError, match="dataclass"):

            @register("not-dataclass")
            class NotDataclass(Pass):
                pass

        with pytest.raises(TypeError, match="subclass"):
            register("not-pass")(dict)


class TestBuild:
    def test_unknown_pass_lists_valid_ones(self) -> None:
        with pytest.raises(ConfigError, match=r"unknown pass 'fix-encodng'; valid passes: .*fix-encoding"):
            make_pass("fix-encodng")

    def test_unknown_option_lists_valid_ones(self) -> None:
        with pytest.raises(ConfigError, match=r"no option 'colour'; its options: mark \(default ''\), times"):
            make_pass("shout-text", {"colour": "red"})

    @pytest.mark.parametrize(
        ("options", "message"),
        [
            ({"mark": "?"}, r"option 'mark': expected one of '', '!', got '\?'"),
            ({"times": "2"}, "option 'times': expected an integer"),
            ({"times": True}, "option 'times': expected an integer"),
        ],
    )
    def test_wrong_types_name_pass_and_option(self, options, message) -> None:
        with pytest.raises(ConfigError, match=message):
            make_pass("shout-text", options)

    def test_direct_construction_is_validated_too(self) -> None:
        with pytest.raises(ConfigError, match="shout-text"):
            ShoutText(times=1.5)  # type: ignore[arg-type]

    def test_options_are_keyword_only(self) -> None:
        with pytest.raises(TypeError):
            ShoutText("!")  # type: ignore[misc]

    def test_get_pass_takes_keywords(self) -> None:
        assert get_pass("normalize-unicode", form="NFKC")("ﬁ") == "fi"

    def test_option_defaults_must_be_immutable(self) -> None:
        with pytest.raises(TypeError, match="immutable"):
            option([], "lists are shared between instances")


class TestPassObjects:
    @pytest.mark.parametrize("name", sorted(list_passes()))
    def test_every_pass_pickles(self, name: str) -> None:
        p = make_pass(name)
        p("warm up any cached state\n")
        clone = pickle.loads(pickle.dumps(p))
        assert clone == p
        assert clone("text  here\n") == p("text  here\n")

    def test_function_pass_pickles(self) -> None:
        p = make_pass("lower-text", {"keep_first": True})
        assert pickle.loads(pickle.dumps(p))("ABC") == "Abc"

    def test_repr_shows_only_changed_options(self) -> None:
        assert repr(ShoutText()) == "ShoutText()"
        assert repr(ShoutText(mark="!")) == "ShoutText(mark='!')"

    def test_passes_are_frozen(self) -> None:
        p = ShoutText()
        with pytest.raises(AttributeError):
            p.mark = "!"  # type: ignore[misc]

    @pytest.mark.parametrize("name", sorted(list_passes()))
    def test_every_pass_is_documented(self, name: str) -> None:
        cls = list_passes()[name]
        assert cls.summary(), f"{name} has no docstring summary"
        if cls.__module__.startswith("cleantext."):
            assert ">>>" in (cls.__doc__ or ""), f"{name} has no doctest example"
            for option_name, (_, why) in cls.options().items():
                assert why, f"{name}: option {option_name} has no reason for its default"


class TestLinePass:
    def test_removes_lines_with_reasons(self) -> None:
        p = DropHashLines()
        text = "keep\n# drop\nkeep too\r\n"
        out, changes = p.apply(text)
        assert out == "keep\nkeep too\r\n"
        assert [(c.kind, c.before, c.reason, c.line) for c in changes] == [
            ("line-removed", "# drop\n", "comment line", 2)
        ]
        assert p(text) == out

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("a\n\n# x\n\nb\n", "a\n\nb\n"),
            ("# x\n\na\n", "a\n"),
            ("a\n\n# x\n", "a\n"),
            ("a\n# x\nb\n", "a\nb\n"),
            ("a\n\n# x\n# y\n\nb\n", "a\n\nb\n"),
            ("a\n\n\n# x\n\nb", "a\n\n\nb"),
            ("# only", ""),
            ("no hash\n", "no hash\n"),
        ],
    )
    def test_no_double_gap_is_left(self, text: str, expected: str) -> None:
        assert DropHashLines()(text) == expected


class TestBuiltinNames:
    def test_a_builtin_name_cannot_be_taken(self) -> None:
        """Not even with replace=True, and whatever was imported first."""

        with pytest.raises(ConfigError, match="'fix-encoding' is a built-in pass"):

            @register("fix-encoding", replace=True)
            def fix_encoding(text: str) -> str:
                return text

        from cleantext.passes.encoding import FixEncoding
        from cleantext.registry import pass_class

        assert pass_class("fix-encoding") is FixEncoding

    def test_number_options_have_a_range(self) -> None:
        with pytest.raises(ConfigError, match=r"option 'times': 2000000 is out of range: give a number from 0 to"):
            ShoutText(times=2_000_000)
        assert ShoutText.option_range("times") == (0, 1_000_000)
        assert ShoutText.option_range("mark") is None

    def test_declared_bounds(self) -> None:
        @register("repeat-text")
        @dataclass(frozen=True, kw_only=True)
        class RepeatText(Pass):
            """Repeat the text (a test pass)."""

            times: int = option(1, "once", bounds=(1, 3))

            def __call__(self, text: str) -> str:
                return text

        try:
            with pytest.raises(ConfigError, match="from 1 to 3"):
                RepeatText(times=4)
            with pytest.raises(ConfigError, match="from 1 to 3"):
                RepeatText(times=0)
            assert RepeatText(times=3).times == 3
        finally:
            unregister("repeat-text")


class TestBuiltinDiscovery:
    def test_a_new_module_in_passes_is_found_without_being_listed(self, tmp_path, monkeypatch, capsys) -> None:
        """A built-in pass is one file under cleantext/passes/: it shows up in
        list_passes, pipelines and --list-passes, and keeps the contract."""
        import sys

        import cleantext.passes
        from cleantext import Pipeline, registry
        from cleantext.cli import main
        from cleantext.testing import assert_contract

        (tmp_path / "shouting_demo.py").write_text(
            "from cleantext.registry import register\n\n\n"
            '@register("lower-shouting-demo")\n'
            "def lower_shouting_demo(text: str) -> str:\n"
            '    """Lower-case a line written in capitals: "STOP" -> "stop"."""\n'
            '    return "".join(line.lower() if line.isupper() else line for line in text.splitlines(keepends=True))\n',
            encoding="utf-8",
        )
        monkeypatch.setattr(cleantext.passes, "__path__", [*cleantext.passes.__path__, str(tmp_path)])
        monkeypatch.setattr(registry, "_BUILTINS_LOADED", False)
        try:
            assert "cleantext.passes.shouting_demo" in registry.builtin_modules()
            assert "lower-shouting-demo" in registry.list_passes()
            assert registry.pass_origin("lower-shouting-demo") == "cleantext"
            assert Pipeline(["lower-shouting-demo"])("STOP\nGo on.\n") == "stop\nGo on.\n"
            assert_contract(registry.get_pass("lower-shouting-demo"), max_examples=20)
            assert main(["--list-passes"]) == 0
            assert "lower-shouting-demo" in capsys.readouterr().out
        finally:
            registry.unregister("lower-shouting-demo")
            sys.modules.pop("cleantext.passes.shouting_demo", None)
