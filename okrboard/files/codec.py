"""Between parsed TOML (plain dicts from ``tomllib``) and the model, both ways.

Decoding checks every value against ``schema`` and reports what is wrong as issues
``(key path, message, severity)``; the loader turns them into problems with line numbers.
Encoding gives the plain dict a file should hold; ``store.sync`` writes it with the
fewest line changes.
"""

from __future__ import annotations

from typing import Any

from okrboard.domain import ids, schema
from okrboard.domain.model import (
    Board,
    CheckIn,
    CoachSettings,
    KeyResult,
    Kpi,
    KpiSet,
    Objective,
    OpportunityTree,
    Review,
    Roadmap,
    RoadmapTheme,
    Settings,
    Team,
    TeamQuarter,
    TreeNode,
)
from okrboard.domain.problems import Issues
from okrboard.domain.schema import encode_fields
from okrboard.files import conflicts

EXTENSION_PREFIX = "x-"


# -- generic tables ---------------------------------------------------------------------------


def decode_fields(
    data: dict,
    fields: tuple[schema.Field, ...],
    path: tuple,
    issues: Issues,
    nested: tuple[str, ...] = (),
) -> dict[str, Any]:
    """Check ``data`` against ``fields``; return the keyword arguments for the model class.

    Values that fail their check, and unknown keys, go to ``extra`` unchanged, so they are
    written back exactly as they were.
    """
    known, required = _spec(fields)
    values: dict[str, Any] = {}
    extra: dict[str, Any] = {}
    for name in required:
        if name not in data:
            issues.error((*path, name), f"the required key {name!r} is missing")
    check = schema.check_value
    for key, value in data.items():
        found = known.get(key)
        if found is None:
            if key in nested:
                continue
            extra[key] = value
            if not key.startswith(EXTENSION_PREFIX):
                issues.warning(
                    (*path, key),
                    f"unknown key {key!r} (kept as it is; "
                    f"name custom keys {EXTENSION_PREFIX}… to silence this)",
                )
        elif problem := check(found, value):
            extra[key] = value
            issues.error((*path, key), problem)
        else:
            values[key] = value
    values["extra"] = extra
    return values


# By the table's id: one per kind of table, a handful. A plain dict, not a ``Cache``: it
# is read for every table decoded (85,500 times for a quarter at 500 teams), and the
# Cache's lock and LRU took 40% of decoding; reading and setting a dict are atomic.
_SPECS: dict[int, tuple] = {}


def _spec(fields: tuple[schema.Field, ...]) -> tuple[dict[str, schema.Field], tuple[str, ...]]:
    """The fields by name, and the required names: worked out once per table kind, and
    found by identity (hashing the fields would cost more than building the dict)."""
    found = _SPECS.get(id(fields))
    if found is None:  # the tuple is kept with its spec, so its id is never reused
        if len(_SPECS) > 64:  # (kinds are constants: this never happens, but stays bounded)
            _SPECS.clear()
        known = {f.name: f for f in fields}
        found = (fields, known, tuple(n for n in known if known[n].required))
        _SPECS[id(fields)] = found
    return found[1], found[2]


def _tables(data: dict, key: str, path: tuple, issues: Issues) -> dict[str, dict]:
    """The sub-tables under ``data[key]`` whose ids are usable; report the others."""
    value = data.get(key, {})
    if not isinstance(value, dict):
        issues.error((*path, key), f"expected a table of items, found {schema.describe(value)}")
        return {}
    found = {}
    for item_id, item in value.items():
        if not isinstance(item, dict):
            issues.error((*path, key, item_id), "expected a table ([…] header)")
            continue
        if problem := ids.slug_problem(item_id):
            issues.error((*path, key, item_id), problem)
        found[item_id] = item
    return found


