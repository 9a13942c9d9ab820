"""okrboard init, demo, setup-git and merge-driver: new boards and a clone's git."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
from pathlib import Path

from okrboard.cli.common import UsageError, board_dir
from okrboard.cli.launch import open_board
from okrboard.domain import ids
from okrboard.domain.text import printable
from okrboard.files.load import is_board

# -- init -------------------------------------------------------------------------------------


def cmd_init(args: argparse.Namespace) -> int:
    # lazy: only init and demo create boards
    from okrboard.create.scaffold import create_board
    from okrboard.git.runner import GitUnavailable, NoIdentity

    root = Path(args.dir or ".")
    if is_board(root):
        raise UsageError(f"{printable(str(root))} is already a board (board.toml exists)")
    for team in args.team or ():
        if problem := ids.slug_problem(team):
            raise UsageError(f"--team {printable(team)}: {problem}")
    try:
        created = create_board(root, name=args.name, teams=args.team, today=dt.date.today())
    except GitUnavailable as exc:
        raise UsageError(str(exc)) from exc
    except NoIdentity as exc:
        print(f"okrboard: {exc}", file=sys.stderr)
        return 1
    print(f"Created the board {printable(created.label)!r} in {root.resolve()}")
    print(f"Open it with: {_open_command(root)}")
    return 0


def _open_command(root: Path) -> str:
    return "okrboard" if root.resolve() == Path.cwd().resolve() else f"okrboard {root}"


# -- demo -------------------------------------------------------------------------------------


def _today(day: dt.date | None) -> dt.date:
    return day or dt.date.today()


def cmd_demo(args: argparse.Namespace) -> int:
    # lazy: only init and demo create boards
    from okrboard.create.demo import create_demo
    from okrboard.git.runner import GitUnavailable

    root = Path(args.dir) if args.dir else Path(tempfile.mkdtemp(prefix="okrboard-demo-"))
    try:
        board = create_demo(root, today=_today(args.today))
    except FileExistsError as exc:
        raise UsageError(str(exc)) from exc
    except GitUnavailable as exc:
        raise UsageError(str(exc)) from exc
    print(f"Demo board created in {root.resolve()} ({len(board.sources)} files, with history).")
    if not args.no_open:
        open_board(root, today=args.today)
    again = "again " if not args.no_open else ""
    print(f"Open it {again}with: {_open_command(root)}")
    return 0


# -- git set-up and the merge driver ------------------------------------------------------


def cmd_setup_git(args: argparse.Namespace) -> int:
    # lazy: git's layer loads only when git is asked (start-up, docs/performance.md)
    from okrboard.git.runner import GitError, GitUnavailable
    from okrboard.git.setup import attributes_text, setup_git

    root = board_dir(args.dir)
    try:
        done = setup_git(root)
    except GitUnavailable as exc:
        raise UsageError(str(exc)) from exc
    except GitError as exc:
        shown = printable(str(root.resolve()))
        raise UsageError(f"{shown} is not in a git repository ({printable(str(exc))})") from None
    if not done:
        print("Already set up: git merges board files by item and names items in diff hunks.")
        return 0
    for step in done:
        print(f"Set up this clone: {printable(step)}.")
    print("git now merges board files by item and field, and names the item in diff hunks.")
    if any("this clone only" in step for step in done):
        print(
            "The board's .gitattributes does not name okrboard's driver yet, so other "
            "clones merge line by line. To share it, add these lines to .gitattributes and "
            "commit it:\n" + attributes_text()
        )
    return 0


def cmd_merge_driver(args: argparse.Namespace) -> int:
    # lazy: git's layer loads only when git is asked (start-up, docs/performance.md)
    from okrboard.git.mergedriver import driver

    return driver(args.base, args.ours, args.theirs, args.path or str(args.ours))
