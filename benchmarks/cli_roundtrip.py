"""A large compressed JSONL corpus through the command line, under the three
executors: time, CPU, peak memory, and a check that nothing but the cleaned
field changed.

Builds `crawl.jsonl.zst` of at least --size-mb MB (uncompressed) from the
article extraction benchmark's texts (../shared/data, as
benchmarks/throughput.py; a tenth of them also as mojibake), with the body
at `meta.body` beside values other JSON tools change (`1e400`, `-0`,
`1.10`, a 4,400-digit integer, escapes), then runs

    cleantext crawl.jsonl.zst --format jsonl --field meta.body -o out.jsonl.gz [--jobs 2 | --engine dask --jobs 2]

and checks that the three outputs are the same bytes, that documents in =
documents out, and that each output line differs from its input line only
inside the body's JSON token. Prints wall and CPU seconds (all processes),
MB/s and the peak RSS of the process tree, with the load average.

    nice -n 5 python benchmarks/cli_roundtrip.py [--size-mb 200]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from throughput import ROOT, TreeSampler, load_corpus, mojibake, run_sampled

RUNS = {
    "one process": [],
    "--jobs 2": ["--jobs", "2"],
    "--engine dask --jobs 2": ["--engine", "dask", "--jobs", "2"],
}


def make_corpus(path: Path, data: Path, size_mb: float) -> tuple[int, int]:
    """Write the zstd corpus; (records, uncompressed bytes)."""
    import zstandard

    docs = load_corpus(data)
    docs = docs + [mojibake(d) for d in docs[::10]]
    big = "7" * 4400
    records = written = 0
    with path.open("wb") as raw, zstandard.ZstdCompressor(level=3).stream_writer(raw) as out:
        while written < size_mb * 1e6:
            for d in docs:
                token = json.dumps(d, ensure_ascii=records % 2 == 0)
                line = (
                    f'{{"id": {records}, "url": "https://example.org/{records}", "x": 1e400, "z": -0, '
                    f'"d": 1.10, "big": {big}, "meta": {{"lang": "en", "body": {token}}}, "esc": "caf\\u00e9"}}\n'
                ).encode()
                out.write(line)
                written += len(line)
                records += 1
    return records, written


def check(src: Path, out: Path) -> int:
    """Lines of ``out`` that differ from ``src`` outside the body token (0 is right)."""
    import zstandard

    bad = 0
    with src.open("rb") as raw, gzip.open(out, "rb") as got:
        sent = zstandard.ZstdDecompressor().stream_reader(raw)
        import io

        for before, after in zip(io.TextIOWrapper(sent, encoding="utf-8"), got, strict=True):
            after_text = after.decode("utf-8")
            start = before.index('"body": ') + len('"body": ')
            end = before.rindex('}, "esc"')
            if not (after_text.startswith(before[:start]) and after_text.endswith(before[end:])):
                bad += 1
    return bad


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--size-mb", type=float, default=200)
    parser.add_argument("--tmp", default=None)
    args = parser.parse_args()
    if not args.data.is_dir():
        args.data = Path("/work/shared/data")
    with tempfile.TemporaryDirectory(dir=args.tmp) as tmp:
        src = Path(tmp) / "crawl.jsonl.zst"
        records, size = make_corpus(src, args.data, args.size_mb)
        mb = size / 1e6
        print(f"input: {records:,} records, {mb:.0f} MB ({src.stat().st_size / 1e6:.0f} MB zstd)")
        print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        outputs = {}
        for name, extra in RUNS.items():
            out = Path(tmp) / f"out-{len(outputs)}.jsonl.gz"
            argv = [sys.executable, "-m", "cleantext", str(src), "--format", "jsonl", "--field", "meta.body"]
            status, elapsed, cpu, sampler = run_sampled([*argv, *extra, "-o", str(out)], TreeSampler)
            if status:
                raise SystemExit(f"{name}: exit status {status}")
            outputs[name] = out
            print(
                f"{name:<24} {elapsed:7.1f} s wall {cpu:7.1f} s CPU {mb / elapsed:6.2f} MB/s  "
                f"peak RSS {sampler.peak_total / 1e6:5.0f} MB (largest process {sampler.peak_single / 1e6:4.0f} MB)  "
                f"load {os.getloadavg()[0]:.2f}"
            )
        blobs = {name: path.read_bytes() for name, path in outputs.items()}
        same = len(set(blobs.values())) == 1
        print(f"outputs byte-identical across the three: {same}")
        first = next(iter(outputs.values()))
        with gzip.open(first, "rb") as f:
            lines_out = sum(1 for _ in f)
        print(f"documents in {records:,}, documents out {lines_out:,}")
        print(f"lines changed outside meta.body: {check(src, first)}")
        print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
