"""The coach panel, closing and opening a quarter, and the alignment map, driven by Pilot."""

from __future__ import annotations

import tomllib

from textual.widgets import Input, Select, SelectionList, TextArea

from okrboard.tui.screens.close import CloseQuarterScreen
from okrboard.tui.screens.problems import CoachPanel
from okrboard.widgets.picker import PickerScreen
from okrboard.widgets.rowlist import RowList
from tests.helpers import (
    alignment_tree,
    cell_text,
    detail_text,
    git,
    make_app,
    map_rows,
    okr_screen,
    select,
    settle,
    workers_done,
)

OKR = "okrs/2026-Q4/growth.toml"
PRICING = "2026-Q4/growth/trial-value/pricing-page"


def read(root, rel: str) -> dict:
    return tomllib.loads((root / rel).read_text())


async def test_findings_show_beside_items_in_the_detail_and_in_the_panel(git_board):
    app = make_app(git_board)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        titles = cell_text(app)
        assert any(
            t.startswith("Launch the new pricing page  ⚑ output, no from-to") for t in titles
        )
        await select(pilot, PRICING)
        detail = detail_text(app)
        assert "Coach" in detail and "“Launch …” names an output" in detail
        await pilot.press("C")
        panel = okr_screen(app).query_one(CoachPanel)
        assert panel.has_class("-visible")
        rules = [f.rule for f in panel.entries]
        assert {"KR001", "KR003", "OBJ004", "MAP001"} <= set(rules)
        await pilot.press("enter")  # the first finding: company's objective has no leading KR
        first = panel.entries[0]
        assert okr_screen(app).row.ref == first.ref
        assert okr_screen(app).query_one(RowList).has_focus
        # a roadmap finding jumps to the card in the roadmap view
        okr_screen(app).on_list_panel_jump(
            CoachPanel.Jump(panel.entries[-1], panel.entries[-1].ref)
        )
        await pilot.pause()
        await pilot.pause()
        assert app.screen.card.ref == "roadmap/growth/partner-webinars"


async def test_close_a_quarter_end_to_end_writes_files_commits_and_tags(git_board):
    app = make_app(git_board)
    async with app.run_test(size=(120, 40)) as pilot:
        await select(pilot, PRICING)
        await pilot.press("Q")
        screen = app.screen
        assert isinstance(screen, CloseQuarterScreen)
        grades = {
            ref: screen.query_one(f"#grade-{i}", Input) for i, ref in enumerate(screen.kr_refs)
        }
        assert grades["2026-Q4/growth/activation/activation-rate"].value == "0.39"
        grades[PRICING].value = "0.2"  # shipped, but it moved nothing
        grades["2026-Q4/growth/trial-value/signup-views"].value = "1.4"  # a typo: refused
        await pilot.press("ctrl+s")
        assert app.screen is screen and "between 0 and 1" in str(
            screen.query_one("#close-error").render()
        )
        grades["2026-Q4/growth/trial-value/signup-views"].value = ""  # leave it ungraded
        screen.query_one("#decision-0", Select).value = "keep"
        screen.query_one("#decision-1", Select).value = "abandon"
        screen.query_one("#retro-1", Input).value = "A page is not a pricing strategy."
        screen.query_one("#learnings", TextArea).text = "Activation compounds."
        screen.query_one("#actual-0", Input).value = "3.5"
        await pilot.press("ctrl+s")  # says what is missing, and asks
        said = str(screen.query_one("#close-error").render())
        assert app.screen is screen and "Missing: 39 days of the quarter still to run" in said
        await pilot.press("ctrl+s")
        await workers_done(app)
        await pilot.pause()
        assert not isinstance(app.screen, CloseQuarterScreen)
        assert any("closed 2026-11-22, read-only" in text for text in cell_text(app))
    okrs = read(git_board, OKR)
    assert okrs["review"]["learnings"] == "Activation compounds."
    assert okrs["objectives"]["activation"]["decision"] == "keep"
    trial = okrs["objectives"]["trial-value"]
    assert trial["decision"] == "abandon" and trial["retro"] == "A page is not a pricing strategy."
    assert trial["key_results"]["pricing-page"]["grade"] == 0.2
    assert "grade" not in trial["key_results"]["signup-views"]
    theme = read(git_board, "roadmaps/growth.toml")["themes"]["guided-setup"]
    assert theme["actual_impact"] == {"2026-Q4/growth/activation/activation-rate": 3.5}
    assert git(git_board, "status", "--porcelain") == ""  # committed
    assert git(git_board, "tag", "--list") == "closed/2026-Q4/growth\n"
    message = git(git_board, "log", "-1", "--format=%B", "closed/2026-Q4/growth")
    assert message.startswith("okrs(2026-Q4/growth): close the quarter")
    assert "Launch the new pricing page: 0.20" in message
    shown = git(git_board, "show", "--stat", "--format=", "HEAD")
    assert OKR in shown and "roadmaps/growth.toml" in shown


