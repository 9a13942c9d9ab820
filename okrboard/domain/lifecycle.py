"""The quarter's lifecycle: closing a team's quarter and opening the next one.

Plain functions on the model: they change the board and return the parts to save, which
the caller saves together (``Session.edit_parts``), so one undo takes the whole step back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field

from okrboard.domain import ids, kpis, ranks, scoring, titles
from okrboard.domain.model import (
    Board,
    KeyResult,
    Objective,
    Part,
    Review,
    TeamQuarter,
    ranked,
)
from okrboard.domain.roadmap import Card
from okrboard.domain.text import count

# -- closing a quarter ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Initiative:
    """A roadmap card's expected (and, once measured, actual) impact on one KR."""

    card: Card
    kr_ref: str
    expected: float | None
    actual: float | None


def initiatives(board: Board, quarter: str, team: str) -> list[Initiative]:
    """Cards that serve the team's KRs of ``quarter``: one row per card and KR."""
    prefix = f"{quarter}/{team}/"
    found = []
    for owner, roadmap in sorted(board.roadmaps.items()):
        for theme in ranked(roadmap.themes.values()):
            refs = dict.fromkeys([*(theme.key_results or ()), *(theme.impact or {})])
            for ref in refs:
                if ref.startswith(prefix) and board.key_result(ref) is not None:
                    expected = (theme.impact or {}).get(ref)
                    actual = (theme.actual_impact or {}).get(ref)
                    found.append(Initiative(Card(owner, theme), ref, expected, actual))
    return found


@dataclass
class Close:
    """What a team decides when it closes a quarter (``None``: leave the field unset)."""

    grades: dict[str, float | None] = field(default_factory=dict)  # KR ref -> grade
    decisions: dict[str, str | None] = field(default_factory=dict)  # objective ref -> ...
    retros: dict[str, str | None] = field(default_factory=dict)  # objective ref -> text
    actual: dict[tuple[str, str], float | None] = field(default_factory=dict)  # (card, KR)
    learnings: str | None = None
    bands: dict[str, list[float]] = field(default_factory=dict)  # KPI ref -> its new band


def band_offers(board: Board, quarter: str, team: str) -> list[kpis.Raise]:
    """The KPI bands the team's key results of ``quarter`` reached past: each KR that
    names a KPI (``kpi``) and reached its target offers that level as the KPI's new floor
    (or ceiling). One offer per KPI: the furthest."""
    offers: dict[str, kpis.Raise] = {}
    for objective in board.okrs[(quarter, team)].ranked_objectives():
        for kr in objective.ranked_key_results():
            ref = ids.kr_ref(quarter, team, objective.id, kr.id)
            offer = kpis.raised_band(board, ref, kr)
            if offer is None:
                continue
            kept = offers.get(offer.kpi_ref)
            width = offer.new[1] - offer.new[0]
            if kept is None or width < kept.new[1] - kept.new[0]:
                offers[offer.kpi_ref] = offer
    return list(offers.values())


def close_defaults(board: Board, quarter: str, team: str) -> Close:
    """The close form, prefilled: grades from progress (or as graded before), decisions,
    retros and learnings as written, actual impact as measured."""
    tq = board.okrs[(quarter, team)]
    close = Close(learnings=tq.review.learnings if tq.review else None)
    for objective in tq.ranked_objectives():
        oref = ids.objective_ref(quarter, team, objective.id)
        close.decisions[oref] = objective.decision
        close.retros[oref] = objective.retro
        for kr in objective.ranked_key_results():
            close.grades[ids.child_ref(oref, kr.id)] = scoring.grade(kr)
    for item in initiatives(board, quarter, team):
        close.actual[(item.card.ref, item.kr_ref)] = item.actual
    return close


def missing(board: Board, quarter: str, close: Close, today: dt.date) -> list[str]:
    """What ``close`` would leave out, said so the team can choose to close anyway:
    objectives without a decision, no learnings, days of the quarter still to run."""
    found = []
    undecided = [
        objective.label
        for ref, decision in close.decisions.items()
        if not decision and (objective := board.objective(ref)) is not None
    ]
    if undecided:
        found.append(f"no decision (keep, modify, abandon) for {', '.join(undecided)}")
    if not close.learnings:
        found.append("no learnings written for the quarter")
    left = (board.settings.calendar.last_day(quarter) - today).days
    if left > 0:
        found.append(f"{count(left, 'day')} of the quarter still to run")
    return found


