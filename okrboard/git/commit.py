"""Commits and proposals from the board's semantic diff (GitPython and git, no textual).

The message is written from the changes, the way a careful person would write it:
``okrs(2026-Q3/growth): raise activation-rate target 45% -> 50%``, and a body listing
every change. A proposal is the same commit on a new branch, with a Markdown description
for the pull request.
"""

from __future__ import annotations

from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any

from okrboard.domain import ids, semdiff, valuetext
from okrboard.domain.semdiff import Change
from okrboard.domain.text import count
from okrboard.git.revisions import open_repo, prefix_of
from okrboard.git.runner import GitError, NothingToCommit, gitpython, identity, refusal

if TYPE_CHECKING:
    from okrboard.domain.model import Board

SUBJECT_WIDTH = 72  # git's convention; longer subjects are cut in most tools


def scope(changes: list[Change]) -> str:
    """What the changes touch, as the subject's prefix: ``okrs(2026-Q3/growth)``,
    ``roadmap(growth)``, ``tree(activation)``, or ``board`` when they span files."""
    scopes = {_scope(c) for c in changes}
    return scopes.pop() if len(scopes) == 1 else "board"


def _scope(change: Change) -> str:
    if change.what in ("objective", "key_result"):
        return f"okrs({ids.quarter_of(change.ref)}/{ids.team_of(change.ref)})"
    if change.what in ("theme", "node", "kpi"):  # roadmap/TEAM/…, tree/TREE/…, kpi/TEAM/…
        return f"{ids.quarter_of(change.ref)}({ids.team_of(change.ref)})"
    return "board"


def _name(change: Change) -> str:
    """The item's id: short, and what people in the team call it."""
    return ids.id_of(change.ref).removeprefix("team:")


def phrase(change: Change, unit: str | None = None) -> str:
    """One change as an imperative phrase: ``raise activation-rate target 45% -> 50%``."""
    name, what = _name(change), semdiff.noun(change.what)
    show = valuetext.show_value
    if change.kind == "added":
        return f"add {what} {name}"
    if change.kind == "removed":
        return f"remove {what} {name}"
    if change.kind == "checkin":
        value = (change.new or {}).get("value")
        return f"check in {name}: {valuetext.with_unit(value, unit)}"
    if change.kind == "uncheckin":
        return f"remove a check-in of {name}"
    if change.kind == "moved":
        return f"move {name} {change.old} -> {change.new}"
    if change.kind == "reparented":
        return f"move {name} under {change.new or 'the top'}"
    if change.kind == "reordered":
        return f"reorder {change.label} of {change.ref}"
    old, new = change.old, change.new
    if change.field in ("target", "baseline", "current") and _numbers(old, new):
        verb = "raise" if new > old else "lower"
        old, new = valuetext.with_unit(old, unit), valuetext.with_unit(new, unit)
        return f"{verb} {name} {change.field} {old} -> {new}"
    if change.field in ("title", "description", "notes"):
        return f"reword {name} {change.field}"
    return f"set {name} {change.field} {show(old)} -> {show(new)}"


def _numbers(*values: object) -> bool:
    return all(isinstance(v, int | float) and not isinstance(v, bool) for v in values)


def message(changes: list[Change], units: dict[str, str] | None = None) -> tuple[str, str]:
    """A commit message for ``changes``: (subject, body). ``units``: KR reference -> unit."""
    if not changes:
        return "", ""
    units = units or {}
    checked = {c.ref for c in changes if c.kind == "checkin"}
    told = [c for c in changes if c.kind != "progress"]  # what was done, not what follows
    if len(checked) > 1 and all(c.kind == "checkin" for c in told):
        kinds = {c.what for c in told}
        noun = "key results" if kinds == {"key_result"} else "KPIs" if kinds == {"kpi"} else "items"
        summary = f"check in {len(checked)} {noun}"
    else:
        first = told[0]
        more = f", and {count(len(told) - 1, 'more change')}" if len(told) > 1 else ""
        # the most telling subject that fits whole: the values are in the body anyway
        fits = (
            f"{phrase(first, units.get(first.ref))}{more}",
            f"{_brief(first)}{more}",
            f"change {_name(first)}{more}",
            count(len(told), "change"),
        )
        head = f"{scope(changes)}: "
        summary = next((s for s in fits if len(head + s) <= SUBJECT_WIDTH), fits[-1])
    subject = f"{scope(changes)}: {summary}"
    body = "\n".join(f"- {c.ref}: {semdiff.describe(c)}" for c in changes)
    return subject, body


def _brief(change: Change) -> str:
    """``phrase`` without its values: ``lower self-serve-arr target``."""
    if change.kind == "changed" and change.field:
        numbers = _numbers(change.old, change.new)
        verb = ("raise" if change.new > change.old else "lower") if numbers else "set"
        return f"{verb} {_name(change)} {change.field}"
    return phrase(change).split(":")[0].split(" -> ")[0]


def units_of(board: Board) -> dict[str, str]:
    """Each KR's and KPI's unit, by reference (for ``45% -> 50%`` in subjects)."""
    units = {ref: kr.unit for ref, _, kr in board.iter_key_results() if kr.unit}
    return units | {ref: kpi.unit for ref, kpi in board.iter_kpis() if kpi.unit}


