"""The contract every other module builds on: a pass (:class:`Pass`, and
:class:`LinePass` for passes that remove whole lines), its options
(:func:`option`), what it changed (:class:`Change`, with a :class:`Reason`
that has a code to count by and a text to read) and the error a bad
configuration raises (:class:`ConfigError`, with the option, file and line
as fields).

This module imports nothing of cleantext but the modules below it: the
errors (:mod:`cleantext.errors`, where the two error classes are defined),
the text primitives (:mod:`cleantext.text`, with the package data they
read) and, to show a pass in a notebook, the style sheet
(:mod:`cleantext.markup`). Registries, pipelines, reports, readers and the
command line sit above it.
"""

from __future__ import annotations

import dataclasses
import inspect
import types
import typing
from bisect import bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, ClassVar, Literal

from cleantext.errors import CleantextError, ConfigError
from cleantext.text import bare_lines, changed_span, is_blank, line_starts, split_lines, strip_ending

__all__ = [
    "BLANK_LINE_LEFT",
    "DEFAULT_RANGE",
    "Change",
    "ChangeKind",
    "CleantextError",
    "ConfigError",
    "LinePass",
    "Pass",
    "Reason",
    "drop_orphaned_blank_lines",
    "option",
    "reason_code",
]


# -- changes ------------------------------------------------------------------


class Reason(str):
    """The reason for a change: the text a person reads, with a ``code``
    that stays the same whatever the details (a quoted line, a count), for
    reports to count by. It is a ``str``, so it goes wherever a reason
    string goes.

    >>> why = Reason('promo line "Advertisement"', "promo-line")
    >>> why, why.code, reason_code(why), reason_code("free text")
    ('promo line "Advertisement"', 'promo-line', 'promo-line', None)
    """

    code: str

    def __new__(cls, text: str, code: str) -> Reason:
        self = super().__new__(cls, text)
        self.code = code
        return self

    def __reduce__(self) -> Any:
        return (Reason, (str(self), self.code))


#: The code of a blank line a line pass removes with a removed paragraph.
BLANK_LINE_LEFT = "blank-line-left"


def reason_code(reason: str | None) -> str | None:
    """The code of a :class:`Reason`; None for a plain string or None."""
    return reason.code if isinstance(reason, Reason) else None


ChangeKind = Literal["line-removed", "span-replaced", "text-appended", "text-removed", "line-added"]


@dataclass(frozen=True, slots=True)
class Change:
    """One change made by one pass.

    A pass reports ``line`` (1-based) and, if it knows it, ``span`` (start and
    end character offsets of ``before``) in the text it received; in the
    results of :meth:`Pipeline.run` and :meth:`Pipeline.explain`, both refer
    to the pipeline's original input. ``before`` and ``after`` hold the
    changed text only (a removed line, a replaced span), not the whole line.
    ``reason`` is the text a person reads; ``code``, when the pass gives
    one, names the kind of reason for counting (``"promo-line"``), the same
    whatever the details of the text.
    """

    pass_name: str
    kind: ChangeKind
    before: str
    after: str
    reason: str | None
    line: int
    span: tuple[int, int] | None = None
    code: str | None = None

    def __post_init__(self) -> None:
        if self.code is None and isinstance(self.reason, Reason):
            object.__setattr__(self, "code", self.reason.code)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["pass"] = data.pop("pass_name")
        if self.reason is not None:
            data["reason"] = str(self.reason)
        if self.span is not None:
            data["span"] = list(self.span)
        if self.code is None:
            del data["code"]
        return data

    def __str__(self) -> str:
        why = f" ({self.reason})" if self.reason else ""
        if self.kind == "line-removed":
            return f"{self.pass_name}: line {self.line} removed{why}: {strip_ending(self.before)!r}"
        return f"{self.pass_name}: line {self.line} {self.kind}{why}: {self.before!r} -> {self.after!r}"


# -- passes -------------------------------------------------------------------

#: The range of a number option that declares none: no option of any pass
#: means anything beyond a million (a count of words, lines or characters),
#: and a larger value only costs memory and time.
DEFAULT_RANGE = (0, 1_000_000)


