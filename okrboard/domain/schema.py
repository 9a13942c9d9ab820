"""Field specifications of every board table: the one place for type and range rules.

``okrboard check``, the loader and (later) the edit forms all validate through
:func:`check_value`, so a rule written here holds everywhere.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, cast

from okrboard.domain import ids, model, sources

# Value kinds a field can have.
(
    STR,
    TEXT,
    INT,
    NUMBER,
    BOOL,
    DATE,
    STR_LIST,
    REF,
    REF_LIST,
    NUMBER_PAIR,
    NUMBER_TABLE,
    ID,
    CHOICE_TABLE,
    CHANGE,
    SOURCE,
) = (
    "string",
    "text",
    "integer",
    "number",
    "boolean",
    "date",
    "list of strings",
    "reference",
    "list of references",
    "pair of numbers",
    "table of numbers",
    "id",
    "table of choices",
    "relative change",
    "source table",
)

_CHECKED_WHOLE = {ID, STR_LIST, REF, REF_LIST, CHANGE, SOURCE, CHOICE_TABLE}

TITLE_MAX = 500
TEXT_MAX = 20_000


@dataclass(frozen=True)
class Field:
    """One key of a table: its kind, whether it must be there, and its allowed values."""

    name: str
    kind: str
    required: bool = False
    choices: tuple[str, ...] = ()
    low: float | None = None
    high: float | None = None
    ref_kind: str | None = None  # for REF / REF_LIST / NUMBER_TABLE keys: what they point at
    doc: str = ""
    bounded: bool = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Whether choices, low or high apply to a value of the right type (a choice table's
        # choices are its values'; the kinds in _CHECKED_WHOLE are checked by their own rule).
        limits = bool(self.choices) or self.low is not None or self.high is not None
        object.__setattr__(self, "bounded", limits and self.kind not in _CHECKED_WHOLE)


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _check_ref(value: object, ref_kind: str | None) -> str | None:
    try:
        ref = ids.parse_ref(value)  # type: ignore[arg-type]
    except ValueError as exc:
        return str(exc)
    if ref_kind and ref.kind != ref_kind:
        found, wanted = ref.kind.replace("_", " "), ref_kind.replace("_", " ")
        return f"{value!r} names a {found}, expected a {wanted}"
    return None


def _check_string(value: object, limit: int) -> str | None:
    if not isinstance(value, str):
        return None  # caller reports the type
    if len(value) > limit:
        return f"is {len(value):,} characters long; at most {limit:,} are allowed"
    return None


def check_value(field: Field, value: object) -> str | None:
    """Why ``value`` does not fit ``field``, or None when it does."""
    problem = _CHECKS[field.kind](field, value)
    if problem or not field.bounded:
        return problem
    if field.choices and value not in field.choices:
        return f"{value!r} is not one of: {', '.join(field.choices)}"
    if field.low is not None and cast(float, value) < field.low:
        return f"{value} is below the lowest allowed value, {field.low:g}"
    if field.high is not None and cast(float, value) > field.high:
        return f"{value} is above the highest allowed value, {field.high:g}"
    return None


# One check per kind, looked up once per value: an organisation board has 300,000 values.


def _check_text(field: Field, value: object) -> str | None:
    if not isinstance(value, str):
        return _expected(field.kind, value)
    return _check_string(value, TITLE_MAX if field.kind == STR else TEXT_MAX)


def _check_id(field: Field, value: object) -> str | None:
    return ids.slug_problem(value) if isinstance(value, str) else _expected(field.kind, value)


def _check_int(field: Field, value: object) -> str | None:
    if not isinstance(value, int) or isinstance(value, bool):
        return _expected(field.kind, value)
    return None


def _check_number(field: Field, value: object) -> str | None:
    if type(value) is not float and type(value) is not int and not _is_number(value):
        return _expected(field.kind, value)
    if not math.isfinite(cast(float, value)):
        return f"{value} is not a finite number"
    if abs(cast(float, value)) > 1e15:
        return f"{value} is too large (at most 1e15)"
    return None


def _check_bool(field: Field, value: object) -> str | None:
    return None if isinstance(value, bool) else _expected(field.kind, value)


def _check_date(field: Field, value: object) -> str | None:
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        return f"expected a date like 2026-07-06, found {describe(value)}"
    return None


def _check_str_list(field: Field, value: object) -> str | None:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        return _expected(field.kind, value)
    return next(filter(None, (_check_string(v, TITLE_MAX) for v in value)), None)


def _check_ref_value(field: Field, value: object) -> str | None:
    if not isinstance(value, str):
        return _expected(field.kind, value)
    return _check_ref(value, field.ref_kind)


def _check_ref_list(field: Field, value: object) -> str | None:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        return _expected(field.kind, value)
    return next(filter(None, (_check_ref(v, field.ref_kind) for v in value)), None)


def _check_pair(field: Field, value: object) -> str | None:
    if not (isinstance(value, list) and len(value) == 2 and all(map(_is_number, value))):
        return f"expected two numbers like [99.5, 100.0], found {describe(value)}"
    if not all(math.isfinite(v) for v in value):
        return f"expected two finite numbers, found {value}"
    if value[0] > value[1]:
        return f"the low end {value[0]:g} is above the high end {value[1]:g}: write [low, high]"
    return None


def _check_number_table(field: Field, value: object) -> str | None:
    if not isinstance(value, dict):
        return _expected(field.kind, value)
    for key, number in value.items():
        if problem := _check_ref(key, field.ref_kind):
            return problem
        if not _is_number(number) or not math.isfinite(number):
            return f"the value for {key!r} must be a number, found {describe(number)}"
    return None


def _check_change(field: Field, value: object) -> str | None:
    if model.percent_change(value) is None:
        return f'expected a change from the baseline like "-40%" or "+25%", found {describe(value)}'
    return None


def _check_source(field: Field, value: object) -> str | None:
    return sources.problem(value)


def _check_choice_table(field: Field, value: object) -> str | None:
    if not isinstance(value, dict):
        return _expected(field.kind, value)
    for key, choice in value.items():
        if choice not in field.choices:
            return f"{key} = {choice!r}: expected one of {', '.join(field.choices)}"
    return None


_CHECKS = {
    STR: _check_text,
    TEXT: _check_text,
    ID: _check_id,
    INT: _check_int,
    NUMBER: _check_number,
    BOOL: _check_bool,
    DATE: _check_date,
    STR_LIST: _check_str_list,
    REF: _check_ref_value,
    REF_LIST: _check_ref_list,
    NUMBER_PAIR: _check_pair,
    NUMBER_TABLE: _check_number_table,
    CHANGE: _check_change,
    SOURCE: _check_source,
    CHOICE_TABLE: _check_choice_table,
}


def _expected(kind: str, value: object) -> str:
    # Only made for a value that fails: describing every value would slow loading by a third.
    return f"expected {_article(kind)} {kind}, found {describe(value)}"


def _article(kind: str) -> str:
    return "an" if kind[0] in "aeiou" else "a"


def describe(value: object) -> str:
    names = {
        str: "a string",
        bool: "a boolean",
        int: "an integer",
        float: "a number",
        list: "a list",
        dict: "a table",
        dt.datetime: "a date with a time",
        dt.date: "a date",
        dt.time: "a time",
    }
    text = repr(value)
    shown = text if len(text) <= 40 else text[:37] + "..."
    return f"{names.get(type(value), type(value).__name__)} ({shown})"


# -- the tables -----------------------------------------------------------------------------

CONFIDENCE: dict[str, Any] = {"kind": INT, "low": 1, "high": 10}

BOARD = (
    Field("name", STR, required=True, doc="The board's name, shown in the header."),
    Field("current_quarter", STR, required=True, doc="The quarter the board opens on."),
    Field("description", TEXT),
)

SETTINGS = (
    Field("stale_days", INT, low=1, high=365, doc="Days without a check-in before a KR is stale."),
    Field("on_track_margin", NUMBER, low=0, high=1, doc="How far behind expected is on track."),
    Field("at_risk_margin", NUMBER, low=0, high=1, doc="How far behind expected is at risk."),
    Field("success_grade", NUMBER, low=0, high=1, doc="The grade that counts as success."),
    Field("year_start_month", INT, low=1, high=12, doc="The month the (fiscal) year starts."),
    Field(
        "fiscal_year_label",
        STR,
        choices=("start", "end"),
        doc="Whether a fiscal year is named by the year it starts or ends in.",
    ),
)

SEVERITIES = ("error", "warning", "info", "off")

COACH = (
    Field(
        "min_key_results", INT, low=1, high=20, doc="Fewest key results an objective should have."
    ),
    Field("max_key_results", INT, low=1, high=20, doc="Most key results an objective should have."),
    Field(
        "max_objectives", INT, low=1, high=20, doc="Most objectives a team should have a quarter."
    ),
    Field("vanity_terms", STR_LIST, doc="More words that mark a vanity metric."),
    Field("output_verbs", STR_LIST, doc="More verbs that mark an output-style key result."),
    Field("severity", CHOICE_TABLE, choices=SEVERITIES, doc="A rule's severity, or off."),
)

TEAM = (
    Field("name", STR, required=True),
    Field("lead", STR),
    Field("rank", INT),
    Field("parent", ID, doc="The id of the team this one belongs to."),
    Field("description", TEXT),
)

OBJECTIVE = (
    Field("title", STR, required=True),
    Field("owner", STR),
    Field("rank", INT),
    Field("description", TEXT),
    Field("aligns_to", REF_LIST, ref_kind="objective"),
    Field("carried_from", REF, ref_kind="objective"),
    Field("decision", STR, choices=("keep", "modify", "abandon")),
    Field("retro", TEXT),
)

KEY_RESULT = (
    Field("title", STR, required=True),
    Field("owner", STR),
    Field("rank", INT),
    Field("description", TEXT),
    Field("unit", STR),
    Field("baseline", NUMBER),
    Field("target", NUMBER),
    Field("change", CHANGE, doc='A target relative to the baseline: "-40%", "+25%".'),
    Field("target_reason", STR),
    Field("current", NUMBER),
    Field("stretch", NUMBER),
    Field("direction", STR, choices=("increase", "decrease", "maintain")),
    Field("band", NUMBER_PAIR),
    Field("weight", NUMBER, low=0, high=1000),
    Field("kind", STR, choices=("metric", "milestone", "binary")),
    Field("due", DATE, doc="A deadline inside the quarter."),
    Field("start", DATE, doc="The day it began counting, when not the day it was added."),
    Field("impact", STR, choices=("outcome", "output")),
    Field("indicator", STR, choices=("leading", "lagging")),
    Field("confidence", **CONFIDENCE),
    Field("links", STR_LIST),
    Field("kpi", REF, ref_kind="kpi", doc="The KPI this KR moves: kpi/TEAM/ID."),
    Field("source", SOURCE, doc="Where its value comes from, for okrboard measure."),
    Field("contributes_to", REF_LIST, ref_kind="key_result"),
    Field("carried_from", REF, ref_kind="key_result"),
    Field("grade", NUMBER, low=0, high=1),
)

CHECKIN = (
    Field("date", DATE, required=True),
    Field("value", NUMBER, required=True),
    Field("confidence", **CONFIDENCE),
    Field("note", TEXT),
    Field("blockers", TEXT),
    Field("author", STR),
)

KPI = (
    Field("title", STR, required=True),
    Field("owner", STR),
    Field("rank", INT),
    Field("description", TEXT),
    Field("unit", STR),
    Field("direction", STR, choices=("increase", "decrease"), doc="Which way is healthier."),
    Field("band", NUMBER_PAIR, doc="The healthy range: [low, high]."),
    Field("links", STR_LIST),
    Field("source", SOURCE, doc="Where its value comes from, for okrboard measure."),
)

REVIEW = (
    Field("closed", DATE),
    Field("learnings", TEXT),
)

HORIZONS = ("now", "next", "later", "done", "not-now")

THEME = (
    Field("title", STR, required=True),
    Field("horizon", STR, required=True, choices=HORIZONS),
    Field("rank", INT),
    Field("status", STR, choices=("idea", "discovery", "in-progress", "shipped", "paused")),
    Field("owner", STR),
    Field("problem", TEXT),
    Field("hypothesis", TEXT),
    Field("confidence", **CONFIDENCE),
    Field("tags", STR_LIST),
    Field("visibility", STR, choices=("public", "internal")),
    Field("key_results", REF_LIST, ref_kind="key_result"),
    Field("objectives", REF_LIST, ref_kind="objective"),
    Field("impact", NUMBER_TABLE, ref_kind="key_result"),
    Field("actual_impact", NUMBER_TABLE, ref_kind="key_result"),
    Field("links", STR_LIST),
    Field("solution", REF, ref_kind="node"),
)

TREE = (
    Field("title", STR, required=True),
    Field("outcome", REF, required=True, ref_kind="key_result"),
    Field("team", ID),
    Field("owner", STR),
    Field("created", DATE),
    Field("description", TEXT),
)

NODE_TYPES = ("opportunity", "solution", "assumption", "test")

NODE_COMMON = (
    Field("type", STR, required=True, choices=NODE_TYPES),
    Field("title", STR, required=True),
    Field("parent", ID, doc="The parent node's id; none for a top-level opportunity."),
    Field("rank", INT),
    Field("description", TEXT),
)

NODE_FIELDS: dict[str, tuple[Field, ...]] = {
    "opportunity": (
        Field("segment", STR),
        Field("reach", INT, low=0),
        Field("frequency", NUMBER, low=0),
        Field("severity", INT, low=1, high=5),
        Field("evidence", STR_LIST),
        Field("target", BOOL),
    ),
    "solution": (
        Field("status", STR, choices=("idea", "exploring", "building", "shipped", "discarded")),
        Field("effort", STR, choices=("xs", "s", "m", "l", "xl")),
    ),
    "assumption": (
        Field(
            "category",
            STR,
            choices=("desirability", "viability", "feasibility", "usability", "ethical"),
        ),
        Field("importance", INT, low=1, high=5),
        Field("evidence", INT, low=1, high=5),
    ),
    "test": (
        Field("hypothesis", TEXT),
        Field("method", STR),
        Field("success_criteria", TEXT),
        Field("due", DATE),
        Field("result", STR, choices=("supported", "refuted", "inconclusive")),
        Field("result_date", DATE),
        Field("learnings", TEXT),
    ),
}

# Which node type may hang under which: the tree's shape.
NODE_PARENTS: dict[str, tuple[str | None, ...]] = {
    "opportunity": (None, "opportunity"),
    "solution": ("opportunity",),
    "assumption": ("solution",),
    "test": ("assumption",),
}


_NODE_TABLES = {kind: NODE_COMMON + fields for kind, fields in NODE_FIELDS.items()}


def node_fields(node_type: str) -> tuple[Field, ...]:
    """A node's fields by its type: the same tuple each time (decoding finds a table's
    fields by the tuple's identity)."""
    return _NODE_TABLES.get(node_type, NODE_COMMON)


