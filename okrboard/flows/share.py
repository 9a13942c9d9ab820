"""Commit and propose: the board's uncommitted changes as one commit here, or on a new
branch with a pull request's description. The message is drafted from the semantic diff
(the user may edit it); git's refusals come back as ``GitError`` with git's own words."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from okrboard.domain.model import Board
from okrboard.domain.semdiff import Change
from okrboard.git import commit


@dataclass(frozen=True)
class Draft:
    """The message offered for ``changes``; ``branch`` for a proposal."""

    subject: str
    body: str
    branch: str | None = None


def draft(changes: list[Change], board: Board | None, proposal: bool = False) -> Draft:
    """The commit message written from the changes (units from ``board``, the new side)."""
    subject, body = commit.message(changes, commit.units_of(board) if board else None)
    return Draft(subject, body, commit.default_branch(subject) if proposal else None)


@dataclass(frozen=True)
class Shared:
    """What was done: the commit, or the branch proposed on and its PR description."""

    subject: str
    sha: str = ""
    branch: str = ""
    description: str = ""

    @property
    def sentence(self) -> str:
        if self.branch:
            return f"Proposed on {self.branch}."
        return f"Committed {self.sha}: {self.subject}"


def commit_changes(root: Path, subject: str, body: str) -> Shared:
    """Commit every change to the board's files, and nothing else (GitError if git refuses)."""
    sha = commit.commit_board(root, commit.full_message(subject, body))
    return Shared(subject.strip(), sha=sha)


def propose(root: Path, branch: str, subject: str, body: str, changes: list[Change]) -> Shared:
    """Commit the changes on a new ``branch`` (the work tree stays on it) and write the
    pull request's description; GitError, and nothing moved, if git refuses."""
    message = commit.full_message(subject, body)
    description = commit.propose(root, branch, message, changes)
    return Shared(subject.strip(), branch=branch, description=description)
