"""Honest numbers, second pass (issue 36): items born mid-quarter, quarters not begun,
binary and deadline KRs, check-ins out of order; on a board written by hand from
docs/format.md, in a real git repository whose commits are dated inside 2026-Q4."""

from __future__ import annotations

import json
from pathlib import Path

from tests.helpers import git, make_board, okrboard

BOARD = """\
[board]
name = "Hand-written"
current_quarter = "2026-Q4"

[teams.core]
name = "Core"
"""

OKRS = """\
[objectives.support]
title = "Teams get started without us"

[objectives.support.key_results.docs]
title = "Raise docs satisfaction from 60 to 80"
baseline = 60
target = 80
checkins = [
    { date = 2026-10-12, value = 65 },
    { date = 2026-11-16, value = 72 },
    { date = 2026-12-04, value = 75 },
]
"""

TICKETS = """
[objectives.support.key_results.tickets]
title = "Reduce getting-started support tickets by 40%"
baseline = 210
change = "-40%"
"""


def commit(root: Path, day: str, message: str) -> None:
    when = {"GIT_AUTHOR_DATE": f"{day}T10:00:00", "GIT_COMMITTER_DATE": f"{day}T10:00:00"}
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message, env=when)


def repo(tmp_path: Path) -> Path:
    root = make_board(tmp_path / "board", {"board.toml": BOARD, "okrs/2026-Q4/core.toml": OKRS})
    git(root, "init", "-q", "-b", "main")
    commit(root, "2026-10-01", "Core OKRs for 2026-Q4")
    return root


