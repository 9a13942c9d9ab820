"""okrboard report and okrboard checkin: the quarterly review out, check-ins in."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from okrboard.cli.common import (
    NotFound,
    UsageError,
    board_as_of,
    board_dir,
    json_document,
    one_ref,
    say_unreadable,
    shown,
)
from okrboard.domain.text import lines, printable
from okrboard.files.load import load_board

# -- report -----------------------------------------------------------------------------------


def cmd_report(args: argparse.Namespace) -> int:
    # lazy: each command loads only what it runs (start-up of a command)
    from okrboard.domain import public
    from okrboard.files.atomic import atomic_write
    from okrboard.reports import quarters, report

    root = board_dir(args.dir)
    board, day = board_as_of(root, args.at)
    left_out = [str(problem) for problem in board.unreadable]
    board_on = quarters.boards_from_git(root)
    if (keep := shown(args)) is not None:  # public: one rule for what anyone may see
        board, board_on = public.redact(board, keep), public.redact_each(board_on, keep)
    quarter = args.quarter or board.current_quarter or ""
    try:
        data = report.build(board, quarter, day, board_on, left_out, args.public)
    except ValueError as exc:
        if say_unreadable(board):  # the quarter's files may be the ones left out
            return 1
        raise UsageError(printable(str(exc))) from exc
    if args.format == "json":
        text = json_document(board, **{k: v for k, v in data.items() if k != "board"})
    else:
        text = report.as_markdown(data)
    if args.output and args.output != "-":
        atomic_write(Path(args.output), text.encode("utf-8"))
        print(f"Wrote the {quarter} review to {printable(args.output)}.", file=sys.stderr)
    else:
        for line in lines(text):
            print(printable(line))
    return 1 if say_unreadable(board) else 0


# -- checkin ----------------------------------------------------------------------------------


def cmd_checkin(args: argparse.Namespace) -> int:
    # lazy: each command loads only what it runs (start-up of a command)
    from okrboard.domain import ids, links
    from okrboard.files.session import Session
    from okrboard.files.store import SaveRefused
    from okrboard.flows import checkin

    board = load_board(board_dir(args.dir))
    ref = args.kr
    if board.key_result(ref) is None and board.kpi(ref) is None:
        try:
            rel = ids.parse_ref(ref).file
        except ValueError:
            rel = ""
        why = next((p for p in board.unreadable if p.file == rel), None)
        if why is not None:
            raise NotFound(f"{printable(ref)!r} is in a file that cannot be read: {why}")
        measured = [r for r, _ in links.targets(board, "key_result")]
        measured += [r for r, _ in board.iter_kpis()]
        ref = one_ref(board, ref, measured, "key result or KPI")
    typed = {
        "date": args.date or dt.date.today().isoformat(),
        "value": args.value,
        "confidence": args.confidence or "",
        "note": args.note or "",
        "blockers": args.blockers or "",
    }
    try:
        plan = checkin.plan(board, ref, typed, dt.date.today(), args.author)
    except checkin.Invalid as exc:
        option = "VALUE" if exc.field == "value" else f"--{exc.field}"
        raise UsageError(f"{option}: {printable(str(exc))}") from None
    try:
        done = checkin.record(Session(board), plan)
    except SaveRefused as exc:
        print(f"okrboard: {printable(str(exc))}", file=sys.stderr)
        return 1
    print(printable(done.sentence(board)))
    return 0
