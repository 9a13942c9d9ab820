"""Rules that need more than one value: consistency of a KR, shape of a tree, and references
across files. Type and range rules of single values live in ``schema``.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from typing import Any, NamedTuple

from okrboard.domain import ids, ost, schema, scoring, sources, valuetext
from okrboard.domain.ids import BOARD_FILE
from okrboard.domain.model import (
    Board,
    KeyResult,
    Kpi,
    KpiSet,
    OpportunityTree,
    Roadmap,
    Settings,
    TeamQuarter,
)
from okrboard.domain.problems import Issues


def validate(
    board: Board,
    unparsed: Iterable[str] = (),
    pending: Iterable[str] = (),
    memo: Memo | None = None,
    stamp: object = None,
    today: dt.date | None = None,
    shelved: Mapping[tuple[str, str], frozenset[str]] | None = None,
) -> tuple[dict[str, Issues], Memo]:
    """Issues found across the board, by file (as a path relative to the board root), and
    a memo for the next call.

    ``unparsed``: files that could not be read; ``pending``: files not read yet (a staged
    load). A reference into one is not reported as dangling: that file's own problem is
    the one to fix, or it is checked once read. ``stamp`` stands for board.toml's content
    (its digest): when it and every file's shape are as in ``memo``, a file's issues are
    reused. ``today`` (default: the real one) is the last day a check-in may have.
    ``shelved``: OKR files read and let go (an older quarter the app does not hold), by
    ``(quarter, team)``, with the references of the items each holds: a reference into
    one is checked against those.

    After an edit, only the file read again is checked again, as long as no file's
    shape (its ids, its links, board.toml) changed: the other files' issues are what they
    were. An organisation's 5,000 KRs take 25 ms to check, too long for each keystroke
    that saves.
    """
    shelf = dict(shelved or {})
    resolver = _Resolver(board, list(unparsed), list(pending), today or dt.date.today(), shelf)
    last = memo if isinstance(memo, Memo) else Memo((), {}, {}, {})
    files: dict[str, tuple[Any, tuple, Issues | None]] = {}  # file -> model, shape, issues
    for rel, model in _files(board).items():
        seen = last.files.get(rel)
        files[rel] = seen if seen and seen[0] is model else (model, _shape(model), None)
    key = (stamp, resolver.today, *sorted(resolver.unread))
    # Unchanged when board.toml, the unread files and every file's shape are as they were
    # (else any file's issues may have changed). A file not read again keeps its shape
    # object: compared by identity first (sorting 6,000 shapes took 60 ms an edit).
    same_shapes = all(
        rel not in last.files or shape is last.files[rel][1] or shape == last.files[rel][1]
        for rel, (_, shape, _) in files.items()
    )
    unchanged = (
        key == last.key
        and files.keys() == last.files.keys()
        and same_shapes
        and shelf == last.shelved
    )
    # A quarter let go or read back changes no other file's issues when the items each
    # file holds are the same: other files' checks ask only whether an item is there
    # (stepping into a quarter the app let go re-checked every file: 0.5 s at 500 teams)
    same_items = key == last.key and same_shapes and _same_items(files, shelf, last)
    checked = {
        rel: (
            model,
            shape,
            issues if same_items and issues is not None else _check_file(resolver, model),
        )
        for rel, (model, shape, issues) in files.items()
    }
    across = last.across if unchanged else _across(resolver)
    memo = Memo(key, checked, across, shelf)
    found: dict[str, Issues] = defaultdict(Issues)
    _check_teams(board, found[BOARD_FILE])
    for rule in _unknown_rules(board):
        found[BOARD_FILE].warning(
            ("coach", "severity", rule), f"no coach rule {rule!r} (see docs/coach.md)"
        )
    for rel, (_, _, issues) in checked.items():
        if issues:  # (a file with none gets no entry: 6,000 empty lists took 60 ms)
            found[rel].extend(issues)
    for rel, issues in across.items():
        if issues:
            found[rel].extend(issues)
    return found, memo


def _unknown_rules(board: Board) -> list[str]:
    if not board.coach.severity:
        return []  # the coach (and what it imports) is not needed to open a board
    # lazy: loads on first use, not at start-up (docs/performance.md)
    from okrboard.domain import coach

    return coach.unknown_rules(board)


class Memo(NamedTuple):
    """What ``validate`` found, kept by the loader for the next time."""

    key: tuple  # board.toml and the unread files (each file's shape is in files)
    files: dict[str, tuple[object, tuple, Issues]]  # file -> (model, shape, its own issues)
    across: dict[str, Issues]  # loops of links, which span files
    shelved: dict[tuple[str, str], frozenset[str]]  # OKR files let go, and their items


def item_refs(tq: TeamQuarter) -> frozenset[str]:
    """The references of the objectives and key results an OKR file holds."""
    found = set()
    for objective in tq.objectives.values():
        found.add(ids.objective_ref(tq.quarter, tq.team, objective.id))
        found.update(
            ids.kr_ref(tq.quarter, tq.team, objective.id, kr.id)
            for kr in objective.key_results.values()
        )
    return frozenset(found)


def _same_items(
    files: dict[str, tuple[Any, tuple, Issues | None]],
    shelf: dict[tuple[str, str], frozenset[str]],
    last: Memo,
) -> bool:
    """Whether the files that came or went since ``last`` are OKR files let go or read
    back, each holding the items that were kept of it, and nothing else was let go."""
    if files.keys() == last.files.keys():
        return shelf == last.shelved
    came = [files[rel][0] for rel in files.keys() - last.files.keys()]
    went = [last.files[rel][0] for rel in last.files.keys() - files.keys()]
    for models, was, now in ((came, last.shelved, shelf), (went, shelf, last.shelved)):
        for model in models:
            if not isinstance(model, TeamQuarter):
                return False  # a file new to the board or gone from it, or not an OKR file
            at = (model.quarter, model.team)
            if at in now or was.get(at) != item_refs(model):
                return False
    moved = {(m.quarter, m.team) for m in (*came, *went) if isinstance(m, TeamQuarter)}
    return {k: v for k, v in shelf.items() if k not in moved} == {
        k: v for k, v in last.shelved.items() if k not in moved
    }


File = TeamQuarter | Roadmap | OpportunityTree | KpiSet


def _files(board: Board) -> dict[str, File]:
    """Each OKR file, roadmap, tree and KPI file of the board by its path."""
    return {
        **{ids.okr_file(q, t): tq for (q, t), tq in board.okrs.items()},
        **{ids.roadmap_file(team): roadmap for team, roadmap in board.roadmaps.items()},
        **{ids.tree_file(tree_id): tree for tree_id, tree in board.trees.items()},
        **{ids.kpi_file(team): kpis for team, kpis in board.kpis.items()},
    }


def _shape(model: File) -> tuple:
    """What other files' checks read of a file: the ids it holds and the links between
    them. No file refers into a roadmap."""
    if isinstance(model, TeamQuarter):
        return tuple(
            (
                o.id,
                *(o.aligns_to or ()),
                *((k.id, *(k.contributes_to or ())) for k in o.key_results.values()),
            )
            for o in model.objectives.values()
        )
    if isinstance(model, OpportunityTree):
        return tuple((node.id, node.type) for node in model.nodes.values())
    if isinstance(model, KpiSet):
        return tuple(model.kpis)
    return ()


def _check_file(board: _Resolver, model: File) -> Issues:
    issues = Issues()
    if isinstance(model, TeamQuarter):
        _check_okrs(board, model, issues)
    elif isinstance(model, Roadmap):
        _check_roadmap(board, model, issues)
    elif isinstance(model, KpiSet):
        _check_kpis(board, model, issues)
    else:
        _check_tree(board, model, issues)
    return issues


def _check_okrs(board: _Resolver, tq: TeamQuarter, issues: Issues) -> None:
    if tq.team not in board.teams and board.teams:
        issues.error((), f"the team {tq.team!r} is not listed under [teams] in board.toml")
    for objective in tq.objectives.values():
        opath = ("objectives", objective.id)
        for ref in objective.aligns_to or ():
            if board.objective(ref) is None:
                issues.error((*opath, "aligns_to"), f"no objective {ref!r} on this board")
            elif ids.quarter_of(ref) != tq.quarter and not _opening(board, tq.quarter, ref):
                issues.warning(
                    (*opath, "aligns_to"),
                    f"aligns to {ref!r}, an objective of {ids.quarter_of(ref)}, not of "
                    f"{tq.quarter}: point it at this quarter's objective",
                )
        if objective.carried_from and board.objective(objective.carried_from) is None:
            issues.error((*opath, "carried_from"), _dangling(objective.carried_from))
        for kr in objective.key_results.values():
            kpath = (*opath, "key_results", kr.id)
            check_key_result(kr, kpath, issues, tq.quarter, board.today, board.settings)
            if kr.kpi and board.kpi(kr.kpi) is None:
                issues.error((*kpath, "kpi"), f"no KPI {kr.kpi!r} on this board")
            for ref in kr.contributes_to or ():
                if board.key_result(ref) is None:
                    issues.error((*kpath, "contributes_to"), f"no key result {ref!r}")
            if kr.carried_from and board.key_result(kr.carried_from) is None:
                issues.error((*kpath, "carried_from"), _dangling(kr.carried_from))


def _check_roadmap(board: _Resolver, roadmap: Roadmap, issues: Issues) -> None:
    if roadmap.team not in board.teams and board.teams:
        issues.error((), f"the team {roadmap.team!r} is not listed under [teams] in board.toml")
    for theme in roadmap.themes.values():
        tpath = ("themes", theme.id)
        for ref in theme.key_results or ():
            if board.key_result(ref) is None:
                issues.error((*tpath, "key_results"), f"no key result {ref!r}")
        for ref in theme.objectives or ():
            if board.objective(ref) is None:
                issues.error((*tpath, "objectives"), f"no objective {ref!r}")
        for key in ("impact", "actual_impact"):
            for ref in getattr(theme, key) or {}:
                if board.key_result(ref) is None:
                    issues.error((*tpath, key, ref), f"no key result {ref!r}")
        if theme.solution:
            _check_solution(board, theme.solution, (*tpath, "solution"), issues)


def _check_kpis(board: _Resolver, kpis: KpiSet, issues: Issues) -> None:
    if kpis.team not in board.teams and board.teams:
        issues.error((), f"the team {kpis.team!r} is not listed under [teams] in board.toml")
    for kpi in kpis.kpis.values():
        path = ("kpis", kpi.id)
        if kpi.band is None and kpi.direction is None and not kpi.extra.keys() & {"band"}:
            issues.warning(
                path,
                "neither band = [low, high] nor direction: its health cannot be judged",
            )
        _check_checkin_dates(kpi, path, None, board.today, issues, board.settings.calendar)
        if warning := sources.url_warning(kpi.source):
            issues.warning((*path, "source"), warning)


def _opening(board: _Resolver, quarter: str, ref: str) -> bool:
    """A team opened ``quarter`` before the team it aligns to (the company, say): until
    that team opens it too, aligning to its objective of the quarter before is the plan
    (opening re-points it then), not a problem that fails ``check``."""
    before = str(ids.QuarterId.parse(quarter).previous())
    key = (quarter, ids.team_of(ref))
    return ids.quarter_of(ref) == before and key not in board.okrs and not board.unknown_file(key)


class _Resolver:
    """The board, with lookups that treat items of unreadable files as present."""

    def __init__(
        self,
        board: Board,
        unparsed: list[str],
        pending: list[str],
        today: dt.date,
        shelved: dict[tuple[str, str], frozenset[str]],
    ) -> None:
        self._board = board
        self.today = today
        self.pending = pending
        self.unread = unparsed + pending
        self._unreadable = {key for rel in self.unread if (key := ids.okr_file_key(rel))}
        self._shelved = shelved

    def __getattr__(self, name: str) -> Any:
        return getattr(self._board, name)

    def unknown_file(self, key: tuple[str, str]) -> bool:
        """Whether the OKR file of ``(quarter, team)`` is there but not held: not read
        (yet), or read and let go."""
        return key in self._unreadable or key in self._shelved

    def _held_elsewhere(self, ref: str) -> Any:
        """An item of a file not held: present (True) if that file holds it or was not
        read, None if it was read and does not."""
        key = (ids.quarter_of(ref), ids.team_of(ref))
        if (refs := self._shelved.get(key)) is not None:
            return True if ref in refs else None
        return True if key in self._unreadable else None

    def objective(self, ref: str) -> Any:
        return self._board.objective(ref) or self._held_elsewhere(ref)

    def key_result(self, ref: str) -> Any:
        return self._board.key_result(ref) or self._held_elsewhere(ref)

    def kpi(self, ref: str) -> Any:
        unread = ids.kpi_file(ids.team_of(ref)) in self.unread
        return self._board.kpi(ref) or (True if unread else None)


def _dangling(ref: str) -> str:
    return f"the predecessor {ref!r} is not on this board"


def _check_teams(board: Board, issues: Issues) -> None:
    for team in board.teams.values():
        if team.parent and team.parent not in board.teams:
            issues.error(("teams", team.id, "parent"), f"no team {team.parent!r} in [teams]")


def check_key_result(
    kr: KeyResult,
    path: tuple,
    issues: Issues,
    quarter: str | None = None,
    today: dt.date | None = None,
    settings: Settings | None = None,
) -> None:
    """A KR's own consistency: its target (as written, relative, or binary), direction,
    band, stretch, deadline, its value, check-in dates (within ``quarter`` and not after
    ``today``, when given)."""
    settings = settings or Settings()
    _check_aim(kr, path, issues, quarter, today, settings)
    way = scoring.direction(kr)
    base, target = kr.origin, kr.aim
    if way == "maintain":
        if kr.band is None:
            issues.error((*path, "band"), "a KR that maintains a value needs band = [low, high]")
    elif base is not None and target is not None:
        if base == target:
            issues.error((*path, "target"), "baseline and target are equal: nothing to measure")
        elif (way == "increase") != (target > base):
            better = "decrease" if target < base else "increase"
            issues.error(
                (*path, "direction"),
                f"direction is {way!r} but the target is {'below' if target < base else 'above'} "
                f"the baseline; did you mean {better!r}?",
            )
        if kr.stretch is not None and (kr.stretch - target) * (target - base) < 0:
            issues.error((*path, "stretch"), "the stretch lies on the wrong side of the target")
    if kr.due is not None and quarter and ids.is_quarter(quarter):
        start, end = settings.calendar.span(quarter)
        if not start <= kr.due <= end:
            issues.error(
                (*path, "due"),
                f"{kr.due} is outside {quarter} ({start} to {end}), the KR's quarter",
            )
    if kr.band is not None and way != "maintain":
        issues.warning((*path, "band"), "band only counts when direction = 'maintain'")
    last = kr.last_checkin  # (a check-in in the trend has a value)
    if last and last.value is not None and kr.current is not None and kr.current != last.value:
        issues.error(
            (*path, "current"),
            f"current = {valuetext.plain_number(kr.current)} but the newest check-in "
            f"({last.date}) says {valuetext.plain_number(last.value)}; the check-in counts: "
            f"set current = {valuetext.plain_number(last.value)} or remove the line",
        )
    _check_checkin_dates(kr, path, quarter, today, issues, settings.calendar)
    if warning := sources.url_warning(kr.source):
        issues.warning((*path, "source"), warning)


def _check_aim(
    kr: KeyResult,
    path: tuple,
    issues: Issues,
    quarter: str | None,
    today: dt.date | None,
    settings: Settings,
) -> None:
    """Exactly one way to say the target: ``target``, a ``change`` from the baseline, or
    neither for a binary KR (done = 1). A relative target may wait for its baseline while
    the quarter's first ``stale_days`` run: a check-in then fills it."""
    written = kr.extra.keys() & {"target", "change", "baseline"}
    if written:
        return  # written with a value of the wrong type: that is the problem reported
    if kr.change is not None and kr.target is not None:
        issues.error(
            (*path, "change"),
            f"both change = {kr.change!r} and target = {valuetext.plain_number(kr.target)}: "
            "write one (change derives the target from the baseline)",
        )
    elif kr.target is None and kr.change is None and kr.kind != "binary" and kr.band is None:
        issues.error(
            (*path, "target"),
            "the required key 'target' is missing: write where the KR should end, or change "
            "(kind = 'binary' needs neither)",
        )
    if kr.baseline is not None or (kr.kind == "binary" and kr.change is None):
        return
    if kr.change is None:
        if kr.band is None:
            issues.error(
                (*path, "baseline"),
                "the required key 'baseline' is missing: write where the KR starts "
                "(kind = 'binary' needs none)",
            )
        return
    message = (
        f"change = {kr.change!r} needs a baseline: write baseline = N, or check in the value "
        "measured at the quarter's start (the first check-in sets it)"
    )
    if quarter and ids.is_quarter(quarter) and today is not None:
        waits_until = settings.calendar.first_day(quarter) + dt.timedelta(settings.stale_after)
        if today <= waits_until:
            issues.warning((*path, "change"), f"{message}, by {waits_until}")
            return
    issues.error((*path, "change"), message)


