"""Propose: check-ins and edits made as one commit on a new branch for a person to review,
never in the working tree. Every value is checked by the rules the app's forms and
``okrboard checkin`` use, all before anything is written: one problem refuses the whole
proposal, naming every problem. The commit is made over the base revision with git's
plumbing (``git.proposals``), so the current branch, the index and the files stay as
they are; the branch is named from what it changes, and the result carries the semantic
diff, the coach's findings on the items changed and a pull request's description."""

from __future__ import annotations

import datetime as dt
import re
import threading
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from okrboard.domain import coach, edits, fieldtext, ids, links, schema, semdiff
from okrboard.domain.cache import Cache
from okrboard.domain.coach import Finding
from okrboard.domain.model import Board, KeyResult, Kpi, Objective, Part
from okrboard.domain.semdiff import Change
from okrboard.files import store
from okrboard.files.load import LoadedBoard, load_files, part, with_files
from okrboard.files.lock import board_lock
from okrboard.flows import checkin, forms, share
from okrboard.git import births, commit, proposals, revisions
from okrboard.git.runner import GitError

# Fields a proposal may not set: derived from check-ins or ranks, kept by okrboard, or a
# metric source (a query or a command: `okrboard measure`'s, behind its allow-lists).
FIXED = frozenset({"source", "rank", "carried_from", "grade", "checkins", "current", "closed"})
NEW_KINDS = ("objective", "key_result")
POSITION = re.compile(r"\[\d+\]")  # a list's index in a key path: checkins[3]

# One checked change: the file it edits, and the edit, made on a board that holds a copy
# of that file's items (``with_files``), never on the shared base.
Edit = tuple[str, Callable[[Board], Part]]


class Refused(ValueError):
    """A proposal not made: each problem, naming the entry (``checkins[1]``) it is in."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Proposal:
    """What was proposed: the branch and its one commit over ``base``."""

    branch: str
    commit: str
    base: str
    subject: str
    files: list[str]
    changes: list[Change]
    findings: list[Finding] = field(default_factory=list)
    description: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "branch": self.branch,
            "commit": self.commit,
            "base": self.base,
            "subject": self.subject,
            "files": self.files,
            "diff": [semdiff.describe(c) for c in self.changes],
            "changes": [c.as_dict() for c in self.changes],
            "findings": [f.as_dict() for f in self.findings],
            "pull_request": self.description,
            "review": f"okrboard diff {self.base}...{self.branch}",
        }


_BASES: Cache[tuple[str, str, dt.date], LoadedBoard] = Cache(4)  # (board, commit, day)


_READING = threading.Lock()  # one read of a base at a time: a second caller waits for it


def base_board(root: Path, commit: str, today: dt.date) -> LoadedBoard:
    """The board at ``commit``, its KRs dated, kept by commit and day (an agent proposes
    one change after another over the same commit): callers must not edit it."""
    key = (str(Path(root).resolve()), commit, today)
    with _READING:
        if (found := _BASES.get(key)) is None:
            found = load_files(root, revisions.files_at(root, commit))
            births.date_board(found, today, commit)
            _BASES.put(key, found)
    return found


def prepare(root: Path, today: dt.date, base: str = "HEAD") -> None:
    """Read the board at ``base`` before the first proposal asks (a server does while its
    client connects): on the 50-team board that read is most of a first proposal's time."""
    with suppress(GitError):  # no commit yet: the proposal will say so
        base_board(root, revisions.commit_of(root, base), today)


def checkins(
    root: Path,
    entries: list[dict[str, Any]],
    today: dt.date,
    author: str | None = None,
    base: str = "HEAD",
) -> Proposal:
    """Propose ``entries`` (``{ref, value, date?, confidence?, note?}``) as check-ins."""
    if not entries:
        raise Refused(["no check-ins given"])
    base_commit = revisions.commit_of(root, base)
    board = base_board(root, base_commit, today)
    measurable = [ref for ref, _, _ in board.iter_key_results()] + [r for r, _ in board.iter_kpis()]
    plans, problems, days = [], [], set()
    for index, entry in enumerate(entries):
        where = f"checkins[{index}]"
        try:
            ref = links.one(measurable, str(entry.get("ref", "")), board.current_quarter, "KR")
            values = {
                "date": str(entry.get("date") or today.isoformat()),
                "value": _text(entry.get("value")),
                "confidence": _text(entry.get("confidence")),
                "note": _text(entry.get("note")),
            }
            plan = checkin.plan(board, ref, values, today, author)
        except (checkin.Invalid, ValueError) as exc:
            problems.append(f"{where} ({entry.get('ref')!s}): {exc}")
            continue
        if (ref, plan.checkin.date) in days:
            problems.append(f"{where} ({ref}): a second check-in on {plan.checkin.date}")
        days.add((ref, plan.checkin.date))
        plans.append(plan)
    if problems:
        raise Refused(problems)
    made: list[Edit] = [(ids.parse_ref(plan.ref).file, plan.change) for plan in plans]
    return _propose(root, (base, base_commit), board, made, today)


