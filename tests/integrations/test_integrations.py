"""cleantext in front of spaCy, and on pandas, polars and Hugging Face
datasets columns, with the real packages (the test extra installs them)."""

from __future__ import annotations

import math
import pickle

import datasets
import pandas as pd
import polars as pl
import pytest
import spacy

from cleantext.errors import MissingDependencyError
from cleantext.pipeline import Pipeline

DIRTY = ["It doesnâ€™t  matter.", None, "cafÃ©   au lait", "", "already clean"]
CLEAN = ["It doesn’t matter.", None, "café au lait", "", "already clean"]


class TestSpacy:
    def test_clean_before_cleans_what_every_component_sees(self) -> None:
        from cleantext.spacy import ORIGINAL_TEXT, clean_before

        nlp = clean_before(spacy.blank("en"), keep_original=True)
        doc = nlp("It doesnâ€™t  matter.")
        assert doc.text == "It doesn’t matter."
        assert [t.text for t in doc] == ["It", "does", "n’t", "matter", "."]
        assert doc.user_data[ORIGINAL_TEXT] == "It doesnâ€™t  matter."

    def test_original_span_maps_tokens_back(self) -> None:
        """With keep_original, every token maps back to its place in the text
        as given, also after the Doc went through a worker process and DocBin."""
        from spacy.tokens import DocBin

        from cleantext.spacy import clean_before, original_span

        nlp = clean_before(spacy.blank("en"), keep_original=True)
        text = "The  cafÃ©   is   open.\n"
        doc = next(iter(nlp.pipe([text], n_process=2)))
        assert doc.text == "The café is open.\n"
        assert [text[slice(*original_span(t))] for t in doc] == ["The", "cafÃ©", "is", "open", ".", "\n"]
        restored = next(DocBin(docs=[doc], store_user_data=True).get_docs(nlp.vocab))
        assert text[slice(*original_span(restored[1:4]))] == "cafÃ©   is   open"

    def test_original_span_needs_keep_original(self) -> None:
        from cleantext.spacy import clean_before, original_span

        doc = clean_before(spacy.blank("en"))("a  b")
        with pytest.raises(ValueError, match="keep_original=True"):
            original_span(doc[0])

    def test_pipe_in_worker_processes_keeps_order(self) -> None:
        from cleantext.spacy import clean_before

        nlp = clean_before(spacy.blank("en"), Pipeline(["fix-encoding", "normalize-whitespace"]))
        texts = [f"doc  {i} cafÃ©" for i in range(40)]
        assert [d.text for d in nlp.pipe(texts, n_process=2, batch_size=8)] == [f"doc {i} café" for i in range(40)]

    def test_calling_again_replaces_the_pipeline(self) -> None:
        from cleantext.spacy import CleaningTokenizer, clean_before

        nlp = clean_before(spacy.blank("en"))
        clean_before(nlp, Pipeline(["normalize-whitespace"]))
        assert isinstance(nlp.tokenizer, CleaningTokenizer)
        assert not isinstance(nlp.tokenizer.tokenizer, CleaningTokenizer)
        assert nlp("cafÃ©  x").text == "cafÃ© x"

    def test_serialisation_goes_to_the_wrapped_tokenizer(self) -> None:
        from cleantext.spacy import clean_before

        nlp = clean_before(spacy.blank("en"))
        data = nlp.to_bytes()
        restored = clean_before(spacy.blank("en")).from_bytes(data)
        assert restored("a  b").text == "a b"
        assert pickle.loads(pickle.dumps(nlp.tokenizer))("a  b").text == "a b"

    def test_cleaned_docs_leaves_nlp_alone(self) -> None:
        from cleantext.spacy import cleaned_docs

        nlp = spacy.blank("en")
        docs = list(cleaned_docs(nlp, ["a  b", "cafÃ©"], batch_size=1))
        assert [d.text for d in docs] == ["a b", "café"]
        assert nlp("a  b").text == "a  b"

    def test_clean_text_is_tokenized_as_spacy_alone_would(self) -> None:
        from cleantext.spacy import clean_before

        text = "The talks in Geneva went well, officials said.\n"
        plain = spacy.blank("en")
        assert [t.text for t in clean_before(spacy.blank("en"))(text)] == [t.text for t in plain(text)]