def option(default: Any, why: str, *, path: bool = False, bounds: tuple[float, float] | None = None) -> Any:
    """A pass option: a default and the one-line reason for that default.

    ``path=True`` marks an option holding file paths (a string or a list of
    them): in a TOML config, relative paths resolve against the config
    file's folder. ``bounds=(low, high)`` is the range of a number option (both ends
    included); a number option without one is bounded by
    :data:`DEFAULT_RANGE`, widened to take in its default.
    """
    if isinstance(default, (list, dict, set)):
        raise TypeError("option defaults must be immutable: use a tuple")
    return field(default=default, metadata={"why": why, "path": path, "bounds": bounds})


class Pass:
    """Base class of every pass: a named, configurable ``str -> str`` callable.

    Subclasses are frozen, keyword-only dataclasses. Options are validated when
    the pass is built, so a bad configuration fails at once, naming the pass
    and the option.
    """

    name: ClassVar[str] = ""

    def __post_init__(self) -> None:
        _validate_options(self)

    def __call__(self, text: str) -> str:
        raise NotImplementedError

    def option_error(self, option: str, problem: str) -> ConfigError:
        """The error for a bad value of ``option``: its message names the
        pass and the option, its fields hold them and the value.

        >>> @dataclass(frozen=True, kw_only=True)
        ... class Cut(Pass):
        ...     width: int = option(80, "a line of a terminal")
        ...     def __call__(self, text: str) -> str:
        ...         return text[: self.width]
        >>> err = Cut().option_error("width", "must be even")
        >>> str(err), err.option, err.value
        ("pass 'Cut', option 'width': must be even", 'width', 80)
        """
        name = type(self).name or type(self).__name__
        value = getattr(self, option, None)
        return ConfigError(f"pass {name!r}, option {option!r}: {problem}", pass_name=name, option=option, value=value)

    def apply(self, text: str) -> tuple[str, list[Change]]:
        r"""Run the pass and describe what it changed.

        Passes that know what and why they changed override this. The default
        reports the one stretch from the first to the last changed character;
        a :class:`~cleantext.pipeline.Pipeline` does not call it, but finds
        such a pass's changes by a diff (:func:`cleantext.explain.diff_changes`).

        >>> @dataclass(frozen=True, kw_only=True)
        ... class Upper(Pass):
        ...     def __call__(self, text: str) -> str:
        ...         return text.upper()
        >>> out, [change] = Upper().apply("ok\nfine.\n")
        >>> change.before, change.after, change.line, change.span
        ('ok\nfine', 'OK\nFINE', 1, (0, 7))
        """
        out = self(text)
        if out == text:
            return out, []
        start, old_end, new_end = changed_span(text, out)
        line = bisect_right(line_starts(text), start)
        return out, [
            Change(self.name, "span-replaced", text[start:old_end], out[start:new_end], None, line, (start, old_end))
        ]

    @classmethod
    def summary(cls) -> str:
        """The first line of the pass's docstring."""
        doc = inspect.getdoc(cls) or ""
        return doc.strip().splitlines()[0] if doc.strip() else ""

    @classmethod
    def options(cls) -> dict[str, tuple[Any, str]]:
        """Option name -> (default, reason for the default)."""
        if not dataclasses.is_dataclass(cls):
            return {}
        return {f.name: (f.default, f.metadata.get("why", "")) for f in dataclasses.fields(cls) if f.init}

    @classmethod
    def option_variants(cls) -> list[dict[str, Any]]:
        """One option set per non-default value of each bool and ``Literal``
        option: the configurations a check of the contract should also try."""
        if not dataclasses.is_dataclass(cls):
            return []
        hints = typing.get_type_hints(cls)
        variants: list[dict[str, Any]] = []
        for f in dataclasses.fields(cls):
            hint = hints.get(f.name)
            if hint is bool:
                variants.append({f.name: not f.default})
            elif typing.get_origin(hint) is Literal:
                variants.extend({f.name: v} for v in typing.get_args(hint) if v != f.default)
        return variants

    @classmethod
    def option_range(cls, name: str) -> tuple[float, float] | None:
        """The valid range of a number option (ends included), else None."""
        if not dataclasses.is_dataclass(cls):
            return None
        hints = typing.get_type_hints(cls)
        for f in dataclasses.fields(cls):
            if f.name == name:
                return _range_of(f, hints.get(f.name))
        return None

    @classmethod
    def option_is_path(cls, name: str) -> bool:
        """True for an option declared with ``option(..., path=True)``."""
        if not dataclasses.is_dataclass(cls):
            return False
        return any(f.name == name and f.metadata.get("path", False) for f in dataclasses.fields(cls))

    def config(self) -> dict[str, Any]:
        """The options that differ from their defaults."""
        if not dataclasses.is_dataclass(self):
            return {}
        return {
            f.name: getattr(self, f.name)
            for f in dataclasses.fields(self)
            if f.init and getattr(self, f.name) != f.default
        }

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.config().items())
        return f"{type(self).__name__}({args})"

    def _repr_html_(self) -> str:
        from cleantext.markup import pass_html

        return pass_html(self)


