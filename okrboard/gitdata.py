"""A board as it was at a git revision, read from git's objects (GitPython, no textual).

File contents are cached by blob id: a blob never changes, so the cache is always right.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from okrboard.load import load_files
from okrboard.model import Board
from okrboard.repo import require_git

_BLOBS: dict[str, bytes] = {}


class GitError(Exception):
    """A revision or repository problem, said in one sentence for the user."""


def open_repo(root: Path):
    """The repository holding the board at ``root`` (it may be a sub-folder of a larger one)."""
    require_git()
    import git

    try:
        return git.Repo(root, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        raise GitError(f"{root} is not in a git repository") from None


def prefix_of(repo, root: Path) -> str:
    """The board's folder inside the repository (``.`` at its top)."""
    return Path(root).resolve().relative_to(Path(repo.working_tree_dir).resolve()).as_posix()


def resolve(repo, rev: str):
    """The commit ``rev`` names: a commit, branch or tag, or a date (``2026-09-30``: the last
    commit on or before that day, so "the board as of a date" reads naturally)."""
    import git

    if not repo.head.is_valid():
        raise GitError("the repository has no commits yet")
    try:
        day = dt.date.fromisoformat(rev)
    except (TypeError, ValueError):
        day = None
    if day is not None:
        until = dt.datetime.combine(day, dt.time.max).isoformat()
        found = list(repo.iter_commits("HEAD", max_count=1, until=until))
        if not found:
            raise GitError(f"no commit on or before {rev}")
        return found[0]
    try:
        return repo.commit(rev)
    except (git.BadName, ValueError, git.BadObject):
        raise GitError(f"no revision {rev!r} in this repository") from None


def files_at(root: Path, rev: str, folders: tuple[str, ...] | None = None) -> dict[str, bytes]:
    """Every ``.toml`` file of the board at ``rev``, as ``{path relative to the board: bytes}``;
    with ``folders``, only board.toml and the files in those folders."""
    repo = open_repo(root)
    return _files_at(repo, resolve(repo, rev), prefix_of(repo, root), folders)


def _files_at(repo, commit, prefix: str, folders: tuple[str, ...] | None) -> dict[str, bytes]:
    tree = commit.tree
    if prefix != ".":
        try:
            tree = tree / prefix
        except KeyError:
            return {}  # the board did not exist yet at that revision
    if folders is None:
        items = tree.traverse()
    else:
        items = [item for item in tree if item.name == "board.toml"]
        for folder in folders:
            with contextlib.suppress(KeyError):  # no such folder at that revision
                items += (tree / folder).traverse()
    files = {}
    for item in items:
        if item.type != "blob" or not item.path.endswith(".toml"):
            continue
        rel = item.path if prefix == "." else item.path[len(prefix) + 1 :]
        files[rel] = sha_bytes(repo, item.hexsha)
    return files


def sha_bytes(repo, sha: str) -> bytes:
    """The content of the blob ``sha`` (hex), read once per blob id."""
    data = _BLOBS.get(sha)
    if data is None:
        data = _BLOBS[sha] = repo.odb.stream(bytes.fromhex(sha)).read()
    return data


@dataclass(frozen=True)
class Touch:
    """One commit that changed board files: who, when, why, and each file's blob ids
    before and after (None: the file did not exist)."""

    commit: str
    author: str
    when: dt.datetime
    message: str
    files: dict[str, tuple[str | None, str | None]]


_NO_BLOB = "0" * 40
_LOGS: dict[tuple, list[Touch]] = {}


def log(
    root: Path,
    rev: str = "HEAD",
    rel: str | None = None,
    max_count: int | None = None,
    *,
    rels: tuple[str, ...] = (),
    grep: str | None = None,
    since: dt.date | None = None,
):
    """The commits reachable from ``rev`` that changed the board (or its file ``rel``, or
    files ``rels``), newest first, as the repository and the list of Touch. ``grep``: only
    commits that modified a line matching that regular expression (``git log -G``);
    ``since``: only commits made since that day.

    One ``git log --raw`` gives every commit's blob ids at once, so no tree is walked.
    The result is cached by the commit ``rev`` resolves to: commits never change. A merge
    is compared with its first parent, as ``git log --first-parent`` shows it.
    """
    repo = open_repo(root)
    head = resolve(repo, rev).hexsha
    prefix = prefix_of(repo, root)
    paths = [rel] if rel else list(rels) or ["."]
    paths = paths if prefix == "." else [f"{prefix}/{p}" if p != "." else prefix for p in paths]
    key = (repo.git_dir, head, tuple(paths), max_count, grep, since)
    if key not in _LOGS:
        args = [head, "--format=%x1e%H%x1f%an%x1f%cI%x1f%s", "--raw", "--no-abbrev"]
        args += ["--no-renames", "--diff-merges=first-parent", "-z"]
        if max_count is not None:
            args.append(f"--max-count={max_count}")
        if grep is not None:
            args += [f"-G{grep}", "--diff-filter=M"]
        if since is not None:
            args.append(f"--since={since.isoformat()}")
        _LOGS[key] = _touches(repo.git.log(*args, "--", *paths), prefix)
    return repo, _LOGS[key]


