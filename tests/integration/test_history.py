"""Item history from git: on the demo's history and on scripted ones."""

from __future__ import annotations

import json

import pytest

from okrboard.cli import main
from okrboard.domain import semdiff
from okrboard.files.load import load_files
from okrboard.git import history
from okrboard.git.revisions import GitError
from tests.helpers import git

TRIAL = "2026-Q4/growth/trial-value/trial-to-paid"
KR = "2026-Q4/growth/activation/activation-rate"
OKR = "okrs/2026-Q4/growth.toml"


def test_who_moved_the_target_and_when(demo_master):
    entries = history.history(demo_master, TRIAL)
    moved = [e for e in entries if e.moved_target]
    assert len(moved) == 1
    entry = moved[0]
    assert (entry.author, entry.date.date().isoformat()) == ("Maya Chen", "2026-10-20")
    assert [(c.field, c.old, c.new) for c in entry.changes if c.field == "target"] == [
        ("target", 15, 14)
    ]
    assert entries[-1].changes[0].kind == "added"  # the first entry: the KR was drafted
    dates = [e.date for e in entries]
    assert dates == sorted(dates, reverse=True)


def test_card_and_node_history(demo_master):
    card = history.history(demo_master, "roadmap/growth/pricing-clarity")
    assert [semdiff.describe(c) for c in card[0].changes] == ["moved next -> now"]
    node = history.history(demo_master, "tree/activation/template-click-test")
    assert any(c.field == "result" and c.new == "supported" for e in node for c in e.changes)


def test_log_command_formats(demo_master, capsys):
    assert main(["log", TRIAL, "--dir", str(demo_master)]) == 0
    out = capsys.readouterr()
    assert "[moved target]" in out.out and "commits changed" in out.err
    assert main(["log", TRIAL, "--dir", str(demo_master), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert sum(e["moved_target"] for e in data["commits"]) == 1
    assert main(["log", TRIAL, "--dir", str(demo_master), "--format", "markdown"]) == 0
    assert capsys.readouterr().out.startswith(f"## History of `{TRIAL}`")
    assert main(["log", "not-a-ref", "--dir", str(demo_master)]) == 1  # no such item


def test_deleted_and_renamed_items_and_a_merge(git_board):
    path = git_board / OKR
    # a rename of an id is a removal and an addition: each id keeps its own history
    path.write_text(
        path.read_text().replace("key_results.activation-rate]", "key_results.activation]")
    )
    git(git_board, "commit", "-qam", "rename the KR id")
    renamed = "2026-Q4/growth/activation/activation"
    assert [c.kind for c in history.history(git_board, KR)[0].changes] == ["removed"]
    assert [c.kind for c in history.history(git_board, renamed)[0].changes] == ["added"]
    # a change made on a branch and merged shows up once on each side of the merge
    git(git_board, "checkout", "-qb", "proposal")
    path.write_text(path.read_text().replace("target = 50", "target = 55", 1))
    git(git_board, "commit", "-qam", "raise the target")
    git(git_board, "checkout", "-q", "main")
    (git_board / "README.md").write_text("notes\n")
    git(git_board, "add", "README.md")
    git(git_board, "commit", "-qm", "notes")
    git(git_board, "merge", "-q", "--no-ff", "-m", "merge the proposal", "proposal")
    entries = history.history(git_board, renamed)
    messages = [e.message for e in entries]
    assert "raise the target" in messages
    assert all(e.changes for e in entries)
    # detached HEAD: history as of the checked-out commit
    git(git_board, "checkout", "-q", "--detach", "HEAD~1")
    assert "raise the target" not in [e.message for e in history.history(git_board, renamed)]


def test_no_commits(tmp_path):
    git(tmp_path, "init", "-q")
    (tmp_path / "board.toml").write_text('[board]\nname = "x"\ncurrent_quarter = "2026-Q3"\n')
    with pytest.raises(GitError, match="no commits"):
        history.history(tmp_path, KR)


def test_the_board_log_lists_every_commit_with_its_changes(demo_master, capsys):
    entries = history.board_log(demo_master)
    assert len(entries) == int(git(demo_master, "rev-list", "--count", "HEAD"))
    first = entries[-1]  # the first commit: every field of board.toml is new
    assert first.changes and all(c.old is None for c in first.changes)
    moved = next(e for e in entries if e.date.date().isoformat() == "2026-10-20")
    assert any(c.ref == TRIAL and c.field == "target" for c in moved.changes)
    # each commit of the demo changes the plan, but the one that adds the metrics database
    assert all(e.changes for e in entries if not e.message.startswith("metrics:"))
    assert main(["log", "-n", "3", "--dir", str(demo_master)]) == 0
    out = capsys.readouterr()
    assert "3 commits changed the board." in out.err
    assert out.out.count("\n    ") >= 3  # each commit's changes, indented under it


def test_the_board_log_of_a_board_in_a_sub_folder(tmp_path, sample_dir):
    git(tmp_path, "init", "-q", "-b", "main")
    (tmp_path / "other.toml").write_text("x = 1\n")
    sample_dir.rename(tmp_path / "plans")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-qm", "start")
    (tmp_path / "other.toml").write_text("x = 2\n")
    git(tmp_path, "commit", "-qam", "not the board")
    entries = history.board_log(tmp_path / "plans")
    assert [e.message for e in entries] == ["start"]
    assert any(c.ref == KR and c.kind == "added" for c in entries[0].changes)


def test_the_fast_walk_matches_a_board_by_board_walk(tmp_path):
    """The oracle: every commit's whole board at it and at its parent, diffed. The fast walk
    (one git log, the item's file only, parsing skipped where the item is unchanged) must
    give exactly the same entries. The history is the benchmark's, at a small size."""
    from bench.history import KR as BENCH_KR
    from bench.history import build
    from okrboard.git.revisions import board_at

    build(tmp_path, commits=120, teams=2)
    expected = []
    for sha in git(tmp_path, "rev-list", "HEAD").split():
        parent = git(tmp_path, "rev-list", "--parents", "-n", "1", sha).split()[1:]
        old = board_at(tmp_path, parent[0]) if parent else load_files(tmp_path, {})
        new = board_at(tmp_path, sha)
        changes = [c for c in semdiff.diff(old, new) if c.ref == BENCH_KR]
        if changes:
            expected.append((sha[:10], changes))
    found = [(e.commit, e.changes) for e in history.history(tmp_path, BENCH_KR)]
    assert len(expected) > 5
    assert found == expected


def test_the_fast_walk_matches_on_the_demo_for_every_kind_of_item(demo_master):
    from okrboard.git.revisions import board_at

    refs = [
        TRIAL,
        "2026-Q4/growth/trial-value",  # an objective: its key results' changes too
        "roadmap/growth/pricing-clarity",
        "tree/activation/template-click-test",
        "tree/retention/digest",
    ]
    expected: dict[str, list] = {ref: [] for ref in refs}
    shas = git(demo_master, "rev-list", "HEAD").split()
    boards = {sha: board_at(demo_master, sha) for sha in shas}
    for sha, parent in zip(shas, [*shas[1:], None], strict=True):
        old = boards[parent] if parent else load_files(demo_master, {})
        diff = semdiff.diff(old, boards[sha])
        for ref in refs:
            if changes := [c for c in diff if c.ref == ref or c.ref.startswith(ref + "/")]:
                expected[ref].append((sha[:10], changes))
    for ref in refs:
        assert [(e.commit, e.changes) for e in history.history(demo_master, ref)] == expected[
            ref
        ], ref
