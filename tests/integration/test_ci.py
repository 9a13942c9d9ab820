"""okrboard in CI: annotations for GitHub and GitLab, the workflow templates in docs/ci/
(checked against the services' published schemas and run as a runner runs them), and the
pre-commit hooks."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from okrboard.cli import main
from okrboard.git.setup import PATTERNS
from tests.helpers import REPO, git, make_board

DOCS = REPO / "docs" / "ci"
SYNTAX_ERROR = '[objectives.a]\ntitle = "A"\nrank = = 1\n'


def _lines(capsys) -> list[str]:
    return capsys.readouterr().out.splitlines()


def test_check_for_github_annotates_a_syntax_error_with_file_and_line(tmp_path, capsys):
    root = make_board(tmp_path, {"okrs/2026-Q3/growth.toml": SYNTAX_ERROR})
    assert main(["check", str(root), "--format", "github"]) == 1
    (line,) = _lines(capsys)
    assert line.startswith("::error file=okrs/2026-Q3/growth.toml,line=3,title=okrboard check::")
    assert "TOML syntax error" in line


def test_annotations_name_files_from_the_repository_root(tmp_path, capsys):
    """A board in a sub-folder of a larger repository: GitHub places annotations by the
    path from the repository's root."""
    git(tmp_path, "init", "-q")
    root = make_board(tmp_path / "plans" / "okrs-board", {"okrs/2026-Q3/growth.toml": SYNTAX_ERROR})
    assert main(["check", str(root), "--format", "github"]) == 1
    assert "file=plans/okrs-board/okrs/2026-Q3/growth.toml,line=3" in _lines(capsys)[0]


def test_a_pull_request_with_merge_conflicts_fails_the_check(tmp_path, capsys):
    markers = '[objectives.a]\n<<<<<<< ours\ntitle = "A"\n=======\ntitle = "B"\n>>>>>>> b\n'
    recorded = (
        '[objectives.a]\ntitle = "A"\n\n[[conflicts]]\npath = ["objectives", "a", "title"]\n'
        'ours = "A"\ntheirs = "B"\n'
    )
    root = make_board(
        tmp_path, {"okrs/2026-Q3/growth.toml": markers, "okrs/2026-Q3/core.toml": recorded}
    )
    assert main(["check", str(root), "--format", "github"]) == 1
    lines = _lines(capsys)
    assert any(x.startswith("::error file=okrs/2026-Q3/growth.toml,line=2") for x in lines)
    assert any("merge conflict" in x and "okrs/2026-Q3/core.toml" in x for x in lines)


def test_workflow_command_values_are_escaped(tmp_path, capsys):
    """A key with a comma or colon, a message with a newline or %: each escaped as
    GitHub's toolkit does, so no text from a file can end or forge a command."""
    root = make_board(
        tmp_path, {"okrs/2026-Q3/growth.toml": '[objectives."a,b:c"]\ntitle = "A"\nrank = "1%"\n'}
    )
    assert main(["check", str(root), "--format", "github"]) == 1
    line = _lines(capsys)[-1]
    assert 'title=okrboard check%3A objectives."a%2Cb%3Ac".rank::' in line
    assert "'1%25'" in line


def test_lint_for_github_uses_the_three_levels(demo_master, capsys):
    assert main(["lint", str(demo_master), "--format", "github", "--fail-on", "never"]) == 0
    lines = _lines(capsys)
    levels = {line.split(" ", 1)[0] for line in lines}
    assert levels <= {"::error", "::warning", "::notice"} and "::notice" in levels
    notice = next(x for x in lines if x.startswith("::notice"))
    assert re.match(r"::notice file=okrs/\S+\.toml,line=\d+,title=[A-Z]+\d{3} ", notice)


