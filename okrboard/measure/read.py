"""Reading one source (``domain.sources``): a number, and the day it was measured when the
source says. Every failure is a ``SourceError`` with one sentence for the user; nothing
here writes.

Safety (docs/security.md): an SQLite database is opened read-only, one connection per
query, and an authorizer lets a query read the database's own tables and call plain
functions, nothing else; a query runs at most ``LIMIT_SECONDS``. A URL is fetched only
from a host the user's own config allows, follows no redirect to another host, has a
timeout and a size limit, and sends a token only from a variable named ``OKRBOARD_…``
over https. A command runs only where the user's own config (or
``OKRBOARD_ALLOW_COMMANDS``) allows the board's commands, never through a shell, with a
timeout.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import math
import os
import re
import sqlite3
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

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
) -> Reading:
    """The value ``source`` gives for the board at ``root``. ``issues``: the linked issues'
    counts, for an ``issues`` source (``measure.trackers``)."""
    kind = sources.kind(source)
    if kind == "sqlite":
        return _sqlite(root, source["sqlite"], source["query"])
    if kind == "csv":
        return _csv(_file(root, source["csv"]), source["column"], source.get("date_column"))
    if kind == "json":
        data = _json_text(_file(root, source["json"]).read_bytes())
        return _from_json(data, source["path"], source.get("date_path"))
    if kind == "url":
        data = _json_text(_fetch(source["url"], source.get("token_env")))
        return _from_json(data, source["path"], source.get("date_path"), echo=False)
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


def _day(value: Any, what: str, echo: bool = True) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        shown = f" {value!r}" if echo else ""
        raise SourceError(f"{what}{shown} is not a date like 2026-11-20") from None


# -- SQLite -------------------------------------------------------------------------------

_STATEMENTS = {sqlite3.SQLITE_SELECT, sqlite3.SQLITE_RECURSIVE}
_SCHEMA = {"sqlite_master", "sqlite_schema", "sqlite_sequence", "sqlite_stat1"}
MAX_LENGTH = 1_000_000  # the longest text or blob a query may make


class _Guard:
    """An authorizer that lets a query read the database's own tables and call plain
    functions (``sources.FUNCTIONS``), nothing else: no write, ATTACH or PRAGMA, no
    virtual table (an FTS tokenizer or a table-valued function runs code of its own).
    It keeps what it refused first, to say so."""

    def __init__(self, tables: set[str], virtual: set[str]) -> None:
        self.tables = tables
        self.virtual = virtual
        self.refused: str | None = None

    def check(self, query: str) -> None:
        """Refuse a query naming a virtual table before SQLite connects it: connecting
        runs the table's module (the authorizer is asked only after)."""
        words = {w.lower() for w in re.findall(r"[A-Za-z_][A-Za-z0-9_$]*", query)}
        for name in sorted(self.virtual):
            if name.lower() in words:
                raise SourceError(
                    f"the query reads {name}, a virtual table, which a source may not"
                )

    def __call__(self, action: int, arg1: str | None, arg2: str | None, *_: object) -> int:
        if action in _STATEMENTS:
            return sqlite3.SQLITE_OK
        if action == sqlite3.SQLITE_FUNCTION and (arg2 or "").lower() in sources.FUNCTIONS:
            return sqlite3.SQLITE_OK
        if action == sqlite3.SQLITE_READ and arg1 is not None and arg1 in self.tables:
            return sqlite3.SQLITE_OK
        if self.refused is None:
            if action == sqlite3.SQLITE_FUNCTION:
                self.refused = f"the query calls {arg2}, which a source may not"
            elif action == sqlite3.SQLITE_READ:
                self.refused = f"the query reads {arg1}, a virtual table, which a source may not"
            else:
                self.refused = "a source's query may only read (SELECT)"
        return sqlite3.SQLITE_DENY


