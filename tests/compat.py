"""The tests' only reach into Textual's private names, each for something Textual offers
no public way to read. ``tests/unit/test_compat.py`` tries every one, so a Textual version
that moves one fails there, by name, rather than as a puzzling failure elsewhere."""

from __future__ import annotations

from typing import Any


def notifications(app: Any) -> list[str]:
    """The messages the app has notified and not yet dismissed (toasts are timed and
    private widgets; the app keeps the list)."""
    return [n.message for n in app._notifications]


def key_name(character: str) -> str:
    """Textual's name for a key typed as ``character`` (``/`` is ``slash``)."""
    from textual.keys import _character_to_key

    return _character_to_key(character)


def screen_lines(app: Any) -> list[str]:
    """Every line the current screen would send to the terminal (the compositor's strips,
    as Textual's own screenshot reads them)."""
    strips = app.screen._compositor.render_strips()
    return ["".join(segment.text for segment in strip) for strip in strips]


def on_frame(app: Any, seen: Any, after: bool = False) -> None:
    """Call ``seen(screen, update)`` as the app writes each frame (``update`` is None when
    nothing changed), before the write or ``after`` it: the benchmarks time a key to its
    paint, and Textual has no public hook for a frame written."""
    original = app._display

    def display(screen: Any, update: Any) -> None:
        if not after:
            seen(screen, update)
        original(screen, update)
        if after:
            seen(screen, update)

    app._display = display
