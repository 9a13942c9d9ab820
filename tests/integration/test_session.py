"""Edits, undo and redo on real files and real git; check-ins and ordering rules."""

from __future__ import annotations

import datetime as dt

import pytest

from okrboard.domain import edits, ranks
from okrboard.domain.model import CheckIn, KeyResult
from okrboard.files.load import load_board
from okrboard.files.session import Session
from okrboard.files.store import SaveRefused
from tests.helpers import committed, git

KR = "2026-Q4/growth/activation/activation-rate"
OKR = "okrs/2026-Q4/growth.toml"


def set_current(value):
    def change(board):
        board.key_result(KR).current = value
        return board.okrs[("2026-Q4", "growth")]

    return change


def test_edit_undo_redo_restore_the_bytes(git_board):
    session = Session(load_board(git_board))
    original = (git_board / OKR).read_bytes()
    change = session.edit(set_current(47), "current 47")
    assert change is not None and change.rel == OKR
    edited = (git_board / OKR).read_bytes()
    assert edited != original and session.board.key_result(KR).current == 47
    assert session.undo() == change
    assert (git_board / OKR).read_bytes() == original
    assert session.board.key_result(KR).current == 46
    assert session.redo() == change
    assert (git_board / OKR).read_bytes() == edited
    assert session.board.key_result(KR).current == 47
    assert session.redo() is None


def test_an_edit_that_changes_nothing_is_not_recorded(git_board):
    session = Session(load_board(git_board))
    assert session.edit(set_current(46), "same") is None
    assert session.undo_stack == []


def test_undo_refuses_when_the_file_changed_since(git_board):
    session = Session(load_board(git_board))
    session.edit(set_current(47), "current 47")
    path = git_board / OKR
    path.write_text(path.read_text() + "# teammate\n")
    with pytest.raises(SaveRefused, match="cannot be undone"):
        session.undo()
    assert path.read_text().endswith("# teammate\n")


def test_a_refused_edit_reloads_and_can_be_applied_again(git_board):
    session = Session(load_board(git_board))
    path = git_board / OKR
    path.write_text(path.read_text().replace("current = 46", "current = 45.5"))
    with pytest.raises(SaveRefused, match="changed on disk"):
        session.edit(set_current(47), "current 47")
    assert session.board.key_result(KR).current == 45.5  # the model follows the disk
    session.edit(set_current(47), "current 47")  # "keep my edit"
    assert session.board.key_result(KR).current == 47
    assert "45.5" not in path.read_text()


def test_changed_on_disk_sees_edits_new_and_deleted_files(git_board):
    session = Session(load_board(git_board))
    assert session.changed_on_disk() == []
    (git_board / "roadmaps/core.toml").write_text("")
    (git_board / "trees/retention.toml").unlink()
    (git_board / "roadmaps/ops.toml").write_text("")
    assert session.changed_on_disk() == [
        "roadmaps/core.toml",
        "roadmaps/ops.toml",
        "trees/retention.toml",
    ]
    session.reload(session.changed_on_disk())
    assert "retention" not in session.board.trees and "ops" in session.board.roadmaps
    assert session.changed_on_disk() == []


def test_problems_follow_each_edit(git_board):
    session = Session(load_board(git_board))

    def break_target(board):
        board.key_result(KR).target = 41  # equals the baseline
        return board.okrs[("2026-Q4", "growth")]

    session.edit(break_target, "target")
    assert [p.key for p in session.board.problems] == [
        "objectives.activation.key_results.activation-rate.target"
    ]
    session.undo()
    assert session.board.problems == []


def test_add_checkin_follows_the_newest():
    kr = KeyResult(id="k", baseline=0, target=10, current=3, confidence=5)
    edits.add_checkin(kr, CheckIn(date=dt.date(2026, 7, 10), value=4, confidence=7))
    assert (kr.current, kr.confidence) == (4, 7)
    edits.add_checkin(kr, CheckIn(date=dt.date(2026, 7, 3), value=2, confidence=3))  # late entry
    assert (kr.current, kr.confidence) == (4, 7)
    assert edits.last_confidence(kr) == 7


def test_new_items_get_ids_and_ranks():
    from okrboard.domain.model import TeamQuarter

    tq = TeamQuarter(quarter="2026-Q3", team="growth")
    first = edits.add_objective(tq, "Activate new teams")
    second = edits.add_objective(tq, "Activate new teams!")
    assert (first.id, first.rank) == ("activate-new-teams", 10)
    assert (second.id, second.rank) == ("activate-new-teams-2", 20)
    kr = edits.add_key_result(first, "Time to value", baseline=15, target=5)
    assert (kr.id, kr.rank, kr.target) == ("time-to-value", 10, 5)


def test_move_swaps_ranks_and_renumbers_when_needed():
    a, b, c = (KeyResult(id=x) for x in "abc")
    items = [a, b, c]
    assert ranks.move(items, c, -1)  # unranked: numbered 10, 20, 30 first
    assert [i.id for i in sorted(items, key=lambda i: i.rank)] == ["a", "c", "b"]
    assert (a.rank, b.rank, c.rank) == (10, 30, 20)
    assert not ranks.move(items, a, -1)
    assert ranks.move(items, a, 1)
    assert (a.rank, c.rank) == (20, 10)