def _touches(out: str, prefix: str) -> list[Touch]:
    strip = 0 if prefix == "." else len(prefix) + 1
    touches = []
    for record in out.split("\x1e")[1:]:
        header, _, raw = record.partition("\0")
        sha, author, when, message = header.split("\x1f", 3)
        tokens = raw.lstrip("\n").split("\0")
        files = {}
        for meta, path in zip(tokens[::2], tokens[1::2], strict=False):
            if meta.startswith(":") and path.endswith(".toml"):
                old, new = meta.split()[2:4]
                files[path[strip:]] = (
                    None if old == _NO_BLOB else old,
                    None if new == _NO_BLOB else new,
                )
        touches.append(Touch(sha, author, dt.datetime.fromisoformat(when), message, files))
    return touches


_BOARDS: dict[tuple, Board] = {}  # (commit, board folder, folders) -> the board then


def board_at(root: Path, rev: str, folders: tuple[str, ...] | None = None) -> Board:
    """The board as it was at ``rev`` (a commit, branch or tag, or a day), or just its
    board.toml and ``folders``. Kept by commit, as a commit never changes: callers must
    not edit it."""
    repo = open_repo(root)
    commit = resolve(repo, rev)
    prefix = prefix_of(repo, root)
    key = (repo.git_dir, commit.hexsha, prefix, folders)
    if key not in _BOARDS:
        _BOARDS[key] = load_files(root, _files_at(repo, commit, prefix, folders))
    return _BOARDS[key]


@dataclass(frozen=True)
class Revision:
    """A revision to pick from a list: a branch, a tag or a commit."""

    rev: str  # what git understands
    kind: str  # branch, tag or commit
    summary: str  # the commit's subject
    when: dt.datetime
    author: str = ""


def revisions(root: Path, commits: int = 50) -> list[Revision]:
    """Branches, tags (newest first) and the last ``commits`` commits that touched the board."""
    repo = open_repo(root)
    if not repo.head.is_valid():
        return []
    found = []
    for head in repo.heads:
        commit = head.commit
        found.append(Revision(head.name, "branch", commit.summary, commit.committed_datetime))
    tags = []
    for tag in repo.tags:
        try:
            commit = tag.commit
        except ValueError:  # a tag of something that is not a commit
            continue
        tags.append(Revision(tag.name, "tag", commit.summary, commit.committed_datetime))
    found += sorted(tags, key=lambda r: r.when, reverse=True)
    prefix = prefix_of(repo, root)
    for commit in repo.iter_commits("HEAD", max_count=commits, paths=prefix):
        found.append(
            Revision(
                commit.hexsha[:10],
                "commit",
                commit.summary,
                commit.committed_datetime,
                commit.author.name,
            )
        )
    return found


def branch(root: Path) -> str:
    """The current branch's name, or ``detached at SHA``."""
    repo = open_repo(root)
    if repo.head.is_detached:
        return f"detached at {repo.head.commit.hexsha[:10]}"
    return repo.active_branch.name


def head_files(root: Path) -> dict[str, bytes]:
    """The board's files at HEAD; none in a repository with no commits yet."""
    repo = open_repo(root)
    return files_at(root, "HEAD") if repo.head.is_valid() else {}


def raw_diff(root: Path, rev_a: str = "HEAD", rev_b: str | None = None) -> list[str]:
    """The board files' text diff (unified, 3 lines of context) from ``rev_a`` to ``rev_b``
    (None: the files on disk, new ones included), for the semantic view's raw toggle."""
    import difflib

    from okrboard.load import board_files

    before = files_at(root, rev_a) if open_repo(root).head.is_valid() else {}
    if rev_b is None:
        after = {rel: (root / rel).read_bytes() for rel in board_files(root, {})}
    else:
        after = files_at(root, rev_b)
    lines: list[str] = []
    for rel in sorted(set(before) | set(after)):
        old, new = before.get(rel), after.get(rel)
        if old == new:
            continue
        lines += difflib.unified_diff(
            _lines(old),
            _lines(new),
            f"a/{rel}" if old is not None else "/dev/null",
            f"b/{rel}" if new is not None else "/dev/null",
            lineterm="",
        )
    return lines


def _lines(data: bytes | None) -> list[str]:
    return [] if data is None else data.decode("utf-8", errors="replace").splitlines()