def checkin_date_problem(
    day: dt.date,
    quarter: str | None,
    today: dt.date | None,
    calendar: ids.Calendar = ids.CALENDAR,
) -> str | None:
    """Why a check-in cannot be dated ``day`` on a KR of ``quarter``, or None: it records
    the past, inside the KR's quarter. The one rule for the forms, the commands and check."""
    if today is not None and quarter and ids.is_quarter(quarter):
        start = calendar.span(quarter)[0]
        if today < start:
            return f"{quarter} has not begun: it starts on {start}, check in from then"
    if today is not None and day > today:
        return f"{day} is after today ({today}): a check-in records what has happened"
    if quarter and ids.is_quarter(quarter):
        start, end = calendar.span(quarter)
        if not start <= day <= end:
            return f"{day} is outside {quarter} ({start} to {end}), the KR's quarter"
    return None


def _check_checkin_dates(
    kr: KeyResult | Kpi,
    path: tuple,
    quarter: str | None,
    today: dt.date | None,
    issues: Issues,
    calendar: ids.Calendar,
) -> None:
    """No check-in after today or outside the KR's quarter; one per day."""
    days = []
    for index, checkin in enumerate(kr.checkins or ()):
        if checkin.date is None:
            continue
        days.append(checkin.date)
        problem = checkin_date_problem(checkin.date, quarter, today, calendar)
        if problem:
            issues.error((*path, "checkins", index, "date"), problem)
    if len(set(days)) == len(days):
        return  # the common case, without counting (an org board has thousands of KRs)
    dates = Counter(days)
    for index, checkin in enumerate(kr.checkins or ()):
        if checkin.date is not None and dates[checkin.date] > 1:
            issues.error(
                (*path, "checkins", index),
                f"more than one check-in on {checkin.date.isoformat()}: keep one per day",
            )


