"""Issue trackers, linked offline: the issues a board's ``links`` name, with their status,
as exported by Jira (CSV, current or all fields), Linear (CSV) or GitHub
(``gh issue list --json number,title,state,url,labels,milestone``).

The imported statuses are kept local to the clone (``.git/okrboard/issues.json``), not in
the board: a status belongs to the tracker (track it in one place), it changes every
day, and a file of them in the repository would churn every diff and conflict in every
merge. Each import is dated, so what it says is shown with its age.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from okrboard.domain.cache import memoized
from okrboard.domain.model import Board
from okrboard.domain.text import count
from okrboard.files.atomic import atomic_write
from okrboard.git.runner import GitError, git
from okrboard.measure.read import Reading, SourceError

DONE, DOING, TODO = "done", "in progress", "to do"
_DONE_WORDS = {"done", "closed", "resolved", "released", "complete", "completed", "shipped",
               "fixed", "merged", "canceled", "cancelled", "won't do", "duplicate"}  # fmt: skip
_DOING_WORDS = {"in progress", "in review", "review", "in qa", "qa", "testing", "doing",
                "started", "in development", "code review", "blocked"}  # fmt: skip
_GITHUB = re.compile(r"https://github\.com/([^/]+/[^/]+)/(?:issues|pull)/(\d+)")


class ExportError(ValueError):
    """An export okrboard cannot read: said in one sentence."""


@dataclass(frozen=True)
class Issue:
    key: str  # GROW-301, ENG-12, owner/repo#123
    title: str
    status: str  # as the tracker says it
    category: str  # to do, in progress, done
    url: str | None = None
    imported: str = ""  # the day of the import that said so


@dataclass
class Linked:
    """The imported issues by key, with the day of each import."""

    issues: dict[str, Issue] = field(default_factory=dict)

    def find(self, link: str) -> Issue | None:
        """The issue a link names: its key (``GROW-301``), a GitHub issue's URL or
        ``owner/repo#123``."""
        if link in self.issues:
            return self.issues[link]
        match = _GITHUB.fullmatch(link.strip().rstrip("/"))
        return self.issues.get(f"{match[1]}#{match[2]}") if match else None

    def of(self, links: list[str] | None) -> list[Issue]:
        return [issue for link in links or () if (issue := self.find(link)) is not None]

    def reader(self, board: Board) -> Callable[[str], Callable[[str], Reading]]:
        """For ``measure``: an ``issues`` source's reader for the KR ``ref``."""

        def for_ref(ref: str) -> Callable[[str], Reading]:
            item = board.key_result(ref) or board.kpi(ref)
            links = item.links if item is not None else None

            def count(mode: str) -> Reading:
                found = self.of(links)
                if not found:
                    named = ", ".join(links or ()) or "none"
                    raise SourceError(
                        f"none of its links ({named}) is among the imported issues: "
                        "okrboard links import FILE"
                    )
                done = sum(i.category == DONE for i in found)
                return Reading(done if mode == "done" else round(100 * done / len(found), 1))

            return count

        return for_ref


def summary(issues: list[Issue], today: dt.date) -> str:
    """``3 of 5 done · imported 2 days ago``; empty without issues."""
    if not issues:
        return ""
    done = sum(i.category == DONE for i in issues)
    oldest = min(i.imported for i in issues)
    days = (today - dt.date.fromisoformat(oldest)).days if oldest else None
    age = "" if days is None else (" · imported today" if days <= 0 else
                                   f" · imported {count(days, 'day')} ago")  # fmt: skip
    return f"{done} of {len(issues)} done{age}"


# -- where they are kept ---------------------------------------------------------------------


def store_path(root: Path) -> Path:
    """``.git/okrboard/issues.json`` of the board's repository (shared by its worktrees);
    outside git, ``.okrboard-issues.json`` in the board."""
    return _store_path(Path(root).resolve())


@memoized(maxsize=64)
def _store_path(root: Path) -> Path:  # by the resolved folder: "." moves with the cwd
    try:
        done = git(root, "rev-parse", "--git-common-dir")
    except (GitError, OSError):  # no git on this machine: the board's own folder
        done = None
    if done is not None and done.returncode == 0 and done.stdout.strip():
        return (root / done.stdout.strip()).resolve() / "okrboard" / "issues.json"
    return root / ".okrboard-issues.json"


def load(root: Path) -> Linked | None:
    """The imported issues, or None before the first import (or for a file that cannot be
    read: import again). Read again only when the file changed (a detail pane asks on
    every move)."""
    path = store_path(Path(root))
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        return None
    return _read(path, stamp)


@memoized(maxsize=8)
def _read(path: Path, stamp: int) -> Linked | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Linked({k: Issue(**v) for k, v in data["issues"].items()})
    except (OSError, ValueError, KeyError, TypeError):
        return None


def save(root: Path, linked: Linked) -> Path:
    path = store_path(root)
    path.parent.mkdir(parents=True, exist_ok=True)
    plain = {"issues": {k: i.__dict__ for k, i in sorted(linked.issues.items())}}
    atomic_write(path, json.dumps(plain, indent=1, ensure_ascii=False).encode("utf-8"))
    return path


def board_links(board: Board) -> set[str]:
    """Every link the board's KRs, cards and KPIs name."""
    found: set[str] = set()
    for _, _, kr in board.iter_key_results():
        found.update(kr.links or ())
    for roadmap in board.roadmaps.values():
        for theme in roadmap.themes.values():
            found.update(theme.links or ())
    for _, kpi in board.iter_kpis():
        found.update(kpi.links or ())
    return found


