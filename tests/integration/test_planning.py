"""The planning model on real boards, from the command line and in git: KPI check-ins,
the report's KPIs, a fiscal year's quarters, the close that raises a KPI band, and KPI
check-ins made in two clones merged by the driver."""

from __future__ import annotations

import json
import re

import pytest

from okrboard.cli import main
from okrboard.files.load import load_board
from tests.helpers import clones, diff_lines, git, make_board


@pytest.fixture
def demo_copy(tmp_path, demo_master):
    target = tmp_path / "demo"
    git(tmp_path, "clone", "-q", str(demo_master), str(target))
    return target


def test_checkin_on_a_kpi_writes_one_line_into_its_file(demo_copy, capsys):
    assert (
        main(["-C", str(demo_copy), "checkin", "kpi/growth/nps", "43", "--date", "2026-11-20"]) == 0
    )
    said = capsys.readouterr().out
    assert "Checked in kpi/growth/nps: 43 pts on 2026-11-20, healthy (kpis/growth.toml)" in said
    assert diff_lines(demo_copy) == ["+    { date = 2026-11-20, value = 43 },"]


def test_a_kpi_is_named_by_its_id_and_a_checkin_after_today_is_refused(demo_copy, capsys):
    assert main(["-C", str(demo_copy), "checkin", "nps", "41", "--date", "2026-11-19"]) == 0
    assert "kpi/growth/nps: 41 pts on 2026-11-19" in capsys.readouterr().out
    assert main(["-C", str(demo_copy), "checkin", "nps", "41", "--date", "2999-01-01"]) == 2
    assert "a check-in records what has happened" in capsys.readouterr().err
    assert len(diff_lines(demo_copy)) == 1  # only the first


