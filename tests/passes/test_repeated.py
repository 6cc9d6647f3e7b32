"""strip-repeated-lines and line profiles: synthetic corpora of made-up sites."""

from __future__ import annotations

import gzip
import json
import logging
import pickle
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleantext.errors import ConfigError, InputError
from cleantext.passes.repeated import StripRepeatedLines
from cleantext.pipeline import Pipeline
from cleantext.profile import (
    ALL,
    Profile,
    ProfileBuilder,
    SourcePipelines,
    bind_source,
    clean_jsonl,
    learn_profile,
    learn_profile_jsonl,
    line_hash,
    record_source,
    with_profile,
)
from cleantext.registry import get_pass
from cleantext.testing import assert_idempotent

MENU = "Home | World | Sport | Weather"
FOOTER = "© Example Gazette. All rights reserved."
SHARE = "Share this article"


def gazette_page(i: int) -> str:
    """A page of a made-up news site: its template around a story of its own."""
    return (
        f"{MENU}\n"
        f"Story {i}: the council met on day {i}\n"
        f"\n"
        f"Councillors voted {i} times on the budget for district {i}.\n"
        f"{SHARE}\n"
        f"\n"
        f"{FOOTER}\n"
    )


def blog_page(i: int) -> str:
    return f"My Little Blog\nPost {i} about gardening and tomato number {i}.\nLeave a comment\n"


def corpus() -> list[tuple[str, str]]:
    pages = [("gazette.example", gazette_page(i)) for i in range(10)]
    pages += [("blog.example", blog_page(i)) for i in range(6)]
    return pages


@pytest.fixture
def profile() -> Profile:
    return learn_profile(corpus(), source_field="domain")


