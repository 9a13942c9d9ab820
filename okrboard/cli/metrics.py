"""okrboard measure, due and links: metrics that check themselves in, the check-ins each
owner owes, and the issues a board links to."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from okrboard.cli.common import (
    UsageError,
    board_dir,
    json_document,
    one_ref,
    say_unreadable,
)
from okrboard.domain.text import count, printable, safe_json
from okrboard.files.load import load_board

if TYPE_CHECKING:
    from okrboard.domain.model import Board
    from okrboard.domain.reminders import Owed


def cmd_measure(args: argparse.Namespace) -> int:
    # lazy: each command loads only what it runs (start-up of a command)
    from okrboard.flows import measure

    board = measure.load(board_dir(args.dir), every=bool(args.only))
    measurable = measure.measurable(board)
    only = [one_ref(board, text, measurable, "item with a source") for text in args.only or ()]
    unreadable = say_unreadable(board)
    if not measure.anything(board, only):
        print("Nothing to measure: no key result of the current quarter or KPI has a source "
              "(docs/format.md, Metric sources).", file=sys.stderr)  # fmt: skip
        return 1 if unreadable else 0
    results = measure.measure(board, dt.date.today(), only, args.dry_run)
    failed = measure.failed(results)
    if args.format == "json":
        print(json_document(board, dry_run=args.dry_run, measured=[r.as_dict() for r in results]))
    else:
        for result in results:
            print(printable(measure.line(result)))
        print(measure.summary(results, args.dry_run), file=sys.stderr)
    return 1 if failed or unreadable else 0


# -- due ----------------------------------------------------------------------------------


def cmd_due(args: argparse.Namespace) -> int:
    # lazy: each command loads only what it runs (start-up of a command)
    from okrboard.domain import reminders
    from okrboard.git.births import date_board

    board = load_board(board_dir(args.dir))
    today = args.today or dt.date.today()
    date_board(board, today)  # a KR added this week owes no check-in yet
    if args.within < 0:
        raise UsageError("--within: a number of days, 0 or more")
    owed = reminders.owed(board, today, args.within, args.owner)
    unreadable = say_unreadable(board)  # its check-ins would be missing: never silently
    if unreadable and args.post:
        print("okrboard: nothing posted: the board could not be read whole.", file=sys.stderr)
        return 1
    if args.format == "json":
        text = json_document(board, as_of=today, within=args.within,
                             due=[o.as_dict() for o in owed])  # fmt: skip
    elif args.format == "slack":
        text = safe_json(slack_message(board.label, owed, today))
    else:
        text = _due_text(owed, today)
    if args.post:
        return _post(args.post, slack_message(board.label, owed, today))
    print(text.rstrip("\n"))
    return 1 if unreadable else 0


def _due_text(owed: list[Owed], today: dt.date) -> str:
    # lazy: each command loads only what it runs (start-up of a command)
    from okrboard.domain import reminders

    if not owed:
        return "No check-ins due."
    lines = []
    for owner, items in reminders.by_owner(owed).items():
        lines.append(printable(owner or "no owner"))
        lines += [printable(f"  {o.label} ({o.ref}): {o.when(today)}") for o in items]
    return "\n".join(lines) + "\n"


def _slack(text: str) -> str:
    """Text for Slack's mrkdwn: its three special characters escaped, one line."""
    text = printable(text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def slack_message(board: str, owed: list[Owed], today: dt.date) -> dict:
    """The incoming-webhook payload: a header, then one section per owner."""
    # lazy: each command loads only what it runs (start-up of a command)
    from okrboard.domain import reminders

    title = f"Check-ins due on {board}"
    if not owed:
        return {"text": f"{title}: none this week.", "blocks": []}
    blocks: list[dict] = [{"type": "header", "text": {"type": "plain_text", "text": title[:150]}}]
    for owner, items in reminders.by_owner(owed).items():
        lines = [f"*{_slack(owner or 'no owner')}*"]
        lines += [f"• {_slack(o.label)} — {o.when(today)}" for o in items]
        blocks.append(
            {"type": "section", "text": {"type": "mrkdwn", "text": "\n".join(lines)[:3000]}}
        )
    return {"text": f"{title}: {count(len(owed), 'check-in')}", "blocks": blocks[:50]}


POST_SECONDS = 10


def _post(url: str, payload: dict) -> int:
    """POST the payload to a webhook; exit 1, saying why, when it is not taken."""
    # lazy: each command loads only what it runs (start-up of a command)
    import urllib.error
    import urllib.request

    if not url.startswith(("https://", "http://")):
        raise UsageError(f"--post: {printable(url)!r} is not an http(s) URL")
    body = safe_json(payload).encode("utf-8")
    request = urllib.request.Request(
        url, data=body, headers={"Content-Type": "application/json"}, method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=POST_SECONDS) as response:
            status = response.status
    except urllib.error.HTTPError as exc:
        print(f"okrboard: the webhook answered HTTP {exc.code} {exc.reason}", file=sys.stderr)
        return 1
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        print(
            f"okrboard: the webhook did not answer: {getattr(exc, 'reason', exc)}", file=sys.stderr
        )
        return 1
    print(f"Posted to the webhook (HTTP {status}).", file=sys.stderr)
    return 0


# -- links --------------------------------------------------------------------------------


def cmd_links(args: argparse.Namespace) -> int:
    # lazy: each command loads only what it runs (start-up of a command)
    from okrboard.flows import links as linking
    from okrboard.measure import trackers

    board = load_board(board_dir(args.dir))
    today = dt.date.today()
    unreadable = say_unreadable(board)
    if args.action == "import":
        if not args.file:
            raise UsageError("links import FILE: name the export to read")
        try:
            done = linking.import_export(board, Path(args.file), today)
        except linking.Refused as exc:
            if unreadable:
                print(f"okrboard: {exc}", file=sys.stderr)
                return 1
            raise UsageError(printable(str(exc))) from exc
        except linking.ExportError as exc:
            print(f"okrboard: {printable(str(exc))}", file=sys.stderr)
            return 1
        print(printable(done.sentence))
        return 0
    if args.file:
        raise UsageError(f"{printable(args.file)}: links takes a file only after import")
    linked = trackers.load(board.root) or trackers.Linked()
    items = _linked_items(board)
    if args.format == "json":
        listed = [
            {
                "ref": ref,
                "title": label,
                "summary": trackers.summary(linked.of(links), today),
                "links": [
                    {
                        "link": link,
                        "issue": trackers.as_dict(i) if (i := linked.find(link)) else None,
                    }
                    for link in links
                ],
            }
            for ref, label, links in items
        ]
        print(json_document(board, as_of=today, items=listed))
        return 1 if unreadable else 0
    for ref, label, links in items:
        summary = trackers.summary(linked.of(links), today)
        print(printable(f"{label} ({ref})" + (f": {summary}" if summary else "")))
        for link in links:
            issue = linked.find(link)
            said = f"{issue.status} ({issue.category}) {issue.title}" if issue else "not imported"
            print(printable(f"  {link}  {said}"))
    if not linked.issues:
        print("No issues imported yet: okrboard links import FILE (a Jira or Linear CSV export,"
              " or gh issue list --json output).", file=sys.stderr)  # fmt: skip
    return 1 if unreadable else 0


def _linked_items(board: Board) -> list[tuple[str, str, list[str]]]:
    """Each KR of the current quarter, roadmap card and KPI that has links."""
    # lazy: each command loads only what it runs (start-up of a command)
    from okrboard.domain import ids

    found = []
    for ref, _, kr in board.iter_key_results():
        if kr.links and ids.quarter_of(ref) == board.current_quarter:
            found.append((ref, kr.label, kr.links))
    for team, roadmap in sorted(board.roadmaps.items()):
        for theme in roadmap.themes.values():
            if theme.links:
                found.append((ids.card_ref(team, theme.id), theme.label, theme.links))
    found += [(ref, kpi.label, kpi.links) for ref, kpi in board.iter_kpis() if kpi.links]
    return found
