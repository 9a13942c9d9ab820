"""What the OKR view and the KPI view list: rows for a quarter and team, filtered. No
textual here."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Literal

from okrboard.domain import ids, kpis, reminders, scoring
from okrboard.domain.model import Board, KeyResult, Kpi, Objective, ranked
from okrboard.domain.roadmap import gaps_text
from okrboard.domain.scoring import Status
from okrboard.domain.text import count
from okrboard.files.load import LoadedBoard

ATTENTION = (Status.OFF_TRACK, Status.AT_RISK, Status.STALE)


def left_out(board: Board) -> str:
    """One line naming the files that could not be read, whose items every count and total
    on screen lacks; empty for a whole board. (``p`` lists the problems.)"""
    files = [p.file for p in board.unreadable] if isinstance(board, LoadedBoard) else []
    if not files:
        return ""
    named = ", ".join(files[:3]) + (f" and {len(files) - 3} more" if len(files) > 3 else "")
    return f"⚠ Left out, cannot be read: {named} (p shows why)"


def warnings(board: Board, open_krs: list[str] | None = None) -> str:
    """The line above the OKR view and the roadmap: files left out, then the gaps between
    roadmap and OKRs (``roadmap.gaps_text``); empty when all is well."""
    return "  ·  ".join(part for part in (left_out(board), gaps_text(board, open_krs)) if part)


RowKind = Literal["team", "objective", "key_result", "broken"]


@dataclass(frozen=True)
class Row:
    """One line of the OKR view. ``ref`` is the item's reference (``team:ID`` for a team
    heading, ``broken:PATH`` for a file that could not be read)."""

    kind: RowKind
    ref: str
    team: str
    objective: Objective | None = None
    key_result: KeyResult | None = None
    status: Status | None = None

    @property
    def item(self) -> Objective | KeyResult:
        """The objective or key result of an item's row."""
        found = self.key_result or self.objective
        assert found is not None, f"a {self.kind} row has no item"
        return found


def quarters(board: Board) -> list[str]:
    """The quarters to switch between: those with OKRs, and the board's current one."""
    found = set(board.quarters)
    if board.current_quarter:
        found.add(board.current_quarter)
    return sorted(found)


def opening_quarter(board: Board, day: dt.date | None = None) -> str:
    """The quarter a view opens on: for a board as of a day (``--at``, time travel) the
    quarter that day falls in, when it has OKRs (not the next one, drafted by then);
    else the board's current quarter, else its latest."""
    if day is not None:
        named = str(board.settings.calendar.containing(day))
        if board.team_quarters(named):
            return named
    return board.current_quarter or (quarters(board) or [""])[-1]


def step_quarter(board: Board, quarter: str | None, step: int) -> str | None:
    """The quarter ``step`` quarters from ``quarter`` among the board's, held at the ends."""
    found = quarters(board)
    if not found:
        return quarter
    index = found.index(quarter) if quarter in found else len(found) - 1
    return found[max(0, min(len(found) - 1, index + step))]


def teams_in(board: Board, quarter: str) -> list[str]:
    """Teams with an OKR file in ``quarter``, in team order (then any unlisted ones)."""
    return [tq.team for tq in board.team_quarters(quarter)]


def every_team(board: Board, quarter: str) -> list[str]:
    """Every team ``t`` steps through: those with OKRs in ``quarter``, then the board's
    teams without (a team just made has none yet, and is where its first goes)."""
    found = teams_in(board, quarter)
    return found + [t.id for t in ranked(board.teams.values()) if t.id not in found]


def okr_rows(
    board: LoadedBoard,
    quarter: str,
    today: dt.date,
    *,
    team: str | None = None,
    text: str = "",
    attention: bool = False,
    owner: str | None = None,
) -> list[Row]:
    """Rows for ``quarter``: per team a heading, its objectives, and their KRs.

    ``text`` keeps items whose title, owner, team or status contains it (case-insensitive);
    an objective is kept when it or any of its KRs matches, with just the matching KRs.
    ``attention`` keeps KRs that are off track, at risk or stale. ``owner`` keeps the KRs
    someone owns ("my KRs"), under their objectives.
    """
    needle = text.strip().lower()
    rows: list[Row] = []
    for tq in board.team_quarters(quarter):
        if team and tq.team != team:
            continue
        team_obj = board.teams.get(tq.team)
        team_words = f"{tq.team} {team_obj.label if team_obj else ''}".lower()
        body: list[Row] = []
        for objective in tq.ranked_objectives():
            oref = ids.objective_ref(quarter, tq.team, objective.id)
            ostatus = scoring.objective_status(objective, quarter, today, board.settings)
            own = _matches(needle, team_words, objective.label, objective.owner, ostatus)
            kr_rows = []
            for kr in objective.ranked_key_results():
                status = scoring.status(kr, quarter, today, board.settings)
                if attention and status not in ATTENTION:
                    continue
                if owner and not owns(owner, kr, objective):
                    continue
                if needle and not own and not _matches(needle, "", kr.label, kr.owner, status):
                    continue
                kr_rows.append(
                    Row("key_result", ids.child_ref(oref, kr.id), tq.team, objective, kr, status)
                )
            if kr_rows or (own and not (attention or owner)) or not (needle or attention or owner):
                body.append(Row("objective", oref, tq.team, objective, None, ostatus))
                body.extend(kr_rows)
        if body or not (needle or attention or owner):
            rows.append(Row("team", f"team:{tq.team}", tq.team))
            rows.extend(body)
    for rel, source in sorted(board.sources.items()):
        key = ids.okr_file_key(rel)
        if key is not None and key[0] == quarter and not source.parsed:
            broken_team = key[1]
            if not team or team == broken_team:
                rows.append(Row("broken", f"broken:{rel}", broken_team))
    return rows


