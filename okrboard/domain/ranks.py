"""Order and new items: explicit ranks with gaps, and ids made from titles.

The rules every kind of item shares (objectives, key results, cards, tree nodes); the
board-level edits in ``edits`` build on them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from okrboard.domain import ids
from okrboard.domain.model import ranked

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


def add_item(
    items: dict, cls: Any, title: str, siblings: Any = None, id: str | None = None, **fields: Any
) -> Any:
    """Add ``cls(...)`` to ``items``: the ``id`` chosen, or one made from its title (unique
    among ``items``), and a rank after ``siblings`` (default: every item). The one rule for
    new items."""
    after = list(items.values()) if siblings is None else list(siblings)
    item = cls(id=new_id(items, title, id), title=title, rank=next_rank(after), **fields)
    items[item.id] = item
    return item


def new_id(items: dict, title: str, chosen: str | None = None) -> str:
    """A new item's id among ``items``: the one ``chosen`` (ValueError when it is taken or
    not an id), or one made from its title."""
    if chosen is not None and (problem := id_problem(chosen, items)):
        raise ValueError(problem)
    return chosen or ids.unique_slug(title, items)


def id_problem(text: str, items: dict | set) -> str | None:
    """Why ``text`` cannot be a new item's id among ``items``; None when it can."""
    if text in items:
        return f"{text!r} is taken here by another item: choose another id"
    return ids.slug_problem(text)


def move(items: Sequence, item: Any, offset: int) -> bool:
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
