"""Pipelines: an ordered tuple of passes, built from objects, names, a preset
or a TOML config."""

from __future__ import annotations

import os
from bisect import bisect_right
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cache
from itertools import compress, repeat
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cleantext.data import read_toml
from cleantext.errors import ConfigError
from cleantext.explain import Change, changes_from_edits, line_at, line_starts
from cleantext.registry import CallablePass, LinePass, Pass, make_pass, pass_class
from cleantext.text import piece_starts

if TYPE_CHECKING:
    from cleantext.align import Edit, OffsetMap
    from cleantext.corpus_report import CorpusReport
    from cleantext.explain import ChangeKind, Report

__all__ = ["DEFAULT_PRESET", "LineRun", "LineView", "Pipeline", "Result", "as_pipeline", "clean", "list_presets"]

DEFAULT_PRESET = "news"


class _Pending:
    """Changes worked out but not yet built or placed in the original: for
    each pass that changed the text, ``(its changes, how many passes changed
    the text before it)``, or for a pass aligned by a diff ``(name, its
    input, its output, the written regions, how many before it)``. Building
    a change for each of thousands of repaired characters costs more than
    placing them, so they are built when first read."""

    __slots__ = ("original", "parts", "steps")

    def __init__(
        self,
        original: str,
        parts: list[tuple[list[Change], int] | tuple[str, str, str, list[Edit], int]],
        steps: list[OffsetMap],
    ) -> None:
        self.original, self.parts, self.steps = original, parts, steps

    def build(self) -> list[Change]:
        starts = line_starts(self.original)
        out: list[Change] = []
        for part in self.parts:
            if len(part) == 2:
                made, done = part
            else:
                name, before, after, edits, done = part
                made = _diff_changes(name, before, after, edits)
            out.extend(_in_original(made, self.steps[:done], starts))
        return out


class _Changes:
    """``Result.changes``: a list, built on first reading when
    :meth:`Pipeline.run` left it pending."""

    def __get__(self, obj: object, owner: type | None = None) -> Any:
        if obj is None:
            return None  # the default: no changes
        held = obj.__dict__["_changes"]
        if isinstance(held, _Pending):
            held = obj.__dict__["_changes"] = held.build()
        return held

    def __set__(self, obj: object, value: list[Change] | _Pending | None) -> None:
        obj.__dict__["_changes"] = [] if value is None else value


@dataclass(frozen=True)
class Result:
    """What :meth:`Pipeline.run` returns: the cleaned text, every change in
    the order the passes made them (line numbers and spans in the original
    text) and, when asked for, the :class:`~cleantext.align.OffsetMap` from
    the cleaned text back to the original."""

    text: str
    changes: list[Change] = _Changes()  # type: ignore[assignment]
    offsets: OffsetMap | None = None

    def __getstate__(self) -> dict[str, Any]:
        return {"text": self.text, "_changes": self.changes, "offsets": self.offsets}

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        from cleantext.report import result_repr

        return result_repr(self)

    def _repr_html_(self) -> str:
        from cleantext.report import result_html

        return result_html(self)


