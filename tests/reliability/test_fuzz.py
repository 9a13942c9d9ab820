"""Boards mutated at the byte level (hypothesis): whatever a file holds, okrboard reads the
board without a traceback, names each problem by file, line and key, and the rest of the
board is as usable as before. ``OKRBOARD_FUZZ`` sets the cases (a few hundred in CI;
10,000 for the nightly-size run in docs/reliability.md), ``OKRBOARD_FUZZ_SEED`` draws new
ones."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import tempfile
import tomllib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from okrboard.cli import main
from okrboard.domain import alignment, coach, ost, roadmap, scoring, semdiff
from okrboard.files.load import load_board
from okrboard.reports import report, views
from tests.helpers import SAMPLE, TODAY

CASES = int(os.environ.get("OKRBOARD_FUZZ", "300"))
SEED = os.environ.get("OKRBOARD_FUZZ_SEED")  # unset: the same cases every run (CI)
FILES = sorted(p.relative_to(SAMPLE).as_posix() for p in SAMPLE.rglob("*.toml"))
ORIGINAL = load_board(SAMPLE)

# What hand edits and merges put in files, beside random bytes.
TOKENS = [
    b"\n", b"=", b'"', b"'", b"[", b"]", b"{", b"}", b",", b".", b"#", b'"""', b"\\",
    b"[objectives.x]", b"[[checkins]]", b"<<<<<<< ours\n", b"=======\n", b">>>>>>> theirs\n",
    b"nan", b"inf", b"-inf", b"1e999", b"99999999999999999999999", b"-0", b"true",
    b"9999-12-31", b"0001-01-01", b"2026-02-30", b"1979-05-27T07:32:00Z", b"..", b"../",
    b"/", b" ", b"\xe2\x80\xae", b"\x1b[31m", b"\x00", b"\xff", b"[bold]", b"\xc3\xa9",
    b"key_results", b"aligns_to", b"contributes_to", b"parent", b"horizon", b"target",
]  # fmt: skip
LINE = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+):(?: (?P<key>[^ ][^:]*?):)? \S")


@st.composite
def mutations(draw) -> tuple[str, bytes]:
    """One board file, mutated by a few edits: bytes flipped, cut, copied, or inserted."""
    rel = draw(st.sampled_from(FILES))
    data = bytearray((SAMPLE / rel).read_bytes())
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data)))
        kind = draw(st.sampled_from(["flip", "cut", "copy", "byte", "token"]))
        if kind == "flip" and at < len(data):
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif kind == "cut":
            del data[at : at + draw(st.integers(1, 80))]
        elif kind == "copy":
            start = draw(st.integers(0, len(data)))
            data[at:at] = data[start : start + draw(st.integers(1, 200))]
        elif kind == "byte":
            data[at:at] = draw(st.binary(min_size=1, max_size=4))
        else:
            data[at:at] = draw(st.sampled_from(TOKENS))
    return rel, bytes(data)


NASTY = [
    float("nan"), float("inf"), float("-inf"), 1e308, -1e308, 10**18, -(10**18), 0, -1, 0.5,
    True, "", " ", "x" * 100_000, "[bold]x[/]", "\x1b]52;c;aGk=\x07", "\u202egnp.exe",
    "../../etc/passwd", "a/b", "with space", "ünïcødé", "🙂", "\x00", "\r\n",
    dt.date(1, 1, 1), dt.date(9999, 12, 31), dt.datetime(2026, 1, 1, 12, 0),
    dt.time(12, 0), [], [1, "a"], ["../x"], {}, {"a": 1},
]  # fmt: skip
KEYS = ["..", "../x", "a/b", "with space", "ünï", "", "-", "x" * 300, "[bold]", "\u202e"]


def _leaves(table: dict, path: tuple = ()) -> list[tuple]:
    out = []
    for key, value in table.items():
        if isinstance(value, dict) and value:
            out.append((*path, key))
            out += _leaves(value, (*path, key))
        else:
            out.append((*path, key))
    return out


@st.composite
def bad_values(draw) -> tuple[str, bytes]:
    """One board file, valid TOML, with a few values or keys made wrong: wrong types,
    NaN and infinities, huge numbers, far dates, 100 KB text, ids that are paths."""
    import tomlkit

    rel = draw(st.sampled_from(FILES))
    data = tomllib.loads((SAMPLE / rel).read_text())
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(_leaves(data)))
        parent = data
        for key in path[:-1]:
            parent = parent[key]
        if draw(st.booleans()) or not isinstance(parent, dict):
            parent[path[-1]] = draw(st.sampled_from(NASTY))
        else:
            parent[draw(st.sampled_from(KEYS))] = parent.pop(path[-1])
    return rel, tomlkit.dumps(data).encode("utf-8")


def use_everything(board) -> None:
    """What the app and the commands compute from a board: none of it may raise."""
    for quarter in views.quarters(board):
        views.okr_rows(board, quarter, TODAY)
        alignment.build(board, quarter)
        coach.review(board, quarter, TODAY)
        report.as_markdown(report.build(board, quarter, TODAY))
    for _, _, kr in board.iter_key_results():
        scoring.progress(kr)
        scoring.grade(kr)
    roadmap.columns(board, show_all=True)
    for tree in board.trees.values():
        for line in ost.flatten(tree):
            ost.figures(tree, line.node)
    semdiff.as_text(semdiff.diff(ORIGINAL, board))


def items(board, rels: set[str]) -> dict:
    """The board's items outside ``rels``: what must stay usable."""
    return {
        "krs": [r for r, _, _ in board.iter_key_results() if _file(r) not in rels],
        "cards": sorted(
            (team, tid) for team, r in board.roadmaps.items() for tid in r.themes
            if f"roadmaps/{team}.toml" not in rels
        ),
        "trees": sorted(t for t in board.trees if f"trees/{t}.toml" not in rels),
    }  # fmt: skip


def _file(kr_ref: str) -> str:
    quarter, team = kr_ref.split("/")[:2]
    return f"okrs/{quarter}/{team}.toml"


@pytest.mark.slow  # hundreds of mutated boards, each loaded and checked whole
@settings(
    max_examples=CASES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    derandomize=SEED is None,
)
@seed(int(SEED or 0))
@given(st.one_of(mutations(), bad_values()))
def test_a_mutated_file_is_named_and_the_rest_of_the_board_is_kept(case):
    rel, data = case
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "board"
        shutil.copytree(SAMPLE, root)
        (root / rel).write_bytes(data)
        board = load_board(root)
        lines = data.count(b"\n") + 1
        for problem in board.problems:
            assert problem.file in FILES and problem.message, problem
            if problem.line is not None:
                assert LINE.match(str(problem)), str(problem)
                assert problem.file != rel or 1 <= problem.line <= lines, problem
        if rel != "board.toml":  # board.toml names the teams: all may go with it
            assert items(board, {rel}) == items(ORIGINAL, {rel})
        use_everything(board)


def test_the_check_command_prints_each_problem_on_a_file_line_key_line(tmp_path, capsys):
    root = tmp_path / "board"
    shutil.copytree(SAMPLE, root)
    path = root / "okrs/2026-Q4/growth.toml"
    path.write_text(path.read_text().replace("target = 50", "target = nan", 1))
    assert main(["check", str(root)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out and all(LINE.match(line) for line in out), out
