"""okrboard [DIR] [--at REV]: the board in the terminal UI (textual loads only then)."""

from __future__ import annotations

import argparse
from pathlib import Path

from okrboard.cli.common import UsageError, board_dir
from okrboard.domain.text import printable
from okrboard.files.load import LoadedBoard, load_board


def cmd_open(args: argparse.Namespace) -> int:
    return open_board(board_dir(args.dir), at=args.at)


def open_board(root: Path, at: str | None = None) -> int:
    board: LoadedBoard
    if at is None:
        board = load_board(root, staged=True)  # the current quarter first: see load_pending
    else:
        # lazy: git's layer loads only when git is asked (start-up, docs/performance.md)
        from okrboard.git.revisions import GitError, board_at

        try:
            board = board_at(root, at)
        except GitError as exc:
            raise UsageError(str(exc)) from exc
    from okrboard.tui.app import OkrBoardApp  # textual loads only when a UI is wanted

    app = OkrBoardApp(board, as_of=at)
    app.run()
    for text in app.printouts:  # what the user asked for on the way (a PR description)
        print(printable(text, newlines=True))
    return 0
