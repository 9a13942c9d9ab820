"""The one way okrboard runs git, and its one error hierarchy.

Two runners, each where it serves best: GitPython (``gitpython()``) for what writes a
repository (init, commit, tag), and a subprocess runner (``git``, ``git_bytes``,
``git_started``) for what reads a lot (logs, blobs, diffs) and for sync, whose progress
and errors come from git's own output. Both run git with no terminal to prompt on, no
editor to open and C messages; every failure is a ``GitError`` with one sentence for the
user. Nothing here changes the environment of the process.
"""

from __future__ import annotations

import datetime as dt
import importlib
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, cast

NO_IDENTITY = (
    "git has no user to commit as, so nothing was committed (git itself would refuse): set "
    'one with git config --global user.name "Your Name" and git config --global user.email '
    "you@example.com"
)


class GitError(Exception):
    """A revision or repository problem, said in one sentence for the user."""


class GitUnavailable(GitError):
    """git is not installed or not on PATH."""


class NoIdentity(GitError):
    """git has no user to commit as (it would refuse to commit)."""


class NothingToCommit(GitError):
    """A commit of files that have no changes."""


def gitpython() -> Any:
    """GitPython, imported on first use (about 60 ms) and quietly: without a git binary
    its import would fail with its own message, and ``require_git`` says ours. The
    variable it reads is set only while it is imported."""
    if "git" in sys.modules:
        return sys.modules["git"]
    old = os.environ.get("GIT_PYTHON_REFRESH")
    os.environ["GIT_PYTHON_REFRESH"] = "quiet"
    try:
        git = importlib.import_module("git")
    finally:
        if old is None:
            del os.environ["GIT_PYTHON_REFRESH"]
        else:
            os.environ["GIT_PYTHON_REFRESH"] = old
    return git


def require_git() -> None:
    if shutil.which("git") is None:
        raise GitUnavailable(
            "git was not found on PATH. okrboard keeps boards in git: install git "
            "(https://git-scm.com) and try again."
        )


def init_repo(root: Path) -> Any:
    """``git init`` at ``root`` (on branch main) and return the GitPython Repo."""
    require_git()
    git = gitpython()

    return git.Repo.init(root, initial_branch="main")


def identity(root: Path) -> tuple[str, str]:
    """The name and email git commits as in ``root``, as git itself works them out (its
    config, ``GIT_AUTHOR_*``, ``EMAIL``); NoIdentity where git would refuse to commit."""
    require_git()
    done = git(root, "var", "GIT_AUTHOR_IDENT")
    found = re.fullmatch(r"(.*) <(.*)> \d+ [+-]\d{4}", done.stdout.strip())
    if done.returncode != 0 or found is None:
        raise NoIdentity(NO_IDENTITY)
    return found[1], found[2]


def _actor(repo: Any, name: str | None, email: str | None) -> Any:
    """The author to commit as: the one given (the demo's people), else git's user."""
    git = gitpython()

    if name:
        return git.Actor(name, email or "")
    return git.Actor(*identity(Path(repo.working_dir)))


