"""The semantic diff: what changed between two boards, by item and field, matched by id.

Used for history, diffs between revisions and quarters, commit messages and pull-request
descriptions. Items are compared through their plain form (``codec``), so a change is
reported exactly when the file's content for that item changed.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Collection
from dataclasses import asdict, dataclass
from typing import Any, Literal

from okrboard.domain import fieldtext, ids, schema, scoring
from okrboard.domain.model import Board, CheckIn, KeyResult, Kpi, Objective, Review, Team
from okrboard.domain.schema import same
from okrboard.domain.text import count
from okrboard.domain.valuetext import band_text, show_value, with_unit

# A key result's fields that hold its numbers: shown with its unit.
NUMBERS = ("baseline", "target", "current", "stretch", "band")


ChangeKind = Literal[
    "added", "removed", "changed", "moved", "reparented", "checkin", "uncheckin", "progress",
    "reordered",
]  # fmt: skip
ChangeWhat = Literal["board", "team", "objective", "key_result", "theme", "node", "kpi"]


@dataclass(frozen=True)
class Change:
    """One change. ``kind``: added, removed, changed, moved (a card's horizon), reparented
    (a tree node's parent), checkin (a check-in added), uncheckin (one removed), progress
    (a changed KR's progress and status, before and after) or reordered (items of one
    list in a new order; ``ref`` is the list's owner, ``old`` and ``new`` the titles).

    Noise is folded: a KR's ``current`` and ``confidence`` set by a check-in show as that
    check-in, and ranks as one ``reordered`` per list whose order changed."""

    kind: ChangeKind
    what: ChangeWhat
    ref: str  # the item's reference (``team:growth`` and ``board`` for those)
    label: str  # its title, for people
    field: str | None = None
    old: Any = None
    new: Any = None
    unit: str | None = None  # a key result's unit, for its numbers

    def as_dict(self) -> dict:
        return {k: _jsonable(v) for k, v in asdict(self).items()} | {"text": describe(self)}


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    return value


def diff(
    old: Board,
    new: Board,
    days: tuple[dt.date, dt.date] | None = None,
    whole: Board | None = None,
    skip: Collection[str] = (),
) -> list[Change]:
    """Every change from ``old`` to ``new``, in a stable order (by file, then item).
    ``days``: the days the two are judged as of, for each changed KR's status. ``whole``:
    the board ``new`` is a part of (only the files that changed), where the title of an
    item carried from another quarter is found. ``skip``: files not compared, as one of
    the two could not read them (their items are unknown there, not removed or added)."""
    changes: list[Change] = []
    if ids.BOARD_FILE not in skip:
        changes += _fields(
            "board", "board", new.label, _plain(old, schema.BOARD), _plain(new, schema.BOARD)
        )
        changes += _items("team", "team:{}", old.teams, new.teams, schema.TEAM)
    titles = _titles(old) | _titles(whole or new)  # what a carried item was carried from
    for key in sorted(set(old.okrs) | set(new.okrs)):
        if ids.okr_file(*key) in skip:
            continue
        before, after = old.okrs.get(key), new.okrs.get(key)
        quarter, team = key
        objs_before = before.objectives if before else {}
        objs_after = after.objectives if after else {}
        reviews = [tq.review if tq and tq.review else Review() for tq in (before, after)]
        label = f"{(new.teams.get(team) or old.teams.get(team) or Team(team)).label}, {quarter}"
        was, now = (_plain(r, schema.REVIEW) for r in reviews)
        changes += _fields("team", f"{quarter}/{team}", label, was, now)
        changes += _reordered(
            "objective", f"{quarter}/{team}", "objectives", objs_before, objs_after
        )
        for oid in _ordered(objs_before, objs_after):
            o_old, o_new = objs_before.get(oid), objs_after.get(oid)
            ref = ids.objective_ref(quarter, team, oid)
            changes += _item("objective", ref, o_old, o_new, schema.OBJECTIVE, titles)
            krs_old = o_old.key_results if o_old else {}
            krs_new = o_new.key_results if o_new else {}
            changes += _reordered("key_result", ref, "key results", krs_old, krs_new)
            for kid in _ordered(krs_old, krs_new):
                k_old, k_new = krs_old.get(kid), krs_new.get(kid)
                kref = ids.child_ref(ref, kid)
                found = _item("key_result", kref, k_old, k_new, schema.KEY_RESULT, titles)
                if k_old and k_new:
                    found = _fold(found, _checkins(kref, k_old, k_new))
                    if found:
                        pair = (old.settings, new.settings)
                        found += _progress(kref, quarter, k_old, k_new, days, pair)
                changes += found
    for team in sorted(set(old.roadmaps) | set(new.roadmaps)):
        if ids.roadmap_file(team) in skip:
            continue
        themes_old = old.roadmaps[team].themes if team in old.roadmaps else {}
        themes_new = new.roadmaps[team].themes if team in new.roadmaps else {}
        for horizon in schema.HORIZONS:
            changes += _reordered(
                "theme",
                f"roadmap/{team}",
                horizon,
                {k: t for k, t in themes_old.items() if t.horizon == horizon},
                {k: t for k, t in themes_new.items() if t.horizon == horizon},
            )
        for tid in _ordered(themes_old, themes_new):
            ref = ids.card_ref(team, tid)
            theme_old, theme_new = themes_old.get(tid), themes_new.get(tid)
            for change in _item("theme", ref, theme_old, theme_new, schema.THEME):
                moved = change.kind == "changed" and change.field == "horizon"
                changes.append(replace(change, kind="moved") if moved else change)
    for team in sorted(set(old.kpis) | set(new.kpis)):
        if ids.kpi_file(team) in skip:
            continue
        kpis_old = old.kpis[team].kpis if team in old.kpis else {}
        kpis_new = new.kpis[team].kpis if team in new.kpis else {}
        changes += _reordered("kpi", f"kpi/{team}", "KPIs", kpis_old, kpis_new)
        for kid in _ordered(kpis_old, kpis_new):
            ref = ids.kpi_ref(team, kid)
            found = _item("kpi", ref, kpis_old.get(kid), kpis_new.get(kid), schema.KPI)
            if kid in kpis_old and kid in kpis_new:
                found += _checkins(ref, kpis_old[kid], kpis_new[kid], "kpi")
            changes += found
    for tree_id in sorted(set(old.trees) | set(new.trees)):
        if ids.tree_file(tree_id) in skip:
            continue
        nodes_old = old.trees[tree_id].nodes if tree_id in old.trees else {}
        nodes_new = new.trees[tree_id].nodes if tree_id in new.trees else {}
        changes += _reordered("node", f"tree/{tree_id}", "nodes", nodes_old, nodes_new)
        for nid in _ordered(nodes_old, nodes_new):
            ref = ids.node_ref(tree_id, nid)
            n_old, n_new = nodes_old.get(nid), nodes_new.get(nid)
            either = n_new or n_old
            table = schema.node_fields(either.type or "" if either else "")
            for change in _item("node", ref, n_old, n_new, table):
                moved = change.kind == "changed" and change.field == "parent"
                changes.append(replace(change, kind="reparented") if moved else change)
    return changes


def without_cards(changes: list[Change], cards: dict[str, str]) -> list[Change]:
    """``changes`` without any that name one of ``cards`` (reference -> title, the
    internal ones for a public view): the cards' own changes, and their titles in a
    column's new order."""
    titles = set(cards.values())
    kept = []
    for change in changes:
        if change.ref in cards:
            continue
        if change.kind == "reordered" and change.what == "theme":
            old = [t for t in change.old or () if t not in titles]
            new = [t for t in change.new or () if t not in titles]
            if old == new:
                continue
            change = replace(change, old=old, new=new)
        kept.append(change)
    return kept


def made(changes: list[Change]) -> int:
    """How many changes someone made: a KR's progress follows from them, not counted."""
    return sum(c.kind != "progress" for c in changes)


def _titles(board: Board) -> dict[str, str]:
    """Every objective's and KR's title, by reference."""
    titles = {ref: kr.label for ref, _, kr in board.iter_key_results()}
    for (quarter, team), tq in board.okrs.items():
        titles |= {ids.objective_ref(quarter, team, i): o.label for i, o in tq.objectives.items()}
    return titles


def _reordered(what: ChangeWhat, ref: str, where: str, before: dict, after: dict) -> list[Change]:
    """One change when the items in both ``before`` and ``after`` stand in a new order by
    rank (ranks renumbered around an added item are not a reorder)."""
    common = [key for key in after if key in before]

    def order(items: dict) -> list[str]:
        return sorted(common, key=lambda k: (_rank(items[k]), k))

    if order(before) == order(after):
        return []
    titles = [_label(after[k]) for k in order(after)]
    return [
        Change(
            "reordered",
            what,
            ref,
            where,
            "rank",
            [_label(before[k]) for k in order(before)],
            titles,
        )
    ]


def _rank(item: Any) -> float:
    rank = getattr(item, "rank", None)
    return rank if isinstance(rank, int | float) else float("inf")


def _fold(changes: list[Change], checkins: list[Change]) -> list[Change]:
    """A KR's field changes and check-ins, with ``current`` and ``confidence`` left out
    when the newest check-in set them (the check-in line says it)."""
    added = [c.new for c in checkins if c.kind == "checkin"]
    if not added:
        return changes + checkins
    newest = max(added, key=lambda c: str(c.get("date")))
    told = {"current": newest.get("value"), "confidence": newest.get("confidence")}
    kept = [
        c for c in changes
        if not (c.kind == "changed" and c.field in told and same(c.new, told[c.field]))
    ]  # fmt: skip
    return kept + checkins


def _progress(
    ref: str,
    quarter: str,
    old: KeyResult,
    new: KeyResult,
    days: tuple[dt.date, dt.date] | None,
    settings: tuple[Any, Any],
) -> list[Change]:
    """A changed KR's progress (and, with ``days``, status) before and after, when either
    moved."""
    before: dict[str, Any] = {"progress": scoring.progress(old)}
    after: dict[str, Any] = {"progress": scoring.progress(new)}
    if days is not None:
        for side, kr, day, chosen in (
            (before, old, days[0], settings[0]),
            (after, new, days[1], settings[1]),
        ):
            side["status"] = scoring.status(kr, quarter, day, chosen).value
    if before == after or (before["progress"] is None and after["progress"] is None):
        return []
    return [Change("progress", "key_result", ref, new.label, "progress", before, after)]


def replace(change: Change, **fields: Any) -> Change:
    return Change(**{**asdict(change), **fields})


def _ordered(before: dict, after: dict) -> list[str]:
    """Ids in ``after``'s order, then those only in ``before``."""
    return list(after) + [key for key in before if key not in after]


def _plain(item: Any, fields: tuple[schema.Field, ...]) -> dict:
    return schema.encode_fields(item, fields) if item is not None else {}


def _label(item: Any) -> str:
    return str(getattr(item, "label", None) or getattr(item, "id", ""))


def _items(
    what: ChangeWhat, pattern: str, before: dict, after: dict, fields: tuple[schema.Field, ...]
) -> list[Change]:
    changes = []
    for key in _ordered(before, after):
        changes += _item(what, pattern.format(key), before.get(key), after.get(key), fields)
    return changes


def _item(
    what: ChangeWhat,
    ref: str,
    old: Any,
    new: Any,
    fields: tuple[schema.Field, ...],
    titles: dict[str, str] | None = None,
) -> list[Change]:
    if old is None and new is None:
        return []
    unit = getattr(new or old, "unit", None) if what in ("key_result", "kpi") else None
    if old is None:
        source = getattr(new, "carried_from", None)
        carried = {"carried_from": source, "title": (titles or {}).get(source or "", source)}
        return [Change("added", what, ref, _label(new), None, None, carried if source else None)]
    if new is None:
        return [Change("removed", what, ref, _label(old), None, _kept(old) or None)]
    return _fields(what, ref, _label(new), _plain(old, fields), _plain(new, fields), unit)


def _kept(item: Any) -> dict[str, int]:
    """What a removed objective or KR held: its key results and check-ins, counted
    (nothing for the other items: a card's ``key_results`` are references)."""
    if isinstance(item, Objective):
        krs = list(item.key_results.values())
    elif isinstance(item, KeyResult):
        krs = [item]
    else:
        return {}
    held = {"checkins": sum(len(kr.checkins or ()) for kr in krs)}
    if isinstance(item, Objective):
        held["key_results"] = len(krs)
    return {k: n for k, n in held.items() if n}


def _fields(
    what: ChangeWhat, ref: str, label: str, before: dict, after: dict, unit: str | None = None
) -> list[Change]:
    changes = []
    for name in list(after) + [k for k in before if k not in after]:
        if name in ("checkins", "rank"):
            continue  # check-ins one by one; ranks as one reorder of their list
        old, new = before.get(name), after.get(name)
        if not same(old, new):
            numbers = unit if name in NUMBERS else None
            changes.append(Change("changed", what, ref, label, name, old, new, numbers))
    return changes


def _checkin_key(checkin: CheckIn) -> str:
    return json.dumps(schema.encode_fields(checkin, schema.CHECKIN), sort_keys=True, default=str)


def _checkins(
    ref: str, old: KeyResult | Kpi, new: KeyResult | Kpi, what: ChangeWhat = "key_result"
) -> list[Change]:
    label, unit = new.label, new.unit
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
                    what,
                    ref,
                    label,
                    "checkins",
                    None,
                    schema.encode_fields(checkin, schema.CHECKIN),
                    unit,
                )
            )
    for key in before:
        changes.append(
            Change("uncheckin", what, ref, label, "checkins", json.loads(key), None, unit)
        )
    return changes


# -- rendering -----------------------------------------------------------------------------


def _checkin_line(checkin: dict, unit: str | None) -> str:
    """``2026-11-16: 46% · confidence 6/10 · “note” · blocked: …``"""
    parts = [f"{checkin.get('date')}: {with_unit(checkin.get('value'), unit)}"]
    if checkin.get("confidence") is not None:
        parts.append(f"confidence {checkin['confidence']}/10")
    if checkin.get("note"):
        parts.append(f"“{show_value(checkin['note'])}”")
    if checkin.get("blockers"):
        parts.append(f"blocked: {show_value(checkin['blockers'])}")
    if checkin.get("author"):
        parts.append(f"by {checkin['author']}")
    return " · ".join(parts)


def _share(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


def _value(value: Any, unit: str | None) -> str:
    if isinstance(value, list) and len(value) == 2 and unit:  # a band
        return band_text(value, unit)
    return with_unit(value, unit) if unit and value is not None else show_value(value)


def noun(what: str) -> str:
    """What a change is on, for people: ``key result``, ``KPI``."""
    return "KPI" if what == "kpi" else what.replace("_", " ")


def describe(change: Change) -> str:
    """One line for a person: ``target 45% -> 50%``, ``moved next -> now``."""
    what = noun(change.what)
    if change.kind == "added":
        carried = change.new or {}
        if carried.get("carried_from"):
            quarter = ids.quarter_of(carried["carried_from"])
            return f"added {what} “{change.label}”, carried from “{carried['title']}” ({quarter})"
        return f"added {what} “{change.label}”"
    if change.kind == "removed":
        held = change.old or {}
        had = [
            count(n, noun)
            for key, noun in (("key_results", "key result"), ("checkins", "check-in"))
            if (n := held.get(key))
        ]
        return f"removed {what} “{change.label}”" + (
            f" (it had {' and '.join(had)})" if had else ""
        )
    if change.kind == "checkin":
        return f"check-in {_checkin_line(change.new, change.unit)}"
    if change.kind == "uncheckin":
        return f"check-in removed: {_checkin_line(change.old, change.unit)}"
    if change.kind == "progress":
        old, new = change.old, change.new
        parts = []
        if old["progress"] != new["progress"]:
            parts.append(f"progress {_share(old['progress'])} -> {_share(new['progress'])}")
        if old.get("status") != new.get("status"):
            parts.append(f"{old['status']} -> {new['status']}")
        return ", ".join(parts) if parts else f"progress {_share(new['progress'])}"
    if change.kind == "reordered":
        order = ", ".join(change.new)
        if change.what == "theme":
            return f"reordered within {change.label.capitalize()}: {order}"
        if change.what == "kpi":
            return f"KPIs reordered: {order}"
        return f"{change.label} reordered: {order}"
    if change.kind == "moved":
        return f"moved {change.old} -> {change.new}"
    if change.kind == "reparented":
        return f"moved under {change.new or 'the top'} (was {change.old or 'the top'})"
    if change.what == "team" and change.field == "closed":  # a quarter's close, or undone
        return f"closed the quarter on {change.new}" if change.new else "reopened the quarter"
    old_text, new_text = _value(change.old, change.unit), _value(change.new, change.unit)
    name = change.field or ""
    said = fieldtext.label(name).lower() if name in fieldtext.LABELS else name
    return f"{said} {old_text} -> {new_text}"


def heading(change: Change) -> str:
    """The item a change belongs to, title first: ``Lift activation (2026-Q4/…)``; a
    reorder's list by its owner's reference."""
    if change.kind == "reordered":
        return change.ref
    return f"{change.label} ({change.ref})"


def as_text(changes: list[Change]) -> str:
    """Each item's title and reference, then its changes one per line, indented."""
    lines, current = [], None
    for change in changes:
        if (change.ref, change.kind == "reordered") != current:
            current = (change.ref, change.kind == "reordered")
            lines.append(heading(change))
        lines.append(f"  {describe(change)}")
    return "\n".join(lines) + ("\n" if lines else "")


AREAS = {"roadmap": "Roadmap", "tree": "Opportunity trees", "kpi": "KPIs"}


def _area(change: Change) -> str:
    """The part of the board a change is in: a quarter's OKRs, the roadmap, the trees,
    or the board and its teams."""
    head = change.ref.split("/")[0]
    if ids.is_quarter(head):
        return f"OKRs {head}"
    return AREAS.get(head, "Board and teams")


def as_markdown(changes: list[Change], title: str = "Changes") -> str:
    """A pull-request description: areas (OKRs of a quarter, roadmap, trees), in each the
    items by title, in each item its changes."""
    if not changes:
        return f"## {title}\n\nNo changes.\n"
    lines = [f"## {title}"]
    area, current = None, None
    for change in changes:
        if _area(change) != area:
            area = _area(change)
            lines += ["", f"### {area}", ""]
        if (change.ref, change.kind == "reordered") != current:
            current = (change.ref, change.kind == "reordered")
            name = (
                f"`{change.ref}`"
                if change.kind == "reordered"
                else f"**{change.label}** (`{change.ref}`)"
            )
            lines.append(f"- {name}")
        lines.append(f"  - {describe(change)}")
    return "\n".join(lines) + "\n"
