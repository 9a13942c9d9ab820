"""``okrboard measure``: read every source and record what it says as check-ins, through
the same edit and rules as ``okrboard checkin`` (one check-in a day; none after today;
a KR's inside its quarter).

Every source is read first; then the check-ins are written in one edit of the session,
so the files change together (one undo in the app) or not at all. A source that fails is
that item's error: the others are still read and recorded.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from okrboard.domain import edits, ids, sources
from okrboard.domain.model import Board, CheckIn, KeyResult, Kpi, Part
from okrboard.domain.validate import checkin_date_problem
from okrboard.files.load import LoadedBoard, load_board, load_pending
from okrboard.files.session import Session
from okrboard.files.store import SaveRefused
from okrboard.measure.read import Reading, SourceError, read

# What became of one item: recorded, unchanged (that day's check-in says it already),
# would record (a dry run), or error.
RECORDED, UNCHANGED, WOULD, ERROR = "recorded", "unchanged", "would record", "error"


@dataclass
class Measured:
    ref: str
    label: str
    unit: str | None
    source: str  # the source in a few words: ``sqlite metrics/fieldnote.db``
    old: float | None  # the value before
    new: float | None = None  # what the source said
    day: dt.date | None = None
    outcome: str = ERROR
    error: str | None = None
    newer: dt.date | None = None  # a newer check-in's day: this reading is history

    def as_dict(self) -> dict[str, Any]:
        out = dict(self.__dict__)
        out["day"] = self.day.isoformat() if self.day else None
        out["newer"] = self.newer.isoformat() if self.newer else None
        return out


def sourced(board: Board) -> list[tuple[str, KeyResult | Kpi]]:
    """Every KR (of any quarter) and KPI that names a source."""
    items: list[tuple[str, KeyResult | Kpi]] = [(r, kr) for r, _, kr in board.iter_key_results()]
    return [(ref, item) for ref, item in items + list(board.iter_kpis()) if item.source]


def measured_items(board: Board, only: Iterable[str] = ()) -> list[tuple[str, KeyResult | Kpi]]:
    """What ``measure`` reads: the KRs with a source in the board's current quarter (of
    teams that have not closed it) and every KPI with one; ``only`` names some (any
    quarter)."""
    wanted = set(only)
    if wanted:
        return [(ref, item) for ref, item in sourced(board) if ref in wanted]

    def current(ref: str) -> bool:
        if ref.startswith("kpi/"):
            return True
        tq = board.okrs[(ids.quarter_of(ref), ids.team_of(ref))]
        return ids.quarter_of(ref) == board.current_quarter and tq.closed is None

    return [(ref, item) for ref, item in sourced(board) if current(ref)]


_KR_SOURCE = re.compile(r"objectives\.([\w-]+)\.key_results\.([\w-]+)\.source")
_KPI_SOURCE = re.compile(r"kpis\.([\w-]+)\.source")


def invalid_sources(board: LoadedBoard, only: Iterable[str] = ()) -> list[Measured]:
    """Each source that ``measure`` would read but ``check`` refuses (a misspelt key, a
    path out of the board, a function a query may not call), as that item's error: an
    unattended run must fail on it, not skip it. ``only``: of these items."""
    wanted = set(only)
    found = []
    for rel, problems in sorted(board.file_problems.items()):
        quarter_team = ids.okr_file_key(rel)
        team = rel.removeprefix(f"{ids.KPI_DIR}/").removesuffix(".toml")
        for problem in problems:
            if quarter_team and (match := _KR_SOURCE.fullmatch(problem.key)):
                if quarter_team[0] != board.current_quarter and not wanted:
                    continue
                ref = ids.kr_ref(*quarter_team, *match.groups())
            elif rel.startswith(f"{ids.KPI_DIR}/") and (
                match := _KPI_SOURCE.fullmatch(problem.key)
            ):
                ref = ids.kpi_ref(team, match.group(1))
            else:
                continue
            if not wanted or ref in wanted:
                item = board.key_result(ref) or board.kpi(ref)
                label, unit = (item.label, item.unit) if item else (ref, None)
                error = f"{problem} (okrboard check)"
                found.append(Measured(ref, label, unit, "source", None, error=error))
    return found


def reach(board: Board, only: Iterable[str] = ()) -> tuple[str, ...]:
    """The folders and files ``measure`` reads and writes: the current quarter's OKRs and
    the KPIs, or the files of the items ``only`` names; () for every file (a board with
    no current quarter)."""
    if only:
        return tuple(sorted({ids.parse_ref(ref).file for ref in only}))
    if not board.current_quarter:
        return ()
    return (f"{ids.OKR_DIR}/{board.current_quarter}/", f"{ids.KPI_DIR}/")


def load_measured(
    root: Path | str, every: bool = False, today: dt.date | None = None
) -> LoadedBoard:
    """The board ``measure`` needs: only what it measures is read (at 500 teams, one
    quarter of eight); ``every`` file when items are named, as they may be of any
    quarter. ``today``: the day it is judged as of."""
    board = load_board(root, staged=True, today=today)
    load_pending(board, under=() if every else reach(board))
    return board


def measure(
    board: LoadedBoard,
    today: dt.date,
    only: Iterable[str] = (),
    dry_run: bool = False,
    issues: Callable[[str], Callable[[str], Reading]] | None = None,
) -> list[Measured]:
    """Read each source (``measured_items``) and record the check-ins; what became of
    each. ``issues(ref)`` gives an ``issues`` source its reader. ``board``: whole, or
    as ``load_measured`` reads it; the save reads no more of it (``reach``)."""
    folders = reach(board, only)
    reading = read_all(board, today, only, issues)
    if dry_run:
        for result in reading.results:
            result.outcome = WOULD if result.outcome == RECORDED else result.outcome
        return reading.results
    if reading.recorded:
        try:
            Session(board).edit_parts(reading.record, reading.label, folders, fresh=True)
        except SaveRefused as exc:
            reading.refused(str(exc))
    return reading.results


@dataclass
class Readings:
    """What the sources said, judged: ``record`` is the edit that writes the check-ins
    (for ``Session.edit_parts``, or the app's ``apply``)."""

    results: list[Measured]
    checkins: dict[str, CheckIn]
    today: dt.date

    @property
    def recorded(self) -> list[Measured]:
        return [r for r in self.results if r.outcome == RECORDED]

    @property
    def label(self) -> str:
        return f"measure: {len(self.recorded)} check-ins"

    def record(self, board: Board) -> list[Part]:
        parts: dict[int, Part] = {}  # by identity: comparing parts compares whole files
        for result in self.recorded:
            part = edits.record_checkin(board, result.ref, self.checkins[result.ref], self.today)
            parts.setdefault(id(part), part)
        return list(parts.values())

    def refused(self, why: str) -> None:
        """The save was refused: none of the check-ins is on disk."""
        for result in self.recorded:
            result.outcome, result.error = ERROR, why


@dataclass(frozen=True)
class Item:
    """A source to read, taken from the board before reading (a worker then reads sources
    without touching the live board)."""

    ref: str
    label: str
    unit: str | None
    source: dict[str, Any]
    value: float | None  # the value before
    issues: Callable[[str], Reading] | None  # an ``issues`` source's counter


def planned(
    board: Board,
    only: Iterable[str] = (),
    issues: Callable[[str], Callable[[str], Reading]] | None = None,
) -> list[Item]:
    """The sources ``measure`` reads (``measured_items``), each with what it needs."""
    return [
        Item(
            ref,
            item.label,
            item.unit,
            item.source or {},
            item.value,
            issues(ref) if issues else None,
        )
        for ref, item in measured_items(board, only)
    ]


def read_items(
    root: Path,
    items: list[Item],
    today: dt.date,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[list[Measured], dict[str, CheckIn]]:
    """Read each item's source (any thread: the board is not read); the results and the
    check-ins they would make. ``progress(done, total)`` is called after each source."""
    results: list[Measured] = []
    checkins: dict[str, CheckIn] = {}
    for index, item in enumerate(items):
        result = Measured(item.ref, item.label, item.unit, sources.describe(item.source),
                          item.value)  # fmt: skip
        try:
            reading = read(root, item.source, item.issues)
        except SourceError as exc:
            result.error = str(exc)
        else:
            result.new, result.day = reading.value, reading.day or today
            checkins[item.ref] = CheckIn(date=result.day, value=reading.value, author="okrboard")
        results.append(result)
        if progress is not None:
            progress(index + 1, len(items))
    return results, checkins


def judged(
    board: Board, results: list[Measured], checkins: dict[str, CheckIn], today: dt.date
) -> Readings:
    """What the readings would record on ``board`` (see ``_judge``)."""
    _judge(board, results, checkins, today)
    return Readings(results, checkins, today)


def read_all(
    board: Board,
    today: dt.date,
    only: Iterable[str] = (),
    issues: Callable[[str], Callable[[str], Reading]] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Readings:
    """Read every source, and judge what each reading would record; nothing is written."""
    items = planned(board, only, issues)
    return judged(board, *read_items(board.root, items, today, progress), today)


def _judge(board: Board, results: list[Measured], readings: dict, today: dt.date) -> None:
    """Which readings would be recorded: not one a check-in that day says already, and
    not one the check-in rules refuse (that item's error)."""
    for result in results:
        checkin = readings.get(result.ref)
        if checkin is None:
            continue
        item = board.key_result(result.ref) or board.kpi(result.ref)
        last = item.last_checkin if item else None
        if last is not None and last.date and checkin.date and checkin.date < last.date:
            result.newer = last.date
        same = edits.same_day(item, checkin.date) if item else None
        if same is not None and same.value == checkin.value:
            result.outcome = UNCHANGED
            continue
        quarter = None if result.ref.startswith("kpi/") else ids.quarter_of(result.ref)
        problem = checkin_date_problem(checkin.date, quarter, today, board.settings.calendar)
        result.outcome, result.error = (ERROR, problem) if problem else (RECORDED, None)
