"""Helpers shared by the tests: sample boards, small board builders, real git, and driving
the app (select an item, read a screen). Fixtures are in conftest.py."""

from __future__ import annotations

import datetime as dt
import io
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pytest
    from textual.app import App
    from textual.pilot import Pilot

    from okrboard.domain.model import Board, Part
    from okrboard.tui.app import OkrBoardApp
    from okrboard.tui.config import UserConfig
    from okrboard.tui.screens.okrs import OkrScreen
    from okrboard.tui.screens.roadmap import RoadmapScreen
    from okrboard.tui.screens.trees import TreeScreen
    from okrboard.widgets.foldlist import FoldList

# The app, textual and the widget kit are imported by the helpers that drive the app, not
# here: a test of the core (and each process the crash tests fork) stays light.

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "board_data"
TODAY = dt.date(2026, 11, 22)  # fixed, so statuses and snapshots do not drift

MINIMAL_BOARD = """\
[board]
name = "Test board"
current_quarter = "2026-Q3"

[teams.growth]
name = "Growth"
"""


def make_board(root: Path, files: dict[str, str]) -> Path:
    """Write a board from ``{relative path: text}``; board.toml defaults to a minimal one."""
    files = {"board.toml": MINIMAL_BOARD, **files}
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def git(cwd: Path, *args: str, env: dict[str, str] | None = None) -> str:
    """Run real git; the test identity keeps commits independent of the machine's config.
    ``env``: variables to add (a commit's date, say)."""
    env_args = ["-c", "user.name=Test", "-c", "user.email=test@example.com"]
    done = subprocess.run(
        ["git", *env_args, *args],
        cwd=cwd,
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, **env} if env else None,
    )
    return done.stdout


def committed(root: Path, branch: str | None = None, env: dict[str, str] | None = None) -> Path:
    """``root`` made a git repository whose one commit holds every file in it."""
    git(root, "init", "-q", *(["-b", branch] if branch else []))
    git(root, "add", "-A")
    git(root, "commit", "-qm", "board", env=env)
    return root


def okrboard(*args: str) -> subprocess.CompletedProcess[str]:
    """The command line as a user runs it: a process of its own, no terminal to ask at."""
    command = [sys.executable, "-m", "okrboard", *args]
    return subprocess.run(command, capture_output=True, text=True, stdin=subprocess.DEVNULL)


def diff_lines(root: Path) -> list[str]:
    """The lines the working tree adds and removes against HEAD (no context, no headers)."""
    out = git(root, "diff", "--unified=0", "--no-color")
    return [
        line
        for line in out.splitlines()
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


def opening_the_next_quarter(board: Board) -> Callable[[Board], list[Part]]:
    """The change that opens the quarter after the board's current one, carrying what
    okrboard offers to carry: it writes several files (new OKR files, roadmaps,
    board.toml)."""
    from okrboard.domain import lifecycle

    quarter = board.current_quarter
    assert quarter is not None
    carry = lifecycle.carry_defaults(board, quarter)
    return lambda b: lifecycle.open_quarter(b, quarter, carry, [])[1]


def use_editor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, script: str) -> None:
    """Make $VISUAL a Python script (``subprocess`` and ``sys`` imported) that is given
    the file to edit as ``sys.argv[1]``."""

    editor = tmp_path / "editor.py"
    editor.write_text("import subprocess, sys\n" + script)
    monkeypatch.setenv("VISUAL", f"{sys.executable} {editor}")


def make_app(root: Path, config: UserConfig | None = None) -> OkrBoardApp:
    """The app on the board at ``root``, with today fixed and a fresh user config."""
    from okrboard.files.load import load_board
    from okrboard.tui.app import OkrBoardApp
    from okrboard.tui.config import UserConfig

    return OkrBoardApp(load_board(root), today=TODAY, config=config or UserConfig())


def okr_screen(app: App[Any]) -> OkrScreen:
    from okrboard.tui.screens.okrs import OkrScreen

    return next(s for s in app.screen_stack if isinstance(s, OkrScreen))


