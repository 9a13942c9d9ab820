"""A board whose growth team wrote every kind of wrong value, reference and cycle: each is
reported by file, line and key, every view opens on it, and the other teams' items are
shown and editable as usual."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from okrboard.cli import main
from okrboard.files.load import load_board
from tests.helpers import SAMPLE, git, make_app, workers_done

OKR = "okrs/2026-Q4/growth.toml"
BAD = f"""\
[objectives.bad]
title = "{"Long " * 20_000}"
rank = "first"
aligns_to = ["2026-Q4/growth/loop", "2026-Q4/company/missing"]

[objectives.bad.key_results.nan]
title = "NaN and infinities"
baseline = nan
target = inf
current = -inf
confidence = 1_000_000_000_000_000_000
weight = -1
direction = "sideways"
checkins = [
  {{ date = 0001-01-01, value = 1e308 }},
  {{ date = 9999-12-31, value = -1e308, confidence = 11 }},
  {{ date = "yesterday", value = "high" }},
  {{ date = 2026-11-01T10:00:00Z, value = 3 }},
]

[objectives.bad.key_results.types]
title = 42
owner = ["a", "b"]
baseline = "zero"
target = true
current = {{ value = 1 }}
contributes_to = ["2026-Q4/growth/bad/types", "../../etc/passwd"]

[objectives.loop]
title = "Aligns to itself through bad"
aligns_to = ["2026-Q4/growth/bad"]

[objectives."with space"]
title = "An id with a space"

[objectives."ünïcødé"]
title = "An id in unicode"

[objectives."a/b"]
title = "An id with a slash"
"""
TREE = """\
[tree]
title = "Cycles"
outcome = "2026-Q4/growth/nowhere/none"

[nodes.a]
type = "opportunity"
title = "A"
parent = "b"

[nodes.b]
type = "opportunity"
title = "B"
parent = "a"

[nodes.self]
type = "solution"
title = "Self"
parent = "self"
"""
LINE = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+): ")


@pytest.fixture
def bad_board(tmp_path) -> Path:
    root = tmp_path / "board"
    shutil.copytree(SAMPLE, root)
    (root / OKR).write_text(BAD)
    (root / "trees" / "cycles.toml").write_text(TREE)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "bad values")
    return root


def test_each_bad_value_is_named_by_file_line_and_key(bad_board, capsys):
    assert main(["check", str(bad_board)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert all(LINE.match(line) for line in out), [x for x in out if not LINE.match(x)]
    text = "\n".join(out)
    for key in (
        "objectives.bad.title", "objectives.bad.rank", "key_results.nan.baseline",
        "key_results.nan.target", "key_results.nan.confidence", "key_results.nan.direction",
        "key_results.types.title", "key_results.types.target", "key_results.types.contributes_to",
        "objectives.loop.aligns_to", 'objectives."with space"', "nodes.a.parent",
        "nodes.self.parent", "tree.outcome",
    ):  # fmt: skip
        assert key in text, key
    assert "Traceback" not in text


def test_the_rest_of_the_board_is_as_it_was(bad_board):
    board, sample = load_board(bad_board), load_board(SAMPLE)
    others = [ref for ref, _, _ in sample.iter_key_results() if "/growth/" not in ref]
    assert others and all(board.key_result(ref) is not None for ref in others)
    elsewhere = [p for p in board.problems if p.file not in (OKR, "trees/cycles.toml")]
    # Elsewhere, only links into the growth items this file no longer holds.
    assert elsewhere and all("'2026-Q4/growth/" in p.message for p in elsewhere)


@pytest.mark.parametrize("keys", [(), ("2",), ("3",), ("4",), ("5",), ("p",), ("C",)])
async def test_every_view_opens_on_the_bad_board(bad_board, keys):
    app = make_app(bad_board)
    async with app.run_test(size=(120, 40)) as pilot:
        for key in keys:
            await pilot.press(key)
        await workers_done(app)
        await pilot.pause(0.3)
        for _ in range(8):  # move through what the view lists
            await pilot.press("down")
        await pilot.press("down", "up", "tab", "down")
        await workers_done(app)
        await pilot.pause(0.2)
        assert app.is_running


async def test_bad_items_show_and_good_ones_still_edit(bad_board):
    from tests.helpers import select

    app = make_app(bad_board)
    async with app.run_test(size=(120, 40)) as pilot:
        refs = [row.ref for row in app.screen.rows]
        assert "2026-Q4/growth/bad/nan" in refs  # shown, flagged, not dropped
        await select(pilot, "2026-Q4/growth/bad/nan")
        await pilot.press("h")  # its history
        await workers_done(app)
        await pilot.pause()
        await pilot.press("escape")
        core = next(r for r in refs if r.startswith("2026-Q4/core/") and r.count("/") == 3)
        await select(pilot, core)
        await pilot.press("c", "5", "enter")
        await pilot.pause()
        assert "value = 5" in (bad_board / "okrs/2026-Q4/core.toml").read_text()
        assert (bad_board / OKR).read_text() == BAD  # the bad file is never rewritten
