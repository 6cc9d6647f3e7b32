"""Documents in and out: formats (:mod:`cleantext.io.formats`), compressions,
URLs and outputs (:mod:`cleantext.io.streams`), one decoding policy
(:mod:`cleantext.io.decode`) and JSON records edited in place
(:mod:`cleantext.io.jsonl`).

Only light modules are imported here, so the command line starts fast.
"""

from __future__ import annotations

from cleantext.io.decode import DETECT_BYTES, decode, detect_encoding, line_blocks, read_whole, sniff_bom
from cleantext.io.streams import COMPRESSIONS, Input, Output, OutputError, expand_inputs, open_input

__all__ = [
    "COMPRESSIONS",
    "DETECT_BYTES",
    "Input",
    "Output",
    "OutputError",
    "decode",
    "detect_encoding",
    "expand_inputs",
    "line_blocks",
    "open_input",
    "read_whole",
    "sniff_bom",
]
