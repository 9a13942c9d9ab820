"""The Textual app: composes core and widgets. Only this layer imports textual."""

from __future__ import annotations

import datetime as dt
import importlib
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, cast

from textual import work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.notifications import SeverityLevel
from textual.screen import ModalScreen, Screen
from textual.worker import Worker

from okrboard.domain import ids
from okrboard.domain.text import printable
from okrboard.files.load import LoadedBoard
from okrboard.files.session import Session
from okrboard.git import resolve
from okrboard.tui.collector import Collector
from okrboard.tui.config import UserConfig, load_config, remember
from okrboard.tui.gitcontrol import GitControl
from okrboard.tui.palette import Palette
from okrboard.tui.screens.base import BoardScreen
from okrboard.tui.screens.okrs import OkrScreen
from okrboard.tui.timetravel import TimeTravel
from okrboard.tui.workers import ASKING, SaysFailedWorkers
from okrboard.widgets.typeahead import TypeAhead

if TYPE_CHECKING:
    from subprocess import Popen

    from okrboard.git.sync import Status
    from okrboard.tui.screens.roadmap import RoadmapScreen
    from okrboard.tui.screens.trees import TreeScreen


# The folders each view shows, read at once when it is shown before the board is all read.
VIEW_FOLDERS = {
    "roadmap": (ids.ROADMAP_DIR,),
    "trees": (ids.TREE_DIR,),
    "kpis": (ids.KPI_DIR,),
    "alignment": (ids.KPI_DIR,),  # the current quarter is read first; KPIs are named on KRs
}

# The modules of the views shown on top of the OKR view, imported once the board is read.
VIEW_MODULES = tuple(
    f"okrboard.tui.screens.{name}"
    for name in ("roadmap", "trees", "changes", "alignment", "kpis", "history")
)


