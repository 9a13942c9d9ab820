"""What every board view shares: saving edits (and asking when the disk changed), undo and
redo, long text in $EDITOR, forms, the team switcher and watching the disk.

A view implements ``refresh_view(select=None)`` and ``team_choices()``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import ClassVar

from textual import work
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen, Screen
from textual.timer import Timer
from textual.widgets import Input

from okrboard.domain import edits, ids, schema
from okrboard.domain.model import Board, Part
from okrboard.domain.text import named, printable
from okrboard.files.load import LoadedBoard
from okrboard.files.session import Change, Session, changed_files
from okrboard.files.store import ChangedOnDisk, SaveRefused
from okrboard.flows import forms
from okrboard.tui.protocol import TalksToTheApp
from okrboard.tui.workers import SaysFailedWorkers
from okrboard.widgets.rowlist import RowList

DISK_CHECK_SECONDS = 2.0
DETAIL_DELAY = 0.06  # the detail pane follows the cursor once it rests: moving stays instant


class EditingList(TalksToTheApp, RowList):
    """A view's list whose Enter edits or checks in: off (and not offered) on a board
    shown read-only."""

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        return not (action == "select" and self.board_app.read_only)


class BoardScreen(SaysFailedWorkers, TalksToTheApp, Screen):
    """A view of the board that edits it through the shared session."""

    SEARCH_HINT = "Search (Esc clears)"
    SEARCH_BEFORE = "#main"  # the search box is mounted above this widget when first used

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("u,ctrl+z", "undo", "Undo", id="board.undo"),
        Binding("U,ctrl+y", "redo", "Redo", show=False, id="board.redo"),
        Binding("slash", "search", "Search", id="board.search"),
        Binding("t", "team(1)", "Next team", id="board.next_team"),
        Binding("T", "team(-1)", "Previous team", show=False, id="board.prev_team"),
        Binding("ctrl+r", "reload", "Reload from disk", show=False, id="board.reload"),
        Binding("h", "history", "History", id="board.history"),
        Binding("plus", "zoom", "Zoom detail", show=False, id="board.zoom"),
    ]
    DETAIL = ""  # the view's detail pane (a selector): zoomed to the whole screen with +

    def __init__(self, session: Session, today: dt.date) -> None:
        super().__init__()
        self.session = session
        self.today = today
        self.team: str | None = None
        self.text = ""
        self._shown_before = False
        self._left_at: tuple = ()  # the board as it was when another screen covered this one
        self._detail_timer: Timer | None = None

    @property
    def board(self) -> LoadedBoard:
        return self.session.board

    def refresh_view(self, select: str | None = None) -> None:
        raise NotImplementedError

    def team_choices(self) -> list[str]:
        raise NotImplementedError

    def action_zoom(self) -> None:
        """The detail pane on the whole screen, to read and scroll it (↑ ↓); again, or
        escape, brings the view back."""
        if self.maximized is not None:
            self.minimize()
            self.focus_list()
        elif self.DETAIL:
            pane = self.query_one(self.DETAIL)
            self.maximize(pane, container=False)
            pane.focus()

    def focus_list(self) -> None:
        raise NotImplementedError

    # Actions that change the board: hidden (and off) while it is shown read-only.
    WRITES: frozenset[str] = frozenset()

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        read_only = self.board_app.read_only
        return not (read_only and action in self.WRITES | {"undo", "redo"})

    def use_session(self, session: Session) -> None:
        """Show another session's board (time travel, and back), keeping the view's place."""
        self.session = session
        self.today = self.board_app.today  # a board as of a revision is judged as of its day
        self.refresh_view()
        self.refresh_bindings()

    def selected_item(self) -> tuple[str, str] | None:
        """The selected item's reference and title, for its history; None if none."""
        return None

    def action_history(self) -> None:
        item = self.selected_item()
        if item is None:
            self.notify("Select an objective, a key result, a card or a node first.")
            return
        self.board_app.show_history(*item)

    def on_mount(self) -> None:
        # lazy: a screen or dialog loads when first shown (start-up, docs/performance.md)
        from textual.widgets import Header

        # lazy: a screen or dialog loads when first shown (start-up, docs/performance.md)
        from okrboard.tui.screens.gitline import ConflictBanner, SyncLine
        from okrboard.widgets.footer import Footer

        self.disk_watch = self.set_interval(DISK_CHECK_SECONDS, self.check_disk)
        if self.query(Footer):
            self.mount(SyncLine("", markup=False), before=self.query_one(Footer))
        if self.query(Header):
            self.mount(ConflictBanner("", markup=False), after=self.query_one(Header))
        self.show_git()

    def show_detail(self) -> None:
        """Show the selected item in the view's detail pane (a view with one)."""

    _detail_drawn = False

    def show_detail_after_list(self) -> None:
        """The detail, after a refresh of the view: at once, except the first time, when
        it follows a frame later, so the view's first frame shows its list without waiting
        for the detail pane's layout (5-20 ms)."""
        if self._detail_drawn:
            self.show_detail()
        else:
            self._detail_drawn = True
            self.call_after_refresh(self.show_detail)

    def follow_cursor(self) -> None:
        """Show the detail once the cursor rests: a move paints the list at once, and the
        detail pane (a layout of its own, 5-20 ms) after, once, however fast keys come."""
        if self._detail_timer is not None:
            self._detail_timer.stop()
        self._detail_timer = self.set_timer(DETAIL_DELAY, self._cursor_rested)

    def _cursor_rested(self) -> None:
        self._detail_timer = None  # (the tests' rest() waits for this)
        self.show_detail()

    def on_screen_resume(self) -> None:
        # Back from another view or a dialog: shown again only if the board changed
        # meanwhile (an edit, a reload, the rest of a staged load). Redrawing an
        # organisation's OKR view or roadmap regardless took 100-300 ms.
        if self._shown_before:
            if self._left_at != self._stamp():
                self.refresh_view()
            self.show_git()
        self._shown_before = True

    def on_screen_suspend(self) -> None:
        # The view on top keeps itself current, so it shows the board as it is now.
        self._left_at = self._stamp()

    def _stamp(self) -> tuple:
        return (id(self.session), id(self.board), self.board.version)

    def show_git(self) -> None:
        """The sync status line and the conflict banner, as the app last read them."""
        # lazy: a screen or dialog loads when first shown (start-up, docs/performance.md)
        from okrboard.tui.screens.gitline import ConflictBanner, SyncLine

        status, busy = self.board_app.git_status, self.board_app.sync_busy
        for line in self.query(SyncLine):
            line.update(busy or (status.line() if status else ""))
            line.set_class(bool(busy or status), "-shown")
            line.set_class(bool(busy), "-busy")
        state = self.board_app.conflict_state
        for banner in self.query(ConflictBanner):
            banner.update(printable(state.banner()) if state else "")
            banner.set_class(bool(state), "-shown")

    def set_titles(self, parts: list[str], *shorter: list[str]) -> None:
        """Header: the board's name, and the view's parts (marked when read-only);
        ``shorter``: the parts said in fewer words, each shorter than the last, for a
        header they would not fit (the first that fits is shown)."""
        marks = [printable(self.session.mark)] if self.session.mark else []
        self.title = printable(self.board.label)
        room = self.app.size.width - len(self.title) - 21  # the header's icon, clock, " — "
        said = [" · ".join([*words, *marks]) for words in (parts, *shorter)]
        self.sub_title = next((text for text in said if len(text) <= room), said[-1])

    # -- teams ------------------------------------------------------------------------------

    def team_for_new(self, *candidates: str | None) -> str | None:
        """The team a new item goes to: the first of ``candidates``, else the board's
        first; None (and the user told why) when there is none, or its id is not valid
        (a file cannot be named after it)."""
        team = next((t for t in candidates if t), None) or next(iter(self.board.teams), None)
        if team is None:
            self.notify("Add a team to board.toml first.", severity="warning")
        elif ids.slug_problem(team):
            self.notify(
                f"The team {team!r} has an id that is not valid, so no file can be named "
                "after it: fix it in board.toml first (p lists the problems).",
                severity="error",
            )
            return None
        return team

    def action_team(self, step: int) -> None:
        choices: list[str | None] = [None, *self.team_choices()]
        index = choices.index(self.team) if self.team in choices else 0
        self.team = choices[(index + step) % len(choices)]
        self.refresh_view()

    def show_team(self, team: str | None) -> None:
        self.team = team
        self.refresh_view()

    # -- search -----------------------------------------------------------------------------

    def action_search(self) -> None:
        # lazy: a screen or dialog loads when first shown (start-up, docs/performance.md)
        from textual.widgets import Input

        found = self.query("#filter")
        field = found.first(Input) if found else Input(placeholder=self.SEARCH_HINT, id="filter")
        if not found:
            self.mount(field, before=self.SEARCH_BEFORE)
        field.add_class("-visible")
        field.focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "filter":
            self.text = event.value
            self.refresh_view()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "filter":
            self.focus_list()

    def clear_search(self) -> None:
        self.text = ""
        for field in self.query("#filter").results(Input):
            field.clear()
            field.remove_class("-visible")

    # -- saving -----------------------------------------------------------------------------

    def apply(
        self,
        change: Callable[[Board], Part | list[Part]],
        label: str,
        select: Callable[[], str] | None = None,
        then: Callable[[Change], object] | None = None,
    ) -> None:
        """Apply an edit and save it; if a file changed on disk, ask what to do.

        ``select`` gives the reference to select afterwards (a new item's, say); ``then``
        is called with the saved change.
        """
        try:
            done = self.session.edit(change, label)
        except ChangedOnDisk as refused:
            self.refresh_view()
            self._ask_keep(change, label, select, str(refused), then)
            return
        except SaveRefused as refused:
            self.refresh_view()
            self.notify(str(refused), severity="error", timeout=8)
            return
        chosen = select() if select else None
        self.refresh_view(select=chosen)
        if done and then is not None:
            then(done)
        elif done:
            self.notify(self.saved_text(label, chosen), timeout=2)

    def saved_text(self, label: str, ref: str | None) -> str:
        """``Saved key result “Cut support load …”``: the item saved, by its title; the
        edit's label when there is no item to name."""
        try:
            item = edits.find(self.board, ref) if ref else None
        except (KeyError, ValueError):
            item = None
        if item is None or ref is None:
            return f"Saved: {label}"
        kind = {"theme": "card"}.get(kind := ids.parse_ref(ref).kind, kind.replace("_", " "))
        return f"Saved {kind} {named(item.label)}"

    @work(group="ask", exit_on_error=False)
    async def _ask_keep(
        self,
        change: Callable[[Board], Part | list[Part]],
        label: str,
        select: Callable[[], str] | None,
        message: str,
        then: Callable[[Change], object] | None,
    ) -> None:
        # lazy: a screen or dialog loads when first shown (start-up, docs/performance.md)
        from okrboard.widgets.dialogs import ChoiceScreen

        question = f"{message}.\n\nThe board now shows the file as it is on disk."
        choices = [("k", "Keep my edit"), ("r", "Drop my edit")]
        if await self.app.push_screen_wait(ChoiceScreen(question, choices)) == "k":
            self.apply(change, label, select, then)
        else:
            self.notify("Reloaded from disk; your edit was not applied.", timeout=4)

    def form(
        self,
        title: str,
        table: tuple[schema.Field, ...],
        names: tuple[str, ...],
        values: dict,
        check: Callable[[dict[str, str]], dict[str, str]],
        done: Callable[[dict], None],
        focus: str | None = None,
        now: Callable[[], dict | None] | None = None,
        shown_if: dict | None = None,
        new_among: dict | set | None = None,
        hints: dict | None = None,
        cancelled: Callable[[], None] | None = None,
        words: Callable[[dict[str, str]], dict[str, str]] | None = None,
        skipped: Callable[[], None] | None = None,
        cancel: str = "cancel",
    ) -> None:
        """Show a form for ``names`` of ``table``; ``done`` gets the typed values, parsed.
        Values from the file are shown as ``printable`` text, never as control characters.

        ``now``, for an edit of an existing item: its values as the board holds them when
        the form is sent (None: it is gone). ``done`` then gets only the fields the user
        changed, so a field that changed on disk meanwhile (a pull, another writer) keeps
        its new value rather than the one the form showed, and a field left alone keeps
        its exact text; a field changed on both sides is the user's to choose.
        ``shown_if``: by field name, when a field is shown (a question some edits raise).
        ``new_among``, for a new item: its siblings' ids; the form then shows the new id,
        made from the title until the user types their own. ``hints``: by field name, what
        a blank field stands for, instead of the usual hint. ``cancelled``: called when the
        form is closed without saving. ``words``: typed words put as the file says them
        (a binary KR's "done" as its target), before checking and saving.
        """
        # lazy: a screen or dialog loads when first shown (start-up, docs/performance.md)
        from okrboard.widgets.form import FormField, FormScreen

        said = words or (lambda values: values)

        follows = {}
        if new_among is not None:
            names = forms.with_id(names)
            check = forms.checked_id(check, new_among)
            follows["id"] = forms.id_from_title(new_among, names[0])
        quarter = getattr(self, "quarter", None) or self.board.current_quarter

        def validate(values: dict) -> dict:  # a bare id or a title fragment names an item
            return check(said(forms.resolve_refs(self.board, table, values, quarter)))

        texts = {f.name for f in table if f.kind == schema.TEXT}  # several lines: a text area
        shown = {name: printable(text, newlines=name in texts) for name, text in values.items()}
        fields = [
            FormField(
                name=spec.field.name,
                label=spec.label,
                value=shown.get(spec.field.name, ""),
                choices=spec.field.choices,
                required=spec.required,
                placeholder=(hints or {}).get(spec.field.name, spec.hint),
                shown_if=(shown_if or {}).get(spec.field.name),
                follows=follows.get(spec.field.name),
                choices_from=partial(forms.ref_choices, self.board, spec.field, quarter)
                if forms.pickable(spec.field)
                else None,
                many=spec.field.kind == schema.REF_LIST,
                multiline=spec.field.name in texts,
            )
            for spec in forms.specs(table, names, self.today)
        ]

        screen = FormScreen(
            title,
            fields,
            validate,
            focus=focus,
            skip=skipped is not None,
            cancel=cancel,
            editor=self.edit_text,
        )
        ends = (cancelled, skipped)
        self._fill_form(title, screen, table, names, shown, quarter, done, now, ends, said)

    @work(group="form", exit_on_error=False)
    async def _fill_form(
        self,
        title: str,
        screen: ModalScreen[dict | None],
        table: tuple[schema.Field, ...],
        names: tuple[str, ...],
        shown: dict[str, str],
        quarter: str | None,
        done: Callable[[dict], None],
        now: Callable[[], dict | None] | None,
        ends: tuple[Callable[[], None] | None, Callable[[], None] | None],
        said: Callable[[dict[str, str]], dict[str, str]],
    ) -> None:
        """The form, then, for an edit, what changed on disk while it was open (three-way,
        ``forms.merge``): each answer awaited in turn, ``done`` called with the values."""
        # lazy: a screen or dialog loads when first shown (start-up, docs/performance.md)
        from okrboard.widgets.dialogs import ChoiceScreen
        from okrboard.widgets.form import SKIPPED

        typed = await self.app.push_screen_wait(screen)
        cancelled, skipped = ends
        if typed is SKIPPED and skipped is not None:
            skipped()
            return
        if typed is None:
            if cancelled is not None:
                cancelled()
            return
        typed = said(forms.resolve_refs(self.board, table, typed, quarter))
        if now is None:
            done(forms.parse(table, names, typed)[0])
            return
        current = now()
        if current is None:
            self.notify("The item was deleted on disk meanwhile; your edit was not applied.")
            return
        merged = forms.merge(shown, typed, current)
        keep_mine = True
        if merged.both:
            question = merged.question(title, shown, typed)
            choices = [("k", "Keep mine"), ("t", "Keep the disk's")]  # Escape: apply nothing
            choice = await self.app.push_screen_wait(ChoiceScreen(question, choices))
            if choice not in ("k", "t"):
                return
            keep_mine = choice == "k"
        done(forms.parse(table, merged.names(keep_mine), typed)[0])

    # -- long text ---------------------------------------------------------------------------

    @work(exclusive=True, group="editor", exit_on_error=False)
    async def edit_text(self, text: str, save: Callable[[str], None]) -> None:
        """Open ``text`` in $VISUAL / $EDITOR; call ``save`` with the result if it changed."""
        # lazy: loads on first use, not at start-up (docs/performance.md)
        from okrboard.tui.editor import EditorFailed, edit_in_editor

        try:
            new = edit_in_editor(self.app, text)
        except EditorFailed as exc:
            self.notify(str(exc), severity="error")
            return
        if new != text:
            save(new)

    # -- undo --------------------------------------------------------------------------------

    def action_undo(self) -> None:
        self._history(self.session.undo, "Undid", "Nothing to undo.")

    def action_redo(self) -> None:
        self._history(self.session.redo, "Redid", "Nothing to redo.")

    def _history(self, step: Callable[[], Change | None], verb: str, nothing: str) -> None:
        try:
            change = step()
        except SaveRefused as refused:
            self.notify(str(refused), severity="error", timeout=8)
            return
        self.refresh_view()
        self.notify(f"{verb}: {change.label}" if change else nothing, timeout=3)

    # -- the disk ----------------------------------------------------------------------------

    def check_disk(self) -> None:
        if self.is_current and self.session.as_of is None:  # one view watches: the one shown
            board = self.board
            self._check_disk(board.root, self.session.digests(), list(board.pending))

    @work(thread=True, exclusive=True, group="disk", exit_on_error=False)
    def _check_disk(self, root: Path, digests: dict[str, str], unread: list[str]) -> None:
        """Compare the disk with a snapshot taken on the main thread, in a thread, so a
        keypress never waits on the disk; the board itself is read on the main thread
        only (a reload may be changing it)."""
        if changed_files(root, digests, unread):
            self.app.call_from_thread(lambda: self._reload(self.session.changed_on_disk()))

    def action_reload(self) -> None:
        self._reload(self.session.changed_on_disk(), quiet=False)

    def _reload(self, changed: list[str], quiet: bool = True) -> None:
        if not changed:
            if not quiet:
                self.notify("Nothing changed on disk.", timeout=2)
            return
        self.session.reload(changed)
        self.refresh_view()
        self.board_app.conflicts_changed()
        more = f" and {len(changed) - 3} more" if len(changed) > 3 else ""
        self.notify(f"Changed on disk, reloaded: {', '.join(changed[:3])}{more}", timeout=4)
