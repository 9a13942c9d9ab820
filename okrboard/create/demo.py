"""The demo board: the sample in ``board_data`` as a git repository with a real history.

The history is replayed from the sample itself. For each date on which something happens
(a quarter is planned, a weekly check-in, a close, a card move, a test result), each file is
computed as it stood that day and written with the same minimal-edit code the app uses,
so every commit changes just the lines of that day, and the last commit is the sample
exactly. A few changes the final files cannot show (a target moved mid-quarter, cards that
moved between horizons) are scripted in ``EARLIER``.
"""

from __future__ import annotations

import copy
import datetime as dt
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import tomlkit

from okrboard.create import metrics
from okrboard.create.shift import SAMPLE_DAY, Shift, shifted_sample
from okrboard.domain import ids, schema
from okrboard.domain.ids import BOARD_FILE
from okrboard.domain.model import Board, KpiSet, OpportunityTree, Roadmap, TeamQuarter
from okrboard.files import store
from okrboard.files.load import LoadedBoard, load_board
from okrboard.git.runner import import_history, init_repo
from okrboard.git.setup import attributes_text, setup_git

if TYPE_CHECKING:
    from okrboard.domain.model import KeyResult

SAMPLE = Path(__file__).resolve().parents[1] / "board_data"  # okrboard/board_data
PLANNING_DAYS = 7  # a quarter's OKRs are drafted a week before it starts
D = dt.date


def _kr(tq: TeamQuarter, path: str) -> KeyResult:
    objective, kr = path.split("/")
    return tq.objectives[objective].key_results[kr]


def _horizon(theme: str, horizon: str) -> Callable[[Roadmap], None]:
    def apply(roadmap: Roadmap) -> None:
        roadmap.themes[theme].horizon = horizon

    return apply


def _target(path: str, target: float, title: str) -> Callable[[TeamQuarter], None]:
    def apply(tq: TeamQuarter) -> None:
        kr = _kr(tq, path)
        kr.target, kr.title = target, title

    return apply


# (from this date on the file is as in the sample; before it, apply the change) per file.
EARLIER: list[tuple[dt.date, str, Callable]] = [
    (
        D(2026, 10, 20),
        "okrs/2026-Q4/growth.toml",
        _target("trial-value/trial-to-paid", 15, "Raise trial-to-paid conversion from 11% to 15%"),
    ),
    (D(2026, 7, 1), "roadmaps/growth.toml", _horizon("template-gallery", "now")),
    (D(2026, 10, 1), "roadmaps/growth.toml", _horizon("pricing-clarity", "next")),
    (D(2026, 10, 1), "roadmaps/growth.toml", _horizon("sales-assist", "later")),
    (D(2026, 10, 2), "roadmaps/growth.toml", _horizon("referral-rewards", "next")),
    (D(2026, 7, 6), "roadmaps/core.toml", _horizon("query-cache", "now")),
    (D(2026, 9, 28), "roadmaps/core.toml", _horizon("search-everywhere", "next")),
    (D(2026, 10, 1), "roadmaps/mobile.toml", _horizon("offline-mode", "now")),
    (D(2026, 8, 17), "roadmaps/mobile.toml", _horizon("offline-mode", "next")),
]


def _opens(quarter: str) -> dt.date:
    return ids.QuarterId.parse(quarter).start - dt.timedelta(days=PLANNING_DAYS)


def _open_quarters(board: Board, day: dt.date) -> set[str]:
    return {q for q in board.quarters if _opens(q) <= day}


def _okrs_as_of(tq: TeamQuarter, day: dt.date) -> TeamQuarter | None:
    if day < _opens(tq.quarter):
        return None
    tq = copy.deepcopy(tq)
    closed = tq.review.closed if tq.review and tq.review.closed else None
    if closed is None or day < closed:
        tq.review = None
        for objective in tq.objectives.values():
            objective.decision = objective.retro = None
            for kr in objective.key_results.values():
                kr.grade = None
    for objective in tq.objectives.values():
        for kr in objective.key_results.values():
            if kr.checkins is None:
                continue
            kr.checkins = [c for c in kr.checkins if c.date and c.date <= day] or None
            last = kr.checkins[-1] if kr.checkins else None
            kr.current = last.value if last else None
            kr.confidence = last.confidence if last else None
    return tq


def _refs_open(refs: Iterable[str], quarters: set[str]) -> list[str] | None:
    return [r for r in refs if ids.quarter_of(r) in quarters] or None