def close_quarter(
    board: Board, quarter: str, team: str, close: Close, today: dt.date
) -> list[Part]:
    """Write the close into the team's OKR file (grades, decisions, retros, ``[review]``)
    and the actual impact into the roadmaps; the parts to save."""
    tq = board.okrs[(quarter, team)]
    for oref, decision in close.decisions.items():
        objective = _objective(board, oref)
        objective.decision = decision
        objective.retro = close.retros.get(oref)
    for kref, grade in close.grades.items():
        kr = board.key_result(kref)
        if kr is None:
            raise KeyError(f"no key result {kref!r} on this board")
        kr.grade = None if grade is None else round(grade, 2)
    review = tq.review or Review()
    review.closed, review.learnings = today, close.learnings
    tq.review = review
    parts: list[Part] = [tq]
    for (card_ref, kref), actual in close.actual.items():
        owner, theme_id = ids.parse_ref(card_ref).parts
        roadmap = board.roadmaps[owner]
        theme = roadmap.themes[theme_id]
        table = dict(theme.actual_impact or {})
        if actual is None:
            table.pop(kref, None)
        else:
            table[kref] = actual
        theme.actual_impact = table or None
        if roadmap not in parts:
            parts.append(roadmap)
    for kpi_ref, band in close.bands.items():
        kpi = board.kpi(kpi_ref)
        if kpi is None:
            raise KeyError(f"no KPI {kpi_ref!r} on this board")
        kpi.band = list(band)
        held = board.kpis[ids.team_of(kpi_ref)]
        if held not in parts:
            parts.append(held)
    return parts


def close_summary(board: Board, quarter: str, team: str) -> str:
    """The grades and decisions of a closed quarter, for the commit's body."""

    def shown(grade: float | None) -> str:
        return "not graded" if grade is None else f"{grade:.2f}"

    lines = []
    for objective in board.okrs[(quarter, team)].ranked_objectives():
        decision = f", {objective.decision}" if objective.decision else ""
        lines.append(f"- {objective.label}: {shown(scoring.objective_grade(objective))}{decision}")
        for kr in objective.ranked_key_results():
            lines.append(f"  - {kr.label}: {shown(scoring.grade(kr))}")
    return "\n".join(lines)


# -- opening the next quarter -------------------------------------------------------------------


def next_quarter(quarter: str) -> str:
    return str(ids.QuarterId.parse(quarter).next())


def carry_defaults(board: Board, quarter: str, team: str | None = None) -> list[str]:
    """What to carry over unless the team says otherwise: objectives not abandoned, and
    their key results not yet reached."""
    refs = []
    for tq in board.team_quarters(quarter):
        if team is not None and tq.team != team:
            continue
        for objective in tq.ranked_objectives():
            if objective.decision == "abandon":
                continue
            oref = ids.objective_ref(quarter, tq.team, objective.id)
            refs.append(oref)
            for kr in objective.ranked_key_results():
                if (scoring.progress(kr) or 0) < 1:
                    refs.append(ids.child_ref(oref, kr.id))
    return refs


def carry_named(board: Board, quarter: str, refs: list[str]) -> list[str]:
    """What carries over when someone names ``refs`` (``okrboard open --carry``): a key
    result brings its objective; an objective named alone brings its key results not yet
    reached (``carry_defaults``), or only those named beside it."""
    with_krs = {ids.objective_of(ref) for ref in refs if ref != ids.objective_of(ref)}
    defaults = carry_defaults(board, quarter)
    chosen: list[str] = []
    for ref in refs:
        oref = ids.objective_of(ref)
        chosen.append(oref)
        if ref != oref:
            chosen.append(ref)
        elif oref not in with_krs:
            chosen += [r for r in defaults if r.startswith(oref + "/")]
    return list(dict.fromkeys(chosen))


