"""The roadmap view driven with Pilot: moves, edits, links and tracing, on real files."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from okrboard.tui.screens.okrs import OkrScreen
from okrboard.tui.screens.roadmap import RoadmapScreen
from okrboard.widgets.cardlist import CardList
from okrboard.widgets.dialogs import ChoiceScreen
from okrboard.widgets.form import FormScreen
from okrboard.widgets.picker import PickerScreen
from tests.helpers import card_ids, make_app, open_roadmap, pick, rest, screen_text, workers_done
from tests.helpers import diff_lines as diff

ROADMAP = "roadmaps/growth.toml"


async def test_columns_show_the_cards_and_the_gaps(git_board):
    app = make_app(git_board)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_roadmap(pilot)
        assert card_ids(screen, "now") == ["guided-setup", "pricing-clarity", "partner-webinars"]
        assert card_ids(screen, "next") == ["sales-assist", "invite-moments"]
        assert "1 Now card serves no key result" in str(screen.query_one("#gaps").content)
        assert screen.sub_title == "roadmap · Growth"
        await pilot.press("1")
        assert isinstance(app.screen, OkrScreen)
        assert "Partner webinar series" in str(app.screen.query_one("#gaps").content)


async def test_a_columns_title_stays_in_view_while_its_cards_scroll(git_board):
    """At 80x24 with every team's cards, Now scrolls to its last card and still says
    "Now (9)" on its first line, as Next and Later do."""
    app = make_app(git_board)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_roadmap(pilot, team=None)
        await pilot.press("end")
        await pilot.pause()
        column = screen.focused
        assert column is not None and column.scroll_offset.y > 0  # it did scroll
        titled = [line for line in screen_text(app).splitlines() if "Next (" in line]
        assert titled and titled[0].lstrip().startswith("Now (")


async def test_move_next_to_now_is_one_line(git_board):
    app = make_app(git_board)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_roadmap(pilot)
        await pick(pilot, screen, "next", "sales-assist")
        await pilot.press("H")
        assert diff(git_board) == ['-horizon = "next"', '+horizon = "now"']
        assert "sales-assist" in card_ids(screen, "now")
        assert screen.card.theme.id == "sales-assist"  # the selection follows the card
        await pilot.press("shift+right")
        assert diff(git_board) == []


async def test_reorder_within_a_column(git_board):
    app = make_app(git_board)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_roadmap(pilot)
        await pick(pilot, screen, "now", "pricing-clarity")
        await pilot.press("K")
        assert card_ids(screen, "now")[:2] == ["pricing-clarity", "guided-setup"]
        assert diff(git_board) == ["-rank = 10", "+rank = 20", "-rank = 20", "+rank = 10"]


async def test_add_a_card_linked_to_two_key_results(git_board):
    app = make_app(git_board)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_roadmap(pilot)
        screen.query_one("#col-next", CardList).focus()
        await pilot.press("n")
        form = app.screen
        assert isinstance(form, FormScreen) and form.values()["horizon"] == "next"
        form.query_one("#field-title", Input).value = "Activation emails"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert screen.card.theme.id == "activation-emails"
        await pilot.press("i")
        picker = app.screen
        assert isinstance(picker, PickerScreen)
        await pilot.press(*"activation rate")  # narrow the list, then tick
        await pilot.pause()
        picker.selected |= {
            "2026-Q4/growth/activation/activation-rate",
            "2026-Q4/growth/activation/setup-completion",
        }
        await pilot.press("enter")
        await pilot.pause()
        text = (git_board / ROADMAP).read_text()
        assert "[themes.activation-emails]" in text
        theme = app.session.board.roadmaps["growth"].themes["activation-emails"]
        assert theme.key_results == [
            "2026-Q4/growth/activation/activation-rate",
            "2026-Q4/growth/activation/setup-completion",
        ]
        assert app.session.board.problems == []


async def test_delete_asks_and_undo_restores(git_board):
    app = make_app(git_board)
    original = (git_board / ROADMAP).read_bytes()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_roadmap(pilot)
        await pick(pilot, screen, "now", "partner-webinars")
        await pilot.press("d")
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("n")
        assert diff(git_board) == []
        await pilot.press("d", "y")
        await pilot.pause()
        assert "partner-webinars" not in card_ids(screen, "now")
        assert "-[themes.partner-webinars]" in diff(git_board)
        await pilot.press("u")
        assert (git_board / ROADMAP).read_bytes() == original
        assert "partner-webinars" in card_ids(screen, "now")


async def test_edit_a_card_with_validation(git_board):
    app = make_app(git_board)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_roadmap(pilot)
        await pick(pilot, screen, "now", "guided-setup")
        await pilot.press("enter")
        form = app.screen
        form.query_one("#field-key_results", Input).value = "2026-Q4/growth/nope/nope"
        await pilot.pause()
        await pilot.press("ctrl+s")
        assert app.screen is form
        form.query_one(
            "#field-key_results", Input
        ).value = "2026-Q4/growth/activation/activation-rate"
        form.query_one("#field-confidence", Input).value = "8"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        changed = diff(git_board)
        assert "-confidence = 7" in changed and "+confidence = 8" in changed


async def test_public_view_search_and_done(git_board):
    app = make_app(git_board)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_roadmap(pilot, team=None)
        await pilot.press("v")
        shown = [c for col in screen.cards.values() for c in col]
        assert shown and all(c.theme.visibility != "internal" for c in shown)
        assert "public view" in screen.sub_title
        await pilot.press("escape", "slash", *"monetisation", "enter")
        assert {c.theme.id for col in screen.cards.values() for c in col} == {
            "pricing-clarity",
            "sales-assist",
        }
        await pilot.press("escape", "z")
        assert "template-gallery" in card_ids(screen, "done")
        assert screen.query_one("#col-done", CardList).display


async def test_tracing_from_kr_to_cards_and_back(git_board):
    app = make_app(git_board)
    async with app.run_test(size=(120, 40)) as pilot:
        okrs = app.screen
        index = [r.ref for r in okrs.rows].index("2026-Q4/growth/activation/activation-rate")
        okrs.query_one("#okr-table").cursor = index
        await pilot.pause()
        await pilot.press("r")
        screen = app.screen
        assert isinstance(screen, RoadmapScreen)
        assert {c.theme.id for col in screen.cards.values() for c in col} == {
            "guided-setup",
            "invite-moments",
        }
        await pick(pilot, screen, "next", "invite-moments")
        await pilot.press("g")
        await pilot.pause()
        assert isinstance(app.screen, OkrScreen)
        assert app.screen.row.ref == "2026-Q4/growth/activation/activation-rate"


async def test_editor_for_problem_and_hypothesis(git_board, tmp_path, monkeypatch):
    import sys

    editor = tmp_path / "editor.py"
    text = "# Problem\\nTeams stall.\\n\\n# Hypothesis\\nA guide helps.\\n"
    editor.write_text(f"import sys\nopen(sys.argv[1], 'w').write('{text}')\n")
    monkeypatch.setenv("VISUAL", f"{sys.executable} {editor}")
    app = make_app(git_board)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_roadmap(pilot)
        await pick(pilot, screen, "now", "guided-setup")
        await pilot.press("e")
        await workers_done(app)
        await pilot.pause()
        theme = app.session.board.roadmaps["growth"].themes["guided-setup"]
        assert (theme.problem, theme.hypothesis) == ("Teams stall.", "A guide helps.")


async def test_the_kr_picker_ticks_with_space_shows_ticks_as_text_and_enter_links(git_board):
    """In the list: space ticks ([x], readable without colour), enter links the ticked."""
    app = make_app(git_board)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_roadmap(pilot)
        await pick(pilot, screen, "now", "partner-webinars")  # serves no key result
        await pilot.press("i")
        picker = app.screen
        assert isinstance(picker, PickerScreen)
        await pilot.press(*"increase", "down", "space")
        await pilot.pause()
        lines = [line for line in screen_text(app).splitlines() if "Increase " in line]
        assert len(lines) > 1
        assert [line.split("Increase")[0][-4:] for line in lines][:2] == ["[x] ", "[ ] "]
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, PickerScreen)
        theme = app.session.board.roadmaps["growth"].themes["partner-webinars"]
        assert theme.key_results == ["2026-Q4/core/habit/week4-retention"]  # the first


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_arrow_keys_move_between_columns(git_board, size):
    """← / → belong to the view, even where a column is too narrow for its cards."""
    app = make_app(git_board)
    async with app.run_test(size=size) as pilot:
        screen = await open_roadmap(pilot)
        assert app.focused.id == "col-now"
        await pilot.press("right")
        assert app.focused.id == "col-next" and screen.focused_horizon == "next"
        await pilot.press("right", "right", "left")
        assert app.focused.id == "col-next"
        await pilot.press("left", "left")
        assert app.focused.id == "col-now"


async def test_the_public_view_shows_nothing_internal_anywhere(git_board):
    """Fit to share a screen: no internal card's title in a banner, a card or the detail;
    no owners, confidence or internal links."""
    app = make_app(git_board)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_roadmap(pilot, team=None)
        internal = [
            t for plan in app.session.board.roadmaps.values() for t in plan.themes.values()
            if t.visibility == "internal"
        ]  # fmt: skip
        before = screen_text(app)
        assert "Partner webinar series" in before and "Ravi Patel" in before  # shown inside
        await pilot.press("v")
        shown = screen_text(app)
        assert not [t.title for t in internal if t.title in shown]
        assert "Ravi Patel" not in shown and "conf " not in shown and "Confidence" not in shown
        assert "Owner" not in shown and "GROW-" not in shown


async def test_a_public_app_hides_internal_cards_in_every_view_and_cannot_show_them(sample_dir):
    from okrboard.files.load import load_board
    from okrboard.tui.app import OkrBoardApp
    from okrboard.tui.config import UserConfig
    from tests.helpers import TODAY, screen_text

    app = OkrBoardApp(
        load_board(sample_dir), today=TODAY, config=UserConfig(), watch_git=False, public=True
    )
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        assert "Partner webinar series" not in screen_text(app)  # the gaps line names it
        await pilot.press("2")
        await pilot.pause()
        assert app.screen.public
        await pilot.press("v")  # the public view stays on
        await pilot.pause()
        assert app.screen.public
        text = screen_text(app)
        assert "Sales-assist for large trials" not in text and "Partner webinar" not in text
        internal = [
            card.title
            for roadmap in load_board(sample_dir).roadmaps.values()
            for card in roadmap.themes.values()
            if card.visibility == "internal"
        ]
        for view in "1356":  # every other view, its detail following the cursor down
            await pilot.press(view)
            for _ in range(8):
                await rest(pilot)
                assert not [title for title in internal if title in screen_text(app)], view
                await pilot.press("j")