class LinePass(Pass):
    """A pass that removes whole lines, giving a reason for each one.

    Subclasses implement :meth:`judge`. Lines it keeps come out byte-identical,
    line endings included. When a removed line was a paragraph of its own, the
    blank line that separated it from the text is removed with it, so no
    removal leaves a double gap.
    """

    def judge(self, lines: Sequence[str]) -> Mapping[int, str]:
        """Map the index of each line to remove to the reason for removing it.

        ``lines`` are the document's lines without their endings; a pass may
        look at neighbouring lines to decide. A reason may be a
        :class:`Reason`, which adds a code that reports count by.
        """
        raise NotImplementedError

    def removals(self, text: str) -> list[tuple[int, str, str]]:
        """``(line index, line with its ending, reason)`` for each removed line."""
        return self.plan(text)[1]

    def plan(self, text: str) -> tuple[list[str], list[tuple[int, str, str]]]:
        """The lines of ``text`` (with endings; empty when nothing is removed)
        and ``(line index, line, reason)`` for each removed line."""
        bare = bare_lines(text)
        if not bare:
            return [], []
        drop = self.drops(bare)
        if not drop:
            return [], []
        if "\r" in text:
            lines = split_lines(text)
        else:
            lines = [line + "\n" for line in bare]
            if not text.endswith("\n"):
                lines[-1] = bare[-1]
        return lines, [(i, lines[i], drop[i]) for i in sorted(drop)]

    def drops(self, lines: Sequence[str]) -> dict[int, str]:
        """Index -> reason for each line of ``lines`` (without their endings)
        to remove: the lines :meth:`judge` removes and the blank lines their
        removal would leave doubled."""
        verdicts = self.judge(lines)
        if not verdicts:
            return {}
        drop = dict(verdicts)
        drop_orphaned_blank_lines(lines, drop)
        return drop

    def __call__(self, text: str) -> str:
        lines, removed = self.plan(text)
        if not removed:
            return text
        gone = {i for i, _, _ in removed}
        return "".join(line for i, line in enumerate(lines) if i not in gone)

    def apply(self, text: str) -> tuple[str, list[Change]]:
        lines, removed = self.plan(text)
        if not removed:
            return text, []
        gone = {i for i, _, _ in removed}
        out = "".join(line for i, line in enumerate(lines) if i not in gone)
        changes = [
            Change(self.name, "line-removed", line, "", reason, i + 1, code=reason_code(reason))
            for i, line, reason in removed
        ]
        return out, changes


def drop_orphaned_blank_lines(lines: Sequence[str], drop: dict[int, str]) -> None:
    """Also drop one blank line around each removed block that stood between
    blank lines (or at an edge of the text), so paragraphs keep one gap."""
    n = len(lines)
    kept = -1  # the last line before i that stays (walking back to it each time was quadratic)
    i = 0
    while i < n:
        if i not in drop:
            kept = i
            i += 1
            continue
        if is_blank(lines[i]):
            i += 1
            continue
        j = i
        while j + 1 < n and (j + 1) in drop:
            j += 1
        before = kept  # skips blanks already dropped for an earlier block
        after = j + 1
        blank_before = before >= 0 and is_blank(lines[before])
        blank_after = after < n and is_blank(lines[after]) and after not in drop
        if blank_after and (blank_before or before < 0):
            drop[after] = Reason("blank line left by the removal above", BLANK_LINE_LEFT)
        elif blank_before and after >= n:
            drop[before] = Reason("blank line left by the removal below", BLANK_LINE_LEFT)
        i = j + 1


