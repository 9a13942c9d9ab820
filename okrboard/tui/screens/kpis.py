"""The KPI view: each team's standing health metrics with their value, band, health and
trend; ``c`` (or Enter) checks one in, as on a key result."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from rich.console import Group
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import Header, Static

from okrboard.domain import ids, kpis, scoring
from okrboard.domain.model import Board
from okrboard.domain.text import count, printable
from okrboard.domain.valuetext import kpi_value, value_text
from okrboard.files.session import Session
from okrboard.flows import checkin
from okrboard.reports import views
from okrboard.reports.report import spark
from okrboard.reports.views import KpiRow
from okrboard.tui.screens.base import EditingList
from okrboard.tui.screens.detail import CHECKINS_SHOWN, checkin_line, fields_table, section
from okrboard.tui.screens.measuring import Measures
from okrboard.tui.screens.style import HEALTH_STYLE
from okrboard.widgets.footer import Footer
from okrboard.widgets.panes import LinePane
from okrboard.widgets.rowlist import GAP, Column, RowList

TREND_POINTS = 12  # check-ins drawn in the list's trend column


def trend_text(values: list[float], width: int = TREND_POINTS) -> str:
    """The last ``width`` values as the report draws a trend, lowest ▁ to highest █."""
    return spark(values[-width:])


class KpiList(EditingList):
    """The rows of the KPI view."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "Check in", show=False, id="kpis.select"),
        Binding("down,j", "cursor_down", "Down", show=False, id="kpis.down"),
        Binding("up,k", "cursor_up", "Up", show=False, id="kpis.up"),
    ]


