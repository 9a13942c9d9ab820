"""Links between items, followed both ways: alignment, contributions, roadmap themes."""

from __future__ import annotations

from okrboard.domain import ids
from okrboard.domain.model import Board, Objective, RoadmapTheme


def aligned_from(board: Board, objective_ref: str) -> list[tuple[str, Objective]]:
    """Objectives that align to ``objective_ref`` (its children in the alignment map)."""
    found = []
    for (quarter, team), tq in board.okrs.items():
        for objective in tq.ranked_objectives():
            if objective_ref in (objective.aligns_to or ()):
                found.append((ids.objective_ref(quarter, team, objective.id), objective))
    return found


def contributors(board: Board, kr_ref: str) -> list[str]:
    """References of the KRs that contribute to ``kr_ref``."""
    return [ref for ref, _, kr in board.iter_key_results() if kr_ref in (kr.contributes_to or ())]


def themes_for(board: Board, ref: str) -> list[tuple[str, RoadmapTheme]]:
    """Roadmap themes linked to an objective or KR (for an objective: to any of its KRs)."""
    objective_ref = ids.objective_of(ref)
    found = []
    for team, roadmap in sorted(board.roadmaps.items()):
        for theme in roadmap.themes.values():
            krs = theme.key_results or []
            objectives = theme.objectives or []
            if (
                ref in krs
                or ref in objectives
                or (ref == objective_ref and any(k.startswith(ref + "/") for k in krs))
            ):
                found.append((str(ids.Ref("theme", (team, theme.id))), theme))
    return found


def label(board: Board, ref: str) -> str:
    """The title of what ``ref`` names, or the reference itself when it names nothing."""
    item = board.key_result(ref) or board.objective(ref)
    return item.label if item else ref
