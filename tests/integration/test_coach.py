"""The OKR coach: every rule with a failing and a passing example, its settings, and lint."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from okrboard.cli import main
from okrboard.domain import coach
from okrboard.files.load import load_board
from okrboard.git import history
from tests.helpers import SAMPLE, git, make_board

TODAY = dt.date(2026, 8, 20)  # in 2026-Q3, the test board's current quarter
BOARD = """\
[board]
name = "Coach test"
current_quarter = "2026-Q3"

[teams.company]
name = "Company"

[teams.growth]
name = "Growth"
parent = "company"
"""

GOOD_KR = """\
[objectives.{o}.key_results.{k}]
title = "Increase activation rate from 30% to 50%"
baseline = 30
target = 50
indicator = "leading"
checkins = [{{ date = 2026-08-17, value = 35 }}]
"""


def kr(o: str, k: str, **fields: str) -> str:
    """A KR table that passes every rule, with ``fields`` replacing lines."""
    text = GOOD_KR.format(o=o, k=k)
    for key, value in fields.items():
        lines = [line for line in text.splitlines() if not line.startswith(f"{key} =")]
        text = "\n".join(lines) + ("\n" if value is None else f"\n{key} = {value}\n")
    return text


def objective(o: str, title: str = "New teams reach their first win quickly", krs=None, **extra):
    head = f'[objectives.{o}]\ntitle = "{title}"\naligns_to = ["2026-Q3/company/grow"]\n'
    head += "".join(f"{key} = {value}\n" for key, value in extra.items())
    return head + "\n" + "".join(krs if krs is not None else [kr(o, "a"), kr(o, "b")])


COMPANY = objective("grow", "Grow with small teams").replace(
    'aligns_to = ["2026-Q3/company/grow"]\n', ""
)
CARD = """\
[themes.card]
title = "Guided setup"
horizon = "now"
key_results = [{refs}]
"""


def findings(tmp_path: Path, growth: str, roadmap: str | None = None, board: str = BOARD):
    """The coach's findings for the growth file of a small board (every KR served by a card
    unless ``roadmap`` says otherwise)."""
    files = {"board.toml": board, "okrs/2026-Q3/growth.toml": growth}
    files["okrs/2026-Q3/company.toml"] = COMPANY
    root = make_board(tmp_path, files)
    refs = [ref for ref, _, _ in load_board(root).iter_key_results()]
    if roadmap is None:
        roadmap = CARD.format(refs=", ".join(f'"{r}"' for r in refs))
    (root / "roadmaps").mkdir()
    (root / "roadmaps/growth.toml").write_text(roadmap)
    board_ = load_board(root)
    assert not [p for p in board_.problems if p.severity == "error"], board_.problems
    return [f for f in coach.review(board_, "2026-Q3", TODAY) if "/company/" not in f.ref]


def rules(found) -> set[str]:
    return {f.rule for f in found}


def test_a_well_written_board_has_no_findings(tmp_path):
    assert findings(tmp_path, objective("act")) == []


# Each rule: a failing example (the rule fires) and a passing one (it does not).
CASES = {
    "KR001": (
        objective(
            "act", krs=[kr("act", "a", title='"Launch onboarding flow redesign"'), kr("act", "b")]
        ),
        objective(
            "act",
            krs=[
                kr("act", "a", title='"Reduce time-to-first-value from 14 to 7 days"'),
                kr("act", "b"),
            ],
        ),
    ),
    "KR002": (
        objective("act", krs=[kr("act", "a", title='"Improve activation"'), kr("act", "b")]),
        objective(
            "act",
            krs=[kr("act", "a", title='"Improve activation from 30% to 50%"'), kr("act", "b")],
        ),
    ),
    "KR003": (
        objective(
            "act",
            krs=[
                kr("act", "a", title='"Increase website traffic from 10k to 15k"'),
                kr("act", "b"),
            ],
        ),
        objective(
            "act",
            krs=[
                kr("act", "a", title='"Increase signup-to-activation rate from 15% to 30%"'),
                kr("act", "b"),
            ],
        ),
    ),
    "KR004": (
        objective(
            "act",
            krs=[kr("act", "a", checkins="[{ date = 2026-07-20, value = 31 }]"), kr("act", "b")],
        ),
        objective(
            "act",
            krs=[kr("act", "a", checkins="[{ date = 2026-08-10, value = 31 }]"), kr("act", "b")],
        ),
    ),
    "OBJ001": (
        objective("act", krs=[kr("act", "a")]),
        objective("act", krs=[kr("act", k) for k in "abcde"]),
    ),
    "OBJ002": (
        objective("act", "Grow activation to 50%"),
        objective("act", "New teams reach their first win in Q3"),
    ),
    "OBJ003": (
        objective(
            "act", krs=[kr("act", "a", indicator='"lagging"'), kr("act", "b", indicator=None)]
        ),
        objective("act", krs=[kr("act", "a", indicator='"lagging"'), kr("act", "b")]),
    ),
    "OBJ004": (
        objective("act").replace('aligns_to = ["2026-Q3/company/grow"]\n', ""),
        objective("act"),
    ),
    "KR007": (
        objective(
            "act",
            krs=[
                kr(
                    "act",
                    "a",
                    title='"Grow active teams from 10,000 to 15,000"',
                    baseline="12600",
                    target="15000",
                ),
                kr("act", "b"),
            ],
        ),
        objective(
            "act",
            krs=[
                kr(
                    "act",
                    "a",
                    title='"Grow active teams from 12.6k to 15,000"',
                    baseline="12600",
                    target="15000",
                ),
                kr("act", "b"),
            ],
        ),
    ),
    "TEAM001": (
        "".join(objective(o) for o in ("a1", "a2", "a3", "a4")),
        "".join(objective(o) for o in ("a1", "a2", "a3")),
    ),
}


@pytest.mark.parametrize("rule", sorted(CASES))
def test_each_rule_fails_and_passes(tmp_path, rule):
    failing, passing = CASES[rule]
    assert rule in rules(findings(tmp_path / "bad", failing))
    assert rule not in rules(findings(tmp_path / "good", passing))


@pytest.mark.parametrize(
    "title",
    [
        "Secure 20 customer case study interviews",
        "KR1: Conduct 12 user interviews",
        "KR 2 - Launch the partner directory",
        "Key Result 3: Hire two designers",
        "Ключевой результат 1: Провести 20 интервью с клиентами",
    ],
)
def test_an_output_kr_is_found_behind_a_label_and_in_any_language(tmp_path, title):
    board = BOARD + '\n[coach]\noutput_verbs = ["провести"]\n'
    growth = objective("act", krs=[kr("act", "a", title=f'"{title}"'), kr("act", "b")])
    found = [f for f in findings(tmp_path, growth, board=board) if f.ref.endswith("/a")]
    assert "KR001" in rules(found)
    said = next(f.message for f in found if f.rule == "KR001")
    assert not said.startswith(("“Kr", "“Key", "“Ключевой"))  # the verb, not the label


def test_a_labels_digits_are_not_numbers_of_the_title(tmp_path):
    growth = objective("act", "O1: New teams reach their first win quickly")
    assert "OBJ002" not in rules(findings(tmp_path, growth))


def test_kr006_a_key_result_no_card_serves(tmp_path):
    no_card = findings(tmp_path / "bad", objective("act"), roadmap="")
    assert [f.ref for f in no_card if f.rule == "KR006"] == [
        "2026-Q3/growth/act/a",
        "2026-Q3/growth/act/b",
    ]
    assert "KR006" not in rules(findings(tmp_path / "good", objective("act")))


def test_map001_a_now_card_that_serves_no_kr(tmp_path):
    idle = CARD.format(refs="") + '\n[themes.webinars]\ntitle = "Webinars"\nhorizon = "now"\n'
    found = [f for f in findings(tmp_path / "bad", objective("act"), roadmap=idle)]
    assert {f.ref for f in found if f.rule == "MAP001"} == {
        "roadmap/growth/card",
        "roadmap/growth/webinars",
    }
    assert "MAP001" not in rules(findings(tmp_path / "good", objective("act")))


def test_kr005_a_target_moved_after_the_quarter_began(tmp_path):
    root = make_board(tmp_path, {"okrs/2026-Q3/growth.toml": objective("act")})
    git(root, "init", "-q", "-b", "main")

    def commit(day: str, message: str) -> None:
        when = {"GIT_AUTHOR_DATE": f"{day}T12:00:00", "GIT_COMMITTER_DATE": f"{day}T12:00:00"}
        git(root, "add", "-A")
        git(root, "commit", "-qm", message, env=when)

    commit("2026-06-25", "plan Q3")
    path = root / "okrs/2026-Q3/growth.toml"
    path.write_text(path.read_text().replace("target = 50", "target = 45", 1))
    commit("2026-06-28", "tweak the plan before the quarter")  # not yet moved
    board = load_board(root)
    assert history.moved_targets_in_git(root, coach.quarter_krs(board, "2026-Q3")) == set()
    path.write_text(path.read_text().replace("target = 45", "target = 40", 1))
    commit("2026-08-01", "lower the bar")
    board = load_board(root)
    moved = history.moved_targets_in_git(root, coach.quarter_krs(board, "2026-Q3"))
    assert moved == {"2026-Q3/growth/act/a"}
    found = coach.review(board, "2026-Q3", TODAY, moved)
    kr005 = [f for f in found if f.rule == "KR005"]
    assert [(f.ref, f.key) for f in kr005] == [
        ("2026-Q3/growth/act/a", "objectives.act.key_results.a.target")
    ]
    assert kr005[0].line == path.read_text().splitlines().index("target = 40") + 1


def test_moved_targets_outside_git_is_empty(tmp_path):
    root = make_board(tmp_path, {"okrs/2026-Q3/growth.toml": objective("act")})
    assert (
        history.moved_targets_in_git(root, coach.quarter_krs(load_board(root), "2026-Q3")) == set()
    )


def test_findings_name_file_line_and_key(tmp_path):
    growth = objective(
        "act", krs=[kr("act", "a", title='"Ship the new pricing page"'), kr("act", "b")]
    )
    (found,) = [f for f in findings(tmp_path, growth) if f.rule == "KR001"]
    text = (tmp_path / "okrs/2026-Q3/growth.toml").read_text().splitlines()
    assert found.file == "okrs/2026-Q3/growth.toml"
    assert text[found.line - 1] == 'title = "Ship the new pricing page"'
    assert found.key == "objectives.act.key_results.a.title"
    assert str(found).startswith(f"okrs/2026-Q3/growth.toml:{found.line}: objectives.act")
    assert "“Ship …”" in found.message


def test_thresholds_and_severities_come_from_board_toml(tmp_path):
    settings = BOARD + (
        '\n[coach]\nmax_key_results = 2\nvanity_terms = ["stars"]\noutput_verbs = ["organise"]\n'
        'severity = { OBJ003 = "off", KR003 = "error" }\n'
    )
    growth = objective(
        "act",
        krs=[
            kr("act", "a", title='"Grow GitHub stars from 100 to 200"', indicator='"lagging"'),
            kr("act", "b", title='"Organise 4 meetups from 0 to 4"', indicator='"lagging"'),
            kr("act", "c", indicator='"lagging"'),
        ],
    )
    found = findings(tmp_path, growth, board=settings)
    by_rule = {f.rule: f for f in found}
    assert by_rule["OBJ001"].message.startswith("3 key results (expected 2 to 2)")
    assert by_rule["KR003"].severity == "error" and "stars" in by_rule["KR003"].message
    assert by_rule["KR001"].ref == "2026-Q3/growth/act/b"
    assert "OBJ003" not in by_rule  # turned off
    assert coach.at_least(found, "error") == [by_rule["KR003"]]


def test_an_unknown_rule_or_severity_is_reported_by_check(tmp_path):
    settings = BOARD + '\n[coach]\nseverity = { KR999 = "off", KR001 = "loud" }\n'
    root = make_board(tmp_path, {"board.toml": settings})
    problems = {(p.key, p.severity) for p in load_board(root).problems}
    assert ("coach.severity", "error") in problems  # "loud" is not a severity
    settings = BOARD + '\n[coach]\nseverity = { KR999 = "off" }\n'
    (root / "board.toml").write_text(settings)
    (problem,) = load_board(root).problems
    assert (problem.key, problem.severity) == ("coach.severity.KR999", "warning")
    assert "no coach rule 'KR999'" in problem.message


def test_stale_and_initiative_rules_only_judge_the_live_quarter(tmp_path):
    growth = objective("act", krs=[kr("act", "a", checkins="[]"), kr("act", "b")])
    root = make_board(
        tmp_path,
        {
            "board.toml": BOARD,
            "okrs/2026-Q3/growth.toml": growth,
            "okrs/2026-Q3/company.toml": COMPANY,
        },
    )
    board = load_board(root)
    live = rules(coach.review(board, "2026-Q3", TODAY))
    assert {"KR004", "KR006"} <= live
    later = rules(coach.review(board, "2026-Q3", dt.date(2027, 1, 10)))
    assert "KR004" not in later  # the quarter is over: silence is history now
    board.current_quarter = "2026-Q4"
    assert "KR006" not in rules(coach.review(board, "2026-Q3", TODAY))


def test_the_sample_board_has_deliberate_findings():
    board = load_board(SAMPLE)
    found = rules(coach.review(board, "2026-Q4", dt.date(2026, 11, 22)))
    assert {"KR001", "KR003", "KR004", "OBJ004", "MAP001"} <= found


# -- okrboard lint ---------------------------------------------------------------------------


def test_lint_prints_findings_and_fails_on_the_chosen_severity(tmp_path, capsys):
    root = tmp_path / "board"
    findings(root, objective("act", krs=[kr("act", "a", title='"Launch X"'), kr("act", "b")]))
    assert main(["lint", str(root), "--quarter", "2026-Q3", "--no-git"]) == 1
    out = capsys.readouterr()
    assert "okrs/2026-Q3/growth.toml:" in out.out and "KR001" in out.out and "(warning)" in out.out
    assert "2026-Q3:" in out.err and "warning" in out.err
    assert main(["lint", str(root), "--quarter", "2026-Q3", "--fail-on", "error"]) == 0
    assert main(["lint", str(root), "--quarter", "2026-Q3", "--fail-on", "never"]) == 0
    capsys.readouterr()
    assert main(["lint", str(root), "--quarter", "2026-Q3", "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["quarter"] == "2026-Q3" and report["failing"] >= 1
    assert {"rule", "severity", "ref", "file", "line", "key", "message"} <= set(
        report["findings"][0]
    )


def test_lint_passes_a_clean_board_and_rejects_a_bad_quarter(tmp_path, capsys):
    root = tmp_path / "board"
    findings(root, objective("act"))
    # company's objective has no leading KR: an info finding, below the default bar
    assert main(["lint", str(root), "--quarter", "2026-Q3"]) == 0
    assert main(["lint", str(root), "--quarter", "2026-13"]) == 2
    assert "not a quarter" in capsys.readouterr().err


def test_pre_commit_hooks_run_lint_and_check():
    text = (SAMPLE.parent / ".pre-commit-hooks.yaml").read_text()
    assert "entry: okrboard lint" in text and "entry: okrboard check" in text


def test_lint_finds_a_target_moved_in_the_working_tree_before_it_is_committed(demo, capsys):
    path = demo / "okrs/2026-Q4/growth.toml"
    text = path.read_text(encoding="utf-8")
    head = text.index("[objectives.activation.key_results.activation-rate]")
    at = text.index("target = 50", head)
    path.write_text(text[:at] + "target = 48" + text[at + len("target = 50") :], encoding="utf-8")
    assert main(["lint", str(demo), "--format", "json", "--fail-on", "never"]) == 0
    rate = "2026-Q4/growth/activation/activation-rate"
    found = json.loads(capsys.readouterr().out)
    assert rate in [f["ref"] for f in found["findings"] if f["rule"] == "KR005"]


def test_a_moved_target_with_its_reason_is_information_naming_the_reason(demo, capsys):
    """The app asks why a target moves (target_reason): lint then informs, naming the
    reason, instead of warning, so a pre-commit hook lets an explained move through."""
    path = demo / "okrs/2026-Q4/growth.toml"
    text = path.read_text(encoding="utf-8")
    head = text.index("[objectives.activation.key_results.activation-rate]")
    at = text.index("target = 50", head)
    moved = 'target = 48\ntarget_reason = "Setup wizard slipped to Q1"'
    path.write_text(text[:at] + moved + text[at + len("target = 50") :], encoding="utf-8")
    assert main(["lint", str(demo), "--format", "json", "--fail-on", "warning"]) in (0, 1)
    found = json.loads(capsys.readouterr().out)["findings"]
    rate = "2026-Q4/growth/activation/activation-rate"
    kr005 = [f for f in found if f["rule"] == "KR005" and f["ref"] == rate]
    assert [(f["severity"], f["key"]) for f in kr005] == [
        ("info", "objectives.activation.key_results.activation-rate.target_reason")
    ]
    assert kr005[0]["message"].endswith("because: Setup wizard slipped to Q1")
