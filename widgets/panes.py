"""A detail pane: it scrolls, and may be zoomed to the whole screen (Screen.maximize)."""

from __future__ import annotations

from textual.containers import VerticalScroll


class DetailScroll(VerticalScroll):
    ALLOW_MAXIMIZE = True  # containers are not, by default

    DEFAULT_CSS = """
    DetailScroll.-maximized { height: 100% !important; border-top: none !important; }
    """
