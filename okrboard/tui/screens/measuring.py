"""``R`` in the OKR and KPI views: read every metric source in a worker (the view stays
live and says how far it got), then record the check-ins as one edit (one undo) and
show what each source said, as ``okrboard measure`` does."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.binding import Binding, BindingType

from okrboard.domain.text import printable
from okrboard.tui.screens.base import BoardScreen

if TYPE_CHECKING:
    from okrboard.flows.measure import Item, Measured


class Measures(BoardScreen):
    """A view with the measure key."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("R", "measure", "Measure sources", show=False, id="board.measure"),
    ]

    def action_measure(self) -> None:
        # lazy: a screen or dialog loads when first shown (start-up, docs/performance.md)
        from okrboard.flows import measure

        self.notify("Reading the metric sources…", timeout=3)
        # the sources are taken from the board here, on the main thread; the worker only
        # reads them (the board may be reloaded meanwhile)
        self._measure(measure.plan(self.board), self.today)

    @work(thread=True, exclusive=True, group="measure", exit_on_error=False)
    def _measure(self, items: list[Item], today: dt.date) -> None:
        # lazy: a screen or dialog loads when first shown (start-up, docs/performance.md)
        from okrboard.flows import measure

        def said(done: int, total: int) -> None:
            self.app.call_from_thread(self.notify, f"Measured {done} of {total}", timeout=1)

        read_out = measure.read(self.board.root, items, today, said)
        self.app.call_from_thread(self._measured, read_out, today)

    def _measured(self, read_out: tuple[list[Measured], dict], today: dt.date) -> None:
        # lazy: a screen or dialog loads when first shown (start-up, docs/performance.md)
        from okrboard.flows import measure
        from okrboard.widgets.textview import TextScreen

        reading = measure.judge(self.board, read_out, today)
        if not reading.results:
            self.notify(
                "No key result of the current quarter or KPI has a source "
                "(docs/format.md, Metric sources).",
                timeout=6,
            )
            return
        if reading.recorded:
            self.apply(reading.record, reading.label)
        lines = "\n".join(measure.line(result, by_title=True) for result in reading.results)
        title = measure.summary(reading.results).removesuffix(".")
        self.app.push_screen(TextScreen(title, printable(lines, newlines=True)))
