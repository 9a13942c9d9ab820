"""Reading TOML: one parser for every file okrboard reads, compiled (toml-rs, a Rust
parser), strict TOML 1.0 so that what okrboard accepts is what its writer (tomlkit) can
edit: every invalid file of the toml-test corpus is rejected, with its line.

Parsing the 50-team board's 551 files takes a tenth of what ``tomllib`` (pure Python)
takes, which is why there is no parse cache any more (docs/performance.md).
"""

from __future__ import annotations

import re
from typing import Any, Literal

import toml_rs

# Strict TOML 1.0: 1.1's forms (newlines in inline tables, "\\e" …) tomlkit cannot write.
VERSION: Literal["1.0.0"] = "1.0.0"
_AT = re.compile(r"at line (\d+), column (\d+)")


class TomlError(ValueError):
    """A syntax error, with where it is: ``line`` and ``column`` (1-based)."""

    def __init__(self, message: str, line: int | None, column: int | None) -> None:
        super().__init__(message)
        self.message, self.line, self.column = message, line, column


def loads(text: str) -> dict[str, Any]:
    """The TOML document ``text`` as plain Python values (as ``tomllib`` gives them);
    TomlError for one that is not TOML 1.0."""
    try:
        return toml_rs.loads(text, toml_version=VERSION)
    except toml_rs.TOMLDecodeError as exc:
        raise _error(str(exc)) from None


def _error(said: str) -> TomlError:
    """toml-rs says ``TOML parse error at line 2, column 5``, the line with a caret under
    the column, then why: keep the position and the why."""
    match = _AT.search(said)
    lines = [line for line in said.splitlines() if line.strip()]
    why = [line for line in lines[1:] if not re.match(r"^\s*\d*\s*\|", line)]
    message = " ".join(why).strip() or lines[0] if lines else "not TOML"
    if match is None:
        return TomlError(message, None, None)
    return TomlError(message, int(match[1]), int(match[2]))
