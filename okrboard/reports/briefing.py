"""The board briefed for an agent, as plain data: the summary that orients it in one call,
a search, one item in full and what needs a person. The numbers are the report's own
(``report``, ``scoring``, ``kpis``): an agent reads what a PM sees."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import asdict
from typing import Any

from okrboard.domain import coach, edits, ids, kpis, links, reminders, scoring
from okrboard.domain.model import Board, KeyResult, Kpi, Objective
from okrboard.reports import report

REFERENCES = {
    "objective": "QUARTER/TEAM/OBJECTIVE, e.g. 2026-Q4/growth/activation",
    "key_result": "QUARTER/TEAM/OBJECTIVE/KR, e.g. 2026-Q4/growth/activation/activation-rate",
    "kpi": "kpi/TEAM/KPI, e.g. kpi/growth/nps",
    "card": "roadmap/TEAM/THEME, e.g. roadmap/growth/guided-setup",
    "node": "tree/TREE/NODE, e.g. tree/first-win/template-gallery",
    "short": "a bare id (activation-rate) names the one item with it, the current quarter's "
    "first; an ambiguous one is an error listing the candidates",
}
ATTENTION = ("off track", "at risk", "stale", "missed")


def _kr_data(board: Board, ref: str, kr: KeyResult, today: dt.date) -> dict[str, Any]:
    quarter = ids.quarter_of(ref)
    tq = board.okrs.get((quarter, ids.team_of(ref)))
    closed = bool(tq and tq.closed)
    return report.kr_data(board, ref, kr, quarter, today, closed) | {"owner": kr.owner}


def summary(board: Board, today: dt.date, unreadable: list[str]) -> dict[str, Any]:
    """The board in one answer: quarters, teams, counts by status, KPI health, what is
    due within a week, and how references are written."""
    quarter = board.current_quarter or ""
    counts: Counter[str] = Counter()
    objectives = []
    for tq in board.team_quarters(quarter) if quarter else ():
        for objective in tq.ranked_objectives():
            oref = ids.objective_ref(quarter, tq.team, objective.id)
            krs = []
            for kr in objective.ranked_key_results():
                state = scoring.status(kr, quarter, today, board.settings).value
                counts[state] += 1
                krs.append({"ref": ids.child_ref(oref, kr.id), "title": kr.label, "status": state})
            status = scoring.objective_status(objective, quarter, today, board.settings)
            objectives.append(
                {"ref": oref, "title": objective.label, "status": status.value, "key_results": krs}
            )
    health = Counter(kpis.health(kpi).value for _, kpi in board.iter_kpis())
    return {
        "board": board.label,
        "today": today.isoformat(),
        "current_quarter": quarter,
        "quarter_begun": bool(quarter) and scoring.begun(quarter, today, board.settings),
        "quarters": board.quarters,
        "teams": [
            {"id": t.id, "name": t.label, "lead": t.lead, "parent": t.parent}
            for t in board.teams.values()
        ],
        "key_results_by_status": dict(counts),
        "objectives": objectives,
        "kpis_by_health": dict(health),
        "due_this_week": [o.as_dict() for o in reminders.owed(board, today, within=7)],
        "references": REFERENCES,
        "unreadable_files": unreadable,
    }


def search(board: Board, text: str, today: dt.date, limit: int = 25) -> list[dict[str, Any]]:
    """Items whose title, id, owner or notes hold ``text`` (any case), current quarter first."""
    wanted = text.casefold().strip()
    found = []
    for ref in links.every_ref(board):
        item = edits.find(board, ref)
        words = [ref, getattr(item, "label", ""), getattr(item, "owner", "") or ""]
        words += [getattr(item, "description", "") or ""]
        words += [c.note or "" for c in getattr(item, "checkins", None) or ()]
        if wanted and any(wanted in str(w).casefold() for w in words):
            found.append({"ref": ref, "kind": ids.parse_ref(ref).kind, **_brief(board, ref, today)})
    quarter = board.current_quarter
    found.sort(key=lambda f: not str(f["ref"]).startswith(f"{quarter}/"))
    return found[:limit]


def _brief(board: Board, ref: str, today: dt.date) -> dict[str, Any]:
    item = edits.find(board, ref)
    out: dict[str, Any] = {"title": getattr(item, "label", ref)}
    if isinstance(item, KeyResult):
        out["status"] = scoring.status(item, ids.quarter_of(ref), today, board.settings).value
    elif isinstance(item, Objective):
        state = scoring.objective_status(item, ids.quarter_of(ref), today, board.settings)
        out["status"] = state.value
    elif isinstance(item, Kpi):
        out["status"] = kpis.health(item).value
    elif horizon := getattr(item, "horizon", None):
        out["status"] = horizon
    return out


def item(board: Board, ref: str, today: dt.date, history: list[dict]) -> dict[str, Any]:
    """One item in full: its fields, check-ins, numbers, the coach's findings, its links
    and ``history`` (field changes, from git)."""
    found = edits.find(board, ref)
    kind = ids.parse_ref(ref).kind
    fields = {
        k: v
        for k, v in asdict(found).items()
        if k not in ("extra", "key_results", "checkins", "id") and v not in (None, [], {}, "")
    }
    out: dict[str, Any] = {"ref": ref, "kind": kind, "fields": fields}
    out["checkins"] = [asdict(c) for c in getattr(found, "checkins", None) or ()]
    if isinstance(found, KeyResult):
        quarter = ids.quarter_of(ref)
        out["numbers"] = _kr_data(board, ref, found, today)
        forecast = scoring.forecast(found, quarter, board.settings)
        out["forecast"] = None if forecast is None else asdict(forecast)
    elif isinstance(found, Objective):
        out |= _brief(board, ref, today)
        out["key_results"] = [
            _kr_data(board, ids.child_ref(ref, kr.id), kr, today)
            for kr in found.ranked_key_results()
        ]
    else:
        out |= _brief(board, ref, today)
    quarter = ids.quarter_of(ref)
    if ids.is_quarter(quarter):
        out["coach"] = [
            f.as_dict()
            for f in coach.review(board, quarter, today, team=ids.team_of(ref))
            if f.ref == ref or f.ref.startswith(ref + "/")
        ]
    out["history"] = history
    return out


def attention(
    board: Board,
    today: dt.date,
    moved: set[str],
    team: str | None = None,
    owner: str | None = None,
) -> dict[str, Any]:
    """What needs a person: KRs off track, at risk, stale or missed, targets moved this
    quarter, check-ins due within a week, and KPIs out of their band; by ``team`` and
    ``owner`` when given (any case)."""
    quarter = board.current_quarter or ""
    who = owner.casefold().strip() if owner else None
    krs = []
    for tq in board.team_quarters(quarter) if quarter else ():
        if team and tq.team != team:
            continue
        for objective in tq.ranked_objectives():
            oref = ids.objective_ref(quarter, tq.team, objective.id)
            for kr in objective.ranked_key_results():
                ref = ids.child_ref(oref, kr.id)
                if who and (kr.owner or objective.owner or "").casefold() != who:
                    continue
                data = _kr_data(board, ref, kr, today)
                if data["status"] in ATTENTION or ref in moved:
                    krs.append(data | {"target_moved": ref in moved})
    due = [
        o.as_dict()
        for o in reminders.owed(board, today, within=7, owner=owner)
        if not team or ids.team_of(o.ref.removeprefix("kpi/")) == team
    ]
    unhealthy = [
        {"ref": ref, "title": kpi.label, "health": kpis.health(kpi).value, "owner": kpi.owner}
        for ref, kpi in board.iter_kpis()
        if kpis.health(kpi).value != "healthy"
        and (not team or ids.team_of(ref.removeprefix("kpi/")) == team)
        and (not who or (kpi.owner or "").casefold() == who)
    ]
    return {"quarter": quarter, "key_results": krs, "due": due, "kpis": unhealthy}
