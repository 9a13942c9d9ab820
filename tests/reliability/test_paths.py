"""No id, quarter or team name in a board file makes okrboard read or write outside the
board's folder; git and the editor are started without a shell."""

from __future__ import annotations

import ast
import os
from pathlib import Path

import pytest

from okrboard.domain import edits, ids
from okrboard.domain.model import TeamQuarter
from okrboard.files.load import load_board
from okrboard.files.session import Session
from okrboard.files.store import SaveRefused, board_path
from tests.compat import notifications
from tests.helpers import REPO, make_app, make_board

HOSTILE_BOARD = """\
[board]
name = "B"
current_quarter = "2026-Q4"

[teams."../../../outside"]
name = "Evil"

[teams.growth]
name = "Growth"
"""


@pytest.mark.parametrize(
    "rel",
    [
        "../x.toml", "okrs/../../x.toml", "okrs/2026-Q4/../../../x.toml", "/etc/passwd",
        "okrs//x.toml", "okrs/./x.toml", "okrs/2026-Q4/a\\..\\x.toml", "okrs/x\0.toml", "",
    ],
)  # fmt: skip
def test_a_name_that_leads_outside_is_refused(tmp_path, rel):
    assert not ids.inside_board(tmp_path, rel)
    with pytest.raises(SaveRefused, match="is not a file inside the board"):
        board_path(tmp_path, rel)


def test_plain_names_inside_are_allowed(tmp_path):
    assert board_path(tmp_path, "okrs/2026-Q4/growth.toml") == tmp_path / "okrs/2026-Q4/growth.toml"
    assert ids.inside_board(tmp_path, "board.toml")


def test_a_board_named_by_a_relative_path_is_judged_from_the_current_folder(tmp_path, monkeypatch):
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
    monkeypatch.chdir(tmp_path / "a")
    assert ids.inside_board(Path("."), "board.toml")
    monkeypatch.chdir(tmp_path / "b")  # okrboard -C b: "." is another folder now
    assert ids.inside_board(Path("."), "board.toml")
    (tmp_path / "b" / "okrs").symlink_to(tmp_path / "a")
    assert not ids.inside_board(Path("."), "okrs/board.toml")


def outside_of(root: Path) -> set[Path]:
    """Every file beside the board (its parent folder, two levels up), board excluded."""
    top = root.parent.parent
    return {p for p in top.rglob("*") if root not in p.parents and p != root}


def test_a_team_named_with_dots_cannot_write_outside(tmp_path):
    root = make_board(tmp_path / "a" / "board", {"board.toml": HOSTILE_BOARD})
    before = outside_of(root)
    board = load_board(root)
    team = "../../../outside"
    assert team in board.teams  # kept as written, and reported
    assert any("is not an id" in p.message for p in board.problems)

    def add(board):
        tq = board.okrs.setdefault(("2026-Q4", team), TeamQuarter("2026-Q4", team))
        edits.add_objective(tq, "Escape")
        return tq

    with pytest.raises(SaveRefused, match="not a file inside the board"):
        Session(board).edit(add, "new objective")
    assert outside_of(root) == before
    assert not list(tmp_path.rglob("outside.toml"))


def test_a_quarter_named_with_dots_cannot_write_outside(tmp_path):
    root = make_board(tmp_path / "a" / "board", {})
    before = outside_of(root)
    board = load_board(root)

    def add(board):
        tq = TeamQuarter("../../../escape", "growth")
        board.okrs[("../../../escape", "growth")] = tq
        edits.add_objective(tq, "Escape")
        return tq

    with pytest.raises(SaveRefused, match="not a file inside the board"):
        Session(board).edit(add, "new objective")
    assert outside_of(root) == before


def test_a_folder_linked_outside_is_neither_read_nor_written(tmp_path):
    secret = tmp_path / "secret"
    secret.mkdir()
    (secret / "growth.toml").write_text('[objectives.leak]\ntitle = "private"\n')
    root = make_board(tmp_path / "board", {})
    (root / "okrs").mkdir(exist_ok=True)
    os.symlink(secret, root / "okrs" / "2026-Q3")
    board = load_board(root)
    assert board.objective("2026-Q3/growth/leak") is None
    assert any(
        p.file == "okrs/2026-Q3" and "outside the board" in p.message for p in board.problems
    )
    with pytest.raises(SaveRefused):
        board_path(root, "okrs/2026-Q3/growth.toml")


async def test_the_app_refuses_a_new_objective_for_such_a_team(tmp_path):
    root = make_board(tmp_path / "a" / "board", {"board.toml": HOSTILE_BOARD})
    before = outside_of(root)
    app = make_app(root)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.press("N")  # the board's first team is the bad one
        await pilot.pause()
        messages = notifications(app)
        assert any("has an id that is not valid" in m for m in messages), messages
        assert app.screen.__class__.__name__ == "OkrScreen"  # no form opened
    assert outside_of(root) == before


def test_no_shell_is_ever_started():
    """Every subprocess call passes a list (no shell to read user text), never shell=True,
    and nothing calls os.system or os.popen."""
    for path in sorted((REPO / "okrboard").rglob("*.py")):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                name = ast.unparse(node.func)
                assert name not in ("os.system", "os.popen"), f"{path.name}: {name}"
                for keyword in node.keywords:
                    if keyword.arg == "shell":
                        assert ast.unparse(keyword.value) == "False", f"{path.name}: shell="
                if name.startswith("subprocess.") and node.args:
                    assert not isinstance(node.args[0], ast.Constant | ast.JoinedStr), (
                        f"{path.name}:{node.lineno}: a command as one string"
                    )
