"""What makes okrboard fast at organisation scale, checked for correctness (the speeds
themselves are measured by bench/run.py, never asserted here): the org board generator,
the staged load, no pickle anywhere, the disk check's stat stamps."""

from __future__ import annotations

import datetime as dt
import gc
import os
import random
import subprocess
import sys
import tomllib

import pytest

from bench.generate import (
    ORG_TODAY,
    _kpis,
    _org_okrs,
    _roadmap,
    _tree,
    _week,
    generate_org,
    org_size,
    team_names,
    toml_text,
)
from okrboard.domain import ids, validate
from okrboard.domain.ids import QuarterId
from okrboard.files.load import load_board, load_pending
from okrboard.files.session import Session, changed_files
from okrboard.files.store import inline_fields, render
from okrboard.tui.app import OkrBoardApp
from okrboard.tui.collector import FULL_GC_EVERY
from okrboard.tui.config import UserConfig
from tests.helpers import REPO, git, okr_screen


@pytest.fixture(scope="module")
def org(tmp_path_factory):
    """The small organisation board: 4 teams x 3 quarters, 120 commits."""
    return generate_org(tmp_path_factory.mktemp("org") / "org", **org_size("small"))


def test_the_generator_writes_what_okrboards_writer_would():
    rng = random.Random(3)
    final = _org_okrs(rng, QuarterId.parse("2026-Q4"), "growth", 3, 4, 13, carried=True)
    board = {"board": {"name": "Org", "current_quarter": "2026-Q4"}, "teams": {"a": {"rank": 1}}}
    refs = ["2026-Q4/growth/objective-1/kr-1", "2026-Q4/growth/objective-2/kr-3"]
    for plain in (
        board,
        _week(final, 0),
        _week(final, 7),
        _roadmap(rng, 9, refs),
        _tree(rng, 30, refs[0], "growth"),
        _kpis(rng, dt.date(2026, 1, 1)),
    ):
        assert toml_text(plain) == render(None, inline_fields(plain))
        assert tomllib.loads(toml_text(plain)) == tomllib.loads(render(None, plain))


def test_the_generator_takes_the_sizes_its_docs_name(tmp_path):
    script = REPO / "bench" / "generate.py"
    for args in (["--org", "--size", "small"], ["--size", "small"]):
        board = tmp_path / "-".join(args)
        subprocess.run([sys.executable, script, board, *args], check=True, capture_output=True)
        assert git(board, "rev-list", "--count", "HEAD").strip() == "120"
    done = subprocess.run([sys.executable, script, tmp_path / "x", "--size", "huge"], text=True,
                          capture_output=True)  # fmt: skip
    assert done.returncode == 2 and "invalid choice: 'huge'" in done.stderr


def test_ten_times_the_organisation_has_500_distinct_teams():
    names = team_names(org_size("xl")["teams"])
    assert len(set(names)) == 500 and names[0] == "company" and "growth-2" in names
    assert all(ids.is_slug(name) for name in names)


def test_the_org_board_is_valid_and_has_its_history(org):
    board = load_board(org, today=ORG_TODAY)
    assert board.problems == []
    assert board.quarters == ["2026-Q2", "2026-Q3", "2026-Q4"]
    assert len(board.okrs) == 4 * 3 and len(board.roadmaps) == 4 and len(board.trees) == 4
    kr = board.key_result("2026-Q4/growth/objective-1/kr-1")
    assert len(kr.checkins) == 13 and kr.value == kr.checkins[-1].value
    commits = git(org, "rev-list", "--count", "HEAD").strip()
    assert commits == "120"
    assert git(org, "status", "--porcelain") == ""


