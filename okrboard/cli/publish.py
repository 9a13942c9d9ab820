"""okrboard export html and okrboard serve: the plan for people outside the terminal."""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path

from okrboard.cli.common import UsageError, board_as_of, board_dir, say_unreadable, shown
from okrboard.domain import ids
from okrboard.domain.text import count, printable

MARKER = ".okrboard-site"  # in a folder okrboard exported: writing it again is expected


def cmd_export(args: argparse.Namespace) -> int:
    # lazy: each command loads only what it runs (start-up of a command)
    from okrboard.domain import public, roadmap, semdiff
    from okrboard.files.atomic import atomic_write
    from okrboard.flows import compare
    from okrboard.reports import quarters, report, site

    root = board_dir(args.dir)
    board, day = board_as_of(root, args.at)
    quarter = args.quarter or board.current_quarter or ""
    if not ids.is_quarter(quarter) or not board.team_quarters(quarter):
        if say_unreadable(board):  # the quarter's files may be the ones left out
            return 1
        raise UsageError(f"no OKRs for {printable(quarter) or 'a quarter'} on this board")
    out = Path(args.out)
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not (out / MARKER).exists())):
        raise UsageError(
            f"{printable(args.out)} exists and is not an okrboard site: choose a new folder "
            "(nothing is overwritten that okrboard did not write)"
        )
    keep = shown(args)
    options = site.Options(
        quarter, day, args.public,
        owners=not args.no_owners and (keep is None or keep.owners),
        confidence=not args.no_confidence and (keep is None or keep.confidence),
    )  # fmt: skip
    left_out = [str(p) for p in board.unreadable]
    board_on = quarters.boards_from_git(root)
    if keep is not None:  # public: one rule for what anyone may see, on every page
        board, board_on = public.redact(board, keep), public.redact_each(board_on, keep)
    changes = compare.since_quarter(root, board, quarter, keep)
    data = report.build(board, quarter, day, board_on, left_out, args.public)
    if changes is not None and args.public:
        changes = semdiff.without_cards(changes, roadmap.internal_cards(board))
    pages = site.export(board, options, changes, report.as_markdown(data))
    out.mkdir(parents=True, exist_ok=True)
    for name, text in pages.items():
        atomic_write(out / name, text.encode("utf-8"))
    atomic_write(out / MARKER, b"written by okrboard export html; safe to overwrite\n")
    scope = "public " if args.public else ""
    print(f"Wrote a {scope}site of {count(len(pages), 'page')} to {printable(str(out))}: "
          f"open {printable(str(out / 'index.html'))}.")  # fmt: skip
    for problem in board.unreadable:
        print(f"okrboard: left out, cannot be read: {printable(str(problem))}", file=sys.stderr)
    return 1 if board.unreadable else 0


# -- serve --------------------------------------------------------------------------------

SERVE_WARNING = (
    "okrboard serve shows the board read-only, as of HEAD, to whoever opens the address it "
    "prints: the address carries this run's token, so share it only with those who may see "
    "the board."
)


def cmd_serve(args: argparse.Namespace) -> int:
    root = board_dir(args.dir)
    try:
        # lazy: textual-serve is an optional extra (pip install 'okrboard[web]')
        from okrboard.cli.served import GuardedServer
    except ImportError:
        raise UsageError(
            "okrboard serve needs textual-serve: pip install 'okrboard[web]'"
        ) from None
    board, _ = board_as_of(root, "HEAD")
    if say_unreadable(board):
        print("okrboard: nothing served: the board at HEAD could not be read whole.",
              file=sys.stderr)  # fmt: skip
        return 1
    command = [sys.executable, "-m", "okrboard", "open", str(root.resolve()), "--at", "HEAD"]
    if args.public:
        command.append("--public")
        command += ["--show-owners"] if args.show_owners else []
        command += ["--show-confidence"] if args.show_confidence else []
    print(SERVE_WARNING, file=sys.stderr)
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        print("okrboard: listening beyond this machine, as --host asked.", file=sys.stderr)
    server = GuardedServer(shlex.join(command), host=args.host, port=args.port,
                           title=f"okrboard · {root.name}")  # fmt: skip
    server.serve()
    return 0
