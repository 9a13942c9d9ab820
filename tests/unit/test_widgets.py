"""The widget kit's own contracts."""

from __future__ import annotations


def test_the_widget_kits_messages_name_their_control():
    """As Textual's own widgets do, so a handler can use ``@on(..., "#id")`` selectors."""
    from okrboard.widgets.cardlist import CardList
    from okrboard.widgets.rowlist import RowList

    rows, cards = RowList(), CardList()
    assert RowList.Highlighted(rows, 1).control is rows
    assert RowList.Selected(rows, 1).control is rows
    assert CardList.Highlighted(cards, 0).control is cards
    assert CardList.Selected(cards, 0).control is cards


async def test_type_ahead_hands_keys_to_a_dialog_that_opens_after_they_arrive():
    """A key opens a dialog a few messages later; the keys typed behind it land in the
    dialog's field, in order, and one typed after the dialog closes reaches the app."""
    from typing import ClassVar

    from textual.app import App, ComposeResult
    from textual.screen import ModalScreen
    from textual.widgets import Input, Label

    from okrboard.widgets.typeahead import TypeAhead
    from tests.helpers import burst

    class Ask(ModalScreen[str]):
        def compose(self) -> ComposeResult:
            yield Input(id="answer")

        def on_mount(self) -> None:
            self.query_one(Input).focus()

        def on_input_submitted(self, event: Input.Submitted) -> None:
            self.dismiss(event.value)

    class Demo(TypeAhead, App):
        BINDINGS: ClassVar = [("a", "ask", "Ask"), ("x", "mark", "Mark")]

        def __init__(self) -> None:
            super().__init__()
            self.answers: list[str] = []
            self.marks = 0

        def compose(self) -> ComposeResult:
            yield Label("home")

        def action_ask(self) -> None:
            self.push_screen(Ask(), self.answers.append)

        def action_mark(self) -> None:
            self.marks += 1

    app = Demo()
    async with app.run_test() as pilot:
        await burst(pilot, "a", "4", "7", "x", "enter", "x")
        assert app.answers == ["47x"] and app.marks == 1
        assert not app.typing_ahead


async def test_type_ahead_waits_for_the_worker_a_key_started_before_its_dialog():
    """``R`` lists revisions in a thread, then asks which: the name typed straight after
    ``R`` lands in the dialog, not on the view behind it (where ``r`` is another key)."""
    import time
    from typing import ClassVar

    from textual import work
    from textual.app import App, ComposeResult
    from textual.screen import ModalScreen
    from textual.widgets import Input, Label

    from okrboard.widgets.typeahead import TypeAhead
    from tests.helpers import burst

    class Ask(ModalScreen[str]):
        def compose(self) -> ComposeResult:
            yield Input(id="answer")

        def on_input_submitted(self, event: Input.Submitted) -> None:
            self.dismiss(event.value)

    class Demo(TypeAhead, App):
        BINDINGS: ClassVar = [("l", "list", "List"), ("r", "raw", "Raw")]

        def __init__(self) -> None:
            super().__init__()
            self.answers: list[str] = []
            self.raw = 0

        def compose(self) -> ComposeResult:
            yield Label("home")

        def action_raw(self) -> None:
            self.raw += 1

        @work(thread=True)
        def action_list(self) -> None:
            time.sleep(0.3)  # git listing branches on a busy machine
            self.call_from_thread(self.push_screen, Ask(), self.answers.append)

    app = Demo()
    async with app.run_test() as pilot:
        await burst(pilot, "l", "m", "a", "r", "s", "enter")
        assert app.answers == ["mars"] and app.raw == 0


def test_type_ahead_lets_go_of_an_app_that_has_stopped():
    """Keys still being handed out when the app stops (a burst, then quit, on a busy
    machine): the type-ahead returns at once rather than spinning on a stopped widget's
    message, which held the event loop so the app never finished exiting (seen in the
    benchmark's smoke run in CI). Run on a thread of its own, so a spin fails the test
    rather than hanging it."""
    import asyncio
    import threading

    from textual.app import App, ComposeResult
    from textual.widgets import Label

    from okrboard.widgets.typeahead import TypeAhead

    class Undelivered(Label):
        """A widget that stopped with a message still queued."""

        @property
        def message_queue_size(self) -> int:
            return 1

    class Demo(TypeAhead, App):
        def compose(self) -> ComposeResult:
            yield Undelivered("row")

    settled: list[bool] = []

    async def main() -> None:
        app = Demo()
        async with app.run_test() as pilot:
            await pilot.pause()
        await app._typeahead_settled()  # the app has stopped: its key's work is over
        settled.append(True)

    thread = threading.Thread(target=asyncio.run, args=(main(),), daemon=True)
    thread.start()
    thread.join(10)
    assert settled == [True]


