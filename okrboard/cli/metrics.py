"""okrboard measure: the values the sources give, recorded as check-ins."""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from okrboard.cli.common import board_dir, json_document, one_ref
from okrboard.domain.text import count, printable
from okrboard.files.load import load_board


def cmd_measure(args: argparse.Namespace) -> int:
    # lazy: each command loads only what it runs (start-up of a command)
    from okrboard.domain import semdiff
    from okrboard.measure import run, trackers

    board = load_board(board_dir(args.dir))
    today = dt.date.today()
    measurable = [ref for ref, _ in run.measured_items(board, [r for r, _ in _all(board)])]
    only = [one_ref(board, text, measurable, "item with a source") for text in args.only or ()]
    if not run.measured_items(board, only):
        print("Nothing to measure: no key result of the current quarter or KPI has a source "
              "(docs/format.md, Metric sources).", file=sys.stderr)  # fmt: skip
        return 0
    linked = trackers.load(board.root)
    results = run.measure(
        board, today, only, args.dry_run, linked.reader(board) if linked else None
    )
    failed = [r for r in results if r.outcome == run.ERROR]
    if args.format == "json":
        print(json_document(board, dry_run=args.dry_run, measured=[r.as_dict() for r in results]))
        return 1 if failed else 0
    for result in results:
        unit = result.unit
        if result.outcome == run.ERROR:
            line = f"{result.ref}: error: {result.error} ({result.source})"
        else:
            old, new = semdiff.with_unit(result.old, unit), semdiff.with_unit(result.new, unit)
            line = f"{result.ref}: {old} -> {new} on {result.day} ({result.outcome})"
        print(printable(line))
    counts = {o: sum(r.outcome == o for r in results) for o in (run.RECORDED, run.WOULD)}
    done = counts[run.WOULD] if args.dry_run else counts[run.RECORDED]
    verb = "would be recorded" if args.dry_run else "recorded"
    print(f"{count(len(results), 'source')} read: {count(done, 'check-in')} {verb}, "
          f"{len(failed)} failed.", file=sys.stderr)  # fmt: skip
    return 1 if failed else 0


def _all(board):
    for ref, _, kr in board.iter_key_results():
        yield ref, kr
    yield from board.iter_kpis()