def test_a_staged_load_reads_the_current_quarter_first_then_the_rest(org):
    staged = load_board(org, staged=True, today=ORG_TODAY)
    assert {q for q, _ in staged.okrs} == {"2026-Q4"}
    assert not staged.roadmaps and not staged.trees
    # KPIs, roadmaps and trees first (other views need them), then the quarter before the
    # current, then the older ones oldest first (each checked and let go once read)
    folders = [rel.split("/")[0] for rel in staged.pending]
    assert folders == ["kpis"] * 4 + ["roadmaps"] * 4 + ["trees"] * 4 + ["okrs"] * 8
    okr_files = [rel for rel in staged.pending if rel.startswith("okrs/")]
    assert [rel.split("/")[1] for rel in okr_files] == ["2026-Q3"] * 4 + ["2026-Q2"] * 4
    assert staged.quarters == ["2026-Q2", "2026-Q3", "2026-Q4"]  # pending ones included
    # items in files not read yet are not reported as dangling references
    assert staged.problems == []
    assert not load_pending(staged, 3) and len(staged.pending) == len(okr_files) + 12 - 3
    assert load_pending(staged) and staged.pending == []
    full = load_board(org, today=ORG_TODAY)
    assert staged.okrs == full.okrs and staged.roadmaps == full.roadmaps
    assert staged.trees == full.trees and staged.kpis == full.kpis
    assert staged.problems == full.problems


async def test_the_first_frame_waits_for_the_first_teams_only_then_every_team_shows(
    org, monkeypatch
):
    """At 500 teams the current quarter alone took 2.8 s to read: the first frame shows
    the teams the OKR view lists first, and the rest of the quarter comes next."""
    from okrboard.files import load

    monkeypatch.setattr(load, "FIRST_TEAMS", 2)
    board = load_board(org, staged=True, today=ORG_TODAY)
    assert sorted(team for _, team in board.okrs) == ["company", "growth"]  # by rank
    assert board.pending[:2] == ["okrs/2026-Q4/core.toml", "okrs/2026-Q4/mobile.toml"]
    assert board.pending[2].startswith("kpis/")
    app = OkrBoardApp(board, today=ORG_TODAY, config=UserConfig(), watch_git=False)
    app.PENDING_BATCH = 1
    shown = []  # (files still to read, teams listed) at each redraw while reading
    redraw = app.refresh_views

    def refresh_views():
        redraw()
        rows = okr_screen(app).rows
        shown.append((len(board.pending), {r.ref.split("/")[1] for r in rows if "/" in r.ref}))

    monkeypatch.setattr(app, "refresh_views", refresh_views)
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(200):
            if not board.pending:
                break
            await pilot.pause(0.02)
    every = {"company", "growth", "core", "mobile"}
    assert any(left and teams == every for left, teams in shown)  # before the rest was read


def test_a_staged_load_still_reports_real_problems_of_what_it_read(tmp_path, org):
    root = tmp_path / "org"
    git(tmp_path, "clone", "-q", str(org), str(root))
    path = root / "okrs/2026-Q4/growth.toml"
    text = path.read_text().replace(
        'aligns_to = ["2026-Q4/company/objective-1"]', 'aligns_to = ["2026-Q4/company/nope"]', 1
    )
    path.write_text(text)
    problems = [
        p for p in load_board(root, staged=True, today=ORG_TODAY).problems if p.severity == "error"
    ]
    assert [(p.file, p.key) for p in problems] == [
        ("okrs/2026-Q4/growth.toml", "objectives.objective-1.aligns_to")
    ]


def test_an_edit_reads_the_rest_of_a_staged_board_first(tmp_path, org):
    root = tmp_path / "org"
    git(tmp_path, "clone", "-q", str(org), str(root))
    session = Session(load_board(root, staged=True, today=ORG_TODAY))
    ref = "2026-Q4/growth/objective-1/kr-1"

    def change(board):
        board.key_result(ref).current = 1.5
        return board.okrs[("2026-Q4", "growth")]

    session.edit(change, "current")
    assert session.board.pending == [] and len(session.board.okrs) == 12
    assert git(root, "status", "--porcelain").split() == ["M", "okrs/2026-Q4/growth.toml"]


