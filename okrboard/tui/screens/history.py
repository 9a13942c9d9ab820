"""An item's timeline (or the whole board's): each commit that changed it, field by field."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType

from okrboard.domain import semdiff
from okrboard.domain.text import count as plural
from okrboard.files.session import Session
from okrboard.git import history
from okrboard.tui.screens.lines import Line, LinesScreen, text

BOARD_LOG_COMMITS = 200  # the board's log shows this many commits; `okrboard log` has all


class HistoryScreen(LinesScreen):
    HELP_TITLE = "History"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "travel", "Board as of this commit", id="history.travel"),
        Binding("d", "commit_diff", "Changes of this commit", id="history.diff"),
    ]

    def __init__(self, session: Session, today: dt.date, ref: str | None, label: str = "") -> None:
        """``ref``: the item; None for the board's own log."""
        super().__init__(session, today)
        self.ref = ref
        self.label = label

    def on_mount(self) -> None:
        what = f"History of {self.label or self.ref}" if self.ref else "History of the board"
        self.set_titles(what)
        self.load("Reading the history from git…", self._compute)

    def _compute(self) -> tuple[str, list[Line], str]:
        if self.ref is None:
            entries = history.board_log(self.root, self.rev, max_count=BOARD_LOG_COMMITS)
        else:
            entries = history.history(self.root, self.ref, self.rev)
        lines = timeline(self.ref, entries)
        moved = sum(e.moved_target for e in entries)
        status = f"{plural(len(entries), 'commit')} changed " + (
            self.ref if self.ref else "the board"
        )
        if moved:
            times = "once" if moved == 1 else f"{moved} times"
            status += f"; the target was moved {times} after the quarter began"
        return "Date        Author          Commit      Message", lines, status + "."

    def action_travel(self) -> None:
        commit = self.about
        if isinstance(commit, str):
            self.board_app.travel(commit)

    def action_commit_diff(self) -> None:
        commit = self.about
        if isinstance(commit, str):
            self.board_app.show_changes(f"{commit}~1", commit)


def timeline(ref: str | None, entries: list[history.Entry]) -> list[Line]:
    """A header line per commit (date, author, id, message), then its changes indented."""
    lines: list[Line] = []
    for entry in entries:
        # the commit's id before its message, so a long message wraps and the id does not
        # (at 80 columns it used to take a line of its own)
        head = Text.assemble(
            text(f"{entry.date:%Y-%m-%d}  "),
            text(f"{entry.author[:14]:<14}  ", "cyan"),
            text(f"{entry.commit[:10]:<10}  ", "dim"),
            text(entry.message, "bold"),
        )
        if entry.moved_target:
            head.append("  moved target", style="bold yellow")
        lines.append((head, entry.commit))
        item = ref
        for change in entry.changes:
            if change.ref != item and not change.ref.startswith(f"{ref}/"):
                item = change.ref  # the board's log: each item once, its changes under it
                label = Text.assemble(text(f"            {change.label}"), text(f"  {item}", "dim"))
                lines.append((label, entry.commit))
            where = history.where(item, change)
            indent = " " * (12 if ref else 14)  # under the date; in the log, under the item
            lines.append((text(f"{indent}{where}{semdiff.describe(change)}"), entry.commit))
    return lines
