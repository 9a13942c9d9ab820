"""The OKR screen driven with Pilot: each flow asserts on the widgets and on the files."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from textual.widgets import Input, Label, Static

from okrboard.files.load import load_board
from okrboard.reports import views
from okrboard.tui.app import OkrBoardApp
from okrboard.tui.config import UserConfig
from okrboard.tui.screens.help import HelpScreen
from okrboard.tui.screens.okrs import OkrScreen
from okrboard.tui.screens.problems import ProblemsPanel
from okrboard.tui.screens.roadmap import RoadmapScreen
from okrboard.tui.screens.trees import TreeScreen
from okrboard.widgets.dialogs import ChoiceScreen
from okrboard.widgets.footer import Footer
from okrboard.widgets.form import FormScreen
from okrboard.widgets.picker import PickerScreen
from okrboard.widgets.rowlist import RowList
from tests.compat import notifications
from tests.helpers import (
    TODAY,
    burst,
    cell_text,
    detail_text,
    git,
    hold_disk_watch,
    make_app,
    make_board,
    okr_screen,
    screen_text,
    select,
    settle,
    use_editor,
    workers_done,
)
from tests.helpers import diff_lines as diff

KR = "2026-Q4/growth/activation/activation-rate"
OKR = "okrs/2026-Q4/growth.toml"


# -- viewing --------------------------------------------------------------------------------


async def test_opens_on_the_current_quarter_with_every_team(git_board):
    app = make_app(git_board)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = okr_screen(app)
        assert screen.title == "Fieldnote Product"
        assert screen.sub_title.startswith("2026-Q4 · 9 on track · ")  # as much as fits
        titles = cell_text(app)
        for team in ("Fieldnote (company)", "Growth", "Core Experience", "Mobile"):
            assert any(title.startswith(f"{team}  ") for title in titles)
        assert "Increase activation rate from 41% to 50%" in titles
        assert "46 / 50 %" in cell_text(app, "value")
        assert "99.97 in 99.9–100 %" in cell_text(app, "value")
        assert {"on track", "at risk", "off track", "stale"} <= set(cell_text(app, "status"))
        # the first objective is selected and shown whole (a frame after the list)
        await settle(pilot)
        assert screen.row.kind == "objective"
        assert "Make self-serve the engine of our growth" in detail_text(app)
        await pilot.press("q")
    assert app.return_code == 0


async def test_moving_updates_the_detail_pane(git_board):
    app = make_app(git_board)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("j")
        await settle(pilot)
        screen = okr_screen(app)
        assert screen.row.kind == "key_result"
        assert "Grow self-serve ARR" in detail_text(app)
        await select(pilot, KR)
        text = detail_text(app)
        assert "Increase activation rate" in text and "Check-ins (6)" in text
        assert "Forecast" in text and "Guided first project" in text  # linked roadmap theme
        assert "2026-Q4/company/self-serve/self-serve-arr" in text  # contributes to
        await pilot.press("k")
        assert screen.row.ref == "2026-Q4/growth/activation"


async def test_the_header_says_as_much_as_fits_instead_of_cutting_a_count(git_board):
    """Every count, in fewer words where the full ones would be cut ("all teams" goes,
    then the statuses in short), and at 80 columns the fewest; never "…1 done · 1…"."""
    app = make_app(git_board)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        title = okr_screen(app).sub_title
        assert title == "2026-Q4 · 9 on track · 3 risk · 4 off · 1 stale · 1 done · 1 not yet"
        assert len(f"{app.screen.title} — {title}") <= 120 - 18  # within the header's icons
    app = make_app(git_board)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        title = okr_screen(app).sub_title
        assert "all teams" not in title and "…" not in title
        assert len(f"{app.screen.title} — {title}") <= 80 - 18
        assert title.startswith("2026-Q4 · ") and ("KRs" in title or "on track" in title)
        await burst(pilot, "slash", *"activation rate", "enter")  # a search: still whole
        title = okr_screen(app).sub_title
        assert title.endswith("“activation rate”") and len(f"{app.screen.title} — {title}") <= 62


async def test_switching_quarters_and_teams(git_board):
    app = make_app(git_board)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = okr_screen(app)
        gaps = screen.query_one("#gaps", Static)
        assert "KRs of 2026-Q4 have no card in Now or Next" in str(gaps.render())
        await pilot.press("left_square_bracket")
        assert screen.sub_title.startswith("2026-Q3 · all teams · ")
        assert "Reduce time-to-value from 9 to 5 minutes" in cell_text(app)
        # the cards of Now and Next serve the live quarter: not said over another one
        assert "no card in Now or Next" not in str(gaps.render())
        await pilot.press("right_square_bracket", "right_square_bracket")  # stops at the last
        assert screen.quarter == "2026-Q4"
        await pilot.press("t")
        assert screen.sub_title.startswith("2026-Q4 · Fieldnote (company) · 3 on track")
        assert "Growth" not in cell_text(app)
        await pilot.press("t")
        assert screen.team == "growth" and "Fieldnote (company)" not in cell_text(app)
        await pilot.press("T", "T")
        assert screen.team is None


async def test_search_and_needs_attention(git_board):
    app = make_app(git_board)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = okr_screen(app)
        await pilot.press("slash", *"pricing")
        assert screen.query_one("#filter", Input).has_focus
        assert [r.ref for r in screen.rows if r.kind == "key_result"] == [
            "2026-Q4/growth/trial-value/pricing-page"
        ]
        await pilot.press("enter")  # back to the list, filter kept
        assert screen.query_one(RowList).has_focus and screen.text == "pricing"
        await pilot.press("escape")
        assert screen.text == "" and len(screen.rows) > 20
        await pilot.press("slash", *"ravi", "enter")  # owners match too
        owners = {r.key_result.owner for r in screen.rows if r.kind == "key_result"}
        assert owners == {"Ravi Patel"}
        await pilot.press("escape", "a")
        statuses = {r.status.value for r in screen.rows if r.kind == "key_result"}
        assert statuses == {"off track", "at risk", "stale"}
        assert "needs attention" in screen.sub_title
        await pilot.press("escape")
        assert not screen.attention


# -- editing --------------------------------------------------------------------------------


async def test_check_in_in_four_keystrokes_adds_one_line(git_board):
    app = make_app(git_board)
    async with app.run_test(size=(120, 40)) as pilot:
        await select(pilot, KR)
        await pilot.press("c")
        form = app.screen
        assert isinstance(form, FormScreen)
        values = form.values()
        assert values["date"] == "2026-11-22" and values["confidence"] == "6"
        await pilot.press("4", "7", "enter")
        await pilot.pause()
        assert not isinstance(app.screen, FormScreen)
        assert diff(git_board) == [
            "-current = 46",
            "+current = 47",
            "+    { date = 2026-11-22, value = 47, confidence = 6 },",
        ]
        kr = app.session.board.key_result(KR)
        assert kr.current == 47 and kr.checkins[-1].value == 47
        assert "47 / 50 %" in cell_text(app, "value")
        # the message names the KR by its title, not by its reference
        assert notifications(app)[-1] == (
            "Checked in 47% on “Increase activation rate from 41% to 50%”"
        )
        assert okr_screen(app).row.ref == KR


async def test_check_in_form_validates_inline(git_board):
    app = make_app(git_board)
    async with app.run_test(size=(120, 40)) as pilot:
        await select(pilot, KR)
        await pilot.press("c", *"lots")
        form = app.screen
        assert "not a number" in str(form.query_one("#error-value", Static).render())
        await pilot.press("enter")
        assert app.screen is form  # not saved
        await pilot.press("escape")
        assert diff(git_board) == []


async def test_check_in_form_refuses_a_future_date_and_a_second_one_replaces(git_board):
    app = make_app(git_board)
    async with app.run_test(size=(120, 40)) as pilot:
        await select(pilot, KR)
        await pilot.press("c", "4", "7", "shift+tab", "end", *["backspace"] * 10, *"2026-12-01")
        await pilot.press("enter")
        form = app.screen
        assert isinstance(form, FormScreen)  # not saved
        error = str(form.query_one("#error-date", Static).render())
        assert "2026-12-01 is after today (2026-11-22)" in error
        await pilot.press("escape", "y", "c", "4", "7", "enter")  # discard the bad one
        await pilot.pause()
        await pilot.press("c", "4", "8", "enter")
        await pilot.pause()
        assert diff(git_board) == [
            "-current = 46",
            "+current = 48",
            "+    { date = 2026-11-22, value = 48, confidence = 6 },",
        ]
        said = notifications(app)
        assert any("replaces today's 47" in message for message in said)


async def test_a_binary_check_in_takes_done_and_shows_no_forecast(git_board):
    """The form says what a binary KR's value takes; "done" is saved as its target, and
    its detail has no "not enough check-ins to forecast" (it is reached or not)."""
    binary = "2026-Q4/core/reliable/zero-critical"
    app = make_app(git_board)
    async with app.run_test(size=(120, 40)) as pilot:
        await select(pilot, binary)
        assert "forecast" not in detail_text(app)
        await pilot.press("c")
        form = app.screen
        assert isinstance(form, FormScreen)
        assert (
            form.query_one("#field-value", Input).placeholder
            == "done / yes (2), not yet / no (0), or the count"
        )
        await pilot.press(*"done")
        assert str(form.query_one("#error-value", Static).render()) == ""
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, FormScreen)
        assert "+    { date = 2026-11-22, value = 2, confidence = 6 }," in diff(git_board)


async def test_check_in_in_a_quarter_not_begun_says_why_instead_of_a_form(git_board):
    nxt = git_board / "okrs/2026-Q4/growth.toml"
    (git_board / "okrs/2027-Q1").mkdir()
    text = re.sub(r"(?ms)^checkins = \[.*?^\]\n", "", nxt.read_text(encoding="utf-8"))
    (git_board / "okrs/2027-Q1/growth.toml").write_text(text)
    app = make_app(git_board)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("right_square_bracket")
        await select(pilot, "2027-Q1/growth/activation/activation-rate")
        assert set(cell_text(app, "grade")) <= {"—", ""}  # no grade yet, not 0.00
        assert "No check-ins yet: check-ins open on 2027-01-01." in detail_text(app)
        await pilot.press("c")
        await pilot.pause()
        assert not isinstance(app.screen, FormScreen)
        assert "2027-Q1 has not begun: it starts on 2027-01-01" in notifications(app)[-1]


async def test_ctrl_q_over_a_half_filled_form_asks_first(git_board):
    """ctrl+q with something typed asks as esc does; No keeps the form and what was typed."""
    from okrboard.widgets.dialogs import ConfirmScreen

    app = make_app(git_board)
    async with app.run_test(size=(120, 40)) as pilot:
        await select(pilot, KR)
        await burst(pilot, "c", "4", "ctrl+q")
        assert isinstance(app.screen, ConfirmScreen) and app.is_running
        await pilot.press("n")
        assert isinstance(app.screen, FormScreen) and app.screen.values()["value"] == "4"
        await pilot.press("ctrl+q", "y")
        await pilot.pause()
        assert not app.is_running
    assert diff(git_board) == []


async def test_a_check_in_note_takes_several_lines(git_board):
    """In a note, enter starts a new line (the hint says so) and ctrl+s saves; the file
    keeps the check-in on one line, the newline written as \\n."""
    app = make_app(git_board)
    async with app.run_test(size=(80, 24)) as pilot:
        await select(pilot, KR)
        await burst(pilot, "c", "4", "7", "tab", "tab", *"Webinar cohort", "enter", *"converted")
        form = app.screen
        assert isinstance(form, FormScreen)
        assert form.values()["note"] == "Webinar cohort\nconverted"
        assert str(form.query_one("#hint", Label).render()).startswith(
            "enter new line · ctrl+e editor · ctrl+s save"
        )
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, FormScreen)
    added = [line for line in diff(git_board) if "date = 2026-11-22" in line]
    note = 'note = "Webinar cohort\\nconverted" },'
    assert added == [f"+    {{ date = 2026-11-22, value = 47, confidence = 6, {note}"]


async def test_ctrl_e_opens_the_focused_text_in_the_editor(git_board, tmp_path, monkeypatch):
    """In a form's text of several lines, ctrl+e hands it to $EDITOR; what is left there
    replaces it (and the hint says ctrl+e)."""
    use_editor(tmp_path, monkeypatch, "open(sys.argv[1], 'w').write('Cohort A\\nCohort B\\n')\n")
    app = make_app(git_board)
    async with app.run_test(size=(120, 40)) as pilot:
        await select(pilot, KR)
        await burst(pilot, "c", "4", "home", "ctrl+e", "7")  # in a one-line field: line end
        form = app.screen
        assert isinstance(form, FormScreen) and form.values()["value"] == "47"
        await burst(pilot, "tab", "tab")
        assert "ctrl+e editor" in str(form.query_one("#hint", Label).render())
        await pilot.press("ctrl+e")
        await workers_done(app)
        await pilot.pause()
        assert form.values()["note"] == "Cohort A\nCohort B"
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert any('note = "Cohort A\\nCohort B"' in line for line in diff(git_board))


async def test_check_in_needs_a_key_result(git_board):
    app = make_app(git_board)
    async with app.run_test() as pilot:
        await pilot.press("c")  # an objective is selected
        assert not isinstance(app.screen, FormScreen)


async def test_edit_a_key_result_changes_one_line(git_board):
    app = make_app(git_board)
    async with app.run_test(size=(120, 40)) as pilot:
        await select(pilot, KR)
        await pilot.press("enter")
        form = app.screen
        assert isinstance(form, FormScreen) and form.values()["stretch"] == "55"
        form.query_one("#field-stretch", Input).value = "57"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert diff(git_board) == ["-stretch = 55", "+stretch = 57"]


async def test_a_target_moved_mid_quarter_asks_why_and_keeps_the_reason(git_board):
    """The quarter has begun: the form asks for a one-line reason before a target moves;
    the reason lands in the file next to the target (history shows it with the move)."""
    app = make_app(git_board)
    async with app.run_test(size=(120, 40)) as pilot:
        await select(pilot, KR)
        await pilot.press("enter")
        form = app.screen
        reason = form.query_one("#row-target_reason")
        assert not reason.display  # nothing moved: nothing to ask
        form.query_one("#field-target", Input).value = "47"
        await pilot.pause()
        assert reason.display
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form and diff(git_board) == []
        error = str(form.query_one("#error-target_reason", Static).render())
        assert "the quarter began on 2026-10-01: why does the target move from 50 to 47?" in error
        form.query_one("#field-target_reason", Input).value = "Setup wizard slipped to Q1"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert diff(git_board) == [
            "-target = 50",
            "+target = 47",
            '+target_reason = "Setup wizard slipped to Q1"',
        ]
        # the title still says "to 50%": said the moment the target is saved (KR007)
        assert (
            "KR007 the title says from 41 to 50, but baseline = 41 and target = 47: which is it?"
            in notifications(app)
        )
        # the next edit asks afresh, and leaving the target alone keeps the reason
        await pilot.press("enter")
        form = app.screen
        assert form.values()["target_reason"] == ""
        assert not form.query_one("#row-target_reason").display
        form.query_one("#field-owner", Input).value = "Maya"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert '+target_reason = "Setup wizard slipped to Q1"' in diff(git_board)


async def test_edit_form_applies_the_check_rules(git_board):
    app = make_app(git_board)
    async with app.run_test(size=(120, 40)) as pilot:
        await select(pilot, KR)
        await pilot.press("enter")
        form = app.screen
        form.query_one("#field-target", Input).value = "41"  # equals the baseline
        await pilot.pause()
        assert "nothing to measure" in str(form.query_one("#error-target", Static).render())
        form.query_one("#field-target", Input).value = "50"
        form.query_one("#field-contributes_to", Input).value = "2026-Q4/company/nope/nope"
        await pilot.pause()
        await pilot.press("ctrl+s")
        assert app.screen is form
        assert "no key result" in str(form.query_one("#error-contributes_to", Static).render())


async def test_add_a_key_result_and_an_objective(git_board):
    app = make_app(git_board)
    async with app.run_test(size=(120, 40)) as pilot:
        await select(pilot, "2026-Q4/mobile/on-the-go")
        await pilot.press("n")
        form = app.screen
        for name, value in (
            ("title", "Cut crash rate from 2% to 0.5%"),
            ("baseline", "2"),
            ("target", "0.5"),
            ("unit", "%"),
        ):
            form.query_one(f"#field-{name}", Input).value = value
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        new = "2026-Q4/mobile/on-the-go/cut-crash-rate-from-2-to-0-5"
        assert okr_screen(app).row.ref == new
        kr = app.session.board.key_result(new)
        assert (kr.baseline, kr.target, kr.rank) == (2, 0.5, 4)
        added = diff(git_board)
        assert all(line.startswith("+") for line in added)
        assert f"+[objectives.on-the-go.key_results.{new.rsplit('/', 1)[1]}]" in added
        assert "Saved key result “Cut crash rate from 2% to 0.5%”" in notifications(app)
        await pilot.press("N")
        app.screen.query_one("#field-title", Input).value = "Mobile users trust offline mode"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert okr_screen(app).row.ref == "2026-Q4/mobile/mobile-users-trust-offline-mode"
        assert notifications(app)[-1] == "Saved objective “Mobile users trust offline mode”"
        assert app.session.board.problems == []


async def test_a_new_items_id_is_shown_from_its_title_and_can_be_edited(git_board):
    """The id is permanent (every link names it): the form shows it, transliterated from
    the title as it is typed, and takes the user's own, refusing a bad or taken one."""
    app = make_app(git_board)
    async with app.run_test(size=(120, 40)) as pilot:
        await select(pilot, "2026-Q4/growth/activation")
        await pilot.press("n")
        form = app.screen
        ident = form.query_one("#field-id", Input)
        form.query_one("#field-title", Input).value = "Удержание клиентов на 30-й день"
        await pilot.pause()
        assert ident.value == "uderzhanie-klientov-na-30-y-den"
        ident.value = "activation-rate"  # a sibling has it
        await pilot.pause()
        assert "taken" in str(form.query_one("#error-id", Static).render())
        ident.value = "Retention D30"
        await pilot.pause()
        assert "lower-case letters" in str(form.query_one("#error-id", Static).render())
        ident.value = "retention-d30"
        form.query_one("#field-title", Input).value = "Удержание клиентов на 30-й день!"
        await pilot.pause()
        assert ident.value == "retention-d30"  # the user's own id is never overwritten
        for name, value in (("baseline", "20"), ("target", "30")):
            form.query_one(f"#field-{name}", Input).value = value
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert okr_screen(app).row.ref == "2026-Q4/growth/activation/retention-d30"
        assert "+[objectives.activation.key_results.retention-d30]" in diff(git_board)
        # editing an item never offers to change its id
        await pilot.press("enter")
        assert not app.screen.query("#field-id")


