"""The edit forms' data: which fields each form shows, and reading what was typed.

Validation is the board's own: ``fieldtext`` (which applies ``schema``), the KR
consistency rule of ``validate``, and references that must exist on the board.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from okrboard.domain import (
    edits,
    fieldtext,
    ids,
    links,
    ost,
    ranks,
    schema,
    scoring,
    validate,
    valuetext,
)
from okrboard.domain.model import Board, CoachSettings, KeyResult, Kpi, Settings
from okrboard.domain.problems import Issues
from okrboard.domain.text import printable

OBJECTIVE_FIELDS = ("title", "owner", "aligns_to")
KR_FIELDS = (
    "title",
    "owner",
    "unit",
    "baseline",
    "target",
    "change",
    "target_reason",
    "current",
    "stretch",
    "direction",
    "band",
    "weight",
    "kind",
    "due",
    "impact",
    "indicator",
    "links",
    "kpi",
    "contributes_to",
)
CHECKIN_FIELDS = ("date", "value", "confidence", "note", "blockers")

_TARGET = next(f for f in schema.KEY_RESULT if f.name == "target")
# Asked afresh on each edit, never prefilled: a reason says why this edit moves the target.
ASKED = ("target_reason",)
HINTS = {
    "aligns_to": "ctrl+o picks objectives · or type an id or part of a title",
    "contributes_to": "ctrl+o picks key results · or type an id or part of a title",
    "key_results": "ctrl+o picks key results · or type an id or part of a title",
    "objectives": "ctrl+o picks objectives · or type an id or part of a title",
    "band": "low, high (for direction 'maintain')",
    "links": "GROW-12, https://…",
    "direction": "(from baseline and target)",
    "confidence": "1-10",
    "weight": "1",
    "unit": "%, min, $M …",
    "change": "-40% or +25%, instead of a target",
    "due": "a deadline in the quarter: 2026-11-30",
    "kpi": "kpi/TEAM/ID: the KPI this KR moves",
    "date": "2026-07-06",
    "target_reason": "one line, kept in the file and shown in history",
    "id": "from the title; links name it, so it is kept for good",
}
# Needed in most forms of an item, but not all (validate._check_aim): marked as required,
# with a hint that says when they are not.
NEEDED_UNLESS = {
    "baseline": "where it starts · not for a binary KR or a band",
    "target": "where it should end · or write change; none for a binary KR",
}


@dataclass(frozen=True)
class Spec:
    """One field of a form: the schema field, its label, a hint shown when empty, and
    whether it is marked as required."""

    field: schema.Field
    label: str
    hint: str = ""
    required: bool = False


# A new item's id: shown, and editable, only in the form that creates the item.
ID = schema.Field("id", schema.STR)


def specs(
    table: tuple[schema.Field, ...], names: tuple[str, ...], today: dt.date | None = None
) -> list[Spec]:
    """The fields ``names`` of ``table`` as a form shows them; ``today`` dates the example
    of a date field (an example in the past reads as a mistake)."""
    by_name = {f.name: f for f in (*table, ID)}
    return [
        Spec(
            by_name[n],
            fieldtext.label(n),
            _hint(by_name[n], today),
            by_name[n].required or (table is schema.KEY_RESULT and n in NEEDED_UNLESS),
        )
        for n in names
    ]


def _hint(field: schema.Field, today: dt.date | None) -> str:
    """What an empty field shows: its own hint, its range (``1–5``), or a date from today."""
    if today is not None and field.name == "date":
        return today.isoformat()
    if today is not None and field.name == "due":
        return f"a deadline in the quarter: {today + dt.timedelta(days=30)}"
    if hint := HINTS.get(field.name) or NEEDED_UNLESS.get(field.name):
        return hint
    if field.low is not None and field.high is not None:
        return f"{valuetext.plain_number(field.low)}–{valuetext.plain_number(field.high)}"
    if field.low is not None:
        return f"{valuetext.plain_number(field.low)} or more"
    return ""


def kr_hints(kr: KeyResult | None) -> dict[str, str]:
    """Hints that say what a KR's blank fields stand for: the direction inferred."""
    inferred = scoring.direction(kr) if kr is not None and not kr.direction else None
    return {"direction": f"{inferred} (from baseline and target)"} if inferred else {}


