"""A board that keeps every quarter opens like a new one: the app holds the current quarter
and the one before, lets the older ones go once read and checked (keeping their problems
and their items' references), and reads one again when a view shows it."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from textual.pilot import Pilot

from okrboard.files import load, older
from okrboard.files.load import load_board
from okrboard.flows import compare
from okrboard.tui.app import OkrBoardApp
from okrboard.tui.config import UserConfig
from tests.helpers import TODAY, cell_text, committed, make_board

BOARD = '[board]\nname = "Доска"\ncurrent_quarter = "2026-Q4"\n[teams.growth]\nname = "Рост"\n'


def okrs(quarter: str, title: str, carried: str | None = None, target: str = "50") -> str:
    line = f'carried_from = "{carried}"\n' if carried else ""
    return (
        f'[objectives.o]\ntitle = "Команды быстро получают пользу {quarter}"\n\n'
        f'[objectives.o.key_results.k]\ntitle = "{title}"\nunit = "%"\n'
        f"baseline = 40\ntarget = {target}\n{line}"
    )


def history_board(root: Path) -> Path:
    """Five quarters of one team; problems in the older ones, and links into them."""
    make_board(
        root,
        {
            "board.toml": BOARD,
            "okrs/2025-Q4/growth.toml": okrs("2025-Q4", "Самый старый результат"),
            # a predecessor the quarter before does not have, and a value of the wrong type
            "okrs/2026-Q1/growth.toml": okrs(
                "2026-Q1", "Старый результат", "2025-Q4/growth/o/gone", '"lots"'
            ),
            "okrs/2026-Q2/growth.toml": okrs("2026-Q2", "Весенний результат", "2026-Q1/growth/o/k"),
            # held (the quarter before the current): a link into a quarter let go
            "okrs/2026-Q3/growth.toml": okrs(
                "2026-Q3", "Летний результат", "2026-Q2/growth/o/nope"
            ),
            "okrs/2026-Q4/growth.toml": okrs("2026-Q4", "Осенний результат", "2026-Q3/growth/o/k"),
        },
    )
    return committed(root)


OLDER = ["okrs/2025-Q4/growth.toml", "okrs/2026-Q1/growth.toml", "okrs/2026-Q2/growth.toml"]


@pytest.fixture(params=["in the app", "in a child process"])
def checked_in(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Where the older quarters are read and checked: in the app (a board with few older
    files), or in a child process (``files.older``; a board with many)."""
    if request.param == "in a child process":
        monkeypatch.setattr(OkrBoardApp, "OLDER_IN_CHILD", 1)
    return request.param


async def opened(app: OkrBoardApp, pilot: Pilot) -> None:
    """Wait until the app has read what it reads of a staged board, as `okrboard` opens it."""
    while app.session.board.pending:
        await pilot.pause(0.05)
    await pilot.pause()


async def test_older_quarters_are_let_go_checked_and_read_again_when_shown(tmp_path, checked_in):
    root = history_board(tmp_path / "board")
    full = load_board(root)
    board = load_board(root, staged=True)  # as `okrboard` opens a board
    app = OkrBoardApp(board, today=TODAY, config=UserConfig())
    async with app.run_test(size=(120, 40)) as pilot:
        await opened(app, pilot)
        assert {q for q, _ in board.okrs} == {"2026-Q3", "2026-Q4"}
        assert sorted(board.shelved) == OLDER
        assert board.sources["okrs/2026-Q1/growth.toml"].text is None  # its text let go too
        # every problem of every quarter, as a full read finds them, with their lines
        assert [str(p) for p in board.problems] == [str(p) for p in full.problems]
        said = " ".join(str(p) for p in board.problems)
        assert "'2025-Q4/growth/o/gone'" in said  # in a file let go
        assert "'2026-Q2/growth/o/nope'" in said  # from a held file into one let go
        assert "2026-Q2/growth/o/k" not in said  # a link into one let go that holds it
        assert board.quarters == full.quarters

        await pilot.press("[", "[", "[")  # back to 2026-Q1: read again, shown
        await pilot.pause()
        assert any("Старый результат" in title for title in cell_text(app))
        assert (
            "2026-Q1",
            "growth",
        ) in board.okrs and "okrs/2026-Q1/growth.toml" not in board.shelved
        assert [str(p) for p in board.problems] == [str(p) for p in full.problems]


