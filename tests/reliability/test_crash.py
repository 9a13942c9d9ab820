"""Crash safety: every writer killed (SIGKILL) at random points leaves each file whole,
with its old bytes or its new ones. ``OKRBOARD_CRASH_RUNS`` sets the kills per writer
(1,000 by default; docs/reliability.md has the figures of the last full run)."""

from __future__ import annotations

import datetime as dt
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import tomlkit  # noqa: F401 (loaded once here, so the kills land in the save, not its import)

from okrboard import cli
from okrboard.domain import edits
from okrboard.domain.model import CheckIn
from okrboard.files.load import load_board
from okrboard.files.session import Session
from okrboard.files.store import encoded
from okrboard.git import mergedriver
from tests.helpers import opening_the_next_quarter
from tests.reliability.crashkit import Tally, crash

RUNS = int(os.environ.get("OKRBOARD_CRASH_RUNS", "1000"))
KR = "2026-Q4/growth/activation/activation-rate"
OKR = "okrs/2026-Q4/growth.toml"

pytestmark = [
    pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork"),
    pytest.mark.slow,  # 1,000 kills a writer: minutes
]


def report(name: str, tally: Tally) -> None:
    """The figures, for docs/reliability.md (seen with ``pytest -s``)."""
    print(
        f"\n{name}: {tally.runs} kills, {tally.finished} after the writer ended; "
        f"old {tally.old}, new {tally.new}, mixed {tally.mixed}, "
        f"temporary files left {tally.leftovers}, failures {len(tally.failures)}"
    )
    assert not tally.failures, tally.failures[:5]
    assert tally.old and tally.new, "the kills did not land on both sides of the save"


def snapshot(root: Path, rels: list[str]) -> dict[Path, bytes | None]:
    return {
        root / rel: (root / rel).read_bytes() if (root / rel).exists() else None for rel in rels
    }


def test_a_check_in_saved_from_the_app(sample_dir):
    session = Session(load_board(sample_dir))
    checkin = CheckIn(date=dt.date(2026, 11, 20), value=47.0, confidence=6, note="kill me")

    def write():
        session.edit(lambda b: edits.record_checkin(b, KR, checkin), "check-in")

    report("app check-in", crash(write, snapshot(sample_dir, [OKR]), RUNS))


def test_opening_a_quarter_that_writes_several_files(sample_dir):
    board = load_board(sample_dir)
    change = opening_the_next_quarter(board)
    rels = [encoded(part)[0] for part in change(load_board(sample_dir))]
    assert len(rels) >= 3 and "board.toml" in rels
    session = Session(board)

    def write():
        session.edit_parts(change, "open")

    report("open a quarter", crash(write, snapshot(sample_dir, rels), RUNS))


def test_the_checkin_command(sample_dir):
    args = ["checkin", KR, "47", "--dir", str(sample_dir), "--date", "2026-11-20"]
    report("okrboard checkin", crash(lambda: cli.main(args), snapshot(sample_dir, [OKR]), RUNS))


def test_the_merge_driver(tmp_path, sample_dir):
    text = (sample_dir / OKR).read_text()
    base, ours, theirs = tmp_path / "base", tmp_path / "ours", tmp_path / "theirs"
    base.write_text(text)
    ours_text = text.replace("current = 46", "current = 47")
    theirs.write_text(text.replace("confidence = 6", "confidence = 5", 1))
    ours.write_text(ours_text)
    assert ours_text != text

    def write():
        assert mergedriver.driver(base, ours, theirs, OKR) == 0

    report("merge driver", crash(write, {ours: ours_text.encode()}, RUNS))


def test_the_real_checkin_command_killed_mid_run(sample_dir):
    """The installed command in its own Python, killed after a random delay: no fork."""
    path = sample_dir / OKR
    old = path.read_bytes()
    command = [sys.executable, "-m", "okrboard", "checkin", KR, "47", "--dir", str(sample_dir)]
    command += ["--date", "2026-11-20"]

    def run(delay: float | None) -> bytes:
        path.write_bytes(old)
        started = time.perf_counter()
        child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if delay is not None:
            time.sleep(delay)
            child.send_signal(signal.SIGKILL)
        child.wait()
        run.took = time.perf_counter() - started
        return path.read_bytes()

    new = run(None)
    assert new != old
    rng = random.Random(0)
    seen = {old: 0, new: 0}
    for _ in range(max(4, RUNS // 50)):
        after = run(rng.uniform(run.took * 0.5, run.took * 1.1))
        assert after in seen, "the file is neither old nor new"
        seen[after] += 1
