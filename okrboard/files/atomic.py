"""Writing files so that a crash leaves the old or the new bytes, whole.

A file is written beside itself (``.NAME.XXXX.tmp``), flushed, then renamed over its path;
a change that spans several files writes them all before renaming any.
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path


def atomic_write(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` so that a crash leaves the old or the new file, whole."""
    install([staged(path, data)])


def staged(path: Path, data: bytes) -> tuple[str, Path]:
    """The first half of an atomic write: ``data`` in a temporary file beside ``path``,
    flushed to disk, with ``path``'s mode. ``install`` renames it over ``path``."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o7777)
        else:
            os.chmod(tmp, 0o666 & ~_umask())
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return tmp, path


def install(files: list[tuple[str, Path]]) -> None:
    """The second half: rename each ``staged`` file over its path, then flush the
    folders. Several files are renamed one right after the other (microseconds), so a
    crash seldom leaves a change that spans them half on disk. A staged file left
    uninstalled by an error is removed."""
    done = 0
    try:
        for tmp, path in files:
            os.replace(tmp, path)
            done += 1
    except BaseException:
        discard(files[done:])
        raise
    folders: dict[Path, set[str]] = {}
    for _, path in files:
        folders.setdefault(path.parent, set()).add(path.name)
    for folder in folders:
        _fsync_dir(folder)
    for folder, names in folders.items():
        _sweep(folder, names)


def discard(files: list[tuple[str, Path]]) -> None:
    """Remove staged files that will not be installed."""
    for tmp, _ in files:
        Path(tmp).unlink(missing_ok=True)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


STALE_SECONDS = 600  # a live save takes milliseconds: an older temporary file is a crash's


def _sweep(folder: Path, names: set[str]) -> None:
    """Remove the temporary files that a writer killed mid-save left beside the files
    ``names`` in ``folder`` (hidden, but ``git status`` would list them); a younger one
    may be another writer's. The folder is listed once: a measure run writes 500 files
    of one folder."""
    cutoff = time.time() - STALE_SECONDS
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        name = entry.name  # .NAME.XXXX.tmp, as staged makes it (mkstemp's XXXX has no dot)
        if not (name.startswith(".") and name.endswith(".tmp")):
            continue
        if name[1:].rsplit(".", 2)[0] not in names:
            continue
        try:
            if entry.stat(follow_symlinks=False).st_mtime < cutoff:
                os.unlink(entry.path)
        except OSError:
            pass
