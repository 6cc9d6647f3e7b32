"""Speed of normalize-names: MB/s with the built-in table and with a synthetic
10,000-entry table, on real news text.

Reads the ground-truth articles of the article-extraction benchmark from the
shared evaluation data (shared/data/article-extraction-benchmark/
ground-truth.json, found in a parent folder of this checkout, or --data),
cleans each article separately and reports the median over --runs runs.
Times are the process's CPU time (time.process_time), so that other work on
a shared machine does not count against the figures.

The synthetic table mixes common given names ("John", "Maria", ...) with
made-up surnames, so many of its first words occur in the text: the worst
case for a first-word index.

--compare also times the scan strategies that were considered, on the same
text and tables: the capitalised-word index the pass uses (one `regex`
findall of capitalised words, a set intersection with the table's first
words, then dict lookups only where a name can start), one trie-compiled
`regex` alternation of every form, and an Aho-Corasick automaton
(pyahocorasick, if installed; it is not a dependency).

--linear times both name passes on adversarial families at 10^5 and 10^6
characters instead (time(10n) / time(n); linear is about 10).

    python benchmarks/names_speed.py [--runs 5] [--compare] [--data PATH]
    python benchmarks/names_speed.py --linear [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

GIVEN = (
    "John Maria David Anna Michael Sarah James Elena Robert Olga Ahmed Fatima Mohammed Ali Wei Li Jose Ana Carlos "
    "Peter Paul Mark Thomas Daniel Laura Emma Sophie Ivan Sergei Yuri Omar Hassan Kim Lee Park Chen Wang Juan Luis "
    "Pedro Jean Pierre Marie Hans Karl Anders Lars Erik Nikolai Dmitri Alexander Andrew George Henry William"
).split()
NAMES_PARAGRAPH = (
    "Zelenskiy said in Kiev on Monday that talks with Moscow, held in Mumbai (Bombay), would go on; "
    "the Kremlin's Dmitri Peskov said Gaddafi-era debts and the Donbass front were not on the agenda, "
    "and Erdoğan offered to host a meeting near Kharkov or in Lvov.\n"
)
SYLLABLES = "ka lo mir vos tren ko ba zhi dan ul rak sen tor mi na vel sho gu lin zar ber tum pol ash kev rin".split()


def find_data() -> Path | None:
    here = Path(__file__).resolve()
    for parent in here.parents:
        candidate = parent / "shared" / "data" / "article-extraction-benchmark" / "ground-truth.json"
        if candidate.exists():
            return candidate
    return None


def synthetic_table(n: int, seed: int = 7) -> str:
    """n entries 'Given Surname<TAB>Given Surnime<TAB>synthetic', deterministic."""
    rng = random.Random(seed)
    seen: set[str] = set()
    lines = []
    while len(lines) < n:
        surname = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()
        given = rng.choice(GIVEN)
        canonical = f"{given} {surname}" if rng.random() < 0.7 else surname
        # A spelling variant: one letter inside a word changed, as
        # transliterations differ ("Zelensky", "Zelenskiy").
        inner = [i for i in range(1, len(canonical)) if canonical[i].islower() and canonical[i - 1].isalpha()]
        i = rng.choice(inner)
        variant = canonical[:i] + rng.choice("aeiouy") + canonical[i + 1 :]
        if variant == canonical or not variant[0].isalpha() or variant in seen or canonical in seen:
            continue
        seen.update((variant, canonical))
        lines.append(f"{canonical}\t{variant}\tsynthetic")
    return "\n".join(lines) + "\n"


def mb_per_s(fn: Callable[[str], object], docs: list[str], runs: int) -> float:
    return interleaved([fn], docs, runs)[0]


def interleaved(fns: list[Callable[[str], object]], docs: list[str], runs: int) -> list[float]:
    """MB/s of each function, timed in turns (a, b, a, b, ...) so that a change
    in the machine's load during the measurement hits them alike."""
    size = sum(len(d.encode("utf-8")) for d in docs)
    times: list[list[float]] = [[] for _ in fns]
    for _ in range(runs):
        for fn, spent in zip(fns, times, strict=True):
            start = time.process_time()
            for d in docs:
                fn(d)
            spent.append(time.process_time() - start)
    return [size / statistics.median(spent) / 1e6 for spent in times]