async def test_new_objective_creates_the_team_file(tmp_path):
    root = make_board(tmp_path, {})
    git(root, "init", "-q")
    app = make_app(root)
    async with app.run_test(size=(120, 40)) as pilot:
        assert "No OKRs for 2026-Q3 yet" in cell_text(app)[0]
        await pilot.press("N")
        app.screen.query_one("#field-title", Input).value = "Activate new teams"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        text = (root / "okrs/2026-Q3/growth.toml").read_text()
        assert text.startswith("[objectives.activate-new-teams]\n")
        await pilot.press("u")
        assert not (root / "okrs/2026-Q3/growth.toml").exists()


async def test_delete_asks_first(git_board):
    app = make_app(git_board)
    async with app.run_test(size=(120, 40)) as pilot:
        await select(pilot, KR)
        await pilot.press("d")
        assert isinstance(app.screen, ChoiceScreen)
        assert "6 check-ins" in app.screen.question
        await pilot.press("n")
        assert diff(git_board) == []
        await pilot.press("d", "y")
        await pilot.pause()
        assert app.session.board.key_result(KR) is None
        removed = diff(git_board)
        assert "-[objectives.activation.key_results.activation-rate]" in removed
        assert all(line.startswith("-") for line in removed)


async def test_reorder_changes_two_rank_lines(git_board):
    app = make_app(git_board)
    async with app.run_test(size=(120, 40)) as pilot:
        await select(pilot, KR)
        await pilot.press("J")
        assert diff(git_board) == ["-rank = 1", "+rank = 2", "-rank = 2", "+rank = 1"]
        screen = okr_screen(app)
        assert screen.row.ref == KR
        refs = [r.ref for r in screen.rows]
        assert refs.index(KR) == refs.index("2026-Q4/growth/activation/setup-completion") + 1
        await pilot.press("K")
        assert diff(git_board) == []


