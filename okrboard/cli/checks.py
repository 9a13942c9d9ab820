"""okrboard check and okrboard lint: a board's problems and the coach's findings, for CI
and pre-commit."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING

from okrboard.cli.common import (
    UsageError,
    board_as_of,
    board_dir,
    count,
    json_document,
    repository_prefix,
    say_unreadable,
)
from okrboard.domain import ids
from okrboard.domain.problems import Problem
from okrboard.domain.text import printable
from okrboard.files.load import LoadedBoard, load_board
from okrboard.reports.annotations import Note, github, gitlab

if TYPE_CHECKING:  # the coach loads only when lint runs
    from okrboard.domain.coach import Finding

# The formats both speak: a person's, a script's, and two CI services' (docs/ci.md).
FORMATS = ("text", "json", "github", "gitlab")


def _annotate(board: LoadedBoard, fmt: str, notes: Iterable[Note]) -> None:
    """Print ``notes`` (paths from the board's folder) for a CI service."""
    prefix = repository_prefix(board.root)
    placed = [replace(note, path=prefix + note.path) for note in notes]
    text = github(placed) if fmt == "github" else gitlab(placed)
    if text:
        print(text)


# -- check ------------------------------------------------------------------------------------


def cmd_check(args: argparse.Namespace) -> int:
    board = load_board(board_dir(args.dir))
    problems = board.problems
    if args.format == "json":
        print(
            json_document(
                board,
                files=len(board.sources),
                errors=sum(p.severity == "error" for p in problems),
                warnings=sum(p.severity == "warning" for p in problems),
                problems=[p.as_dict() for p in problems],
            )
        )
        return 1 if problems else 0
    if args.format in ("github", "gitlab"):
        _annotate(board, args.format, map(_problem_note, problems))
    else:
        for problem in problems:
            print(printable(_text_line(problem)))
    print(_summary(problems, len(board.sources)), file=sys.stderr)
    return 1 if problems else 0


def _problem_note(problem: Problem) -> Note:
    title = f"okrboard check: {problem.key}" if problem.key else "okrboard check"
    return Note(
        problem.file, problem.line, title, problem.message, problem.severity, "okrboard/check"
    )


def _finding_note(finding: Finding) -> Note:
    title = f"{finding.rule} {finding.name}"
    return Note(
        finding.file, finding.line, title, finding.message, finding.severity,
        f"okrboard/{finding.rule}",
    )  # fmt: skip


def _text_line(problem: Problem) -> str:
    tag = "" if problem.severity == "error" else " (warning)"
    return f"{problem}{tag}"


def _summary(problems: list[Problem], files: int) -> str:
    if not problems:
        return f"{count(files, 'file')} checked: no problems."
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    return (
        f"{count(files, 'file')} checked: {count(errors, 'error')}, {count(warnings, 'warning')}."
    )


# -- lint -------------------------------------------------------------------------------------


def cmd_lint(args: argparse.Namespace) -> int:
    # lazy: each command loads only what it runs (start-up of a command)
    from okrboard.domain import coach
    from okrboard.git import history
    from okrboard.git.revisions import has_commits, shallow_cut

    board, today = board_as_of(board_dir(args.dir), args.at)
    quarter = args.quarter or board.current_quarter
    if quarter is not None and not ids.is_quarter(quarter):
        raise UsageError(f"--quarter {printable(quarter)}: not a quarter like 2026-Q3")
    moved = set()
    skipped = []  # rules not run, and why: a pass that checked less says so
    if args.no_git:
        skipped.append({"rule": "KR005", "why": "--no-git: git history was not read"})
    elif not has_commits(board.root):
        skipped.append({"rule": "KR005", "why": "the board has no git history to read"})
    elif shallow_cut(board.root):
        why = "this clone is shallow, its history cut (git fetch --unshallow reads the rest)"
        skipped.append({"rule": "KR005", "why": why})
    elif quarter is not None:
        refs = coach.quarter_krs(board, quarter)
        moved = history.moved_targets_in_git(board.root, refs, args.at or "HEAD")
        moved |= history.moved_since_start(board.root, board, quarter)  # not committed yet
    findings = coach.review(board, quarter, today, moved)
    failing = [] if args.fail_on == "never" else coach.at_least(findings, args.fail_on)
    if args.format == "json":
        findings_out = [f.as_dict() for f in findings]
        print(
            json_document(
                board,
                quarter=quarter,
                findings=findings_out,
                failing=len(failing),
                skipped=skipped,
            )
        )
    elif args.format in ("github", "gitlab"):
        _annotate(board, args.format, map(_finding_note, findings))
    else:
        for finding in findings:
            print(printable(f"{finding} ({finding.severity})"))
        counts = {s: sum(f.severity == s for f in findings) for s in ("error", "warning", "info")}
        summary = ", ".join(count(n, s) for s, n in counts.items())
        print(f"{quarter or 'no quarter'}: {summary}.", file=sys.stderr)
    for rule in skipped:
        name = coach.RULES[rule["rule"]].name
        print(f"okrboard: {rule['rule']} ({name}) skipped: {rule['why']}.", file=sys.stderr)
    return 1 if say_unreadable(board) or failing else 0
