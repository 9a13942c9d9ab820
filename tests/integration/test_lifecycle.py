"""Closing a quarter and opening the next, in the core: what lands in which file."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import tomllib

import pytest

from okrboard.domain import edits, lifecycle, titles
from okrboard.domain.model import CheckIn
from okrboard.files.load import load_board
from okrboard.files.session import Session
from tests.helpers import SAMPLE, diff_lines, git

CLOSED = dt.date(2026, 12, 30)
ACT = "2026-Q4/growth/activation"
RATE = f"{ACT}/activation-rate"
SETUP = f"{ACT}/setup-completion"


def read(root, rel: str) -> dict:
    return tomllib.loads((root / rel).read_text())


def test_close_writes_grades_decisions_retro_review_and_actual_impact(git_board):
    board = load_board(git_board)
    session = Session(board)
    close = lifecycle.close_defaults(board, "2026-Q4", "growth")
    assert close.grades[RATE] == 0.39  # prefilled from progress (with its stretch)
    close.grades[SETUP] = 0.5  # the team's own judgement
    close.decisions[ACT] = "keep"
    close.retros[ACT] = "Checklists beat tours."
    close.learnings = "Activation compounds.\nPricing needs discovery."
    close.actual[("roadmap/growth/guided-setup", RATE)] = 3.5
    change = session.edit_parts(
        lambda b: lifecycle.close_quarter(b, "2026-Q4", "growth", close, CLOSED), "close"
    )
    assert [rel for rel, _, _ in change.files] == [
        "okrs/2026-Q4/growth.toml",
        "roadmaps/growth.toml",
    ]
    okrs = read(git_board, "okrs/2026-Q4/growth.toml")
    activation = okrs["objectives"]["activation"]
    assert activation["decision"] == "keep" and activation["retro"] == "Checklists beat tours."
    assert activation["key_results"]["activation-rate"]["grade"] == 0.39
    assert activation["key_results"]["setup-completion"]["grade"] == 0.5
    assert okrs["review"] == {
        "closed": CLOSED,
        "learnings": "Activation compounds.\nPricing needs discovery.",
    }
    theme = read(git_board, "roadmaps/growth.toml")["themes"]["guided-setup"]
    assert theme["actual_impact"] == {RATE: 3.5}
    assert not board.problems
    # one undo takes the whole close back, in both files
    session.undo()
    assert diff_lines(git_board) == []


def test_initiatives_are_the_cards_serving_the_teams_krs():
    board = load_board(SAMPLE)
    found = [
        (i.card.ref, i.kr_ref, i.expected)
        for i in lifecycle.initiatives(board, "2026-Q4", "growth")
    ]
    assert ("roadmap/growth/guided-setup", RATE, 5) in found
    assert (
        "roadmap/growth/pricing-clarity",
        "2026-Q4/growth/trial-value/trial-to-paid",
        1.5,
    ) in found
    assert all(kr.startswith("2026-Q4/growth/") for _, kr, _ in found)


def test_open_carries_lineage_baseline_and_no_checkins(git_board):
    session = Session(load_board(git_board))
    old = session.board.key_result(RATE)
    carry = [ACT, RATE, "2026-Q4/core/habit/week4-retention"]
    opened = []

    def change(board):
        new, parts = lifecycle.open_quarter(
            board, "2026-Q4", carry, ["roadmap/growth/invite-moments"]
        )
        opened.append(new)
        return parts

    session.edit_parts(change, "open")
    assert opened == ["2027-Q1"]
    growth = read(git_board, "okrs/2027-Q1/growth.toml")["objectives"]
    assert set(growth) == {"activation"}
    objective = growth["activation"]
    assert objective["carried_from"] == ACT
    assert objective["aligns_to"] == ["2026-Q4/company/self-serve"]  # not carried: kept
    rate = objective["key_results"]["activation-rate"]
    assert rate["carried_from"] == RATE
    assert rate["baseline"] == old.value == 46 and rate["target"] == 50
    assert rate["title"] == "Increase activation rate from 46% to 50%"
    assert not {"checkins", "current", "confidence", "grade"} & set(rate)
    assert "setup-completion" not in objective["key_results"]
    # a KR brings its objective along
    habit = read(git_board, "okrs/2027-Q1/core.toml")["objectives"]["habit"]
    assert list(habit["key_results"]) == ["week4-retention"]
    # the card serving the carried KR now serves its successor; the promoted card is Now
    themes = read(git_board, "roadmaps/growth.toml")["themes"]
    assert "2027-Q1/growth/activation/activation-rate" in themes["guided-setup"]["key_results"]
    assert RATE not in themes["guided-setup"]["key_results"]
    assert themes["invite-moments"]["horizon"] == "now"
    # two teams of four opened: the board does not jump a quarter for everyone
    assert read(git_board, "board.toml")["board"]["current_quarter"] == "2026-Q4"
    # both carried objectives align to last quarter's company objectives until the company
    # opens 2027-Q1 too: the plan of a transition, not a problem that fails check in CI
    assert session.board.problems == []
    assert "2026-Q4/company/self-serve" in read(git_board, "okrs/2027-Q1/growth.toml")[
        "objectives"]["activation"]["aligns_to"]  # fmt: skip


def test_links_between_carried_items_follow_them(sample_dir):
    board = load_board(sample_dir)
    carry = ["2026-Q4/company/self-serve", "2026-Q4/company/self-serve/self-serve-arr", ACT, RATE]
    lifecycle.open_quarter(board, "2026-Q4", carry, [])
    assert board.objective("2027-Q1/growth/activation").aligns_to == ["2027-Q1/company/self-serve"]
    assert board.key_result("2027-Q1/growth/activation/activation-rate").contributes_to == [
        "2027-Q1/company/self-serve/self-serve-arr"
    ]


def test_a_reached_target_aims_as_far_again(sample_dir):
    board = load_board(sample_dir)
    kr = board.key_result(RATE)
    edits.add_checkin(kr, CheckIn(date=dt.date(2026, 11, 20), value=52))  # beyond 50, from 41
    lifecycle.open_quarter(board, "2026-Q4", [RATE], [])
    carried = board.key_result("2027-Q1/growth/activation/activation-rate")
    assert (carried.baseline, carried.target) == (52, 61)
    assert carried.title == "Increase activation rate from 52% to 61%"
    assert carried.stretch is None


def test_opening_a_team_again_changes_nothing(sample_dir):
    board = load_board(sample_dir)
    lifecycle.open_quarter(board, "2026-Q4", [ACT, RATE], [])
    objectives = board.okrs[("2027-Q1", "growth")].objectives
    del objectives["activation"].key_results["activation-rate"]  # the team dropped it
    _, parts = lifecycle.open_quarter(board, "2026-Q4", [ACT, RATE, SETUP], [])
    assert parts == []
    assert list(objectives) == ["activation"] and objectives["activation"].key_results == {}


def test_the_lifecycle_team_by_team_with_git(git_board):
    """Growth opens before the company; the company's opening re-points growth's
    alignment (one line); the board's quarter moves once every team has opened."""
    session = Session(load_board(git_board))
    board = session.board
    teams = sorted({tq.team for tq in board.team_quarters("2026-Q4")})
    growth = lifecycle.carry_defaults(board, "2026-Q4", "growth")
    session.edit_parts(lambda b: lifecycle.open_quarter(b, "2026-Q4", growth, [])[1], "growth")
    git(git_board, "add", "-A")
    git(git_board, "commit", "-qm", "open growth")
    aligned = read(git_board, "okrs/2027-Q1/growth.toml")["objectives"]["activation"]["aligns_to"]
    assert aligned == ["2026-Q4/company/self-serve"]
    again = session.edit_parts(
        lambda b: lifecycle.open_quarter(b, "2026-Q4", growth, [])[1], "growth again"
    )
    assert again is None and git(git_board, "status", "--porcelain") == ""
    company = lifecycle.carry_defaults(board, "2026-Q4", "company")
    session.edit_parts(lambda b: lifecycle.open_quarter(b, "2026-Q4", company, [])[1], "co")
    changed = git(git_board, "diff", "--unified=0", "--", "okrs/2027-Q1/growth.toml")
    lines = [line for line in changed.splitlines() if line[:1] in "+-" and line[1] not in "+-"]
    removed = [line[1:] for line in lines if line[0] == "-"]
    # one line each: the alignment and the contributions follow the company's new quarter
    assert [line.replace("2026-Q4", "2027-Q1") for line in removed] == [
        line[1:] for line in lines if line[0] == "+"
    ]
    assert '-aligns_to = ["2026-Q4/company/self-serve"]' in lines
    assert read(git_board, "board.toml")["board"]["current_quarter"] == "2026-Q4"
    for team in teams:
        carry = lifecycle.carry_defaults(board, "2026-Q4", team)
        session.edit_parts(lambda b, c=carry: lifecycle.open_quarter(b, "2026-Q4", c, [])[1], team)
    opened = {tq.team for tq in board.team_quarters("2027-Q1")}
    moved = read(git_board, "board.toml")["board"]["current_quarter"]
    assert moved == ("2027-Q1" if opened >= set(teams) else "2026-Q4")


