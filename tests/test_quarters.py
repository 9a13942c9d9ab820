"""Quarter over quarter, on the demo board and its history."""

from __future__ import annotations

import json

import pytest

from okrboard import quarters
from okrboard.cli import main
from okrboard.demo import create_demo
from okrboard.load import load_board
from tests.conftest import SAMPLE


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    root = tmp_path_factory.mktemp("qoq") / "demo"
    create_demo(root)
    return root


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


def test_the_roadmap_at_each_quarters_end_comes_from_git(demo, capsys):
    assert main(["diff", "--quarters", "2026-Q3", "2026-Q4", "--dir", str(demo)]) == 0
    out = capsys.readouterr().out
    assert "dropped  Happy teams bring their friends" in out
    assert "Pricing that explains itself: moved next -> now" in out
    assert (
        main(["diff", "--quarters", "2026-Q3", "2026-Q4", "--dir", str(demo), "--format", "json"])
        == 0
    )
    assert "activation: Fake-door prompt for 10% of new workspaces: result — -> inconclusive" in out
    assert "retention: added node “Monday digest email”" in out
    data = json.loads(capsys.readouterr().out)
    assert "tree/retention/digest" in {c["ref"] for c in data["trees"] if c["kind"] == "added"}
    assert {c["ref"] for c in data["roadmap"] if c["kind"] == "moved"} >= {
        "roadmap/growth/pricing-clarity"
    }
    assert (
        main(
            ["diff", "--quarters", "2026-Q3", "2026-Q4", "--dir", str(demo), "--format", "markdown"]
        )
        == 0
    )
    assert capsys.readouterr().out.startswith("## 2026-Q3 -> 2026-Q4")


def test_a_bad_quarter_is_a_usage_error(demo, capsys):
    assert main(["diff", "--quarters", "2026-Q5", "2026-Q4", "--dir", str(demo)]) == 2
    assert "YYYY-QN" in capsys.readouterr().err
