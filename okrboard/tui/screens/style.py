"""How values look on screen: status colours, and the KPI and issue lines the views share
(numbers and values: ``domain/valuetext``)."""

from __future__ import annotations

import datetime as dt

from okrboard.domain import kpis, scoring
from okrboard.domain.model import Board
from okrboard.domain.text import printable
from okrboard.domain.valuetext import kpi_value

STATUS_STYLE = {
    scoring.Status.ON_TRACK: "green",
    scoring.Status.DONE: "green",
    scoring.Status.NOT_YET: "yellow",
    scoring.Status.MISSED: "red",
    scoring.Status.AT_RISK: "yellow",
    scoring.Status.OFF_TRACK: "red",
    scoring.Status.STALE: "italic magenta",  # told from off track by more than colour
    scoring.Status.NOT_STARTED: "dim",
    scoring.Status.NO_DATA: "dim",
}


HEALTH_STYLE = {
    kpis.Health.HEALTHY: "green",
    kpis.Health.WATCH: "yellow",
    kpis.Health.UNHEALTHY: "red",
    kpis.Health.NO_DATA: "dim",
}


def kpi_text(board: Board, ref: str) -> str:
    """``Net promoter score: 44 pts, healthy (40–100)`` for a KR's KPI."""
    kpi = board.kpi(ref)
    if kpi is None:
        return f"{printable(ref)} (not on this board)"
    state = kpis.health(kpi).value
    return f"{printable(kpi.label)}: {kpi_value(kpi)}, {state} ({kpis.band_text(kpi)})"


def issues_text(board: Board, links: list[str] | None, today: dt.date) -> str:
    """``3 of 5 done · imported 2 days ago``: the linked issues as last imported (``okrboard
    links import``); empty when none is."""
    # lazy: the trackers' module loads with the first detail that has links
    from okrboard.measure import trackers

    linked = trackers.load(board.root) if links else None
    return trackers.summary(linked.of(links), today) if linked else ""
