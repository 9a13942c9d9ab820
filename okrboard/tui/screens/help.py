"""The help screen: every key of the view it was opened from, made from its bindings."""

from __future__ import annotations

from typing import ClassVar

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

# Keys that belong to widgets every view uses, and so to no view's bindings.
GENERAL = [
    ("↑ ↓ pgup pgdn home end", "Move through the list"),
    ("ctrl+p", "Command palette: every action, searchable"),
    ("enter / ctrl+s", "Save a form"),
    ("tab / shift+tab", "Next / previous field of a form"),
    ("escape", "Close a form, a dialog, the search or the problems panel"),
    ("y / n", "Confirm or decline a deletion"),
]


# Help's sections, by the first part of a binding id; the rest are the view's own keys.
SECTIONS = {"board": "In every view of the board", "app": "Everywhere: views, git, lists, forms"}


def key_table(screen: Screen) -> list[tuple[str, str, str]]:
    """``(keys, description, binding id)`` for each action active on ``screen``."""
    grouped: dict[tuple[str, str], list[str]] = {}
    order: list[tuple[str, str]] = []
    for active in screen.active_bindings.values():
        binding: Binding = active.binding
        if not binding.description or not binding.id:  # widgets' own keys: see GENERAL
            continue
        key = (binding.action, binding.description)
        if key not in grouped:
            grouped[key] = []
            order.append(key)
        shown = screen.app.get_key_display(binding)
        if shown not in grouped[key]:
            grouped[key].append(shown)
    ids = {
        (a.binding.action, a.binding.description): a.binding.id or ""
        for a in screen.active_bindings.values()
    }
    return [(" ".join(grouped[k]), k[1], ids.get(k, "")) for k in order]


class HelpScreen(ModalScreen[None]):
    """Lists keys; any of escape, q, ? or F1 closes it."""

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 84; max-width: 100%; height: auto; max-height: 100%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark,f1", "dismiss", "Close", id="help.close"),
    ]

    def __init__(self, title: str, keys: list[tuple[str, str, str]], mark: str = "") -> None:
        """``mark``: why keys that change the board are missing ("as of HEAD~3,
        read-only"), said once at the top."""
        super().__init__()
        self.help_title = title
        self.keys = keys
        self.mark = mark

    def compose(self) -> ComposeResult:
        sections: dict[str, list[tuple[str, str, str]]] = {self.help_title: []}
        for row in self.keys:
            title = SECTIONS.get(row[2].split(".")[0], self.help_title)
            sections.setdefault(title, []).append(row)
        sections.setdefault(SECTIONS["app"], [])
        sections[SECTIONS["app"]] += [(keys, text, "") for keys, text in GENERAL]
        width = max(len(keys) for rows in sections.values() for keys, _, _ in rows)
        parts: list = []
        for title, rows in sections.items():
            table = Table.grid(padding=(0, 2))
            table.add_column(style="bold", no_wrap=True, width=width)
            table.add_column(ratio=1)
            table.add_column(style="dim", no_wrap=True)
            for keys, description, binding_id in rows:
                table.add_row(keys, description, binding_id)
            heading = Text(title, style="bold underline")
            parts += [heading, table, Text("")]
        with VerticalScroll():
            if self.mark:
                yield Static(
                    Text(f"This board is shown {self.mark}: keys that change it are off.\n")
                )
            yield Static(Group(*parts))
            yield Static(
                Text(
                    "Change a key in ~/.config/okrboard/config.toml under [keymap], "
                    'by binding id: "okrs.checkin" = "c,ctrl+k" (docs/keys.md).',
                    style="dim",
                )
            )

    def action_dismiss(self, result: None = None) -> None:  # type: ignore[override]
        self.dismiss(None)