async def test_the_close_refuses_what_the_board_would_refuse(git_board):
    app = make_app(git_board)
    async with app.run_test(size=(120, 40)) as pilot:
        await select(pilot, PRICING)
        await pilot.press("Q")
        screen = app.screen
        screen.query_one("#actual-0", Input).value = "inf"  # not a finite number
        await pilot.pause()
        await pilot.press("ctrl+s")
        assert app.screen is screen
        assert screen.query_one("#actual-0", Input).has_class("-invalid")
        assert "not a finite number" in str(screen.query_one("#close-error").render())
    assert git(git_board, "status", "--porcelain") == ""  # nothing written


async def test_closing_outside_git_saves_and_says_there_is_no_tag(sample_dir):
    app = make_app(sample_dir)
    messages = []
    async with app.run_test(size=(120, 40)) as pilot:
        app.notify = lambda message, **kw: messages.append(message)
        await select(pilot, PRICING)
        await pilot.press("Q")
        await pilot.press("ctrl+s")
        said = str(app.screen.query_one("#close-error").render())
        assert "no decision (keep, modify, abandon) for New teams" in said
        assert "no learnings written" in said and not messages  # nothing closed yet
        await pilot.press("ctrl+s")
        await workers_done(app)
        await pilot.pause()
    assert "review" in read(sample_dir, OKR)
    assert any("Not tagged" in m for m in messages)


async def test_open_the_next_quarter_end_to_end(git_board):
    app = make_app(git_board)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        okr_screen(app).show_team("growth")
        await pilot.press("O")
        picker = app.screen
        assert isinstance(picker, PickerScreen)
        options = picker.query_one(SelectionList)
        assert "2026-Q4/growth/activation" in options.selected
        assert PRICING not in options.selected  # reached: not carried by default
        options.deselect("2026-Q4/growth/trial-value/signup-views")
        await pilot.press("ctrl+s")
        await pilot.pause()
        cards = app.screen
        assert isinstance(cards, PickerScreen) and cards is not picker
        cards.query_one(SelectionList).select("roadmap/growth/invite-moments")
        await pilot.press("ctrl+s")
        await pilot.pause()
        screen = okr_screen(app)
        assert screen.quarter == "2027-Q1"
        assert [r.ref for r in screen.rows if r.kind == "objective"] == [
            "2027-Q1/growth/activation",
            "2027-Q1/growth/trial-value",
        ]
    new = read(git_board, "okrs/2027-Q1/growth.toml")["objectives"]
    assert set(new["trial-value"]["key_results"]) == {"trial-to-paid"}
    rate = new["activation"]["key_results"]["activation-rate"]
    assert rate["baseline"] == 46 and "checkins" not in rate
    assert rate["carried_from"] == "2026-Q4/growth/activation/activation-rate"
    assert read(git_board, "roadmaps/growth.toml")["themes"]["invite-moments"]["horizon"] == "now"
    # one team opened: the board does not jump a quarter for everyone
    assert read(git_board, "board.toml")["board"]["current_quarter"] == "2026-Q4"
    assert "?? okrs/2027-Q1/" in git(git_board, "status", "--porcelain")  # not committed


