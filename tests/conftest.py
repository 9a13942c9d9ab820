"""Fixtures shared by the tests: sample boards in temp dirs, real git, the demo board. The
helpers they use are in helpers.py."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.helpers import SAMPLE, git


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """``-n auto``: one worker more than the usable cores. A quarter of a worker's time is
    spent waiting (for git, for the app's timers); the extra worker fills it. On 2 cores
    the fast run took 2 min 58 s with 2 workers, 2 min 38 s with 3."""
    return len(os.sched_getaffinity(0)) + 1


@pytest.fixture
def sample_dir(tmp_path: Path) -> Path:
    """A copy of the shipped sample board (no git)."""
    target = tmp_path / "board"
    shutil.copytree(SAMPLE, target)
    return target


@pytest.fixture
def git_board(sample_dir: Path) -> Path:
    """The sample board as a git repository with one commit."""
    git(sample_dir, "init", "-q", "-b", "main")
    git(sample_dir, "add", "-A")
    git(sample_dir, "commit", "-q", "-m", "sample")
    return sample_dir


@pytest.fixture(autouse=True)
def user_config(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Keep each test's user config (theme, keymap) and caches out of the real home
    directory, and give git a user to commit as (a test of none removes it)."""
    folder = tmp_path_factory.mktemp("config")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(folder))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))
    gitconfig = folder / "gitconfig"  # a git user, whatever the machine has configured
    gitconfig.write_text("[user]\n\tname = Test\n\temail = test@example.com\n")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(gitconfig))
    return folder / "okrboard" / "config.toml"


@pytest.fixture(scope="session")
def demo_master(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo board with its git history, made once per test process (read-only use:
    a test that edits or commits takes ``demo``, a copy)."""
    from okrboard.create.demo import create_demo

    root = tmp_path_factory.mktemp("demo") / "demo"
    create_demo(root)
    return root


@pytest.fixture
def demo(demo_master: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh copy of the demo, for a test that edits or commits; commits made by the app
    get a known author, whatever the machine's git config."""
    for role in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{role}_NAME", "Maya Chen")
        monkeypatch.setenv(f"GIT_{role}_EMAIL", "maya@example.com")
    shutil.copytree(demo_master, tmp_path / "demo")
    return tmp_path / "demo"
