"""An editing session on a board: every edit saved at once, with byte-exact undo and redo.

An edit mutates one part of the model (an OKR file, a roadmap, a tree or board.toml) and
saves it. The undo stack keeps each file's bytes before and after, so undo restores the
very bytes; it refuses (SaveRefused) when the file changed on disk since, so nothing that
somebody else wrote is lost.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

from okrboard.domain import ids
from okrboard.domain.cache import Cache
from okrboard.domain.model import Board, Part
from okrboard.files import atomic, store
from okrboard.files.load import (
    LoadedBoard,
    Source,
    board_files,
    load_pending,
    reload_file,
    wrote,
)
from okrboard.files.store import ChangedOnDisk, SaveRefused


@dataclass(frozen=True)
class Change:
    """One saved edit: each file's bytes before and after (None: the file did not exist).

    Most edits touch one file; closing or opening a quarter touches several, and is undone
    as one.
    """

    files: tuple[tuple[str, bytes | None, bytes | None], ...]
    label: str

    @property
    def rel(self) -> str:
        return self.files[0][0]


class Session:
    def __init__(
        self,
        board: LoadedBoard,
        as_of: str | None = None,
        day: dt.date | None = None,
        read_only: bool = False,
    ) -> None:
        """``as_of``: the revision a board read from git shows; such a session is read-only,
        as is one made ``read_only`` (a board shown to anyone). ``day``: the day a board
        of a revision is judged as of (``revisions.revision_day``)."""
        self.board = board
        self.as_of = as_of
        self.read_only = read_only or as_of is not None
        self.day = day
        self.undo_stack: list[Change] = []
        self.locked: dict[str, str] = {}  # file -> why it is read-only (a git conflict)
        self.redo_stack: list[Change] = []

    @property
    def mark(self) -> str:
        """What every view says of a board that cannot change ("as of HEAD~3,
        read-only"), or "" for an editable one."""
        if self.as_of is not None:
            return f"as of {self.as_of}, read-only"
        return "read-only" if self.read_only else ""

    def _writable(self) -> None:
        if self.as_of is not None:
            raise SaveRefused(
                f"read-only: this is the board as of {self.as_of}; nothing is saved "
                "(open it without --at to edit)"
            )
        if self.read_only:
            raise SaveRefused("read-only: this board is shown to anyone; nothing is saved")

    def edit(
        self, change: Callable[[Board], Part | list[Part]], label: str, fresh: bool = False
    ) -> Change | None:
        """Apply ``change`` to the board and save the part (or parts) it returns, at once.

        ``change`` finds what it edits by reference, so after a refused save (the file
        changed on disk) the caller can reload and apply the same change again. On
        SaveRefused the file is read again, so the model matches the disk, and the error
        is raised for the caller to show.
        """
        return self.edit_parts(lambda board: _parts(change(board)), label, fresh=fresh)

    def edit_parts(
        self,
        change: Callable[[Board], list[Part]],
        label: str,
        reach: tuple[str, ...] = (),
        fresh: bool = False,
    ) -> Change | None:
        """``edit`` for a change that touches several files, saved and undone together.

        Every file is checked against the disk, then written out beside itself, before any
        is put in place: a refused save writes nothing, and a crash or a full disk leaves
        the change off the disk, whole (``_write_all``). All of it happens under the
        board's lock (``files.lock``): another writer waits, then finds the files changed.
        ``fresh``: first read again, under the lock, the files another writer changed,
        and apply the change to them (a command's one edit, such as ``okrboard
        checkin``; the app instead asks the user). ``reach``: the folders or files the
        change reads and writes, when the caller knows them; a staged board reads only
        those first (``okrboard measure`` at 500 teams: one quarter of eight).
        """
        self._writable()
        with _board_lock(self.board.root):
            if fresh:
                self.reload(self.changed_on_disk())
            return self._edit_locked(change, label, reach)

    def _edit_locked(
        self, change: Callable[[Board], list[Part]], label: str, reach: tuple[str, ...]
    ) -> Change | None:
        load_pending(self.board, under=reach)  # by default any file (closing a quarter)
        closed = _closed(self.board)
        encoded = dict(store.encoded(part) for part in change(self.board))  # file -> content
        pending = {
            rel: plain for rel, plain in encoded.items() if store.edited(self.board, rel, plain)
        }
        for rel in pending:
            why = self.locked.get(rel) or closed.get(rel)
            if why:
                self.reload(list(encoded))
                raise SaveRefused(f"{rel}: {why}")
        before: dict[str, bytes | None] = {}
        try:
            for rel in pending:
                with _disk(rel, "read"):
                    before[rel] = store.check_unchanged(self.board, rel)
            new = {
                rel: store.rendered(self.board, rel, plain, before[rel])
                for rel, plain in pending.items()
            }
            written = {rel: data for rel, data in new.items() if data is not None}
            self._write_all(written, "saved", before)
        except SaveRefused:
            self.reload(list(encoded))
            raise
        # the model and the problems follow what is on disk: what was written keeps the
        # model it was written from; any other file the change touched is read again
        wrote(self.board, written)
        if others := [rel for rel in encoded if rel not in written]:
            self.reload(others)
        files = tuple(
            (rel, before[rel], after)
            for rel in pending
            if (after := self._read(rel)) != before[rel]
        )
        if not files:
            return None
        return self._record(Change(files, label))

    def replace(self, rel: str, data: bytes, label: str) -> Change:
        """Write ``data`` as the file ``rel`` (a resolved conflict): checked against the
        disk like any edit, and undone the same way."""
        self._writable()
        with _board_lock(self.board.root):
            before = self._read(rel)
            source = self.board.sources.get(rel)
            if source is None or before is None or Source(before).digest != source.digest:
                raise ChangedOnDisk(
                    f"{rel}: the file changed on disk since it was read; reload first"
                )
            self._write_all({rel: data}, "saved", {rel: before})
        reload_file(self.board, rel)
        return self._record(Change(((rel, before, data),), label))

    def _record(self, done: Change) -> Change:
        self.undo_stack.append(done)
        self.redo_stack.clear()
        return done

    def undo(self) -> Change | None:
        """Undo the last edit; None when there is nothing to undo."""
        self._writable()
        if not self.undo_stack:
            return None
        change = self.undo_stack[-1]
        self._restore(change, undo=True)
        self.redo_stack.append(self.undo_stack.pop())
        return change

    def redo(self) -> Change | None:
        self._writable()
        if not self.redo_stack:
            return None
        change = self.redo_stack[-1]
        self._restore(change, undo=False)
        self.undo_stack.append(self.redo_stack.pop())
        return change

    def changed_on_disk(self) -> list[str]:
        """Files whose bytes differ from what the board read (or that appeared or went).
        Never any for a board read from git: today's files are not its files."""
        if self.as_of is not None:
            return []
        return changed_files(self.board.root, self.digests(), self.board.pending)

    def digests(self) -> dict[str, str]:
        """What the board read, file by file: a snapshot a worker thread may compare with."""
        return {rel: source.digest for rel, source in self.board.sources.items()}

    def reload(self, rels: list[str]) -> None:
        reload_file(self.board, *rels)

    # -- helpers ------------------------------------------------------------------------

    def _read(self, rel: str) -> bytes | None:
        path = self.board.root / rel
        return path.read_bytes() if path.is_file() else None

    def _restore(self, change: Change, *, undo: bool) -> None:
        """Put back each file's bytes from before (undo) or after (redo) the change, once
        every file is checked to be as the change left it."""
        steps = [
            (rel, *((after, before) if undo else (before, after)))
            for rel, before, after in change.files
        ]
        try:
            with _board_lock(self.board.root):
                for rel, expect, _ in steps:
                    if self._read(rel) != expect:
                        raise ChangedOnDisk(
                            f"{rel} changed on disk since this edit; it cannot be undone "
                            "without losing that change"
                        )
                verb = "undone" if undo else "redone"
                self._write_all(
                    {rel: write for rel, _, write in steps}, verb, {r: e for r, e, _ in steps}
                )
        finally:
            self.reload([rel for rel, _, _ in steps])

    def _write_all(
        self, files: Mapping[str, bytes | None], verb: str, before: dict[str, bytes | None]
    ) -> None:
        """Write each file's new bytes (None: delete it), all or nothing. Every file is
        first written out beside itself and flushed; then all are renamed into place
        one right after the other, so a crash or a full disk while they are written out
        leaves the change off the disk, whole. If a rename fails, the files already
        renamed are put back to their ``before`` bytes."""
        ready: list[tuple[str, Path]] = []
        try:
            for rel, data in files.items():
                path = store.board_path(self.board.root, rel)
                if data is not None:
                    with _disk(rel, verb):
                        path.parent.mkdir(parents=True, exist_ok=True)
                        ready.append(atomic.staged(path, data))
        except BaseException:
            atomic.discard(ready)
            raise
        try:
            with _disk(", ".join(files), verb):
                atomic.install(ready)
                for rel, data in files.items():
                    if data is None:
                        store.board_path(self.board.root, rel).unlink(missing_ok=True)
        except SaveRefused:
            self._put_back(before)
            raise

    def _put_back(self, files: dict[str, bytes | None]) -> None:
        """Put back the files of a change whose writing failed half-way. Best effort: the
        disk that refused one write may refuse these too (each file stays whole)."""
        for rel, data in files.items():
            if self._read(rel) != data:
                with suppress(OSError):
                    if data is None:
                        (self.board.root / rel).unlink()
                    else:
                        atomic.atomic_write(self.board.root / rel, data)


def _board_lock(root: Path) -> AbstractContextManager[None]:
    """``files.lock.board_lock``, imported with the first write."""
    # lazy: filelock and the lock's module load with the first write, not at start-up
    # (8 ms of the first frame, docs/performance.md)
    from okrboard.files.lock import board_lock

    return board_lock(root)


class SaveFailed(SaveRefused):
    """The disk refused a write (full, read-only, no permission): the file is as it was."""


@contextmanager
def _disk(rel: str, verb: str) -> Iterator[None]:
    try:
        yield
    except OSError as exc:
        why = exc.strerror or str(exc)
        raise SaveFailed(
            f"{rel}: could not be {verb}: {why}; the file on disk is as it was"
        ) from exc


# file -> (its stat stamp, its bytes' digest)
_DIGESTS: Cache[str, tuple[tuple, str]] = Cache(16_384)


def changed_files(root: Path, digests: dict[str, str], unread: Iterable[str] = ()) -> list[str]:
    """Board files under ``root`` that differ from ``digests`` (or appeared or went);
    ``unread`` files (a staged load's rest) have nothing to compare with yet."""
    on_disk = set(board_files(root, {})) - set(unread)
    changed = set(digests) ^ on_disk
    for rel in set(digests) & on_disk:
        digest = _digest(os.path.join(root, rel))
        if digest is None or digest != digests[rel]:
            changed.add(rel)
    return sorted(changed)


def _digest(path: str) -> str | None:
    """The digest of a file's bytes, read again only when its stat stamp moved: the disk is
    checked every few seconds, and hashing an organisation's 500 files each time would
    take the app's time. Any write (an editor, git, a rename over it) changes the ctime."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    stamp = (st.st_mtime_ns, st.st_ctime_ns, st.st_size, st.st_ino)
    known = _DIGESTS.get(path)
    if known is None or known[0] != stamp:
        try:
            with open(path, "rb") as file:
                known = _DIGESTS.put(path, (stamp, Source(file.read()).digest))
        except OSError:
            return None
    return known[1]


def _parts(found: Part | list[Part]) -> list[Part]:
    return found if isinstance(found, list) else [found]


def _closed(board: LoadedBoard) -> dict[str, str]:
    """The OKR files of closed team-quarters, read-only, each with how to reopen it."""
    return {
        ids.okr_file(quarter, team): (
            f"{quarter} is closed for {team} (on {tq.closed}), so it is read-only; "
            f"to change it, reopen it: remove closed = {tq.closed} under [review]"
        )
        for (quarter, team), tq in board.okrs.items()
        if tq.closed is not None
    }
