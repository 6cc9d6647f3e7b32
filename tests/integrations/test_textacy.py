"""textacy's preprocessing functions as passes: names, options, the
idempotence verdicts, lazy import, and the error when textacy is missing.
The registry-wide property tests (test_properties.py) cover these passes too,
since ``list_passes()`` includes them when textacy is installed."""

from __future__ import annotations

import pickle
import re
import subprocess
import sys
from pathlib import Path

import pytest

from cleantext.cli import main
from cleantext.errors import ConfigError, MissingDependencyError, MissingExtraError
from cleantext.pipeline import Pipeline
from cleantext.registry import list_passes, make_pass, pass_origin
from cleantext.testing import assert_idempotent, assert_total, markup_text
from cleantext.textacy import FUNCTIONS

ROOT = Path(__file__).resolve().parents[2]
NAMES = [f"textacy.{f}" for f in FUNCTIONS]
NOT_IDEMPOTENT = [f"textacy.{f}" for f, spec in FUNCTIONS.items() if not spec.idempotent]


def raw(name: str):
    """The textacy function itself."""
    import importlib

    module, attr = name.removeprefix("textacy.").rsplit(".", 1)
    return getattr(importlib.import_module(f"textacy.preprocessing.{module}"), attr)


class TestNames:
    def test_every_preprocessing_function_is_exposed(self) -> None:
        """The table covers every public function of the three modules, so a
        new textacy function is noticed."""
        import inspect

        exposed = set()
        for module in ("normalize", "remove", "replace"):
            mod = __import__(f"textacy.preprocessing.{module}", fromlist=["_"])
            exposed |= {
                f"{module}.{n}"
                for n, f in vars(mod).items()
                if inspect.isfunction(f) and f.__module__ == mod.__name__ and not n.startswith("_")
            }
        assert exposed == set(FUNCTIONS)

    def test_listed_with_their_origin(self) -> None:
        passes = list_passes()
        assert set(NAMES) <= set(passes)
        assert {pass_origin(n) for n in NAMES} == {"textacy"}

    def test_list_passes_on_the_command_line(self, capsysbinary) -> None:
        assert main(["--list-passes"]) == 0
        out = capsysbinary.readouterr().out.decode()
        line = next(x for x in out.splitlines() if x.startswith("textacy.replace.urls "))
        assert "Replace URLs with a placeholder." in line and line.endswith("[from textacy]")

    def test_unknown_textacy_name_lists_the_valid_ones(self) -> None:
        with pytest.raises(ConfigError, match=r"unknown pass 'textacy.replace.url'; textacy passes: .*replace\.urls"):
            make_pass("textacy.replace.url")

    def test_registered_names_stay_kebab_case(self) -> None:
        from cleantext.registry import register

        with pytest.raises(ConfigError, match="kebab-case"):
            register("textacy.replace.mine")(lambda text: text)


@pytest.mark.parametrize(
    ("name", "options", "text_in", "text_out"),
    [
        ("textacy.normalize.bullet_points", {}, "\u2022 one\n\u2022 two\n", "- one\n- two\n"),
        ("textacy.normalize.bullet_points", {}, "a \u2022 b\n", "a \u2022 b\n"),
        ("textacy.normalize.hyphenated_words", {}, "inter-\nnational news", "international news"),
        ("textacy.normalize.hyphenated_words", {}, "inter-\nnation- al", "international"),
        ("textacy.normalize.hyphenated_words", {}, "a well-known fact", "a well-known fact"),
        ("textacy.normalize.quotation_marks", {}, "“It’s”", '"It\'s"'),
        ("textacy.normalize.repeating_chars", {}, "Wow!!!! Really...", "Wow! Really..."),
        ("textacy.normalize.repeating_chars", {"chars": ".", "maxn": 3}, "Wait.......", "Wait..."),
        ("textacy.normalize.unicode", {"form": "NFKC"}, "ﬁne ①", "fine 1"),
        ("textacy.normalize.whitespace", {}, "  a\u200b\u00a0b\r\n\r\nc  ", "a b\nc"),
        ("textacy.remove.accents", {}, "café Zürich", "cafe Zurich"),
        ("textacy.remove.accents", {}, "plain text", "plain text"),
        ("textacy.remove.brackets", {}, "Putin (pictured) said [1]", "Putin  said "),
        ("textacy.remove.brackets", {}, "(see (p. 2)) done", " done"),
        ("textacy.remove.brackets", {"only": "square"}, "a (b) [c]", "a (b) "),
        ("textacy.remove.brackets", {"only": ["round", "curly"]}, "a (b) [c] {d}", "a  [c] "),
        ("textacy.remove.html_tags", {}, "<p>Hello <b>world</b></p>", "Hello world"),
        ("textacy.remove.html_tags", {}, "&amp;lt;b&amp;gt;bold", "bold"),
        ("textacy.remove.html_tags", {}, "no markup here", "no markup here"),
        ("textacy.remove.punctuation", {}, "Hi, there!", "Hi  there "),
        ("textacy.remove.punctuation", {"only": [","]}, "Hi, there!", "Hi  there!"),
        ("textacy.replace.currency_symbols", {}, "$5 or €4", "_CUR_5 or _CUR_4"),
        ("textacy.replace.emails", {}, "mail me@example.org now", "mail _EMAIL_ now"),
        ("textacy.replace.emails", {}, "an @ sign", "an @ sign"),
        ("textacy.replace.emojis", {"repl": ""}, "Great \U0001f389 news", "Great  news"),
        ("textacy.replace.hashtags", {}, "Vote #Election2022", "Vote _TAG_"),
        ("textacy.replace.numbers", {"repl": "N"}, "In 2022, 1,500 people", "In N, N people"),
        ("textacy.replace.phone_numbers", {}, "Call 555-123-4567.", "Call _PHONE_."),
        ("textacy.replace.urls", {}, "See https://example.com/a?b=1 now", "See _URL_ now"),
        ("textacy.replace.urls", {"repl": "<url>"}, "at www.example.com.", "at <url>."),
        ("textacy.replace.urls", {}, "the end.Next sentence", "the end.Next sentence"),
        ("textacy.replace.user_handles", {}, "thanks @reuters", "thanks _USER_"),
    ],
)
def test_textacy_pass(name: str, options: dict[str, object], text_in: str, text_out: str) -> None:
    """Each function, by name and with its options, as textacy documents it;
    negative rows must come out unchanged."""
    p = make_pass(name, options)
    assert p(text_in) == text_out
    assert p(text_out) == text_out