async def test_lifecycle_keys_are_off_on_a_read_only_board(demo_master):
    from okrboard.git.revisions import board_at
    from okrboard.tui.app import OkrBoardApp
    from okrboard.tui.config import UserConfig
    from tests.helpers import TODAY

    app = OkrBoardApp(
        board_at(demo_master, "HEAD~3"), today=TODAY, config=UserConfig(), as_of="HEAD~3"
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("Q", "O")
        assert app.screen is okr_screen(app)


async def test_the_alignment_map_navigates_to_the_okrs(git_board):
    app = make_app(git_board)
    async with app.run_test(size=(120, 40)) as pilot:
        rows = await alignment_tree(pilot)
        shown = map_rows(rows)
        assert "41%  Make self-serve the engine of our growth  ⇡ 51%" in shown[0][2]
        assert shown[0][1] == 0
        groups = [text for ref, depth, text in shown if not ref and depth == 0]
        assert groups and "Aligned to nothing (1)" in groups[-1]
        under = [ref for ref, depth, _ in shown if depth == 1]
        assert "2026-Q4/growth/activation" in under  # aligned under the company objective
        line = rows.cursor
        await pilot.press("j", "j", "k")
        assert rows.cursor == line + 1
        orphan = next(i for i, (ref, _, _) in enumerate(shown) if ref == "2026-Q4/core/reliable")
        await pilot.press(*["j"] * (orphan - rows.cursor))
        assert app.screen.selected_item()[0] == "2026-Q4/core/reliable"
        await pilot.press("g")
        await pilot.pause()
        assert okr_screen(app) is app.screen
        assert app.screen.row.ref == "2026-Q4/core/reliable"
        await pilot.press("5", "left_square_bracket")
        await pilot.pause()
        assert app.screen.quarter == "2026-Q3"
        assert not any("Aligned to nothing" in text for *_, text in map_rows(app.screen.rows))


async def test_a_closed_quarter_is_marked_in_the_detail_and_the_alignment_map(git_board):
    path = git_board / OKR
    path.write_text(path.read_text() + "\n[review]\nclosed = 2026-11-20\n")
    app = make_app(git_board)
    async with app.run_test(size=(120, 40)) as pilot:
        await select(pilot, PRICING)
        assert "2026-Q4 · Trials show teams why paying is worth it · closed 2026-11-20" in (
            detail_text(app)
        )
        await select(pilot, "2026-Q4/growth/activation")
        assert "2026-Q4 · Growth · closed 2026-11-20, read-only" in detail_text(app)
        await select(pilot, "2026-Q4/core/habit")
        assert "closed" not in detail_text(app)
        shown = map_rows(await alignment_tree(pilot))
        labels = {ref: text for ref, depth, text in shown if depth == 1}
        assert labels["2026-Q4/growth/activation"].endswith("Growth  closed 2026-11-20")
        assert "closed" not in shown[0][2]  # the company's is open


async def test_every_summary_names_the_file_it_left_out(git_board):
    """A team file that cannot be read is missing from every total: the OKR view, the
    roadmap and the alignment map say so, naming it, above their numbers."""
    path = git_board / "okrs/2026-Q4/core.toml"
    path.write_text(path.read_text().replace("[objectives.habit]", "[objectives.habit", 1))
    said = "⚠ Left out, cannot be read: okrs/2026-Q4/core.toml (p shows why)"
    app = make_app(git_board)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert str(app.screen.query_one("#gaps").render()).startswith(said)
        await pilot.press("2")
        await pilot.pause()
        assert str(app.screen.query_one("#gaps").render()).startswith(said)
        await pilot.press("5")
        await pilot.pause()
        assert said in str(app.screen.query_one("#alignment-legend").render())
        path.write_text(path.read_text().replace("[objectives.habit\n", "[objectives.habit]\n"))
        app.screen.check_disk()  # fixed on disk: the view shown reloads, the warning goes
        await workers_done(app)
        await pilot.pause()
        assert "Left out" not in str(app.screen.query_one("#alignment-legend").render())
