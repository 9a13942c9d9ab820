"""Loading and validation: every problem with file, line and key; the rest still loads."""

from __future__ import annotations

from pathlib import Path

import pytest

from okrboard.files.load import load_board
from tests.helpers import SAMPLE, make_board

OKR = "okrs/2026-Q3/growth.toml"

GOOD_OKRS = """\
# Growth
[objectives.activation]
title = "New teams reach their first win"
rank = 1

[objectives.activation.key_results.time-to-value]
title = "Reduce time-to-value from 15 to 5 minutes"
baseline = 15
target = 5
current = 9
checkins = [
    { date = 2026-07-06, value = 12, confidence = 6 },
    { date = 2026-07-20, value = 9, confidence = 7, note = "checklist shipped" },
]
"""


def problems_of(root: Path) -> list[tuple[str, int | None, str, str]]:
    return [(p.file, p.line, p.key, p.severity) for p in load_board(root).problems]


def test_sample_board_is_clean_and_complete():
    board = load_board(SAMPLE)
    assert board.problems == []
    assert board.quarters == ["2026-Q2", "2026-Q3", "2026-Q4"]
    assert len(board.teams) >= 3 and len(board.roadmaps) >= 2 and len(board.trees) == 2
    kr = board.key_result("2026-Q4/growth/activation/activation-rate")
    assert kr is not None and kr.checkins and kr.carried_from
    assert all(len(kr.checkins or []) > 0 for _, _, kr in board.iter_key_results())


def test_a_good_file_loads_into_the_model(tmp_path):
    board = load_board(make_board(tmp_path, {OKR: GOOD_OKRS}))
    assert board.problems == []
    kr = board.key_result("2026-Q3/growth/activation/time-to-value")
    assert (kr.baseline, kr.target, kr.current) == (15, 5, 9)
    assert [c.value for c in kr.checkins] == [12, 9]
    assert kr.checkins[1].note == "checklist shipped"


@pytest.mark.parametrize(
    ("old", "new", "line", "key", "words"),
    [
        (
            "target = 5",
            'target = "five"',
            9,
            "key_results.time-to-value.target",
            "expected a number",
        ),
        ('title = "New teams reach their first win"\n', "", 2, "activation.title", "required"),
        ("rank = 1", "rank = 1.5", 4, "activation.rank", "expected an integer"),
        ("confidence = 7", "confidence = 11", 13, "checkins[1].confidence", "highest"),
        ("value = 12", 'value = "12"', 12, "checkins[0].value", "expected a number"),
        ("date = 2026-07-06", "date = 2026-07-06T10:00:00", 12, "checkins[0].date", "date"),
        ("current = 9", "current = nan", 10, "time-to-value.current", "finite"),
        ("current = 9", "current = 1e300", 10, "time-to-value.current", "too large"),
        ("baseline = 15", "baseline = 5", 9, "time-to-value.target", "equal"),
        ("target = 5", 'target = 5\ndirection = "increase"', 10, "direction", "decrease"),
    ],
)
def test_bad_values_name_file_line_and_key(tmp_path, old, new, line, key, words):
    assert old in GOOD_OKRS
    board = load_board(make_board(tmp_path, {OKR: GOOD_OKRS.replace(old, new, 1)}))
    errors = [p for p in board.problems if p.severity == "error"]
    assert len(errors) == 1, board.problems
    problem = errors[0]
    assert (problem.file, problem.line) == (OKR, line)
    assert problem.key.endswith(key)
    assert words in problem.message
    assert str(problem).startswith(f"{OKR}:{line}: objectives.activation")


def test_a_bad_value_is_kept_not_dropped(tmp_path):
    board = load_board(
        make_board(tmp_path, {OKR: GOOD_OKRS.replace("target = 5", 'target = "5x"')})
    )
    kr = board.key_result("2026-Q3/growth/activation/time-to-value")
    assert kr.target is None and kr.extra["target"] == "5x"


