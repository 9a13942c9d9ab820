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
    assert "  Happy teams bring their friends · grade 0.67 (progress) · dropped" in out
    assert "Pricing that explains itself: moved next -> now" in out
    assert (
        "activation: Fake-door prompt for 10% of new workspaces: result — -> inconclusive; "
        "result_date — -> " in out
    )  # one line per node
    assert "retention: added node “Monday digest email”" in out
    data = json.loads(quarters_diff("--format", "json"))
    assert "tree/retention/digest" in {c["ref"] for c in data["trees"] if c["kind"] == "added"}
    assert {c["ref"] for c in data["roadmap"] if c["kind"] == "moved"} >= {
        "roadmap/growth/pricing-clarity"
    }
    assert quarters_diff("--format", "markdown").startswith(
        "## Quarter over quarter: 2026-Q3 → 2026-Q4"
    )


def test_the_review_reads_team_by_team_with_grades_decisions_and_results(demo_master, capsys):
    """As a head of product reads it: each team, each objective's grade and decision (how
    it was modified), each KR's result against its aim in one reading for every direction,
    carried KRs by title with only what changed; JSON holds the same."""
    args = ["diff", "--quarters", "2026-Q3", "2026-Q4", "--dir", str(demo_master)]
    assert main([*args, "--format", "markdown"]) == 0
    markdown = capsys.readouterr().out
    growth = markdown.split("### Growth")[1].split("### ")[0]
    assert "**New teams reach their first win in their first session** · grade 0.69" in growth
    assert "· modified" in growth
    assert "“Reduce time-to-value from 9 to 5 minutes” not carried" in growth
    assert "“Raise guided-setup completion from 45% to 75%” added" in growth
    # a decrease KR: what it reached, then its aim (not "6.1 of 5 min")
    assert "- Reduce time-to-value from 9 to 5 minutes: 6.1 min (target 5, from 9) · 0.73" in growth
    assert (
        "41% (target 45, from 34) · 0.64 → carried as “Increase activation rate from 41% to "
        "50%” (target 50%, from 41)" in growth
    )
    assert "**Trials show teams why paying is worth it** · new in 2026-Q4" in growth
    assert "Keep uptime between 99.9% and 100%: 99.98% (band 99.9–100%)" in markdown
    assert "2026-Q3/" not in markdown.split("### Roadmap")[0]  # titles, not ids
    assert main([*args, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["counts"] == {"kept": 0, "modified": 5, "dropped": 2, "new": 2}
    team = next(t for t in data["teams"] if t["team"] == "growth")
    objective = team["objectives"][0]
    assert (objective["decision"], objective["grade"]) == ("modified", 0.69)
    assert objective["key_results"][0]["result"] == "6.1 min (target 5, from 9)"
    assert f"**{objective['title']}** · grade 0.69 (progress) · modified" in markdown


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

    okrboard("quarter", "close", "2026-Q4", "--yes")
    okrboard("quarter", "open", "2027-Q1", "--promote", "core/workspace-insights")
    git(demo, "add", "-A")
    git(demo, "commit", "-qm", "open 2027-Q1")
    assert main(["diff", "--quarters", "2026-Q4", "2027-Q1", "--dir", str(demo),
                 "--format", "json"]) == 0  # fmt: skip
    roadmap = json.loads(capsys.readouterr().out)["roadmap"]
    moved = [c for c in roadmap if c["ref"] == "roadmap/core/workspace-insights"]
    assert ("horizon", "next", "now") in [(c["field"], c["old"], c["new"]) for c in moved]
