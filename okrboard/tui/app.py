"""The Textual app: composes core and widgets. Only this layer imports textual."""

from __future__ import annotations

import datetime as dt
import gc
import importlib
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, cast

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.notifications import SeverityLevel
from textual.screen import ModalScreen, Screen

from okrboard.domain import ids
from okrboard.domain.text import printable
from okrboard.files.load import LoadedBoard
from okrboard.files.session import Session
from okrboard.git import resolve
from okrboard.reports import views
from okrboard.tui.config import UserConfig, load_config, remember
from okrboard.tui.screens.base import BoardScreen
from okrboard.tui.screens.okrs import OkrScreen
from okrboard.tui.workers import SaysFailedWorkers
from okrboard.widgets.typeahead import TypeAhead

if TYPE_CHECKING:
    from okrboard.git.runner import GitError
    from okrboard.git.sync import Outcome, Status
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

# The changes view's git work, offered in the command palette of every view.
CHANGES_COMMANDS = (
    ("Commit the changes", "Review the message written from the changes, then commit", "commit"),
    ("Propose the changes", "A branch, the commit and a pull-request description", "propose"),
    ("Compare two revisions", "Pick a branch, tag or commit, then another", "revisions"),
    ("Compare two quarters", "Objectives kept, dropped, added; targets vs results", "quarters"),
    ("Board log", "The last commits, each with its changes", "log"),
)


