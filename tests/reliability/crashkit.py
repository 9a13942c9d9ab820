"""Kill a writer at random points and look at what it leaves on disk.

A writer is a function run in a forked child (a subprocess that shares the test's
imports, so a run costs a fork rather than a Python start-up). Two kills in three land on
a random line of Python, counted by a trace function, so every step of a save is reached:
one anywhere in the save, one in the write itself (from ``atomic.staged`` on: a few dozen
lines among the save's 100,000, which a kill anywhere would seldom reach). The third comes
after a random wall-clock delay, so a kill can also land inside a system call (a
half-written temporary file, an unfinished rename).
"""

from __future__ import annotations

import contextlib
import os
import random
import signal
import statistics
import sys
import time
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Tally:
    """What the kills left: every file whole, old or new, or a failure named."""

    runs: int = 0
    old: int = 0  # every file as it was: killed before the rename
    new: int = 0  # every file written: killed after it
    mixed: int = 0  # a several-file save cut between two renames (each file whole)
    finished: int = 0  # the writer ended before the kill reached it
    leftovers: int = 0  # runs that left a temporary file behind
    failures: list[str] = field(default_factory=list)


def _tracer(start: str, kill_at: int | None = None) -> tuple[Callable, list[int]]:
    """A trace function that counts lines of Python once a function of the file named
    ``start``, or the function so named, is entered, and kills the process at line
    ``kill_at``; and the count, in a list. Before that entry no line is traced (the reading
    before a save ran several times slower so); at it, the frames it returns to are traced
    from then on, so every line after the entry counts, whichever frame runs it."""
    count = [0]
    armed = not start

    def local(frame, event, arg):
        if event == "line":
            count[0] += 1
            if count[0] == kill_at:
                os.kill(os.getpid(), signal.SIGKILL)
        return local

    def calls(frame, event, arg):
        nonlocal armed
        if not armed:
            code = frame.f_code
            if not (code.co_filename.endswith(start) or code.co_name == start):
                return None
            armed = True
            caller = frame.f_back
            while caller is not None:  # as a debugger does when it stops in a frame
                caller.f_trace = local
                caller = caller.f_back
        return local

    return calls, count


def _silence() -> None:
    """In a forked child: what the writer prints goes nowhere (not into the test's output)."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    sys.stdout = sys.stderr = open(os.devnull, "w")  # noqa: SIM115 (the child exits soon)


def _child(write: Callable[[], object], kill_at: int | None, start: str) -> None:
    """In the forked child: run ``write`` (killed at line ``kill_at``) and exit at once."""
    _silence()
    try:
        if kill_at is not None:
            sys.settrace(_tracer(start, kill_at)[0])
        write()
    finally:
        os._exit(0)


def _count_lines(write: Callable[[], object], start: str) -> int:
    """How many lines of Python ``write`` runs from ``start`` on, counted in a child."""
    read, send = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read)
        _silence()
        tracer, count = _tracer(start)
        sys.settrace(tracer)
        try:
            write()
        finally:
            sys.settrace(None)
            os.write(send, str(count[0]).encode())
            os._exit(0)
    os.close(send)
    os.waitpid(pid, 0)
    with os.fdopen(read) as pipe:
        return int(pipe.read() or 0)


def _run(
    write: Callable[[], object], kill_at: int | None = None, delay: float | None = None, start=""
) -> bool:
    """One run of ``write`` in a child; True when the kill came before it ended."""
    pid = os.fork()
    if pid == 0:
        _child(write, kill_at, start)
    if delay is not None:
        time.sleep(delay)
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    return os.WIFSIGNALED(status)


def _timed(write: Callable[[], object], put_back: Callable[[], None]) -> float:
    """How long a whole run of ``write`` takes, fork to exit."""
    times = []
    for _ in range(5):
        put_back()
        start = time.perf_counter()
        _run(write)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def crash(
    write: Callable[[], object],
    old: dict[Path, bytes | None],
    runs: int,
    start: str = "okrboard/files/store.py",
    seed: int = 0,
) -> Tally:
    """Run ``write`` ``runs`` times, each killed at a random point, the files put back to
    ``old`` before each run. Each file afterwards must parse as TOML and hold its old bytes
    or the bytes an uninterrupted run writes. The line kills land after the writer first
    enters the file ``start`` (the save, not the reading before it), or ``staged``."""
    rng = random.Random(seed)
    folders = {path.parent for path in old}

    def put_back() -> None:
        for path, data in old.items():
            if data is None:
                path.unlink(missing_ok=True)
            else:
                path.write_bytes(data)
        for folder in folders:
            for leftover in folder.glob(".*.tmp"):
                leftover.unlink()

    put_back()
    _run(write)
    new = {path: path.read_bytes() if path.exists() else None for path in old}
    assert new != old, "the writer changed nothing: nothing to test"
    windows = []
    for name in (start, "staged"):
        put_back()
        windows.append((name, _count_lines(write, name)))
    assert all(lines for _, lines in windows), f"the writer never reached {windows}"
    duration = _timed(write, put_back)
    tally = Tally()
    for number in range(runs):
        put_back()
        if number % 3 < 2:
            window, lines = windows[number % 3]
            killed = _run(write, kill_at=rng.randint(1, lines), start=window)
        else:
            killed = _run(write, delay=rng.uniform(0, duration * 1.1))
        tally.runs += 1
        tally.finished += not killed
        tally.leftovers += any(any(folder.glob(".*.tmp")) for folder in folders)
        now = {path: path.read_bytes() if path.exists() else None for path in old}
        for path, data in now.items():
            if data not in (old[path], new[path]):
                tally.failures.append(f"run {number}: {path.name} is neither old nor new")
            elif data is not None and path.suffix == ".toml":
                try:
                    tomllib.loads(data.decode("utf-8"))
                except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
                    tally.failures.append(f"run {number}: {path.name} does not parse: {exc}")
        if now == old:
            tally.old += 1
        elif now == new:
            tally.new += 1
        else:
            tally.mixed += 1
    put_back()
    return tally
