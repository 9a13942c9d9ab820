"""What every list drawn with Textual's line API shares: a cursor row, moved by keys and
kept in view, and a cache of drawn lines cleared when the look changes (``RowList``'s
columns, ``FoldList``'s tree)."""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip


class CursorLines(ScrollView, can_focus=True):
    """Rows drawn by lines under ``HEADER`` fixed lines; ``cursor`` is the highlighted
    row. A subclass says how many rows there are (``row_count``), draws them, and says
    what a move means (``moved``)."""

    HEADER = 0  # lines above the rows that do not scroll with them

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "cursor_up", "Up", show=False),
        Binding("down", "cursor_down", "Down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("home", "first", "First", show=False),
        Binding("end", "last", "Last", show=False),
    ]

    cursor: reactive[int] = reactive(0, init=False, repaint=False)  # watch_cursor redraws
    """The index of the highlighted row."""

    def __init__(
        self, *, name: str | None = None, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._cache: dict[tuple[int, bool], Strip] = {}  # (row, is the cursor's) -> line

    def row_count(self) -> int:
        raise NotImplementedError

    def moved(self, index: int) -> None:
        """The cursor moved to row ``index``: tell whoever listens."""

    def watch_cursor(self, old: int, new: int) -> None:
        top = self.scroll_offset.y
        self.scroll_to_cursor()
        if self.scroll_offset.y == top:  # only two rows look different: redraw those
            self.refresh_line(old + self.HEADER)
            self.refresh_line(new + self.HEADER)
        else:
            self.refresh()
        self.moved(new)

    def scroll_to_cursor(self) -> None:
        visible = max(1, self.size.height - self.HEADER)
        top = self.scroll_offset.y
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, immediate=True)
        elif self.cursor >= top + visible:
            self.scroll_to(y=self.cursor - visible + 1, animate=False, immediate=True)

    def _move(self, offset: int) -> None:
        if count := self.row_count():
            self.cursor = max(0, min(count - 1, self.cursor + offset))

    def action_cursor_up(self) -> None:
        self._move(-1)

    def action_cursor_down(self) -> None:
        self._move(1)

    def action_page_up(self) -> None:
        self._move(-max(1, self.size.height - self.HEADER - 1))

    def action_page_down(self) -> None:
        self._move(max(1, self.size.height - self.HEADER - 1))

    def action_first(self) -> None:
        self._move(-self.row_count())

    def action_last(self) -> None:
        self._move(self.row_count())

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._cache.clear()

    def on_focus(self, event: events.Focus) -> None:
        self._cache.clear()  # the cursor row looks different with and without focus

    def on_blur(self, event: events.Blur) -> None:
        self._cache.clear()