class TestRemoval:
    def test_template_lines_go_with_reasons(self, profile: Profile) -> None:
        """Menu, share line and footer go; the story stays, byte for byte."""
        strip = StripRepeatedLines.with_profile(profile, source="gazette.example")
        text = gazette_page(3)
        out, changes = strip.apply(text)
        assert out == "Story 3: the council met on day 3\n\nCouncillors voted 3 times on the budget for district 3.\n"
        reasons = {c.before.strip(): c.reason for c in changes if c.before.strip()}
        assert reasons == {
            MENU: "line seen in 10 of 10 documents from gazette.example (100%)",
            SHARE: "line seen in 10 of 10 documents from gazette.example (100%)",
            FOOTER: "line seen in 10 of 10 documents from gazette.example (100%)",
        }

    def test_a_new_document_of_the_source_is_cleaned_too(self, profile: Profile) -> None:
        strip = StripRepeatedLines.with_profile(profile, source="gazette.example")
        assert strip(f"{MENU}\nA story the profile never saw.\n{FOOTER}\n") == "A story the profile never saw.\n"

    def test_line_in_one_document_is_never_removed(self) -> None:
        """Even with the loosest thresholds, a line of one document stays."""
        pages = [("s", f"Shared line\nUnique line {i}\n") for i in range(20)]
        strip = StripRepeatedLines.with_profile(
            learn_profile(pages), source="s", share=0.01, min_documents=2, min_source_documents=1
        )
        assert strip("Shared line\nUnique line 7\n") == "Unique line 7\n"
        assert strip("Unique line 7\nShared line\n") == "Unique line 7\n"
        assert learn_profile(pages).count("s", "Unique line 7") == 0

    def test_line_below_the_share_stays(self) -> None:
        """A line in 6 of 10 documents is under the 70% default share."""
        pages = [("s", ("Often seen\n" if i < 6 else "") + f"Body {i}\nAlways seen\n") for i in range(10)]
        strip = StripRepeatedLines.with_profile(learn_profile(pages), source="s")
        assert strip("Often seen\nBody 1\nAlways seen\n") == "Often seen\nBody 1\n"
        assert strip.with_profile(learn_profile(pages), source="s", share=0.6)("Often seen\nBody 1\n") == "Body 1\n"

    def test_a_source_with_few_documents_is_left_alone(self) -> None:
        pages = [("small", f"Nav\nText {i}\n") for i in range(4)]
        strip = StripRepeatedLines.with_profile(learn_profile(pages), source="small")
        assert strip("Nav\nText 1\n") == "Nav\nText 1\n"
        assert strip.with_profile(learn_profile(pages), source="small", min_source_documents=4)("Nav\nT\n") == "T\n"

    def test_sources_do_not_mix(self, profile: Profile) -> None:
        """The gazette's menu in a blog post is not the blog's template."""
        strip = StripRepeatedLines.with_profile(profile, source="blog.example")
        text = f"My Little Blog\n{MENU}\nPost about menus.\nLeave a comment\n"
        assert strip(text) == f"{MENU}\nPost about menus.\n"

    def test_unknown_source_and_no_profile_change_nothing(self, profile: Profile) -> None:
        text = gazette_page(2)
        assert StripRepeatedLines.with_profile(profile, source="elsewhere.example")(text) == text
        assert StripRepeatedLines.with_profile(profile)(text) == text  # no one-profile-for-all in it
        assert StripRepeatedLines()(text) == text
        assert get_pass("strip-repeated-lines")(text) == text

    def test_a_document_that_is_all_template_is_left_alone(self, profile: Profile) -> None:
        strip = StripRepeatedLines.with_profile(profile, source="gazette.example")
        shell = f"{MENU}\n\n{SHARE}\n{FOOTER}\n"
        assert strip(shell) == shell

    def test_own_headline_listed_in_every_page_stays_in_its_own_page(self) -> None:
        """Every page lists the latest headlines; a page's own headline, also
        its title, is there twice: it stays there, and goes from the others."""
        titles = [f"Headline number {i}" for i in range(8)]
        latest = "".join(f"{t}\n" for t in titles)
        pages = [("s", f"{titles[i]}\nBody of story {i}.\nLatest\n{latest}") for i in range(8)]
        strip = StripRepeatedLines.with_profile(learn_profile(pages), source="s")
        assert strip(pages[2][1]) == f"{titles[2]}\nBody of story 2.\n{titles[2]}\n"
        assert strip(strip(pages[2][1])) == strip(pages[2][1])
        # A line every page has twice (a menu at the top and at the bottom) goes.
        menu = [("s", f"Menu\nBody {i}.\nMenu\n") for i in range(8)]
        assert StripRepeatedLines.with_profile(learn_profile(menu), source="s")("Menu\nBody 1.\nMenu\n") == "Body 1.\n"

    def test_kept_lines_are_byte_identical(self, profile: Profile) -> None:
        """CRLF endings, odd spacing and case: the match is on the normal form,
        the kept lines come out as they went in."""
        strip = StripRepeatedLines.with_profile(profile, source="gazette.example")
        text = "  home |  WORLD | Sport | weather \r\nKeep  this\t line \r\nShare this ARTICLE\r\nlast"
        assert strip(text) == "Keep  this\t line \r\nlast"

    def test_one_profile_for_all_input(self) -> None:
        texts = [f"Header\nText {i}\n" for i in range(8)]
        strip = StripRepeatedLines.with_profile(learn_profile((ALL, t) for t in texts))
        assert strip("Header\nText 3\n") == "Text 3\n"
        assert strip.removals("Header\nText 3\n")[0][2] == "line seen in 8 of 8 documents from the corpus (100%)"

    def test_idempotent_and_total_with_a_profile(self, profile: Profile) -> None:
        strip = StripRepeatedLines.with_profile(
            profile, source="gazette.example", share=0.1, min_documents=2, min_source_documents=1
        )
        assert_idempotent(strip)
        for text in (gazette_page(1), "", "\ud800\n" + MENU, MENU + "\n" + MENU + "\nx"):
            once = strip(text)
            assert strip(once) == once

    def test_duplicate_documents_count_once(self) -> None:
        """Three copies of one story are not three documents agreeing on its lines."""
        pages = [("s", "The same story, copied.\n")] * 3 + [("s", f"Other story {i}\n") for i in range(2)]
        profile = learn_profile(pages)
        assert profile.documents("s") == 3
        assert profile.count("s", "The same story, copied.") == 0


