"""The git views, driven by keys: an item's history, the changes view (by item and raw),
commits and proposals from the TUI, comparing revisions and quarters, and time travel.
All on real repositories."""

from __future__ import annotations

import datetime as dt
import re

from okrboard.tui.app import OkrBoardApp
from okrboard.tui.config import UserConfig
from okrboard.tui.screens.changes import ChangesScreen
from okrboard.tui.screens.history import HistoryScreen
from okrboard.tui.screens.okrs import OkrScreen
from okrboard.widgets.choose import ChooseScreen
from okrboard.widgets.message import MessageScreen
from okrboard.widgets.rowlist import RowList
from okrboard.widgets.textview import TextScreen
from tests.compat import notifications
from tests.helpers import (
    cell_text,
    detail_text,
    git,
    make_app,
    okr_screen,
    open_roadmap,
    open_tree,
    pick,
    screen_text,
    select_node,
    settle,
    workers_done,
)

TRIAL = "2026-Q4/growth/trial-value/trial-to-paid"
KR = "2026-Q4/growth/activation/activation-rate"
OKR = "okrs/2026-Q4/growth.toml"


async def ready(pilot) -> None:
    """Let the views' git workers finish and the screen catch up."""
    await pilot.pause()
    await workers_done(pilot.app)
    await pilot.pause()


def texts(screen) -> list[str]:
    return [str(cells[0]) for cells in screen.query_one(RowList).rows]


def status(screen) -> str:
    return str(screen.query_one("#lines-status").render())


async def select(pilot, ref: str) -> None:
    screen = pilot.app.screen_stack[0]
    screen.query_one(RowList).cursor = [row.ref for row in screen.rows].index(ref)
    await pilot.pause()


async def check_in_and_review(pilot) -> None:
    """Check in 48 on the activation KR, then open the changes view."""
    await select(pilot, KR)
    await pilot.press("c", "4", "8", "enter", "4")
    await ready(pilot)


async def test_h_shows_who_moved_a_target_and_enter_travels_to_that_commit(demo_master):
    app = make_app(demo_master)
    async with app.run_test(size=(120, 40)) as pilot:
        await select(pilot, TRIAL)
        await pilot.press("h")
        await ready(pilot)
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        lines = texts(screen)
        moved = next(i for i, line in enumerate(lines) if "moved target" in line)
        assert "Maya Chen" in lines[moved] and "2026-10-20" in lines[moved]
        assert "            target 15% -> 14%" in lines[moved + 1 : moved + 3]
        assert "the target was moved once after the quarter began" in status(screen)
        assert lines[-1].strip().startswith("added key result")  # the first entry: drafted
        # d: the whole commit's changes
        screen.query_one(RowList).cursor = moved
        await pilot.press("d")
        await ready(pilot)
        assert isinstance(app.screen, ChangesScreen)
        assert any("target 15% -> 14%" in line for line in texts(app.screen))
        await pilot.press("escape")
        # enter: the board as it was right after that commit, read-only
        await pilot.press("enter")
        await ready(pilot)
        assert isinstance(app.screen, OkrScreen)
        assert app.session.as_of is not None
        assert app.screen.sub_title.endswith("read-only")
        assert app.session.board.key_result(TRIAL).target == 14
        assert app.session.board.key_result(KR).current < 46  # before later check-ins
        # ctrl+t, "today": back to the board on disk, editable
        await pilot.press("ctrl+t")
        await ready(pilot)
        assert isinstance(app.screen, ChooseScreen)
        await pilot.press("t", "o", "d", "a", "y", "enter")
        await ready(pilot)
        assert app.session.as_of is None
        assert "read-only" not in app.screen.sub_title


async def test_time_travel_to_a_quarters_end(demo_master):
    app = make_app(demo_master)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+t")
        await ready(pilot)
        await pilot.press(*"end of 2026-Q3", "enter")
        await ready(pilot)
        assert app.session.as_of == "2026-09-30"
        # the quarter the day names, not the next one (drafted by then, not begun)
        assert app.screen.sub_title.startswith("2026-Q3")
        assert app.session.board.key_result(KR).checkins in (None, [])  # the Q4 draft
        # judged as of that day, not today
        assert app.today == okr_screen(app).today == dt.date(2026, 9, 30)
        await pilot.press("right_square_bracket")  # Q4 has not begun: nothing stale in it
        assert "stale" not in cell_text(app, "status")
        # read-only: nothing offers a check-in
        await select(pilot, KR)
        await settle(pilot)
        assert "No check-ins yet." in detail_text(app) and "press c" not in detail_text(app)


