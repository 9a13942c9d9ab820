"""The history of one item: every commit that changed it, field by field, from git.

One ``git log --raw`` lists the commits and the blob ids of each file version; only the
item's own file is read, each version once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from okrboard.domain import ids
from okrboard.domain.cache import Cache, memoized
from okrboard.files import sections
from okrboard.files.load import unreadable_files
from okrboard.git.revisions import GitError, Touch, blobs, board_at, log, log_started

if TYPE_CHECKING:
    from okrboard.domain import semdiff
    from okrboard.domain.model import Board
    from okrboard.files.load import LoadedBoard

# semdiff and load (the model, the codec) are imported where used: a cold
# ``okrboard history`` imports them while git walks the history (``history``).


@dataclass(frozen=True)
class Entry:
    """One commit that changed the item."""

    commit: str
    author: str
    date: dt.datetime
    message: str
    changes: list[semdiff.Change] = field(default_factory=list)
    moved_target: bool = False  # a target changed after its quarter had begun

    def as_dict(self) -> dict:
        return {
            "commit": self.commit,
            "author": self.author,
            "date": self.date.isoformat(),
            "message": self.message,
            "moved_target": self.moved_target,
            "changes": [c.as_dict() for c in self.changes],
        }


def file_of(ref: str) -> str:
    """The board file an item lives in; ValueError for something that is not a reference."""
    return ids.parse_ref(ref).file


def _path_in_file(ref: str) -> tuple[str, ...]:
    """Where the item's table sits in its file (an objective's holds its key results)."""
    parsed = ids.parse_ref(ref)
    if parsed.kind == "objective":
        return ("objectives", parsed.parts[2])
    if parsed.kind == "key_result":
        return ("objectives", parsed.parts[2], "key_results", parsed.parts[3])
    return ({"theme": "themes", "node": "nodes", "kpi": "kpis"}[parsed.kind], parsed.parts[1])


# (commit, item) -> its changes; (blob id, item path) -> its lines
_CHANGES: Cache[tuple[str, str], list[semdiff.Change]] = Cache(16_384)
_SLICES: Cache[tuple[str, tuple[str, ...]], bytes] = Cache(16_384)


def _slice(root: Path, sha: str | None, path: tuple[str, ...]) -> bytes:
    """The lines of blob ``sha`` that can hold the item at ``path`` (``sections``), or the
    whole file when they cannot be told apart; empty for no file. Kept by blob id."""
    if sha is None:
        return b""
    key = (sha, path)
    if (found := _SLICES.get(key)) is not None:
        return found
    data = blobs(root, [sha])[sha]
    try:
        text = sections.item_text(data.decode("utf-8"), path)
    except UnicodeDecodeError:
        text = None
    return _SLICES.put(key, data if text is None else text.encode("utf-8"))


@memoized(maxsize=256)
def _board(root: Path, files: tuple[tuple[str, bytes], ...]) -> LoadedBoard:
    """The board holding just ``files`` (``(rel, content)`` pairs); never mutated."""
    # lazy: loads on first use, not at start-up (docs/performance.md)
    from okrboard.files.load import load_files

    return load_files(root, dict(files), across=False)


def _item(board: Board, ref: str) -> object:
    parsed = ids.parse_ref(ref)
    if parsed.kind in ("objective", "key_result"):
        return board.objective(ref) if parsed.kind == "objective" else board.key_result(ref)
    if parsed.kind == "kpi":
        return board.kpi(ref)
    if parsed.kind == "theme":
        plan = board.roadmaps.get(parsed.parts[0])
        return plan.themes.get(parsed.parts[1]) if plan else None
    tree = board.trees.get(parsed.parts[0])
    return tree.nodes.get(parsed.parts[1]) if tree else None


def history(root: Path, ref: str, rev: str = "HEAD") -> list[Entry]:
    """Commits that changed ``ref`` (and, for an objective, its key results), newest first.

    One ``git log`` lists the commits that touched the item's file. For each, only the
    lines that can hold the item are compared (``sections``); where they differ, just those
    lines are read as a board and diffed. A file version broken elsewhere does not change
    the item.
    """
    rel, path = file_of(ref), _path_in_file(ref)
    logged = log_started(root, rev, rel)
    from okrboard.domain import semdiff  # noqa: F401  (imported while git works)
    from okrboard.files import load  # lazy: imported while git works, as semdiff

    kr = ids.parse_ref(ref).kind == "key_result"
    quarter_start = _quarter_start(ref, load.calendar(root)) if kr else None

    touches = logged()
    blobs(root, [sha for touch in touches for sha in touch.files.get(rel, ()) if sha])
    entries = []
    for touch in touches:
        if changes := _changes(root, touch, rel, ref, path):
            entries.append(_entry(touch, changes, quarter_start))
    return entries


def _changes(root: Path, touch: Touch, rel: str, ref: str, path: tuple) -> list:
    """What the commit ``touch`` changed of the item ``ref`` (at ``path`` in ``rel``)."""
    key = (touch.commit, ref)
    found = _CHANGES.get(key)  # a commit's changes to an item never change
    if found is None:
        old_sha, new_sha = touch.files.get(rel, (None, None))
        old, new = _slice(root, old_sha, path), _slice(root, new_sha, path)
        changes = []
        if old != new:
            old_board = _board(root, ((rel, old),) if old else ())
            new_board = _board(root, ((rel, new),) if new else ())
            if _item(old_board, ref) is not None or _item(new_board, ref) is not None:
                # lazy: loads on first use, not at start-up (docs/performance.md)
                from okrboard.domain import semdiff

                diff = semdiff.diff(
                    old_board, new_board, skip=unreadable_files(old_board, new_board)
                )
                changes = [c for c in diff if c.ref == ref or c.ref.startswith(ref + "/")]
        found = _CHANGES.put(key, changes)
    return found


def moved_targets(root: Path, refs: list[str], rev: str = "HEAD") -> set[str]:
    """The KRs among ``refs`` whose target was moved after their quarter began, in the
    history up to ``rev``.

    Only commits whose diff changes a ``target =`` line can have moved one: git finds
    those (``git log -G``), and only they are read, instead of every KR's history.
    """
    by_file: dict[str, list[str]] = {}
    for ref in refs:
        by_file.setdefault(file_of(ref), []).append(ref)
    if not by_file:
        return set()
    # lazy: loads on first use, not at start-up (docs/performance.md)
    from okrboard.files.load import calendar

    starts = {ref: _quarter_start(ref, calendar(root)) for ref in refs}
    since = min(starts.values()) - dt.timedelta(days=1)  # --since is local time; _entry decides
    touches = log(root, rev, rels=tuple(sorted(by_file)), grep=r"target[[:space:]]*=", since=since)
    moved = set()
    for touch in touches:
        for rel in touch.files.keys() & by_file.keys():
            for ref in by_file[rel]:
                changes = _changes(root, touch, rel, ref, _path_in_file(ref))
                if changes and _entry(touch, changes, starts[ref]).moved_target:
                    moved.add(ref)
    return moved


def moved_targets_in_git(root: Path, refs: Iterable[str], rev: str = "HEAD") -> set[str]:
    """``moved_targets``, and none outside git. Takes references, not the board, so a
    thread can run it while the board is edited."""
    try:
        return moved_targets(root, list(refs), rev)
    except GitError:
        return set()


def moved_since_start(root: Path, board: Board, quarter: str) -> set[str]:
    """KRs of ``quarter`` whose target differs from the one they had when the quarter
    began (the last commit before its first day), committed or not: what ``lint`` in a
    pre-commit hook must catch before the commit exists. None outside git."""
    start = board.settings.calendar.first_day(quarter) - dt.timedelta(days=1)
    try:
        then = board_at(root, start.isoformat(), (f"{ids.OKR_DIR}/{quarter}",))
    except GitError:
        return set()
    moved = set()
    for ref, _, kr in board.iter_key_results():
        old = then.key_result(ref) if ids.quarter_of(ref) == quarter else None
        if old is not None and old.target is not None and kr.target != old.target:
            moved.add(ref)
    return moved


def _quarter_start(ref: str, calendar: ids.Calendar) -> dt.date:
    return calendar.first_day(ids.quarter_of(ref))


def _entry(
    touch: Touch, changes: list[semdiff.Change], quarter_start: dt.date | None = None
) -> Entry:
    moved = (
        quarter_start is not None
        and touch.when.date() >= quarter_start
        and any(c.field == "target" and c.kind == "changed" for c in changes)
    )
    return Entry(touch.commit[:10], touch.author, touch.when, touch.message, changes, moved)


def _boards(root: Path, touch: Touch) -> tuple[LoadedBoard, LoadedBoard]:
    """The files a commit touched, as boards before and after it."""

    def side(index: int) -> LoadedBoard:
        files = {rel: sha for rel, shas in touch.files.items() if (sha := shas[index])}
        contents = blobs(root, files.values())
        return _board(root, tuple(sorted((rel, contents[sha]) for rel, sha in files.items())))

    return side(0), side(1)


def board_log(root: Path, rev: str = "HEAD", max_count: int | None = None) -> list[Entry]:
    """Every commit that changed the board, newest first, with its changes by item and
    field. Only the files a commit touched are read, each version once."""
    # lazy: loads on first use, not at start-up (docs/performance.md)
    from okrboard.domain import semdiff

    touches = log(root, rev, max_count=max_count)
    blobs(root, [sha for touch in touches for pair in touch.files.values() for sha in pair if sha])
    entries = []
    for touch in touches:
        old, new = _boards(root, touch)
        entries.append(_entry(touch, semdiff.diff(old, new, skip=unreadable_files(old, new))))
    return entries


def where(ref: str | None, change: semdiff.Change) -> str:
    """Which item a change is to, when it is not the item whose history this is."""
    if change.ref == ref:
        return ""
    return f"{ids.id_of(change.ref)}: " if ref else f"{change.ref}: "


def as_text(ref: str | None, entries: list[Entry]) -> str:
    """The history of ``ref``, or of the whole board when ``ref`` is None."""
    # lazy: loads on first use, not at start-up (docs/performance.md)
    from okrboard.domain import semdiff

    lines = []
    for entry in entries:
        flag = "  [moved target]" if entry.moved_target else ""
        lines.append(
            f"{entry.commit}  {entry.date:%Y-%m-%d}  {entry.author}: {entry.message}{flag}"
        )
        lines += [f"    {where(ref, c)}{semdiff.describe(c)}" for c in entry.changes]
    return "\n".join(lines) + ("\n" if lines else "")


def as_markdown(ref: str | None, entries: list[Entry]) -> str:
    # lazy: loads on first use, not at start-up (docs/performance.md)
    from okrboard.domain import semdiff

    lines = [f"## History of `{ref}`" if ref else "## History of the board", ""]
    for entry in entries:
        flag = " **(moved target)**" if entry.moved_target else ""
        lines.append(
            f"- {entry.date:%Y-%m-%d} {entry.author}: {entry.message} (`{entry.commit}`){flag}"
        )
        lines += [f"  - {where(ref, c)}{semdiff.describe(c)}" for c in entry.changes]
    return "\n".join(lines) + "\n"
