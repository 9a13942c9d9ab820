"""okrboard [DIR] [--at REV]: the board in the terminal UI (textual loads only then)."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path
from typing import Any

from okrboard.cli.common import UsageError, board_as_of, board_dir, shown
from okrboard.domain import ids
from okrboard.domain.text import printable


def cmd_open(args: argparse.Namespace) -> int:
    quarter_only = ("team", "carry", "promote", "dry_run")
    if args.dir and ids.is_quarter(args.dir) and not args.implicit:
        # lazy: each command loads only what it runs (start-up of a command)
        from okrboard.cli.quarters import cmd_open_quarter

        return cmd_open_quarter(args)
    if given := [f"--{o.replace('_', '-')}" for o in quarter_only if getattr(args, o)]:
        raise UsageError(f"{given[0]} goes with a QUARTER: okrboard open 2027-Q1 {given[0]} …")
    return open_board(board_dir(args.dir or args.board), at=args.at, keep=shown(args))


def open_board(
    root: Path, at: str | None = None, today: dt.date | None = None, keep: Any = None
) -> int:
    """The board in the terminal UI; ``today``: the day it is judged as of (the demo's
    ``--today``), else the real one."""
    # staged (the rest read as keys are answered), unless public: every file redacted first
    board, day = board_as_of(root, at, staged=keep is None)  # a bad revision is said first
    if keep is not None:
        # lazy: only a public app needs it
        from okrboard.domain.public import redact

        board = redact(board, keep)
    served = "web_driver" in os.environ.get("TEXTUAL_DRIVER", "")  # okrboard serve runs it
    if not served and not (sys.stdin.isatty() and sys.stdout.isatty()):  # a script: never hang
        raise UsageError(
            "the app needs a terminal, and this is not one (input or output is redirected); "
            "in scripts use okrboard check, lint, report, diff or log"
        )
    from okrboard.tui.app import OkrBoardApp  # textual loads only when a UI is wanted

    app = OkrBoardApp(board, as_of=at, day=day if at else None, today=today,
                      public=keep is not None, pinned=at is not None)  # fmt: skip
    app.run()
    for text in app.printouts:  # what the user asked for on the way (a PR description)
        print(printable(text, newlines=True))
    return 0
