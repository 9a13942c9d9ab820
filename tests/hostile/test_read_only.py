"""Read-only stays read-only: a board opened ``--at REV``, with ``--public`` or served can
never become editable. Time travel offers past revisions only, and no editor, check-in,
measure, sync, branch switch or resolver is reachable by key, help or palette. The
editor is a script that leaves a mark if it ever runs."""

from __future__ import annotations

import pytest

from okrboard.files.load import load_board
from okrboard.files.store import SaveRefused
from okrboard.git.revisions import board_at
from okrboard.tui.app import OkrBoardApp
from okrboard.tui.config import UserConfig
from okrboard.tui.screens.help import key_table
from okrboard.widgets.choose import ChooseScreen
from tests.helpers import TODAY, okr_screen, select, use_editor, workers_done

KR = "2026-Q4/growth/activation/activation-rate"
# Actions that change the board, its files or its git, whatever view offers them.
WRITING = {
    "checkin", "checkins_due", "edit", "edit_text", "new_key_result", "new_objective", "delete",
    "move", "measure", "close_quarter", "open_quarter", "sync", "branch", "resolve", "undo", "redo",
}  # fmt: skip


def pinned_app(root, **kwargs) -> OkrBoardApp:
    return OkrBoardApp(board_at(root, "HEAD"), today=TODAY, config=UserConfig(), as_of="HEAD",
                       pinned=True, watch_git=False, **kwargs)  # fmt: skip


def offered(app: OkrBoardApp) -> set[str]:
    """What the footer, help and palette offer on the screen shown that would write: the
    descriptions of bindings whose action writes, and the palette's commit and propose."""
    bound = [a.binding for a in app.screen.active_bindings.values()]
    writing = {b.description for b in bound if b.action.split("(")[0] in WRITING}
    writing |= {b.description for b in bound if b.action == "select"}  # enter: edit, check in
    helped = {description for _, description, _ in key_table(app.screen)}
    palette = {c.title for c in app.get_system_commands(app.screen)}
    shown = {b.description for b in bound} | helped | palette
    return (writing & shown) | (shown & {"Commit the changes", "Propose the changes"})


async def test_time_travel_offers_no_way_back_to_the_editable_tree(tmp_path, demo_master,
                                                                     monkeypatch):  # fmt: skip
    marker = tmp_path / "editor-ran"
    use_editor(tmp_path, monkeypatch, f"open({str(marker)!r}, 'w').write('ran')")
    app = pinned_app(demo_master)
    async with app.run_test(size=(120, 40)) as pilot:
        await select(pilot, KR)
        await pilot.press("ctrl+t")
        await workers_done(app)
        await pilot.pause()
        assert isinstance(app.screen, ChooseScreen)
        labels = [label for label, _ in app.screen.shown]
        assert labels and not any("working tree" in label or "today" in label for label in labels)
        await pilot.press("escape")
        app.travel(None)  # even asked directly
        await pilot.pause()
        assert app.session.as_of == "HEAD" and app.read_only
        for key in ("e", "c", "enter", "n", "d", "R", "W", "F", "P", "S", "B", "M", "u", "Q"):
            await pilot.press(key)
            await workers_done(app)
            await pilot.pause()
            if app.screen is not okr_screen(app):
                await pilot.press("escape")
        assert not marker.exists()  # no editor ran
        assert not offered(app)
        assert "read-only" in okr_screen(app).sub_title


async def test_every_view_of_a_public_app_offers_nothing_that_writes(sample_dir):
    app = OkrBoardApp(load_board(sample_dir), today=TODAY, config=UserConfig(), public=True,
                      watch_git=False)  # fmt: skip
    async with app.run_test(size=(120, 40)) as pilot:
        for view in ("1", "2", "3", "5", "6"):
            await pilot.press(view)
            await workers_done(app)
            await pilot.pause()
            assert app.read_only
            assert not offered(app), (view, offered(app))
        with pytest.raises(SaveRefused, match="read-only"):  # and below the keys, the session
            app.session.edit(lambda board: board, "anything")
