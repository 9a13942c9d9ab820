"""The OKR screen's speed: first frame against a bare Textual app, and keypress to repaint.

    python bench/tui.py [--runs 7] [--presses 200]

1. Time to first frame: each app is started in a fresh process (imports included), runs
   headless at 120x40 and reports when its first frame is written out; the demo board
   against a bare app (Header + Footer + Static) started the same way. Target: <= 1.2x.
2. Keypress to repaint: moving down through a generated board of 250 KRs, down a column
   of a 300-card roadmap, and down a 2,000-node opportunity tree; the time from a key
   event reaching the app to the updated frame rendered as terminal output (see
   keypress_ms). Target: median <= 16 ms.

Prints figures and ratios measured in the same run; asserts nothing (CI machines are noisy).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

FIRST_FRAME = r"""
import sys, time
from textual.app import App
from textual.widgets import Footer, Header, Static

from tests.compat import on_frame

def on_first_frame(app):
    # When the first frame has been written out, print the wall-clock time and exit.
    timed = []
    def seen(screen, update):
        if update is not None and not timed:
            timed.append(True)
            print(time.time(), flush=True)
            app.exit()
    on_frame(app, seen, after=True)

if sys.argv[1] == "bare":
    class Bare(App):
        def compose(self):
            yield Header()
            yield Static("Hello")
            yield Footer()
    app = Bare()
else:
    import datetime as dt
    from okrboard.tui.app import OkrBoardApp
    from okrboard.tui.config import UserConfig
    from okrboard.files.load import load_board

    board = load_board(sys.argv[2], staged=True)  # as `okrboard` opens a board
    app = OkrBoardApp(board, today=dt.date(2026, 11, 22), config=UserConfig())
