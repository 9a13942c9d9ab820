"""The detail pane: the selected objective or key result, whole."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from okrboard.domain import edits, ids, links, scoring
from okrboard.domain.model import Board, CheckIn, KeyResult, Settings
from okrboard.domain.text import count, printable
from okrboard.domain.valuetext import aim_text, number, value_text
from okrboard.reports.views import Row
from okrboard.tui.screens.style import STATUS_STYLE, issues_text, kpi_text
from okrboard.widgets.panes import LinePane

if TYPE_CHECKING:
    from okrboard.domain.coach import Finding

CHECKINS_SHOWN = 6


def forecast_text(kr: KeyResult, quarter: str, settings: Settings) -> str:
    """``52.1 by 2026-12-31 (124% of the way)``, or why there is no forecast."""
    forecast = scoring.forecast(kr, quarter, settings)
    if forecast is None:
        return f"not enough check-ins to forecast ({scoring.FORECAST_CHECKINS} over two weeks)"
    end = scoring.deadline(kr, quarter, settings)
    value = number(round(forecast.value, 2))
    return f"{value} by {end} ({forecast.progress:.0%} of the way)"


def fields_table(pairs: list[tuple[str, Text | str]]) -> Table:
    table = Table.grid(padding=(0, 1))
    table.add_column(style="dim", no_wrap=True)
    table.add_column(ratio=1)
    for name, value in pairs:
        table.add_row(name, value if isinstance(value, Text) else Text(value))
    return table


def grade_text(grade: float, board: Board, quarter: str, today: dt.date) -> str:
    """``0.72 (success)`` once the quarter is over (the 0.7 rule is a verdict on a whole
    quarter); ``0.39 so far`` while it runs."""
    if today <= board.settings.calendar.last_day(quarter):
        return f"{grade:.2f} so far"
    return f"{grade:.2f} ({scoring.grade_band(grade, board.settings).value})"


def _closed(board: Board, quarter: str, team: str) -> str:
    """`` · closed 2026-12-30, read-only`` for an item of a closed team-quarter."""
    tq = board.okrs.get((quarter, team))
    return f" · closed {tq.closed}, read-only" if tq is not None and tq.closed else ""


def checkin_line(checkin: CheckIn) -> Text:
    """``  Nov 16      46  6/10  note  blocked: …``: one check-in of a detail pane."""
    line = Text(f"  {checkin.date:%b %d}  {number(checkin.value):>8}")
    if checkin.confidence is not None:
        line.append(f"  {checkin.confidence}/10", style="dim")
    if checkin.note:
        line.append(f"  {printable(checkin.note)}")
    if checkin.blockers:
        line.append(f"  blocked: {printable(checkin.blockers)}", style="yellow")
    return line


def section(title: str) -> Text:
    return Text(f"\n{title}", style="bold")


def _refs(board: Board, refs: list[str]) -> list[Text]:
    return [
        Text.assemble("  ", (printable(links.label(board, ref)), ""), (f"  {ref}", "dim"))
        for ref in refs
    ]


class DetailPane(LinePane):
    """Shows one row of the OKR view; ``show`` is cheap enough to call on every move."""

    DEFAULT_CSS = "DetailPane { padding: 0 1; }"

    shown: Row | None = None  # the row on show (tests wait for it)
    _findings: Sequence[Finding] = ()
    _by = "by today"  # how the expected progress is dated
    _read_only = False  # nothing to press to check in

    def show(
        self,
        board: Board,
        row: Row | None,
        today: dt.date,
        findings: Iterable[Finding] = (),
        past: bool = False,
        found: links.Backlinks | None = None,
    ) -> None:
        """Show ``row``, and the coach's ``findings`` on it; ``past``: the board is shown as
        of a revision, and ``today`` is that revision's day. ``found``: the board's links
        followed backwards, when the caller keeps them (else worked out here)."""
        self._found = found or links.Backlinks(board)
        self.shown = row
        self._by = f"by {today}" if past else "by today"
        self._read_only = past
        self._findings = list(findings)
        head: RenderableType = Text("Nothing selected", style="dim")
        body: RenderableType = Text("")
        trend: list[float | None] = []
        if row is not None and row.kind == "key_result":
            head, body, trend = self._key_result(board, row, today)
        elif row is not None and row.kind == "objective":
            head, body = self._objective(board, row, today)
        elif row is not None and row.kind == "team":
            team = board.teams.get(row.team)
            head = Text(printable(team.label if team else row.team), style="bold")
            body = Text(printable(team.lead or "") if team else "", style="dim")
        elif row is not None and row.kind == "broken":
            head = Text(row.ref.removeprefix("broken:"), style="bold")
            body = Text(
                "This file has errors, so it is read-only and not shown. Fix it in an "
                "editor (the problems panel, p, says where); okrboard reloads it.",
                style="yellow",
            )
        values = [v for v in trend if v is not None]
        shown = [head, self.trend(values), body] if len(values) >= 2 else [head, body]
        self.update(Group(*shown))

    def _key_result(
        self, board: Board, row: Row, today: dt.date
    ) -> tuple[Group, Group, list[float | None]]:
        kr, objective = row.key_result, row.objective
        assert kr is not None and objective is not None  # a KR's row
        quarter = ids.quarter_of(row.ref)
        status = row.status or scoring.status(kr, quarter, today, board.settings)
        share = scoring.progress(kr)
        expected = scoring.expected(kr, quarter, today, board.settings)
        begun = scoring.begun(quarter, today, board.settings)
        grade = scoring.grade_as_of(kr, quarter, today, board.settings)
        head = Group(
            Text(printable(kr.label), style="bold"),
            Text(
                f"{quarter} · {printable(objective.label)}" + _closed(board, quarter, row.team),
                style="dim",
            ),
        )
        confidence = edits.last_confidence(kr)
        kinds = [scoring.direction(kr), kr.kind, kr.impact, kr.indicator]
        if kr.weight is not None:
            kinds.append(f"weight {number(kr.weight)}")
        pairs: list[tuple[str, Text | str]] = [
            ("Status", Text(status.value, style=STATUS_STYLE[status])),
            *self._coach(),
            (
                "Progress",
                "—"
                if share is None
                else f"{'done' if share else 'not yet'}: binary, done at {number(kr.aim)}"
                if kr.kind == "binary"
                else f"{share:.0%}"
                if not begun
                else f"{share:.0%} (expected {expected:.0%} {self._by})",
            ),
            ("Value", value_text(kr)),
            ("Baseline", aim_text(kr)),
            ("Grade", "—" if grade is None else grade_text(grade, board, quarter, today)),
            ("Confidence", "—" if confidence is None else f"{confidence}/10"),
            ("Owner", printable(kr.owner or "—")),
            ("Kind", " · ".join(filter(None, kinds))),
        ]
        if kr.due is not None:
            left = (kr.due - today).days
            pairs.append(("Due", f"{kr.due} ({count(left, 'day')} left)" if left >= 0 else
                          f"{kr.due} (passed)"))  # fmt: skip
        if kr.kpi:
            pairs.append(("KPI", kpi_text(board, kr.kpi)))
        if (
            kr.trend and scoring.direction(kr) != "maintain" and kr.kind != "binary"
        ):  # reached or not: no trend
            pairs.append(("Forecast", forecast_text(kr, quarter, board.settings)))
        if kr.links:
            pairs.append(("Links", printable(", ".join(kr.links))))
            if issues := issues_text(board, kr.links, today):
                pairs.append(("Issues", issues))
        parts: list = [fields_table(pairs)]
        trend = kr.trend
        if trend:
            parts.append(section(f"Check-ins ({len(trend)})"))
            parts += [checkin_line(c) for c in reversed(trend[-CHECKINS_SHOWN:])]
        else:
            first = board.settings.calendar.first_day(quarter)
            later = f": check-ins open on {first}" if not begun else ": press c to check in"
            parts.append(
                Text(f"\nNo check-ins yet{'' if self._read_only else later}.", style="dim")
            )
        up = list(kr.contributes_to or [])
        down = self._found.contributing.get(row.ref, [])
        if up:
            parts += [section("Contributes to"), *_refs(board, up)]
        if down:
            parts += [section("Contributions from"), *_refs(board, down)]
        if kr.carried_from:
            parts += [section("Carried from"), *_refs(board, [kr.carried_from])]
        parts += self._themes(board, row.ref)
        if kr.description:
            parts += [section("Description"), Text(printable(kr.description, newlines=True))]
        return head, Group(*parts), [c.value for c in trend]

    def _objective(self, board: Board, row: Row, today: dt.date) -> tuple[Group, Group]:
        objective = row.objective
        assert objective is not None  # an objective's row
        quarter = ids.quarter_of(row.ref)
        status = row.status or scoring.objective_status(objective, quarter, today, board.settings)
        share = scoring.objective_progress(objective)
        grade = scoring.objective_grade_as_of(objective, quarter, today, board.settings)
        team = board.teams.get(row.team)
        head = Group(
            Text(printable(objective.label), style="bold"),
            Text(
                f"{quarter} · {printable(team.label if team else row.team)}"
                + _closed(board, quarter, row.team),
                style="dim",
            ),
        )
        pairs: list[tuple[str, Text | str]] = [
            ("Status", Text(status.value, style=STATUS_STYLE[status])),
            *self._coach(),
            ("Progress", "—" if share is None else f"{share:.0%} (weighted over its KRs)"),
            ("Grade", "—" if grade is None else grade_text(grade, board, quarter, today)),
            ("Owner", printable(objective.owner or "—")),
            ("Key results", str(len(objective.key_results))),
        ]
        if objective.decision:
            pairs.append(("Decision", objective.decision))
        parts: list = [fields_table(pairs)]
        if objective.aligns_to:
            parts += [section("Aligns to"), *_refs(board, objective.aligns_to)]
        below = [ref for ref, _ in self._found.aligned.get(row.ref, [])]
        if below:
            parts += [section("Aligned from"), *_refs(board, below)]
        if objective.carried_from:
            parts += [section("Carried from"), *_refs(board, [objective.carried_from])]
        parts += self._themes(board, row.ref)
        for title, text in (("Description", objective.description), ("Retro", objective.retro)):
            if text:
                parts += [section(title), Text(printable(text, newlines=True))]
        return head, Group(*parts)

    def _coach(self) -> list[tuple[str, Text]]:
        """The coach's advice on the item, as a field (none when it has nothing to say)."""
        if not self._findings:
            return []
        advice = Text("\n").join(
            Text.assemble(("⚑ ", "yellow"), (f"{f.name}: ", "bold"), printable(f.message))
            for f in self._findings
        )
        return [("Coach", advice)]

    def _themes(self, board: Board, ref: str) -> list:
        themes = self._found.themed.get(ref, [])
        if getattr(self.app, "public", False):  # shown to anyone (okrboard serve --public)
            themes = [(r, t) for r, t in themes if t.visibility != "internal"]
        if not themes:
            return []
        lines = [
            Text.assemble(
                "  ",
                printable(theme.label),
                (
                    f"  {theme.horizon or '?'}" + (f", {theme.status}" if theme.status else ""),
                    "dim",
                ),
            )
            for _, theme in themes
        ]
        return [section("Roadmap themes"), *lines]
