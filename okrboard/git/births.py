"""The day each key result was added: the first commit that holds it, from git.

A KR added on day 68 of a quarter is judged from that day (``scoring.began``), not from
the quarter's start. One ``git log -G`` over the OKR folder lists the commits that add or
drop a KR's table header (``[objectives.O.key_results.K]``), oldest first; the first that
adds it is its birth. The answer is kept by commit: a commit never changes.

A KR in a file that differs from the commit (being added now) is born on the day the
board is judged as of. A KR written another way (an inline table), one whose commit comes
after that day (a board viewed as of a past day), or a board outside git, has no birth:
it counts from its quarter's start, as before.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from okrboard.domain import ids
from okrboard.domain.cache import Cache
from okrboard.domain.ids import OKR_DIR
from okrboard.git.revisions import GitError, commit_of, in_git, uncommitted
from okrboard.git.runner import git_started, output

if TYPE_CHECKING:
    from okrboard.domain.model import TeamQuarter
    from okrboard.files.load import LoadedBoard

_HEADER = re.compile(
    rb'^\+\[\s*objectives\s*\.\s*"?([^".\]]+)"?\s*\.\s*key_results\s*\.\s*"?([^".\]]+)"?\s*\]'
)
_PICKAXE = r"-G^\[ *objectives *\..*key_results"

_DAYS: Cache[tuple[str, str], dict[str, dt.date]] = Cache(64)  # (board, commit) -> births


def added_days_started(root: Path, rev: str = "HEAD") -> Callable[[], dict[str, dt.date]]:
    """Each KR reference the history up to ``rev`` holds -> the day (author date) of the
    first commit that added it; started: git walks the history while the caller reads the
    board, and calling the result waits for git."""
    commit = commit_of(root, rev)
    key = (str(Path(root).resolve()), commit)
    if (found := _DAYS.get(key)) is not None:
        return lambda: found
    done = git_started(
        root, "log", "--reverse", "--format=%x00%as", "-p", "-U0", "--no-renames", "--no-color",
        "--no-ext-diff", "--no-textconv", "--relative", _PICKAXE, commit, "--", OKR_DIR,
    )  # fmt: skip

    def days() -> dict[str, dt.date]:
        return _DAYS.put(key, _parse(output(done(), "log")))

    return days


def _parse(out: bytes) -> dict[str, dt.date]:
    days: dict[str, dt.date] = {}
    day: dt.date | None = None
    quarter_team: tuple[str, str] | None = None
    for line in out.splitlines():
        if line.startswith(b"\0"):
            day = dt.date.fromisoformat(line[1:].decode("ascii"))
        elif line.startswith(b"+++ "):
            name = line[4:].decode("utf-8", "replace")
            quarter_team = ids.okr_file_key(name[2:]) if name.startswith("b/") else None
        elif quarter_team and day and (match := _HEADER.match(line)):
            objective, kr = (part.decode("utf-8", "replace") for part in match.groups())
            ref = ids.child_ref(ids.objective_ref(*quarter_team, objective), kr)
            days.setdefault(ref, day)
    return days


Dater = Callable[["LoadedBoard"], None]


def dating(root: Path, today: dt.date, rev: str | None = None) -> Dater:
    """``date_board`` started before the board is read (git works meanwhile): call the
    result with the board once it is read."""
    if not in_git(root):
        return lambda board: None
    try:
        started: Callable[[], dict[str, dt.date]] | None = added_days_started(root, rev or "HEAD")
    except GitError:  # no commits yet: everything is being added now
        started = None

    def finish(board: LoadedBoard) -> None:
        if started is None:  # no commit holds anything yet
            _date(board, today, {}, None)
            return
        try:
            days = started()
            changed = uncommitted(root) if rev is None else set()
        except GitError:
            return  # git could not say: the quarter's start counts, as outside git
        _date(board, today, days, changed)

    return finish


def date_board(board: LoadedBoard, today: dt.date, rev: str | None = None) -> None:
    """Give each KR of ``board`` (the files on disk, or as at ``rev``) its ``born`` day, now
    and for every file read later (``LoadedBoard.dater``); nothing outside git."""
    dating(board.root, today, rev)(board)


def _date(
    board: LoadedBoard, today: dt.date, days: dict[str, dt.date], changed: set[str] | None
) -> None:
    dated: set[str] = set()

    def date(rel: str, tq: TeamQuarter) -> None:
        # a KR no commit holds is being added now: in a file changed since the commit, or
        # in one read again (after an edit); ``changed`` None: the repository has no commit
        new = changed is None or rel in changed or rel in dated
        dated.add(rel)
        for objective in tq.objectives.values():
            for kr in objective.key_results.values():
                ref = ids.child_ref(ids.objective_ref(tq.quarter, tq.team, objective.id), kr.id)
                day = days.get(ref) or (today if new else None)
                kr.born = day if day is not None and day <= today else None

    board.dater = date
    for (quarter, team), tq in board.okrs.items():
        date(f"{OKR_DIR}/{quarter}/{team}.toml", tq)
