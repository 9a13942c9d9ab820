"""The ``okrboard`` command line.

Exit codes: 0 success, 1 the board has problems (``check``), 2 a usage error (bad arguments,
not a board, git missing). Nothing here imports textual until the TUI is opened.
"""

from __future__ import annotations

import argparse
import datetime as dt
import difflib
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from okrboard import __version__
from okrboard.cli.boards import cmd_demo, cmd_init, cmd_merge_driver, cmd_setup_git
from okrboard.cli.changes import cmd_diff, cmd_log
from okrboard.cli.checks import FORMATS, cmd_check, cmd_lint
from okrboard.cli.common import JSON_VERSION, NotFound, UsageError
from okrboard.cli.completion import SHELLS, Parser, script
from okrboard.cli.launch import cmd_open
from okrboard.cli.metrics import cmd_due, cmd_links, cmd_measure
from okrboard.cli.publish import cmd_export, cmd_mcp, cmd_serve
from okrboard.cli.quarters import cmd_close
from okrboard.cli.share import cmd_checkin, cmd_report
from okrboard.domain.text import printable, safe_json

SCHEMAS = ("board", "okr", "roadmap", "tree", "kpi")  # domain.jsonschema.KINDS, checked by a test
COMMANDS = (
    "open", "init", "check", "lint", "demo", "diff", "log", "report", "checkin", "measure",
    "due", "links", "export", "serve", "mcp", "quarter", "close", "setup-git", "merge-driver",
    "completion", "schema",
)  # fmt: skip


BOARD_HELP = "the board's folder (default: the board this folder is in, as git finds a repository)"
FORMAT_HELP = (
    "text for people, json for scripts, github for GitHub Actions annotations, gitlab for "
    "a GitLab code-quality report (default: text)"
)
AT_HELP = (
    "the board as of a commit, branch or tag, a day (2026-10-20) or a quarter (2026-Q3: its "
    "last day), judged as of that day"
)


def _count(text: str) -> int:
    try:
        number = int(text)
    except ValueError:
        number = -1
    if number < 0:
        raise argparse.ArgumentTypeError(f"{text}: expected a count of 0 or more")
    return number


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-11-22") from None


