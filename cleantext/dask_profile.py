"""Line profiles on Dask: learn per partition, merge, then clean by source (the ``dask`` extra).

    import dask.bag as db
    from cleantext.dask_profile import learn_profile_bag, clean_records_bag

    records = db.read_text("crawl/*.jsonl").map(json.loads)
    profile = learn_profile_bag(records, field="text", source_field="url")
    profile.save("crawl.profile.json.gz")
    cleaned = clean_records_bag(records, ["strip-repeated-lines", "normalize-whitespace"], profile,
                                source_field="url")

Each partition is counted apart and the counts are merged in a tree, so the
profile is the one a single process learns from the same records (when no
document occurs in two partitions). Dask is imported when a function here is
called, not when ``cleantext`` is.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from cleantext.errors import require
from cleantext.pipeline import as_pipeline
from cleantext.profile import (
    ALL,
    DEFAULT_MAX_HASHES,
    Profile,
    ProfileBuilder,
    SourcePipelines,
    record_source,
    with_profile,
)

__all__ = ["clean_dataframe_by_source", "clean_records_bag", "learn_profile_bag", "learn_profile_dataframe"]


def _count_records(records: Iterable[Any], field: str, source_field: str | None, max_hashes: int) -> ProfileBuilder:
    builder = ProfileBuilder(max_hashes=max_hashes)
    for record in records:
        text: Any
        source: str | None
        if isinstance(record, str):
            text, source = record, (None if source_field else ALL)
        elif isinstance(record, Mapping):
            text, source = record.get(field), record_source(record, source_field)
        else:
            continue
        if isinstance(text, str) and source is not None:
            builder.add(text, source)
    return builder


def _merge(builders: Iterable[ProfileBuilder]) -> ProfileBuilder:
    merged: ProfileBuilder | None = None
    for builder in builders:
        merged = builder if merged is None else merged.merge(builder)
    return merged if merged is not None else ProfileBuilder()


def learn_profile_bag(
    bag: Any,
    field: str = "text",
    source_field: str | None = None,
    *,
    max_hashes: int = DEFAULT_MAX_HASHES,
) -> Profile:
    """The profile of a ``dask.bag.Bag`` of records (dicts with the text in
    ``field`` and the source in ``source_field``; None: one profile for all)
    or of strings (one profile for all). Computes the bag."""
    require("dask.bag", "dask")
    builder: ProfileBuilder = bag.reduction(
        lambda part: _count_records(part, field, source_field, max_hashes),
        _merge,
    ).compute()
    return builder.profile(source_field=source_field)


def clean_records_bag(
    bag: Any,
    pipeline: Any,
    profile: Profile,
    *,
    field: str = "text",
    source_field: str | None = None,
) -> Any:
    """A bag of the records of ``bag`` with ``field`` cleaned by ``pipeline``,
    whose ``strip-repeated-lines`` passes read ``profile`` for the record's
    source. Other fields are kept; a record without that field passes through."""
    require("dask.bag", "dask")
    dask = require("dask", "dask")
    sources = SourcePipelines(with_profile(as_pipeline(pipeline), profile), source_field)
    # One graph key for the pipelines and their profile: shipped once per worker, not once per partition.
    return bag.map_partitions(_clean_partition, dask.delayed(sources, pure=False, traverse=False), field)


def _clean_partition(records: Iterable[Any], sources: SourcePipelines, field: str) -> list[Any]:
    out = []
    for record in records:
        if isinstance(record, Mapping) and isinstance(record.get(field), str):
            record = {**record, field: sources.for_record(record)(record[field])}
        out.append(record)
    return out


def learn_profile_dataframe(
    df: Any,
    column: str = "text",
    source_column: str | None = None,
    *,
    max_hashes: int = DEFAULT_MAX_HASHES,
) -> Profile:
    """The profile of a Dask or pandas DataFrame's ``column``, grouped by
    ``source_column`` (a URL column gives host names; None: one profile)."""
    columns = [column] + ([source_column] if source_column else [])
    for name in columns:
        if name not in df.columns:
            raise KeyError(f"no column {name!r}; columns: {', '.join(map(str, df.columns))}")
    pd = require("pandas", "dask")
    if isinstance(df, pd.DataFrame):
        return _count_frame(df[columns], column, source_column, max_hashes).profile(source_field=source_column)
    require("dask.dataframe", "dask")
    parts = df[columns].to_delayed()
    dask = require("dask", "dask")
    builders = dask.compute(*[dask.delayed(_count_frame)(p, column, source_column, max_hashes) for p in parts])
    return _merge(builders).profile(source_field=source_column)


def _count_frame(frame: Any, column: str, source_column: str | None, max_hashes: int) -> ProfileBuilder:
    records = frame.to_dict("records")
    return _count_records(records, column, source_column, max_hashes)


def clean_dataframe_by_source(
    df: Any,
    pipeline: Any,
    profile: Profile,
    column: str = "text",
    source_column: str | None = None,
) -> Any:
    """``df`` with ``column`` cleaned by ``pipeline``, each row with its
    source's profile; a Dask DataFrame stays lazy, a pandas one is cleaned now."""
    pd = require("pandas", "dask")
    sources = SourcePipelines(with_profile(as_pipeline(pipeline), profile), source_column)
    if isinstance(df, pd.DataFrame):
        return df.assign(**{column: _clean_frame(df, sources, column)})
    require("dask.dataframe", "dask")
    dask = require("dask", "dask")
    cleaned = df.map_partitions(
        _clean_frame, dask.delayed(sources, pure=False, traverse=False), column, meta=df[column]._meta
    )
    return df.assign(**{column: cleaned})


def _clean_frame(frame: Any, sources: SourcePipelines, column: str) -> Any:
    import pandas as pd

    values = []
    for record in frame.to_dict("records"):
        text = record.get(column)
        values.append(sources.for_record(record)(text) if isinstance(text, str) else text)
    series = frame[column]
    return pd.Series(values, index=series.index, name=series.name, dtype=series.dtype)