class Pipeline:
    """An ordered sequence of passes, itself a ``str -> str`` callable.

    >>> from cleantext import Pipeline
    >>> p = Pipeline(["normalize-whitespace"])
    >>> p("too   many  spaces  \\n")
    'too many spaces\\n'
    >>> p.names
    ('normalize-whitespace',)
    """

    __slots__ = ("_steps", "passes")

    passes: tuple[Pass, ...]

    def __init__(self, passes: Iterable[Pass | str | type[Pass] | Callable[[str], str]] = ()) -> None:
        if isinstance(passes, str):
            passes = _names(passes)
        elif not isinstance(passes, Iterable):
            raise TypeError(f"passes must be a list of passes or pass names, not {type(passes).__name__}")
        built: list[Pass] = []
        for p in passes:
            if isinstance(p, str):
                built.append(make_pass(p))
            elif isinstance(p, type) and issubclass(p, Pass):
                built.append(p())
            elif isinstance(p, Pass):
                built.append(p)
            elif callable(p) and not isinstance(p, type):
                built.append(CallablePass(func=p))
            else:
                raise ConfigError(
                    f"not a pass: {p!r}; give a pass object, a pass name, a Pass class or a str -> str function"
                )
        self.passes = tuple(built)

    # -- building ---------------------------------------------------------

    @classmethod
    def from_names(cls, names: Iterable[str], options: Mapping[str, Mapping[str, Any]] | None = None) -> Pipeline:
        """Build from pass names (a list, or one string with names separated
        by commas), with options per pass name."""
        names = _names(names) if isinstance(names, str) else list(names)
        options = dict(options or {})
        stray = [n for n in options if n not in names]
        if stray:
            raise ConfigError(f"options given for {stray[0]!r}, which is not in the pipeline ({', '.join(names)})")
        return cls(make_pass(n, options.get(n)) for n in names)

    @classmethod
    def from_preset(cls, name: str = DEFAULT_PRESET) -> Pipeline:
        """Build a preset pipeline (see :func:`list_presets`)."""
        presets = _presets()
        if name not in presets:
            raise ConfigError(f"unknown preset {name!r}; valid presets: {', '.join(sorted(presets))}")
        return cls.from_config(presets[name], source=f"preset {name!r}", _allow={"description"})

    @classmethod
    def from_toml(cls, path: str | os.PathLike[str]) -> Pipeline:
        """Build from a TOML config file (see :meth:`from_config`)."""
        from cleantext.limits import load_toml, read_config_text

        path = Path(path)
        raw = read_config_text(path, "config")
        return cls.from_config(load_toml(raw, str(path)), source=str(path), _text=raw, _base=path.parent)

    @classmethod
    def from_config(
        cls,
        data: Mapping[str, Any],
        *,
        source: str = "<config>",
        _text: str | None = None,
        _allow: set[str] | frozenset[str] = frozenset(),
        _base: Path | None = None,
    ) -> Pipeline:
        """Build from a config mapping, the parsed form of a TOML file.

        Either a list of passes, each a table with its ``name`` and options::

            [[pass]]
            name = "fix-encoding"
            [[pass]]
            name = "normalize-unicode"
            form = "NFKC"

        or a preset with passes skipped and options overridden::

            preset = "news"
            skip = ["normalize-whitespace"]
            [options.fix-encoding]
            unescape_html = false
        """
        valid = {"pass", "preset", "skip", "options"} | set(_allow)
        unknown = [k for k in data if k not in valid]
        if unknown:
            where = f"{source}{_at(_key_line(_text, unknown[0]))}"
            raise ConfigError(f"{where}: unknown key {unknown[0]!r}; valid keys: {', '.join(sorted(valid))}")
        if "pass" in data and "preset" in data:
            raise ConfigError(f"{source}: give either [[pass]] tables or a preset, not both")
        if "pass" in data:
            entries = data["pass"]
            if not isinstance(entries, list) or not all(isinstance(e, Mapping) for e in entries):
                raise ConfigError(f"{source}: 'pass' must be an array of tables ([[pass]])")
            built: list[Pass] = []
            for i, entry in enumerate(entries):
                where = f"{source}{_pass_line(_text, i)}: [[pass]] #{i + 1}"
                entry = dict(entry)
                name = entry.pop("name", None)
                if not isinstance(name, str):
                    raise ConfigError(f'{where}: every [[pass]] needs a name = "..."')
                try:
                    built.append(make_pass(name, _resolve_paths(name, entry, _base)))
                except ConfigError as exc:
                    line = _key_line(_text, exc.option, after=_pass_line_number(_text, i))
                    if line is not None:
                        where = f"{source}:{line}: [[pass]] #{i + 1}"
                    raise exc.prefixed(f"{where}: {exc}", line=line or _pass_line_number(_text, i)) from None
            pipeline = cls(built)
        else:
            pipeline = cls.from_preset(data.get("preset", DEFAULT_PRESET))
        skip = data.get("skip", [])
        if not isinstance(skip, list) or not all(isinstance(s, str) for s in skip):
            raise ConfigError(f"{source}{_at(_key_line(_text, 'skip'))}: 'skip' must be a list of pass names")
        if skip:
            try:
                pipeline = pipeline.without(*skip)
            except ConfigError as exc:
                raise ConfigError(f"{source}{_at(_key_line(_text, 'skip'))}: {exc}") from None
        overrides = data.get("options", {})
        if not isinstance(overrides, Mapping):
            raise ConfigError(
                f"{source}{_at(_key_line(_text, 'options'))}: "
                "'options' must be a table of tables, like [options.fix-encoding]"
            )
        if overrides:
            try:
                pipeline = pipeline.with_options(
                    {n: _resolve_paths(n, o, _base) if isinstance(o, Mapping) else o for n, o in overrides.items()}
                )
            except ConfigError as exc:
                line = None
                if exc.pass_name in overrides:
                    table = _key_line(_text, f"options.{exc.pass_name}")
                    line = _key_line(_text, exc.option, after=table) if table else None
                    line = line or table
                raise exc.prefixed(f"{source}{_at(line)}: {exc}", line=line) from None
        return pipeline

    def without(self, *names: str) -> Pipeline:
        """A copy without the named passes; a name not in the pipeline is an error."""
        for n in names:
            pass_class(n)
            if n not in self.names:
                raise ConfigError(f"cannot skip {n!r}: not in the pipeline ({', '.join(self.names)})", pass_name=n)
        return type(self)(p for p in self.passes if p.name not in names)

    def with_options(self, options: Mapping[str, Mapping[str, Any]]) -> Pipeline:
        """A copy with options changed for the named passes."""
        for n, opts in options.items():
            if n not in self.names:
                pass_class(n)
                raise ConfigError(
                    f"options given for {n!r}, which is not in the pipeline ({', '.join(self.names)})", pass_name=n
                )
            if not isinstance(opts, Mapping):
                raise ConfigError(f"options for {n!r} must be a table", pass_name=n)
        return type(self)(
            make_pass(p.name, {**p.config(), **options[p.name]}) if p.name in options else p for p in self.passes
        )

    # -- running ------------------------------------------------------------

    def __call__(self, text: str) -> str:
        if not isinstance(text, str):
            _check_text(text)
        for step in self.steps:
            text = step(text)
        return text

    @property
    def steps(self) -> tuple[Callable[[str], str], ...]:
        """The passes as the pipeline runs them: each run of two or more
        consecutive line passes becomes one :class:`LineRun`, which splits
        the text into lines once for all of them."""
        try:
            return self._steps
        except AttributeError:
            pass
        steps: list[Callable[[str], str]] = []
        group: list[LinePass] = []
        for p in (*self.passes, None):
            if p is not None and _plain_line_pass(p):
                assert isinstance(p, LinePass)
                group.append(p)
                continue
            if len(group) > 1:
                steps.append(LineRun(tuple(group)))
            else:
                steps.extend(group)
            group = []
            if p is not None:
                steps.append(p)
        self._steps: tuple[Callable[[str], str], ...] = tuple(steps)
        return self._steps

    def run(self, text: str, *, offsets: bool = False, located: bool = True) -> Result:
        """Clean ``text`` and record every change, pass by pass.

        Each change's line number and span refer to ``text``, the original.
        With ``offsets=True`` the result also holds the map from positions in
        the cleaned text back to ``text``:

        >>> r = Pipeline(["normalize-whitespace"]).run("a  b\\n", offsets=True)
        >>> r.text, r.offsets.to_original(2, 3)
        ('a b\\n', (3, 4))

        ``located=False`` is for counting (``--stats``): the changes are not
        placed in the original, each keeps the line (and span, when its pass
        gives one) of the text its pass received, and a pass known only by
        its output is described line by line (one change per changed,
        removed or added line) instead of span by span. It costs little more
        than cleaning alone:

        >>> [(c.pass_name, c.kind, c.line) for c in Pipeline.from_preset().run("Advertisement\\nHi  there.\\n", located=False).changes]
        [('normalize-whitespace', 'span-replaced', 2), ('strip-promos', 'line-removed', 1)]
        """
        if not located:
            if offsets:
                raise ValueError("offsets=True needs located=True: offsets place changes in the original")
            return self._count(text)
        _check_text(text)
        original = text
        from cleantext.align import OffsetMap

        parts: list[tuple[list[Change], int] | tuple[str, str, str, list[Edit], int]] = []
        steps: list[OffsetMap] = []  # the map of each pass that changed the text
        passes = self.passes
        done: Sequence[tuple[str, str, list[Change], list[Edit] | None]]
        i = 0
        while i < len(passes):
            if _shares_lines(passes[i]) and "\r" not in text:
                # Consecutive line passes judge one split of the text, as
                # when cleaning (LineRun).
                j = i + 1
                while j < len(passes) and _shares_lines(passes[j]):
                    j += 1
                done = _line_passes(passes[i:j], text)
                i = j
            else:
                done = [(passes[i].name, *_apply(passes[i], text, build=False))]
                i += 1
            for name, out, made, edits in done:
                # The changes are built (a diff's regions) and placed in the
                # original when first read.
                if edits:
                    parts.append((name, text, out, edits, len(steps)))
                    steps.append(OffsetMap.from_edits(edits, len(text), len(out)))
                elif made:
                    parts.append((made, len(steps)))
                    steps.append(_step_map(made, len(text), len(out)))
                text = out
        changes: _Pending | list[Change] = _Pending(original, parts, steps) if parts else []
        if not offsets:
            return Result(text, changes)  # type: ignore[arg-type]

        # Composed from the last pass back: the later maps are small, so the
        # first (often the largest) is walked once.
        mapping = steps[-1] if steps else OffsetMap.identity(len(original))
        for step in reversed(steps[:-1]):
            mapping = step.then(mapping)
        return Result(text, changes, mapping)  # type: ignore[arg-type]

    def _count(self, text: str) -> Result:
        _check_text(text)
        changes: list[Change] = []
        for p in self.passes:
            out, made = _apply_unlocated(p, text)
            changes.extend(made)
            text = out
        return Result(text, changes)

    def explain(self, text: str) -> Report:
        """Clean ``text`` and report every change with its pass, kind, line in
        ``text``, before and after text, and reason. ``str(report)`` is a
        diff-like listing; in Jupyter the report renders as HTML."""
        from cleantext.explain import Report

        result = self.run(text, offsets=True)
        return Report(text, result.text, tuple(result.changes), self.names, result.offsets)

    def explain_many(self, texts: Iterable[str], *, examples: int = 3) -> CorpusReport:
        """Clean many texts and count what changed, by pass and reason, with
        the first ``examples`` examples of each; in Jupyter the report is a
        table that sorts by any column."""
        from cleantext.corpus_report import explain_many

        return explain_many(self, texts, examples=examples)

    def warm_up(self) -> None:
        """Run the built-in passes once on a short sample that reaches their
        lazily built tables and patterns, so that worker processes forked
        afterwards share them instead of each building its own. Passes of
        one's own are not run here: they run where the documents are.

        >>> Pipeline.from_preset("news").warm_up()
        """
        builtin = [p for p in self.passes if type(p).__module__.startswith("cleantext.passes.")]
        try:
            Pipeline(builtin)(_WARM_UP)
        except Exception:
            pass  # a pass that fails on the sample fails, and is reported, on the documents

    def map(self, texts: Iterable[str], *, jobs: int = 1, chunk_size: int = 64) -> Iterator[str]:
        """Clean many texts lazily, in order; ``jobs`` > 1 uses a process pool
        (0 means one process per core)."""
        if jobs == 1:
            return (self(t) for t in texts)
        from cleantext.parallel import ordered_map

        return ordered_map(self, texts, jobs=jobs, chunk_size=chunk_size)

    # -- looking at it --------------------------------------------------------

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.passes)

    def __iter__(self) -> Iterator[Pass]:
        return iter(self.passes)

    def __len__(self) -> int:
        return len(self.passes)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Pipeline) and self.passes == other.passes

    def __hash__(self) -> int:
        return hash(self.passes)

    def __getstate__(self) -> tuple[Pass, ...]:
        return self.passes

    def __setstate__(self, state: tuple[Pass, ...]) -> None:
        self.passes = state  # the steps are worked out again when first needed

    def __repr__(self) -> str:
        return f"Pipeline([{', '.join(repr(p) for p in self.passes)}])"

    def _repr_html_(self) -> str:
        from cleantext.explain import pipeline_html

        return pipeline_html(self.passes)


