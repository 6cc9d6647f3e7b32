"""Does every registered pass run in linear time on adversarial input?

Walks the pass registry (built-in passes, plug-ins, and whatever is
registered when this runs), so a pass is covered the day it is registered.
For each pass it builds adversarial inputs from the characters its regular
expressions care about (read from the compiled patterns it and its module
hold) plus a generic set (spaces, tabs, line breaks, CRLF runs, no-break
spaces, mojibake, entities, quotes, brackets, NUL), as long runs that almost
match and then do not, and as many short lines. Each input is timed at n,
10n and 100n characters (10^4 to 10^6 by default), best of three runs
from cold caches, and must take at most 15x
as long at 10n as at n: quadratic behaviour shows up as 100x, exponential
as a hang, which the per-call time limit turns into a failure.

Machines read long strings slower per character than short ones: on the
shared 2-core machine a pass costs ~70 ns a character on 10^4 characters
and ~200 ns on 10^6 (caches), a 3x step that is not the pass's doing. So
each step is also measured relative to the same pass on ordinary news text
of the same sizes ("adjusted" = raw growth / ordinary growth x 10); a step
fails only if both the raw and the adjusted growth exceed the limit. The
ordinary text must itself grow at most 15x relative to a plain linear regex
scan, so a pass that is slow on everything cannot hide behind it, and a
pass quadratic on one input still shows ~100x adjusted.

Prints a table, one row per pass with its worst input, and exits 1 if any
pass fails. Needs no data files.

    python benchmarks/linear_time.py                   # every pass, defaults
    python benchmarks/linear_time.py --passes normalize-whitespace --all
    python benchmarks/linear_time.py --variants        # also each non-default bool/choice option
    python benchmarks/linear_time.py --paths           # the pipeline paths: run, explain, the CLI

``--paths`` times the paths around the passes on adversarial documents
(repeated lines whose count changes, many changes on one line, many name
changes, long tokens, millions of short lines, mojibake news) at 10^5 and
10^6 characters: ``Pipeline.run(offsets=True)``, ``run(located=False)``,
``explain``, and ``python -m cleantext`` with ``--stats``, ``--rejects`` and
``--explain`` in subprocesses (CPU time of the children counted).
"""

from __future__ import annotations

import argparse
import functools
import itertools
import re
import signal
import sys
import time
from collections.abc import Callable, Iterator
from typing import Any

# Characters every pass meets in scraped text, and the usual regex traps.
GENERIC = [
    " ",
    "\t",
    "\n",
    "\r\n",
    "\r",
    "\u00a0",
    "\u3000",
    "Ã",
    "Ã©",
    "&amp;",
    "&",
    ".",
    ",",
    "a",
    "A",
    "1",
    "(",
    ")",
]
GENERIC += ['"', "'", "\u201c", "\u2019", "-", "\u2014", ":", "/", "|", "*", "\ufffd", "\x00", "\x1b[", "\u0301"]
BREAK = "x!"  # ends a run so that lookaheads and anchors fail


def patterns_of(obj: Any) -> list[Any]:
    """Compiled patterns held by a pass: in its module, its class and its
    cached properties (re or regex patterns, also inside tuples, lists, dicts)."""
    found: list[Any] = []
    seen: set[int] = set()

    def visit(value: Any, depth: int = 0) -> None:
        if id(value) in seen or depth > 3:
            return
        seen.add(id(value))
        if hasattr(value, "pattern") and hasattr(value, "finditer"):
            found.append(value)
        elif isinstance(value, (tuple, list, frozenset, set)):
            for v in value:
                visit(v, depth + 1)
        elif isinstance(value, dict):
            for v in value.values():
                visit(v, depth + 1)

    cls = type(obj)
    module = sys.modules.get(cls.__module__)
    for value in vars(module).values() if module else ():
        visit(value)
    for klass in cls.__mro__:
        for name, value in vars(klass).items():
            if isinstance(value, functools.cached_property):
                try:
                    visit(getattr(obj, name))
                except Exception:
                    pass
            elif not name.startswith("__"):
                visit(value)
    return found


