"""Git in every view: the sync status line and the conflict banner (shown on the first
frame, so kept apart from the resolver and what it imports)."""

from __future__ import annotations

from textual.widgets import Static


class SyncLine(Static):
    """``⎇ main → origin/main ↑1 ↓2 · 3 uncommitted``, or what a sync is doing."""

    DEFAULT_CSS = """
    SyncLine { height: 1; padding: 0 1; color: $text-muted; background: $panel; display: none; }
    SyncLine.-shown { display: block; }
    SyncLine.-busy { color: $text-accent; }
    """


class ConflictBanner(Static):
    DEFAULT_CSS = """
    ConflictBanner {
        height: auto; padding: 0 1; background: $error 30%; color: $text; display: none;
    }
    ConflictBanner.-shown { display: block; }
    """