async def test_undo_and_redo_restore_the_bytes(git_board):
    app = make_app(git_board)
    original = (git_board / OKR).read_bytes()
    async with app.run_test(size=(120, 40)) as pilot:
        await select(pilot, KR)
        await pilot.press("c", "4", "7", "enter")
        await pilot.pause()
        edited = (git_board / OKR).read_bytes()
        await pilot.press("d", "y")
        await pilot.pause()
        await pilot.press("u")
        assert (git_board / OKR).read_bytes() == edited
        await pilot.press("ctrl+z")
        assert (git_board / OKR).read_bytes() == original
        assert app.session.board.key_result(KR).current == 46
        await pilot.press("U")
        assert (git_board / OKR).read_bytes() == edited
        await pilot.press("ctrl+y")
        assert app.session.board.key_result(KR) is None


async def test_long_text_in_the_editor(git_board, tmp_path, monkeypatch):
    use_editor(
        tmp_path,
        monkeypatch,
        "text = 'Measured weekly from the product funnel.\\nSee GROW-301.\\n'\n"
        "open(sys.argv[1], 'w').write(text)\n",
    )
    app = make_app(git_board)
    async with app.run_test(size=(120, 40)) as pilot:
        await select(pilot, KR)
        await pilot.press("e")
        await workers_done(app)
        await pilot.pause()
        kr = app.session.board.key_result(KR)
        assert kr.description == "Measured weekly from the product funnel.\nSee GROW-301.\n"
        assert diff(git_board) == [
            '+description = """Measured weekly from the product funnel.',
            "+See GROW-301.",
            '+"""',
        ]


