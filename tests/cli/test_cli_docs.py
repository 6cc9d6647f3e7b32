"""Every command shown in docs/cli.md parses, and builds its pipeline."""

from __future__ import annotations

import re
import shlex
import tomllib
from pathlib import Path

import pytest

from cleantext.cli import build_parser, build_pipeline

DOC = Path(__file__).resolve().parents[2] / "docs" / "cli.md"
TEXT = DOC.read_text(encoding="utf-8")
OPERATORS = {"|", ">", "<", "&&", "&", ";", "(", ")"}


def _commands() -> list[list[str]]:
    commands = []
    for block in re.findall(r"```sh\n(.*?)```", TEXT, flags=re.S):
        for line in block.splitlines():
            words = shlex.split(line.replace("(", " ( ").replace(")", " ) "))
            while "cleantext" in words:
                words = words[words.index("cleantext") + 1 :]
                end = next((i for i, w in enumerate(words) if w in OPERATORS), len(words))
                commands.append(words[:end])
    return commands


COMMANDS = _commands()


def test_the_page_shows_commands() -> None:
    assert len(COMMANDS) > 25


@pytest.mark.parametrize("argv", COMMANDS, ids=[" ".join(c)[:60] for c in COMMANDS])
def test_command_parses_and_builds_its_pipeline(argv: list[str], tmp_path: Path, monkeypatch) -> None:
    config = re.search(r"```toml\n(.*?)```", TEXT, flags=re.S)
    assert config is not None
    (tmp_path / "pipeline.toml").write_text(config.group(1), encoding="utf-8")
    tomllib.loads(config.group(1))
    monkeypatch.chdir(tmp_path)
    args = build_parser().parse_args(argv)
    assert build_pipeline(args).names