def _check_solution(board: _Resolver, ref: str, path: tuple, issues: Issues) -> None:
    _, tree_id, node_id = ref.split("/")
    if ids.tree_file(tree_id) in board.pending:
        return  # not read yet (a staged load): checked once it is
    tree = board.trees.get(tree_id)
    node = tree.nodes.get(node_id) if tree else None
    if node is None:
        issues.error(path, f"no tree node {ref!r}")
    elif node.type != "solution":
        issues.error(path, f"{ref!r} is {node.type or 'untyped'}, not a solution")


def _check_tree(board: _Resolver, tree: OpportunityTree, issues: Issues) -> None:
    if tree.outcome and board.key_result(tree.outcome) is None:
        issues.error(("tree", "outcome"), f"no key result {tree.outcome!r}")
    if tree.team and board.teams and tree.team not in board.teams:
        issues.error(("tree", "team"), f"no team {tree.team!r} in board.toml")
    for node in tree.nodes.values():
        path = ("nodes", node.id)
        parent = tree.nodes.get(node.parent) if node.parent else None
        if node.parent and parent is None:
            issues.error((*path, "parent"), f"no node {node.parent!r} in this tree")
            continue
        allowed = schema.NODE_PARENTS.get(node.type or "")
        parent_type = parent.type if parent else None
        if allowed is not None and parent_type not in allowed:
            where = f"under {_a(parent_type)}" if parent else "at the top of the tree"
            need = " or ".join(_a(t) if t else "the top of the tree" for t in allowed)
            issues.error(
                (*path, "parent"), f"{_a(node.type)} cannot sit {where} (put it under {need})"
            )
        if problem := ost.unregistered(node.type, node.result, node.success_criteria):
            issues.error((*path, "success_criteria"), problem)
    for node_id in _cycle_members(tree.nodes, lambda n: [n.parent] if n.parent else []):
        issues.error(("nodes", node_id, "parent"), "the parent chain loops back to this node")