def import_file(root: Path, board: Board, name: str, raw: bytes, today: dt.date) -> list[Issue]:
    """Read an export and keep, dated ``today``, the issues the board's links name; the
    issues kept. Raises ExportError for an export okrboard cannot read."""
    issues = parse(name, raw, today.isoformat())
    probe = Linked({i.key: i for i in issues})
    wanted = {found.key for link in board_links(board) if (found := probe.find(link))}
    kept = [i for i in issues if i.key in wanted]
    linked = load(root) or Linked()
    for issue in kept:
        known = linked.issues.get(issue.key)
        if known is not None and not issue.status.strip():  # never blanks what was known
            issue = replace(issue, status=known.status, category=known.category)
        linked.issues[issue.key] = issue
    save(root, linked)
    return kept


# -- reading the exports ------------------------------------------------------------------


def parse(name: str, raw: bytes, day: str) -> list[Issue]:
    """The issues of a Jira or Linear CSV export or of ``gh issue list --json`` output."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ExportError(f"{name}: not UTF-8 text") from None
    if text.lstrip().startswith("["):
        return _github(name, text, day)
    rows = _records(name, text)
    if not rows:
        raise ExportError(f"{name}: empty")
    header = [h.strip() for h in rows[0]]
    if "Issue key" in header:
        return _jira(name, header, rows[1:], day)
    if {"ID", "Title", "Status"} <= set(header):
        return _linear(header, rows[1:], day)
    shown = ", ".join(header[:8]) + (", …" if len(header) > 8 else "")
    raise ExportError(
        f"{name}: unknown columns ({shown}): expected a Jira CSV export (Issue key, Summary, "
        "Status), a Linear CSV export (ID, Title, Status) or gh issue list --json output"
    )


def _records(name: str, text: str) -> list[list[str]]:
    """CSV records: quoted fields may hold newlines, quotes and CRLF line ends. The whole
    file is checked first: an unterminated quote or a row with more or fewer fields than
    the header is an error naming its line, and nothing is imported."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[list[str]] = []
    try:
        for row in reader:
            if not any(c.strip() for c in row):
                continue
            if rows and len(row) != len(rows[0]):
                raise ExportError(
                    f"{name}: line {reader.line_num}: {len(row)} fields where the header has "
                    f"{len(rows[0])} (a row cut short?); nothing was imported"
                )
            rows.append(row)
    except csv.Error as exc:
        raise ExportError(f"{name}: line {reader.line_num}: {exc}; nothing was imported") from None
    return rows


def _category(status: str, given: str | None = None) -> str:
    said = (given or "").strip().lower()
    if said in ("done", "complete", "completed"):
        return DONE
    if said in ("in progress", "started"):
        return DOING
    if said in ("to do", "todo", "new", "backlog", "unstarted"):
        return TODO
    word = status.strip().lower()
    return DONE if word in _DONE_WORDS else DOING if word in _DOING_WORDS else TODO


def _first(header: list[str], row: list[str], column: str) -> str:
    """The first column named ``column`` (Jira repeats names: Labels, Sprint, …)."""
    index = header.index(column) if column in header else -1
    return row[index].strip() if 0 <= index < len(row) else ""


def _jira(name: str, header: list[str], rows: list[list[str]], day: str) -> list[Issue]:
    for column in ("Summary", "Status"):
        if column not in header:
            raise ExportError(f"{name}: a Jira export without a {column!r} column")
    found = []
    for row in rows:
        key = _first(header, row, "Issue key")
        if key:
            status = _first(header, row, "Status")
            category = _category(status, _first(header, row, "Status Category") or None)
            found.append(Issue(key, _first(header, row, "Summary"), status, category, None, day))
    return found


def _linear(header: list[str], rows: list[list[str]], day: str) -> list[Issue]:
    found = []
    for row in rows:
        key, status = _first(header, row, "ID"), _first(header, row, "Status")
        if not key:
            continue
        given = (
            "done"
            if _first(header, row, "Completed") or _first(header, row, "Canceled")
            else "started"
            if _first(header, row, "Started")
            else None
        )
        category = _category(status, given)
        found.append(Issue(key, _first(header, row, "Title"), status, category, None, day))
    return found


def _github(name: str, text: str, day: str) -> list[Issue]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ExportError(f"{name}: not JSON ({exc})") from None
    if not isinstance(data, list):
        raise ExportError(f"{name}: expected the list gh issue list --json prints")
    found = []
    for item in data:
        match = (
            _GITHUB.fullmatch(str(item.get("url", "")).rstrip("/"))
            if isinstance(item, dict)
            else None
        )
        if match is None:
            raise ExportError(
                f"{name}: each issue needs its url: gh issue list --json "
                "number,title,state,url,labels,milestone"
            )
        state = str(item.get("state", ""))
        labels = {str(label.get("name", "")).lower() for label in item.get("labels") or ()
                  if isinstance(label, dict)}  # fmt: skip
        category = DONE if state.upper() in ("CLOSED", "MERGED") else (
            DOING if labels & _DOING_WORDS else TODO)  # fmt: skip
        key = f"{match[1]}#{match[2]}"
        found.append(
            Issue(key, str(item.get("title", "")), state.lower(), category, item["url"], day)
        )
    return found


def as_dict(issue: Issue) -> dict[str, Any]:
    return dict(issue.__dict__)
