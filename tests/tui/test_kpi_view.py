"""The KPI view and the planning model in the app, driven by Pilot: check-ins on KPIs,
relative, binary and deadline key results on screen, and the close that raises a KPI band."""

from __future__ import annotations

import datetime as dt
import tomllib

import pytest
from textual.widgets import Checkbox

from okrboard.tui.screens.close import CloseQuarterScreen
from okrboard.tui.screens.kpis import KpiScreen, trend_text
from okrboard.widgets.form import FormScreen
from okrboard.widgets.rowlist import RowList
from tests.helpers import (
    burst,
    cell_text,
    detail_text,
    diff_lines,
    git,
    make_app,
    rest,
    screen_text,
    select,
    workers_done,
)

GROWTH_KPIS = "kpis/growth.toml"


def kpi_titles(screen: KpiScreen) -> list[str]:
    return [row.kpi.label if row.kpi else f"# {row.team}" for row in screen.rows]


async def test_the_kpi_view_lists_each_teams_kpis_with_their_health(git_board):
    app = make_app(git_board)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("6")
        screen = app.screen
        assert isinstance(screen, KpiScreen)
        assert kpi_titles(screen)[:4] == [
            "# company",
            "Net revenue retention",
            "Gross margin",
            "# growth",
        ]
        health = {row.kpi.id: row.health.value for row in screen.rows if row.kpi}
        assert health["p95-load"] == "unhealthy"  # 845 ms, above the band's 800
        assert health["logo-churn"] == "watch"  # 2.8%: inside 0-3, in its top tenth
        assert health["uptime"] == "healthy"
        text = screen_text(app)
        assert "p95 page load" in text and "0–800 ms" in text and "unhealthy" in text
        await pilot.press("t", "t", "t")  # company, growth, core (in team rank order)
        assert [r.kpi.id for r in screen.rows if r.kpi] == ["uptime", "p95-load"]
        assert screen.query_one(RowList).cursor == 1  # the first KPI, not the heading
        await pilot.press("down")
        await rest(pilot)  # the detail follows the cursor once it rests
        assert "Large workspaces: the board query scans every page" in screen_text(app)


async def test_a_checkin_typed_in_one_burst_writes_one_line(git_board):
    app = make_app(git_board)
    async with app.run_test(size=(120, 40)) as pilot:
        await burst(pilot, "6", "t", "t", "down", "c", "2", ".", "4", "enter")
        await pilot.pause()
        assert isinstance(app.screen, KpiScreen)
        row = app.screen.row
        assert row.kpi.id == "logo-churn" and row.kpi.value == 2.4
        assert row.health.value == "healthy"
    assert diff_lines(git_board) == ["+    { date = 2026-11-22, value = 2.4 },"]
    kpi = tomllib.loads((git_board / GROWTH_KPIS).read_text())["kpis"]["logo-churn"]
    assert kpi["checkins"][-1] == {"date": dt.date(2026, 11, 22), "value": 2.4}


async def test_a_kpi_check_in_asks_only_what_a_kpi_has(git_board):
    """No confidence (in a target it does not have) and no blockers: date, value, note."""
    app = make_app(git_board)
    async with app.run_test(size=(120, 40)) as pilot:
        await burst(pilot, "6", "c")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        assert list(form.values()) == ["date", "value", "note"]


async def test_shapes_of_key_results_read_as_written(git_board):
    app = make_app(git_board)
    async with app.run_test(size=(120, 40)) as pilot:
        await select(pilot, "2026-Q4/core/reliable/getting-started-tickets")
        detail = detail_text(app)
        assert "210 → 126 (−40%)" in detail and "50% (expected" in detail
        await select(pilot, "2026-Q4/core/reliable/zero-critical")
        detail = detail_text(app)
        assert "not yet: binary, done at 2" in detail
        assert "not yet" in cell_text(app, "status")
        await select(pilot, "2026-Q4/mobile/on-the-go/paid-mobile")
        assert "2026-11-30 (8 days left)" in detail_text(app)
        await select(pilot, "2026-Q4/company/teams-stay/nrr")
        assert "Net revenue retention: 104.5 %, healthy (100–130%)" in detail_text(app)


async def test_closing_offers_to_raise_the_band_of_a_kpi_the_kr_moved(git_board):
    okrs = git_board / "okrs/2026-Q4/company.toml"
    okrs.write_text(
        okrs.read_text().replace(
            '    { date = 2026-11-16, value = 105.1, confidence = 5, note = "Fix for the invite '
            'bug shipped" },\n',
            '    { date = 2026-11-16, value = 105.1, confidence = 5, note = "Fix for the invite '
            'bug shipped" },\n    { date = 2026-11-20, value = 107.5, confidence = 8 },\n',
        )
    )
    git(git_board, "commit", "-qam", "NRR reached")
    app = make_app(git_board)
    async with app.run_test(size=(120, 40)) as pilot:
        await select(pilot, "2026-Q4/company/teams-stay/nrr")
        await pilot.press("Q")
        screen = app.screen
        assert isinstance(screen, CloseQuarterScreen)
        offer = screen.query_one("#band-0", Checkbox)
        assert offer.value  # offered, ticked: untick to keep the band
        assert "Net revenue retention: band 100–130% → 107.5–130%" in str(offer.label)
        await pilot.press("ctrl+s", "ctrl+s")
        await workers_done(app)
        await pilot.pause()
    kpis = tomllib.loads((git_board / "kpis/company.toml").read_text())["kpis"]
    assert kpis["nrr"]["band"] == [107.5, 130.0]
    shown = git(git_board, "show", "--stat", "--format=", "HEAD")
    assert "kpis/company.toml" in shown  # one commit with the close


