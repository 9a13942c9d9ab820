"""okrboard [DIR] [--at REV]: the board in the terminal UI (textual loads only then)."""

from __future__ import annotations

import argparse
from pathlib import Path

from okrboard.cli.common import board_as_of, board_dir
from okrboard.domain.text import printable


def cmd_open(args: argparse.Namespace) -> int:
    return open_board(board_dir(args.dir), at=args.at)


def open_board(root: Path, at: str | None = None) -> int:
    # staged: the current quarter first, the rest while keys are answered (load_pending)
    board, day = board_as_of(root, at, staged=True)
    from okrboard.tui.app import OkrBoardApp  # textual loads only when a UI is wanted

    app = OkrBoardApp(board, as_of=at, day=day if at else None)
    app.run()
    for text in app.printouts:  # what the user asked for on the way (a PR description)
        print(printable(text, newlines=True))
    return 0
