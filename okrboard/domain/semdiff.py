"""The semantic diff: what changed between two boards, by item and field, matched by id.

Used for history, diffs between revisions and quarters, commit messages and pull-request
descriptions. Items are compared through their plain form (``codec``), so a change is
reported exactly when the file's content for that item changed.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass
from typing import Any

from okrboard.domain import ids, schema
from okrboard.domain.model import Board, CheckIn, KeyResult
from okrboard.domain.schema import same
from okrboard.domain.text import count


@dataclass(frozen=True)
class Change:
    """One change. ``kind``: added, removed, changed, moved (a card's horizon), reparented
    (a tree node's parent), checkin (a check-in added) or uncheckin (one removed)."""

    kind: str
    what: str  # board, team, objective, key_result, theme, node
    ref: str  # the item's reference (``team:growth`` and ``board`` for those)
    label: str  # its title, for people
    field: str | None = None
    old: Any = None
    new: Any = None

    def as_dict(self) -> dict:
        return {k: _jsonable(v) for k, v in asdict(self).items()}


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    return value


def diff(old: Board, new: Board) -> list[Change]:
    """Every change from ``old`` to ``new``, in a stable order (by file, then item)."""
    changes: list[Change] = []
    changes += _fields(
        "board", "board", new.label, _plain(old, schema.BOARD), _plain(new, schema.BOARD)
    )
    changes += _items("team", "team:{}", old.teams, new.teams, schema.TEAM)
    for key in sorted(set(old.okrs) | set(new.okrs)):
        before, after = old.okrs.get(key), new.okrs.get(key)
        quarter, team = key
        objs_before = before.objectives if before else {}
        objs_after = after.objectives if after else {}
        for oid in _ordered(objs_before, objs_after):
            o_old, o_new = objs_before.get(oid), objs_after.get(oid)
            ref = ids.objective_ref(quarter, team, oid)
            changes += _item("objective", ref, o_old, o_new, schema.OBJECTIVE)
            krs_old = o_old.key_results if o_old else {}
            krs_new = o_new.key_results if o_new else {}
            for kid in _ordered(krs_old, krs_new):
                k_old, k_new = krs_old.get(kid), krs_new.get(kid)
                changes += _item(
                    "key_result", ids.child_ref(ref, kid), k_old, k_new, schema.KEY_RESULT
                )
                if k_old and k_new:
                    changes += _checkins(ids.child_ref(ref, kid), k_new.label, k_old, k_new)
    for team in sorted(set(old.roadmaps) | set(new.roadmaps)):
        themes_old = old.roadmaps[team].themes if team in old.roadmaps else {}
        themes_new = new.roadmaps[team].themes if team in new.roadmaps else {}
        for tid in _ordered(themes_old, themes_new):
            ref = ids.card_ref(team, tid)
            theme_old, theme_new = themes_old.get(tid), themes_new.get(tid)
            for change in _item("theme", ref, theme_old, theme_new, schema.THEME):
                moved = change.kind == "changed" and change.field == "horizon"
                changes.append(_replace(change, kind="moved") if moved else change)
    for tree_id in sorted(set(old.trees) | set(new.trees)):
        nodes_old = old.trees[tree_id].nodes if tree_id in old.trees else {}
        nodes_new = new.trees[tree_id].nodes if tree_id in new.trees else {}
        for nid in _ordered(nodes_old, nodes_new):
            ref = ids.node_ref(tree_id, nid)
            n_old, n_new = nodes_old.get(nid), nodes_new.get(nid)
            either = n_new or n_old
            table = schema.node_fields(either.type or "" if either else "")
            for change in _item("node", ref, n_old, n_new, table):
                moved = change.kind == "changed" and change.field == "parent"
                changes.append(_replace(change, kind="reparented") if moved else change)
    return changes


def _replace(change: Change, **fields) -> Change:
    return Change(**{**asdict(change), **fields})


def _ordered(before: dict, after: dict) -> list[str]:
    """Ids in ``after``'s order, then those only in ``before``."""
    return list(after) + [key for key in before if key not in after]


def _plain(item: Any, fields: tuple[schema.Field, ...]) -> dict:
    return schema.encode_fields(item, fields) if item is not None else {}


def _label(item: Any) -> str:
    return str(getattr(item, "label", None) or getattr(item, "id", ""))


def _items(what: str, pattern: str, before: dict, after: dict, fields) -> list[Change]:
    changes = []
    for key in _ordered(before, after):
        changes += _item(what, pattern.format(key), before.get(key), after.get(key), fields)
    return changes


def _item(what: str, ref: str, old: Any, new: Any, fields) -> list[Change]:
    if old is None and new is None:
        return []
    if old is None:
        return [Change("added", what, ref, _label(new))]
    if new is None:
        return [Change("removed", what, ref, _label(old))]
    return _fields(what, ref, _label(new), _plain(old, fields), _plain(new, fields))


def _fields(what: str, ref: str, label: str, before: dict, after: dict) -> list[Change]:
    changes = []
    for name in list(after) + [k for k in before if k not in after]:
        if name == "checkins":
            continue  # reported one by one
        old, new = before.get(name), after.get(name)
        if not same(old, new):
            changes.append(Change("changed", what, ref, label, name, old, new))
    return changes


def _checkin_key(checkin: CheckIn) -> str:
    return json.dumps(schema.encode_fields(checkin, schema.CHECKIN), sort_keys=True, default=str)


def _checkins(ref: str, label: str, old: KeyResult, new: KeyResult) -> list[Change]:
    before = [_checkin_key(c) for c in old.checkins or ()]
    changes = []
    for checkin in new.checkins or ():
        key = _checkin_key(checkin)
        if key in before:
            before.remove(key)
        else:
            changes.append(
                Change(
                    "checkin",
                    "key_result",
                    ref,
                    label,
                    "checkins",
                    None,
                    schema.encode_fields(checkin, schema.CHECKIN),
                )
            )
    for key in before:
        changes.append(
            Change("uncheckin", "key_result", ref, label, "checkins", json.loads(key), None)
        )
    return changes


# -- rendering -----------------------------------------------------------------------------


def with_unit(value, unit: str | None) -> str:
    """``41%``, ``6.1 min``: a value and its unit."""
    text = show_value(value)
    if not unit or value is None:
        return text
    return f"{text}{unit}" if unit == "%" else f"{text} {unit}"


def show_value(value: Any) -> str:
    """A value as a person reads it: no quotes, floats without trailing zeros."""
    if isinstance(value, dict):
        return ", ".join(f"{k} {show_value(v)}" for k, v in value.items())
    if isinstance(value, list):
        return "[" + ", ".join(show_value(v) for v in value) + "]"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, str) and "\n" in value.strip():  # one line: the first, and how many more
        first, *rest = value.strip().split("\n")
        return f"{first} … (+{count(len(rest), 'line')})"
    return "—" if value is None else str(value)


def describe(change: Change) -> str:
    """One line for a person: ``target 45 -> 50``, ``moved next -> now``."""
    if change.kind == "added":
        return f"added {change.what.replace('_', ' ')} “{change.label}”"
    if change.kind == "removed":
        return f"removed {change.what.replace('_', ' ')} “{change.label}”"
    if change.kind == "checkin":
        return f"check-in {show_value(change.new)}"
    if change.kind == "uncheckin":
        return f"check-in removed: {show_value(change.old)}"
    if change.kind == "moved":
        return f"moved {change.old} -> {change.new}"
    if change.kind == "reparented":
        return f"moved under {change.new or 'the top'} (was {change.old or 'the top'})"
    return f"{change.field} {show_value(change.old)} -> {show_value(change.new)}"


def as_text(changes: list[Change]) -> str:
    return "\n".join(f"{c.ref}: {describe(c)}" for c in changes) + ("\n" if changes else "")


def as_markdown(changes: list[Change], title: str = "Changes") -> str:
    """A pull-request description: changes grouped by item, items by area."""
    if not changes:
        return f"## {title}\n\nNo changes.\n"
    lines = [f"## {title}", ""]
    current = None
    for change in changes:
        if change.ref != current:
            current = change.ref
            lines.append(f"- **{change.label}** (`{change.ref}`)")
        lines.append(f"  - {describe(change)}")
    return "\n".join(lines) + "\n"
