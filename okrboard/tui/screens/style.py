"""How values look on screen: status colours and number formats, shared by the views."""

from __future__ import annotations

import datetime as dt

from okrboard.domain import kpis, scoring
from okrboard.domain.model import Board, KeyResult, Kpi
from okrboard.domain.text import printable

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


def kpi_value(kpi: Kpi) -> str:
    """``44 pts``; ``—`` before the first check-in."""
    suffix = f" {printable(kpi.unit)}" if kpi.unit and kpi.value is not None else ""
    return number(kpi.value) + suffix


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


def number(value: float | None) -> str:
    """``46``, ``2.96``, ``44.1k``; ``—`` for no value."""
    if value is None:
        return "—"
    if abs(value) >= 10_000:
        return f"{value / 1000:,.1f}k".replace(".0k", "k")
    return f"{value:g}"


def value_text(kr: KeyResult, *, unit: bool = True) -> str:
    """``46 / 50 %``; for a KR that maintains a band, ``99.97 in 99.9–100 %``."""
    suffix = f" {printable(kr.unit)}" if kr.unit and unit else ""
    if scoring.direction(kr) == "maintain" and kr.band:
        low, high = kr.band
        return f"{number(kr.value)} in {number(low)}–{number(high)}{suffix}"
    return f"{number(kr.value)} / {number(kr.aim)}{suffix}"


def aim_text(kr: KeyResult) -> str:
    """``41 → target 50, stretch 55``; a relative target ``210 → 126 (−40%)``."""
    if kr.change is not None:
        change = printable(kr.change).replace("-", "−")
        return f"{number(kr.baseline)} → {number(kr.aim)} ({change})"
    stretch = f", stretch {number(kr.stretch)}" if kr.stretch is not None else ""
    return f"{number(kr.origin)} → target {number(kr.aim)}{stretch}"
