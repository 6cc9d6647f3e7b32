"""Every code block in README.md and docs/ runs.

``python`` blocks written as doctests (``>>>``) are run by pytest's doctest
collection (``--doctest-glob=*.md``); the other ``python`` blocks are run
here as scripts, and ``sh`` blocks are run by bash, each in a fresh folder
that holds the files the examples name (a copy of the bundled sample article
and small inputs made from it). A ``pip install ...`` line is the one thing
not run: the suite runs inside the environment that command made.
"""

from __future__ import annotations

import csv
import gzip
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "corpora" / "reuters-2022-02-01-putin-nato.txt"
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
_FENCE = re.compile(r"^```(\w*)[^\n]*\n(.*?)^```", re.MULTILINE | re.DOTALL)
# Not run: installing (the suite runs in the environment that made it) and
# the benchmark and training scripts (they read evaluation data that is not
# shipped, and take minutes).
_PIP = re.compile(r"^\s*(?:pip install [^&\n]*(?:&&\s*)?|(?:nice [^p]*)?python (?:benchmarks|tools)/.*$)", re.MULTILINE)


def _blocks() -> list[tuple[str, str, str]]:
    found = []
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        for match in _FENCE.finditer(text):
            language, body = match.group(1), match.group(2)
            line = text.count("\n", 0, match.start()) + 1
            where = f"{page.relative_to(ROOT)}:{line}"
            if language == "python" and ">>>" not in body:
                found.append((where, "python", body))
            elif language in ("sh", "bash", "shell"):
                found.append((where, "sh", body))
    return found


def _workdir(tmp_path: Path) -> Path:
    """A folder with the files the examples use."""
    shutil.copy(SAMPLE, tmp_path / "article.txt")
    text = SAMPLE.read_text(encoding="utf-8")
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    with open(tmp_path / "crawl.jsonl", "w", encoding="utf-8") as out:
        for i, paragraph in enumerate(paragraphs):
            title = paragraph.splitlines()[0]
            record = {
                "id": i,
                "url": f"https://example.com/{i % 3}/{i}",
                "title": title,
                "body": paragraph,
                "text": paragraph,
                "meta": {"body": paragraph},
            }
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    (tmp_path / "titles.txt").write_text("\n".join(p.splitlines()[0] for p in paragraphs) + "\n", encoding="utf-8")
    shutil.copy(tmp_path / "titles.txt", tmp_path / "headlines.txt")
    shutil.copy(tmp_path / "article.txt", tmp_path / "notes.txt")
    shutil.copy(tmp_path / "crawl.jsonl", tmp_path / "big.jsonl")
    shutil.copytree(ROOT / "corpora", tmp_path / "corpora")
    data = (tmp_path / "crawl.jsonl").read_bytes()
    (tmp_path / "crawl.jsonl.gz").write_bytes(gzip.compress(data))
    with open(tmp_path / "table.csv", "w", encoding="utf-8", newline="") as out:
        table = csv.writer(out)
        table.writerow(["id", "body"])
        table.writerows(enumerate(paragraphs))
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        pass
    else:
        pq.write_table(pa.table({"id": list(range(len(paragraphs))), "text": paragraphs}), tmp_path / "part-0.parquet")
    for folder in ("crawl", "data"):
        (tmp_path / folder).mkdir()
        for part in ("a", "b"):
            (tmp_path / folder / f"{part}.jsonl.gz").write_bytes(gzip.compress(data))
    try:
        import zstandard
    except ImportError:
        pass
    else:
        (tmp_path / "crawl.jsonl.zst").write_bytes(zstandard.ZstdCompressor().compress(data))
    for page in PAGES:  # the configuration files the pages show, by the name in their first comment line
        for match in re.finditer(
            r"^```toml\n# ([\w.-]+\.toml)[^\n]*\n(.*?)^```", page.read_text(encoding="utf-8"), re.M | re.S
        ):
            (tmp_path / match.group(1)).write_text(match.group(2), encoding="utf-8")
    return tmp_path


BLOCKS = _blocks()


@pytest.mark.parametrize(("where", "language", "body"), BLOCKS, ids=[b[0] for b in BLOCKS])
def test_code_block_runs(where: str, language: str, body: str, tmp_path: Path) -> None:
    """The block exits 0 in a folder holding the files it names."""
    if "python -m pytest" in body:
        # The README's test command is what .ci/run runs: check that, rather than recurse.
        ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
        assert body.strip() in ci, f"{where}: .ci/run does not run {body.strip()!r}"
        return
    folder = _workdir(tmp_path)
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    if language == "python":
        command = [sys.executable, "-c", body]
    else:
        command = ["bash", "-euo", "pipefail", "-c", _PIP.sub("", body)]
    done = subprocess.run(command, cwd=folder, env=env, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, f"{where} failed ({done.returncode}):\n{done.stderr[-2000:]}"


def test_blocks_are_found() -> None:
    """The scan sees README's set-up commands, so an empty scan cannot pass."""
    assert any(where.startswith("README.md") and language == "sh" for where, language, _ in BLOCKS)
