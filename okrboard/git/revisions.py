"""A board as it was at a git revision, read from git's objects (no textual).

Reading runs the git command itself (``rev-parse``, ``log --raw``, ``ls-tree``, one
``cat-file --batch`` for many blobs): importing GitPython alone takes longer than a file's
whole history. File contents are cached by blob id: a blob never changes, so the cache is
always right. GitPython is used for what writes (``commit``) and for listing revisions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from okrboard.domain import ids
from okrboard.domain.cache import Cache
from okrboard.git.runner import GitError as GitError  # the layer's one error, re-exported
from okrboard.git.runner import checked as _git
from okrboard.git.runner import git_bytes, git_started, gitpython, require_git
from okrboard.git.runner import output as _output

if TYPE_CHECKING:
    from okrboard.files.load import LoadedBoard

_BLOBS: Cache[str, bytes] = Cache(8_192)  # blob id -> its bytes


def open_repo(root: Path) -> Any:
    """The GitPython repository holding the board at ``root`` (it may be a sub-folder of a
    larger one), for what writes."""
    require_git()
    git = gitpython()

    try:
        return git.Repo(root, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        raise GitError(f"{root} is not in a git repository") from None


def prefix_of(repo: Any, root: Path) -> str:
    """The board's folder inside the repository (``.`` at its top)."""
    return Path(root).resolve().relative_to(Path(repo.working_tree_dir).resolve()).as_posix()


def require_repo(root: Path) -> None:
    """GitError unless the board is inside a git repository."""
    if not in_git(root):
        raise GitError(f"{root} is not in a git repository")


def in_git(root: Path) -> bool:
    """Whether the board is inside a git repository (and git is installed)."""
    require_git()
    return Path(root).is_dir() and git_bytes(root, "rev-parse", "--git-dir").returncode == 0


def has_commits(root: Path) -> bool:
    return in_git(root) and git_bytes(root, "rev-parse", "--verify", "-q", "HEAD").returncode == 0


def shallow_cut(root: Path) -> list[str]:
    """The commits where a shallow clone's history is cut (their parents were not
    fetched), full ids; [] for a whole history. Such a commit looks as if it added all
    it holds."""
    done = git_bytes(root, "rev-parse", "--is-shallow-repository")
    if done.returncode != 0 or done.stdout.strip() != b"true":
        return []
    path = git_bytes(root, "rev-parse", "--git-path", "shallow").stdout.decode().strip()
    try:
        return (Path(root) / path).read_text().split()
    except OSError:
        return []


def day_named(rev: str | None, root: Path | None = None) -> dt.date | None:
    """The day ``rev`` names when it is a date (``2026-09-30``) or a quarter (``2026-Q3``:
    its last day, in the calendar of the board at ``root``); None for a commit, branch or
    tag."""
    if rev and ids.is_quarter(rev):
        # lazy: the files layer is only needed to read a fiscal calendar
        from okrboard.files.load import calendar

        return (calendar(root) if root is not None else ids.CALENDAR).last_day(rev)
    try:
        return dt.date.fromisoformat(rev or "")
    except ValueError:
        return None


def revision_day(root: Path, rev: str) -> dt.date:
    """The day a board as of ``rev`` is judged as of (stale check-ins, expected progress,
    days left): the day itself for a date or a quarter, else the day of the commit."""
    if (day := day_named(rev, root)) is not None:
        return day
    done = git_bytes(root, "show", "-s", "--format=%cs", commit_of(root, rev), "--")
    return dt.date.fromisoformat(done.stdout.decode("ascii").strip())


def commit_of(root: Path, rev: str) -> str:
    """The commit ``rev`` names (its full id): a commit, branch or tag, or a date
    (``2026-09-30``: the last commit on or before that day, so "the board as of a date"
    reads naturally) or a quarter (``2026-Q3``: as of its last day)."""
    require_git()
    day = day_named(rev, root)
    if day is not None:
        head = (
            git_bytes(root, "rev-parse", "--verify", "-q", "HEAD") if Path(root).is_dir() else None
        )
        tip = head.stdout.decode("ascii").strip() if head and head.returncode == 0 else ""
        key = (str(Path(root).resolve()), tip, day)
        if tip and (known := _BY_DAY.get(key)) is not None:  # git walks back from HEAD:
            return known  # at 50,000 commits, 0.1 s
        until = dt.datetime.combine(day, dt.time.max).isoformat()
        args = ["rev-list", "-1", f"--until={until}", tip or "HEAD", "--"]
    elif rev and not rev.startswith("-") and "\0" not in rev:  # never an option to git
        args = ["rev-parse", "--verify", "-q", f"{rev}^{{commit}}", "--"]
    else:
        args = []
    done = git_bytes(root, *args) if args and Path(root).is_dir() else None
    if done is not None and done.returncode == 0 and done.stdout.strip():
        found = done.stdout.decode("ascii").strip()
        if day is not None and tip:
            _BY_DAY.put(key, found)
        return found
    require_repo(root)
    if not has_commits(root):
        raise GitError("the repository has no commits yet")
    raise GitError(
        f"no commit on or before {rev}" if day else f"no revision {rev!r} in this repository"
    )


