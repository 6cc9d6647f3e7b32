"""Time and peak memory of cleaning one very large document.

Builds a single document of each size from the bundled sample article
(corpora/, with some mojibake mixed in, so fix-encoding has work; with
--emoji, one emoji in the middle, so a decoded copy of the whole text would
take four bytes a character), writes it to a temporary folder, and runs
``cleantext FILE -o OUT`` (the ``news`` preset unless --passes is given) in
a fresh process per size, reading that process's peak resident memory from
the kernel. Linear time shows as the time per MB staying the same; the
memory column is the peak as a multiple of the input's size. Needs no data
outside the project.

    python benchmarks/large_document.py                  # 20, 100 and 200 MB
    python benchmarks/large_document.py --sizes 20,100 --emoji
    python benchmarks/large_document.py --sizes 50 --one-line
    PYTHONPATH=/path/to/other/checkout python benchmarks/large_document.py   # another version
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "corpora" / "reuters-2022-02-01-putin-nato.txt"


def build(path: Path, megabytes: int, one_line: bool, emoji: bool = False) -> int:
    text = SAMPLE.read_text(encoding="utf-8")
    block = text + "\nThe cafÃ© said itâ€™s  open &amp; busy.\n\n"
    if one_line:
        block = block.replace("\n", " ")
    data = block.encode("utf-8")
    target = megabytes * 1_000_000
    with path.open("wb") as f:
        written = 0
        while written < target:
            if emoji and written >= target // 2:
                f.write("A line with one emoji 😀 in it.\n\n".encode())
                emoji = False
            f.write(data)
            written += len(data)
    return path.stat().st_size


def run(path: Path, out: Path, passes: str | None) -> tuple[float, float, int, int]:
    """(wall seconds, CPU seconds, peak resident bytes, exit status) of one cleantext process."""
    argv = [sys.executable, "-m", "cleantext", str(path), "-o", str(out)]
    if passes:
        argv += ["--passes", passes]
    start = time.perf_counter()
    proc = subprocess.Popen(argv)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return time.perf_counter() - start, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024, proc.returncode


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="20,100,200", help="document sizes in MB (default 20,100,200)")
    parser.add_argument("--passes", help="passes to run (default: the news preset)")
    parser.add_argument("--one-line", action="store_true", help="make the document one line, no line breaks")
    parser.add_argument("--emoji", action="store_true", help="put one emoji (a 4-byte character) in the document")
    args = parser.parse_args(argv)
    rows = []
    print(f"load average {os.getloadavg()[0]:.2f}; {'with' if args.emoji else 'no'} emoji", flush=True)
    print(f"{'size':>8}  {'wall':>7}  {'CPU':>7}  {'CPU s/MB':>8}  {'peak':>8}  {'peak/size':>9}  exit")
    with tempfile.TemporaryDirectory() as tmp:
        for mb in (int(s) for s in args.sizes.split(",")):
            src = Path(tmp) / f"doc-{mb}.txt"
            size = build(src, mb, args.one_line, args.emoji)
            wall, cpu, peak, code = run(src, Path(tmp) / "out.txt", args.passes)
            rows.append((size, cpu, peak, code))
            print(
                f"{size / 1e6:6.1f}MB  {wall:6.1f}s  {cpu:6.1f}s  {cpu / (size / 1e6):8.3f}  "
                f"{peak / 1e6:6.0f}MB  {peak / size:8.2f}x  {code}",
                flush=True,
            )
            src.unlink()
    print(f"load average {os.getloadavg()[0]:.2f} at the end")
    if len(rows) > 1:
        (s0, t0, _, _), (s1, t1, _, _) = rows[0], rows[-1]
        print(f"size x{s1 / s0:.1f} -> CPU time x{t1 / t0:.1f} (linear: about the same)")
    return 0 if all(r[3] == 0 for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
