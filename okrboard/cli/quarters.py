"""okrboard quarter close and quarter open: what the TUI's Q and O do, team by team, for
scripts and the terminal."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from typing import TYPE_CHECKING

from okrboard.cli.common import NotFound, UsageError, board_dir, say_unreadable
from okrboard.domain import ids, valuetext
from okrboard.domain.model import Board
from okrboard.domain.text import count, printable
from okrboard.files.load import LoadedBoard, load_board

if TYPE_CHECKING:
    from okrboard.domain.kpis import Raise


def cmd_close(args: argparse.Namespace) -> int:
    # lazy: each command loads only what it runs (start-up of a command)
    from okrboard.domain import lifecycle
    from okrboard.files.session import Session
    from okrboard.files.store import SaveRefused
    from okrboard.flows import quarter as flow
    from okrboard.git.runner import NoIdentity

    quarter = args.quarter
    if not ids.is_quarter(quarter):
        raise UsageError(f"{printable(quarter)}: not a quarter like 2026-Q3")
    board = load_board(board_dir(args.dir))
    teams = _teams(board, quarter, args.team)
    if say_unreadable(board):  # a close reads grades and KPIs across the board
        print(f"okrboard: {quarter} not closed: the board could not be read whole.",
              file=sys.stderr)  # fmt: skip
        return 1
    today = dt.date.today()
    if not args.dry_run:
        try:  # a close is committed and tagged: refuse before saving, as git would
            flow.can_commit(board.root)
        except NoIdentity as exc:
            print(f"okrboard: nothing closed: {exc}", file=sys.stderr)
            return 1
    untagged = False
    for team in teams:
        review = board.okrs[(quarter, team)].review
        if review and review.closed:  # closing twice changes nothing
            print(f"{quarter} is already closed for {team} (on {review.closed}); nothing changed.")
            continue
        close = lifecycle.close_defaults(board, quarter, team)  # grades from progress
        for offer in lifecycle.band_offers(board, quarter, team):
            if args.raise_kpis:
                close.bands[offer.kpi_ref] = offer.new
            else:
                print(printable(f"{_band_offer(board, offer)} (--raise-kpis does)"))
        gaps = lifecycle.missing(board, quarter, close, today)
        for line in gaps:
            print(printable(f"{quarter}/{team}: {line}"), file=sys.stderr)
        if gaps and not args.yes and not args.dry_run and not _agree(quarter, team):
            print(f"Not closed: {quarter} for {team} (--yes closes it anyway).", file=sys.stderr)
            return 1
        if args.dry_run:
            grades = [g for g in close.grades.values() if g is not None]
            print(f"Would close {quarter} for {team}: {count(len(grades), 'grade')} from progress.")
            continue

        edit = flow.close_edit(quarter, team, close, today)
        try:
            done = Session(board).edit_parts(edit, flow.close_label(quarter, team), fresh=True)
        except SaveRefused as exc:
            print(f"okrboard: {printable(str(exc))}", file=sys.stderr)
            return 1
        closed = flow.tag_close(board, quarter, team, done)
        print(printable(closed.sentence))
        untagged = untagged or bool(closed.error)
    return 1 if untagged else 0


def _band_offer(board: Board, offer: Raise) -> str:
    """``kpi/company/nrr: 2026-Q4/…/nrr reached 107%; its band may become 107–130%``."""
    kpi = board.kpi(offer.kpi_ref)
    unit = kpi.unit if kpi else None
    moved = offer.new[0] if offer.new[0] != offer.old[0] else offer.new[1]
    reached = valuetext.with_unit(moved, unit)
    return (
        f"{offer.kpi_ref}: {offer.kr_ref} reached {reached}; the KPI's band may move from "
        f"{valuetext.band_text(offer.old, unit)} to {valuetext.band_text(offer.new, unit)}"
    )


def _teams(
    board: LoadedBoard, quarter: str, asked: list[str] | None, closed_too: bool = False
) -> list[str]:
    """The teams asked for, or every team with OKRs in ``quarter`` (that has not closed it
    yet, unless ``closed_too``)."""
    have = {tq.team: tq for tq in board.team_quarters(quarter)}
    if not have and say_unreadable(board):
        raise NotFound(f"no OKRs for {quarter} could be read")
    if not have:
        raise UsageError(f"no OKRs for {quarter} on this board")
    for team in asked or ():
        if team not in have:
            raise UsageError(f"no OKRs for {quarter} of team {printable(team)!r}")
    if asked:
        return list(dict.fromkeys(asked))
    return [t for t, tq in have.items() if closed_too or not (tq.review and tq.review.closed)]


def _agree(quarter: str, team: str) -> bool:
    """Ask at a terminal; anywhere else (a script, CI) the answer is no."""
    if not sys.stdin.isatty():
        return False
    answer = input(f"Close {quarter} for {team} anyway, grading from progress? [y/N] ")
    return answer.strip().lower() in ("y", "yes")


def cmd_open_quarter(args: argparse.Namespace) -> int:
    """Open ``args.quarter`` for the teams asked, carrying over from the quarter before; a
    team that has opened it already is left as it is."""
    # lazy: each command loads only what it runs (start-up of a command)
    from okrboard.domain import lifecycle
    from okrboard.files.session import Session
    from okrboard.files.store import SaveRefused
    from okrboard.flows import quarter as flow

    new = args.quarter
    if not ids.is_quarter(new):
        raise UsageError(f"{printable(new)}: not a quarter like 2027-Q1")
    old = str(ids.QuarterId.parse(new).previous())
    board = load_board(board_dir(args.dir))
    if not board.team_quarters(old):
        raise UsageError(f"no OKRs in {old} to carry over, so nothing opens {new}")
    teams = _teams(board, old, args.team, closed_too=True)
    if args.carry:
        carry = lifecycle.carry_named(board, old, [_carry_ref(board, old, r) for r in args.carry])
        teams = [t for t in dict.fromkeys(ids.team_of(r) for r in carry) if t in teams]
    else:
        carry = [r for t in teams for r in lifecycle.carry_defaults(board, old, t)]
    cards = [ref for text in args.promote or () if (ref := _card_ref(board, text))]
    opened = {tq.team for tq in board.team_quarters(new)}
    for team in (t for t in teams if t in opened):
        print(f"{team} has opened {new} already; nothing changed for it.")
    todo = [t for t in teams if t not in opened]
    carry = [r for r in carry if ids.team_of(r) in todo]
    lines = []
    for team in todo:
        lines.append(flow.opened_sentence(new, carry, team, args.dry_run))
        lines += flow.carry_lines(board, [r for r in carry if ids.team_of(r) == team])
    if cards:
        lines.append(flow.promoted_sentence(cards, args.dry_run))
    if not (todo or cards):
        lines.append(f"Nothing to change: {new} is open for {', '.join(teams)}.")
    if args.dry_run or not (todo or cards):
        print("\n".join(lines))
        return 0
    try:
        done = Session(board).edit_parts(
            flow.open_edit(old, carry, cards), flow.open_label(old), fresh=True
        )
    except SaveRefused as exc:
        print(f"okrboard: {printable(str(exc))}", file=sys.stderr)
        return 1
    print("\n".join(lines))
    if done:
        files = ", ".join(rel for rel, _, _ in done.files)
        print(f"Changed {files}. Review with 'okrboard diff', then commit.")
    return 0


def _carry_ref(board: Board, quarter: str, text: str) -> str:
    """``--carry``'s reference, checked: an objective or key result of ``quarter``
    (``TEAM/OBJECTIVE[/KR]`` is enough)."""
    if not ids.is_quarter(ids.quarter_of(text)):
        text = f"{quarter}/{text}"
    if ids.quarter_of(text) != quarter:
        raise UsageError(f"--carry {printable(text)}: not in {quarter}, the quarter before")
    if board.objective(text) is None and board.key_result(text) is None:
        raise UsageError(f"--carry {printable(text)}: no objective or key result with that name")
    return text


def _card_ref(board: Board, text: str) -> str | None:
    """``--promote``'s card, as ``roadmap/TEAM/THEME`` (``TEAM/THEME`` is enough), in Next;
    None (said) for one in Now already: opening again changes nothing."""
    ref = text if text.startswith("roadmap/") else f"roadmap/{text}"
    parts = ref.split("/")
    roadmap = board.roadmaps.get(parts[1]) if len(parts) == 3 else None
    theme = roadmap.themes.get(parts[2]) if roadmap else None
    if theme is None:
        raise UsageError(f"--promote: no card {printable(ref)!r} on this board")
    if theme.horizon == "now":
        print(f"{ref} is in Now already; nothing changed for it.")
        return None
    if theme.horizon != "next":
        column = (theme.horizon or "no column").capitalize()
        raise UsageError(f"--promote {printable(ref)}: it is in {column}, not in Next")
    return ref
