"""Choose one of many: type to narrow the list, Enter picks the highlighted one."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option


class ChooseScreen(ModalScreen[object]):
    """Dismisses with the chosen value, or the ``NOTHING`` marker when cancelled (a value
    of None is a valid choice)."""

    NOTHING = object()

    DEFAULT_CSS = """
    ChooseScreen { align: center middle; }
    ChooseScreen > Vertical {
        width: 90; max-width: 100%; height: 70%; border: thick $primary;
        background: $surface; padding: 0 1;
    }
    ChooseScreen #choose-title { text-style: bold; padding-bottom: 1; }
    ChooseScreen OptionList { height: 1fr; border: none; }
    ChooseScreen #choose-hint { color: $text-muted; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="choose.cancel")
    ]

    def __init__(self, title: str, choices: Sequence[tuple[str, object]]) -> None:
        super().__init__()
        self.choose_title = title
        self.choices = list(choices)
        self.shown: list[tuple[str, object]] = []

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.choose_title, id="choose-title", markup=False)
            yield Input(placeholder="Type to narrow the list", id="choose-filter")
            yield OptionList(id="choose-list")
            yield Label("↑ ↓ choose · enter picks · esc cancels", id="choose-hint")

    def on_mount(self) -> None:
        self._fill("")

    def _fill(self, text: str) -> None:
        needle = text.strip().lower()
        self.shown = [(label, value) for label, value in self.choices if needle in label.lower()]
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options(Option(Text(label)) for label, _ in self.shown)  # literal
        if self.shown:
            options.highlighted = 0

    @on(Input.Changed)
    def _narrow(self, event: Input.Changed) -> None:
        self._fill(event.value)

    def on_key(self, event: events.Key) -> None:
        options = self.query_one(OptionList)
        if self.query_one(Input).has_focus and event.key in ("up", "down"):
            event.stop()
            options.action_cursor_down() if event.key == "down" else options.action_cursor_up()

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self._pick(self.query_one(OptionList).highlighted)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self._pick(event.option_index)

    def _pick(self, index: int | None) -> None:
        if index is not None and 0 <= index < len(self.shown):
            self.dismiss(self.shown[index][1])

    def action_cancel(self) -> None:
        self.dismiss(self.NOTHING)
