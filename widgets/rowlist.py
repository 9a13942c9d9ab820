"""A list of rows in fixed columns, drawn with Textual's line API.

Each row is rendered once into a Strip and cached, and only the visible lines are drawn,
so moving the cursor through thousands of rows costs the same as through ten (DataTable
renders every cell through Rich on each refresh, which is what this avoids).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, TypeVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.geometry import Size
from textual.message import Message
from textual.strip import Strip

from .cursorlines import CursorLines

GAP = 2  # cells between columns
T = TypeVar("T")


class LazyRows(Sequence[Sequence[Text]]):
    """Rows whose cells are made when first drawn: a list knows how many rows it has
    without making them (an organisation's OKR view has 3,000 rows; a screen shows 40)."""

    __slots__ = ("_count", "_made", "_make")

    def __init__(self, count: int, make: Callable[[int], Sequence[Text]]) -> None:
        self._count = count
        self._make = make
        self._made: dict[int, Sequence[Text]] = {}

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self._count))]
        if index < 0:
            index += self._count
        if not 0 <= index < self._count:
            raise IndexError(index)
        row = self._made.get(index)
        if row is None:
            row = self._made[index] = self._make(index)
        return row


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    width: int
    justify: str = "left"  # or "right"


class RowList(CursorLines):
    """Rows of ``Text`` cells under a fixed header line; a cursor row; Enter selects."""

    HEADER = 1  # the columns' header line

    DEFAULT_CSS = """
    RowList { background: $surface; }
    RowList > .rowlist--header { text-style: bold; background: $panel; }
    RowList > .rowlist--cursor {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
        text-style: bold;
    }
    RowList:blur > .rowlist--cursor { background: $block-cursor-blurred-background; }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {"rowlist--header", "rowlist--cursor"}

    class Highlighted(Message):
        """The cursor moved to ``index``."""

        def __init__(self, row_list: RowList, index: int) -> None:
            super().__init__()
            self.row_list = row_list
            self.index = index

        @property
        def control(self) -> RowList:
            """The list whose cursor moved (an alias of ``row_list``)."""
            return self.row_list

    class Selected(Message):
        """Enter was pressed, or the cursor row clicked, on ``index``."""

        def __init__(self, row_list: RowList, index: int) -> None:
            super().__init__()
            self.row_list = row_list
            self.index = index

        @property
        def control(self) -> RowList:
            """The list a row was chosen in (an alias of ``row_list``)."""
            return self.row_list

    def __init__(
        self, *, name: str | None = None, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.columns: list[Column] = []
        self.rows: Sequence[Sequence[Text]] = []

    # -- data -------------------------------------------------------------------------------

    def set_rows(
        self, columns: list[Column], rows: Sequence[Sequence[Text]], cursor: int = 0
    ) -> None:
        """Replace every row; ``cursor`` is where the cursor goes (clamped)."""
        self.columns = columns
        self.rows = rows
        self._cache.clear()
        width = sum(c.width + GAP for c in columns)
        self.virtual_size = Size(width, len(rows) + 1)
        cursor = max(0, min(cursor, len(rows) - 1))
        if cursor != self.cursor:
            self.cursor = cursor  # the watcher scrolls to it and posts Highlighted
        else:
            self.scroll_to_cursor()
        self.refresh()

    def show_items(
        self,
        columns: list[Column],
        items: Sequence[T],
        cells: Callable[[T], Mapping[str, Text]],
        empty: Text,
        cursor: int = 0,
    ) -> None:
        """A row per item, its cells (by column key) made when the row is first drawn;
        one row of ``empty`` when there are none."""
        if not items:
            self.set_rows(columns, [[empty]], cursor)
            return

        def row(index: int) -> list[Text]:
            made = cells(items[index])
            return [made.get(column.key, Text("")) for column in columns]

        self.set_rows(columns, LazyRows(len(items), row), cursor)

    def action_select(self) -> None:
        if self.rows:
            self.post_message(self.Selected(self, self.cursor))

    # -- cursor -------------------------------------------------------------------------------

    def row_count(self) -> int:
        return len(self.rows)

    def moved(self, index: int) -> None:
        self.post_message(self.Highlighted(self, index))

    def on_click(self, event: events.Click) -> None:
        index = self.scroll_offset.y + event.y - 1
        if event.y == 0 or not 0 <= index < len(self.rows):
            return
        if index == self.cursor:
            self.post_message(self.Selected(self, index))
        else:
            self.cursor = index

    # -- drawing -------------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        width = self.size.width
        base = self.rich_style
        if y == 0:
            header = [Text(c.label) for c in self.columns]
            strip = self._strip(header, base + self.get_component_rich_style("rowlist--header"))
        else:
            index = scroll_y + y - 1
            if index >= len(self.rows):
                return Strip.blank(width, base)
            is_cursor = index == self.cursor
            key = (index, is_cursor)
            cached = self._cache.get(key)
            if cached is None:
                style = (
                    base + self.get_component_rich_style("rowlist--cursor") if is_cursor else base
                )
                cached = self._cache[key] = self._strip(self.rows[index], style)
            strip = cached
        return strip.crop_extend(scroll_x, scroll_x + width, base if y else None)

    def _strip(self, cells: Sequence[Text], style: Style) -> Strip:
        spans = [(column.width, column.justify) for column in self.columns]
        if len(spans) > 1 and cells and not any(cell.plain for cell in cells[1:]):
            # a row with one thing to say (a heading, an empty list's message) says it
            # across the whole row, not cut at its first column
            spans = [(sum(width for width, _ in spans) + GAP * (len(spans) - 1), "left")]
            cells = cells[:1]
        line = Text(no_wrap=True, end="")
        for (width, justify), cell in zip(spans, cells, strict=False):
            text = cell.copy()
            text.truncate(width, overflow="ellipsis")
            pad = width - text.cell_len
            if justify == "right":
                text.pad_left(pad)
            else:
                text.pad_right(pad)
            line.append_text(text)
            line.append(" " * GAP)
        segments = list(line.render(self.app.console))
        return Strip(Segment.apply_style(segments, style), line.cell_len)
