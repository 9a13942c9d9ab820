"""A board as it was at a git revision, read from git's objects (GitPython, no textual).

File contents are cached by blob id: a blob never changes, so the cache is always right.
"""

from __future__ import annotations

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


def files_at(root: Path, rev: str) -> dict[str, bytes]:
    """Every ``.toml`` file of the board at ``rev``, as ``{path relative to the board: bytes}``."""
    import git

    repo = open_repo(root)
    try:
        commit = repo.commit(rev)
    except (git.BadName, ValueError, git.BadObject):
        if not repo.head.is_valid():
            raise GitError("the repository has no commits yet") from None
        raise GitError(f"no revision {rev!r} in this repository") from None
    prefix = Path(root).resolve().relative_to(Path(repo.working_tree_dir).resolve()).as_posix()
    tree = commit.tree
    if prefix != ".":
        try:
            tree = tree / prefix
        except KeyError:
            return {}  # the board did not exist yet at that revision
    files = {}
    for item in tree.traverse():
        if item.type != "blob" or not item.path.endswith(".toml"):
            continue
        rel = item.path if prefix == "." else item.path[len(prefix) + 1 :]
        files[rel] = blob_bytes(item)
    return files


def blob_bytes(blob) -> bytes:
    """A blob's content, read once per blob id."""
    data = _BLOBS.get(blob.hexsha)
    if data is None:
        data = _BLOBS[blob.hexsha] = blob.data_stream.read()
    return data


def board_at(root: Path, rev: str) -> Board:
    """The board as it was at ``rev`` (a commit, branch or tag)."""
    return load_files(root, files_at(root, rev))
