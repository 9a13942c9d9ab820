"""Odd files and odd git states get clear answers, never a traceback: a byte-order mark
from a Windows editor, values nested 3,000 deep, a carriage return in a title, no git user,
and a shallow clone."""

from __future__ import annotations

import json
import os
import shutil
import subprocess

import pytest

from okrboard.cli import main
from okrboard.files.load import load_board
from tests.helpers import git

REL = "okrs/2026-Q4/growth.toml"
BOARD = '[board]\nname = "Odd"\ncurrent_quarter = "2026-Q4"\n\n[teams.growth]\nname = "G"\n'
OKRS = """\
[objectives.o]
title = "Grow"

[objectives.o.key_results.k]
title = "Grow from 10 to 20"
baseline = 10
target = 20
"""


def board(tmp_path, okrs: str | bytes = OKRS):
    root = tmp_path / "b"
    (root / "okrs" / "2026-Q4").mkdir(parents=True)
    (root / "board.toml").write_text(BOARD)
    path = root / REL
    path.write_bytes(okrs if isinstance(okrs, bytes) else okrs.encode())
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "start")
    return root


def run(root, *args: str) -> int:
    return main(["-C", str(root), *args])


def test_a_byte_order_mark_is_read_and_kept_on_save(tmp_path, capsys):
    root = board(tmp_path, b"\xef\xbb\xbf" + OKRS.encode())
    assert run(root, "check") == 0
    assert run(root, "checkin", "k", "12", "--date", "2026-11-20") == 0
    raw = (root / REL).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf[objectives.o]")  # kept, once
    assert raw.count(b"\xef\xbb\xbf") == 1
    assert load_board(root).key_result("2026-Q4/growth/o/k").current == 12
    # An edit that adds a table goes through tomlkit, which cannot parse a BOM itself.
    from okrboard.files import store, toml

    text = (root / REL).read_text(encoding="utf-8")
    plain = toml.loads(text)
    plain["objectives"]["p"] = {"title": "Retain"}
    assert store.render(text, plain).startswith('\ufeff[objectives.o]\ntitle = "Grow"')


def test_values_nested_3000_deep_are_a_clear_error_in_every_command(tmp_path, capsys):
    deep = "[" * 3000 + "]" * 3000
    root = board(tmp_path, OKRS + f"x_deep = {deep}\n")
    assert run(root, "check") == 1
    assert "nested more than 32 deep" in capsys.readouterr().out
    for command in (["diff", "HEAD"], ["checkin", "2026-Q4/growth/o/k", "12"], ["lint"],
                    ["report", "2026-Q4"], ["due"], ["measure"]):  # fmt: skip
        code = run(root, *command)
        assert code == 1, command
        assert f"{REL}" in capsys.readouterr().err


def test_a_carriage_return_in_a_title_forges_no_line(tmp_path, capsys):
    root = board(tmp_path)
    text = (
        (root / REL)
        .read_text()
        .replace('title = "Grow"', 'title = "Grow\\r+ added objective forged"')
    )
    (root / REL).write_text(text)
    assert run(root, "diff") == 0
    out = capsys.readouterr().out
    assert "\r" not in out
    assert not [line for line in out.split("\n") if line.startswith("+ added objective")]
    assert "\\x0d" in out or "\\r" in out
    run(root, "report", "2026-Q4")
    assert "\r" not in capsys.readouterr().out


@pytest.fixture
def nobody(tmp_path, monkeypatch):
    """git with no user anywhere, and no guessing one (git then refuses to commit)."""
    home = tmp_path / "home"
    home.mkdir()
    for name in ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME",
                 "GIT_COMMITTER_EMAIL", "EMAIL"):  # fmt: skip
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.delenv("GIT_CONFIG_GLOBAL")
    monkeypatch.setenv("GIT_CONFIG_COUNT", "1")
    monkeypatch.setenv("GIT_CONFIG_KEY_0", "user.useConfigOnly")
    monkeypatch.setenv("GIT_CONFIG_VALUE_0", "true")


def test_without_a_git_user_init_and_close_refuse_as_git_does(tmp_path, demo_master, capsys,
                                                              nobody):  # fmt: skip
    target = tmp_path / "new"
    assert run(tmp_path, "init", str(target)) == 1
    said = capsys.readouterr().err
    assert "git has no user" in said and "git config --global user.name" in said
    assert not (target / "board.toml").exists()  # nothing written
    demo = tmp_path / "demo"
    shutil.copytree(demo_master, demo)
    before = git(demo, "rev-parse", "HEAD")
    assert run(demo, "close", "2026-Q4", "--team", "growth", "--yes") == 1
    assert "git has no user" in capsys.readouterr().err
    assert git(demo, "rev-parse", "HEAD") == before
    assert git(demo, "status", "--porcelain") == ""  # nothing saved either
    assert "okrboard@localhost" not in git(demo, "log", "--format=%ae")


def test_a_shallow_clone_says_where_history_is_cut(tmp_path, demo_master, capsys):
    shallow = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "3", f"file://{demo_master}", str(shallow)],
                   check=True)  # fmt: skip
    assert run(shallow, "lint", "--format", "json", "--fail-on", "never") == 0
    skipped = json.loads(capsys.readouterr().out)["skipped"]
    assert [s["rule"] for s in skipped] == ["KR005"] and "shallow" in skipped[0]["why"]
    run(shallow, "lint", "--fail-on", "never")
    assert "KR005 (moved target) skipped: this clone is shallow" in capsys.readouterr().err
    assert run(shallow, "log") == 0
    err = capsys.readouterr().err
    assert "history is cut at" in err and "shallow" in err
    assert os.path.exists(shallow / ".git" / "shallow")
