"""What keeps the views instant on an organisation's board, driven by keys on real boards:
a large alignment map folded, views shown again without redrawing an unchanged board,
the changes view comparing only what git sees changed, and a view that reads only its
own folders of a board still being read."""

from __future__ import annotations

import shutil

from okrboard.domain import alignment
from okrboard.files.load import load_board, load_pending
from okrboard.tui.screens import alignment as alignment_screen
from okrboard.tui.screens.changes import ChangesScreen
from okrboard.tui.screens.okrs import OkrScreen
from tests.helpers import (
    alignment_tree,
    cell_text,
    git,
    make_app,
    screen_text,
    workers_done,
)

OKR = "okrs/2026-Q4/growth.toml"


async def test_a_large_alignment_map_opens_folded_and_unfolds(git_board, monkeypatch):
    top = alignment.build(load_board(git_board), "2026-Q4").roots[0]
    # "Large": more rows than that; a top objective with no more rows under it unfolds.
    monkeypatch.setattr(alignment_screen, "UNFOLDED_MAP", len(top.children))
    app = make_app(git_board)
    async with app.run_test(size=(120, 40)) as pilot:
        rows = await alignment_tree(pilot)
        screen = app.screen
        company = rows.shown[0][0]
        assert rows.is_unfolded(company)  # a top objective: unfolded
        growth = next(
            i
            for i, (n, _) in enumerate(rows.shown)
            if getattr(n, "ref", "") == "2026-Q4/growth/activation"
        )
        node = rows.shown[growth][0]
        assert not rows.is_unfolded(node)
        assert rows.shown[growth + 1][1] == 1  # its rows not shown: the next is a sibling
        await pilot.press(*["j"] * (growth - rows.cursor), "space")
        await pilot.pause()
        assert rows.is_unfolded(node)
        child = rows.shown[growth + 1]
        assert child[1] == 2 and child[0].ref.startswith("2026-Q4/growth/activation/")
        await pilot.press("e")  # expand all: every item of the map has its row
        await pilot.pause()
        assert len([n for n, _ in rows.shown if hasattr(n, "ref")]) == alignment.size(screen.map)

        # A refresh keeps the selected row, even one that sits inside a fold: a KR of
        # the growth objective, which the map opens folded.
        deep = 1 + next(i for i, (n, _) in enumerate(rows.shown) if n is node)
        await pilot.press("home", *["j"] * deep)
        ref = rows.shown[deep][0].ref
        assert screen.selected_item()[0] == ref
        screen.refresh_view()  # as after an edit or a change on disk: the map made again
        await pilot.pause()
        assert screen.selected_item()[0] == ref and rows.shown[rows.cursor][1] == 2


async def test_left_and_right_fold_or_move_to_the_parent_and_the_first_child(git_board):
    app = make_app(git_board)
    async with app.run_test(size=(120, 40)) as pilot:
        rows = await alignment_tree(pilot)
        company = rows.shown[0][0]
        await pilot.press("j")  # a company KR, under the top objective
        await pilot.press("left")  # to the row it sits under
        assert rows.cursor_item is company
        await pilot.press("left")  # folded: the objective's rows go
        assert not rows.is_unfolded(company) and rows.shown[1][1] == 0
        await pilot.press("right", "right")  # unfolded, then its first row
        assert rows.is_unfolded(company) and rows.cursor == 1


async def test_a_top_objective_with_too_many_rows_under_it_opens_folded(git_board, monkeypatch):
    top = alignment.build(load_board(git_board), "2026-Q4").roots[0]
    monkeypatch.setattr(alignment_screen, "UNFOLDED_MAP", len(top.children) - 1)
    app = make_app(git_board)
    async with app.run_test(size=(120, 40)) as pilot:
        rows = await alignment_tree(pilot)
        company = rows.shown[0][0]
        assert company.ref == top.ref
        assert not rows.is_unfolded(company) and rows.shown[1][1] == 0


async def test_a_small_alignment_map_opens_with_every_objective_unfolded(git_board):
    app = make_app(git_board)
    async with app.run_test(size=(120, 40)) as pilot:
        rows = await alignment_tree(pilot)
        objectives = [n for n, _ in rows.shown if getattr(n, "kind", "") == "objective"]
        assert objectives
        assert all(rows.is_unfolded(n) for n in objectives if n.children and not n.repeat)


async def test_a_view_shown_again_redraws_only_when_the_board_changed(git_board, monkeypatch):
    drawn = []
    original = OkrScreen.refresh_view
    monkeypatch.setattr(
        OkrScreen, "refresh_view", lambda self, *a, **k: (drawn.append(1), original(self, *a, **k))
    )
    app = make_app(git_board)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2")
        await pilot.pause()
        drawn.clear()
        await pilot.press("1")
        await pilot.pause()
        assert drawn == []  # nothing changed: the OKR view is shown as it was

        await pilot.press("2")
        await pilot.pause()
        path = git_board / OKR
        title = "Increase activation rate from 41% to 50%"
        path.write_text(path.read_text().replace(title, "Activated in 7 days"))
        app.screen.check_disk()  # the roadmap's disk watch, now
        await workers_done(app)
        await pilot.pause()
        await pilot.press("1")
        await pilot.pause()
        assert drawn  # the board changed while the roadmap was shown
        assert any("Activated in 7 days" in title for title in cell_text(app))


async def status_of(pilot) -> str:
    await pilot.press("4")
    await workers_done(pilot.app)
    await pilot.pause()
    assert isinstance(pilot.app.screen, ChangesScreen)
    return screen_text(pilot.app)


async def test_the_changes_view_compares_only_the_files_git_sees_changed(git_board):
    app = make_app(git_board)
    async with app.run_test(size=(120, 40)) as pilot:
        assert "No changes." in await status_of(pilot)
    # A new untracked team file, a deleted roadmap and one edited KR title.
    title = "Increase activation rate from 41% to 50%"
    new = git_board / "okrs/2026-Q4/design.toml"
    shutil.copy(git_board / OKR, new)
    (git_board / "roadmaps/growth.toml").unlink()
    path = git_board / OKR
    path.write_text(path.read_text().replace(title, "Activated in 7 days"))
    app = make_app(git_board)
    async with app.run_test(size=(120, 40)) as pilot:
        text = await status_of(pilot)
    assert "2026-Q4/design/activation" in text  # added with its new file
    assert "roadmap/growth/" in text  # the deleted file's cards
    assert "Activated in 7 days" in text
    assert "2026-Q4/core" not in text  # an unchanged file is not compared
    assert git(git_board, "status", "--short")  # nothing was committed or restored


def test_a_view_reads_only_its_own_folders_of_a_board_still_being_read(demo_master):
    full = load_board(demo_master)
    board = load_board(demo_master, staged=True)
    older = [rel for rel in board.pending if rel.startswith("okrs/")]
    assert older and any(rel.startswith("roadmaps/") for rel in board.pending)
    assert not load_pending(board, under=("roadmaps/",))
    assert set(board.roadmaps) == set(full.roadmaps)
    assert not any(rel.startswith("roadmaps/") for rel in board.pending)
    assert set(older) <= set(board.pending)  # the other quarters wait their turn
    assert load_pending(board)  # the rest: then the problems across files, as a full load's
    assert board.problems == full.problems