async def test_a_failing_editor_saves_nothing(git_board, monkeypatch):
    monkeypatch.setenv("VISUAL", "/nonexistent/editor")
    app = make_app(git_board)
    async with app.run_test(size=(120, 40)) as pilot:
        await select(pilot, KR)
        await pilot.press("e")
        await workers_done(app)
        await pilot.pause()
        assert diff(git_board) == []


# -- problems and the disk ------------------------------------------------------------------


def broken_board(git_board: Path) -> Path:
    growth = git_board / OKR
    growth.write_text(growth.read_text().replace("target = 50", 'target = "fifty"'))
    mobile = git_board / "okrs/2026-Q4/mobile.toml"
    mobile.write_text(mobile.read_text() + "\n[objectives.broken\n")
    return git_board


async def test_problems_panel_lists_and_jumps(git_board):
    app = make_app(broken_board(git_board))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = okr_screen(app)
        assert any(r.kind == "broken" for r in screen.rows)  # mobile is read-only, shown so
        assert "okrs/2026-Q4/mobile.toml: has errors" in " ".join(cell_text(app))
        await pilot.press("p")
        panel = screen.query_one(ProblemsPanel)
        assert panel.has_class("-visible")
        assert [p.file for p in panel.entries] == [OKR, "okrs/2026-Q4/mobile.toml"]
        await pilot.press("enter")  # the first: the bad target
        assert screen.row.ref == KR
        assert screen.query_one(RowList).has_focus
        await pilot.press("p")
        assert not panel.has_class("-visible")


