"""Working together: status, fetch, pull and push against a local bare remote, and the
conflict state resolved in the TUI."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from textual.widgets import OptionList

from okrboard.files.load import load_board
from okrboard.files.store import SaveRefused
from okrboard.git import sync
from okrboard.tui.screens.gitline import SyncLine
from okrboard.tui.screens.resolver import ResolveScreen
from tests.compat import notifications
from tests.helpers import KR, REL, clones, git, make_app, set_target, workers_done


@pytest.fixture
def team(tmp_path, demo_master):
    return clones(tmp_path, demo_master)


def checkin(root: Path, value: str, day: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "okrboard", "checkin", KR, value, "--date", day, "--dir", str(root)],
        check=True,
        capture_output=True,
    )
    git(root, "commit", "-qam", f"check-in {value}")


# -- core ----------------------------------------------------------------------------------------


def test_status_line_follows_the_branch(team):
    _, ana, _ = team
    assert sync.status(ana).line() == "⎇ main → origin/main up to date"
    set_target(ana, "47")
    set_target(ana, "48", commit=False)
    assert sync.status(ana).line() == "⎇ main → origin/main ↑1 · 1 uncommitted"
    git(ana, "checkout", "-q", "-b", "draft")
    assert sync.status(ana).line() == "⎇ draft · not pushed yet · 1 uncommitted"


def test_not_in_git_has_no_status(sample_dir):
    assert sync.status(sample_dir) is None
    with pytest.raises(sync.SyncError, match="not in a git repository"):
        sync.pull(sample_dir)


def test_no_remote_is_a_clear_error(git_board):
    assert sync.status(git_board).line() == "⎇ main · no remote"
    for step in (sync.fetch, sync.pull, sync.push):
        with pytest.raises(sync.SyncError) as raised:
            step(git_board)
        assert raised.value.kind == "no-remote"
        assert "git remote add origin URL" in str(raised.value)


def test_fetch_pull_and_push(team):
    _, ana, ben = team
    set_target(ana, "47")
    lines: list[str] = []
    assert sync.push(ana, lines.append).message.startswith("Pushed 1 commit to origin")
    assert any("Writing objects" in line for line in lines)  # progress, as git writes it
    assert sync.fetch(ben).message == "Fetched from origin: 1 new commit to pull."
    assert sync.status(ben).behind == 1
    assert sync.pull(ben).message.startswith("Merged origin/main")
    assert load_board(ben).key_result(KR).target == 47
    assert sync.pull(ben).message == "Already up to date."
    assert sync.push(ben).message == "Nothing to push: the remote has every commit."


def test_a_rejected_push_then_diverged_branches(team):
    _, ana, ben = team
    set_target(ana, "47")
    sync.push(ana)
    checkin(ben, "36", "2026-11-16")
    with pytest.raises(sync.SyncError) as raised:
        sync.push(ben)
    assert raised.value.kind == "rejected"
    assert "Pull, then push" in str(raised.value)
    assert raised.value.then == ("pull", "push")  # the app names its own keys for these
    sync.fetch(ben)
    with pytest.raises(sync.SyncError) as raised:
        sync.push(ben)
    assert raised.value.kind == "diverged"
    assert "1 commit here, 1 there" in str(raised.value)
    assert sync.pull(ben, "rebase").message.startswith("Rebased onto origin/main")
    assert sync.push(ben).message.startswith("Pushed")
    board = load_board(ben)
    assert board.key_result(KR).target == 47 and board.key_result(KR).current == 36


@pytest.mark.parametrize("folder", ["team", "pytest-403"])
def test_pull_refuses_to_overwrite_uncommitted_edits(tmp_path, demo_master, folder):
    """Said as local changes wherever the clones live: a "403" in the remote's path is not
    a sign-in failure (it failed so when pytest's folder was pytest-403)."""
    (tmp_path / folder).mkdir()
    _, ana, ben = clones(tmp_path / folder, demo_master)
    set_target(ana, "47")
    sync.push(ana)
    set_target(ben, "44", commit=False)
    with pytest.raises(sync.SyncError) as raised:
        sync.pull(ben)
    assert raised.value.kind == "local-changes"
    assert "target = 44" in (ben / REL).read_text()  # nothing lost


def test_unreachable_remote_and_auth_failure(team, tmp_path):
    _, ana, _ = team
    git(ana, "remote", "set-url", "origin", "https://127.0.0.1:9/board.git")
    with pytest.raises(sync.SyncError) as raised:
        sync.fetch(ana)
    assert raised.value.kind == "network"
    # An https remote that asks for a password: git may not prompt, so it fails at once.
    done = subprocess.CompletedProcess(
        [],
        128,
        "",
        "fatal: could not read Username for 'https://example.com': terminal prompts disabled\n",
    )
    with pytest.raises(sync.SyncError) as raised:
        sync._check(done, "push")
    assert raised.value.kind == "auth"
    assert "could not sign in" in str(raised.value)


def test_pull_mode_comes_from_config_then_git(git_board):
    assert sync.pull_mode(git_board, None) == "merge"
    git(git_board, "config", "pull.rebase", "true")
    assert sync.pull_mode(git_board, None) == "rebase"
    assert sync.pull_mode(git_board, "merge") == "merge"


def rename_owner(board):
    board.key_result(KR).owner = "Someone Else"
    return board.okrs[("2026-Q4", "growth")]


# -- the TUI -------------------------------------------------------------------------------------


async def wait_sync(app, pilot) -> None:
    await workers_done(app)
    await pilot.pause()
    await workers_done(app)
    await pilot.pause()


async def test_pull_in_the_tui_reloads_and_keeps_the_selection(team):
    from okrboard.tui.screens.okrs import OkrScreen

    _, ana, ben = team
    app = make_app(ben)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, OkrScreen)
        screen.select_ref(KR)
        await wait_sync(app, pilot)
        line = screen.query_one(SyncLine)
        assert str(line.render()) == "⎇ main → origin/main up to date"
        set_target(ana, "47")
        sync.push(ana)
        await pilot.press("P")
        await wait_sync(app, pilot)
        assert app.session.board.key_result(KR).target == 47  # reloaded
        assert screen.selected_item()[0] == KR  # still selected
        assert str(line.render()) == "⎇ main → origin/main up to date"