def trie_regex(forms: dict[str, str]) -> Callable[[str], str]:
    import regex

    trie: dict[str, dict] = {}
    for f in forms:
        node = trie
        for ch in f:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, dict]) -> str:
        alts = [regex.escape(ch) + emit(sub) for ch, sub in sorted(node.items()) if ch]
        body = "" if not alts else alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if "" in node:
            return f"(?:{body}(?!\\w)|(?!\\w))" if body else "(?!\\w)"
        return body

    rx = regex.compile(r"(?<!\w)" + emit(trie))
    return lambda s: rx.sub(lambda m: forms[m.group()], s)


def aho_corasick(forms: dict[str, str]) -> Callable[[str], str] | None:
    try:
        import ahocorasick
    except ImportError:
        return None
    import regex

    word = regex.compile(r"\w")
    automaton = ahocorasick.Automaton()
    for f in forms:
        automaton.add_word(f, f)
    automaton.make_automaton()

    def run(s: str) -> str:
        hits = []
        for end, f in automaton.iter(s):
            start = end - len(f) + 1
            if start > 0 and word.match(s, start - 1):
                continue
            if end + 1 < len(s) and word.match(s, end + 1):
                continue
            hits.append((start, -len(f), f))
        if not hits:
            return s
        hits.sort()
        out, pos = [], 0
        for start, neg, f in hits:
            if start < pos:
                continue
            out.append(s[pos:start])
            out.append(forms[f])
            pos = start - neg
        out.append(s[pos:])
        return "".join(out)

    return run


def near_names(n: int, seed: int = 1) -> str:
    """Thousands of near spellings of one name after one given name, each one to three times."""
    rng = random.Random(seed)
    out, size = [], 0
    while size < n:
        stem = list("Zelenskovich")
        for _ in range(rng.randint(1, 2)):
            stem[rng.randrange(3, len(stem))] = rng.choice("aeiouy")
        part = f"Volodymyr {''.join(stem)} spoke. " * rng.randint(1, 3)
        out.append(part)
        size += len(part)
    return "".join(out)[:n]


def dense_names(n: int, seed: int = 2) -> str:
    """Random names from a small alphabet: the longer the text, the more near spellings each has."""
    rng = random.Random(seed)
    out, size = [], 0
    while size < n:
        part = f"President Zel{''.join(rng.choice('abcdefghij') for _ in range(6))} said. "
        out.append(part)
        size += len(part)
    return "".join(out)[:n]


def distinct_names(n: int, seed: int = 4) -> str:
    """Distinct names of one prefix after one given name, every other one twice: many
    more frequent spellings for each rare one, none of them near (quadratic before keys)."""
    rng = random.Random(seed)
    out, size, i = [], 0, 0
    while size < n:
        part = f"Volodymyr Zel{''.join(rng.choice('abcdefghijklmnopqrstuvwxyz') for _ in range(7))} x. " * (1 + i % 2)
        out.append(part)
        size += len(part)
        i += 1
    return "".join(out)[:n]


