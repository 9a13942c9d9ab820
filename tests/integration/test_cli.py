"""The command line, run as a user runs it, on real folders and real git."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from okrboard import __version__
from okrboard.cli import main
from okrboard.files.load import load_board
from tests.helpers import SAMPLE, git, make_board


def run(*args: str, cwd: Path | None = None, env: dict | None = None):
    return subprocess.run(
        [sys.executable, "-m", "okrboard", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
    )


def test_help_and_version():
    done = run("--help")
    assert done.returncode == 0
    for command in ("init", "check", "demo", "open", "completion", "-C DIR"):
        assert command in done.stdout
    assert "Markdown (or JSON)" in done.stdout  # report's help says both
    assert "2026-Q3: its last day" in run("lint", "--help").stdout
    assert run("--version").stdout.strip() == f"okrboard {__version__}"


def test_usage_errors_exit_2():
    assert run("check", "--format", "yaml").returncode == 2
    assert run("init", "--bogus").returncode == 2


def test_check_the_sample_board_is_clean(capsys):
    assert main(["check", str(SAMPLE)]) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "21 files checked: no problems." in captured.err


def test_check_lists_every_problem_and_exits_1(tmp_path, capsys):
    root = make_board(
        tmp_path,
        {
            "okrs/2026-Q3/growth.toml": '[objectives.a]\ntitle = "A"\nrank = "one"\nowner = 3\n',
            "roadmaps/growth.toml": '[themes.t]\ntitle = "T"\nhorizon = "soon"\n',
        },
    )
    assert main(["check", str(root)]) == 1
    assert capsys.readouterr().out.splitlines() == [
        "okrs/2026-Q3/growth.toml:3: objectives.a.rank: "
        "expected an integer, found a string ('one')",
        "okrs/2026-Q3/growth.toml:4: objectives.a.owner: expected a string, found an integer (3)",
        "roadmaps/growth.toml:3: themes.t.horizon: "
        "'soon' is not one of: now, next, later, done, not-now",
    ]


def test_check_json(tmp_path, capsys):
    root = make_board(tmp_path, {"okrs/2026-Q3/growth.toml": "[objectives.a]\ntitle = 1\n"})
    assert main(["check", str(root), "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["errors"] == 1 and report["warnings"] == 0
    assert report["problems"] == [
        {
            "file": "okrs/2026-Q3/growth.toml",
            "line": 2,
            "key": "objectives.a.title",
            "message": "expected a string, found an integer (1)",
            "severity": "error",
        }
    ]


def test_check_output_never_carries_escape_sequences(tmp_path, capsys):
    root = make_board(
        tmp_path, {"okrs/2026-Q3/growth.toml": '[objectives.a]\ntitle = "A"\n"\\u001b[2J" = 1\n'}
    )
    assert main(["check", str(root)]) == 1
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\\u001b" in out


def test_not_a_board_says_how_to_start(tmp_path):
    for args in ([str(tmp_path)], ["check", str(tmp_path)], [str(tmp_path / "missing")]):
        done = run(*args)
        assert done.returncode == 2
        assert "okrboard init" in done.stderr and "okrboard demo" in done.stderr
        assert "Traceback" not in done.stderr


def test_init_creates_a_committed_board(tmp_path):
    root = tmp_path / "plans"
    done = run("init", str(root), "--name", "Acme Product", "--team", "growth", "--team", "core")
    assert done.returncode == 0, done.stderr
    board = load_board(root)
    assert board.problems == []
    assert board.name == "Acme Product"
    assert list(board.teams) == ["growth", "core"]
    assert git(root, "status", "--porcelain") == ""
    assert "board: create Acme Product" in git(root, "log", "--format=%s")
    assert (root / "okrs" / board.current_quarter / "growth.toml").exists()
    again = run("init", str(root))
    assert again.returncode == 2 and "already a board" in again.stderr


def test_init_inside_an_existing_repository_does_not_nest_one(tmp_path):
    git(tmp_path, "init", "-q")
    assert run("init", str(tmp_path / "okr-board")).returncode == 0
    assert not (tmp_path / "okr-board" / ".git").exists()
    assert load_board(tmp_path / "okr-board").problems == []


def test_init_rejects_bad_team_ids(tmp_path):
    done = run("init", str(tmp_path / "b"), "--team", "Growth Team")
    assert done.returncode == 2 and "not an id" in done.stderr
    assert not (tmp_path / "b").exists()


def test_git_missing_is_a_clear_message(tmp_path):
    env = {**os.environ, "PATH": str(tmp_path)}  # no git on it
    done = run("demo", str(tmp_path / "d"), "--no-open", env=env)
    assert done.returncode == 2
    assert "git was not found" in done.stderr and "Traceback" not in done.stderr


def test_demo_no_open_creates_the_board(tmp_path):
    root = tmp_path / "demo"
    done = run("demo", str(root), "--no-open")
    assert done.returncode == 0, done.stderr
    assert "Demo board created" in done.stdout
    assert f"Open it with: okrboard {root}" in done.stdout  # not "again": it never opened
    assert load_board(root).problems == []
    assert run("demo", str(root), "--no-open").returncode == 2  # not empty any more


@pytest.mark.parametrize("args", [["--version"], ["check", str(SAMPLE)]])
def test_python_dash_m_and_console_script_agree(args):
    assert run(*args).returncode == 0


def run_okrboard(*args: str, cwd=None) -> subprocess.CompletedProcess:
    """okrboard as a script runs it: no terminal (stdin /dev/null, output to pipes)."""
    return subprocess.run(
        [sys.executable, "-m", "okrboard", *args],
        capture_output=True, text=True, stdin=subprocess.DEVNULL, cwd=cwd, timeout=60,
    )  # fmt: skip


@pytest.mark.parametrize("args", [[], ["--at", "HEAD"], ["open"]])
def test_the_app_without_a_terminal_says_so_and_exits_at_once(git_board, args):
    done = run_okrboard(*args, cwd=git_board)
    assert done.returncode == 2
    assert "needs a terminal" in done.stderr and "okrboard check" in done.stderr


def test_the_demo_without_a_terminal_is_made_but_not_opened(tmp_path):
    done = run_okrboard("demo", str(tmp_path / "demo"))
    assert done.returncode == 2 and "needs a terminal" in done.stderr
    assert (tmp_path / "demo" / "board.toml").is_file()  # made: open it from a terminal


def test_a_mistyped_command_suggests_the_nearest(tmp_path):
    done = run_okrboard("chek", cwd=tmp_path)
    assert done.returncode == 2
    assert "'chek' is not a command or a folder; did you mean check or checkin?" in done.stderr


def test_report_to_stdout_with_a_dash_and_counts_that_cannot_be_negative(git_board, capsys):
    assert main(["report", "2026-Q4", "--dir", str(git_board), "-o", "-"]) == 0
    assert capsys.readouterr().out.startswith("# Quarterly review")
    assert not (git_board / "-").exists()
    with pytest.raises(SystemExit) as exited:
        main(["log", "-n", "-1", "--dir", str(git_board)])
    assert exited.value.code == 2
    assert "-1: expected a count of 0 or more" in capsys.readouterr().err


def test_a_closed_pipe_keeps_the_commands_status(git_board):
    """lint | head -1: the reader goes away; lint's own status stays, not a false 0."""
    broken = git_board / "okrs/2026-Q4/growth.toml"
    broken.write_text(broken.read_text().replace("[objectives.activation]", "[objectives.act", 1))
    done = subprocess.run(
        f"{sys.executable} -m okrboard lint {git_board} | head -1; exit ${{PIPESTATUS[0]}}",
        shell=True, executable="/bin/bash", capture_output=True, text=True,
    )  # fmt: skip
    assert done.returncode in (1, 141)  # its status, or git's for a closed pipe


