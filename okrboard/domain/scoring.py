"""Scoring: progress, grade, roll-up, status, verdict and forecast. The one place for these.

- Progress is direction-aware and clamped to 0..1: increase (c-b)/(t-b), decrease
  (b-c)/(b-t), maintain 1.0 inside the band and 0.0 outside it. The target is the KR's
  ``aim``: as written, or derived from a relative ``change``. A binary KR scores exactly
  0 or 1: done when its value reaches the target.
- Grade is 0..1. Without a stretch it equals progress. With a stretch beyond the target,
  reaching the target grades 0.7 (the committed goal) and reaching the stretch 1.0, so the
  0.7 rule holds: 0.7 and above is success. A stretch short of the target is ignored (and
  ``check`` says so). A grade written at the quarter's close wins over the computed one; a
  quarter not begun has no grade.
- A KR is judged from the day it began (``began``): its ``start``, else the day it was
  added (``born``, from git), never before its quarter's start.
- Status compares progress with the share of the time from that day to the deadline that
  has elapsed, and a KR with no check-in for ``stale_days`` is stale: silence is never
  green. A KR without a check-in is "not started" for its first ``stale_days``; a
  finished milestone or binary KR is done. A KR with a ``due`` date is expected to get
  there by that day, and after it is done or missed, final; a binary KR not reached is
  "not yet" until then, and does not count against its objective.
- The verdict is one word per KR: its status until the quarter closes, then its grade's
  band; a final KR past its deadline is done or missed whatever its grade.
- Time is the board's calendar (``Settings.calendar``): a fiscal year moves every quarter.
- The forecast needs three check-ins over two weeks, and stays between no progress and
  the whole way again (a trend line says little beyond that).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum

from okrboard.domain.model import KeyResult, Objective, Settings


class Status(Enum):
    ON_TRACK = "on track"
    AT_RISK = "at risk"
    OFF_TRACK = "off track"
    STALE = "stale"
    NOT_STARTED = "not started"
    DONE = "done"  # a milestone or binary KR reached: nothing left to check in
    NOT_YET = "not yet"  # a binary KR not reached, before its deadline
    MISSED = "missed"  # past its deadline (due, or a binary KR's quarter) and not reached
    NO_DATA = "no data"  # progress cannot be measured (a target missing or invalid)


class GradeBand(Enum):
    SUCCESS = "success"  # at or above the success grade (0.7)
    PROGRESS = "progress"  # made progress but fell short (0.4 .. 0.7)
    MISSED = "missed"  # below 0.4


def direction(kr: KeyResult) -> str | None:
    """The KR's direction: as written, or inferred from baseline and target."""
    if kr.direction:
        return kr.direction
    if kr.band is not None:
        return "maintain"
    base, aim = kr.origin, kr.aim
    if base is None or aim is None:
        return None
    return "decrease" if aim < base else "increase"


def progress_at(kr: KeyResult, value: float | None) -> float | None:
    """Progress 0..1 of ``value`` towards the KR's target; None when it cannot be measured."""
    way = direction(kr)
    if value is None or way is None:
        return None
    if way == "maintain":
        if kr.band is None:
            return None
        low, high = kr.band
        return 1.0 if low <= value <= high else 0.0
    base, target = kr.origin, kr.aim
    if base is None or target is None or base == target:
        return None
    share = (value - base) / (target - base)
    if kr.kind == "binary":
        return 1.0 if share >= 1 else 0.0
    return min(1.0, max(0.0, share))


def progress(kr: KeyResult) -> float | None:
    return progress_at(kr, kr.value)


def stretch_beyond_target(kr: KeyResult) -> bool:
    """Whether the KR's stretch lies past its target, seen from the baseline (a usable one)."""
    base, target, stretch = kr.origin, kr.aim, kr.stretch
    if base is None or target is None or stretch is None or base == target:
        return False
    if direction(kr) == "maintain" or kr.kind == "binary":
        return False
    return (stretch - target) * (target - base) > 0


def stretch_progress(kr: KeyResult) -> float | None:
    """Progress 0..1 from target to stretch; None without a usable stretch."""
    value, target, stretch = kr.value, kr.aim, kr.stretch
    if value is None or target is None or stretch is None or not stretch_beyond_target(kr):
        return None
    return min(1.0, max(0.0, (value - target) / (stretch - target)))


def grade(kr: KeyResult) -> float | None:
    """The KR's grade 0..1: the one written at close, else computed (see module doc)."""
    if kr.grade is not None:
        return kr.grade
    share = progress(kr)
    if share is None:
        return None
    beyond = stretch_progress(kr)
    if beyond is None:
        return round(share, 2)
    return round(0.7 * share + 0.3 * beyond, 2)