def _a(word: str | None) -> str:
    word = word or "untyped node"
    return f"{'an' if word[0] in 'aeiou' else 'a'} {word}"


def _across(board: _Resolver) -> dict[str, Issues]:
    """Alignment and contribution links must not loop; nor may team parents."""
    found: dict[str, Issues] = defaultdict(Issues)
    for team_id in _cycle_members(board.teams, lambda t: [t.parent] if t.parent else []):
        found[BOARD_FILE].error(("teams", team_id, "parent"), "the parent chain loops back here")
    objectives = {}
    krs = {}
    for (quarter, team), tq in board.okrs.items():
        for objective in tq.objectives.values():
            objectives[ids.objective_ref(quarter, team, objective.id)] = (tq, objective)
            for kr in objective.key_results.values():
                krs[ids.kr_ref(quarter, team, objective.id, kr.id)] = (tq, objective, kr)
    for ref in _cycle_members(objectives, lambda item: item[1].aligns_to or []):
        tq, objective = objectives[ref]
        found[tq.path.as_posix()].error(
            ("objectives", objective.id, "aligns_to"), "alignment loops back to this objective"
        )
    for ref in _cycle_members(krs, lambda item: item[2].contributes_to or []):
        tq, objective, kr = krs[ref]
        found[tq.path.as_posix()].error(
            ("objectives", objective.id, "key_results", kr.id, "contributes_to"),
            "contributions loop back to this key result",
        )
    return found


def _cycle_members(items: dict, links: Callable[[Any], Iterable[str]]) -> list[str]:
    """Keys of ``items`` that lie on a cycle of ``links`` (links to unknown keys ignored)."""
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    on_cycle: set[str] = set()
    for start in items:
        if start in state:
            continue
        stack = [(start, iter(links(items[start])))]
        path = [start]
        state[start] = 1
        while stack:
            key, children = stack[-1]
            child = next(children, None)
            if child is None:
                stack.pop()
                path.pop()
                state[key] = 2
            elif child in items and state.get(child) == 1:
                on_cycle.update(path[path.index(child) :])
            elif child in items and child not in state:
                state[child] = 1
                path.append(child)
                stack.append((child, iter(links(items[child]))))
    return sorted(on_cycle)