class LineView(list[str]):
    """The lines of a document, without their endings, split once and handed
    from one line pass to the next.

    ``per_line`` holds what a pass worked out about each line and the passes
    after it may reuse (the boilerplate passes keep there which of their
    rules each line could open): a name -> a list aligned with the lines.
    :meth:`without` filters those lists with the lines.

    >>> view = LineView(["Title", "Advertisement", "Text."])
    >>> view.per_line["length"] = [len(line) for line in view]
    >>> smaller = view.without({1})
    >>> list(smaller), smaller.per_line
    (['Title', 'Text.'], {'length': [5, 5]})
    """

    __slots__ = ("per_line",)

    def __init__(self, lines: Iterable[str] = ()) -> None:
        super().__init__(lines)
        self.per_line: dict[Any, list[Any]] = {}

    def without(self, drop: Collection[int]) -> LineView:
        """The view without the lines at the indexes in ``drop``."""
        keep = [i not in drop for i in range(len(self))]
        view = LineView(compress(self, keep))
        view.per_line = {name: list(compress(facts, keep)) for name, facts in self.per_line.items()}
        return view


@dataclass(frozen=True)
class LineRun:
    """Consecutive line passes run on one split of the text: each judges the
    lines the passes before it kept, and the text is joined once at the end.
    The output is what running the passes one after the other gives.

    >>> from cleantext.registry import make_pass
    >>> run = LineRun((make_pass("strip-captions"), make_pass("strip-promos")))
    >>> run("Advertisement\\nText.\\nPhoto: Jane Doe, AP\\n")
    'Text.\\n'
    """

    passes: tuple[LinePass, ...]

    def __call__(self, text: str) -> str:
        if "\r" in text:
            # A CR left before a removed line's LF would end a line of its
            # own on the next split: judge each pass on a fresh split.
            for p in self.passes:
                text = p(text)
            return text
        lines = LineView(text.split("\n"))
        ended = lines[-1] == ""  # the last line has a newline
        if ended:
            lines.pop()
        changed = False
        for p in self.passes:
            if not lines:
                break
            drop = p.drops(lines)
            if drop:
                ended = ended or len(lines) - 1 in drop  # the new last line keeps its newline
                lines = lines.without(drop)
                changed = True
        if not changed:
            return text
        return "\n".join(lines) + "\n" if lines and ended else "\n".join(lines)


