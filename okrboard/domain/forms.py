"""The edit forms' data: which fields each form shows, and reading what was typed.

Validation is the board's own: ``fieldtext`` (which applies ``schema``), the KR
consistency rule of ``validate``, and references that must exist on the board.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from okrboard.domain import fieldtext, schema, validate
from okrboard.domain.model import Board, CheckIn, KeyResult, Objective
from okrboard.domain.problems import Issues

OBJECTIVE_FIELDS = ("title", "owner", "aligns_to")
KR_FIELDS = (
    "title",
    "owner",
    "unit",
    "baseline",
    "target",
    "current",
    "stretch",
    "direction",
    "band",
    "weight",
    "kind",
    "impact",
    "indicator",
    "links",
    "contributes_to",
)
CHECKIN_FIELDS = ("date", "value", "confidence", "note", "blockers")

LABELS = {
    "aligns_to": "Aligns to",
    "contributes_to": "Contributes to",
    "confidence": "Confidence",
}
HINTS = {
    "aligns_to": "objective references: 2026-Q3/company/growth, …",
    "contributes_to": "KR references: 2026-Q3/company/growth/arr, …",
    "band": "low, high (for direction 'maintain')",
    "links": "GROW-12, https://…",
    "direction": "blank: from baseline and target",
    "confidence": "1-10",
    "weight": "1",
    "unit": "%, min, $M …",
    "date": "2026-07-06",
}


@dataclass(frozen=True)
class Spec:
    """One field of a form: the schema field, its label, and a hint shown when empty."""

    field: schema.Field
    label: str
    hint: str = ""


def specs(table: tuple[schema.Field, ...], names: tuple[str, ...]) -> list[Spec]:
    by_name = {f.name: f for f in table}
    return [
        Spec(by_name[n], LABELS.get(n, n.replace("_", " ").capitalize()), HINTS.get(n, ""))
        for n in names
    ]


def initial(item: object, table: tuple[schema.Field, ...], names: tuple[str, ...]) -> dict:
    """The text each field starts with, from an existing item (or blank for a new one)."""
    return (
        {
            s.field.name: fieldtext.to_text(s.field, getattr(item, s.field.name, None))
            for s in specs(table, names)
        }
        if item is not None
        else {n: "" for n in names}
    )


def reader(
    find: Callable[[], object], table: tuple[schema.Field, ...], names: tuple[str, ...]
) -> Callable[[], dict | None]:
    """A function giving the text of an item's fields as it is when called (None once the
    item is gone): what an edit form compares with what it first showed."""

    def now() -> dict | None:
        item = find()
        return None if item is None else initial(item, table, names)

    return now


def parse(
    table: tuple[schema.Field, ...], names: tuple[str, ...], values: dict[str, str]
) -> tuple[dict, dict[str, str]]:
    """Typed values and errors (by field name) for what was typed."""
    parsed, errors = {}, {}
    for spec in specs(table, names):
        value, error = fieldtext.from_text(spec.field, values.get(spec.field.name, ""))
        if error:
            errors[spec.field.name] = error
        else:
            parsed[spec.field.name] = value
    return parsed, errors


def checker(table: tuple[schema.Field, ...], names: tuple[str, ...]):
    """A form's ``validate``: the errors of what was typed, by field name."""
    return lambda values: parse(table, names, values)[1]


def check_objective(board: Board, values: dict[str, str]) -> dict[str, str]:
    parsed, errors = parse(schema.OBJECTIVE, OBJECTIVE_FIELDS, values)
    for ref in parsed.get("aligns_to") or ():
        if board.objective(ref) is None:
            errors.setdefault("aligns_to", f"no objective {ref!r} on this board")
    return errors


def check_key_result(board: Board, values: dict[str, str], self_ref: str | None) -> dict:
    parsed, errors = parse(schema.KEY_RESULT, KR_FIELDS, values)
    for ref in parsed.get("contributes_to") or ():
        if ref == self_ref:
            errors.setdefault("contributes_to", "a key result cannot contribute to itself")
        elif board.key_result(ref) is None:
            errors.setdefault("contributes_to", f"no key result {ref!r} on this board")
    if not errors:
        issues = Issues()
        validate.check_key_result(KeyResult(id="new", **parsed), (), issues)
        for path, message, severity in issues:
            if severity == "error" and path and path[0] in KR_FIELDS:
                errors.setdefault(path[0], message)
    return errors


check_checkin = checker(schema.CHECKIN, CHECKIN_FIELDS)


def apply(item: Objective | KeyResult | CheckIn, values: dict) -> None:
    """Set the parsed values on an item (None clears a field)."""
    for name, value in values.items():
        setattr(item, name, value)
        item.extra.pop(name, None)  # a value typed now replaces one that was invalid


def checkin_defaults(today: dt.date, last_confidence: int | None) -> dict:
    return {
        "date": today.isoformat(),
        "value": "",
        "confidence": "" if last_confidence is None else str(last_confidence),
        "note": "",
        "blockers": "",
    }
