"""SVG snapshots of every screen, at 120x40 and 80x24 (pytest-textual-snapshot).

Update after a deliberate change with ``pytest tests/test_snapshots.py --snapshot-update``
and look at the SVGs before committing them.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from okrboard.files.load import load_board
from okrboard.tui.app import OkrBoardApp
from okrboard.tui.config import UserConfig
from okrboard.tui.screens.base import DETAIL_DELAY
from okrboard.tui.screens.okrs import OkrScreen
from okrboard.widgets.rowlist import RowList
from tests.helpers import SAMPLE, TODAY, git, make_board, workers_done

SIZES = pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])
KR = "2026-Q4/growth/activation/activation-rate"

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
checkins = [{ date = 2026-08-10, value = 40, note = "[red]not red[/red] \\u001b]0;title\\u0007" }]

[objectives.markup.key_results.world]
title = "Мировой рост 🚀 世界の成長"
unit = "件"
baseline = 10
target = 20
current = 15
rank = 2
checkins = [{ date = 2026-08-10, value = 15 }]
"""


def app_for(root: Path = SAMPLE) -> OkrBoardApp:
    return OkrBoardApp(load_board(root), today=TODAY, config=UserConfig(), watch_git=False)


def at(ref: str):
    async def run_before(pilot) -> None:
        await pilot.pause()
        screen = next(s for s in pilot.app.screen_stack if isinstance(s, OkrScreen))
        index = [row.ref for row in screen.rows].index(ref)
        screen.query_one(RowList).cursor = index
        await pilot.pause(DETAIL_DELAY + 0.05)

    return run_before


@SIZES
def test_okr_view(snap_compare, size):
    assert snap_compare(app_for(), terminal_size=size)


@SIZES
def test_detail_pane_of_a_key_result(snap_compare, size):
    assert snap_compare(app_for(), terminal_size=size, run_before=at(KR))


@SIZES
def test_detail_pane_zoomed(snap_compare, size):
    """+ : the detail on the whole screen (at 80x24, the only way the OKR view shows it)."""
    assert snap_compare(app_for(), terminal_size=size, run_before=at(KR), press=["plus"])


@SIZES
@pytest.mark.parametrize(
    "keys",
    [["c"], ["enter"], ["N"], ["d"]],
    ids=["checkin-form", "key-result-form", "objective-form", "delete-confirm"],
)
def test_forms(snap_compare, size, keys):
    assert snap_compare(app_for(), terminal_size=size, run_before=at(KR), press=keys)


@SIZES
def test_help(snap_compare, size):
    assert snap_compare(app_for(), terminal_size=size, press=["question_mark"])


@SIZES
def test_problems_panel(snap_compare, size, tmp_path):
    okrs = """\
[objectives.activation]
title = "Activate new teams"
rank = 1

[objectives.activation.key_results.ttv]
title = "Reduce time-to-value from 15 to 5 minutes"
baseline = 15
target = "five"
checkins = [{ date = 2026-08-10, value = 12 }]
"""
    root = make_board(
        tmp_path,
        {"okrs/2026-Q3/growth.toml": okrs, "okrs/2026-Q3/core.toml": "[objectives.x\n"},
    )
    assert snap_compare(app_for(root), terminal_size=size, press=["p"])


@SIZES
def test_hostile_text_renders_literally(snap_compare, size, tmp_path):
    root = make_board(tmp_path, {"okrs/2026-Q3/growth.toml": HOSTILE})
    assert snap_compare(
        app_for(root), terminal_size=size, run_before=at("2026-Q3/growth/markup/escape")
    )


def in_view(view: str, keys=(), team: str | None = None):
    """Switch to a view (``"2"`` roadmap, ``"3"`` discovery), show a team, press keys."""

    async def run_before(pilot) -> None:
        await pilot.press(view)
        await pilot.pause()
        if team is not None:
            pilot.app.screen.show_team(team)
            await pilot.pause()
        if keys:
            await pilot.press(*keys)
            await pilot.pause()

    return run_before


@SIZES
@pytest.mark.parametrize(
    ("team", "keys"),
    [("growth", ()), (None, ("z",)), ("growth", ("enter",)), ("growth", ("i",))],
    ids=["roadmap", "all-horizons", "card-form", "kr-picker"],
)
def test_roadmap(snap_compare, size, team, keys):
    assert snap_compare(app_for(), terminal_size=size, run_before=in_view("2", keys, team))


