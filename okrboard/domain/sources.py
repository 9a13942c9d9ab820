"""Where a key result's or KPI's value comes from (``source = { … }``): the shapes a
source may have, checked without reading anything. ``okrboard.measure`` reads them.

One key names the kind, and what it reads:

- ``sqlite = "metrics/product.db"`` with ``query``: one row of one number, or of a number
  and a date;
- ``csv = "metrics/nps.csv"`` with ``column`` (and ``date_column``: the newest row wins);
- ``json = "metrics/uptime.json"`` or ``url = "https://…"`` with ``path`` (``data.0.value``),
  optionally ``date_path``, and for a URL ``token_env``, the *name* of an environment
  variable holding a bearer token (never the token);
- ``command = ["scripts/arr.py", "--month"]``: an argument list, never a shell, run only
  where the user's own config allows the board's commands;
- ``issues = "done"`` or ``"share"``: the count, or share, of the KR's linked issues done.

Files are named relative to the board and stay inside it.
"""

from __future__ import annotations

import ipaddress
import re
from typing import Any
from urllib.parse import urlsplit

KINDS = ("sqlite", "csv", "json", "url", "command", "issues")
KEYS: dict[str, dict[str, bool]] = {  # kind -> its keys: required?
    "sqlite": {"sqlite": True, "query": True},
    "csv": {"csv": True, "column": True, "date_column": False},
    "json": {"json": True, "path": True, "date_path": False},
    "url": {"url": True, "path": True, "date_path": False, "token_env": False},
    "command": {"command": True},
    "issues": {"issues": True},
}
# The functions a query may call: plain arithmetic, text, dates, JSON values, aggregates
# and windows. Nothing that registers code, loads a library, reads a file or allocates at
# will (fts3_tokenizer, load_extension, readfile, zeroblob, randomblob …).
# fmt: off
FUNCTIONS = frozenset({
    "abs", "avg", "ceil", "ceiling", "char", "coalesce", "count", "cume_dist", "date", "datetime",
    "dense_rank", "exp", "first_value", "floor", "format", "glob", "group_concat", "hex",
    "ifnull", "iif", "instr", "json", "json_array", "json_array_length", "json_extract",
    "json_object", "json_type", "json_valid", "julianday", "lag", "last_value", "lead", "length",
    "like", "likely", "ln", "log", "log10", "log2", "lower", "ltrim", "max", "min", "mod",
    "nth_value", "ntile", "nullif", "percent_rank", "pow", "power", "printf", "quote", "rank",
    "replace", "round", "row_number", "rtrim", "sign", "sqrt", "strftime", "string_agg", "substr",
    "substring", "sum", "time", "timediff", "total", "trim", "typeof", "unicode", "unixepoch",
    "unlikely", "upper",
})
# fmt: on
# Words that stand before "(" in a query without being a function call.
# fmt: off
_SQL_WORDS = frozenset({
    "all", "and", "any", "as", "between", "by", "case", "cast", "distinct", "else", "end",
    "exists", "filter", "from", "glob", "having", "in", "is", "join", "like", "not", "on", "or",
    "over", "partition", "select", "then", "union", "using", "values", "when", "where", "with",
})
# fmt: on
TOKEN_PREFIX = "OKRBOARD_"  # a board may name only tokens meant for okrboard
EXAMPLE = '{ sqlite = "metrics/product.db", query = "SELECT value, day FROM …" }'


def kind(source: dict[str, Any]) -> str | None:
    """The source's kind: the one key of ``KINDS`` it has, or None."""
    found = [k for k in KINDS if k in source]
    return found[0] if len(found) == 1 else None


def problem(source: object) -> str | None:
    """Why ``source`` is not a usable source, or None."""
    if not isinstance(source, dict):
        return f"expected a table like {EXAMPLE}"
    named = [k for k in KINDS if k in source]
    if len(named) != 1:
        given = f"it names {' and '.join(named)}" if named else "it names none"
        return f"a source names one of {', '.join(KINDS)} ({given})"
    which = named[0]
    keys = KEYS[which]
    for key, required in keys.items():
        if required and key not in source:
            return f"a {which} source needs {key}"
    for key in source:
        if key not in keys:
            return f"{key!r} is not a key of a {which} source (it has {', '.join(keys)})"
    for key, value in source.items():
        if which == "command" and key == "command":
            if not (value and isinstance(value, list) and all(isinstance(v, str) for v in value)):
                return 'command is a list of arguments, e.g. ["scripts/arr.py", "--month"]'
        elif which == "issues" and key == "issues":
            if value not in ("done", "share"):
                return 'issues = "done" (how many are done) or "share" (the share done)'
        elif not isinstance(value, str) or not value.strip():
            return f"{key} must be a non-empty string"
    if which == "sqlite" and (called := unplain_functions(source["query"])):
        return (
            f"the query calls {', '.join(called)}: a source may call plain functions only "
            "(docs/security.md)"
        )
    if which in ("sqlite", "csv", "json") and not _relative(source[which]):
        return f"{source[which]!r}: name a file inside the board, relative to it"
    if which == "url" and not str(source["url"]).startswith(("https://", "http://")):
        return f"{source['url']!r}: a url starts with https:// (or http://)"
    token = source.get("token_env")
    if token is not None and not token.startswith(TOKEN_PREFIX):
        return (
            f"token_env = {token!r}: name a variable that starts with {TOKEN_PREFIX} "
            "(a board must not be able to send any other secret to a URL)"
        )
    return None


def unplain_functions(query: str) -> list[str]:
    """The functions ``query`` calls that are not in ``FUNCTIONS``, as far as reading it
    tells (the authorizer of ``measure.read`` is the rule; this is ``check``'s warning)."""
    code = re.sub(r"'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"", "''", query)  # no string literal
    called = re.findall(r"([A-Za-z_][A-Za-z0-9_]*)\s*\(", code)
    return sorted({
        name for name in called
        if name.lower() not in FUNCTIONS and name.lower() not in _SQL_WORDS
    })  # fmt: skip


def url_warning(source: dict[str, Any] | None) -> str | None:
    """What ``check`` says of a URL source aimed at this machine or its network (loopback,
    link-local such as a cloud's metadata address, private, a name without a dot): a
    board file alone must not reach it. ``measure`` reads any URL only for a host the
    user's own config allows."""
    if not source or kind(source) != "url":
        return None
    host = (urlsplit(str(source["url"])).hostname or "").lower()
    if public_address(host) and "." in host and not host.endswith((".localhost", ".internal")):
        return None
    return (
        f"this source reaches {host or 'no host'}, on this machine or its network: measure "
        "reads it only if your own config allows that host ([measure] allowed_hosts, "
        "docs/security.md)"
    )


def public_address(host: str) -> bool:
    """False for a literal IP address that is not global (loopback, link-local, private,
    reserved); True for any other host name (its address is judged when it is reached)."""
    try:
        address = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return True
    return address.is_global


def _relative(path: str) -> bool:
    parts = path.replace("\\", "/").split("/")
    return not path.startswith("/") and ".." not in parts and ":" not in parts[0]


def describe(source: dict[str, Any]) -> str:
    """``sqlite metrics/product.db``, ``url https://…``: the source in a few words."""
    which = kind(source) or "source"
    what = source.get(which)
    if isinstance(what, list):
        what = " ".join(what)
    return f"{which} {what}"