def begun(quarter: str, today: dt.date, settings: Settings | None = None) -> bool:
    """Whether ``quarter`` has begun by ``today``: before, nothing in it has a grade."""
    return today >= (settings or Settings()).calendar.span(quarter)[0]


def grade_as_of(
    kr: KeyResult, quarter: str, today: dt.date, settings: Settings | None = None
) -> float | None:
    """The KR's grade, or None while its quarter has not begun (nothing to grade yet)."""
    return grade(kr) if begun(quarter, today, settings) else None


def grade_band(value: float, settings: Settings | None = None) -> GradeBand:
    success = (settings or Settings()).success
    if value >= success:
        return GradeBand.SUCCESS
    return GradeBand.PROGRESS if value >= 0.4 else GradeBand.MISSED


def weighted_mean(pairs: list[tuple[float | None, float]]) -> float | None:
    """Mean of ``(value, weight)`` pairs, skipping unknown values; None if nothing counts."""
    known = [(v, w) for v, w in pairs if v is not None and w > 0]
    total = sum(w for _, w in known)
    return sum(v * w for v, w in known) / total if total else None


def _weight(kr: KeyResult) -> float:
    return 1.0 if kr.weight is None else kr.weight


def objective_progress(objective: Objective) -> float | None:
    """Weighted mean of the objective's KR progress."""
    krs = objective.key_results.values()
    return weighted_mean([(progress(kr), _weight(kr)) for kr in krs])


def objective_grade(objective: Objective) -> float | None:
    krs = objective.key_results.values()
    value = weighted_mean([(grade(kr), _weight(kr)) for kr in krs])
    return None if value is None else round(value, 2)


def objective_grade_as_of(
    objective: Objective, quarter: str, today: dt.date, settings: Settings | None = None
) -> float | None:
    """The objective's grade, or None while its quarter has not begun."""
    return objective_grade(objective) if begun(quarter, today, settings) else None


def began(kr: KeyResult, quarter: str, settings: Settings | None = None) -> dt.date:
    """The day the KR began counting: its ``start``, else the day it was added (``born``),
    else its quarter's start; never before the quarter's start, nor after its end."""
    first, last = (settings or Settings()).calendar.span(quarter)
    day = kr.start or kr.born
    return first if day is None else min(last, max(first, day))


def elapsed(
    quarter: str,
    today: dt.date,
    settings: Settings | None = None,
    due: dt.date | None = None,
    start: dt.date | None = None,
) -> float:
    """Share 0..1 of the time from ``start`` (default: the quarter's start) to ``due``
    (default: the quarter's end) that has passed by the end of ``today``."""
    first, end = (settings or Settings()).calendar.span(quarter)
    start = first if start is None else start
    end = due if due is not None and start <= due < end else end
    days = (end - start).days + 1
    return min(1.0, max(0.0, ((today - start).days + 1) / days))


def expected(
    kr: KeyResult, quarter: str, today: dt.date, settings: Settings | None = None
) -> float:
    """The share of the way the KR should have come by the end of ``today``."""
    return elapsed(quarter, today, settings, kr.due, began(kr, quarter, settings))


def days_since_checkin(
    kr: KeyResult, quarter: str, today: dt.date, settings: Settings | None = None
) -> int:
    """Days since the last check-in, or since the KR began when there is none."""
    last = kr.last_checkin
    since = last.date if last and last.date else began(kr, quarter, settings)
    return (today - since).days


def deadline(kr: KeyResult, quarter: str, settings: Settings | None = None) -> dt.date:
    """The last day the KR counts towards: its ``due`` date, else the quarter's end."""
    return kr.due or (settings or Settings()).calendar.span(quarter)[1]


def _status_of(share: float | None, expected: float, settings: Settings) -> Status:
    if share is None:
        return Status.NO_DATA
    gap = expected - share
    if gap <= settings.on_track:
        return Status.ON_TRACK
    return Status.AT_RISK if gap <= settings.at_risk else Status.OFF_TRACK


