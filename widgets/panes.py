"""A detail pane: it scrolls, and may be zoomed to the whole screen (Screen.maximize)."""

from __future__ import annotations

from typing import ClassVar

from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.padding import Padding
from rich.text import Text
from textual.events import Resize
from textual.geometry import Size
from textual.renderables.sparkline import Sparkline
from textual.scroll_view import ScrollView
from textual.strip import Strip


class LinePane(ScrollView):
    """A detail pane drawn by lines, as a list is: what it shows is drawn once into lines
    at its width, and showing something else lays out nothing around it (its height is
    its CSS's, never its content's). A pane of widgets with an auto height re-laid the
    screen and drew its tables twice after each move, 5-20 ms a key pressed then waited."""

    ALLOW_MAXIMIZE = True

    DEFAULT_CSS = """
    LinePane { height: 1fr; overflow-x: hidden; scrollbar-gutter: stable; }
    LinePane.-maximized { height: 100% !important; border-top: none !important; }
    LinePane > .linepane--trend-high { color: $primary; }
    LinePane > .linepane--trend-low { color: $primary 30%; }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {"linepane--trend-high", "linepane--trend-low"}
    TREND = (48, 2)  # a trend's sparkline: width and height

    def __init__(self, *, name: str | None = None, id: str | None = None) -> None:
        super().__init__(name=name, id=id)
        self._shown: RenderableType = Text("")
        self._lines: list[Strip] = []
        self._width = 0

    @property
    def text(self) -> str:
        """What the pane shows, as plain text: its lines, one after the other."""
        return "\n".join(line.text.rstrip() for line in self._lines)

    def update(self, renderable: RenderableType) -> None:
        """Show ``renderable`` in place of what was shown; the scroll is kept (clamped)."""
        self._shown = renderable
        self._draw()

    def trend(self, values: list[float]) -> RenderableType:
        """``values`` as a sparkline (Textual's), a line above it, in the pane's colours
        when it is drawn: a new theme draws it again in the theme's."""
        return Padding(_Trend(self, values), (1, 0, 0, 0))

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, lambda _: self._draw())

    def _draw(self) -> None:
        width = self.scrollable_content_region.width
        self._width = width
        if width <= 0:  # not laid out yet: drawn on its first resize
            self._lines = []
            return
        console = self.app.console
        options = console.options.update(width=width, height=None, highlight=False)
        self._lines = Strip.from_lines(console.render_lines(self._shown, options, pad=False))
        self.virtual_size = Size(width, len(self._lines))
        self.refresh()

    def on_resize(self, event: Resize) -> None:
        if self.scrollable_content_region.width != self._width:
            self._draw()

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        width = self.scrollable_content_region.width
        index = scroll_y + y
        if index >= len(self._lines):
            return Strip.blank(width, self.rich_style)
        line = self._lines[index].crop_extend(scroll_x, scroll_x + width, self.rich_style)
        return line.apply_style(self.rich_style)


class _Trend:
    """A pane's sparkline, coloured from the pane's styles when it is rendered."""

    def __init__(self, pane: LinePane, values: list[float]) -> None:
        self.pane, self.values = pane, values

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        pane = self.pane
        _, base = pane.background_colors
        low, high = (
            (base + pane.get_component_styles(f"linepane--trend-{end}").color).rich_color
            for end in ("low", "high")
        )
        width, height = pane.TREND
        width = min(width, options.max_width)
        yield Sparkline(self.values, width=width, height=height, min_color=low, max_color=high)
