"""A proposal's commit: files committed over a base revision as the first commit of a new
branch, made with git's plumbing (a private index, ``commit-tree``, ``update-ref``), so
the current branch, the index and the working tree are never touched. An agent proposes
while a person works in the same clone."""

from __future__ import annotations

import tempfile
from pathlib import Path

from okrboard.git.runner import GitError, checked, checked_text


def commit_on_new_branch(
    root: Path, base: str, files: dict[str, bytes], message: str, branch: str
) -> str:
    """Commit ``files`` (paths from the board's folder, their new bytes) over ``base`` on a
    new ``branch``; the commit's id. GitError when the branch exists or is not a valid
    name, or git refuses (no identity, say); nothing is left behind then but unreachable
    objects."""
    if checked(root, "check-ref-format", "--branch", branch).strip() != branch.encode():
        raise GitError(f"{branch!r} is not a valid branch name")
    prefix = checked_text(root, "rev-parse", "--show-prefix").strip()
    parent = checked_text(root, "rev-parse", "--verify", "--quiet", f"{base}^{{commit}}").strip()
    with tempfile.TemporaryDirectory(prefix="okrboard-propose-") as folder:
        index = {"GIT_INDEX_FILE": str(Path(folder, "index"))}
        checked(root, "read-tree", parent, env=index)
        for rel, data in sorted(files.items()):
            blob = checked_text(root, "hash-object", "-w", "--stdin", data=data).strip()
            entry = f"100644,{blob},{prefix}{rel}"
            checked(root, "update-index", "--add", "--cacheinfo", entry, env=index)
        tree = checked_text(root, "write-tree", env=index).strip()
    commit = checked_text(
        root, "commit-tree", tree, "-p", parent, "-F", "-", data=message.encode("utf-8")
    )
    commit = commit.strip()
    try:  # the empty old value: created only if no such branch exists (two proposals race)
        checked(root, "update-ref", "-m", "okrboard: propose", f"refs/heads/{branch}", commit, "")
    except GitError:
        raise GitError(f"a branch {branch!r} exists already") from None
    return commit


def branch_exists(root: Path, branch: str) -> bool:
    return bool(checked(root, "branch", "--list", branch).strip())
