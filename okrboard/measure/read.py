"""Reading one source (``domain.sources``): a number, and the day it was measured when the
source says. Every failure is a ``SourceError`` with one sentence for the user; nothing
here writes.

Safety: an SQLite database is opened read-only, and an authorizer lets a query read and
nothing else (no ATTACH of another file, no PRAGMA that writes); a query runs at most
``LIMIT_SECONDS``. A URL is fetched with a timeout and a size limit, and sends a token
only from a variable named ``OKRBOARD_…`` over https. A command runs only where the
user's own config (or ``OKRBOARD_ALLOW_COMMANDS``) allows the board's commands, never
through a shell, with a timeout.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import math
import os
import sqlite3
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from okrboard.domain import ids, sources
from okrboard.files import userconfig

LIMIT_SECONDS = 10  # a query, a request or a command
MAX_BYTES = 1_000_000  # a JSON document or a command's output
ALLOW_ENV = "OKRBOARD_ALLOW_COMMANDS"  # boards whose commands may run, os.pathsep apart


class SourceError(Exception):
    """A source that gave no number: said in one sentence."""


@dataclass(frozen=True)
class Reading:
    value: float
    day: dt.date | None = None  # None: measured today


def read(
    root: Path,
    source: dict[str, Any],
    issues: Any = None,
    opened: dict[str, sqlite3.Connection] | None = None,
) -> Reading:
    """The value ``source`` gives for the board at ``root``. ``issues``: the linked issues'
    counts, for an ``issues`` source (``measure.trackers``). ``opened``: SQLite databases
    kept open between sources of one run (the caller closes them); a query can only read,
    so one cannot leave anything behind for the next."""
    kind = sources.kind(source)
    if kind == "sqlite":
        return _sqlite(root, source["sqlite"], source["query"], opened)
    if kind == "csv":
        return _csv(_file(root, source["csv"]), source["column"], source.get("date_column"))
    if kind == "json":
        data = _json_text(_file(root, source["json"]).read_bytes())
        return _from_json(data, source["path"], source.get("date_path"))
    if kind == "url":
        data = _json_text(_fetch(source["url"], source.get("token_env")))
        return _from_json(data, source["path"], source.get("date_path"))
    if kind == "command":
        return _command(root, source["command"])
    if kind == "issues":
        if issues is None:
            raise SourceError("no linked issues imported yet: run okrboard links import FILE")
        return issues(source["issues"])
    raise SourceError(sources.problem(source) or "not a source")


def _file(root: Path, rel: str) -> Path:
    if not ids.inside_board(root, rel):
        raise SourceError(f"{rel}: not a file inside the board")
    path = Path(root, rel)
    if not path.is_file():
        raise SourceError(f"{rel}: no such file")
    return path


def _number(value: Any, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        try:
            value = float(str(value).strip().replace(",", "")) if isinstance(value, str) else None
        except ValueError:
            value = None
        if value is None:
            raise SourceError(f"{what} is not a number")
    if not math.isfinite(value):
        raise SourceError(f"{what} is not a finite number")
    return int(value) if float(value).is_integer() else float(value)  # 820, not 820.0


def _day(value: Any, what: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        raise SourceError(f"{what} {value!r} is not a date like 2026-11-20") from None


# -- SQLite -------------------------------------------------------------------------------

_READS = {
    sqlite3.SQLITE_SELECT,
    sqlite3.SQLITE_READ,
    sqlite3.SQLITE_FUNCTION,
    sqlite3.SQLITE_RECURSIVE,
}


def _only_reads(action: int, *_: object) -> int:
    return sqlite3.SQLITE_OK if action in _READS else sqlite3.SQLITE_DENY


def _open(root: Path, rel: str, opened: dict[str, sqlite3.Connection] | None) -> sqlite3.Connection:
    """The database ``rel`` opened read-only, its statements limited to reading."""
    if opened is not None and rel in opened:
        return opened[rel]
    path = _file(root, rel)
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise SourceError(f"{path.name}: cannot be opened ({exc})") from None
    connection.set_authorizer(_only_reads)
    if opened is not None:
        opened[rel] = connection
    return connection


def _sqlite(
    root: Path, rel: str, query: str, opened: dict[str, sqlite3.Connection] | None
) -> Reading:
    connection = _open(root, rel, opened)
    started = time.monotonic()
    try:
        connection.set_progress_handler(
            lambda: int(time.monotonic() - started > LIMIT_SECONDS), 10_000
        )
        rows = connection.execute(query).fetchmany(2)
    except sqlite3.DatabaseError as exc:
        raise SourceError(f"the query failed: {exc}") from None
    finally:
        if opened is None:
            connection.close()
    if len(rows) != 1:
        raise SourceError(f"the query returned {'no rows' if not rows else 'more than one row'}:"
                          " one row of a value (and a date) is expected")  # fmt: skip
    row = rows[0]
    if len(row) not in (1, 2):
        raise SourceError(f"the query returned {len(row)} columns: a value, and a date, expected")
    value = _number(row[0], f"the query's value {row[0]!r}")
    return Reading(value, _day(row[1], "the query's date") if len(row) == 2 else None)


# -- CSV ----------------------------------------------------------------------------------


def _csv(path: Path, column: str, date_column: str | None) -> Reading:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise SourceError(f"{path.name}: cannot be read ({exc})") from None
    reader = csv.DictReader(text.splitlines())
    header = reader.fieldnames or []
    for name in (column, date_column):
        if name is not None and name not in header:
            raise SourceError(f"{path.name} has no column {name!r} (it has {', '.join(header)})")
    rows = [r for r in reader if (r.get(column) or "").strip()]
    if not rows:
        raise SourceError(f"{path.name}: no row has a value in {column!r}")
    if date_column is None:
        return Reading(_number(rows[-1][column], f"{column} {rows[-1][column]!r}"))
    dated = [(_day(r[date_column], date_column), r) for r in rows]
    day, row = max(dated, key=lambda pair: pair[0])
    return Reading(_number(row[column], f"{column} {row[column]!r}"), day)


# -- JSON: a file or a URL ----------------------------------------------------------------


def _json_text(raw: bytes) -> Any:
    if len(raw) > MAX_BYTES:
        raise SourceError(f"the document is larger than {MAX_BYTES:,} bytes")
    try:
        return json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SourceError(f"not JSON: {exc}") from None


def _at(data: Any, path: str) -> Any:
    """The value at a dotted ``path`` (``data.items.0.value``)."""
    found = data
    for part in path.split("."):
        if isinstance(found, dict) and part in found:
            found = found[part]
        elif (
            isinstance(found, list)
            and part.lstrip("-").isdigit()
            and -len(found) <= int(part) < len(found)
        ):
            found = found[int(part)]
        else:
            raise SourceError(f"the JSON has nothing at {path!r} (stopped at {part!r})")
    return found


def _from_json(data: Any, path: str, date_path: str | None) -> Reading:
    value = _number(_at(data, path), f"the value at {path!r}")
    return Reading(value, _day(_at(data, date_path), date_path) if date_path else None)


def _fetch(url: str, token_env: str | None) -> bytes:
    headers = {"Accept": "application/json", "User-Agent": "okrboard-measure"}
    if token_env:
        token = os.environ.get(token_env)
        if not token:
            raise SourceError(f"the variable {token_env} is not set (it holds the token)")
        if not url.startswith("https://"):
            raise SourceError("a token is sent over https only")
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=LIMIT_SECONDS) as response:
            return response.read(MAX_BYTES + 1)
    except urllib.error.HTTPError as exc:
        raise SourceError(f"{url} answered HTTP {exc.code} {exc.reason}") from None
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise SourceError(f"{url} did not answer: {reason}") from None


# -- a command ----------------------------------------------------------------------------


def commands_allowed(root: Path) -> bool:
    """Whether the user allows the board at ``root`` to run commands: listed under
    ``[measure] commands`` in their own config, or in ``OKRBOARD_ALLOW_COMMANDS``. Never
    because of a file in the board."""
    listed = userconfig.table("measure").get("commands", [])
    listed = [p for p in listed if isinstance(p, str)] if isinstance(listed, list) else []
    listed += [p for p in os.environ.get(ALLOW_ENV, "").split(os.pathsep) if p]
    board = Path(root).resolve()
    return any(Path(p).expanduser().resolve() == board for p in listed)


def _command(root: Path, argv: list[str]) -> Reading:
    if not commands_allowed(root):
        raise SourceError(
            "commands are not allowed for this board: add its folder to [measure] commands "
            "in your own ~/.config/okrboard/config.toml (a file in the board cannot)"
        )
    try:
        # an argument list, no shell, allowed by the user (commands_allowed)
        done = subprocess.run(
            argv, cwd=root, capture_output=True, timeout=LIMIT_SECONDS, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SourceError(f"{argv[0]} could not run: {exc}") from None
    if done.returncode != 0:
        said = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
        raise SourceError(f"{argv[0]} exited {done.returncode}: {said[0][:200]}")
    words = done.stdout[:MAX_BYTES].decode("utf-8", "replace").split()
    if not words:
        raise SourceError(f"{argv[0]} printed nothing: a number is expected")
    value = _number(words[0], f"{argv[0]}'s output {words[0]!r}")
    return Reading(value, _day(words[1], f"{argv[0]}'s date") if len(words) > 1 else None)