def cell_text(app: App[Any], column: str = "title") -> list[str]:
    """The text of one column of the OKR list, row by row."""
    from okrboard.widgets.rowlist import RowList

    table = okr_screen(app).query_one(RowList)
    index = [c.key for c in table.columns].index(column)
    return [row[index].plain.strip() if index < len(row) else "" for row in table.rows]


async def workers_done(app: App[Any]) -> None:
    """Wait for the app's background work to end. An exclusive worker may be cancelled by
    a newer one of its group (the disk watch's timer firing meanwhile, on a busy machine):
    then the newer one is waited for. A worker that fails raises here."""
    import asyncio

    from textual.worker import WorkerCancelled

    from okrboard.tui.workers import background

    while busy := background(app.workers):  # (a form's worker waits on the user)
        results = await asyncio.gather(*(w.wait() for w in busy), return_exceptions=True)
        for result in results:
            if isinstance(result, BaseException) and not isinstance(result, WorkerCancelled):
                raise result


async def burst(pilot: Pilot[Any], *keys: str) -> None:
    """Type ``keys`` as a fast typist or a terminal's one read does: all of them reach the
    app at once, before it has handled the first (Pilot's ``press`` waits after each)."""
    from textual import events

    from tests.compat import key_name

    app: Any = pilot.app  # (a TypeAhead app)
    for key in keys:
        name = key_name(key) if len(key) == 1 and not key.isalnum() else key
        character = key if len(key) == 1 else {"enter": "\r", "space": " "}.get(key)
        app.post_message(events.Key(name, character))
    await pilot.pause()
    deadline = time.monotonic() + 60  # however busy the machine: a deadline, not a count
    while app.typing_ahead and time.monotonic() < deadline:
        await pilot.pause(0.01)  # each key's work settles before the next is handed out
    await workers_done(app)
    await pilot.pause()


def hold_disk_watch(app: App[Any]) -> None:
    """Keep the disk watch from looking (every 2 s): a test of a change not noticed yet
    must not race its timer on a busy machine."""
    okr_screen(app).disk_watch.pause()


async def settle(pilot: Pilot[Any]) -> None:
    """Let the detail pane follow the cursor (it waits for the cursor to rest): wait
    until it shows the selected row, however slow the machine."""
    from okrboard.tui.screens.base import DETAIL_DELAY
    from okrboard.tui.screens.detail import DetailPane

    screen = okr_screen(pilot.app)
    await pilot.pause(DETAIL_DELAY)
    for _ in range(100):
        if screen.query_one(DetailPane).shown is screen.row:
            return
        await pilot.pause(0.02)


async def select(pilot: Pilot[Any], ref: str) -> None:
    from okrboard.widgets.rowlist import RowList

    screen = okr_screen(pilot.app)
    index = [row.ref for row in screen.rows].index(ref)
    screen.query_one(RowList).cursor = index
    await settle(pilot)


def detail_text(app: App[Any]) -> str:
    from okrboard.tui.screens.detail import DetailPane

    return okr_screen(app).query_one(DetailPane).text


async def open_roadmap(pilot: Pilot[Any], team: str | None = "growth") -> RoadmapScreen:
    from okrboard.tui.screens.roadmap import RoadmapScreen

    await pilot.press("2")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, RoadmapScreen)
    if team:
        screen.show_team(team)
        await pilot.pause()
    return screen


async def rest(pilot: Pilot[Any]) -> None:
    """Let the view's detail pane follow the cursor: it waits for the cursor to rest
    (``DETAIL_DELAY``), however slow the machine."""
    from okrboard.tui.screens.base import DETAIL_DELAY

    await pilot.pause(DETAIL_DELAY)
    for _ in range(100):
        if getattr(pilot.app.screen, "_detail_timer", None) is None:
            break
        await pilot.pause(0.01)
    await pilot.pause()


async def pick(pilot: Pilot[Any], screen: RoadmapScreen, horizon: str, theme_id: str) -> None:
    from okrboard.widgets.cardlist import CardList

    column = screen.query_one(f"#col-{horizon}", CardList)
    column.focus()
    column.cursor = card_ids(screen, horizon).index(theme_id)
    await rest(pilot)
    assert screen.card is not None and screen.card.theme.id == theme_id