async def test_a_bad_value_is_kept_when_another_field_is_edited(git_board):
    app = make_app(broken_board(git_board))
    async with app.run_test(size=(120, 40)) as pilot:
        await select(pilot, KR)
        await pilot.press("c", "4", "7", "enter")
        await pilot.pause()
        assert 'target = "fifty"' in (git_board / OKR).read_text()
        assert (git_board / "okrs/2026-Q4/mobile.toml").read_text().endswith("[objectives.broken\n")


async def test_a_change_on_disk_is_picked_up(git_board):
    app = make_app(git_board)
    async with app.run_test(size=(120, 40)) as pilot:
        path = git_board / OKR
        path.write_text(path.read_text().replace("target = 50", "target = 52"))
        okr_screen(app).check_disk()
        await workers_done(app)
        await pilot.pause()
        assert app.session.board.key_result(KR).target == 52
        assert "46 / 52 %" in cell_text(app, "value")


@pytest.mark.parametrize(("answer", "kept"), [("k", True), ("r", False)])
async def test_a_save_over_a_change_on_disk_asks(git_board, answer, kept):
    app = make_app(git_board)
    async with app.run_test(size=(120, 40)) as pilot:
        await select(pilot, KR)
        await pilot.press("c", "4", "7")
        hold_disk_watch(app)
        path = git_board / OKR
        path.write_text(path.read_text().replace("current = 46", "current = 46.5"))
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press(answer)
        await pilot.pause()
        text = path.read_text()
        assert ("value = 47" in text) is kept
        assert ("current = 46.5" in text) is not kept


# -- help, palette, themes, keymap ----------------------------------------------------------


async def test_the_footer_redraws_only_when_the_keys_it_shows_change(git_board):
    app = make_app(git_board)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        footer = app.screen.query_one(Footer)
        before = footer.keys
        assert [key.description for key in footer.shown][:3] == ["Edit", "Undo", "Search"]
        app.screen.refresh_bindings()  # a focus change does this: the same keys
        await pilot.pause()
        assert footer.keys is before  # the same keys, not read into a new line
        app.set_keymap({"okrs.checkin": "x"})
        await pilot.pause()
        shown = {key.display: key.description for key in footer.keys}
        assert shown.get("x") == "Check in" and "c" not in shown