def test_carry_defaults_skip_abandoned_objectives_and_reached_krs(sample_dir):
    board = load_board(sample_dir)
    board.objective("2026-Q4/growth/trial-value").decision = "abandon"
    refs = lifecycle.carry_defaults(board, "2026-Q4", "growth")
    assert refs == [ACT, RATE, SETUP]
    board.objective("2026-Q4/growth/trial-value").decision = None
    assert "2026-Q4/growth/trial-value/pricing-page" not in lifecycle.carry_defaults(
        board, "2026-Q4"
    )


@pytest.mark.parametrize(
    ("title", "new", "target", "expected"),
    [
        ("Grow ARR from $2.6M to $3.3M", 2.96, 3.3, "Grow ARR from $2.96M to $3.3M"),
        ("Reduce tickets from 40 to 10 a month", 23, 10, "Reduce tickets from 23 to 10 a month"),
        ("Grow views from 40k to 60k", 44100, 60000, "Grow views from 44.1k to 60k"),
        ("Raise from 4 to 45", 5, 45, "Raise from 5 to 45"),
        ("Cut tickets by 40%", 168, 126, None),  # nothing to rewrite: the carry says so
    ],
)
def test_titles_say_the_new_baseline_where_they_said_the_old(title, new, target, expected):
    assert titles.renumbered(title, new, target) == expected