def initial(item: object, table: tuple[schema.Field, ...], names: tuple[str, ...]) -> dict:
    """The text each field starts with, from an existing item (or blank for a new one)."""
    return (
        {
            s.field.name: ""
            if s.field.name in ASKED
            else fieldtext.to_text(s.field, getattr(item, s.field.name, None))
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


def checker(
    table: tuple[schema.Field, ...], names: tuple[str, ...]
) -> Callable[[dict[str, str]], dict[str, str]]:
    """A form's ``validate``: the errors of what was typed, by field name."""
    return lambda values: parse(table, names, values)[1]


def must_exist(board: Board, parsed: dict, name: str, kind: str, errors: dict) -> None:
    """Each reference in the field ``name`` names a ``kind`` (objective or key_result) on
    the board; the first that does not is the field's error. The one rule for a form's
    references."""
    find = board.objective if kind == "objective" else board.key_result
    for ref in parsed.get(name) or ():
        if find(ref) is None:
            errors.setdefault(name, f"no {kind.replace('_', ' ')} {ref!r} on this board")
            return


def check_objective(board: Board, values: dict[str, str]) -> dict[str, str]:
    parsed, errors = parse(schema.OBJECTIVE, OBJECTIVE_FIELDS, values)
    must_exist(board, parsed, "aligns_to", "objective", errors)
    return errors


@dataclass(frozen=True)
class Moving:
    """A KR edited after its quarter began: its target as the form showed it (a move is
    the user's change from that, not a change pulled meanwhile) and the quarter's start."""

    target: float
    start: dt.date


def moving(
    kr: KeyResult | None, ref: str, today: dt.date, calendar: ids.Calendar = ids.CALENDAR
) -> Moving | None:
    """The ``Moving`` of an edit of ``kr`` today; None for a new KR or before its quarter."""
    start = calendar.first_day(ids.quarter_of(ref))
    if kr is None or kr.target is None or today <= start:
        return None
    return Moving(kr.target, start)


def target_move(edit: Moving | None, target_text: str) -> tuple[float, float] | None:
    """``(old, new)`` when the typed target moves the target after the quarter began: a
    move that needs a one-line reason (the coach's KR005)."""
    if edit is None:
        return None
    new, error = fieldtext.from_text(_TARGET, target_text)
    if error or not isinstance(new, int | float) or new == edit.target:
        return None
    return edit.target, new


def check_key_result(
    board: Board,
    values: dict[str, str],
    self_ref: str | None,
    edit: Moving | None = None,
    quarter: str | None = None,
    today: dt.date | None = None,
) -> dict:
    """A KR form's ``validate``: its values, the KR rules (a due date in ``quarter``; a
    relative target's baseline as of ``today``), references that exist, and a reason for
    a target moved after the quarter began (``edit``)."""
    parsed, errors = parse(schema.KEY_RESULT, KR_FIELDS, values)
    if self_ref is not None and self_ref in (parsed.get("contributes_to") or ()):
        errors["contributes_to"] = "a key result cannot contribute to itself"
    must_exist(board, parsed, "contributes_to", "key_result", errors)
    if parsed.get("kpi") and board.kpi(parsed["kpi"]) is None:
        errors.setdefault("kpi", f"no KPI {parsed['kpi']!r} on this board")
    if not errors:
        issues = Issues()
        typed = KeyResult(id="new", **parsed)
        validate.check_key_result(typed, (), issues, quarter, today, board.settings)
        for path, message, severity in issues:
            if severity == "error" and path and path[0] in KR_FIELDS:
                errors.setdefault(path[0], message)
    moved = target_move(edit, values.get("target", ""))
    if edit and moved and not parsed.get("target_reason"):
        old, new = (valuetext.plain_number(n) for n in moved)
        errors["target_reason"] = (
            f"the quarter began on {edit.start}: why does the target move from {old} to {new}?"
        )
    return errors


def resolve_refs(
    board: Board, table: tuple[schema.Field, ...], values: dict[str, str], quarter: str | None
) -> dict[str, str]:
    """``values`` with each reference typed as a bare id or a title fragment written out in
    full (``self-serve`` -> ``2026-Q4/company/self-serve``), where one item fits."""
    out = dict(values)
    for field in filter(pickable, table):
        if values.get(field.name, "").strip():
            kind = field.ref_kind or ""
            parts = [
                links.resolve(board, kind, part, quarter) for part in out[field.name].split(",")
            ]
            out[field.name] = ", ".join(p for p in parts if p)
    return out


def pickable(field: schema.Field) -> bool:
    """A field naming objectives or key results, which a list can fill (``ref_choices``)."""
    return field.kind in (schema.REF, schema.REF_LIST) and field.ref_kind in (
        "objective",
        "key_result",
    )


def ref_choices(
    board: Board, field: schema.Field, quarter: str | None, text: str
) -> tuple[list[tuple[str, str]], list[str]]:
    """What a reference field can be picked from, ``(label, reference)``, and the
    references its ``text`` names already. An objective or KR is picked from the form's
    ``quarter`` (last quarter's, with the same titles, would be a trap); one of another
    quarter is typed out in full, and stays offered once named."""
    kind = field.ref_kind or ""
    named = [ref for part in text.split(",") if (ref := links.resolve(board, kind, part, quarter))]
    targets = links.targets(board, kind)
    if quarter and kind in ("objective", "key_result"):
        mine = [(r, t) for r, t in targets if ids.quarter_of(r) == quarter or r in named]
        targets = mine or targets
    return [(f"{title}  ({ref})", ref) for ref, title in targets], named


def with_id(names: tuple[str, ...]) -> tuple[str, ...]:
    """A new item's form fields: the id after the first (its title, or a team's name)."""
    return (*names[:1], "id", *names[1:])


def checked_id(
    check: Callable[[dict[str, str]], dict], taken: dict | set
) -> Callable[[dict[str, str]], dict]:
    """``check``, and the new item's id: blank (made from the title) or a free, valid id."""

    def both(values: dict[str, str]) -> dict:
        errors = check(values)
        text = values.get("id", "").strip()
        if text and (problem := ranks.id_problem(text, taken)):
            errors.setdefault("id", problem)
        return errors

    return both


def id_from_title(taken: dict | set, source: str = "title") -> Callable[[dict[str, str]], str]:
    """The id a new item would get from the title (``source``) typed: what the id field
    shows until the user types their own."""
    return lambda values: ids.unique_slug(values[source], taken) if values.get(source) else ""


def defaults(item: Settings | CoachSettings) -> dict[str, object]:
    """What the board uses for each of these settings when its file leaves it out."""
    if isinstance(item, Settings):
        fresh = Settings()
        return {
            "stale_days": fresh.stale_after,
            "on_track_margin": fresh.on_track,
            "at_risk_margin": fresh.at_risk,
            "success_grade": fresh.success,
            "year_start_month": fresh.calendar.start_month,
            "fiscal_year_label": fresh.calendar.named_by,
        }
    # lazy: the coach (and what it reads) loads after the first frame (docs/performance.md)
    from okrboard.domain import coach

    return {
        "min_key_results": coach.MIN_KEY_RESULTS,
        "max_key_results": coach.MAX_KEY_RESULTS,
        "max_objectives": coach.MAX_OBJECTIVES,
    }


def check_node(
    node_type: str, table: tuple[schema.Field, ...], names: tuple[str, ...]
) -> Callable[[dict[str, str]], dict[str, str]]:
    """A tree node form's ``validate``: its values, and a test's result only after its
    success criteria (pre-registration)."""

    def check(values: dict[str, str]) -> dict[str, str]:
        parsed, errors = parse(table, names, values)
        if "success_criteria" in names:
            problem = ost.unregistered(
                node_type, parsed.get("result"), parsed.get("success_criteria")
            )
            if problem:
                errors.setdefault("result", problem)
        return errors

    return check


def check_checkin(
    values: dict[str, str],
    quarter: str | None,
    today: dt.date,
    calendar: ids.Calendar = ids.CALENDAR,
) -> dict[str, str]:
    """A check-in form's errors: its values, and a date in the KR's quarter, not after today."""
    parsed, errors = parse(schema.CHECKIN, CHECKIN_FIELDS, values)
    if parsed.get("date") is not None:
        problem = validate.checkin_date_problem(parsed["date"], quarter, today, calendar)
        if problem:
            errors["date"] = problem
    return errors


def replaces(kr: KeyResult | Kpi, day: dt.date | None, today: dt.date) -> str | None:
    """What a new check-in on ``day`` replaces, said: "replaces today's 12.3"; None if nothing."""
    old = edits.same_day(kr, day)
    if old is None or day is None:
        return None
    when = "today's" if day == today else f"{day}'s"
    shown = "no value" if old.value is None else valuetext.plain_number(old.value)
    return f"replaces {when} {shown}"


def check_card(board: Board, values: dict[str, str], names: tuple[str, ...]) -> dict[str, str]:
    """A roadmap card's form: its values, and the KRs and objectives it links to exist."""
    parsed, errors = parse(schema.THEME, names, values)
    must_exist(board, parsed, "key_results", "key_result", errors)
    must_exist(board, parsed, "objectives", "objective", errors)
    return errors


def checkin_defaults(today: dt.date, last_confidence: int | None) -> dict:
    return {
        "date": today.isoformat(),
        "value": "",
        "confidence": "" if last_confidence is None else str(last_confidence),
        "note": "",
        "blockers": "",
    }


@dataclass(frozen=True)
class Merged:
    """An edit form's changes against the board as it is now: ``mine``, the fields the user
    changed; ``both``, those also changed on disk since the form was shown (to another
    value), each the user's to choose; ``now``, the disk's values as the form shows text."""

    mine: tuple[str, ...]
    both: tuple[str, ...]
    now: dict[str, str]

    def names(self, keep_mine: bool) -> tuple[str, ...]:
        """The fields to save: all the user changed, or those the disk left alone."""
        return self.mine if keep_mine else tuple(n for n in self.mine if n not in self.both)

    def question(self, title: str, shown: dict[str, str], typed: dict[str, str]) -> str:
        lines = [
            f"{n}: you typed {typed[n]!r}; on disk it is now {self.now[n]!r} "
            f"(it was {shown.get(n, '')!r})"
            for n in self.both
        ]
        return f"{title}\n\nChanged on disk while the form was open:\n" + "\n".join(lines)


def merge(shown: dict[str, str], typed: dict[str, str], current: dict[str, str]) -> Merged:
    """Three-way: what an edit form ``shown``, what the user ``typed``, what the board
    holds ``current``-ly (as the form would show it). A field the user left alone keeps the
    disk's value, whatever it became; a field changed on one side only takes that side."""
    now = {name: printable(text) for name, text in current.items()}
    mine = tuple(n for n in typed if typed[n] != shown.get(n, ""))
    both = tuple(n for n in mine if now.get(n, "") not in (shown.get(n, ""), typed[n]))
    return Merged(mine, both, now)
