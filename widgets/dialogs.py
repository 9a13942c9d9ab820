"""Small modal dialogs: a question with a few one-key answers."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label


class ChoiceScreen(ModalScreen[str | None]):
    """Ask ``question``; each answer is ``(key, label)`` and is chosen by its key or
    button. Escape dismisses with None."""

    DEFAULT_CSS = """
    ChoiceScreen { align: center middle; }
    ChoiceScreen > Vertical {
        width: 64; max-width: 100%; height: auto; border: thick $warning;
        background: $surface; padding: 1 2;
    }
    ChoiceScreen #question { width: 1fr; padding-bottom: 1; }
    ChoiceScreen Horizontal { height: auto; align-horizontal: right; }
    ChoiceScreen Button { margin-left: 1; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "answer('')", "Cancel", show=False)]

    def __init__(self, question: str, answers: Sequence[tuple[str, str]]) -> None:
        super().__init__()
        self.question = question
        self.answers = list(answers)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.question, id="question", markup=False)
            with Horizontal():
                for index, (key, label) in enumerate(self.answers):
                    yield Button(
                        f"{label} ({key})",
                        id=f"answer-{key}",
                        variant="primary" if index == 0 else "default",
                    )

    def on_mount(self) -> None:
        self.query_one(Button).focus()

    def on_key(self, event: events.Key) -> None:
        for key, _ in self.answers:
            if event.key == key:
                event.stop()
                self.dismiss(key)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss((event.button.id or "").removeprefix("answer-"))

    def action_answer(self, key: str) -> None:
        self.dismiss(key or None)


class ConfirmScreen(ChoiceScreen):
    """A yes / no question for destructive actions: y confirms, n or Escape declines."""

    def __init__(self, question: str, yes: str = "Yes") -> None:
        super().__init__(question, [("y", yes), ("n", "No")])
