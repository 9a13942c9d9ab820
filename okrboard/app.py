"""The Textual app: composes core and widgets. Only this layer imports textual."""

from __future__ import annotations

import datetime as dt

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, Header

from okrboard.model import Board
from okrboard.screens.overview import Overview


class OkrBoardApp(App):
    """okrboard's terminal UI."""

    TITLE = "okrboard"
    BINDINGS = [Binding("q", "quit", "Quit", id="quit")]

    def __init__(self, board: Board, today: dt.date | None = None):
        super().__init__()
        self.board = board
        self.today = today or dt.date.today()

    def compose(self) -> ComposeResult:
        yield Header()
        yield Overview(self.board, self.today)
        yield Footer()

    def on_mount(self) -> None:
        self.title = self.board.label
        self.sub_title = self.board.current_quarter or ""
