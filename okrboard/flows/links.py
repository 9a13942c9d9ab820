"""Linked issues: a tracker's export (Jira or Linear CSV, ``gh issue list --json``)
imported into the clone's local store, keeping only the issues the board links to; and
each linked item with what its issues say."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from okrboard.domain.text import count
from okrboard.files.load import LoadedBoard
from okrboard.measure import trackers

ExportError = trackers.ExportError


class Refused(Exception):
    """Nothing was imported, and why."""


@dataclass(frozen=True)
class Imported:
    issues: int
    kept_in: Path

    @property
    def sentence(self) -> str:
        return f"Imported {count(self.issues, 'issue')} the board links to, kept in {self.kept_in}."


def import_export(board: LoadedBoard, path: Path, today: dt.date) -> Imported:
    """Read the export at ``path`` and keep the issues ``board`` links to (the store is
    replaced atomically). Refused when the board was not read whole (the links of a file
    left out are unknown: their issues would be dropped) or the file cannot be read;
    ExportError when it is not an export."""
    if board.unreadable:
        raise Refused("nothing imported: the board could not be read whole.")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise Refused(f"{path}: {exc.strerror or exc}") from exc
    kept = trackers.import_file(board.root, board, path.name, raw, today)
    return Imported(len(kept), trackers.store_path(board.root))
