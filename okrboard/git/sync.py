"""Working together through a git remote: status, fetch, pull and push (no textual).

Every git command runs without a terminal to ask on (``GIT_TERMINAL_PROMPT=0``, ssh in
batch mode), so a missing credential fails at once with a message instead of hanging the
app; failures are sorted into the few a PM can act on (:class:`SyncError`).
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from okrboard.domain.text import count
from okrboard.git.runner import GitError, Progress, git, require_git

PULL_MODES = ("merge", "rebase")


@dataclass(frozen=True)
class Status:
    """Where the board's branch stands."""

    branch: str | None  # None: a detached HEAD
    upstream: str | None = None
    ahead: int = 0
    behind: int = 0
    changed: int = 0  # files under the board with uncommitted changes
    operation: str | None = None  # "merge", "rebase", "cherry-pick" or "revert" under way
    unmerged: tuple[str, ...] = ()  # files git left in conflict, relative to the board
    remotes: tuple[str, ...] = ()

    def line(self) -> str:
        """The status line: ``⎇ main → origin/main ↑1 ↓2 · 3 uncommitted``."""
        parts = [f"⎇ {self.branch}" if self.branch else "⎇ detached HEAD"]
        if self.upstream:
            parts[0] += f" → {self.upstream}"
            counts = [
                f"↑{self.ahead}" if self.ahead else "",
                f"↓{self.behind}" if self.behind else "",
            ]
            parts[0] += " " + (" ".join(c for c in counts if c) or "up to date")
        elif self.remotes:
            parts.append("not pushed yet")
        else:
            parts.append("no remote")
        if self.operation:
            parts.append(f"{self.operation} in progress")
        if self.changed:
            parts.append(f"{self.changed} uncommitted")
        return " · ".join(parts)


