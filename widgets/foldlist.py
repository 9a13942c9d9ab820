"""A tree's rows, folded and unfolded, drawn with Textual's line API.

Textual's ``Tree`` adds a node object per row and renders each line through Rich on every
refresh; an organisation's alignment map (hundreds of rows) took 150 ms to open that way
and its keys 1.5x a plain list's. Here the rows shown are a flat list of the unfolded
items, each row's line is made when first drawn and cached, and only the lines on screen
are drawn, as ``RowList`` does for the OKR view.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, ClassVar, Generic, TypeVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.strip import Strip

from .cursorlines import CursorLines

T = TypeVar("T")
INDENT = 2  # cells per level
OPEN, SHUT, LEAF = "▼ ", "▶ ", "  "


class FoldList(CursorLines, Generic[T]):
    """Items in a tree (``children`` of each), a row per item shown; a cursor row;
    ``space`` or ``enter`` folds and unfolds, ``←`` ``→`` too (or move to the parent and
    the first child). Items are told apart by identity."""

    DEFAULT_CSS = """
    FoldList { background: $surface; overflow-x: hidden; }
    FoldList > .foldlist--cursor {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
        text-style: bold;
    }
    FoldList:blur > .foldlist--cursor { background: $block-cursor-blurred-background; }
    FoldList > .foldlist--guide { color: $text-muted; }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {"foldlist--cursor", "foldlist--guide"}

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("k", "cursor_up", "Up", show=False),
        Binding("j", "cursor_down", "Down", show=False),
        Binding("space,enter", "toggle_fold", "Fold", show=False),
        Binding("left", "fold", "Fold", show=False),
        Binding("right", "unfold", "Unfold", show=False),
    ]

    class Highlighted(Message):
        """The cursor moved to ``item``."""

        def __init__(self, fold_list: FoldList[Any], item: object) -> None:
            super().__init__()
            self.fold_list = fold_list
            self.item = item

        @property
        def control(self) -> FoldList[Any]:
            return self.fold_list

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._roots: Sequence[T] = ()
        self._children: Callable[[T], Sequence[T]] = lambda item: ()
        self._label: Callable[[T], Text] = lambda item: Text(str(item))
        self._open: set[int] = set()  # ids of the unfolded items
        self._labels: dict[int, Text] = {}
        self.shown: list[tuple[T, int]] = []  # (item, depth) of each row, top to bottom

    # -- data -------------------------------------------------------------------------------

    def show(
        self,
        roots: Sequence[T],
        children: Callable[[T], Sequence[T]],
        label: Callable[[T], Text],
        unfolded: Callable[[T], bool],
    ) -> None:
        """Show ``roots`` and, under each item ``unfolded`` says so of, its children; the
        cursor stays on its line (``reveal`` moves it to an item)."""
        self._roots, self._children, self._label = roots, children, label
        self._labels.clear()
        self._open = set()
        todo = list(roots)
        while todo:  # only what is unfolded is walked: a folded part may be large
            item = todo.pop()
            if children(item) and unfolded(item):
                self._open.add(id(item))
                todo += children(item)
        self._flatten(None)

    def is_unfolded(self, item: T) -> bool:
        return id(item) in self._open

    @property
    def cursor_item(self) -> T | None:
        return self.shown[self.cursor][0] if 0 <= self.cursor < len(self.shown) else None

    def reveal(self, path: Sequence[T]) -> bool:
        """Unfold the items of ``path`` (a root, its child, …) above its last, and move the
        cursor to that one; False when it is not there."""
        for item in path[:-1]:
            self._open.add(id(item))
        self._flatten(self.cursor_item)
        for index, (item, _) in enumerate(self.shown):
            if path and item is path[-1]:
                self.cursor = index
                self.scroll_to_cursor()
                return True
        return False

    def unfold_all(self) -> None:
        todo = list(self._roots)
        while todo:
            item = todo.pop()
            if kids := self._children(item):
                self._open.add(id(item))
                todo += kids
        self._flatten(self.cursor_item)

    def _flatten(self, keep: T | None) -> None:
        """The rows shown, from what is unfolded; the cursor stays on ``keep``, or on its
        line when ``keep`` is not shown."""
        shown: list[tuple[T, int]] = []
        todo = [(item, 0) for item in reversed(self._roots)]
        while todo:
            item, depth = todo.pop()
            shown.append((item, depth))
            if id(item) in self._open:
                todo += [(child, depth + 1) for child in reversed(self._children(item))]
        self.shown = shown
        self._cache.clear()
        self.virtual_size = Size(self.size.width, len(shown))
        here = min(self.cursor, len(shown) - 1)
        index = next((i for i, (item, _) in enumerate(shown) if item is keep), max(0, here))
        if index != self.cursor:
            self.cursor = index
        else:
            self.scroll_to_cursor()
        self.refresh()

    # -- folding ------------------------------------------------------------------------------

    def action_toggle_fold(self) -> None:
        item = self.cursor_item
        if item is not None and self._children(item):
            self._open.symmetric_difference_update({id(item)})
            self._flatten(item)

    def action_fold(self) -> None:
        """Fold the row, or move to the row it sits under."""
        item = self.cursor_item
        if item is None:
            return
        if id(item) in self._open:
            self.action_toggle_fold()
            return
        depth = self.shown[self.cursor][1]
        for index in range(self.cursor - 1, -1, -1):
            if self.shown[index][1] < depth:
                self.cursor = index
                return

    def action_unfold(self) -> None:
        """Unfold the row, or move to its first child."""
        item = self.cursor_item
        if item is None or not self._children(item):
            return
        if id(item) not in self._open:
            self.action_toggle_fold()
        else:
            self._move(1)

    # -- cursor -------------------------------------------------------------------------------

    def row_count(self) -> int:
        return len(self.shown)

    def moved(self, index: int) -> None:
        if (item := self.cursor_item) is not None:
            self.post_message(self.Highlighted(self, item))

    def on_click(self, event: events.Click) -> None:
        index = self.scroll_offset.y + event.y
        if not 0 <= index < len(self.shown):
            return
        if index == self.cursor:
            self.action_toggle_fold()
        else:
            self.cursor = index

    # -- drawing -------------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_size.width
        base = self.rich_style
        index = self.scroll_offset.y + y
        if index >= len(self.shown):
            return Strip.blank(width, base)
        is_cursor = index == self.cursor
        key = (index, is_cursor)
        strip = self._cache.get(key)
        if strip is None:
            style = base + self.get_component_rich_style("foldlist--cursor") if is_cursor else base
            strip = self._cache[key] = self._strip(*self.shown[index], style)
        return strip.crop_extend(0, width, base)

    def label_of(self, item: T) -> Text:
        """The label ``item``'s row shows (made once)."""
        label = self._labels.get(id(item))
        if label is None:
            label = self._labels[id(item)] = self._label(item)
        return label

    def _strip(self, item: T, depth: int, style: Style) -> Strip:
        label = self.label_of(item)
        mark = (OPEN if id(item) in self._open else SHUT) if self._children(item) else LEAF
        line = Text(" " * (INDENT * depth), no_wrap=True, end="")
        line.append(mark, style=self.get_component_rich_style("foldlist--guide", partial=True))
        line.append_text(label)
        line.truncate(
            max(1, self.scrollable_size.width), overflow="ellipsis", pad=True
        )  # the cursor
        # row's colour runs across the whole width
        segments = list(line.render(self.app.console))
        return Strip(Segment.apply_style(segments, style), line.cell_len)

    def on_resize(self, event: events.Resize) -> None:
        self._cache.clear()  # rows are cut at the width
        self.virtual_size = Size(event.size.width, len(self.shown))