async def test_the_footer_shows_whole_keys_and_a_click_presses_one(git_board):
    app = make_app(git_board)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        footer = app.screen.query_one(Footer)
        line = screen_text(app).splitlines()[-1]
        for key in footer.shown:  # every key drawn with its whole label
            assert f"{key.display} {key.description}".strip() in line
        assert footer.shown[-1].description == "Help" or footer.shown[-1].key == "ctrl+p"
        search = next(k for k in footer.shown if k.description == "Search")
        x = line.index(f"{search.display} Search")
        await pilot.click(Footer, offset=(x, 0))
        await pilot.pause()
        assert app.screen.query_one("#filter").has_focus


async def test_help_lists_every_key(git_board):
    app = make_app(git_board)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        keys = {description: key for key, description, _ in app.screen.keys}
        assert keys["Check in"] == "c"
        assert keys["Undo"].split()[0] == "u" and len(keys["Undo"].split()) == 2  # u, ctrl+z
        assert "Edit text in $EDITOR" in keys and "Quit" in keys
        await pilot.press("escape")
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("q")  # closes help, does not quit
        assert isinstance(app.screen, OkrScreen)


async def test_the_palette_offers_every_action_and_jump(git_board):
    app = make_app(git_board)
    async with app.run_test(size=(120, 40)) as pilot:
        titles = [c.title for c in app.get_system_commands(app.screen)]
        for title in ("Check in", "Undo", "Search", "Problems", "Quarter 2026-Q2", "Team Growth"):
            assert title in titles
        command = next(c for c in app.get_system_commands(app.screen) if c.title == "Team Mobile")
        command.callback()
        await pilot.pause()
        assert okr_screen(app).team == "mobile"


async def test_theme_is_remembered(git_board, user_config):
    app = OkrBoardApp(load_board(git_board), today=TODAY)
    async with app.run_test() as pilot:
        app.theme = "nord"
        await pilot.pause()
    assert 'theme = "nord"' in user_config.read_text()
    again = OkrBoardApp(load_board(git_board), today=TODAY)
    async with again.run_test():
        assert again.theme == "nord"


async def test_a_user_keymap_rebinds_by_id(git_board):
    config = UserConfig(keymap={"okrs.checkin": "x"})
    app = make_app(git_board, config=config)
    async with app.run_test(size=(120, 40)) as pilot:
        await select(pilot, KR)
        await pilot.press("x")
        assert isinstance(app.screen, FormScreen)


async def test_a_broken_config_is_reported_not_fatal(git_board, user_config):
    user_config.parent.mkdir(parents=True, exist_ok=True)
    user_config.write_text("theme = \n")
    app = OkrBoardApp(load_board(git_board), today=TODAY)
    async with app.run_test() as pilot:
        await pilot.pause()
        assert isinstance(app.screen, OkrScreen)
    assert user_config.read_text() == "theme = \n"


async def test_typing_letters_in_a_form_or_search_does_not_trigger_keys(git_board):
    app = make_app(git_board)
    async with app.run_test(size=(120, 40)) as pilot:
        await select(pilot, KR)
        await pilot.press("c", "4", "7", "tab", "tab", *"quick undo", "ctrl+s")
        await pilot.pause()
        assert app.is_running
        assert app.session.board.key_result(KR).checkins[-1].note == "quick undo"
        await pilot.press("slash", *"qdu")
        assert app.is_running and okr_screen(app).text == "qdu"
        assert app.session.board.key_result(KR) is not None


async def test_keep_my_edit_works_for_a_new_key_result(git_board):
    app = make_app(git_board)
    async with app.run_test(size=(120, 40)) as pilot:
        await select(pilot, "2026-Q4/mobile/on-the-go")
        await pilot.press("n")
        form = app.screen
        for name, value in (("title", "Cut crash rate"), ("baseline", "2"), ("target", "1")):
            form.query_one(f"#field-{name}", Input).value = value
        path = git_board / "okrs/2026-Q4/mobile.toml"
        path.write_text(path.read_text() + "# a teammate's change\n")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("k")  # keep my edit: applied again on the new file
        await pilot.pause()
        text = path.read_text()
        assert "[objectives.on-the-go.key_results.cut-crash-rate]" in text
        assert "# a teammate's change" in text


async def test_the_grade_is_a_verdict_only_once_the_quarter_is_over(git_board):
    app = make_app(git_board)
    async with app.run_test(size=(120, 40)) as pilot:
        await select(pilot, KR)
        assert "0.39 so far" in detail_text(app)
        await pilot.press("left_square_bracket")  # 2026-Q3 is over
        await select(pilot, "2026-Q3/growth/activation/activation-rate")
        assert "0.64 (progress)" in detail_text(app)


