"""Every invalid TOML file of the toml-test suite, dropped into a board as an OKR file,
gives exit 1 and a file:line message: never a traceback."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from okrboard.cli import main
from tests.helpers import REPO, make_board

# toml-test's invalid files (MIT, its LICENSE beside them), carried with the tests
CORPUS = REPO / "tests" / "corpora" / "toml-test" / "invalid"
FILES = sorted(CORPUS.rglob("*.toml")) if CORPUS.is_dir() else []
TARGET = "okrs/2026-Q3/growth.toml"


def test_the_corpus_is_there():
    assert len(FILES) >= 499, f"expected the toml-test corpus in {CORPUS}"


@pytest.fixture(scope="module")
def board_root(tmp_path_factory) -> Path:
    return make_board(tmp_path_factory.mktemp("corpus"), {TARGET: ""})


@pytest.mark.parametrize("invalid", FILES, ids=lambda p: str(p.relative_to(CORPUS)))
def test_invalid_toml_is_reported_with_file_and_line(invalid, board_root, capsys):
    shutil.copyfile(invalid, board_root / TARGET)
    assert main(["check", str(board_root)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out, "no problem printed"
    assert all(re.match(rf"{re.escape(TARGET)}:\d+: ", line) for line in out), out
    assert "Traceback" not in "\n".join(out)


def test_the_command_itself_exits_1_without_traceback(board_root):
    shutil.copyfile(FILES[0], board_root / TARGET)
    done = subprocess.run(
        [sys.executable, "-m", "okrboard", "check", str(board_root)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 1
    assert re.match(rf"{re.escape(TARGET)}:\d+: ", done.stdout)
    assert "Traceback" not in done.stderr