def interesting_characters(patterns: list[Any], limit: int = 24) -> list[str]:
    """Literal characters, class members and words the patterns look for."""
    chars: dict[str, None] = {}
    words: dict[str, None] = {}
    for pat in patterns:
        source = pat.pattern if isinstance(pat.pattern, str) else ""
        try:
            from re import _parser  # type: ignore[attr-defined]

            _walk(_parser.parse(source), chars)
        except Exception:
            for ch in re.sub(r"\\[a-zA-Z]|[\\()\[\]{}?*+|^$.]", "", source):
                chars[ch] = None
        for word in re.findall(r"[A-Za-z]{3,}", re.sub(r"\\[a-zA-Z]", " ", source)):
            words[word] = None
    picked = list(chars)[:limit] + [w + " " for w in list(words)[:8]]
    return picked


def _walk(tree: Any, out: dict[str, None]) -> None:
    from re import _constants as c  # type: ignore[attr-defined]

    for op, arg in tree:
        if op is c.LITERAL:
            out[chr(arg)] = None
        elif op is c.IN:
            for item_op, item in arg:
                if item_op is c.LITERAL:
                    out[chr(item)] = None
                elif item_op is c.RANGE:
                    out[chr(item[0])] = None
                    out[chr(item[1])] = None
                elif item_op is c.CATEGORY:
                    out[{"CATEGORY_DIGIT": "7", "CATEGORY_SPACE": " ", "CATEGORY_WORD": "w"}.get(str(item), "w")] = None
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", None)):
            _walk(arg[2], out)
        elif op is c.SUBPATTERN:
            _walk(arg[-1], out)
        elif op is c.BRANCH:
            for branch in arg[1]:
                _walk(branch, out)
        elif op in (c.ASSERT, c.ASSERT_NOT):
            _walk(arg[1], out)
        elif op is getattr(c, "ATOMIC_GROUP", None):
            _walk(arg, out)


