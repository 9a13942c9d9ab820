"""JSON Schemas of the board files, written from ``schema``'s fields (the one place for
their rules), for editors' TOML support (taplo, Even Better TOML, tombi).

A TOML date is a string with ``format: date`` here, as those editors map it. The schemas
are looser than ``okrboard check`` where JSON Schema cannot say a rule (a reference's
target exists, a band's low end comes first); they never reject what ``check`` accepts.
"""

from __future__ import annotations

from typing import Any

from okrboard.domain import ids, schema
from okrboard.domain.schema import Field

KINDS = ("board", "okr", "roadmap", "tree", "kpi")
DRAFT = "https://json-schema.org/draft/2020-12/schema"
ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
REF_PATTERN = {
    "objective": r"^\d{4}-Q[1-4]/[a-z0-9-]+/[a-z0-9-]+$",
    "key_result": r"^\d{4}-Q[1-4]/[a-z0-9-]+/[a-z0-9-]+/[a-z0-9-]+$",
    "node": r"^tree/[a-z0-9-]+/[a-z0-9-]+$",
    "kpi": r"^kpi/[a-z0-9-]+/[a-z0-9-]+$",
}
NUMBER = {"type": "number"}


def _value(field: Field) -> dict[str, Any]:
    """One field's value, as JSON Schema says it."""
    kind = field.kind
    out: dict[str, Any]
    if kind in (schema.STR, schema.TEXT):
        limit = schema.TITLE_MAX if kind == schema.STR else schema.TEXT_MAX
        out = {"type": "string", "maxLength": limit}
    elif kind == schema.ID:
        out = {"type": "string", "pattern": ID_PATTERN}
    elif kind == schema.INT:
        out = {"type": "integer"}
    elif kind == schema.NUMBER:
        out = {"type": "number"}
    elif kind == schema.BOOL:
        out = {"type": "boolean"}
    elif kind == schema.DATE:
        out = {"type": "string", "format": "date"}
    elif kind == schema.STR_LIST:
        out = {"type": "array", "items": {"type": "string", "maxLength": schema.TITLE_MAX}}
    elif kind == schema.REF:
        out = _ref(field.ref_kind)
    elif kind == schema.REF_LIST:
        out = {"type": "array", "items": _ref(field.ref_kind)}
    elif kind == schema.NUMBER_PAIR:
        out = {"type": "array", "prefixItems": [NUMBER, NUMBER], "minItems": 2, "maxItems": 2}
    elif kind == schema.NUMBER_TABLE:
        out = {"type": "object", "additionalProperties": NUMBER}
    elif kind == schema.CHOICE_TABLE:
        out = {"type": "object", "additionalProperties": {"enum": list(field.choices)}}
    elif kind == schema.SOURCE:
        out = {"type": "object"}
    elif kind == schema.CHANGE:
        out = {"type": "string", "pattern": r"^[+-]\d+(\.\d+)?\s?%$"}
    else:  # a kind added to schema without a JSON reading: any value, never a false error
        out = {}
    if field.choices and kind != schema.CHOICE_TABLE:
        out["enum"] = list(field.choices)
    if field.low is not None:
        out["minimum"] = field.low
    if field.high is not None:
        out["maximum"] = field.high
    if field.doc:
        out["description"] = field.doc
    return out


def _ref(kind: str | None) -> dict[str, Any]:
    pattern = REF_PATTERN.get(kind or "")
    return {"type": "string", "pattern": pattern} if pattern else {"type": "string"}


def table(fields: tuple[Field, ...], **more: Any) -> dict[str, Any]:
    """A TOML table of ``fields``; unknown keys allowed only as extensions (``x-…``)."""
    return {
        "type": "object",
        "properties": {f.name: _value(f) for f in fields} | more,
        "required": [f.name for f in fields if f.required],
        "patternProperties": {"^x-": {}},
        "additionalProperties": False,
    }


def _by_id(item: dict[str, Any]) -> dict[str, Any]:
    """A table of items keyed by id: ``[objectives.activation]``."""
    return {
        "type": "object",
        "propertyNames": {"pattern": ID_PATTERN},
        "additionalProperties": item,
    }


CONFLICTS = {
    "type": "array",
    "description": "Merge conflicts recorded by okrboard's merge driver (docs/format.md).",
    "items": {"type": "object", "required": ["path"], "properties": {"path": {"type": "array"}}},
}


def _node() -> dict[str, Any]:
    """A tree node: the common fields, then those of its type (``if type = …``; a name
    such as ``evidence`` means one thing for an opportunity, another for an assumption)."""
    node = table(schema.NODE_COMMON)
    node["properties"] |= {f.name: {} for fields in schema.NODE_FIELDS.values() for f in fields}
    node["allOf"] = [
        {
            "if": {"properties": {"type": {"const": kind}}, "required": ["type"]},
            "then": {
                "properties": {f.name: _value(f) for f in schema.NODE_FIELDS[kind]},
                "propertyNames": {
                    "anyOf": [{"enum": _names(schema.node_fields(kind))}, {"pattern": "^x-"}]
                },
            },
        }
        for kind in schema.NODE_TYPES
    ]
    return node


def _names(fields: tuple[Field, ...]) -> list[str]:
    return [f.name for f in fields]


def file_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema of one kind of board file: ``board`` (board.toml), ``okr``
    (okrs/QUARTER/TEAM.toml), ``roadmap`` (roadmaps/TEAM.toml), ``tree`` or ``kpi``
    (kpis/TEAM.toml)."""
    where = {
        "board": "board.toml",
        "okr": ids.okr_file("QUARTER", "TEAM"),
        "roadmap": ids.roadmap_file("TEAM"),
        "tree": ids.tree_file("TREE"),
        "kpi": ids.kpi_file("TEAM"),
    }
    if kind == "board":
        body = {
            "board": table(schema.BOARD),
            "settings": table(schema.SETTINGS),
            "coach": table(schema.COACH),
            "teams": _by_id(table(schema.TEAM)),
        }
        required = ["board"]
    elif kind == "okr":
        checkins = {"type": "array", "items": table(schema.CHECKIN)}
        key_result = table(schema.KEY_RESULT, checkins=checkins)
        objective = table(schema.OBJECTIVE, key_results=_by_id(key_result))
        body = {"objectives": _by_id(objective), "review": table(schema.REVIEW)}
        required = []
    elif kind == "roadmap":
        body, required = {"themes": _by_id(table(schema.THEME))}, []
    elif kind == "tree":
        body, required = {"tree": table(schema.TREE), "nodes": _by_id(_node())}, ["tree"]
    elif kind == "kpi":
        checkins = {"type": "array", "items": table(schema.CHECKIN)}
        body, required = {"kpis": _by_id(table(schema.KPI, checkins=checkins))}, []
    else:
        raise ValueError(f"{kind!r}: expected one of {', '.join(KINDS)}")
    return {
        "$schema": DRAFT,
        "$id": f"https://okrboard.dev/schema/{kind}.json",
        "title": f"okrboard {where[kind]}",
        "description": f"An okrboard {where[kind]} file (docs/format.md).",
        "type": "object",
        "properties": body | {"conflicts": CONFLICTS},
        "required": required,
        "patternProperties": {"^x-": {}},
        "additionalProperties": False,
    }