class OkrBoardApp(SaysFailedWorkers, TypeAhead, GitControl, TimeTravel, Palette, App):
    """okrboard's terminal UI: the views, and its parts by concern (git, time travel, the
    palette), each in its own module."""

    TITLE = "okrboard"
    CSS_PATH = Path(__file__).parent / "styles" / "app.tcss"  # absolute: subclasses work too
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("question_mark,f1", "help", "Help", id="app.help"),
        Binding("1", "view('okrs')", "OKRs", show=False, id="app.view_okrs"),
        Binding("2", "view('roadmap')", "Roadmap", show=False, id="app.view_roadmap"),
        Binding("3", "view('trees')", "Discovery", show=False, id="app.view_trees"),
        Binding("4", "changes", "Changes", show=False, id="app.changes"),
        Binding("5", "view('alignment')", "Alignment", show=False, id="app.view_alignment"),
        Binding("6", "view('kpis')", "KPIs", show=False, id="app.view_kpis"),
        Binding("ctrl+t", "travel", "Time travel", show=False, id="app.travel"),
        Binding("F", "sync('fetch')", "Fetch", show=False, id="app.fetch"),
        Binding("P", "sync('pull')", "Pull", show=False, id="app.pull"),
        Binding("S", "sync('push')", "Push (send)", show=False, id="app.push"),
        Binding("M", "resolve", "Resolve conflicts", show=False, id="app.resolve"),
        Binding("B", "branch", "Switch branch", show=False, id="app.branch"),
    ]

    def __init__(
        self,
        board: LoadedBoard,
        today: dt.date | None = None,
        config: UserConfig | None = None,
        as_of: str | None = None,
        watch_git: bool = True,
        day: dt.date | None = None,
        public: bool = False,
        pinned: bool = False,
    ) -> None:
        """``watch_git``: show the branch's status line (off in screenshots, whose
        repository would be okrboard's own). ``as_of``, ``day``: the revision a board read
        from git shows, and the day it is judged as of. ``public``: fit to show anyone
        (``okrboard serve --public``): internal roadmap cards are left out of every view.
        ``pinned``: read-only for the whole run (``--at``, ``--public``, ``okrboard
        serve``): time travel offers revisions only, never the editable working tree."""
        super().__init__()
        self.public = public
        self.pinned = pinned or public
        self.watch_git = watch_git
        self.git_status: Status | None = None  # read in a thread
        self.conflict_state = resolve.State(None, (), (), ())
        self.sync_busy = ""  # what a fetch, pull or push is doing
        self.session = Session(board, as_of=as_of, day=day, read_only=pinned or public)
        self._today = today or dt.date.today()
        self._asked: list[str] = []  # older quarters views asked for, the last last
        self._older: Popen[bytes] | None = None  # the child checking the older quarters
        self._older_files: frozenset[str] = frozenset()  # what it checks
        self.config = config if config is not None else load_config()
        self._remember_theme = False
        self.collector = Collector()  # tuned once the board is read (tui/collector.py)

    def typeahead_waits_for(self, worker: Worker) -> bool:
        return worker.group not in ASKING  # a form's worker waits on the keys themselves

    @property
    def read_only(self) -> bool:
        """Whether nothing may change the board, its files or its git: a board as of a
        revision, or a run pinned read-only."""
        return self.session.read_only

    # App-wide actions that change files or git: hidden (and off) on a read-only board.
    WRITES = frozenset({"sync", "resolve", "branch"})

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        return not (self.read_only and action in self.WRITES)

    def get_default_screen(self) -> Screen:
        return OkrScreen(self.session, self.today)

    async def action_quit(self) -> None:
        """Quit (q, ctrl+q); over a form with something typed, only once the user agrees
        to lose it, as esc asks."""
        # lazy: a screen or dialog loads when first shown (start-up, docs/performance.md)
        from okrboard.widgets.dialogs import ConfirmScreen
        from okrboard.widgets.form import FormScreen

        if not any(isinstance(s, FormScreen) and s.unsaved for s in self.screen_stack):
            self.exit()
            return

        def answered(answer: str | None) -> None:
            if answer == "y":
                self.exit()

        ask = ConfirmScreen("Quit, and lose what you typed in the form?", yes="Quit")
        self.push_screen(ask, answered)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """A message is shown as plain text, whatever the caller asks (Textual reads
        markup by default): it may quote a file name, an id or git's words, and no
        control character in it reaches the terminal."""
        super().notify(
            printable(message, newlines=True),
            title=printable(title),
            severity=severity,
            timeout=timeout,
            markup=False,
        )

    def on_mount(self) -> None:
        if self.config.theme and self.config.theme in self.available_themes:
            self.theme = self.config.theme
        if self.config.keymap:
            self.set_keymap(self.config.keymap)
        for problem in self.config.problems:
            self.notify(problem, severity="warning", timeout=8)
        self._remember_theme = True
        self.start_git()
        if self.session.board.pending:  # a staged load: the rest once the first frame is up
            self.call_after_refresh(self._check_older)
            self.call_after_refresh(self._load_pending)
        else:
            self.call_after_refresh(self._settle)

    PENDING_BATCH = 10  # files read between two frames: ~30 ms, so a key waits no longer

    def _load_pending(self) -> None:
        """Read the rest of a staged board a few files at a time, keys answered between."""
        # lazy: loads on first use, not at start-up (docs/performance.md)
        from okrboard.files.load import load_pending

        board = self.session.board
        count = self.PENDING_BATCH
        if self._older is not None:  # the child's files come last: _adopt_older goes on
            theirs = [i for i, rel in enumerate(board.pending) if rel in self._older_files]
            count = min(count, theirs[0] if theirs else count)
        if board.pending and count:  # (load_part may have read the rest meanwhile)
            quarter = f"{ids.OKR_DIR}/{board.current_quarter}/"
            in_quarter = board.pending[0].startswith(quarter)  # it is read first
            done = load_pending(board, count)
            self._shelve()
            if done:
                self.refresh_views()  # what needed the whole board: problems, the coach
                self._settle()
            else:
                if in_quarter and not board.pending[0].startswith(quarter):
                    self.refresh_views()  # the current quarter is all read: every team shows
                self.call_later(self._load_pending)

    OLDER_IN_CHILD = 60  # older OKR files from which a child checks them: below, it costs more

    def _check_older(self) -> None:
        """Have a child process read and check the OKR files of the quarters the app will
        not hold (``files.older``): reading them here to let them go left the heap
        fragmented (at 500 teams, 400 MB held for 300)."""
        # lazy: loads on first use, not at start-up (docs/performance.md)
        from okrboard.files import older
        from okrboard.files.load import held_quarters

        board = self.session.board
        if self.session.as_of is not None:
            return  # (a board read from git is not the files')
        held = held_quarters(board, self._asked)
        files = older.waiting(board, held)
        if len(files) >= self.OLDER_IN_CHILD:
            self._older = older.start(board.root, board.today, held)
            if self._older is not None:
                self._older_files = frozenset(files)
                self._wait_older(self._older)

    @work(thread=True, group="older", exit_on_error=False)
    def _wait_older(self, child: Popen[bytes]) -> None:
        # lazy: loads on first use, not at start-up (docs/performance.md)
        from okrboard.files import older

        found = older.finish(child)
        if child is self._older:  # (not when the app is closing)
            self.call_from_thread(self._adopt_older, found)

    def _adopt_older(self, found: dict[str, dict] | None) -> None:
        """Take what the child kept of the older quarters' files, and read what is left
        (all of them, should it have failed)."""
        # lazy: loads on first use, not at start-up (docs/performance.md)
        from okrboard.files import older

        self._older, self._older_files = None, frozenset()
        board = self.session.board
        if found:
            older.adopt(board, found)
        if board.pending:
            self._load_pending()
        else:
            self.refresh_views()  # what needed the whole board: problems, the coach
            self._settle()

    def _settle(self) -> None:
        """The board is read: tune the collector for it; the first time, import the other
        views and find the issues' store, between keys."""
        if self.collector.threshold is None:
            self.call_later(self._import_views, list(VIEW_MODULES))
            self._find_issues_store(self.session.board.root)
        self.collector.settle()

    def _import_views(self, modules: list[str]) -> None:
        """Import the other views' modules one between two keys, once the board is read:
        a first visit then waits for no import (10-20 ms each, with Textual's widgets)."""
        if modules:
            importlib.import_module(modules[0])
            self.call_later(self._import_views, modules[1:])

    @work(thread=True, group="issues-store", exit_on_error=False)
    def _find_issues_store(self, root: Path) -> None:
        """Where the imported issues are kept asks git once (a detail pane with links needs
        it): asked here, in a thread, not on the first card or KR shown."""
        # lazy: the trackers' module loads with the first detail that has links
        from okrboard.measure import trackers

        trackers.store_path(root)

    def on_unmount(self) -> None:
        if (child := self._older) is not None:
            self._older = None
            child.kill()
        self.collector.restore()

    @property
    def today(self) -> dt.date:
        """The day the board is judged as of: the revision's day when it is shown as of
        one (stale, expected progress, days left, forecast), else today."""
        return self.session.day or self._today

    def load_part(self, *folders: str) -> None:
        """Read now what a staged load has left in ``folders`` (what a view shows: the
        roadmaps, a quarter; all of it when none is named); the rest goes on being read
        between keys, so a view never waits for the whole board (0.5 to 2 s at 50 teams)."""
        # lazy: loads on first use, not at start-up (docs/performance.md)
        from okrboard.files.load import load_pending

        board = self.session.board
        under = tuple(folder.rstrip("/") + "/" for folder in folders)
        for folder in under:  # a quarter asked for is held, the last few of them
            top, _, quarter = folder.strip("/").partition("/")
            if top == ids.OKR_DIR and ids.is_quarter(quarter):
                self._asked = [q for q in self._asked if q != quarter] + [quarter]
        was_pending = bool(board.pending)
        if was_pending or board.shelved:
            done = load_pending(board, under=under)
            self._shelve()
            if was_pending and done:  # the whole board is read: problems, the coach
                self.refresh_views()
                self._settle()

    def hold(self, quarter: str) -> None:
        """Read ``quarter``'s OKR files again if they were let go: a view shows it."""
        folder = f"{ids.OKR_DIR}/{quarter}/"
        if any(rel.startswith(folder) for rel in self.session.board.shelved):
            self.load_part(folder)

    def _shelve(self) -> None:
        """Let go of the older quarters no view holds (``files.load.shelve``): a board
        that keeps every quarter holds about what a new one does."""
        # lazy: loads on first use, not at start-up (docs/performance.md)
        from okrboard.files.load import held_quarters, shelve

        board = self.session.board
        if self.session.as_of is None:  # (a board read from git is not the files')
            shelve(board, held_quarters(board, self._asked))

    def refresh_views(self) -> None:
        """Show the board again in the view on top, beneath any dialog."""
        # lazy: a screen or dialog loads when first shown (start-up, docs/performance.md)

        views = [s for s in self.screen_stack if isinstance(s, BoardScreen)]
        if views:
            views[-1].refresh_view()  # the others refresh when shown again

    def action_view(self, name: str) -> None:
        """Show a view: the OKR view is the bottom screen; another view sits on top of it."""
        if isinstance(self.screen, ModalScreen):
            return  # not from under a form or a dialog
        if name == "okrs":
            if not isinstance(self.screen, OkrScreen):
                self.pop_screen()
            return
        self.load_part(*VIEW_FOLDERS[name])
        if not self.is_screen_installed(name):
            self.install_screen(self._view(name), name=name)
        if isinstance(self.screen, OkrScreen):
            self.push_screen(name)
        elif self.screen is not self.get_screen(name):
            self.switch_screen(name)

    def _view(self, name: str) -> Screen:
        # Each view's module loads when the view is first shown.
        if name == "roadmap":
            # lazy: a screen or dialog loads when first shown (start-up, docs/performance.md)
            from okrboard.tui.screens.roadmap import RoadmapScreen

            return RoadmapScreen(self.session, self.today)
        if name == "alignment":
            # lazy: a screen or dialog loads when first shown (start-up, docs/performance.md)
            from okrboard.tui.screens.alignment import AlignmentScreen

            return AlignmentScreen(self.session, self.today)
        if name == "kpis":
            # lazy: a screen or dialog loads when first shown (start-up, docs/performance.md)
            from okrboard.tui.screens.kpis import KpiScreen

            return KpiScreen(self.session, self.today)
        # lazy: a screen or dialog loads when first shown (start-up, docs/performance.md)
        from okrboard.tui.screens.trees import TreeScreen

        return TreeScreen(self.session, self.today)

    @property
    def okr_screen(self) -> OkrScreen:
        """The OKR view: always at the bottom of the screen stack."""
        return cast(OkrScreen, self.screen_stack[0])

    def show_roadmap(self, serving: str | None = None) -> None:
        """The roadmap, showing only the cards that serve the KR ``serving`` (if given)."""
        self.action_view("roadmap")
        cast("RoadmapScreen", self.get_screen("roadmap")).show_serving(serving)

    def show_tree(self, tree_id: str) -> None:
        self.action_view("trees")
        cast("TreeScreen", self.get_screen("trees")).show_tree(tree_id)

    def show_okrs(self, ref: str) -> None:
        """The OKR view with the objective or KR ``ref`` selected."""
        self.action_view("okrs")
        self.okr_screen.select_ref(ref)

    # -- git: changes and time travel ------------------------------------------------------------

    def action_changes(self) -> None:
        self.show_changes()

    def show_changes(
        self, rev_a: str = "HEAD", rev_b: str | None = None, then: str | None = None
    ) -> None:
        """The changes view: uncommitted changes, or ``rev_a`` to ``rev_b``; ``then``: an
        action to run there once the changes are read."""
        # lazy: a screen or dialog loads when first shown (start-up, docs/performance.md)
        from okrboard.tui.screens.changes import ChangesScreen

        if isinstance(self.screen, ModalScreen):
            return
        if isinstance(self.screen, ChangesScreen):
            self.pop_screen()
        self.push_screen(ChangesScreen(self.session, self.today, rev_a, rev_b, then))

    def show_history(self, ref: str | None, label: str = "") -> None:
        """The timeline of the item ``ref`` (None: of the whole board)."""
        # lazy: a screen or dialog loads when first shown (start-up, docs/performance.md)
        from okrboard.tui.screens.history import HistoryScreen

        self.push_screen(HistoryScreen(self.session, self.today, ref, label))

    def watch_theme(self, theme: str) -> None:
        if self._remember_theme:
            try:
                remember("theme", theme)
            except OSError as exc:
                self.notify(f"Could not remember the theme: {exc}", severity="warning")

    def action_help(self) -> None:
        # lazy: a screen or dialog loads when first shown (start-up, docs/performance.md)
        from okrboard.tui.screens.help import HelpScreen, key_table

        screen = self.screen
        if isinstance(screen, HelpScreen):
            return
        name = getattr(screen, "HELP_TITLE", screen.__class__.__name__)
        mark = printable(self.session.mark)
        self.push_screen(HelpScreen(f"Keys: {name}", key_table(screen), mark))
