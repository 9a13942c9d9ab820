"""Time travel, as a part of the app: pick a revision (or a quarter's end) and show the
board as it was then, read-only; and the revision picker the changes view uses too."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, cast

from textual import work
from textual.app import App
from textual.screen import ModalScreen

from okrboard.files.session import Session
from okrboard.reports import views

if TYPE_CHECKING:
    from okrboard.tui.screens.okrs import OkrScreen


class TimeTravel(App):
    """Mixed into the app (before ``App``): the app's session and OKR view."""

    session: Session
    pinned: bool

    if TYPE_CHECKING:  # the app's own

        @property
        def today(self) -> dt.date: ...
        @property
        def okr_screen(self) -> OkrScreen: ...

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
        self._travel_to(choices)

    @work(group="ask", exit_on_error=False)
    async def _travel_to(self, choices: list) -> None:
        # lazy: a screen or dialog loads when first shown (start-up, docs/performance.md)
        from okrboard.widgets.choose import ChooseScreen

        rev = await self.ask_revision("Show the board as of …", choices)
        if rev is not ChooseScreen.NOTHING:
            self.travel(cast(str | None, rev))

    async def ask_revision(self, title: str, extra: list) -> object:
        """Let the user pick a branch, tag or commit (listed in a thread: git may be
        slow), or one of ``extra`` (``(kind, name, date, subject, value)`` rows); the value
        picked, or ``NOTHING`` when cancelled or git could not list them. For a worker."""
        # lazy: a screen or dialog loads when first shown (start-up, docs/performance.md)
        from okrboard.tui.screens.changes import revision_choices
        from okrboard.widgets.choose import ChooseScreen

        listing = self.run_worker(
            self._revisions, thread=True, group="revisions", exit_on_error=False
        )
        found = await listing.wait()
        if found is None:
            return ChooseScreen.NOTHING
        return await self.push_screen_wait(ChooseScreen(title, revision_choices(found, extra)))

    def _revisions(self) -> list | None:
        # lazy: git's layer loads only when git is asked (start-up, docs/performance.md)
        from okrboard.git.revisions import GitError, revisions

        try:
            return revisions(self.session.board.root)
        except GitError as exc:
            self.call_from_thread(self.notify, str(exc), severity="error")
            return None

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
        from okrboard.git.births import date_board
        from okrboard.git.revisions import GitError, board_at, revision_day

        root = self.session.board.root
        try:
            board = board_at(root, rev) if rev else load_board(root)
            day = revision_day(root, rev) if rev else None
            date_board(board, day or self.today, rev)
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