def test_the_report_lists_the_kpis(demo_master, capsys):
    assert main(["-C", str(demo_master), "report", "2026-Q4", "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    nps = next(k for k in report["kpis"] if k["ref"] == "kpi/growth/nps")
    assert (nps["start"], nps["end"], nps["health"], nps["band"]) == (36, 38, "healthy", [30, 100])
    nrr = next(k for k in report["kpis"] if k["ref"] == "kpi/company/nrr")
    assert nrr["moved_by"] == ["2026-Q4/company/teams-stay/nrr"]
    assert main(["-C", str(demo_master), "report", "2026-Q4"]) == 0
    text = capsys.readouterr().out
    assert "## KPIs" in text
    assert "| p95 page load | Core Experience | 640 ms → 845 ms | 0–800 ms | unhealthy |" in text


FISCAL = """\
[board]
name = "Fiscal"
current_quarter = "2026-Q4"

[settings]
year_start_month = 2

[teams.growth]
name = "Growth"
"""

OKRS = """\
[objectives.o]
title = "Grow"

[objectives.o.key_results.k]
title = "Signups from 10 to 20"
baseline = 10
target = 20
checkins = [{ date = 2026-11-02, value = 12 }]
"""


def test_a_fiscal_year_moves_the_reports_quarter_and_at_quarter(tmp_path, capsys):
    root = make_board(tmp_path / "b", {"board.toml": FISCAL, "okrs/2026-Q4/growth.toml": OKRS})
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    for day, value in (("2026-10-30", "11"), ("2026-11-02", "12")):
        # the board in fiscal 2026-Q3 (to 2026-10-31) and in Q4
        (root / "okrs/2026-Q4/growth.toml").write_text(
            OKRS.replace("value = 12", f"value = {value}")
        )
        git(root, "add", "-A")
        stamp = {"GIT_AUTHOR_DATE": f"{day}T10:00", "GIT_COMMITTER_DATE": f"{day}T10:00"}
        git(root, "commit", "-qm", day, env=stamp)
    assert main(["-C", str(root), "report", "2026-Q4", "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert (report["start"], report["end"]) == ("2026-11-01", "2027-01-31")
    # the board as of fiscal 2026-Q3's end is the commit of 2026-10-30
    assert main(["-C", str(root), "report", "2026-Q4", "--at", "2026-Q3", "--format", "json"]) == 0
    past = json.loads(capsys.readouterr().out)
    assert past["as_of"] == "2026-10-31"
    assert past["teams"][0]["objectives"][0]["key_results"][0]["achieved"] == 11


def test_close_raises_the_kpi_band_only_when_asked(tmp_path, capsys):
    okrs = OKRS.replace("value = 12 }]", 'value = 22 }]\nkpi = "kpi/growth/signups"')
    kpis = '[kpis.signups]\ntitle = "Weekly signups"\nband = [10.0, 100.0]\n'
    root = make_board(tmp_path / "b", {"okrs/2026-Q3/growth.toml": okrs, "kpis/growth.toml": kpis})
    root.joinpath("okrs/2026-Q3/growth.toml").write_text(okrs.replace("2026-11-02", "2026-09-02"))
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "start")
    assert main(["-C", str(root), "close", "2026-Q3", "--yes", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "kpi/growth/signups: 2026-Q3/growth/o/k reached 22; the KPI's band may move from " in out
    assert "10–100 to 22–100 (--raise-kpis does)" in out
    assert main(["-C", str(root), "close", "2026-Q3", "--yes", "--raise-kpis"]) == 0
    assert load_board(root).kpi("kpi/growth/signups").band == [22, 100]
    shown = git(root, "show", "--stat", "--format=", "HEAD")
    assert "kpis/growth.toml" in shown and "okrs/2026-Q3/growth.toml" in shown


def test_kpi_checkins_from_two_clones_merge_cleanly(tmp_path, demo_master):
    _, ana, ben = clones(tmp_path, demo_master)
    for clone, value, day in ((ana, "44", "2026-11-18"), (ben, "45", "2026-11-19")):
        assert main(["-C", str(clone), "checkin", "kpi/growth/nps", value, "--date", day]) == 0
        git(clone, "commit", "-qam", f"NPS {value}")
    git(ana, "push", "-q")
    git(ben, "pull", "-q", "--no-rebase")  # adjacent lines: git alone would conflict
    nps = load_board(ben).kpi("kpi/growth/nps")
    assert [c.value for c in nps.trend][-2:] == [44, 45]
    assert git(ben, "status", "--porcelain") == ""
    log = git(ben, "log", "-3", "--format=%s")
    assert "NPS 44" in log and "NPS 45" in log


def test_the_first_checkin_of_a_relative_target_sets_its_baseline(tmp_path, capsys):
    okrs = OKRS.replace("baseline = 10\ntarget = 20\n", 'change = "-40%"\n').replace(
        "checkins = [{ date = 2026-11-02, value = 12 }]\n", ""
    )
    root = make_board(tmp_path / "b", {"okrs/2026-Q3/growth.toml": okrs})
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "start")
    assert main(["-C", str(root), "check"]) == 1  # no baseline, and the quarter is over
    capsys.readouterr()
    assert main(["-C", str(root), "checkin", "k", "210", "--date", "2026-07-02"]) == 0
    said = capsys.readouterr().out
    assert "the baseline of its change (-40%), so it aims at 126" in said
    kr = load_board(root).key_result("2026-Q3/growth/o/k")
    assert (kr.baseline, kr.aim) == (210, 126)
    assert main(["-C", str(root), "check"]) == 0


def test_a_check_ins_value_hint_says_the_last_value_and_todays_aim_in_a_narrow_form(
    demo_master,
):
    """The walk's value field shows where the KR was and should be, short enough for the
    form's input at 80 columns (about 56 characters), the unit said once."""
    import datetime as dt

    from okrboard.flows import checkin

    board = load_board(demo_master)
    signups = "2026-Q4/growth/trial-value/signup-views"
    hint = checkin.since(board, signups, dt.date(2026, 12, 7))
    assert hint is not None and re.match(r"last 44\.1k views on 2026-\d\d-\d\d · ", hint)
    assert hint.endswith("k expected by today") and hint.count("views") == 1
    assert len(hint) <= 56
    rate = checkin.since(board, "2026-Q4/growth/activation/activation-rate", dt.date(2026, 12, 7))
    assert rate is not None and rate.count("%") == 2  # a symbol stays with each number
