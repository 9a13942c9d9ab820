"""Compare two revisions, by one rule for every front (docs/cli.md), as git means it:
``A`` alone against the working tree, ``A B`` and ``A..B`` the two trees, ``A...B`` what
B changed since it left A (their merge base). The semantic changes, each side judged as
of its own day; a file either side could not read is not compared."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from okrboard.domain import ids, semdiff
from okrboard.domain.public import Shown, redact
from okrboard.files.load import LoadedBoard, load_board, load_files, part, unreadable_files
from okrboard.git.revisions import (
    GitError,
    Span,
    Subject,
    board_at,
    commits_between,
    files_at,
    first_commit,
    has_commits,
    require_repo,
    revision_day,
    span,
    uncommitted,
)


@dataclass
class Compared:
    """What changed from ``old`` to ``new``: the semantic changes and the commits between."""

    span: Span | None  # None: the uncommitted changes (HEAD against the files on disk)
    old: LoadedBoard
    new: LoadedBoard
    changes: list[semdiff.Change]
    commits: list[Subject] = field(default_factory=list)

    @property
    def unreadable(self) -> set[str]:
        return unreadable_files(self.old, self.new)


def revisions(
    root: Path,
    rev_a: str | None,
    rev_b: str | None = None,
    working: LoadedBoard | None = None,
    today: dt.date | None = None,
) -> Compared:
    """``rev_a`` with ``rev_b`` (GitError for a revision git does not know). The working
    tree, where it is a side, is ``working`` when the caller has read it already."""
    compared = span(root, rev_a, rev_b)
    old = board_at(root, compared.old)
    new = board_at(root, compared.new) if compared.new else (working or load_board(root))
    days = (
        revision_day(root, compared.old),
        revision_day(root, compared.new) if compared.new else (today or dt.date.today()),
    )
    changes = semdiff.diff(old, new, days, skip=unreadable_files(old, new))
    commits = commits_between(root, compared.old, compared.new) if compared.new else []
    return Compared(compared, old, new, changes, commits)


def uncommitted_changes(root: Path, board: LoadedBoard, today: dt.date) -> Compared:
    """What is not committed yet: HEAD against ``board`` (the files on disk). Only the
    files git sees changed are read from HEAD and compared: comparing a whole
    organisation's board took 2 to 4 s with a clean tree."""
    require_repo(root)
    if not has_commits(root):
        old = load_files(root, {})  # no commits yet: everything is new
        return Compared(None, old, board, semdiff.diff(old, board, skip=unreadable_files(board)))
    changed = uncommitted(root) | {ids.BOARD_FILE}
    old = load_files(root, files_at(root, "HEAD", tuple(changed)), across=False)
    if changed & {*board.pending, *board.shelved}:  # a file the board has not read, or let go
        board = load_board(root)
    new = part(board, changed)
    days = (revision_day(root, "HEAD"), today)
    changes = semdiff.diff(old, new, days, board, skip=unreadable_files(old, new))
    return Compared(None, old, new, changes)


def since_quarter(
    root: Path, board: LoadedBoard, quarter: str, public: Shown | None = None
) -> list[semdiff.Change] | None:
    """What changed on ``board`` since ``quarter`` began (from the board as of the day
    before, or its first commit if it is younger), for the site's page; None outside git.
    ``public``: both sides as anyone may see them (``domain.public``)."""
    start = board.settings.calendar.first_day(quarter) - dt.timedelta(days=1)
    try:
        before = board_at(root, start.isoformat())
    except GitError:
        try:
            before = board_at(root, first_commit(root))
        except GitError:
            return None
    skip = unreadable_files(before, board)
    if public is not None:
        before = redact(before, public)
    return semdiff.diff(before, board, skip=skip)