def _shares_lines(p: Pass) -> bool:
    """A line pass whose output and changes are its ``drops`` on its lines."""
    return _plain_line_pass(p) and type(p).apply is LinePass.apply


def _line_passes(passes: Sequence[Pass], text: str) -> list[tuple[str, str, list[Change], None]]:
    """``(name, output, changes, None)`` of each of the line passes
    ``passes`` in turn (``text`` holds no CR), as :func:`apply_pass` gives
    them, judged on one split of the text (a :class:`LineView`) as
    :class:`LineRun` judges them."""
    lines = LineView(text.split("\n"))
    ended = lines[-1] == ""  # the last line has a newline
    if ended:
        lines.pop()
    done: list[tuple[str, str, list[Change], None]] = []
    for p in passes:
        if not lines:
            break
        assert isinstance(p, LinePass)
        drop = p.drops(lines)
        if not drop:
            done.append((p.name, text, [], None))
            continue
        full = [line + "\n" for line in lines]
        if not ended:
            full[-1] = lines[-1]
        starts = piece_starts(full)
        made = [
            Change(p.name, "line-removed", full[k], "", drop[k], k + 1, (starts[k], starts[k + 1]))
            for k in sorted(drop)
        ]
        ended = ended or len(lines) - 1 in drop  # the new last line keeps its newline
        text = "".join(line for k, line in enumerate(full) if k not in drop)
        lines = lines.without(drop)
        done.append((p.name, text, made, None))
    return done