async def test_only_the_last_few_quarters_asked_for_are_held(tmp_path, monkeypatch):
    monkeypatch.setattr(load, "ASKED", 1)
    root = history_board(tmp_path / "board")
    board = load_board(root, staged=True)
    app = OkrBoardApp(board, today=TODAY, config=UserConfig())
    async with app.run_test(size=(120, 40)) as pilot:
        await opened(app, pilot)
        await pilot.press("[", "[", "[")  # 2026-Q3, 2026-Q2 (read), then 2026-Q1
        await pilot.pause()
        assert {q for q, _ in board.okrs} == {"2026-Q1", "2026-Q3", "2026-Q4"}
        await pilot.press("[")  # 2025-Q4: 2026-Q1 is let go again
        await pilot.pause()
        assert {q for q, _ in board.okrs} == {"2025-Q4", "2026-Q3", "2026-Q4"}
        assert any("Самый старый результат" in title for title in cell_text(app))


def test_uncommitted_changes_to_a_quarter_let_go_are_changes_not_removals(tmp_path):
    root = history_board(tmp_path / "board")
    board = load_board(root, staged=True)
    load.load_pending(board)
    assert load.shelve(board, load.held_quarters(board, [])) == ["2025-Q4", "2026-Q1", "2026-Q2"]
    path = root / "okrs/2026-Q2/growth.toml"
    path.write_text(path.read_text(encoding="utf-8").replace("target = 50", "target = 55"))
    found = compare.uncommitted_changes(root, board, TODAY)
    assert [(c.ref, c.field, c.kind) for c in found.changes] == [
        ("2026-Q2/growth/o/k", "target", "changed")
    ]


async def test_a_change_on_disk_to_a_quarter_let_go_is_seen(tmp_path, checked_in):
    from tests.helpers import workers_done

    root = history_board(tmp_path / "board")
    board = load_board(root, staged=True)
    app = OkrBoardApp(board, today=TODAY, config=UserConfig())
    async with app.run_test(size=(120, 40)) as pilot:
        await opened(app, pilot)
        assert "okrs/2026-Q2/growth.toml" in board.shelved
        path = root / "okrs/2026-Q2/growth.toml"
        text = path.read_text(encoding="utf-8")
        path.write_text(
            text.replace("Весенний результат", "Новый весенний результат").replace(
                "target = 50", 'target = "много"'
            ),
            encoding="utf-8",
        )
        app.screen.check_disk()  # the disk watch, now
        await workers_done(app)
        await pilot.pause()
        assert [str(p) for p in app.session.board.problems] == [
            str(p) for p in load_board(root).problems
        ]
        await pilot.press("[", "[")  # 2026-Q2: as it is on disk now
        await pilot.pause()
        assert any("Новый весенний результат" in title for title in cell_text(app))


def test_a_new_board_toml_checks_the_quarters_let_go_again(tmp_path):
    """A team renamed in board.toml: every quarter's file of the old team is a problem,
    those let go too, as a full read finds them."""
    root = history_board(tmp_path / "board")
    board = load_board(root, staged=True)
    load.load_pending(board)
    load.shelve(board, load.held_quarters(board, []))
    (root / "board.toml").write_text(BOARD.replace("teams.growth", "teams.core"), encoding="utf-8")
    load.reload_file(board, "board.toml")
    assert sorted(board.shelved) == [
        "okrs/2025-Q4/growth.toml",
        "okrs/2026-Q1/growth.toml",
        "okrs/2026-Q2/growth.toml",
    ]
    full = load_board(root)
    assert [str(p) for p in board.problems] == [str(p) for p in full.problems]
    assert sum("okrs/2025-Q4/growth.toml" in str(p) for p in board.problems) >= 1


