"""Two writers at once lose nothing: two ``okrboard checkin`` processes racing on one key
result, and on two key results of one file, 20 rounds each; every check-in a process
reported saved (exit 0) is in the file afterwards, and the file is always whole TOML."""

from __future__ import annotations

import subprocess
import sys
import tomllib

import pytest

from tests.helpers import git

REL = "okrs/2026-Q4/growth.toml"
BOARD = '[board]\nname = "Race"\ncurrent_quarter = "2026-Q4"\n\n[teams.growth]\nname = "G"\n'
OKRS = """\
[objectives.o]
title = "Grow"

[objectives.o.key_results.one]
title = "One from 0 to 100"
baseline = 0
target = 100

[objectives.o.key_results.two]
title = "Two from 0 to 100"
baseline = 0
target = 100
"""
ROUNDS = 20


@pytest.fixture
def board(tmp_path):
    root = tmp_path / "b"
    (root / "okrs" / "2026-Q4").mkdir(parents=True)
    (root / "board.toml").write_text(BOARD)
    (root / REL).write_text(OKRS)
    git(root, "init", "-q", "-b", "main")
    return root


def checkin(root, kr: str, value: int, day: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "okrboard", "-C", str(root), "checkin", kr, str(value),
         "--date", day, "--note", f"{kr} {value}"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def race(root, first: str, second: str) -> list[tuple[str, int, str]]:
    """ROUNDS rounds of two check-ins started together; those that said they were saved."""
    saved = []
    for n in range(ROUNDS):
        day = f"2026-11-{n + 1:02d}"
        runs = [(first, 10 + n, checkin(root, first, 10 + n, day)),
                (second, 50 + n, checkin(root, second, 50 + n, day))]  # fmt: skip
        for kr, value, process in runs:
            out, err = process.communicate(timeout=120)
            if process.returncode == 0 and "Checked in" in out:
                saved.append((kr, value, day))
            else:
                assert process.returncode == 1 and "okrboard:" in err, (out, err)
        tomllib.loads((root / REL).read_text())  # whole after every round
    return saved


def in_file(root) -> set[tuple[str, float, str]]:
    data = tomllib.loads((root / REL).read_text())["objectives"]["o"]["key_results"]
    return {(kr, c["value"], c["date"].isoformat()) for kr, t in data.items()
            for c in t.get("checkins", [])}  # fmt: skip


def test_two_check_ins_on_two_key_results_of_one_file(board):
    saved = race(board, "one", "two")
    assert len(saved) == 2 * ROUNDS  # one waits for the other, then applies its own
    assert set(saved) <= in_file(board)


def test_two_check_ins_on_one_key_result_the_same_day(board):
    saved = race(board, "one", "one")
    found = in_file(board)
    assert len(found) == ROUNDS  # one check-in a day: the one saved last replaced the other
    assert all((kr, v, d) in {(k, float(x), y) for k, x, y in saved} for kr, v, d in found)
    assert {d for _, _, d in saved} == {d for _, _, d in found}