def _plain_line_pass(p: Pass) -> bool:
    """A line pass whose output is its ``drops`` applied to its lines."""
    if not isinstance(p, LinePass):
        return False
    cls = type(p)
    return cls.__call__ is LinePass.__call__ and cls.plan is LinePass.plan and cls.judge is not LinePass.judge


# Text that opens the lazily built paths of the built-in passes: mojibake
# and an entity, a name with variants, a caption and its credit, promos, a
# sign-off, page furniture and a cut sentence.
_WARM_UP = (
    "Talks in Kiev\n\nThe cafÃ© said on Tuesday that it would reopen &amp; hire “staff”.\n"
    "A crowd in Madrid on Tuesday.\nPhoto: Jane Doe, AP\nAdvertisement\nRead more: Ten photos\n"
    "(Reporting by Jane Doe; Editing by John Roe)\nPrint | Email | Share\n© 2019 Example Media\n"
    "The minister said the talks had\n"
)


def apply_pass(p: Pass, text: str) -> tuple[str, list[Change]]:
    """Run one pass on ``text``: its output and its changes, as an exact edit
    script of ``text`` (spans in order, not overlapping, each ``before`` equal
    to ``text[span]``; putting each ``after`` in place of its span gives the
    output).

    A line pass reports the lines it removed; a pass whose own changes carry
    spans (or whose spans can be found on their lines) and add up to its
    output is taken at its word; any other pass is aligned by a bounded diff,
    and its own changes, when it gives some, lend their reasons to the
    regions they fall in.
    """
    out, made, _ = _apply(p, text)
    return out, made


