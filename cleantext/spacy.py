"""Put a cleantext pipeline in front of a spaCy pipeline (the ``spacy`` extra).

``clean_before(nlp)`` wraps the tokenizer, so ``nlp(text)`` and
``nlp.pipe(texts)`` tokenize the cleaned text and every later component sees
it; ``cleaned_docs(nlp, texts)`` does the same for one batch without
changing ``nlp``. spaCy is imported only by the caller: this module needs
nothing from it but the ``nlp`` object it is given.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any

from cleantext.pipeline import as_pipeline

if TYPE_CHECKING:
    from cleantext.pipeline import Pipeline

__all__ = ["OFFSETS", "ORIGINAL_TEXT", "CleaningTokenizer", "clean_before", "cleaned_docs", "original_span"]

#: ``doc.user_data`` key under which the text before cleaning is kept, when asked.
ORIGINAL_TEXT = "cleantext_original"
#: ``doc.user_data`` key of the offset map from the Doc's text back to the
#: original, as plain lists (so Docs still serialise): see :func:`original_span`.
OFFSETS = "cleantext_offsets"


class CleaningTokenizer:
    """A spaCy tokenizer that cleans the text first, then hands it to the
    tokenizer it wraps. Serialisation (``nlp.to_bytes``, ``to_disk``) goes to
    the wrapped tokenizer; the wrapper pickles, so ``nlp.pipe(n_process=2)``
    works."""

    def __init__(self, tokenizer: Callable[[str], Any], pipeline: Pipeline, *, keep_original: bool = False) -> None:
        self.tokenizer = tokenizer
        self.pipeline = pipeline
        self.keep_original = keep_original

    def __call__(self, text: str) -> Any:
        if not self.keep_original:
            return self.tokenizer(self.pipeline(text))
        result = self.pipeline.run(text, offsets=True)
        doc = self.tokenizer(result.text)
        doc.user_data[ORIGINAL_TEXT] = text
        if result.offsets is not None:
            doc.user_data[OFFSETS] = [result.offsets.to_list(), len(text), len(result.text)]
        return doc

    def pipe(self, texts: Iterable[str], batch_size: int = 1000) -> Iterator[Any]:
        for text in texts:
            yield self(text)

    def __getattr__(self, name: str) -> Any:
        if name in {"tokenizer", "pipeline", "keep_original"}:  # not set yet: unpickling
            raise AttributeError(name)
        return getattr(self.tokenizer, name)

    def __repr__(self) -> str:
        return f"CleaningTokenizer({self.tokenizer!r}, {self.pipeline!r})"


def clean_before(nlp: Any, pipeline: Pipeline | None = None, *, keep_original: bool = False) -> Any:
    """Make ``nlp`` clean every text with ``pipeline`` (the ``news`` preset by
    default) before tokenizing it; returns ``nlp``. With ``keep_original``,
    each Doc keeps the text it was given in ``doc.user_data[ORIGINAL_TEXT]``
    and the offset map back to it, for :func:`original_span`.
    Calling it again replaces the cleaning pipeline instead of stacking a
    second one."""
    tokenizer = nlp.tokenizer
    if isinstance(tokenizer, CleaningTokenizer):
        tokenizer = tokenizer.tokenizer
    nlp.tokenizer = CleaningTokenizer(tokenizer, as_pipeline(pipeline), keep_original=keep_original)
    return nlp


def cleaned_docs(
    nlp: Any, texts: Iterable[str], pipeline: Pipeline | None = None, **pipe_options: Any
) -> Iterator[Any]:
    """Clean ``texts`` and run them through ``nlp.pipe`` (``pipe_options``
    such as ``batch_size`` or ``n_process`` are passed on); Docs come out in
    input order."""
    clean = as_pipeline(pipeline)
    return iter(nlp.pipe((clean(t) for t in texts), **pipe_options))


def original_span(item: Any) -> tuple[int, int]:
    """``(start, end)`` of a Token or Span in the text the Doc was made from,
    before cleaning; needs ``clean_before(nlp, keep_original=True)``."""
    from cleantext.align import OffsetMap

    doc = item.doc
    if OFFSETS not in doc.user_data:
        raise ValueError("the Doc has no offsets: make it with clean_before(nlp, keep_original=True)")
    flat, original_length, cleaned_length = doc.user_data[OFFSETS]
    start = item.idx if hasattr(item, "idx") else item.start_char
    end = start + len(item.text) if hasattr(item, "idx") else item.end_char
    return OffsetMap.from_list(flat, original_length, cleaned_length).to_original(start, end)
