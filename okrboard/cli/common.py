"""What every command shares: how a usage error is said, and finding the board."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from okrboard.domain.text import count, printable
from okrboard.files.load import LoadedBoard, is_board, load_board

START_HINT = "Start one with 'okrboard init DIR', or try 'okrboard demo' for a sample board."

__all__ = ["START_HINT", "UsageError", "board_as_of", "board_dir", "count", "say_unreadable"]


class UsageError(Exception):
    """A mistake in how okrboard was called; printed as one line, exit 2."""


def board_dir(text: str) -> Path:
    """The folder ``text`` names, checked to be a board."""
    path = Path(text)
    if not path.is_dir():
        raise UsageError(f"{text}: no such folder. {START_HINT}")
    if not is_board(path):
        shown = printable(str(path.resolve()))
        raise UsageError(f"{shown} is not an okrboard board (it has no board.toml). {START_HINT}")
    return path


def say_unreadable(board: LoadedBoard) -> bool:
    """Name each file that could not be read (on stderr), so no partial board passes for
    whole; True when there was one (the command then exits 1)."""
    left_out = board.unreadable
    for problem in left_out:
        print(f"okrboard: left out: {printable(str(problem))}", file=sys.stderr)
    return bool(left_out)


def board_as_of(root: Path, at: str | None, staged: bool = False) -> tuple[LoadedBoard, dt.date]:
    """The board, and the day it is judged as of: as it is today, or as of the revision
    ``at`` (``--at``: a commit, branch, tag or day) and that revision's day."""
    if at is None:
        return load_board(root, staged=staged), dt.date.today()
    # lazy: git's layer loads only when git is asked (start-up, docs/performance.md)
    from okrboard.git.revisions import GitError, board_at, revision_day

    try:
        return board_at(root, at), revision_day(root, at)
    except GitError as exc:
        raise UsageError(printable(str(exc))) from exc