def edits_of(
    root: Path,
    changes: list[dict[str, Any]],
    new_items: list[dict[str, Any]],
    today: dt.date,
    base: str = "HEAD",
) -> Proposal:
    """Propose field edits (``{ref, field, value, reason?}``) and new objectives and key
    results (``{kind, parent, title, fields?}``)."""
    if not changes and not new_items:
        raise Refused(["no edits or new items given"])
    base_commit = revisions.commit_of(root, base)
    board = base_board(root, base_commit, today)
    made: list[Edit] = []
    problems: list[str] = []
    for index, entry in enumerate(changes):
        try:
            made.append(_edit(board, entry, today))
        except ValueError as exc:
            problems.append(f"edits[{index}] ({entry.get('ref')!s}): {exc}")
    for index, entry in enumerate(new_items):
        try:
            made.append(_new(board, entry, today))
        except ValueError as exc:
            problems.append(f"new_items[{index}] ({entry.get('title')!s}): {exc}")
    if problems:
        raise Refused(problems)
    return _propose(root, (base, base_commit), board, made, today)


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _ref(board: Board, text: str) -> str:
    return links.one(links.every_ref(board), text, board.current_quarter)


def _edit(board: Board, entry: dict[str, Any], today: dt.date) -> Edit:
    """One field of one item set, checked as the item's form checks it."""
    ref = _ref(board, str(entry.get("ref", "")))
    item = edits.find(board, ref)
    name, text = str(entry.get("field", "")), _text(entry.get("value"))
    table = _table(item)
    editable = [f.name for f in table if f.name not in FIXED and f.name != "id"]
    if name not in editable:
        raise ValueError(f"no field {name!r} to set here; one of: {', '.join(editable)}")
    if isinstance(item, KeyResult):
        values = forms.initial(item, schema.KEY_RESULT, forms.KR_FIELDS)
        values[name], values["target_reason"] = text, _text(entry.get("reason"))
        quarter = ids.quarter_of(ref)
        moving = forms.moving(item, ref, today, board.settings.calendar)
        errors = forms.check_key_result(board, values, ref, moving, quarter, today)
        if errors:
            raise ValueError("; ".join(f"{key}: {why}" for key, why in errors.items()))
        parsed, _ = forms.parse(schema.KEY_RESULT, forms.KR_FIELDS, values)
        wanted = {name: parsed[name]} if name in parsed else {}
        if forms.target_move(moving, values.get("target", "")):
            wanted["target_reason"] = parsed["target_reason"]
    else:
        spec = next(f for f in table if f.name == name)
        value, error = fieldtext.from_text(spec, text)
        if error:
            raise ValueError(f"{name}: {error}")
        wanted = {name: value}
        if isinstance(item, Objective) and (found := forms.check_objective(board, {name: text})):
            raise ValueError("; ".join(f"{key}: {why}" for key, why in found.items()))
    return ids.parse_ref(ref).file, lambda edited: edits.set_fields(edited, ref, wanted)


def _table(item: object) -> tuple[schema.Field, ...]:
    if isinstance(item, KeyResult):
        return schema.KEY_RESULT
    if isinstance(item, Objective):
        return schema.OBJECTIVE
    if isinstance(item, Kpi):
        return schema.KPI
    node_type = getattr(item, "type", None)
    return schema.node_fields(node_type) if node_type else schema.THEME


