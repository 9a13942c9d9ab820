"""The sample board moved in time, so the demo is alive on any day.

The sample in ``board_data`` is written as of ``SAMPLE_DAY``: its current quarter is under
way, its newest check-ins a few days old. ``Shift(today)`` maps it onto ``today``: quarter
ids move by whole quarters (``2026-Q4`` becomes today's quarter, the rest follow), a day of
an earlier quarter keeps its place in its quarter, and the current quarter is stretched or
squeezed so that ``SAMPLE_DAY`` falls on ``today``. Check-ins squeezed onto one day keep the
newest; a KR's ``current`` and confidence follow its newest check-in, as everywhere.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from okrboard.domain.ids import QuarterId
from okrboard.files import store, toml

SAMPLE_DAY = dt.date(2026, 11, 22)
_QUARTER = re.compile(r"\b(\d{4})-Q([1-4])\b")


class Shift:
    def __init__(self, today: dt.date, sample_day: dt.date = SAMPLE_DAY) -> None:
        self.today, self.sample_day = today, sample_day
        self.now = QuarterId.containing(sample_day)
        self.then = QuarterId.containing(today)
        self.quarters = _index(self.then) - _index(self.now)

    @property
    def moves(self) -> bool:
        return self.today != self.sample_day

    def quarter(self, quarter: QuarterId) -> QuarterId:
        index = _index(quarter) + self.quarters
        return QuarterId(index // 4, index % 4 + 1)

    def text(self, text: str) -> str:
        """Quarter ids in ``text`` (references, file paths, the current quarter) moved."""
        return _QUARTER.sub(lambda m: str(self.quarter(QuarterId.parse(m.group()))), text)

    def day(self, day: dt.date) -> dt.date:
        """A day moved: to the same place in its moved quarter, or, in the current quarter,
        stretched so that the sample's day falls on today."""
        quarter = QuarterId.containing(day)
        moved = self.quarter(quarter)
        if quarter != self.now:
            return min(moved.start + (day - quarter.start), moved.end)
        if day <= self.sample_day:
            return _scale(day, quarter.start, self.sample_day, moved.start, self.today)
        return _scale(day, self.sample_day, quarter.end, self.today, moved.end)

    def value(self, value: Any) -> Any:
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return self.day(value)
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, list):
            return [self.value(v) for v in value]
        if isinstance(value, dict):
            return {self.text(k): self.value(v) for k, v in value.items()}
        return value

    def file(self, rel: str, text: str) -> tuple[str, str]:
        """A sample file moved: its path and its text, edited in place (comments kept)."""
        old = toml.loads(text)
        new = self.value(old)
        for objective in (new.get("objectives") or {}).values():
            for kr in (objective.get("key_results") or {}).values():
                _newest_wins(kr)
        for kpi in (new.get("kpis") or {}).values():
            _newest_wins(kpi, copies=False)
        return self.text(rel), store.render(text, new, old)


def _index(quarter: QuarterId) -> int:
    return quarter.year * 4 + quarter.number - 1


def _scale(
    day: dt.date, start: dt.date, end: dt.date, to_start: dt.date, to_end: dt.date
) -> dt.date:
    span = (end - start).days
    if span <= 0:
        return to_start
    return to_start + dt.timedelta(days=round((day - start).days * (to_end - to_start).days / span))


def _newest_wins(kr: dict, copies: bool = True) -> None:
    """One check-in per day (squeezed days keep the newest); a KR's ``current`` and
    confidence (``copies``; a KPI has none) follow the newest, as a check-in writes them."""
    checkins = kr.get("checkins")
    if not checkins:
        return
    by_day = {c["date"]: c for c in checkins}
    kr["checkins"] = [by_day[day] for day in sorted(by_day)]
    if not copies:
        return
    newest = kr["checkins"][-1]
    kr["current"] = newest["value"]
    if "confidence" in newest:
        kr["confidence"] = newest["confidence"]


def shifted_sample(sample: Path, target: Path, shift: Shift) -> Path:
    """Write the sample, moved by ``shift``, into ``target``; ``target``."""
    for path in sorted(sample.rglob("*.toml")):
        rel = path.relative_to(sample).as_posix()
        new_rel, text = shift.file(rel, path.read_text(encoding="utf-8"))
        out = target / new_rel
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
    return target