def test_gitlab_code_quality_report(tmp_path, capsys):
    """GitLab's required fields; a fingerprint that stays when the problem only moves."""
    files = {"okrs/2026-Q3/growth.toml": "[objectives.a]\ntitle = 1\n"}
    root = make_board(tmp_path, files)
    assert main(["check", str(root), "--format", "gitlab"]) == 1
    (entry,) = json.loads(capsys.readouterr().out)
    assert entry["check_name"] == "okrboard/check" and entry["severity"] == "major"
    assert entry["location"] == {"path": "okrs/2026-Q3/growth.toml", "lines": {"begin": 2}}
    assert "expected a string" in entry["description"]
    (root / "okrs/2026-Q3/growth.toml").write_text("# moved down\n[objectives.a]\ntitle = 1\n")
    main(["check", str(root), "--format", "gitlab"])
    (moved,) = json.loads(capsys.readouterr().out)
    assert moved["location"]["lines"]["begin"] == 3
    assert moved["fingerprint"] == entry["fingerprint"]


def test_a_clean_board_prints_no_annotations(demo_master, capsys):
    assert main(["check", str(demo_master), "--format", "github"]) == 0
    assert capsys.readouterr().out == ""
    assert main(["check", str(demo_master), "--format", "gitlab"]) == 0
    assert json.loads(capsys.readouterr().out) == []


# -- the templates ------------------------------------------------------------------------


def _validate(schema: str, path: Path) -> subprocess.CompletedProcess:
    # The schemas check-jsonschema ships (GitHub's and GitLab's own): no network.
    return subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, str(path)],
        capture_output=True,
        text=True,
    )


@pytest.mark.parametrize(
    ("schema", "name"),
    [
        ("vendor.github-workflows", "github-workflow.yml"),
        ("vendor.gitlab-ci", "gitlab-ci.yml"),
        ("vendor.github-workflows", "github-weekly.yml"),
        ("vendor.gitlab-ci", "gitlab-weekly.yml"),
        ("vendor.github-workflows", "github-pages.yml"),
        ("vendor.gitlab-ci", "gitlab-pages.yml"),
    ],
)
def test_templates_follow_the_services_schemas(tmp_path, schema, name):
    done = _validate(schema, DOCS / name)
    assert done.returncode == 0, done.stdout + done.stderr
    broken = tmp_path / name  # the same check rejects a template with a misspelt key
    broken.write_text(
        (DOCS / name).read_text().replace("script:", "scripts:").replace("steps:", "step:")
    )
    assert _validate(schema, broken).returncode != 0


def _runner_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    bin_dir = Path(sys.executable).parent  # where this venv's okrboard is
    return {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}", **extra}


def _pull_request(tmp_path: Path, demo_master: Path) -> Path:
    """A bare remote with the demo; a clone on a branch that changes one title while main
    moves on with a check-in of its own."""
    remote = tmp_path / "remote.git"
    git(tmp_path, "clone", "-q", "--bare", str(demo_master), str(remote))
    for name in ("main-clone", "pr"):
        git(tmp_path, "clone", "-q", str(remote), name)
        git(tmp_path / name, "config", "user.name", name)
        git(tmp_path / name, "config", "user.email", f"{name}@example.com")
    moved = tmp_path / "main-clone"
    rel = next(p for p in moved.glob("okrs/*/growth.toml") if "2026-Q4" in str(p))
    text = rel.read_text()
    rel.write_text(text.replace('title = "', 'title = "Main moved: ', 1))
    git(moved, "commit", "-qam", "main moves on")
    git(moved, "push", "-q", "origin", "main")
    pr = tmp_path / "pr"
    git(pr, "switch", "-q", "-c", "propose/roadmap")
    card = pr / "roadmaps" / "growth.toml"
    card.write_text(card.read_text().replace('title = "', 'title = "Proposed: ', 1))
    git(pr, "commit", "-qam", "propose a card")
    git(pr, "fetch", "-q", "origin")
    return pr