class SyncError(GitError):
    """A sync that failed, with what to do about it. ``kind`` is one of: no-remote,
    no-upstream, auth, network, rejected, diverged, local-changes, busy, git. ``then``:
    what to do next, as actions (``pull``, ``push``, ``resolve``, ``commit``) a front
    names with its own keys: the message names none."""

    def __init__(self, kind: str, message: str, then: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.kind = kind
        self.then = then


@dataclass
class Outcome:
    """What a fetch, pull or push did, for a one-line message."""

    message: str
    conflicts: list[str] = field(default_factory=list)  # files left in conflict (a pull)
    then: tuple[str, ...] = ()  # what to do next (see SyncError.then)


# -- status -------------------------------------------------------------------------------------


def status(root: Path) -> Status | None:
    """The board's git status; None when the board is not in a git repository."""
    try:
        require_git()
    except Exception:
        return None
    head = git(root, "rev-parse", "--show-prefix", "--absolute-git-dir")
    if head.returncode != 0:
        return None
    prefix, git_dir = [*head.stdout.splitlines(), "", ""][:2]
    done = git(root, "status", "--porcelain=v2", "--branch", "-z", "--", ".")
    if done.returncode != 0:
        return None
    branch = upstream = None
    ahead = behind = changed = 0
    unmerged = []
    entries = iter(done.stdout.split("\0"))
    for entry in entries:
        if entry.startswith("# branch.head "):
            name = entry.removeprefix("# branch.head ")
            branch = None if name == "(detached)" else name
        elif entry.startswith("# branch.upstream "):
            upstream = entry.removeprefix("# branch.upstream ")
        elif entry.startswith("# branch.ab "):
            plus, minus = entry.split()[2:4]
            ahead, behind = int(plus), -int(minus)
        elif entry[:2] == "u ":
            unmerged.append(entry.split(" ", 10)[10].removeprefix(prefix))
        elif entry[:2] in ("1 ", "? "):
            changed += 1
        elif entry[:2] == "2 ":
            changed += 1
            next(entries, None)  # a rename's original path
    # An upstream names its remote; only without one is another git call worth it.
    remotes = (upstream.split("/")[0],) if upstream else tuple(git(root, "remote").stdout.split())
    return Status(
        branch, upstream, ahead, behind, changed + len(unmerged), operation(Path(git_dir)),
        tuple(unmerged), remotes,
    )  # fmt: skip


def operation(git_dir: Path) -> str | None:
    """The operation git has stopped in the middle of, if any."""
    for marker, name in (
        ("rebase-merge", "rebase"),
        ("rebase-apply", "rebase"),
        ("MERGE_HEAD", "merge"),
        ("CHERRY_PICK_HEAD", "cherry-pick"),
        ("REVERT_HEAD", "revert"),
    ):
        if (git_dir / marker).exists():
            return name
    return None


# -- fetch, pull, push --------------------------------------------------------------------------


def fetch(root: Path, progress: Progress | None = None) -> Outcome:
    current = _ready(root, needs_branch=False)
    remote = _remote(current)
    _check(git(root, "fetch", "--progress", remote, progress=progress), "fetch")
    after = status(root) or current
    if after.behind:
        return Outcome(f"Fetched from {remote}: {commits(after.behind, 'new ')} to pull.")
    return Outcome(f"Fetched from {remote}: nothing new.")


def pull(root: Path, mode: str = "merge", progress: Progress | None = None) -> Outcome:
    """Fetch and merge (or rebase onto) the upstream branch. Conflicts are not an error:
    the outcome lists the files, and the board opens in its conflict state."""
    if mode not in PULL_MODES:
        raise SyncError("git", f"unknown pull mode {mode!r}: use merge or rebase")
    current = _ready(root)
    target = [] if current.upstream else [_remote(current), current.branch or "HEAD"]
    head = git(root, "rev-parse", "HEAD").stdout.strip()
    how = "--rebase" if mode == "rebase" else "--no-rebase"
    done = git(root, "pull", how, "--no-edit", "--progress", *target, progress=progress)
    after = status(root) or current
    if after.unmerged or after.operation:
        files = list(after.unmerged)
        where = count(len(files), "file") if files else "the merge"
        return Outcome(f"Pulled with conflicts in {where}: resolve them.", files, ("resolve",))
    _check(done, "pull")
    if "Already up to date" in done.stdout or "is up to date" in done.stdout:
        return Outcome("Already up to date.")
    verb = "Rebased onto" if mode == "rebase" else "Merged"
    brought = commits(_new_since(root, head), "new ")
    return Outcome(f"{verb} {after.upstream or _remote(current)}: {brought} in.")


def push(root: Path, progress: Progress | None = None) -> Outcome:
    current = _ready(root)
    target = [] if current.upstream else ["--set-upstream", _remote(current), current.branch or ""]
    done = git(root, "push", "--progress", *target, progress=progress)
    if done.returncode != 0 and _REJECTED.search(done.stderr):
        after = status(root) or current
        if after.ahead and after.behind:
            raise SyncError(
                "diverged",
                f"Push rejected: your branch and {after.upstream} have diverged "
                f"({commits(after.ahead)} here, {after.behind} there). "
                "Pull to combine them, then push.",
                ("pull", "push"),
            )
        raise SyncError(
            "rejected",
            "Push rejected: the remote has commits you do not have yet. Pull, then push.",
            ("pull", "push"),
        )
    _check(done, "push")
    if "Everything up-to-date" in done.stderr:
        return Outcome("Nothing to push: the remote has every commit.")
    pushed = commits(current.ahead) if current.upstream else current.branch
    return Outcome(f"Pushed {pushed} to {_remote(current)}.")


def _new_since(root: Path, head: str) -> int:
    """How many commits the upstream brought that ``head`` did not have."""
    done = git(root, "rev-list", "--count", f"{head}..@{{upstream}}")
    return int(done.stdout.strip() or 0) if done.returncode == 0 else 0


def commits(number: int, kind: str = "") -> str:
    return count(number, f"{kind}commit")


def _ready(root: Path, needs_branch: bool = True) -> Status:
    current = status(root)
    if current is None:
        raise SyncError("git", "This board is not in a git repository: nothing to sync.")
    if not current.remotes:
        raise SyncError(
            "no-remote",
            "This repository has no remote to sync with. Add one: git remote add origin URL",
        )
    if current.operation:
        raise SyncError(
            "busy",
            f"A {current.operation} is in progress: resolve it and finish it first.",
            ("resolve",),
        )
    if needs_branch and current.branch is None:
        raise SyncError("git", "HEAD is detached: check out a branch to pull or push.")
    return current


def _remote(current: Status) -> str:
    if current.upstream and "/" in current.upstream:
        return current.upstream.split("/", 1)[0]
    return "origin" if "origin" in current.remotes else current.remotes[0]


_AUTH = re.compile(
    r"authentication failed|permission denied|could not read (username|password)|"
    r"terminal prompts disabled|host key verification failed|access denied|"
    r"(?:error|HTTP|status)[: ]+403\b",  # not any 403: a path may hold one (/pytest-403/)
    re.IGNORECASE,
)
_NETWORK = re.compile(
    r"could not resolve host|connection (refused|timed out)|network is unreachable|"
    r"unable to access|operation timed out",
    re.IGNORECASE,
)
_REJECTED = re.compile(r"\[rejected\]|non-fast-forward|fetch first", re.IGNORECASE)
_NO_REMOTE = re.compile(
    r"does not appear to be a git repository|no such remote|no configured push destination",
    re.IGNORECASE,
)
_LOCAL = re.compile(
    r"would be overwritten|unstaged changes|uncommitted changes|commit or stash", re.IGNORECASE
)
_DIVERGED = re.compile(r"divergent branches|not possible to fast-forward", re.IGNORECASE)
_NO_UPSTREAM = re.compile(r"no tracking information|couldn't find remote ref", re.IGNORECASE)


def _check(done: subprocess.CompletedProcess, what: str) -> None:
    """Raise the SyncError that a failed git command's output describes."""
    if done.returncode == 0:
        return
    text = done.stderr
    # the most specific first: "would be overwritten" says what happened whatever else
    # the output holds (a remote's path, a URL)
    for pattern, kind, message, then in (
        (_LOCAL, "local-changes", f"{what.capitalize()} stopped: you have uncommitted "
         "changes git would overwrite. Commit them, then pull again.", ("commit", "pull")),
        (_AUTH, "auth", f"{what.capitalize()} failed: git could not sign in to the remote. "
         "Check your credentials (git credential helper or ssh key), then try again.", ()),
        (_NETWORK, "network", f"{what.capitalize()} failed: the remote cannot be reached. "
         "Check the network and the remote's URL (git remote -v).", ()),
        (_NO_REMOTE, "no-remote", f"{what.capitalize()} failed: the remote is not a git "
         "repository, or not set. Check git remote -v.", ()),
        (_DIVERGED, "diverged", f"{what.capitalize()} stopped: the branches have diverged. "
         "Pull with merge or rebase (set [sync] pull in your config).", ()),
        (_NO_UPSTREAM, "no-upstream", f"{what.capitalize()} failed: the remote has no branch "
         "to pull from yet. Push first.", ("push",)),
    ):  # fmt: skip
        if pattern.search(text):
            raise SyncError(kind, message, then)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    detail = next((line for line in lines if line.lower().startswith(("fatal", "error"))), "")
    detail = detail or (lines[-1] if lines else f"git exited with {done.returncode}")
    raise SyncError("git", f"{what.capitalize()} failed: {detail}")


def pull_mode(root: Path, configured: str | None) -> str:
    """The pull mode: the user's config, else git's ``pull.rebase``, else merge."""
    if configured in PULL_MODES:
        return configured
    done = git(root, "config", "--bool", "pull.rebase")
    return "rebase" if done.stdout.strip() == "true" else "merge"