def next_cards(board: Board, team: str | None = None) -> list[Card]:
    """Next cards, which may move to Now when a quarter opens."""
    return [
        Card(owner, theme)
        for owner, roadmap in sorted(board.roadmaps.items())
        if team is None or owner == team
        for theme in roadmap.column("next")
    ]


def open_quarter(
    board: Board, quarter: str, carry: list[str], promote: list[str]
) -> tuple[str, list[Part]]:
    """Open the quarter after ``quarter`` for the teams of the items in ``carry``: carry
    over those objectives and KRs (a KR brings its objective) and move the cards in
    ``promote`` from Next to Now. The new quarter and the parts to save.

    Team by team: a team whose new quarter exists already is left as it is (opening again
    changes nothing, and nothing it dropped comes back). The board's current quarter moves
    once every team of the old quarter has opened the new one. A carried item names its
    predecessor (``carried_from``); a carried KR starts from the last value (its new
    baseline), with no check-ins, and keeps its target unless that was reached (then it
    aims as far again). References to carried items follow them, in every team's new
    quarter: a team that opened before the company is re-pointed once the company opens.
    """
    new = next_quarter(quarter)
    opened = {team for q, team in board.okrs if q == new}
    wanted = list(dict.fromkeys(_objective_refs(carry)))
    moved: dict[str, str] = _successors(board, quarter, new)
    parts: list[Part] = []
    created: list[tuple[Objective, KeyResult | None, str]] = []
    for oref in wanted:
        old = board.objective(oref)
        team = ids.team_of(oref)
        if old is None or team in opened:
            continue
        tq = board.okrs.setdefault((new, team), TeamQuarter(new, team))
        if oref in moved:  # carried before: add the KRs asked for to it
            objective = _objective(board, moved[oref])
        else:
            objective = _carry_objective(tq, old, oref)
            moved[oref] = f"{new}/{team}/{objective.id}"
            created.append((objective, None, oref))
        for kref in (r for r in carry if r.startswith(oref + "/")):
            kr = board.key_result(kref)
            if kr is not None and kref not in moved:
                copy = _carry_kr(objective, kr, kref)
                moved[kref] = f"{moved[oref]}/{copy.id}"
                created.append((objective, copy, kref))
        if tq not in parts:
            parts.append(tq)
    for tq in board.team_quarters(new):  # links to carried items follow them
        if _follow(tq, moved) and tq not in parts:
            parts.append(tq)
    for roadmap in board.roadmaps.values():  # live cards serve the carried KRs now
        for theme in roadmap.themes.values():
            if theme.horizon not in ("now", "next"):
                continue
            for key in ("key_results", "objectives"):
                refs = getattr(theme, key)
                if refs and any(ref in moved for ref in refs):
                    setattr(theme, key, list(dict.fromkeys(moved.get(r, r) for r in refs)))
                    if roadmap not in parts:
                        parts.append(roadmap)
    for card_ref in promote:
        owner, theme_id = ids.parse_ref(card_ref).parts
        roadmap = board.roadmaps[owner]
        roadmap.themes[theme_id].horizon = "now"
        if roadmap not in parts:
            parts.append(roadmap)
    everyone = {tq.team for tq in board.team_quarters(quarter)}
    behind = board.current_quarter is None or ids.QuarterId.parse(
        board.current_quarter
    ) < ids.QuarterId.parse(new)
    if behind and everyone <= {tq.team for tq in board.team_quarters(new)}:
        board.current_quarter = new
        parts.append(board)
    return new, parts


def _follow(tq: TeamQuarter, moved: dict[str, str]) -> bool:
    """Point ``tq``'s alignments and contributions at the carried items; True if any moved."""
    changed = False
    for objective in tq.objectives.values():
        if objective.aligns_to and any(ref in moved for ref in objective.aligns_to):
            objective.aligns_to = [moved.get(ref, ref) for ref in objective.aligns_to]
            changed = True
        for kr in objective.key_results.values():
            if kr.contributes_to and any(ref in moved for ref in kr.contributes_to):
                kr.contributes_to = [moved.get(ref, ref) for ref in kr.contributes_to]
                changed = True
    return changed