def _decode_top(data: dict, known: tuple[str, ...], issues: Issues) -> dict[str, Any]:
    """Top-level keys a file kind does not define: kept, and reported."""
    extra = {k: v for k, v in data.items() if k not in known}
    for key in extra:
        if key == conflicts.KEY:  # kept as written until resolved; every entry is an error
            found, malformed = conflicts.parse(extra[key])
            for conflict in found:
                issues.error(conflict.path, conflict.message())
            for path, message in malformed:
                issues.error(path, message)
        elif not key.startswith(EXTENSION_PREFIX):
            issues.warning((key,), f"unknown key {key!r} (kept as it is)")
    return extra


def _subtable(data: dict, key: str, issues: Issues) -> dict:
    value = data.get(key, {})
    if isinstance(value, dict):
        return value
    issues.error((key,), f"expected a [{key}] table, found {schema.describe(value)}")
    return {}


# -- board.toml ---------------------------------------------------------------------------------


def decode_board(data: dict, board: Board, issues: Issues) -> None:
    """Fill ``board`` from board.toml's tables."""
    if "board" not in data:
        issues.error(("board",), "the [board] table is missing")
    head = decode_fields(_subtable(data, "board", issues), schema.BOARD, ("board",), issues)
    board.name = head.get("name")
    board.description = head.get("description")
    board.extra = head["extra"]
    quarter = head.get("current_quarter")
    if quarter is not None and not ids.is_quarter(quarter):
        issues.error(("board", "current_quarter"), f"{quarter!r} is not a quarter like 2026-Q3")
        board.extra["current_quarter"] = quarter
    else:
        board.current_quarter = quarter
    settings = _subtable(data, "settings", issues)
    board.settings = Settings(**decode_fields(settings, schema.SETTINGS, ("settings",), issues))
    coach = _subtable(data, "coach", issues)
    board.coach = CoachSettings(**decode_fields(coach, schema.COACH, ("coach",), issues))
    board.teams = {
        tid: Team(id=tid, **decode_fields(t, schema.TEAM, ("teams", tid), issues))
        for tid, t in _tables(data, "teams", (), issues).items()
    }
    board.file_extra = _decode_top(data, ("board", "settings", "coach", "teams"), issues)


def encode_board(board: Board) -> dict[str, Any]:
    head = encode_fields(board, schema.BOARD)
    out: dict[str, Any] = {"board": head}
    settings = encode_fields(board.settings, schema.SETTINGS)
    if settings:
        out["settings"] = settings
    coach = encode_fields(board.coach, schema.COACH)
    if coach:
        out["coach"] = coach
    if board.teams:
        out["teams"] = {t.id: encode_fields(t, schema.TEAM) for t in board.teams.values()}
    out.update(board.file_extra)
    return out


# -- OKR files ----------------------------------------------------------------------------------


def decode_okrs(data: dict, quarter: str, team: str, issues: Issues) -> TeamQuarter:
    tq = TeamQuarter(quarter=quarter, team=team)
    for oid, odata in _tables(data, "objectives", (), issues).items():
        opath = ("objectives", oid)
        objective = Objective(
            id=oid, **decode_fields(odata, schema.OBJECTIVE, opath, issues, ("key_results",))
        )
        for kid, kdata in _tables(odata, "key_results", opath, issues).items():
            objective.key_results[kid] = _decode_kr(
                kid, kdata, (*opath, "key_results", kid), issues
            )
        tq.objectives[oid] = objective
    if "review" in data:
        fields = decode_fields(
            _subtable(data, "review", issues), schema.REVIEW, ("review",), issues
        )
        tq.review = Review(**fields)
    tq.extra = _decode_top(data, ("objectives", "review"), issues)
    return tq


def _decode_kr(kid: str, data: dict, path: tuple, issues: Issues) -> KeyResult:
    kr = KeyResult(id=kid, **decode_fields(data, schema.KEY_RESULT, path, issues, ("checkins",)))
    _decode_checkins(kr, data, path, issues)
    return kr


def _decode_checkins(item: KeyResult | Kpi, data: dict, path: tuple, issues: Issues) -> None:
    if "checkins" not in data:
        return
    raw = data["checkins"]
    if not isinstance(raw, list) or not all(isinstance(c, dict) for c in raw):
        issues.error(
            (*path, "checkins"),
            "expected a list of check-ins, one per line: { date = 2026-07-06, value = 12 }",
        )
        item.extra["checkins"] = raw
        return
    item.checkins = [
        CheckIn(**decode_fields(c, schema.CHECKIN, (*path, "checkins", i), issues))
        for i, c in enumerate(raw)
    ]


