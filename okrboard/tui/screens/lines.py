"""What the history and changes views share: lines read from git in a worker, shown in a
line-API list with a status line, so a keypress never waits on git."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Header, Label

from okrboard.domain.text import printable
from okrboard.files.session import Session
from okrboard.tui.protocol import TalksToTheApp
from okrboard.tui.workers import SaysFailedWorkers
from okrboard.widgets.footer import Footer
from okrboard.widgets.rowlist import Column, RowList

# A row: its cells (one column of text) and what the row is about (a commit, an item ...).
Line = tuple[Text, object]


def text(value: object, style: str = "") -> Text:
    """Text from a file or from git, shown literally (no markup, no escape sequences)."""
    return Text(printable(str(value)), style=style)


class LinesScreen(SaysFailedWorkers, TalksToTheApp, Screen):
    """A title line, a status line and a list of lines computed off the UI thread."""

    DEFAULT_CSS = """
    LinesScreen #lines-status { height: 1; padding: 0 1; color: $text-muted; }
    LinesScreen RowList { height: 1fr; padding-left: 1; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "back", "Back", id="lines.back")]

    # Long lines go on below, indented, instead of off the right edge; a text diff does not
    # wrap, as no diff viewer does.
    wraps = True

    def __init__(self, session: Session, today: dt.date) -> None:
        super().__init__()
        self.session = session
        self.today = today
        self.lines: list[Line] = []
        self._shown: tuple[str, list[Line], str] | None = None  # as computed, unwrapped

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label("", id="lines-status", markup=False)
        yield RowList(id="lines")
        yield Footer()

    @property
    def root(self) -> Path:
        return self.session.board.root

    @property
    def rev(self) -> str:
        """The revision the board shows: HEAD, or the one travelled to."""
        return self.session.as_of or "HEAD"

    def set_titles(self, part: str) -> None:
        parts = [part]
        if self.session.mark:
            parts.append(printable(self.session.mark))
        self.title = printable(self.session.board.label)
        self.sub_title = " · ".join(parts)

    def status(self, message: str) -> None:
        self.query_one("#lines-status", Label).update(message)

    def show(self, heading: str, lines: list[Line], status: str) -> None:
        self._shown = (heading, lines, status)
        if self.wraps:
            lines = self._wrapped(lines, self.query_one(RowList).content_size.width - 2)
        self.lines = lines
        width = max((cells.cell_len for cells, _ in lines), default=20)
        rows = [[cells] for cells, _ in lines] or [[Text("Nothing here.", style="dim")]]
        self.query_one(RowList).set_rows([Column("text", heading, max(width, 20))], rows)
        self.status(status)

    def _wrapped(self, lines: list[Line], width: int) -> list[Line]:
        """Each line too wide for ``width`` as several, the rest indented two more than
        its start; every part is about what the line was about."""
        out: list[Line] = []
        for cells, about in lines:
            indent = len(cells.plain) - len(cells.plain.lstrip(" "))
            if cells.cell_len <= width or width < indent + 20:
                out.append((cells, about))
                continue
            body = cells[indent:]
            for index, part in enumerate(body.wrap(self.app.console, width - indent - 2)):
                part.rstrip()
                out.append((Text(" " * (indent + 2 * bool(index))) + part, about))
        return out

    def on_resize(self) -> None:
        if self._shown is not None and self.wraps:
            self.show(*self._shown)

    @property
    def about(self) -> object:
        """What the line under the cursor is about."""
        cursor = self.query_one(RowList).cursor
        return self.lines[cursor][1] if 0 <= cursor < len(self.lines) else None

    def load(self, reading: str, compute: Callable[[], tuple[str, list[Line], str]]) -> None:
        """Show ``reading`` at once, then what ``compute`` returns (run in a thread)."""
        self.status(reading)
        self._load(compute)

    @work(thread=True, exclusive=True, group="git", exit_on_error=False)
    def _load(self, compute: Callable[[], tuple[str, list[Line], str]]) -> None:
        # lazy: git's layer loads only when git is asked (start-up, docs/performance.md)
        from okrboard.git.revisions import GitError

        try:
            result = compute()
        except (GitError, ValueError) as exc:
            self.app.call_from_thread(self.show, "", [], printable(str(exc)))
            return
        self.app.call_from_thread(self.show, *result)

    def action_back(self) -> None:
        self.app.pop_screen()
