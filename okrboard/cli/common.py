"""What every command shares: how a usage error is said, and finding the board."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from okrboard.domain import links
from okrboard.domain.text import count, printable, safe_json
from okrboard.files.load import LoadedBoard, is_board, load_board

if TYPE_CHECKING:
    from okrboard.domain.public import Shown

START_HINT = "Start one with 'okrboard init DIR', or try 'okrboard demo' for a sample board."

__all__ = [
    "JSON_VERSION",
    "START_HINT",
    "NotFound",
    "UsageError",
    "board_as_of",
    "board_dir",
    "count",
    "json_document",
    "near_hint",
    "one_ref",
    "repository_prefix",
    "say_unreadable",
    "shown",
]

# The shape of every command's JSON output (docs/cli.md); raised when a field changes meaning.
JSON_VERSION = 1


class UsageError(Exception):
    """A mistake in how okrboard was called; printed as one line, exit 2."""


NotFound = links.NotFound  # the item asked about is not on the board: one line, exit 1


def one_ref(board: LoadedBoard, text: str, refs: list[str], what: str = "item") -> str:
    """The one reference of ``refs`` that ``text`` names (``links.one``)."""
    return links.one(refs, text, board.current_quarter, what)


near_hint = links.near_hint


def board_dir(text: str | None) -> Path:
    """The board's folder: the one ``text`` names, or with none the current folder, or
    the first folder above either that holds a board (found walking up, as git finds a
    repository: ``okrboard check okrs/2026-Q4`` checks the whole board)."""
    here = Path.cwd() if text is None else Path(text)
    if text is not None and not here.is_dir():
        raise UsageError(f"{printable(text)}: no such folder. {START_HINT}")
    start = here if text is None else here.resolve()
    for folder in (start, *start.parents):
        if is_board(folder):
            if text is None:
                return folder if folder != here else Path(".")
            return here if folder == start else folder
    shown = printable(str(start if text is not None else here))
    if text is None:
        raise UsageError(
            f"no board here ({shown}) or in any folder above it (none has a board.toml). "
            f"{START_HINT}"
        )
    raise UsageError(
        f"{shown} is not an okrboard board, nor in one (no board.toml there or above). {START_HINT}"
    )


def say_unreadable(*boards: LoadedBoard) -> bool:
    """Name each file that could not be read (on stderr), so no partial board passes for
    whole; True when there was one (the command then exits 1). Several boards: two sides
    of a comparison, each file named once."""
    left_out = dict.fromkeys(str(problem) for board in boards for problem in board.unreadable)
    for problem in left_out:
        print(f"okrboard: left out: {printable(problem)}", file=sys.stderr)
    return bool(left_out)


def board_as_of(root: Path, at: str | None, staged: bool = False) -> tuple[LoadedBoard, dt.date]:
    """The board, and the day it is judged as of: as it is today, or as of the revision
    ``at`` (``--at``: a commit, branch, tag or day) and that revision's day."""
    # lazy: git's layer loads only for a command that reads a board (start-up of the rest,
    # docs/performance.md)
    from okrboard.git.births import date_board, dating
    from okrboard.git.revisions import GitError, board_at, revision_day

    if at is None:
        today = dt.date.today()
        dated = dating(root, today)  # each KR judged from the day it was added: git looks
        board = load_board(root, staged=staged)  # while the board is read
        dated(board)
        return board, today
    try:
        board, today = board_at(root, at), revision_day(root, at)
    except GitError as exc:
        raise UsageError(printable(str(exc))) from exc
    date_board(board, today, at)
    return board, today


def shown(args: Any) -> Shown | None:
    """What ``--public`` keeps (``--show-owners``, ``--show-confidence``); None without it."""
    # lazy: only the public fronts need it
    from okrboard.domain.public import Shown

    if not getattr(args, "public", False):
        return None
    return Shown(owners=args.show_owners, confidence=args.show_confidence)


def json_document(board: LoadedBoard, **content: Any) -> str:
    """A command's JSON output, one shape for all: ``version``, ``board`` (its name and
    path), then what the command reports. UTF-8 as it is; dates as ISO text."""
    head = {
        "version": JSON_VERSION,
        "board": {"name": board.label, "path": str(board.root.resolve())},
    }
    return safe_json({**head, **content})


def repository_prefix(root: Path) -> str:
    """The board's folder as a path from its repository's root (``""`` at the root, else
    ending in ``/``), as CI services name files; outside git, from the current folder when
    the board is in it, else none (the paths ``check`` prints)."""
    # lazy: git's layer loads only when git is asked (start-up, docs/performance.md)
    from okrboard.git.runner import GitError, git

    try:
        done = git(root, "rev-parse", "--show-prefix")
    except GitError:
        done = None
    if done is not None and done.returncode == 0:
        return done.stdout.strip()
    try:
        rel = root.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        return ""
    return "" if rel == Path() else rel.as_posix() + "/"