def encode_okrs(tq: TeamQuarter) -> dict[str, Any]:
    objectives = {}
    for objective in tq.objectives.values():
        table = encode_fields(objective, schema.OBJECTIVE)
        if objective.key_results:
            table["key_results"] = {kr.id: encode_kr(kr) for kr in objective.key_results.values()}
        objectives[objective.id] = table
    out: dict[str, Any] = {}
    if objectives:
        out["objectives"] = objectives
    if tq.review is not None:
        out["review"] = encode_fields(tq.review, schema.REVIEW)
    out.update(tq.extra)
    return out


def encode_kr(kr: KeyResult) -> dict[str, Any]:
    return _with_checkins(encode_fields(kr, schema.KEY_RESULT), kr)


def _with_checkins(table: dict[str, Any], item: KeyResult | Kpi) -> dict[str, Any]:
    if item.checkins is not None:
        table["checkins"] = [encode_fields(c, schema.CHECKIN) for c in item.checkins]
    return table


# -- KPIs ---------------------------------------------------------------------------------------


def decode_kpis(data: dict, team: str, issues: Issues) -> KpiSet:
    found = KpiSet(team=team)
    for kid, kdata in _tables(data, "kpis", (), issues).items():
        path = ("kpis", kid)
        kpi = Kpi(id=kid, **decode_fields(kdata, schema.KPI, path, issues, ("checkins",)))
        _decode_checkins(kpi, kdata, path, issues)
        found.kpis[kid] = kpi
    found.extra = _decode_top(data, ("kpis",), issues)
    return found


def encode_kpis(kpis: KpiSet) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if kpis.kpis:
        out["kpis"] = {
            k.id: _with_checkins(encode_fields(k, schema.KPI), k) for k in kpis.kpis.values()
        }
    out.update(kpis.extra)
    return out


# -- roadmaps -----------------------------------------------------------------------------------


def decode_roadmap(data: dict, team: str, issues: Issues) -> Roadmap:
    roadmap = Roadmap(team=team)
    for tid, tdata in _tables(data, "themes", (), issues).items():
        fields = decode_fields(tdata, schema.THEME, ("themes", tid), issues)
        roadmap.themes[tid] = RoadmapTheme(id=tid, **fields)
    roadmap.extra = _decode_top(data, ("themes",), issues)
    return roadmap


def encode_roadmap(roadmap: Roadmap) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if roadmap.themes:
        out["themes"] = {t.id: encode_fields(t, schema.THEME) for t in roadmap.themes.values()}
    out.update(roadmap.extra)
    return out


# -- opportunity trees --------------------------------------------------------------------------


def decode_tree(data: dict, tree_id: str, issues: Issues) -> OpportunityTree:
    if "tree" not in data:
        issues.error(("tree",), "the [tree] table is missing")
    head = decode_fields(_subtable(data, "tree", issues), schema.TREE, ("tree",), issues)
    tree = OpportunityTree(id=tree_id, **head)
    for nid, ndata in _tables(data, "nodes", (), issues).items():
        node_type = ndata.get("type")
        fields = schema.node_fields(node_type if node_type in schema.NODE_TYPES else "")
        tree.nodes[nid] = TreeNode(id=nid, **decode_fields(ndata, fields, ("nodes", nid), issues))
    tree.file_extra = _decode_top(data, ("tree", "nodes"), issues)
    return tree


def encode_tree(tree: OpportunityTree) -> dict[str, Any]:
    out: dict[str, Any] = {"tree": encode_fields(tree, schema.TREE)}
    if tree.nodes:
        out["nodes"] = {
            n.id: encode_fields(n, schema.node_fields(n.type or "")) for n in tree.nodes.values()
        }
    out.update(tree.file_extra)
    return out
