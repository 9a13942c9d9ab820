"""What is due: the check-ins each owner owes, from the stale rule. ``okrboard due`` and
the app's check-in walk (``W``) read the same list.

A key result of the current quarter is due a check-in ``stale_days`` after its last one
(or after the quarter began); a KPI after its own usual interval (``kpis.stale_after``).
``within`` days ahead, what falls due by then is listed too, so a weekly reminder names
what would go stale before the next one. Done, missed and closed items owe nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from okrboard.domain import ids, kpis, scoring
from okrboard.domain.model import Board

WITHIN = 7  # days ahead a reminder looks by default: a week, the check-in rhythm


@dataclass(frozen=True)
class Owed:
    ref: str
    label: str
    owner: str | None
    what: str  # "key result" or "KPI"
    due: dt.date  # the day it goes stale without a check-in
    last: dt.date | None  # its last check-in

    def when(self, today: dt.date) -> str:
        """``overdue since Nov 12``, ``due today``, ``due Dec 03``."""
        if self.due < today:
            return f"overdue since {self.due:%b %d}"
        return "due today" if self.due == today else f"due {self.due:%b %d}"

    def as_dict(self) -> dict:
        return {
            "ref": self.ref,
            "title": self.label,
            "owner": self.owner,
            "what": self.what,
            "due": self.due.isoformat(),
            "last_checkin": self.last.isoformat() if self.last else None,
        }


def owed(
    board: Board, today: dt.date, within: int = WITHIN, owner: str | None = None
) -> list[Owed]:
    """The check-ins owed by ``today + within`` (each owner's, or ``owner``'s), the most
    overdue first."""
    settings = board.settings
    found: list[Owed] = []
    quarter = board.current_quarter
    if quarter and ids.is_quarter(quarter):
        start, end = settings.calendar.span(quarter)
        for tq in board.team_quarters(quarter) if start <= today <= end else ():
            if tq.closed is not None:
                continue
            for objective in tq.ranked_objectives():
                for kr in objective.ranked_key_results():
                    state = scoring.status(kr, quarter, today, settings)
                    if state in (scoring.Status.DONE, scoring.Status.MISSED):
                        continue
                    last = kr.last_checkin.date if kr.last_checkin else None
                    began = scoring.began(kr, quarter, settings)  # added mid-quarter: from then
                    due = (last or began) + dt.timedelta(days=settings.stale_after)
                    ref = ids.kr_ref(quarter, tq.team, objective.id, kr.id)
                    who = kr.owner or objective.owner
                    found.append(Owed(ref, kr.label, who, "key result", due, last))
    for ref, kpi in board.iter_kpis():
        last = kpi.last_checkin.date if kpi.last_checkin else None
        due = last + dt.timedelta(days=kpis.stale_after(kpi, settings)) if last else today
        found.append(Owed(ref, kpi.label, kpi.owner, "KPI", due, last))
    limit = today + dt.timedelta(days=within)
    wanted = owner.casefold().strip() if owner else None
    mine = [o for o in found if wanted is None or (o.owner or "").casefold() == wanted]
    return sorted((o for o in mine if o.due <= limit), key=lambda o: (o.due, o.owner or "", o.ref))


def by_owner(items: list[Owed]) -> dict[str, list[Owed]]:
    """The owed check-ins grouped by owner (``no owner`` last)."""
    groups: dict[str, list[Owed]] = {}
    for item in items:
        groups.setdefault(item.owner or "", []).append(item)
    return dict(sorted(groups.items(), key=lambda pair: (not pair[0], pair[0])))
