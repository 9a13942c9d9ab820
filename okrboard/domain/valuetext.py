"""Numbers and values as people read them, one rule for every front (the views, the
command line, the site, commit messages): ``46``, ``2.96``, ``44.1k``, ``41%``,
``6.1 min``, a band ``99.9–100%``; ``—`` for no value."""

from __future__ import annotations

from typing import Any

from okrboard.domain import scoring
from okrboard.domain.model import KeyResult, Kpi
from okrboard.domain.text import count, printable


def plain_number(value: float) -> str:
    """A number as a person writes it: ``46``, ``2.5``, ``40000``."""
    return f"{value:g}" if isinstance(value, float) and abs(value) < 1e15 else str(value)


def number(value: float | None) -> str:
    """``46``, ``2.96``, ``44.1k``; ``—`` for no value."""
    if value is None:
        return "—"
    if abs(value) >= 10_000:
        return f"{value / 1000:,.1f}k".replace(".0k", "k")
    return f"{value:g}"


def show_value(value: Any) -> str:
    """A value as a person reads it: no quotes, floats without trailing zeros."""
    if isinstance(value, dict):
        return ", ".join(f"{k} {show_value(v)}" for k, v in value.items())
    if isinstance(value, list):
        return "[" + ", ".join(show_value(v) for v in value) + "]"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, str) and "\n" in value.strip():  # one line: the first, and how many more
        first, *rest = value.strip().split("\n")
        return f"{first} … (+{count(len(rest), 'line')})"
    return "—" if value is None else str(value)


def with_unit(value: Any, unit: str | None) -> str:
    """``41%``, ``6.1 min``: a value and its unit."""
    text = show_value(value)
    if not unit or value is None:
        return text
    return f"{text}{unit}" if unit == "%" else f"{text} {unit}"


def shown(value: float | None, unit: str | None) -> str:
    """A number with its unit as the app shows it: ``44.1k views``, ``41%``; ``—``."""
    return with_unit(number(value), unit) if value is not None else "—"


def result_text(kr: KeyResult) -> str:
    """The KR's value and aim as the views show them, ``44.1k / 60k views``; a milestone
    or binary KR in words: ``done``, ``not yet (1 of 2 clean sprints in a row)``."""
    if kr.kind in ("milestone", "binary"):
        if scoring.progress(kr) == 1:
            return "done"
        counted = kr.aim is not None and kr.aim != 1
        return f"not yet ({number(kr.value)} of {shown(kr.aim, kr.unit)})" if counted else "not yet"
    return f"{number(kr.value)} / {shown(kr.aim, kr.unit)}"


def band_text(band: list, unit: str | None) -> str:
    """A healthy band with its unit: ``99.9–100%``."""
    low, high = (show_value(v) for v in band)
    return with_unit(f"{low}–{high}", unit)


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


def kpi_value(kpi: Kpi) -> str:
    """``44 pts``; ``—`` before the first check-in."""
    suffix = f" {printable(kpi.unit)}" if kpi.unit and kpi.value is not None else ""
    return number(kpi.value) + suffix
