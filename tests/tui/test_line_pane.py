"""The detail panes' widget (``widgets/panes.LinePane``): what it shows is drawn into lines
at its width, scrolls, is drawn again at a new width, and keeps the scroll it can."""

from __future__ import annotations

from rich.console import Group
from rich.text import Text
from textual.app import App, ComposeResult

from okrboard.widgets.panes import LinePane

LINES = [f"Строка {n}: команды быстро получают пользу" for n in range(1, 31)]


class PaneApp(App[None]):
    CSS = """
    LinePane { height: 8; width: 50; padding: 0 1; }
    LinePane.-maximized { height: 100%; width: 100%; }
    """

    def compose(self) -> ComposeResult:
        yield LinePane(id="pane")


def shown(pane: LinePane) -> list[str]:
    """The lines on screen now."""
    return [pane.render_line(y).text.rstrip() for y in range(pane.scrollable_content_region.height)]


async def test_a_line_pane_shows_scrolls_and_draws_again_at_a_new_width():
    app = PaneApp()
    async with app.run_test(size=(60, 20)) as pilot:
        pane = app.query_one(LinePane)
        pane.update(Group(*(Text(line) for line in LINES)))
        await pilot.pause()
        assert pane.text.splitlines() == LINES  # each fits its 46 cells: none wraps
        assert shown(pane) == LINES[:8]
        assert pane.virtual_size.height == 30

        pane.focus()
        await pilot.press("end")
        await pilot.pause()
        assert shown(pane)[-1] == LINES[-1]

        # shorter: the scroll is clamped, the lines are the new ones
        pane.update(Text("\n".join(LINES[:10])))
        await pilot.pause()
        assert shown(pane)[-1] == LINES[9] and pane.scroll_offset.y == 2

        # narrower: drawn again, each line wrapped at the new width
        pane.styles.width = 30
        await pilot.pause()
        assert pane.scrollable_content_region.width == 26
        await pilot.press("home")
        await pilot.pause()
        assert shown(pane)[:4] == [
            "Строка 1: команды быстро",
            "получают пользу",
            "Строка 2: команды быстро",
            "получают пользу",
        ]
        assert pane.text.replace("\n", " ").split() == " ".join(LINES[:10]).split()


async def test_a_line_pane_zooms_to_the_whole_screen():
    app = PaneApp()
    async with app.run_test(size=(60, 20)) as pilot:
        pane = app.query_one(LinePane)
        pane.update(Text("\n".join(LINES)))
        app.screen.maximize(pane)
        await pilot.pause()
        assert pane.size.height == 20
        assert shown(pane) == LINES[:20]


async def test_a_trend_takes_the_themes_colours_when_the_theme_changes():
    app = PaneApp()
    async with app.run_test(size=(60, 20)) as pilot:
        app.theme = "textual-dark"
        pane = app.query_one(LinePane)
        pane.update(Group(Text("Удержание"), pane.trend([40, 42, 41, 45, 47])))
        await pilot.pause()

        def colours() -> set[str]:
            return {
                str(segment.style.color)
                for y in (2, 3)  # the title, a blank line, then the sparkline's two lines
                for segment in pane.render_line(y)
                if segment.style and segment.style.color and segment.text.strip()
            }

        dark = colours()
        assert dark  # the bars are drawn in colour
        app.theme = "textual-light"
        await pilot.pause()
        await pilot.pause()
        assert colours() and colours() != dark
