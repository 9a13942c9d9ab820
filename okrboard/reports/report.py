"""The quarterly review: scores, trends, learnings, roadmap changes and the quarter-over-
quarter summary, as one plain dict (the JSON report) rendered to Markdown."""

from __future__ import annotations

import datetime as dt
from typing import Any

from okrboard.domain import coach, ids, kpis, roadmap, scoring, semdiff, valuetext
from okrboard.domain.model import Board, KeyResult
from okrboard.domain.text import count
from okrboard.domain.text import lines as text_lines
from okrboard.reports import quarters

SPARKS = "▁▂▃▄▅▆▇█"


def spark(values: list[float]) -> str:
    """A one-line trend of ``values``: ▁▃▅█."""
    if len(values) < 2:
        return ""
    low, high = min(values), max(values)
    span = (high - low) or 1
    return "".join(SPARKS[round((v - low) / span * (len(SPARKS) - 1))] for v in values)


def _band(grade: float | None, board: Board) -> str | None:
    """``success``, ``progress`` or ``missed`` (the 0.7 rule, from scoring)."""
    return None if grade is None else scoring.grade_band(grade, board.settings).value


def kr_data(
    board: Board, ref: str, kr: KeyResult, quarter: str, today: dt.date, closed: bool
) -> dict:
    """A KR in the review: its aim, value, progress, grade, status and verdict."""
    trend = kr.trend
    confidences = [c.confidence for c in trend if c.confidence is not None]
    status = scoring.status(kr, quarter, today, board.settings)
    grade = scoring.grade_as_of(kr, quarter, today, board.settings)
    return {
        "ref": ref,
        "title": kr.label,
        "unit": kr.unit,
        "baseline": kr.baseline,
        "target": kr.aim,
        "achieved": kr.value,
        "progress": scoring.progress(kr),
        "grade": grade,
        "band": _band(grade, board),
        "status": status.value,
        "verdict": scoring.verdict(kr, quarter, today, board.settings, closed),
        "checkins": len(trend),
        "values": [c.value for c in trend],
        "confidence": [confidences[0], confidences[-1]] if confidences else None,
        "carried_from": kr.carried_from,
    }


def _kpis(board: Board, quarter: str, end: dt.date) -> list[dict]:
    """Each KPI over the quarter: its value when it began and at its end (or as of today),
    its band, health at the end, the quarter's check-ins and the KRs that moved it."""
    start = board.settings.calendar.first_day(quarter)
    found = []
    for ref, kpi in board.iter_kpis():
        before, then = kpis.as_of(kpi, start - dt.timedelta(days=1)), kpis.as_of(kpi, end)
        team = board.teams.get(ids.team_of(ref))
        found.append(
            {
                "ref": ref,
                "team": team.label if team else ids.team_of(ref),
                "title": kpi.label,
                "unit": kpi.unit,
                "band": kpi.band,
                "healthy": kpis.band_text(kpi),
                "start": before.value,
                "end": then.value,
                "health": kpis.health(then).value,
                "values": [c.value for c in then.trend if c.date and c.date >= start],
                "moved_by": [
                    r for r, _ in kpis.moved_by(board, ref) if ids.quarter_of(r) == quarter
                ],
            }
        )
    return found


