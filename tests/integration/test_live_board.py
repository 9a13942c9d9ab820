"""A board kept loaded for a long-running reader (``okrboard mcp``): each read sees what
changed on disk and in git, and reads nothing again when nothing changed."""

from __future__ import annotations

from pathlib import Path

from okrboard.git.live import LiveBoard
from tests.helpers import committed, git, make_board

BOARD = '[board]\nname = "Доска"\ncurrent_quarter = "2025-Q1"\n[teams.growth]\nname = "Рост"\n'
OKRS = """\
[objectives.win]
title = "Новые команды быстро получают пользу"

[objectives.win.key_results.rate]
title = "Поднять активацию с 40% до 50%"
unit = "%"
baseline = 40
target = 50
"""
LATER = """
[objectives.win.key_results.speed]
title = "Сократить время до первой пользы с 3 дней до 1"
unit = "days"
baseline = 3
target = 1
"""
RATE = "2025-Q1/growth/win/rate"
SPEED = "2025-Q1/growth/win/speed"


def test_each_read_sees_the_disk_and_git_and_an_unchanged_board_reads_nothing(tmp_path: Path):
    root = make_board(tmp_path / "b", {"board.toml": BOARD, "okrs/2025-Q1/growth.toml": OKRS})
    committed(root, env={"GIT_AUTHOR_DATE": "2025-01-02T10:00:00"})
    live = LiveBoard(root)
    with live.reading() as (board, today):
        first, version = board, board.version
        kr = board.key_result(RATE)
        assert kr is not None and kr.target == 50
        assert str(kr.born) == "2025-01-02"
    with live.reading() as (board, _):
        assert board is first and board.version == version  # nothing changed: nothing read

    path = root / "okrs/2025-Q1/growth.toml"
    path.write_text(OKRS.replace("target = 50", "target = 60") + LATER, encoding="utf-8")
    with live.reading() as (board, _):
        assert board.version > version
        rate, speed = board.key_result(RATE), board.key_result(SPEED)
        assert rate is not None and rate.target == 60
        assert speed is not None and speed.born == today  # being added now

    git(root, "commit", "-qam", "a second KR", env={"GIT_AUTHOR_DATE": "2025-02-10T10:00:00"})
    with live.reading() as (board, _):
        speed = board.key_result(SPEED)
        assert speed is not None and str(speed.born) == "2025-02-10"  # HEAD moved: dated again

    path.unlink()
    with live.reading() as (board, _):
        assert board.key_result(RATE) is None and ("2025-Q1", "growth") not in board.okrs
