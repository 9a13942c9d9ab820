"""Unattended jobs never pass for green: a weekly CI job runs ``measure``, ``due``,
``links`` and ``diff`` on a board a pull request may have broken; each names the file it
could not read and exits 1, ``diff`` never calls an unreadable file's items removed, and
every failure with ``--format json`` is one JSON object of the same shape."""

from __future__ import annotations

import json
import shutil

import pytest

from okrboard.cli import main
from tests.helpers import git
from tests.hostile.kit import url_board

BROKEN = "okrs/2026-Q4/growth.toml"


@pytest.fixture
def broken(tmp_path, demo_master):
    """The demo with growth's current OKR file and KPI file broken in a new commit."""
    root = tmp_path / "demo"
    shutil.copytree(demo_master, root)
    (root / BROKEN).write_text((root / BROKEN).read_text() + "\n[objectives.broken\n")
    (root / "kpis/growth.toml").write_text("[kpis.nps\ntitle = 'x'\n")
    git(root, "commit", "-qam", "a bad merge")
    return root


def run(root, *args: str) -> int:
    return main(["-C", str(root), *args])


@pytest.mark.parametrize(
    "command",
    [["measure", "--dry-run"], ["due"], ["links"], ["diff", "HEAD~1", "HEAD"],
     ["report", "2026-Q4"],
     ["lint"], ["check"]],
)  # fmt: skip
def test_every_unattended_command_names_the_unreadable_file_and_fails(broken, capsys, command):
    assert run(broken, *command) == 1
    said = capsys.readouterr()
    named = said.err + said.out if command[0] == "check" else said.err  # check: its output
    assert f"{BROKEN}:" in named and "kpis/growth.toml" in named


def test_diff_never_shows_an_unreadable_files_items_as_removed(broken, capsys):
    assert run(broken, "diff", "HEAD~1", "HEAD", "--format", "json") == 1
    document = json.loads(capsys.readouterr().out)
    assert document["unreadable"] == ["kpis/growth.toml", BROKEN]
    assert not [c for c in document["changes"] if c["ref"].startswith("2026-Q4/growth/")]
    assert not [c for c in document["changes"] if c["ref"].startswith("kpi/growth/")]
    assert run(broken, "diff", "HEAD~1", "HEAD") == 1
    assert "removed" not in capsys.readouterr().out


def test_an_invalid_source_fails_measure_naming_the_item(tmp_path, capsys):
    root = url_board(tmp_path, {})
    (root / "okrs/2026-Q4/growth.toml").write_text(
        '[objectives.o]\ntitle = "Grow"\n\n[objectives.o.key_results.nps]\ntitle = "NPS from 30'
        ' to 40"\nbaseline = 30\ntarget = 40\nsource = { csv = "m.csv", colum = "nps" }\n\n'
        '[objectives.o.key_results.out]\ntitle = "Out from 1 to 2"\nbaseline = 1\ntarget = 2\n'
        'source = { csv = "../../secrets.csv", column = "v" }\n'
    )
    assert run(root, "measure", "--format", "json") == 1
    found = {r["ref"]: r for r in json.loads(capsys.readouterr().out)["measured"]}
    assert set(found) == {"2026-Q4/growth/o/nps", "2026-Q4/growth/o/out"}
    assert "okrs/2026-Q4/growth.toml:8:" in found["2026-Q4/growth/o/nps"]["error"]
    assert "a csv source needs column" in found["2026-Q4/growth/o/nps"]["error"]
    assert "inside the board" in found["2026-Q4/growth/o/out"]["error"]
    assert all(r["outcome"] == "error" for r in found.values())


@pytest.mark.parametrize(
    "command",
    [["check", "--format", "json"], ["measure", "--format", "json", "--only", "nothing-here"],
     ["log", "no/such/item", "--format", "json"], ["diff", "no-such-rev", "--format", "json"]],
)  # fmt: skip
def test_a_failure_in_json_is_one_object_of_one_shape(tmp_path, demo_master, capsys, command):
    where = tmp_path if command[0] == "check" else demo_master  # tmp_path holds no board
    code = run(where, *command)
    document = json.loads(capsys.readouterr().out)
    assert set(document) == {"version", "error"}
    assert document["error"]["exit"] == code != 0
    assert document["error"]["kind"] in ("usage", "not_found")
    assert document["error"]["message"]


# -- imports are atomic ------------------------------------------------------------------


@pytest.fixture
def imported(tmp_path, demo_master, capsys):
    """The demo with GROW-301 (done) and GROW-305 (in progress) imported."""
    root = tmp_path / "demo"
    shutil.copytree(demo_master, root)
    export = tmp_path / "jira.csv"
    export.write_text(
        "Summary,Issue key,Status,Status Category\r\n"
        "Guided setup,GROW-301,Done,Done\r\nChecklist experiment,GROW-305,In Review,In Progress\r\n"
    )
    assert run(root, "links", "import", str(export)) == 0
    capsys.readouterr()
    return root


def summary(root, capsys) -> str:
    run(root, "links", "--format", "json")
    items = {i["ref"]: i for i in json.loads(capsys.readouterr().out)["items"]}
    return items["roadmap/growth/guided-setup"]["summary"]


@pytest.mark.parametrize(
    ("export", "said"),
    [
        ("Summary,Issue key,Status\r\nGuided setup,GROW-301\r\n", "line 2: 2 fields where the"
         " header has 3"),
        ('Summary,Issue key,Status\r\n"Guided setup,GROW-301,Done\r\n', "line 2: unexpected end"),
        ("Summary;Issue key;Status\r\nGuided;GROW-301;Done\r\n", "unknown columns"),
    ],
)  # fmt: skip
def test_a_bad_export_is_an_error_naming_its_line_and_replaces_nothing(
    imported, tmp_path, capsys, export, said
):
    assert summary(imported, capsys).startswith("1 of 2 done")
    bad = tmp_path / "bad.csv"
    bad.write_text(export)
    assert run(imported, "links", "import", str(bad)) == 1
    err = capsys.readouterr().err
    assert "bad.csv" in err and said in err
    assert summary(imported, capsys).startswith("1 of 2 done")  # nothing replaced


def test_a_row_without_a_status_never_blanks_a_known_one(imported, tmp_path, capsys):
    export = tmp_path / "later.csv"
    export.write_text("Summary,Issue key,Status\r\nGuided setup,GROW-301,\r\n")
    assert run(imported, "links", "import", str(export)) == 0
    capsys.readouterr()
    assert summary(imported, capsys).startswith("1 of 2 done")
