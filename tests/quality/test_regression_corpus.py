"""Real text that needs no cleaning comes out of the ``news`` preset whole.

Each document of ``tests/data/regression/`` (complete, clean texts of seven
genres and seven languages, with their origins and licences in
``manifest.tsv``) must keep every line and every word; the only changes
allowed are the name rewrites listed for it in ``rewrites.tsv``. Whitespace
is not content. ``benchmarks/regression_corpus.py`` prints which pass did
what to each damaged document.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest

from cleantext.pipeline import Pipeline

from .. import regression_corpus as rc

DOCUMENTS = rc.load()
NEWS = Pipeline.from_preset("news")
PERMISSIVE = re.compile(
    r"public domain|Unlicense|CC0|MIT|BSD|Apache-2\.0|PSF|Unicode-DFS|CC-BY|free reproduction", re.IGNORECASE
)


class TestTheCorpus:
    def test_size_genres_languages(self) -> None:
        """At least 300 documents, six genres and four languages."""
        assert len(DOCUMENTS) >= 300
        assert len({d.genre for d in DOCUMENTS}) >= 6
        assert len({d.language for d in DOCUMENTS}) >= 4

    def test_every_document_has_origin_and_licence(self) -> None:
        """Each document has a manifest row with a source, a URL or package
        and a permissive licence, and each text file a row."""
        on_disk = {p.stem for p in rc.TEXTS.glob("*.txt")}
        assert on_disk == {d.id for d in DOCUMENTS}
        assert len(DOCUMENTS) == len(on_disk), "duplicate ids in the manifest"
        for d in DOCUMENTS:
            assert d.source and d.url, d.id
            assert PERMISSIVE.search(d.licence), f"{d.id}: licence {d.licence!r} not in the permitted list"

    def test_documents_are_small_and_complete(self) -> None:
        """Documents are short, end with a newline and hold no replacement
        characters; the corpus stays small on disk."""
        for d in DOCUMENTS:
            assert 100 <= len(d.text) <= 3200, d.id
            assert d.text.endswith("\n"), d.id
            assert "\ufffd" not in d.text, d.id
        assert sum(len(d.text.encode()) for d in DOCUMENTS) < 2_000_000

    def test_rewrites_name_words_in_their_document(self) -> None:
        """Each allowed rewrite belongs to a document and names a word in it."""
        ids = {d.id: d for d in DOCUMENTS}
        for row in rc._read_tsv(rc.REWRITES):
            assert row["id"] in ids, row
            assert row["from"] in ids[row["id"]].text, row

    def test_ids_are_unique_and_tell_genre_and_language(self) -> None:
        counts = Counter(d.id for d in DOCUMENTS)
        assert max(counts.values()) == 1
        for d in DOCUMENTS:
            assert d.id.startswith(f"{d.genre}-{d.language}-"), d.id


class TestTheComparison:
    """The check is only worth something if it can fail."""

    def test_removed_line_is_found(self) -> None:
        damage = rc.compare("One line.\nTwo lines,\nthree lines;\n", "One line.\n")
        assert [d.kind for d in damage] == ["removed", "removed"]

    def test_changed_word_is_found(self) -> None:
        damage = rc.compare("Talks in Kiev went well.\n", "Talks in Kyiv went well.\n")
        assert [d.kind for d in damage] == ["changed"]
        assert "'Kiev' -> 'Kyiv'" in str(damage[0])

    def test_whitespace_is_not_damage(self) -> None:
        assert rc.compare("A  line \r\n\r\n\r\nB\n", "A line\n\nB\n") == []

    def test_listed_rewrite_is_allowed_and_only_it(self) -> None:
        doc = rc.Document(
            "news-en-x", "news", "en", "s", "MIT", "u", "Talks in Kiev.\nKievan Rus.\n", (("Kiev", "Kyiv"),)
        )
        assert rc.compare(doc.expected(), "Talks in Kyiv.\nKievan Rus.\n") == []
        assert rc.compare(doc.expected(), "Talks in Kyiv.\nKyivan Rus.\n") != []

    def test_damage_is_charged_to_the_pass_that_did_it(self) -> None:
        doc = rc.Document("lists-en-x", "lists", "en", "s", "MIT", "u", "alpha,\nbeta\n")
        passes = [("keep", lambda t: t), ("drop-last", lambda t: t.splitlines(keepends=True)[0])]
        assert [(name, d.kind) for name, d in rc.per_pass(passes, doc)] == [("drop-last", "removed")]


@pytest.mark.parametrize("document", DOCUMENTS, ids=[d.id for d in DOCUMENTS])
def test_news_preset_leaves_clean_text_alone(document: rc.Document) -> None:
    """No line removed, no word changed, except by the listed name rewrites."""
    verdict = rc.check(NEWS, document)
    assert verdict.ok, f"{document.id} ({document.genre}, {document.language}) damaged:\n" + "\n".join(
        f"  {d}" for d in verdict.damage
    )