def _apply(p: Pass, text: str, *, build: bool = True) -> tuple[str, list[Change], list[Edit] | None]:
    """:func:`apply_pass`, and the written regions of the changes when a diff
    found them (so that the offset map is built from them directly); with
    ``build=False`` the changes of those regions are left to be built."""
    method = type(p).apply
    if isinstance(p, LinePass) and method is LinePass.apply:
        lines, removed = p.plan(text)
        if not removed:
            return text, [], None
        gone = {i for i, _, _ in removed}
        out = "".join(line for i, line in enumerate(lines) if i not in gone)
        starts = piece_starts(lines)
        return (
            out,
            [
                Change(p.name, "line-removed", line, "", reason, i + 1, (starts[i], starts[i + 1]))
                for i, line, reason in removed
            ],
            None,
        )
    if method is Pass.apply:
        out = p(text)
        if out == text:
            return out, [], None
        from cleantext.align import diff_edits

        edits = diff_edits(text, out)
        return out, _diff_changes(p.name, text, out, edits) if build else [], edits
    out, made = p.apply(text)
    if out == text:
        return out, [], None
    exact = _exact(made, text, out)
    if exact is not None:
        return out, exact, None
    from cleantext.align import diff_edits

    return out, _cover(p.name, made, text, out, diff_edits(text, out)), None


def _diff_changes(name: str, text: str, out: str, edits: Sequence[Edit]) -> list[Change]:
    """The changes of the written regions ``edits`` of ``text`` rewritten
    into ``out`` (as :func:`cleantext.explain.changes_from_edits` gives
    them), built column by column: a repair of mojibake makes thousands."""
    starts = line_starts(text)
    n = len(edits)
    return list(
        map(
            Change,
            repeat(name, n),
            [e[4] for e in edits],
            [text[e[0] : e[1]] for e in edits],
            [out[e[2] : e[3]] for e in edits],
            repeat(None, n),
            [bisect_right(starts, e[0]) or 1 for e in edits],
            [(e[0], e[1]) for e in edits],
        )
    )


def _apply_unlocated(p: Pass, text: str) -> tuple[str, list[Change]]:
    """Run one pass and describe its changes cheaply: a line pass's removed
    lines, a pass's own changes as it reports them, else the lines the
    output changed (no character alignment)."""
    method = type(p).apply
    if isinstance(p, LinePass) and method is LinePass.apply:
        return apply_pass(p, text)
    if method is Pass.apply:
        out = p(text)
        if out == text:
            return out, []
        from cleantext.align import diff_lines

        return out, changes_from_edits(p.name, text, out, diff_lines(text, out))
    out, made = p.apply(text)
    return (out, made) if out != text else (out, [])


def _step_map(changes: Sequence[Change], before: int, after: int, edits: Sequence[Edit] | None = None) -> OffsetMap:
    from cleantext.align import OffsetMap

    if edits is not None:  # the regions the changes were made from
        return OffsetMap.from_edits(edits, before, after)
    spans = []
    shift = 0
    for c in changes:
        assert c.span is not None
        o0, o1 = c.span
        spans.append((o0, o1, o0 + shift, o0 + shift + len(c.after)))
        shift += len(c.after) - (o1 - o0)
    return OffsetMap.from_edits(spans, before, after)


def _exact(changes: Sequence[Change], text: str, out: str) -> list[Change] | None:
    """The pass's own changes, placed, if they are an exact edit script of
    ``text`` into ``out``; else None."""
    if not changes:
        return None
    starts = line_starts(text)
    seen: dict[tuple[int, str], int] = {}
    placed = [c if _valid_span(c, len(text)) else replace(c, span=_guess_span(c, text, starts, seen)) for c in changes]
    placed.sort(key=lambda c: c.span or (0, 0))
    pieces: list[str] = []
    pos = 0
    for c in placed:
        assert c.span is not None
        s, e = c.span
        if s < pos or text[s:e] != c.before:
            return None
        pieces.append(text[pos:s])
        pieces.append(c.after)
        pos = e
    pieces.append(text[pos:])
    if "".join(pieces) != out:
        return None
    return [replace(c, line=line_at(starts, c.span[0])) for c in placed if c.span is not None and c.before != c.after]


def _valid_span(c: Change, length: int) -> bool:
    return c.span is not None and 0 <= c.span[0] <= c.span[1] <= length