class TestOptions:
    @pytest.mark.parametrize(
        ("options", "message"),
        [
            ({"share": 0}, "option 'share'"),
            ({"share": 1.5}, "option 'share'"),
            ({"min_documents": 1}, "option 'min_documents': at least 2"),
            ({"min_source_documents": 0}, "option 'min_source_documents'"),
            ({"share": "half"}, "option 'share': expected a number"),
        ],
    )
    def test_bad_options_fail_when_built(self, options: dict[str, object], message: str) -> None:
        with pytest.raises(ConfigError, match=message):
            get_pass("strip-repeated-lines", **options)

    def test_missing_profile_file_names_the_option_and_file(self, tmp_path) -> None:
        missing = tmp_path / "nope.json"
        with pytest.raises(ConfigError, match=r"option 'profile': .*nope\.json: cannot read"):
            get_pass("strip-repeated-lines", profile=str(missing))

    def test_profile_file_and_source_options(self, tmp_path, profile: Profile) -> None:
        path = tmp_path / "site.profile.json"
        profile.save(path)
        strip = get_pass("strip-repeated-lines", profile=str(path), source="gazette.example")
        assert strip(gazette_page(4)).startswith("Story 4")
        assert strip.config() == {"profile": str(path), "source": "gazette.example"}

    def test_toml_config_reads_the_profile_beside_it(self, tmp_path, profile: Profile) -> None:
        profile.save(tmp_path / "site.profile.json.gz")
        config = tmp_path / "pipeline.toml"
        config.write_text(
            '[[pass]]\nname = "strip-repeated-lines"\nprofile = "site.profile.json.gz"\nsource = "blog.example"\n'
        )
        pipeline = Pipeline.from_toml(config)
        assert pipeline(blog_page(3)) == "Post 3 about gardening and tomato number 3.\n"

    def test_pickles_with_its_profile(self, profile: Profile) -> None:
        strip = StripRepeatedLines.with_profile(profile, source="gazette.example")
        clone = pickle.loads(pickle.dumps(strip))
        assert clone(gazette_page(5)) == strip(gazette_page(5)) != gazette_page(5)

    def test_for_source_shares_the_profile(self, profile: Profile) -> None:
        strip = StripRepeatedLines.with_profile(profile)
        bound = strip.for_source("blog.example")
        assert bound.loaded_profile is profile and bound.source == "blog.example" and strip.source == ""


