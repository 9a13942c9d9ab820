from __future__ import annotations

import datetime as dt

import pytest

from okrboard.domain import fieldtext, schema


def field(name, table=schema.KEY_RESULT):
    return next(f for f in table if f.name == name)


@pytest.mark.parametrize(
    ("name", "text", "value"),
    [
        ("target", "50", 50),
        ("target", " 12.5 ", 12.5),
        ("target", "40_000", 40000),
        ("target", "45%", 45),
        ("current", "", None),
        ("confidence", "7", 7),
        ("band", "99.5, 100", [99.5, 100]),
        ("links", "GROW-1, https://x.example ,", ["GROW-1", "https://x.example"]),
        ("direction", "decrease", "decrease"),
    ],
)
def test_parse(name, text, value):
    assert fieldtext.from_text(field(name), text) == (value, None)


@pytest.mark.parametrize(
    ("name", "text", "words"),
    [
        ("target", "fifty", "not a number"),
        ("target", "nan", "finite"),
        ("title", "", "required"),
        ("confidence", "11", "highest"),
        ("confidence", "7.5", "whole number"),
        ("direction", "sideways", "not one of"),
        ("band", "100, 99", "low end"),
        ("contributes_to", "nope", "not a reference"),
    ],
)
def test_errors_are_the_check_rules(name, text, words):
    value, error = fieldtext.from_text(field(name), text)
    assert value is None and words in error


def test_dates_and_round_trips():
    date = field("date", schema.CHECKIN)
    assert fieldtext.from_text(date, "2026-07-06") == (dt.date(2026, 7, 6), None)
    assert "like 2026-07-06" in fieldtext.from_text(date, "6 July")[1]
    for name, value in [("target", 12.5), ("band", [99.5, 100]), ("links", ["a", "b"])]:
        f = field(name)
        assert fieldtext.from_text(f, fieldtext.to_text(f, value)) == (value, None)
    assert fieldtext.to_text(field("target"), None) == ""
