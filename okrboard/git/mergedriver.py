"""Three-way merge of board files by item id and field: okrboard's git merge driver.

git merges text line by line, so two people editing neighbouring lines of one file (two
check-ins on one KR, a field each of one card) conflict although nothing contradicts.
Board files are tables keyed by id with one field per line, so they merge as data:

- an item or field changed on one side only takes that side's value;
- items added on both sides are both kept; a table changed on both sides merges key by key;
- lists of references, tags and links merge as sets (additions and removals of each side);
- check-ins merge as sets too, both sides' new ones kept, ordered by date; a KR's
  ``current`` and ``confidence`` then follow the newest check-in, as a check-in sets them;
  two different check-ins added on one day are a conflict (one check-in a day);
- anything else changed on both sides to different values is a true conflict: our value
  stays in place and a ``[[conflicts]]`` entry records all three (see ``conflicts``).

The result is written into our file's text with the fewest line changes, so comments and
layout survive.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

from okrboard.domain.problems import dotted
from okrboard.domain.schema import same
from okrboard.files import toml
from okrboard.files.atomic import atomic_write
from okrboard.files.conflicts import ITEM_TABLES, KEY, MISSING, Conflict
from okrboard.files.store import inline_fields, new_item, render, value_key
from okrboard.git.runner import git_bytes

SET_LISTS = ("checkins", KEY)  # lists of tables that merge as sets, besides lists of strings


class NotToml(ValueError):
    """A side of the merge is not TOML (or not UTF-8): git's line merge must do."""


def merge_texts(base: str, ours: str, theirs: str) -> tuple[str, list[Conflict]]:
    """The merged text (``ours`` edited) and the true conflicts recorded in it."""
    plain = {}
    for side, text in (("base", base), ("ours", ours), ("theirs", theirs)):
        try:
            plain[side] = toml.loads(text)
        except toml.TomlError as exc:
            raise NotToml(f"{side}: {exc}") from None
    conflicts: list[Conflict] = []
    merged = merge_values(plain["base"], plain["ours"], plain["theirs"], (), conflicts)
    if not conflicts and same(merged, plain["ours"]):
        return ours, []
    records = [*merged.pop(KEY, []), *(c.record() for c in conflicts)]
    return _render(ours, merged, records), conflicts


def _render(ours: str, merged: dict, records: list[dict]) -> str:
    # lazy: tomlkit loads on the first write, never at start-up
    import tomlkit

    doc = tomlkit.parse(render(ours, inline_fields(merged)))
    if records:
        entries = tomlkit.aot()
        for record in records:
            table = tomlkit.table()
            for key, value in record.items():
                table[key] = new_item(value, nested=True)
            entries.append(table)
        doc[KEY] = entries
    return doc.as_string()


def merge_values(base: Any, ours: Any, theirs: Any, path: tuple, conflicts: list) -> Any:
    """The merge of one value (MISSING: absent); true conflicts are appended to
    ``conflicts`` and take our value."""
    if same(ours, theirs):  # MISSING is only the same as MISSING
        return ours
    if same(base, ours):
        return theirs
    if same(base, theirs):
        return ours
    sides = (base, ours, theirs)
    if path[-1:] and path[-1] in ITEM_TABLES and all(_table_or_missing(v) for v in sides):
        # A collection left empty is dropped by the writer: its items were deleted.
        b, o, t = (v if isinstance(v, dict) else {} for v in sides)
        merged = _merge_tables(b, o, t, path, conflicts)
        return merged or MISSING
    if isinstance(ours, dict) and isinstance(theirs, dict) and not isinstance(base, list):
        return _merge_tables(base if isinstance(base, dict) else {}, ours, theirs, path, conflicts)
    if _is_set(path, base, ours, theirs):
        kept = _merge_sets(base if isinstance(base, list) else [], ours, theirs, path)
        return _one_a_day(kept, base, ours, path, conflicts) if path[-1] == "checkins" else kept
    conflicts.append(Conflict(path, base, ours, theirs))
    return ours


def _one_a_day(merged: list, base: Any, ours: list, path: tuple, conflicts: list) -> list:
    """Merged check-ins, one a day: when both sides added a different check-in on one day,
    ours stays and a conflict offers theirs (each with every other check-in merged)."""
    old = {value_key(v) for v in base} if isinstance(base, list) else set()
    mine = {value_key(v) for v in ours}
    added = [v for v in merged if isinstance(v, dict) and value_key(v) not in old]
    days = [_date(v) for v in added]
    clash = {day for day in days if day is not None and days.count(day) > 1}
    if not clash:
        return merged

    def without(side_keys_kept: bool) -> list:
        return [
            v
            for v in merged
            if not (v in added and _date(v) in clash and (value_key(v) in mine) != side_keys_kept)
        ]

    kept, offered = without(True), without(False)
    conflicts.append(Conflict(path, base, kept, offered))
    return kept


def _table_or_missing(value: Any) -> bool:
    return value is MISSING or isinstance(value, dict)


