"""Field values as text a person types, and back: what the edit forms use.

Parsing checks the result with ``schema.check_value``, so a form accepts exactly what
``okrboard check`` accepts.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from okrboard.domain import schema
from okrboard.domain.valuetext import plain_number as number_text

# A key's name for people, where capitalising the key is not enough.
LABELS = {
    "aligns_to": "Aligns to",
    "contributes_to": "Contributes to",
    "confidence": "Confidence",
    "target_reason": "Why it moves",
    "kpi": "KPI",
    "id": "Id",
}


def label(key: str) -> str:
    """A file's key as a form and a pull request name it: ``target_reason`` -> ``Why it
    moves``, ``stale_days`` -> ``Stale days``."""
    return LABELS.get(key, key.replace("_", " ").capitalize())


_TRUE, _FALSE = {"yes", "true", "y", "1"}, {"no", "false", "n", "0"}


def to_text(field: schema.Field, value: Any) -> str:
    """How ``value`` is shown in a form field ("" for no value)."""
    if value is None:
        return ""
    if field.kind in (schema.STR_LIST, schema.REF_LIST, schema.NUMBER_PAIR):
        return ", ".join(number_text(v) if not isinstance(v, str) else v for v in value)
    if field.kind == schema.BOOL:
        return "yes" if value else "no"
    if field.kind == schema.DATE:
        return value.isoformat()
    if field.kind in (schema.NUMBER, schema.INT):
        return number_text(value)
    return str(value)


def from_text(field: schema.Field, text: str) -> tuple[object, str | None]:
    """``(value, None)`` or ``(None, why not)``; an empty text is no value (None)."""
    text = text.strip()
    if not text:
        return None, ("required" if field.required else None)
    try:
        value = _parse(field.kind, text)
    except ValueError as exc:
        return None, str(exc)
    problem = schema.check_value(field, value)
    return (None, problem) if problem else (value, None)


def _parse(kind: str, text: str) -> object:
    if kind == schema.INT:
        if not re.fullmatch(r"[+-]?\d[\d_]*", text):
            raise ValueError(f"{text!r} is not a whole number")
        return int(text)
    if kind == schema.NUMBER:
        return parsenumber_text(text)
    if kind == schema.DATE:
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise ValueError(f"{text!r} is not a date like 2026-07-06") from None
    if kind == schema.BOOL:
        if text.lower() in _TRUE | _FALSE:
            return text.lower() in _TRUE
        raise ValueError("answer yes or no")
    if kind in (schema.STR_LIST, schema.REF_LIST):
        return [part.strip() for part in text.split(",") if part.strip()]
    if kind == schema.NUMBER_PAIR:
        parts = [p for p in re.split(r"[,\s]+", text) if p]
        if len(parts) != 2:
            raise ValueError("give two numbers, low first: 99.5, 100")
        return [parsenumber_text(p) for p in parts]
    return text


def parsenumber_text(text: str) -> int | float:
    """``50`` -> 50, ``12.5`` -> 12.5, ``40_000`` -> 40000; a ``%`` at the end is allowed."""
    cleaned = text.strip().removesuffix("%").strip()
    try:
        number = float(cleaned)
    except ValueError:
        raise ValueError(f"{text!r} is not a number") from None
    if re.fullmatch(r"[+-]?\d[\d_]*", cleaned):
        return int(cleaned)
    return number
