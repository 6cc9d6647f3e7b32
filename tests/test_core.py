"""The contract in :mod:`cleantext.core`: reasons carry a code that reports
count by, and a ConfigError carries its option, value, file and line as
fields, so no caller reads them back out of the message."""

from __future__ import annotations

import pickle
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

import pytest

import cleantext
from cleantext import Pipeline
from cleantext.core import BLANK_LINE_LEFT, Change, ConfigError, LinePass, Pass, Reason
from cleantext.reports import Stats, reject_rows


@dataclass(frozen=True, kw_only=True)
class DropTagged(LinePass):
    """Drop lines that start with "AD:" (a pass for these tests)."""

    name: ClassVar[str] = "drop-tagged-core"

    def judge(self, lines: Sequence[str]) -> Mapping[int, str]:
        return {i: Reason(f"tagged line {line!r}", "tagged-line") for i, line in enumerate(lines) if line[:3] == "AD:"}


@dataclass(frozen=True, kw_only=True)
class DropTaggedPlain(DropTagged):
    """The same, with plain string reasons."""

    name: ClassVar[str] = "drop-tagged-plain-core"

    def judge(self, lines: Sequence[str]) -> Mapping[int, str]:
        return {i: str(why) for i, why in super().judge(lines).items()}


TEXT = "One.\n\nAD: buy now\n\nTwo.\nAD: and again\n"


class TestReasonCodes:
    def test_a_code_reaches_the_changes_of_a_run(self) -> None:
        changes = Pipeline([DropTagged()]).run(TEXT).changes
        assert [(c.code, c.reason) for c in changes] == [
            ("tagged-line", "tagged line 'AD: buy now'"),
            (BLANK_LINE_LEFT, "blank line left by the removal above"),
            ("tagged-line", "tagged line 'AD: and again'"),
        ]

    def test_stats_count_by_the_code_for_programs(self) -> None:
        """Two reasons with different details are one count under their code;
        people still read them by their text."""
        run = Pipeline([DropTagged()]).run(TEXT)
        stats = Stats()
        stats.add(TEXT, run.text, run.changes)
        assert stats.per_code[("drop-tagged-core", "tagged-line")].changes == 2
        assert stats.per_code[("drop-tagged-core", BLANK_LINE_LEFT)].changes == 1
        codes = stats.to_json()["passes"]["drop-tagged-core"]["codes"]
        assert {k: v["changes"] for k, v in codes.items()} == {"tagged-line": 2, BLANK_LINE_LEFT: 1}
        assert ("drop-tagged-core", "tagged line") in stats.per_reason

    def test_codes_merge_across_workers(self) -> None:
        run = Pipeline([DropTagged()]).run(TEXT)
        one, two, both = Stats(), Stats(), Stats()
        one.add(TEXT, run.text, run.changes)
        two.add(TEXT, run.text, run.changes)
        both.add(TEXT, run.text, run.changes)
        both.add(TEXT, run.text, run.changes)
        one.merge(two)
        assert one.to_json() == both.to_json()

    def test_plain_reasons_have_no_code(self) -> None:
        run = Pipeline([DropTaggedPlain()]).run(TEXT)
        stats = Stats()
        stats.add(TEXT, run.text, run.changes)
        assert {c for _, c in stats.per_code} == {BLANK_LINE_LEFT}
        assert {r for _, r in stats.per_reason} == {"tagged line", "blank line left by the removal above"}

    def test_rejects_carry_the_code(self) -> None:
        rows = reject_rows(Pipeline([DropTagged()]).run(TEXT).changes, index=0)
        assert [row.get("code") for row in rows] == ["tagged-line", BLANK_LINE_LEFT, "tagged-line"]
        plain = reject_rows(Pipeline([DropTaggedPlain()]).run("AD: x\n").changes, index=0)
        assert "code" not in plain[0]

    def test_a_reason_survives_pickling_with_its_code(self) -> None:
        change = Pipeline([DropTagged()]).run(TEXT).changes[0]
        again = pickle.loads(pickle.dumps(change))
        assert again == change and again.code == "tagged-line" and isinstance(again.reason, Reason)

    def test_to_dict_adds_the_code_only_when_there_is_one(self) -> None:
        plain = Change("p", "line-removed", "x\n", "", "why", 1)
        assert "code" not in plain.to_dict()
        coded = Change("p", "line-removed", "x\n", "", Reason("why", "w"), 1)
        assert coded.to_dict()["code"] == "w" and type(coded.to_dict()["reason"]) is str

    def test_built_in_passes_give_codes(self) -> None:
        text = "Officials met on Monday to discuss the plan.\n\nThe deal, backed by Ian Wil… [+3427 chars]"
        changes = Pipeline(["repair-truncation"]).run(text).changes
        assert changes and all(c.code for c in changes), [str(c) for c in changes]


