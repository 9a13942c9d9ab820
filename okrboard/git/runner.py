"""The board's git repository: create one and commit to it (GitPython, no textual).

History, diffs and sync come in their own modules; this holds what ``init`` and ``demo``
need, and the one check that git is there at all.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Iterable
from pathlib import Path

# Import GitPython lazily and quietly: without a git binary it fails at import time.
os.environ.setdefault("GIT_PYTHON_REFRESH", "quiet")

FALLBACK_NAME, FALLBACK_EMAIL = "okrboard", "okrboard@localhost"


class GitError(Exception):
    """A revision or repository problem, said in one sentence for the user."""


class GitUnavailable(GitError):
    """git is not installed or not on PATH."""


def require_git() -> None:
    if shutil.which("git") is None:
        raise GitUnavailable(
            "git was not found on PATH. okrboard keeps boards in git: install git "
            "(https://git-scm.com) and try again."
        )


def init_repo(root: Path):
    """``git init`` at ``root`` (on branch main) and return the GitPython Repo."""
    require_git()
    import git

    return git.Repo.init(root, initial_branch="main")


def _actor(repo, name: str | None, email: str | None):
    """The author to commit as: the one given, else git's configured user, else okrboard."""
    import git

    if name:
        return git.Actor(name, email or FALLBACK_EMAIL)
    reader = repo.config_reader()
    configured = reader.get_value("user", "name", "") if reader.has_section("user") else ""
    if configured:
        return git.Actor(configured, reader.get_value("user", "email", FALLBACK_EMAIL))
    return git.Actor(FALLBACK_NAME, FALLBACK_EMAIL)


def commit_files(
    repo,
    paths: Iterable[str],
    message: str,
    *,
    author: str | None = None,
    email: str | None = None,
    when: dt.datetime | None = None,
):
    """Stage ``paths`` (relative to the work tree) and commit them; returns the commit."""
    repo.index.add(sorted(paths))
    actor = _actor(repo, author, email)
    return repo.index.commit(
        message,
        author=actor,
        committer=actor,
        author_date=when,
        commit_date=when,
        skip_hooks=True,
    )


def import_history(root: Path, commits: Iterable[tuple], branch: str = "main") -> None:
    """Write many commits at once with ``git fast-import``, then check out the last.

    Each commit is ``(author, email, when, message, {relative path: bytes})``; files not
    named keep their content from the commit before. Much faster than one commit a call,
    and the same objects git itself would write.
    """
    require_git()
    import subprocess

    stream = bytearray()
    for mark, (author, email, when, message, files) in enumerate(commits, start=1):
        stamp = f"{author} <{email}> {int(when.timestamp())} +0000\n".encode()
        body = message.encode()
        stream += f"commit refs/heads/{branch}\nmark :{mark}\n".encode()
        stream += b"author " + stamp + b"committer " + stamp
        stream += b"data %d\n%s\n" % (len(body), body)
        for rel, data in sorted(files.items()):
            stream += f"M 100644 inline {rel}\n".encode() + b"data %d\n" % len(data) + data + b"\n"
        stream += b"\n"
    subprocess.run(["git", "fast-import", "--quiet"], input=bytes(stream), cwd=root, check=True)
    subprocess.run(["git", "checkout", "--quiet", "--force", branch], cwd=root, check=True)
