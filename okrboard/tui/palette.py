"""The command palette, as a part of the app: every okrboard action of the view (Textual's
own widget commands left out), the changes view's git work from any view, the board
set-up forms, and jumps to quarters and teams."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import TYPE_CHECKING

from textual.app import App, SystemCommand
from textual.screen import ModalScreen, Screen

from okrboard.domain.text import printable
from okrboard.files.session import Session
from okrboard.reports import views
from okrboard.tui.screens.base import BoardScreen
from okrboard.tui.screens.okrs import OkrScreen

# The changes view's git work, offered in the command palette of every view.
CHANGES_COMMANDS = (
    ("Commit the changes", "Review the message written from the changes, then commit", "commit"),
    ("Propose the changes", "A branch, the commit and a pull-request description", "propose"),
    ("Compare two revisions", "Pick a branch, tag or commit, then another", "revisions"),
    ("Compare two quarters", "Objectives kept, dropped, added; targets vs results", "quarters"),
    ("Board log", "The last commits, each with its changes", "log"),
)


class Palette(App):
    """Mixed into the app (before ``App``): the app's session and views."""

    session: Session

    if TYPE_CHECKING:  # the app's own

        @property
        def read_only(self) -> bool: ...
        def show_changes(
            self, rev_a: str = "HEAD", rev_b: str | None = None, then: str | None = None
        ) -> None: ...

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Every okrboard action of the view as a palette command (Textual's own widget
        commands, such as Scroll Left or Focus Next, left out), the git work of the changes
        view from any view, and jumps to quarters and teams."""
        for command in super().get_system_commands(screen):
            if command.title in ("Theme", "Screenshot"):  # Keys and Maximize: ? and +
                yield command
        seen = set()
        for active in screen.active_bindings.values():
            binding = active.binding
            if not (binding.description and binding.id) or (binding.action, active.node) in seen:
                continue
            seen.add((binding.action, active.node))
            keys = self.get_key_display(binding)
            yield SystemCommand(
                binding.description,
                f"key: {keys}",
                partial(self.run_action, binding.action, active.node),
            )
        # lazy: a screen or dialog loads when first shown (start-up, docs/performance.md)
        from okrboard.tui.screens.changes import ChangesScreen

        if not isinstance(screen, ChangesScreen | ModalScreen):
            for title, help_text, action in CHANGES_COMMANDS:
                if self.read_only and action in ("commit", "propose"):
                    continue
                yield SystemCommand(title, help_text, partial(self.show_changes, then=action))
        if isinstance(screen, BoardScreen) and not self.read_only:
            # lazy: a screen or dialog loads when first shown (start-up, docs/performance.md)
            from okrboard.tui.screens import setup

            for title, help_text, open_form in setup.COMMANDS:
                yield SystemCommand(title, help_text, partial(open_form, screen))
        if isinstance(screen, OkrScreen):
            board = self.session.board
            for quarter in views.quarters(board):
                yield SystemCommand(
                    f"Quarter {quarter}", "Show this quarter", partial(screen.show_quarter, quarter)
                )
            yield SystemCommand("All teams", "Show every team", partial(screen.show_team, None))
            for team in board.teams.values():
                yield SystemCommand(
                    f"Team {printable(team.label)}",
                    "Show only this team",
                    partial(screen.show_team, team.id),
                )