def _new(board: Board, entry: dict[str, Any], today: dt.date) -> Edit:
    """A new objective (parent: ``QUARTER/TEAM``) or key result (parent: its objective)."""
    kind, parent = str(entry.get("kind", "")), str(entry.get("parent", ""))
    given = {str(k): _text(v) for k, v in (entry.get("fields") or {}).items()}
    values = {**given, "title": _text(entry.get("title"))}
    table: tuple[schema.Field, ...] = schema.KEY_RESULT
    names: tuple[str, ...] = forms.KR_FIELDS
    if kind == "key_result":
        objective = links.one(
            [ref for ref, _ in links.targets(board, "objective")],
            parent,
            board.current_quarter,
            "objective",
        )
        values = {n: values.get(n, "") for n in forms.KR_FIELDS} | values
        quarter = ids.quarter_of(objective)
        errors = forms.check_key_result(board, values, None, None, quarter, today)
        unknown = set(values) - set(forms.KR_FIELDS)
    elif kind == "objective":
        table, names = schema.OBJECTIVE, forms.OBJECTIVE_FIELDS
        quarter, _, team = parent.partition("/")
        if not ids.is_quarter(quarter) or team not in board.teams:
            teams = ", ".join(board.teams)
            raise ValueError(f"parent of an objective is QUARTER/TEAM (teams: {teams})")
        values = {n: values.get(n, "") for n in forms.OBJECTIVE_FIELDS} | values
        errors = forms.check_objective(board, values)
        unknown = set(values) - set(forms.OBJECTIVE_FIELDS)
    else:
        raise ValueError(f"kind is one of {', '.join(NEW_KINDS)}, not {kind!r}")
    if unknown:
        raise ValueError(f"no field {', '.join(sorted(unknown))}; one of: {', '.join(names)}")
    if not values["title"].strip():
        errors["title"] = "a title is needed"
    if errors:
        raise ValueError("; ".join(f"{key}: {why}" for key, why in errors.items()))
    parsed, _ = forms.parse(table, names, values)
    kept = {k: v for k, v in parsed.items() if v not in (None, "", [])}
    if kind == "key_result":
        return ids.parse_ref(objective).file, lambda b: edits.new_key_result(b, objective, kept)[0]
    return ids.okr_file(quarter, team), lambda b: edits.new_objective(b, quarter, team, kept)[0]


def _propose(
    root: Path, base: tuple[str, str], board: LoadedBoard, made: list[Edit], today: dt.date
) -> Proposal:
    """The checked edits ``made`` on the files of ``board`` (at ``base``: its name and
    commit), written as files, checked, and committed on a new branch; Refused when the
    result has a problem the base did not. Only the files edited are read again."""
    originals = {
        rel: source.text.encode("utf-8")
        for rel in {rel for rel, _ in made}
        if (source := board.sources.get(rel)) is not None and source.text is not None
    }
    edited = with_files(board, originals)
    files: dict[str, bytes] = {}
    parts = {id(found): found for found in [make(edited) for _, make in made]}
    for found in parts.values():  # each file written once, with all its edits
        rel, plain = store.encoded(found)
        source = edited.sources.get(rel)
        text = source.text if source is not None else None
        files[rel] = store.render(text, plain, source.plain if source else None).encode("utf-8")
    files = {rel: data for rel, data in files.items() if originals.get(rel) != data}
    if not files:
        raise Refused(["nothing would change: the board already says this"])
    after = with_files(board, files)  # checked as of the real today
    new_errors = _errors(after, files) - _errors(board, files)
    if new_errors:
        raise Refused(sorted(new_errors))
    changes = semdiff.diff(part(board, set(files)), part(after, set(files)), (today, today))
    draft = share.draft(changes, after, proposal=True)
    message = commit.full_message(draft.subject, draft.body)
    with board_lock(root):  # two proposals at once: each gets its own branch
        branch = _free(root, draft.branch or "propose/change")
        sha = proposals.commit_on_new_branch(root, base[1], files, message, branch)
    changed = {c.ref for c in changes}
    teams = {(ids.quarter_of(ref), ids.team_of(ref)) for ref in changed}
    findings = [
        finding
        for quarter, team in sorted(teams)
        if ids.is_quarter(quarter)
        for finding in coach.review(after, quarter, today, team=team)
        if finding.ref in changed
    ]
    description = commit.pr_description(draft.subject, changes, base=base[0], branch=branch)
    return Proposal(
        branch, sha, base[0], draft.subject, sorted(files), changes, findings, description
    )


def _errors(board: LoadedBoard, files: dict[str, bytes]) -> set[str]:
    """The errors found in ``files`` on ``board``, each as ``file: key: message``, with
    list positions left out: a check-in inserted in date order moves the later ones, and
    their old problems are not the proposal's."""
    return {
        f"{p.file}: {POSITION.sub('', p.key)}: {p.message}"
        for p in board.problems
        if p.file in files and p.severity == "error"
    }


def _free(root: Path, branch: str) -> str:
    """``branch``, or with ``-2``, ``-3`` … the first name no branch has."""
    name, number = branch, 1
    while proposals.branch_exists(root, name):
        number += 1
        name = f"{branch}-{number}"
    return name
