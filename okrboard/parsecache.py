"""Parsed board files kept between runs, by the digest of their bytes.

``tomllib`` is pure Python: parsing an organisation's files takes most of a start-up. A
file's parse depends only on its bytes, so it is kept under their SHA-256 digest and
reused while the bytes are the same; any change to a file is a different digest, so the
cache can never be stale. One file per board in the user's cache folder
(``$XDG_CACHE_HOME/okrboard``), readable by the user only; ``OKRBOARD_CACHE=off`` turns
it off. A missing or damaged cache is just an empty one.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path
from typing import Any

_VERSION = 1  # bump when what is kept changes shape


def folder() -> Path | None:
    if os.environ.get("OKRBOARD_CACHE", "").lower() in ("off", "0", "no"):
        return None
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "okrboard"


class ParseCache:
    """The parses of one board's files: ``get`` a digest's, ``put`` a new one, ``save``."""

    def __init__(self, root: Path):
        where = folder()
        key = hashlib.sha256(str(Path(root).resolve()).encode()).hexdigest()[:24]
        self.path = where / f"parsed-{key}.pickle" if where else None
        self._entries: dict[str, bytes] = self._read()
        self._used: set[str] = set()
        self._dirty = False

    def _read(self) -> dict[str, bytes]:
        if self.path is None:
            return {}
        try:
            with open(self.path, "rb") as handle:
                if os.fstat(handle.fileno()).st_uid != os.getuid():
                    return {}  # only ever trust a cache the user wrote
                version, entries = pickle.load(handle)
            return entries if version == _VERSION and isinstance(entries, dict) else {}
        except Exception:  # missing, damaged or from another version: start afresh
            return {}

    def get(self, digest: str) -> dict[str, Any] | None:
        """A fresh copy of the parse of the bytes with ``digest``, or None."""
        entry = self._entries.get(digest)
        if entry is None:
            return None
        self._used.add(digest)
        return pickle.loads(entry)

    def put(self, digest: str, data: dict[str, Any]) -> None:
        self._entries[digest] = pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL)
        self._used.add(digest)
        self._dirty = True

    def save(self, prune: bool = True) -> None:
        """Write the cache if a parse is new. ``prune``: keep only the parses this board
        used (once every file is read; a staged load's first part keeps them all)."""
        if self.path is None or not self._dirty:
            return
        from okrboard.store import atomic_write

        kept = {d: e for d, e in self._entries.items() if d in self._used or not prune}
        try:
            self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            data = pickle.dumps((_VERSION, kept), protocol=pickle.HIGHEST_PROTOCOL)
            atomic_write(self.path, data)
            os.chmod(self.path, 0o600)
        except OSError:
            return  # a read-only home: the next start parses again, nothing worse
        self._dirty = False
