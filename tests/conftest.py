"""Shared fixtures: sample boards in temp dirs, small board builders, real git."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "board_data"
SHARED = REPO.parent / "shared"
TODAY = dt.date(2026, 11, 22)  # fixed, so statuses and snapshots do not drift

MINIMAL_BOARD = """\
[board]
name = "Test board"
current_quarter = "2026-Q3"

[teams.growth]
name = "Growth"
"""


@pytest.fixture
def sample_dir(tmp_path: Path) -> Path:
    """A copy of the shipped sample board (no git)."""
    target = tmp_path / "board"
    shutil.copytree(SAMPLE, target)
    return target


def make_board(root: Path, files: dict[str, str]) -> Path:
    """Write a board from ``{relative path: text}``; board.toml defaults to a minimal one."""
    files = {"board.toml": MINIMAL_BOARD, **files}
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def git(cwd: Path, *args: str, env: dict[str, str] | None = None) -> str:
    """Run real git; the test identity keeps commits independent of the machine's config.
    ``env``: variables to add (a commit's date, say)."""
    env_args = ["-c", "user.name=Test", "-c", "user.email=test@example.com"]
    done = subprocess.run(
        ["git", *env_args, *args],
        cwd=cwd,
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, **env} if env else None,
    )
    return done.stdout


def diff_lines(root: Path) -> list[str]:
    """The lines the working tree adds and removes against HEAD (no context, no headers)."""
    out = git(root, "diff", "--unified=0", "--no-color")
    return [
        line
        for line in out.splitlines()
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


def opening_the_next_quarter(board):
    """The change that opens the quarter after the board's current one, carrying what
    okrboard offers to carry: it writes several files (new OKR files, roadmaps,
    board.toml)."""
    from okrboard.domain import lifecycle

    quarter = board.current_quarter
    carry = lifecycle.carry_defaults(board, quarter)
    return lambda b: lifecycle.open_quarter(b, quarter, carry, [])[1]


def use_editor(tmp_path: Path, monkeypatch, script: str) -> None:
    """Make $VISUAL a Python script (``subprocess`` and ``sys`` imported) that is given
    the file to edit as ``sys.argv[1]``."""
    import sys

    editor = tmp_path / "editor.py"
    editor.write_text("import subprocess, sys\n" + script)
    monkeypatch.setenv("VISUAL", f"{sys.executable} {editor}")


def make_app(root: Path, config=None):
    """The app on the board at ``root``, with today fixed and a fresh user config."""
    from okrboard.files.load import load_board
    from okrboard.tui.app import OkrBoardApp
    from okrboard.tui.config import UserConfig

    return OkrBoardApp(load_board(root), today=TODAY, config=config or UserConfig())


@pytest.fixture
def git_board(sample_dir: Path) -> Path:
    """The sample board as a git repository with one commit."""
    git(sample_dir, "init", "-q", "-b", "main")
    git(sample_dir, "add", "-A")
    git(sample_dir, "commit", "-q", "-m", "sample")
    return sample_dir


@pytest.fixture(autouse=True)
def user_config(tmp_path_factory, monkeypatch) -> Path:
    """Keep each test's user config (theme, keymap) and parse cache out of the real home
    directory."""
    folder = tmp_path_factory.mktemp("config")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(folder))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))
    return folder / "okrboard" / "config.toml"


@pytest.fixture(scope="module")
def demo_master(tmp_path_factory):
    """The demo board with its git history, made once per test module (read-only use)."""
    from okrboard.create.demo import create_demo

    root = tmp_path_factory.mktemp("demo") / "demo"
    create_demo(root)
    return root


@pytest.fixture
def demo(demo_master, tmp_path, monkeypatch):
    """A fresh copy of the demo, for a test that edits or commits; commits made by the app
    get a known author, whatever the machine's git config."""
    for role in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{role}_NAME", "Maya Chen")
        monkeypatch.setenv(f"GIT_{role}_EMAIL", "maya@example.com")
    shutil.copytree(demo_master, tmp_path / "demo")
    return tmp_path / "demo"
