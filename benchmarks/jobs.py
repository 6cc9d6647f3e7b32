"""Scale on one machine: `--jobs 1` against `--jobs N` and against Dask
(`--engine dask --jobs N`) on one large JSONL file, through the command line.

Builds a JSONL file of at least --size-mb MB from the article extraction
benchmark's texts (../shared/data, as benchmarks/throughput.py; a tenth of
them also as mojibake), then runs, --repeats times and interleaved (each
round runs every configuration once, so a change of load hits them alike):

    cleantext big.jsonl --format jsonl -o out.jsonl [--jobs N | --engine dask --jobs N]

and prints, per configuration, the median wall and CPU seconds (this
process's children: the command and every process it started), MB/s, the
peak RSS and PSS of the whole process tree (RSS counts the pages forked
workers share with their parent once per process, PSS shares them out), the
peak RSS of its largest process, and what the largest processes were (the
Dask scheduler and client, the workers).
Then:

  - speed-up = wall(--jobs 1) / wall(--jobs N), and the efficiency per core
    = speed-up / N (1.0 is perfect; on a loaded machine the wall clock
    cannot show it, so the load average is printed before and after each run),
  - CPU efficiency = CPU(--jobs 1) / CPU(--jobs N): the share of the CPU
    time of the parallel run that is cleaning rather than the pool's own
    work (starting processes, pickling blocks); it holds whatever the load,
  - Dask against --jobs N: wall, CPU and peak-memory ratios.

It also checks that the outputs are the same bytes.

With --baseline DIR (a checkout of another version of the package, for
example `git archive HEAD~3 | tar -x -C /tmp/before`), the Dask
configuration also runs on that code (PYTHONPATH=DIR), interleaved with
the others, so that a change to the Dask engine is measured before and
after under the same load.

    nice -n 5 python benchmarks/jobs.py [--size-mb 100] [--jobs 2] [--repeats 3] [--dask-block-size 1m]
    nice -n 5 python benchmarks/jobs.py --baseline /tmp/before
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from throughput import ROOT, _rss, _tree, make_jsonl, run_sampled


class RoleSampler(threading.Thread):
    """Peak summed RSS and PSS of a process tree, and the peak RSS of each
    process with what it is (from its command line). RSS counts a page
    shared by forked processes once in each; PSS divides it among them."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak_total = 0
        self.peak_pss = 0
        self.peaks: dict[int, tuple[int, str]] = {}
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            total = pss = 0
            for p in _tree(self.pid):
                rss = _rss(p)
                total += rss
                pss += _pss(p)
                if rss > self.peaks.get(p, (0, ""))[0]:
                    self.peaks[p] = (rss, self.peaks.get(p, (0, ""))[1] or _role(p, self.pid))
            self.peak_total = max(self.peak_total, total)
            self.peak_pss = max(self.peak_pss, pss)
            time.sleep(0.05)