def _parser() -> Parser:
    parser = Parser(
        prog="okrboard",
        description="OKRs, a Now / Next / Later roadmap and opportunity trees, "
        "kept as TOML files in git.",
        epilog="Run 'okrboard COMMAND --help' for a command's options. "
        "'okrboard [DIR]' opens the board in DIR (default: the current folder).",
    )
    parser.add_argument("--version", action="version", version=f"okrboard {__version__}")
    parser.add_argument(
        "-C",
        metavar="DIR",
        dest="chdir",
        help="run as if okrboard was started in DIR (as git -C; before the command)",
    )
    sub = parser.add_commands(dest="command", metavar="COMMAND")

    open_ = sub.add_parser("open", help="open a board in the terminal UI (the default)")
    open_.add_argument("dir", nargs="?", help=BOARD_HELP)
    open_.add_argument("--at", metavar="REV", help=AT_HELP + ", read-only")
    _public_options(open_)
    _folder_option(open_)

    quarter = sub.add_parser(
        "quarter", help="a quarter's lifecycle: quarter close QUARTER, quarter open QUARTER"
    )
    steps = quarter.add_commands(dest="step", metavar="STEP", required=True)
    _close_options(steps.add_parser(
        "close", help="close QUARTER team by team: grades, decisions, a commit and a tag"
    ))  # fmt: skip
    opening = steps.add_parser(
        "open",
        help="open QUARTER team by team, carrying over from the quarter before (as the "
        "UI's O does)",
    )
    opening.add_argument("quarter", help="e.g. 2027-Q1")
    opening.add_argument(
        "--team", action="append", metavar="T", help="only this team (repeat for more)"
    )
    opening.add_argument(
        "--carry",
        action="append",
        metavar="REF",
        help="carry this objective (with its key results not yet reached) or key result "
        "(repeat for more; default: objectives not abandoned, key results not reached)",
    )
    opening.add_argument(
        "--promote", action="append", metavar="CARD", help="move this Next card to Now"
    )
    opening.add_argument("--dry-run", action="store_true", help="say what would be done, only")
    opening.add_argument("-C", "--dir", metavar="DIR", help=BOARD_HELP)

    init = sub.add_parser("init", help="create a new board, as a git repository")
    init.add_argument("dir", nargs="?", default=".", help="where to create it (default: here)")
    init.add_argument("--name", help="the board's name (default: the folder's name)")
    init.add_argument(
        "--team", action="append", metavar="ID", help="a team id to start with (repeatable)"
    )

    check = sub.add_parser("check", help="validate a board; list every problem")
    check.add_argument("dir", nargs="?", help=BOARD_HELP)
    _folder_option(check)
    check.add_argument("--format", choices=FORMATS, default="text", help=FORMAT_HELP)

    diff = sub.add_parser(
        "diff",
        help="what changed, by item and field: uncommitted (no revision), since REV_A, "
        "or from REV_A to REV_B",
    )
    diff.add_argument("rev_a", nargs="?", help="a commit, branch or tag (default: HEAD)")
    diff.add_argument("rev_b", nargs="?", help="another one (default: the working tree)")
    diff.add_argument("-C", "--dir", metavar="DIR", help=BOARD_HELP)
    diff.add_argument("--format", choices=("text", "markdown", "json"), default="text")
    diff.add_argument(
        "--quarters",
        nargs=2,
        metavar=("QUARTER_A", "QUARTER_B"),
        help="compare two quarters as a review: team by team, grades, decisions, results "
        "against aims, what was carried; "
        "the roadmap at each quarter's end",
    )

    log = sub.add_parser(
        "log", help="every commit that changed an item (or the board), field by field"
    )
    log.add_argument(
        "item", nargs="?", help="e.g. 2026-Q3/growth/activation/time-to-value (default: all)"
    )
    log.add_argument(
        "-n", "--max-count", type=_count, metavar="N", help="only the newest N commits"
    )
    log.add_argument("-C", "--dir", metavar="DIR", help=BOARD_HELP)
    log.add_argument("--format", choices=("text", "markdown", "json"), default="text")

    lint = sub.add_parser(
        "lint", help="the OKR coach: how well the OKRs are written and kept (docs/coach.md)"
    )
    lint.add_argument("dir", nargs="?", help=BOARD_HELP)
    _folder_option(lint)
    lint.add_argument("--quarter", help="the quarter to coach (default: the current one)")
    lint.add_argument("--at", metavar="REV", help=AT_HELP)
    lint.add_argument("--format", choices=FORMATS, default="text", help=FORMAT_HELP)
    lint.add_argument(
        "--fail-on",
        choices=("error", "warning", "info", "never"),
        default="warning",
        help="exit 1 when a finding is at this severity or above (default: warning)",
    )
    lint.add_argument(
        "--no-git", action="store_true", help="skip the rule that reads git history (KR005)"
    )

    report = sub.add_parser(
        "report", help="the quarterly review of QUARTER, in Markdown (or JSON) for the meeting"
    )
    report.add_argument(
        "quarter", nargs="?", help="e.g. 2026-Q3 (default: the board's current quarter)"
    )
    report.add_argument("-C", "--dir", metavar="DIR", help=BOARD_HELP)
    report.add_argument("--at", metavar="REV", help=AT_HELP)
    report.add_argument("--format", choices=("markdown", "json"), default="markdown")
    _public_options(report)
    report.add_argument(
        "-o", "--output", metavar="FILE", help="write the report to FILE (- : print it)"
    )

    measure = sub.add_parser(
        "measure",
        help="read each metric source and record its value as a check-in (docs/format.md)",
    )
    measure.add_argument("--dry-run", action="store_true", help="print the values; write nothing")
    measure.add_argument(
        "--only", action="append", metavar="REF", help="only this KR or KPI (repeat for more)"
    )
    measure.add_argument("--format", choices=("text", "json"), default="text")
    measure.add_argument("-C", "--dir", metavar="DIR", help=BOARD_HELP)

    due = sub.add_parser("due", help="the check-ins each owner owes, from the stale rule")
    due.add_argument("--owner", metavar="NAME", help="only this owner's")
    due.add_argument(
        "--within", type=int, default=7, metavar="DAYS",
        help="also what falls due within DAYS days (default: 7, a week)",
    )  # fmt: skip
    due.add_argument("--format", choices=("text", "json", "slack"), default="text",
                     help="slack: the payload of a Slack incoming webhook")  # fmt: skip
    due.add_argument("--post", metavar="URL", help="send the Slack payload to this webhook")
    due.add_argument("--today", type=_day, metavar="DATE", help="as of this day (default: today)")
    due.add_argument("-C", "--dir", metavar="DIR", help=BOARD_HELP)

    export = sub.add_parser(
        "export", help="the board as a static site (html) for people outside the terminal"
    )
    export.add_argument("kind", choices=("html",), help="html: a static site")
    export.add_argument("out", help="the folder to write the site into")
    _public_options(export)
    export.add_argument("--quarter", help="the quarter to show (default: the current one)")
    export.add_argument("--at", metavar="REV", help=AT_HELP)
    export.add_argument("--no-owners", action="store_true", help="leave out who owns what")
    export.add_argument("--no-confidence", action="store_true", help="leave out confidence")
    export.add_argument("-C", "--dir", metavar="DIR", help=BOARD_HELP)

    serve = sub.add_parser(
        "serve", help="the app in a browser (read-only, as of HEAD), with textual-serve"
    )
    serve.add_argument("dir", nargs="?", help=BOARD_HELP)
    _folder_option(serve)
    serve.add_argument("--host", default="127.0.0.1", help="default 127.0.0.1: this machine only")
    serve.add_argument("--port", type=int, default=8000)
    _public_options(serve)

    mcp = sub.add_parser(
        "mcp",
        help="the board to an AI agent (Model Context Protocol): it reads, and proposes "
        "changes as branches to review (docs/agents.md)",
    )
    mcp.add_argument("dir", nargs="?", help=BOARD_HELP)
    _folder_option(mcp)
    mcp.add_argument("--read-only", action="store_true", help="offer no propose tools")
    mcp.add_argument(
        "--public", action="store_true", help="show what --public shows anyone; no proposals"
    )
    mcp.add_argument(
        "--http", action="store_true", help="Streamable HTTP on 127.0.0.1 (default: stdio)"
    )
    mcp.add_argument("--port", type=int, default=0, help="with --http (default: a free port)")

    links = sub.add_parser(
        "links", help="the issues each KR, card and KPI links to, with their status"
    )
    links.add_argument("action", nargs="?", choices=("import",), help="import FILE: read an export")
    links.add_argument(
        "file", nargs="?", help="a Jira or Linear CSV export, or gh issue list --json output"
    )
    links.add_argument("--format", choices=("text", "json"), default="text")
    links.add_argument("-C", "--dir", metavar="DIR", help=BOARD_HELP)

    checkin = sub.add_parser(
        "checkin", help="record a check-in on a key result or KPI (as 'c' in the app does)"
    )
    checkin.add_argument(
        "kr", help="the KR or KPI, e.g. 2026-Q4/growth/activation/activation-rate, kpi/growth/nps"
    )
    checkin.add_argument("value", help="its value today")
    checkin.add_argument("--confidence", metavar="N", help="1-10: how likely the target is")
    checkin.add_argument("--note", help="what happened")
    checkin.add_argument("--blockers", help="what stands in the way")
    checkin.add_argument("--date", help="when it was measured (default: today)")
    checkin.add_argument("--author", help="who checks in")
    checkin.add_argument("-C", "--dir", metavar="DIR", help=BOARD_HELP)

    setup = sub.add_parser(
        "setup-git",
        help="set up this clone's git for the board: the merge driver and diff hunk headers "
        "(run once in every clone)",
    )
    setup.add_argument("dir", nargs="?", help=BOARD_HELP)
    _folder_option(setup)

    driver = sub.add_parser(
        "merge-driver",
        help="git's merge driver for board files (set up by setup-git; git runs it)",
    )
    driver.add_argument("base", type=Path, help="%%O: the common ancestor's version")
    driver.add_argument("ours", type=Path, help="%%A: our version; the result is written here")
    driver.add_argument("theirs", type=Path, help="%%B: their version")
    driver.add_argument("path", nargs="?", default="", help="%%P: the file's path, for messages")

    _close_options(sub.add_parser("close", help="the same as 'quarter close' (its old name)"))

    demo = sub.add_parser("demo", help="create the sample board with its git history, open it")
    demo.add_argument("dir", nargs="?", help="where to create it (default: a new temp folder)")
    demo.add_argument("--no-open", action="store_true", help="only create it")
    demo.add_argument(
        "--today",
        type=_day,
        metavar="DATE",
        help="the day the demo is alive on: its current quarter, check-ins a few days old "
        "(default: today; pin it for screenshots and tests)",
    )
    completion = sub.add_parser(
        "completion",
        help="print a shell completion script: 'source <(okrboard completion bash)' (docs/cli.md)",
    )
    completion.add_argument("shell", choices=SHELLS)

    schema = sub.add_parser(
        "schema",
        help="print the JSON Schema of a kind of board file, for editors' TOML support "
        "(docs/format.md#editors)",
    )
    schema.add_argument(
        "kind", choices=SCHEMAS, help="board.toml, an OKR file, a roadmap, a tree, a KPI file"
    )
    return parser