async def test_a_rejected_push_in_the_tui_says_why(team):
    _, ana, ben = team
    set_target(ana, "47")
    sync.push(ana)
    checkin(ben, "36", "2026-11-16")
    app = make_app(ben)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_sync(app, pilot)
        await pilot.press("S")
        await wait_sync(app, pilot)
        messages = notifications(app)
        assert any("Push rejected" in m for m in messages)
        assert git(ben, "rev-list", "--count", "origin/main..main").strip() == "1"


async def test_a_conflict_pulled_is_resolved_in_the_tui(team):
    _, ana, ben = team
    set_target(ana, "47")
    sync.push(ana)
    set_target(ben, "49")
    app = make_app(ben)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_sync(app, pilot)
        await pilot.press("P")
        await wait_sync(app, pilot)
        resolver = app.screen
        assert isinstance(resolver, ResolveScreen)  # opened by the pull
        assert app.session.locked == {REL: "in conflict in git: read-only until resolved (M)"}
        with pytest.raises(SaveRefused, match="in conflict in git"):  # read-only meanwhile
            app.session.edit(lambda board: rename_owner(board), "owner")
        [conflict] = resolver.state.recorded
        assert (conflict.ours, conflict.theirs) == (49, 47)
        # named as a PM knows it, not by its key path
        shown = str(resolver.query_one(OptionList).get_option_at_index(0).prompt)
        assert "key result “Increase activation rate from 41% to 50%” · Target" in shown
        data = tomllib.loads((ben / REL).read_text())  # valid TOML while in conflict
        assert data["conflicts"][0]["theirs"] == 47
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert "“Increase activation rate from 41% to 50%” · Target" in form.form_title
        form.query_one("#field-value").value = "48"
        await pilot.pause()
        await pilot.press("enter")
        await wait_sync(app, pilot)
        assert git(ben, "diff", "--name-only", "--diff-filter=U").strip() == ""  # git add-ed
        assert isinstance(app.screen, ResolveScreen)
        await pilot.press("f")
        await wait_sync(app, pilot)
        assert not isinstance(app.screen, ResolveScreen)
        assert app.session.locked == {}
    text = (ben / REL).read_text()
    assert "[[conflicts]]" not in text
    assert load_board(ben).key_result(KR).target == 48
    assert git(ben, "log", "-1", "--format=%P").count(" ") == 1  # a merge commit
    assert git(ben, "status", "--porcelain", "--", REL) == ""


async def test_a_file_with_conflict_markers_is_merged_again_by_item(team):
    _, ana, ben = team
    set_target(ana, "47")
    sync.push(ana)
    set_target(ben, "49")
    git(ben, "config", "--remove-section", "merge.okrboard")  # plain git: markers
    subprocess.run(["git", "pull", "-q", "--no-rebase"], cwd=ben, capture_output=True)
    before = (ben / REL).read_bytes()
    assert b"<<<<<<<" in before
    app = make_app(ben)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_sync(app, pilot)
        banner = str(app.screen.query_one("ConflictBanner").render())
        assert banner.startswith("⚠ Merge in progress: conflicts in okrs/2026-Q4/growth.toml")
        await pilot.press("M")
        await pilot.pause()
        resolver = app.screen
        assert resolver.rows == [("file", REL)]
        await pilot.press("m")  # merge it again, by item: the target conflicts
        await wait_sync(app, pilot)
        assert [c.path[-1] for c in app.conflict_state.recorded] == ["target"]
        await pilot.press("o")
        await wait_sync(app, pilot)
        await pilot.press("f")
        await wait_sync(app, pilot)
    assert load_board(ben).key_result(KR).target == 49
    assert git(ben, "status", "--porcelain", "--", REL) == ""


def test_local_branches_the_one_before_and_switching(git_board):
    from okrboard.git import branches
    from okrboard.git.runner import GitError

    git(git_board, "switch", "-q", "-c", "propose/lower-target")
    assert branches.local_branches(git_board)[0] in ("main", "propose/lower-target")
    assert set(branches.local_branches(git_board)) == {"main", "propose/lower-target"}
    assert branches.previous(git_board) == "main"
    branches.switch(git_board, "main")
    assert git(git_board, "branch", "--show-current").strip() == "main"
    with pytest.raises(GitError, match="no local branch"):
        branches.switch(git_board, "--orphan")