_BY_DAY: Cache[tuple, str] = Cache(256)  # (board, HEAD, day) -> the last commit that day


def newest_tagged(root: Path, pattern: str) -> str | None:
    """The newest commit tagged with a name matching ``pattern`` (``closed/2026-Q4/*``),
    or None when no tag matches."""
    done = git_bytes(root, "rev-list", "-1", "--date-order", f"--glob=refs/tags/{pattern}", "--")
    found = done.stdout.decode("ascii").strip() if done.returncode == 0 else ""
    return found or None


@dataclass(frozen=True)
class Span:
    """Two revisions to compare, as git means them: ``A..B`` (or ``A B``) the two trees,
    ``A...B`` what B changed since it left A (from their merge base)."""

    old: str  # a commit
    new: str | None  # a commit, or None: the working tree
    text: str  # as it was written: ``main...propose/x``
    base_of: tuple[str, str] | None = None  # ``(A, B)`` when ``old`` is their merge base

    def described(self) -> str:
        """Which commits were compared, said for a reviewer."""
        if self.base_of:
            a, b = self.base_of
            return (
                f"What `{b}` changed since it left `{a}` (merge base `{self.old[:10]}`) "
                f"up to `{(self.new or '')[:10]}`."
            )
        return f"From `{self.old[:10]}` to `{self.new[:10] if self.new else 'the working tree'}`."


def first_commit(root: Path) -> str:
    """The board's first commit (a board younger than a quarter starts from it)."""
    done = git_bytes(root, "rev-list", "--max-parents=0", "HEAD")
    found = done.stdout.decode().split() if done.returncode == 0 else []
    if not found:
        raise GitError("no commits")
    return found[-1]


def span(root: Path, rev_a: str | None, rev_b: str | None = None) -> Span:
    """The revisions ``okrboard diff`` compares: ``A...B``, ``A..B`` (either side may be
    left out for HEAD), ``A B``, or ``A`` alone (with the working tree)."""
    text = rev_a or "HEAD"
    for dots in ("...", ".."):
        if dots in text:
            if rev_b is not None:
                raise GitError(f"{text} is already two revisions; give no second one")
            a, _, b = text.partition(dots)
            a, b = a or "HEAD", b or "HEAD"
            first, second = commit_of(root, a), commit_of(root, b)
            if dots == "...":
                base = _git(root, "merge-base", first, second).decode().strip()
                return Span(base, second, text, (a, b))
            return Span(first, second, text)
    tree = commit_of(root, rev_b) if rev_b else None
    return Span(commit_of(root, text), tree, f"{text}..{rev_b or 'working tree'}")


def files_at(root: Path, rev: str, folders: tuple[str, ...] | None = None) -> dict[str, bytes]:
    """Every ``.toml`` file of the board at ``rev``, as ``{path relative to the board: bytes}``;
    with ``folders``, only board.toml and the files in those folders."""
    return _files_at(root, commit_of(root, rev), folders)


def _files_at(root: Path, commit: str, folders: tuple[str, ...] | None) -> dict[str, bytes]:
    paths = ["."] if folders is None else ["board.toml", *folders]
    out = _git(root, "ls-tree", "-r", "-z", commit, "--", *paths)  # paths as from the board
    found = {}
    for record in out.split(b"\0"):
        meta, _, path = record.partition(b"\t")  # "<mode> <type> <id>\t<path>"
        name, fields = path.decode("utf-8", "replace"), meta.split()
        if fields[1:2] == [b"blob"] and name.endswith(".toml"):
            found[name] = fields[2].decode("ascii")
    contents = blobs(root, found.values())
    return {rel: contents[sha] for rel, sha in found.items()}


def blobs(root: Path, shas: Iterable[str]) -> dict[str, bytes]:
    """The contents of blobs (hex ids), the ones not read before in one ``git cat-file``."""
    shas = list(dict.fromkeys(shas))
    found = {sha: blob for sha in shas if (blob := _BLOBS.get(sha)) is not None}
    unread = [sha for sha in shas if sha not in found]
    if unread:
        out = _git(root, "cat-file", "--batch", data="".join(f"{s}\n" for s in unread).encode())
        at = 0
        for sha in unread:  # "<id> blob <size>\n<content>\n" each, or "<id> missing\n"
            end = out.index(b"\n", at)
            header = out[at:end].split()
            if len(header) != 3:
                raise GitError(f"git has no object {sha}")
            size = int(header[2])
            found[sha] = _BLOBS.put(sha, out[end + 1 : end + 1 + size])
            at = end + 1 + size + 1
    return {sha: found[sha] for sha in shas}


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
_LOGS: Cache[tuple, list[Touch]] = Cache(256)


@dataclass(frozen=True)
class Subject:
    """A commit, as a pull request lists it."""

    sha: str
    author: str
    day: str
    subject: str


