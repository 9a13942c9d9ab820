"""KPIs: standing health metrics beside the OKRs. The one place for their rules.

A KPI never expires and has no target. It is judged by its ``band`` (the healthy range)
or, without one, by its ``direction`` (which way is healthier):

- band: inside it is **healthy**; within the band's outer tenth on a side the KPI must not
  leave (the low side of one that should increase, the high side of one that should
  decrease, either side without a direction) it is **watch**; outside it, **unhealthy**.
- direction only: the last move the wrong way is **watch**; the last two, **unhealthy**.
- no check-in yet, or neither band nor direction: **no data**.

An OKR that moves a KPI (a KR's ``kpi``) and reaches its target often sets the KPI's new
floor: :func:`raised_band` is what closing the quarter offers.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass
from enum import Enum

from okrboard.domain import scoring
from okrboard.domain.model import Board, KeyResult, Kpi, Settings

WATCH_SHARE = 0.1  # the band's outer tenth is "watch"


class Health(Enum):
    HEALTHY = "healthy"
    WATCH = "watch"
    UNHEALTHY = "unhealthy"
    NO_DATA = "no data"


def health(kpi: Kpi) -> Health:
    """The KPI's health from its newest value (see the module doc)."""
    values = [c.value for c in kpi.trend if c.value is not None]
    if not values:
        return Health.NO_DATA
    value = values[-1]
    if kpi.band is not None:
        low, high = kpi.band
        if not low <= value <= high:
            return Health.UNHEALTHY
        margin = (high - low) * WATCH_SHARE
        near_low = value < low + margin and kpi.direction != "decrease"
        near_high = value > high - margin and kpi.direction != "increase"
        return Health.WATCH if near_low or near_high else Health.HEALTHY
    if kpi.direction is None:
        return Health.NO_DATA
    sign = 1 if kpi.direction == "increase" else -1
    worse = [sign * (b - a) < 0 for a, b in itertools.pairwise(values)]
    if worse[-2:] == [True, True]:
        return Health.UNHEALTHY
    return Health.WATCH if worse[-1:] == [True] else Health.HEALTHY


def stale(kpi: Kpi, today: dt.date, settings: Settings) -> bool:
    """No check-in for more than ``stale_days``: a KPI nobody looks at is not healthy."""
    last = kpi.last_checkin
    return last is None or last.date is None or (today - last.date).days > settings.stale_after


def band_text(kpi: Kpi) -> str:
    """``healthy 40–100``, ``higher is healthier``, or ``no band``."""
    if kpi.band is not None:
        low, high = kpi.band
        return f"{low:g}–{high:g}"
    return {"increase": "higher is healthier", "decrease": "lower is healthier"}.get(
        kpi.direction or "", "no band"
    )


@dataclass(frozen=True)
class Raise:
    """A KPI band to move at a quarter's close: the KR that reached a new level set it."""

    kpi_ref: str
    kr_ref: str
    old: list[float]
    new: list[float]


def raised_band(board: Board, kr_ref: str, kr: KeyResult) -> Raise | None:
    """The band ``kr``'s KPI would have if the level the KR reached became its new floor
    (or ceiling, for a KR that decreases); None when the KR names no KPI with a band, did
    not reach its target, or the band already holds that level."""
    kpi = board.kpi(kr.kpi) if kr.kpi else None
    way = scoring.direction(kr)
    if kpi is None or kpi.band is None or kr.value is None or way not in ("increase", "decrease"):
        return None
    if (scoring.progress(kr) or 0) < 1:
        return None
    low, high = kpi.band
    if way == "increase" and low < kr.value <= high:
        new = [kr.value, high]
    elif way == "decrease" and low <= kr.value < high:
        new = [low, kr.value]
    else:
        return None
    assert kr.kpi is not None  # kpi was found from it
    return Raise(kr.kpi, kr_ref, [low, high], new)


def moved_by(board: Board, kpi_ref: str) -> list[tuple[str, KeyResult]]:
    """The key results that name ``kpi_ref`` as the KPI they move, by reference."""
    return [(ref, kr) for ref, _, kr in board.iter_key_results() if kr.kpi == kpi_ref]
