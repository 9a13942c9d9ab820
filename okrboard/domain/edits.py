"""Edits of the model as plain functions: the rules of adding, ordering and checking in.

The app and the command line call these, then save the part they changed; nothing here
touches a file.
"""

from __future__ import annotations

from collections.abc import Sequence

from okrboard.domain import ids
from okrboard.domain.model import Board, CheckIn, KeyResult, Objective, TeamQuarter, ranked

RANK_STEP = 10  # gaps, so that putting an item between two others changes one line


def next_rank(items: Sequence) -> int:
    """A rank after every ranked item, in the file's own style: 1, 2, 3 continues with 4;
    10, 20, 30 with 40."""
    ranks = [i.rank for i in items if i.rank is not None]
    if not ranks:
        return RANK_STEP
    if max(ranks) < RANK_STEP:
        return max(ranks) + 1
    return (max(ranks) // RANK_STEP + 1) * RANK_STEP


def add_item(items: dict, cls, title: str, siblings=None, **fields):
    """Add ``cls(...)`` to ``items``: an id made from its title (unique among ``items``) and
    a rank after ``siblings`` (default: every item). The one rule for new items."""
    after = list(items.values()) if siblings is None else list(siblings)
    item = cls(id=ids.unique_slug(title, items), title=title, rank=next_rank(after), **fields)
    items[item.id] = item
    return item


def add_objective(tq: TeamQuarter, title: str, **fields) -> Objective:
    return add_item(tq.objectives, Objective, title, **fields)


def add_key_result(objective: Objective, title: str, **fields) -> KeyResult:
    return add_item(objective.key_results, KeyResult, title, **fields)


def move(items: Sequence, item, offset: int) -> bool:
    """Move ``item`` ``offset`` places among ``items`` (ranked order); False at an end.

    Swaps ranks with the neighbour, so a move changes two lines; when ranks are missing or
    tied they are renumbered first (10, 20, 30 …).
    """
    order = ranked(items)
    index = order.index(item)
    target = index + offset
    if not 0 <= target < len(order):
        return False
    ranks = [i.rank for i in order]
    if None in ranks or len(set(ranks)) != len(ranks):
        for position, each in enumerate(order, start=1):
            each.rank = position * RANK_STEP
    neighbour = order[target]
    item.rank, neighbour.rank = neighbour.rank, item.rank
    return True


def add_checkin(kr: KeyResult, checkin: CheckIn) -> None:
    """Record a check-in; the KR's current value and confidence follow the newest one."""
    kr.checkins = [*(kr.checkins or []), checkin]
    newest = kr.last_checkin
    if newest is checkin:
        kr.current = checkin.value
        if checkin.confidence is not None:
            kr.confidence = checkin.confidence


def record_checkin(board: Board, ref: str, checkin: CheckIn) -> TeamQuarter:
    """Check in on the KR ``ref``; the OKR file to save. The TUI and ``okrboard checkin``
    both record check-ins through this, so a check-in is written the same way."""
    kr = board.key_result(ref)
    if kr is None:
        raise KeyError(f"no key result {ref!r} on this board")
    add_checkin(kr, checkin)
    quarter, team = ref.split("/")[:2]
    return board.okrs[(quarter, team)]


def last_confidence(kr: KeyResult) -> int | None:
    """The confidence to offer for the next check-in."""
    last = kr.last_checkin
    if last is not None and last.confidence is not None:
        return last.confidence
    return kr.confidence