def owns(owner: str, kr: KeyResult, objective: Objective) -> bool:
    """Whether ``owner`` owns the KR: its owner, or its objective's when it names none
    (names compared as people write them, case aside)."""
    return (kr.owner or objective.owner or "").casefold() == owner.strip().casefold()


def team_counts(
    board: Board, quarter: str, today: dt.date, owner: str | None = None
) -> dict[str, Counter[Status]]:
    """By team, how many of its KRs of ``quarter`` are in each status (one pass); with
    ``owner`` ("my KRs"), only the KRs that person owns (``owns``)."""
    return {
        tq.team: Counter(
            scoring.status(kr, quarter, today, board.settings)
            for objective in tq.objectives.values()
            for kr in objective.key_results.values()
            if owner is None or owns(owner, kr, objective)
        )
        for tq in board.team_quarters(quarter)
    }


def attention_text(counts: Counter[Status]) -> str:
    """``17 KRs, 16 need attention``: the counts in the fewest words (off track, at risk
    and stale need attention, as ``a`` shows them)."""
    wanting = sum(counts[s] for s in (Status.OFF_TRACK, Status.AT_RISK, Status.STALE))
    total = count(sum(counts.values()), "KR")
    return f"{total}, {wanting} need attention" if wanting else total


# Each status in a word, for a header that would not hold them all in full.
SHORT = {
    Status.ON_TRACK: "on track", Status.AT_RISK: "risk", Status.OFF_TRACK: "off",
    Status.STALE: "stale", Status.NOT_STARTED: "new", Status.DONE: "done",
    Status.NOT_YET: "not yet", Status.MISSED: "missed", Status.NO_DATA: "no data",
}  # fmt: skip


def counts_text(counts: Counter[Status], short: bool = False) -> str:
    """``5 on track · 3 at risk · 1 stale``: the statuses present, in the usual order;
    ``short``: ``5 on track · 3 risk · 1 stale``."""
    return " · ".join(f"{counts[s]} {SHORT[s] if short else s.value}" for s in Status if counts[s])


def due_checkins(board: Board, rows: list[Row], today: dt.date) -> list[Row]:
    """The KR rows that owe a check-in within a week, as ``okrboard due`` lists them
    (``reminders.owed``): the one longest without a check-in first."""
    shown = {row.ref: row for row in rows if row.kind == "key_result"}
    return [shown[item.ref] for item in reminders.owed(board, today) if item.ref in shown]


def _matches(
    needle: str, team_words: str, title: str, owner: str | None, status: Status | None
) -> bool:
    if not needle:
        return True
    haystack = " ".join([team_words, title, owner or "", status.value if status else ""])
    return needle in haystack.lower()


# -- the KPI view -----------------------------------------------------------------------------


@dataclass(frozen=True)
class KpiRow:
    """One line of the KPI view: a team heading (``kpi`` None) or a KPI."""

    ref: str  # ``kpi/TEAM/ID``, or ``team:TEAM`` for a heading
    team: str
    kpi: Kpi | None = None
    health: kpis.Health = kpis.Health.NO_DATA
    stale: bool = False


def kpi_rows(board: Board, today: dt.date, team: str | None = None, text: str = "") -> list[KpiRow]:
    """Every KPI by team (in team rank order), each team under a heading; ``team`` and
    ``text`` (words of a title, owner or team name) filter them."""
    needle = text.casefold().strip()
    rows: list[KpiRow] = []
    for ref, kpi in board.iter_kpis():
        tid = ids.team_of(ref)
        label = board.teams[tid].label if tid in board.teams else tid
        words = f"{kpi.label} {kpi.owner or ''} {label} {kpi.id}".casefold()
        if team not in (None, tid) or needle not in words:
            continue
        if not rows or rows[-1].team != tid:
            rows.append(KpiRow(f"team:{tid}", tid))
        stale = kpis.stale(kpi, today, board.settings)
        rows.append(KpiRow(ref, tid, kpi, kpis.health(kpi), stale))
    return rows


def health_counts(rows: list[KpiRow]) -> str:
    """``3 healthy · 1 watch · 1 unhealthy · 1 stale``."""
    counts = Counter(row.health for row in rows if row.kpi is not None)
    stale = sum(row.stale for row in rows if row.kpi is not None)
    parts = [f"{counts[h]} {h.value}" for h in kpis.Health if counts[h]]
    return " · ".join(parts + ([f"{stale} stale"] if stale else []))
