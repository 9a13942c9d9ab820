"""The cycle collector, tuned for a board held in memory: once the board is read, what it
is made of is kept out of the collector's full passes, and those passes are made ten
times rarer. On an organisation's board a full pass (one every second or so while keys
are pressed) stalled a keypress by 40 to 150 ms. Objects still go as soon as nothing
refers to them; only garbage in reference cycles waits longer.

Only the young generations are collected before freezing: a full pass here would itself
stall the first keys (60-200 ms on a large heap), and reading a board leaves no cyclic
garbage in the old generation (measured on the demo board)."""

from __future__ import annotations

import gc

FULL_GC_EVERY = 100  # middle-generation collections per full one (Python's default: 10)


class Collector:
    """``settle()`` after each read of the board; ``restore()`` when the app ends (another
    app may run in this process: the tests)."""

    def __init__(self) -> None:
        self.threshold: tuple[int, int, int] | None = None  # Python's, before settling

    def settle(self) -> None:
        if self.threshold is None:
            self.threshold = gc.get_threshold()
        gc.collect(1)
        gc.freeze()
        young, middle, full = self.threshold
        gc.set_threshold(young, middle, max(full, FULL_GC_EVERY))

    def restore(self) -> None:
        if self.threshold is not None:
            gc.unfreeze()
            gc.set_threshold(*self.threshold)
