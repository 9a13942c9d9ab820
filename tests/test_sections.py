"""Finding the lines that can hold an item, without parsing: right, or honestly unsure."""

from __future__ import annotations

import tomllib

import pytest

from okrboard.sections import item_text

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
        "# comment\n[objectives.o]\n",
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