def status(kr: KeyResult, quarter: str, today: dt.date, settings: Settings | None = None) -> Status:
    """Time-aware status of a KR in ``quarter`` as of ``today``."""
    settings = settings or Settings()
    end = settings.calendar.span(quarter)[1]
    if today < began(kr, quarter, settings):
        return Status.NOT_STARTED
    share = progress(kr)
    final = kr.kind in ("milestone", "binary") or kr.due is not None
    if final and share == 1.0:
        return Status.DONE
    if final and share is not None and today > deadline(kr, quarter, settings):
        return Status.MISSED if kr.kind == "binary" or kr.due else _status_of(share, 1, settings)
    live = today <= end
    if live and days_since_checkin(kr, quarter, today, settings) > settings.stale_after:
        return Status.STALE
    if live and not kr.trend and kr.current is None:
        return Status.NOT_STARTED  # no value yet, and too early to call it stale
    if kr.kind == "binary" and share is not None:
        return Status.NOT_YET  # never a partial "on track": it is reached or it is not
    return _status_of(share, expected(kr, quarter, today, settings), settings)


def objective_status(
    objective: Objective, quarter: str, today: dt.date, settings: Settings | None = None
) -> Status:
    """Roll-up status: stale when every KR is stale, else the weighted progress against the
    weighted expectation of the KRs that can be judged (not those not started yet, nor a
    binary KR not yet due)."""
    settings = settings or Settings()
    krs = list(objective.key_results.values())
    states = [status(kr, quarter, today, settings) for kr in krs]
    if not krs or all(s is Status.NOT_STARTED for s in states):
        return Status.NOT_STARTED
    if all(s is Status.STALE for s in states):
        return Status.STALE
    judged = [
        kr
        for kr, s in zip(krs, states, strict=True)
        if s not in (Status.NOT_STARTED, Status.NOT_YET)
    ]
    if not judged:
        return Status.NOT_YET
    share = weighted_mean([(progress(kr), _weight(kr)) for kr in judged])
    due = weighted_mean([(expected(kr, quarter, today, settings), _weight(kr)) for kr in judged])
    return _status_of(share, 0.0 if due is None else due, settings)


def verdict(
    kr: KeyResult,
    quarter: str,
    today: dt.date,
    settings: Settings | None = None,
    closed: bool = False,
) -> str:
    """One word for the KR: its status until its quarter is ``closed``, then its grade's
    band; a final KR (binary, or with a ``due``) past its deadline is done or missed."""
    settings = settings or Settings()
    state = status(kr, quarter, today, settings)
    final = kr.kind == "binary" or kr.due is not None
    if state is Status.DONE or (final and today > deadline(kr, quarter, settings)):
        return state.value
    value = grade_as_of(kr, quarter, today, settings)
    if closed and value is not None:
        return grade_band(value, settings).value
    return state.value


@dataclass(frozen=True)
class Forecast:
    value: float  # the value the trend reaches at the quarter's end
    progress: float  # that value as progress towards the target, 0 .. 2


FORECAST_CHECKINS = 3  # check-ins a forecast needs, at least
FORECAST_DAYS = 14  # over at least this many days


def forecast(kr: KeyResult, quarter: str, settings: Settings | None = None) -> Forecast | None:
    """Where a least-squares line through the check-ins' progress lands at the KR's
    deadline (``due``, else the quarter's end); None for a binary KR, or without enough
    check-ins (``FORECAST_CHECKINS`` over ``FORECAST_DAYS``) or a measurable target.

    The line is fitted on progress, not on raw values, so it means the same for a KR that
    increases, decreases or counts; it is bounded to no progress at the least, the whole
    way again at the most, and zero for a KR whose baseline and target are not negative
    (no "-0.17 defects").
    """
    if kr.kind == "binary":
        return None  # reached or not: a trend line says nothing about when
    points = [
        (c.date.toordinal(), share)
        for c in kr.trend
        if c.date and (share := _raw_progress(kr, c.value)) is not None
    ]
    days = {x for x, _ in points}
    if len(points) < FORECAST_CHECKINS or max(days) - min(days) < FORECAST_DAYS:
        return None
    n = len(points)
    mean_x = sum(x for x, _ in points) / n
    mean_y = sum(y for _, y in points) / n
    sxx = sum((x - mean_x) ** 2 for x, _ in points)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in points) / sxx
    end = deadline(kr, quarter, settings).toordinal()
    share = min(2.0, max(0.0, mean_y + slope * (end - mean_x)))
    base, target = kr.origin, kr.aim
    assert base is not None and target is not None  # measurable: _raw_progress said so
    value = base + share * (target - base)
    if value < 0 <= min(base, target):  # a count or a rate does not go below zero
        value, share = 0.0, -base / (target - base)
    return Forecast(value=value, progress=share)


def _raw_progress(kr: KeyResult, value: float | None) -> float | None:
    """Progress of ``value`` without the 0..1 clamp (a trend may run past the target)."""
    if value is None or direction(kr) == "maintain":
        return None
    base, target = kr.origin, kr.aim
    if base is None or target is None or base == target:
        return None
    return (value - base) / (target - base)