def test_the_close_command_asks_says_what_is_missing_and_closes_with_yes(demo):
    def close(*args: str) -> subprocess.CompletedProcess:
        command = [sys.executable, "-m", "okrboard", "close", "2026-Q4", "--dir", str(demo)]
        return subprocess.run(
            [*command, *args], capture_output=True, text=True, stdin=subprocess.DEVNULL
        )

    dry = close("--team", "growth", "--dry-run")
    assert dry.returncode == 0 and "Would close 2026-Q4 for growth" in dry.stdout
    asked = close("--team", "growth")  # no terminal to ask at: not closed
    assert asked.returncode == 1 and "no learnings written for the quarter" in asked.stderr
    assert "Not closed: 2026-Q4 for growth (--yes closes it anyway)." in asked.stderr
    assert git(demo, "status", "--porcelain") == ""
    done = close("--team", "growth", "--yes")
    assert done.returncode == 0, done.stderr
    assert "committed and tagged closed/2026-Q4/growth" in done.stdout
    assert git(demo, "tag", "--list", "closed/2026-Q4/growth").strip() == "closed/2026-Q4/growth"
    growth = read(demo, "okrs/2026-Q4/growth.toml")
    assert growth["review"]["closed"] and all(
        "grade" in kr
        for objective in growth["objectives"].values()
        for kr in objective["key_results"].values()
    )
    refused = subprocess.run(
        [sys.executable, "-m", "okrboard", "checkin", "2026-Q4/growth/activation/activation-rate",
         "48", "--date", "2026-11-20", "--dir", str(demo)],
        capture_output=True, text=True, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert refused.returncode == 1 and "is closed for growth" in refused.stderr
    again = close("--team", "growth", "--yes")  # closing twice: said, and nothing written
    assert again.returncode == 0, again.stderr
    assert again.stdout.startswith("2026-Q4 is already closed for growth (on ")
    assert "(saved)" not in again.stdout and git(demo, "status", "--porcelain") == ""
    assert close("--team", "nobody").returncode == 2


def okrboard(demo, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "okrboard", *args, "--dir", str(demo)],
        capture_output=True, text=True, stdin=subprocess.DEVNULL,
    )  # fmt: skip