def test_unknown_keys_are_kept_and_warned_unless_x_prefixed(tmp_path):
    text = GOOD_OKRS.replace("rank = 1\n", 'rank = 1\ntagret = 3\nx-jira-epic = "GROW-1"\n')
    board = load_board(make_board(tmp_path, {OKR: text}))
    assert [(p.line, p.key, p.severity) for p in board.problems] == [
        (5, "objectives.activation.tagret", "warning")
    ]
    objective = board.objective("2026-Q3/growth/activation")
    assert objective.extra == {"tagret": 3, "x-jira-epic": "GROW-1"}


def test_syntax_error_reports_the_line_and_the_rest_still_loads(tmp_path):
    broken = GOOD_OKRS.replace("current = 9", "current = = 9")
    root = make_board(tmp_path, {OKR: broken, "okrs/2026-Q3/core.toml": GOOD_OKRS})
    (root / "board.toml").write_text(
        (root / "board.toml").read_text() + '\n[teams.core]\nname = "Core"\n'
    )
    board = load_board(root)
    assert [(p.file, p.line) for p in board.problems] == [(OKR, 10)]
    assert "TOML syntax error" in board.problems[0].message
    assert ("2026-Q3", "core") in board.okrs and ("2026-Q3", "growth") not in board.okrs
    assert board.sources[OKR].parsed is False


def test_conflict_markers_are_reported_per_marker(tmp_path):
    text = GOOD_OKRS.replace(
        "current = 9\n", "<<<<<<< HEAD\ncurrent = 9\n=======\ncurrent = 10\n>>>>>>> theirs\n"
    )
    assert problems_of(make_board(tmp_path, {OKR: text})) == [
        (OKR, 10, "", "error"),
        (OKR, 12, "", "error"),
        (OKR, 14, "", "error"),
    ]


def test_a_markdown_underline_is_not_a_conflict(tmp_path):
    text = GOOD_OKRS.replace(
        "rank = 1\n", 'rank = 1\ndescription = """\nWhy\n=======\nBecause.\n"""\n', 1
    )
    board = load_board(make_board(tmp_path, {OKR: text}))
    assert board.problems == []
    assert "=======" in board.objective("2026-Q3/growth/activation").description


def test_invalid_utf8_names_its_line(tmp_path):
    root = make_board(tmp_path, {})
    (root / "okrs/2026-Q3").mkdir(parents=True)
    (root / OKR).write_bytes(b'[objectives.a]\ntitle = "caf\xe9"\n')
    board = load_board(root)
    assert [(p.file, p.line) for p in board.problems] == [(OKR, 2)]
    assert "UTF-8" in board.problems[0].message


def test_dangling_references_and_cycles(tmp_path):
    text = GOOD_OKRS.replace(
        "rank = 1\n",
        'rank = 1\naligns_to = ["2026-Q3/company/missing", "2026-Q3/growth/activation"]\n',
    ).replace(
        "current = 9\n",
        'current = 9\ncontributes_to = ["2026-Q3/growth/activation/nope"]\n'
        'carried_from = "2026-Q2/growth/activation/time-to-value"\n',
    )
    roadmap = """\
[themes.guided]
title = "Guided setup"
horizon = "now"
key_results = ["2026-Q3/growth/activation/time-to-value", "2026-Q3/growth/x/y"]
impact = { "2026-Q3/growth/activation/gone" = 5 }
solution = "tree/none/none"
"""
    board = load_board(make_board(tmp_path, {OKR: text, "roadmaps/growth.toml": roadmap}))
    found = {(p.file, p.line, p.key.rsplit(".", 1)[-1], p.message) for p in board.problems}
    messages = " | ".join(sorted(m for *_, m in found))
    assert "no objective '2026-Q3/company/missing'" in messages
    assert "alignment loops back" in messages
    assert "no key result '2026-Q3/growth/activation/nope'" in messages
    assert "predecessor '2026-Q2/growth/activation/time-to-value'" in messages
    assert "no key result '2026-Q3/growth/x/y'" in messages
    assert "no tree node 'tree/none/none'" in messages
    assert ("roadmaps/growth.toml", 5) in {(f, line) for f, line, *_ in found}


