"""The board in every state git can leave it in: the app opens, edits save, the status
line and a commit say where things stand, and nothing git holds is lost."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from okrboard.git import commit
from okrboard.git.revisions import GitError
from okrboard.tui.screens.changes import ChangesScreen
from okrboard.widgets.rowlist import RowList
from tests.helpers import git, make_app, screen_text, workers_done

KR = "2026-Q4/growth/activation/activation-rate"
OKR = "okrs/2026-Q4/growth.toml"
ROADMAP = "roadmaps/growth.toml"


def committed(root: Path) -> Path:
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "sample")
    return root


def in_conflict(root: Path, how: str) -> Path:
    """A merge or rebase stopped on a conflict in the roadmap."""
    committed(root)
    path = root / ROADMAP
    text = path.read_text()
    git(root, "checkout", "-q", "-b", "other")
    path.write_text(text.replace("rank = 10", "rank = 11", 1))
    git(root, "commit", "-q", "-am", "theirs")
    git(root, "checkout", "-q", "main")
    path.write_text(text.replace("rank = 10", "rank = 12", 1))
    git(root, "commit", "-q", "-am", "ours")
    command = ["merge", "other"] if how == "merge" else ["rebase", "other"]
    done = subprocess.run(
        ["git", "-c", "user.name=T", "-c", "user.email=t@x", *command],
        cwd=root,
        capture_output=True,
    )
    assert done.returncode != 0  # stopped on the conflict
    return root


def state(name: str, sample_dir: Path, tmp_path: Path, monkeypatch) -> Path:
    if name == "not a repository":
        return sample_dir
    if name == "no commits":
        git(sample_dir, "init", "-q", "-b", "main")
        return sample_dir
    if name == "detached HEAD":
        git(committed(sample_dir), "checkout", "-q", "--detach")
        return sample_dir
    if name in ("merge", "rebase"):
        return in_conflict(sample_dir, name)
    if name == "index.lock":
        (committed(sample_dir) / ".git" / "index.lock").write_text("")
        return sample_dir
    if name == "no git on PATH":
        committed(sample_dir)
        monkeypatch.setenv("PATH", str(tmp_path / "empty"))
        return sample_dir
    assert name == "board in a sub-folder"
    outer = tmp_path / "company"
    (outer / "plans").mkdir(parents=True)
    sample_dir.rename(outer / "plans" / "board")
    (outer / "README.md").write_text("the rest of the company's repository\n")
    committed(outer)
    (outer / "README.md").write_text("an edit of somebody else's, not the board's\n")
    return outer / "plans" / "board"


# state -> (the status line, or None when hidden; what a commit of an edit gives)
STATES = {
    "not a repository": (None, "is not in a git repository"),
    "no commits": ("⎇ main · no remote", None),
    "detached HEAD": ("⎇ detached HEAD", None),
    "merge": ("merge in progress", "a merge is in progress, so nothing was committed"),
    "rebase": ("rebase in progress", "a rebase is in progress, so nothing was committed"),
    "index.lock": ("⎇ main", "index.lock': File exists"),
    "no git on PATH": (None, "git was not found on PATH"),
    "board in a sub-folder": ("⎇ main · no remote", None),
}


# What the changes view says where git cannot help.
SAID = {"not a repository": "is not in a git repository", "no git on PATH": "install git"}


def unmerged(root: Path) -> str:
    return subprocess.run(
        ["git", "ls-files", "-u"], cwd=root, capture_output=True, text=True
    ).stdout


@pytest.mark.parametrize("name", STATES)
def test_a_commit_says_where_things_stand_and_loses_nothing(
    name, sample_dir, tmp_path, monkeypatch
):
    root = state(name, sample_dir, tmp_path, monkeypatch)
    expected = STATES[name][1]
    path = root / OKR
    path.write_text(path.read_text().replace("current = 46", "current = 47"))
    files = {p: p.read_bytes() for p in root.rglob("*.toml")}
    conflicts = unmerged(root) if name in ("merge", "rebase") else ""
    if expected is None:
        commit.commit_board(root, "okrs: check in")
        assert "current = 47" in git(root, "show", f"HEAD:./{OKR}")
        assert not git(root, "status", "--porcelain", "--", "*.toml")
    else:
        with pytest.raises(GitError, match=expected.replace(".", r"\.")):
            commit.commit_board(root, "okrs: check in")
    assert {p: p.read_bytes() for p in root.rglob("*.toml")} == files
    if conflicts:
        assert conflicts and unmerged(root) == conflicts  # still in conflict for git
    if name == "board in a sub-folder":
        assert "somebody else's" in (root.parent.parent / "README.md").read_text()
        assert "README.md" in git(root, "status", "--porcelain")  # not committed with it
    if name == "index.lock":
        assert (root / ".git" / "index.lock").exists()  # git's to remove, or the user's


@pytest.mark.parametrize("name", STATES)
async def test_the_app_opens_saves_and_shows_the_changes(name, sample_dir, tmp_path, monkeypatch):
    root = state(name, sample_dir, tmp_path, monkeypatch)
    others = {p: p.read_bytes() for p in root.rglob("*.toml") if not p.match(f"*/{OKR}")}
    line = STATES[name][0]
    app = make_app(root)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        await workers_done(app)
        await pilot.pause()
        shown = str(screen.query_one("SyncLine").content) if app.git_status else None
        if line is None:
            assert shown is None
        else:
            assert line in shown
        if name in ("merge", "rebase"):
            assert ROADMAP in app.session.locked  # read-only until resolved
        screen.query_one(RowList).cursor = [row.ref for row in screen.rows].index(KR)
        await pilot.pause(0.3)
        await pilot.press("c", "4", "7", "enter")
        await pilot.pause()
        assert "value = 47" in (root / OKR).read_text()
        await pilot.press("4")
        await workers_done(app)
        await pilot.pause()
        assert isinstance(app.screen, ChangesScreen)
        if name in SAID:
            assert SAID[name] in screen_text(app)
        assert app.is_running
    assert {p: p.read_bytes() for p in others} == others
