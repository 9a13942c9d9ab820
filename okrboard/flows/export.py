"""The static site (``okrboard export html``): a quarter's pages written to a folder,
public or not by the one rule of ``domain/public``, never over a folder okrboard did not
write."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from okrboard.domain import public, roadmap, semdiff
from okrboard.files.atomic import atomic_write
from okrboard.files.load import LoadedBoard
from okrboard.flows import compare
from okrboard.reports import quarters, report, site

MARKER = ".okrboard-site"  # in a folder okrboard exported: writing it again is expected


class NotASite(Exception):
    """The folder exists and holds what okrboard did not write."""


@dataclass(frozen=True)
class Written:
    pages: int
    index: Path


def writable(out: Path) -> bool:
    """A new or empty folder, or one okrboard exported to before."""
    if not out.exists():
        return True
    return out.is_dir() and (not any(out.iterdir()) or (out / MARKER).exists())


def export_site(
    board: LoadedBoard,
    quarter: str,
    day: dt.date,
    out: Path,
    keep: public.Shown | None = None,
    owners: bool = True,
    confidence: bool = True,
) -> Written:
    """Write ``quarter``'s site for ``board`` as of ``day`` into ``out``; ``keep``: the
    site is public and shows only that (owners, confidence)."""
    if not writable(out):
        raise NotASite(out)
    root, shown = board.root, keep is not None
    options = site.Options(
        quarter, day, shown,
        owners=owners and (keep is None or keep.owners),
        confidence=confidence and (keep is None or keep.confidence),
    )  # fmt: skip
    left_out = [str(p) for p in board.unreadable]
    board_on = quarters.boards_from_git(root)
    if keep is not None:  # public: one rule for what anyone may see, on every page
        board, board_on = public.redact(board, keep), public.redact_each(board_on, keep)
    changes = compare.since_quarter(root, board, quarter, keep)
    data = report.build(board, quarter, day, board_on, left_out, shown)
    if changes is not None and shown:
        changes = semdiff.without_cards(changes, roadmap.internal_cards(board))
    pages = site.export(board, options, changes, report.as_markdown(data))
    out.mkdir(parents=True, exist_ok=True)
    for name, text in pages.items():
        atomic_write(out / name, text.encode("utf-8"))
    atomic_write(out / MARKER, b"written by okrboard export html; safe to overwrite\n")
    return Written(len(pages), out / "index.html")
