"""The demo board's history: real commits across quarters, each a small readable change."""

from __future__ import annotations

import filecmp
import re

import pytest

from okrboard.create.demo import create_demo
from okrboard.files.load import load_board
from tests.helpers import SAMPLE, git


def test_the_last_commit_is_the_sample_exactly(demo_master):
    assert git(demo_master, "status", "--porcelain") == ""
    for path in SAMPLE.rglob("*.toml"):
        rel = path.relative_to(SAMPLE)
        assert filecmp.cmp(path, demo_master / rel, shallow=False), rel
    assert load_board(demo_master).problems == []


def test_history_spans_three_quarters_with_several_authors(demo_master):
    log = git(demo_master, "log", "--format=%ad|%an|%s", "--date=short").splitlines()
    assert len(log) >= 100
    subjects = [line.split("|")[2] for line in log]
    for quarter in ("2026-Q2", "2026-Q3", "2026-Q4"):
        assert any(s.startswith(f"okrs({quarter}/") for s in subjects), quarter
    assert len({line.split("|")[1] for line in log}) >= 4
    assert any("close the quarter" in s for s in subjects)
    assert any(re.search(r"move .* next -> now", s) for s in subjects)
    assert any("adjust a target" in s for s in subjects)
    dates = [line.split("|")[0] for line in log]
    assert dates == sorted(dates, reverse=True)


def test_a_weekly_checkin_commit_is_a_small_diff(demo_master):
    sha = git(demo_master, "log", "-1", "--format=%H", "--grep=weekly check-in").strip()
    stat = git(demo_master, "show", "--numstat", "--format=", sha).split()
    added, removed = int(stat[0]), int(stat[1])
    # one check-in line per KR, and the KR's current and confidence following it
    assert 1 <= added <= 3 * 5 and removed <= added
    diff = git(demo_master, "show", "--format=", "--unified=0", sha)
    assert "+    { date = " in diff


def test_the_moved_target_is_in_history(demo_master):
    log = git(demo_master, "log", "-p", "--format=%s", "--", "okrs/2026-Q4/growth.toml")
    assert "-target = 15\n+target = 14" in log


def test_the_demo_refuses_a_folder_with_files(tmp_path):
    (tmp_path / "keep.txt").write_text("mine")
    with pytest.raises(FileExistsError):
        create_demo(tmp_path)
    assert (tmp_path / "keep.txt").read_text() == "mine"


@pytest.mark.parametrize("today", ["2027-02-10", "2027-04-03", "2028-08-30", "2026-11-22"])
def test_the_demo_is_alive_on_any_day(tmp_path, today):
    """Made on any day, the demo's current quarter is that day's, its newest check-ins are
    a few days old, its history is in the past, and the board has no problem."""
    import datetime as dt

    from okrboard.domain import scoring
    from okrboard.domain.ids import QuarterId

    day = dt.date.fromisoformat(today)
    board = create_demo(tmp_path / "demo", today=day)
    quarter = str(QuarterId.containing(day))
    assert board.current_quarter == quarter
    assert board.problems == []
    newest = max(
        c.date for ref, _, kr in board.iter_key_results() if ref.startswith(quarter)
        for c in kr.checkins or ()
    )  # fmt: skip
    assert day - dt.timedelta(days=10) <= newest <= day
    assert [c.date for _, _, kr in board.iter_key_results() for c in kr.checkins or ()]
    last = git(tmp_path / "demo", "log", "-1", "--format=%cs").strip()
    assert last <= today
    states = [
        scoring.status(kr, ref.split("/")[0], day, board.settings)
        for ref, _, kr in board.iter_key_results() if ref.startswith(quarter)
    ]  # fmt: skip
    # a mix, not a wall of one colour (three days into a quarter, little is behind yet)
    assert len(set(states)) >= (2 if (day - QuarterId.containing(day).start).days < 14 else 3)
