"""The wheel carries everything a non-editable install needs, the sample board included,
under one package of its own (CI also installs it in a clean venv: .ci/run)."""

from __future__ import annotations

import subprocess
import sys
import zipfile

from tests.helpers import REPO, SAMPLE


def test_the_wheel_installs_okrboard_alone_with_the_kit_and_the_sample_inside(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(REPO)],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("okrboard-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    tops = {n.split("/")[0] for n in names if ".dist-info/" not in n}
    assert tops == {"okrboard"}  # no top-level widgets or board_data to clash with others
    sample = {
        f"okrboard/board_data/{p.relative_to(SAMPLE).as_posix()}" for p in SAMPLE.rglob("*.toml")
    }
    assert len(sample) == 21 and sample <= names
    for module in (
        "okrboard/cli/main.py",
        "okrboard/tui/screens/okrs.py",
        "okrboard/tui/styles/app.tcss",
        "okrboard/widgets/progress.py",
    ):
        assert module in names
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "okrboard = okrboard.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()


def test_git_refusals_are_git_errors_in_gits_words(tmp_path, capsys):
    """One error type from the git layer: setup-git outside a repository is a usage error
    that quotes git, not a CalledProcessError."""
    from okrboard.cli import main
    from okrboard.git.runner import GitError, checked, import_history

    (tmp_path / "board.toml").write_text('name = "x"\n')
    assert main(["setup-git", str(tmp_path)]) == 2
    assert "is not in a git repository (not a git repository" in capsys.readouterr().err
    try:
        checked(tmp_path, "rev-parse", "HEAD")
    except GitError as exc:
        assert "not a git repository" in str(exc)
    else:
        raise AssertionError("git rev-parse outside a repository passed")
    try:
        import_history(tmp_path, [])
    except GitError as exc:
        assert str(exc)
    else:
        raise AssertionError("fast-import outside a repository passed")