def _open(root: Path, rel: str) -> tuple[sqlite3.Connection, _Guard]:
    """The database ``rel`` opened read-only, for one query: a connection of its own (one
    query cannot leave a tokenizer or a function registered for the next), its statements
    limited by a ``_Guard`` and its values' length by ``MAX_LENGTH``."""
    path = _file(root, rel)
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise SourceError(f"{path.name}: cannot be opened ({exc})") from None
    try:
        connection.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_LENGTH)
        connection.setlimit(sqlite3.SQLITE_LIMIT_ATTACHED, 0)
        connection.execute("PRAGMA trusted_schema = OFF")  # views and triggers call nothing
        schema = connection.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'")
        tables = {name: (sql or "").lstrip().upper() for name, sql in schema}
    except sqlite3.Error as exc:
        connection.close()
        raise SourceError(f"{path.name}: cannot be read ({exc})") from None
    virtual = {name for name, sql in tables.items() if sql.startswith("CREATE VIRTUAL")}
    guard = _Guard((set(tables) - virtual) | _SCHEMA, virtual)
    connection.set_authorizer(guard)
    return connection, guard


def _sqlite(root: Path, rel: str, query: str) -> Reading:
    connection, guard = _open(root, rel)
    started = time.monotonic()
    try:
        guard.check(query)
        connection.set_progress_handler(
            lambda: int(time.monotonic() - started > LIMIT_SECONDS), 10_000
        )
        rows = connection.execute(query).fetchmany(2)
    except sqlite3.DatabaseError as exc:
        raise SourceError(f"the query failed: {guard.refused or exc}") from None
    finally:
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


def _from_json(data: Any, path: str, date_path: str | None, echo: bool = True) -> Reading:
    """The reading at ``path``; ``echo``: a wrong value may be quoted in the error (never
    a URL's answer: a board must not read a service's text back through its errors)."""
    value = _number(_at(data, path), f"the value at {path!r}")
    if not date_path:
        return Reading(value)
    return Reading(value, _day(_at(data, date_path), date_path, echo))


HOSTS_ENV = "OKRBOARD_ALLOW_HOSTS"  # more hosts URL sources may reach, comma-separated


def allowed_hosts() -> set[str]:
    """The hosts (``host`` or ``host:port``) the user lets URL sources reach: ``[measure]
    allowed_hosts`` in their own config, and ``OKRBOARD_ALLOW_HOSTS`` (a CI job's
    setting). Never a file in the board."""
    listed = userconfig.table("measure").get("allowed_hosts", [])
    listed = [h for h in listed if isinstance(h, str)] if isinstance(listed, list) else []
    listed += re.split(r"[,\s]+", os.environ.get(HOSTS_ENV, ""))
    return {h.strip().lower() for h in listed if h.strip()}


def host_allowed(url: str, allowed: set[str]) -> bool:
    """Whether ``url``'s host (with or without its port) is one the user allows."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        return False
    return bool(host) and (host in allowed or f"{host}:{port}" in allowed)


class _SameOrigin(urllib.request.HTTPRedirectHandler):
    """Follow a redirect only to the same scheme, host and port: urllib would carry the
    ``Authorization`` header to any host, and a redirect is a way round the allowed hosts."""

    def redirect_request(
        self, req: Any, fp: Any, code: int, msg: str, headers: Any, newurl: str
    ) -> Any:
        old, new = urlsplit(req.full_url), urlsplit(urljoin(req.full_url, newurl))
        if (old.scheme, old.netloc.lower()) != (new.scheme, new.netloc.lower()):
            raise SourceError(
                f"{req.full_url} redirected to another host or scheme ({new.scheme}://"
                f"{new.hostname}): not followed"
            )
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _fetch(url: str, token_env: str | None) -> bytes:
    if not host_allowed(url, allowed_hosts()):
        host = urlsplit(url).hostname or url
        raise SourceError(
            f"{host} is not a host you allow: a board file cannot make okrboard reach one. "
            f"Add it to [measure] allowed_hosts in your own ~/.config/okrboard/config.toml "
            f"(or {HOSTS_ENV}); docs/security.md"
        )
    headers = {"Accept": "application/json", "User-Agent": "okrboard-measure"}
    if token_env:
        token = os.environ.get(token_env)
        if not token:
            raise SourceError(f"the variable {token_env} is not set (it holds the token)")
        if not url.startswith("https://"):
            raise SourceError("a token is sent over https only")
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(url, headers=headers)
    opener = urllib.request.build_opener(_SameOrigin)
    try:
        with opener.open(request, timeout=LIMIT_SECONDS) as response:
            return bytes(response.read(MAX_BYTES + 1))
    except urllib.error.HTTPError as exc:
        raise SourceError(f"{url} answered HTTP {exc.code}") from None
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