on_first_frame(app)
app.run(headless=True, size=(120, 40))
"""


def first_frame_ms(kind: str, board: Path | None) -> float:
    args = [sys.executable, "-c", FIRST_FRAME, kind] + ([str(board)] if board else [])
    start = time.time()  # wall clock: the child prints when its first frame was out
    out = subprocess.run(
        args, check=True, cwd=HERE.parent, env=CACHED, capture_output=True, timeout=DEADLINE
    )
    return (float(out.stdout.split()[0]) - start) * 1000


# Bytecode is cached, as after any pip install (some shells set PYTHONDONTWRITEBYTECODE,
# which would make okrboard, installed editable, compile itself on every start).
CACHED = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


async def keypress_ms(
    board_dir: Path,
    presses: int,
    key: str = "down",
    before: tuple[str, ...] = (),
    today: dt.date = dt.date(2026, 11, 22),
    follow: list[float] | None = None,
) -> list[float]:
    """Milliseconds from a key event reaching the app to the updated frame being rendered
    (``follow``: see ``_samples``).

    The app's ``_display`` (handed each compositor update) is wrapped: the update is
    rendered to terminal output there, as a real terminal would need, and the time taken
    from the key event to that moment is one sample. Between presses the app is let settle,
    so each sample is one keypress on a quiet app.
    """
    from okrboard.files.load import load_board
    from okrboard.tui.app import OkrBoardApp
    from okrboard.tui.config import UserConfig

    app = OkrBoardApp(load_board(board_dir), today=today, config=UserConfig())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        if before:
            await pilot.press(*before)
            await pilot.pause(0.2)
        return await _samples(app, presses, key, follow)


async def bare_keypress_ms(presses: int, rows: int = 3000) -> list[float]:
    """``keypress_ms`` for the floor: a bare Textual app of a header, okrboard's list
    widget alone (``widgets.rowlist``, ``rows`` one-cell rows) and a footer."""
    from rich.text import Text
    from textual.app import App, ComposeResult
    from textual.widgets import Footer, Header

    from okrboard.widgets.rowlist import Column, RowList

    class BareList(App):
        def compose(self) -> ComposeResult:
            yield Header()
            yield RowList()
            yield Footer()

        def on_mount(self) -> None:
            listed = self.query_one(RowList)
            listed.set_rows([Column("row", "Row", 80)], [[Text(f"row {i}")] for i in range(rows)])
            listed.focus()

    app = BareList()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        return await _samples(app, presses)


async def _samples(
    app, presses: int, key: str = "down", follow: list[float] | None = None
) -> list[float]:
    """Press ``key`` ``presses`` times on a quiet app (see ``keypress_ms``): each sample
    the milliseconds from the key event to the next frame rendered as terminal output.
    ``follow`` collects, for each key that painted again after (the detail pane following
    the cursor), the milliseconds to the last of those paints."""
    from textual import events

    from tests.compat import on_frame

    frames: list[float] = []
    times: list[float] = []

    def seen(screen, update) -> None:
        if update is not None:
            update.render_segments(app.console)
            frames.append(time.perf_counter())

    on_frame(app, seen)
    focused = app.focused
    found = (getattr(focused, name, None) for name in ("rows", "cards", "shown"))
    lines = len(next((rows for rows in found if rows), []))  # a list's rows, a map's
    if lines < 2:  # measure moving, not an empty view that never repaints
        raise RuntimeError(f"nothing to move through in {focused!r} on {app.screen}")
    opposite = {"down": "up", "up": "down"}
    start = begun = time.perf_counter()
    while len(times) < presses:
        if time.perf_counter() - begun > DEADLINE:
            raise RuntimeError(_stuck(app, f"{len(times)} of {presses} keys measured"))
        # settle: no frame for 50 ms, the detail pane's follow-up paint included (0.1 s
        # was not enough on a slow machine: the next key waited for that paint)
        await asyncio.sleep(0.1)
        while frames and time.perf_counter() - frames[-1] < 0.05:
            if time.perf_counter() - begun > DEADLINE:
                raise RuntimeError(_stuck(app, f"still painting ({len(frames)} frames)"))
            await asyncio.sleep(0.01)
        if follow is not None and len(frames) > 1:
            follow.append((frames[-1] - start) * 1000)
        frames.clear()
        start = time.perf_counter()
        app.post_message(events.Key(key, None))
        while not frames and time.perf_counter() - start < 0.3:
            await asyncio.sleep(0.0005)
        if frames:
            times.append((frames[0] - start) * 1000)
        elif key in opposite:
            key = opposite[key]  # the end of the list: nothing moved; go back
        else:
            raise RuntimeError(f"no repaint after {key!r} on {app.screen}")
    return times


# A measure that has not finished in this long is stuck, not slow: it stops with what the
# app was doing, rather than leaving a run (CI's among them) waiting for ever.
DEADLINE = 120.0


def _stuck(app, what: str) -> str:
    from okrboard.tui.workers import background

    workers = [f"{w.group}/{w.name} {w.state.name}" for w in background(app.workers)]
    return (
        f"stuck after {DEADLINE:.0f} s: {what}; screen {app.screen!r}, focused {app.focused!r}, "
        f"workers {workers or 'none'}"
    )


async def settle(app, pilot) -> None:
    """Wait until the board is read and no background work runs (a deadline: ``DEADLINE``)."""
    from okrboard.tui.workers import background

    start = time.perf_counter()
    while app.session.board.pending or background(app.workers):
        if time.perf_counter() - start > DEADLINE:
            raise RuntimeError(_stuck(app, "the board still loading"))
        await pilot.pause(0.1)  # (an exclusive worker may be cancelled: no wait_for)


VIEWS = {
    "2": "roadmap",
    "3": "discovery",
    "4": "changes",
    "5": "alignment",
    "6": "KPIs",
    "1": "OKRs",
}


async def view_switch_ms(board_dir: Path, rounds: int = 2, today: dt.date = dt.date(2026, 11, 22)):
    """Milliseconds from a view's key to the first frame showing that view, for each view
    in turn (``VIEWS``), ``rounds`` times: the first round is each view's first visit, the
    others are returns. The board is opened as ``okrboard`` opens it (a staged load, the
    rest read in the background) and the first key is pressed once it is all read and
    the app is idle. Returns ``{view: [ms per round]}``."""
    from textual import events

    from okrboard.files.load import load_board
    from okrboard.tui.app import OkrBoardApp
    from okrboard.tui.config import UserConfig
    from tests.compat import on_frame

    app = OkrBoardApp(load_board(board_dir, staged=True), today=today, config=UserConfig())
    shown: list[tuple[float, object]] = []
    times: dict[str, list[float]] = {name: [] for name in VIEWS.values()}
    async with app.run_test(size=(120, 40)) as pilot:

        def seen(screen, update) -> None:
            if update is not None:
                update.render_segments(app.console)
                shown.append((time.perf_counter(), screen))

        on_frame(app, seen)
        await settle(app, pilot)
        await pilot.pause(0.5)
        for _ in range(rounds):
            for key, name in VIEWS.items():
                before = app.screen
                shown.clear()
                start = time.perf_counter()
                app.post_message(events.Key(key, key))
                while time.perf_counter() - start < 30:
                    await asyncio.sleep(0.0005)
                    new = [t for t, screen in shown if screen is not before]
                    if new and app.screen is not before:
                        times[name].append((new[0] - start) * 1000)
                        break
                else:
                    raise RuntimeError(f"{name} ({key}) did not show within 30 s")
                await pilot.pause(0.3)  # a glance at the view
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--presses", type=int, default=200)
    args = parser.parse_args()
    from bench.generate import generate
    from okrboard.create.demo import SAMPLE

    first_frame_ms("bare", None)  # warm the file cache
    bare, ours = [], []
    for _ in range(args.runs):  # interleaved, so drift hits both alike
        bare.append(first_frame_ms("bare", None))
        ours.append(first_frame_ms("okrboard", SAMPLE))
    b, o = statistics.median(bare), statistics.median(ours)
    print(f"time to first frame, median of {args.runs} fresh processes (120x40, headless)")
    print(f"  bare app (Header + Footer + Static): {b:8.1f} ms")
    print(f"  okrboard on the demo board:          {o:8.1f} ms")
    print(f"  ratio:                               {o / b:8.2f}x  (target <= 1.2)")

    with tempfile.TemporaryDirectory() as tmp:
        board = generate(
            Path(tmp) / "board",
            teams=5,
            objectives=10,
            krs=5,
            checkins=6,
            cards=300,
            tree_nodes=2000,
        )
        okr_times = asyncio.run(keypress_ms(board, args.presses))
        # the roadmap of team-01 (300 cards, 100 a column), moving down the Now column
        card_times = asyncio.run(keypress_ms(board, args.presses, before=("2", "t")))
        tree_times = asyncio.run(keypress_ms(board, args.presses, before=("3",)))
    for label, times in (
        ("OKR view, moving down through 250 KRs", okr_times),
        ("roadmap, moving down a column of a 300-card roadmap", card_times),
        ("discovery, moving down a tree of 2,000 nodes", tree_times),
    ):
        times.sort()
        median = statistics.median(times)
        p95 = times[int(len(times) * 0.95) - 1]
        print(f"keypress to repaint: {label} ({args.presses} presses)")
        print(f"  median {median:6.2f} ms   p95 {p95:6.2f} ms   (target median <= 16 ms)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