class KpiScreen(Measures):
    """KPIs by team; the detail pane shows the selected one with its check-ins and the key
    results that move it."""

    HELP_TITLE = "KPIs"
    AUTO_FOCUS = "#kpi-list"
    DETAIL = "#kpi-detail"
    WRITES = frozenset({"checkin", "measure"})

    DEFAULT_CSS = """
    KpiScreen #kpi-summary { height: auto; padding: 0 1; color: $text-muted; }
    KpiScreen #filter { display: none; margin: 0 1; }
    KpiScreen #filter.-visible { display: block; }
    KpiScreen #main { height: 1fr; layout: vertical; }
    KpiScreen #kpi-list { height: 1fr; padding-left: 1; }
    KpiScreen #kpi-detail {
        height: 45%; min-height: 9; padding: 0 1; border-top: solid $panel-lighten-2;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("c", "checkin", "Check in", id="kpis.checkin"),
    ]

    def __init__(self, session: Session, today: dt.date) -> None:
        super().__init__(session, today)
        self.rows: list[KpiRow] = []
        self._filled_width = -1

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="kpi-summary", markup=False)
        with Horizontal(id="main"):
            yield KpiList(id="kpi-list")
        yield LinePane(id="kpi-detail")
        yield Footer()

    def on_mount(self) -> None:  # (BoardScreen's on_mount runs too: Textual calls each)
        self.refresh_view()

    def on_resize(self) -> None:
        # filled once the list has a width, and again only when that changes
        if self.query_one(RowList).size.width != self._filled_width:
            self.refresh_view()

    def team_choices(self) -> list[str]:
        return list(dict.fromkeys(ids.team_of(ref) for ref, _ in self.board.iter_kpis()))

    def focus_list(self) -> None:
        self.query_one(RowList).focus()

    @property
    def row(self) -> KpiRow | None:
        table = self.query_one(RowList)
        if not self.rows or not 0 <= table.cursor < len(self.rows):
            return None
        return self.rows[table.cursor]

    def selected_item(self) -> tuple[str, str] | None:
        row = self.row
        return (row.ref, row.kpi.label) if row and row.kpi else None

    def refresh_view(self, select: str | None = None) -> None:
        keep = select or (self.row.ref if self.row else None)
        self.rows = views.kpi_rows(self.board, self.today, self.team, self.text)
        summary = views.health_counts(self.rows) or "no KPIs yet"
        left_out = views.left_out(self.board)
        self.query_one("#kpi-summary", Static).update(
            f"{summary}  ·  c checks one in" + (f"\n{left_out}" if left_out else "")
        )
        refs = [row.ref for row in self.rows]
        cursor = (
            refs.index(keep)
            if keep in refs
            else next((i for i, row in enumerate(self.rows) if row.kpi is not None), 0)
        )
        self._fill(cursor)
        team = self.board.teams.get(self.team) if self.team else None
        self.set_titles(["KPIs", printable(team.label if team else self.team or "all teams")])
        self.show_detail_after_list()

    def _fill(self, cursor: int) -> None:
        table = self.query_one(RowList)
        self._filled_width = table.size.width
        width = table.size.width or self.app.size.width
        wide = width >= 100
        columns = [
            Column("value", "Value", 12, "right"),
            Column("band", "Healthy", 19 if wide else 10),
            Column("health", "Health", 9),
            *([Column("trend", "Trend", TREND_POINTS)] if wide else []),
            Column("last", "Last", 11 if wide else 6),
        ]
        title_width = max(16, width - sum(c.width + GAP for c in columns) - GAP - 2)
        columns.insert(0, Column("title", "KPI", title_width))
        empty = Text(self._empty_message(), style="dim")
        table.show_items(columns, self.rows, lambda row: self._cells(row, wide), empty, cursor)

    def _empty_message(self) -> str:
        if self.text:
            return "Nothing matches the filter (Esc clears it)."
        return "No KPIs yet: write kpis/TEAM.toml (docs/format.md, KPI files)."

    def _cells(self, row: KpiRow, wide: bool) -> dict[str, Text]:
        if row.kpi is None:
            team = self.board.teams.get(row.team)
            return {"title": Text(printable(team.label if team else row.team), "bold underline")}
        kpi = row.kpi
        last = kpi.last_checkin
        days = (self.today - last.date).days if last and last.date else None
        when = "—" if days is None else (f"{last.date:%b %d}" if wide and last else f"{days}d")
        if days == 0:
            when = "today"
        if row.stale:
            when = f"stale {days}d" if wide and days is not None else when
        return {
            "title": Text("  " + printable(kpi.label)),
            "value": Text(kpi_value(kpi)),
            "band": Text(printable(kpis.band_text(kpi)), style="dim"),
            "health": Text(row.health.value, style=HEALTH_STYLE[row.health]),
            "trend": Text(trend_text([c.value for c in kpi.trend if c.value is not None])),
            "last": Text(when, style="italic magenta" if row.stale else "dim"),
        }

    @on(RowList.Highlighted)
    def _highlighted(self) -> None:
        self.follow_cursor()

    @on(RowList.Selected)
    def _selected(self) -> None:
        if self.check_action("checkin", ()):
            self.action_checkin()

    def show_detail(self) -> None:
        row = self.row
        pane = self.query_one("#kpi-detail", LinePane)
        if row is None or row.kpi is None:
            pane.update(Text("Select a KPI", style="dim"))
            return
        kpi = row.kpi
        team = self.board.teams.get(row.team)
        head = Group(
            Text(printable(kpi.label), style="bold"),
            Text(f"KPI · {printable(team.label if team else row.team)} · {row.ref}", "dim"),
        )
        values = [c.value for c in kpi.trend if c.value is not None]
        trend = [pane.trend(values)] if len(values) >= 2 else []
        pane.update(Group(head, *trend, kpi_detail(self.board, row, self.today)))

    def action_checkin(self) -> None:
        row = self.row
        if row is None or row.kpi is None:
            self.notify("Select a KPI first.", timeout=3)
            return
        kpi, ref, today = row.kpi, row.ref, self.today

        def done(parsed: dict) -> None:
            plan = checkin.planned(self.board, ref, parsed, today)
            said = lambda _: self.notify(checkin.said(self.board, plan), timeout=3)  # noqa: E731
            self.apply(plan.change, plan.label, then=said)

        unit = f" ({printable(kpi.unit)})" if kpi.unit else ""
        self.form(
            f"Check in: {printable(kpi.label)}{unit}",
            checkin.TABLE,
            checkin.fields(self.board, ref),
            checkin.defaults(self.board, ref, today),
            lambda values: checkin.problems(self.board, ref, values, today),
            done,
            focus="value",
        )


def kpi_detail(board: Board, row: KpiRow, today: dt.date) -> Group:
    """The KPI's fields, the key results that move it and its newest check-ins."""
    kpi = row.kpi
    assert kpi is not None  # a KPI's row
    health = Text(row.health.value, style=HEALTH_STYLE[row.health])
    last = kpi.last_checkin
    if last is not None and last.date is not None:
        ago = (today - last.date).days
        said = "today" if ago == 0 else f"{count(ago, 'day')} ago"
        health.append(f" · last check-in {said}", style="dim")
        if row.stale:
            after = kpis.stale_after(kpi, board.settings)
            health.append(f" (stale after {after})", "italic magenta")
    pairs: list[tuple[str, Text | str]] = [
        ("Health", health),
        ("Value", kpi_value(kpi)),
        ("Healthy", printable(kpis.band_text(kpi))),
        ("Owner", printable(kpi.owner or "—")),
    ]
    if kpi.links:
        pairs.append(("Links", printable(", ".join(kpi.links))))
    parts: list = [fields_table(pairs)]
    if kpi.description:
        parts += [section("Description"), Text(printable(kpi.description, newlines=True))]
    moved = kpis.moved_by(board, row.ref)
    if moved:
        parts.append(section(f"Moved by ({len(moved)})"))
        for ref, kr in moved:
            share = scoring.progress(kr)
            done = "—" if share is None else f"{share:.0%}"
            line = Text(f"  {printable(kr.label)}  ")
            line.append(f"{printable(value_text(kr))} · {done}  {ref}", style="dim")
            parts.append(line)
    trend = kpi.trend
    if trend:
        parts.append(section(f"Check-ins ({len(trend)})"))
        parts += [checkin_line(c) for c in reversed(trend[-CHECKINS_SHOWN:])]
    else:
        parts += [section("Check-ins"), Text("  none yet: c checks in", style="dim")]
    return Group(*parts)