def test_the_open_command_opens_a_quarter_team_by_team(demo):
    dry = okrboard(demo, "quarter", "open", "2027-Q1", "--team", "growth", "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "Would open 2027-Q1 for growth: 2 objectives and 4 key results" in dry.stdout
    assert git(demo, "status", "--porcelain") == ""

    done = okrboard(demo, "quarter", "open", "2027-Q1", "--team", "growth")
    assert done.returncode == 0, done.stderr
    assert "Opened 2027-Q1 for growth: 2 objectives and 4 key results carried over" in done.stdout
    # that team's files only (its live cards follow the carried KRs); the board stays in
    # its quarter for everyone else
    assert git(demo, "status", "--porcelain", "--untracked-files=all").split() == [
        "M", "roadmaps/growth.toml", "??", "okrs/2027-Q1/growth.toml",
    ]  # fmt: skip
    assert "Changed okrs/2027-Q1/growth.toml, roadmaps/growth.toml." in done.stdout
    assert read(demo, "board.toml")["board"]["current_quarter"] == "2026-Q4"
    git(demo, "add", "-A")
    git(demo, "commit", "-qm", "open growth")

    again = okrboard(demo, "quarter", "open", "2027-Q1", "--team", "growth")
    assert again.returncode == 0 and "growth has opened 2027-Q1 already" in again.stdout
    assert git(demo, "status", "--porcelain") == ""

    # one objective, with only the key results named
    chosen = okrboard(
        demo, "quarter", "open", "2027-Q1", "--carry", "core/habit/week4-retention",
        "--promote", "core/workspace-insights", "--dry-run",
    )  # fmt: skip
    assert chosen.returncode == 0, chosen.stderr
    assert "Would open 2027-Q1 for core: 1 objective and 1 key result" in chosen.stdout
    assert "Would move 1 card from Next to Now: roadmap/core/workspace-insights" in chosen.stdout


def test_opening_twice_changes_nothing_and_says_so(demo):
    """``open --promote`` says once that one card moves (not once per team), lists each
    carried KR's numbers, and run again it exits 0 with "nothing to change"."""
    first = okrboard(demo, "quarter", "open", "2027-Q1", "--promote", "growth/invite-moments")
    assert first.returncode == 0, first.stderr
    assert first.stdout.count("card") == 1
    assert "Moved 1 card from Next to Now: roadmap/growth/invite-moments" in first.stdout
    assert (
        "  2026-Q4/core/reliable/getting-started-tickets: baseline 210 tickets/mo -> "
        "168 tickets/mo, target 126 tickets/mo (kept)" in first.stdout
    )
    git(demo, "add", "-A")
    git(demo, "commit", "-qm", "open 2027-Q1")
    again = okrboard(demo, "quarter", "open", "2027-Q1", "--promote", "growth/invite-moments")
    assert again.returncode == 0, again.stderr
    assert "roadmap/growth/invite-moments is in Now already" in again.stdout
    assert again.stdout.splitlines()[-1].startswith("Nothing to change: 2027-Q1 is open for")
    assert git(demo, "status", "--porcelain") == ""


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["quarter", "open", "2027-Q3"], "no OKRs in 2027-Q2 to carry over"),
        (["quarter", "open", "2027-Q1", "--team", "nobody"],
         "no OKRs for 2026-Q4 of team 'nobody'"),
        (["quarter", "open", "2027-Q1", "--carry", "2026-Q4/growth/nothing"],
         "no objective or key result"),
        (["quarter", "open", "2027-Q1", "--carry", "2026-Q3/growth/activation"],
         "not in 2026-Q4"),
        (["quarter", "open", "2027-Q1", "--promote", "growth/nothing"],
         "no card 'roadmap/growth/nothing'"),
        (["quarter", "open", "2027-Q1", "--promote", "growth/localised-onboarding"],
         "it is in Later, not in Next"),
        (["quarter", "open", "next"], "next: not a quarter like 2027-Q1"),
        # the old verb opens the app, and never edits a quarter's files
        (["open", "2027-Q1"], "okrboard quarter open 2027-Q1"),
        (["open", "2027-Q1", "--team", "growth"], "unrecognized arguments: --team"),
    ],
)  # fmt: skip
def test_the_open_command_names_what_it_cannot_open(demo, args, message):
    result = okrboard(demo, *args)
    assert result.returncode == 2 and message in result.stderr
    assert git(demo, "status", "--porcelain") == ""


def test_a_folder_named_like_a_quarter_is_still_a_folder(tmp_path):
    """'okrboard 2027-Q1' and 'okrboard open 2027-Q1' open the app on a folder of that
    name, if there is one; neither ever opens the quarter (that is 'quarter open')."""
    for command in (["2027-Q1"], ["open", "2027-Q1"]):
        result = subprocess.run(
            [sys.executable, "-m", "okrboard", *command],
            capture_output=True, text=True, cwd=tmp_path, stdin=subprocess.DEVNULL,
        )  # fmt: skip
        assert result.returncode == 2 and "okrboard quarter open 2027-Q1" in result.stderr
    (tmp_path / "2027-Q1").mkdir()
    result = subprocess.run(
        [sys.executable, "-m", "okrboard", "open", "2027-Q1"],
        capture_output=True, text=True, cwd=tmp_path, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert result.returncode == 2 and "is not an okrboard board" in result.stderr