def commits_between(root: Path, old: str, new: str) -> list[Subject]:
    """The commits of ``new`` that ``old`` lacks and that changed the board, oldest
    first: what a compared span is made of."""
    done = git_bytes(
        root, "log", "--reverse", "--format=%H%x1f%an%x1f%cs%x1f%s", f"{old}..{new}", "--", "."
    )
    lines = _output(done, "log").decode("utf-8", "replace").splitlines()
    return [Subject(*line.split("\x1f", 3)) for line in lines if line.count("\x1f") == 3]


def log(root: Path, *args: Any, **kwargs: Any) -> list[Touch]:
    """``log_started``, waited for."""
    return log_started(root, *args, **kwargs)()


def log_started(
    root: Path,
    rev: str = "HEAD",
    rel: str | None = None,
    max_count: int | None = None,
    *,
    rels: tuple[str, ...] = (),
    grep: str | None = None,
    since: dt.date | None = None,
) -> Callable[[], list[Touch]]:
    """The commits reachable from ``rev`` that changed the board (or its file ``rel``, or
    files ``rels``), newest first. ``grep``: only commits that modified a line matching
    that regular expression (``git log -G``); ``since``: only commits made since that day.

    Started: git walks the history while the caller goes on (a cold ``okrboard history``
    imports what it needs meanwhile); calling the result waits for git.

    One ``git log --raw`` gives every commit's blob ids at once, so no tree is walked.
    The result is cached by the commit ``rev`` resolves to: commits never change. A merge
    is compared with its first parent, as ``git log --first-parent`` shows it.
    """
    head = commit_of(root, rev)
    paths = [rel] if rel else list(rels) or ["."]
    key = (str(Path(root).resolve()), head, tuple(paths), max_count, grep, since)
    if (logged := _LOGS.get(key)) is not None:
        return lambda: logged
    args = ["log", head, "--format=%x1e%H%x1f%an%x1f%cI%x1f%s", "--raw", "--no-abbrev"]
    args += ["--no-renames", "--diff-merges=first-parent", "-z", "--relative"]
    if max_count is not None:
        args.append(f"--max-count={max_count}")
    if grep is not None:
        args += [f"-G{grep}", "--diff-filter=M"]
    if since is not None:
        args.append(f"--since={since.isoformat()}")
    done = git_started(root, *args, "--", *paths)

    def touches() -> list[Touch]:
        return _LOGS.get_or_make(
            key, lambda: _touches(_output(done(), "log").decode("utf-8", "replace"))
        )

    return touches


def _touches(out: str) -> list[Touch]:
    touches = []
    for record in out.split("\x1e")[1:]:
        header, _, raw = record.partition("\0")
        sha, author, when, message = header.split("\x1f", 3)
        tokens = raw.lstrip("\n").split("\0")
        files = {}
        for meta, path in zip(tokens[::2], tokens[1::2], strict=False):
            if meta.startswith(":") and path.endswith(".toml"):
                old, new = meta.split()[2:4]
                files[path] = (None if old == _NO_BLOB else old, None if new == _NO_BLOB else new)
        touches.append(Touch(sha, author, dt.datetime.fromisoformat(when), message, files))
    return touches


_BOARDS: Cache[tuple, LoadedBoard] = Cache(32)  # (board folder, commit, folders) -> the board then


def board_at(root: Path, rev: str, folders: tuple[str, ...] | None = None) -> LoadedBoard:
    """The board as it was at ``rev`` (a commit, branch or tag, or a day), or just its
    board.toml and ``folders``. Kept by commit, as a commit never changes: callers must
    not edit it."""
    commit = commit_of(root, rev)
    key = (str(Path(root).resolve()), commit, folders)
    found = _BOARDS.get(key)
    if found is None:
        from okrboard.files.load import load_files  # not needed by a file's history

        found = _BOARDS.put(key, load_files(root, _files_at(root, commit, folders)))
    return found


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
    return files_at(root, "HEAD") if has_commits(root) else {}


def uncommitted(root: Path) -> set[str]:
    """The board's files that differ on disk from HEAD: changed, deleted, or new (untracked
    ones too); git compares by its index's stat cache, without reading every file."""
    changed = _git(root, "diff", "--name-only", "-z", "--relative", "HEAD", "--", ".")
    untracked = _git(root, "ls-files", "--others", "--exclude-standard", "-z", "--", ".")
    names = f"{changed.decode('utf-8', 'replace')}\0{untracked.decode('utf-8', 'replace')}"
    return {name for name in names.split("\0") if name.endswith(".toml")}


def raw_diff(root: Path, rev_a: str = "HEAD", rev_b: str | None = None) -> list[str]:
    """The board files' text diff (unified, 3 lines of context) from ``rev_a`` to ``rev_b``
    (None: the files on disk, new ones included), for the semantic view's raw toggle."""
    # lazy: loads on first use, not at start-up (docs/performance.md)
    import difflib

    # lazy: loads on first use, not at start-up (docs/performance.md)
    from okrboard.files.load import board_files

    require_repo(root)
    before = files_at(root, rev_a) if has_commits(root) else {}
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
