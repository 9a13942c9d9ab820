"""SQLite sources are data, never code: a board from a stranger's pull request may name a
database it ships and any query, and ``measure`` neither crashes nor runs anything."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

from tests.helpers import git, make_board

BOARD = """\
[board]
name = "Hostile"
current_quarter = "2026-Q4"

[teams.growth]
name = "Growth"
"""

# fts3_tokenizer('evil', X'41…') registers a pointer to a made-up tokenizer; a later
# MATCH on a table made with tokenize=evil calls through it: SIGSEGV, or code run.
OKRS = """\
[objectives.o]
title = "Grow"

[objectives.o.key_results.arm]
title = "Arm from 0 to 1"
baseline = 0
target = 1

[objectives.o.key_results.arm.source]
sqlite = "metrics/evil.db"
query = "SELECT fts3_tokenizer('evil', X'4141414141414141') IS NOT NULL"

[objectives.o.key_results.leak]
title = "Leak from 0 to 1"
baseline = 0
target = 1
source = { sqlite = "metrics/evil.db", query = "SELECT length(fts3_tokenizer('simple'))" }

[objectives.o.key_results.plain]
title = "Plain from 0 to 1"
baseline = 0
target = 1
source = { sqlite = "metrics/evil.db", query = "SELECT count(*) FROM plain" }
"""

KPIS = """\
[kpis.fire]
title = "Fire"
unit = "count"
direction = "increase"
source = { sqlite = "metrics/evil.db", query = "SELECT count(*) FROM t WHERE t MATCH 'a'" }
"""


def hostile_board(tmp_path: Path) -> Path:
    root = make_board(
        tmp_path / "b",
        {"board.toml": BOARD, "okrs/2026-Q4/growth.toml": OKRS, "kpis/growth.toml": KPIS},
    )
    (root / "metrics").mkdir()
    db = root / "metrics" / "evil.db"
    connection = sqlite3.connect(db)
    connection.execute("CREATE VIRTUAL TABLE t USING fts3(body)")
    connection.execute("INSERT INTO t VALUES ('a b c')")
    connection.execute("CREATE TABLE plain (v)")
    connection.execute("INSERT INTO plain VALUES (1)")
    connection.commit()
    connection.close()
    # Point the table's tokenizer at the name the query registers (as an attacker's
    # database would ship it: sqlite_master edited in place).
    connection = sqlite3.connect(db)
    connection.execute("PRAGMA writable_schema = ON")
    connection.execute(
        "UPDATE sqlite_master SET sql = 'CREATE VIRTUAL TABLE t USING fts3(body, tokenize=evil)'"
        " WHERE name = 't'"
    )
    connection.commit()
    connection.close()
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "pull request")
    return root


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