def statuses(root: Path, at: str) -> dict[str, str]:
    done = okrboard("report", "-C", str(root), "2026-Q4", "--at", at, "--format", "json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    found = {}
    for objective in report["teams"][0]["objectives"]:
        found[objective["ref"]] = objective["status"]
        found.update({kr["ref"]: kr["status"] for kr in objective["key_results"]})
    return found


def test_a_kr_added_on_day_68_is_not_stale_and_is_judged_from_that_day(tmp_path):
    """Added on 2026-12-07 (day 68 of 92): "not started" then, not "stale: no check-in
    since the quarter began"; after its first check-in (42% of the way a week later) on
    track, not "expected 74% by today"; its objective follows."""
    root = repo(tmp_path)
    path = root / "okrs/2026-Q4/core.toml"
    path.write_text(OKRS + TICKETS, encoding="utf-8")
    commit(root, "2026-12-07", "Add the support tickets KR")
    found = statuses(root, "2026-12-07")
    assert found["2026-Q4/core/support/tickets"] == "not started"
    assert found["2026-Q4/core/support"] == "on track"
    due = okrboard("due", "-C", str(root), "--today", "2026-12-09", "--within", "30",
                   "--format", "json")  # fmt: skip
    owed = {o["ref"]: o["due"] for o in json.loads(due.stdout)["due"]}
    assert owed["2026-Q4/core/support/tickets"] == "2026-12-21"  # stale_days after it was added
    checkin = "\ncheckins = [{ date = 2026-12-14, value = 175 }]\n"
    path.write_text(OKRS + TICKETS + checkin, encoding="utf-8")
    commit(root, "2026-12-14", "Check in: tickets")
    found = statuses(root, "2026-12-14")
    assert found["2026-Q4/core/support/tickets"] == "on track"
    assert found["2026-Q4/core/support"] == "on track"


BINARY = """
[objectives.support.key_results.defects]
title = "Zero critical defects for two consecutive sprints"
kind = "binary"
target = 2
due = 2026-12-18
"""


def test_a_binary_check_in_takes_done_and_not_yet_and_says_so(tmp_path):
    """``done``/``yes`` is the target, ``not yet``/``no`` where it started; anything else
    is refused with the words it takes, not "'maybe' is not a number"."""
    root = repo(tmp_path)
    (root / "okrs/2026-Q4/core.toml").write_text(OKRS + BINARY, encoding="utf-8")
    ref = "2026-Q4/core/support/defects"
    refused = okrboard("checkin", "-C", str(root), ref, "maybe", "--date", "2026-11-20")
    assert refused.returncode == 2
    assert "answer done / yes (2), not yet / no (0), or the count" in refused.stderr
    said = okrboard("checkin", "-C", str(root), ref, "Not yet", "--date", "2026-11-20")
    assert said.returncode == 0, said.stderr
    said = okrboard("checkin", "-C", str(root), ref, "done", "--date", "2026-11-27")
    assert said.returncode == 0, said.stderr
    text = (root / "okrs/2026-Q4/core.toml").read_text(encoding="utf-8")
    assert "{ date = 2026-11-20, value = 0 }" in text
    assert "{ date = 2026-11-27, value = 2 }" in text


NEXT = """\
[objectives.support]
title = "Teams get started without us"

[objectives.support.key_results.docs]
title = "Raise docs satisfaction from 75 to 85"
baseline = 75
target = 85
"""


def test_a_quarter_not_begun_is_not_started_has_no_grades_and_takes_no_check_in(tmp_path):
    """``report 2027-Q1`` right after opening it: "not started", no grade (not "0.00 ·
    missed"), and a header that says it has not begun; a check-in is refused with that
    reason."""
    root = repo(tmp_path)
    (root / "okrs/2027-Q1").mkdir()
    (root / "okrs/2027-Q1/core.toml").write_text(NEXT, encoding="utf-8")
    commit(root, "2026-12-07", "Open 2027-Q1")
    done = okrboard("report", "-C", str(root), "2027-Q1", "--at", "HEAD")
    assert done.returncode == 0, done.stderr
    assert "not begun (today is 2026-12-07)" in done.stdout
    assert "missed" not in done.stdout and "0.00" not in done.stdout
    assert "| **Teams get started without us** | | | **—** | not started |" in done.stdout
    data = json.loads(
        okrboard("report", "-C", str(root), "2027-Q1", "--at", "HEAD", "--format", "json").stdout
    )
    kr = data["teams"][0]["objectives"][0]["key_results"][0]
    assert (kr["grade"], kr["band"], kr["verdict"], data["begun"]) == (
        None, None, "not started", False,
    )  # fmt: skip
    (root / "okrs/2099-Q1").mkdir()  # a quarter not begun whenever the test runs
    (root / "okrs/2099-Q1/core.toml").write_text(NEXT, encoding="utf-8")
    refused = okrboard("checkin", "-C", str(root), "2099-Q1/core/support/docs", "76")
    assert refused.returncode == 2
    assert "2099-Q1 has not begun: it starts on 2099-01-01" in refused.stderr


def test_a_backdated_check_in_goes_where_its_date_belongs(tmp_path):
    """Checked in on 2026-11-20, between 2026-11-16 and 2026-12-04: one line inserted
    there, and the value stays the newest (75), as the app and ``report`` show it."""
    root = repo(tmp_path)
    done = okrboard("checkin", "-C", str(root), "2026-Q4/core/support/docs", "70",
                    "--date", "2026-11-20")  # fmt: skip
    assert done.returncode == 0, done.stderr
    diff = git(root, "diff", "-U0").splitlines()
    assert [line for line in diff if line[:1] in "+-" and line[:3] not in ("+++", "---")] == [
        "+    { date = 2026-11-20, value = 70 },"
    ]
    text = (root / "okrs/2026-Q4/core.toml").read_text(encoding="utf-8")
    assert text.index("2026-11-16") < text.index("2026-11-20") < text.index("2026-12-04")


def test_a_team_that_opens_before_the_company_does_not_break_check(tmp_path):
    """Core opens 2027-Q1 aligned to the company's 2026-Q4 objective: ``check`` passes
    until the company opens 2027-Q1 too; then the stale alignment is a warning again."""
    company = '[objectives.grow]\ntitle = "Grow"\n'
    core = '[objectives.o]\ntitle = "Help"\naligns_to = ["2026-Q4/company/grow"]\n'
    board = BOARD + '\n[teams.company]\nname = "Company"\n'
    root = make_board(tmp_path, {"board.toml": board, "okrs/2026-Q4/company.toml": company,
                                 "okrs/2027-Q1/core.toml": core})  # fmt: skip
    assert okrboard("check", "-C", str(root)).returncode == 0
    (root / "okrs/2027-Q1/company.toml").write_text(company, encoding="utf-8")
    done = okrboard("check", "-C", str(root))
    assert done.returncode == 1
    assert "an objective of 2026-Q4, not of 2027-Q1" in done.stdout


def test_a_quarter_comparison_refuses_a_quarter_without_okrs_and_grades_none_not_begun(
    tmp_path,
):
    root = repo(tmp_path)
    done = okrboard("diff", "-C", str(root), "--quarters", "2026-Q4", "2031-Q1")
    assert done.returncode == 2 and "no OKRs for 2031-Q1 on this board" in done.stderr
    (root / "okrs/2099-Q1").mkdir()
    (root / "okrs/2099-Q1/core.toml").write_text(NEXT, encoding="utf-8")
    commit(root, "2026-12-07", "Open a quarter far ahead")
    done = okrboard("diff", "-C", str(root), "--quarters", "2099-Q1", "2026-Q4")
    assert done.returncode == 0, done.stderr
    assert "0.00" not in done.stdout and "missed" not in done.stdout
    assert "not graded" in done.stdout


def test_lint_at_a_revision_reads_that_revisions_history(tmp_path):
    """The target moved on 2026-11-02: ``lint --at 2026-10-20`` judges the board as it
    was then, when nothing had moved (it read moved targets from HEAD)."""
    root = repo(tmp_path)
    path = root / "okrs/2026-Q4/core.toml"
    path.write_text(OKRS.replace("target = 80", "target = 78"), encoding="utf-8")
    commit(root, "2026-11-02", "Move the docs target")
    now = okrboard("lint", "-C", str(root), "--format", "json", "--fail-on", "never")
    assert "KR005" in {f["rule"] for f in json.loads(now.stdout)["findings"]}
    then = okrboard("lint", "-C", str(root), "--at", "2026-10-20", "--format", "json",
                    "--fail-on", "never")  # fmt: skip
    assert then.returncode == 0, then.stderr
    assert "KR005" not in {f["rule"] for f in json.loads(then.stdout)["findings"]}