def test_a_move_in_a_file_is_two_lines(git_board):
    session = Session(load_board(git_board))

    def down(board):
        objective = board.objective("2026-Q4/growth/activation")
        ranks.move(
            list(objective.key_results.values()), objective.key_results["activation-rate"], 1
        )
        return board.okrs[("2026-Q4", "growth")]

    session.edit(down, "move")
    diff = git(git_board, "diff", "--unified=0")
    assert [
        line for line in diff.splitlines() if line[:1] in "+-" and line[:3] not in ("+++", "---")
    ] == [
        "-rank = 1",
        "+rank = 2",
        "-rank = 2",
        "+rank = 1",
    ]


def _okrs(quarter_team: str):
    quarter, team = quarter_team.split("/")
    return lambda board: board.okrs[(quarter, team)]


def _aligns(ref: str, to: list[str]):
    def change(board):
        board.objective(ref).aligns_to = to
        return _okrs(ref.rsplit("/", 1)[0])(board)

    return change


def _node_type(kind: str):
    def change(board):
        board.trees["activation"].nodes["guided-template"].type = kind
        return board.trees["activation"]

    return change


def _drop_team(board):
    del board.teams["mobile"]
    return board


def _drop_kr(board):
    del board.objective("2026-Q4/company/teams-stay").key_results["nrr"]
    return board.okrs[("2026-Q4", "company")]


@pytest.mark.parametrize(
    "changes",
    [
        [set_current(47.5), set_current(48)],  # no file's ids or links change
        [_aligns("2026-Q4/growth/activation", ["2026-Q4/core/habit"])],
        [  # a loop across two files, then out of it
            _aligns("2026-Q4/growth/activation", ["2026-Q4/core/habit"]),
            _aligns("2026-Q4/core/habit", ["2026-Q4/growth/activation"]),
            set_current(12),
            _aligns("2026-Q4/core/habit", []),
        ],
        [_node_type("opportunity"), set_current(3), _node_type("solution")],  # the roadmap's
        [_drop_team, set_current(9)],  # board.toml: the mobile team's files
        [_drop_kr, set_current(7)],  # core's contribution to it dangles
    ],
)
def test_problems_after_edits_are_those_of_a_fresh_load(git_board, changes):
    """Validation after an edit checks only the edited file when no ids or links changed:
    what it finds must be what checking the whole board finds."""
    session = Session(load_board(git_board))
    for change in changes:
        session.edit(change, "edit")
        assert session.board.problems == load_board(git_board).problems
    while session.undo():
        assert session.board.problems == load_board(git_board).problems
    assert session.board.problems == []


def test_a_save_keeps_the_model_it_wrote_and_its_problems_are_a_fresh_loads(tmp_path):
    """A file saved from the model is not read and decoded again (measure writes 500 at
    xl); its problems still follow (a check-in dated after today), a file with problems
    of its own is read again (their lines move), and a KR added is born today."""
    from okrboard.git.births import date_board
    from tests.helpers import make_board

    today = dt.date.today()
    quarter = f"{today.year}-Q{(today.month - 1) // 3 + 1}"
    board_toml = f'[board]\nname = "B"\ncurrent_quarter = "{quarter}"\n[teams.growth]\nname = "G"\n'
    okrs = (
        "[objectives.o]\ntitle = 'Команды быстро получают пользу'\n\n"
        "[objectives.o.key_results.k]\ntitle = 'Поднять активацию с 40% до 50%'\n"
        "unit = '%'\nbaseline = 40\ntarget = 50\n\n"
        "[objectives.p]\ntitle = 'Вторая цель'\n\n"
        "[objectives.p.key_results.q]\ntitle = 'Поднять NPS с 30 до 40'\n"
        "baseline = 30\ntarget = 40\nconfidence = 'high'\n"  # a value of the wrong type
    )
    root = make_board(
        tmp_path / "b", {"board.toml": board_toml, f"okrs/{quarter}/growth.toml": okrs}
    )
    committed(root)
    loaded = load_board(root)
    date_board(loaded, today)
    session = Session(loaded)
    clean = make_board(
        tmp_path / "c",
        {"board.toml": board_toml, f"okrs/{quarter}/growth.toml": okrs.split("[objectives.p]")[0]},
    )
    kept = Session(load_board(clean))
    part = kept.board.okrs[(quarter, "growth")]

    def later(board):  # a check-in after today: a problem of the file
        kr = board.key_result(f"{quarter}/growth/o/k")
        kr.checkins = [CheckIn(today + dt.timedelta(days=2), 45.0)]
        return board.okrs[(quarter, "growth")]

    kept.edit(later, "check in")
    assert kept.board.okrs[(quarter, "growth")] is part  # the model it wrote, kept
    assert kept.board.problems == load_board(clean).problems != []
    assert kept.undo() and kept.board.problems == load_board(clean).problems == []

    session.edit(later, "check in")  # above the wrong type: its line moves
    assert session.board.problems == load_board(root).problems

    def new_kr(board):
        return edits.new_key_result(
            board, f"{quarter}/growth/o", {"title": "Сократить время с 3 до 1 дня", "target": 1}
        )[0]

    kept.edit(new_kr, "new KR")
    added = [
        kr
        for kr in kept.board.objective(f"{quarter}/growth/o").key_results.values()
        if kr.id != "k"
    ]
    assert kept.board.problems == load_board(clean).problems
    assert [kr.born for kr in added] == [None]  # outside git: counted from the quarter's start
    session.edit(new_kr, "new KR")
    added = [
        kr
        for kr in session.board.objective(f"{quarter}/growth/o").key_results.values()
        if kr.id != "k"
    ]
    assert [kr.born for kr in added] == [today]  # in git, not committed: added today