def build(
    board: Board,
    quarter: str,
    today: dt.date,
    board_on: quarters.BoardOn | None = None,
    left_out: list[str] | None = None,
    public: bool = False,
) -> dict:
    """The review of ``quarter`` as plain data. ``board_on(day)`` gives the board as of a
    day, for the roadmap's changes (``quarters.boards_from_git``); None leaves them out.
    ``left_out``: the files that could not be read, each with its problem, said first."""
    ids.QuarterId.parse(quarter)  # a clear ValueError for a bad quarter
    if not board.team_quarters(quarter):
        raise ValueError(f"no OKRs for {quarter} on this board")
    q = board.settings.calendar.quarter(quarter)
    begun = scoring.begun(quarter, today, board.settings)
    teams: list[dict[str, Any]] = []
    for tq in board.team_quarters(quarter):
        team = board.teams.get(tq.team)
        review = tq.review
        closed = bool(review and review.closed)
        objectives = []
        for objective in tq.ranked_objectives():
            oref = ids.objective_ref(quarter, tq.team, objective.id)
            grade = scoring.objective_grade_as_of(objective, quarter, today, board.settings)
            status = scoring.objective_status(objective, quarter, today, board.settings)
            band = _band(grade, board)
            objectives.append(
                {
                    "ref": oref,
                    "title": objective.label,
                    "progress": scoring.objective_progress(objective) if begun else None,
                    "grade": grade,
                    "band": band,
                    "status": status.value,
                    "verdict": band if closed and band else status.value,
                    "decision": objective.decision,
                    "retro": objective.retro,
                    "key_results": [
                        kr_data(board, ids.child_ref(oref, kr.id), kr, quarter, today, closed)
                        for kr in objective.ranked_key_results()
                    ],
                }
            )
        teams.append(
            {
                "team": tq.team,
                "name": team.label if team else tq.team,
                "closed": review.closed.isoformat() if review and review.closed else None,
                "learnings": review.learnings if review else None,
                "objectives": objectives,
            }
        )
    grades = [o["grade"] for t in teams for o in t["objectives"] if o["grade"] is not None]
    previous = str(ids.QuarterId.parse(quarter).previous())
    compared = None
    internal = roadmap.internal_cards(board) if public else {}
    if board.team_quarters(previous):
        diff = quarters.compare(board, previous, quarter, board_on)
        diff.roadmap = semdiff.without_cards(diff.roadmap, internal)
        compared = quarters.review(board, diff)
    findings = [f for f in coach.review(board, quarter, today) if f.ref not in internal]
    return {
        "board": board.label,
        "left_out": list(left_out or ()),
        "quarter": quarter,
        "start": q.start.isoformat(),
        "end": q.end.isoformat(),
        "as_of": today.isoformat(),
        "begun": begun,
        "success_grade": board.settings.success,
        "average_grade": round(sum(grades) / len(grades), 2) if grades else None,
        "teams": teams,
        "previous": previous if compared else None,
        "compared": compared,
        "roadmap_changes": quarters.change_lines(compared, "roadmap") if compared else [],
        "kpis": _kpis(board, quarter, min(q.end, today)),
        "coach": [f.as_dict() for f in findings],
    }


# -- Markdown --------------------------------------------------------------------------------


def _cell(text: object) -> str:
    """Text for a Markdown table cell: one line, pipes escaped."""
    return " ".join(str(text).split()).replace("|", "\\|")


_unit = valuetext.with_unit


def _grade(grade: float | None) -> str:
    return "—" if grade is None else f"{grade:.2f}"


def _span(start: dt.date, end: dt.date) -> str:
    """``1 October to 31 December 2026``; ``1 November 2026 to 31 January 2027`` for a
    fiscal quarter across two years."""
    first = f"{start:%-d %B}" if start.year == end.year else f"{start:%-d %B %Y}"
    return f"{first} to {end:%-d %B %Y}"


