"""The user's own settings (not the board's): theme and keymap, in the XDG config dir.

``$XDG_CONFIG_HOME/okrboard/config.toml`` (default ``~/.config/okrboard/config.toml``)::

    theme = "nord"
    me = "Maya Chen"     # your name as the board's owners write it ("my KRs", m)

    [keymap]
    "okrs.checkin" = "c,ctrl+k"

    [sync]
    pull = "rebase"      # how P pulls: "merge" or "rebase" (default: git's pull.rebase)

    [measure]
    commands = ["~/boards/fieldnote"]   # boards whose command sources may run (measure)

A bad file never stops okrboard: its problems are reported and it is left as it is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from okrboard.files import toml
from okrboard.files.atomic import atomic_write
from okrboard.files.store import render
from okrboard.files.userconfig import config_path


@dataclass
class UserConfig:
    theme: str | None = None
    me: str | None = None  # the user's name as owners are written on boards
    keymap: dict[str, str] = field(default_factory=dict)
    pull: str | None = None  # "merge" or "rebase"; None: git's pull.rebase decides
    problems: list[str] = field(default_factory=list)


def load_config(path: Path | None = None) -> UserConfig:
    path = path or config_path()
    config = UserConfig()
    if not path.is_file():
        return config
    try:
        data = toml.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, toml.TomlError) as exc:
        config.problems.append(f"{path}: {exc}; using the defaults")
        return config
    theme = data.get("theme")
    if theme is not None and not isinstance(theme, str):
        config.problems.append(f"{path}: theme: expected a string")
    else:
        config.theme = theme
    me = data.get("me")
    if me is not None and not isinstance(me, str):
        config.problems.append(f"{path}: me: expected your name as a string")
    else:
        config.me = me
    keymap = data.get("keymap", {})
    if not isinstance(keymap, dict):
        config.problems.append(f"{path}: keymap: expected a table of binding id = keys")
        keymap = {}
    sync = data.get("sync", {})
    pull = sync.get("pull") if isinstance(sync, dict) else None
    if pull is not None and pull not in ("merge", "rebase"):
        config.problems.append(f'{path}: sync.pull: expected "merge" or "rebase"')
    else:
        config.pull = pull
    for binding_id, keys in keymap.items():
        if isinstance(keys, str):
            config.keymap[binding_id] = keys
        else:
            config.problems.append(f"{path}: keymap.{binding_id}: expected a string of keys")
    return config


def remember(key: str, value: str, path: Path | None = None) -> None:
    """Set a top-level ``key`` of the user's config, keeping the rest of the file (and its
    comments) as it is."""
    path = path or config_path()
    try:
        text = path.read_text(encoding="utf-8") if path.is_file() else None
        data = toml.loads(text) if text else {}
    except (OSError, UnicodeDecodeError, toml.TomlError):
        return  # a broken file is the user's to fix; never overwrite it
    if data.get(key) == value:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, render(text, {**data, key: value}).encode("utf-8"))