class TestVerdicts:
    """The table's idempotence verdicts are true of the textacy installed,
    and the passes keep the contract either way."""

    @pytest.mark.parametrize("name", NOT_IDEMPOTENT)
    def test_counterexample_shows_the_function_is_not_idempotent(self, name: str) -> None:
        """The counterexample in the table still breaks textacy's function
        (if textacy fixes it, this fails: update the verdict)."""
        example = re.search(r"'(.*?)' -> '(.*?)' -> '(.*?)'", FUNCTIONS[name.removeprefix("textacy.")].verdict)
        assert example is not None
        text, once, twice = (s.encode().decode("unicode_escape") for s in example.groups())
        f = raw(name)
        assert (f(text), f(f(text))) == (once, twice)
        p = make_pass(name)
        assert p(text) == twice and p(p(text)) == twice

    @pytest.mark.parametrize("name", NOT_IDEMPOTENT)
    def test_property_test_catches_the_raw_function(self, name: str) -> None:
        """cleantext.testing finds the raw function's failure, so it would
        find it in a pass that did not run the function to a fixed point."""
        # A random search: give it ten tries of 1,000 examples each, so a
        # rare miss does not fail the suite while a strategy that cannot
        # reach the failure still does. (One try of markup_text() reaches
        # replace.emails' failure about 7 times in 10: three tries still
        # missed it in about one run of the suite in 40.)
        for _ in range(10):
            try:
                assert_idempotent(raw(name), markup_text(), max_examples=1000)
            except AssertionError as exc:
                assert "not idempotent" in str(exc)
                return
        pytest.fail(f"markup_text() did not reach {name}'s known failure in 10,000 examples")

    @pytest.mark.parametrize("name", NAMES)
    def test_pass_is_idempotent_on_markup(self, name: str) -> None:
        assert_idempotent(make_pass(name), markup_text(), max_examples=200)

    @pytest.mark.parametrize("name", NAMES)
    def test_pass_is_total_on_markup(self, name: str) -> None:
        assert_total(make_pass(name), markup_text(), max_examples=100)

    @pytest.mark.parametrize(
        ("name", "options"),
        [
            ("textacy.normalize.repeating_chars", {"chars": "ab", "maxn": 1}),
            ("textacy.normalize.repeating_chars", {"chars": "-", "maxn": 2}),
            ("textacy.remove.brackets", {"only": "round"}),
            ("textacy.remove.punctuation", {"only": ["(", "&", "-"]}),
            ("textacy.replace.urls", {"repl": "[link]"}),
            ("textacy.replace.numbers", {"repl": ""}),
        ],
    )
    def test_free_form_options_keep_the_contract(self, name: str, options: dict[str, object]) -> None:
        """Options the property suite does not vary (strings, lists)."""
        p = make_pass(name, options)
        assert_idempotent(p, max_examples=100)
        assert_idempotent(p, markup_text(), max_examples=100)

    def test_nested_text_settles_however_deep(self) -> None:
        """Each round of html_tags unescapes one level of '&amp;'; the pass
        runs until nothing changes, so HTML escaped 30 times over is fully
        cleaned (no round limit to fall short of)."""

        def nested(levels: int) -> str:
            text = "&lt;b&gt;x"
            for _ in range(levels):
                text = text.replace("&", "&amp;")
            return text

        p = make_pass("textacy.remove.html_tags")
        for levels in (0, 8, 9, 30):
            assert p(nested(levels)) == "x"
        assert make_pass("textacy.remove.brackets")("a" + "(" * 40 + "b" + ")" * 40 + "c") == "ac"

    @pytest.mark.parametrize(
        ("name", "text", "expected"),
        [
            ("textacy.replace.hashtags", "#ab#ab#ab tail", " tail"),
            ("textacy.replace.numbers", ".1.1 and 2", " and "),
            ("textacy.replace.user_handles", "@2@2@2 hi", " hi"),
            ("textacy.replace.numbers", '"version": "2019.0.4"', '"version": "……"'),
        ],
    )
    def test_unblocking_repl_runs_to_a_fixed_point(self, name: str, text: str, expected: str) -> None:
        """With repl="" a replace function deletes what it finds, which can
        uncover a match it did not see ("#ab#ab" -> "#ab" -> ""), and "…"
        after a number lets the next one match: the pass replaces until
        nothing more is found, so a second run changes nothing."""
        p = make_pass(name, {"repl": "…" if "…" in expected else ""})
        once = p(text)
        assert p(once) == once
        assert once == expected
        assert not p.settles_in_one_step
        assert make_pass(name).settles_in_one_step

    def test_long_words_are_left_alone(self) -> None:
        """Patterns quadratic in a word's length skip words over longest_token."""
        blob = "A" * 5000 + ".com/" + "b" * 100
        text = f"see http://example.com {blob} and mail a@b.org"
        assert make_pass("textacy.replace.urls")(text) == f"see _URL_ {blob} and mail a@b.org"
        assert make_pass("textacy.replace.emails")(text) == text.replace("a@b.org", "_EMAIL_")
        short = make_pass("textacy.replace.urls", {"longest_token": 10})
        assert short("see http://example.com") == "see http://example.com"
        assert short("see www.ab.com") == "see _URL_"

    @pytest.mark.parametrize(
        ("options", "message"),
        [
            ({"repl": "http://x.com"}, "option 'repl': 'http://x.com' would itself be replaced"),
            ({"repl": 5}, "option 'repl': expected a string"),
            ({"longest_token": 0}, "longest_token 1 or more"),
            ({"rep": "x"}, "has no option 'rep'; its options: repl"),
        ],
    )
    def test_bad_options(self, options: dict[str, object], message: str) -> None:
        with pytest.raises(ConfigError, match=re.escape(message)):
            make_pass("textacy.replace.urls", options)

    def test_repeating_chars_needs_chars(self) -> None:
        with pytest.raises(ConfigError, match="option 'chars'"):
            make_pass("textacy.normalize.repeating_chars", {"chars": ""})