def test_reading_a_quarter_back_checks_only_its_files_unless_its_items_changed(
    tmp_path, monkeypatch
):
    from okrboard.domain import validate

    root = history_board(tmp_path / "board")
    board = load_board(root, staged=True)
    load.load_pending(board)
    load.shelve(board, load.held_quarters(board, []))
    checked: list[str] = []
    original = validate._check_file
    monkeypatch.setattr(
        validate,
        "_check_file",
        lambda b, model: (checked.append(model.path.as_posix()), original(b, model))[1],
    )
    load.load_pending(board, under=("okrs/2026-Q2/",))
    assert checked == ["okrs/2026-Q2/growth.toml"]  # the others' problems cannot change
    # a quarter let go whose file lost a KR on disk: links into it are checked again
    path = root / "okrs/2026-Q1/growth.toml"
    path.write_text(path.read_text(encoding="utf-8").replace("key_results.k]", "key_results.gone]"))
    checked.clear()
    load.load_pending(board, under=("okrs/2026-Q1/",))
    assert len(checked) > 1
    said = " ".join(str(p) for p in board.problems)
    assert "'2026-Q1/growth/o/k'" in said  # 2026-Q2's predecessor is gone
    assert [str(p) for p in board.problems] == [str(p) for p in load_board(root).problems]


async def test_a_child_process_checks_the_older_quarters_the_app_never_reads(tmp_path, monkeypatch):
    monkeypatch.setattr(OkrBoardApp, "OLDER_IN_CHILD", 1)
    root = history_board(tmp_path / "board")
    full = load_board(root)
    board = load_board(root, staged=True)
    decoded: list[str] = []
    board.dater = lambda rel, tq: decoded.append(rel)  # called for each OKR file decoded
    app = OkrBoardApp(board, today=TODAY, config=UserConfig())
    async with app.run_test(size=(120, 40)) as pilot:
        await opened(app, pilot)
        assert sorted(board.shelved) == OLDER
        assert decoded == ["okrs/2026-Q3/growth.toml"]  # (2026-Q4 was read before the first frame)
        assert [str(p) for p in board.problems] == [str(p) for p in full.problems]
        assert app.session.changed_on_disk() == []  # the child's digests are the files'


async def test_a_child_that_fails_leaves_the_older_quarters_to_the_app(tmp_path, monkeypatch):
    monkeypatch.setattr(OkrBoardApp, "OLDER_IN_CHILD", 1)
    monkeypatch.setattr(older, "DEADLINE", 0)  # it is not let finish: killed, then read here
    root = history_board(tmp_path / "board")
    full = load_board(root)
    board = load_board(root, staged=True)
    app = OkrBoardApp(board, today=TODAY, config=UserConfig())
    async with app.run_test(size=(120, 40)) as pilot:
        await opened(app, pilot)
        assert sorted(board.shelved) == OLDER
        assert [str(p) for p in board.problems] == [str(p) for p in full.problems]


def test_the_child_runs_no_okrboard_a_repository_holds(tmp_path, monkeypatch):
    """A stranger's repository with an ``okrboard`` package at its root, opened from there:
    ``python -m`` would import it from the folder it starts in, were it not for ``-P``."""
    root = history_board(tmp_path / "board")
    ran = tmp_path / "ran"
    (root / "okrboard").mkdir()
    (root / "okrboard" / "__init__.py").write_text(f"open({str(ran)!r}, 'w').close()\n")
    monkeypatch.chdir(root)
    board = load_board(root, staged=True)
    held = load.held_quarters(board, [])
    child = older.start(root, TODAY, held)
    assert child is not None
    found = older.finish(child)
    assert not ran.exists()
    assert found is not None and sorted(found) == OLDER
    assert sorted(older.adopt(board, found)) == OLDER
    assert load.load_pending(board)  # the rest: the quarters held
    assert [str(p) for p in board.problems] == [str(p) for p in load_board(root).problems]


def test_what_a_child_prints_is_taken_only_when_it_is_its_answer(tmp_path):
    root = history_board(tmp_path / "board")
    assert older.start(root, TODAY, ["2026-Q4"], python=str(tmp_path / "no-python")) is None
    echo = older.start(root, TODAY, ["2026-Q4"], python=shutil.which("echo") or "echo")
    assert echo is not None and older.finish(echo) is None  # it printed, but not JSON
    fails = older.start(root, TODAY, ["2026-Q4"], python=shutil.which("false") or "false")
    assert fails is not None and older.finish(fails) is None
    done = older.start(root, TODAY, ["2026-Q3", "2026-Q4"], python=sys.executable)
    assert done is not None and sorted(older.finish(done) or {}) == OLDER
