"""Changes: what is not committed yet (by item and field, or as raw text), any two
revisions, or one quarter against another; commit them, or propose them on a branch."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, ClassVar, cast

from rich.text import Text
from textual import work
from textual.binding import Binding, BindingType

from okrboard.domain import ids, semdiff
from okrboard.domain.text import count as plural
from okrboard.domain.text import printable
from okrboard.files.session import Session
from okrboard.reports import quarters, views
from okrboard.tui.screens.lines import Line, LinesScreen, text

if TYPE_CHECKING:
    from okrboard.domain.model import Board
    from okrboard.flows.share import Shared
    from okrboard.git.revisions import Revision

WORKING_TREE = None  # as rev_b: the files on disk


class ChangesScreen(LinesScreen):
    HELP_TITLE = "Changes"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("c", "commit", "Commit", id="changes.commit"),
        Binding("b", "propose", "Propose on a branch", id="changes.propose"),
        Binding("r", "raw", "Raw / by item", id="changes.raw"),
        Binding("R", "revisions", "Compare revisions", id="changes.revisions"),
        Binding("m", "branch_changes", "A branch's own changes", show=False, id="changes.branch"),
        Binding("Q", "quarters", "Compare quarters", id="changes.quarters"),
        Binding("w", "uncommitted", "Uncommitted", show=False, id="changes.uncommitted"),
        Binding("l", "log", "Board log", show=False, id="changes.log"),
    ]

    def __init__(
        self,
        session: Session,
        today: dt.date,
        rev_a: str = "HEAD",
        rev_b: str | None = WORKING_TREE,
        then: str | None = None,
    ) -> None:
        """``then``: an action of this view to run once the changes are read (commit,
        propose …, picked in the command palette of another view)."""
        super().__init__(session, today)
        self.rev_a, self.rev_b = rev_a, rev_b
        self.then = then
        self.quarters: tuple[str, str] | None = None
        self.raw = False
        self.changes: list[semdiff.Change] = []
        self.new_board: Board | None = None  # the side the changes lead to (its units)

    def on_mount(self) -> None:
        self.refresh_changes()

    def show(self, heading: str, lines: list[Line], status: str) -> None:
        super().show(heading, lines, status)
        if self.then:
            action, self.then = self.then, None
            self.call_after_refresh(self.run_action, action)

    @property
    def wraps(self) -> bool:  # type: ignore[override]
        return not self.raw

    @property
    def uncommitted(self) -> bool:
        return self.quarters is None and self.rev_a == "HEAD" and self.rev_b is WORKING_TREE

    def refresh_changes(self) -> None:
        self.refresh_bindings()
        if self.quarters:
            a, b = self.quarters
            self.board_app.load_part(f"{ids.OKR_DIR}/{a}", f"{ids.OKR_DIR}/{b}")
            self.set_titles(f"Quarter over quarter: {a} -> {b}")
            self.load("Reading the two quarters' ends from git…", self._quarters)
            return
        two = ".." in self.rev_a  # A..B or A...B: both sides named already
        span = self.rev_a if two else f"{self.rev_a} -> {self.rev_b or 'working tree'}"
        what = "Uncommitted changes" if self.uncommitted else "Changes"
        self.set_titles(f"{what} ({printable(span)}){' · raw' if self.raw else ''}")
        self.load("Comparing with git…", self._raw if self.raw else self._semantic)

    # -- computing (in a thread) ------------------------------------------------------------

    def _semantic(self) -> tuple[str, list[Line], str]:
        # lazy: loads on first use, not at start-up (docs/performance.md)
        from okrboard.files.load import load_board
        from okrboard.flows import compare

        working = self.session.board if self.session.as_of is None else None
        if working is not None and not working.whole and not self.uncommitted:
            working = None  # older quarters let go: the files on disk are read whole
        if self.uncommitted and working is not None:
            found = compare.uncommitted_changes(self.root, working, self.today)
        else:  # the one rule okrboard diff follows: A B and A..B the trees, A...B the base
            working = working or load_board(self.root)
            found = compare.revisions(self.root, self.rev_a, self.rev_b, working, self.today)
        changes = found.changes
        self.changes, self.new_board = changes, found.new
        count = plural(semdiff.made(changes), "change")
        hint = " · c commits them · b proposes them on a branch" if self.uncommitted else ""
        if found.span is not None and found.span.base_of:
            a, b = found.span.base_of
            hint = f" · what {b} changed since it left {a} (at {found.span.old[:10]})"
        return "Item and change", by_item(changes), (count + hint if changes else "No changes.")

    def _raw(self) -> tuple[str, list[Line], str]:
        # lazy: git's layer loads only when git is asked (start-up, docs/performance.md)
        from okrboard.git.revisions import raw_diff, span

        if self.uncommitted:
            lines = raw_diff(self.root, "HEAD", None)
        else:
            compared = span(self.root, self.rev_a, self.rev_b)  # the rule of okrboard diff
            lines = raw_diff(self.root, compared.old, compared.new)
        return (
            "Text diff of the board's files",
            [(diff_line(x), None) for x in lines],
            (plural(len(lines), "line") if lines else "No changes."),
        )

    def _quarters(self) -> tuple[str, list[Line], str]:
        board_on = quarters.boards_from_git(self.root)
        assert self.quarters is not None  # the quarter comparison is shown
        first, second = self.quarters
        result = quarters.compare(self.session.board, first, second, board_on)
        data = quarters.review(self.session.board, result)
        lines: list[Line] = []
        for line in quarters.as_text(data).splitlines()[2:]:  # the title and summary: below
            heading = not line.startswith(" ")
            lines.append((text(line, "bold" if heading else ""), None))
        summary = ", ".join(f"{n} {kind}" for kind, n in data["counts"].items())
        return "Quarter over quarter", lines, f"{first} -> {second}: {summary}"

    # -- actions ----------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        """Commit and propose only show for uncommitted changes by item; raw not for
        quarters."""
        if action in ("commit", "propose"):
            return self.uncommitted and not self.raw and not self.board_app.read_only
        if action == "raw":
            return self.quarters is None
        return True

    def action_raw(self) -> None:
        if self.quarters is None:
            self.raw = not self.raw
            self.refresh_changes()

    def action_uncommitted(self) -> None:
        self.rev_a, self.rev_b, self.quarters, self.raw = "HEAD", WORKING_TREE, None, False
        self.refresh_changes()

    def action_log(self) -> None:
        # lazy: a screen or dialog loads when first shown (start-up, docs/performance.md)
        from okrboard.tui.screens.history import HistoryScreen

        self.app.push_screen(HistoryScreen(self.session, self.today, None))

    @work(group="ask", exit_on_error=False)
    async def action_revisions(self) -> None:
        # lazy: a screen or dialog loads when first shown (start-up, docs/performance.md)
        from okrboard.widgets.choose import ChooseScreen

        here = ("today", "working tree", "", "the files on disk now", WORKING_TREE)
        rev_a = await self.board_app.ask_revision("Compare from …", [])
        if rev_a is ChooseScreen.NOTHING:
            return
        rev_b = await self.board_app.ask_revision(f"Compare {rev_a} with …", [here])
        if rev_b is not ChooseScreen.NOTHING:
            self.rev_a, self.rev_b, self.quarters = str(rev_a), cast(str | None, rev_b), None
            self.refresh_changes()

    @work(group="ask", exit_on_error=False)
    async def action_branch_changes(self) -> None:
        """What a branch changed since it left this one (``HEAD...B``, as a pull request
        shows it): main may have moved on meanwhile."""
        # lazy: a screen or dialog loads when first shown (start-up, docs/performance.md)
        from okrboard.widgets.choose import ChooseScreen

        title = "What a branch changes, since it left this one …"
        rev_b = await self.board_app.ask_revision(title, [])
        if rev_b is not ChooseScreen.NOTHING and rev_b is not None:
            self.rev_a, self.rev_b, self.quarters = f"HEAD...{rev_b}", None, None
            self.refresh_changes()

    def action_quarters(self) -> None:
        # lazy: a screen or dialog loads when first shown (start-up, docs/performance.md)
        from okrboard.widgets.choose import ChooseScreen

        found = views.quarters(self.session.board)
        if len(found) < 2:
            self.notify("The board has fewer than two quarters to compare.")
            return
        choices = [(q, q) for q in found]

        def second(a: str) -> None:
            if a is ChooseScreen.NOTHING:
                return

            def compare(b: str) -> None:
                if b is not ChooseScreen.NOTHING:
                    self.quarters = (a, b)
                    self.refresh_changes()

            later = [(q, q) for q in found if q > a] or choices
            self.app.push_screen(ChooseScreen(f"Compare {a} with …", later), compare)

        self.app.push_screen(ChooseScreen("Compare quarter …", choices[:-1]), second)

    def _ask_message(
        self, title: str, done: Callable[[dict], object], proposal: bool = False
    ) -> None:
        """The message written from the changes, to edit; ``done`` gets the values."""
        # lazy: a screen or dialog loads when first shown (start-up, docs/performance.md)
        from okrboard.flows import share
        from okrboard.widgets.message import MessageScreen

        if not self.changes:
            self.notify("Nothing to commit: the board has no uncommitted changes.")
            return
        offered = share.draft(self.changes, self.new_board, proposal)

        def finished(values: dict | None) -> None:
            if values is not None:
                done(values)

        screen = MessageScreen(title, offered.subject, offered.body, branch=offered.branch)
        self.app.push_screen(screen, finished)

    def action_commit(self) -> None:
        title = "Commit these changes (the message is written from them; edit it freely)"
        self._ask_message(title, self._commit)

    @work(thread=True, exclusive=True, group="commit", exit_on_error=False)
    def _commit(self, values: dict) -> None:
        """In a thread: git hooks may take a while, and the screen stays alive meanwhile."""
        # lazy: git's layer loads only when git is asked (start-up, docs/performance.md)
        from okrboard.flows import share
        from okrboard.git.runner import GitError

        try:
            done = share.commit_changes(self.root, values["subject"], values["body"])
        except GitError as exc:
            self.app.call_from_thread(self._failed, exc)
            return
        self.app.call_from_thread(self._committed, done.sentence)

    def _failed(self, exc: Exception) -> None:
        self.notify(str(exc), severity="error", timeout=10)

    def _committed(self, message: str) -> None:
        self.notify(message, timeout=5)
        self.refresh_changes()

    def action_propose(self) -> None:
        title = "Propose these changes: a new branch, a commit, a pull-request description"
        self._ask_message(title, self._propose, proposal=True)

    @work(thread=True, exclusive=True, group="commit", exit_on_error=False)
    def _propose(self, values: dict) -> None:
        # lazy: git's layer loads only when git is asked (start-up, docs/performance.md)
        from okrboard.flows import share
        from okrboard.git.runner import GitError

        subject, body, branch = values["subject"], values["body"], values["branch"]
        try:
            done = share.propose(self.root, branch, subject, body, self.changes)
        except GitError as exc:
            self.app.call_from_thread(self._failed, exc)
            return
        self.app.call_from_thread(self._proposed, done)

    def _proposed(self, done: Shared) -> None:
        # lazy: a screen or dialog loads when first shown (start-up, docs/performance.md)
        from okrboard.widgets.textview import TextScreen

        key = self.board_app.key_of("app.branch")
        back = f" {key} switches back to the branch you came from." if key else ""
        self._committed(done.sentence + back)
        title = f"Proposed on {done.branch}: the pull request's description (Markdown)"
        description = printable(done.description, newlines=True)
        self.app.push_screen(TextScreen(printable(title), description))


def by_item(changes: list[semdiff.Change]) -> list[Line]:
    """An item's title and reference, then each of its changes."""
    lines: list[Line] = []
    current = None
    for change in changes:
        if change.ref != current:
            current = change.ref
            head = Text.assemble(text(change.label, "bold"), text(f"  {change.ref}", "dim"))
            lines.append((head, change.ref))
        style = {"added": "green", "removed": "red", "moved": "cyan"}.get(change.kind, "")
        lines.append((text(f"    {semdiff.describe(change)}", style), change.ref))
    return lines


def diff_line(line: str) -> Text:
    if line.startswith(("+++", "---")):
        return text(line, "bold")
    style = {"+": "green", "-": "red", "@": "cyan"}.get(line[:1], "")
    return text(line, style)


def revision_choices(
    found: list[Revision], extra: Sequence[tuple[str, str, str, str, object]] = ()
) -> list:
    """``(label, rev)`` for a chooser, in columns: kind, name, date, subject. ``extra``:
    more rows as ``(kind, name, date, subject, value)``, listed first."""
    rows = [*extra, *((r.kind, r.rev, f"{r.when:%Y-%m-%d}", r.summary, r.rev) for r in found)]
    width = min(24, max((len(name) for _, name, *_ in rows), default=10))
    return [
        (
            f"{kind:<7}  {printable(name)[:width]:<{width}}  {date:<10}  "
            f"{printable(subject)[: 72 - width - 23]}",
            value,
        )
        for kind, name, date, subject, value in rows
    ]
