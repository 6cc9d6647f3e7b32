"""Pipelines put together the way the command line and TOML configs ask:
a pass added where the presets put it, an option set from text by its
type, a TOML config that adds passes to a preset.

>>> from cleantext import Pipeline
>>> add_pass(Pipeline(["normalize-whitespace"]), "fix-encoding").names
('fix-encoding', 'normalize-whitespace')
>>> set_option(Pipeline(["normalize-unicode"]), "normalize-unicode.form=NFKC").passes[0].form
'NFKC'
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cleantext.pipeline import Pipeline

__all__ = [
    "add_pass",
    "build_pipeline",
    "convert_value",
    "pipeline_from_toml",
    "preset_listing",
    "set_option",
    "split_names",
    "with_name_tables",
]


def build_pipeline(
    *,
    preset: str | None = None,
    passes: str | None = None,
    config: str | None = None,
    skip: Sequence[str] = (),
    add: Sequence[str] = (),
    settings: Sequence[str] = (),
    name_tables: Sequence[str] = (),
) -> Pipeline:
    """The pipeline of the command line's options: ``passes`` (names
    separated by commas), a TOML ``config`` or a ``preset`` (default
    ``news``); then the passes to ``skip`` and to ``add`` (each item may
    hold names separated by commas), the ``PASS.OPTION=VALUE`` settings and
    the name tables. Raises ConfigError.

    >>> build_pipeline(preset="encoding", skip=["normalize-whitespace"], settings=["normalize-unicode.form=NFKC"])
    Pipeline([FixEncoding(), NormalizeUnicode(form='NFKC')])
    """
    from cleantext.errors import ConfigError
    from cleantext.pipeline import Pipeline

    if passes is not None:
        names = [n.strip() for n in passes.split(",") if n.strip()]
        if not names:
            raise ConfigError("--passes needs at least one pass name")
        pipeline = Pipeline(names)
    elif config is not None:
        pipeline = pipeline_from_toml(config)
    else:
        pipeline = Pipeline.from_preset(preset or "news")
    left_out = split_names(skip)
    if left_out:
        pipeline = pipeline.without(*left_out)
    for name in split_names(add):
        pipeline = add_pass(pipeline, name)
    for item in settings:
        pipeline = set_option(pipeline, item)
    if name_tables:
        pipeline = with_name_tables(pipeline, name_tables)
    return pipeline


def split_names(items: Sequence[str]) -> list[str]:
    """Pass names from options that may repeat and hold several names each.

    >>> split_names(["a,b", " c ", ""])
    ['a', 'b', 'c']
    """
    return [n.strip() for item in items for n in item.split(",") if n.strip()]


def preset_listing() -> str:
    """Each preset, its description and its passes in order (``--list-presets``)."""
    from cleantext.pipeline import Pipeline, list_presets

    return "".join(
        f"{name}: {description}\n    {' -> '.join(Pipeline.from_preset(name).names)}\n"
        for name, description in list_presets().items()
    )


def _preset_orders() -> list[tuple[str, ...]]:
    from cleantext.pipeline import Pipeline, list_presets

    return [Pipeline.from_preset(name).names for name in list_presets()]


def add_pass(pipeline: Pipeline, name: str, options: dict[str, Any] | None = None) -> Pipeline:
    """``pipeline`` with pass ``name`` added where the presets put it (after
    the passes that come before it in a preset that has it), else at the end."""
    from cleantext.errors import ConfigError
    from cleantext.pipeline import Pipeline
    from cleantext.registry import make_pass

    new = make_pass(name, options)
    if name in pipeline.names:
        raise ConfigError(f"cannot add {name!r}: it is already in the pipeline ({', '.join(pipeline.names)})")
    passes = list(pipeline.passes)
    at = len(passes)
    for order in _preset_orders():
        if name in order:
            before = set(order[: order.index(name)])
            places = [i for i, p in enumerate(passes) if p.name in before]
            at = places[-1] + 1 if places else 0
            break
    return Pipeline([*passes[:at], new, *passes[at:]])


def set_option(pipeline: Pipeline, item: str) -> Pipeline:
    """``pipeline`` with ``PASS.OPTION=VALUE`` applied; the value is read by
    the option's type, and a bad one is an error that lists what is valid."""
    import typing

    from cleantext.errors import ConfigError
    from cleantext.registry import pass_class

    key, eq, raw = item.partition("=")
    pass_name, dot, option = key.strip().rpartition(".")
    if not eq or not dot or not pass_name or not option:
        raise ConfigError(f"--set: expected PASS.OPTION=VALUE, like normalize-unicode.form=NFKC; got {item!r}")
    cls = pass_class(pass_name)
    options = cls.options()
    if option not in options:
        listing = ", ".join(f"{k} (default {v[0]!r})" for k, v in options.items()) or "none"
        raise ConfigError(f"--set: pass {pass_name!r} has no option {option!r}; its options: {listing}")
    hint = typing.get_type_hints(cls).get(option, Any)
    try:
        value = convert_value(raw.strip(), hint)
    except ValueError as exc:
        raise ConfigError(f"--set {key}: {exc}") from None
    if pass_name not in pipeline.names:
        raise ConfigError(f"--set: {pass_name!r} is not in the pipeline ({', '.join(pipeline.names)}); --add it first")
    try:
        return pipeline.with_options({pass_name: {option: value}})
    except ConfigError as exc:
        raise ConfigError(f"--set {key}: {exc}") from None


