"""Where the user's own config lives (not the board's): ``$XDG_CONFIG_HOME/okrboard/
config.toml``, default ``~/.config/okrboard/config.toml``. The app reads its theme and
keymap from it (``tui.config``); ``okrboard measure`` reads which boards may run commands.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from okrboard.files import toml


def config_path() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "okrboard" / "config.toml"


def table(name: str, path: Path | None = None) -> dict[str, Any]:
    """The ``[name]`` table of the user's config; empty when there is none or the file
    cannot be read (the app reports a broken file; nothing is allowed by one)."""
    try:
        data = toml.loads((path or config_path()).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, toml.TomlError):
        return {}
    found = data.get(name)
    return found if isinstance(found, dict) else {}


def me(path: Path | None = None) -> str | None:
    """The user's name as the board's owners write it (``me = "Maya Chen"``), or None."""
    try:
        data = toml.loads((path or config_path()).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, toml.TomlError):
        return None
    found = data.get("me")
    return found.strip() or None if isinstance(found, str) else None
