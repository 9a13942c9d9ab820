"""The alignment map, the quarterly report and the check-in command, in the core and CLI."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from okrboard.cli import main
from okrboard.domain import alignment
from okrboard.files.load import load_board
from okrboard.files.session import Session
from okrboard.reports import report
from tests.helpers import SAMPLE, TODAY, make_app, make_board

BOARD = """\
[board]
name = "Map"
current_quarter = "2026-Q3"

[teams.company]
name = "Company"

[teams.a]
name = "A"
parent = "company"

[teams.b]
name = "B"
parent = "company"
"""


def kr_table(o: str, k: str, current: float, extra: str = "") -> str:
    return (
        f'[objectives.{o}.key_results.{k}]\ntitle = "{k}"\nbaseline = 0\ntarget = 100\n'
        f"current = {current}\n{extra}\n"
    )


def map_board(tmp_path):
    files = {
        "board.toml": BOARD,
        "okrs/2026-Q3/company.toml": '[objectives.grow]\ntitle = "Grow"\n\n'
        + kr_table("grow", "arr", 50)
        + '[objectives.keep]\ntitle = "Keep"\n\n'
        + kr_table("keep", "nrr", 10),
        "okrs/2026-Q3/a.toml": '[objectives.x]\ntitle = "X"\n'
        'aligns_to = ["2026-Q3/company/grow", "2026-Q3/company/keep"]\n\n'
        + kr_table("x", "x1", 20, 'contributes_to = ["2026-Q3/company/grow/arr"]'),
        "okrs/2026-Q3/b.toml": '[objectives.y]\ntitle = "Y"\n'
        'aligns_to = ["2026-Q3/company/grow"]\n\n'
        + kr_table("y", "y1", 60, 'contributes_to = ["2026-Q3/company/grow/arr"]')
        + '[objectives.lonely]\ntitle = "Lonely"\n\n'
        + kr_table("lonely", "l1", 0),
    }
    return load_board(make_board(tmp_path, files))


def test_the_map_puts_team_objectives_under_company_ones_with_roll_up(tmp_path):
    board = map_board(tmp_path)
    assert not board.problems
    result = alignment.build(board, "2026-Q3")
    grow, keep = result.roots
    assert [c.ref for c in grow.children] == [
        "2026-Q3/company/grow/arr",
        "2026-Q3/a/x",
        "2026-Q3/b/y",
    ]
    assert grow.progress == 0.5
    assert grow.rollup == pytest.approx((0.2 + 0.6) / 2)  # the aligned objectives' progress
    arr = grow.children[0]
    assert [c.ref for c in arr.children] == ["2026-Q3/a/x/x1", "2026-Q3/b/y/y1"]
    assert arr.rollup == pytest.approx(0.4)
    # many-to-many: X is under both; shown in full once, marked where it repeats
    x_again = [c for c in keep.children if c.ref == "2026-Q3/a/x"]
    assert x_again and x_again[0].repeat and not x_again[0].children
    assert [o.ref for o in result.orphans] == ["2026-Q3/b/lonely"]


def test_an_alignment_loop_does_not_hang_the_map(tmp_path):
    files = {
        "board.toml": BOARD,
        "okrs/2026-Q3/company.toml": '[objectives.c]\ntitle = "C"\n'
        'aligns_to = ["2026-Q3/company/d"]\n'
        '[objectives.d]\ntitle = "D"\naligns_to = ["2026-Q3/company/c"]\n',
    }
    board = load_board(make_board(tmp_path, files))
    assert any("loop" in p.message for p in board.problems)
    result = alignment.build(board, "2026-Q3")
    assert [n.ref for n in result.roots] == ["2026-Q3/company/c", "2026-Q3/company/d"]


# -- the quarterly report -------------------------------------------------------------------


def test_the_report_has_scores_trends_learnings_roadmap_and_quarter_over_quarter():
    board = load_board(SAMPLE)
    data = report.build(board, "2026-Q3", TODAY)
    text = report.as_markdown(data)
    for heading in ("## Scores", "## Trends", "## Learnings", "## Roadmap changes",
                    "## Quarter over quarter", "## Coach"):  # fmt: skip
        assert heading in text
    assert text.startswith("# Quarterly review: Fieldnote Product, 2026-Q3")
    assert "| Reduce time-to-value from 9 to 5 minutes | 6.1 min | 5 min | 0.73 | success |" in text
    assert "> Referrals need a reason to invite" in text
    assert "Objectives of 2026-Q2: 0 kept, 5 modified, 1 dropped, 2 new" in text
    qoq = text.split("## Quarter over quarter")[1].split("## Coach")[0]
    assert "`2026-Q" not in qoq.split("The whole comparison")[0]  # titles, not references
    assert "): dropped" in qoq and "new in 2026-Q3" in qoq
    assert "Not in a git repository" in text
    growth = next(t for t in data["teams"] if t["team"] == "growth")
    assert growth["closed"] == "2026-10-01"
    ttv = growth["objectives"][0]["key_results"][0]
    assert ttv["values"][0] == 8.5 and ttv["values"][-1] == 6.1 and ttv["grade"] == 0.73


def test_the_report_shows_roadmap_changes_from_git(demo):
    from okrboard.reports import quarters

    board = load_board(demo)
    data = report.build(board, "2026-Q4", TODAY, quarters.boards_from_git(demo))
    assert data["roadmap_changes"]
    text = report.as_markdown(data)
    section = text.split("## Roadmap changes")[1].split("##")[0]
    assert data["roadmap_changes"][0] in section


def test_report_cells_stay_in_their_table(tmp_path):
    files = {
        "okrs/2026-Q3/growth.toml": '[objectives.o]\ntitle = "Pipes | and\\nnewlines"\n\n'
        + kr_table("o", "k", 10),
    }
    board = load_board(make_board(tmp_path, files))
    text = report.as_markdown(report.build(board, "2026-Q3", TODAY))
    assert "| **Pipes \\| and newlines** |" in text


def test_report_cli_prints_or_writes_and_rejects_an_empty_quarter(sample_dir, capsys):
    assert main(["report", "2026-Q3", "--dir", str(sample_dir)]) == 0
    assert "## Scores" in capsys.readouterr().out
    out = sample_dir.parent / "review.md"
    assert main(["report", "2026-Q3", "--dir", str(sample_dir), "-o", str(out)]) == 0
    assert out.read_text().startswith("# Quarterly review")
    assert main(["report", "2026-Q3", "--dir", str(sample_dir), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["previous"] == "2026-Q2"
    assert main(["report", "2031-Q1", "--dir", str(sample_dir)]) == 2
    assert "no OKRs for 2031-Q1" in capsys.readouterr().err


# -- okrboard checkin ------------------------------------------------------------------------

KR = "2026-Q4/growth/activation/activation-rate"
OKR = "okrs/2026-Q4/growth.toml"


async def test_checkin_writes_what_the_tui_writes(sample_dir, tmp_path, capsys):
    import shutil

    from tests.helpers import select

    tui = tmp_path / "tui"
    shutil.copytree(sample_dir, tui)
    app = make_app(tui)
    async with app.run_test(size=(120, 40)) as pilot:
        await select(pilot, KR)
        await pilot.press("c", "4", "8", "tab", "backspace", "7", "tab", *"Checklist", "ctrl+s")
        await pilot.pause()
    args = [
        "checkin",
        KR,
        "48",
        "--confidence",
        "7",
        "--note",
        "Checklist",
        "--dir",
        str(sample_dir),
    ]
    assert main([*args, "--date", TODAY.isoformat()]) == 0
    assert (sample_dir / OKR).read_bytes() == (tui / OKR).read_bytes()
    out = capsys.readouterr().out
    assert out.startswith(f"Checked in {KR}: 48% on 2026-11-22, confidence 7/10, 78% of the way")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([KR, "lots"], "VALUE: 'lots' is not a number"),
        ([KR, "48", "--confidence", "11"], "--confidence: 11 is above the highest allowed value"),
        ([KR, "48", "--date", "2026-13-01"], "--date:"),
        (["2026-Q4/growth/activation/nope", "48"], "no key result"),
    ],
)
def test_checkin_refuses_bad_input_and_writes_nothing(sample_dir, capsys, args, message):
    before = (sample_dir / OKR).read_bytes()
    unknown = message == "no key result"  # not a usage error: exit 1, as for every item
    assert main(["checkin", *args, "--dir", str(sample_dir)]) == (1 if unknown else 2)
    assert message in capsys.readouterr().err
    assert (sample_dir / OKR).read_bytes() == before


def test_checkin_refuses_a_file_with_errors(sample_dir, capsys):
    path = sample_dir / OKR
    path.write_text(path.read_text() + "\n[objectives.broken\n")
    before = path.read_bytes()
    # the KR is in the broken file: the message names it and its error, not "no key result"
    assert main(["checkin", KR, "48", "--dir", str(sample_dir)]) == 1  # a file cannot be read
    assert path.read_bytes() == before
    said = capsys.readouterr().err
    assert "is in a file that cannot be read: okrs/2026-Q4/growth.toml:" in said
    assert "TOML syntax error" in said


def test_session_edit_parts_refuses_all_when_one_file_changed(git_board):
    board = load_board(git_board)
    session = Session(board)
    roadmap = git_board / "roadmaps/growth.toml"
    roadmap.write_text(roadmap.read_text() + "\n# edited elsewhere\n")
    from okrboard.domain import lifecycle
    from okrboard.files.store import SaveRefused

    close = lifecycle.close_defaults(board, "2026-Q4", "growth")
    close.actual[("roadmap/growth/guided-setup", KR)] = 2
    okr_before = (git_board / OKR).read_bytes()
    with pytest.raises(SaveRefused, match="changed on disk"):
        session.edit_parts(
            lambda b: lifecycle.close_quarter(b, "2026-Q4", "growth", close, dt.date(2026, 12, 30)),
            "close",
        )
    assert (git_board / OKR).read_bytes() == okr_before  # nothing written at all
    assert roadmap.read_text().endswith("# edited elsewhere\n")