def test_the_github_workflow_runs_as_a_runner_runs_it(tmp_path, demo_master):
    """Every step after the install, in a pull request's clone, with the variables GitHub
    sets: the job passes and the summary holds only the branch's change."""
    steps = YAML(typ="safe").load((DOCS / "github-workflow.yml").read_text())["jobs"]["board"]
    commands = [s for s in steps["steps"] if "run" in s and "pip install" not in s["run"]]
    pr = _pull_request(tmp_path, demo_master)
    summary = tmp_path / "summary.md"
    env = _runner_env(tmp_path, BASE="main", GITHUB_STEP_SUMMARY=str(summary))
    for step in commands:
        step_env = {**env, **{k: v for k, v in step.get("env", {}).items() if "${{" not in v}}
        done = subprocess.run(
            ["bash", "-eo", "pipefail", "-c", step["run"]],
            cwd=pr, env=step_env, capture_output=True, text=True,
        )  # fmt: skip
        assert done.returncode == 0, (step["name"], done.stdout, done.stderr)
    text = summary.read_text()
    assert "Proposed: " in text and "Main moved" not in text


def test_the_gitlab_job_reports_and_fails_on_a_broken_board(tmp_path, demo_master):
    job = YAML(typ="safe").load((DOCS / "gitlab-ci.yml").read_text())["okrboard"]
    pr = _pull_request(tmp_path, demo_master)
    growth = next(pr.glob("okrs/2026-Q4/growth.toml"))
    growth.write_text(growth.read_text() + "\nbroken = = 1\n")
    script = "\n".join(x for x in job["script"] if "pip install" not in x)
    env = _runner_env(tmp_path, CI_MERGE_REQUEST_TARGET_BRANCH_NAME="main")
    done = subprocess.run(
        ["bash", "-eo", "pipefail", "-c", script], cwd=pr, env=env, capture_output=True, text=True
    )
    assert done.returncode == 1, done.stderr
    (entry,) = json.loads((pr / "okrboard-check.json").read_text())
    assert entry["location"]["path"] == "okrs/2026-Q4/growth.toml"
    assert isinstance(json.loads((pr / "okrboard-lint.json").read_text()), list)
    assert "Proposed: " in (pr / "okrboard-changes.md").read_text()


def test_the_weekly_workflow_commits_the_measured_checkins_and_posts_what_is_due(
    tmp_path, demo_master
):
    """The weekly jobs' steps after the install, as a runner runs them: the check-ins the
    demo's sources give are committed and pushed, the semantic diff as the message."""
    jobs = YAML(typ="safe").load((DOCS / "github-weekly.yml").read_text())["jobs"]
    remote = tmp_path / "remote.git"
    git(tmp_path, "clone", "-q", "--bare", str(demo_master), str(remote))
    git(tmp_path, "clone", "-q", str(remote), "runner")
    runner = tmp_path / "runner"
    env = _runner_env(tmp_path, RUNNER_TEMP=str(tmp_path))
    for step in jobs["measure"]["steps"]:
        if "run" not in step or "pip install" in step["run"]:
            continue
        done = subprocess.run(
            ["bash", "-eo", "pipefail", "-c", step["run"]],
            cwd=runner, env=env, capture_output=True, text=True,
        )  # fmt: skip
        assert done.returncode == 0, (step["name"], done.stdout, done.stderr)
    message = git(remote, "log", "-1", "--format=%B", "main")
    assert message.startswith("measure: weekly check-ins from the metric sources\n\n")
    assert "check-in 2026-11-21: 47%" in message
    assert git(runner, "status", "--porcelain") == ""


def test_pre_commit_hooks_fire_only_on_board_files():
    hooks = YAML(typ="safe").load((REPO / ".pre-commit-hooks.yaml").read_text())
    board_files = [
        "board.toml",
        "okrs/2026-Q4/growth.toml",
        "roadmaps/growth.toml",
        "trees/activation.toml",
        "kpis/growth.toml",
        "plans/board.toml",  # a board in a sub-folder of the repository
        "plans/okrs/2027-Q1/core.toml",
    ]
    others = ["pyproject.toml", "okrs/notes.toml", "docs/trees/x/y.toml", "ruff.toml"]
    for hook in hooks:
        pattern = re.compile(hook["files"])
        assert all(pattern.search(f) for f in board_files), hook["id"]
        assert not any(pattern.search(f) for f in others), hook["id"]
    assert len(PATTERNS) == 5  # the same five kinds of file as .gitattributes names
