"""okrboard export html and okrboard serve: the plan for people outside the terminal."""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path

from okrboard.cli.common import UsageError, board_as_of, board_dir, say_unreadable, shown
from okrboard.domain import ids
from okrboard.domain.text import count, printable


def cmd_export(args: argparse.Namespace) -> int:
    # lazy: each command loads only what it runs (start-up of a command)
    from okrboard.flows import export

    root = board_dir(args.dir)
    board, day = board_as_of(root, args.at)
    quarter = args.quarter or board.current_quarter or ""
    if not ids.is_quarter(quarter) or not board.team_quarters(quarter):
        if say_unreadable(board):  # the quarter's files may be the ones left out
            return 1
        raise UsageError(f"no OKRs for {printable(quarter) or 'a quarter'} on this board")
    out = Path(args.out)
    try:
        written = export.export_site(board, quarter, day, out, shown(args),
                                     owners=not args.no_owners,
                                     confidence=not args.no_confidence)  # fmt: skip
    except export.NotASite:
        raise UsageError(
            f"{printable(args.out)} exists and is not an okrboard site: choose a new folder "
            "(nothing is overwritten that okrboard did not write)"
        ) from None
    scope = "public " if args.public else ""
    print(f"Wrote a {scope}site of {count(written.pages, 'page')} to {printable(str(out))}: "
          f"open {printable(str(written.index))}.")  # fmt: skip
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


def cmd_mcp(args: argparse.Namespace) -> int:
    """okrboard mcp: the board to an agent over the Model Context Protocol."""
    root = board_dir(args.dir)
    try:
        # lazy: the MCP SDK is an optional extra (pip install 'okrboard[mcp]')
        from okrboard.agents import server
    except ImportError:
        raise UsageError("okrboard mcp needs the MCP SDK: pip install 'okrboard[mcp]'") from None
    built = server.build(
        root.resolve(), public_only=args.public, read_only=args.read_only, warm=True
    )
    if args.http:
        # lazy: only the HTTP transport needs uvicorn
        from okrboard.agents.http import serve

        serve(built, args.port)
    else:
        built.run("stdio")
    return 0