async def test_the_app_shows_the_current_quarter_then_reads_the_rest(org):
    board = load_board(org, staged=True, today=ORG_TODAY)
    app = OkrBoardApp(board, today=dt.date(2026, 12, 30), config=UserConfig(), watch_git=False)
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(100):
            if not board.pending:
                break
            await pilot.pause(0.02)
        assert board.pending == [] and len(board.okrs) == 8  # 2026-Q3 and Q4: Q2 let go
        teams = ["company", "core", "growth", "mobile"]
        assert sorted(board.shelved) == [f"okrs/2026-Q2/{t}.toml" for t in teams]
        screen = app.screen
        assert screen.rows and screen.findings  # the coach speaks once it has every file
        await pilot.press("left_square_bracket")
        assert screen.quarter == "2026-Q3"


async def test_the_read_board_is_out_of_full_collections_while_the_app_runs(org):
    """Full passes of the cycle collector over the board stalled keypresses; the app
    freezes what it read, and lets go of it when it ends (tests run many apps)."""
    threshold = gc.get_threshold()
    board = load_board(org, staged=True, today=ORG_TODAY)
    app = OkrBoardApp(board, today=dt.date(2026, 12, 30), config=UserConfig(), watch_git=False)
    app.PENDING_BATCH = 1
    async with app.run_test(size=(120, 40)) as pilot:
        assert board.pending and gc.get_freeze_count() == 0  # still reading
        for _ in range(100):
            if not board.pending:
                break
            await pilot.pause(0.02)
        await pilot.pause()
        assert gc.get_freeze_count() > 0
        assert gc.get_threshold()[2] == max(threshold[2], FULL_GC_EVERY)
    assert gc.get_freeze_count() == 0 and gc.get_threshold() == threshold


async def test_a_view_reads_what_it_shows_at_once(org):
    board = load_board(org, staged=True, today=ORG_TODAY)
    app = OkrBoardApp(board, today=dt.date(2026, 12, 30), config=UserConfig(), watch_git=False)
    app.PENDING_BATCH = 1  # so that the rest is still being read when the key comes
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2")
        assert not [rel for rel in board.pending if rel.startswith("roadmaps/")]
        assert app.screen is app.get_screen("roadmap")
        assert sum(len(cards) for cards in app.screen.cards.values()) == 4 * 12


def test_an_edit_is_checked_again_in_its_own_file_only(tmp_path, org, monkeypatch):
    """An org board's edit must not check 5,000 KRs again; a change of ids or links must."""
    root = tmp_path / "org"
    git(tmp_path, "clone", "-q", str(org), str(root))
    session = Session(load_board(root, today=ORG_TODAY))
    checked: list = []
    real = validate._check_file
    monkeypatch.setattr(validate, "_check_file", lambda *a: checked.append(a[1]) or real(*a))
    ref = "2026-Q4/growth/objective-1/kr-1"

    def change(board):
        board.key_result(ref).current = 1.5
        return board.okrs[("2026-Q4", "growth")]

    session.edit(change, "current")
    assert checked == [session.board.okrs[("2026-Q4", "growth")]]

    def link(board):
        board.key_result(ref).contributes_to = ["2026-Q4/search/objective-1/kr-1"]
        return board.okrs[("2026-Q4", "growth")]

    session.edit(link, "contributes_to")
    board = session.board
    assert len(checked) == 1 + sum(map(len, (board.okrs, board.roadmaps, board.trees, board.kpis)))


def test_the_disk_check_sees_a_same_size_write_that_kept_the_mtime(tmp_path, org):
    root = tmp_path / "org"
    git(tmp_path, "clone", "-q", str(org), str(root))
    session = Session(load_board(root, today=ORG_TODAY))
    digests = session.digests()
    assert changed_files(root, digests) == []
    path = root / "okrs/2026-Q4/growth.toml"
    before = path.stat()
    path.write_text(path.read_text().replace("rank = 1", "rank = 2", 1))  # same size
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size
    assert changed_files(root, digests) == ["okrs/2026-Q4/growth.toml"]


def test_nothing_in_okrboard_unpickles_anything():
    """Files are parsed by the compiled reader every time: no parse cache, no pickle."""
    sources = [p.read_text(encoding="utf-8") for p in (REPO / "okrboard").rglob("*.py")]
    assert not [text for text in sources if "pickle" in text]
