"""A searchable multiple choice: type to narrow the list, space to tick, Enter when done."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import ClassVar

from rich.segment import Segment
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.fuzzy import Matcher
from textual.screen import ModalScreen
from textual.strip import Strip
from textual.widgets import Input, Label, SelectionList


class TickList(SelectionList):
    """A SelectionList whose ticks read ``[x]`` and ``[ ]``: the state is in the text, not
    in a colour alone (Textual draws ``▐X▌`` for both, told apart by colour)."""

    def render_line(self, y: int) -> Strip:
        line = super().render_line(y)
        index = self.scroll_offset.y + y
        if not 0 <= index < self.option_count or len(line) < 3:
            return line
        ticked = self.get_option_at_index(index).value in self._selected
        segments = list(line)
        marks = ("[", "x" if ticked else " ", "]")
        drawn = [Segment(mark, seg.style) for mark, seg in zip(marks, segments[:3], strict=True)]
        return Strip([*drawn, *segments[3:]], line.cell_length)


class PickerScreen(ModalScreen[list | None]):
    """Choose any of ``choices`` (``(label, value)``); dismisses with the values in the
    order given, or None when cancelled. Ticks survive narrowing the list."""

    DEFAULT_CSS = """
    PickerScreen { align: center middle; }
    PickerScreen > Vertical {
        width: 96; max-width: 100%; height: 80%; border: thick $primary;
        background: $surface; padding: 0 1;
    }
    PickerScreen #picker-title { text-style: bold; padding-bottom: 1; }
    PickerScreen SelectionList { height: 1fr; border: none; }
    PickerScreen #picker-hint { color: $text-muted; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="picker.cancel"),
        Binding("ctrl+s,enter", "done", "Done", id="picker.done", priority=True),
    ]

    def __init__(
        self, title: str, choices: Sequence[tuple[str, object]], selected: Iterable[object] = ()
    ) -> None:
        super().__init__()
        self.picker_title = title
        self.choices = list(choices)
        self.selected = set(selected)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.picker_title, id="picker-title", markup=False)
            yield Input(placeholder="Type to narrow the list", id="picker-filter")
            yield TickList(id="picker-list")
            yield Label(
                "type to filter · ↓ to the list · space ticks · enter or ctrl+s: done · esc",
                id="picker-hint",
            )

    def on_mount(self) -> None:
        self._fill("")

    def _fill(self, text: str) -> None:
        # Textual's fuzzy matcher, as its command palette: "act rate" finds "activation
        # rate"; the best matches first
        shown = self.choices
        if text.strip():
            matcher = Matcher(text.strip())
            scored = [(matcher.match(label), index) for index, (label, _) in enumerate(shown)]
            shown = [self.choices[i] for score, i in sorted(scored, key=lambda s: -s[0]) if score]
        options = self.query_one(SelectionList)
        options.clear_options()
        options.add_options(
            (Text(label), value, value in self.selected)  # Text: shown literally, no markup
            for label, value in shown
        )

    @on(Input.Changed, "#picker-filter")
    def _narrow(self, event: Input.Changed) -> None:
        self._fill(event.value)

    @on(SelectionList.SelectedChanged)
    def _ticked(self, event: SelectionList.SelectedChanged) -> None:
        options = event.selection_list
        shown = {options.get_option_at_index(i).value for i in range(options.option_count)}
        self.selected = (self.selected - shown) | set(options.selected)

    def on_key(self, event: events.Key) -> None:
        if event.key == "down" and self.query_one(Input).has_focus:
            event.stop()
            options = self.query_one(SelectionList)
            if options.highlighted is None and options.option_count:
                options.highlighted = 0  # so space ticks the first at once
            options.focus()

    @on(Input.Submitted)
    def action_done(self) -> None:
        self.dismiss([value for _, value in self.choices if value in self.selected])

    def action_cancel(self) -> None:
        self.dismiss(None)