class TestProfile:
    def test_independent_of_document_order(self) -> None:
        pages = corpus()
        shuffled = pages[:]
        random.Random(7).shuffle(shuffled)
        assert learn_profile(pages).to_json() == learn_profile(shuffled).to_json()

    def test_merged_parts_equal_one_pass(self) -> None:
        pages = corpus()
        parts = [ProfileBuilder().update(pages[i::3]) for i in range(3)]
        merged = parts[0].merge(parts[1]).merge(parts[2])
        assert merged.profile().to_json() == learn_profile(pages).to_json()

    def test_memory_bound_keeps_exact_counts_of_a_sample(self, caplog: pytest.LogCaptureFixture) -> None:
        """Over the bound, a fixed part of the hash space is kept, counted
        exactly, whatever the order and the split into parts."""
        pages = [
            ("s", "".join(f"Nav {k}\n" for k in range(40) if i % (k % 5 + 1) == 0) + f"Body {i}\n") for i in range(30)
        ]
        exact = learn_profile(pages)
        with caplog.at_level(logging.WARNING, logger="cleantext"):
            small = learn_profile(pages, max_hashes=32)
        assert small.sample_bits > 0
        assert "more than 32 distinct lines; counting the 1/" in caplog.text
        assert 0 < len(small) < len(exact)
        for h, n in small.sources["s"].lines.items():
            assert h >> (64 - small.sample_bits) == 0
            assert exact.sources["s"].lines[h] == n
        shuffled = pages[:]
        random.Random(3).shuffle(shuffled)
        assert learn_profile(shuffled, max_hashes=32).to_json() == small.to_json()
        halves = (
            ProfileBuilder(max_hashes=32)
            .update(shuffled[:11])
            .merge(ProfileBuilder(max_hashes=32).update(shuffled[11:]))
        )
        assert halves.profile().to_json() == small.to_json()

    def test_builder_holds_at_most_max_hashes(self) -> None:
        builder = ProfileBuilder(max_hashes=50)
        for i in range(200):
            builder.add(f"line a{i}\nline b{i}\n", "s")
            assert sum(len(c) for c in builder._counts.values()) <= 50

    def test_saved_profile_keeps_only_repeated_lines(self, tmp_path, profile: Profile) -> None:
        path = tmp_path / "p.json"
        profile.save(path)
        data = json.loads(path.read_text())
        gazette = data["sources"]["gazette.example"]
        assert gazette["documents"] == 10
        assert gazette["repeats"] == {}
        assert set(gazette["lines"].values()) == {10}  # menu, share line, footer
        assert len(gazette["lines"]) == 3
        assert MENU not in path.read_text()  # hashes, not lines

    @pytest.mark.parametrize("name", ["p.json", "p.json.gz"])
    def test_save_and_load_round_trip(self, tmp_path, profile: Profile, name: str) -> None:
        path = tmp_path / name
        profile.save(path)
        assert Profile.load(path) == profile
        assert (path.read_bytes()[:2] == b"\x1f\x8b") == name.endswith(".gz")

    @pytest.mark.parametrize(
        ("content", "message"),
        [
            (b"not json", "not valid JSON"),
            (b"[1, 2]", "not a cleantext line profile"),
            (b'{"format": "cleantext-line-profile", "version": 99}', "profile version 99"),
            (b'{"format": "cleantext-line-profile", "version": 1}', "malformed profile: missing 'sample_bits'"),
            (
                b'{"format": "cleantext-line-profile", "version": 1, "sample_bits": 0,'
                b' "sources": {"s": {"documents": 2, "lines": {"00000000000000ff": 5}, "repeats": {}}}}',
                "malformed profile: source 's'",
            ),
            (
                b'{"format": "cleantext-line-profile", "version": 1, "sample_bits": 0,'
                b' "sources": {"s": {"documents": 2, "lines": {}, "repeats": {"00000000000000ff": 1}}}}',
                "malformed profile: source 's': repeats",
            ),
            (gzip.compress(b"{", mtime=0), "not valid JSON"),
        ],
    )
    def test_bad_profile_files_are_config_errors_naming_the_file(self, tmp_path, content: bytes, message: str) -> None:
        path = tmp_path / "bad.json"
        path.write_bytes(content)
        with pytest.raises(ConfigError, match=message) as info:
            Profile.load(path)
        assert str(path) in str(info.value)

    def test_oversized_profile_is_refused(self, tmp_path, profile: Profile) -> None:
        path = tmp_path / "p.json"
        profile.save(path)
        with pytest.raises(ConfigError, match="over the limit of 100 bytes"):
            Profile.load(path, max_bytes=100)
        packed = tmp_path / "p.json.gz"
        profile.save(packed)
        limit = packed.stat().st_size + 1
        assert path.stat().st_size > limit
        with pytest.raises(ConfigError, match="unpacks to over the limit"):
            Profile.load(packed, max_bytes=limit)

    def test_line_hash_ignores_spacing_and_case_only(self) -> None:
        assert line_hash("Share this") == line_hash("  SHARE\tthis ")
        assert line_hash("Share this.") != line_hash("Share this")
        assert line_hash("\ud800") is not None