_TRUE = {"true", "yes", "on", "1"}
_FALSE = {"false", "no", "off", "0"}


def convert_value(raw: str, hint: Any) -> Any:
    """``raw`` read as a value of type ``hint`` (ValueError names the valid ones)."""
    import types
    import typing

    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if hint is bool:
        if raw.lower() in _TRUE | _FALSE:
            return raw.lower() in _TRUE
        raise ValueError(f"expected true or false, got {raw!r}")
    if hint is int:
        try:
            return int(raw)
        except ValueError:
            raise ValueError(f"expected an integer, got {raw!r}") from None
    if hint is float:
        try:
            return float(raw)
        except ValueError:
            raise ValueError(f"expected a number, got {raw!r}") from None
    if hint is str:
        return raw
    if origin is typing.Literal:
        for choice in args:
            if str(choice).lower() == raw.lower():
                return choice
        raise ValueError(f"expected one of {', '.join(str(a) for a in args)}; got {raw!r}")
    if origin in (typing.Union, types.UnionType):
        if type(None) in args and raw.lower() in ("none", "null", ""):
            return None
        problems = []
        for a in args:
            if a is type(None):
                continue
            try:
                return convert_value(raw, a)
            except ValueError as exc:
                problems.append(str(exc))
        raise ValueError("; ".join(problems))
    if origin in (tuple, list) or hint in (tuple, list) or str(origin).endswith("Sequence"):
        item = args[0] if args else str
        return tuple(convert_value(part.strip(), item) for part in raw.split(",") if part.strip())
    import tomllib

    try:
        return tomllib.loads(f"v = {raw}")["v"]
    except tomllib.TOMLDecodeError:
        return raw


def pipeline_from_toml(path: str) -> Pipeline:
    """A TOML config; beside what :meth:`Pipeline.from_config` reads, ``add``
    lists passes to add to the preset (their options under ``[options.NAME]``)."""
    import tomllib

    from cleantext.errors import ConfigError
    from cleantext.pipeline import Pipeline

    try:
        with open(path, "rb") as f:
            data = tomllib.load(f)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read config: {exc.strerror or exc}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError):
        return Pipeline.from_toml(path)  # its message names the line
    if "add" not in data:
        return Pipeline.from_toml(path)
    add = data.pop("add")
    if not isinstance(add, list) or not all(isinstance(a, str) for a in add):
        raise ConfigError(f"{path}: 'add' must be a list of pass names")
    if "pass" in data:
        raise ConfigError(f"{path}: 'add' goes with a preset, not with [[pass]] tables")
    options = dict(data.get("options", {}))
    added = {name: options.pop(name, None) for name in add}
    data["options"] = options
    pipeline = Pipeline.from_config(data, source=path)
    for name, opts in added.items():
        try:
            pipeline = add_pass(pipeline, name, opts)
        except ConfigError as exc:
            raise ConfigError(f"{path}: {exc}") from None
    return pipeline


def with_name_tables(pipeline: Pipeline, paths: Sequence[str]) -> Pipeline:
    """Add name tables to the pipeline's normalize-names pass."""
    from cleantext.errors import ConfigError

    current = [p for p in pipeline if p.name == "normalize-names"]
    if not current:
        raise ConfigError(
            f"--names: the pipeline has no normalize-names pass to give the tables to "
            f"(its passes: {', '.join(pipeline.names) or 'none'})"
        )
    tables = [*getattr(current[0], "tables", ()), *paths]
    return pipeline.with_options({"normalize-names": {"tables": tables}})
