"""Teach a clone's git about board files: the merge driver and diff hunk headers.

``.gitattributes`` is versioned (``init`` and ``demo`` commit it), so every clone has it;
the commands it names live in ``.git/config``, which git never copies, so every clone runs
``okrboard setup-git`` once.
"""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

from okrboard.git.runner import checked_text, git, require_git

DRIVER = "okrboard"
PATTERNS = (
    "board.toml",
    "okrs/*/*.toml",
    "roadmaps/*.toml",
    "trees/*.toml",
    "kpis/*.toml",
)
ATTRIBUTES = [f"{pattern} merge={DRIVER} diff={DRIVER}" for pattern in PATTERNS]
COMMENT = "# okrboard: merge board files by item and field; diff hunks name the item's table"
# A hunk header is the nearest table header above the change: [objectives.x.key_results.y]
HUNK_HEADER = r"^\[.*\][[:space:]]*$"


def driver_command() -> str:
    """The merge driver's command line: this very Python, so no PATH or venv is needed."""
    return f"{shlex.quote(sys.executable)} -m okrboard merge-driver %O %A %B %P"


def config_entries() -> dict[str, str]:
    return {
        f"merge.{DRIVER}.name": "okrboard: merge board files by item and field",
        f"merge.{DRIVER}.driver": driver_command(),
        f"diff.{DRIVER}.xfuncname": HUNK_HEADER,
    }


def missing_attributes(text: str) -> list[str]:
    present = {line.strip() for line in text.splitlines()}
    return [line for line in ATTRIBUTES if line not in present]


def write_attributes(path: Path) -> bool:
    """Add okrboard's lines to the attributes file ``path``, keeping what it holds;
    True if it changed."""
    # lazy: loads on first use, not at start-up (docs/performance.md)
    from okrboard.files.atomic import atomic_write

    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    missing = missing_attributes(text)
    if not missing:
        return False
    lead = "" if not text or text.endswith("\n") else "\n"
    block = ([COMMENT] if COMMENT not in text else []) + missing
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, (text + lead + "\n".join(block) + "\n").encode("utf-8"))
    return True


def git_dir(root: Path) -> Path:
    """The repository's git folder (``.git``, or a worktree's), from the board's root."""
    return Path(checked_text(root, "rev-parse", "--absolute-git-dir").strip())


def attributes_text() -> str:
    """A new board's ``.gitattributes``: okrboard's lines and why they are there."""
    return "\n".join([COMMENT, *ATTRIBUTES]) + "\n"


def setup_git(root: Path, *, versioned: bool = False) -> list[str]:
    """Set up the clone at ``root``: the config entries that name okrboard's driver and
    hunk headers, and, where the board's versioned ``.gitattributes`` lacks okrboard's
    lines, the clone's own ``.git/info/attributes`` (never a file to commit behind the
    user's back). ``versioned``: write ``.gitattributes`` instead (a new board, then
    committed). Returns what was done, one phrase each."""
    require_git()
    root = Path(root)
    done = []
    shared = root / ".gitattributes"
    if versioned:
        if write_attributes(shared):
            done.append("wrote .gitattributes")
    elif missing_attributes(shared.read_text(encoding="utf-8") if shared.is_file() else ""):
        local = git_dir(root) / "info" / "attributes"
        if write_attributes(local):
            done.append(f"wrote {local} (this clone only)")
    for key, value in config_entries().items():
        current = git(root, "config", "--local", "--get", key).stdout.strip()  # 1: unset
        if current != value:
            checked_text(root, "config", "--local", key, value)
            done.append(f"set {key}")
    return done
