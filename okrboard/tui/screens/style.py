"""How values look on screen: status colours and number formats, shared by the views."""

from __future__ import annotations

from okrboard.domain import scoring
from okrboard.domain.model import KeyResult
from okrboard.domain.text import printable

STATUS_STYLE = {
    scoring.Status.ON_TRACK: "green",
    scoring.Status.DONE: "green",
    scoring.Status.AT_RISK: "yellow",
    scoring.Status.OFF_TRACK: "red",
    scoring.Status.STALE: "italic magenta",  # told from off track by more than colour
    scoring.Status.NOT_STARTED: "dim",
    scoring.Status.NO_DATA: "dim",
}


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
    return f"{number(kr.value)} / {number(kr.target)}{suffix}"