def _pss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _role(pid: int, root: int) -> str:
    if pid == root:
        return "cleantext (reads and writes; with Dask also the scheduler and client)"
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            cmd = f.read().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return "?"
    if "spawn_main" in cmd or "forkserver" in cmd:
        return "worker process (spawned)"
    if "resource_tracker" in cmd:
        return "multiprocessing resource tracker"
    return "worker process (forked)" if "cleantext" in cmd else cmd[:60]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--size-mb", type=float, default=100)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--no-dask", action="store_true")
    parser.add_argument(
        "--dask-block-size", default=None, help="--block-size for the Dask run (default: the command's)"
    )
    parser.add_argument("--tmp", default=None)
    parser.add_argument(
        "--baseline", type=Path, default=None, help="also run the Dask configuration on the package in this directory"
    )
    args = parser.parse_args()
    if not args.data.is_dir():
        args.data = Path("/work/shared/data")
    n = args.jobs
    runs = {"--jobs 1": ["--jobs", "1"], f"--jobs {n}": ["--jobs", str(n)]}
    code = {name: str(ROOT) for name in runs}  # PYTHONPATH of each configuration
    baseline = f"--engine dask --jobs {n} (baseline)"
    if not args.no_dask:
        blocks = ["--block-size", args.dask_block_size] if args.dask_block_size else []
        runs[f"--engine dask --jobs {n}"] = ["--engine", "dask", "--jobs", str(n), *blocks]
        code[f"--engine dask --jobs {n}"] = str(ROOT)
        if args.baseline is not None:
            if not (args.baseline / "cleantext" / "__init__.py").is_file():
                raise SystemExit(f"--baseline {args.baseline}: no cleantext package there")
            runs[baseline] = runs[f"--engine dask --jobs {n}"]
            code[baseline] = str(args.baseline.resolve())
    with tempfile.TemporaryDirectory(dir=args.tmp) as tmp:
        src = Path(tmp) / "big.jsonl"
        make_jsonl(src, args.data, args.size_mb)
        mb = src.stat().st_size / 1e6
        print(f"input: {src.name}, {mb:.0f} MB; {os.cpu_count()} cores")
        print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        results: dict[str, list[tuple[float, float, int, int, int, list[tuple[int, str]]]]] = {k: [] for k in runs}
        digests: dict[str, bytes] = {}
        for _ in range(args.repeats):
            for name, extra in runs.items():
                out = Path(tmp) / "out.jsonl"
                argv = [sys.executable, "-m", "cleantext", str(src), "--format", "jsonl", *extra, "-o", str(out)]
                load = os.getloadavg()[0]
                # Run from the temporary directory: `python -m` puts the
                # current directory first on the path, before PYTHONPATH.
                env = {**os.environ, "PYTHONPATH": code[name]}
                status, elapsed, cpu, sampler = run_sampled(argv, RoleSampler, env=env, cwd=tmp)
                if status:
                    raise SystemExit(f"{name}: exit status {status}")
                largest = max((rss for rss, _ in sampler.peaks.values()), default=0)
                roles = sorted(sampler.peaks.values(), reverse=True)
                results[name].append((elapsed, cpu, sampler.peak_total, sampler.peak_pss, largest, roles))
                import hashlib

                digests[name] = hashlib.sha256(out.read_bytes()).digest()
                print(
                    f"  {name:<35} {elapsed:6.1f} s wall {cpu:6.1f} s CPU  peak RSS {sampler.peak_total / 1e6:5.0f} MB"
                    f" PSS {sampler.peak_pss / 1e6:5.0f} MB"
                    f"  load {load:.2f} -> {os.getloadavg()[0]:.2f}"
                )
        print()
        print(
            f"{'':<37} {'wall s':>7} {'CPU s':>7} {'MB/s':>6} {'peak RSS':>9} {'peak PSS':>9} {'largest':>8}   (medians)"
        )
        med: dict[str, tuple[float, float, float, float]] = {}
        for name, rows in results.items():
            wall = statistics.median(r[0] for r in rows)
            cpu = statistics.median(r[1] for r in rows)
            peak = statistics.median(r[2] for r in rows)
            pss = statistics.median(r[3] for r in rows)
            largest = statistics.median(r[4] for r in rows)
            med[name] = (wall, cpu, peak, pss)
            print(
                f"{name:<37} {wall:>7.1f} {cpu:>7.1f} {mb / wall:>6.2f} {peak / 1e6:>6.0f} MB {pss / 1e6:>6.0f} MB"
                f" {largest / 1e6:>5.0f} MB"
            )
        one, many = med["--jobs 1"], med[f"--jobs {n}"]
        speedup = one[0] / many[0]
        print()
        print(f"speed-up --jobs {n} / --jobs 1 (wall): {speedup:.2f}x; efficiency per core {speedup / n:.2f}")
        print(
            f"CPU efficiency --jobs {n} (CPU of --jobs 1 / CPU of --jobs {n}): {one[1] / many[1]:.2f}"
            f" (the wall-clock efficiency it allows on {n} idle cores)"
        )
        if not args.no_dask:
            dask = med[f"--engine dask --jobs {n}"]
            print(
                f"Dask / --jobs {n}: wall {dask[0] / many[0]:.2f}x, CPU {dask[1] / many[1]:.2f}x, "
                f"peak RSS {dask[2] / many[2]:.2f}x, peak PSS {dask[3] / many[3]:.2f}x"
            )
            if baseline in med:
                before = med[baseline]
                print(
                    f"Dask (baseline) / --jobs {n}: wall {before[0] / many[0]:.2f}x, CPU {before[1] / many[1]:.2f}x, "
                    f"peak RSS {before[2] / many[2]:.2f}x, peak PSS {before[3] / many[3]:.2f}x"
                )
                print(
                    f"Dask / Dask (baseline): wall {dask[0] / before[0]:.2f}x, CPU {dask[1] / before[1]:.2f}x, "
                    f"peak RSS {dask[2] / before[2]:.2f}x, peak PSS {dask[3] / before[3]:.2f}x"
                )
            print("largest processes of the last Dask run (peak RSS):")
            for rss, role in results[f"--engine dask --jobs {n}"][-1][5][:8]:
                print(f"  {rss / 1e6:6.0f} MB  {role}")
            print(f"largest processes of the last --jobs {n} run (peak RSS):")
            for rss, role in results[f"--jobs {n}"][-1][5][:4]:
                print(f"  {rss / 1e6:6.0f} MB  {role}")
        same = {k: v for k, v in digests.items() if "(baseline)" not in k}
        print(f"outputs byte-identical: {len(set(same.values())) == 1}")
        if len(same) < len(digests):
            print(
                "baseline output the same bytes: "
                f"{set(digests.values()) == set(same.values())} (it differs where the passes changed since)"
            )
        print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
