"""Type-ahead for an App: no key typed in a burst is lost or goes to the wrong place.

Textual hands each key to whatever has focus *when the app reads it*. A key that opens a
form (``c``) only asks for the form: it is mounted, and its first field focused, a few
messages later. Keys typed in the same burst (``c47⏎`` from a fast typist, or a paste-like
flush from the terminal) would reach the old view or the half-built form and be lost.

``TypeAhead`` dispatches one key, then holds the next ones until the workers the key
started have ended and every message it set off has been handled (the screens and
widgets are idle again), and dispatches them one at a time in the same way. A key that
arrives while nothing is pending goes through at once, so a single keypress is never
delayed.
"""

from __future__ import annotations

import asyncio
from collections import deque
from typing import Any

from textual import events
from textual.app import App
from textual.message import Message
from textual.message_pump import MessagePump
from textual.worker import Worker

# The longest a key waits for the previous one's work.
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
        self._typeahead_known: set[Worker] = set()  # the workers before the last key

    def typeahead_waits_for(self, worker: Worker) -> bool:
        """Whether a worker a key started is part of that key's work (listing what a form
        will offer, say), so the keys after it wait for it. Override to leave out workers
        that wait on the user (a form awaited in a worker): those never end by themselves."""
        return True

    @property
    def typing_ahead(self) -> bool:
        """True while keys typed are still being handed out."""
        return self._typeahead_busy

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded:
            if self._typeahead_busy:
                self._typeahead_held.append(event)
                return
            if self._typeahead_mounting():  # a screen just shown: its field takes the key
                self._typeahead_busy = True
                self._typeahead_held.append(event)
                self._typeahead_after_key()
                return
            self._typeahead_busy = True
            self._typeahead_known = set(self.workers)
            try:
                await super().on_event(event)
            finally:  # a key that failed still hands the keyboard on
                self._typeahead_after_key()
            return
        await super().on_event(event)

    async def on_type_ahead_key(self, message: TypeAheadKey) -> None:
        message.stop()
        self._typeahead_known = set(self.workers)
        try:
            await super().on_event(message.key)
        finally:
            self._typeahead_after_key()

    def _typeahead_after_key(self) -> None:
        """Once the last key's work is done, dispatch the next held key (or stop holding)."""
        self._typeahead_task = asyncio.get_running_loop().create_task(self._typeahead_next())

    async def _typeahead_next(self) -> None:
        try:
            await asyncio.wait_for(self._typeahead_settled(), MAX_HOLD)
        except TimeoutError:
            pass  # a slow worker that opens a form later cannot hold the keyboard for ever
        finally:  # whatever happened, the keyboard is never left held
            if self._typeahead_held:
                self.post_message(TypeAheadKey(self._typeahead_held.popleft()))
            else:
                self._typeahead_busy = False

    def _typeahead_mounting(self) -> bool:
        """The screen shown has something to focus but nothing focused yet: it is still
        being mounted (a form a worker opened), and its first field will want the key."""
        screen = self.screen
        return screen.focused is None and bool(screen.focus_chain)

    async def _typeahead_settled(self) -> None:
        """Return once the workers the last key started have ended (those it waits for),
        and the app, its screens and their widgets have each handled every message the
        key set off (a pending focus change, a mount, an action still running), and a
        further round found the same widgets, focus and empty queues."""
        before: tuple[object, ...] | None = None
        while True:
            if not self.is_running:
                return  # stopping: what is left queued will never be handled, so wait no more
            if any(
                not worker.is_finished and self.typeahead_waits_for(worker)
                for worker in self.workers
                if worker not in self._typeahead_known
            ):
                await asyncio.sleep(0.005)  # (a thread: nothing to be told of, so look again)
                continue
            pumps: list[MessagePump] = [self]
            for screen in self.screen_stack:
                pumps.extend(screen.walk_children(with_self=True))
            pumps = [p for p in pumps if p.is_running]  # a widget being removed handles no more
            # Those with messages waiting, and those a key's work runs in (a handler may be
            # mid-way with its queue empty): each to have handled what it was sent.
            watched = {self, self.screen, self.focused, *(p for p in pumps if p.message_queue_size)}
            await asyncio.gather(*(_handled(p) for p in watched if p is not None and p.is_running))
            await asyncio.sleep(
                0
            )  # each round lets the loop run (a timeout, a quit) however it went
            now = (tuple(map(id, pumps)), self.focused, self.screen)
            if now == before and not any(p.message_queue_size for p in pumps):
                return
            before = now


async def _handled(pump: MessagePump) -> None:
    """Return once ``pump`` has handled every message queued before now (and whatever its
    handler asked to run next): a callback posted behind them has run."""
    done = asyncio.get_running_loop().create_future()

    def ran() -> None:
        if not done.done():
            done.set_result(None)

    if pump.call_later(ran):
        await done
