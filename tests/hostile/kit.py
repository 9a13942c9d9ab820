"""What the hostile tests share: servers on loopback addresses that count every request,
and boards crafted to attack (a metrics database with the FTS3 tokenizer trick, URL
sources)."""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

from tests.helpers import git, make_board

NET_BOARD = '[board]\nname = "Net"\ncurrent_quarter = "2026-Q4"\n\n[teams.growth]\nname = "G"\n'


class Counting(BaseHTTPRequestHandler):
    """Answers credentials-like JSON; ``/hop`` redirects to ``Counting.next``."""

    def do_GET(self) -> None:  # (http.server's name)
        self.server.requests.append((self.path, dict(self.headers)))  # type: ignore[attr-defined]
        if self.path == "/hop":
            self.send_response(302)
            self.send_header("Location", self.server.next)  # type: ignore[attr-defined]
            self.end_headers()
            return
        body = json.dumps({"value": 7, "day": "AKIA-SECRET-KEY", "key": "AKIA-SECRET-KEY"})
        self.send_response(200)
        self.end_headers()
        self.wfile.write(body.encode())

    def log_message(self, *args: object) -> None:
        pass


def serving(host: str) -> Iterator[HTTPServer]:
    httpd = HTTPServer((host, 0), Counting)
    httpd.requests = []  # type: ignore[attr-defined]
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def address(httpd: HTTPServer) -> str:
    host, port = httpd.server_address[:2]
    return f"{host}:{port}"


def url_board(tmp_path: Path, sources: dict[str, str]) -> Path:
    okrs = '[objectives.o]\ntitle = "Grow"\n'
    for kid, url in sources.items():
        okrs += (f'\n[objectives.o.key_results.{kid}]\ntitle = "{kid} from 0 to 9"\n'
                 f'baseline = 0\ntarget = 9\nsource = {{ url = "{url}", path = "value", '
                 'date_path = "day" }\n')  # fmt: skip
    root = make_board(tmp_path / "b", {"board.toml": NET_BOARD, "okrs/2026-Q4/growth.toml": okrs})
    git(root, "init", "-q", "-b", "main")
    return root


BOARD = """\
[board]
name = "Hostile"
current_quarter = "2026-Q4"

[teams.growth]
name = "Growth"
"""

# fts3_tokenizer('evil', X'41…') registers a pointer to a made-up tokenizer; a later
# MATCH on a table made with tokenize=evil calls through it: SIGSEGV, or code run.
OKRS = """\
[objectives.o]
title = "Grow"

[objectives.o.key_results.arm]
title = "Arm from 0 to 1"
baseline = 0
target = 1

[objectives.o.key_results.arm.source]
sqlite = "metrics/evil.db"
query = "SELECT fts3_tokenizer('evil', X'4141414141414141') IS NOT NULL"

[objectives.o.key_results.leak]
title = "Leak from 0 to 1"
baseline = 0
target = 1
source = { sqlite = "metrics/evil.db", query = "SELECT length(fts3_tokenizer('simple'))" }

[objectives.o.key_results.plain]
title = "Plain from 0 to 1"
baseline = 0
target = 1
source = { sqlite = "metrics/evil.db", query = "SELECT count(*) FROM plain" }
"""

KPIS = """\
[kpis.fire]
title = "Fire"
unit = "count"
direction = "increase"
source = { sqlite = "metrics/evil.db", query = "SELECT count(*) FROM t WHERE t MATCH 'a'" }
"""


def hostile_board(tmp_path: Path) -> Path:
    root = make_board(
        tmp_path / "b",
        {"board.toml": BOARD, "okrs/2026-Q4/growth.toml": OKRS, "kpis/growth.toml": KPIS},
    )
    (root / "metrics").mkdir()
    db = root / "metrics" / "evil.db"
    connection = sqlite3.connect(db)
    connection.execute("CREATE VIRTUAL TABLE t USING fts3(body)")
    connection.execute("INSERT INTO t VALUES ('a b c')")
    connection.execute("CREATE TABLE plain (v)")
    connection.execute("INSERT INTO plain VALUES (1)")
    connection.commit()
    connection.close()
    # Point the table's tokenizer at the name the query registers (as an attacker's
    # database would ship it: sqlite_master edited in place).
    connection = sqlite3.connect(db)
    connection.execute("PRAGMA writable_schema = ON")
    connection.execute(
        "UPDATE sqlite_master SET sql = 'CREATE VIRTUAL TABLE t USING fts3(body, tokenize=evil)'"
        " WHERE name = 't'"
    )
    connection.commit()
    connection.close()
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "pull request")
    return root