def test_the_trend_column_scales_the_last_twelve_values():
    assert trend_text([1, 2, 3]) == "▁▅█"
    assert trend_text([5, 5]) == "▁▁"
    assert len(trend_text(list(range(30)))) == 12


async def test_the_key_result_form_writes_a_relative_target_and_refuses_a_late_due(git_board):
    from textual.widgets import Input

    app = make_app(git_board)
    async with app.run_test(size=(120, 40)) as pilot:
        await select(pilot, "2026-Q4/core/reliable")
        await pilot.press("n")
        form = app.screen
        for name, value in (
            ("title", "Reduce password-reset tickets by 30%"),
            ("baseline", "90"),
            ("change", "-30%"),
            ("due", "2027-01-15"),
        ):
            form.query_one(f"#field-{name}", Input).value = value
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form  # refused: the due date is after the quarter
        assert "2027-01-15 is outside 2026-Q4 (2026-10-01 to 2026-12-31)" in screen_text(app)
        form.query_one("#field-due", Input).value = "2026-12-15"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is not form
    added = diff_lines(git_board)
    assert '+change = "-30%"' in added and "+due = 2026-12-15" in added
    assert not any(line.startswith("+target") for line in added)


# -- measuring from the app -----------------------------------------------------------------


@pytest.fixture
def demo_copy(demo_master, tmp_path):
    """A clone of the demo, whose metric sources R reads."""
    root = tmp_path / "demo"
    git(tmp_path, "clone", "-q", str(demo_master), str(root))
    return root


async def measured(app, pilot):
    """R pressed, its worker done: the screen that says what each source gave."""
    from okrboard.widgets.textview import TextScreen

    await pilot.press("R")
    await workers_done(app)
    await pilot.pause()
    assert isinstance(app.screen, TextScreen)
    return app.screen


async def test_r_measures_in_a_worker_records_everything_and_one_undo_takes_it_back(demo_copy):
    app = make_app(demo_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        said = await measured(app, pilot)
        assert said.text_title == "7 sources read: 7 check-ins recorded, 0 failed"
        assert "Increase activation rate from 41% to 50%: 46% -> 47%" in said.text
        assert len([line for line in diff_lines(demo_copy) if line.startswith("+    {")]) == 7
        await pilot.press("escape", "u")
        await pilot.pause()
    assert git(demo_copy, "status", "--porcelain") == ""  # one undo: every file back


async def test_r_names_a_source_check_refuses_as_the_command_does(demo_copy):
    """One flow for both fronts: an invalid source is that item's error in the app too."""
    path = demo_copy / "kpis" / "growth.toml"
    path.write_text(
        path.read_text().replace('query = "SELECT value, day', 'qery = "SELECT value, day', 1)
    )
    app = make_app(demo_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        said = await measured(app, pilot)
        assert "1 failed" in said.text_title
        assert "Visit-to-signup conversion: error:" in said.text
        assert "a sqlite source needs query" in said.text


async def test_a_kr_and_a_card_show_their_imported_issues(git_board, tmp_path):
    from okrboard.files.load import load_board
    from okrboard.measure import trackers
    from tests.helpers import open_roadmap, pick, plain

    jira = "Issue key,Summary,Status\nGROW-301,Guided setup,Done\nGROW-305,Checklist,In Review\n"
    board = load_board(git_board)
    trackers.import_file(git_board, board, "jira.csv", jira.encode(), dt.date(2026, 11, 20))
    app = make_app(git_board)
    async with app.run_test(size=(120, 40)) as pilot:
        await select(pilot, "2026-Q4/growth/activation/activation-rate")
        assert "Issues     1 of 1 done · imported 2 days ago" in detail_text(app)
        screen = await open_roadmap(pilot)
        await pick(pilot, screen, "now", "guided-setup")
        assert "issues: 1 of 2 done · imported 2 days ago" in plain(screen._detail(screen.card))
    assert git(git_board, "status", "--porcelain") == ""  # kept in .git, not in the board


async def test_the_kpi_view_is_filled_again_for_a_new_width_only(git_board, monkeypatch):
    fills = []
    original = KpiScreen.refresh_view
    monkeypatch.setattr(
        KpiScreen, "refresh_view", lambda self, *a, **k: fills.append(1) or original(self, *a, **k)
    )
    app = make_app(git_board)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("6")
        await pilot.pause()
        shown = len(fills)
        await pilot.resize_terminal(120, 30)  # taller or shorter: the same columns
        await pilot.pause()
        assert len(fills) == shown
        await pilot.resize_terminal(90, 30)
        await pilot.pause()
        assert len(fills) == shown + 1
        assert "Trend" not in screen_text(app)  # narrower: the trend column is left out