class TestUse:
    def test_pipeline_pickles_and_keeps_options(self) -> None:
        p = Pipeline([make_pass("textacy.replace.urls", {"repl": "<u>"}), "textacy.normalize.quotation_marks"])
        q = pickle.loads(pickle.dumps(p))
        assert q == p
        assert q("“see” www.example.com") == '"see" <u>'
        assert repr(q) == "Pipeline([TextacyReplaceUrls(repl='<u>'), TextacyNormalizeQuotationMarks()])"

    def test_run_reports_changes(self) -> None:
        result = Pipeline(["textacy.replace.urls"]).run("a\nsee http://a.com\n")
        assert [(c.pass_name, c.kind, c.before, c.after, c.line) for c in result.changes] == [
            ("textacy.replace.urls", "span-replaced", "http://a.com", "_URL_", 2)
        ]

    def test_toml_config_with_options(self, tmp_path: Path) -> None:
        cfg = tmp_path / "c.toml"
        cfg.write_text(
            '[[pass]]\nname = "fix-encoding"\n\n[[pass]]\nname = "textacy.replace.urls"\nrepl = "<link>"\n'
            '\n[[pass]]\nname = "textacy.remove.brackets"\nonly = ["square"]\n',
            encoding="utf-8",
        )
        p = Pipeline.from_toml(cfg)
        assert p.names == ("fix-encoding", "textacy.replace.urls", "textacy.remove.brackets")
        assert p("Itâ€™s at http://a.com [1]") == "It’s at <link> "

    def test_toml_bad_option_names_the_pass(self, tmp_path: Path) -> None:
        cfg = tmp_path / "c.toml"
        cfg.write_text('[[pass]]\nname = "textacy.replace.urls"\nrepl = 1\n', encoding="utf-8")
        with pytest.raises(ConfigError, match=r"c.toml:3: \[\[pass\]\] #1: pass 'textacy.replace.urls', option 'repl'"):
            Pipeline.from_toml(cfg)

    def test_preset_options_and_skip(self) -> None:
        p = Pipeline(["fix-encoding", "textacy.replace.urls"]).with_options({"textacy.replace.urls": {"repl": "U"}})
        assert p("x http://a.com") == "x U"
        assert p.without("textacy.replace.urls").names == ("fix-encoding",)

    def test_command_line_passes(self, capsysbinary, stdin) -> None:
        stdin(b"see   http://a.com\n")
        code = main(["--passes", "textacy.replace.urls,normalize-whitespace"])
        out, err = capsysbinary.readouterr()
        assert (code, out, err) == (0, b"see _URL_\n", b"")


