"""The field rules, checked for every field the schema declares."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from okrboard.domain import model, schema

TABLES = {
    "BOARD": (schema.BOARD, model.Board),
    "SETTINGS": (schema.SETTINGS, model.Settings),
    "TEAM": (schema.TEAM, model.Team),
    "OBJECTIVE": (schema.OBJECTIVE, model.Objective),
    "KEY_RESULT": (schema.KEY_RESULT, model.KeyResult),
    "CHECKIN": (schema.CHECKIN, model.CheckIn),
    "REVIEW": (schema.REVIEW, model.Review),
    "THEME": (schema.THEME, model.RoadmapTheme),
    "TREE": (schema.TREE, model.OpportunityTree),
    "KPI": (schema.KPI, model.Kpi),
    **{f"NODE:{t}": (schema.node_fields(t), model.TreeNode) for t in schema.NODE_TYPES},
}
# What a model class holds that is not a key of its table: the id (the table's name), its
# children, the keys okrboard does not know (kept as they are), and where it was read from.
STRUCTURE = {
    "id", "key_results", "checkins", "nodes", "extra", "file_extra", "root", "settings",
    "coach", "teams", "okrs", "roadmaps", "trees", "kpis", "problems",
}  # fmt: skip
ALL_FIELDS = [(name, f) for name, (fields, _) in TABLES.items() for f in fields]


@pytest.mark.parametrize(("table", "cls"), TABLES.values(), ids=TABLES.keys())
def test_every_field_is_an_attribute_of_its_model_class(table, cls):
    attributes = {f.name for f in dataclasses.fields(cls)}
    assert {f.name for f in table} <= attributes


WHOLE = {k: v for k, v in TABLES.items() if not k.startswith("NODE:")}
WHOLE["COACH"] = (schema.COACH, model.CoachSettings)


@pytest.mark.parametrize(("table", "cls"), WHOLE.values(), ids=WHOLE.keys())
def test_the_model_and_the_schema_declare_the_same_keys_in_the_same_order(table, cls):
    """Two declarations of one thing cannot drift: each key of a table is a model attribute
    and each model attribute (but its structure) a key, in the order the files are written."""
    names = [f.name for f in table]
    keys = [
        f.name
        for f in dataclasses.fields(cls)
        if (f.name not in STRUCTURE or f.name in names) and not f.metadata.get("derived")
    ]
    assert keys == names


@pytest.mark.parametrize("field", [f for _, f in ALL_FIELDS if f.choices], ids=lambda f: f.name)
def test_choices_are_enforced(field):
    for choice in field.choices:
        assert schema.check_value(field, choice) is None
    assert "is not one of" in schema.check_value(field, "not-a-choice")


@pytest.mark.parametrize(
    ("kind", "good", "bad"),
    [
        (schema.STR, "text", 3),
        (schema.INT, 3, 3.5),
        (schema.INT, 3, True),
        (schema.NUMBER, 2.5, "2.5"),
        (schema.NUMBER, 2.5, float("inf")),
        (schema.BOOL, True, 1),
        (schema.DATE, dt.date(2026, 7, 6), dt.datetime(2026, 7, 6, 10)),
        (schema.STR_LIST, ["a"], ["a", 1]),
        (schema.REF, "2026-Q3/growth/a/b", "growth/a"),
        (schema.REF_LIST, ["2026-Q3/growth/a"], ["nope"]),
        (schema.NUMBER_PAIR, [1, 2], [2, 1]),
        (schema.NUMBER_TABLE, {"2026-Q3/g/a/b": 1}, {"2026-Q3/g/a/b": "1"}),
        (schema.ID, "my-id", "My Id"),
    ],
)
def test_kinds(kind, good, bad):
    field = schema.Field("f", kind)
    assert schema.check_value(field, good) is None
    assert schema.check_value(field, bad)


def test_ranges_and_lengths():
    confidence = next(f for f in schema.CHECKIN if f.name == "confidence")
    assert schema.check_value(confidence, 10) is None
    assert "highest" in schema.check_value(confidence, 11)
    assert "lowest" in schema.check_value(confidence, 0)
    title = next(f for f in schema.OBJECTIVE if f.name == "title")
    assert "at most" in schema.check_value(title, "x" * 100_000)


def test_a_reference_of_the_wrong_kind():
    field = next(f for f in schema.KEY_RESULT if f.name == "contributes_to")
    assert "expected a key result" in schema.check_value(field, ["2026-Q3/growth/activation"])


@pytest.mark.parametrize("kind", [schema.ID, schema.REF, schema.STR, schema.INT, schema.BOOL])
def test_a_value_of_the_wrong_type_is_described(kind):
    """The description is made only for a failing value; every kind still gets one."""
    field = schema.Field("key", kind, ref_kind="key_result")
    assert (
        schema.check_value(field, [1.5])
        == f"expected {schema._article(kind)} {kind}, found a list ([1.5])"
    )
