"""The part of a TOML file that can hold one item, found without parsing the file.

Walking an item's history, most versions of its file differ only in other items. Parsing
every version is what makes a long history slow; comparing the few lines that can hold the
item is nearly free. ``item_text`` returns those lines (the sections of the item, of what
lies below it, and of its ancestors, whose dotted keys could reach into it), or None when
the file is not simple enough to be sure: then the caller parses the whole file.

"Simple enough" means every line that starts with ``[`` is certainly a table header:
there are no multi-line strings, every header is made of bare keys, and the line before a
header (blank lines and comment lines aside) neither ends with ``,`` or ``[`` nor holds a
``#`` (inside a multi-line array, the line before an element always does one of these).

``table_span`` finds the lines of one table for a save (``store``), by the same rule.
"""

from __future__ import annotations

import re

from okrboard.domain.cache import memoized

_CANDIDATE = re.compile(r"^[ \t]*\[", re.MULTILINE)
_KEY = r"[A-Za-z0-9_-]+"
_HEADER = re.compile(
    rf"[ \t]*\[(\[?)[ \t]*({_KEY}(?:[ \t]*\.[ \t]*{_KEY})*)[ \t]*\](\]?)[ \t]*(?:#.*)?\r?"
)


def item_text(text: str, path: tuple[str, ...]) -> str | None:
    """The sections of ``text`` that can hold the table at ``path``, in file order; None
    when that cannot be told without parsing."""
    headers = _headers(text)
    if headers is None:
        return None
    ends = [start for start, _ in headers] + [len(text)]
    pieces = [text[: ends[0]]]  # the root table, above the first header
    for (start, keys), end in zip(headers, ends[1:], strict=True):
        depth = min(len(keys), len(path))
        if keys[:depth] == path[:depth]:  # an ancestor, the item itself, or below it
            pieces.append(text[start:end])
    return "".join(pieces)


def table_span(text: str, path: tuple[str, ...]) -> tuple[int, int] | None:
    """Where the table at ``path`` is written, as ``text[start:end]``: its own section and
    the sections of its sub-tables right after it. None when the file is not simple
    enough, the table has no header of its own, or a sub-table is written elsewhere."""
    headers = _headers(text)
    if headers is None:
        return None
    inside = [keys[: len(path)] == path for _, keys in headers]
    first = next((i for i, (_, keys) in enumerate(headers) if keys == path), None)
    if first is None:
        return None
    last = first
    while last + 1 < len(headers) and inside[last + 1]:
        last += 1
    if any(inside[:first] + inside[last + 1 :]):
        return None
    end = headers[last + 1][0] if last + 1 < len(headers) else len(text)
    return headers[first][0], end


@memoized(maxsize=4)  # a save finds each of a file's edited tables in one text
def _headers(text: str) -> tuple[tuple[int, tuple[str, ...]], ...] | None:
    """Each table header's offset and keys; None when a line starting with ``[`` might not
    be a header (see the module docstring)."""
    if '"""' in text or "'''" in text:
        return None
    headers: list[tuple[int, tuple[str, ...]]] = []
    for match in _CANDIDATE.finditer(text):
        start = match.start()
        end = text.find("\n", start)
        header = _HEADER.fullmatch(text, start, len(text) if end < 0 else end)
        if header is None or header[1] != header[3] or not _after_a_value(text, start):
            return None
        headers.append((start, tuple(key.strip() for key in header[2].split("."))))
    return tuple(headers)


def _after_a_value(text: str, start: int) -> bool:
    """Whether the line before ``start`` (blank lines and comment lines aside) ends a
    value, as the line before a header must; inside a multi-line array it could not."""
    while start > 0:
        end = start - 1  # the newline ending the line before
        begin = text.rfind("\n", 0, end) + 1
        line = text[begin:end].strip()
        if line and not line.startswith("#"):
            return "#" not in line and not line.endswith((",", "["))
        start = begin
    return True