def full_message(subject: str, body: str) -> str:
    return f"{subject.strip()}\n\n{body.strip()}\n" if body.strip() else f"{subject.strip()}\n"


def _git(root: Path) -> Any:
    """The repository, once git is known to have a user to commit as: without one git
    refuses to commit, and so does okrboard (``runner.identity``)."""
    identity(root)
    return open_repo(root)


def commit_board(root: Path, text: str, rels: list[str] | None = None) -> str:
    """Commit every change to the board's files (or to just ``rels``), and nothing else,
    staged or not, with the message ``text``; returns the new commit's short id. The
    user's git hooks run."""
    git = gitpython()

    if not text.strip():
        raise GitError("the commit message is empty")
    repo = _git(root)
    _not_midway(repo)
    prefix = prefix_of(repo, root)
    inside = "" if prefix == "." else f"{prefix}/"
    # pathspecs: literal files, or every *.toml at any depth
    paths = [f":(literal){inside}{rel}" for rel in rels] if rels else [f"{inside}*.toml"]
    try:
        repo.git.add("--all", "--", *paths)
        if not repo.git.status("--porcelain", "--", *paths):
            raise NothingToCommit("nothing to commit: the board has no uncommitted changes")
        repo.git.commit("--quiet", "--message", text, "--only", "--", *paths)
    except git.GitCommandError as exc:
        raise GitError(_why(exc)) from None
    return repo.head.commit.hexsha[:10]


def _not_midway(repo: Any) -> None:
    """Refuse to commit in the middle of a merge or rebase: staging the board would mark
    its conflicts resolved, markers and all, and git's own commit is what finishes it."""
    # lazy: git's layer loads only when git is asked (start-up, docs/performance.md)
    from okrboard.git.sync import operation

    doing = operation(Path(repo.git_dir))
    if doing:
        raise GitError(
            f"a {doing} is in progress, so nothing was committed: resolve its conflicts, "
            f"then finish it with git {doing} --continue, or undo it with git {doing} --abort"
        )


def tag(root: Path, name: str, text: str) -> None:
    """Create the annotated tag ``name`` on HEAD; GitError if it exists or is not valid."""
    git = gitpython()

    repo = _git(root)
    try:
        if name.startswith("-"):
            raise git.GitCommandError("tag", 1)
        repo.git.check_ref_format(f"refs/tags/{name}")
    except git.GitCommandError:
        raise GitError(f"{name!r} is not a valid tag name") from None
    if name in {t.name for t in repo.tags}:
        raise GitError(f"the tag {name!r} exists already; it was left where it is")
    try:
        repo.git.tag("--annotate", "--message", text, name)
    except git.GitCommandError as exc:
        raise GitError(_why(exc)) from None


def propose(root: Path, branch: str, text: str, changes: list[Change]) -> str:
    """Create ``branch`` here, commit the board's changes on it, and return a Markdown
    description for the pull request. The work tree stays on the new branch."""
    git = gitpython()

    repo = _git(root)
    _not_midway(repo)
    if branch in {head.name for head in repo.heads}:
        raise GitError(f"a branch {branch!r} exists already")
    try:
        repo.git.check_ref_format("--branch", branch)
    except git.GitCommandError:
        raise GitError(f"{branch!r} is not a valid branch name") from None
    before = repo.head.ref.name if not repo.head.is_detached else repo.head.commit.hexsha
    try:
        repo.git.switch("--create", branch)
        commit_board(root, text)
    except (git.GitCommandError, GitError) as exc:
        repo.git.checkout(before)  # back where we were; the changes stay in the work tree
        if repo.heads and branch in {head.name for head in repo.heads}:
            repo.git.branch("--delete", "--force", branch)
        raise GitError(_why(exc) if isinstance(exc, git.GitCommandError) else str(exc)) from None
    return pr_description(text.partition("\n")[0], changes, base=before, branch=branch)


def pr_description(subject: str, changes: list[Change], base: str, branch: str) -> str:
    """The pull request's title and description, in Markdown."""
    lines = [f"# {subject.strip()}", "", f"Proposed on `{branch}`, from `{base}`.", "", ""]
    return "\n".join(lines) + semdiff.as_markdown(changes, "What changes")


def _why(exc: Any) -> str:
    """git's own words, on one line (GitPython quotes them after ``stderr:``)."""
    text = (exc.stderr or exc.stdout or str(exc)).strip().removeprefix("stderr: ").strip("'")
    return str(refusal(text))


def default_branch(subject: str) -> str:
    """A branch name for a proposal, from its subject: ``propose/raise-activation-rate``."""
    summary = subject.split(":", 1)[-1]
    return "propose/" + (ids.slugify(summary)[:40].strip("-") or "change")


def close_quarter(root: Path, quarter: str, team: str, rels: list[str], summary: str) -> str:
    """Commit a team's closed quarter (``rels``, if they changed) and tag that commit, so
    the quarter as closed is one ``git show`` away; the tag. GitError when git refuses."""
    name = ids.close_tag(quarter, team)
    with suppress(NothingToCommit):  # committed as they are: tag that commit
        commit_board(root, f"okrs({quarter}/{team}): close the quarter\n\n{summary}", rels)
    tag(root, name, f"{quarter} closed for {team}")
    return name
