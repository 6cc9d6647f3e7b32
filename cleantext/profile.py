"""Line profiles over a corpus: learned from JSONL files, and used to clean
a corpus source by source with ``strip-repeated-lines``.

A profile (:class:`Profile`: per source, its documents and how many of them
hold each line) is defined in :mod:`cleantext.lineprofile`, below the passes
and the run loop; its names are importable from here too. This module sits
above the run loop (:mod:`cleantext.run`), which it uses to read the files.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cleantext.errors import ConfigError
from cleantext.lineprofile import (
    ALL,
    DEFAULT_MAX_HASHES,
    MAX_PROFILE_BYTES,
    Profile,
    ProfileBuilder,
    SourceProfile,
    document_hashes,
    learn_profile,
    line_hash,
    normalize_line,
    record_source,
    source_key,
)

if TYPE_CHECKING:
    from cleantext.pipeline import Pipeline

__all__ = [
    "ALL",
    "DEFAULT_MAX_HASHES",
    "MAX_PROFILE_BYTES",
    "Profile",
    "ProfileBuilder",
    "SourcePipelines",
    "SourceProfile",
    "bind_source",
    "clean_jsonl",
    "document_hashes",
    "learn_profile",
    "learn_profile_jsonl",
    "line_hash",
    "normalize_line",
    "record_source",
    "source_key",
    "with_profile",
]

log = logging.getLogger("cleantext")


def _jsonl_input(path: str) -> Any:
    from cleantext.io.streams import Input

    return Input(path, "jsonl", os.path.basename(path))


def learn_profile_jsonl(
    path: str | os.PathLike[str],
    field: str = "text",
    source_field: str | None = None,
    *,
    max_hashes: int = DEFAULT_MAX_HASHES,
) -> Profile:
    """Learn the profile of a JSONL file in one read: the text in ``field``,
    the source from ``source_field`` (a URL's host name for ``url``; None for
    one profile over the whole file). A record that cannot be read is an
    :class:`~cleantext.errors.InputError` naming the file and line."""
    from cleantext.io.formats import ReadOptions
    from cleantext.run import ProfileLearner, SerialExecutor
    from cleantext.run import learn_profile as learn_inputs

    learner = ProfileLearner(None, fields=(field,), source_field=source_field, max_hashes=max_hashes)
    options = ReadOptions(fields=(field,))
    return learn_inputs(learner, [_jsonl_input(os.fspath(path))], options, SerialExecutor())


# -- cleaning a corpus with its profile ------------------------------------------------


def with_profile(pipeline: Pipeline, profile: Profile) -> Pipeline:
    """``pipeline`` with ``profile`` given to each ``strip-repeated-lines`` pass in it."""
    from cleantext.passes.repeated import StripRepeatedLines
    from cleantext.pipeline import Pipeline

    passes = []
    for p in pipeline:
        if isinstance(p, StripRepeatedLines):
            p = p.bound_to(profile)
        passes.append(p)
    return Pipeline(passes)


def bind_source(pipeline: Pipeline, source: str) -> Pipeline:
    """``pipeline`` with each ``strip-repeated-lines`` pass set to read the
    profile of ``source`` (the other passes are the same objects)."""
    from cleantext.passes.repeated import StripRepeatedLines
    from cleantext.pipeline import Pipeline

    return Pipeline(p.for_source(source) if isinstance(p, StripRepeatedLines) else p for p in pipeline)


class SourcePipelines:
    """One pipeline per source, built once each (the last ``cache_size`` kept),
    for cleaning the records of a corpus with their source's profile."""

    def __init__(self, pipeline: Pipeline, source_field: str | None, *, cache_size: int = 4096) -> None:
        self.pipeline = pipeline
        self.source_field = source_field
        self.cache_size = cache_size
        self._cache: dict[str, Pipeline] = {}

    def __getstate__(self) -> dict[str, Any]:
        # Pickled without the pipelines built so far: each process builds its own.
        return {**self.__dict__, "_cache": {}}

    def for_source(self, source: str | None) -> Pipeline:
        """The pipeline for documents of ``source``; None (a record without a
        source) gets one whose profile has no such source, so nothing repeated is removed."""
        key = "\x00none" if source is None else source
        found = self._cache.get(key)
        if found is None:
            if len(self._cache) >= self.cache_size:
                self._cache.pop(next(iter(self._cache)))
            found = self._cache[key] = bind_source(self.pipeline, key)
        return found

    def for_record(self, record: Mapping[str, Any]) -> Pipeline:
        """The pipeline for a JSONL record, by its source field."""
        return self.for_source(record_source(record, self.source_field))


def clean_jsonl(
    path: str | os.PathLike[str],
    output: str | os.PathLike[str],
    pipeline: Pipeline,
    *,
    field: str = "text",
    source_field: str | None = None,
    profile: Profile | None = None,
) -> Profile:
    """Clean a JSONL file with a per-source profile: the first read learns
    the profile (unless one is given), the second cleans each record's
    ``field`` with its source's profile and writes the records to ``output``
    (other fields as they were). Returns the profile, to save or reuse."""
    from cleantext.errors import InputError
    from cleantext.io.formats import ReadOptions
    from cleantext.io.streams import Output
    from cleantext.run import Cleaner, Outputs, SerialExecutor, Sinks, run

    name = os.fspath(path)
    if Path(output).exists() and os.path.samefile(name, output):
        raise ConfigError(f"{output}: refusing to overwrite the input; write the output elsewhere")
    if profile is None:
        profile = learn_profile_jsonl(name, field, source_field)
    bound = with_profile(pipeline, profile)
    sources = SourcePipelines(bound, source_field) if source_field is not None else None
    cleaner = Cleaner(bound, fields=(field,), source_field=source_field, sources=sources)
    target = Output(os.fspath(output), [name])
    errors: list[str] = []
    outcome = run(
        [_jsonl_input(name)],
        cleaner,
        SerialExecutor(),
        Outputs(lambda inp: target, per_input=False, explain=False),
        ReadOptions(fields=(field,)),
        Sinks(error=errors.append),
    )
    if outcome.error is not None:
        raise InputError(outcome.error)
    for message in errors:
        log.warning("cleantext: %s", message)
    return profile
