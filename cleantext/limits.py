"""Limits on what configuration may read: files named by a config (the
config itself, name tables) are regular UTF-8 text files of at most
:data:`MAX_CONFIG_BYTES`, and an error about one names the file (and line),
never its content."""

from __future__ import annotations

import os
import stat
import tomllib
from pathlib import Path
from typing import Any

from cleantext.errors import ConfigError

__all__ = ["MAX_CONFIG_BYTES", "load_toml", "read_config_text"]

#: The largest configuration file (TOML config, name table) cleantext reads.
MAX_CONFIG_BYTES = 10 * 1024 * 1024


def read_config_text(path: str | os.PathLike[str], what: str, *, encoding: str = "utf-8") -> str:
    """The text of the file at ``path``, or :class:`ConfigError` naming it
    (and ``what`` it is, such as "config") when it is not a regular file,
    is larger than :data:`MAX_CONFIG_BYTES`, holds NUL bytes or is not UTF-8.
    Nothing of the file's content goes into the message."""
    p = Path(path)
    try:
        info = p.stat()
        if not stat.S_ISREG(info.st_mode):
            raise ConfigError(f"{p}: cannot read {what}: not a regular file")
        if info.st_size > MAX_CONFIG_BYTES:
            raise ConfigError(f"{p}: cannot read {what}: larger than {MAX_CONFIG_BYTES // (1024 * 1024)} MB")
        with p.open("rb") as f:
            data = f.read(MAX_CONFIG_BYTES + 1)
    except OSError as exc:
        raise ConfigError(f"{p}: cannot read {what}: {exc.strerror or exc}") from None
    if len(data) > MAX_CONFIG_BYTES:
        raise ConfigError(f"{p}: cannot read {what}: larger than {MAX_CONFIG_BYTES // (1024 * 1024)} MB")
    if b"\x00" in data:
        raise ConfigError(f"{p}: cannot read {what}: not a text file (it holds NUL bytes)")
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{p}: cannot read {what}: not UTF-8 (byte {exc.start})") from None


def load_toml(text: str, source: str) -> dict[str, Any]:
    """Parse TOML, or raise :class:`ConfigError` naming ``source`` (and the
    line, as tomllib gives it), never quoting the text: also for nesting too
    deep to parse and integers too long to convert."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{source}: invalid TOML: {exc}") from None
    except RecursionError:
        raise ConfigError(f"{source}: invalid TOML: arrays or tables nested too deeply") from None
    except ValueError:  # int() refuses integers of more than 4300 digits
        raise ConfigError(f"{source}: invalid TOML: a number too long to read") from None