JSON_COMMANDS = [
    ["check"],
    ["lint", "--fail-on", "never"],
    ["diff", "HEAD~3"],
    ["log", "-n", "2"],
    ["report", "2026-Q3"],
    ["diff", "--quarters", "2026-Q3", "2026-Q4"],
]


@pytest.mark.parametrize("command", JSON_COMMANDS, ids=lambda c: " ".join(c))
def test_every_json_output_has_one_shape(demo_master, command, capsys):
    """An object with the shape's version and the board (name and path); text as UTF-8."""
    assert main(["-C", str(demo_master), *command, "--format", "json"]) in (0, 1)
    out = capsys.readouterr().out
    data = json.loads(out)
    assert data["version"] == 1
    assert data["board"] == {"name": "Fieldnote Product", "path": str(demo_master)}
    assert "\\u2019" not in out and "\\u2014" not in out  # UTF-8 as it is, not escaped


def test_diff_json_names_the_revisions_it_compared(demo_master, capsys):
    head = git(demo_master, "rev-parse", "HEAD").strip()
    assert main(["diff", "HEAD~2..HEAD", "--dir", str(demo_master), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["revisions"]["new"] == head and data["revisions"]["text"] == "HEAD~2..HEAD"
    assert data["revisions"]["old"] == git(demo_master, "rev-parse", "HEAD~2").strip()
    assert data["changes"] and {"ref", "field"} <= set(data["changes"][0])


def test_diff_quarters_json_pairs_are_named(demo_master, capsys):
    main(
        ["diff", "--quarters", "2026-Q3", "2026-Q4", "--dir", str(demo_master), "--format", "json"]
    )
    team = json.loads(capsys.readouterr().out)["teams"][0]
    carried = next(o for o in team["objectives"] if o["next"])
    assert carried["ref"].startswith("2026-Q3/") and carried["next"]["ref"].startswith("2026-Q4/")
    assert set(carried["next"]) == {"ref", "title"}


def test_the_board_is_found_from_a_folder_inside_it_and_with_dash_c(demo_master, capsys):
    inside = demo_master / "okrs" / "2026-Q4"
    done = run("check", cwd=inside)
    assert done.returncode == 0 and "files checked: no problems" in done.stderr
    assert main(["-C", str(inside), "log", "-n", "1", "--format", "json"]) == 0
    assert len(json.loads(capsys.readouterr().out)["commits"]) == 1
    # -C relative to -C, as git; the old forms keep working
    assert main(["-C", str(demo_master.parent), "-C", demo_master.name, "check"]) == 0
    assert main(["check", str(demo_master)]) == 0
    assert main(["-C", str(demo_master / "nope"), "check"]) == 2
    assert "-C" in capsys.readouterr().err


def test_no_board_above_says_where_it_looked(tmp_path):
    done = run("lint", cwd=tmp_path)
    assert done.returncode == 2
    assert f"no board here ({tmp_path})" in done.stderr and "okrboard init" in done.stderr


def test_checkin_and_log_take_a_unique_id_or_suffix(demo, capsys):
    assert main(["-C", str(demo), "checkin", "activation-rate", "47"]) == 0
    said = capsys.readouterr().out
    assert said.startswith("Checked in 2026-Q4/growth/activation/activation-rate: 47")
    assert main(["-C", str(demo), "log", "activation/activation-rate", "-n", "1"]) == 0
    assert "1 commit changed 2026-Q4/growth/activation/activation-rate" in capsys.readouterr().err


def test_an_unknown_item_exits_1_with_near_matches(demo_master, capsys):
    assert main(["-C", str(demo_master), "checkin", "activaton-rate", "47"]) == 1
    err = capsys.readouterr().err
    assert (
        "no key result or KPI 'activaton-rate'" in err
        and "2026-Q4/growth/activation/activation-rate" in err
    )
    assert main(["-C", str(demo_master), "log", "2026-Q4/growth/activation/activaton-rate"]) == 1
    err = capsys.readouterr().err
    assert (
        "or in its history" in err
        and "did you mean 2026-Q4/growth/activation/activation-rate" in err
    )
    assert main(["-C", str(demo_master), "log", "zzz-nothing-like-it"]) == 1
    assert "did you mean" not in capsys.readouterr().err


def test_an_id_that_several_items_have_lists_them(demo_master, capsys):
    """An id in two teams of the current quarter is not guessed."""
    from okrboard.domain import links
    from okrboard.files.load import load_board

    board = load_board(demo_master)
    refs = links.every_ref(board)
    ids_now = [r.rsplit("/", 1)[1] for r in refs if r.startswith("2026-Q4/")]
    shared = next(i for i in ids_now if ids_now.count(i) > 1)
    assert main(["-C", str(demo_master), "log", shared]) == 1
    assert "give the whole reference" in capsys.readouterr().err


def test_lint_says_which_rule_it_skipped_outside_git(sample_dir, capsys):
    assert main(["lint", str(sample_dir), "--fail-on", "never"]) == 0
    assert "KR005 (moved target) skipped: the board has no git history" in capsys.readouterr().err
    assert main(["lint", str(sample_dir), "--fail-on", "never", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["skipped"][0]["rule"] == "KR005"


def test_lint_in_git_skips_nothing(git_board, capsys):
    main(["lint", str(git_board), "--fail-on", "never", "--format", "json"])
    assert json.loads(capsys.readouterr().out)["skipped"] == []
    assert "skipped" not in capsys.readouterr().err


def test_every_command_takes_the_same_folder_options_and_walks_up(demo_master, capsys):
    """-C DIR, --dir DIR and a positional folder, each a sub-folder as well as the board's
    own: okrboard finds the board above it as git finds a repository."""
    inner = str(demo_master / "okrs" / "2026-Q4")
    assert main(["check", "--dir", str(demo_master)]) == 0
    assert main(["check", inner]) == 0
    assert main(["lint", "--dir", inner, "--fail-on", "never"]) == 0
    assert main(["-C", inner, "report", "2026-Q4", "-o", "-"]) == 0
    assert main(["report", "2026-Q4", "--dir", inner, "-o", "-"]) == 0
    assert main(["report", "-C", inner, "2026-Q4", "-o", "-"]) == 0  # after the command too
    assert main(["check", "-C", inner]) == 0
    assert main(["due", "-C", inner]) in (0, 1)  # (1: check-ins owed)
    capsys.readouterr()
    assert main(["check", str(demo_master), "--dir", inner]) == 2  # two different folders
    assert "two folders given" in capsys.readouterr().err


def test_close_is_now_quarter_close_and_says_so(demo_master, capsys):
    assert main(["close", "2026-Q4", "--dry-run", "--dir", str(demo_master)]) == 0
    said = capsys.readouterr()
    assert "'close' is now 'quarter close'" in said.err
    assert main(["quarter", "close", "2026-Q4", "--dry-run", "--dir", str(demo_master)]) == 0
    assert "is now" not in capsys.readouterr().err


def test_check_says_1_file_not_1_files(tmp_path, capsys):
    """Counts go through one plural rule: "1 file checked", not "1 files checked"."""
    root = make_board(tmp_path, {})
    assert main(["check", str(root)]) == 0
    assert "1 file checked: no problems." in capsys.readouterr().err
