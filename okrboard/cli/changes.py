"""okrboard diff and okrboard log: what changed, by item and field, from git."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from okrboard.cli.common import (
    NotFound,
    UsageError,
    board_dir,
    count,
    json_document,
    near_hint,
    one_ref,
    say_unreadable,
)
from okrboard.domain import ids, links
from okrboard.domain.text import lines, printable
from okrboard.files.load import load_board

# -- diff -------------------------------------------------------------------------------------


def cmd_diff(args: argparse.Namespace) -> int:
    # lazy: each command loads only what it runs (start-up of a command)
    from okrboard.domain import semdiff
    from okrboard.flows import compare
    from okrboard.git.revisions import GitError

    root = board_dir(args.dir)
    if args.quarters:
        first, second = args.quarters
        return _diff_quarters(root, first, second, args.format)
    try:
        found = compare.revisions(root, args.rev_a, args.rev_b)
    except GitError as exc:
        raise UsageError(printable(str(exc))) from exc
    assert found.span is not None  # two revisions, or one and the working tree
    compared, changes, commits, new = found.span, found.changes, found.commits, found.new
    unreadable = say_unreadable(found.old, found.new)
    if args.format == "json":  # JSON escapes control characters itself
        revisions: dict[str, object] = {
            "text": compared.text,
            "old": compared.old,
            "new": compared.new,
        }
        if compared.base_of:
            revisions["merge_base_of"] = list(compared.base_of)
        print(
            json_document(
                new,
                revisions=revisions,
                commits=[vars(c) for c in commits],
                changes=[c.as_dict() for c in changes],
                unreadable=sorted(found.unreadable),
            )
        )
        return 1 if unreadable else 0
    if args.format == "markdown":
        text = semdiff.as_markdown(changes, f"Changes {compared.text}")
        head, _, rest = text.partition("\n\n")
        text = f"{head}\n\nCompared: {compared.described()}\n\n{rest}"
        if commits:
            text += "\n### Commits\n\n" + "".join(
                f"- `{c.sha[:10]}` {c.subject} ({c.author}, {c.day})\n" for c in commits
            )
    else:
        text = semdiff.as_text(changes)
        if commits:
            text += "\nCommits:\n" + "".join(f"  {c.sha[:10]} {c.subject}\n" for c in commits)
    for line in lines(text):
        print(printable(line))
    if args.format == "text":
        print(f"{count(semdiff.made(changes), 'change')} ({compared.text}).", file=sys.stderr)
    return 1 if unreadable else 0


# -- log --------------------------------------------------------------------------------------


def cmd_log(args: argparse.Namespace) -> int:
    # lazy: git's layer loads only when git is asked (start-up, docs/performance.md)
    from okrboard.git import history
    from okrboard.git.revisions import GitError, shallow_cut

    root = board_dir(args.dir)
    item = args.item
    board = None  # read only when needed: a whole reference is found in git alone
    if item is not None and not _is_ref(item):  # an id or suffix: activation-rate
        board = load_board(root)
        item = one_ref(board, item, links.every_ref(board))
    try:
        if item is None:
            entries = history.board_log(root, max_count=args.max_count)
        else:
            entries = history.history(root, item)[: args.max_count]
    except ValueError as exc:  # not a reference
        raise UsageError(printable(str(exc))) from exc
    except GitError as exc:
        raise UsageError(str(exc)) from exc
    if item is not None and not entries:
        board = board or load_board(root)
        refs = links.every_ref(board)
        if item not in refs:  # never on the board
            hint = near_hint(refs, item)
            raise NotFound(f"no item {printable(item)!r} on this board or in its history{hint}")
    boundary = shallow_cut(root)
    cut = [e.commit for e in entries if any(sha.startswith(e.commit) for sha in boundary)]
    if cut:
        print(f"okrboard: history is cut at {', '.join(cut)} (a shallow clone): what that "
              "commit shows as added was there before it; git fetch --unshallow reads the rest.",
              file=sys.stderr)  # fmt: skip
    if args.format == "json":
        commits = [e.as_dict() for e in entries]
        print(json_document(board or load_board(root), item=item, commits=commits,
                            history_cut_at=cut))  # fmt: skip
        return 0
    render = history.as_markdown if args.format == "markdown" else history.as_text
    for line in lines(render(item, entries)):
        print(printable(line))
    if args.format == "text":
        what = printable(item) if item else "the board"
        print(f"{count(len(entries), 'commit')} changed {what}.", file=sys.stderr)
    return 0


def _is_ref(text: str) -> bool:
    try:
        ids.parse_ref(text)
    except ValueError:
        return False
    return True


def _diff_quarters(root: Path, a: str, b: str, fmt: str) -> int:
    # lazy: each command loads only what it runs (start-up of a command)
    from okrboard.reports import quarters

    board = load_board(root)
    try:
        result = quarters.compare(board, a, b, quarters.boards_from_git(root))
    except ValueError as exc:
        raise UsageError(printable(str(exc))) from exc
    data = quarters.review(board, result)
    if fmt == "json":
        print(json_document(board, **data))
    else:
        render = quarters.as_markdown if fmt == "markdown" else quarters.as_text
        for line in lines(render(data)):
            print(printable(line))
    return 1 if say_unreadable(board) else 0
