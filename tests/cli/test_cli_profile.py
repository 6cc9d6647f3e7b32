"""`cleantext --profile-by / --profile / --save-profile`: strip-repeated-lines
on the command line, learning a line profile per source from a first read of
a JSONL file and cleaning each record with its own source's profile."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from cleantext.cli import main
from cleantext.profile import Profile, learn_profile, learn_profile_jsonl, record_source

GAZETTE_MENU = "Home | World | Sport | Weather"
GAZETTE_FOOT = "The Gazette is printed in Springfield."
BLOG_HEAD = "My garden blog"
BLOG_FOOT = "Comments are closed."


def records() -> list[dict[str, object]]:
    """12 pages of a news site (by URL), 8 of a blog, one page without a URL.

    One blog post quotes the site's footer line once: it is the site's
    template, not the blog's, and must stay in that post."""
    out: list[dict[str, object]] = []
    for i in range(12):
        text = (
            f"{GAZETTE_MENU}\nCouncil votes on budget, day {i}\nThe council met for the {i}th time.\n{GAZETTE_FOOT}\n"
        )
        out.append({"id": f"g{i}", "url": f"https://www.gazette.example/news/{i}", "text": text})
    for i in range(8):
        quote = f"{GAZETTE_FOOT}\n" if i == 3 else ""
        text = f"{BLOG_HEAD}\nTomato post {i}: the soil matters.\n{quote}{BLOG_FOOT}\n"
        out.append({"id": f"b{i}", "url": f"https://blog.example/p/{i}", "text": text})
    out.append({"id": "x", "text": f"{GAZETTE_MENU}\nA page from nowhere.\n"})
    return out


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    path = tmp_path / "corpus.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records()), encoding="utf-8")
    return path


