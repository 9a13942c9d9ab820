"""Parsed board files kept between runs, by the digest of their bytes.

``tomllib`` is pure Python: parsing an organisation's files takes most of a start-up. A
file's parse depends only on its bytes, so it is kept under their SHA-256 digest and
reused while the bytes are the same; any change to a file is a different digest, so the
cache can never be stale. One file per board in the user's cache folder
(``$XDG_CACHE_HOME/okrboard``), readable by the user only; ``OKRBOARD_CACHE=off`` turns
it off. A missing or damaged cache is just an empty one.

A cache is read only when the user owns it and nobody else can write it, and it is read
with an unpickler that builds nothing but plain data and dates: a planted file can make
okrboard parse afresh, never run code.
"""

from __future__ import annotations

import hashlib
import io
import os
import pickle
from pathlib import Path
from typing import Any

_VERSION = 1  # bump when what is kept changes shape
_DATES = {"date", "datetime", "time", "timedelta", "timezone"}  # what tomllib returns


class _PlainData(pickle.Unpickler):
    """Unpickles TOML data only: any other class named in the file is refused."""

    def find_class(self, module: str, name: str):
        if module == "datetime" and name in _DATES:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not TOML data")


def _loads(data: bytes) -> Any:
    return _PlainData(io.BytesIO(data)).load()


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
                st = os.fstat(handle.fileno())
                if st.st_uid != os.getuid() or st.st_mode & 0o022:
                    return {}  # only ever trust a cache the user alone could write
                version, entries = _PlainData(handle).load()
            return entries if version == _VERSION and isinstance(entries, dict) else {}
        except Exception:  # missing, damaged or from another version: start afresh
            return {}

    def get(self, digest: str) -> dict[str, Any] | None:
        """A fresh copy of the parse of the bytes with ``digest``, or None."""
        entry = self._entries.get(digest)
        if entry is None:
            return None
        self._used.add(digest)
        try:
            return _loads(entry)
        except Exception:  # damaged: parse afresh
            return None

    def put(self, digest: str, data: dict[str, Any]) -> None:
        self._entries[digest] = pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL)
        self._used.add(digest)
        self._dirty = True

    def save(self, prune: bool = True) -> None:
        """Write the cache if a parse is new. ``prune``: keep only the parses this board
        used (once every file is read; a staged load's first part keeps them all)."""
        if self.path is None or not self._dirty:
            return
        # lazy: loads on first use, not at start-up (docs/performance.md)
        from okrboard.files.atomic import atomic_write

        kept = {d: e for d, e in self._entries.items() if d in self._used or not prune}
        try:
            self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            data = pickle.dumps((_VERSION, kept), protocol=pickle.HIGHEST_PROTOCOL)
            atomic_write(self.path, data)
            os.chmod(self.path, 0o600)
        except OSError:
            return  # a read-only home: the next start parses again, nothing worse
        self._dirty = False
