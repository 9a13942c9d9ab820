"""okrboard schema: JSON Schemas of the board files, checked against the demo board and
against what okrboard check says."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import tomllib
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator, FormatChecker

from okrboard.cli import main
from okrboard.cli.main import SCHEMAS
from okrboard.domain.jsonschema import KINDS
from okrboard.files.load import load_board
from tests.helpers import make_board


def _kind(rel: str) -> str:
    head = rel.split("/")[0]
    return {
        "board.toml": "board",
        "okrs": "okr",
        "roadmaps": "roadmap",
        "trees": "tree",
        "kpis": "kpi",
    }[head]


def _plain(value):
    """A TOML value as editors hand it to a JSON Schema: dates as ISO text."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    return value


@pytest.fixture(scope="module")
def validators() -> dict[str, Draft202012Validator]:
    """Each kind's schema as the command prints it."""
    found = {}
    for kind in KINDS:
        buffer = io.StringIO()
        with contextlib.redirect_stdout(buffer):
            assert main(["schema", kind]) == 0
        schema = json.loads(buffer.getvalue())
        Draft202012Validator.check_schema(schema)  # a valid schema in its own draft
        found[kind] = Draft202012Validator(schema, format_checker=FormatChecker())
    return found


def _errors(validators, root: Path, rel: str) -> list[str]:
    data = _plain(tomllib.loads((root / rel).read_text(encoding="utf-8")))
    return [e.message for e in validators[_kind(rel)].iter_errors(data)]


def test_every_file_of_the_demo_is_valid(demo_master, validators):
    board = load_board(demo_master)
    assert board.problems == []
    for rel in board.sources:
        assert _errors(validators, demo_master, rel) == [], rel


def test_the_schema_rejects_what_check_rejects(tmp_path, validators):
    files = {
        "okrs/2026-Q3/growth.toml": "[objectives.a]\ntitle = 1\n",
        "roadmaps/growth.toml": '[themes.t]\ntitle = "T"\nhorizon = "soon"\n',
        "trees/t.toml": (
            '[tree]\ntitle = "T"\noutcome = "2026-Q3/growth/a/k"\n\n'
            '[nodes.n]\ntype = "opportunity"\ntitle = "N"\neffort = "m"\n'  # a solution's key
        ),
    }
    root = make_board(tmp_path, files)
    assert load_board(root).problems  # okrboard check says no, and so does the schema:
    assert "1 is not of type 'string'" in _errors(validators, root, "okrs/2026-Q3/growth.toml")
    assert any(
        "'soon' is not one of" in e for e in _errors(validators, root, "roadmaps/growth.toml")
    )
    assert any("'effort'" in e for e in _errors(validators, root, "trees/t.toml"))


def test_extension_keys_and_hand_written_files_pass(tmp_path, validators):
    files = {
        "okrs/2026-Q3/growth.toml": (
            '[objectives.a]\ntitle = "Ship"\nx-jira = "GROW-1"\n\n'
            '[objectives.a.key_results.k]\ntitle = "Тест: активация"\nbaseline = 1\ntarget = 2\n'
            "checkins = [{ date = 2026-07-06, value = 1.5 }]\n"
        ),
    }
    root = make_board(tmp_path, files)
    assert load_board(root).problems == []
    assert _errors(validators, root, "okrs/2026-Q3/growth.toml") == []


def test_the_command_offers_every_kind():
    assert SCHEMAS == KINDS
    with pytest.raises(SystemExit) as exited:
        main(["schema", "nonsense"])
    assert exited.value.code == 2
