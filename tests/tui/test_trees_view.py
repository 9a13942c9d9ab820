"""The discovery view driven with Pilot: tree edits on real files, with real git diffs."""

from __future__ import annotations

from textual.widgets import Input, Select, Static, TextArea

from okrboard.tui.screens.okrs import OkrScreen
from okrboard.tui.screens.trees import NodeList, TreeScreen
from okrboard.widgets.choose import ChooseScreen
from okrboard.widgets.dialogs import ChoiceScreen
from okrboard.widgets.form import FormScreen
from tests.compat import notifications
from tests.helpers import diff_lines as diff
from tests.helpers import make_app, open_tree, screen_text
from tests.helpers import select_node as select

TREE = "trees/activation.toml"


async def fill(pilot, values: dict[str, str]) -> None:
    form = pilot.app.screen
    assert isinstance(form, FormScreen)
    for name, value in values.items():
        field = form.query_one(f"#field-{name}")
        if isinstance(field, TextArea):  # a text of several lines
            field.text = value
        else:
            assert isinstance(field, Input)
            field.value = value
    await pilot.pause()
    await pilot.press("ctrl+s")
    await pilot.pause()


async def test_opens_on_the_first_tree_with_its_outcome(git_board):
    app = make_app(git_board)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_tree(pilot)
        assert screen.sub_title == "discovery · Faster first win for new teams"
        assert "Increase activation rate" in screen_text(app)
        assert [line.node.id for line in screen.lines][:2] == ["blank-page", "guided-template"]
        await pilot.press("right_square_bracket")
        assert screen.tree_id == "retention"


async def test_add_a_child_and_derived_confidence(git_board):
    app = make_app(git_board)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_tree(pilot)
        await select(pilot, screen, "one-click-import")
        assert screen.line.node.type == "solution"
        await pilot.press("n")
        assert app.screen.form_title.startswith("New assumption")
        await fill(
            pilot, {"title": "Docs exports keep formatting", "importance": "5", "evidence": "1"}
        )
        added = diff(git_board)
        assert all(line.startswith("+") for line in added)
        assert '+parent = "one-click-import"' in added
        tree = app.session.board.trees["activation"]
        assert tree.nodes["docs-exports-keep-formatting"].importance == 5
        await select(pilot, screen, "one-click-import")
        row = screen.query_one(NodeList).rows[screen.query_one(NodeList).cursor]
        assert row[1].plain == "confidence 20%"  # derived: evidence 1 of 5


async def test_reparent_is_one_line(git_board):
    app = make_app(git_board)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_tree(pilot)
        await select(pilot, screen, "one-click-import")
        await pilot.press("m")
        chooser = app.screen
        assert isinstance(chooser, ChooseScreen)
        assert all("●" not in label for label, _ in chooser.choices)  # only opportunities
        await pilot.press(*"teammates", "enter")
        await pilot.pause()
        assert diff(git_board) == [
            '-parent = "import-friction"',
            '+parent = "lonely-workspace"',
        ]
        assert screen.line.node.id == "one-click-import"


async def test_delete_a_subtree_says_how_many(git_board):
    app = make_app(git_board)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_tree(pilot)
        await select(pilot, screen, "guided-template")
        await pilot.press("d")
        assert isinstance(app.screen, ChoiceScreen)
        assert "and the 4 nodes under it" in app.screen.question
        await pilot.press("y")
        await pilot.pause()
        tree = app.session.board.trees["activation"]
        assert "guided-template" not in tree.nodes and "template-click-test" not in tree.nodes
        assert sum(line.startswith("-[nodes.") for line in diff(git_board)) == 5
        await pilot.press("u")
        assert diff(git_board) == []


async def test_success_criteria_are_fixed_after_a_result(git_board):
    app = make_app(git_board)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_tree(pilot)
        await select(pilot, screen, "template-click-test")
        await pilot.press("enter")
        form = app.screen
        assert "success_criteria" not in [f.name for f in form.fields]
        await pilot.press("escape", "O")
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("y")
        await fill(pilot, {"success_criteria": "7 of 10 pick a use case in under 10 s"})
        assert diff(git_board) == [
            '-success_criteria = "8 of 10 pick a use case in under 10 s"',
            '+success_criteria = "7 of 10 pick a use case in under 10 s"',
        ]


async def test_a_result_without_success_criteria_is_refused(git_board):
    app = make_app(git_board)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_tree(pilot)
        await select(pilot, screen, "template-coverage-survey")
        await pilot.press("enter")
        app.screen.query_one("#field-result", Select).value = "supported"
        await fill(pilot, {"success_criteria": ""})
        form = app.screen
        assert isinstance(form, FormScreen)  # not saved
        error = str(form.query_one("#error-result", Static).render())
        assert "a result needs success criteria written before it" in error
        await pilot.press("escape")
        assert diff(git_board) == []


