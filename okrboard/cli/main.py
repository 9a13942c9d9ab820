"""The ``okrboard`` command line.

Exit codes: 0 success, 1 the board has problems (``check``), 2 a usage error (bad arguments,
not a board, git missing). Nothing here imports textual until the TUI is opened.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from okrboard import __version__
from okrboard.domain import ids
from okrboard.domain.problems import Problem
from okrboard.domain.text import printable
from okrboard.files.load import is_board, load_board

COMMANDS = (
    "open", "init", "check", "lint", "demo", "diff", "log", "report", "checkin",
    "setup-git", "merge-driver",
)  # fmt: skip
START_HINT = "Start one with 'okrboard init DIR', or try 'okrboard demo' for a sample board."


class UsageError(Exception):
    """A mistake in how okrboard was called; printed as one line, exit 2."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="okrboard",
        description="OKRs, a Now / Next / Later roadmap and opportunity trees, "
        "kept as TOML files in git.",
        epilog="Run 'okrboard COMMAND --help' for a command's options. "
        "'okrboard [DIR]' opens the board in DIR (default: the current folder).",
    )
    parser.add_argument("--version", action="version", version=f"okrboard {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    open_ = sub.add_parser("open", help="open a board in the terminal UI (the default)")
    open_.add_argument("dir", nargs="?", default=".", help="the board's folder")
    open_.add_argument(
        "--at", metavar="REV", help="open the board as of a commit, branch or tag, read-only"
    )

    init = sub.add_parser("init", help="create a new board, as a git repository")
    init.add_argument("dir", nargs="?", default=".", help="where to create it (default: here)")
    init.add_argument("--name", help="the board's name (default: the folder's name)")
    init.add_argument(
        "--team", action="append", metavar="ID", help="a team id to start with (repeatable)"
    )

    check = sub.add_parser("check", help="validate a board; list every problem")
    check.add_argument("dir", nargs="?", default=".", help="the board's folder")
    check.add_argument("--format", choices=("text", "json"), default="text")

    diff = sub.add_parser(
        "diff",
        help="what changed, by item and field: uncommitted (no revision), since REV_A, "
        "or from REV_A to REV_B",
    )
    diff.add_argument("rev_a", nargs="?", help="a commit, branch or tag (default: HEAD)")
    diff.add_argument("rev_b", nargs="?", help="another one (default: the working tree)")
    diff.add_argument("--dir", default=".", help="the board's folder (default: here)")
    diff.add_argument("--format", choices=("text", "markdown", "json"), default="text")
    diff.add_argument(
        "--quarters",
        nargs=2,
        metavar=("QUARTER_A", "QUARTER_B"),
        help="compare two quarters: objectives kept, dropped, added; targets vs results; "
        "the roadmap at each quarter's end",
    )

    log = sub.add_parser(
        "log", help="every commit that changed an item (or the board), field by field"
    )
    log.add_argument(
        "item", nargs="?", help="e.g. 2026-Q3/growth/activation/time-to-value (default: all)"
    )
    log.add_argument("-n", "--max-count", type=int, metavar="N", help="only the newest N commits")
    log.add_argument("--dir", default=".", help="the board's folder (default: here)")
    log.add_argument("--format", choices=("text", "markdown", "json"), default="text")

    lint = sub.add_parser(
        "lint", help="the OKR coach: how well the OKRs are written and kept (docs/coach.md)"
    )
    lint.add_argument("dir", nargs="?", default=".", help="the board's folder")
    lint.add_argument("--quarter", help="the quarter to coach (default: the current one)")
    lint.add_argument("--format", choices=("text", "json"), default="text")
    lint.add_argument(
        "--fail-on",
        choices=("error", "warning", "info", "never"),
        default="warning",
        help="exit 1 when a finding is at this severity or above (default: warning)",
    )
    lint.add_argument(
        "--no-git", action="store_true", help="skip the rule that reads git history (KR005)"
    )

    report = sub.add_parser("report", help="the quarterly review of QUARTER, in Markdown")
    report.add_argument("quarter", help="e.g. 2026-Q3")
    report.add_argument("--dir", default=".", help="the board's folder (default: here)")
    report.add_argument("--format", choices=("markdown", "json"), default="markdown")
    report.add_argument(
        "-o", "--output", metavar="FILE", help="write the report to FILE instead of printing it"
    )

    checkin = sub.add_parser(
        "checkin", help="record a check-in on a key result (as 'c' in the OKR view does)"
    )
    checkin.add_argument("kr", help="the KR, e.g. 2026-Q4/growth/activation/activation-rate")
    checkin.add_argument("value", help="the KR's value today")
    checkin.add_argument("--confidence", metavar="N", help="1-10: how likely the target is")
    checkin.add_argument("--note", help="what happened")
    checkin.add_argument("--blockers", help="what stands in the way")
    checkin.add_argument("--date", help="when it was measured (default: today)")
    checkin.add_argument("--author", help="who checks in")
    checkin.add_argument("--dir", default=".", help="the board's folder (default: here)")

    setup = sub.add_parser(
        "setup-git",
        help="set up this clone's git for the board: the merge driver and diff hunk headers "
        "(run once in every clone)",
    )
    setup.add_argument("dir", nargs="?", default=".", help="the board's folder")

    driver = sub.add_parser(
        "merge-driver",
        help="git's merge driver for board files (set up by setup-git; git runs it)",
    )
    driver.add_argument("base", type=Path, help="%%O: the common ancestor's version")
    driver.add_argument("ours", type=Path, help="%%A: our version; the result is written here")
    driver.add_argument("theirs", type=Path, help="%%B: their version")
    driver.add_argument("path", nargs="?", default="", help="%%P: the file's path, for messages")

    demo = sub.add_parser("demo", help="create the sample board with its git history, open it")
    demo.add_argument("dir", nargs="?", help="where to create it (default: a new temp folder)")
    demo.add_argument("--no-open", action="store_true", help="only create it")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    # 'okrboard [DIR]' is 'okrboard open [DIR]'.
    first = next((a for a in argv if not a.startswith("-")), None)
    if first not in COMMANDS and not {"-h", "--help", "--version"} & set(argv):
        argv.insert(0, "open")
    args = _parser().parse_args(argv)
    try:
        commands = {
            "open": cmd_open,
            "init": cmd_init,
            "check": cmd_check,
            "demo": cmd_demo,
            "diff": cmd_diff,
            "log": cmd_log,
            "lint": cmd_lint,
            "report": cmd_report,
            "checkin": cmd_checkin,
            "setup-git": cmd_setup_git,
            "merge-driver": cmd_merge_driver,
        }
        return commands[args.command](args)
    except UsageError as exc:
        print(f"okrboard: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # the reader went away (okrboard log | head): not an error
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except OSError as exc:  # the disk refused a write (full, read-only): say which and why
        print(f"okrboard: {printable(str(exc))}", file=sys.stderr)
        return 1


def _board_dir(text: str) -> Path:
    path = Path(text)
    if not path.is_dir():
        raise UsageError(f"{text}: no such folder. {START_HINT}")
    if not is_board(path):
        shown = printable(str(path.resolve()))
        raise UsageError(f"{shown} is not an okrboard board (it has no board.toml). {START_HINT}")
    return path


# -- open -------------------------------------------------------------------------------------


def cmd_open(args: argparse.Namespace) -> int:
    return open_board(_board_dir(args.dir), at=args.at)


def open_board(root: Path, at: str | None = None) -> int:
    if at is None:
        board = load_board(root, staged=True)  # the current quarter first: see load_pending
    else:
        from okrboard.git.revisions import GitError, board_at

        try:
            board = board_at(root, at)
        except GitError as exc:
            raise UsageError(str(exc)) from exc
    from okrboard.tui.app import OkrBoardApp  # textual loads only when a UI is wanted

    app = OkrBoardApp(board, as_of=at)
    app.run()
    for text in app.printouts:  # what the user asked for on the way (a PR description)
        print(printable(text, newlines=True))
    return 0


# -- check ------------------------------------------------------------------------------------


def cmd_check(args: argparse.Namespace) -> int:
    board = load_board(_board_dir(args.dir))
    problems = board.problems
    if args.format == "json":
        report = {
            "board": str(board.root),
            "files": len(board.sources),
            "errors": sum(p.severity == "error" for p in problems),
            "warnings": sum(p.severity == "warning" for p in problems),
            "problems": [p.as_dict() for p in problems],
        }
        print(json.dumps(report, indent=2, ensure_ascii=True))
    else:
        for problem in problems:
            print(printable(_text_line(problem)))
        print(_summary(problems, len(board.sources)), file=sys.stderr)
    return 1 if problems else 0


def _text_line(problem: Problem) -> str:
    tag = "" if problem.severity == "error" else " (warning)"
    return f"{problem}{tag}"


def _summary(problems: list[Problem], files: int) -> str:
    if not problems:
        return f"{files} files checked: no problems."
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    return f"{files} files checked: {_count(errors, 'error')}, {_count(warnings, 'warning')}."


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'s' * (number != 1)}"


# -- init -------------------------------------------------------------------------------------


def cmd_init(args: argparse.Namespace) -> int:
    from okrboard.create.scaffold import create_board
    from okrboard.git.runner import GitUnavailable

    root = Path(args.dir)
    if is_board(root):
        raise UsageError(f"{printable(str(root))} is already a board (board.toml exists)")
    for team in args.team or ():
        if problem := ids.slug_problem(team):
            raise UsageError(f"--team {printable(team)}: {problem}")
    try:
        created = create_board(root, name=args.name, teams=args.team, today=dt.date.today())
    except GitUnavailable as exc:
        raise UsageError(str(exc)) from exc
    print(f"Created the board {printable(created.label)!r} in {root.resolve()}")
    print(f"Open it with: {_open_command(root)}")
    return 0


def _open_command(root: Path) -> str:
    return "okrboard" if root.resolve() == Path.cwd().resolve() else f"okrboard {root}"


# -- demo -------------------------------------------------------------------------------------


def cmd_demo(args: argparse.Namespace) -> int:
    from okrboard.create.demo import create_demo
    from okrboard.git.runner import GitUnavailable

    root = Path(args.dir) if args.dir else Path(tempfile.mkdtemp(prefix="okrboard-demo-"))
    try:
        board = create_demo(root)
    except FileExistsError as exc:
        raise UsageError(str(exc)) from exc
    except GitUnavailable as exc:
        raise UsageError(str(exc)) from exc
    print(f"Demo board created in {root.resolve()} ({len(board.sources)} files, with history).")
    if not args.no_open:
        open_board(root)
    print(f"Open it again with: {_open_command(root)}")
    return 0


# -- diff -------------------------------------------------------------------------------------


def cmd_diff(args: argparse.Namespace) -> int:
    from okrboard.domain import semdiff
    from okrboard.git.revisions import GitError, board_at

    root = _board_dir(args.dir)
    if args.quarters:
        return _diff_quarters(root, *args.quarters, args.format)
    rev_a = args.rev_a or "HEAD"
    try:
        old = board_at(root, rev_a)
        new = board_at(root, args.rev_b) if args.rev_b else load_board(root)
    except GitError as exc:
        raise UsageError(str(exc)) from exc
    changes = semdiff.diff(old, new)
    span = f"{rev_a}..{args.rev_b or 'working tree'}"
    if args.format == "json":
        print(semdiff.as_json(changes))  # JSON escapes control characters itself
        return 0
    if args.format == "markdown":
        text = semdiff.as_markdown(changes, f"Changes {span}")
    else:
        text = semdiff.as_text(changes)
    for line in text.splitlines():
        print(printable(line))
    if args.format == "text":
        print(f"{_count(len(changes), 'change')} ({span}).", file=sys.stderr)
    return 0


# -- log --------------------------------------------------------------------------------------


def cmd_log(args: argparse.Namespace) -> int:
    from okrboard.git import history
    from okrboard.git.revisions import GitError

    root = _board_dir(args.dir)
    try:
        if args.item is None:
            entries = history.board_log(root, max_count=args.max_count)
        else:
            entries = history.history(root, args.item)[: args.max_count]
    except ValueError as exc:  # not a reference
        raise UsageError(printable(str(exc))) from exc
    except GitError as exc:
        raise UsageError(str(exc)) from exc
    if args.format == "json":
        print(json.dumps([e.as_dict() for e in entries], indent=2, ensure_ascii=False))
        return 0
    render = history.as_markdown if args.format == "markdown" else history.as_text
    for line in render(args.item, entries).splitlines():
        print(printable(line))
    if args.format == "text":
        what = printable(args.item) if args.item else "the board"
        print(f"{_count(len(entries), 'commit')} changed {what}.", file=sys.stderr)
    return 0


def _diff_quarters(root: Path, a: str, b: str, fmt: str) -> int:
    from okrboard.reports import quarters

    board = load_board(root)
    try:
        result = quarters.compare(board, a, b, quarters.boards_from_git(root))
    except ValueError as exc:
        raise UsageError(printable(str(exc))) from exc
    if fmt == "json":
        print(quarters.as_json(result))
        return 0
    render = quarters.as_markdown if fmt == "markdown" else quarters.as_text
    for line in render(result, board).splitlines():
        print(printable(line))
    return 0


# -- lint -------------------------------------------------------------------------------------


def cmd_lint(args: argparse.Namespace) -> int:
    from okrboard.domain import coach
    from okrboard.git import history

    board = load_board(_board_dir(args.dir))
    quarter = args.quarter or board.current_quarter
    if quarter is not None and not ids.is_quarter(quarter):
        raise UsageError(f"--quarter {printable(quarter)}: not a quarter like 2026-Q3")
    today = dt.date.today()
    moved = set()
    if quarter is not None and not args.no_git:
        moved = history.moved_targets_in_git(board.root, coach.quarter_krs(board, quarter))
    findings = coach.review(board, quarter, today, moved)
    failing = [] if args.fail_on == "never" else coach.at_least(findings, args.fail_on)
    if args.format == "json":
        report = {
            "board": str(board.root),
            "quarter": quarter,
            "findings": [f.as_dict() for f in findings],
            "failing": len(failing),
        }
        print(json.dumps(report, indent=2, ensure_ascii=True))
    else:
        for finding in findings:
            print(printable(f"{finding} ({finding.severity})"))
        counts = {s: sum(f.severity == s for f in findings) for s in ("error", "warning", "info")}
        summary = ", ".join(_count(n, s) for s, n in counts.items())
        print(f"{quarter or 'no quarter'}: {summary}.", file=sys.stderr)
    return 1 if failing else 0


# -- report -----------------------------------------------------------------------------------


def cmd_report(args: argparse.Namespace) -> int:
    from okrboard.files.atomic import atomic_write
    from okrboard.reports import quarters, report

    root = _board_dir(args.dir)
    board = load_board(root)
    try:
        data = report.build(board, args.quarter, dt.date.today(), quarters.boards_from_git(root))
    except ValueError as exc:
        raise UsageError(printable(str(exc))) from exc
    text = report.as_json(data) if args.format == "json" else report.as_markdown(data)
    if args.output:
        atomic_write(Path(args.output), text.encode("utf-8"))
        print(f"Wrote the {args.quarter} review to {printable(args.output)}.", file=sys.stderr)
    else:
        for line in text.splitlines():
            print(printable(line))
    return 0


# -- checkin ----------------------------------------------------------------------------------


def cmd_checkin(args: argparse.Namespace) -> int:
    from okrboard.domain import edits, forms, schema, scoring, semdiff
    from okrboard.domain.model import CheckIn
    from okrboard.files.session import Session
    from okrboard.files.store import SaveRefused

    board = load_board(_board_dir(args.dir))
    ref = args.kr
    kr = board.key_result(ref)
    if kr is None:
        raise UsageError(f"no key result {printable(ref)!r} on this board")
    typed = {
        "date": args.date or dt.date.today().isoformat(),
        "value": args.value,
        "confidence": args.confidence or "",
        "note": args.note or "",
        "blockers": args.blockers or "",
    }
    parsed, errors = forms.parse(schema.CHECKIN, forms.CHECKIN_FIELDS, typed)
    if errors:
        name, message = next(iter(errors.items()))
        option = "VALUE" if name == "value" else f"--{name}"
        raise UsageError(f"{option}: {printable(message)}")
    checkin = CheckIn(**parsed, author=args.author)
    try:
        done = Session(board).edit(
            lambda b: edits.record_checkin(b, ref, checkin), f"check-in on {ref}"
        )
    except SaveRefused as exc:
        print(f"okrboard: {printable(str(exc))}", file=sys.stderr)
        return 1
    if done is None:
        print(f"Nothing changed: {printable(ref)} already has this check-in.")
        return 0
    share = scoring.progress(board.key_result(ref))
    progress = "" if share is None else f", {share:.0%} of the way"
    confidence = "" if checkin.confidence is None else f", confidence {checkin.confidence}/10"
    value = semdiff.with_unit(checkin.value, kr.unit)
    print(
        printable(f"Checked in {ref}: {value} on {checkin.date}{confidence}{progress} ({done.rel})")
    )
    return 0


# -- git set-up and the merge driver ------------------------------------------------------


def cmd_setup_git(args: argparse.Namespace) -> int:
    from okrboard.git.runner import GitUnavailable
    from okrboard.git.setup import setup_git

    root = _board_dir(args.dir)
    try:
        done = setup_git(root)
    except GitUnavailable as exc:
        raise UsageError(str(exc)) from exc
    except subprocess.CalledProcessError as exc:
        shown = printable(str(root.resolve()))
        raise UsageError(f"{shown} is not in a git repository ({exc.stderr.strip()})") from None
    print("; ".join(done).capitalize() + "." if done else "Already set up.")
    if any(line.startswith("wrote") for line in done):
        print("Commit .gitattributes so every clone merges board files by item.")
    return 0


def cmd_merge_driver(args: argparse.Namespace) -> int:
    from okrboard.git.mergedriver import driver

    return driver(args.base, args.ours, args.theirs, args.path or str(args.ours))