def test_tree_shape_parents_and_cycles(tmp_path):
    tree = """\
[tree]
title = "T"
outcome = "2026-Q3/growth/activation/time-to-value"

[nodes.opp]
type = "opportunity"
title = "Pain"

[nodes.sol]
type = "solution"
title = "Fix"

[nodes.a]
type = "assumption"
title = "A"
parent = "b"

[nodes.b]
type = "assumption"
title = "B"
parent = "a"

[nodes.orphan]
type = "test"
title = "T"
parent = "nobody"
result = "supported"
"""
    board = load_board(make_board(tmp_path, {OKR: GOOD_OKRS, "trees/t.toml": tree}))
    found = [(p.line, p.key, p.message) for p in board.problems]
    assert (9, "nodes.sol.parent", "a solution cannot sit at the top of the tree") in [
        (line, key, msg.split(" (")[0]) for line, key, msg in found
    ]
    assert (16, "nodes.a.parent", "an assumption cannot sit under an assumption") in [
        (line, key, msg.split(" (")[0]) for line, key, msg in found
    ]
    assert any("loops back" in m and k == "nodes.a.parent" for _, k, m in found)
    assert any("no node 'nobody'" in m for _, _, m in found)


def test_files_in_wrong_places_and_bad_names(tmp_path):
    root = make_board(
        tmp_path,
        {
            "okrs/Q3-2026/growth.toml": GOOD_OKRS,
            "okrs/2026-Q3/Growth Team.toml": GOOD_OKRS,
            "okrs/loose.toml": GOOD_OKRS,
            "okrs/2026-Q3/unknown-team.toml": GOOD_OKRS,
            "okrs/2026-Q3/notes.md": "not a board file",
        },
    )
    found = {(p.file, p.message.split(":")[0]) for p in load_board(root).problems}
    assert ("okrs/Q3-2026", "not a quarter folder like 2026-Q3") in found
    assert ("okrs/2026-Q3/Growth Team.toml", "file name") in found
    assert ("okrs/loose.toml", "OKR files go in okrs/QUARTER/TEAM.toml") in found
    assert any(f == "okrs/2026-Q3/unknown-team.toml" for f, _ in found)
    assert not any(f.endswith("notes.md") for f, _ in found)


def test_board_toml_problems(tmp_path):
    root = make_board(tmp_path, {})
    (root / "board.toml").write_text(
        '[board]\ncurrent_quarter = "Q3"\n\n[teams.core]\nname = "Core"\nparent = "ghost"\n'
    )
    found = {(p.line, p.key) for p in load_board(root).problems}
    assert found == {(1, "board.name"), (2, "board.current_quarter"), (6, "teams.core.parent")}


def test_not_a_board(tmp_path):
    board = load_board(tmp_path)
    assert [p.message for p in board.problems] == ["not found: this folder is not a board"]


def test_a_link_out_of_the_board_is_not_followed(tmp_path):
    outside = tmp_path / "secret.toml"
    outside.write_text(GOOD_OKRS)
    root = make_board(tmp_path / "b", {})
    (root / "okrs/2026-Q3").mkdir(parents=True)
    (root / OKR).symlink_to(outside)
    board = load_board(root)
    assert board.okrs == {}
    assert "outside the board" in board.problems[0].message


def test_two_check_ins_on_one_day_are_an_error(tmp_path):
    """After a merge, which of the two would count depends on the line git put last."""
    text = GOOD_OKRS.replace("2026-07-20", "2026-07-06")
    found = [(p.line, p.severity) for p in load_board(make_board(tmp_path, {OKR: text})).problems]
    assert found == [(12, "error"), (13, "error")]


def test_references_into_an_unreadable_file_are_not_reported_twice(tmp_path):
    roadmap = '[themes.t]\ntitle = "T"\nhorizon = "now"\nkey_results = ["2026-Q3/growth/a/b"]\n'
    root = make_board(tmp_path, {OKR: "[objectives.a\n", "roadmaps/growth.toml": roadmap})
    assert [(p.file, p.line) for p in load_board(root).problems] == [(OKR, 1)]
