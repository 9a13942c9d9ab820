"""Numbers a PM can trust: one value per KR, the check-in rules, boards that say what is
missing, and judging as of a day; on boards written by hand from docs/format.md."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from okrboard.domain import edits, scoring
from okrboard.domain.model import CheckIn
from okrboard.files.load import load_board
from okrboard.files.session import Session
from okrboard.files.store import SaveRefused
from okrboard.flows import forms
from tests.helpers import make_board, okrboard

TODAY = dt.date.today()  # for the board's quarter; a test comparing with today reads it anew
QUARTER = f"{TODAY.year}-Q{(TODAY.month - 1) // 3 + 1}"
START = dt.date(TODAY.year, 3 * ((TODAY.month - 1) // 3) + 1, 1)
REF = f"{QUARTER}/growth/activation/rate"


def board_with(tmp_path: Path, kr_lines: str) -> Path:
    """A board whose one KR (``REF``, from 10 to 20) has ``kr_lines`` added."""
    okr = f"""\
[objectives.activation]
title = "Новые пользователи быстрее находят ценность"

[objectives.activation.key_results.rate]
title = "Поднять активацию с 10% до 20%"
unit = "%"
baseline = 10
target = 20
{kr_lines}"""
    board = f'[board]\nname = "Hand-written"\ncurrent_quarter = "{QUARTER}"\n\n'
    board += '[teams.growth]\nname = "Growth"\n'
    return make_board(tmp_path, {"board.toml": board, f"okrs/{QUARTER}/growth.toml": okr})


def checkins(*pairs: tuple[dt.date, float]) -> str:
    rows = ", ".join(f"{{ date = {day}, value = {value} }}" for day, value in pairs)
    return f"checkins = [{rows}]\n"


def problems(root: Path) -> list[str]:
    return [str(p) for p in load_board(root).problems]


def test_the_newest_check_in_is_the_value_without_current(tmp_path):
    root = board_with(tmp_path, checkins((START, 12), (START + dt.timedelta(days=7), 15)))
    kr = load_board(root).key_result(REF)
    assert kr.current is None
    assert kr.value == 15 and scoring.grade(kr) == 0.5  # not 0.00 from the baseline
    assert problems(root) == []


def test_a_current_that_disagrees_with_the_newest_check_in_is_an_error(tmp_path):
    root = board_with(tmp_path, "current = 8\n" + checkins((START, 12)))
    kr = load_board(root).key_result(REF)
    assert kr.value == 12  # the check-in counts
    (found,) = problems(root)
    assert found.startswith(f"okrs/{QUARTER}/growth.toml:9: objectives.activation")
    assert "current = 8 but the newest check-in" in found and "says 12" in found
    assert okrboard("check", str(root)).returncode == 1


@pytest.mark.parametrize(
    ("day", "why"),
    [
        (1, "is after today"),  # days after today, as the test runs (it may be past midnight)
        (dt.date(2099, 1, 1), "is after today"),
        (START - dt.timedelta(days=1), f"is outside {QUARTER} ({START} to"),
    ],
    ids=["tomorrow", "2099", "before-the-quarter"],
)
def test_a_check_in_date_outside_the_quarter_or_after_today_is_an_error(tmp_path, day, why):
    if isinstance(day, int):
        day = dt.date.today() + dt.timedelta(days=day)
    root = board_with(tmp_path, checkins((day, 12)))
    (found,) = problems(root)
    assert ".checkins[0].date" in found and why in found
    done = okrboard("checkin", REF, "13", "--date", day.isoformat(), "--dir", str(root))
    assert done.returncode == 2 and f"--date: {day} {why}" in done.stderr


def test_two_check_ins_on_one_day_are_an_error(tmp_path):
    root = board_with(tmp_path, checkins((START, 12), (START, 13)))
    found = load_board(root).problems
    assert found and all(f"more than one check-in on {START}" in p.message for p in found)
    assert {p.severity for p in found} == {"error"}  # git put one line last: which counts?


def test_a_second_check_in_on_a_day_replaces_the_first_and_says_so(tmp_path):
    root = board_with(tmp_path, "")
    first = okrboard("checkin", REF, "12.3", "--dir", str(root))
    assert first.returncode == 0, first.stderr
    again = okrboard("checkin", REF, "14", "--dir", str(root))
    assert again.returncode == 0 and "replaces today's 12.3" in again.stdout
    kr = load_board(root).key_result(REF)
    assert [(c.date, c.value) for c in kr.checkins] == [(dt.date.today(), 14)]
    assert kr.current == 14 and problems(root) == []


def test_the_domain_refuses_a_future_check_in_and_replaces_a_same_day_one(tmp_path):
    board = load_board(board_with(tmp_path, checkins((START, 12))))
    with pytest.raises(ValueError, match="after today"):
        edits.record_checkin(
            board, REF, CheckIn(date=dt.date.today() + dt.timedelta(days=1), value=1)
        )
    kr = board.key_result(REF)
    assert forms.replaces(kr, START, TODAY) == f"replaces {START}'s 12" or START == TODAY
    replaced = edits.add_checkin(kr, CheckIn(date=START, value=13))
    assert replaced is not None and replaced.value == 12
    assert [c.value for c in kr.checkins] == [13] and kr.current == 13


def test_the_check_in_form_names_the_quarters_dates():
    values = {"date": "2026-06-30", "value": "5"}
    errors = forms.check_checkin(values, "2026-Q3", dt.date(2026, 8, 1))
    assert errors == {
        "date": "2026-06-30 is outside 2026-Q3 (2026-07-01 to 2026-09-30), the KR's quarter"
    }
    assert (
        forms.check_checkin({**values, "date": "2026-07-01"}, "2026-Q3", dt.date(2026, 8, 1)) == {}
    )


# -- a board with a file that cannot be read is never passed off as whole -----------------


def broken_board(tmp_path: Path) -> Path:
    root = board_with(tmp_path, checkins((START, 12)))
    (root / "board.toml").write_text(
        (root / "board.toml").read_text() + '\n[teams.mobile]\nname = "Мобильная"\n'
    )
    (root / f"okrs/{QUARTER}/mobile.toml").write_text(
        '[objectives.retain]\ntitle = "Удержание"\n\n[objectives.retain.key_results.d30\n'
    )
    return root


BROKEN = f"okrs/{QUARTER}/mobile.toml:4: TOML syntax error"


def test_report_and_lint_on_a_board_with_an_unreadable_file_exit_1_and_name_it(tmp_path):
    root = broken_board(tmp_path)
    report = okrboard("report", QUARTER, "--dir", str(root))
    assert report.returncode == 1
    assert report.stdout.startswith("> **Incomplete: what these files hold is missing")
    assert BROKEN in report.stdout.splitlines()[2] and BROKEN in report.stderr
    lint = okrboard("lint", str(root), "--no-git")
    assert lint.returncode == 1 and f"left out: {BROKEN}" in lint.stderr


def test_checkin_on_a_kr_of_an_unreadable_file_names_the_file_and_its_error(tmp_path):
    root = broken_board(tmp_path)
    done = okrboard("checkin", f"{QUARTER}/mobile/retain/d30", "5", "--dir", str(root))
    assert done.returncode == 1
    assert "is in a file that cannot be read" in done.stderr and BROKEN in done.stderr


def test_the_quarter_diff_with_an_unreadable_file_exits_1_and_names_it(tmp_path):
    root = broken_board(tmp_path)
    previous = (
        f"{TODAY.year}-Q{(TODAY.month - 1) // 3}" if TODAY.month > 3 else f"{TODAY.year - 1}-Q4"
    )
    (root / f"okrs/{previous}").mkdir()
    (root / f"okrs/{previous}/growth.toml").write_text('[objectives.a]\ntitle = "Старт"\n')
    done = okrboard("diff", "--quarters", previous, QUARTER, "--dir", str(root))
    assert done.returncode == 1, done.stderr
    assert f"left out: {BROKEN}" in done.stderr


def test_report_and_lint_as_of_a_day_judge_the_board_as_of_that_day(demo_master):
    report = okrboard("report", "2026-Q4", "--at", "2026-10-20", "--dir", str(demo_master))
    assert report.returncode == 0, report.stderr
    assert "as of 2026-10-20" in report.stdout
    lint = okrboard("lint", str(demo_master), "--at", "2026-10-20", "--format", "json")
    stale = [f["ref"] for f in json.loads(lint.stdout)["findings"] if f["rule"] == "KR004"]
    assert stale == []  # three weeks into the quarter, judged then, not today
    bad = okrboard("report", "2026-Q4", "--at", "no-such-rev", "--dir", str(demo_master))
    assert bad.returncode == 2 and "no-such-rev" in bad.stderr


def test_a_check_in_into_a_crlf_file_keeps_its_line_ends(tmp_path):
    root = board_with(tmp_path, checkins((START, 12)))
    path = root / f"okrs/{QUARTER}/growth.toml"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    before = path.read_bytes().split(b"\r\n")
    done = okrboard("checkin", REF, "13", "--dir", str(root))
    assert done.returncode == 0, done.stderr
    after = path.read_bytes()
    assert after.count(b"\n") == after.count(b"\r\n")  # no LF-only line
    added = [line for line in after.split(b"\r\n") if line not in before]
    assert sorted(added)[1] == b"current = 13" and len(added) == 2  # the check-in, its copy


def test_a_test_with_a_result_and_no_success_criteria_is_an_error(tmp_path):
    root = board_with(tmp_path, "")
    tree = f"""\
