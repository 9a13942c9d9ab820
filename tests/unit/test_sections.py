"""Finding the lines that can hold an item, without parsing: right, or honestly unsure."""

from __future__ import annotations

import tomllib

import pytest

from okrboard.files.sections import item_text, table_span

KR = ("objectives", "o", "key_results", "k")

FILE = """\
top = 1

[objectives.o]
title = "O"

[objectives.o.key_results.j]
target = 1
checkins = [
    { date = 2026-01-01, value = 1 },
]

[objectives.o.key_results.k]
target = 2

[objectives.o.key_results.k.extra]
x = 1

[objectives.p]
key_results.k.target = 3
"""


def test_the_item_its_sub_tables_and_its_ancestors():
    text = item_text(FILE, KR)
    assert text is not None
    data = tomllib.loads(text)
    assert data["top"] == 1 and data["objectives"]["o"]["title"] == "O"
    assert data["objectives"]["o"]["key_results"] == {"k": {"target": 2, "extra": {"x": 1}}}
    assert "p" not in data["objectives"]  # another objective's KR of the same id
    assert tomllib.loads(item_text(FILE, ("objectives", "o")))["objectives"]["o"][
        "key_results"
    ].keys() == {"j", "k"}


@pytest.mark.parametrize(
    "unsure",
    [
        'x = """\n[objectives.o.key_results.j]\n"""\n',  # a header inside a string
        "x = [\n[1],\n[2]\n]\n",  # nested arrays, one a line
        "x = [ # comment\n[1]\n]\n",
        "x = [\n  # comment\n  [1]\n]\n",
        '[objectives."o".key_results.k]\ntarget = 1\n',  # quoted keys: not told apart
        "[objectives.o\n",  # not a header at all
    ],
)
def test_unsure_files_say_so(unsure):
    assert item_text(unsure, KR) is None


def test_headers_may_be_indented_spaced_and_commented():
    text = "  [ objectives . o . key_results . k ]  # the KR\ntarget = 5\n[other]\ny = 1\n"
    assert tomllib.loads(item_text(text, KR)) == {
        "objectives": {"o": {"key_results": {"k": {"target": 5}}}}
    }


def test_comment_lines_before_a_header_are_not_array_elements():
    text = (
        "# Growth OKRs\n\n[objectives.o]\ntitle = 'O'\n# why this KR\n"
        + FILE[FILE.index("[objectives.o.key_results.j]") :]
    )
    assert tomllib.loads(item_text(text, KR))["objectives"]["o"]["key_results"]["k"] == {
        "target": 2,
        "extra": {"x": 1},
    }


def test_table_span_is_the_table_and_the_sub_tables_after_it():
    start, end = table_span(FILE, KR)
    assert FILE[start:end] == (
        "[objectives.o.key_results.k]\ntarget = 2\n\n[objectives.o.key_results.k.extra]\nx = 1\n\n"
    )
    start, end = table_span(FILE, ("objectives", "p"))
    assert FILE[start:end] == "[objectives.p]\nkey_results.k.target = 3\n"


@pytest.mark.parametrize(
    "path",
    [
        ("objectives",),  # no header of its own
        ("objectives", "o", "key_results", "k", "extra", "x"),  # a value, not a table
        ("objectives", "q"),  # not there
    ],
)
def test_table_span_without_a_header_of_its_own_is_none(path):
    assert table_span(FILE, path) is None


def test_table_span_of_a_table_written_in_two_places_is_none():
    text = "[a.b]\nx = 1\n\n[c]\ny = 2\n\n[a.b.d]\nz = 3\n"
    assert table_span(text, ("a", "b")) is None
    assert text[slice(*table_span(text, ("c",)))] == "[c]\ny = 2\n\n"