def _objective_refs(refs: list[str]) -> Iterator[str]:
    for ref in refs:
        yield ids.objective_of(ref)


def _successors(board: Board, quarter: str, new: str) -> dict[str, str]:
    """Items of ``quarter`` already carried into ``new``: old reference -> new one."""
    found = {}
    for (q, team), tq in board.okrs.items():
        if q != new:
            continue
        for objective in tq.objectives.values():
            oref = f"{new}/{team}/{objective.id}"
            if objective.carried_from and objective.carried_from.startswith(quarter + "/"):
                found[objective.carried_from] = oref
            for kr in objective.key_results.values():
                if kr.carried_from and kr.carried_from.startswith(quarter + "/"):
                    found[kr.carried_from] = ids.child_ref(oref, kr.id)
    return found


def _carry_objective(tq: TeamQuarter, old: Objective, ref: str) -> Objective:
    objective = Objective(
        id=old.id if old.id not in tq.objectives else ids.unique_slug(old.id, tq.objectives),
        title=old.title,
        owner=old.owner,
        rank=ranks.next_rank(list(tq.objectives.values())),
        description=old.description,
        aligns_to=list(old.aligns_to) if old.aligns_to else None,
        carried_from=ref,
    )
    tq.objectives[objective.id] = objective
    return objective


def _objective(board: Board, ref: str) -> Objective:
    objective = board.objective(ref)
    if objective is None:
        raise KeyError(f"no objective {ref!r} on this board")
    return objective


@dataclass(frozen=True)
class Carried:
    """A KR's numbers before and after it is carried into the next quarter."""

    baseline: float | None
    new_baseline: float | None
    target: float | None  # the aim: as written, or worked out from a relative change
    new_target: float | None
    reached: bool  # the old target was reached: the new one aims as far again


def _renumbered(old: KeyResult, start: float | None, target: float | None) -> str | None:
    """The carried KR's title: its from-to says the new numbers where it said the old."""
    title, said, base, aim = old.title, titles.from_to(old.title or ""), old.baseline, old.aim
    if not title or not said or start is None or target is None or base is None or aim is None:
        return title
    if not titles.agree(said, base, aim):  # it says something else: leave it be
        return title
    return titles.renumbered(title, start, target) or title


def carried(old: KeyResult) -> Carried:
    """What carrying ``old`` does to its numbers: it starts where it ended and keeps its
    aim, written out (a relative "-40%" of the new baseline would quietly move it); a
    target reached aims as far again. Moving the aim is the PM's edit, not the carry's."""
    start, aim = old.value, old.aim
    reached = (scoring.progress(old) or 0) >= 1 and scoring.direction(old) != "maintain"
    target = aim
    if reached and start is not None and old.origin is not None and aim is not None:
        target = round(start + (aim - old.origin), 6)  # as far again
    if target is not None and float(target).is_integer():
        target = int(target)  # 126, not the 126.0 a relative target works out to
    return Carried(old.baseline, start, aim, target, reached)


def _carry_kr(objective: Objective, old: KeyResult, ref: str) -> KeyResult:
    """The KR carried into a new quarter (``carried``); a deadline stays behind in its
    quarter."""
    numbers = carried(old)
    start, target, reached = numbers.new_baseline, numbers.new_target, numbers.reached
    title = _renumbered(old, start, target)
    kr = KeyResult(
        id=old.id
        if old.id not in objective.key_results
        else ids.unique_slug(old.id, objective.key_results),
        title=title,
        owner=old.owner,
        rank=ranks.next_rank(list(objective.key_results.values())),
        description=old.description,
        unit=old.unit,
        baseline=start,
        target=target if old.kind != "binary" or old.target is not None else None,
        change=old.change if target is None else None,  # still waiting for a baseline
        stretch=old.stretch if not reached else None,
        direction=old.direction,
        band=list(old.band) if old.band else None,
        weight=old.weight,
        kind=old.kind,
        impact=old.impact,
        indicator=old.indicator,
        links=list(old.links) if old.links else None,
        kpi=old.kpi,
        contributes_to=list(old.contributes_to) if old.contributes_to else None,
        carried_from=ref,
    )
    objective.key_results[kr.id] = kr
    return kr
