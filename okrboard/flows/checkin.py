"""Check in: one value on a key result or a KPI, by the same rules from every front (the
command line, the OKR and KPI views and the check-in walk): the typed values parsed and
checked once (a value, confidence 1-10, a date inside the KR's quarter and not after
today), what a check-in that day replaces, the edit saved through the session under the
board's lock, and the sentence that says what was done."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from okrboard.domain import edits, ids, kpis, schema, scoring, validate, valuetext
from okrboard.domain.model import Board, CheckIn, KeyResult, Kpi, Part
from okrboard.domain.text import named
from okrboard.files.session import Change, Session
from okrboard.flows import forms

FIELDS = forms.CHECKIN_FIELDS  # date, value, confidence, note, blockers: the form's order
KPI_FIELDS = ("date", "value", "note")  # a KPI has no confidence in a target, no blockers
TABLE = schema.CHECKIN


class Invalid(ValueError):
    """A typed value that is not a check-in's: ``field`` and why."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def item(board: Board, ref: str) -> KeyResult | Kpi:
    found = board.key_result(ref) or board.kpi(ref)
    if found is None:
        raise ValueError(f"no key result or KPI {ref!r}")
    return found


def quarter_of(ref: str) -> str | None:
    """The quarter a check-in on ``ref`` must fall in (a KPI's has none)."""
    return None if ids.parse_ref(ref).kind == "kpi" else ids.quarter_of(ref)


def fields(board: Board, ref: str) -> tuple[str, ...]:
    """The fields a check-in on ``ref`` asks for."""
    return KPI_FIELDS if isinstance(item(board, ref), Kpi) else FIELDS


def defaults(board: Board, ref: str, today: dt.date) -> dict[str, str]:
    """The form's first values: today, and the last confidence given."""
    found = item(board, ref)
    last = edits.last_confidence(found) if isinstance(found, KeyResult) else None
    if isinstance(found, Kpi):
        last = found.last_checkin.confidence if found.last_checkin else None
    return forms.checkin_defaults(today, last)


DONE_WORDS = frozenset({"done", "yes", "y", "reached", "true"})
NOT_YET_WORDS = frozenset({"not yet", "no", "n", "not done", "false"})
BINARY_HINT = "done / yes / 1, or not yet / no / 0"


def hint(board: Board, ref: str) -> str | None:
    """What the value field takes, when it is more than a number (a binary KR): a yes/no
    one, or one that counts to its target ("two clean sprints in a row")."""
    found = item(board, ref)
    if not (isinstance(found, KeyResult) and found.kind == "binary"):
        return None
    aim, start = found.aim, found.origin or 0.0
    if aim in (None, 1) and start == 0:
        return BINARY_HINT
    done, not_yet = valuetext.number(aim), valuetext.number(start)
    return f"done / yes ({done}), not yet / no ({not_yet}), or the count"


def words(board: Board, ref: str, values: dict[str, str]) -> dict[str, str]:
    """``values`` with a binary KR's "done" or "not yet" (yes/no) written as the number
    the file holds: its target, or where it started."""
    found = item(board, ref)
    said = " ".join(values.get("value", "").lower().split())
    if not (isinstance(found, KeyResult) and found.kind == "binary"):
        return values
    start = found.origin or 0.0
    number = found.aim if said in DONE_WORDS else start if said in NOT_YET_WORDS else None
    if number is None:
        return values
    return {**values, "value": valuetext.plain_number(number)}


def not_begun(board: Board, ref: str, today: dt.date) -> str | None:
    """Why nothing can be checked in on ``ref`` yet: its quarter has not begun."""
    quarter = quarter_of(ref)
    if quarter is None or scoring.begun(quarter, today, board.settings):
        return None
    return validate.checkin_date_problem(today, quarter, today, board.settings.calendar)


def problems(board: Board, ref: str, values: dict[str, str], today: dt.date) -> dict[str, str]:
    """What is wrong with typed ``values``, by field (the form shows each as it is typed)."""
    found = forms.check_checkin(
        words(board, ref, values), quarter_of(ref), today, board.settings.calendar
    )
    if "value" in found and (binary := hint(board, ref)):
        found["value"] = f"{found['value']}: answer {binary}"
    return found


@dataclass(frozen=True)
class Plan:
    """A check-in checked and ready to save: ``change`` is the edit, ``label`` its name
    (in undo and in the app's message)."""

    ref: str
    checkin: CheckIn
    today: dt.date
    replaced: str | None  # "replaces today's 45": a check-in that day it replaces

    @property
    def label(self) -> str:
        return f"check-in on {self.ref}" + (f" ({self.replaced})" if self.replaced else "")

    def change(self, board: Board) -> Part:
        return edits.record_checkin(board, self.ref, self.checkin, self.today)


