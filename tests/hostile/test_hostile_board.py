"""One board crafted to attack, run through every command that reads a board: the SQLite
tokenizer trick, loopback and metadata URLs, a command source, a symlink out of the board,
values nested 3,000 deep, a byte-order mark, bidi and escape characters, ``<script>`` and
``javascript:`` in every text field, and a ``.gitattributes`` naming a driver. Nothing
crashes, no program runs, no host is reached, nothing outside the board is read, and each
command exits as docs/cli.md says."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import git
from tests.hostile.kit import address, hostile_board, serving

MARK = "okrboard-was-here"
SCRIPT = '<script>alert(1)</script><a href="javascript:alert(1)">x</a>\u202e\x1b[2J\x07'


@pytest.fixture
def server():
    yield from serving("127.0.0.1")


@pytest.fixture
def hostile(tmp_path, server):
    root = hostile_board(tmp_path)  # the SQLite trick, on KRs and a KPI
    outside = tmp_path / "secret.toml"
    outside.write_text('[objectives.stolen]\ntitle = "SECRET-OUTSIDE"\n')
    (root / "okrs" / "2026-Q3").mkdir()
    os.symlink(outside, root / "okrs" / "2026-Q3" / "growth.toml")
    marker = tmp_path / MARK
    okrs = root / "okrs/2026-Q4/growth.toml"
    okrs.write_text(
        okrs.read_text()
        + f"""
[objectives.x]
title = {json.dumps(SCRIPT)}
owner = "javascript:alert(1)"
description = "</textarea><img src=x onerror=alert(1)>"

[objectives.x.key_results.net]
title = "Net from 0 to 1"
baseline = 0
target = 1
source = {{ url = "http://{address(server)}/creds.json", path = "value" }}

[objectives.x.key_results.meta]
title = "Meta from 0 to 1"
baseline = 0
target = 1
source = {{ url = "http://169.254.169.254/latest/meta-data/", path = "value" }}

[objectives.x.key_results.cmd]
title = "Cmd from 0 to 1"
baseline = 0
target = 1
source = {{ command = ["{sys.executable}", "-c", "open('{marker}', 'w')"] }}
"""
    )
    deep = root / "trees" / "deep.toml"
    deep.parent.mkdir()
    deep.write_bytes(b"\xef\xbb\xbf" + b"x_deep = " + b"[" * 3000 + b"]" * 3000 + b"\n")
    (root / ".gitattributes").write_text(
        f"*.toml merge=evil diff=evil filter=evil\n# driver: {sys.executable} -c open('{marker}')\n"
    )
    git(root, "add", "-A")
    git(root, "commit", "-qm", "a stranger's pull request")
    return root, marker


COMMANDS = [
    (["check"], 1), (["lint"], 1), (["report", "2026-Q4"], 1), (["diff", "HEAD~1", "HEAD"], 1),
    (["log"], 0), (["measure", "--dry-run"], 1), (["measure"], 1), (["due"], 1), (["links"], 1),
    (["checkin", "arm", "1"], 0),  # its own file is whole: a check-in needs no more
    (["close", "2026-Q4", "--dry-run"], 1),
]  # fmt: skip


@pytest.mark.parametrize(("command", "code"), COMMANDS)
def test_every_command_on_the_hostile_board(hostile, server, command, code):
    root, marker = hostile
    done = subprocess.run(
        [sys.executable, "-m", "okrboard", "-C", str(root), *command],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    said = done.stdout + done.stderr
    assert done.returncode == code, (done.returncode, said[-3000:])
    assert "Traceback" not in said
    assert not marker.exists()  # no program ran
    assert server.requests == []  # no host reached
    assert "SECRET-OUTSIDE" not in said  # nothing outside the board read
    assert "\x1b" not in said and "\u202e" not in said  # escapes shown, never sent


def test_the_site_of_the_hostile_board_runs_no_script(hostile, server, tmp_path):
    root, marker = hostile
    out = tmp_path / "site"
    done = subprocess.run(
        [sys.executable, "-m", "okrboard", "-C", str(root), "export", "html", str(out)],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 1 and "Traceback" not in done.stderr  # a file is unreadable
    pages = "".join(p.read_text() for p in Path(out).glob("*.html"))
    assert "<script>" not in pages and "<img" not in pages and 'href="javascript:' not in pages
    assert "\u202e" not in pages and "\x1b" not in pages  # shown escaped, as text
    assert "&lt;script&gt;" in pages
    assert not marker.exists() and server.requests == []


def test_the_served_hostile_board_starts_no_program(hostile, server):
    root, marker = hostile
    process = subprocess.run(
        [sys.executable, "-m", "okrboard", "serve", str(root), "--port", "9"],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert process.returncode == 1  # a file cannot be read: nothing served
    assert "nothing served" in process.stderr
    assert not marker.exists() and server.requests == []