# -- plain values -------------------------------------------------------------------------


def encode_fields(obj: Any, fields: tuple[Field, ...]) -> dict[str, Any]:
    """The plain table of ``obj``: its set fields in schema order, then its extra keys."""
    out: dict[str, Any] = {}
    for f in fields:
        value = getattr(obj, f.name)
        if value is not None:
            out[f.name] = value
        elif f.name in obj.extra:
            out[f.name] = obj.extra[f.name]
    for key, value in obj.extra.items():
        out.setdefault(key, value)
    return out


# Values compared with == when both are of one of these types (NaN aside).
_PLAIN = frozenset({str, int, float, bool, dt.date, dt.datetime, dt.time})


def same(a: Any, b: Any) -> bool:
    """Equal as TOML values: 1 and 1.0 are, 1 and true are not; NaN equals NaN."""
    kind = type(a)
    if kind is type(b) and kind in _PLAIN:
        return a == b or (kind is float and a != a and b != b)
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, dict):
        return (
            isinstance(b, dict)
            and a.keys() == b.keys()
            and _all_same((value, b[key]) for key, value in a.items())
        )
    if isinstance(a, list):
        return isinstance(b, list) and len(a) == len(b) and _all_same(zip(a, b, strict=True))
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    if isinstance(a, int | float) and isinstance(b, int | float):
        return a == b
    return type(a) is type(b) and a == b


def _all_same(pairs: Iterable[tuple[Any, Any]]) -> bool:
    """``same`` of every pair, plain values compared here without a call (twice as fast:
    a save compares a file's thousands of values with what it meant to write)."""
    for a, b in pairs:
        kind = type(a)
        if kind is type(b) and kind in _PLAIN:
            if a != b and not (kind is float and a != a and b != b):
                return False
        elif not same(a, b):
            return False
    return True
