"""A new, empty board: what ``okrboard init`` writes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from okrboard.domain import ids
from okrboard.domain.model import Board
from okrboard.files.atomic import atomic_write
from okrboard.files.load import load_board
from okrboard.files.store import inline_fields, render
from okrboard.git.runner import commit_files, gitpython, identity, init_repo, require_git
from okrboard.git.setup import setup_git

OKR_HELP = """\
# {team} OKRs for {quarter}. The format is described in docs/format.md.
# An objective is a table; its key results are tables inside it; one check-in per line:
#
# [objectives.activation]
# title = "New teams reach their first win in their first session"
# owner = "Maya Chen"
# rank = 1
#
# [objectives.activation.key_results.time-to-value]
# title = "Reduce time-to-value from 15 to 5 minutes"
# unit = "min"
# baseline = 15
# target = 5
# checkins = [
#     {{ date = 2026-07-06, value = 12, confidence = 6 }},
# ]
"""

ROADMAP_HELP = """\
# {team} roadmap: themes in Now / Next / Later, each linked to the key results it should move.
#
# [themes.guided-setup]
# title = "Guided first project"
# horizon = "now"
# rank = 10
# key_results = ["{quarter}/{team_id}/activation/time-to-value"]
"""


def create_board(root: Path, *, name: str | None, teams: list[str] | None, today: dt.date) -> Board:
    """Write a new board at ``root`` and commit it; returns the loaded board. NoIdentity,
    before anything is written, when git has no user to commit as."""
    require_git()
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    identity(root)
    quarter = str(ids.QuarterId.containing(today))
    team_ids = teams or ["product"]
    name = name or root.resolve().name or "Our board"
    board_plain = {
        "board": {"name": name, "current_quarter": quarter},
        "settings": {"stale_days": 14},
        "teams": {
            team: {"name": team.replace("-", " ").title(), "rank": rank}
            for rank, team in enumerate(team_ids, start=1)
        },
    }
    files = {
        "board.toml": "# The board: its name, teams and settings (docs/format.md).\n\n"
        + render(None, inline_fields(board_plain))
    }
    for team in team_ids:
        label = team.replace("-", " ").title()
        files[ids.okr_file(quarter, team)] = OKR_HELP.format(team=label, quarter=quarter)
        files[ids.roadmap_file(team)] = ROADMAP_HELP.format(
            team=label, quarter=quarter, team_id=team
        )
    for rel in files:
        path = root / rel
        if path.exists():
            raise FileExistsError(f"{path} exists already; not overwriting it")
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        atomic_write(root / rel, text.encode("utf-8"))
    repo = _repository(root)
    if repo is not None:
        setup_git(root, versioned=True)
        rels = [*files, ".gitattributes"]
        commit_files(repo, rels, f"board: create {name}")
    return load_board(root)


def _repository(root: Path) -> Any:
    """The repo to commit to: a new one at ``root``, or None when ``root`` is already inside
    one (a board in a sub-folder of a larger repository is committed by its owner)."""
    git = gitpython()

    try:
        git.Repo(root, search_parent_directories=True)
    except git.InvalidGitRepositoryError:
        return init_repo(root)
    return None
