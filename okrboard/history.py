"""The history of one item: every commit that changed it, field by field, from git.

Only the item's own file is read at each revision, through the blob cache of ``gitdata``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from okrboard import ids, semdiff
from okrboard.gitdata import GitError, blob_bytes, open_repo
from okrboard.load import load_files


@dataclass(frozen=True)
class Entry:
    """One commit that changed the item."""

    commit: str
    author: str
    date: dt.datetime
    message: str
    changes: list[semdiff.Change] = field(default_factory=list)
    moved_target: bool = False  # a target changed after its quarter had begun

    def as_dict(self) -> dict:
        return {
            "commit": self.commit,
            "author": self.author,
            "date": self.date.isoformat(),
            "message": self.message,
            "moved_target": self.moved_target,
            "changes": [c.as_dict() for c in self.changes],
        }


def file_of(ref: str) -> str:
    """The board file an item lives in; ValueError for something that is not a reference."""
    parsed = ids.parse_ref(ref)
    if parsed.kind in ("objective", "key_result"):
        return f"okrs/{parsed.parts[0]}/{parsed.parts[1]}.toml"
    folder = "roadmaps" if parsed.kind == "theme" else "trees"
    return f"{folder}/{parsed.parts[0]}.toml"


def _board_of(root: Path, rel: str, blob, seen: dict) -> object:
    """The board holding just ``rel`` as in ``blob``; each version parsed once a call
    (walking back, one commit's "before" is the next one's "after")."""
    key = blob.hexsha if blob is not None else None
    if key not in seen:
        seen[key] = load_files(root, {rel: blob_bytes(blob)} if blob is not None else {})
    return seen[key]


def _blob(commit, path: str):
    try:
        return commit.tree / path
    except KeyError:
        return None


def history(root: Path, ref: str, rev: str = "HEAD") -> list[Entry]:
    """Commits that changed ``ref`` (and, for an objective, its key results), newest first."""
    rel = file_of(ref)
    repo = open_repo(root)
    if not repo.head.is_valid():
        raise GitError("the repository has no commits yet")
    prefix = Path(root).resolve().relative_to(Path(repo.working_tree_dir).resolve()).as_posix()
    path = rel if prefix == "." else f"{prefix}/{rel}"
    quarter_start = None
    if ids.parse_ref(ref).kind == "key_result":
        quarter_start = ids.QuarterId.parse(ref.split("/")[0]).start
    entries = []
    seen: dict = {}
    for commit in repo.iter_commits(rev, paths=path):
        parent = commit.parents[0] if commit.parents else None
        old = _board_of(root, rel, _blob(parent, path) if parent else None, seen)
        new = _board_of(root, rel, _blob(commit, path), seen)
        changes = [c for c in semdiff.diff(old, new) if c.ref == ref or c.ref.startswith(ref + "/")]
        if not changes:
            continue
        when = commit.committed_datetime
        moved = (
            quarter_start is not None
            and when.date() >= quarter_start
            and any(c.field == "target" and c.kind == "changed" for c in changes)
        )
        entries.append(
            Entry(commit.hexsha[:10], commit.author.name, when, commit.summary, changes, moved)
        )
    return entries


def as_text(ref: str, entries: list[Entry]) -> str:
    lines = []
    for entry in entries:
        flag = "  [moved target]" if entry.moved_target else ""
        lines.append(
            f"{entry.commit}  {entry.date:%Y-%m-%d}  {entry.author}: {entry.message}{flag}"
        )
        for change in entry.changes:
            where = "" if change.ref == ref else f"{change.ref.rsplit('/', 1)[-1]}: "
            lines.append(f"    {where}{semdiff.describe(change)}")
    return "\n".join(lines) + ("\n" if lines else "")


def as_markdown(ref: str, entries: list[Entry]) -> str:
    lines = [f"## History of `{ref}`", ""]
    for entry in entries:
        flag = " **(moved target)**" if entry.moved_target else ""
        lines.append(
            f"- {entry.date:%Y-%m-%d} {entry.author}: {entry.message} (`{entry.commit}`){flag}"
        )
        lines += [f"  - {semdiff.describe(c)}" for c in entry.changes]
    return "\n".join(lines) + "\n"
