"""Find the line of a key path in TOML text, for messages that name file, line and key.

The parser gives no positions, so this scans the text once, cheaply, only when a problem
needs a line. It understands what board files use: table headers, ``key = value`` lines,
multi-line strings, and multi-line arrays of inline tables (one check-in per line).
"""

from __future__ import annotations

import re

_BARE = re.compile(r"[A-Za-z0-9_-]+")
_HEADER = re.compile(r"\s*(\[\[?)")


def _keys(text: str, pos: int) -> tuple[list[str], int] | None:
    """Parse a dotted key at ``pos``; return the parts and the position after it."""
    parts: list[str] = []
    while True:
        while pos < len(text) and text[pos] in " \t":
            pos += 1
        if pos < len(text) and text[pos] in "\"'":
            quote = text[pos]
            end = pos + 1
            while end < len(text) and text[end] != quote:
                end += 2 if quote == '"' and text[end] == "\\" else 1
            if end >= len(text):
                return None
            raw = text[pos + 1 : end]
            parts.append(_unescape(raw) if quote == '"' else raw)
            pos = end + 1
        else:
            match = _BARE.match(text, pos)
            if not match:
                return None
            parts.append(match.group())
            pos = match.end()
        while pos < len(text) and text[pos] in " \t":
            pos += 1
        if pos < len(text) and text[pos] == ".":
            pos += 1
            continue
        return parts, pos


def _unescape(raw: str) -> str:
    try:
        return raw.encode("latin-1", "backslashreplace").decode("unicode_escape")
    except UnicodeDecodeError:
        return raw


def key_lines(text: str) -> dict[tuple, int]:
    """Map each key path found in ``text`` to its 1-based line.

    Elements of a multi-line array get the path ``(..., "checkins", 0)``; keys inside an
    inline table on such a line map to the same line.
    """
    lines: dict[tuple, int] = {}
    table: tuple = ()
    array: tuple | None = None  # the path of the multi-line array we are inside
    index = 0
    closing: str | None = None  # the closing quotes of a multi-line string we are inside
    aot_counts: dict[tuple, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if closing:
            if closing in line:
                closing = None
            continue
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if array is not None:
            if stripped.startswith("]"):
                array = None
                continue
            if stripped.startswith("{"):
                path = (*array, index)
                lines.setdefault(path, number)
                for key in re.findall(r"([A-Za-z0-9_-]+)\s*=", stripped):
                    lines.setdefault((*path, key), number)
                index += 1
            continue
        header = _HEADER.match(line)
        if header:
            parsed = _keys(line, header.end())
            if parsed:
                table = tuple(parsed[0])
                if header.group(1) == "[[":
                    count = aot_counts.get(table, 0)
                    aot_counts[table] = count + 1
                    table = (*table, count)
                lines.setdefault(table, number)
            continue
        parsed = _keys(line, 0)
        if not parsed or parsed[1] >= len(line) or line[parsed[1]] != "=":
            continue
        path = (*table, *parsed[0])
        lines.setdefault(path, number)
        value = line[parsed[1] + 1 :].strip()
        for quotes in ('"""', "'''"):
            if value.startswith(quotes) and value.count(quotes) == 1:
                closing = quotes
        if value.startswith("[") and not _without_comment(value).endswith("]"):
            array, index = path, 0
    return lines


def _without_comment(value: str) -> str:
    """``value`` less a trailing comment (one that follows the last closing bracket)."""
    hash_at = value.rfind("#")
    return value[:hash_at].rstrip() if hash_at > value.rfind("]") else value


def line_of(lines: dict[tuple, int], path: tuple) -> int | None:
    """The line of ``path``, or of its nearest enclosing key or table that has one."""
    while path:
        if path in lines:
            return lines[path]
        path = path[:-1]
    return None
