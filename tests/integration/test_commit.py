"""Commits and proposals from the TUI's core: messages written from the semantic diff,
committed to real temporary repositories."""

from __future__ import annotations

import pytest

from okrboard.domain import semdiff
from okrboard.files.load import load_board
from okrboard.git import commit
from okrboard.git.revisions import GitError, board_at
from tests.helpers import git

OKR = "okrs/2026-Q4/growth.toml"


@pytest.fixture(autouse=True)
def no_user_git_config(tmp_path_factory, monkeypatch):
    """git sees no system config and a global one with only a test user: the machine's
    identity must not leak in (no user at all: tests/hostile/test_odd_input.py)."""
    home = tmp_path_factory.mktemp("home")
    (home / "gitconfig").write_text("[user]\n\tname = Test\n\temail = test@example.com\n")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(home / "gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")


def edit(root, old: str, new: str, rel: str = OKR) -> None:
    path = root / rel
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def changes_of(root):
    new = load_board(root)
    return semdiff.diff(board_at(root, "HEAD"), new), commit.units_of(new)


def test_a_target_change_is_written_as_a_person_would(git_board):
    edit(git_board, "target = 50", "target = 55")
    changes, units = changes_of(git_board)
    subject, body = commit.message(changes, units)
    assert subject == "okrs(2026-Q4/growth): raise activation-rate target 50% -> 55%"
    assert body.splitlines() == [
        "- 2026-Q4/growth/activation/activation-rate: target 50% -> 55%",
        "- 2026-Q4/growth/activation/activation-rate: progress 56% -> 36%",
    ]


@pytest.mark.parametrize(
    ("old", "new", "rel", "subject"),
    [
        ("target = 50", "target = 40", OKR, "okrs(2026-Q4/growth): lower activation-rate target"),
        ('horizon = "next"', 'horizon = "later"', "roadmaps/growth.toml", "roadmap(growth): move"),
        ("confidence = 6\n", "confidence = 3\n", OKR, "set activation-rate confidence 6 -> 3"),
    ],
)
def test_subjects_name_the_area_and_the_change(git_board, old, new, rel, subject):
    edit(git_board, old, new, rel)
    changes, units = changes_of(git_board)
    assert subject in commit.message(changes, units)[0]


def test_many_changes_across_files(git_board):
    edit(git_board, "target = 50", "target = 55")
    edit(git_board, 'horizon = "next"', 'horizon = "later"', "roadmaps/growth.toml")
    changes, units = changes_of(git_board)
    subject, body = commit.message(changes, units)
    assert subject.startswith("board: raise activation-rate target 50% -> 55%, and 1 more change")
    assert len(body.splitlines()) == 3  # the target, its progress, the card
    assert len(commit.message(changes * 20, units)[0]) <= commit.SUBJECT_WIDTH


def test_a_long_subject_is_a_whole_sentence_not_cut(git_board):
    """Too long with its values, a subject drops them (they are in the body) rather than
    being stored cut with a literal "…" ("…3.3 $M -> 3.2 $M, an…")."""
    edit(git_board, "target = 3.3", "target = 3.2", "okrs/2026-Q4/company.toml")
    edit(git_board, "target = 14", "target = 13.5", "okrs/2026-Q4/company.toml")
    changes, units = changes_of(git_board)
    long = [c for c in changes if c.kind != "progress"] * 3
    subject, _ = commit.message(long, units)
    assert "…" not in subject and len(subject) <= commit.SUBJECT_WIDTH
    assert subject == "okrs(2026-Q4/company): lower self-serve-arr target, and 5 more changes"


