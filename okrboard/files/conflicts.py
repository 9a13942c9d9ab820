"""Merge conflicts recorded in a board file, and their resolution (no textual).

When two branches set one field to two values, okrboard's merge driver keeps the file
valid TOML: the field holds our value and a ``[[conflicts]]`` entry records the key path
and each side's value (a side without the key has none)::

    [[conflicts]]
    path = ["objectives", "activation", "key_results", "time-to-value", "target"]
    base = 5
    ours = 4
    theirs = 4.5

``okrboard check`` reports each entry as an error at the field's line; the TUI resolves
it (ours, theirs, or a value typed), which sets the field and deletes the entry.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

KEY = "conflicts"
SIDES = ("base", "ours", "theirs")
ITEM_TABLES = ("objectives", "key_results", "themes", "nodes", "kpis", "teams")  # keyed by id
NOUNS = dict(
    zip(ITEM_TABLES, ("objective", "key result", "card", "node", "KPI", "team"), strict=True)
)


class _Missing:
    """A side of a conflict where the key is absent (deleted, or never there)."""

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()


@dataclass(frozen=True)
class Conflict:
    """One field (or whole item) set differently on the two sides of a merge."""

    path: tuple[str, ...]
    base: Any = MISSING
    ours: Any = MISSING
    theirs: Any = MISSING
    rel: str = ""
    index: int = 0  # its place in the file's [[conflicts]]
    named: str = ""  # the item and field as a PM knows them (``named``), "" if unknown

    def record(self) -> dict[str, Any]:
        """The entry written to the file: the path and each side that has a value."""
        out: dict[str, Any] = {"path": list(self.path)}
        for side in SIDES:
            if (value := getattr(self, side)) is not MISSING:
                out[side] = value
        return out

    def message(self) -> str:
        if self.path[-1:] == ("checkins",) and (clash := same_day(self.ours, self.theirs)):
            day, mine, other = clash
            return (
                f"merge conflict: two check-ins on {day}: {show(mine)} here, {show(other)} on "
                "the other branch (one a day); resolve it in okrboard, or keep one and "
                f"delete this [[{KEY}]] entry"
            )
        return (
            f"merge conflict: {show(self.ours)} here, {show(self.theirs)} on the other "
            f"branch (was {show(self.base)}); resolve it in okrboard, or set the value and "
            f"delete this [[{KEY}]] entry"
        )


def show(value: Any, width: int = 60) -> str:
    """A side's value in a message: 'absent' for no value, an item by its title."""
    # lazy: loads on first use, not at start-up (docs/performance.md)
    from okrboard.domain.valuetext import show_value

    if value is MISSING:
        return "absent"
    if isinstance(value, dict):
        title = value.get("title")
        return f"the item “{title}”" if isinstance(title, str) else "the item"
    text = show_value(value)
    text = repr(text) if isinstance(value, str) else text
    return text if len(text) <= width else text[: width - 1] + "…"


def parse(value: Any, rel: str = "") -> tuple[list[Conflict], list[tuple[tuple, str]]]:
    """The conflicts of a file's ``conflicts`` value, and ``(key path, message)`` for each
    entry that is malformed."""
    found: list[Conflict] = []
    bad: list[tuple[tuple, str]] = []
    if not isinstance(value, list):
        return found, [((KEY,), f"expected [[{KEY}]] entries written by okrboard's merge")]
    for index, entry in enumerate(value):
        path = entry.get("path") if isinstance(entry, dict) else None
        if not (isinstance(path, list) and path and all(isinstance(p, str) for p in path)):
            bad.append(((KEY, index), 'a conflict entry needs path = ["table", …, "key"]'))
            continue
        sides = {side: entry[side] for side in SIDES if side in entry}
        found.append(Conflict(tuple(path), **sides, rel=rel, index=index))
    return found, bad


def recorded(board: Any) -> list[Conflict]:
    """Every conflict recorded in the board's files, file by file, each named."""
    # lazy: loads on first use, not at start-up (docs/performance.md)
    from okrboard.files import toml

    found: list[Conflict] = []
    for rel, source in sorted(board.sources.items()):
        if source.conflicts:
            document = toml.loads(source.text)
            found += [
                replace(c, named=named(document, c.path)) for c in parse(document.get(KEY), rel)[0]
            ]
    return found


def named(document: Any, path: tuple[str, ...]) -> str:
    """The item a conflict's path is in, by its title, and the field by its label:
    ``key result “Cut support load” · Target``; "" when the path names no item."""
    # lazy: loads on first use, not at start-up (docs/performance.md)
    from okrboard.domain.fieldtext import label

    item, rest, node = "", path, document
    for i, key in enumerate(path[:-1]):
        node = node.get(key) if isinstance(node, dict) else None
        if not isinstance(node, dict):
            break
        if key in NOUNS and isinstance(entry := node.get(path[i + 1]), dict):
            title = entry.get("title") or entry.get("name") or path[i + 1]
            item, rest = f"{NOUNS[key]} “{title}”", path[i + 2 :]
    if not item:
        return ""
    return f"{item} · {label(rest[0])}" if len(rest) == 1 else item


def same_day(ours: Any, theirs: Any) -> tuple[str, Any, Any] | None:
    """The first day on which two lists of check-ins hold different values: ``(day, our
    value, their value)``; None when there is none (or they are not lists)."""
    if not (isinstance(ours, list) and isinstance(theirs, list)):
        return None

    def by_day(checkins: list) -> dict[str, Any]:
        return {str(c.get("date")): c.get("value") for c in checkins if isinstance(c, dict)}

    mine, other = by_day(ours), by_day(theirs)
    for day in sorted(mine.keys() & other.keys()):
        if mine[day] != other[day]:
            return day, mine[day], other[day]
    return None
