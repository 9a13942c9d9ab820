"""An edit form's data (flows/forms): its values merged three-way with the board as it is
now, its hints and its required fields. Plain functions, no UI."""

from __future__ import annotations

from okrboard.domain import schema
from okrboard.flows import forms


def test_a_field_left_alone_keeps_the_disks_value_and_one_changed_on_one_side_wins():
    shown = {"title": "Lift activation", "owner": "maya", "target": "50"}
    typed = {"title": "Lift activation to 50%", "owner": "maya", "target": "50"}
    current = {"title": "Lift activation", "owner": "li", "target": "55"}  # another writer
    merged = forms.merge(shown, typed, current)
    assert merged.mine == ("title",) and merged.both == ()
    assert merged.names(keep_mine=True) == ("title",)  # owner and target stay li's and 55


def test_a_field_changed_on_both_sides_is_the_users_to_choose():
    shown = {"target": "50", "note": "x"}
    typed = {"target": "52", "note": "y"}
    current = {"target": "55", "note": "y"}  # note: the same change on disk, no question
    merged = forms.merge(shown, typed, current)
    assert merged.mine == ("target", "note") and merged.both == ("target",)
    assert merged.names(keep_mine=False) == ("note",)
    question = merged.question("Edit KR", shown, typed)
    assert "target: you typed '52'; on disk it is now '55' (it was '50')" in question


def test_the_disks_values_are_compared_as_the_form_shows_them():
    """A control character on disk is shown (and so compared) as printable text."""
    shown = {"title": "A\\x1b"}
    merged = forms.merge(shown, {"title": "A\\x1b"}, {"title": "A\x1b"})
    assert merged.mine == () and merged.both == ()


def test_a_form_says_a_fields_range_and_dates_its_examples_from_today():
    """Importance 1–5 shown before a wrong value, not only after; the Due example is a day
    ahead of today, not one in the past."""
    import datetime as dt

    today = dt.date(2026, 12, 7)
    node = schema.node_fields("assumption")
    hints = {s.field.name: s.hint for s in forms.specs(node, ("importance",), today)}
    assert hints == {"importance": "1–5"}
    kr = {s.field.name: s.hint for s in forms.specs(schema.KEY_RESULT, ("due",), today)}
    assert kr == {"due": "a deadline in the quarter: 2027-01-06"}
    checkin = {s.field.name: s.hint for s in forms.specs(schema.CHECKIN, ("date",), today)}
    assert checkin == {"date": "2026-12-07"}


def test_a_form_marks_what_a_key_result_needs_and_says_when_it_does_not():
    """A new KR's baseline and target are needed unless it is binary (or a band), so they
    are marked as the title is, and their hints say the exception before anything is typed."""
    shown = {s.field.name: s for s in forms.specs(schema.KEY_RESULT, forms.KR_FIELDS)}
    assert [n for n, s in shown.items() if s.required] == ["title", "baseline", "target"]
    assert "binary" in shown["baseline"].hint and "change" in shown["target"].hint
    assert not shown["owner"].required and not shown["change"].required
