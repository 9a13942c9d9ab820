from __future__ import annotations

import datetime as dt

import pytest

from okrboard.domain import ids


@pytest.mark.parametrize("text", ["a", "time-to-value", "q3-2026", "x" * 64])
def test_valid_slugs(text):
    assert ids.is_slug(text)
    assert ids.slug_problem(text) is None


@pytest.mark.parametrize(
    "text", ["", "Time", "a--b", "-a", "a-", "a b", "a/b", "..", "é", "x" * 65, "a_b"]
)
def test_invalid_slugs_say_why(text):
    assert not ids.is_slug(text)
    assert ids.slug_problem(text)


def test_slugify_and_unique():
    assert ids.slugify("Time to Value!") == "time-to-value"
    assert ids.unique_slug("Time to value", {"time-to-value"}) == "time-to-value-2"
    assert ids.unique_slug("", set()) == "item"


def test_quarters():
    q = ids.QuarterId.parse("2026-Q3")
    assert (q.start, q.end) == (dt.date(2026, 7, 1), dt.date(2026, 9, 30))
    assert str(q.next()) == "2026-Q4" and str(ids.QuarterId.parse("2026-Q4").next()) == "2027-Q1"
    assert str(ids.QuarterId.parse("2026-Q1").previous()) == "2025-Q4"
    assert ids.QuarterId.containing(dt.date(2026, 11, 22)) == ids.QuarterId(2026, 4)
    for bad in ("2026-Q5", "2026Q3", "26-Q1", "2026-q3"):
        with pytest.raises(ValueError, match="YYYY-QN"):
            ids.QuarterId.parse(bad)


def test_references():
    assert ids.parse_ref("2026-Q3/growth/activation").kind == "objective"
    kr = ids.parse_ref("2026-Q3/growth/activation/time-to-value")
    assert kr.kind == "key_result" and str(kr) == "2026-Q3/growth/activation/time-to-value"
    assert ids.parse_ref("roadmap/growth/guided-setup").kind == "theme"
    node = ids.parse_ref("tree/activation/blank-page")
    assert node.kind == "node" and str(node) == "tree/activation/blank-page"
    for bad in (
        "growth/activation",
        "2026-Q3/Growth/x",
        "tree/a",
        "2026-Q3/../x",
        "2026-Q3/a/b/c/d",
    ):
        with pytest.raises(ValueError):
            ids.parse_ref(bad)
