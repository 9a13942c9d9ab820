"""`okrboard diff` and boards read at a revision, on real git repositories."""

from __future__ import annotations

import datetime as dt
import json
import shutil

import pytest

from okrboard.cli import main
from okrboard.git.revisions import GitError, board_at, files_at
from tests.helpers import SAMPLE, git

OKR = "okrs/2026-Q4/growth.toml"
KR = "2026-Q4/growth/activation/activation-rate"


def edit_target(root, old="target = 50", new="target = 52"):
    path = root / OKR
    path.write_text(path.read_text().replace(old, new, 1))


def test_uncommitted_changes(git_board, capsys):
    edit_target(git_board)
    assert main(["diff", "--dir", str(git_board)]) == 0
    captured = capsys.readouterr()
    title, target, progress = captured.out.splitlines()
    assert (title, target) == (
        f"Increase activation rate from 41% to 50% ({KR})",
        "  target 50% -> 52%",
    )
    assert progress.startswith("  progress 56% -> 45%")  # and the status, as of the two days
    assert "1 change (HEAD..working tree)."  # the target; progress follows in captured.err


def test_between_two_revisions_and_formats(git_board, capsys):
    edit_target(git_board)
    git(git_board, "commit", "-qam", "raise the target")
    assert main(["diff", "HEAD~1", "HEAD", "--dir", str(git_board), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    first = data["changes"][0]
    assert (first["ref"], first["field"], first["old"], first["new"]) == (
        KR,
        "target",
        50,
        52,
    )
    assert data["changes"][1]["kind"] == "progress"
    assert [c["subject"] for c in data["commits"]] == ["raise the target"]
    assert main(["diff", "HEAD~1", "--dir", str(git_board), "--format", "markdown"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("## Changes HEAD~1..working tree")
    assert "  - target 50% -> 52%" in out
    assert main(["diff", "HEAD", "HEAD", "--dir", str(git_board)]) == 0
    assert capsys.readouterr().out == ""


def test_a_detached_head_and_the_cache(git_board):
    edit_target(git_board)
    git(git_board, "commit", "-qam", "raise the target")
    git(git_board, "checkout", "-q", "--detach", "HEAD~1")
    assert board_at(git_board, "HEAD").key_result(KR).target == 50
    assert board_at(git_board, "main").key_result(KR).target == 52
    assert files_at(git_board, "main")[OKR] is files_at(git_board, "main")[OKR]  # cached


@pytest.mark.parametrize(
    ("setup", "words"),
    [
        ("bad-rev", "no revision 'nope'"),
        ("no-commits", "no commits yet"),
        ("no-repo", "not in a git"),
    ],
)
def test_clear_errors(tmp_path, capsys, setup, words):
    root = tmp_path / "board"
    shutil.copytree(SAMPLE, root)
    if setup != "no-repo":
        git(root, "init", "-q")
    if setup == "bad-rev":
        git(root, "add", "-A")
        git(root, "commit", "-qm", "sample")
    rev = ["nope"] if setup == "bad-rev" else []
    assert main(["diff", *rev, "--dir", str(root)]) == 2
    assert words in capsys.readouterr().err
    with pytest.raises(GitError):
        board_at(root, "nope")


@pytest.mark.parametrize("rev", ["--output=written.txt", "-p", "", "HEAD\0x"])
def test_a_revision_is_never_read_as_an_option_to_git(git_board, rev):
    with pytest.raises(GitError, match="no revision"):
        board_at(git_board, rev)
    assert not (git_board / "written.txt").exists()


def test_a_board_in_a_subfolder_of_a_larger_repository(tmp_path):
    repo = tmp_path / "company"
    shutil.copytree(SAMPLE, repo / "planning" / "board")
    (repo / "README.md").write_text("other things\n")
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "all")
    board = board_at(repo / "planning" / "board", "HEAD")
    assert board.problems == [] and board.key_result(KR).target == 50
    assert set(files_at(repo / "planning" / "board", "HEAD")) >= {"board.toml", OKR}


async def test_time_travel_is_read_only(git_board):
    from okrboard.tui.app import OkrBoardApp
    from okrboard.tui.config import UserConfig
    from okrboard.tui.screens.okrs import OkrScreen
    from tests.helpers import TODAY

    edit_target(git_board)
    git(git_board, "commit", "-qam", "raise the target")
    before = (git_board / OKR).read_bytes()
    app = OkrBoardApp(
        board_at(git_board, "HEAD~1"), today=TODAY, config=UserConfig(), as_of="HEAD~1"
    )
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, OkrScreen)
        assert screen.sub_title.endswith("as of HEAD~1, read-only")
        assert app.session.board.key_result(KR).target == 50  # as it was
        index = [r.ref for r in screen.rows].index(KR)
        screen.query_one("#okr-table").cursor = index
        await pilot.pause()
        actions = {b.binding.action for b in screen.active_bindings.values()}
        assert "checkin" not in actions and "undo" not in actions  # not offered at all
        assert "history" in actions  # reading still is
        await pilot.press("c", "u", "enter", "d")
        await pilot.pause()
        assert isinstance(app.screen, OkrScreen)  # no form, no question
        assert app.session.changed_on_disk() == []
    assert (git_board / OKR).read_bytes() == before
    assert git(git_board, "status", "--porcelain") == ""


def test_open_at_a_bad_revision_is_a_clear_message(git_board, capsys):
    assert main(["--at", "nope", str(git_board)]) == 2
    assert "no revision 'nope'" in capsys.readouterr().err


def test_a_date_names_the_last_commit_on_or_before_it(git_board):
    env = {"GIT_COMMITTER_DATE": "2026-10-20T12:00:00", "GIT_AUTHOR_DATE": "2026-10-20T12:00:00"}
    edit_target(git_board)
    git(git_board, "add", "-A")
    subprocess_git_commit(git_board, "raise the target", env)
    sample_day = git(git_board, "log", "-1", "--format=%cs", "HEAD~1").strip()
    assert board_at(git_board, "2026-10-20").key_result(KR).target == 52
    assert board_at(git_board, "2026-10-21").key_result(KR).target == 52
    if sample_day < "2026-10-20":  # the sample's commit is from the machine's clock
        assert board_at(git_board, "2026-10-19").key_result(KR).target == 50
    with pytest.raises(GitError, match="no commit on or before 1999-01-01"):
        board_at(git_board, "1999-01-01")


def subprocess_git_commit(root, message, env):
    import os
    import subprocess

    subprocess.run(
        ["git", "-c", "user.name=T", "-c", "user.email=t@e", "commit", "-qm", message],
        cwd=root,
        check=True,
        env={**os.environ, **env},
    )


def test_revisions_to_pick_from(git_board):
    from okrboard.git.revisions import branch, revisions

    git(git_board, "tag", "2026-Q4-start")
    edit_target(git_board)
    git(git_board, "commit", "-qam", "raise the target")
    git(git_board, "branch", "proposal")
    found = [(r.kind, r.rev if r.kind != "commit" else r.summary) for r in revisions(git_board)]
    assert found == [
        ("branch", "main"),
        ("branch", "proposal"),
        ("tag", "2026-Q4-start"),
        ("commit", "raise the target"),
        ("commit", "sample"),
    ]
    assert branch(git_board) == "main"
    git(git_board, "checkout", "-q", "--detach", "HEAD~1")
    assert branch(git_board).startswith("detached at ")


def test_a_pull_request_shows_only_what_its_branch_changed(git_board, capsys):
    """main moves on while a branch is open: main...branch is the branch's changes since
    it left main (the merge base); main..branch compares the two trees, as git does."""
    from tests.helpers import set_target

    git(git_board, "switch", "-q", "-c", "propose/target")
    set_target(git_board, "52")  # the branch's one change
    git(git_board, "switch", "-q", "main")
    path = git_board / "okrs/2026-Q4/core.toml"
    path.write_text(path.read_text().replace("target = 60", "target = 62", 1))
    git(git_board, "commit", "-qam", "main moves on")

    assert main(["diff", "main...propose/target", "--dir", str(git_board),
                 "--format", "markdown"]) == 0  # fmt: skip
    out = capsys.readouterr()
    assert "activation-rate" in out.out and "45% -> 52%" not in out.out
    assert "target 50% -> 52%" in out.out
    sha = git(git_board, "rev-parse", "propose/target").strip()[:10]
    assert out.out.endswith(f"### Commits\n\n- `{sha}` target 52 (Test, {dt.date.today()})\n")
    assert "core" not in out.out.split("Compared")[-1].split("\n", 2)[-1]  # main's change
    merge_base = git(git_board, "merge-base", "main", "propose/target").strip()[:10]
    assert f"since it left `main` (merge base `{merge_base}`)" in out.out

    assert main(["diff", "main..propose/target", "--dir", str(git_board)]) == 0
    trees = capsys.readouterr()
    assert "target 50% -> 52%" in trees.out and "target 62" in trees.out  # both trees, as git
    assert "(main..propose/target)" in trees.err

    assert main(["diff", "main..", "--dir", str(git_board)]) == 0  # A.. is A..HEAD
    assert main(["diff", "main...nowhere", "--dir", str(git_board)]) == 2
    assert "no revision 'nowhere'" in capsys.readouterr().err


def test_at_a_quarter_is_the_board_at_its_last_day(demo_master, capsys):
    """--at 2026-Q3 as the app's "end of 2026-Q3": the last commit on or before 2026-09-30,
    judged as of that day."""
    from okrboard.git.revisions import commit_of, revision_day

    assert commit_of(demo_master, "2026-Q3") == commit_of(demo_master, "2026-09-30")
    assert str(revision_day(demo_master, "2026-Q3")) == "2026-09-30"
    assert main(["lint", str(demo_master), "--at", "2026-Q3", "--fail-on", "never"]) == 0
    capsys.readouterr()
    assert main(["report", "2026-Q3", "--dir", str(demo_master), "--at", "2026-Q3",
                 "--format", "json"]) == 0  # fmt: skip
    assert json.loads(capsys.readouterr().out)["as_of"] == "2026-09-30"