class TestConfigErrorFields:
    def test_a_bad_option_value(self) -> None:
        with pytest.raises(ConfigError) as caught:
            cleantext.get_pass("normalize-unicode", form="NFX")
        err = caught.value
        assert (err.pass_name, err.option, err.value, err.file, err.line) == (
            "normalize-unicode",
            "form",
            "NFX",
            None,
            None,
        )
        assert str(err).startswith("pass 'normalize-unicode', option 'form': ")

    def test_an_unknown_option(self) -> None:
        with pytest.raises(ConfigError) as caught:
            cleantext.get_pass("normalize-unicode", shape="NFC")
        assert (caught.value.pass_name, caught.value.option) == ("normalize-unicode", "shape")

    def test_a_check_of_a_pass_of_its_own(self) -> None:
        """A pass's own checks in __post_init__ give the fields too."""
        with pytest.raises(ConfigError) as caught:
            cleantext.get_pass("normalize-whitespace", max_blank_lines=-1)
        assert (caught.value.option, caught.value.value) == ("max_blank_lines", -1)

    def test_the_line_of_a_config_file(self, tmp_path: Path) -> None:
        config = tmp_path / "run.toml"
        config.write_text('preset = "encoding"\n\n[options.normalize-unicode]\n# the form\nform = "NFX"\n')
        with pytest.raises(ConfigError) as caught:
            Pipeline.from_toml(config)
        err = caught.value
        assert (err.option, err.line) == ("form", 5)
        assert str(err).startswith(f"{config}:5: pass 'normalize-unicode', option 'form'")

    def test_the_line_of_a_pass_table(self, tmp_path: Path) -> None:
        config = tmp_path / "run.toml"
        config.write_text('[[pass]]\nname = "fix-encoding"\n\n[[pass]]\nname = "normalize-unicode"\nform = 3\n')
        with pytest.raises(ConfigError) as caught:
            Pipeline.from_toml(config)
        assert (caught.value.option, caught.value.line, caught.value.value) == ("form", 6, 3)

    def test_at_and_pickling_keep_the_fields(self) -> None:
        err = ConfigError("pass 'x', option 'n': too big", pass_name="x", option="n", value=9).at("c.toml", 3)
        again = pickle.loads(pickle.dumps(err))
        assert type(again) is ConfigError and str(again) == "c.toml:3: pass 'x', option 'n': too big"
        assert again.fields() == {"pass_name": "x", "option": "n", "value": 9, "file": "c.toml", "line": 3}


class TestPassApply:
    def test_the_default_reports_one_exact_stretch(self) -> None:
        @dataclass(frozen=True, kw_only=True)
        class Swap(Pass):
            def __call__(self, text: str) -> str:
                return text.replace("colour", "color")

        text = "Keep.\nThe colour red.\nKeep.\n"
        out, (change,) = Swap().apply(text)
        assert out == "Keep.\nThe color red.\nKeep.\n"
        assert change.span is not None and text[change.span[0] : change.span[1]] == change.before
        assert text[: change.span[0]] + change.after + text[change.span[1] :] == out
        assert change.line == 2
        assert Swap().apply("nothing to do\n") == ("nothing to do\n", [])
