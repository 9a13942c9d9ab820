"""SQLite sources are data, never code: a board from a stranger's pull request may name a
database it ships and any query, and ``measure`` neither crashes nor runs anything."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.hostile.kit import hostile_board


def test_the_fts3_tokenizer_trick_is_an_error_naming_the_item_not_a_crash(tmp_path):
    root = hostile_board(tmp_path)
    done = subprocess.run(
        [sys.executable, "-m", "okrboard", "-C", str(root), "measure", "--dry-run",
         "--format", "json"],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 1, (done.returncode, done.stderr[-2000:])
    found = {r["ref"].rsplit("/", 1)[1]: r for r in json.loads(done.stdout)["measured"]}
    assert found["arm"]["outcome"] == "error"
    assert "fts3_tokenizer" in found["arm"]["error"]
    assert found["leak"]["outcome"] == "error"  # no library address leaked as a value
    assert found["fire"]["outcome"] == "error"
    assert "virtual table" in found["fire"]["error"]
    assert found["plain"]["outcome"] == "would record"  # a plain read still works


def test_check_warns_of_a_query_calling_a_function_that_is_not_plain(tmp_path, capsys):
    from okrboard.cli import main

    root = hostile_board(tmp_path)
    assert main(["-C", str(root), "check"]) == 1
    said = capsys.readouterr().out
    assert "okrs/2026-Q4/growth.toml" in said and "fts3_tokenizer" in said
