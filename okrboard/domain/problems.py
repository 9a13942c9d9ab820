"""Problems found in a board's files, each naming file, line and key."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a board file.

    ``file`` is relative to the board's root, ``line`` is 1-based (None when the problem is
    about a whole file that has no lines, such as a missing file), and ``key`` is the dotted
    key path inside the file (empty for a file-level problem).
    """

    file: str
    line: int | None
    key: str
    message: str
    severity: str = "error"  # "error": the item is not usable as written; "warning": it is

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        key = f" {self.key}:" if self.key else ""
        return f"{where}:{key} {self.message}"

    def as_dict(self) -> dict:
        return asdict(self)


# One thing found while decoding or checking a file: (key path, message, severity).
Issue = tuple[tuple, str, str]  # (key path, message, severity)


class Issues(list[Issue]):
    """The issues of one file, with helpers to add them."""

    def error(self, path: tuple, message: str) -> None:
        self.append((path, message, "error"))

    def warning(self, path: tuple, message: str) -> None:
        self.append((path, message, "warning"))


def dotted(path: tuple) -> str:
    """A key path as TOML would write it: ``objectives.activation.key_results[2].date``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            text = part if bare_key(part) else _quoted(part)
            out += f".{text}" if out else text
    return out


def bare_key(key: str) -> bool:
    """Whether ``key`` is written without quotes in TOML."""
    return _BARE.fullmatch(key) is not None


_BARE = re.compile(r"[A-Za-z0-9_-]+")


def _quoted(key: str) -> str:
    import json  # only for a key that needs quotes

    return json.dumps(key, ensure_ascii=False)
