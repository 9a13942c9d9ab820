"""Type-ahead for an App: no key typed in a burst is lost or goes to the wrong place.

Textual hands each key to whatever has focus *when the app reads it*. A key that opens a
form (``c``) only asks for the form: it is mounted, and its first field focused, a few
messages later. Keys typed in the same burst (``c47⏎`` from a fast typist, or a paste-like
flush from the terminal) would reach the old view or the half-built form and be lost.

``TypeAhead`` dispatches one key, then holds the next ones until every message the key
set off has been handled (the screens and widgets are idle again), and dispatches them
one at a time in the same way. A key that arrives while nothing is pending goes through
at once, so a single keypress is never delayed.
"""

from __future__ import annotations

import asyncio
from collections import deque
from time import monotonic
from typing import Any

from textual import events
from textual.app import App
from textual.message import Message
from textual.message_pump import MessagePump

# The longest a key waits for the previous one's work (a slow worker that opens a form
# later cannot hold the keyboard for ever).
MAX_HOLD = 1.0


class TypeAheadKey(Message):
    """A held key's turn to be dispatched (posted to the app, so it runs in its loop)."""

    def __init__(self, key: events.Key) -> None:
        super().__init__()
        self.key = key


class TypeAhead(App):
    """Mix into an App (before ``App``): keys are dispatched strictly one after another,
    each after the work of the one before has settled."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._typeahead_held: deque[events.Key] = deque()
        self._typeahead_busy = False
        self._typeahead_task: asyncio.Task | None = None

    @property
    def typing_ahead(self) -> bool:
        """True while keys typed are still being handed out."""
        return self._typeahead_busy

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded:
            if self._typeahead_busy:
                self._typeahead_held.append(event)
                return
            self._typeahead_busy = True
            try:
                await super().on_event(event)
            finally:  # a key that failed still hands the keyboard on
                self._typeahead_after_key()
            return
        await super().on_event(event)

    async def on_type_ahead_key(self, message: TypeAheadKey) -> None:
        message.stop()
        try:
            await super().on_event(message.key)
        finally:
            self._typeahead_after_key()

    def _typeahead_after_key(self) -> None:
        """Once the last key's work is done, dispatch the next held key (or stop holding)."""
        self._typeahead_task = asyncio.get_running_loop().create_task(self._typeahead_next())

    async def _typeahead_next(self) -> None:
        deadline = monotonic() + MAX_HOLD
        try:
            quiet = 0  # quiet twice in a row, a loop turn apart: nothing was mid-way
            while quiet < 2 and monotonic() < deadline:
                await asyncio.sleep(0.001)
                quiet = quiet + 1 if self._typeahead_idle() else 0
        finally:  # whatever happened, the keyboard is never left held
            if self._typeahead_held:
                self.post_message(TypeAheadKey(self._typeahead_held.popleft()))
            else:
                self._typeahead_busy = False

    def _typeahead_idle(self) -> bool:
        """No message waiting or being handled by the app, its screens or their widgets
        (a pending focus change, a mount, an action still running)."""
        pumps: list[MessagePump] = [self]
        for screen in self.screen_stack:
            pumps.extend(screen.walk_children(with_self=True))
        return all(_quiet(pump) for pump in pumps)


def _quiet(pump: MessagePump) -> bool:
    """Nothing queued for ``pump``, nor waiting for its next idle moment."""
    return (
        pump._message_queue.empty() and pump._pending_message is None and not pump._next_callbacks
    )