def _cover(
    name: str, changes: list[Change], text: str, out: str, edits: Sequence[tuple[int, int, int, int, str]]
) -> list[Change]:
    """A pass's own changes, made exact by the diff of its input and output:
    each written region the diff finds is joined with the changes that
    overlap or touch it (a space before a cut sentence, say) into one change
    that carries their reasons; a region no change is near becomes a change
    of its own, so nothing goes unreported. Linear in the number of changes
    and regions (after sorting)."""
    starts = line_starts(text)
    seen: dict[tuple[int, str], int] = {}
    placed = sorted(
        (c if _valid_span(c, len(text)) else replace(c, span=_guess_span(c, text, starts, seen)) for c in changes),
        key=lambda c: c.span or (0, 0),
    )
    # Regions (R) and the pass's changes (P), by start: clusters of items
    # that overlap, or where a region and a change touch.
    items: list[tuple[int, int, int, Any]] = [(e[0], e[1], 0, e) for e in edits]
    items.extend((c.span[0], c.span[1], 1, c) for c in placed if c.span is not None)
    items.sort(key=lambda item: (item[0], -item[2], item[1]))  # at one start, the changes first
    result: list[Change] = []
    shift = 0  # cleaned minus original position, before the current cluster
    cluster: list[tuple[int, int, int, Any]] = []
    end = -1
    end_kinds: set[int] = set()

    def close() -> None:
        nonlocal shift
        regions = [item[3] for item in cluster if item[2] == 0]
        if not regions:
            return
        mine = [item[3] for item in cluster if item[2] == 1]
        o0 = cluster[0][0]
        o1 = max(item[1] for item in cluster)
        growth = sum((c1 - c0) - (e1 - e0) for e0, e1, c0, c1, _ in regions)
        c0 = o0 + shift
        c1 = o1 + shift + growth
        shift += growth
        before, after = text[o0:o1], out[c0:c1]
        if mine:
            reasons = list(dict.fromkeys(c.reason for c in mine if c.reason))
            first = mine[0]
            result.append(
                replace(
                    first,
                    before=before,
                    after=after,
                    reason="; ".join(reasons) or None,
                    line=line_at(starts, o0),
                    span=(o0, o1),
                )
            )
        else:
            shape: ChangeKind = regions[0][4] if len(regions) == 1 else "text-removed" if not after else "span-replaced"
            result.append(Change(name, shape, before, after, None, line_at(starts, o0), (o0, o1)))

    for item in items:
        start, stop, kind, _ = item
        joins = bool(cluster) and (start < end or (start == end and (1 - kind) in end_kinds))
        if not joins:
            if cluster:
                close()
            cluster = []
            end = start
            end_kinds = set()
        cluster.append(item)
        if stop > end:
            end, end_kinds = stop, {kind}
        elif stop == end:
            end_kinds.add(kind)
    if cluster:
        close()
    return result


def _in_original(changes: Iterable[Change], steps: Sequence[OffsetMap], starts: list[int]) -> Iterator[Change]:
    """The changes a pass made (spans in its input), with their span and line
    moved to the original text back through the maps of the passes before."""
    if not steps:  # the pass's input is the original: its spans and lines are in it
        yield from changes
        return
    for c in changes:
        span = c.span
        assert span is not None
        for step in reversed(steps):
            span = step.to_original(*span)
        yield replace(c, line=line_at(starts, span[0]), span=span)


def _guess_span(c: Change, text: str, starts: list[int], seen: dict[tuple[int, str], int]) -> tuple[int, int]:
    """Where a change without a span is: the next occurrence of its
    ``before`` text that starts on its line, else the whole line."""
    i = min(max(c.line, 1), len(starts)) - 1
    lo = starts[i]
    hi = starts[i + 1] if i + 1 < len(starts) else len(text)
    if c.kind in ("line-added", "text-appended"):
        return (len(text), len(text)) if c.kind == "text-appended" else (lo, lo)
    if c.kind != "line-removed" and c.before:
        # It starts on its line, and may run on over the lines after.
        at = text.find(c.before, seen.get((i, c.before), lo), hi + len(c.before))
        if at >= 0:
            seen[(i, c.before)] = at + len(c.before)
            return at, at + len(c.before)
    return lo, hi


