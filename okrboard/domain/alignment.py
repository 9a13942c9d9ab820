"""The alignment map: company objectives, and the team objectives and KRs that serve them.

Objectives align to objectives (``aligns_to``, many-to-many) and KRs contribute to KRs
(``contributes_to``). The map of a quarter starts from the objectives of top-level teams
(those without a ``parent``, such as ``company``); under each are the objectives aligned
to it, and under each KR the KRs that contribute to it. An objective of a team with a
parent that aligns to nothing is an orphan.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import cast

from okrboard.domain import ids, links, scoring
from okrboard.domain.model import Board, KeyResult, Objective, Team, ranked


def top_team(teams: dict[str, Team]) -> str | None:
    """The team a new team belongs to by default: the top-level team (no ``parent``)
    that others already belong to, such as ``company``; else the first at the top."""
    tops = [t.id for t in ranked(teams.values()) if not t.parent]
    parents = {t.parent for t in teams.values() if t.parent}
    return next((t for t in tops if t in parents), tops[0] if tops else None)


@dataclass
class Node:
    """An objective or KR in the map, with what aligns or contributes to it."""

    ref: str
    kind: str  # "objective" or "key_result"
    item: Objective | KeyResult
    children: list[Node] = field(default_factory=list)
    repeat: bool = False  # shown in full elsewhere in the map (a loop, or many-to-many)

    @property
    def team(self) -> str:
        return ids.team_of(self.ref)

    # Worked out once for each map (it is made again when the board changes): a row's
    # roll-up covers everything under it, and at 500 teams the tops' took 70 ms each time.
    @cached_property
    def progress(self) -> float | None:
        """The item's own progress (an objective's: weighted over its KRs)."""
        if self.kind == "objective":
            return scoring.objective_progress(cast(Objective, self.item))
        return scoring.progress(cast(KeyResult, self.item))

    @cached_property
    def rollup(self) -> float | None:
        """The mean progress of what aligns or contributes to this item (each child's own
        roll-up where it has one); None when nothing does."""
        values = [child.rollup_or_own for child in self.children if child.kind == self.kind]
        known = [v for v in values if v is not None]
        return sum(known) / len(known) if known else None

    @property
    def rollup_or_own(self) -> float | None:
        rollup = self.rollup
        return self.progress if rollup is None else rollup


@dataclass
class AlignmentMap:
    quarter: str
    roots: list[Node]  # objectives of top-level teams
    orphans: list[Node]  # objectives of other teams aligned to nothing


def is_orphan(board: Board, team: str, objective: Objective) -> bool:
    """An objective of a team that has a parent, aligned to nothing."""
    owner = board.teams.get(team)
    return owner is not None and bool(owner.parent) and not objective.aligns_to


def build(board: Board, quarter: str) -> AlignmentMap:
    """The alignment map of ``quarter``."""
    found = links.Backlinks(board)
    shown: set[str] = set()
    roots, orphans = [], []
    for tq in board.team_quarters(quarter):
        owner = board.teams.get(tq.team)
        for objective in tq.ranked_objectives():
            ref = ids.objective_ref(quarter, tq.team, objective.id)
            if owner is None or not owner.parent:  # a top-level team (or one not listed)
                roots.append(_objective(board, found, ref, objective, shown, ()))
            elif is_orphan(board, tq.team, objective):
                orphans.append(_objective(board, found, ref, objective, shown, ()))
    return AlignmentMap(quarter, roots, orphans)


def _objective(
    board: Board, found: links.Backlinks, ref: str, objective: Objective, shown: set, path: tuple
) -> Node:
    node = Node(ref, "objective", objective, repeat=ref in shown)
    if node.repeat or ref in path:
        node.repeat = True
        return node
    shown.add(ref)
    path = (*path, ref)
    for kr in objective.ranked_key_results():
        node.children.append(_key_result(board, found, ids.child_ref(ref, kr.id), kr, shown, path))
    for below, child in found.aligned.get(ref, ()):
        node.children.append(_objective(board, found, below, child, shown, path))
    return node


def _key_result(
    board: Board, found: links.Backlinks, ref: str, kr: KeyResult, shown: set, path: tuple
) -> Node:
    node = Node(ref, "key_result", kr)
    if ref in path:  # a contribution loop (reported by check): shown once, not followed
        node.repeat = True
        return node
    path = (*path, ref)
    for below in found.contributing.get(ref, ()):
        item = board.key_result(below)
        if item is not None:
            node.children.append(_key_result(board, found, below, item, shown, path))
    return node


def size(found: AlignmentMap) -> int:
    """How many items the map shows, every fold open."""

    def count(node: Node) -> int:
        return 1 + sum(count(child) for child in node.children)

    return sum(count(node) for node in (*found.roots, *found.orphans))


def path_to(found: AlignmentMap, ref: str) -> list[Node] | None:
    """The nodes from a top of the map down to the first place ``ref`` is shown."""

    def search(node: Node) -> list[Node] | None:
        if node.ref == ref:
            return [node]
        for child in node.children:
            if (below := search(child)) is not None:
                return [node, *below]
        return None

    for top in (*found.roots, *found.orphans):
        if (path := search(top)) is not None:
            return path
    return None