class TestLazyImport:
    def run_python(self, code: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False, cwd=ROOT)

    def test_listing_and_help_do_not_import_textacy(self) -> None:
        code = (
            "import sys, io, contextlib\n"
            "from cleantext.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()) as out:\n"
            "    main(['--list-passes'])\n"
            "assert 'textacy.replace.urls' in out.getvalue()\n"
            "from cleantext.registry import pass_class\n"
            "pass_class('textacy.replace.urls')\n"
            "print(sorted(m for m in ('textacy', 'spacy') if m in sys.modules))\n"
        )
        proc = self.run_python(code)
        assert proc.stdout.strip() == "[]", proc.stderr

    def test_building_a_pass_imports_textacy(self) -> None:
        """Building the pass runs textacy's import (stopped there: importing
        textacy itself takes seconds and proves nothing more)."""
        proc = self.run_python(
            "import importlib.machinery, sys\n"
            "class Watch:\n"
            "    def find_spec(self, name, path=None, target=None):\n"
            "        if name != 'textacy':\n"
            "            return None\n"
            "        spec = importlib.machinery.PathFinder.find_spec(name, path)\n"
            "        def stop(module):\n"
            "            print('importing textacy', flush=True)\n"
            "            raise ImportError('stopped')\n"
            "        spec.loader.exec_module = stop\n"
            "        return spec\n"
            "sys.meta_path.insert(0, Watch())\n"
            "from cleantext.registry import list_passes, make_pass\n"
            "assert 'textacy.replace.urls' in list_passes()\n"
            "print('listed', flush=True)\n"
            "try:\n"
            "    make_pass('textacy.replace.urls')\n"
            "except ImportError:\n"
            "    pass\n"
        )
        assert proc.stdout.splitlines() == ["listed", "importing textacy"], proc.stderr

    def test_missing_textacy_gives_the_install_command(self) -> None:
        """Without textacy, building the pass fails with the pip command, on
        the command line with exit status 2; other passes still work."""
        code = (
            "import sys\n"
            "sys.modules['textacy'] = None  # as if it were not installed\n"
            "from cleantext.cli import main\n"
            "from cleantext.registry import list_passes, make_pass\n"
            "from cleantext.errors import MissingExtraError\n"
            "assert not any(n.startswith('textacy.') for n in list_passes())\n"
            "try:\n"
            "    make_pass('textacy.replace.urls')\n"
            "except MissingExtraError as exc:\n"
            "    print(exc)\n"
            "sys.exit(main(['--passes', 'textacy.replace.urls', '/dev/null']))\n"
        )
        proc = self.run_python(code)
        message = "pass 'textacy.replace.urls' needs textacy; install it with: pip install 'cleantext-news[textacy]'"
        assert proc.stdout.strip() == message
        assert proc.returncode == 2
        assert proc.stderr.strip() == f"cleantext: {message}"

    def test_missing_extra_is_both_kinds_of_error(self) -> None:
        assert issubclass(MissingExtraError, ConfigError)
        assert issubclass(MissingExtraError, MissingDependencyError)
        assert issubclass(MissingExtraError, ImportError)


def test_docs_list_every_function_with_its_verdict() -> None:
    """docs/textacy.md has one row per function, with the table's verdict."""
    doc = (ROOT / "docs" / "textacy.md").read_text(encoding="utf-8")
    rows = {m.group(1): m.group(2) for m in re.finditer(r"^\| `textacy\.([a-z_.]+)` \| ([^|]+) \|", doc, re.M)}
    assert set(rows) == set(FUNCTIONS)
    for function, spec in FUNCTIONS.items():
        expected = "idempotent" if spec.idempotent else "**not idempotent**"
        assert rows[function].strip() == expected, function
