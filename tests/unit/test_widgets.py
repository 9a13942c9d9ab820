"""The widget kit's own contracts."""

from __future__ import annotations


def test_the_widget_kits_messages_name_their_control():
    """As Textual's own widgets do, so a handler can use ``@on(..., "#id")`` selectors."""
    from widgets.cardlist import CardList
    from widgets.rowlist import RowList

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

    from tests.helpers import burst
    from widgets.typeahead import TypeAhead

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