def run(capsysbinary, argv: list[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsysbinary.readouterr()
    return code, out.decode("utf-8"), err.decode("utf-8")


def read_jsonl(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def lines_of(record: dict[str, object]) -> list[str]:
    text = record["text"]
    assert isinstance(text, str)
    return text.splitlines()


class TestLearnThenClean:
    def test_by_url_each_record_with_its_sources_profile(self, capsysbinary, corpus: Path, tmp_path: Path) -> None:
        out, rejects = tmp_path / "out.jsonl", tmp_path / "rejects.jsonl"
        argv = ["--format", "jsonl", str(corpus), "--add", "strip-repeated-lines", "--profile-by", "url"]
        code, _, err = run(capsysbinary, [*argv, "-o", str(out), "--rejects", str(rejects), "--stats"])
        assert code == 0
        cleaned = read_jsonl(out)
        assert [r["id"] for r in cleaned] == [r["id"] for r in records()]  # documents in = documents out
        assert lines_of(cleaned[0]) == ["Council votes on budget, day 0", "The council met for the 0th time."]
        assert lines_of(cleaned[12]) == ["Tomato post 0: the soil matters."]
        # The site's footer, quoted once in a blog post, is not the blog's template.
        assert lines_of(cleaned[15]) == ["Tomato post 3: the soil matters.", GAZETTE_FOOT]
        # A record without a source passes through as it was written.
        assert out.read_text(encoding="utf-8").splitlines()[-1] == json.dumps(records()[-1])
        rows = read_jsonl(rejects)
        assert {(r["pass"], r["text"], r["reason"]) for r in rows} == {
            ("strip-repeated-lines", GAZETTE_MENU, "line seen in 12 of 12 documents from www.gazette.example (100%)"),
            ("strip-repeated-lines", GAZETTE_FOOT, "line seen in 12 of 12 documents from www.gazette.example (100%)"),
            ("strip-repeated-lines", BLOG_HEAD, "line seen in 8 of 8 documents from blog.example (100%)"),
            ("strip-repeated-lines", BLOG_FOOT, "line seen in 8 of 8 documents from blog.example (100%)"),
        }
        assert len(rows) == 12 * 2 + 8 * 2
        assert "line seen in 12 of 12 documents from www.gazette.example" in err
        assert "line seen in 8 of 8 documents from blog.example" in err

    def test_explain_gives_the_reason(self, capsysbinary, corpus: Path) -> None:
        code, out, _ = run(
            capsysbinary, [str(corpus), "--passes", "strip-repeated-lines", "--profile-by", "url", "--explain"]
        )
        assert code == 0
        assert "line seen in 8 of 8 documents from blog.example (100%)" in out
        assert f"-{BLOG_FOOT}" in out and "-Tomato" not in out

    def test_a_line_in_one_document_is_never_removed(self, capsysbinary, tmp_path: Path) -> None:
        """Even with the lowest share and any number of documents: a line
        must be in three documents of its source to go."""
        path, out = tmp_path / "c.jsonl", tmp_path / "o.jsonl"
        rows = []
        for i in range(6):
            lines = [f"Only in page {i}."]
            lines += ["In two pages."] if i < 2 else []
            lines += ["In three pages."] if i < 3 else []
            rows.append({"domain": "a.example", "text": "\n".join(lines) + "\n"})
        path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
        options = ["--set", "strip-repeated-lines.share=0.01", "--set", "strip-repeated-lines.min_source_documents=1"]
        argv = [str(path), "--passes", "strip-repeated-lines", *options, "--profile-by", "domain", "-o", str(out)]
        assert run(capsysbinary, argv)[0] == 0
        cleaned = [lines_of(r) for r in read_jsonl(out)]
        assert cleaned[0] == ["Only in page 0.", "In two pages."]
        assert cleaned[2] == ["Only in page 2."]
        assert [c[0] for c in cleaned] == [f"Only in page {i}." for i in range(6)]

    def test_one_profile_for_all_input_without_profile_by(self, capsysbinary, corpus: Path, tmp_path: Path) -> None:
        out = tmp_path / "o.jsonl"
        assert run(capsysbinary, [str(corpus), "--passes", "strip-repeated-lines", "-o", str(out)])[0] == 0
        cleaned = read_jsonl(out)
        # 13 of 21 documents have the menu: 62%, under the 70% share; the
        # footer is in 13 too. Nothing is that frequent over the whole corpus.
        assert out.read_text(encoding="utf-8") == corpus.read_text(encoding="utf-8")
        argv = [str(corpus), "--passes", "strip-repeated-lines", "--set", "strip-repeated-lines.share=0.6"]
        code, text, _ = run(capsysbinary, [*argv, "--explain"])
        assert code == 0 and "line seen in 13 of 21 documents from the corpus (62%)" in text
        assert cleaned[-1] == records()[-1]

    def test_profile_options_add_the_pass(self, capsysbinary, corpus: Path, tmp_path: Path) -> None:
        """--profile-by without strip-repeated-lines in the pipeline adds it
        (at the end here); the profile is learned from the text as the
        passes before it leave it."""
        out = tmp_path / "o.jsonl"
        argv = [str(corpus), "--passes", "normalize-whitespace", "--profile-by", "url", "-o", str(out), "--stats"]
        code, _, err = run(capsysbinary, argv)
        assert code == 0 and "strip-repeated-lines" in err
        assert lines_of(read_jsonl(out)[1]) == ["Council votes on budget, day 1", "The council met for the 1th time."]


class TestExecutors:
    def argv(self, corpus: Path, out: Path) -> list[str]:
        return [str(corpus), "--profile-by", "url", "--block-size", "300", "-o", str(out)]

    def test_serial_and_worker_pool_write_the_same_bytes(self, capsysbinary, corpus: Path, tmp_path: Path) -> None:
        one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
        assert run(capsysbinary, [*self.argv(corpus, one), "--save-profile", str(tmp_path / "1.json")])[0] == 0
        assert (
            run(capsysbinary, [*self.argv(corpus, two), "--jobs", "2", "--save-profile", str(tmp_path / "2.json")])[0]
            == 0
        )
        assert one.read_bytes() == two.read_bytes()
        assert len(read_jsonl(two)) == len(records())
        assert (tmp_path / "1.json").read_bytes() == (tmp_path / "2.json").read_bytes()
        # Counted block by block (300 bytes: a record or two each) and merged:
        # the profile one pass over all the records learns.
        pairs = [(record_source(r, "url"), str(r["text"])) for r in records()]
        assert Profile.load(tmp_path / "2.json") == learn_profile(pairs, source_field="url")
        assert BLOG_FOOT not in one.read_text(encoding="utf-8")

    def test_dask_writes_the_same_bytes(self, capsysbinary, corpus: Path, tmp_path: Path) -> None:
        one, dask = tmp_path / "one.jsonl", tmp_path / "dask.jsonl"
        assert run(capsysbinary, self.argv(corpus, one))[0] == 0
        code, _, err = run(capsysbinary, [*self.argv(corpus, dask), "--engine", "dask", "--jobs", "2"])
        assert code == 0, err
        assert one.read_bytes() == dask.read_bytes()
        assert GAZETTE_MENU not in read_jsonl(dask)[0]["text"]  # type: ignore[operator]


class TestSavedProfile:
    def test_save_and_reuse_on_stdin(self, capsysbinary, stdin, corpus: Path, tmp_path: Path) -> None:
        out, saved = tmp_path / "o.jsonl", tmp_path / "site.profile.json.gz"
        argv = [str(corpus), "--passes", "strip-repeated-lines", "--profile-by", "url", "--save-profile", str(saved)]
        assert run(capsysbinary, [*argv, "-o", str(out)])[0] == 0
        assert gzip.decompress(saved.read_bytes()).startswith(b'{"format":"cleantext-line-profile"')
        assert Profile.load(saved) == learn_profile_jsonl(corpus, "text", "url")
        stdin(corpus.read_bytes())
        code, text, _ = run(
            capsysbinary, ["--format", "jsonl", "--passes", "strip-repeated-lines", "--profile", str(saved)]
        )
        assert code == 0 and text == out.read_text(encoding="utf-8")

    def test_a_profile_given_to_the_pass_binds_sources_too(self, capsysbinary, corpus: Path, tmp_path: Path) -> None:
        saved, out = tmp_path / "p.json", tmp_path / "o.jsonl"
        argv = [str(corpus), "--passes", "strip-repeated-lines", "--profile-by", "url", "--save-profile", str(saved)]
        assert run(capsysbinary, [*argv, "-o", str(out)])[0] == 0
        option = f"strip-repeated-lines.profile={saved}"
        code, text, _ = run(capsysbinary, [str(corpus), "--passes", "strip-repeated-lines", "--set", option])
        assert code == 0 and text == out.read_text(encoding="utf-8") != corpus.read_text(encoding="utf-8")

    def test_a_saved_profile_cleans_new_pages_of_the_same_sites(
        self, capsysbinary, corpus: Path, tmp_path: Path
    ) -> None:
        saved, new = tmp_path / "p.json", tmp_path / "new.jsonl"
        assert (
            run(capsysbinary, [str(corpus), "--profile-by", "url", "--save-profile", str(saved), "-o", "/dev/null"])[0]
            == 0
        )
        page = {"url": "https://blog.example/p/99", "text": f"{BLOG_HEAD}\nA new post.\n{BLOG_FOOT}\n"}
        new.write_text(json.dumps(page) + "\n", encoding="utf-8")
        code, text, _ = run(capsysbinary, [str(new), "--passes", "strip-repeated-lines", "--profile", str(saved)])
        assert code == 0 and json.loads(text)["text"] == "A new post.\n"


class TestErrors:
    def one_line(self, capsysbinary, argv: list[str]) -> str:
        code, out, err = run(capsysbinary, argv)
        assert (code, out) == (2, "") and err.count("\n") == 1, err
        return err

    def test_learning_needs_a_file(self, capsysbinary, stdin, corpus: Path) -> None:
        stdin(corpus.read_bytes())
        err = self.one_line(capsysbinary, ["--format", "jsonl", "--profile-by", "url"])
        assert err.startswith("cleantext: argument --profile-by: ") and "not stdin" in err
        stdin(corpus.read_bytes())
        err = self.one_line(capsysbinary, ["--format", "jsonl", "--add", "strip-repeated-lines"])
        assert err.startswith("cleantext: strip-repeated-lines: ") and "--profile FILE" in err

    def test_bad_profile_files(self, capsysbinary, corpus: Path, tmp_path: Path) -> None:
        missing = tmp_path / "missing.json"
        assert "missing.json: cannot read the profile" in self.one_line(
            capsysbinary, [str(corpus), "--profile", str(missing)]
        )
        bad = tmp_path / "bad.json"
        bad.write_text("{oops", encoding="utf-8")
        assert "bad.json: the profile is not valid JSON" in self.one_line(
            capsysbinary, [str(corpus), "--profile", str(bad)]
        )
        bad.write_text('{"format": "cleantext-line-profile", "version": 99}', encoding="utf-8")
        assert "profile version 99" in self.one_line(capsysbinary, [str(corpus), "--profile", str(bad)])
        bad.write_text('{"format": "cleantext-line-profile", "version": 1, "sample_bits": 0}', encoding="utf-8")
        assert "malformed profile" in self.one_line(capsysbinary, [str(corpus), "--profile", str(bad)])

    def test_profile_and_options_that_disagree(self, capsysbinary, corpus: Path, tmp_path: Path) -> None:
        saved = tmp_path / "p.json"
        assert (
            run(capsysbinary, [str(corpus), "--profile-by", "url", "--save-profile", str(saved), "-o", "/dev/null"])[0]
            == 0
        )
        err = self.one_line(capsysbinary, [str(corpus), "--profile", str(saved), "--profile-by", "domain"])
        assert "was learned by 'url', not by 'domain'" in err
        text = tmp_path / "a.txt"
        text.write_text("x\n", encoding="utf-8")
        assert "needs JSONL input" in self.one_line(capsysbinary, [str(text), "--profile", str(saved)])
        for argv, message in (
            ([str(text), "--profile-by", "url"], "argument --profile-by: only used with --format jsonl"),
            ([str(corpus), "--profile", str(saved), "--save-profile", str(tmp_path / "q")], "argument --save-profile"),
        ):
            with pytest.raises(SystemExit) as stopped:  # a usage error: argparse's message
                main(argv)
            assert stopped.value.code == 2 and message in capsysbinary.readouterr().err.decode()
        err = self.one_line(capsysbinary, [str(corpus), "--profile-by", "url", "--save-profile", str(corpus)])
        assert "refusing to overwrite it" in err

    def test_an_unreadable_record_stops_the_first_read(self, capsysbinary, tmp_path: Path) -> None:
        path, out = tmp_path / "c.jsonl", tmp_path / "o.jsonl"
        path.write_text('{"text": "a", "url": "https://a.example/"}\n{"text": oops}\n', encoding="utf-8")
        code, _, err = run(capsysbinary, [str(path), "--profile-by", "url", "-o", str(out)])
        assert code == 1 and "c.jsonl:2: invalid JSON" in err
        assert not out.exists()

    def test_a_profile_that_cannot_be_saved_fails_the_run(self, capsysbinary, corpus: Path, tmp_path: Path) -> None:
        out = tmp_path / "o.jsonl"
        argv = [str(corpus), "--profile-by", "url", "--save-profile", str(tmp_path / "no" / "p.json"), "-o", str(out)]
        code, _, err = run(capsysbinary, argv)
        assert code == 1 and err.endswith("p.json: cannot write the profile: No such file or directory\n")
        assert not out.exists()


def test_a_block_whose_worker_died_is_learned_again_here(corpus: Path) -> None:
    """The first read loses nothing: a block lost with its worker is counted in this process."""
    from cleantext.io.formats import ReadOptions
    from cleantext.io.streams import Input
    from cleantext.run import Lost, ProfileLearner, SerialExecutor, learn_profile

    class EveryOtherBlockLost:
        def map(self, func, blocks):
            for n, block in enumerate(blocks):
                yield block, Lost("killed") if n % 2 else func(block)

    learner = ProfileLearner(None, source_field="url")
    inputs, options = [Input(str(corpus), "jsonl", "corpus.jsonl")], ReadOptions(block_bytes=300)
    lossy = learn_profile(learner, inputs, options, EveryOtherBlockLost())
    assert lossy == learn_profile(learner, inputs, options, SerialExecutor())
    assert lossy.documents("blog.example") == 8