def plan(
    board: Board, ref: str, values: dict[str, str], today: dt.date, author: str | None = None
) -> Plan:
    """The check-in ``values`` (as typed) make on ``ref``; Invalid naming the first field
    that is wrong."""
    found = problems(board, ref, values, today)
    if found:
        field, message = next(iter(found.items()))
        raise Invalid(field, message)
    parsed, _ = forms.parse(TABLE, FIELDS, words(board, ref, values))
    return planned(board, ref, parsed, today, author)


def planned(
    board: Board, ref: str, parsed: dict, today: dt.date, author: str | None = None
) -> Plan:
    """The check-in of values a form has parsed and checked (``problems``) already."""
    checkin = CheckIn(**parsed, author=author)
    return Plan(ref, checkin, today, forms.replaces(item(board, ref), checkin.date, today))


def since(board: Board, ref: str, today: dt.date) -> str | None:
    """What the value field shows before anything is typed: ``last 46% on 2026-11-16 ·
    48% expected by today`` (a unit of words said once, so it fits a narrow form)."""
    found = item(board, ref)
    last = found.last_checkin
    parts = [f"last {valuetext.shown(last.value, found.unit)} on {last.date}"] if last else []
    quarter = quarter_of(ref)
    if isinstance(found, KeyResult) and quarter and (aim := found.aim) is not None:
        base = found.origin
        if base is not None and scoring.direction(found) != "maintain":
            share = scoring.expected(found, quarter, today, board.settings)
            places = max(_places(base), _places(aim))  # as precise as the KR's own numbers
            value = round(base + share * (aim - base), places)
            unit = found.unit if not (last and found.unit and found.unit.isalpha()) else None
            parts.append(f"{valuetext.shown(value, unit)} expected by today")
    return " · ".join(parts) or None


def _places(number: float) -> int:
    """The decimals a number is written with: 41 -> 0, 2.96 -> 2."""
    text = valuetext.plain_number(number)
    return len(text.split(".")[1]) if "." in text else 0


def walked(saved: int, skipped: int, left: int) -> str:
    """The walk through the check-ins due, summed up: ``Check-ins: 2 saved, 1 skipped, 15
    not reached.``"""
    parts = [f"{saved} saved", f"{skipped} skipped"] + ([f"{left} not reached"] if left else [])
    return f"Check-ins: {', '.join(parts)}."


def said(board: Board, plan: Plan) -> str:
    """For a person, in the app: ``Checked in 47% on “Increase activation rate …”; replaces
    today's 45``."""
    found = item(board, plan.ref)
    value = valuetext.shown(plan.checkin.value, found.unit)
    replaced = f"; {plan.replaced}" if plan.replaced else ""
    return f"Checked in {value} on {named(found.label)}{replaced}"


@dataclass(frozen=True)
class Done:
    plan: Plan
    change: Change | None  # None: the same check-in was there already
    baseline: str | None  # a relative target's baseline this first check-in set, said

    def sentence(self, board: Board) -> str:
        """``Checked in REF: 48% on 2026-11-23, confidence 6/10, 41% of the way; replaces
        today's 45 (okrs/2026-Q4/growth.toml)``."""
        ref, checkin = self.plan.ref, self.plan.checkin
        if self.change is None:
            return f"Nothing changed: {ref} already has this check-in."
        found = item(board, ref)
        if isinstance(found, KeyResult):
            share = scoring.progress(found)
            progress = "" if share is None else f", {share:.0%} of the way"
        else:
            progress = f", {kpis.health(found).value}"
        confidence = "" if checkin.confidence is None else f", confidence {checkin.confidence}/10"
        notes = "; ".join(t for t in (self.plan.replaced, self.baseline) if t)
        value = valuetext.with_unit(checkin.value, found.unit)
        return (
            f"Checked in {ref}: {value} on {checkin.date}{confidence}{progress}"
            f"{'; ' + notes if notes else ''} ({self.change.rel})"
        )


def record(session: Session, plan: Plan, fresh: bool = True) -> Done:
    """Save ``plan`` (SaveRefused when it cannot be); ``fresh``: applied to the files as
    they are on disk now (another writer's change kept), as a command does."""
    before = item(session.board, plan.ref)
    waiting = isinstance(before, KeyResult) and before.change and before.baseline is None
    change = session.edit(plan.change, plan.label, fresh=fresh)
    after = item(session.board, plan.ref)
    baseline = None
    if waiting and isinstance(after, KeyResult) and after.baseline is not None:
        aim = valuetext.with_unit(after.aim, after.unit)
        baseline = f"the baseline of its change ({after.change}), so it aims at {aim}"
    return Done(plan, change, baseline)
