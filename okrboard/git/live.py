"""A board kept loaded for a reader that answers many questions (``okrboard mcp``): each
read brings it up to date instead of reading every file again.

A read re-reads only the files whose bytes changed on disk (or that appeared or went),
as the app's disk watch does; when HEAD moves or the day turns, the KRs are dated again
(``births``: a commit may hold a KR that was being added) and, on a new day, the board is
read afresh, as its problems depend on the day (a check-in dated tomorrow). On the
50-team board a read that finds nothing changed costs a few milliseconds, a full read
about a second.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from okrboard.files.load import LoadedBoard, load_board, reload_file
from okrboard.files.session import changed_files
from okrboard.git.births import dating
from okrboard.git.runner import git_bytes


class LiveBoard:
    """The board at ``root``, loaded once and brought up to date on each read; one
    reader at a time (a server answers calls in threads, and a read may re-read files
    under another caller)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._board: LoadedBoard | None = None
        self._dated: tuple[bytes, dt.date] | None = None  # (HEAD, day) it was dated at
        self._lock = threading.Lock()

    @contextmanager
    def reading(self) -> Iterator[tuple[LoadedBoard, dt.date]]:
        """The board as it is now, and today; held for the block, which must not edit it."""
        today = dt.date.today()
        with self._lock:
            yield self._fresh(today), today

    def _fresh(self, today: dt.date) -> LoadedBoard:
        head = git_bytes(self.root, "rev-parse", "--verify", "-q", "HEAD").stdout
        board = self._board
        if board is None or self._dated is None or self._dated[1] != today:
            dated = dating(self.root, today)  # git walks the history while files are read
            board = self._board = load_board(self.root)
            dated(board)
        else:
            digests = {rel: source.digest for rel, source in board.sources.items()}
            if changed := changed_files(self.root, digests, board.pending):
                reload_file(board, *changed)  # dated as they are read (``board.dater``)
            if self._dated[0] != head:
                dating(self.root, today)(board)
        self._dated = (head, today)
        return board