def _roadmap_as_of(roadmap: Roadmap, day: dt.date, quarters: set[str]) -> Roadmap:
    roadmap = copy.deepcopy(roadmap)
    for theme in roadmap.themes.values():
        # A card is linked to a quarter's KRs once that quarter is being planned.
        theme.key_results = _refs_open(theme.key_results or (), quarters)
        theme.objectives = _refs_open(theme.objectives or (), quarters)
        for key in ("impact", "actual_impact"):
            table = getattr(theme, key)
            if table:
                kept = {k: v for k, v in table.items() if ids.quarter_of(k) in quarters}
                setattr(theme, key, kept or None)
        if theme.horizon != "done":
            theme.actual_impact = None
    return roadmap


def _tree_as_of(tree: OpportunityTree, day: dt.date) -> OpportunityTree | None:
    if tree.created and day < tree.created:
        return None
    tree = copy.deepcopy(tree)
    for node in tree.nodes.values():
        if node.result_date and day < node.result_date:
            node.result = node.result_date = node.learnings = None
    return tree


def _kpis_as_of(kpis: KpiSet, day: dt.date) -> KpiSet | None:
    kpis = copy.deepcopy(kpis)
    for kpi in kpis.kpis.values():
        kpi.checkins = [c for c in kpi.checkins or () if c.date and c.date <= day] or None
    return kpis if any(k.checkins for k in kpis.kpis.values()) else None


def _board_as_of(board: Board, day: dt.date) -> Board:
    early = copy.copy(board)
    opened = sorted(_open_quarters(board, day), key=ids.QuarterId.parse)
    early.current_quarter = opened[-1] if opened else board.current_quarter
    return early


def _event_days(board: Board, scripted: list) -> list[dt.date]:
    days = {_opens(q) for q in board.quarters}
    for tq in board.okrs.values():
        if tq.review and tq.review.closed:
            days.add(tq.review.closed)
    for _, _, kr in board.iter_key_results():
        days.update(c.date for c in kr.checkins or () if c.date)
    for tree in board.trees.values():
        days.update(d for d in [tree.created] + [n.result_date for n in tree.nodes.values()] if d)
    for _, kpi in board.iter_kpis():
        days.update(c.date for c in kpi.checkins or () if c.date)
    days.update(day for day, _, _ in scripted)
    return sorted(days)


def _snapshot(board: Board, day: dt.date, scripted: list) -> dict[str, dict]:
    """Each file's plain content as of ``day`` (files that did not exist yet left out)."""
    quarters = _open_quarters(board, day)
    parts: dict[str, Any] = {BOARD_FILE: _board_as_of(board, day)}
    for tq in board.okrs.values():
        parts[tq.path.as_posix()] = _okrs_as_of(tq, day)
    for roadmap in board.roadmaps.values():
        parts[roadmap.path.as_posix()] = _roadmap_as_of(roadmap, day, quarters)
    for tree in board.trees.values():
        parts[tree.path.as_posix()] = _tree_as_of(tree, day)
    for kpis in board.kpis.values():
        parts[kpis.path.as_posix()] = _kpis_as_of(kpis, day)
    for when, rel, change in scripted:
        if day < when and parts.get(rel) is not None:
            change(parts[rel])
    return {rel: store.encoded(part)[1] for rel, part in parts.items() if part is not None}


def _team_of(rel: str, board: Board) -> str:
    parts = Path(rel).parts
    if parts[0] in ("okrs", "roadmaps", "kpis"):
        return Path(rel).stem
    if parts[0] == "trees":
        return board.trees[Path(rel).stem].team or "company"
    return "company"


def _message(rel: str, before: dict | None, after: dict) -> str:
    """A commit subject in the style okrboard's own commits use."""
    parts = Path(rel).parts
    if parts[0] == "okrs":
        scope = f"okrs({parts[1]}/{Path(rel).stem})"
        if before is None:
            return f"{scope}: draft objectives and key results"
        if "review" in after and "review" not in before:
            return f"{scope}: close the quarter with grades and learnings"
        if _changed(before, after, "target"):
            return f"{scope}: adjust a target"
        return f"{scope}: weekly check-in"
    if parts[0] == "roadmaps":
        scope = f"roadmap({Path(rel).stem})"
        if before is None:
            return f"{scope}: first themes in Now / Next / Later"
        moves = [
            f"{tid} {before['themes'][tid]['horizon']} -> {theme['horizon']}"
            for tid, theme in after.get("themes", {}).items()
            if tid in before.get("themes", {})
            and before["themes"][tid]["horizon"] != theme["horizon"]
        ]
        return f"{scope}: move {', '.join(moves)}" if moves else f"{scope}: link cards to new KRs"
    if parts[0] == "kpis":
        scope = f"kpi({Path(rel).stem})"
        return f"{scope}: start watching KPIs" if before is None else f"{scope}: monthly check-in"
    if parts[0] == "trees":
        scope = f"tree({Path(rel).stem})"
        return f"{scope}: map opportunities" if before is None else f"{scope}: record test results"
    return "board: start the new quarter" if before else "board: set up the Fieldnote board"