class TestCorpora:
    def write_jsonl(self, path, pages: list[tuple[str | None, str]], key: str) -> None:
        with open(path, "w", encoding="utf-8") as handle:
            for i, (source, text) in enumerate(pages):
                record: dict[str, object] = {"id": i, "text": text}
                if source is not None:
                    record[key] = f"https://{source}/story/{i}?ref=x" if key == "url" else source
                handle.write(json.dumps(record) + "\n")

    def test_record_source(self) -> None:
        assert record_source({"url": "https://WWW.Example.com/a"}, "url") == "www.example.com"
        assert record_source({"meta": {"page_url": "http://a.example:80/"}}, "meta.page_url") == "a.example"
        assert record_source({"domain": "Example.COM"}, "domain") == "example.com"
        assert record_source({"text": "x"}, "url") is None
        assert record_source({"url": 3}, "url") is None
        assert record_source({"text": "x"}, None) == ALL

    def test_learn_from_jsonl_by_url_host(self, tmp_path) -> None:
        path = tmp_path / "corpus.jsonl"
        self.write_jsonl(path, corpus(), "url")
        profile = learn_profile_jsonl(path, "text", "url")
        assert profile == learn_profile(corpus(), source_field="url")
        assert profile.source_field == "url"

    def test_clean_jsonl_two_reads(self, tmp_path) -> None:
        """The first read learns, the second cleans each record with its
        site's profile; records without a source pass through unchanged."""
        path, out = tmp_path / "corpus.jsonl", tmp_path / "clean.jsonl"
        pages: list[tuple[str | None, str]] = [*corpus(), (None, gazette_page(99))]
        self.write_jsonl(path, pages, "domain")
        pipeline = Pipeline(["strip-repeated-lines", "normalize-whitespace"])
        profile = clean_jsonl(path, out, pipeline, source_field="domain")
        records = [json.loads(line) for line in out.read_text().splitlines()]
        assert [r["id"] for r in records] == list(range(len(pages)))
        assert records[0] == {
            "id": 0,
            "text": "Story 0: the council met on day 0\n\nCouncillors voted 0 times on the budget for district 0.\n",
            "domain": "gazette.example",
        }
        assert records[10]["text"] == "Post 0 about gardening and tomato number 0.\n"
        assert records[-1]["text"] == gazette_page(99)
        assert profile.documents("gazette.example") == 10
        # The saved profile gives the same result on a later run.
        profile.save(tmp_path / "p.json")
        again = tmp_path / "again.jsonl"
        clean_jsonl(path, again, pipeline, source_field="domain", profile=Profile.load(tmp_path / "p.json"))
        assert again.read_text() == out.read_text()

    def test_bad_records_and_overwriting_the_input(self, tmp_path) -> None:
        path = tmp_path / "corpus.jsonl"
        path.write_text('{"text": "a", "url": "https://a.example/"}\n{"text": oops}\n')
        with pytest.raises(InputError, match=r"corpus\.jsonl:2: invalid JSON"):
            learn_profile_jsonl(path, "text", "url")
        with pytest.raises(InputError, match=r"corpus\.jsonl:2"):
            clean_jsonl(path, tmp_path / "out.jsonl", Pipeline(["strip-repeated-lines"]), source_field="url")
        assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus.jsonl"]  # no partial output
        with pytest.raises(ConfigError, match="refusing to overwrite the input"):
            clean_jsonl(path, path, Pipeline(["strip-repeated-lines"]))
        assert path.read_text().endswith("oops}\n")

    def test_bind_source_and_with_profile(self, profile: Profile) -> None:
        pipeline = with_profile(Pipeline(["normalize-whitespace", "strip-repeated-lines"]), profile)
        bound = bind_source(pipeline, "blog.example")
        assert bound.passes[0] is pipeline.passes[0]
        assert bound(blog_page(2)) == "Post 2 about gardening and tomato number 2.\n"
        sources = SourcePipelines(pipeline, "domain", cache_size=1)
        assert sources.for_record({"domain": "blog.example"})(blog_page(1)).startswith("Post 1")
        assert sources.for_record({"domain": "gazette.example"})(gazette_page(1)).startswith("Story 1")
        assert sources.for_record({})(gazette_page(1)) == gazette_page(1)


