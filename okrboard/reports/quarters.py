"""Quarter over quarter: what was kept, dropped and added, and targets against results.

OKRs of two quarters live side by side on the board, so they are compared from the board
itself; objectives and key results are matched through their lineage (``carried_from``).
The roadmap as it stood at each quarter's end comes from git (the last commit on or before
that day), when the board is in a repository.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from okrboard.domain import ids, schema, scoring, semdiff, valuetext
from okrboard.domain.cache import Cache
from okrboard.domain.model import Board, KeyResult, Objective
from okrboard.domain.text import count
from okrboard.domain.text import lines as text_lines
from okrboard.files.load import unreadable_files

# The board as of a day (and the tags of a quarter's close commits): quarters.boards_from_git
BoardOn = Callable[..., Board | None]


@dataclass
class QuarterDiff:
    a: str
    b: str
    kept: list[tuple[str, str]] = field(default_factory=list)  # (objective in a, in b)
    dropped: list[str] = field(default_factory=list)  # objectives of a not carried on
    added: list[str] = field(default_factory=list)  # objectives of b with no predecessor
    results: list[dict] = field(default_factory=list)  # each KR of a: target vs achieved
    carried: list[dict] = field(default_factory=list)  # KRs carried from a to b
    roadmap: list[semdiff.Change] = field(default_factory=list)  # end of a -> end of b
    trees: list[semdiff.Change] = field(default_factory=list)  # the same, for the trees
    roadmap_note: str = ""  # why the roadmap and trees are missing, when they are


def _objectives(board: Board, quarter: str) -> dict[str, Objective]:
    return {
        ids.objective_ref(quarter, tq.team, o.id): o
        for tq in board.team_quarters(quarter)
        for o in tq.ranked_objectives()
    }


def compare(board: Board, a: str, b: str, board_on: BoardOn | None = None) -> QuarterDiff:
    """Quarter ``a`` against quarter ``b``. ``board_on(day)`` gives the board as of a day
    (for the roadmap and trees as they stood at each quarter's end); without it they are
    left out."""
    for quarter in (a, b):
        ids.QuarterId.parse(quarter)  # a clear ValueError for a bad quarter name
        if not board.team_quarters(quarter):  # as report refuses: nothing to compare
            raise ValueError(f"no OKRs for {quarter} on this board")
    result = QuarterDiff(a, b)
    in_a, in_b = _objectives(board, a), _objectives(board, b)
    successors: dict[str, str] = {}
    for ref_b, objective in in_b.items():
        before = objective.carried_from
        if before not in in_a:  # no lineage: the same id in the same team is the same objective
            same = f"{a}/{ref_b.split('/', 1)[1]}"
            before = same if same in in_a else None
        if before:
            successors[before] = ref_b
            result.kept.append((before, ref_b))
        else:
            result.added.append(ref_b)
    result.dropped = [ref for ref in in_a if ref not in successors]
    carried_from = {kr.carried_from: ref for ref, kr in _key_results(board, b) if kr.carried_from}
    for ref, kr in _key_results(board, a):
        grade = scoring.grade_as_of(kr, a, dt.date.today(), board.settings)
        result.results.append(
            {
                "ref": ref,
                "title": kr.label,
                "target": kr.aim,
                "achieved": kr.value,
                "unit": kr.unit,
                "grade": grade,
            }
        )
        successor = board.key_result(carried_from[ref]) if ref in carried_from else None
        if successor is not None:  # None: its id is not usable (the file says so)
            result.carried.append(
                {
                    "from": ref,
                    "to": carried_from[ref],
                    "achieved": kr.value,
                    "new_baseline": successor.baseline,
                    "old_target": kr.aim,
                    "new_target": successor.aim,
                }
            )
    if board_on is not None:
        (end_a, closes_a), (end_b, closes_b) = quarter_end(board, a), quarter_end(board, b)
        old, new = board_on(end_a, closes_a), board_on(min(end_b, dt.date.today()), closes_b)
        if old is None or new is None:
            result.roadmap_note = "no commit before the quarter's end"
        else:
            changes = _changes(old, new)
            result.roadmap = [c for c in changes if c.what == "theme"]
            result.trees = [c for c in changes if c.what == "node"]
    else:
        result.roadmap_note = "not in a git repository: the roadmap's history is unknown"
    return result


def _key_results(board: Board, quarter: str) -> Iterator[tuple[str, KeyResult]]:
    """``(ref, kr)`` for the KRs of one quarter, in the order of the board's files."""
    for (q, team), tq in board.okrs.items():
        if q == quarter:
            for objective in tq.objectives.values():
                for kr in objective.key_results.values():
                    yield ids.kr_ref(q, team, objective.id, kr.id), kr


# the last few, by the boards' ids, with the boards (so an id is not reused meanwhile)
_DIFFS: Cache[tuple[int, int], tuple[Board, Board, list]] = Cache(4)


def _changes(old: Board, new: Board) -> list:
    """``semdiff.diff`` of two boards read from git (kept by commit, never edited): asked
    again for the same two, the changes found before (a warm compare took 40 ms more)."""
    key = (id(old), id(new))
    found = _DIFFS.get(key)
    if found is not None and found[0] is old and found[1] is new:
        return found[2]
    changes = semdiff.diff(old, new, skip=unreadable_files(old, new))
    _DIFFS.put(key, (old, new, changes))
    return changes


def quarter_end(board: Board, quarter: str) -> tuple[dt.date, str | None]:
    """When ``quarter`` ended: its last day, or, when every team closed it before that, the
    last close (the next quarter's planning starts then), with the pattern of the close
    tags that mark the close commits."""
    end = board.settings.calendar.last_day(quarter)
    teams = board.team_quarters(quarter)
    closed = [tq.closed for tq in teams if tq.closed is not None]
    if not teams or len(closed) < len(teams) or max(closed) >= end:
        return end, None
    return max(closed), ids.close_tag(quarter, "*")


def boards_from_git(root: Path) -> BoardOn | None:
    """``board_on(day, tags)`` for ``compare``: the board at the newest commit tagged to
    match ``tags`` (a quarter's close commits), else at the last commit on or before
    ``day``; None when the board is not in git (or git is missing)."""
    # lazy: git's layer loads only when git is asked (start-up, docs/performance.md)
    from okrboard.git.revisions import GitError, board_at, in_git, newest_tagged
    from okrboard.git.runner import GitUnavailable

    try:
        if not in_git(root):
            return None
    except GitUnavailable:
        return None

    def on(day: dt.date, tags: str | None = None) -> Board | None:
        try:
            rev = (newest_tagged(root, tags) if tags else None) or day.isoformat()
            return board_at(root, rev, ("roadmaps", "trees"))
        except GitError:  # no commit yet on that day
            return None

    return on


# -- the review document: by team and objective ------------------------------------------


def result(kr: KeyResult) -> str:
    """What a KR reached, against what it aimed at: ``9 days (target 7, from 14)``,
    ``99.98% (band 99.9–100%)``; the same reading for every direction."""
    unit = kr.unit
    reached = valuetext.with_unit(kr.value, unit) if kr.value is not None else "no value"
    if kr.band is not None:
        return f"{reached} (band {valuetext.band_text(kr.band, unit)})"
    aims = []
    if kr.aim is not None:
        aims.append(f"target {valuetext.show_value(kr.aim)}")
    if kr.baseline is not None:
        aims.append(f"from {valuetext.show_value(kr.baseline)}")
    return f"{reached} ({', '.join(aims)})" if aims else reached


def _aim(kr: KeyResult) -> str:
    """A KR's aim: ``target 60%, from 52%``."""
    if kr.band is not None:
        return f"band {valuetext.band_text(kr.band, kr.unit)}"
    target = valuetext.with_unit(kr.aim, kr.unit) if kr.aim is not None else "no target"
    start = f", from {valuetext.show_value(kr.baseline)}" if kr.baseline is not None else ""
    change = f" ({kr.change})" if kr.change else ""
    return f"target {target}{change}{start}"


def _same_aim(old: KeyResult, new: KeyResult) -> bool:
    same_change = old.change is not None and old.change == new.change  # moves with the baseline
    return (same_change or schema.same(old.aim, new.aim)) and schema.same(old.band, new.band)


def _next(old: KeyResult, new: KeyResult | None) -> str:
    """What became of a KR in the next quarter, saying only what changed: its new title,
    its new aim (its result, the old aim, is on the line already)."""
    if new is None:
        return "not carried"
    named = f" as “{new.label}”" if new.label != old.label else ""
    if not _same_aim(old, new) or not schema.same(old.baseline, new.baseline):
        return f"carried{named} ({_aim(new)})"
    return f"carried{named}" if named else "carried as it was"


def review(board: Board, diff: QuarterDiff) -> dict:
    """Quarter ``a`` against ``b`` as a review meeting reads it: team by team, each
    objective of ``a`` with its grade, the decision made (kept, modified and how,
    dropped), its retro and its KRs' results and what became of them; then the objectives
    new in ``b``, the roadmap and the trees. Plain data: JSON, Markdown and text."""
    teams: dict[str, dict] = {}

    def team_of(ref: str) -> dict:
        team = ids.team_of(ref)
        if team not in teams:
            known = board.teams.get(team)
            name = known.label if known else team
            teams[team] = {"team": team, "name": name, "objectives": [], "new": []}
        return teams[team]

    for oref, objective in _objectives(board, diff.a).items():
        team_of(oref)["objectives"].append(_reviewed(board, diff, oref, objective))
    for oref in diff.added:
        if (added := board.objective(oref)) is not None:
            krs = [
                {"ref": ids.child_ref(oref, kid), "title": kr.label, "aim": _aim(kr)}
                for kid, kr in added.key_results.items()
            ]
            team_of(oref)["new"].append({"ref": oref, "title": added.label, "key_results": krs})
    reviewed = [o for t in teams.values() for o in t["objectives"]]
    counts = {k: sum(o["decision"] == k for o in reviewed) for k in ("kept", "modified", "dropped")}
    grades = [o["grade"] for o in reviewed if o["grade"] is not None]
    order = {t.id: i for i, t in enumerate(board.teams.values())}
    return {
        "a": diff.a,
        "b": diff.b,
        "counts": counts | {"new": sum(len(t["new"]) for t in teams.values())},
        "average_grade": round(sum(grades) / len(grades), 2) if grades else None,
        "success_grade": board.settings.success,
        "teams": sorted(
            teams.values(), key=lambda t: (order.get(t["team"], len(order)), t["team"])
        ),
        "roadmap": [c.as_dict() for c in diff.roadmap],
        "trees": [c.as_dict() for c in diff.trees],
        "roadmap_note": diff.roadmap_note,
    }


def _reviewed(board: Board, diff: QuarterDiff, oref: str, objective: Objective) -> dict:
    """One objective of quarter ``a``: its grade, its KRs' results and what became of
    them, and the decision: dropped, kept, or modified and how."""
    successor = dict(diff.kept).get(oref)
    carried = {c["from"]: c["to"] for c in diff.carried}
    after = board.objective(successor) if successor else None
    krs: list[dict[str, Any]] = []
    how: list[str] = []
    retargeted = 0
    for kid, kr in objective.key_results.items():
        kref = ids.child_ref(oref, kid)
        new_kr = board.key_result(carried[kref]) if kref in carried else None
        krs.append(
            {
                "ref": kref,
                "title": kr.label,
                "result": result(kr),
                "grade": scoring.grade_as_of(kr, diff.a, dt.date.today(), board.settings),
                "next": _next(kr, new_kr) if after else None,
            }
        )
        if after is not None and new_kr is None:
            how.append(f"“{kr.label}” not carried")
        elif new_kr is not None and not _same_aim(kr, new_kr):
            retargeted += 1
    if retargeted:
        how.insert(0, f"{count(retargeted, 'key result')} with a new aim")
    if after is not None and successor is not None:
        if after.label != objective.label:
            how.insert(0, f"reworded as “{after.label}”")
        carried_into = {carried.get(ids.child_ref(oref, k)) for k in objective.key_results}
        how += [
            f"“{kr.label}” added"
            for kid, kr in after.key_results.items()
            if ids.child_ref(successor, kid) not in carried_into
        ]
    grade = scoring.objective_grade_as_of(objective, diff.a, dt.date.today(), board.settings)
    return {
        "ref": oref,
        "title": objective.label,
        "grade": grade,
        "band": None if grade is None else scoring.grade_band(grade, board.settings).value,
        "decision": "dropped" if after is None else "modified" if how else "kept",
        "how": how,
        "recorded": objective.decision,  # what the close said: keep, modify, abandon
        "retro": objective.retro,
        "next": {"ref": successor, "title": after.label} if after else None,
        "key_results": krs,
    }


def _grade(objective: dict) -> str:
    if objective["grade"] is None:
        return "not graded"
    return f"grade {objective['grade']:.2f} ({objective['band']})"


def summary(data: dict) -> str:
    """One line: how many objectives were kept, modified, dropped and new; the grade."""
    counts = ", ".join(f"{n} {k}" for k, n in data["counts"].items())
    average = data["average_grade"]
    graded = (
        ""
        if average is None
        else f"; average grade {average:.2f} (success at {data['success_grade']:g})"
    )
    return f"Objectives of {data['a']}: {counts}{graded}."


def change_lines(data: dict, key: str) -> list[str]:
    """The roadmap's or trees' changes, one line per item: its title (and tree), then what
    changed; an added or removed item's title is in its description already."""
    items: dict[tuple[str, bool], list[str]] = {}
    for change in data[key]:
        whole = change["kind"] in ("added", "removed", "reordered")
        items.setdefault((change["ref"], whole), []).append(change["text"])
    lines = []
    for (ref, whole), said in items.items():
        tree = f"{ref.split('/')[1]}: " if key == "trees" else ""
        label = next(c["label"] for c in data[key] if c["ref"] == ref)
        lines += (
            [f"{tree}{text}" for text in said] if whole else [f"{tree}{label}: {'; '.join(said)}"]
        )
    return lines


def as_markdown(data: dict) -> str:
    """The review as Markdown, for the quarterly review meeting."""
    a, b = data["a"], data["b"]
    lines = [f"## Quarter over quarter: {a} → {b}", "", summary(data)]
    for team in data["teams"]:
        lines += ["", f"### {team['name']}"]
        for o in team["objectives"]:
            lines += ["", f"**{o['title']}** · {_grade(o)} · {o['decision']}"]
            if o["how"]:
                lines.append(f"- Modified: {'; '.join(o['how'])}")
            if o["recorded"]:
                lines.append(f"- Decided at the close: {o['recorded']}")
            if o["retro"]:
                lines.append(f"- Retro: {valuetext.show_value(o['retro'])}")
            for kr in o["key_results"]:
                grade = "" if kr["grade"] is None else f" · {kr['grade']:.2f}"
                then = f" → {kr['next']}" if kr["next"] else ""
                lines.append(f"- {kr['title']}: {kr['result']}{grade}{then}")
        for o in team["new"]:
            lines += ["", f"**{o['title']}** · new in {b}"]
            lines += [f"- {kr['title']}: {kr['aim']}" for kr in o["key_results"]]
    for key, name in (("roadmap", "Roadmap"), ("trees", "Opportunity trees")):
        lines += ["", f"### {name}, end of {a} → end of {b}", ""]
        if data["roadmap_note"]:
            lines.append(f"- ({data['roadmap_note']})")
        else:
            lines += [f"- {line}" for line in change_lines(data, key)] or ["- No changes."]
    return "\n".join(lines) + "\n"


def as_text(data: dict) -> str:
    """The review as plain text: the same lines, indented instead of marked up."""
    lines = []
    for line in text_lines(as_markdown(data)):
        if line.startswith("## "):
            lines.append(line[3:])
        elif line.startswith("### "):
            lines.append(line[4:])
        elif line.startswith("**"):
            title, _, rest = line[2:].partition("**")
            lines.append(f"  {title}{rest}")
        elif line.startswith("- "):
            lines.append(f"    {line[2:]}")
        elif line:
            lines.append(line)
    return "\n".join(lines) + "\n"
