"""A kanban column: a title line and cards of a few lines each, drawn with the line API.

Cards are rendered once into Strips and cached, and only visible lines are drawn, so a
column of hundreds of cards moves as fast as a column of five.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence
from typing import Any, ClassVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip


class LazyCard(Sequence[Text]):
    """A card whose lines are made when it is first drawn: a column knows each card's
    height without making its text (a roadmap of 15,000 cards shows a few dozen)."""

    __slots__ = ("_height", "_lines", "_make")

    def __init__(self, height: int, make: Callable[[], list[Text]]) -> None:
        self._height = height
        self._make = make
        self._lines: list[Text] | None = None

    def __len__(self) -> int:
        return self._height

    def __getitem__(self, index: Any) -> Any:
        if self._lines is None:
            self._lines = self._make()
        return self._lines[index]


class CardList(ScrollView, can_focus=True):
    """A column of cards; each card is a sequence of ``Text`` lines. One card is current."""

    DEFAULT_CSS = """
    CardList { background: $surface; scrollbar-size-vertical: 1; }
    CardList:focus { background: $boost; }
    CardList > .cardlist--title { text-style: bold; color: $text-accent; }
    CardList > .cardlist--card { background: $panel; }
    CardList > .cardlist--cursor { background: $block-cursor-blurred-background; }
    CardList:focus > .cardlist--cursor {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
    }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "cardlist--title",
        "cardlist--card",
        "cardlist--cursor",
    }

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "cursor_up", "Up", show=False),
        Binding("down,j", "cursor_down", "Down", show=False),
        Binding("home", "first", "First", show=False),
        Binding("end", "last", "Last", show=False),
    ]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # A column never scrolls sideways (its cards fit its width; with a vertical
        # scrollbar it would shift by one cell): ← / → go on to the screen, the next column.
        return action not in ("scroll_left", "scroll_right")

    cursor: reactive[int] = reactive(0, init=False, repaint=False)  # watch_cursor redraws
    """The index of the highlighted card (posts ``Highlighted``)."""

    class Highlighted(Message):
        """The cursor moved to the card at ``index``."""

        def __init__(self, card_list: CardList, index: int) -> None:
            super().__init__()
            self.card_list = card_list
            self.index = index

        @property
        def control(self) -> CardList:
            """The column whose cursor moved (an alias of ``card_list``)."""
            return self.card_list

    class Selected(Message):
        """Enter was pressed, or a card clicked, at ``index``."""

        def __init__(self, card_list: CardList, index: int) -> None:
            super().__init__()
            self.card_list = card_list
            self.index = index

        @property
        def control(self) -> CardList:
            """The column a card was chosen in (an alias of ``card_list``)."""
            return self.card_list

    def __init__(
        self, title: str = "", *, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.title = title
        self.cards: list[Sequence[Text]] = []
        self._starts: list[int] = []  # the first line of each card
        # (card, is the cursor, width): a scrollbar that comes or goes changes the width
        # without a resize
        self._cache: dict[tuple, list[Strip]] = {}

    def set_cards(self, title: str, cards: list[Sequence[Text]], cursor: int = 0) -> None:
        self.title = title
        self.cards = cards
        self._cache.clear()
        self._starts, line = [], 1  # line 0 is the title
        for card in cards:
            self._starts.append(line)
            line += len(card) + 1  # a blank line between cards
        self.virtual_size = Size(self.size.width, max(1, line))
        cursor = max(0, min(cursor, len(cards) - 1))
        if cursor != self.cursor:
            self.cursor = cursor
        else:
            self._scroll_to_cursor()
        self.refresh()

    # -- cursor ----------------------------------------------------------------------------

    def watch_cursor(self, old: int, index: int) -> None:
        top = self.scroll_offset.y
        self._scroll_to_cursor()
        if self.scroll_offset.y == top:  # only two cards look different: redraw those
            for card in (old, index):
                if 0 <= card < len(self.cards):
                    self.refresh_lines(self._starts[card], len(self.cards[card]))
        else:
            self.refresh()
        self.post_message(self.Highlighted(self, index))

    def _scroll_to_cursor(self) -> None:
        if not self.cards:
            return
        top = self._starts[self.cursor] - 1  # the title line stays in view
        bottom = self._starts[self.cursor] + len(self.cards[self.cursor])
        height = self.size.height
        if top < self.scroll_offset.y:
            self.scroll_to(y=top, animate=False, immediate=True)
        elif bottom > self.scroll_offset.y + height:
            self.scroll_to(y=bottom - height, animate=False, immediate=True)

    def _move(self, offset: int) -> None:
        if self.cards:
            self.cursor = max(0, min(len(self.cards) - 1, self.cursor + offset))

    def action_cursor_up(self) -> None:
        self._move(-1)

    def action_cursor_down(self) -> None:
        self._move(1)

    def action_first(self) -> None:
        self._move(-len(self.cards))

    def action_last(self) -> None:
        self._move(len(self.cards))

    def _card_at(self, line: int) -> int | None:
        index = bisect_right(self._starts, line) - 1
        if index < 0 or line >= self._starts[index] + len(self.cards[index]):
            return None
        return index

    def on_click(self, event: events.Click) -> None:
        index = self._card_at(self.scroll_offset.y + event.y) if event.y else None
        if index is None:
            return
        if index == self.cursor and self.has_focus:
            self.post_message(self.Selected(self, index))
        else:
            self.cursor = index
        self.focus()

    # -- drawing ---------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        # The widget's style is asked only for a line not drawn yet: working it out walks
        # the widget's ancestors, and a scroll draws every line of the column again.
        width = self.scrollable_content_region.width  # not under the scrollbar
        line = self.scroll_offset.y + y
        if y == 0:  # the title stays in view while the cards scroll under it
            key: tuple = ("title", width)
            if key not in self._cache:
                title = Text(self.title, no_wrap=True, overflow="ellipsis")
                style = self.rich_style + self.get_component_rich_style("cardlist--title")
                self._cache[key] = [self._strip(title, style, width)]
            return self._cache[key][0]
        index = self._card_at(line)
        if index is None:
            key = ("blank", width)
            if key not in self._cache:
                self._cache[key] = [Strip.blank(width, self.rich_style)]
            return self._cache[key][0]
        is_cursor = index == self.cursor
        key = (index, is_cursor, width)
        if key not in self._cache:
            component = "cardlist--cursor" if is_cursor else "cardlist--card"
            style = self.rich_style + self.get_component_rich_style(component)
            self._cache[key] = [self._strip(text, style, width) for text in self.cards[index]]
        strips = self._cache[key]
        return strips[line - self._starts[index]]

    def _strip(self, text: Text, style: Style, width: int) -> Strip:
        text = text.copy()
        text.truncate(width - 1, overflow="ellipsis")
        text.pad_left(1)
        text.pad_right(width - text.cell_len)
        segments = list(text.render(self.app.console))
        return Strip(Segment.apply_style(segments, style), width)

    def on_resize(self) -> None:
        self._cache.clear()
        self.virtual_size = Size(self.size.width, self.virtual_size.height)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._cache.clear()

    def on_focus(self, event: events.Focus) -> None:
        self._cache.clear()
        self.refresh()

    def on_blur(self, event: events.Blur) -> None:
        self._cache.clear()
        self.refresh()
