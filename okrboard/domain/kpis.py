"""KPIs: standing health metrics beside the OKRs. The one place for their rules.

A KPI never expires and has no target. It is judged by its ``band`` (the healthy range)
or, without one, by its ``direction`` (which way is healthier):

- band: inside it is **healthy**; within the band's outer tenth on a side the KPI must not
  leave (the low side of one that should increase, the high side of one that should
  decrease, either side without a direction) it is **watch**; outside it, **unhealthy**.
- direction only: the last move the wrong way is **watch**; the last two, **unhealthy**.
- no check-in yet, or neither band nor direction: **no data**.

A KPI is stale after twice its usual interval between check-ins without one (at least
``stale_days``, at most a quarter).

An OKR that moves a KPI (a KR's ``kpi``) and reaches its target often sets the KPI's new
floor: :func:`raised_band` is what closing the quarter offers.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
from dataclasses import dataclass
from enum import Enum

from okrboard.domain import scoring, valuetext
from okrboard.domain.model import Board, KeyResult, Kpi, Settings

WATCH_SHARE = 0.1  # the band's outer tenth is "watch"
STALE_MAX = 92  # a KPI unread for a quarter is stale, however rarely it is read


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


def as_of(kpi: Kpi, day: dt.date) -> Kpi:
    """The KPI with only the check-ins made by ``day`` (a quarter's review, a past day)."""
    kept = [c for c in kpi.checkins or () if c.date is not None and c.date <= day]
    return dataclasses.replace(kpi, checkins=kept)


def stale_after(kpi: Kpi, settings: Settings) -> int:
    """Days without a check-in after which the KPI is stale: twice its usual interval
    (the median gap between its check-ins: a KPI read monthly is not late after two
    weeks), at least ``stale_days`` and at most a quarter (``STALE_MAX``)."""
    days = sorted(c.date for c in kpi.trend if c.date is not None)
    gaps = sorted((b - a).days for a, b in itertools.pairwise(days))
    usual = gaps[len(gaps) // 2] if gaps else 0
    return max(settings.stale_after, min(2 * usual, STALE_MAX))


def stale(kpi: Kpi, today: dt.date, settings: Settings) -> bool:
    """No check-in for longer than :func:`stale_after`: a KPI nobody reads is not
    known to be healthy."""
    last = kpi.last_checkin
    if last is None or last.date is None:
        return True
    return (today - last.date).days > stale_after(kpi, settings)


def band_text(kpi: Kpi) -> str:
    """``40–100 pts``, ``higher is healthier``, or ``no band``."""
    if kpi.band is not None:
        return valuetext.band_text(kpi.band, kpi.unit)
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
