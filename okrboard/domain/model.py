"""The board's domain model: plain dataclasses, no I/O and no textual.

Attribute names are the TOML keys (see ``schema``). An optional key that a file leaves out
is ``None`` here, so writing the model back adds no line the user did not write. Keys the
schema does not know, and values of the wrong type, stay in ``extra`` and are written back
as they were: nothing a user typed is dropped.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, TypeVar

from okrboard.domain import ids
from okrboard.domain.problems import Problem

# Marks a model attribute that is worked out, not read from or written to a file.
DERIVED = {"derived": True}


@dataclass
class Settings:
    stale_days: int | None = None
    on_track_margin: float | None = None
    at_risk_margin: float | None = None
    success_grade: float | None = None
    year_start_month: int | None = None
    fiscal_year_label: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    # Defaults live here, once; the file keeps only what the user set.
    @property
    def stale_after(self) -> int:
        return self.stale_days or 14

    @property
    def on_track(self) -> float:
        return 0.1 if self.on_track_margin is None else self.on_track_margin

    @property
    def at_risk(self) -> float:
        return 0.25 if self.at_risk_margin is None else self.at_risk_margin

    @property
    def success(self) -> float:
        return 0.7 if self.success_grade is None else self.success_grade

    @property
    def calendar(self) -> ids.Calendar:
        """How the board's quarters fall in the calendar (its fiscal year)."""
        if self.year_start_month is None and self.fiscal_year_label is None:
            return ids.CALENDAR
        return ids.Calendar(self.year_start_month or 1, self.fiscal_year_label or "start")


@dataclass
class CoachSettings:
    """The coach's thresholds (``[coach]`` in board.toml); None where the file is silent."""

    min_key_results: int | None = None
    max_key_results: int | None = None
    max_objectives: int | None = None
    vanity_terms: list[str] | None = None
    output_verbs: list[str] | None = None
    severity: dict[str, str] | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Team:
    id: str
    name: str | None = None
    lead: str | None = None
    rank: int | None = None
    parent: str | None = None
    description: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return self.name or self.id


@dataclass(slots=True)
class CheckIn:
    date: dt.date | None = None
    value: float | None = None
    confidence: int | None = None
    note: str | None = None
    blockers: str | None = None
    author: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


class Measured:
    """What a key result and a KPI share: check-ins, one per line, the newest of which is
    the value."""

    checkins: list[CheckIn] | None

    @property
    def trend(self) -> list[CheckIn]:
        """Check-ins with a date and value, oldest first."""
        dated = [c for c in self.checkins or () if c.date is not None and c.value is not None]
        return sorted(dated, key=lambda c: c.date or dt.date.min)  # every one has a date

    @property
    def last_checkin(self) -> CheckIn | None:
        """The newest of ``trend`` (of two on one day, the later line), found without
        sorting: the alignment map asks it of every KR of a quarter."""
        newest: CheckIn | None = None
        for c in self.checkins or ():
            if c.date is None or c.value is None:
                continue
            if newest is None or newest.date is None or c.date >= newest.date:
                newest = c
        return newest


@dataclass
class KeyResult(Measured):
    id: str
    title: str | None = None
    owner: str | None = None
    rank: int | None = None
    description: str | None = None
    unit: str | None = None
    baseline: float | None = None
    target: float | None = None
    change: str | None = None  # a target relative to the baseline: "-40%", "+25%"
    target_reason: str | None = None  # why it moved after the quarter began
    current: float | None = None
    stretch: float | None = None
    direction: str | None = None
    band: list[float] | None = None
    weight: float | None = None
    kind: str | None = None
    due: dt.date | None = None  # a deadline inside the quarter
    start: dt.date | None = None  # the day it began counting, when not the day it was added
    impact: str | None = None
    indicator: str | None = None
    confidence: int | None = None
    links: list[str] | None = None
    kpi: str | None = None  # the KPI this KR moves: kpi/TEAM/ID
    source: dict[str, Any] | None = None  # where its value comes from (domain.sources)
    contributes_to: list[str] | None = None
    carried_from: str | None = None
    grade: float | None = None
    checkins: list[CheckIn] | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    # The day the first commit holding it was made (git.births), or the day it was added
    # when no commit holds it yet; None outside git. Not a key of the file.
    born: dt.date | None = field(default=None, compare=False, repr=False, metadata=DERIVED)

    @property
    def label(self) -> str:
        return self.title or self.id

    @property
    def aim(self) -> float | None:
        """The value to reach: ``target`` as written, or for a relative target
        (``change = "-40%"``) the baseline moved by that share; None while either is
        missing. A binary KR without numbers aims at 1 (done)."""
        if self.target is not None:
            return self.target
        if self.change is not None:
            share = percent_change(self.change)
            if share is None or self.baseline is None:
                return None
            return round(self.baseline * (1 + share / 100), 9)
        return 1.0 if self.kind == "binary" else None

    @property
    def origin(self) -> float | None:
        """The value progress starts from: the baseline (0 for a binary KR without one)."""
        if self.baseline is None and self.kind == "binary" and self.target is None:
            return 0.0
        return self.baseline

    @property
    def value(self) -> float | None:
        """The KR's value: its newest check-in's (by date), else ``current``, else the
        baseline. ``current`` is the copy a check-in writes; ``check`` reports a copy that
        disagrees with the newest check-in (docs/format.md, "One value per KR")."""
        last = self.last_checkin
        if last is not None:
            return last.value
        return self.baseline if self.current is None else self.current


