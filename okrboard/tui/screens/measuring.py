"""``R`` in the OKR and KPI views: read every metric source in a worker (the view stays
live and says how far it got), then record the check-ins as one edit (one undo) and
show what each source said, as ``okrboard measure`` does."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.binding import Binding, BindingType

from okrboard.domain import semdiff
from okrboard.domain.text import count, printable
from okrboard.tui.screens.base import BoardScreen

if TYPE_CHECKING:
    from okrboard.measure.run import Readings


class Measures(BoardScreen):
    """A view with the measure key."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("R", "measure", "Measure sources", show=False, id="board.measure"),
    ]

    def action_measure(self) -> None:
        self.notify("Reading the metric sources…", timeout=3)
        self._measure()

    @work(thread=True, exclusive=True, group="measure", exit_on_error=False)
    def _measure(self) -> None:
        # lazy: a screen or dialog loads when first shown (start-up, docs/performance.md)
        from okrboard.measure import run, trackers

        board, today = self.board, self.today
        linked = trackers.load(board.root)

        def said(done: int, total: int) -> None:
            self.app.call_from_thread(self.notify, f"Measured {done} of {total}", timeout=1)

        reading = run.read_all(board, today, (), linked.reader(board) if linked else None, said)
        self.app.call_from_thread(self._measured, reading)

    def _measured(self, reading: Readings) -> None:
        # lazy: a screen or dialog loads when first shown (start-up, docs/performance.md)
        from widgets.textview import TextScreen

        if not reading.results:
            self.notify(
                "No key result of the current quarter or KPI has a source "
                "(docs/format.md, Metric sources).",
                timeout=6,
            )
            return
        if reading.recorded:
            self.apply(reading.record, reading.label)
        lines = []
        for result in reading.results:
            if result.error:
                lines.append(f"{result.label}: error: {result.error} ({result.source})")
                continue
            old = semdiff.with_unit(result.old, result.unit)
            new = semdiff.with_unit(result.new, result.unit)
            lines.append(f"{result.label}: {old} -> {new} on {result.day} ({result.outcome})")
        recorded = len(reading.recorded)
        failed = sum(bool(r.error) for r in reading.results)
        title = (
            f"Measured {count(len(reading.results), 'source')}: "
            f"{count(recorded, 'check-in')} recorded, {failed} failed"
        )
        self.app.push_screen(TextScreen(title, printable("\n".join(lines), newlines=True)))