# -- option validation ------------------------------------------------------


def _validate_options(obj: Pass) -> None:
    if not dataclasses.is_dataclass(obj):
        return
    cls = type(obj)
    try:
        hints = typing.get_type_hints(cls)
    except Exception:  # pragma: no cover - unresolvable annotations: skip checks
        return
    for f in dataclasses.fields(obj):
        if not f.init:
            continue
        value = getattr(obj, f.name)
        expected = hints.get(f.name, Any)
        problem = _type_problem(value, expected)
        if problem is None:
            problem = _range_problem(value, _range_of(f, expected))
        if problem:
            raise obj.option_error(f.name, problem)
        if isinstance(value, list):
            object.__setattr__(obj, f.name, tuple(value))


def _range_of(f: dataclasses.Field[Any], hint: Any) -> tuple[float, float] | None:
    """The declared range of a number option, or the default range (widened
    to take in the option's default); None for other options."""
    declared: tuple[float, float] | None = f.metadata.get("bounds") if f.metadata else None
    if declared is not None:
        return declared
    numbers = {int, float}
    args = set(typing.get_args(hint)) if typing.get_origin(hint) in (typing.Union, types.UnionType) else {hint}
    if not args & numbers:
        return None
    low: float = DEFAULT_RANGE[0]
    high: float = DEFAULT_RANGE[1]
    default = f.default
    if isinstance(default, (int, float)) and not isinstance(default, bool):
        low, high = min(low, default), max(high, default)
    return low, high


def _range_problem(value: Any, bounds: tuple[float, float] | None) -> str | None:
    if bounds is None or not isinstance(value, (int, float)) or isinstance(value, bool):
        return None
    low, high = bounds
    if value != value or not low <= value <= high:  # NaN is in no range
        return f"{value!r} is out of range: give a number from {_number(low)} to {_number(high)}"
    return None


def _number(x: float) -> str:
    return f"{int(x):,}" if float(x).is_integer() else repr(x)


def _type_problem(value: Any, expected: Any) -> str | None:
    """None if ``value`` fits the annotation ``expected``, else a message."""
    if expected is Any:
        return None
    origin = typing.get_origin(expected)
    args = typing.get_args(expected)
    if origin is Literal:
        if value in args and type(value) in {type(a) for a in args}:
            return None
        return f"expected one of {', '.join(repr(a) for a in args)}, got {value!r}"
    if origin in (typing.Union, types.UnionType):
        if any(_type_problem(value, a) is None for a in args):
            return None
        return f"expected {_type_name(expected)}, got {value!r}"
    if origin in (tuple, list, Sequence) or expected in (tuple, list):
        if not isinstance(value, (tuple, list)):
            return f"expected a list, got {value!r}"
        item = args[0] if args else Any
        for v in value:
            problem = _type_problem(v, item)
            if problem:
                return f"in the list: {problem}"
        return None
    if origin in (dict, Mapping) or expected is dict:
        return None if isinstance(value, Mapping) else f"expected a table, got {value!r}"
    if expected is type(None):
        return None if value is None else f"expected nothing, got {value!r}"
    if expected is float:
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        return None if ok else f"expected a number, got {value!r}"
    if expected is int:
        ok = isinstance(value, int) and not isinstance(value, bool)
        return None if ok else f"expected an integer, got {value!r}"
    if isinstance(expected, type):
        return None if isinstance(value, expected) else f"expected {_type_name(expected)}, got {value!r}"
    return None


def _type_name(t: Any) -> str:
    if isinstance(t, type):
        return {"str": "a string", "bool": "true or false", "int": "an integer"}.get(t.__name__, t.__name__)
    return str(t).replace("typing.", "")
