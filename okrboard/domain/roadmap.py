"""The roadmap's rules: columns, moves between horizons, and the gaps between roadmap and
OKRs (a Now card that serves no key result; a key result that no Now or Next card serves).
No textual here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from okrboard.domain import ids, ranks
from okrboard.domain.model import Board, Roadmap, RoadmapTheme, ranked
from okrboard.domain.text import count

MAIN = ("now", "next", "later")
ALL = ("now", "next", "later", "done", "not-now")
TITLES = {"now": "Now", "next": "Next", "later": "Later", "done": "Done", "not-now": "Not now"}


@dataclass(frozen=True)
class Card:
    """A theme as the roadmap view shows it: where it lives and what it is flagged for."""

    team: str
    theme: RoadmapTheme

    @property
    def ref(self) -> str:
        return str(ids.Ref("theme", (self.team, self.theme.id)))

    @property
    def serves_no_kr(self) -> bool:
        return serves_no_kr(self.theme)


def serves_no_kr(theme: RoadmapTheme) -> bool:
    """A Now card linked to no key result: work that no outcome asks for."""
    return theme.horizon == "now" and not theme.key_results


def columns(
    board: Board,
    *,
    team: str | None = None,
    text: str = "",
    public: bool = False,
    show_all: bool = False,
    serving: str | None = None,
) -> dict[str, list[Card]]:
    """Cards by horizon, ranked (by team order, then rank, across teams).

    ``text`` matches title, owner, tags, status, team and visibility; ``public`` hides
    internal cards; ``show_all`` adds Done and Not now; ``serving`` keeps the cards linked
    to that key result.
    """
    horizons = ALL if show_all else MAIN
    order = {t.id: i for i, t in enumerate(ranked(board.teams.values()))}
    needle = text.strip().lower()
    found: dict[str, list[Card]] = {h: [] for h in horizons}
    for team_id in sorted(board.roadmaps, key=lambda t: (order.get(t, len(order)), t)):
        if team and team_id != team:
            continue
        for theme in ranked(board.roadmaps[team_id].themes.values()):
            if theme.horizon not in found:
                continue
            if public and theme.visibility == "internal":
                continue
            if serving and serving not in (theme.key_results or ()):
                continue
            if needle and needle not in _words(board, team_id, theme):
                continue
            found[theme.horizon].append(Card(team_id, theme))
    return found


def _words(board: Board, team: str, theme: RoadmapTheme) -> str:
    team_obj = board.teams.get(team)
    parts = [
        team,
        team_obj.label if team_obj else "",
        theme.label,
        theme.owner or "",
        theme.status or "",
        theme.visibility or "",
        *(theme.tags or ()),
    ]
    return " ".join(parts).lower()


def next_horizon(horizon: str | None, step: int, horizons: tuple[str, ...] = ALL) -> str | None:
    """The horizon ``step`` columns away (left is negative), or None past either end."""
    if horizon not in horizons:
        return None
    index = horizons.index(horizon) + step
    return horizons[index] if 0 <= index < len(horizons) else None


def move_horizon(theme: RoadmapTheme, step: int, horizons: tuple[str, ...] = ALL) -> bool:
    """Move a card ``step`` columns. Changes one line: ``horizon``.

    The rank stays, so the card lands where its rank puts it among the new column's cards.
    """
    target = next_horizon(theme.horizon, step, horizons)
    if target is None:
        return False
    theme.horizon = target
    return True


def add_theme(roadmap: Roadmap, title: str, horizon: str, **fields: Any) -> RoadmapTheme:
    """A new card with an id made from its title, last in its column."""
    column = [t for t in roadmap.themes.values() if t.horizon == horizon]
    return ranks.add_item(roadmap.themes, RoadmapTheme, title, column, horizon=horizon, **fields)


def krs_without_card(board: Board, quarter: str) -> list[str]:
    """Key results of ``quarter`` that no Now or Next card serves."""
    served = {
        ref
        for roadmap in board.roadmaps.values()
        for theme in roadmap.themes.values()
        if theme.horizon in ("now", "next")
        for ref in theme.key_results or ()
    }
    return [ref for ref, _, _ in board.iter_key_results(quarter) if ref not in served]


def now_without_kr(board: Board) -> list[Card]:
    """Now cards that serve no key result."""
    return [
        Card(team, theme)
        for team, roadmap in sorted(board.roadmaps.items())
        for theme in ranked(t for t in roadmap.themes.values() if serves_no_kr(t))
    ]


def impact_text(board: Board, ref: str, amount: float) -> str:
    """``+5 %`` or ``-25 tickets/mo``: an expected change in the KR's own unit."""
    kr = board.key_result(ref)
    unit = f" {kr.unit}" if kr and kr.unit else ""
    return f"{amount:+g}{unit}"


def gaps_text(board: Board, open_krs: list[str] | None = None) -> str:
    """One line on the gaps between roadmap and OKRs; empty when there are none.
    ``open_krs``: ``krs_without_card`` of the current quarter, if the caller has it."""
    quarter = board.current_quarter or ""
    idle = now_without_kr(board)
    if open_krs is None:
        open_krs = krs_without_card(board, quarter) if quarter else []
    parts = []
    if idle:
        names = ", ".join(c.theme.label for c in idle[:2])
        cards = "1 Now card serves" if len(idle) == 1 else f"{len(idle)} Now cards serve"
        parts.append(f"⚠ {cards} no key result ({names})")
    if open_krs:
        verb = "has" if len(open_krs) == 1 else "have"
        parts.append(f"{count(len(open_krs), 'KR')} of {quarter} {verb} no card in Now or Next")
    return "  ·  ".join(parts)


def internal_cards(*boards: Board | None) -> dict[str, str]:
    """The internal roadmap cards of ``boards`` (a card internal on either side of a
    comparison counts): reference -> title. A public view leaves them out everywhere."""
    return {
        ids.card_ref(team, theme.id): theme.label
        for board in boards
        if board is not None
        for team, plan in board.roadmaps.items()
        for theme in plan.themes.values()
        if theme.visibility == "internal"
    }