def families(units: list[str]) -> Iterator[tuple[str, Callable[[int], str]]]:
    """(label, n -> text of about n characters) for each adversarial shape."""

    def run(unit: str, tail: str) -> Callable[[int], str]:
        return lambda n: "x" + unit * max(1, n // len(unit)) + tail

    for i, unit in enumerate(dict.fromkeys(units)):
        yield f"run {unit!r}", run(unit, BREAK)
        if i < 12:  # the pattern's own characters come first
            yield f"run {unit!r} to end", run(unit, "")
            yield f"lines of {unit!r}", run(unit * 3 + "\n", "")
    yield "alternating space/newline", run(" \n", BREAK)
    yield "alternating CR/LF", run("\r\n\r", BREAK)
    yield "one long line of words", run("Word word, word. ", BREAK)
    yield "many short lines", run("Short line.\n", "")
    yield "blank lines between words", run("a\n\n\n", BREAK)
    yield "paragraphs of caps", run("HEADLINE HERE\n\nBody text (Reuters) - said.\n", "")


class TooSlow(Exception):
    pass


def _alarm(signum: int, frame: Any) -> None:
    raise TooSlow


_FLUSH = bytearray(64 << 20)


def _flush_caches() -> None:
    """Write 64 MB so every timed run starts with cold CPU caches: a short
    input timed again and again would otherwise run from the cache and look
    faster per character than a long one (~2x on the reference machine)."""
    _FLUSH[::64] = b"\x01" * len(range(0, len(_FLUSH), 64))


def timed(func: Callable[[str], Any], text: str, repeat: int, limit: float) -> float:
    """CPU time of this process (other processes on a shared machine do not
    count) for the best of ``repeat`` runs, each from cold caches, in
    seconds; TooSlow past ``limit`` seconds for one run."""
    best = float("inf")
    for _ in range(repeat):
        _flush_caches()
        signal.setitimer(signal.ITIMER_REAL, limit)
        try:
            start = time.process_time()
            func(text)
            best = min(best, time.process_time() - start)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
    return best


_SCAN = re.compile("(?<=[\\s\\S])\U0010fffe")


def _reference(text: str) -> object:
    """A linear stand-in for a pass: copy the text twice and scan it with the
    regex engine, with no literal prefix to skip ahead on. It is the
    yardstick for what this machine's memory does to time."""
    copy = text + "\n"
    return _SCAN.search(copy) or _SCAN.search(copy.replace("\n", "\r"))


DEFAULT_SIZES = "10000,100000,1000000"

BENIGN = "President Volodymyr Zelensky said on Monday that talks with Putin would go on.\n\n"


def growth(p: Any, make: Callable[[int], str], sizes: list[int], ratio: float, limit: float) -> tuple[list[float], str]:
    """(times at each size, status): the best of several runs each, and
    measured again before a step over ``ratio`` is believed."""
    times: list[float] = []
    for n in sizes:
        text = make(n)
        try:
            t = timed(p, text, 3, limit)
            if times and t > ratio * times[-1]:
                # Measure both sizes again before believing it.
                times[-1] = min(times[-1], timed(p, make(n // 10), 3, limit))
                t = min(t, timed(p, text, 2, limit))
        except TooSlow:
            return [*times, float("inf")], f"over {limit:g} s"
        times.append(t)
    return times, "ok"


def steps(times: list[float]) -> list[float]:
    return [b / max(a, 1e-7) for a, b in itertools.pairwise(times)]


def check_pass(p: Any, sizes: list[int], ratio: float, limit: float, show_all: bool, label: str) -> dict[str, Any]:
    """Time ``p`` on every adversarial input at every size.

    A step from n to 10n fails if the time grows more than ``ratio``-fold
    both as measured (raw) and relative to the same pass on ordinary news
    text of the same sizes (adjusted: raw / benign growth x 10), which
    cancels what this machine's caches do to long strings. The ordinary
    text itself must grow at most ``ratio``-fold relative to a plain linear
    regex scan, so a pass slow on everything cannot hide behind it.
    """
    benign_make = lambda n: BENIGN * max(1, n // len(BENIGN))  # noqa: E731
    benign, benign_status = growth(p, benign_make, sizes, ratio, limit)
    scan, _ = growth(_reference, benign_make, sizes, ratio, limit)
    failures: list[str] = []
    benign_steps = steps(benign)
    scan_steps = steps(scan)
    for i, b in enumerate(benign_steps):
        if b > ratio and b / max(scan_steps[i], 1e-9) * 10 > ratio:
            benign_status = "superlinear"
    if benign_status != "ok":
        failures.append(f"ordinary text: {benign_status}")
    worst: dict[str, Any] = {"ratio": 0.0, "family": "(ordinary text)", "times": benign, "status": benign_status}
    count = 0
    for family, make in families(interesting_characters(patterns_of(p)) + GENERIC):
        count += 1
        times, status = growth(p, make, sizes, ratio, limit)
        pairs = [(r, r / max(b, 1e-9) * 10) for r, b in zip(steps(times), benign_steps, strict=False)]
        if status == "ok" and any(min(r, a) > ratio for r, a in pairs):
            status = "superlinear"
        top = max((min(r, a) for r, a in pairs), default=0.0)
        if status != "ok":
            failures.append(f"{family}: {status}")
        if show_all or status != "ok":
            cells = " ".join(f"{t * 1000:9.1f}" for t in times)
            detail = " ".join(f"{r:6.1f}/{a:<6.1f}" for r, a in pairs)
            print(f"  {label:<34} {family[:38]:<38} {cells}  raw/adjusted {detail} {status}")
        if (status != "ok") > (worst["status"] != "ok") or (
            (status != "ok") == (worst["status"] != "ok") and top >= worst["ratio"]
        ):
            worst = {"ratio": top, "family": family, "times": times, "status": status}
    return {"pass": label, "inputs": count + 1, "worst": worst, "failures": failures, "benign": benign_steps}


# -- the paths around the passes ---------------------------------------------------------

#: Adversarial documents for the pipeline paths: each makes n characters.
PATH_FAMILIES: dict[str, Callable[[int], str]] = {
    "repeated lines, count changes": lambda n: ("x  y\n\n\n" * (n // 7 + 1))[:n],
    "many changes on one line": lambda n: ("a  b&amp;Ã© " * (n // 13 + 1))[:n],
    "names, many changes": lambda n: ("Kiev and Zelenskiy met Gaddafi. " * (n // 32 + 1))[:n],
    "long tokens": lambda n: " ".join(["Zelenskiy" * 300, "Zelenskyy" * 300] * (n // 5400 + 1))[:n],
    "millions of short lines": lambda n: "a\n" * (n // 2),
    "mojibake news": lambda n: (BENIGN.replace("Zelensky", "ZelenskÃ½").replace("would", "wouldnâ€™t") * n)[:n],
}


def _library_paths(preset: str) -> dict[str, Callable[[str], Any]]:
    from cleantext import Pipeline

    pipeline = Pipeline.from_preset(preset)
    return {
        "run(offsets=True)": lambda t: pipeline.run(t, offsets=True),
        "run(located=False)": lambda t: pipeline.run(t, located=False),
        "explain": pipeline.explain,
    }


def _cli(flags: list[str]) -> Callable[[str], Any]:
    """The command line in a subprocess, so this works whatever its insides."""
    import subprocess
    import tempfile

    def run(text: str) -> None:
        with tempfile.TemporaryDirectory() as folder:
            extra = [f.replace("{dir}", folder) for f in flags]
            subprocess.run(
                [sys.executable, "-m", "cleantext", *extra],
                input=text.encode("utf-8", "surrogatepass"),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                check=False,
            )

    return run


CLI_PATHS = {
    "cli --stats": ["--stats"],
    "cli --rejects": ["--rejects", "{dir}/rejects.jsonl"],
    "cli --explain": ["--explain"],
}


def _child_seconds(func: Callable[[str], Any], text: str) -> float:
    """CPU time of ``func`` in this process and its children."""
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.process_time()
    func(text)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() - start + (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def check_paths(sizes: list[int], ratio: float, limit: float, preset: str, cli: bool) -> int:
    """Time each pipeline path on each adversarial family at each size; a
    path fails when time(10n) > ``ratio`` x time(n). Prints a table."""
    paths: dict[str, Callable[[str], Any]] = dict(_library_paths(preset))
    if cli:
        paths.update({name: _cli(flags) for name, flags in CLI_PATHS.items()})
    head = " ".join(f"{'n=' + format(n, ','):>12}" for n in sizes)
    print(f"{'path':<20} {'input':<32} {head}  {'worst 10x':>9}  verdict", flush=True)
    failed = 0
    signal.signal(signal.SIGALRM, _alarm)
    for family, make in PATH_FAMILIES.items():
        for name, func in paths.items():
            times: list[float] = []
            for n in sizes:
                text = make(n)
                signal.setitimer(signal.ITIMER_REAL, limit)
                try:
                    t = min(_child_seconds(func, text) for _ in range(2))
                except TooSlow:
                    times.append(float("inf"))
                    break
                finally:
                    signal.setitimer(signal.ITIMER_REAL, 0)
                times.append(t)
            worst = max(steps(times), default=0.0)
            ok = worst <= ratio and len(times) == len(sizes)
            failed += not ok
            cells = " ".join(f"{t:11.3f}s" for t in times)
            print(f"{name:<20} {family:<32} {cells}  {worst:>8.1f}x  {'ok' if ok else 'FAIL'}", flush=True)
    print(f"\nlimit: time(10n) <= {ratio:g} x time(n) (CPU time, children included); {failed} failing")
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--passes",
        help="only these passes (A,B,...); default: every registered pass except the textacy adapters, "
        "whose regular expressions are textacy's own (name them here to time them; docs/textacy.md lists "
        "the ones that are not linear)",
    )
    parser.add_argument("--sizes", default=DEFAULT_SIZES, help="input lengths (default 10^4,10^5,10^6)")
    parser.add_argument("--ratio", type=float, default=15.0, help="largest allowed time(10n)/time(n) (default 15)")
    parser.add_argument("--limit", type=float, default=120.0, help="seconds one call may take (default 120)")
    parser.add_argument("--variants", action="store_true", help="also each non-default bool and choice option")
    parser.add_argument("--all", action="store_true", help="print every input's times, not just failures")
    parser.add_argument(
        "--paths",
        action="store_true",
        help="time the paths around the passes instead: Pipeline.run(offsets=True), run(located=False), "
        "explain, and the command line with --stats, --rejects, --explain (sizes default to 10^5,10^6)",
    )
    parser.add_argument("--preset", default="news", help="the preset the --paths use (default news)")
    parser.add_argument("--no-cli", action="store_true", help="with --paths: leave the command line out")
    args = parser.parse_args(argv)
    if args.paths:
        sizes = [int(s) for s in args.sizes.split(",")] if args.sizes != DEFAULT_SIZES else [100_000, 1_000_000]
        return check_paths(sizes, args.ratio, args.limit, args.preset, not args.no_cli)

    from cleantext.registry import list_passes, make_pass, pass_origin

    sizes = [int(s) for s in args.sizes.split(",")]
    registry = list_passes()
    names = args.passes.split(",") if args.passes else sorted(n for n in registry if pass_origin(n) != "textacy")
    signal.signal(signal.SIGALRM, _alarm)
    rows = []
    started = time.perf_counter()
    for name in names:
        configs: list[dict[str, Any]] = [{}]
        if args.variants:
            configs += registry[name].option_variants()
        for options in configs:
            try:
                p = make_pass(name, options)
            except Exception:
                continue  # an option only valid with others
            label = name + "".join(f" {k}={v}" for k, v in options.items())
            row = check_pass(p, sizes, args.ratio, args.limit, args.all, label)
            rows.append(row)
            w = row["worst"]
            print(
                f"done: {label}: worst {w['ratio']:.1f}x on {w.get('family', '')!r}, "
                f"{'ok' if not row['failures'] else 'FAIL'} ({time.perf_counter() - started:.0f} s)",
                flush=True,
            )

    head = " ".join(f"{'n=' + format(n, ','):>12}" for n in sizes)
    print(f"\n{'pass':<34} {'inputs':>6}  {'worst input':<34} {head}  {'worst 10x':>9}  verdict")
    for row in rows:
        w = row["worst"]
        cells = " ".join(f"{t * 1000:10.1f}ms" for t in w.get("times", []))
        verdict = "ok" if not row["failures"] else f"FAIL ({len(row['failures'])})"
        print(
            f"{row['pass']:<34} {row['inputs']:>6}  {w.get('family', '')[:34]:<34} {cells}  {w['ratio']:>8.1f}x  {verdict}"
        )
    failed = [r for r in rows if r["failures"]]
    print(
        f"\n{len(rows)} pass configurations, {sum(r['inputs'] for r in rows)} adversarial inputs, "
        f"sizes {', '.join(format(n, ',') for n in sizes)}; limit: time(10n) <= {args.ratio:g} x time(n); "
        f"{len(failed)} failing; {time.perf_counter() - started:.0f} s"
    )
    for row in failed:
        for failure in row["failures"]:
            print(f"FAIL {row['pass']}: {failure}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