async def alignment_tree(pilot: Pilot[Any]) -> FoldList[Any]:
    """Switch to the alignment map (``5``); its rows."""
    from okrboard.tui.screens.alignment import AlignmentScreen

    await pilot.press("5")
    await pilot.pause()
    assert isinstance(pilot.app.screen, AlignmentScreen)
    return pilot.app.screen.rows


def map_rows(rows: FoldList[Any]) -> list[tuple[str, int, str]]:
    """Each row shown: (its item's reference, or "" for a group; its depth; its text)."""
    return [
        (getattr(item, "ref", ""), depth, rows.label_of(item).plain) for item, depth in rows.shown
    ]


async def open_tree(pilot: Pilot[Any]) -> TreeScreen:
    from okrboard.tui.screens.trees import TreeScreen

    await pilot.press("3")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, TreeScreen)
    return screen


async def select_node(pilot: Pilot[Any], screen: TreeScreen, node_id: str) -> None:
    from okrboard.tui.screens.trees import NodeList

    screen.query_one(NodeList).cursor = [line.node.id for line in screen.lines].index(node_id)
    await rest(pilot)
    assert screen.line is not None and screen.line.node.id == node_id


def screen_text(app: App[Any]) -> str:
    """Every character the current screen would send to the terminal (the compositor's
    strips, as Textual's own screenshot reads them)."""
    from tests.compat import screen_lines

    return "\n".join(screen_lines(app))


REL = "okrs/2026-Q4/growth.toml"


KR = "2026-Q4/growth/activation/activation-rate"


def clones(tmp_path: Path, demo_master: Path) -> tuple[Path, Path, Path]:
    """A bare remote with the demo board, and two clones of it (Ana's and Ben's) with the
    merge driver set up."""
    from okrboard.git.setup import setup_git

    remote = tmp_path / "remote.git"
    git(tmp_path, "clone", "-q", "--bare", str(demo_master), str(remote))
    clones = []
    for name in ("ana", "ben"):
        git(tmp_path, "clone", "-q", str(remote), name)
        root = tmp_path / name
        git(root, "config", "user.name", name.title())
        git(root, "config", "user.email", f"{name}@example.com")
        setup_git(root)
        clones.append(root)
    return remote, clones[0], clones[1]


def set_target(root: Path, value: str, commit: bool = True) -> None:
    path = root / REL
    text = path.read_text()
    start = text.index("[objectives.activation.key_results.activation-rate]")
    at = text.index("\ntarget = ", start) + 1
    end = text.index("\n", at)
    path.write_text(text[:at] + f"target = {value}" + text[end:])
    if commit:
        git(root, "commit", "-qam", f"target {value}")


def plain(renderable: Any) -> str:
    """What a Rich renderable shows, as text."""
    from rich.console import Console

    out = io.StringIO()
    Console(width=200, file=out, color_system=None).print(renderable)
    return out.getvalue()


def card_ids(screen: RoadmapScreen, horizon: str) -> list[str]:
    return [c.theme.id for c in screen.cards[horizon]]


def start_serve(root: Path, *args: str) -> tuple[subprocess.Popen[str], str]:
    """``okrboard serve`` on a free port of 127.0.0.1, and the address it prints (with its
    token) once it answers."""
    import socket
    import time

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "okrboard", "serve", str(root), "--port", str(port), *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "COLUMNS": "300"},
    )  # fmt: skip
    assert server.stdout is not None
    deadline = time.monotonic() + 60
    for line in server.stdout:
        if line.startswith("Open "):
            address = line.split()[1]
            break
        assert time.monotonic() < deadline, "okrboard serve printed no address"
    else:
        raise AssertionError(f"okrboard serve stopped: {server.communicate()[1]}")
    with socket.socket() as probe:  # it prints the address as it starts listening
        while probe.connect_ex(("127.0.0.1", port)) != 0 and time.monotonic() < deadline:
            time.sleep(0.1)
    return server, address
