"""Start-up cost of the command, with bytecode (and parsed data) caches.

For each command: the median over repeated runs of the CPU time of the
process (user + system, from the kernel) and of its wall time; the CPU
figure of `echo hi | cleantext` over `python -c pass` is the cost of
start-up itself. Runs are interleaved (one of each command per round) so a
change in the machine's load touches every command alike; the load average
is printed before and after. One warm-up round first writes the bytecode
caches (PYTHONDONTWRITEBYTECODE is cleared for the runs).

    python benchmarks/startup.py [--runs 21]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time


def measure(argv: list[str], stdin: bytes | None, env: dict[str, str]) -> tuple[float, float]:
    """(CPU ms, wall ms) of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(argv, input=stdin, stdout=subprocess.DEVNULL, check=True, env=env)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu * 1000, wall * 1000


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=21, help="runs of each command (default 21)")
    args = parser.parse_args(argv)
    exe = shutil.which("cleantext")
    base = [exe] if exe else [sys.executable, "-m", "cleantext"]
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    commands = {
        "python -c pass (floor)": ([sys.executable, "-c", "pass"], None),
        "cleantext --help": ([*base, "--help"], None),
        "cleantext --list-passes": ([*base, "--list-passes"], None),
        "echo hi | cleantext": (base, b"hi\n"),
    }
    for argv_, stdin in commands.values():  # warm-up: writes the caches
        measure(argv_, stdin, env)
    load_before = os.getloadavg()
    samples: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    for _ in range(args.runs):
        for name, (argv_, stdin) in commands.items():
            samples[name].append(measure(argv_, stdin, env))
    load_after = os.getloadavg()
    print(f"{args.runs} runs each; load average {load_before[0]:.2f} before, {load_after[0]:.2f} after")
    print(f"{'command':<28} {'CPU ms':>8} {'wall ms':>8}  (medians)")
    medians = {}
    for name, runs in samples.items():
        cpu = statistics.median(c for c, _ in runs)
        wall = statistics.median(w for _, w in runs)
        medians[name] = cpu
        print(f"{name:<28} {cpu:8.1f} {wall:8.1f}")
    floor = medians["python -c pass (floor)"]
    print(f"echo hi | cleantext over the floor: {medians['echo hi | cleantext'] - floor:.1f} ms CPU (target <= 60)")
    print(f"cleantext --help over the floor:   {medians['cleantext --help'] - floor:.1f} ms CPU")


if __name__ == "__main__":
    main()