def _merge_tables(base: dict, ours: dict, theirs: dict, path: tuple, conflicts: list) -> dict:
    found: list[Conflict] = []
    out = {}
    for key in [*ours, *(k for k in theirs if k not in ours)]:
        value = merge_values(
            base.get(key, MISSING), ours.get(key, MISSING), theirs.get(key, MISSING),
            (*path, key), found,
        )  # fmt: skip
        if value is not MISSING:
            out[key] = value
    for conflict in [c for c in found if c.path[:-1] == path]:
        if (value := _follows_checkins(conflict, out, ours, theirs)) is not MISSING:
            out[conflict.path[-1]] = value
            found.remove(conflict)
    conflicts += found
    if path[-2:-1] == ("key_results",):
        follow_checkins(out)
    return out


# A KR's current value and confidence follow its newest check-in (edits.add_checkin).
FOLLOWS = {"current": "value", "confidence": "confidence"}


def _follows_checkins(conflict: Conflict, merged: dict, ours: dict, theirs: dict) -> Any:
    """The merged value of ``current`` or ``confidence`` when both sides only followed
    their own newest check-in; MISSING when it is a true conflict."""
    field = FOLLOWS.get(conflict.path[-1])
    if field is None or not isinstance(merged.get("checkins"), list):
        return MISSING
    for side, value in ((ours, conflict.ours), (theirs, conflict.theirs)):
        if _newest(side.get("checkins")).get(field, MISSING) != value:
            return MISSING
    return _newest(merged["checkins"]).get(field, MISSING)


def follow_checkins(kr: dict) -> None:
    """Set a merged KR's ``current`` and ``confidence`` from its newest check-in, as a
    check-in sets them, whatever each side touched: a merge, rebase or cherry-pick may
    bring a newer check-in from one side and the other side's value (the one-value rule,
    docs/format.md)."""
    newest = _newest(kr.get("checkins"))
    for field, key in FOLLOWS.items():
        if key in newest and (field in kr or field == "current"):
            kr[field] = newest[key]


def _newest(checkins: Any) -> dict:
    """The check-in with the latest date (the later in the list on a tie), or {}."""
    dated = [c for c in checkins or [] if isinstance(c, dict) and _date(c) is not None]
    return sorted(dated, key=lambda c: _date(c) or dt.date.min)[-1] if dated else {}


def _date(checkin: dict) -> dt.date | None:
    value = checkin.get("date")
    return value if isinstance(value, dt.date) and not isinstance(value, dt.datetime) else None


def _is_set(path: tuple, *sides: Any) -> bool:
    lists = [s for s in sides if s is not MISSING]
    if not all(isinstance(s, list) for s in lists) or len(lists) < 2 or path[-1:] == ():
        return False
    if path[-1] in SET_LISTS:
        return True
    return all(isinstance(v, str) for s in lists for v in s)


def _merge_sets(base: list, ours: list, theirs: list, path: tuple) -> list:
    """Our list without what theirs removed, plus what theirs added (check-ins placed by
    date, other values at the end)."""
    base_keys = {value_key(v) for v in base}
    theirs_keys = {value_key(v) for v in theirs}
    out = [v for v in ours if value_key(v) in theirs_keys or value_key(v) not in base_keys]
    seen = {value_key(v) for v in out} | {value_key(v) for v in ours}
    for value in theirs:
        key = value_key(value)
        if key in seen or key in base_keys:
            continue
        seen.add(key)
        date = _date(value) if isinstance(value, dict) and path[-1] == "checkins" else None
        if date is None:
            out.append(value)
            continue
        at = len(out)
        while at > 0 and not (
            isinstance(out[at - 1], dict) and (_date(out[at - 1]) or date) <= date
        ):
            at -= 1
        out.insert(at, value)
    return out


# -- the git merge driver ----------------------------------------------------------------------


def driver(base: Path, ours: Path, theirs: Path, name: str) -> int:
    """``okrboard merge-driver %O %A %B %P``: merge into ``ours``; 0 clean, 1 conflicts.

    A side that is not TOML (a file mid-edit, or not a board file at all) is merged by
    git's own line merge instead, with the usual conflict markers: never worse than git.
    """
    try:
        texts = [path.read_bytes().decode("utf-8") for path in (base, ours, theirs)]
        merged, conflicts = merge_texts(*texts)
    except (UnicodeDecodeError, NotToml) as exc:
        print(f"okrboard: {name}: merged line by line ({exc})", file=sys.stderr)
        return _line_merge(base, ours, theirs)
    if merged != texts[1]:
        atomic_write(ours, merged.encode("utf-8"))
    for conflict in conflicts:
        print(f"okrboard: {name}: {dotted(conflict.path)}: {conflict.message()}", file=sys.stderr)
    return 1 if conflicts else 0


def _line_merge(base: Path, ours: Path, theirs: Path) -> int:
    labels = ["-L", "ours", "-L", "base", "-L", "theirs"]
    done = git_bytes(ours.parent, "merge-file", *labels, str(ours), str(base), str(theirs))
    return 0 if done.returncode == 0 else 1