async def test_the_board_as_of_a_day_is_judged_as_of_that_day(demo_master):
    from okrboard.git.revisions import board_at

    app = OkrBoardApp(
        board_at(demo_master, "2026-10-20"),
        as_of="2026-10-20",
        day=dt.date(2026, 10, 20),
        config=UserConfig(),
        watch_git=False,
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await select(pilot, KR)
        await settle(pilot)
        shown = detail_text(app)
        assert "by today" not in shown and "expected 22% by 2026-10-20" in shown
        assert cell_text(app, "status").count("stale") < 3


async def test_history_of_a_card_and_of_a_tree_node(demo_master):
    app = make_app(demo_master)
    async with app.run_test(size=(120, 40)) as pilot:
        roadmap = await open_roadmap(pilot)
        await pick(pilot, roadmap, "now", "pricing-clarity")
        await pilot.press("h")
        await ready(pilot)
        assert "moved next -> now" in "\n".join(texts(app.screen))
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is roadmap
        tree = await open_tree(pilot)
        await select_node(pilot, tree, "template-click-test")
        await pilot.press("h")
        await ready(pilot)
        assert any("result — -> supported" in line for line in texts(app.screen))


async def test_history_outside_git_says_so(sample_dir):
    app = make_app(sample_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await select(pilot, KR)
        await pilot.press("h")
        await ready(pilot)
        assert "not in a git repository" in status(app.screen)
        await pilot.press("escape", "4")
        await ready(pilot)
        assert "not in a git repository" in status(app.screen)


async def test_check_in_review_and_commit_with_a_written_message(demo):
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await select(pilot, KR)
        await pilot.press("c", "4", "8", "enter")
        await pilot.pause()
        await pilot.press("4")
        await ready(pilot)
        screen = app.screen
        assert isinstance(screen, ChangesScreen)
        lines = texts(screen)
        assert lines[0].startswith("Increase activation rate from 41% to 50%")
        # the check-in says the value it set; progress and status follow it
        assert "    check-in 2026-11-22: 48% · confidence 6/10" in lines
        assert "    progress 56% -> 78%" in lines
        assert status(screen).startswith("1 change ·")  # the check-in; its progress follows
        await pilot.press("r")  # the raw text diff
        await ready(pilot)
        raw = texts(screen)
        assert f"--- a/{OKR}" in raw and "+current = 48" in raw
        await pilot.press("r")  # back by item
        await ready(pilot)
        await pilot.press("c")  # commit
        await pilot.pause()
        form = app.screen
        assert isinstance(form, MessageScreen)
        subject = form.values()["subject"]
        assert subject.startswith("okrs(2026-Q4/growth): check in activation-rate: 48%")
        await pilot.press("ctrl+s")
        await ready(pilot)
        assert isinstance(app.screen, ChangesScreen)
        assert status(app.screen) == "No changes."
    log = git(demo, "log", "-1", "--format=%an|%s|%b").strip()
    assert log.startswith(f"Maya Chen|{subject}|- {KR}: check-in 2026-11-22: 48%")
    assert git(demo, "status", "--porcelain") == ""


async def test_commit_message_can_be_edited_and_an_empty_one_is_refused(demo):
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await check_in_and_review(pilot)
        await pilot.press("c")
        await pilot.pause()
        form = app.screen
        form.query_one("#subject").value = ""
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form  # still open, saying why
        assert "subject is empty" in str(form.query_one("#message-error").render())
        form.query_one("#subject").value = "Activation check-in, [b]with[/b] care"
        await pilot.press("ctrl+s")
        await ready(pilot)
    assert git(demo, "log", "-1", "--format=%s").strip() == "Activation check-in, [b]with[/b] care"


async def test_propose_on_a_branch_shows_the_description_and_prints_nothing_on_exit(demo):
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await check_in_and_review(pilot)
        await pilot.press("b")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, MessageScreen)
        branch = form.values()["branch"]
        assert branch.startswith("propose/check-in-activation-rate")
        await pilot.press("ctrl+s")
        await ready(pilot)
        shown = app.screen
        assert isinstance(shown, TextScreen)
        assert shown.text.startswith("# okrs(2026-Q4/growth): check in activation-rate")
        assert f"Proposed on `{branch}`, from `main`." in shown.text
        assert git(demo, "branch", "--show-current").strip() == branch
        assert git(demo, "log", "-1", "--format=%s", "main").strip() != shown.text
        # one key back to where the proposal came from
        await pilot.press("escape", "escape", "B")
        await ready(pilot)
        chooser = app.screen
        assert isinstance(chooser, ChooseScreen)
        assert chooser.choices[0] == ("main  (where you came from)", "main")
        await pilot.press("enter")
        await ready(pilot)
        assert git(demo, "branch", "--show-current").strip() == "main"
        assert "On main." in notifications(app)
        assert app.session.board.key_result(KR).value == 46  # main's files, read again


async def test_a_proposal_on_an_existing_branch_is_refused_and_nothing_moves(demo):
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await check_in_and_review(pilot)
        await pilot.press("b")
        await pilot.pause()
        app.screen.query_one("#branch").value = "main"
        await pilot.press("ctrl+s")
        await ready(pilot)
        assert isinstance(app.screen, ChangesScreen)
    assert git(demo, "branch", "--show-current").strip() == "main"
    assert git(demo, "status", "--porcelain").strip() == f"M {OKR}"


async def test_compare_two_revisions_picked_from_lists(demo):
    git(demo, "tag", "before-review", "HEAD~10")
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("4")
        await ready(pilot)
        assert status(app.screen) == "No changes."
        await pilot.press("R")
        await ready(pilot)
        await pilot.press(*"before-review", "enter")
        await ready(pilot)
        await pilot.press(*"main", "enter")
        await ready(pilot)
        screen = app.screen
        assert "before-review -> main" in screen.sub_title
        assert any("check-in 2026-11-16: " in line for line in texts(screen))
        await pilot.press("c")  # not uncommitted changes: nothing to commit from here
        await pilot.pause()
        assert isinstance(app.screen, ChangesScreen)
        await pilot.press("w")
        await ready(pilot)
        assert status(app.screen) == "No changes."


async def test_quarter_over_quarter_in_the_tui(demo_master):
    app = make_app(demo_master)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("4")
        await ready(pilot)
        await pilot.press("Q")
        await pilot.pause()
        await pilot.press(*"2026-Q3", "enter")
        await pilot.pause()
        await pilot.press(*"2026-Q4", "enter")
        await ready(pilot)
        lines = texts(app.screen)
        assert "Roadmap, end of 2026-Q3 → end of 2026-Q4" in lines
        assert "Growth" in lines  # team by team
        assert any(
            "Happy teams bring their friends · grade 0.67 (progress) · dropped" in x for x in lines
        )
        assert any("Pricing that explains itself: moved next -> now" in x for x in lines)
        assert any(x.startswith("Opportunity trees") for x in lines)
        assert status(app.screen) == "2026-Q3 -> 2026-Q4: 0 kept, 5 modified, 2 dropped, 2 new"


async def test_git_text_is_shown_literally(demo):
    path = demo / OKR
    path.write_text(path.read_text().replace("target = 50", "target = 52", 1))
    git(demo, "commit", "-qam", "raise \x1b[31mred[/] [bold]x[/bold]")
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await select(pilot, KR)
        await pilot.press("h")
        await ready(pilot)
        first = texts(app.screen)[0]
        assert "raise \\x1b[31mred[/] [bold]x[/bold]" in first
        assert "\x1b" not in first


async def test_comparing_two_diverged_branches_shows_the_branchs_own_changes(demo, capsys):
    """main moved on after a branch left it: ``main...branch`` compares the branch with
    where it left main, as a pull request does, and says so; ``main branch`` compares the
    two trees, in the app as on the command line (one rule, flows.compare)."""
    import json

    from okrboard.cli import main
    from tests.helpers import set_target

    git(demo, "switch", "-q", "-c", "propose/target")
    set_target(demo, "52")
    git(demo, "switch", "-q", "main")
    path = demo / "okrs/2026-Q4/core.toml"
    path.write_text(path.read_text().replace("target = 60", "target = 62", 1))
    git(demo, "commit", "-qam", "main moves on")
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        app.show_changes("main...propose/target")
        await ready(pilot)
        shown = " ".join(texts(app.screen))
        assert "target 50% -> 52%" in shown and "62" not in shown
        assert "what propose/target changed since it left main" in screen_text(app)
        app.show_changes("main", "propose/target")
        await ready(pilot)
        in_app = " ".join(texts(app.screen))
        await pilot.press("m")  # a branch's own changes, picked as a person would
        await ready(pilot)
        await pilot.press(*"propose/target", "enter")
        await ready(pilot)
        assert "what propose/target changed since it left HEAD" in screen_text(app)
        assert "(HEAD...propose/target)" in app.screen.sub_title  # not "-> working tree"
        assert "62" not in " ".join(texts(app.screen))
    assert "target 50% -> 52%" in in_app and "62" in in_app  # main's 62 is not the branch's
    assert main(["-C", str(demo), "diff", "main", "propose/target", "--format", "json"]) == 0
    cli = {c["ref"] for c in json.loads(capsys.readouterr().out)["changes"]}
    assert {
        "2026-Q4/core/habit/week4-retention",
        "2026-Q4/growth/activation/activation-rate",
    } <= cli


async def test_quarter_over_quarter_wraps_at_80_columns_and_loses_nothing(demo_master):
    """At 80x24 a long line goes on below, indented, instead of being cut: every
    objective's decision and every carried KR's new aim are on screen."""
    app = make_app(demo_master)
    async with app.run_test(size=(80, 24)) as pilot:
        app.show_changes()
        await ready(pilot)
        app.screen.quarters = ("2026-Q3", "2026-Q4")
        app.screen.refresh_changes()
        await ready(pilot)
        lines = texts(app.screen)
        assert all(len(line) <= 78 for line in lines)
        joined = " ".join(line.strip() for line in lines)
        assert (
            "Become the tool small teams refuse to give up · grade 0.72 (success) · modified"
            in joined
        )
        assert "(target 107%, from 103)" in joined


async def test_a_rejected_push_names_the_users_own_keys(tmp_path, demo_master):
    """git says what to do next (pull, then push); the app names the keys the user has
    now, remapped ones included, never keys written into the git layer."""
    from okrboard.files.load import load_board
    from okrboard.git import sync
    from tests.helpers import TODAY, clones, set_target

    _, ana, ben = clones(tmp_path, demo_master)
    set_target(ana, "60")
    sync.push(ana)
    set_target(ben, "55")  # Ben's push is now behind
    app = OkrBoardApp(load_board(ben), today=TODAY, watch_git=False,
                      config=UserConfig(keymap={"app.pull": "ctrl+l"}))  # fmt: skip
    async with app.run_test(size=(120, 40)) as pilot:
        app.action_sync("push")
        await ready(pilot)
        said = notifications(app)
        assert any("Pull, then push. Keys: ^l pull, S push." in m for m in said), said


async def test_history_at_80_columns_keeps_a_commits_id_on_its_line(demo_master):
    """Each commit's line starts with its date, author and id; a long message wraps after
    them (the id used to take a line of its own)."""
    app = make_app(demo_master)
    async with app.run_test(size=(80, 24)) as pilot:
        await select(pilot, KR)
        await pilot.press("h")
        await ready(pilot)
        lines = texts(app.screen)
        heads = [line for line in lines if re.match(r"\s*2026-\d\d-\d\d ", line)]
        assert heads and all(re.search(r"  [0-9a-f]{10}  okrs\(", line) for line in heads)
        assert not any(re.fullmatch(r"\s*[0-9a-f]{10}\s*", line) for line in lines)


async def test_the_proposal_form_fits_80x24_with_its_keys_in_view(demo):
    """Branch, subject, body and the line that says ctrl+s all on an 80x24 screen (the
    hint and the body's end were below its bottom)."""
    app = make_app(demo)
    async with app.run_test(size=(80, 24)) as pilot:
        await check_in_and_review(pilot)
        await pilot.press("b")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, MessageScreen)
        assert "ctrl+s commits · tab next field · esc cancels" in screen_text(app)


async def test_a_read_only_board_offers_no_edit_anywhere_and_says_why_once(demo_master):
    from okrboard.git.revisions import board_at
    from okrboard.tui.screens.help import HelpScreen, key_table
    from tests.helpers import TODAY

    app = OkrBoardApp(
        board_at(demo_master, "HEAD~3"),
        today=TODAY,
        config=UserConfig(),
        as_of="HEAD~3",
        watch_git=False,
    )
    writes = re.compile(r"\b(Edit|Check in|Check-in walk|Measure|New|Add|Delete|Move|Commit|Undo)")
    async with app.run_test(size=(120, 40)) as pilot:
        for view in "123456":
            await pilot.press(view)
            await ready(pilot)
            screen = app.screen
            offered = [d for _, d, _ in key_table(screen)]
            offered += [c.title for c in app.get_system_commands(screen)]
            assert not [d for d in offered if writes.match(d)], view
            assert screen.sub_title.count("read-only") == 1
        await pilot.press("1", "question_mark")
        await ready(pilot)
        assert isinstance(app.screen, HelpScreen)
        assert screen_text(app).count("as of HEAD~3, read-only") == 1
