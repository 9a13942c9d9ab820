"""The demo's product metrics: a small SQLite database (``metrics/fieldnote.db``) that the
sample's sources read, so ``okrboard measure`` on a fresh demo records check-ins at once.

Each series repeats its item's check-ins, and adds one measurement the board has not
seen: yesterday's, a small step on from the newest check-in.
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
import tempfile
from pathlib import Path

from okrboard.domain.model import Board

DATABASE = "metrics/fieldnote.db"
STEPS = {  # series: the step the newest measurement takes on from the last check-in
    "activation-rate": 1.0,
    "setup-completion": 2.0,
    "week4-retention": 0.5,
    "dau-mau": 0.4,
    "uptime": 0.01,
    "p95-load": -25.0,
    "signup-conversion": 0.1,
}
_NAME = re.compile(r"name = '([a-z0-9-]+)'")


def database(board: Board, today: dt.date) -> bytes:
    """The database's bytes for ``board`` as of ``today``."""
    rows: list[tuple[str, str, float]] = []
    items = [(ref, kr) for ref, _, kr in board.iter_key_results()] + list(board.iter_kpis())
    for _, item in items:
        source = item.source or {}
        match = _NAME.search(str(source.get("query", "")))
        if source.get("sqlite") != DATABASE or match is None or match[1] not in STEPS:
            continue
        trend = [c for c in item.trend if c.date and c.date < today]
        rows += [(match[1], str(c.date), c.value) for c in trend if c.value is not None]
        if trend and trend[-1].value is not None:
            newest = round(trend[-1].value + STEPS[match[1]], 4)
            rows.append((match[1], (today - dt.timedelta(days=1)).isoformat(), newest))
    with tempfile.TemporaryDirectory(prefix="okrboard-metrics-") as folder:
        path = Path(folder) / "metrics.db"
        connection = sqlite3.connect(path)
        with connection:
            connection.execute("CREATE TABLE metrics (name TEXT, day TEXT, value REAL)")
            ordered = sorted(set(rows), key=lambda row: (row[0], row[1]))
            connection.executemany("INSERT INTO metrics VALUES (?, ?, ?)", ordered)
        connection.close()
        return path.read_bytes()