def commit_files(
    repo: Any,
    paths: Iterable[str],
    message: str,
    *,
    author: str | None = None,
    email: str | None = None,
    when: dt.datetime | None = None,
) -> Any:
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
    and the same objects git itself would write. GitError if git refuses.
    """
    require_git()
    # Written to git as made: a large history (50,000 commits) never sits in memory.
    command = ["git", "fast-import", "--quiet"]
    pipe = subprocess.PIPE
    with subprocess.Popen(command, stdin=pipe, stderr=pipe, cwd=root, env=_env()) as importer:
        assert importer.stdin is not None and importer.stderr is not None
        for mark, (author, email, when, message, files) in enumerate(commits, start=1):
            stamp = f"{author} <{email}> {int(when.timestamp())} +0000\n".encode()
            body = message.encode()
            stream = bytearray(f"commit refs/heads/{branch}\nmark :{mark}\n".encode())
            stream += b"author " + stamp + b"committer " + stamp
            stream += b"data %d\n%s\n" % (len(body), body)
            for rel, data in sorted(files.items()):
                stream += f"M 100644 inline {rel}\n".encode() + b"data %d\n" % len(data)
                stream += data + b"\n"
            importer.stdin.write(stream + b"\n")
        importer.stdin.close()
        err = importer.stderr.read()
    if importer.returncode:
        raise refusal(err, "fast-import")
    checked(root, "checkout", "--quiet", "--force", branch)


# -- the subprocess runner -------------------------------------------------------------

Progress = Callable[[str], None]


def _env() -> dict[str, str]:
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "GIT_EDITOR": "true", "LC_ALL": "C"}
    env["LANGUAGE"] = "C"
    env.setdefault("GIT_SSH_COMMAND", "ssh -o BatchMode=yes")
    return env


def git(root: Path, *args: str, progress: Progress | None = None) -> subprocess.CompletedProcess:
    """Run git in ``root`` with no terminal to ask on and no editor to open; with
    ``progress``, stderr's progress lines are passed on as git writes them (it rewrites one
    line with carriage returns)."""
    if progress is None:
        done = git_bytes(root, *args)
        out, err = (text.decode("utf-8", "replace") for text in (done.stdout, done.stderr))
        return subprocess.CompletedProcess(done.args, done.returncode, out, err)
    with tempfile.TemporaryFile() as out:  # a file, not a pipe: stdout never blocks git
        process = subprocess.Popen(
            ["git", *args], cwd=root, stdout=out, stderr=subprocess.PIPE, env=_env()
        )
        assert process.stderr is not None
        err, line = bytearray(), bytearray()
        stderr = cast(io.BufferedReader, process.stderr)
        while chunk := stderr.read1(4096):
            err += chunk
            for byte in chunk:
                if byte in b"\r\n":
                    if line.strip():
                        progress(line.decode("utf-8", "replace").strip())
                    line.clear()
                else:
                    line.append(byte)
        process.wait()
        out.seek(0)
        stdout = out.read().decode("utf-8", "replace")
    return subprocess.CompletedProcess(
        process.args, process.returncode, stdout, err.decode("utf-8", "replace")
    )


def refusal(stderr: bytes | str, command: str | None = None) -> GitError:
    """git's own words, on one line (without ``fatal:``), as a GitError."""
    text = stderr.decode("utf-8", "replace") if isinstance(stderr, bytes) else stderr
    lines = [line.strip().removeprefix("fatal: ") for line in text.splitlines() if line.strip()]
    return GitError(" ".join(lines) or (f"git {command} failed" if command else "git failed"))


def checked(
    root: Path, *args: str, data: bytes | None = None, env: dict[str, str] | None = None
) -> bytes:
    """git's output as bytes; GitError in git's own words when it fails."""
    return output(git_bytes(root, *args, data=data, env=env), args[0])


def output(done: subprocess.CompletedProcess, command: str) -> bytes:
    """A finished ``git_bytes``'s output; GitError in git's own words if it failed."""
    if done.returncode != 0:
        raise refusal(done.stderr, command)
    return done.stdout


def checked_text(
    root: Path, *args: str, data: bytes | None = None, env: dict[str, str] | None = None
) -> str:
    """``checked``, as text."""
    return checked(root, *args, data=data, env=env).decode("utf-8", "replace")


def git_bytes(
    root: Path, *args: str, data: bytes | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess:
    """``git`` for file contents: output as bytes, with ``data`` written to its input;
    ``env``: variables set for this run (a separate index file)."""
    return git_started(root, *args, data=data, env=env)()


def git_started(
    root: Path, *args: str, data: bytes | None = None, env: dict[str, str] | None = None
) -> Callable[[], subprocess.CompletedProcess]:
    """``git_bytes`` started: git works while the caller goes on; calling the result
    waits for git to finish."""
    pipe = subprocess.PIPE
    process = subprocess.Popen(
        ["git", *args], cwd=root, stdin=subprocess.DEVNULL if data is None else pipe,
        stdout=pipe, stderr=pipe, env={**_env(), **(env or {})},
    )  # fmt: skip

    def result() -> subprocess.CompletedProcess:
        out, err = process.communicate(data)
        return subprocess.CompletedProcess(process.args, process.returncode, out, err)

    return result