@SIZES
def test_tree_of_40_nodes(snap_compare, size, tmp_path):
    from bench.generate import generate

    root = generate(tmp_path / "board", teams=1, objectives=1, krs=1, checkins=2, tree_nodes=40)
    assert snap_compare(app_for(root), terminal_size=size, run_before=in_view("3"))


@SIZES
@pytest.mark.parametrize("keys", [(), ("down", "down", "m")], ids=["sample", "move-chooser"])
def test_sample_tree(snap_compare, size, keys):
    assert snap_compare(app_for(), terminal_size=size, run_before=in_view("3", keys))


# -- git views (on the demo: its history is the same on every machine) ------------------------


def then(*steps):
    """Select the trial-to-paid KR, then press each group of keys, letting git work."""

    async def run_before(pilot) -> None:
        # Toasts time out, and one under a dialog outlives clear_notifications: a slow
        # machine would see a different picture. The views are what is compared here.
        pilot.app.notify = lambda *args, **kwargs: None
        await at("2026-Q4/growth/trial-value/trial-to-paid")(pilot)
        for keys in steps:
            await pilot.press(*keys)
            await pilot.pause()
            await workers_done(pilot.app)
            await pilot.pause()

    return run_before


@SIZES
def test_history_view(snap_compare, size, demo_master):
    assert snap_compare(app_for(demo_master), terminal_size=size, run_before=then("h"))


@SIZES
@pytest.mark.parametrize(
    "steps",
    [[["c", "1", "3", "enter"], ["4"]], [["c", "1", "3", "enter"], ["4"], ["r"]]],
    ids=["by-item", "raw"],
)
def test_changes_view(snap_compare, size, demo, steps):
    assert snap_compare(app_for(demo), terminal_size=size, run_before=then(*steps))


@SIZES
def test_commit_message(snap_compare, size, demo):
    steps = then(["c", "1", "3", "enter"], ["4"], ["c"])
    assert snap_compare(app_for(demo), terminal_size=size, run_before=steps)


@SIZES
def test_pull_request_description(snap_compare, size, demo):
    steps = then(["c", "1", "3", "enter"], ["4"], ["b"], ["ctrl+s"])
    assert snap_compare(app_for(demo), terminal_size=size, run_before=steps)


@SIZES
def test_quarter_over_quarter_view(snap_compare, size, demo_master):
    steps = then(["4"], ["Q"], [*"2026-Q3", "enter"], [*"2026-Q4", "enter"])
    assert snap_compare(app_for(demo_master), terminal_size=size, run_before=steps)


@SIZES
def test_time_travel_choice(snap_compare, size, demo_master):
    assert snap_compare(app_for(demo_master), terminal_size=size, run_before=then(["ctrl+t"]))


# -- the coach, the quarter's close and the alignment map ----------------------------------------

PRICING = "2026-Q4/growth/trial-value/pricing-page"


@SIZES
def test_coach_panel(snap_compare, size):
    assert snap_compare(app_for(), terminal_size=size, run_before=at(PRICING), press=["C"])


@SIZES
def test_close_quarter_screen(snap_compare, size):
    assert snap_compare(app_for(), terminal_size=size, run_before=at(PRICING), press=["Q"])


@SIZES
def test_alignment_map(snap_compare, size):
    assert snap_compare(app_for(), terminal_size=size, press=["5"])


@SIZES
def test_kpi_view(snap_compare, size):
    """6: each team's KPIs; the second is p95 page load, unhealthy, with a note."""
    assert snap_compare(app_for(), terminal_size=size, press=["6", *["down"] * 8])


@SIZES
def test_kpi_checkin_form(snap_compare, size):
    assert snap_compare(app_for(), terminal_size=size, press=["6", "c"])


# -- working together: the status line, the conflict banner and the resolver ---------------------


@SIZES
def test_conflict_resolver(snap_compare, size, tmp_path, demo_master):
    """Ben pulls Ana's target change over his own: the banner, status line and resolver."""
    from tests.helpers import clones, set_target

    _, ana, ben = clones(tmp_path, demo_master)
    set_target(ana, "47")
    git(ana, "push", "-q")
    set_target(ben, "49")
    subprocess.run(["git", "pull", "-q", "--no-rebase"], cwd=ben, capture_output=True)
    app = OkrBoardApp(load_board(ben), today=TODAY, config=UserConfig())

    async def run_before(pilot) -> None:
        await workers_done(pilot.app)
        await pilot.pause()
        await pilot.press("M")
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=run_before)
