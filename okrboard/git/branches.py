"""Local branches: which there are, which one you came from, and switching between them."""

from __future__ import annotations

from pathlib import Path

from okrboard.git.runner import GitError as GitError  # the layer's one error, re-exported
from okrboard.git.runner import checked_text as _git


def local_branches(root: Path) -> list[str]:
    """The local branches, the most recently committed to first."""
    out = _git(root, "for-each-ref", "--sort=-committerdate", "--format=%(refname:short)",
               "refs/heads/")  # fmt: skip
    return [line for line in out.splitlines() if line]


def previous(root: Path) -> str | None:
    """The branch checked out before this one (git's ``@{-1}``), if it still exists."""
    try:
        name = _git(root, "rev-parse", "--abbrev-ref", "@{-1}").strip()
    except GitError:  # no branch before this one
        return None
    return name if name in local_branches(root) else None


def switch(root: Path, branch: str) -> None:
    """Check out ``branch``; uncommitted changes come along when git can carry them, and
    git refuses (GitError, in its own words) when they would be overwritten."""
    if branch not in local_branches(root):  # also: never an option to git
        raise GitError(f"no local branch {branch!r}")
    _git(root, "switch", "--quiet", branch, "--")
