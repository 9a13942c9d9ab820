"""The board overview: the current quarter's objectives and key results, read-only.

A first view of the board; the full OKR screen (navigation, editing, check-ins) replaces it.
"""

from __future__ import annotations

import datetime as dt

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from okrboard import scoring
from okrboard.model import Board, KeyResult, Objective, TeamQuarter
from okrboard.text import printable
from widgets.progress import progress_bar

STATUS_STYLE = {
    scoring.Status.ON_TRACK: "green",
    scoring.Status.AT_RISK: "yellow",
    scoring.Status.OFF_TRACK: "red",
    scoring.Status.STALE: "magenta",
    scoring.Status.NOT_STARTED: "dim",
}
INDENT = "\u00a0\u00a0"  # no-break spaces: table cells strip ordinary leading spaces


def bar_width(columns: int) -> int:
    """A narrower bar on a narrow terminal, so titles keep their room."""
    return 16 if columns >= 110 else 10 if columns >= 90 else 8


def number(value: float | None) -> str:
    if value is None:
        return "—"
    if abs(value) >= 10_000:
        return f"{value / 1000:,.1f}k".replace(".0k", "k")
    return f"{value:g}"


def value_text(kr: KeyResult) -> str:
    """``46 / 50 %``; for a KR that maintains a band, ``99.97 in 99.9–100 %``."""
    unit = f" {printable(kr.unit)}" if kr.unit else ""
    if scoring.direction(kr) == "maintain" and kr.band:
        low, high = kr.band
        return f"{number(kr.value)} in {number(low)}–{number(high)}{unit}"
    return f"{number(kr.value)} / {number(kr.target)}{unit}"


class Overview(VerticalScroll):
    """Every team's objectives and KRs for the board's current quarter."""

    DEFAULT_CSS = """
    Overview { padding: 0 1; }
    Overview .problems { color: $text-warning; padding-bottom: 1; }
    Overview .empty { color: $text-muted; padding: 1 0; }
    """

    def __init__(self, board: Board, today: dt.date):
        super().__init__()
        self.board = board
        self.today = today

    def compose(self) -> ComposeResult:
        board = self.board
        if board.problems:
            count = len(board.problems)
            yield Static(
                f"{count} problem{'s' * (count != 1)} in this board's files: "
                "run 'okrboard check' to list them.",
                classes="problems",
                markup=False,
            )
        quarter = board.current_quarter
        files = board.team_quarters(quarter) if quarter else []
        if not files:
            yield Static(f"No OKRs for {quarter or 'this quarter'} yet.", classes="empty")
            return
        yield Static(self._table(files), id="okr-table")

    def on_resize(self) -> None:
        quarter = self.board.current_quarter
        files = self.board.team_quarters(quarter) if quarter else []
        if files and self.query("#okr-table"):
            self.query_one("#okr-table", Static).update(self._table(files))

    def _table(self, files: list[TeamQuarter]) -> Table:
        """One table for every team, so columns line up down the whole board."""
        self.bar = bar_width(self.app.size.width)
        table = Table(expand=True, show_edge=False, box=None, padding=(0, 1))
        table.add_column("Objective / key result", ratio=1, no_wrap=True, overflow="ellipsis")
        table.add_column("Progress", width=self.bar)
        table.add_column("Value", justify="right", no_wrap=True)
        table.add_column("Grade", justify="right", width=5)
        table.add_column("Status", width=11)
        for index, tq in enumerate(files):
            team = self.board.teams.get(tq.team)
            if index:
                table.add_row()
            table.add_row(Text(printable(team.label if team else tq.team), style="bold underline"))
            expected = scoring.elapsed(tq.quarter, self.today)
            for objective in tq.ranked_objectives():
                table.add_row(*self._objective_row(objective, tq.quarter, expected))
                for kr in objective.ranked_key_results():
                    table.add_row(*self._kr_row(kr, tq.quarter, expected))
        return table

    def _status(self, state: scoring.Status) -> Text:
        return Text(state.value, style=STATUS_STYLE[state])

    def _objective_row(self, objective: Objective, quarter: str, expected: float):
        state = scoring.objective_status(objective, quarter, self.today, self.board.settings)
        grade = scoring.objective_grade(objective)
        return (
            Text(printable(objective.label), style="bold"),
            progress_bar(
                scoring.objective_progress(objective),
                self.bar,
                expected=expected,
                style=STATUS_STYLE[state],
            ),
            Text(""),
            Text("—" if grade is None else f"{grade:.2f}", style="bold"),
            self._status(state),
        )

    def _kr_row(self, kr: KeyResult, quarter: str, expected: float):
        state = scoring.status(kr, quarter, self.today, self.board.settings)
        grade = scoring.grade(kr)
        return (
            Text(INDENT + printable(kr.label)),
            progress_bar(
                scoring.progress(kr), self.bar, expected=expected, style=STATUS_STYLE[state]
            ),
            Text(value_text(kr)),
            Text("—" if grade is None else f"{grade:.2f}"),
            self._status(state),
        )
