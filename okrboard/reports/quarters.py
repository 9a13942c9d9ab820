"""Quarter over quarter: what was kept, dropped and added, and targets against results.

OKRs of two quarters live side by side on the board, so they are compared from the board
itself; objectives and key results are matched through their lineage (``carried_from``).
The roadmap as it stood at each quarter's end comes from git (the last commit on or before
that day), when the board is in a repository.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from pathlib import Path

from okrboard.domain import ids, scoring, semdiff
from okrboard.domain.model import Board, Objective


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

    def as_dict(self) -> dict:
        out = asdict(self)
        out["kept"] = [{"from": a, "to": b} for a, b in self.kept]
        out["roadmap"] = [c.as_dict() for c in self.roadmap]
        out["trees"] = [c.as_dict() for c in self.trees]
        return out


def _objectives(board: Board, quarter: str) -> dict[str, Objective]:
    return {
        ids.objective_ref(quarter, tq.team, o.id): o
        for tq in board.team_quarters(quarter)
        for o in tq.ranked_objectives()
    }


def compare(board: Board, a: str, b: str, board_on=None) -> QuarterDiff:
    """Quarter ``a`` against quarter ``b``. ``board_on(day)`` gives the board as of a day
    (for the roadmap and trees as they stood at each quarter's end); without it they are
    left out."""
    for quarter in (a, b):
        ids.QuarterId.parse(quarter)  # a clear ValueError for a bad quarter name
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
    carried_from = {
        kr.carried_from: ref
        for ref, _, kr in board.iter_key_results()
        if ref.startswith(b + "/") and kr.carried_from
    }
    for ref, _, kr in board.iter_key_results():
        if not ref.startswith(a + "/"):
            continue
        grade = scoring.grade(kr)
        result.results.append(
            {
                "ref": ref,
                "title": kr.label,
                "target": kr.target,
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
                    "old_target": kr.target,
                    "new_target": successor.target,
                }
            )
    if board_on is not None:
        (end_a, closes_a), (end_b, closes_b) = quarter_end(board, a), quarter_end(board, b)
        old, new = board_on(end_a, closes_a), board_on(min(end_b, dt.date.today()), closes_b)
        if old is None or new is None:
            result.roadmap_note = "no commit before the quarter's end"
        else:
            changes = semdiff.diff(old, new)
            result.roadmap = [c for c in changes if c.what == "theme"]
            result.trees = [c for c in changes if c.what == "node"]
    else:
        result.roadmap_note = "not in a git repository: the roadmap's history is unknown"
    return result


def quarter_end(board: Board, quarter: str) -> tuple[dt.date, str | None]:
    """When ``quarter`` ended: its last day, or, when every team closed it before that, the
    last close (the next quarter's planning starts then), with the pattern of the close
    tags that mark the close commits."""
    end = ids.QuarterId.parse(quarter).end
    teams = board.team_quarters(quarter)
    closed = [tq.closed for tq in teams if tq.closed is not None]
    if not teams or len(closed) < len(teams) or max(closed) >= end:
        return end, None
    return max(closed), ids.close_tag(quarter, "*")


def boards_from_git(root: Path):
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

    def on(day: dt.date, tags: str | None = None):
        try:
            rev = (newest_tagged(root, tags) if tags else None) or day.isoformat()
            return board_at(root, rev, ("roadmaps", "trees"))
        except GitError:  # no commit yet on that day
            return None

    return on


def _kr_line(item: dict) -> str:
    unit = f" {item['unit']}" if item.get("unit") else ""
    grade = "—" if item["grade"] is None else f"{item['grade']:.2f}"
    return (
        f"{item['title']}: {semdiff.show_value(item['achieved'])} of "
        f"{semdiff.show_value(item['target'])}{unit} (grade {grade})"
    )


def change_line(change: semdiff.Change) -> str:
    """An item's change; an added or removed item's title is in the description already."""
    text = semdiff.describe(change)
    return text if change.kind in ("added", "removed") else f"{change.label}: {text}"


def as_text(diff: QuarterDiff, board: Board) -> str:
    def title(ref: str) -> str:
        item = board.objective(ref)
        return item.label if item else ref

    lines = [f"{diff.a} -> {diff.b}"]
    lines += [f"  kept     {title(b)}" for _, b in diff.kept]
    lines += [f"  dropped  {title(r)}" for r in diff.dropped]
    lines += [f"  added    {title(r)}" for r in diff.added]
    lines.append(f"Results of {diff.a}")
    lines += [f"  {_kr_line(item)}" for item in diff.results]
    if diff.carried:
        lines.append(f"Carried into {diff.b}")
        show = semdiff.show_value
        lines += [
            f"  {c['to']}: baseline {show(c['new_baseline'])} (achieved "
            f"{show(c['achieved'])}), target {show(c['old_target'])} -> {show(c['new_target'])}"
            for c in diff.carried
        ]
    lines.append(f"Roadmap, end of {diff.a} -> end of {diff.b}")
    if diff.roadmap_note:
        lines.append(f"  ({diff.roadmap_note})")
    lines += [f"  {change_line(c)}" for c in diff.roadmap]
    lines.append(f"Opportunity trees, end of {diff.a} -> end of {diff.b}")
    if diff.roadmap_note:
        lines.append(f"  ({diff.roadmap_note})")
    lines += [f"  {c.ref.split('/')[1]}: {change_line(c)}" for c in diff.trees]
    return "\n".join(lines) + "\n"


def as_markdown(diff: QuarterDiff, board: Board) -> str:
    text = as_text(diff, board).splitlines()
    head, body = text[0], text[1:]
    lines = [f"## {head}", ""]
    for line in body:
        lines.append(f"- {line.strip()}" if line.startswith("  ") else f"\n### {line}\n")
    return "\n".join(lines) + "\n"