def _schema(args: argparse.Namespace) -> int:
    from okrboard.domain.jsonschema import file_schema  # lazy: only this command needs it

    print(json.dumps(file_schema(args.kind), indent=2, ensure_ascii=False))
    return 0


def _completion(args: argparse.Namespace) -> int:
    print(script(_parser(), args.shell), end="")
    return 0


def _close_options(close: argparse.ArgumentParser) -> None:
    close.add_argument("quarter", help="e.g. 2026-Q3")
    close.add_argument(
        "--team", action="append", metavar="T", help="only this team (repeat for more)"
    )
    close.add_argument(
        "--yes", action="store_true", help="close even with decisions or learnings missing"
    )
    close.add_argument("--dry-run", action="store_true", help="say what would be done, only")
    close.add_argument(
        "--raise-kpis",
        action="store_true",
        help="move each KPI's band to the level a key result that names it reached",
    )
    close.add_argument("-C", "--dir", metavar="DIR", help=BOARD_HELP)


def _folder_option(parser: argparse.ArgumentParser) -> None:
    """``-C DIR`` / ``--dir DIR`` beside a command's positional folder: every command
    takes them all."""
    parser.add_argument("-C", "--dir", dest="dir_option", metavar="DIR", help=BOARD_HELP)


def _public_options(parser: argparse.ArgumentParser) -> None:
    """--public and what it may keep (okrboard.domain.public)."""
    parser.add_argument(
        "--public", action="store_true",
        help="fit to show anyone: no owners, confidence, notes, links or internal cards",
    )  # fmt: skip
    parser.add_argument("--show-owners", action="store_true", help="with --public: keep owners")
    parser.add_argument(
        "--show-confidence", action="store_true", help="with --public: keep confidence"
    )


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    folders = []  # -C DIR, as git: each relative to the one before
    while argv and argv[0].startswith("-C"):
        if argv[0] == "-C" and len(argv) > 1:
            folders.append(argv[1])
            argv = argv[2:]
        elif len(argv[0]) > 2:
            folders.append(argv.pop(0)[2:])
        else:
            break
    here = os.getcwd()
    try:
        for folder in folders:
            try:
                os.chdir(folder)
            except OSError as exc:
                why = exc.strerror or "cannot open it"
                print(f"okrboard: -C {printable(folder)}: {why}", file=sys.stderr)
                return 2
        return _run(argv)
    finally:
        os.chdir(here)


