"""fix-encoding against ftfy on held-out text: are the outputs identical?

Reads web-pages/pages.jsonl.gz from the shared evaluation data
(../shared/data/ beside the repository, or --data): every extractor's text
of every page, as it came out (entities, real mojibake and all), and every
--mojibake-every'th of them also as mojibake (UTF-8 read as Windows-1252).
For each text it compares

  - ``cleantext.fastpath.fix_text`` with ``ftfy.fix_text``, same config,
  - the ``fix-encoding`` pass with ftfy run to a fixed point (as the pass does),

and prints the number of differences (each one named on stderr), the MB
checked and the CPU-time MB/s of both.

    python benchmarks/encoding_identity.py [--limit N]
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--data", type=Path, default=ROOT.parent / "shared" / "data", help="the shared evaluation data folder"
    )
    parser.add_argument("--limit", type=int, default=0, help="check only the first N pages (0: all)")
    parser.add_argument("--mojibake-every", type=int, default=4, help="also check every Nth text as mojibake")
    args = parser.parse_args()
    if not args.data.is_dir():
        args.data = Path("/work/shared/data")

    import ftfy

    from cleantext import fastpath
    from cleantext.passes.encoding import FixEncoding
    from cleantext.testing import mojibake

    fix = FixEncoding()
    config = fix._config
    texts = diff_fast = diff_pass = 0
    megabytes = fast_s = ftfy_s = 0.0
    with gzip.open(args.data / "web-pages" / "pages.jsonl.gz", "rt", encoding="utf-8") as lines:
        for i, line in enumerate(lines):
            if args.limit and i >= args.limit:
                break
            page = json.loads(line)
            for extractor, text in page["extracted"].items():
                if not text:
                    continue
                variants = {"as extracted": text}
                if i % args.mojibake_every == 0:
                    repaired = text.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
                    variants["mojibake"] = mojibake(repaired)
                for variant, t in variants.items():
                    texts += 1
                    megabytes += len(t.encode("utf-8", "surrogatepass")) / 1e6
                    start = time.process_time()
                    fast = fastpath.fix_text(t, config)
                    middle = time.process_time()
                    expected = ftfy.fix_text(t, config)
                    fast_s += middle - start
                    ftfy_s += time.process_time() - middle
                    if fast != expected:
                        diff_fast += 1
                        print(f"fastpath.fix_text differs: {page['id']} {extractor} {variant}", file=sys.stderr)
                    for _ in range(3):
                        again = ftfy.fix_text(expected, config)
                        if again == expected:
                            break
                        expected = again
                    if fix(t) != expected:
                        diff_pass += 1
                        print(f"fix-encoding differs: {page['id']} {extractor} {variant}", file=sys.stderr)
    print(f"texts checked: {texts} ({megabytes:.1f} MB)")
    print(f"fastpath.fix_text differs from ftfy.fix_text: {diff_fast}")
    print(f"fix-encoding differs from ftfy run to a fixed point: {diff_pass}")
    print(f"CPU time: fastpath.fix_text {megabytes / fast_s:.1f} MB/s, ftfy.fix_text {megabytes / ftfy_s:.1f} MB/s")


if __name__ == "__main__":
    main()