class TestDask:
    """Learn per partition and merge, then clean by source: the single-process result."""

    def records(self) -> list[dict[str, object]]:
        return [{"id": i, "url": f"https://{s}/p/{i}", "text": t} for i, (s, t) in enumerate(corpus())]

    def test_bag_profile_and_cleaning_match_one_process(self) -> None:
        dask = pytest.importorskip("dask")
        db = pytest.importorskip("dask.bag")
        from cleantext.dask_profile import clean_records_bag, learn_profile_bag

        records = self.records()
        bag = db.from_sequence(records, npartitions=4)
        pipeline = Pipeline(["strip-repeated-lines"])
        with dask.config.set(scheduler="processes", num_workers=2):
            profile = learn_profile_bag(bag, source_field="url")
            cleaned = clean_records_bag(bag, pipeline, profile, source_field="url").compute()
        assert profile == learn_profile(((record_source(r, "url"), r["text"]) for r in records), source_field="url")
        sources = SourcePipelines(with_profile(pipeline, profile), "url")
        assert cleaned == [{**r, "text": sources.for_record(r)(r["text"])} for r in records]
        assert cleaned[0]["text"].startswith("Story 0")

    def test_bag_of_strings_is_one_profile(self) -> None:
        dask = pytest.importorskip("dask")
        db = pytest.importorskip("dask.bag")
        from cleantext.dask_profile import learn_profile_bag

        texts = [t for _, t in corpus()]
        with dask.config.set(scheduler="sync"):
            profile = learn_profile_bag(db.from_sequence(texts, npartitions=3))
        assert profile == learn_profile((ALL, t) for t in texts)

    def test_dataframes(self) -> None:
        dask = pytest.importorskip("dask")
        dd = pytest.importorskip("dask.dataframe")
        pd = pytest.importorskip("pandas")
        from cleantext.dask_profile import clean_dataframe_by_source, learn_profile_dataframe

        frame = pd.DataFrame(self.records())
        ddf = dd.from_pandas(frame, npartitions=3)
        with dask.config.set(scheduler="sync"):
            profile = learn_profile_dataframe(ddf, "text", "url")
            assert profile == learn_profile_dataframe(frame, "text", "url")
            lazy = clean_dataframe_by_source(ddf, ["strip-repeated-lines"], profile, "text", "url").compute()
        eager = clean_dataframe_by_source(frame, ["strip-repeated-lines"], profile, "text", "url")
        assert lazy["text"].tolist() == eager["text"].tolist()
        assert eager["text"][0].startswith("Story 0") and eager["id"].tolist() == frame["id"].tolist()
        with pytest.raises(KeyError, match="no column 'site'"):
            learn_profile_dataframe(frame, "text", "site")


class TestProperties:
    """On random corpora, every removal is backed by the documents themselves."""

    @staticmethod
    def brute_counts(texts: list[str]) -> dict[str, int]:
        """Documents per normalised line, counted the slow way (distinct documents)."""
        counts: dict[str, int] = {}
        for doc in TestProperties.distinct(texts):
            for key in set(doc):
                counts[key] = counts.get(key, 0) + 1
        return counts

    @staticmethod
    def distinct(texts: list[str]) -> set[tuple[str, ...]]:
        """The distinct documents, as their normalised non-blank lines (copies count once)."""
        return {tuple(" ".join(x.split()).casefold() for x in t.split("\n") if x.strip()) for t in texts}

    @given(
        st.lists(
            st.lists(st.sampled_from(["Menu", "menu ", "Footer", "A", "B", "C", "", "Story x", "Story y"]), max_size=6),
            min_size=1,
            max_size=12,
        ),
        st.sampled_from([0.1, 0.5, 0.7, 1.0]),
        st.integers(min_value=2, max_value=4),
    )
    @settings(max_examples=60, deadline=None)
    def test_removals_match_brute_force_counts(self, docs: list[list[str]], share: float, min_docs: int) -> None:
        texts = ["\n".join(lines) + "\n" for lines in docs]
        profile = learn_profile(("s", t) for t in texts)
        shuffled = list(reversed(texts))
        assert learn_profile(("s", t) for t in shuffled).to_json() == profile.to_json()
        brute = self.brute_counts(texts)
        strip = StripRepeatedLines.with_profile(
            profile, source="s", share=share, min_documents=min_docs, min_source_documents=1
        )
        documents = len(self.distinct(texts))
        assert profile.documents("s") == documents
        need = strip.threshold(documents)
        for text in texts:
            out = strip(text)
            assert strip(out) == out
            for _, line, reason in strip.removals(text):
                key = " ".join(line.split()).casefold()
                if not key:
                    continue  # a blank line that went with its paragraph
                assert brute[key] >= max(2, need), (line, reason)
                assert f"seen in {brute[key]} of {documents} documents" in reason


def test_loading_the_builtin_passes_does_not_import_profiles() -> None:
    """The pass is loaded with every built-in pass; its profile machinery
    (hashing, gzip, URL parsing) waits until a profile is used."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from cleantext.registry import list_passes\n"
        "assert 'strip-repeated-lines' in list_passes()\n"
        "assert 'cleantext.profile' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