def _changed(before: dict, after: dict, key: str) -> bool:
    """Whether any table in the file has a different value under ``key``."""

    def values(table: dict, out: list) -> list:
        for k, v in table.items():
            if isinstance(v, dict):
                values(v, out)
            elif k == key:
                out.append(v)
        return out

    return values(before, []) != values(after, [])


def history(board: LoadedBoard, scripted: list = EARLIER) -> list[tuple]:
    """The demo's commits, oldest first: ``(author, email, when, message, {path: bytes})``.
    ``scripted``: the changes the final files cannot show (``EARLIER``, moved in time
    with the sample).

    Worked out newest first: each file is parsed with tomlkit once and each earlier state is
    the later one with lines taken away or changed in place, so comments and positions stay
    exactly as in the sample.
    """
    docs = {rel: tomlkit.parse(src.text or "") for rel, src in board.sources.items()}
    leads = {t.id: t.lead or t.label for t in board.teams.values()}
    days = _event_days(board, scripted)
    snapshots = [_snapshot(board, day, scripted) for day in days]
    texts: dict[tuple[int, str], bytes] = {}  # (day index, file) -> that day's text
    for index in reversed(range(len(days))):
        later = snapshots[index + 1] if index + 1 < len(days) else {}
        for rel, plain in snapshots[index].items():
            if rel in later and schema.same(later[rel], plain):
                texts[index, rel] = texts[index + 1, rel]
            else:
                store.sync(docs[rel], plain)
                texts[index, rel] = docs[rel].as_string().encode("utf-8")
    commits = []
    for index, day in enumerate(days):
        earlier = snapshots[index - 1] if index else {}
        now = snapshots[index]
        changed = [r for r in now if r not in earlier or not schema.same(earlier[r], now[r])]
        for order, rel in enumerate(sorted(changed, key=_commit_order)):
            name = leads.get(_team_of(rel, board)) or leads.get("company") or "okrboard"
            email = f"{ids.slugify(name).split('-')[0]}@fieldnote.example"
            when = dt.datetime(day.year, day.month, day.day, 9, 0, tzinfo=dt.UTC)
            when += dt.timedelta(minutes=7 * order)
            message = _message(rel, earlier.get(rel), now[rel])
            commits.append((name, email, when, message, {rel: texts[index, rel]}))
    return commits


def _commit_order(rel: str) -> tuple[int, str]:
    return (["board.toml", "okrs", "roadmaps", "trees", "kpis"].index(Path(rel).parts[0]), rel)


def create_demo(target: Path, sample: Path = SAMPLE, today: dt.date = SAMPLE_DAY) -> LoadedBoard:
    """Create the demo board at ``target`` (a new or empty folder) with its history, alive
    on ``today``: its current quarter today's, its newest check-ins a few days old (the
    sample moved in time, ``create.shift``)."""
    target = Path(target)
    if target.exists() and any(target.iterdir()):
        raise FileExistsError(f"{target} is not empty; choose a new folder for the demo")
    target.mkdir(parents=True, exist_ok=True)
    shift = Shift(today)
    scripted = [(shift.day(day), shift.text(rel), change) for day, rel, change in EARLIER]
    with tempfile.TemporaryDirectory(prefix="okrboard-sample-") as moved:
        source = shifted_sample(sample, Path(moved), shift) if shift.moves else sample
        board = load_board(source)
        commits = history(board, scripted)
    commits[0][4][".gitattributes"] = attributes_text().encode()  # every clone has it
    when = dt.datetime(today.year, today.month, today.day, 8, 0, tzinfo=dt.UTC)
    data = {metrics.DATABASE: metrics.database(board, today)}
    message = "metrics: the product database the key results and KPIs measure from"
    commits.append(("Dana Okafor", "dana@fieldnote.example", when, message, data))
    init_repo(target)
    import_history(target, commits)
    setup_git(target)
    return load_board(target, today=today)
