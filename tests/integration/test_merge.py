"""The semantic merge: by item and field, check-ins kept, true conflicts recorded."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from okrboard.files import conflicts
from okrboard.files.conflicts import MISSING
from okrboard.files.load import load_board
from okrboard.git import resolve
from okrboard.git.mergedriver import merge_texts
from tests.helpers import git

BASE = """\
# Growth OKRs: comments survive a merge.
[objectives.activation]
title = "New teams reach a first win"
owner = "Maya Chen"
rank = 1

[objectives.activation.key_results.activation-rate]
title = "Raise activation from 31% to 45%"
unit = "%"
baseline = 31
target = 45
current = 33
confidence = 6
links = ["GROW-1"]
checkins = [
    { date = 2026-10-05, value = 33, confidence = 6 },
]
"""


def edit(text: str, *replacements: tuple[str, str]) -> str:
    for old, new in replacements:
        assert old in text
        text = text.replace(old, new, 1)
    return text


def test_edits_to_different_fields_of_one_item_merge_cleanly():
    ours = edit(BASE, ('owner = "Maya Chen"', 'owner = "Ravi Patel"'))
    theirs = edit(BASE, ("rank = 1", "rank = 2"))
    merged, found = merge_texts(BASE, ours, theirs)
    assert found == []
    assert 'owner = "Ravi Patel"' in merged and "rank = 2" in merged
    assert merged.startswith("# Growth OKRs: comments survive a merge.")


def test_new_items_on_both_sides_are_both_kept():
    ours = BASE + '\n[objectives.retention]\ntitle = "Teams stay"\nrank = 2\n'
    theirs = BASE + '\n[objectives.trial]\ntitle = "Trials convert"\nrank = 2\n'
    merged, found = merge_texts(BASE, ours, theirs)
    assert found == []
    data = tomllib.loads(merged)
    assert list(data["objectives"]) == ["activation", "retention", "trial"]


def test_concurrent_checkins_are_both_kept_by_date_and_current_follows_the_newest():
    line = "    { date = 2026-10-05, value = 33, confidence = 6 },\n"
    ours = edit(
        BASE,
        (line, line + "    { date = 2026-10-19, value = 37, confidence = 7 },\n"),
        ("current = 33", "current = 37"),
        ("confidence = 6\n", "confidence = 7\n"),
    )
    theirs = edit(
        BASE,
        (line, line + "    { date = 2026-10-12, value = 35, confidence = 5 },\n"),
        ("current = 33", "current = 35"),
        ("confidence = 6\n", "confidence = 5\n"),
    )
    merged, found = merge_texts(BASE, ours, theirs)
    assert found == []
    kr = tomllib.loads(merged)["objectives"]["activation"]["key_results"]["activation-rate"]
    assert [c["value"] for c in kr["checkins"]] == [33, 35, 37]
    assert (kr["current"], kr["confidence"]) == (37, 7)
    assert merged.count("\n    { date") == 3  # still one check-in per line


def test_two_check_ins_on_one_day_are_a_conflict_and_theirs_is_offered_whole():
    line = "    { date = 2026-10-05, value = 33, confidence = 6 },\n"
    ours = edit(
        BASE,
        (line, line + "    { date = 2026-10-12, value = 36 },\n"),
        ("current = 33", "current = 36"),
    )
    theirs = edit(
        BASE,
        (
            line,
            line
            + "    { date = 2026-10-09, value = 34 },\n    { date = 2026-10-12, value = 35 },\n",
        ),
        ("current = 33", "current = 35"),
    )
    merged, [conflict] = merge_texts(BASE, ours, theirs)
    assert conflict.path[-1] == "checkins"
    assert [c["value"] for c in conflict.ours] == [33, 34, 36]  # theirs' other day is kept
    assert [c["value"] for c in conflict.theirs] == [33, 34, 35]
    kr = tomllib.loads(merged)["objectives"]["activation"]["key_results"]["activation-rate"]
    assert [c["value"] for c in kr["checkins"]] == [33, 34, 36] and kr["current"] == 36
    text = resolve.set_value(merged, conflict, conflict.theirs)
    kr = tomllib.loads(text)["objectives"]["activation"]["key_results"]["activation-rate"]
    assert [c["value"] for c in kr["checkins"]] == [33, 34, 35]


def test_reference_lists_merge_as_sets():
    ours = edit(BASE, ('links = ["GROW-1"]', 'links = ["GROW-1", "GROW-2"]'))
    theirs = edit(BASE, ('links = ["GROW-1"]', 'links = ["GROW-3"]'))
    merged, found = merge_texts(BASE, ours, theirs)
    assert found == []
    assert 'links = ["GROW-2", "GROW-3"]' in merged  # theirs removed GROW-1


def test_the_same_field_set_twice_is_recorded_and_reported(tmp_path):
    ours = edit(BASE, ("target = 45", "target = 50"))
    theirs = edit(BASE, ("target = 45", "target = 48"))
    merged, found = merge_texts(BASE, ours, theirs)
    path = ("objectives", "activation", "key_results", "activation-rate", "target")
    assert [(c.path, c.base, c.ours, c.theirs) for c in found] == [(path, 45, 50, 48)]
    data = tomllib.loads(merged)  # valid TOML: our value in place, the conflict beside it
    assert data["objectives"]["activation"]["key_results"]["activation-rate"]["target"] == 50
    assert data["conflicts"] == [{"path": list(path), "base": 45, "ours": 50, "theirs": 48}]

    board = _board(tmp_path, merged)
    [problem] = [p for p in board.problems if "merge conflict" in p.message]
    assert problem.file == "okrs/2026-Q4/growth.toml"
    assert problem.key == "objectives.activation.key_results.activation-rate.target"
    assert problem.line == merged.splitlines().index("target = 50") + 1
    assert "50 here, 48 on the other branch (was 45)" in problem.message
    assert board.sources["okrs/2026-Q4/growth.toml"].conflicts == 1


def test_an_item_deleted_on_one_side_and_edited_on_the_other_is_a_conflict():
    start = BASE.index("[objectives.activation.key_results")
    ours = BASE[:start]  # the KR deleted
    theirs = edit(BASE, ("target = 45", "target = 47"))
    merged, [conflict] = merge_texts(BASE, ours, theirs)
    assert conflict.path == ("objectives", "activation", "key_results", "activation-rate")
    assert conflict.ours is MISSING and conflict.theirs["target"] == 47
    record = tomllib.loads(merged)["conflicts"][0]
    assert "ours" not in record and record["theirs"]["target"] == 47  # nothing lost


@pytest.mark.parametrize(("choice", "target"), [("ours", 50), ("theirs", 48), ("edit", 49)])
def test_resolving_sets_the_value_and_deletes_the_entry(choice, target):
    ours = edit(BASE, ("target = 45", "target = 50"), ("rank = 1", "rank = 3"))
    theirs = edit(BASE, ("target = 45", "target = 48"), ("rank = 1", "rank = 2"))
    merged, found = merge_texts(BASE, ours, theirs)
    assert len(found) == 2
    first = conflicts.parse(tomllib.loads(merged)["conflicts"])[0][1]  # the target
    assert first.path[-1] == "target"
    value = {"ours": first.ours, "theirs": first.theirs, "edit": 49}[choice]
    text = resolve.set_value(merged, first, value)
    data = tomllib.loads(text)
    assert data["objectives"]["activation"]["key_results"]["activation-rate"]["target"] == target
    assert [c["path"][-1] for c in data["conflicts"]] == ["rank"]
    last = conflicts.parse(data["conflicts"])[0][0]
    resolved = resolve.set_value(text, last, last.theirs)
    assert "conflicts" not in tomllib.loads(resolved)
    assert "[[conflicts]]" not in resolved


def test_restoring_a_deleted_item_from_theirs_writes_it_as_sections():
    start = BASE.index("[objectives.activation.key_results")
    merged, [conflict] = merge_texts(BASE, BASE[:start], edit(BASE, ("target = 45", "target = 47")))
    text = resolve.set_value(
        merged, conflicts.parse(tomllib.loads(merged)["conflicts"])[0][0], conflict.theirs
    )
    assert "[objectives.activation.key_results.activation-rate]" in text
    assert "target = 47" in text
    assert tomllib.loads(text)["objectives"]["activation"]["key_results"]["activation-rate"][
        "checkins"
    ]


def _board(root: Path, okrs: str):
    (root / "okrs" / "2026-Q4").mkdir(parents=True)
    (root / "board.toml").write_text(
        '[board]\nname = "B"\ncurrent_quarter = "2026-Q4"\n\n[teams.growth]\nname = "Growth"\n'
    )
    (root / "okrs" / "2026-Q4" / "growth.toml").write_text(okrs)
    return load_board(root)


# -- the driver, through git ---------------------------------------------------------------------


def _driver(tmp_path: Path, base: str, ours: str, theirs: str) -> tuple[int, str, str]:
    files = []
    for name, text in (("o", base), ("a", ours), ("b", theirs)):
        (tmp_path / name).write_bytes(text.encode())
        files.append(str(tmp_path / name))
    done = subprocess.run(
        [sys.executable, "-m", "okrboard", "merge-driver", *files, "okrs/x.toml"],
        capture_output=True,
        text=True,
    )
    return done.returncode, (tmp_path / "a").read_text(), done.stderr


def test_driver_exit_status_and_messages(tmp_path):
    code, text, err = _driver(
        tmp_path,
        BASE,
        edit(BASE, ("rank = 1", "rank = 2")),
        edit(BASE, ("target = 45", "target = 40")),
    )
    assert (code, err) == (0, "")
    assert "rank = 2" in text and "target = 40" in text
    code, text, err = _driver(
        tmp_path, BASE, edit(BASE, ("rank = 1", "rank = 2")), edit(BASE, ("rank = 1", "rank = 3"))
    )
    assert code == 1
    assert "okrs/x.toml: objectives.activation.rank: merge conflict: 2 here, 3" in err
    assert tomllib.loads(text)["conflicts"]


def test_driver_falls_back_to_line_merge_for_a_side_that_is_not_toml(tmp_path):
    broken = BASE.replace('title = "New', "title = New")
    code, text, err = _driver(tmp_path, BASE, edit(BASE, ("rank = 1", "rank = 2")), broken)
    assert "merged line by line" in err
    assert code == 0 and "rank = 2" in text and "title = New" in text  # git's clean merge
    code, text, _ = _driver(tmp_path, BASE, edit(BASE, ('title = "New', 'title = "Old')), broken)
    assert code == 1 and "<<<<<<< ours" in text


def test_setup_git_writes_attributes_and_config_once(tmp_path, capsys):
    from okrboard.cli import main

    assert main(["init", str(tmp_path / "b"), "--team", "growth"]) == 0
    root = tmp_path / "b"
    attributes = (root / ".gitattributes").read_text()
    assert "okrs/*/*.toml merge=okrboard diff=okrboard" in attributes
    assert git(root, "ls-files", ".gitattributes").strip() == ".gitattributes"  # committed
    assert "merge-driver %O %A %B %P" in git(root, "config", "merge.okrboard.driver")
    capsys.readouterr()
    assert main(["setup-git", str(root)]) == 0
    assert capsys.readouterr().out.startswith("Already set up")
    assert (root / ".gitattributes").read_text() == attributes


def test_setup_git_keeps_existing_attributes(tmp_path):
    from okrboard.git.setup import setup_git

    git(tmp_path, "init", "-q")
    (tmp_path / "board.toml").write_text('[board]\nname = "B"\ncurrent_quarter = "2026-Q4"\n')
    (tmp_path / ".gitattributes").write_text("*.png binary")
    done = setup_git(tmp_path, versioned=True)
    assert done[0] == "wrote .gitattributes"
    text = (tmp_path / ".gitattributes").read_text()
    assert text.startswith("*.png binary\n# okrboard")


def test_git_diff_hunk_headers_name_the_item(tmp_path):
    from okrboard.cli import main

    root = tmp_path / "b"
    main(["init", str(root), "--team", "growth"])
    rel = next(root.glob("okrs/*/growth.toml"))
    rel.write_text(BASE)
    git(root, "add", "-A")
    git(root, "commit", "-qm", "okrs")
    rel.write_text(
        edit(BASE, ("checkins = [", "checkins = [\n    { date = 2026-10-12, value = 34 },"))
    )
    diff = git(root, "diff", "-U1")
    assert "@@ [objectives.activation.key_results.activation-rate]" in diff


def test_two_clones_checking_in_on_one_kr_merge_cleanly_with_the_driver(demo_clones):
    a, b = demo_clones
    ref = "2026-Q4/growth/activation/activation-rate"
    for clone, value, day in ((a, "36", "2026-11-16"), (b, "37", "2026-11-17")):
        _cli(clone, "checkin", ref, value, "--date", day)
        git(clone, "commit", "-qam", f"check-in {value}")
    git(a, "push", "-q")
    git(b, "pull", "-q", "--no-rebase")  # would conflict line by line: adjacent lines
    kr = load_board(b).key_result(ref)
    assert [c.value for c in kr.checkins][-2:] == [36, 37]
    assert kr.current == 37
    assert git(b, "status", "--porcelain") == ""


def _cli(root: Path, *args: str) -> None:
    subprocess.run([sys.executable, "-m", "okrboard", *args, "--dir", str(root)], check=True)


@pytest.fixture
def demo_clones(tmp_path, demo_master):
    from tests.helpers import clones

    return clones(tmp_path, demo_master)[1:]


# -- the simulation ------------------------------------------------------------------------------


@pytest.mark.slow  # a thousand merges: a large randomised run, like the fuzzed boards
def test_simulation_of_1000_concurrent_edit_pairs():
    """Target: >= 99% clean with the driver, no lost edit, no invalid TOML ever."""
    from bench.merge_sim import simulate

    line, driver = simulate(1000, seed=1)
    print(f"\nclean merges: git {line.rate():.1%}, okrboard {driver.rate():.1%}")
    assert driver.rate() >= 0.99, driver.examples
    assert driver.needless == 0, driver.examples  # every other pair set one field twice
    assert (driver.invalid, driver.lost) == (0, 0), driver.examples
    assert driver.clean > line.clean  # the driver merges what git cannot
    assert (line.invalid, line.lost) == (0, 0)  # git's clean merges lose nothing either


@pytest.mark.parametrize("workflow", ["merge", "rebase", "cherry-pick"])
def test_simulation_through_real_clones_matches(tmp_path, workflow):
    """git runs the driver when it merges, rebases and cherry-picks: each takes the same
    pairs as cleanly as the driver alone, and loses nothing."""
    from bench.merge_sim import simulate, simulate_clones

    count = 25  # git's line merge fails 2 of these: the driver must have run
    tally = simulate_clones(count, 1, tmp_path, driver=True, workflow=workflow)
    assert (tally.invalid, tally.lost) == (0, 0), tally.examples
    line, driver = simulate(count, 1)
    assert tally.clean == driver.clean > line.clean


def test_a_clone_of_the_demo_has_the_versioned_attributes_and_setup_git_says_what_it_did(
    tmp_path, capsys
):
    from okrboard.cli import main

    assert main(["demo", str(tmp_path / "demo"), "--no-open"]) == 0
    demo = tmp_path / "demo"
    assert git(demo, "ls-files", ".gitattributes").strip() == ".gitattributes"  # versioned
    assert git(demo, "status", "--porcelain").strip() == ""
    git(tmp_path, "clone", "-q", str(demo), "clone")
    clone = tmp_path / "clone"
    assert "merge: okrboard" in git(clone, "check-attr", "merge", "okrs/2026-Q4/growth.toml")
    capsys.readouterr()
    assert main(["-C", str(clone), "setup-git"]) == 0
    said = capsys.readouterr().out
    assert "merge.okrboard.driver" in said and "this clone" in said
    assert git(clone, "status", "--porcelain").strip() == ""  # nothing left uncommitted
    assert main(["-C", str(clone), "setup-git"]) == 0
    assert "Already set up" in capsys.readouterr().out


def test_setup_git_in_a_clone_without_versioned_attributes_writes_nothing_to_commit(
    tmp_path, capsys
):
    from okrboard.cli import main

    git(tmp_path, "init", "-q")
    (tmp_path / "board.toml").write_text('[board]\nname = "B"\ncurrent_quarter = "2026-Q4"\n')
    assert main(["setup-git", str(tmp_path)]) == 0
    said = capsys.readouterr().out
    assert not (tmp_path / ".gitattributes").exists()
    assert "okrs/*/*.toml merge=okrboard" in (tmp_path / ".git/info/attributes").read_text()
    assert "this clone only" in said and ".gitattributes" in said  # and how to share it
    assert (
        git(tmp_path, "status", "--porcelain", "--untracked-files=all").strip() == "?? board.toml"
    )


def test_hunk_headers_limit_is_git_s_and_u0_names_the_item(demo):
    """As docs/format.md says: a change to an item's first field has the item's own header
    in the leading context, so git names the table before; with -U0 git names the item."""
    rel = demo / "roadmaps" / "growth.toml"
    text = rel.read_text()
    header = next(line for line in text.splitlines() if line.startswith("[themes."))
    title = text.split(header, 1)[1].split("\n")[1]
    assert title.startswith("title = ")
    rel.write_text(text.replace(header + "\n" + title, header + '\ntitle = "Renamed"', 1))
    assert f"@@ {header}" in git(demo, "diff", "-U0", "roadmaps/growth.toml")
    assert f"@@ {header}" not in git(demo, "diff", "roadmaps/growth.toml")


def test_current_and_confidence_follow_the_newest_check_in_whatever_each_side_touched():
    line = "    { date = 2026-10-05, value = 33, confidence = 6 },\n"
    # Ours checks in the same value later (current stays 33); theirs checks in 35 earlier.
    ours = edit(BASE, (line, line + "    { date = 2026-10-19, value = 33, confidence = 4 },\n"),
                ("confidence = 6\n", "confidence = 4\n"))  # fmt: skip
    theirs = edit(
        BASE,
        (line, line + "    { date = 2026-10-12, value = 35 },\n"),
        ("current = 33", "current = 35"),
    )
    merged, found = merge_texts(BASE, ours, theirs)
    assert found == []
    kr = tomllib.loads(merged)["objectives"]["activation"]["key_results"]["activation-rate"]
    assert [c["value"] for c in kr["checkins"]] == [33, 35, 33]
    assert (kr["current"], kr["confidence"]) == (33, 4)  # the newest, 2026-10-19, says so


def test_a_same_day_conflict_names_the_two_values_and_theirs_re_derives_current():
    line = "    { date = 2026-10-05, value = 33, confidence = 6 },\n"
    ours = edit(BASE, (line, line + "    { date = 2026-10-12, value = 9.1 },\n"),
                ("current = 33", "current = 9.1"))  # fmt: skip
    added = "    { date = 2026-10-12, value = 9.3, confidence = 8 },\n"
    theirs = edit(BASE, (line, line + added), ("current = 33", "current = 9.3"),
                  ("confidence = 6\n", "confidence = 8\n"))  # fmt: skip
    merged, [conflict] = merge_texts(BASE, ours, theirs)
    message = conflict.message()
    assert "two check-ins on 2026-10-12: 9.1 here, 9.3 on the other branch" in message
    text = resolve.set_value(merged, conflict, conflict.theirs)
    kr = tomllib.loads(text)["objectives"]["activation"]["key_results"]["activation-rate"]
    assert [c["value"] for c in kr["checkins"]] == [33, 9.3]
    assert (kr["current"], kr["confidence"]) == (9.3, 8)
    assert "conflicts" not in tomllib.loads(text)