[tree]
title = "Активация"
outcome = "{REF}"

[nodes.slow-start]
type = "opportunity"
title = "Новые команды не знают, с чего начать"

[nodes.templates]
type = "solution"
title = "Шаблоны проектов"
parent = "slow-start"

[nodes.templates-fit]
type = "assumption"
title = "Шаблоны подходят большинству команд"
parent = "templates"

[nodes.survey]
type = "test"
title = "Опрос новых команд"
parent = "templates-fit"
result = "supported"
"""
    (root / "trees").mkdir()
    (root / "trees/activation.toml").write_text(tree, encoding="utf-8")
    (found,) = load_board(root).problems
    assert (found.file, found.line, found.key) == (
        "trees/activation.toml",
        19,
        "nodes.survey.success_criteria",
    )
    assert found.severity == "error" and "success criteria written before it" in found.message


def test_a_closed_quarter_is_read_only_and_says_how_to_reopen_it(sample_dir):
    path = sample_dir / "okrs/2026-Q3/growth.toml"
    before = path.read_bytes()
    ref = "2026-Q3/growth/activation/activation-rate"
    done = okrboard("checkin", ref, "50", "--date", "2026-09-20", "--dir", str(sample_dir))
    assert done.returncode == 1 and path.read_bytes() == before
    assert "2026-Q3 is closed for growth (on 2026-" in done.stderr
    assert "to change it, reopen it: remove closed = " in done.stderr
    board = load_board(sample_dir)
    with pytest.raises(SaveRefused, match="is closed for growth"):
        Session(board).edit(lambda b: edits.set_fields(b, ref, {"owner": "Ravi"}), "owner")
    assert path.read_bytes() == before and board.key_result(ref).owner != "Ravi"
