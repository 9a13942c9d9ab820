"""A disk that refuses a write (full, read-only): the user is told which file and why, and
the files on disk are as they were, every one of them."""

from __future__ import annotations

import datetime as dt
import errno
import os
import tempfile
from pathlib import Path

import pytest

from okrboard import cli
from okrboard.domain import edits
from okrboard.domain.model import CheckIn
from okrboard.files.load import load_board
from okrboard.files.session import SaveFailed, Session
from okrboard.widgets.rowlist import RowList
from tests.compat import notifications
from tests.helpers import make_app, opening_the_next_quarter

KR = "2026-Q4/growth/activation/activation-rate"
OKR = "okrs/2026-Q4/growth.toml"
CHECKIN = CheckIn(date=dt.date(2026, 11, 20), value=47.0, confidence=6)


def refuse_writes(monkeypatch, error: int, after: int = 0) -> None:
    """Every new file written after the first ``after`` fails as the kernel fails it.
    A full disk is real: the temporary file is /dev/full, which answers each write with
    ENOSPC. A read-only file system cannot be mounted without privileges: its EROFS is
    raised where the kernel would raise it, on creating the temporary file."""
    real = tempfile.mkstemp
    calls = [0]

    def mkstemp(*args, **kwargs):
        calls[0] += 1
        if calls[0] <= after:
            return real(*args, **kwargs)
        if error == errno.EROFS:
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(kwargs.get("dir")))
        fd, name = real(*args, **kwargs)
        full = os.open("/dev/full", os.O_WRONLY)
        os.dup2(full, fd)
        os.close(full)
        return fd, name

    monkeypatch.setattr(tempfile, "mkstemp", mkstemp)


def files_of(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".git" not in p.parts
    }


DISKS = [(errno.ENOSPC, "No space left on device"), (errno.EROFS, "Read-only file system")]


@pytest.mark.parametrize(("error", "why"), DISKS)
def test_an_edit_the_disk_refuses_changes_nothing(sample_dir, monkeypatch, error, why):
    before = files_of(sample_dir)
    session = Session(load_board(sample_dir))
    refuse_writes(monkeypatch, error)
    with pytest.raises(SaveFailed, match=f"^{OKR}: could not be saved: {why}; the file on disk"):
        session.edit(lambda b: edits.record_checkin(b, KR, CHECKIN), "check-in")
    assert files_of(sample_dir) == before  # no temporary file left either
    assert session.undo_stack == []
    assert session.board.key_result(KR).current == 46  # the model follows the disk


def test_a_several_file_change_is_put_back_when_a_later_write_fails(sample_dir, monkeypatch):
    before = files_of(sample_dir)
    board = load_board(sample_dir)
    quarter, change = board.current_quarter, opening_the_next_quarter(board)
    session = Session(board)
    refuse_writes(monkeypatch, errno.ENOSPC, after=1)  # the first file is written
    with pytest.raises(SaveFailed, match="No space left on device"):
        session.edit_parts(change, "open")
    assert files_of(sample_dir) == before
    assert session.board.current_quarter == quarter


def test_a_rename_that_fails_half_way_puts_the_first_files_back(sample_dir, monkeypatch):
    before = files_of(sample_dir)
    session = Session(load_board(sample_dir))
    change = opening_the_next_quarter(session.board)
    real, calls = os.replace, []

    def replace(src, dst):
        calls.append(dst)
        if len(calls) == 2:
            raise OSError(errno.EIO, os.strerror(errno.EIO))
        real(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(SaveFailed, match="Input/output error"):
        session.edit_parts(change, "open")
    monkeypatch.undo()
    assert len(calls) >= 2
    assert files_of(sample_dir) == before  # the first file renamed is put back


def test_an_undo_the_disk_refuses_keeps_the_edit(sample_dir, monkeypatch):
    session = Session(load_board(sample_dir))
    session.edit(lambda b: edits.record_checkin(b, KR, CHECKIN), "check-in")
    after = files_of(sample_dir)
    refuse_writes(monkeypatch, errno.ENOSPC)
    with pytest.raises(SaveFailed, match=f"{OKR}: could not be undone: No space"):
        session.undo()
    assert files_of(sample_dir) == after
    assert len(session.undo_stack) == 1  # still there to undo once the disk has room


@pytest.mark.parametrize(("error", "why"), DISKS)
def test_the_checkin_command_says_why_and_exits_1(sample_dir, monkeypatch, capsys, error, why):
    before = files_of(sample_dir)
    refuse_writes(monkeypatch, error)
    assert cli.main(["checkin", KR, "47", "--dir", str(sample_dir)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"okrboard: {OKR}: could not be saved: {why}")
    assert "Traceback" not in err
    assert files_of(sample_dir) == before


def test_the_report_command_says_why_when_it_cannot_write(sample_dir, monkeypatch, capsys):
    refuse_writes(monkeypatch, errno.EROFS)
    out = sample_dir / "review.md"
    assert cli.main(["report", "2026-Q4", "--dir", str(sample_dir), "-o", str(out)]) == 1
    assert "Read-only file system" in capsys.readouterr().err
    assert not out.exists()


async def test_the_app_says_why_and_keeps_running(git_board, monkeypatch):
    before = files_of(git_board)
    app = make_app(git_board)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        rows = [row.ref for row in screen.rows]
        screen.query_one(RowList).cursor = rows.index(KR)
        await pilot.pause(0.3)
        refuse_writes(monkeypatch, errno.ENOSPC)
        await pilot.press("c", "4", "7", "enter")
        await pilot.pause()
        messages = notifications(app)
        assert any(f"{OKR}: could not be saved: No space left on device" in m for m in messages)
        assert app.is_running and app.screen is screen
        assert files_of(git_board) == before
        monkeypatch.undo()  # room again: the same check-in now saves
        await pilot.press("c", "4", "7", "enter")
        await pilot.pause()
        assert "value = 47" in (git_board / OKR).read_text()
