"""``cleantext --profile-by url`` on a synthetic crawl whose every line is labelled.

Builds a JSONL corpus of news sites (seeded, so the same every run): each
page has its site's template (menu, share line, newsletter box, footer), a
"latest stories" box with five headlines of the twenty pages the site
published before it, and its own story (a headline and paragraphs). Some stories are told twice on a site
(the same paragraph in two pages); some sites have fewer than five pages;
some records have no URL. Every line is labelled: ``template`` (the same in
every page of the site), ``latest`` (another page's headline in the box),
``content`` (the page's own headline and paragraphs).

It then runs the command, as a user would, and prints:

- the lines removed by label: ``content`` must stay 0 (precision first);
- that one process, ``--jobs 2`` and ``--engine dask --jobs 2`` write the
  same bytes, and that a saved profile (``--profile``, one read, on stdin)
  gives them again;
- CPU time (summed over all processes) and wall time of learning and
  cleaning in one command against cleaning with the saved profile, with the
  load average (the machine may be shared).

    python benchmarks/repeated_lines_cli.py                # 2,000 pages
    python benchmarks/repeated_lines_cli.py --pages 20000 --no-dask

No data set is read: nothing was tuned on this corpus.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

WORDS = (
    "council budget river school minister harbour election storm market hospital vote tax rail bridge police "
    "court farmer festival museum airport library mayor union strike drought flood energy price wage rent "
    "teacher nurse pupil league club final coach season record report plan deal talks crowd street square"
).split()
VERBS = "said approved rejected opened closed delayed announced warned promised visited found raised cut".split()


def sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 20))]
    words.insert(2, rng.choice(VERBS))
    return " ".join(words).capitalize() + "."


def build(pages: int, seed: int) -> tuple[list[dict[str, str]], list[list[str]]]:
    """Records and, for each, the label of each line of its text."""
    rng = random.Random(seed)
    sizes = [3, 4, 8, 12, 25, 40, 80, 150]
    records: list[dict[str, str]] = []
    labels: list[list[str]] = []
    site = 0
    while len(records) < pages:
        site += 1
        host = f"www.site{site}.example"
        n = min(rng.choice(sizes), pages - len(records))
        name = f"The Site {site} Herald"
        template_top = [f"Home | News | Sport | Weather | {name}", "Share this article"]
        template_end = [f"Sign up for the {name} newsletter", f"© {2000 + site} {name}. All rights reserved."]
        headlines = [f"{sentence(rng)[:-1]} ({site}-{i})" for i in range(n)]
        told_twice = sentence(rng)
        for i in range(n):
            lines, marks = [], []
            lines += template_top
            marks += ["template"] * len(template_top)
            lines.append(headlines[i])
            marks.append("content")
            for _ in range(rng.randint(3, 8)):
                lines.append(sentence(rng))
                marks.append("content")
            if i in (1, 2):  # the same paragraph in two stories of the site
                lines.append(told_twice)
                marks.append("content")
            others = [h for j, h in enumerate(headlines[max(0, i - 20) : i + 1]) if h != headlines[i]]
            box = rng.sample(others, min(5, len(others)))
            if box:
                lines.append("Latest stories")
                marks.append("template")
                lines += box
                marks += ["latest"] * len(box)
            lines += template_end
            marks += ["template"] * len(template_end)
            record = {"id": f"{site}-{i}", "url": f"https://{host}/news/{i}", "text": "\n".join(lines) + "\n"}
            if rng.random() < 0.01:
                del record["url"]  # no source: must pass through unchanged
            records.append(record)
            labels.append(marks)
    return records, labels


def cleantext(*args: str, stdin: Path | None = None) -> tuple[float, float]:
    """Run the command; (wall seconds, CPU seconds of it and its children)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    with open(stdin, "rb") if stdin else open(os.devnull, "rb") as feed:
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        done = subprocess.run([sys.executable, "-m", "cleantext", *args], stdin=feed, env=env, capture_output=True)
    wall = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"cleantext {' '.join(args)}: exit {done.returncode}\n{done.stderr.decode()}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def tally(records: list[dict[str, str]], labels: list[list[str]], out: Path) -> dict[str, list[int]]:
    """Per label: [lines, lines removed]."""
    cleaned = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in cleaned] == [r["id"] for r in records], "documents in != documents out"
    counts: dict[str, list[int]] = {}
    for record, marks, after in zip(records, labels, cleaned, strict=True):
        kept = after["text"].splitlines()
        at = 0
        for line, mark in zip(record["text"].splitlines(), marks, strict=True):
            row = counts.setdefault(mark, [0, 0])
            row[0] += 1
            if at < len(kept) and kept[at] == line:
                at += 1
            else:
                row[1] += 1
        assert at == len(kept), "a line was changed, not removed"
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--no-dask", action="store_true", help="leave out the --engine dask run")
    args = parser.parse_args(argv)

    records, labels = build(args.pages, args.seed)
    folder = Path(tempfile.mkdtemp(prefix="repeated-cli-"))
    corpus = folder / "corpus.jsonl"
    corpus.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    sites = len({r["url"].split("/")[2] for r in records if "url" in r})
    size = corpus.stat().st_size
    print(
        f"corpus: {len(records):,} pages of {sites} sites, {size / 1e6:.1f} MB; load average {os.getloadavg()[0]:.1f}"
    )

    profile = folder / "site.profile.json.gz"
    base = [str(corpus), "--passes", "strip-repeated-lines", "--profile-by", "url", "--no-progress"]
    runs = {
        "one process": ([*base, "--save-profile", str(profile), "-o", str(folder / "serial.jsonl")], None),
        "--jobs 2": ([*base, "--jobs", "2", "-o", str(folder / "jobs.jsonl")], None),
    }
    if not args.no_dask:
        runs["--engine dask --jobs 2"] = (
            [*base, "--engine", "dask", "--jobs", "2", "-o", str(folder / "dask.jsonl")],
            None,
        )
    saved = ["--format", "jsonl", "--passes", "strip-repeated-lines", "--profile", str(profile), "--no-progress"]
    runs["saved profile, stdin"] = ([*saved, "-o", str(folder / "saved.jsonl")], corpus)
    times = {}
    for name, (argv_, stdin) in runs.items():
        times[name] = cleantext(*argv_, stdin=stdin)
    outputs = {name: Path(argv_[argv_.index("-o") + 1]).read_bytes() for name, (argv_, _) in runs.items()}
    same = len(set(outputs.values())) == 1
    print(f"outputs of {', '.join(outputs)}: {'the same bytes' if same else 'DIFFERENT'}")

    counts = tally(records, labels, folder / "serial.jsonl")
    print("\n| lines | in the corpus | removed |\n|---|---:|---:|")
    for mark in ("template", "latest", "content"):
        total, removed = counts.get(mark, [0, 0])
        print(f"| {mark} | {total:,} | {removed:,} ({100 * removed / max(total, 1):.1f}%) |")
    print(f"\nprofile file: {profile.stat().st_size / 1e3:.0f} KB (gzip)")

    # The cost of the first read: with strip-repeated-lines after the news
    # preset, the first read runs the passes before it too.
    news = [str(corpus), "--no-progress", "-o", os.devnull]
    times["news preset"] = cleantext(*news)
    times["news + --profile-by url (two reads)"] = cleantext(*news, "--profile-by", "url")
    times["news + --profile FILE (one read)"] = cleantext(*news, "--profile", str(profile))
    sys.path.insert(0, str(ROOT))
    from cleantext import Pipeline

    first = ",".join(["strip-repeated-lines", *Pipeline.from_preset("news").names])
    times["strip-repeated-lines first, then the news passes (two reads)"] = cleantext(
        *news, "--passes", first, "--profile-by", "url"
    )
    print("\n| run | wall s | CPU s |\n|---|---:|---:|")
    for name, (wall, cpu) in times.items():
        print(f"| {name} | {wall:.2f} | {cpu:.2f} |")
    print(f"load average after: {os.getloadavg()[0]:.1f}")
    return 0 if same and counts.get("content", [0, 0])[1] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
