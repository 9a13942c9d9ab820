"""A commit message to review and edit: a subject line, a body, and (for a proposal) the
branch to create. Ctrl+S commits; Esc cancels.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, TextArea


class MessageScreen(ModalScreen[dict | None]):
    """Dismisses with ``{"subject", "body", "branch"}`` (branch only when asked for one),
    or None when cancelled."""

    DEFAULT_CSS = """
    MessageScreen { align: center middle; }
    MessageScreen > Vertical {
        width: 100; max-width: 100%; height: auto; max-height: 100%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    MessageScreen #message-title { text-style: bold; padding-bottom: 1; }
    MessageScreen Label.field { color: $text-muted; }
    MessageScreen Input { margin-bottom: 1; }
    MessageScreen TextArea { height: 10; }
    MessageScreen #message-error { color: $text-error; height: auto; }
    MessageScreen #message-hint { color: $text-muted; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Commit", id="message.save", priority=True),
        Binding("escape", "cancel", "Cancel", id="message.cancel"),
    ]

    def __init__(self, title: str, subject: str, body: str, branch: str | None = None) -> None:
        super().__init__()
        self.message_title = title
        self.subject, self.body, self.branch = subject, body, branch

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.message_title, id="message-title", markup=False)
            if self.branch is not None:
                yield Label("Branch", classes="field")
                yield Input(self.branch, id="branch", compact=True)
            yield Label("Subject", classes="field")
            yield Input(self.subject, id="subject", compact=True)  # compact: fits 80x24
            yield Label("Body", classes="field")
            yield TextArea(self.body, id="body", soft_wrap=True)
            yield Label("", id="message-error", markup=False)
            yield Label("ctrl+s commits · tab next field · esc cancels", id="message-hint")

    def on_mount(self) -> None:
        self.query_one("#subject", Input).focus()

    def values(self) -> dict:
        values = {
            "subject": self.query_one("#subject", Input).value.strip(),
            "body": self.query_one("#body", TextArea).text.strip(),
        }
        if self.branch is not None:
            values["branch"] = self.query_one("#branch", Input).value.strip()
        return values

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        values = self.values()
        missing = [name for name, value in values.items() if name != "body" and not value]
        if missing:
            self.query_one("#message-error", Label).update(f"The {missing[0]} is empty.")
            return
        self.dismiss(values)

    def action_cancel(self) -> None:
        self.dismiss(None)