@dataclass
class Kpi(Measured):
    """A standing health metric (NPS, churn, uptime): it never expires, has no target, and
    is healthy inside its ``band`` or while it moves in its ``direction``."""

    id: str
    title: str | None = None
    owner: str | None = None
    rank: int | None = None
    description: str | None = None
    unit: str | None = None
    direction: str | None = None
    band: list[float] | None = None
    links: list[str] | None = None
    source: dict[str, Any] | None = None
    checkins: list[CheckIn] | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return self.title or self.id

    @property
    def value(self) -> float | None:
        last = self.last_checkin
        return last.value if last is not None else None


@dataclass
class KpiSet:
    """One KPI file: a team's KPIs (``kpis/growth.toml``)."""

    team: str
    kpis: dict[str, Kpi] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def path(self) -> Path:
        return Path(ids.kpi_file(self.team))

    def ranked(self) -> list[Kpi]:
        return ranked(self.kpis.values())


@dataclass
class Objective:
    id: str
    title: str | None = None
    owner: str | None = None
    rank: int | None = None
    description: str | None = None
    aligns_to: list[str] | None = None
    carried_from: str | None = None
    decision: str | None = None
    retro: str | None = None
    key_results: dict[str, KeyResult] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return self.title or self.id

    def ranked_key_results(self) -> list[KeyResult]:
        return ranked(self.key_results.values())


@dataclass
class Review:
    """A quarter's close for one team: when, and what was learned."""

    closed: dt.date | None = None
    learnings: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class TeamQuarter:
    """One OKR file: a team's objectives for one quarter (``okrs/2026-Q3/growth.toml``)."""

    quarter: str
    team: str
    objectives: dict[str, Objective] = field(default_factory=dict)
    review: Review | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def path(self) -> Path:
        return Path(ids.okr_file(self.quarter, self.team))

    @property
    def closed(self) -> dt.date | None:
        """The day the team closed this quarter (then its file is read-only), or None."""
        return self.review.closed if self.review is not None else None

    def ranked_objectives(self) -> list[Objective]:
        return ranked(self.objectives.values())


@dataclass
class RoadmapTheme:
    id: str
    title: str | None = None
    horizon: str | None = None
    rank: int | None = None
    status: str | None = None
    owner: str | None = None
    problem: str | None = None
    hypothesis: str | None = None
    confidence: int | None = None
    tags: list[str] | None = None
    visibility: str | None = None
    key_results: list[str] | None = None
    objectives: list[str] | None = None
    impact: dict[str, float] | None = None
    actual_impact: dict[str, float] | None = None
    links: list[str] | None = None
    solution: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return self.title or self.id


@dataclass
class Roadmap:
    """One roadmap file: a team's themes (``roadmaps/growth.toml``)."""

    team: str
    themes: dict[str, RoadmapTheme] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def path(self) -> Path:
        return Path(ids.roadmap_file(self.team))

    def column(self, horizon: str) -> list[RoadmapTheme]:
        return ranked(t for t in self.themes.values() if t.horizon == horizon)


@dataclass
class TreeNode:
    """A node of an opportunity solution tree; which fields apply depends on ``type``."""

    id: str
    type: str | None = None
    title: str | None = None
    parent: str | None = None
    rank: int | None = None
    description: str | None = None
    # opportunity
    segment: str | None = None
    reach: int | None = None
    frequency: float | None = None
    severity: int | None = None
    target: bool | None = None
    # opportunity: list of notes; assumption: strength of evidence 1-5
    evidence: list[str] | int | None = None
    # solution
    status: str | None = None
    effort: str | None = None
    # assumption
    category: str | None = None
    importance: int | None = None
    # test
    hypothesis: str | None = None
    method: str | None = None
    success_criteria: str | None = None
    due: dt.date | None = None
    result: str | None = None
    result_date: dt.date | None = None
    learnings: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return self.title or self.id


@dataclass
class OpportunityTree:
    """One tree file (``trees/activation.toml``), rooted at a key result."""

    id: str
    title: str | None = None
    outcome: str | None = None
    team: str | None = None
    owner: str | None = None
    created: dt.date | None = None
    description: str | None = None
    nodes: dict[str, TreeNode] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)  # unknown keys of [tree]
    file_extra: dict[str, Any] = field(default_factory=dict)  # unknown top-level tables

    @property
    def label(self) -> str:
        return self.title or self.id

    @property
    def path(self) -> Path:
        return Path(ids.tree_file(self.id))

    def children(self, parent: str | None) -> list[TreeNode]:
        return ranked(n for n in self.nodes.values() if n.parent == parent)


