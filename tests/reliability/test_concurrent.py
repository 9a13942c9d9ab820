"""Other writers while the app is open (git pull, an editor, ``okrboard checkin``): nothing
they wrote is overwritten behind the user's back; the user is told, and chooses."""

from __future__ import annotations

import subprocess
import sys
import tomllib

import pytest
from textual.widgets import Input

from okrboard.git import sync
from okrboard.widgets.dialogs import ChoiceScreen
from okrboard.widgets.form import FormScreen
from tests.compat import notifications
from tests.helpers import (
    KR,
    REL,
    clones,
    hold_disk_watch,
    make_app,
    select,
    set_target,
    use_editor,
    workers_done,
)


@pytest.fixture
def ben(tmp_path, demo_master):
    """Ben's clone, with Ana's change (the KR's target 50 -> 60) pushed and waiting."""
    _, ana, ben = clones(tmp_path, demo_master)
    set_target(ana, "60")
    sync.push(ana)
    return ben


def kr_table(root) -> dict:
    data = tomllib.loads((root / REL).read_text())
    return data["objectives"]["activation"]["key_results"]["activation-rate"]


def pull(root) -> None:
    """``git pull`` in another terminal, while the app is open."""
    subprocess.run(["git", "pull", "-q", "--no-rebase"], cwd=root, check=True)


def checkin_command(root, value: str, day: str = "2026-11-21") -> None:
    command = [sys.executable, "-m", "okrboard", "checkin", KR, value, "--date", day]
    subprocess.run([*command, "--dir", str(root)], check=True, capture_output=True)


async def open_edit_form(pilot) -> FormScreen:
    await select(pilot, KR)
    await pilot.press("enter")
    form = pilot.app.screen
    assert isinstance(form, FormScreen) and form.values()["target"] == "50"
    return form


async def reload_now(app, pilot) -> None:
    """The disk watch's next look (every few seconds), now."""
    app.screen_stack[0].check_disk()
    await workers_done(app)
    await pilot.pause()


@pytest.mark.parametrize("watched", [True, False], ids=["reloaded", "not-yet-reloaded"])
async def test_a_pull_while_an_edit_form_is_open_keeps_the_pulled_target(ben, watched):
    app = make_app(ben)
    async with app.run_test(size=(120, 40)) as pilot:
        form = await open_edit_form(pilot)
        hold_disk_watch(app)
        pull(ben)
        if watched:
            await reload_now(app, pilot)
        form.query_one("#field-title", Input).value = "Activation rate (7 days)"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        if not watched:  # the save saw the file change under it
            assert isinstance(app.screen, ChoiceScreen)
            await pilot.press("k")
            await pilot.pause()
        table = kr_table(ben)
        assert table["title"] == "Activation rate (7 days)"
        assert table["target"] == 60  # the form showed 50: the pulled value stays


@pytest.mark.parametrize(("answer", "target"), [("k", 55), ("t", 60)])
async def test_the_same_field_changed_on_both_sides_is_the_users_to_choose(ben, answer, target):
    app = make_app(ben)
    async with app.run_test(size=(120, 40)) as pilot:
        form = await open_edit_form(pilot)
        pull(ben)
        await reload_now(app, pilot)
        form.query_one("#field-target", Input).value = "55"
        form.query_one("#field-target_reason", Input).value = "Seasonal dip"  # mid-quarter
        form.query_one("#field-title", Input).value = "Activation rate (7 days)"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)
        question = app.screen.question
        assert "target: you typed '55'; on disk it is now '60' (it was '50')" in question
        await pilot.press(answer)
        await pilot.pause()
        table = kr_table(ben)
        assert table["target"] == target
        assert table["title"] == "Activation rate (7 days)"  # asked about target alone


async def test_escape_on_the_question_applies_nothing(ben):
    app = make_app(ben)
    async with app.run_test(size=(120, 40)) as pilot:
        form = await open_edit_form(pilot)
        pull(ben)
        await reload_now(app, pilot)
        before = (ben / REL).read_bytes()
        form.query_one("#field-target", Input).value = "55"
        form.query_one("#field-target_reason", Input).value = "Seasonal dip"  # mid-quarter
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert (ben / REL).read_bytes() == before


async def test_the_checkin_command_while_a_check_in_form_is_open(git_board):
    app = make_app(git_board)
    async with app.run_test(size=(120, 40)) as pilot:
        hold_disk_watch(app)  # its look may otherwise reload first, and nothing would ask
        await workers_done(app)
        await select(pilot, KR)
        await pilot.press("c", "4", "7")
        checkin_command(git_board, "48")  # a data script, meanwhile
        await pilot.press("enter")
        for _ in range(100):  # the save finds the file changed, and asks
            if isinstance(app.screen, ChoiceScreen):
                break
            await pilot.pause(0.02)
        assert isinstance(app.screen, ChoiceScreen)
        assert "changed on disk" in app.screen.question
        await pilot.press("k")
        await pilot.pause()
        values = [c["value"] for c in kr_table(git_board)["checkins"]]
        assert values[-2:] == [48, 47] or values[-2:] == [47, 48]  # both kept


async def test_a_change_made_while_the_editor_is_open(git_board, tmp_path, monkeypatch):
    """The editor takes minutes; meanwhile a script checks in on the same KR."""
    use_editor(
        tmp_path,
        monkeypatch,
        f"subprocess.run({[sys.executable, '-m', 'okrboard', 'checkin', KR, '48']!r}"
        f" + ['--date', '2026-11-21', '--dir', {str(git_board)!r}],"
        " check=True, capture_output=True)\n"
        "open(sys.argv[1], 'w').write('Measured weekly.\\n')\n",
    )
    app = make_app(git_board)
    async with app.run_test(size=(120, 40)) as pilot:
        await select(pilot, KR)
        await pilot.press("e")
        await workers_done(app)
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("k")
        await pilot.pause()
        table = kr_table(git_board)
        assert table["description"] == "Measured weekly."
        assert table["checkins"][-1]["value"] == 48  # the script's check-in survives


async def test_a_pull_while_idle_is_shown_and_said(ben):
    app = make_app(ben)
    async with app.run_test(size=(120, 40)) as pilot:
        await select(pilot, KR)
        pull(ben)
        await reload_now(app, pilot)
        assert app.session.board.key_result(KR).target == 60
        messages = notifications(app)
        assert any(f"Changed on disk, reloaded: {REL}" in m for m in messages)