def as_markdown(report: dict) -> str:
    start, end = dt.date.fromisoformat(report["start"]), dt.date.fromisoformat(report["end"])
    krs = [k for t in report["teams"] for o in t["objectives"] for k in o["key_results"]]
    objectives = sum(len(t["objectives"]) for t in report["teams"])
    lines = []
    if report["left_out"]:
        lines += ["> **Incomplete: what these files hold is missing from this review.**", ">"]
        lines += [f"> - {_cell(problem)}" for problem in report["left_out"]]
        lines.append("")
    lines += [
        f"# Quarterly review: {_cell(report['board'])}, {report['quarter']}",
        "",
        f"{_span(start, end)} · {count(len(report['teams']), 'team')} · "
        f"{count(objectives, 'objective')} · {count(len(krs), 'key result')} · average grade "
        f"{_grade(report['average_grade'])} (success from {report['success_grade']:g}) · "
        + (
            f"as of {report['as_of']}"
            if report["begun"]
            else f"not begun (today is {report['as_of']})"
        ),
        "",
        "## Scores",
    ]
    for team in report["teams"]:
        closed = f" (closed {team['closed']})" if team["closed"] else " (not closed yet)"
        lines += ["", f"### {_cell(team['name'])}{closed}", ""]
        lines += ["| Objective / key result | Result | Target | Grade | |", "|---|---|---|---|---|"]
        for objective in team["objectives"]:
            decision = f" · {objective['decision']}" if objective["decision"] else ""
            lines.append(
                f"| **{_cell(objective['title'])}** | | | **{_grade(objective['grade'])}** | "
                f"{objective['verdict']}{decision} |"
            )
            for kr in objective["key_results"]:
                lines.append(
                    f"| {_cell(kr['title'])} | {_cell(_unit(kr['achieved'], kr['unit']))} | "
                    f"{_cell(_unit(kr['target'], kr['unit']))} | {_grade(kr['grade'])} | "
                    f"{kr['verdict']} |"
                )
    lines += ["", "## Trends", ""]
    confident = any(kr["confidence"] for kr in krs)  # none on a public board: no column
    lines += [
        "| Key result | Check-ins | Trend | First → last |"
        + (" Confidence |" if confident else ""),
        "|---|---|---|---|" + ("---|" if confident else ""),
    ]
    for kr in krs:
        values = kr["values"]
        span = (
            f"{_unit(values[0], kr['unit'])} → {_unit(values[-1], kr['unit'])}" if values else "—"
        )
        confidence = "—" if not kr["confidence"] else "{} → {}".format(*kr["confidence"])
        lines.append(
            f"| {_cell(kr['title'])} | {kr['checkins']} | {spark(values)} | {_cell(span)} |"
            + (f" {confidence} |" if confident else "")
        )
    if report["kpis"]:
        lines += ["", "## KPIs", ""]
        lines += [
            "| KPI | Team | Start → end | Healthy | Health | Trend |",
            "|---|---|---|---|---|---|",
        ]
        for kpi in report["kpis"]:
            first, last = (_unit(kpi[k], kpi["unit"]) if kpi[k] is not None else "—"
                           for k in ("start", "end"))  # fmt: skip
            lines.append(
                f"| {_cell(kpi['title'])} | {_cell(kpi['team'])} | {_cell(f'{first} → {last}')} "
                f"| {_cell(kpi['healthy'])} | {kpi['health']} | {spark(kpi['values'])} |"
            )
    lines += ["", "## Learnings"]
    for team in report["teams"]:
        retros = [o for o in team["objectives"] if o["retro"]]
        if not team["learnings"] and not retros:
            continue
        lines += ["", f"### {_cell(team['name'])}", ""]
        if team["learnings"]:
            lines += [f"> {line}" if line else ">" for line in text_lines(team["learnings"])]
        if team["learnings"] and retros:
            lines.append("")
        for objective in retros:
            lines.append(f"- **{_cell(objective['title'])}**: {_cell(objective['retro'])}")
    if not any(t["learnings"] or any(o["retro"] for o in t["objectives"]) for t in report["teams"]):
        lines += [
            "",
            "No learnings written yet: close the quarter (Q in the OKR view) to add them.",
        ]
    compared = report["compared"]
    lines += ["", "## Roadmap changes", ""]
    if compared is None:
        lines.append(f"No OKRs for the quarter before ({report['previous'] or 'none'}) to compare.")
    else:
        lines.append(f"From the end of {compared['a']} to the end of {compared['b']}:")
        lines.append("")
        changes = [f"- {_cell(line)}" for line in report["roadmap_changes"]]
        if compared["roadmap_note"]:
            note = compared["roadmap_note"]
            changes = [f"- {note[0].upper()}{note[1:]}."]
        lines += changes or ["- No changes."]
    lines += ["", "## Quarter over quarter", ""]
    if compared is None:
        lines.append("No earlier quarter on this board.")
    else:
        lines += [quarters.summary(compared), ""]
        for team in compared["teams"]:
            for objective in team["objectives"]:
                if objective["decision"] == "kept":
                    continue
                how = f": {'; '.join(objective['how'])}" if objective["how"] else ""
                lines.append(
                    f"- **{_cell(objective['title'])}** ({_cell(team['name'])}): "
                    f"{objective['decision']}{_cell(how)}"
                )
            lines += [
                f"- **{_cell(o['title'])}** ({_cell(team['name'])}): new in {compared['b']}"
                for o in team["new"]
            ]
        lines.append("")
        lines.append(
            f"The whole comparison: `okrboard diff --quarters {compared['a']} {compared['b']}`."
        )
    findings = report["coach"]
    lines += ["", "## Coach", ""]
    if not findings:
        lines.append("No findings.")
    for finding in findings:
        lines.append(
            f"- {finding['severity']} {finding['rule']} `{finding['ref']}`: "
            f"{_cell(finding['message'])}"
        )
    return "\n".join(lines) + "\n"
