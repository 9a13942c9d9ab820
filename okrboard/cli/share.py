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
    try:
        data = report.build(board, args.quarter, day, board_on, left_out, args.public)
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
        print(f"Wrote the {args.quarter} review to {printable(args.output)}.", file=sys.stderr)
    else:
        for line in lines(text):
            print(printable(line))
    return 1 if say_unreadable(board) else 0


# -- checkin ----------------------------------------------------------------------------------


def cmd_checkin(args: argparse.Namespace) -> int:
    # lazy: each command loads only what it runs (start-up of a command)
    from okrboard.domain import edits, forms, ids, kpis, links, schema, scoring, semdiff
    from okrboard.domain.model import CheckIn, KeyResult
    from okrboard.files.session import Session
    from okrboard.files.store import SaveRefused

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
    item = board.key_result(ref) or board.kpi(ref)
    assert item is not None  # one_ref names a key result or KPI of the board
    quarter = None if ids.parse_ref(ref).kind == "kpi" else ids.quarter_of(ref)
    typed = {
        "date": args.date or dt.date.today().isoformat(),
        "value": args.value,
        "confidence": args.confidence or "",
        "note": args.note or "",
        "blockers": args.blockers or "",
    }
    parsed, errors = forms.parse(schema.CHECKIN, forms.CHECKIN_FIELDS, typed)
    if errors:
        name, message = next(iter(errors.items()))
        option = "VALUE" if name == "value" else f"--{name}"
        raise UsageError(f"{option}: {printable(message)}")
    checkin = CheckIn(**parsed, author=args.author)
    today = dt.date.today()
    calendar = board.settings.calendar
    problem = forms.check_checkin(typed, quarter, today, calendar).get("date")
    if problem:
        raise UsageError(f"--date: {printable(problem)}")
    replaced = forms.replaces(item, checkin.date, today)
    waiting = isinstance(item, KeyResult) and item.change is not None and item.baseline is None
    try:
        done = Session(board).edit(
            lambda b: edits.record_checkin(b, ref, checkin, today),
            f"check-in on {ref}",
            fresh=True,
        )
    except SaveRefused as exc:
        print(f"okrboard: {printable(str(exc))}", file=sys.stderr)
        return 1
    if done is None:
        print(f"Nothing changed: {printable(ref)} already has this check-in.")
        return 0
    kr = board.key_result(ref)
    kpi = board.kpi(ref)
    if kr is not None:
        share = scoring.progress(kr)
        progress = "" if share is None else f", {share:.0%} of the way"
    else:
        assert kpi is not None  # just checked in on
        progress = f", {kpis.health(kpi).value}"
    confidence = "" if checkin.confidence is None else f", confidence {checkin.confidence}/10"
    value = semdiff.with_unit(checkin.value, item.unit)
    replacing = f"; {replaced}" if replaced else ""
    if waiting and kr is not None and kr.baseline is not None:
        aim = semdiff.with_unit(kr.aim, kr.unit)
        replacing += f"; the baseline of its change ({kr.change}), so it aims at {aim}"
    print(
        printable(
            f"Checked in {ref}: {value} on {checkin.date}{confidence}{progress}{replacing} "
            f"({done.rel})"
        )
    )
    return 0
