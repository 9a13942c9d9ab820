"""The app's git work, as a part of the app: the branch's status line (read in a thread
every few seconds), fetch, pull and push with git's progress, switching branches, the
conflicts a merge or rebase left and their resolver, and the keys that name what git
says to do next (as they are bound now)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import App
from textual.screen import ModalScreen

from okrboard.domain.text import printable
from okrboard.files.session import Session
from okrboard.git import resolve
from okrboard.tui.config import UserConfig

if TYPE_CHECKING:
    from okrboard.git.runner import GitError
    from okrboard.git.sync import Outcome, Status


class GitControl(App):
    """Mixed into the app (before ``App``): the app's session, config and views."""

    GIT_STATUS_SECONDS = 5.0
    session: Session
    config: UserConfig
    watch_git: bool
    git_status: Status | None
    conflict_state: resolve.State
    sync_busy: str  # what a fetch, pull or push is doing

    if TYPE_CHECKING:  # the app's own

        @property
        def read_only(self) -> bool: ...
        def refresh_views(self) -> None: ...
        def show_changes(
            self, rev_a: str = "HEAD", rev_b: str | None = None, then: str | None = None
        ) -> None: ...

    def start_git(self) -> None:
        """The conflict state now, and git's status once the first frame is up (a thread),
        then every few seconds."""
        self.conflicts_changed()
        if self.watch_git:
            self.call_after_refresh(self.refresh_git)
            self.set_interval(self.GIT_STATUS_SECONDS, self.refresh_git)

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
