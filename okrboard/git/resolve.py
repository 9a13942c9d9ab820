"""Getting a board out of a conflict: what is affected, and each way to resolve it.

Three things put a board in conflict: git stopped in a merge or rebase with files
unmerged; a file holds git's conflict markers; a file holds ``[[conflicts]]`` recorded by
okrboard's merge driver. Affected files are read-only until resolved, then marked
resolved in git (``git add``) so the merge or rebase can go on.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from okrboard.domain.text import count
from okrboard.files import conflicts
from okrboard.files.conflicts import Conflict
from okrboard.files.load import MARKER_PROBLEM, LoadedBoard
from okrboard.files.store import inline_fields, new_item
from okrboard.git.mergedriver import FOLLOWS, follow_checkins

if TYPE_CHECKING:
    from okrboard.git.sync import Status

# The app works out the state on start-up; what resolves imports the rest when used.


@dataclass(frozen=True)
class State:
    """The board's conflict state; empty when there is nothing to resolve."""

    operation: str | None  # "merge", "rebase", … when git stopped in one
    unmerged: tuple[str, ...]  # files git holds in conflict
    marked: tuple[str, ...]  # files with conflict markers
    recorded: tuple[conflicts.Conflict, ...]  # field conflicts recorded by the merge driver

    @property
    def files(self) -> list[str]:
        """Every affected file: read-only until resolved."""
        return sorted({*self.unmerged, *self.marked, *(c.rel for c in self.recorded)})

    def __bool__(self) -> bool:
        return bool(self.operation or self.files)

    def banner(self) -> str:
        files = self.files
        shown = ", ".join(files[:2]) + (f" and {len(files) - 2} more" if len(files) > 2 else "")
        if self.operation and not files:
            return f"⚠ {self.operation.capitalize()} in progress, all resolved: M, f to finish."
        lead = f"⚠ {self.operation.capitalize()} in progress: " if self.operation else "⚠ "
        fields = len(self.recorded)
        what = f"{count(fields, 'conflicting field')} in " if fields else "conflicts in "
        return f"{lead}{what}{shown}, read-only until resolved. M resolves them."

    def sides(self) -> tuple[str, str]:
        """What 'ours' and 'theirs' mean here: in a rebase, ours is the upstream."""
        if self.operation == "rebase":
            return "upstream", "your commit"
        return "here", "incoming"


def state(board: LoadedBoard, status: Status | None) -> State:
    marked = tuple(
        rel
        for rel, found in sorted(board.file_problems.items())
        if any(p.message == MARKER_PROBLEM for p in found)
    )
    return State(
        status.operation if status else None,
        status.unmerged if status else (),
        marked,
        tuple(conflicts.recorded(board)),
    )


def take(root: Path, rel: str, side: str) -> None:
    """Resolve the unmerged file ``rel`` with one side's whole version."""
    _git(root, "checkout", f"--{side}", "--", rel)
    _git(root, "add", "--", rel)


def merge_again(root: Path, rel: str) -> list[conflicts.Conflict]:
    """Merge the unmerged file ``rel`` from git's three versions with okrboard's merge
    (for a clone without the driver); marks it resolved when nothing conflicts."""
    # lazy: loads on first use, not at start-up (docs/performance.md)
    from okrboard.files.atomic import atomic_write
    from okrboard.git.mergedriver import merge_texts

    base, ours, theirs = (_stage(root, rel, n) for n in (1, 2, 3))
    text, found = merge_texts(base, ours, theirs)
    atomic_write(root / rel, text.encode("utf-8"))
    if not found:
        _git(root, "add", "--", rel)
    return found


def mark_resolved(root: Path, rel: str) -> None:
    _git(root, "add", "--", rel)


def finish(root: Path, operation: str) -> str:
    """Continue the merge (commit it) or the rebase; git's last line of output."""
    # lazy: git's layer loads only when git is asked (start-up, docs/performance.md)
    from okrboard.git.runner import GitError, git

    done = git(root, operation, "--continue")
    lines = (done.stdout + done.stderr).strip().splitlines()
    if done.returncode != 0:
        raise GitError(lines[-1] if lines else f"git {operation} --continue failed")
    return lines[-1] if lines else "done"


def _stage(root: Path, rel: str, number: int) -> str:
    # lazy: git's layer loads only when git is asked (start-up, docs/performance.md)
    from okrboard.git.runner import git_bytes

    done = git_bytes(root, "show", f":{number}:./{rel}")
    return done.stdout.decode("utf-8") if done.returncode == 0 else ""


def _git(root: Path, *args: str) -> None:
    # lazy: git's layer loads only when git is asked (start-up, docs/performance.md)
    from okrboard.git.runner import checked

    checked(root, *args)


def _follow(table: Any) -> None:
    """A KR whose check-ins were just chosen: its ``current`` and ``confidence`` follow the
    newest again (``mergedriver.follow_checkins``), each line edited only if it changes."""
    plain = {k: table[k] for k in ("checkins", *FOLLOWS) if k in table}
    plain = {k: v.unwrap() if hasattr(v, "unwrap") else v for k, v in plain.items()}
    follow_checkins(plain)
    for field in FOLLOWS:
        if field in plain and (field not in table or table[field] != plain[field]):
            table[field] = plain[field]


def set_value(text: str, conflict: Conflict, value: Any) -> str:
    """``text`` with the conflict's field set to ``value`` (MISSING: removed) and its
    entry deleted; the other entries keep their places."""
    # lazy: tomlkit loads on the first write, never at start-up
    import tomlkit

    doc = tomlkit.parse(text)
    entries = doc.get(conflicts.KEY)
    if entries is None or conflict.index >= len(entries):
        raise ValueError("this conflict is no longer in the file; reload it")
    if list(entries[conflict.index].get("path", [])) != list(conflict.path):
        raise ValueError("the file's conflicts changed; reload it")
    *parents, key = conflict.path
    table = doc
    for part in parents:
        if part not in table:
            if value is conflicts.MISSING:
                break
            table[part] = tomlkit.table()
        table = table[part]
    else:
        if value is conflicts.MISSING:
            table.pop(key, None)
        elif isinstance(value, dict) and (
            len(parents) == 0 or parents[-1] in conflicts.ITEM_TABLES
        ):
            table[key] = new_item(inline_fields({key: value})[key])  # a [section]
        else:
            table[key] = new_item(value, nested=isinstance(value, dict))
        if key == "checkins" and parents[-2:-1] == ["key_results"]:
            _follow(table)
    del entries[conflict.index]
    if not len(entries):
        del doc[conflicts.KEY]
    return doc.as_string()