def as_pipeline(pipeline: object = None) -> Pipeline:
    """A :class:`Pipeline` from what the integrations accept (dataframes,
    Dask and spaCy share this coercion): None for the ``news`` preset, a
    Pipeline, a preset name (``"encoding"``), a pass, a plain ``str -> str``
    callable, or a sequence of pass names, passes and callables.

    >>> as_pipeline("encoding").names
    ('fix-encoding', 'normalize-unicode', 'normalize-whitespace')
    """
    if pipeline is None:
        return _preset_pipeline(DEFAULT_PRESET)
    if isinstance(pipeline, Pipeline):
        return pipeline
    if isinstance(pipeline, str):
        return Pipeline.from_preset(pipeline)
    if isinstance(pipeline, (Pass, type)) or callable(pipeline):
        return Pipeline([pipeline])
    if isinstance(pipeline, Iterable) and not isinstance(pipeline, (bytes, Mapping)):
        return Pipeline(pipeline)
    raise TypeError(
        f"pipeline must be a Pipeline, a preset name, a pass or a list of passes, not {type(pipeline).__name__}"
    )


def _check_text(text: object) -> None:
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, not {type(text).__name__}")


def _resolve_paths(name: str, options: Mapping[str, Any], base: Path | None) -> dict[str, Any]:
    """Options marked as paths (``option(..., path=True)``), made relative to
    the config file's folder when they are relative."""
    options = dict(options)
    if base is None:
        return options
    cls = pass_class(name)
    for key, value in options.items():
        if not cls.option_is_path(key):
            continue
        if isinstance(value, str):
            options[key] = str(base / value)
        elif isinstance(value, (list, tuple)):
            options[key] = [str(base / v) if isinstance(v, str) else v for v in value]
    return options


def _pass_line(text: str | None, index: int) -> str:
    """':LINE' of the index-th ``[[pass]]`` header in the TOML source."""
    if text is None:
        return ""
    seen = -1
    for lineno, line in enumerate(text.splitlines(), 1):
        if line.strip().replace(" ", "") == "[[pass]]":
            seen += 1
            if seen == index:
                return f":{lineno}"
    return ""


def _pass_line_number(text: str | None, index: int) -> int | None:
    found = _pass_line(text, index)
    return int(found[1:]) if found else None


def _at(line: int | None) -> str:
    return f":{line}" if line else ""


def _key_line(text: str | None, key: str | None, *, after: int | None = None) -> int | None:
    """The line (1-based) of a TOML ``key = ...`` or ``[key]`` / ``[[key]]``
    header (dotted keys as written in headers), first after line ``after``.

    Only to point error messages at a line: the config itself is parsed by
    tomllib, never evaluated.
    """
    if text is None or not key:
        return None
    import re

    parts = [re.escape(p) for p in key.split(".")]
    quoted = r"\s*\.\s*".join(rf'(?:{p}|"{p}"|\'{p}\')' for p in parts)
    pattern = re.compile(rf"\s*(?:\[\[?\s*{quoted}\s*\]|{quoted}\s*=)")
    for lineno, line in enumerate(text.splitlines(), 1):
        if (after is None or lineno > after) and pattern.match(line):
            return lineno
    return None


@cache
def _presets() -> dict[str, Any]:
    return read_toml("presets.toml")


def list_presets() -> dict[str, str]:
    """Preset name -> description."""
    return {name: str(cfg.get("description", "")) for name, cfg in sorted(_presets().items())}


@cache
def _preset_pipeline(name: str) -> Pipeline:
    return Pipeline.from_preset(name)


def clean(text: str, preset: str = DEFAULT_PRESET, *, passes: str | Sequence[str] | None = None) -> str:
    """Clean ``text`` with a preset (``news`` by default) or pass names (a
    list, or one string with names separated by commas).

    >>> from cleantext import clean
    >>> clean("The cafÃ©  is open.\\n")
    'The café is open.\\n'
    >>> clean("The cafÃ©  is open.\\n", passes="fix-encoding")
    'The café  is open.\\n'
    """
    _check_text(text)
    if passes is None:
        if not isinstance(preset, str):
            raise TypeError(f"preset must be a preset name (str), not {type(preset).__name__}")
        return _preset_pipeline(preset)(text)
    if isinstance(passes, str):
        passes = _names(passes)
    elif not isinstance(passes, Iterable):
        raise TypeError(f"passes must be pass names (a list, or a str), not {type(passes).__name__}")
    return Pipeline.from_names(passes)(text)


def _names(text: str) -> list[str]:
    """Pass names from one string: ``"fix-encoding"`` or ``"a, b"``."""
    names = [n.strip() for n in text.split(",")]
    if not all(names):
        raise ConfigError(f"pass names are separated by single commas: {text!r}")
    return names
