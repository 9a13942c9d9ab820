"""Measure: read every metric source and record what each says as a check-in, the same
from ``okrboard measure`` and from ``R`` in the app. A source ``check`` refuses is that
item's error (an unattended run fails on it); linked issues feed ``issues`` sources; each
result is said in one line, and the run in one summary."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from pathlib import Path

from okrboard.domain import valuetext
from okrboard.domain.text import count
from okrboard.files.load import LoadedBoard
from okrboard.measure import run, trackers
from okrboard.measure.read import Reading
from okrboard.measure.run import ERROR, RECORDED, WOULD, Item, Measured, Readings

__all__ = [
    "Item", "Measured", "Readings", "failed", "judge", "line", "load", "measurable", "measure",
    "plan", "read", "summary",
]  # fmt: skip


def load(root: Path, every: bool = False) -> LoadedBoard:
    """The board as a run reads it: the current quarter and the KPIs (``every``: all of it,
    for items named by reference in any quarter)."""
    return run.load_measured(root, every=every)


def measurable(board: LoadedBoard) -> list[str]:
    """Every item with a source, valid or not (what ``--only`` may name)."""
    return [ref for ref, _ in run.sourced(board)] + [r.ref for r in run.invalid_sources(board)]


def anything(board: LoadedBoard, only: Iterable[str] = ()) -> bool:
    """Whether a run has a source to read or to refuse."""
    only = list(only)
    return bool(run.measured_items(board, only) or run.invalid_sources(board, only))


def failed(results: list[Measured]) -> bool:
    """A source could not be read or was refused: an unattended run must not pass."""
    return any(r.outcome == ERROR for r in results)


def _issues(board: LoadedBoard) -> Callable[[str], Callable[[str], Reading]] | None:
    linked = trackers.load(board.root)
    return linked.reader(board) if linked else None


def measure(
    board: LoadedBoard, today: dt.date, only: Iterable[str] = (), dry_run: bool = False
) -> list[Measured]:
    """The whole run (a command's): read, judge and, unless ``dry_run``, record under the
    board's lock; every source's result, the invalid ones first."""
    only = list(only)
    found = run.measure(board, today, only, dry_run, _issues(board))
    return run.invalid_sources(board, only) + found


def plan(board: LoadedBoard, only: Iterable[str] = ()) -> list[Item]:
    """The sources to read, taken from the board (the app's main thread)."""
    return run.planned(board, only, _issues(board))


def read(
    root: Path,
    items: list[Item],
    today: dt.date,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[list[Measured], dict]:
    """Read the sources ``plan`` took (any thread: the live board is not touched)."""
    return run.read_items(root, items, today, progress)


def judge(board: LoadedBoard, read_out: tuple[list[Measured], dict], today: dt.date) -> Readings:
    """What the readings would record (the main thread again), the invalid sources first;
    ``Readings.record`` is the edit."""
    results, checkins = read_out
    readings = run.judged(board, results, checkins, today)
    readings.results[:0] = run.invalid_sources(board)
    return readings


def line(result: Measured, by_title: bool = False) -> str:
    """``REF: 46% -> 47% on 2026-11-21 (recorded)``, or ``REF: error: WHY (SOURCE)``;
    ``by_title``: the item's title instead of its reference (for a person, in the app)."""
    name = result.label if by_title else result.ref
    if result.outcome == ERROR:
        return f"{name}: error: {result.error} ({result.source})"
    old, new = (
        valuetext.with_unit(result.old, result.unit),
        valuetext.with_unit(result.new, result.unit),
    )
    if result.newer is not None:  # an older reading: history, not the new value
        return (
            f"{name}: {new} on {result.day} ({result.outcome} as history; "
            f"the value stays {old}, from {result.newer})"
        )
    return f"{name}: {old} -> {new} on {result.day} ({result.outcome})"


def summary(results: list[Measured], dry_run: bool = False) -> str:
    """``12 sources read: 7 check-ins recorded, 1 failed.``"""
    failed = sum(r.outcome == ERROR for r in results)
    done = sum(r.outcome == (WOULD if dry_run else RECORDED) for r in results)
    verb = "would be recorded" if dry_run else "recorded"
    return (
        f"{count(len(results), 'source')} read: {count(done, 'check-in')} {verb}, {failed} failed."
    )