class OkrBoardApp(SaysFailedWorkers, TypeAhead, App):
    """okrboard's terminal UI."""

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
    GIT_STATUS_SECONDS = 5.0

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
        self.config = config if config is not None else load_config()
        self._remember_theme = False
        self.printouts: list[str] = []  # printed when the app exits (a PR description)
        self._gc_threshold: tuple[int, int, int] | None = None  # see _settle

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
        self.conflicts_changed()
        if self.session.board.pending:  # a staged load: the rest once the first frame is up
            self.call_after_refresh(self._load_pending)
        else:
            self.call_after_refresh(self._settle)
        if self.watch_git:  # git's status once the first frame is up: it takes a thread
            self.call_after_refresh(self.refresh_git)
            self.set_interval(self.GIT_STATUS_SECONDS, self.refresh_git)

    PENDING_BATCH = 10  # files read between two frames: ~30 ms, so a key waits no longer

    def _load_pending(self) -> None:
        """Read the rest of a staged board a few files at a time, keys answered between."""
        # lazy: loads on first use, not at start-up (docs/performance.md)
        from okrboard.files.load import load_pending

        board = self.session.board
        if board.pending:  # (load_part may have read the rest meanwhile)
            quarter = f"{ids.OKR_DIR}/{board.current_quarter}/"
            in_quarter = board.pending[0].startswith(quarter)  # it is read first
            if load_pending(board, self.PENDING_BATCH):
                self.refresh_views()  # what needed the whole board: problems, the coach
                self._settle()
            else:
                if in_quarter and not board.pending[0].startswith(quarter):
                    self.refresh_views()  # the current quarter is all read: every team shows
                self.call_later(self._load_pending)

    FULL_GC_EVERY = 100  # middle-generation collections per full one (Python's default: 10)

    def _settle(self) -> None:
        """The board is read: keep what it is made of out of the cycle collector's full
        passes, and make those passes ten times rarer. On an organisation's board a full
        pass (one every second or so while keys are pressed) stalled a keypress by 40 to
        150 ms. Objects still go as soon as nothing refers to them; only garbage in
        reference cycles waits longer. Undone when the app ends (``on_unmount``).

        Only the young generations are collected before freezing: a full pass here would
        itself stall the first keys (60-200 ms on a large heap), and reading a board
        leaves no cyclic garbage in the old generation (measured on the demo board)."""
        if self._gc_threshold is None:
            self._gc_threshold = gc.get_threshold()
            self.call_later(self._import_views, list(VIEW_MODULES))
            self._find_issues_store(self.session.board.root)
        gc.collect(1)
        gc.freeze()
        young, middle, full = self._gc_threshold
        gc.set_threshold(young, middle, max(full, self.FULL_GC_EVERY))

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
        if self._gc_threshold is not None:  # another app may run in this process (tests)
            gc.unfreeze()
            gc.set_threshold(*self._gc_threshold)

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

        under = tuple(folder.rstrip("/") + "/" for folder in folders)
        if self.session.board.pending and load_pending(self.session.board, under=under):
            self.refresh_views()
            self._settle()

    def refresh_views(self) -> None:
        """Show the board again in the view on top, beneath any dialog."""
        # lazy: a screen or dialog loads when first shown (start-up, docs/performance.md)
        from okrboard.tui.screens.base import BoardScreen

        views = [s for s in self.screen_stack if isinstance(s, BoardScreen)]
        if views:
            views[-1].refresh_view()  # the others refresh when shown again

    # -- sync: status, fetch, pull, push, conflicts ---------------------------------------------

    def refresh_git(self) -> None:
        if self.watch_git and self.session.as_of is None and not self.sync_busy:
            self._read_git_status()

    @work(thread=True, exclusive=True, group="git-status", exit_on_error=False)
    def _read_git_status(self) -> None:
        # lazy: git's layer loads only when git is asked (start-up, docs/performance.md)
        from okrboard.git.sync import status

        found = status(self.session.board.root)
        self.call_from_thread(self._show_git_status, found)

    def _show_git_status(self, found: Status | None) -> None:
        if found != self.git_status:  # polled every few seconds: most reads change nothing
            self.git_status = found
            self.conflicts_changed()

    def conflicts_changed(self) -> None:
        """Work out the conflict state again (after a pull, a resolution, a reload) and
        show it: the banner, read-only files, the resolver's list."""
        state = self.conflict_state = resolve.state(self.session.board, self.git_status)
        reason = "in conflict in git: read-only until resolved (M)"
        self.session.locked = {rel: reason for rel in state.unmerged}
        self.show_git()
        for screen in self.screen_stack:
            if hasattr(screen, "conflicts_changed"):  # the resolver, when it is open
                screen.conflicts_changed(state)

    def show_git(self) -> None:
        """The status line and banner of every view, as last read."""
        # lazy: a screen or dialog loads when first shown (start-up, docs/performance.md)
        from okrboard.tui.screens.base import BoardScreen

        for screen in self.screen_stack:
            if isinstance(screen, BoardScreen):
                screen.show_git()

    def reload_from_disk(self) -> None:
        """After git changed files (a pull, a resolution): read them again, show them in
        the view beneath any dialog (it keeps its selection), and read git's status."""
        self.session.reload(self.session.changed_on_disk())
        self.refresh_views()
        self.conflicts_changed()
        self._read_git_status()

    def action_resolve(self) -> None:
        # lazy: a screen or dialog loads when first shown (start-up, docs/performance.md)
        from okrboard.tui.screens.resolver import ResolveScreen

        if isinstance(self.screen, ModalScreen):
            return
        if not self.conflict_state:
            self.notify("No conflicts to resolve.", timeout=3)
            return
        self.push_screen(ResolveScreen(self.session, self.conflict_state))

    def action_branch(self) -> None:
        """Pick a local branch to switch to; the one you came from (after proposing) first."""
        if isinstance(self.screen, ModalScreen):
            return
        if self.read_only:
            return
        self._choose_branch(self.session.board.root)

    @work(thread=True, exclusive=True, group="branch", exit_on_error=False)
    def _choose_branch(self, root: Path) -> None:
        # lazy: git's layer loads only when git is asked (start-up, docs/performance.md)
        from okrboard.git import branches, revisions

        try:
            names = branches.local_branches(root)
            here, before = revisions.branch(root), branches.previous(root)
        except branches.GitError as exc:
            self.call_from_thread(self.notify, printable(str(exc)), severity="error")
            return
        order = sorted(names, key=lambda name: (name != before, name == here))
        notes = {before: "  (where you came from)", here: "  (you are here)"}
        choices = [(printable(name) + notes.get(name, ""), name) for name in order]
        self.call_from_thread(self._pick_branch, root, choices)

    def _pick_branch(self, root: Path, choices: list[tuple[str, str]]) -> None:
        # lazy: a screen or dialog loads when first shown (start-up, docs/performance.md)
        from okrboard.widgets.choose import ChooseScreen

        def chosen(name: object) -> None:
            if isinstance(name, str):
                self._switch_branch(root, name)

        self.push_screen(ChooseScreen("Switch to the branch …", choices), chosen)

    @work(thread=True, exclusive=True, group="branch", exit_on_error=False)
    def _switch_branch(self, root: Path, name: str) -> None:
        # lazy: git's layer loads only when git is asked (start-up, docs/performance.md)
        from okrboard.git import branches

        try:
            branches.switch(root, name)
        except branches.GitError as exc:
            self.call_from_thread(self.notify, printable(str(exc)), severity="error", timeout=10)
            return
        self.call_from_thread(self._switched, name)

    def _switched(self, name: str) -> None:
        self.reload_from_disk()
        self.notify(f"On {printable(name)}.", timeout=4)

    def action_sync(self, what: str) -> None:
        if isinstance(self.screen, ModalScreen):
            return
        if self.read_only:
            return
        if self.sync_busy:
            self.notify(f"Still busy: {self.sync_busy}", timeout=3)
            return
        self.sync_busy = {"fetch": "Fetching…", "pull": "Pulling…", "push": "Pushing…"}[what]
        self.show_git()
        self._sync(what, self.config.pull)

    @work(thread=True, exclusive=True, group="sync", exit_on_error=False)
    def _sync(self, what: str, configured_pull: str | None) -> None:
        # lazy: loads on first use, not at start-up (docs/performance.md)
        import time

        # lazy: git's layer loads only when git is asked (start-up, docs/performance.md)
        from okrboard.git import sync

        root = self.session.board.root
        last = [0.0]

        def progress(line: str) -> None:
            if time.monotonic() - last[0] > 0.1:  # git rewrites its line many times a second
                last[0] = time.monotonic()
                self.call_from_thread(self._sync_progress, line)

        try:
            if what == "fetch":
                outcome = sync.fetch(root, progress)
            elif what == "pull":
                outcome = sync.pull(root, sync.pull_mode(root, configured_pull), progress)
            else:
                outcome = sync.push(root, progress)
        except sync.SyncError as exc:
            self.call_from_thread(self._sync_done, what, None, exc)
            return
        self.call_from_thread(self._sync_done, what, outcome, None)

    def _sync_progress(self, line: str) -> None:
        self.sync_busy = printable(line)
        self.show_git()

    def _sync_done(self, what: str, outcome: Outcome | None, error: GitError | None) -> None:
        self.sync_busy = ""
        self.show_git()  # git's last progress line goes, even if the status is the same
        if error is not None:
            then = getattr(error, "then", ())
            self.notify(str(error) + self.keys_for(then), severity="error", timeout=10)
        else:
            assert outcome is not None  # no error: an outcome
            self.notify(outcome.message + self.keys_for(outcome.then), timeout=5)
        if what == "pull":
            self.reload_from_disk()
        else:
            self._read_git_status()
        if what == "pull" and outcome is not None and outcome.conflicts:
            self.call_later(self.action_resolve)

    # The app's keys for what git says to do next (sync.SyncError.then): a remapped key is
    # named as it is now.
    NEXT_STEPS: ClassVar[dict[str, str]] = {
        "pull": "app.pull", "push": "app.push", "resolve": "app.resolve", "commit": "app.changes"
    }  # fmt: skip

    def key_of(self, binding_id: str) -> str | None:
        """The key bound now to the binding ``binding_id`` (``B``), as the footer shows it."""
        for active in self.screen.active_bindings.values():
            if active.binding.id == binding_id:
                return self.get_key_display(active.binding)
        return None

    def keys_for(self, steps: tuple[str, ...]) -> str:
        """`` Keys: P pull, S push.`` for ``steps``, with the keys bound now; "" for none."""
        keys = [(self.key_of(self.NEXT_STEPS[step]), step) for step in steps]
        said = [f"{key} {step}" for key, step in keys if key]
        return f" Keys: {', '.join(said)}." if said else ""

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

    def action_travel(self) -> None:
        """Pick a revision (or a quarter's end) and show the board as it was then."""
        if isinstance(self.screen, ModalScreen):
            return
        today = ("today", "working tree", "", "the board as it is now, editable", None)
        back = self.session.as_of is not None and not self.pinned
        choices: list[tuple[str, str, str, str, str | None]] = [today] if back else []
        for quarter in reversed(views.quarters(self.session.board)):
            end = self.session.board.settings.calendar.last_day(quarter)
            if end < self.today:
                choices.append(
                    ("quarter", f"end of {quarter}", str(end), "the last commit that day", str(end))
                )
        self.choose_revision("Show the board as of …", choices, self.travel)

    @work(thread=True, group="revisions", exit_on_error=False)
    def choose_revision(self, title: str, extra: list, done: Callable[[object], None]) -> None:
        """List branches, tags and commits (in a thread: git may be slow), let the user pick
        one (or one of ``extra``: ``(kind, name, date, subject, value)`` rows) and call
        ``done`` with it; nothing when cancelled."""
        # lazy: git's layer loads only when git is asked (start-up, docs/performance.md)
        from okrboard.git.revisions import GitError, revisions
        from okrboard.tui.screens.changes import revision_choices
        from okrboard.widgets.choose import ChooseScreen

        try:
            choices = revision_choices(revisions(self.session.board.root), extra)
        except GitError as exc:
            self.call_from_thread(self.notify, str(exc), severity="error")
            return

        def chosen(rev: object) -> None:
            if rev is not ChooseScreen.NOTHING:
                done(rev)

        self.call_from_thread(self.push_screen, ChooseScreen(title, choices), chosen)

    def travel(self, rev: str | None) -> None:
        """Show the board as of ``rev``, read-only (None: as it is now, editable, which a
        pinned run never is)."""
        if rev is None and self.pinned:
            self.notify("This board is shown read-only: only past revisions can be shown.")
            return
        self.notify(f"Reading the board as of {rev}…" if rev else "Back to today…")
        self._travel(rev)

    @work(thread=True, exclusive=True, group="travel", exit_on_error=False)
    def _travel(self, rev: str | None) -> None:
        # lazy: loads on first use, not at start-up (docs/performance.md)
        from okrboard.files.load import load_board
        from okrboard.git.revisions import GitError, board_at, revision_day

        root = self.session.board.root
        try:
            board = board_at(root, rev) if rev else load_board(root)
            day = revision_day(root, rev) if rev else None
        except GitError as exc:
            self.call_from_thread(self.notify, str(exc), severity="error")
            return
        self.call_from_thread(self.open_session, Session(board, as_of=rev, day=day))

    def open_session(self, session: Session) -> None:
        """Show ``session``'s board in fresh views (time travel, and back)."""
        while len(self.screen_stack) > 1:
            self.pop_screen()
        for name in ("roadmap", "trees", "alignment", "kpis"):
            if self.is_screen_installed(name):
                self.uninstall_screen(name)
        self.session = session
        self.okr_screen.use_session(session)

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
        self.push_screen(HelpScreen(f"Keys: {name}", key_table(screen)))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Every okrboard action of the view as a palette command (Textual's own widget
        commands, such as Scroll Left or Focus Next, left out), the git work of the changes
        view from any view, and jumps to quarters and teams."""
        for command in super().get_system_commands(screen):
            if command.title in ("Theme", "Screenshot"):  # Keys and Maximize: ? and +
                yield command
        seen = set()
        for active in screen.active_bindings.values():
            binding = active.binding
            if not (binding.description and binding.id) or (binding.action, active.node) in seen:
                continue
            seen.add((binding.action, active.node))
            keys = self.get_key_display(binding)
            yield SystemCommand(
                binding.description,
                f"key: {keys}",
                partial(self.run_action, binding.action, active.node),
            )
        # lazy: a screen or dialog loads when first shown (start-up, docs/performance.md)
        from okrboard.tui.screens.changes import ChangesScreen

        if not isinstance(screen, ChangesScreen | ModalScreen):
            for title, help_text, action in CHANGES_COMMANDS:
                if self.read_only and action in ("commit", "propose"):
                    continue
                yield SystemCommand(title, help_text, partial(self.show_changes, then=action))
        if isinstance(screen, BoardScreen) and not self.read_only:
            # lazy: a screen or dialog loads when first shown (start-up, docs/performance.md)
            from okrboard.tui.screens import setup

            for title, help_text, open_form in setup.COMMANDS:
                yield SystemCommand(title, help_text, partial(open_form, screen))
        if isinstance(screen, OkrScreen):
            board = self.session.board
            for quarter in views.quarters(board):
                yield SystemCommand(
                    f"Quarter {quarter}", "Show this quarter", partial(screen.show_quarter, quarter)
                )
            yield SystemCommand("All teams", "Show every team", partial(screen.show_team, None))
            for team in board.teams.values():
                yield SystemCommand(
                    f"Team {printable(team.label)}",
                    "Show only this team",
                    partial(screen.show_team, team.id),
                )
