"""What a board shows to anyone (``--public``): the one rule for every public front, the
site, ``report --public``, ``okrboard serve --public`` and the app opened ``--public``.

A public board keeps the plan (objectives, key results and their numbers, the roadmap's
public cards, the trees, the KPIs) and leaves out what is about people or for the team
only: owners, leads and check-in authors (``owners`` keeps them), confidence (kept with
``confidence``), check-in notes and blockers, why a target moved, links to trackers,
metric sources, internal roadmap cards, and keys okrboard does not know (``extra``).
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from okrboard.domain import ids, roadmap
from okrboard.domain.model import Board, CheckIn

B = TypeVar("B", bound=Board)


@dataclass(frozen=True)
class Shown:
    """What a public board still shows: ``--show-owners``, ``--show-confidence``."""

    owners: bool = False
    confidence: bool = False


def redact(board: B, shown: Shown = Shown()) -> B:
    """A copy of ``board`` with only what anyone may see (the module's docstring); the
    board itself is not changed."""
    out = copy.deepcopy(board)
    internal = roadmap.internal_cards(board)
    for info in out.teams.values():
        info.extra = {}
        if not shown.owners:
            info.lead = None
    for tq in out.okrs.values():
        tq.extra = {}
        for objective in tq.objectives.values():
            objective.extra = {}
            if not shown.owners:
                objective.owner = None
            for kr in objective.key_results.values():
                kr.target_reason, kr.links, kr.source, kr.extra = None, None, None, {}
                if not shown.owners:
                    kr.owner = None
                if not shown.confidence:
                    kr.confidence = None
                kr.checkins = _checkins(kr.checkins, shown)
    for team, plan in out.roadmaps.items():
        plan.themes = {
            tid: theme
            for tid, theme in plan.themes.items()
            if ids.card_ref(team, tid) not in internal
        }
        for theme in plan.themes.values():
            theme.links, theme.extra = None, {}
            if not shown.owners:
                theme.owner = None
            if not shown.confidence:
                theme.confidence = None
    for tree in out.trees.values():
        tree.extra, tree.file_extra = {}, {}
        if not shown.owners:
            tree.owner = None
        for node in tree.nodes.values():
            node.extra = {}
    for kpis in out.kpis.values():
        kpis.extra = {}
        for kpi in kpis.kpis.values():
            kpi.links, kpi.source, kpi.extra = None, None, {}
            if not shown.owners:
                kpi.owner = None
            kpi.checkins = _checkins(kpi.checkins, shown)
    return out


def _checkins(checkins: list[CheckIn] | None, shown: Shown) -> list[CheckIn] | None:
    if checkins is None:
        return None
    for checkin in checkins:
        checkin.note, checkin.blockers, checkin.extra = None, None, {}
        if not shown.owners:
            checkin.author = None
        if not shown.confidence:
            checkin.confidence = None
    return checkins


def redact_each(
    board_on: Callable[..., B | None] | None, shown: Shown
) -> Callable[..., B | None] | None:
    """``board_on`` (a board as of a day, ``quarters.boards_from_git``) giving public boards."""
    if board_on is None:
        return None

    def on(*args: Any) -> B | None:
        found = board_on(*args)
        return None if found is None else redact(found, shown)

    return on
