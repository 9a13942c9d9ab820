"""Every edit of a board, as a plain function: the TUI and the command line both call these.

An edit finds what it changes by reference (so it can be applied again after a reload),
changes the model, and returns the part to save (an OKR file, a roadmap, a tree); an edit
that adds an item returns its reference too. Nothing here touches a file: the session
saves what an edit returns (``files.session.Session.edit``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from okrboard.domain import ids, ost, ranks, roadmap
from okrboard.domain.model import (
    Board,
    CheckIn,
    KeyResult,
    Kpi,
    KpiSet,
    Objective,
    OpportunityTree,
    Part,
    Roadmap,
    RoadmapTheme,
    Team,
    TeamQuarter,
    TreeNode,
)
from okrboard.domain.ranks import add_item, move
from okrboard.domain.validate import checkin_date_problem

Item = Objective | KeyResult | RoadmapTheme | TreeNode | Kpi


# -- finding -------------------------------------------------------------------------------


def find(board: Board, ref: str) -> Item:
    """The item ``ref`` names; KeyError with a message fit to show when it is not there."""
    parsed = ids.parse_ref(ref)
    found: Item | None
    if parsed.kind == "objective":
        found = board.objective(ref)
    elif parsed.kind == "key_result":
        found = board.key_result(ref)
    elif parsed.kind == "theme":
        plan = board.roadmaps.get(parsed.parts[0])
        found = plan.themes.get(parsed.id) if plan else None
    elif parsed.kind == "kpi":
        found = board.kpi(ref)
    else:
        tree = board.trees.get(parsed.parts[0])
        found = tree.nodes.get(parsed.id) if tree else None
    if found is None:
        raise KeyError(f"no {parsed.kind.replace('_', ' ')} {ref!r} on this board")
    return found


def part_of(board: Board, ref: str) -> Part:
    """The part (one file's worth of the board) that holds ``ref``."""
    kind = ids.parse_ref(ref).kind
    if kind == "theme":
        return _roadmap(board, ref)
    if kind == "node":
        return _tree(board, ref)
    if kind == "kpi":
        return board.kpis[ids.parse_ref(ref).parts[0]]
    return _team_quarter(board, ref)


def _team_quarter(board: Board, ref: str) -> TeamQuarter:
    quarter, team = ids.parse_ref(ref).parts[:2]
    return board.okrs[(quarter, team)]


def _roadmap(board: Board, ref: str) -> Roadmap:
    return board.roadmaps[ids.parse_ref(ref).parts[0]]


def _tree(board: Board, ref: str) -> OpportunityTree:
    return board.trees[ids.parse_ref(ref).parts[0]]


def _table(board: Board, ref: str) -> dict[str, Any]:
    """The table of items that holds ``ref``: its objective's KRs, its file's objectives,
    themes or nodes."""
    kind = ids.parse_ref(ref).kind
    if kind == "key_result":
        return _objective(board, ref).key_results
    if kind == "theme":
        return _roadmap(board, ref).themes
    if kind == "node":
        return _tree(board, ref).nodes
    if kind == "kpi":
        return board.kpis[ids.parse_ref(ref).parts[0]].kpis
    return _team_quarter(board, ref).objectives


def open_team_quarter(board: Board, quarter: str, team: str) -> TeamQuarter:
    """The team's OKR file for ``quarter``, started empty when it has none yet."""
    key = (quarter, team)
    if key not in board.okrs:
        board.okrs[key] = TeamQuarter(quarter, team)
    return board.okrs[key]


def open_roadmap(board: Board, team: str) -> Roadmap:
    """The team's roadmap, started empty when it has none yet."""
    if team not in board.roadmaps:
        board.roadmaps[team] = Roadmap(team=team)
    return board.roadmaps[team]


# -- any item --------------------------------------------------------------------------------


def assign(item: Any, values: dict[str, Any]) -> None:
    """Set parsed values on an item (None clears a field). A value set now replaces one
    that was kept in ``extra`` as invalid. The one rule for setting fields."""
    for name, value in values.items():
        setattr(item, name, value)
        item.extra.pop(name, None)


def set_fields(board: Board, ref: str, values: dict[str, Any]) -> Part:
    """Set fields of the item ``ref`` (a form's parsed values, a text from the editor)."""
    assign(find(board, ref), values)
    return part_of(board, ref)


def delete(board: Board, ref: str) -> Part:
    """Delete an objective (with its KRs), a KR, a card, or a tree node with its subtree."""
    parsed = ids.parse_ref(ref)
    find(board, ref)  # a clear error when it is already gone
    if parsed.kind == "node":
        ost.delete_subtree(_tree(board, ref), parsed.id)
    else:
        del _table(board, ref)[parsed.id]
    return part_of(board, ref)


def reorder(board: Board, ref: str, offset: int) -> Part:
    """Move an objective, KR or card ``offset`` places among its siblings (a card among
    the cards of its column, a node among its parent's children)."""
    item = find(board, ref)
    siblings = list(_table(board, ref).values())
    if isinstance(item, RoadmapTheme):
        siblings = [t for t in siblings if t.horizon == item.horizon]
    elif isinstance(item, TreeNode):
        siblings = [n for n in siblings if n.parent == item.parent]
    move(siblings, item, offset)
    return part_of(board, ref)


def _objective(board: Board, kr_ref: str) -> Objective:
    objective = board.objective(str(ids.parse_ref(kr_ref).parent))
    if objective is None:
        raise KeyError(f"no objective for {kr_ref!r} on this board")
    return objective


# -- OKRs -----------------------------------------------------------------------------------


def new_objective(
    board: Board, quarter: str, team: str, values: dict[str, Any]
) -> tuple[TeamQuarter, str]:
    """Add an objective (``values`` has its title); the team's quarter is opened if new."""
    tq = open_team_quarter(board, quarter, team)
    fields = _set(values)
    added = add_objective(tq, fields.pop("title"), **fields)
    return tq, ids.objective_ref(quarter, team, added.id)


def new_key_result(
    board: Board, objective_ref: str, values: dict[str, Any]
) -> tuple[TeamQuarter, str]:
    """Add a key result to an objective (``values`` has its title)."""
    objective = find(board, objective_ref)
    assert isinstance(objective, Objective), objective_ref
    fields = _set(values)
    added = add_key_result(objective, fields.pop("title"), **fields)
    return _team_quarter(board, objective_ref), ids.child_ref(objective_ref, added.id)


def add_objective(tq: TeamQuarter, title: str, **fields: Any) -> Objective:
    return add_item(tq.objectives, Objective, title, **fields)


def add_key_result(objective: Objective, title: str, **fields: Any) -> KeyResult:
    return add_item(objective.key_results, KeyResult, title, **fields)


def add_checkin(kr: KeyResult | Kpi, checkin: CheckIn) -> CheckIn | None:
    """Record a check-in in date order, replacing one on the same day (one per day); the
    one replaced, if any. A KR's ``current`` and confidence follow the newest check-in; a relative
    target still waiting for its baseline takes the first value measured."""
    replaced = same_day(kr, checkin.date)
    kept = [c for c in kr.checkins or [] if c is not replaced]
    day = checkin.date
    # in date order: a backdated one goes where its date belongs, before any later one
    at = next((i for i, c in enumerate(kept) if day and c.date and c.date > day), len(kept))
    kr.checkins = [*kept[:at], checkin, *kept[at:]]
    if not isinstance(kr, KeyResult):
        return replaced
    if kr.change is not None and kr.baseline is None and kr.trend == [checkin]:
        kr.baseline = checkin.value
    newest = kr.last_checkin
    if newest is checkin:
        kr.current = checkin.value
        if checkin.confidence is not None:
            kr.confidence = checkin.confidence
    return replaced


def same_day(kr: KeyResult | Kpi, day: dt.date | None) -> CheckIn | None:
    """The KR's check-in on ``day``, which a new one that day replaces."""
    return next((c for c in kr.checkins or () if day is not None and c.date == day), None)


def record_checkin(
    board: Board, ref: str, checkin: CheckIn, today: dt.date | None = None
) -> TeamQuarter | KpiSet:
    """Check in on the KR or KPI ``ref``; the file to save. The TUI and ``okrboard checkin``
    both record check-ins through this, so a check-in is written the same way. A date
    after ``today`` (default: the real one) or outside the KR's quarter is refused
    (ValueError)."""
    item = find(board, ref)
    if not isinstance(item, KeyResult | Kpi):
        raise KeyError(f"{ref!r} is not a key result or a KPI: only those take check-ins")
    kpi = isinstance(item, Kpi)  # a KPI never expires: any day up to today
    if checkin.date is not None:
        problem = checkin_date_problem(
            checkin.date,
            None if kpi else ids.quarter_of(ref),
            today or dt.date.today(),
            board.settings.calendar,
        )
        if problem:
            raise ValueError(problem)
    add_checkin(item, checkin)
    return board.kpis[ids.team_of(ref)] if kpi else _team_quarter(board, ref)


def last_confidence(kr: KeyResult) -> int | None:
    """The confidence to offer for the next check-in."""
    last = kr.last_checkin
    if last is not None and last.confidence is not None:
        return last.confidence
    return kr.confidence


# -- the roadmap ------------------------------------------------------------------------------


def new_card(board: Board, team: str, values: dict[str, Any]) -> tuple[Roadmap, str]:
    """Add a card to a team's roadmap (``values`` has its title and horizon), last in its
    column; the roadmap is started if the team has none."""
    plan = open_roadmap(board, team)
    fields = _set(values)
    title, horizon = fields.pop("title"), fields.pop("horizon")
    theme = roadmap.add_theme(plan, title, horizon, **fields)
    return plan, ids.card_ref(team, theme.id)


def move_card(
    board: Board, ref: str, step: int, horizons: tuple[str, ...] = roadmap.ALL
) -> Roadmap:
    """Move a card ``step`` columns among ``horizons``: one line, ``horizon``, changes."""
    theme = find(board, ref)
    assert isinstance(theme, RoadmapTheme), ref
    roadmap.move_horizon(theme, step, horizons)
    return _roadmap(board, ref)


def link_key_results(
    board: Board, ref: str, picked: Iterable[str], quarters: Iterable[str]
) -> Roadmap:
    """Set the KRs of ``quarters`` that a card serves to ``picked`` (in that order); its
    links to KRs of other quarters stay."""
    theme = find(board, ref)
    assert isinstance(theme, RoadmapTheme), ref
    shown = set(quarters)
    kept = [kr for kr in theme.key_results or () if ids.quarter_of(kr) not in shown]
    theme.key_results = (kept + list(picked)) or None
    return _roadmap(board, ref)


# -- trees --------------------------------------------------------------------------------------


def new_node(
    board: Board, tree_id: str, node_type: str, parent: str | None, values: dict[str, Any]
) -> tuple[OpportunityTree, str]:
    """Add a node of ``node_type`` under ``parent`` (None: the top), last among its
    siblings; ``values`` has its title."""
    tree = board.trees[tree_id]
    fields = _set(values)
    node = ost.add_node(tree, node_type, fields.pop("title"), parent, **fields)
    return tree, ids.node_ref(tree_id, node.id)


def move_node(board: Board, ref: str, parent: str | None) -> OpportunityTree:
    """Move a node, with its subtree, under ``parent``: one line, ``parent``, changes."""
    tree = _tree(board, ref)
    ost.reparent(tree, ids.parse_ref(ref).id, parent)
    return tree


def card_for_solution(board: Board, team: str, solution_ref: str) -> tuple[Roadmap, str]:
    """A card in Next for a solution, linked back to it and to its tree's key result."""
    node = find(board, solution_ref)
    tree = _tree(board, solution_ref)
    values = {
        "title": node.label,
        "horizon": "next",
        "solution": solution_ref,
        "key_results": [tree.outcome] if tree.outcome else None,
        "status": "discovery",
    }
    return new_card(board, team, values)


def _set(values: dict[str, Any]) -> dict[str, Any]:
    """The values a new item is made with: those given (a form's empty fields are None)."""
    return {k: v for k, v in values.items() if v is not None}


# -- trees, teams and the board's settings ---------------------------------------------------


def new_tree(board: Board, values: dict[str, Any]) -> tuple[OpportunityTree, str]:
    """Start an opportunity tree (``values``: its title and outcome KR; an id chosen, or
    one made from the title)."""
    fields = _set(values)
    tree_id = ranks.new_id(board.trees, fields["title"], fields.pop("id", None))
    board.trees[tree_id] = tree = OpportunityTree(id=tree_id, **fields)
    return tree, tree_id


def new_team(board: Board, values: dict[str, Any]) -> tuple[Board, str]:
    """Add a team to board.toml (``values``: its name; an id chosen, or one made from the
    name), ranked after the others."""
    fields = _set(values)
    team_id = ranks.new_id(board.teams, fields["name"], fields.pop("id", None))
    rank = ranks.next_rank(list(board.teams.values()))
    board.teams[team_id] = Team(id=team_id, rank=rank, **fields)
    return board, team_id


def set_settings(board: Board, values: dict[str, Any]) -> Board:
    """Set the board's ``[settings]`` (None: back to the default)."""
    assign(board.settings, values)
    return board


def set_coach(board: Board, values: dict[str, Any]) -> Board:
    """Set the coach's thresholds, ``[coach]`` (None: back to the default)."""
    assign(board.coach, values)
    return board
