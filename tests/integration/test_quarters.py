"""Quarter over quarter, on the demo board and its history."""

from __future__ import annotations

import json

from okrboard.cli import main
from okrboard.files.load import load_board
from okrboard.reports import quarters
from tests.helpers import SAMPLE


def test_kept_dropped_added_through_lineage():
    board = load_board(SAMPLE)
    result = quarters.compare(board, "2026-Q3", "2026-Q4")
    assert ("2026-Q3/growth/activation", "2026-Q4/growth/activation") in result.kept
    assert "2026-Q3/growth/referrals" in result.dropped
    assert "2026-Q4/core/reliable" in result.added
    assert result.roadmap_note.startswith("not in a git repository")
    carried = {c["to"]: c for c in result.carried}
    growth = carried["2026-Q4/growth/activation/activation-rate"]
    assert (growth["old_target"], growth["new_target"], growth["new_baseline"]) == (45, 50, 41)
    results = {r["ref"]: r for r in result.results}
    assert results["2026-Q3/growth/activation/activation-rate"]["achieved"] == 41
    assert all(r["ref"].startswith("2026-Q3/") for r in result.results)


def test_the_roadmap_at_each_quarters_end_comes_from_git(demo_master, capsys):
    def quarters_diff(*options: str) -> str:
        args = ["diff", "--quarters", "2026-Q3", "2026-Q4", "--dir", str(demo_master)]
        assert main([*args, *options]) == 0
        return capsys.readouterr().out

    out = quarters_diff()
    assert "dropped  Happy teams bring their friends" in out
    assert "Pricing that explains itself: moved next -> now" in out
    assert "activation: Fake-door prompt for 10% of new workspaces: result — -> inconclusive" in out
    assert "retention: added node “Monday digest email”" in out
    data = json.loads(quarters_diff("--format", "json"))
    assert "tree/retention/digest" in {c["ref"] for c in data["trees"] if c["kind"] == "added"}
    assert {c["ref"] for c in data["roadmap"] if c["kind"] == "moved"} >= {
        "roadmap/growth/pricing-clarity"
    }
    assert quarters_diff("--format", "markdown").startswith("## 2026-Q3 -> 2026-Q4")


def test_a_bad_quarter_is_a_usage_error(demo_master, capsys):
    assert main(["diff", "--quarters", "2026-Q5", "2026-Q4", "--dir", str(demo_master)]) == 2
    assert "YYYY-QN" in capsys.readouterr().err


def test_a_quarter_closed_early_ends_at_its_close_commit(demo, capsys):
    """Every team closes 2026-Q4 a month early, then opens 2027-Q1, moving a card to Now:
    the roadmap at Q4's end is the one of the close, so the quarter diff and Q1's report
    show the move (before, Q4 'ended' on its calendar day, after the move: no change)."""
    import subprocess
    import sys

    from tests.helpers import git

    def okrboard(*args: str) -> None:
        done = subprocess.run(
            [sys.executable, "-m", "okrboard", *args, "--dir", str(demo)],
            capture_output=True, text=True, stdin=subprocess.DEVNULL,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr

    okrboard("close", "2026-Q4", "--yes")
    okrboard("open", "2027-Q1", "--promote", "core/workspace-insights")
    git(demo, "add", "-A")
    git(demo, "commit", "-qm", "open 2027-Q1")
    assert main(["diff", "--quarters", "2026-Q4", "2027-Q1", "--dir", str(demo),
                 "--format", "json"]) == 0  # fmt: skip
    roadmap = json.loads(capsys.readouterr().out)["roadmap"]
    moved = [c for c in roadmap if c["ref"] == "roadmap/core/workspace-insights"]
    assert ("horizon", "next", "now") in [(c["field"], c["old"], c["new"]) for c in moved]