async def test_fold_focus_and_search(git_board):
    app = make_app(git_board)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_tree(pilot)
        await select(pilot, screen, "blank-page")
        await pilot.press("space")
        assert [line.node.id for line in screen.lines][:2] == ["blank-page", "lonely-workspace"]
        await pilot.press("asterisk", "f")
        assert screen.lines[0].node.id == "blank-page"
        assert "lonely-workspace" not in [line.node.id for line in screen.lines]
        await pilot.press("escape", "slash", *"fake-door")
        assert [line.node.id for line in screen.lines] == [
            "lonely-workspace",
            "invite-at-value",
            "invite-prompt-annoys",
            "invite-prompt-fake-door",
        ]


async def test_from_kr_to_tree_to_card_and_back(git_board):
    app = make_app(git_board)
    async with app.run_test(size=(120, 40)) as pilot:
        okrs = app.screen
        index = [r.ref for r in okrs.rows].index("2026-Q4/core/habit/week4-retention")
        okrs.query_one("#okr-table").cursor = index
        await pilot.pause()
        await pilot.press("o")
        screen = app.screen
        assert isinstance(screen, TreeScreen) and screen.tree_id == "retention"
        await select(pilot, screen, "digest")
        await pilot.press("c")
        await pilot.pause()
        theme = app.session.board.roadmaps["core"].themes["monday-digest-email"]
        assert theme.solution == "tree/retention/digest"
        assert theme.key_results == ["2026-Q4/core/habit/week4-retention"]
        assert theme.horizon == "next"
        await pilot.press("g")
        await pilot.pause()
        assert isinstance(app.screen, OkrScreen)
        assert app.screen.row.ref == "2026-Q4/core/habit/week4-retention"


async def test_the_tree_shows_a_legend_an_overdue_test_and_text_as_written(git_board):
    """Glyphs are explained; a pending test past its due date says so; the detail shows a
    target as a word and multi-line learnings as lines."""
    path = git_board / TREE
    text = path.read_text().replace("due = 2026-12-04", "due = 2026-11-10", 1)
    text = text.replace("9 of 10 picked within", "9 of 10 picked\\nwithin", 1)
    path.write_text(text)
    app = make_app(git_board)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_tree(pilot)
        assert "◆ opportunity  ● solution  ? assumption  ⚗ test  ◎ target" in screen_text(app)
        await select(pilot, screen, "template-coverage-survey")
        assert "overdue Nov 10" in screen_text(app)
        assert "Overdue: due 2026-11-10, and no result yet." in screen_text(app)
        await select(pilot, screen, "blank-page")
        shown = screen_text(app)
        assert "Target" in shown and "yes" in shown and "True" not in shown
        await select(pilot, screen, "template-click-test")
        await pilot.press("plus")  # the detail on the whole screen
        assert screen.maximized is screen.query_one("#node-detail")
        lines = screen_text(app).splitlines()
        assert any(line.rstrip().endswith("9 of 10 picked") for line in lines)
        assert any(line.lstrip().startswith("within 6 s") for line in lines)
        await pilot.press("escape")
        assert screen.maximized is None


async def test_a_tree_a_team_and_the_settings_are_made_in_the_app(git_board):
    """o on a KR without a tree starts one for it; the palette adds a team and changes
    the board's settings, each with a form and a small diff."""
    from okrboard.tui.screens import setup
    from tests.helpers import okr_screen, select

    app = make_app(git_board)
    async with app.run_test(size=(120, 40)) as pilot:
        await select(pilot, "2026-Q4/core/reliable/uptime")  # no tree is rooted here
        await pilot.press("o")
        form = app.screen
        assert isinstance(form, FormScreen)
        assert form.values()["outcome"] == "2026-Q4/core/reliable/uptime"
        assert form.values()["id"] == "opportunities-for-keep-uptime-between-99-9-and-100"
        form.query_one("#field-title", Input).value = "Why teams lose work"
        await pilot.pause()
        await fill(pilot, {"id": "lost-work"})
        assert isinstance(app.screen, TreeScreen) and app.screen.tree_id == "lost-work"
        tree = (git_board / "trees/lost-work.toml").read_text()
        assert 'outcome = "2026-Q4/core/reliable/uptime"' in tree and 'team = "core"' in tree
        # an empty tree says how to add its first node, not "No nodes match."
        assert "This tree is empty: press n to add its first opportunity." in screen_text(app)
        await pilot.press("1")
        setup.new_team(okr_screen(app))
        await pilot.pause()
        assert app.screen.values()["parent"] == "company"  # a team belongs to the company
        await fill(pilot, {"name": "Platform", "lead": "Ada Park"})
        # t reaches the new team, which says how to add its first objective
        screen = okr_screen(app)
        while screen.team != "platform":
            await pilot.press("t")
        assert "Platform has no OKRs for 2026-Q4 yet: press N to add its first objective." in (
            screen_text(app)
        )
        await pilot.press("W")  # nothing shown owes a check-in, and it says why
        assert notifications(app)[-1] == "No check-ins due here: no key result is shown."
        setup.board_settings(okr_screen(app))
        await pilot.pause()
        assert "default: 14" in str(app.screen.query_one("#field-stale_days", Input).placeholder)
        await fill(pilot, {"stale_days": "10"})
    added = diff(git_board)
    assert "+[teams.platform]" in added and '+name = "Platform"' in added
    assert '+parent = "company"' in added
    assert "+stale_days = 10" in added