def test_commit_takes_the_board_and_nothing_else_staged(git_board):
    (git_board / "notes.txt").write_text("mine\n")
    git(git_board, "add", "notes.txt")  # staged by the user, not part of the commit
    edit(git_board, "target = 50", "target = 55")
    (git_board / "trees" / "activation.toml").unlink()  # deletions are committed too
    sha = commit.commit_board(git_board, "okrs: raise the target\n\nbecause\n")
    assert git(git_board, "log", "-1", "--format=%h %an %s").split() == [
        sha[:7],
        "Test",  # git's user (tests/conftest.py); without one, nothing is committed
        "okrs:",
        "raise",
        "the",
        "target",
    ]
    shown = git(git_board, "show", "--name-status", "--format=", "HEAD").split()
    assert shown == ["M", OKR, "D", "trees/activation.toml"]
    assert git(git_board, "status", "--porcelain").strip() == "A  notes.txt"  # still staged
    with pytest.raises(GitError, match="nothing to commit"):
        commit.commit_board(git_board, "again")
    with pytest.raises(GitError, match="empty"):
        commit.commit_board(git_board, "  \n")


def test_the_configured_identity_is_used(git_board):
    git(git_board, "config", "user.name", "Maya Chen")
    git(git_board, "config", "user.email", "maya@example.com")
    edit(git_board, "target = 50", "target = 55")
    commit.commit_board(git_board, "raise")
    assert (
        git(git_board, "log", "-1", "--format=%an <%ae>").strip() == "Maya Chen <maya@example.com>"
    )


def test_a_board_in_a_sub_folder_commits_only_its_folder(tmp_path, sample_dir):
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    (repo / "other.txt").write_text("a\n")
    sample_dir.rename(repo / "plans")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "start")
    (repo / "other.txt").write_text("b\n")  # a change outside the board stays uncommitted
    edit(repo / "plans", "target = 50", "target = 55")
    commit.commit_board(repo / "plans", "raise")
    assert git(repo, "status", "--porcelain").strip() == "M other.txt"


def test_propose_commits_on_a_new_branch_and_describes_it(git_board):
    edit(git_board, "target = 50", "target = 55")
    changes, units = changes_of(git_board)
    subject, body = commit.message(changes, units)
    branch = commit.default_branch(subject)
    assert branch == "propose/raise-activation-rate-target-50-55"
    text = commit.propose(git_board, branch, commit.full_message(subject, body), changes)
    assert text.startswith(f"# {subject}\n\nProposed on `{branch}`, from `main`.\n\n## What")
    assert "- **Increase activation rate from 41% to 50%**" in text
    assert git(git_board, "branch", "--show-current").strip() == branch
    assert git(git_board, "log", "-1", "--format=%s").strip() == subject
    assert git(git_board, "log", "-1", "--format=%s", "main").strip() == "sample"
    assert git(git_board, "status", "--porcelain") == ""


@pytest.mark.parametrize(("branch", "error"), [("main", "exists"), ("bad..name", "not a valid")])
def test_a_bad_proposal_branch_changes_nothing(git_board, branch, error):
    edit(git_board, "target = 50", "target = 55")
    changes, _ = changes_of(git_board)
    with pytest.raises(GitError, match=error):
        commit.propose(git_board, branch, "raise", changes)
    assert git(git_board, "branch", "--show-current").strip() == "main"
    assert git(git_board, "status", "--porcelain").strip() == f"M {OKR}"


def test_a_failed_proposal_commit_leaves_the_changes_where_they_were(git_board):
    changes, _ = changes_of(git_board)  # nothing changed: the commit fails
    with pytest.raises(GitError, match="nothing to commit"):
        commit.propose(git_board, "propose/x", "raise", changes)
    assert git(git_board, "branch", "--list").split() == ["*", "main"]


def test_a_check_in_says_it_all(git_board):
    edit(git_board, "current = 46\n", "current = 48\n")
    last = '    { date = 2026-11-16, value = 46, confidence = 6, note = "Onboarding checklist '
    edit(git_board, last, "    { date = 2026-11-23, value = 48, confidence = 6 },\n" + last)
    changes, units = changes_of(git_board)
    assert [c.kind for c in changes] == ["checkin", "progress"]  # current: the check-in's
    assert commit.message(changes, units)[0] == (
        "okrs(2026-Q4/growth): check in activation-rate: 48%"
    )