def long_tokens(n: int) -> str:
    """Two near-identical capitalised words of n/3 characters each."""
    a = "A" + "b" * (n // 3)
    return f"Volodymyr {a} x. Volodymyr {a} y. Volodymyr {a[:-1]}c z."


LINEAR_FAMILIES: dict[str, tuple[str, Callable[[int], str]]] = {
    "variants, words": ("normalize-names", lambda n: "Kiev " * (n // 5)),
    "variants, one long word": ("normalize-names", lambda n: "Kiev/" * (n // 5)),
    "variants, CR lines": ("normalize-names", lambda n: "Kiev\r" * (n // 5)),
    "glosses": ("normalize-names", lambda n: "Mumbai (Bombay) formerly Kiev " * (n // 30)),
    "exception patterns": ("normalize-names", lambda n: "Battle of Kharkov Bombay Talkies " * (n // 33)),
    "URLs": ("normalize-names", lambda n: "https://x.org/Kiev/ Kiev " * (n // 25)),
    "German": ("normalize-names", lambda n: "Die Stadt Peking ist groß und Kiev. " * (n // 36)),
    "near names (scaled blocks)": ("unify-name-variants", near_names),
    "distinct names": ("unify-name-variants", distinct_names),
    "long tokens": ("unify-name-variants", long_tokens),
    "dense random names": ("unify-name-variants", dense_names),
}


def linear(runs: int) -> None:
    """time(10n) / time(n) at 10^5 -> 10^6 characters, best of ``runs``."""
    from cleantext.passes.names import NormalizeNames, UnifyNameVariants

    passes = {"normalize-names": NormalizeNames(), "unify-name-variants": UnifyNameVariants()}
    print(f"\n{'family':<28} {'pass':<20} {'1e5 s':>8} {'1e6 s':>8} {'ratio':>6}")
    for label, (name, make) in LINEAR_FAMILIES.items():
        p = passes[name]
        times = []
        for n in (10**5, 10**6):
            text = make(n)
            best = float("inf")
            for _ in range(runs):
                start = time.process_time()
                p(text)
                best = min(best, time.process_time() - start)
            times.append(best)
        print(f"{label:<28} {name:<20} {times[0]:>8.3f} {times[1]:>8.3f} {times[1] / max(times[0], 1e-9):>6.1f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--size", type=int, default=10_000, help="entries in the synthetic table (default 10000)")
    parser.add_argument("--compare", action="store_true", help="also time the alternative scan strategies")
    parser.add_argument("--data", type=Path, default=None, help="path to ground-truth.json")
    parser.add_argument(
        "--linear", action="store_true", help="only time adversarial families at 10^5 and 10^6 characters"
    )
    args = parser.parse_args()
    if args.linear:
        import os

        print(f"load average: {os.getloadavg()[0]:.1f}; CPU time, best of {args.runs} runs")
        linear(args.runs)
        return 0
    data = args.data or find_data()
    if data is None or not data.exists():
        parser.error("ground-truth.json not found: give --data PATH")
    docs = [v["articleBody"] for v in json.loads(data.read_text(encoding="utf-8")).values()]

    from cleantext.passes.names import NormalizeNames

    with tempfile.TemporaryDirectory() as tmp:
        synthetic = Path(tmp) / "synthetic.tsv"
        synthetic.write_text(synthetic_table(args.size), encoding="utf-8")
        start = time.process_time()
        builtin = NormalizeNames()
        builtin("warm-up: compiles the index")
        t_builtin = time.process_time() - start
        start = time.process_time()
        big = NormalizeNames(tables=(str(synthetic),))
        big("warm-up: compiles the index")
        t_big = time.process_time() - start

    size = sum(len(d.encode("utf-8")) for d in docs) / 1e6
    print(
        f"text: {len(docs)} articles, {size:.2f} MB (UTF-8); median of {args.runs} runs; Python {sys.version.split()[0]}"
    )
    print(f"{'table':<34} {'entries':>8} {'build s':>8} {'MB/s':>8}")
    a, b = interleaved([builtin, big], docs, args.runs)
    print(f"{'built-in':<34} {len(builtin.table):>8} {t_builtin:>8.2f} {a:>8.1f}")
    print(f"{'built-in + synthetic':<34} {len(big.table):>8} {t_big:>8.2f} {b:>8.1f}")
    print(f"ratio (synthetic / built-in): {b / a:.0%}")
    # Most articles hold no listed variant, so the checks made around each
    # match (identifiers, glosses, exceptions, language) rarely run; this
    # row gives every article a paragraph of variants so that they all do.
    with_names = [d + "\n" + NAMES_PARAGRAPH for d in docs]
    (c,) = interleaved([builtin], with_names, args.runs)
    print(f"{'built-in, a names paragraph each':<34} {len(builtin.table):>8} {'':>8} {c:>8.1f}")

    if args.compare:
        from cleantext.passes.names import _scan, _splice

        print("\nscan strategies (table lookup and replacement only, no typography):")
        print(f"{'strategy':<34} {'table':>9} {'build s':>8} {'MB/s':>8}")
        for label, p in (("built-in", builtin), ("+ synthetic", big)):
            index = p._index
            forms = {f: out for (_, _, _, fs) in index.by_key.values() for f, (out, _) in fs.items()}

            def first_word(s: str, index=index) -> str:  # type: ignore[no-untyped-def]
                return _splice(s, _scan(index, s))

            print(
                f"{'capitalised-word index (the pass)':<34} {label:>9} {'':>8} {mb_per_s(first_word, docs, args.runs):>8.1f}"
            )
            start = time.process_time()
            rx = trie_regex(forms)
            built = time.process_time() - start
            print(
                f"{'trie-compiled regex alternation':<34} {label:>9} {built:>8.2f} {mb_per_s(rx, docs, args.runs):>8.1f}"
            )
            start = time.process_time()
            ac = aho_corasick(forms)
            built = time.process_time() - start
            if ac is None:
                print(f"{'pyahocorasick':<34} {label:>9} {'not installed':>17}")
            else:
                print(f"{'pyahocorasick':<34} {label:>9} {built:>8.2f} {mb_per_s(ac, docs, args.runs):>8.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
