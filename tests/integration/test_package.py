"""The wheel carries everything a non-editable install needs, the sample board included."""

from __future__ import annotations

import subprocess
import sys
import zipfile

from tests.helpers import REPO, SAMPLE


def test_the_wheel_ships_the_sample_board_and_both_packages(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(REPO)],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("okrboard-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    sample = {f"board_data/{p.relative_to(SAMPLE).as_posix()}" for p in SAMPLE.rglob("*.toml")}
    assert len(sample) == 21 and sample <= names
    for module in (
        "okrboard/cli/main.py",
        "okrboard/tui/screens/okrs.py",
        "okrboard/tui/styles/app.tcss",
        "widgets/progress.py",
    ):
        assert module in names
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "okrboard = okrboard.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()
