"""A team's quarter closed (grades, decisions, KPI bands) then committed and tagged, and
the next quarter opened with what carries over: the same flow for ``okrboard quarter
close|open`` and the OKR view's ``Q`` and ``O``. Each front gathers the answers its own
way (options, or a form) and saves the edit through its session; the flow names the
edit, commits and tags, and words the result."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from okrboard.domain import ids, lifecycle, titles, valuetext
from okrboard.domain.model import Board, KeyResult, Part
from okrboard.domain.text import count, printable
from okrboard.files.session import Change
from okrboard.git import commit
from okrboard.git.runner import GitError, identity

Edit = Callable[[Board], list[Part]]


def close_edit(quarter: str, team: str, close: lifecycle.Close, today: dt.date) -> Edit:
    """The edit that closes ``quarter`` for ``team`` with the answers ``close``."""
    return lambda board: lifecycle.close_quarter(board, quarter, team, close, today)


def close_label(quarter: str, team: str) -> str:
    return f"close {quarter} for {team}"


def can_commit(root: Path) -> None:
    """Raise NoIdentity before anything is saved when git has no user to commit a close as."""
    identity(root)


@dataclass(frozen=True)
class Closed:
    quarter: str
    team: str
    tag: str = ""
    error: str = ""  # why it was saved but not tagged

    @property
    def sentence(self) -> str:
        if self.error:
            return f"Closed {self.quarter} for {self.team} (saved). Not tagged: {self.error}"
        return f"Closed {self.quarter} for {self.team}: committed and tagged {self.tag}."


def tag_close(board: Board, quarter: str, team: str, saved: Change | None) -> Closed:
    """Commit the files the close ``saved`` and tag the commit, so the quarter as closed is
    one ``git show`` away; a git refusal is kept in ``Closed.error``."""
    summary = lifecycle.close_summary(board, quarter, team)
    rels = [rel for rel, _, _ in saved.files] if saved else [ids.okr_file(quarter, team)]
    try:
        tag = commit.close_quarter(board.root, quarter, team, rels, summary)
    except GitError as exc:
        return Closed(quarter, team, error=str(exc))
    return Closed(quarter, team, tag=tag)


def open_edit(quarter: str, carry: list[str], cards: list[str]) -> Edit:
    """The edit that opens the quarter after ``quarter``, carrying ``carry`` over and
    moving ``cards`` from Next to Now."""
    return lambda board: lifecycle.open_quarter(board, quarter, carry, cards)[1]


def open_label(quarter: str) -> str:
    return f"open {lifecycle.next_quarter(quarter)}"


def opened_sentence(
    new: str, carry: list[str], team: str | None = None, dry_run: bool = False
) -> str:
    """``Opened 2027-Q1 for growth: 1 objective and 2 key results carried over``
    (``team``: only that team's share of ``carry``; ``dry_run``: what would be done)."""
    mine = [r for r in carry if team is None or ids.team_of(r) == team]
    krs = sum(ids.parse_ref(r).kind == "key_result" for r in mine)
    carried = f"{count(len(mine) - krs, 'objective')} and {count(krs, 'key result')} carried over"
    who = f" for {team}" if team else ""
    verb = "Would open" if dry_run else "Opened"
    return f"{verb} {new}{who}: {carried}"


def promoted_sentence(cards: list[str], dry_run: bool = False) -> str:
    """``1 card moved from Next to Now`` (``dry_run``: ``Would move …``)."""
    verb = "Would move" if dry_run else "Moved"
    return f"{verb} {count(len(cards), 'card')} from Next to Now: {', '.join(cards)}"


def carry_lines(board: Board, carry: list[str]) -> list[str]:
    """For each KR carried, its numbers before and after: ``  REF: baseline 210 -> 168,
    target 126 (kept)`` (``lifecycle.carried``)."""
    return [f"  {ref}: {carry_text(kr)}" for ref in carry if (kr := board.key_result(ref))]


def carry_text(kr: KeyResult) -> str:
    """``baseline 210 -> 168, target 126 (kept)``: what carrying ``kr`` does to it."""
    numbers = lifecycle.carried(kr)
    base, start, old, new = (
        valuetext.shown(n, kr.unit)
        for n in (numbers.baseline, numbers.new_baseline, numbers.target, numbers.new_target)
    )
    aim = f"target {old} (kept)" if old == new else f"target {old} -> {new} (reached: as far again)"
    title = kr.title or ""
    moved = numbers.new_baseline != numbers.baseline or numbers.new_target != numbers.target
    if moved and titles.states_numbers(title) and titles.from_to(title) is None:
        aim += f"; its title keeps its numbers, check it: {printable(title)}"
    return f"baseline {base} -> {start}, {aim}"
