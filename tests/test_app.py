"""The app, driven with Textual's Pilot, and its screens as SVG snapshots."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static

from okrboard.app import OkrBoardApp
from okrboard.load import load_board
from okrboard.screens.overview import Overview
from tests.conftest import SAMPLE, TODAY, make_board

HOSTILE = """\
[objectives.markup]
title = "[bold]Not bold[/] and [link=https://x.example]no link[/link]"
rank = 1

[objectives.markup.key_results.escape]
title = "Clear screen \\u001b[2J here \\u202eevil"
unit = "%"
baseline = 0
target = 100
current = 40
checkins = [{ date = 2026-08-10, value = 40 }]

[objectives.markup.key_results.world]
title = "Мировой рост 🚀 世界の成長"
unit = "件"
baseline = 10
target = 20
current = 15
rank = 2
checkins = [{ date = 2026-08-10, value = 15 }]
"""


def hostile_board(tmp_path: Path) -> Path:
    return make_board(
        tmp_path,
        {
            "okrs/2026-Q3/growth.toml": HOSTILE,
            "okrs/2026-Q3/core.toml": "[objectives.x]\ntitle = 3\n",
        },
    )


def screen_text(app: OkrBoardApp) -> str:
    """What the overview shows, as plain text (the cells of its table)."""
    static = app.query_one(Overview).query(Static).last()
    table = static.content
    cells = [cell for column in table.columns for cell in column.cells]
    return "\n".join(getattr(cell, "plain", str(cell)) for cell in cells)


async def test_opens_on_the_current_quarter_of_the_sample():
    app = OkrBoardApp(load_board(SAMPLE), today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        assert app.title == "Fieldnote Product" and app.sub_title == "2026-Q4"
        text = screen_text(app)
        for team in ("Growth", "Core Experience", "Mobile"):
            assert team in text
        assert "Increase activation rate from 41% to 50%" in text
        assert "46 / 50 %" in text and "99.97 in 99.9–100 %" in text
        assert "stale" in text and "on track" in text
        assert "2026-Q3" not in text  # only the current quarter
        await pilot.press("q")
    assert app.return_code == 0


async def test_text_from_files_is_shown_literally(tmp_path):
    app = OkrBoardApp(load_board(hostile_board(tmp_path)), today=TODAY)
    async with app.run_test(size=(120, 40)):
        text = screen_text(app)
        assert "[bold]Not bold[/]" in text
        assert "\x1b" not in text and "\\x1b[2J" in text
        assert "\u202e" not in text and "\\u202e" in text
        assert "Мировой рост 🚀 世界の成長" in text


async def test_problems_are_announced(tmp_path):
    app = OkrBoardApp(load_board(hostile_board(tmp_path)), today=TODAY)
    async with app.run_test():
        banner = app.query_one(".problems", Static)
        assert "2 problems in this board's files" in str(banner.content)


async def test_a_quarter_without_okrs(tmp_path):
    root = make_board(tmp_path, {})
    app = OkrBoardApp(load_board(root), today=TODAY)
    async with app.run_test():
        assert "No OKRs for 2026-Q3 yet." in str(app.query_one(".empty", Static).content)


def test_snapshot_overview_120x40(snap_compare):
    assert snap_compare(OkrBoardApp(load_board(SAMPLE), today=TODAY), terminal_size=(120, 40))


def test_snapshot_overview_80x24(snap_compare):
    assert snap_compare(OkrBoardApp(load_board(SAMPLE), today=TODAY), terminal_size=(80, 24))


def test_snapshot_hostile_text_and_problems(snap_compare, tmp_path):
    app = OkrBoardApp(load_board(hostile_board(tmp_path)), today=TODAY)
    assert snap_compare(app, terminal_size=(100, 20))