async def test_a_moving_cursor_redraws_the_rows_it_changes():
    """Moving redraws only the two rows or cards it changes (not the rest of a 1,500-card
    roadmap), and everything once it scrolls."""
    from rich.text import Text
    from textual.app import App, ComposeResult
    from textual.containers import Horizontal

    from okrboard.widgets.cardlist import CardList
    from okrboard.widgets.rowlist import Column, RowList

    class Demo(App):
        def compose(self) -> ComposeResult:
            with Horizontal():
                yield RowList(id="rows")
                yield CardList(id="cards")

        def on_mount(self) -> None:
            rows = [[Text(f"row {n}"), Text(str(n * 7))] for n in range(60)]
            self.query_one(RowList).set_rows([Column("t", "Title", 12), Column("n", "N", 4)], rows)
            cards = [[Text(f"card {n}"), Text("two lines" * (n % 2))] for n in range(30)]
            self.query_one(CardList).set_cards("Now", cards)

    app = Demo()
    async with app.run_test(size=(60, 12)) as pilot:
        rows, cards = app.query_one(RowList), app.query_one(CardList)
        redrawn: list = []
        for widget in (rows, cards):
            real = widget.refresh
            widget.refresh = lambda *regions, real=real, **kw: (
                redrawn.append(regions or "all"),
                real(*regions, **kw),
            )[1]
        rows.focus()
        await pilot.pause()
        redrawn.clear()
        await pilot.press("down")  # row 0 -> 1: widget lines 1 and 2 (line 0 is the header)
        assert sorted(r.y for regions in redrawn for r in regions) == [1, 2]
        redrawn.clear()
        await pilot.press(*("down",) * 12)  # past the bottom: it scrolls, all is redrawn
        assert "all" in redrawn

        cards.focus()
        await pilot.pause()
        redrawn.clear()
        await pilot.press("down")  # card 0 (lines 1-2) -> card 1 (lines 4-5)
        assert sorted((r.y, r.height) for regions in redrawn for r in regions) == [(1, 2), (4, 2)]


async def test_a_column_makes_only_the_cards_it_draws():
    """A roadmap of 15,000 cards took 0.6 s to make every card's text; a column knows each
    card's height and makes the text of the cards it draws."""
    from rich.text import Text
    from textual.app import App, ComposeResult

    from okrboard.widgets.cardlist import CardList, LazyCard

    made: list[int] = []

    def card(n: int) -> LazyCard:
        def lines() -> list[Text]:
            made.append(n)
            return [Text(f"card {n}"), Text("second line")]

        return LazyCard(2, lines)

    class Demo(App):
        def compose(self) -> ComposeResult:
            yield CardList(id="cards")

        def on_mount(self) -> None:
            self.query_one(CardList).set_cards("Now", [card(n) for n in range(500)])

    app = Demo()
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        assert app.query_one(CardList).virtual_size.height == 1 + 500 * 3
        assert 0 < len(made) < 10 and set(made) == set(range(len(made)))
        await pilot.press("end")
        await pilot.pause()
        assert 499 in made and len(made) < 20


def test_lazy_rows_make_each_row_once_when_it_is_first_read():
    """A list knows its length without making its rows."""
    import pytest
    from rich.text import Text

    from okrboard.widgets.rowlist import LazyRows

    made = []

    def row(index: int) -> list[Text]:
        made.append(index)
        return [Text(f"row {index}")]

    rows = LazyRows(3000, row)
    assert len(rows) == 3000 and made == []
    assert rows[10][0].plain == "row 10" and rows[10] is rows[10]
    assert rows[-1][0].plain == "row 2999"
    assert [r[0].plain for r in rows[1:3]] == ["row 1", "row 2"]
    assert made == [10, 2999, 1, 2]
    with pytest.raises(IndexError):
        rows[3000]
    assert not LazyRows(0, row)


async def test_cards_fill_their_column_when_its_scrollbar_comes_and_goes():
    """A column that stops overflowing loses its scrollbar without a resize: its cards are
    drawn again at the new width, not left one scrollbar short (the roadmap filtered to one
    team, on a busy machine)."""
    from rich.text import Text
    from textual.app import App, ComposeResult

    from okrboard.widgets.cardlist import CardList

    class Demo(App):
        def compose(self) -> ComposeResult:
            yield CardList(id="cards")

    app = Demo()
    async with app.run_test(size=(40, 12)) as pilot:
        cards = app.query_one(CardList)
        cards.set_cards("Now", [[Text(f"card {n}"), Text("two")] for n in range(30)])
        await pilot.pause()
        narrow = cards.scrollable_content_region.width
        assert cards.render_line(1).cell_length == narrow  # drawn beside its scrollbar
        cards.set_cards("Now", [[Text("only card"), Text("two")]])
        cards.render_line(1)  # a frame drawn before the layout drops the scrollbar
        await pilot.pause()
        wide = cards.scrollable_content_region.width
        assert wide > narrow and cards.render_line(1).cell_length == wide
