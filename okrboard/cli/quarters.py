"""okrboard close: what the TUI's Q does, team by team, for scripts and the terminal."""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from okrboard.cli.common import UsageError, board_dir
from okrboard.domain import ids
from okrboard.domain.model import Board, Part
from okrboard.domain.text import count, printable
from okrboard.files.load import LoadedBoard, load_board


def cmd_close(args: argparse.Namespace) -> int:
    # lazy: each command loads only what it runs (start-up of a command)
    from okrboard.domain import lifecycle
    from okrboard.files.session import Session
    from okrboard.files.store import SaveRefused
    from okrboard.git import commit
    from okrboard.git.runner import GitError

    quarter = args.quarter
    if not ids.is_quarter(quarter):
        raise UsageError(f"{printable(quarter)}: not a quarter like 2026-Q3")
    board = load_board(board_dir(args.dir))
    teams = _teams(board, quarter, args.team)
    today = dt.date.today()
    for team in teams:
        close = lifecycle.close_defaults(board, quarter, team)  # grades from progress
        review = board.okrs[(quarter, team)].review
        gaps = lifecycle.missing(board, quarter, close, today)
        if review and review.closed:
            gaps.insert(0, f"closed already on {review.closed}")
        for line in gaps:
            print(printable(f"{quarter}/{team}: {line}"), file=sys.stderr)
        if gaps and not args.yes and not args.dry_run and not _agree(quarter, team):
            print(f"Not closed: {quarter} for {team} (--yes closes it anyway).", file=sys.stderr)
            return 1
        if args.dry_run:
            grades = [g for g in close.grades.values() if g is not None]
            print(f"Would close {quarter} for {team}: {count(len(grades), 'grade')} from progress.")
            continue

        def change(b: Board, team: str = team, close: lifecycle.Close = close) -> list[Part]:
            return lifecycle.close_quarter(b, quarter, team, close, today)

        try:
            done = Session(board).edit_parts(change, f"close {quarter} for {team}")
        except SaveRefused as exc:
            print(f"okrboard: {printable(str(exc))}", file=sys.stderr)
            return 1
        rels = [rel for rel, _, _ in done.files] if done else [ids.okr_file(quarter, team)]
        summary = lifecycle.close_summary(board, quarter, team)
        try:
            tag = commit.close_quarter(board.root, quarter, team, rels, summary)
        except GitError as exc:
            print(f"Closed {quarter} for {team} (saved). Not tagged: {printable(str(exc))}")
            continue
        print(f"Closed {quarter} for {team}: committed and tagged {tag}.")
    return 0


def _teams(board: LoadedBoard, quarter: str, asked: list[str] | None) -> list[str]:
    """The teams to close: those asked for, or every team with OKRs in ``quarter`` that
    has not closed it yet."""
    have = {tq.team: tq for tq in board.team_quarters(quarter)}
    if not have:
        raise UsageError(f"no OKRs for {quarter} on this board")
    for team in asked or ():
        if team not in have:
            raise UsageError(f"no OKRs for {quarter} of team {printable(team)!r}")
    if asked:
        return list(dict.fromkeys(asked))
    return [t for t, tq in have.items() if not (tq.review and tq.review.closed)]


def _agree(quarter: str, team: str) -> bool:
    """Ask at a terminal; anywhere else (a script, CI) the answer is no."""
    if not sys.stdin.isatty():
        return False
    answer = input(f"Close {quarter} for {team} anyway, grading from progress? [y/N] ")
    return answer.strip().lower() in ("y", "yes")
