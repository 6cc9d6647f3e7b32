"""Clean a column of text in a pandas or polars DataFrame, or a Hugging Face
dataset (the ``pandas``, ``polars`` and ``datasets`` extras).

Values that are not strings (None, NaN, numbers) pass through unchanged, and
so does everything else about the data: index, name, dtype of other columns,
row order. Each helper imports its library only when called.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cleantext.pipeline import as_pipeline

if TYPE_CHECKING:
    from cleantext.pipeline import Pipeline

__all__ = ["StringCleaner", "clean_column", "clean_dataset", "clean_series"]


#: What the helpers take as ``pipeline``: a Pipeline, a preset name
#: (``"encoding"``), a list of pass names or passes, or None for ``news``.
PipelineLike = Any


class StringCleaner:
    """Clean strings and return any other value as it is; picklable, for
    worker processes. ``batch`` cleans one column of a batch of rows (the
    shape ``datasets.Dataset.map(batched=True)`` uses)."""

    def __init__(self, pipeline: Pipeline, column: str = "text") -> None:
        self.pipeline = pipeline
        self.column = column

    def __call__(self, value: Any) -> Any:
        return self.pipeline(value) if isinstance(value, str) else value

    def batch(self, rows: dict[str, list[Any]]) -> dict[str, list[Any]]:
        return {self.column: [self(v) for v in rows[self.column]]}

    def __repr__(self) -> str:
        return f"StringCleaner({self.pipeline!r}, column={self.column!r})"


def clean_series(series: Any, pipeline: PipelineLike = None, *, jobs: int = 1) -> Any:
    """A cleaned copy of a pandas Series, with the same index, name and
    length; non-string values are kept. ``pipeline`` is a Pipeline, a preset
    name such as ``"encoding"`` or a list of pass names (``news`` by default). ``jobs`` > 1 cleans in worker
    processes (0: one per core)."""
    from cleantext.errors import require

    pd: Any = require("pandas", "pandas")
    clean = StringCleaner(as_pipeline(pipeline))
    if jobs == 1:
        values = [clean(v) for v in series]
    else:
        from cleantext.parallel import ordered_map

        values = list(ordered_map(clean, series, jobs=jobs))
    return pd.Series(values, index=series.index, name=series.name, dtype=series.dtype)


def clean_column(column: Any, pipeline: PipelineLike = None) -> Any:
    """A polars expression that cleans a string column: ``column`` is a name
    or an expression; nulls stay null. Use it in ``with_columns`` or
    ``select``."""
    from cleantext.errors import require

    pl: Any = require("polars", "polars")
    expr = pl.col(column) if isinstance(column, str) else column
    return expr.map_elements(StringCleaner(as_pipeline(pipeline)), return_dtype=pl.String)


def clean_dataset(dataset: Any, column: str = "text", pipeline: PipelineLike = None, **map_options: Any) -> Any:
    """A Hugging Face dataset with ``column`` cleaned, through
    ``Dataset.map(batched=True)``; ``map_options`` such as ``num_proc`` or
    ``batch_size`` are passed on (the pipeline is pickled to the workers)."""
    from cleantext.errors import require

    require("datasets", "datasets")
    clean = StringCleaner(as_pipeline(pipeline), column)
    return dataset.map(clean.batch, batched=True, **map_options)
