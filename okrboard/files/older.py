"""A board's older quarters checked in a child process, whose memory leaves with it.

The app holds the quarters a view shows and lets the older ones go once checked
(``load.shelve``). Reading them in the app to check them, even one quarter at a time,
left its heap fragmented: at 500 teams it held 400 MB for what needs 300. A child
process reads the board as the app would, checks it, lets the older quarters go as the
app would, and prints what the app keeps of each of those files (their digest, their
problems, their items' references); the app takes that in (``adopt``) and never reads
them. Should the child fail, the app reads them itself, as before.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

from okrboard.domain import ids
from okrboard.domain.problems import Problem
from okrboard.files.load import (
    LoadedBoard,
    Shelf,
    Source,
    load_board,
    load_pending,
    refresh_problems,
    shelve,
)

BATCH = 10  # files read between two looks at what can be let go, as the app reads them
DEADLINE = 600  # seconds: a board the child cannot check in ten minutes is read in the app


def kept(root: Path | str, today: dt.date | None, held: Iterable[str]) -> dict[str, dict]:
    """What a board opened in the app keeps of each OKR file of the quarters not ``held``
    (``{relative path: {digest, conflicts, own, across, refs}}``): the board is read,
    checked and let go exactly as the app does it, so the problems are the same."""
    held = set(held)
    board = load_board(root, staged=True, today=today)
    while not load_pending(board, BATCH):
        shelve(board, held)
    shelve(board, held)
    return {
        rel: {
            "digest": board.sources[rel].digest,
            "conflicts": board.sources[rel].conflicts,
            "own": [p.as_dict() for p in board.file_problems.get(rel, [])],
            "across": [p.as_dict() for p in shelf.problems],
            "refs": sorted(shelf.refs),
        }
        for rel, shelf in board.shelved.items()
    }


def waiting(board: LoadedBoard, held: Iterable[str]) -> list[str]:
    """The OKR files ``board`` has still to read of the quarters it will not hold."""
    held = set(held)
    return [rel for rel in board.pending if (key := ids.okr_file_key(rel)) and key[0] not in held]


def start(
    root: Path | str, today: dt.date | None, held: Iterable[str], python: str = sys.executable
) -> subprocess.Popen[bytes] | None:
    """Start a child process working out ``kept``; None when it cannot start. ``-P``: the
    folder it starts in is not on its import path, so a repository holding an ``okrboard``
    folder of its own runs nothing."""
    command = [python, "-P", "-m", "okrboard.files.older", str(root), *sorted(held)]
    if today is not None:
        command += ["--today", today.isoformat()]
    try:
        return subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
        )
    except OSError:
        return None


def finish(child: subprocess.Popen[bytes]) -> dict[str, dict] | None:
    """What ``child`` printed, once it ends; None when it failed or took too long (then
    the caller reads the files itself)."""
    try:
        out, _ = child.communicate(timeout=DEADLINE)
        found = json.loads(out) if child.returncode == 0 else None
    except subprocess.TimeoutExpired:
        child.kill()
        child.communicate()
        return None
    except ValueError:  # not what this module prints
        return None
    return found if isinstance(found, dict) else None


def adopt(board: LoadedBoard, found: dict[str, dict]) -> list[str]:
    """Take what the child kept of the files ``board`` has still to read: each is let go
    as if the app had read and checked it. The files adopted."""
    waiting = set(board.pending)
    taken = [rel for rel in found if rel in waiting]
    for rel in taken:
        entry = found[rel]
        board.sources[rel] = Source.seen(entry["digest"], entry["conflicts"])
        board.file_problems[rel] = [Problem(**p) for p in entry["own"]]
        board.shelved[rel] = Shelf(
            frozenset(entry["refs"]), tuple(Problem(**p) for p in entry["across"])
        )
    if taken:
        gone = set(taken)
        board.pending = [rel for rel in board.pending if rel not in gone]
        if not board.pending:
            refresh_problems(board)
        board.version += 1
    return taken


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path)
    parser.add_argument("held", nargs="*", help="the quarters the app holds")
    parser.add_argument("--today", type=dt.date.fromisoformat, default=None)
    args = parser.parse_args(argv)
    json.dump(kept(args.root, args.today, args.held), sys.stdout)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
