"""One writer at a time on a board: every write (the app, ``checkin``, ``measure``, the
resolver, ``close`` and ``open``) holds the board's lock from the moment it checks the files
against the disk until they are in place, so two writers at once cannot both pass the
freshness check and the second overwrite the first.

The lock is a file outside the board (nothing for git to see), named by the board's real
path, so every process on this machine that writes the same board takes the same lock.
"""

from __future__ import annotations

import getpass
import hashlib
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

from okrboard.files.store import SaveRefused

WAIT_SECONDS = 30.0  # longer than any one save takes, on a busy machine


class BoardBusy(SaveRefused):
    """Another process held the board's lock for longer than ``WAIT_SECONDS``."""


def lock_path(root: Path) -> Path:
    name = hashlib.sha256(str(Path(root).resolve()).encode()).hexdigest()[:24]
    folder = Path(tempfile.gettempdir()) / f"okrboard-locks-{getpass.getuser()}"
    folder.mkdir(mode=0o700, exist_ok=True)
    return folder / f"{name}.lock"


@contextmanager
def board_lock(root: Path) -> Iterator[None]:
    """Hold the lock of the board at ``root`` (waiting for another writer to finish)."""
    lock = FileLock(lock_path(root), timeout=WAIT_SECONDS)
    try:
        lock.acquire()
    except Timeout:
        raise BoardBusy(
            f"another okrboard has been writing this board for {WAIT_SECONDS:.0f} s "
            f"(its lock: {lock.lock_file}); nothing was written, try again"
        ) from None
    try:
        yield
    finally:
        lock.release()
