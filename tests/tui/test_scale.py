"""What keeps the views instant on an organisation's board, driven by keys on real boards:
a large alignment map folded, views shown again without redrawing an unchanged board,
the changes view comparing only what git sees changed, and a view that reads only its
own folders of a board still being read."""

from __future__ import annotations

import shutil

from textual.widgets import Tree

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


def rows(tree: Tree) -> list:
    """Every row the tree holds (made, folded or not)."""
    found, todo = [], list(tree.root.children)
    while todo:
        node = todo.pop(0)
        found.append(node)
        todo += node.children
    return found


async def test_a_large_alignment_map_opens_folded_and_unfolds(git_board, monkeypatch):
    top = alignment.build(load_board(git_board), "2026-Q4").roots[0]
    # "Large": more rows than that; a top objective with no more rows under it unfolds.
    monkeypatch.setattr(alignment_screen, "UNFOLDED_MAP", len(top.children))
    app = make_app(git_board)
    async with app.run_test(size=(120, 40)) as pilot:
        tree = await alignment_tree(pilot)
        screen = app.screen
        company = tree.root.children[0]
        assert company.is_expanded and company.children  # a top objective: unfolded
        growth = next(r for r in company.children if r.data.ref == "2026-Q4/growth/activation")
        assert not growth.is_expanded and not growth.children  # made when unfolded
        tree.move_cursor(growth)
        await pilot.press("space")
        await pilot.pause()
        assert growth.is_expanded
        assert growth.children[0].data.ref.startswith("2026-Q4/growth/activation/")
        await pilot.press("e")  # expand all: every item of the map has its row
        await pilot.pause()
        assert len(rows(tree)) - 1 == alignment.size(screen.map)  # less the orphans' group

        # A refresh keeps the selected row, even one that sits inside a fold.
        deep = next(r for r in rows(tree) if r.data and r.data.kind == "key_result" and r.parent)
        tree.move_cursor(deep)
        await pilot.press("left_square_bracket", "right_square_bracket")
        await pilot.pause()
        assert screen.selected_item()[0] == deep.data.ref


async def test_a_top_objective_with_too_many_rows_under_it_opens_folded(git_board, monkeypatch):
    top = alignment.build(load_board(git_board), "2026-Q4").roots[0]
    monkeypatch.setattr(alignment_screen, "UNFOLDED_MAP", len(top.children) - 1)
    app = make_app(git_board)
    async with app.run_test(size=(120, 40)) as pilot:
        company = (await alignment_tree(pilot)).root.children[0]
        assert company.data is not None and company.data.ref == top.ref
        assert not company.is_expanded and not company.children


async def test_a_small_alignment_map_opens_with_every_objective_unfolded(git_board):
    app = make_app(git_board)
    async with app.run_test(size=(120, 40)) as pilot:
        tree = await alignment_tree(pilot)
        objectives = [r for r in rows(tree) if r.data and r.data.kind == "objective"]
        assert objectives and all(r.is_expanded for r in objectives if not r.data.repeat)


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