@dataclass
class Board:
    """A whole board: board.toml's settings and teams, every OKR file, roadmap and tree, and
    the problems found in them. The domain only: how each file was read is the files
    layer's (``files.load.LoadedBoard``)."""

    root: Path
    name: str | None = None
    current_quarter: str | None = None
    description: str | None = None
    settings: Settings = field(default_factory=Settings)
    coach: CoachSettings = field(default_factory=CoachSettings)
    teams: dict[str, Team] = field(default_factory=dict)
    okrs: dict[tuple[str, str], TeamQuarter] = field(default_factory=dict)
    roadmaps: dict[str, Roadmap] = field(default_factory=dict)
    trees: dict[str, OpportunityTree] = field(default_factory=dict)
    kpis: dict[str, KpiSet] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)  # unknown keys of [board]
    file_extra: dict[str, Any] = field(default_factory=dict)  # unknown top-level tables

    @property
    def label(self) -> str:
        return self.name or self.root.name

    @property
    def quarters(self) -> list[str]:
        """Every quarter with an OKR file, oldest first."""
        return sorted({q for q, _ in self.okrs}, key=ids.QuarterId.parse)

    def line(self, rel: str, path: tuple) -> int | None:
        """The line where ``path`` is written in the file ``rel``: unknown here (a board
        read from files knows it, ``files.load.LoadedBoard``)."""
        return None

    def team_quarters(self, quarter: str) -> list[TeamQuarter]:
        """The OKR files of one quarter, in team rank order."""
        order = {t.id: i for i, t in enumerate(ranked(self.teams.values()))}
        found = [tq for (q, _), tq in self.okrs.items() if q == quarter]
        return sorted(found, key=lambda tq: (order.get(tq.team, len(order)), tq.team))

    def objective(self, ref: str) -> Objective | None:
        parts = ref.split("/")  # not parse_ref: a bad reference is simply not on the board
        if len(parts) != 3:
            return None
        tq = self.okrs.get((parts[0], parts[1]))
        return tq.objectives.get(parts[2]) if tq else None

    def key_result(self, ref: str) -> KeyResult | None:
        parts = ref.split("/")
        if len(parts) != 4:
            return None
        objective = self.objective("/".join(parts[:3]))
        return objective.key_results.get(parts[3]) if objective else None

    def kpi(self, ref: str) -> Kpi | None:
        parts = ref.split("/")
        if len(parts) != 3 or parts[0] != "kpi":
            return None
        found = self.kpis.get(parts[1])
        return found.kpis.get(parts[2]) if found else None

    def iter_kpis(self) -> Iterator[tuple[str, Kpi]]:
        """``(ref, kpi)`` for every KPI on the board, team by team (in rank order)."""
        order = {t.id: i for i, t in enumerate(ranked(self.teams.values()))}
        for team, kpis in sorted(self.kpis.items(), key=lambda i: (order.get(i[0], 1e9), i[0])):
            for kpi in kpis.ranked():
                yield ids.kpi_ref(team, kpi.id), kpi

    def iter_key_results(
        self, quarter: str | None = None
    ) -> Iterator[tuple[str, Objective, KeyResult]]:
        """``(ref, objective, key_result)`` for every KR on the board, or of ``quarter``."""
        for (in_quarter, team), tq in self.okrs.items():
            if quarter is not None and in_quarter != quarter:
                continue
            for objective in tq.objectives.values():
                for kr in objective.key_results.values():
                    yield ids.kr_ref(in_quarter, team, objective.id, kr.id), objective, kr


_PERCENT = re.compile(r"([+-])(\d+(?:\.\d+)?)\s?%")


def percent_change(text: object) -> float | None:
    """``"-40%"`` -> -40.0; None for text that is not a signed, non-zero percentage."""
    match = _PERCENT.fullmatch(text.strip()) if isinstance(text, str) else None
    if match is None:
        return None
    share = float(match[2]) * (-1 if match[1] == "-" else 1)
    return share if share and share > -100 else None


class _Ranked(Protocol):
    @property
    def rank(self) -> int | None: ...
    @property
    def id(self) -> str: ...


R = TypeVar("R", bound=_Ranked)


def ranked(items: Iterable[R]) -> list[R]:
    """Items by explicit ``rank`` (unranked last), then by id: never by file position."""
    return sorted(items, key=lambda i: (i.rank is None, i.rank or 0, i.id))


# What an edit changes and a save writes: one file's worth of the board.
Part = Board | TeamQuarter | Roadmap | OpportunityTree | KpiSet