def _run(argv: list[str]) -> int:
    # 'okrboard [DIR]' is 'okrboard open [DIR]'.
    first = next((a for a in argv if not a.startswith("-")), None)
    implicit = first not in COMMANDS and not {"-h", "--help", "--version"} & set(argv)
    if implicit and argv and argv[0] == first and not Path(first).exists():
        near = difflib.get_close_matches(first, COMMANDS, n=2)
        if near:  # 'okrboard chek': a typo, not a folder
            said = " or ".join(near)
            print(f"okrboard: '{printable(first)}' is not a command or a folder; "
                  f"did you mean {said}?", file=sys.stderr)  # fmt: skip
            return 2
    if implicit:
        argv.insert(0, "open")
    args = _parser().parse_args(argv)
    try:
        _one_folder(args)
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
            "measure": cmd_measure,
            "due": cmd_due,
            "links": cmd_links,
            "export": cmd_export,
            "serve": cmd_serve,
            "mcp": cmd_mcp,
            "quarter": _quarter,
            "close": _close_alias,
            "setup-git": cmd_setup_git,
            "merge-driver": cmd_merge_driver,
            "completion": _completion,
            "schema": _schema,
        }
        return commands[args.command](args)
    except UsageError as exc:
        return _failed(args, "usage", str(exc), 2)
    except NotFound as exc:
        return _failed(args, "not_found", str(exc), 1)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # the reader went away (okrboard log | head): as git, 141
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141
    except OSError as exc:  # the disk refused a write (full, read-only): say which and why
        return _failed(args, "os", printable(str(exc)), 1)


def _one_folder(args: argparse.Namespace) -> None:
    """A command's positional folder and its ``--dir`` are one option: either, not both."""
    given = getattr(args, "dir_option", None)
    if given is None:
        return
    if args.dir is not None and not Path(args.dir).is_dir():
        return  # the command says what it is instead (a quarter, a typo)
    if args.dir not in (None, given):
        raise UsageError(f"two folders given ({printable(args.dir)}, --dir {printable(given)})")
    args.dir = given


def _quarter(args: argparse.Namespace) -> int:
    if args.step == "close":
        return cmd_close(args)
    # lazy: each command loads only what it runs (start-up of a command)
    from okrboard.cli.quarters import cmd_open_quarter

    return cmd_open_quarter(args)


def _close_alias(args: argparse.Namespace) -> int:
    print("okrboard: 'close' is now 'quarter close' (okrboard quarter close QUARTER).",
          file=sys.stderr)  # fmt: skip
    return cmd_close(args)


def _failed(args: argparse.Namespace, kind: str, message: str, code: int) -> int:
    """Say why a command failed, on stderr; with ``--format json`` also as the one JSON
    object every command fails with (docs/cli.md): ``{"version", "error": {kind,
    message, exit}}``, so a script reads a failure as it reads an answer."""
    print(f"okrboard: {message}", file=sys.stderr)
    if getattr(args, "format", None) == "json":
        error = {"kind": kind, "message": message, "exit": code}
        print(safe_json({"version": JSON_VERSION, "error": error}))
    return code
