"""Text to read and take away: a pull-request description, say. ``y`` copies it to the
clipboard (through the terminal, OSC 52); Esc closes.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static


class TextScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    TextScreen { align: center middle; }
    TextScreen > Vertical {
        width: 100; max-width: 100%; height: 80%; border: thick $primary;
        background: $surface; padding: 0 1;
    }
    TextScreen #text-title { text-style: bold; padding-bottom: 1; }
    TextScreen VerticalScroll { height: 1fr; }
    TextScreen #text-hint { color: $text-muted; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "copy", "Copy", id="text.copy"),
        Binding("escape,enter", "dismiss", "Close", id="text.close"),
    ]

    def __init__(self, title: str, text: str) -> None:
        super().__init__()
        self.text_title = title
        self.text = text

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.text_title, id="text-title", markup=False)
            with VerticalScroll():
                yield Static(self.text, id="text-body", markup=False)
            yield Label("y copies to the clipboard · esc closes", id="text-hint")

    def action_copy(self) -> None:
        self.app.copy_to_clipboard(self.text)
        self.notify("Copied to the clipboard.", timeout=2)

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)
