"""Start-up time of the command: median wall time of `cleantext --help`,
`cleantext --list-passes` (which lists the textacy passes without importing
textacy) and `echo hello | cleantext`, over repeated runs.

    python benchmarks/startup.py [--runs 30]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time


def median_ms(argv: list[str], stdin: bytes | None, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, input=stdin, stdout=subprocess.DEVNULL, check=True)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    exe = shutil.which("cleantext")
    base = [exe] if exe else [sys.executable, "-m", "cleantext"]
    python = median_ms([sys.executable, "-c", "pass"], None, args.runs)
    print(f"{'command':<32} {'median ms':>10}")
    print(f"{'python -c pass (floor)':<32} {python:>10.1f}")
    print(f"{'cleantext --help':<32} {median_ms([*base, '--help'], None, args.runs):>10.1f}")
    listing = median_ms([*base, "--list-passes"], None, args.runs)
    print(f"{'cleantext --list-passes':<32} {listing:>10.1f}")
    hello = median_ms(base, b"hello\n", args.runs)
    print(f"{'echo hello | cleantext':<32} {hello:>10.1f}")


if __name__ == "__main__":
    main()
