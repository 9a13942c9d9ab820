"""okrboard report and okrboard checkin: the quarterly review out, check-ins in."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from okrboard.cli.common import UsageError, board_dir
from okrboard.domain.text import printable
from okrboard.files.load import load_board

# -- report -----------------------------------------------------------------------------------


def cmd_report(args: argparse.Namespace) -> int:
    # lazy: each command loads only what it runs (start-up of a command)
    from okrboard.files.atomic import atomic_write
    from okrboard.reports import quarters, report

    root = board_dir(args.dir)
    board = load_board(root)
    try:
        data = report.build(board, args.quarter, dt.date.today(), quarters.boards_from_git(root))
    except ValueError as exc:
        raise UsageError(printable(str(exc))) from exc
    text = report.as_json(data) if args.format == "json" else report.as_markdown(data)
    if args.output:
        atomic_write(Path(args.output), text.encode("utf-8"))
        print(f"Wrote the {args.quarter} review to {printable(args.output)}.", file=sys.stderr)
    else:
        for line in text.splitlines():
            print(printable(line))
    return 0


# -- checkin ----------------------------------------------------------------------------------


def cmd_checkin(args: argparse.Namespace) -> int:
    # lazy: each command loads only what it runs (start-up of a command)
    from okrboard.domain import edits, forms, schema, scoring, semdiff
    from okrboard.domain.model import CheckIn
    from okrboard.files.session import Session
    from okrboard.files.store import SaveRefused

    board = load_board(board_dir(args.dir))
    ref = args.kr
    kr = board.key_result(ref)
    if kr is None:
        raise UsageError(f"no key result {printable(ref)!r} on this board")
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
    try:
        done = Session(board).edit(
            lambda b: edits.record_checkin(b, ref, checkin), f"check-in on {ref}"
        )
    except SaveRefused as exc:
        print(f"okrboard: {printable(str(exc))}", file=sys.stderr)
        return 1
    if done is None:
        print(f"Nothing changed: {printable(ref)} already has this check-in.")
        return 0
    kr = board.key_result(ref)
    assert kr is not None  # just checked in on
    share = scoring.progress(kr)
    progress = "" if share is None else f", {share:.0%} of the way"
    confidence = "" if checkin.confidence is None else f", confidence {checkin.confidence}/10"
    value = semdiff.with_unit(checkin.value, kr.unit)
    print(
        printable(f"Checked in {ref}: {value} on {checkin.date}{confidence}{progress} ({done.rel})")
    )
    return 0