class TestPandas:
    def test_index_name_and_missing_values_are_kept(self) -> None:
        from cleantext.frames import clean_series

        series = pd.Series(DIRTY, index=[10, 3, 7, 1, 99], name="body")
        out = clean_series(series)
        assert list(out.index) == [10, 3, 7, 1, 99] and out.name == "body" and out.dtype == series.dtype
        assert out.iloc[1] is None or (isinstance(out.iloc[1], float) and math.isnan(out.iloc[1]))
        assert [out.iloc[i] for i in (0, 2, 3, 4)] == [CLEAN[i] for i in (0, 2, 3, 4)]
        assert series.iloc[0] == DIRTY[0], "the input is not modified"

    def test_jobs_give_the_same_result(self) -> None:
        from cleantext.frames import clean_series

        series = pd.Series([f"row  {i} cafÃ©" for i in range(300)], index=range(300, 0, -1))
        assert clean_series(series, jobs=2).equals(clean_series(series))

    def test_series_map_recipe(self) -> None:
        """The plain recipe: Series.map with the pipeline, na_action='ignore'."""
        series = pd.Series(DIRTY, index=list("abcde"))
        out = series.map(Pipeline.from_preset("news"), na_action="ignore")
        assert list(out.index) == list("abcde") and out["c"] == "café au lait" and out.isna()["b"]

    def test_column_of_a_dataframe(self) -> None:
        from cleantext.frames import clean_series

        df = pd.DataFrame({"id": range(5), "text": DIRTY})
        df["text"] = clean_series(df["text"], Pipeline(["fix-encoding", "normalize-whitespace"]))
        assert df["text"].tolist()[2:] == CLEAN[2:] and df["id"].tolist() == list(range(5))


class TestPolars:
    def test_expression_keeps_nulls_and_other_columns(self) -> None:
        from cleantext.frames import clean_column

        df = pl.DataFrame({"id": [1, 2, 3, 4, 5], "text": DIRTY})
        out = df.with_columns(clean_column("text"))
        assert out["text"].to_list() == CLEAN
        assert out["id"].to_list() == [1, 2, 3, 4, 5] and out.columns == ["id", "text"]

    def test_expression_with_alias_and_lazy_frame(self) -> None:
        from cleantext.frames import clean_column

        lazy = pl.LazyFrame({"text": DIRTY})
        out = lazy.select(clean_column(pl.col("text")).alias("clean"), "text").collect()
        assert out["clean"].to_list() == CLEAN and out["text"].to_list() == DIRTY


class TestDatasets:
    def test_map_in_worker_processes(self) -> None:
        from cleantext.frames import clean_dataset

        texts = [f"row  {i} cafÃ©" for i in range(50)] + [None]
        ds = datasets.Dataset.from_dict({"id": list(range(51)), "text": texts})
        out = clean_dataset(ds, num_proc=2, batch_size=7)
        assert out["text"] == [f"row {i} café" for i in range(50)] + [None]
        assert out["id"] == list(range(51))
        assert ds["text"][0] == "row  0 cafÃ©"

    def test_other_column_name(self) -> None:
        from cleantext.frames import clean_dataset

        ds = datasets.Dataset.from_dict({"body": ["a  b"], "title": ["x  y"]})
        out = clean_dataset(ds, "body", Pipeline(["normalize-whitespace"]))
        assert out[0] == {"body": "a b", "title": "x  y"}


def test_missing_library_gives_the_install_command(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    from cleantext.frames import clean_column, clean_series

    monkeypatch.setitem(sys.modules, "pandas", None)
    monkeypatch.setitem(sys.modules, "polars", None)
    with pytest.raises(MissingDependencyError, match=r"pip install 'cleantext-news\[pandas\]'"):
        clean_series([])
    with pytest.raises(MissingDependencyError, match=r"pip install 'cleantext-news\[polars\]'"):
        clean_column("text")