async def test_a_failed_background_task_is_said_and_the_app_goes_on(sample_dir, monkeypatch):
    """A worker that raises (here the disk check) shows a message; the app keeps running
    and keys still work."""
    from okrboard.tui.screens import base

    def broken(*args):
        raise OSError("the disk went away")

    monkeypatch.setattr(base, "changed_files", broken)
    app = make_app(sample_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        okr_screen(app).check_disk()
        for _ in range(100):  # the worker's thread, then its message
            await pilot.pause(0.02)
            messages = notifications(app)
            if messages:
                break
        assert any("disk failed: the disk went away" in m for m in messages), messages
        assert app.is_running
        await pilot.press("2")
        assert type(app.screen).__name__ == "RoadmapScreen"


def test_the_app_keeps_the_contract_its_screens_rely_on(sample_dir):
    """Screens reach the app only through tui.protocol.BoardApp."""
    from okrboard.tui.protocol import BoardApp

    assert isinstance(make_app(sample_dir), BoardApp)


async def test_a_check_in_typed_in_one_burst_is_saved(git_board):
    """c47⏎ from a fast typist: the form opens after the keys arrived; none is lost."""
    app = make_app(git_board)
    async with app.run_test(size=(120, 40)) as pilot:
        await select(pilot, KR)
        await burst(pilot, "c", "4", "7", "enter")
        assert not isinstance(app.screen, FormScreen)
        added = diff(git_board)
        assert "+current = 47" in added
        assert any("value = 47" in line for line in added)


async def test_a_search_and_a_new_key_result_typed_in_one_burst(git_board):
    app = make_app(git_board)
    async with app.run_test(size=(120, 40)) as pilot:
        await burst(pilot, "/", *"pricing", "enter")
        assert app.screen.query_one("#filter", Input).value == "pricing"
        assert okr_screen(app).row.ref == "2026-Q4/growth/trial-value"
        await burst(pilot, "n", *"Retain D30", "tab", "tab", "tab", "tab", "2", "0", "tab", "3")
        form = app.screen
        assert isinstance(form, FormScreen)
        values = form.values()
        assert (values["title"], values["id"]) == ("Retain D30", "retain-d30")
        assert (values["baseline"], values["target"]) == ("20", "3")


async def test_the_problems_panel_moves_with_j_k_and_jumps_to_trees_and_cards(git_board):
    """Problems in a tree or a roadmap open that view at the node or card."""
    tree = git_board / "trees/activation.toml"
    tree.write_text(tree.read_text().replace("reach = 4200", 'reach = "many"', 1))
    plan = git_board / "roadmaps/growth.toml"
    plan.write_text(plan.read_text().replace("confidence = 5", "confidence = 50", 1))
    app = make_app(git_board)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = okr_screen(app)
        await pilot.press("p")
        panel = screen.query_one(ProblemsPanel)
        files = [p.file for p in panel.entries]
        assert files == ["roadmaps/growth.toml", "trees/activation.toml"]
        options = panel.query_one("OptionList")
        await pilot.press("j")
        assert options.highlighted == 1
        await pilot.press("k", "j", "enter")
        await pilot.pause()
        assert isinstance(app.screen, TreeScreen) and app.screen.tree_id == "activation"
        assert app.screen.line.node.id == "blank-page"
        await pilot.press("1")
        assert panel.has_class("-visible")  # still open where it was left
        await pilot.press("p", "p", "k", "enter")  # closed, opened again: focus in it
        await pilot.pause()
        assert isinstance(app.screen, RoadmapScreen)
        assert app.screen.card.theme.id == "sales-assist"


async def test_a_form_keeps_work_escape_asks_and_no_stray_key_wipes_a_title(git_board):
    app = make_app(git_board)
    async with app.run_test(size=(120, 40)) as pilot:
        await select(pilot, KR)
        await pilot.press("enter")
        form = app.screen
        assert isinstance(form, FormScreen)
        title = form.query_one("#field-title", Input)
        assert title.has_focus and title.selection.is_empty  # nothing selected to replace
        await pilot.press("!")
        assert title.value == "Increase activation rate from 41% to 50%!"
        # the direction the KR has without one written is shown as what it is
        assert "increase (from baseline and target)" in screen_text(app)
        await pilot.press("escape")  # changed: asks first
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("n")  # keep editing
        assert app.screen is form and title.value.endswith("50%!")
        await pilot.press("escape", "y")  # discard
        await pilot.pause()
        assert not isinstance(app.screen, (FormScreen, ChoiceScreen))
        assert diff(git_board) == []
        await pilot.press("enter", "escape")  # unchanged: closes at once
        await pilot.pause()
        assert not isinstance(app.screen, (FormScreen, ChoiceScreen))


async def test_the_palette_offers_okrboard_actions_not_textual_internals(git_board):
    app = make_app(git_board)
    async with app.run_test(size=(120, 40)) as pilot:
        titles = [c.title for c in app.get_system_commands(app.screen)]
        for internal in ("Scroll Left", "Focus Next", "Keys", "Maximize"):
            assert internal not in titles
        for wanted in ("Check in", "Next quarter", "Commit the changes", "Compare two quarters"):
            assert wanted in titles
        path = git_board / OKR
        path.write_text(path.read_text().replace("target = 50", "target = 52"))
        okr_screen(app).check_disk()
        await workers_done(app)
        app.show_changes(then="commit")  # as the palette's "Commit the changes" does
        for _ in range(3):
            await workers_done(app)
            await pilot.pause(0.05)
        assert type(app.screen).__name__ == "MessageScreen"  # the commit message to review


async def test_my_krs_the_checkins_i_owe_and_the_quarter_in_numbers(git_board, user_config):
    """The weekly ritual: m shows my KRs (my name asked once, then remembered); W walks
    through the check-ins due, longest without one first, a value and Enter each, ctrl+n
    skips one, Esc leaves the walk and says what was done; counts per team."""
    import datetime as dt

    later = dt.date(2026, 11, 26)  # ten days after the last weekly check-ins
    app = OkrBoardApp(load_board(git_board), today=later, config=UserConfig())
    async with app.run_test(size=(120, 40)) as pilot:
        screen = okr_screen(app)
        growth = next(t for t in cell_text(app) if t.startswith("Growth"))
        assert "on track" in growth  # the team's KRs by status, beside its name
        assert "on track" in screen.sub_title
        await burst(pilot, "m", *"Maya Chen", "enter")
        krs = [row for row in screen.rows if row.kind == "key_result"]
        assert krs and all((r.key_result.owner or r.objective.owner) == "Maya Chen" for r in krs)
        # the header's counts follow the view: Maya's KRs, not everyone's
        shown = sum(int(n) for n in re.findall(r"(\d+) (?:on track|at risk|off track|stale|"
                    r"not started|done|not yet|missed|no data)", screen.sub_title))  # fmt: skip
        assert shown == len(krs)
        assert 'me = "Maya Chen"' in user_config.read_text()
        await pilot.press("m")
        assert len([r for r in screen.rows if r.kind == "key_result"]) > len(krs)
        board = app.session.board
        due = [r.ref for r in views.due_checkins(board, screen.rows, later)]
        assert len(due) >= 3
        last = [board.key_result(ref).last_checkin.date for ref in due]
        assert last == sorted(last)  # longest without a check-in first
        await pilot.press("W")
        form = app.screen
        assert isinstance(form, FormScreen)
        hint = form.query_one("#field-value", Input).placeholder
        assert hint.startswith("last ") and hint.endswith("expected by today")
        await burst(pilot, "4", "5", "enter", "ctrl+n", "escape")
        assert not isinstance(app.screen, FormScreen)
        said = notifications(app)
        assert f"Check-ins: 1 saved, 1 skipped, {len(due) - 2} not reached." in said
        assert any("date = 2026-11-26, value = 45" in line for line in diff(git_board))


async def test_references_are_picked_from_a_list_or_typed_as_an_id(git_board):
    """Aligns to takes a bare id or a title fragment (written out in full), and ctrl+o
    picks objectives from a searchable list instead of typing references."""
    app = make_app(git_board)
    async with app.run_test(size=(120, 40)) as pilot:
        await select(pilot, "2026-Q4/core/reliable")  # aligned to nothing
        await pilot.press("enter")
        form = app.screen
        field = form.query_one("#field-aligns_to", Input)
        field.value = "self-serve"
        await pilot.pause()
        assert str(form.query_one("#error-aligns_to", Static).render()) == ""
        field.focus()
        await pilot.press("ctrl+o")
        picker = app.screen
        assert isinstance(picker, PickerScreen)
        assert "2026-Q4/company/self-serve" in picker.selected  # what the field names
        # this quarter's objectives only: last quarter's have the same titles
        assert {ref.split("/")[0] for _, ref in picker.choices} == {"2026-Q4"}
        await pilot.press(*"refuse", "down", "space", "enter")
        assert app.screen is form
        assert field.value == (
            "2026-Q4/company/self-serve, 2026-Q4/company/team-retention"
        ) or field.value.startswith("2026-Q4/company/self-serve, ")
        await pilot.press("ctrl+s")
        await pilot.pause()
        aligned = app.session.board.objective("2026-Q4/core/reliable").aligns_to
        assert aligned[0] == "2026-Q4/company/self-serve" and len(aligned) == 2


async def test_at_80x24_the_list_keeps_its_rows_and_plus_shows_the_detail(git_board):
    app = make_app(git_board)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = okr_screen(app)
        await pilot.pause()
        assert screen.query_one(RowList).size.height >= 17  # was 9 beside a detail pane
        assert not screen.query_one("#detail").display
        gaps = screen.query_one("#gaps")
        assert gaps.size.height == 2  # the banner wraps at a word, never cut mid-sentence
        await select(pilot, KR)
        await pilot.press("plus")
        assert screen.maximized is screen.query_one("#detail")
        assert "Increase activation rate from 41% to 50%" in screen_text(app)
        await pilot.press("escape")
        assert screen.maximized is None and screen.query_one(RowList).has_focus


async def test_at_80_columns_help_and_quit_stay_in_sight_and_help_is_grouped(git_board):
    app = make_app(git_board)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        footer = screen_text(app).splitlines()[-1]
        assert "q Quit" in footer and "? Help" in footer and "t Next team" in footer
        await pilot.press("question_mark")
        await pilot.pause()
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        group = help_screen.query_one(Static).content  # headings, each over its keys
        headings = [part.plain for part in group.renderables if getattr(part, "plain", "")]
        assert headings == [
            "Keys: OKR view",
            "In every view of the board",
            "Everywhere: views, git, lists, forms",
        ]
