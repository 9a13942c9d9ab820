"""okrboard [DIR] [--at REV]: the board in the terminal UI (textual loads only then)."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from okrboard.cli.common import UsageError, board_as_of, board_dir, shown
from okrboard.domain import ids
from okrboard.domain.text import printable

if TYPE_CHECKING:
    from okrboard.domain.public import Shown


def cmd_open(args: argparse.Namespace) -> int:
    """Open the app; nothing else. A quarter where a folder goes is a slip for ``okrboard
    quarter open``, said and refused: opening a quarter edits every team's files."""
    if args.dir and ids.is_quarter(args.dir) and not Path(args.dir).is_dir():
        raise UsageError(
            f"{printable(args.dir)} is a quarter, not a folder: okrboard open opens the app; "
            f"to open the quarter, run okrboard quarter open {printable(args.dir)}"
        )
    return open_board(board_dir(args.dir), at=args.at, keep=shown(args))


def open_board(
    root: Path, at: str | None = None, today: dt.date | None = None, keep: Shown | None = None
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
    return 0
