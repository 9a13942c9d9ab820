"""The OKR view: a quarter's objectives and key results, navigated and edited by key.

Every edit goes through the session, which saves the one file it touches at once; the view
is then rebuilt from the board, so what is shown is always what is on disk.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar, cast

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import Header, Static

from okrboard.domain import edits, ids, links, roadmap, schema, scoring, titles
from okrboard.domain.model import Board, Objective, Part
from okrboard.domain.scoring import Status
from okrboard.domain.text import printable
from okrboard.domain.valuetext import value_text
from okrboard.files.session import Change, Session
from okrboard.flows import checkin, forms
from okrboard.reports import views
from okrboard.reports.views import Row
from okrboard.tui.screens.base import EditingList
from okrboard.tui.screens.detail import DetailPane
from okrboard.tui.screens.lifecycle import QuarterLifecycle
from okrboard.tui.screens.measuring import Measures
from okrboard.tui.screens.style import STATUS_STYLE
from okrboard.widgets.footer import Footer
from okrboard.widgets.progress import progress_bar
from okrboard.widgets.rowlist import GAP, Column, RowList

if TYPE_CHECKING:
    from okrboard.domain import coach
    from okrboard.domain.model import KeyResult
    from okrboard.tui.screens.problems import ListPanel

WIDE = 96  # from this list width on (a 100-column terminal), confidence and units show
WIDE_LAYOUT = 150  # from this width on, the detail pane sits beside the list
TALL_LAYOUT = 32  # below this height, the detail pane is smaller
TINY_LAYOUT = 28  # rows: below this the list keeps every row, the detail pane gives way
INDENT = "  "  # key results sit under their objective


def bar_width(columns: int) -> int:
    """A narrower bar on a narrow terminal, so titles keep their room."""
    return 16 if columns >= 130 else 12 if columns >= 100 else 8


class OkrList(EditingList):
    """The rows of the OKR view (line API: moving stays instant on long boards)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "Edit", id="okrs.edit"),
        Binding("down,j", "cursor_down", "Down", show=False, id="okrs.down"),
        Binding("up,k", "cursor_up", "Up", show=False, id="okrs.up"),
    ]


class OkrScreen(QuarterLifecycle, Measures):
    """Objectives and key results of one quarter, for one team or all."""

    HELP_TITLE = "OKR view"
    AUTO_FOCUS = "#okr-table"
    DETAIL = "#detail"
    SEARCH_HINT = "Search titles, owners, teams, status (Esc clears)"

    WRITES = frozenset(
        {
            "edit",
            "checkin",
            "checkins_due",  # W: a walk of check-in forms
            "edit_text",
            "new_key_result",
            "new_objective",
            "delete",
            "move",
            "close_quarter",
            "open_quarter",
            "measure",
        }
    )

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("c", "checkin", "Check in", id="okrs.checkin"),
        Binding("e", "edit_text", "Edit text in $EDITOR", show=False, id="okrs.editor"),
        Binding("n", "new_key_result", "New KR", id="okrs.new_kr"),
        Binding("N", "new_objective", "New objective", show=False, id="okrs.new_objective"),
        Binding("d,delete", "delete", "Delete", id="okrs.delete"),
        Binding("K,shift+up", "move(-1)", "Move up", show=False, id="okrs.move_up"),
        Binding("J,shift+down", "move(1)", "Move down", show=False, id="okrs.move_down"),
        Binding("a", "attention", "Needs attention", show=False, id="okrs.attention"),
        Binding("m", "mine", "My KRs", show=False, id="okrs.mine"),
        Binding("W", "checkins_due", "Check-ins due", id="okrs.checkins_due"),
        Binding(
            "left_square_bracket",
            "quarter(-1)",
            "Previous quarter",
            show=False,
            id="okrs.prev_quarter",
        ),
        Binding("right_square_bracket", "quarter(1)", "Next quarter", id="okrs.next_quarter"),
        Binding("p", "problems", "Problems", id="okrs.problems"),
        Binding("C", "coach", "Coach", id="okrs.coach"),
        Binding("Q", "close_quarter", "Close quarter", show=False, id="okrs.close_quarter"),
        Binding("O", "open_quarter", "Open next quarter", show=False, id="okrs.open_quarter"),
        Binding("escape", "clear", "Clear filter", show=False, id="okrs.clear"),
        Binding("r", "roadmap_cards", "Roadmap cards for this KR", show=False, id="okrs.cards"),
        Binding("o", "trees", "Opportunity trees of this KR", show=False, id="okrs.trees"),
    ]

    def __init__(self, session: Session, today: dt.date) -> None:
        super().__init__(session, today)
        self.quarter = views.opening_quarter(session.board, session.day)
        self.attention = False
        self.owner: str | None = None  # only the KRs this person owns (m)
        self.rows: list[Row] = []
        self.bar = 8
        self.wide = True
        self._filled_width = -1
        self.findings: dict[str, list[coach.Finding]] = {}  # by item, for the quarter shown
        self._moved: dict[str, set[str]] = {}  # by quarter: KRs whose target moved (git)
        self._counts: dict[str, Counter[Status]] = {}  # by team: its KRs by status

    # -- layout -------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        # The search box and the problems panel are mounted when first used.
        self._size_classes()
        yield Header()
        yield Static("", id="gaps", classes="-empty", markup=False)
        with Horizontal(id="main"):
            yield OkrList(id="okr-table")
            yield DetailPane(id="detail")
        yield Footer()

    def on_resize(self) -> None:
        self._size_classes()
        # The table is filled once it has a width, and again only when that changes.
        if self.query_one(OkrList).size.width != self._filled_width:
            self.refresh_view()
        else:
            self._update_titles()  # the header says as much as fits the new width

    def _size_classes(self) -> None:
        """``-wide`` (detail pane beside the list), ``-short`` (a smaller detail pane) and
        ``-tiny`` (no detail pane: the list first; ``+`` shows the detail zoomed).

        Set before the first styling, from the terminal's size, so the start-up does not
        restyle every widget once it knows the size (as breakpoints would).
        """
        width, height = self.app.size
        self.set_class(width >= WIDE_LAYOUT, "-wide")
        self.set_class(height < TALL_LAYOUT, "-short")
        self.set_class(height < TINY_LAYOUT, "-tiny")

    # -- the view -----------------------------------------------------------------------

    @property
    def row(self) -> Row | None:
        cursor = self.query_one(OkrList).cursor
        return self.rows[cursor] if 0 <= cursor < len(self.rows) else None

    def use_session(self, session: Session) -> None:
        quarters = views.quarters(session.board)
        if session.day is not None or self.quarter not in quarters:  # travelled: its quarter
            self.quarter = views.opening_quarter(session.board, session.day)
        super().use_session(session)

    def selected_item(self) -> tuple[str, str] | None:
        row = self.row
        if row is None or row.kind not in ("objective", "key_result"):
            return None
        return row.ref, row.item.label

    def refresh_view(self, select: str | None = None) -> None:
        """Rebuild the rows from the board, keeping (or moving to) a selected reference."""
        keep = select or (self.row.ref if self.row else None)
        quarter = self.quarter
        if quarter:  # an older quarter is read again when shown (the app lets it go)
            self.board_app.hold(quarter)
        self._counts = (
            views.team_counts(self.board, quarter, self.today, self.owner) if quarter else {}
        )
        self.rows = views.okr_rows(
            self.board,
            self.quarter,
            self.today,
            team=self.team,
            text=self.text,
            attention=self.attention,
            owner=self.owner,
        )
        current = self.board.current_quarter
        open_krs = []
        self.findings = {}
        if not self.board.pending:  # a staged load: these need roadmaps and other quarters
            # lazy: loads on first use, not at start-up (docs/performance.md)
            from okrboard.domain import coach

            # the cards of Now and Next serve the live quarter: said while it is shown
            live = current is not None and self.quarter == current
            open_krs = roadmap.krs_without_card(self.board, current) if current and live else []
            found = coach.review(
                self.board, self.quarter, self.today, self._moved.get(self.quarter, ())
            )
            self.findings = coach.by_item(found)
            self._read_moved_targets()
        refs = [row.ref for row in self.rows]
        self._fill(refs.index(keep) if keep in refs else _first_item(self.rows))
        self._update_titles()
        public = self.board_app.public  # the gaps name cards, internal ones too
        shown = views.left_out(self.board) if public else views.warnings(self.board, open_krs)
        gaps = printable(shown)
        self.query_one("#gaps", Static).update(gaps)
        self.query_one("#gaps", Static).set_class(not gaps, "-empty")
        if panel := self._panel("ProblemsPanel"):
            panel.show(self.board.problems)
        if panel := self._panel("CoachPanel"):
            panel.show(found)
        self.show_detail_after_list()

    def _fill(self, cursor: int) -> None:
        table = self.query_one(OkrList)
        width = table.size.width or self.app.size.width
        self._filled_width = table.size.width
        self.bar = bar_width(width)
        self.wide = width >= WIDE
        columns = [
            Column("progress", "Progress", self.bar),
            Column("value", "Value", 19 if self.wide else 12, "right"),
            Column("grade", "Grade", 5, "right"),
            *([Column("conf", "Conf", 4, "right")] if self.wide else []),
            Column("status", "Status", 11),
        ]
        # the gaps between columns, and two cells for a scrollbar
        title_width = max(16, width - sum(c.width + GAP for c in columns) - GAP - 2)
        columns.insert(0, Column("title", "Objective / key result", title_width))
        expected = (
            scoring.elapsed(self.quarter, self.today, self.board.settings) if self.quarter else None
        )
        empty = Text(self._empty_message(), style="dim")
        table.show_items(columns, self.rows, lambda row: self._cells(row, expected), empty, cursor)

    def _empty_message(self) -> str:
        if self.text or self.attention or self.owner:
            return "Nothing matches the filter (Esc clears it)."
        team = self.board.teams.get(self.team) if self.team else None
        if team is not None:
            name = printable(team.label)
            return f"{name} has no OKRs for {self.quarter} yet: press N to add its first objective."
        return f"No OKRs for {self.quarter} yet: press N to add an objective."

    def _cells(self, row: Row, expected: float | None) -> dict[str, Text]:
        if row.kind == "team":
            team = self.board.teams.get(row.team)
            title = Text()  # the name underlined, not the counts beside it
            title.append(printable(team.label if team else row.team), style="bold underline")
            tq = self.board.okrs.get((self.quarter, row.team))
            if tq is not None and tq.closed is not None:
                title.append(f"  closed {tq.closed}, read-only", style="dim")
            counts = self._counts.get(row.team, Counter())
            title.append(f"  {views.counts_text(counts)}", style="dim")
            return {"title": title}
        if row.kind == "broken":
            message = f"⚠ {row.ref.removeprefix('broken:')}: has errors, read-only (p)"
            return {"title": Text(message, style="yellow")}
        status = row.status
        style = STATUS_STYLE.get(status, "") if status else ""
        state = Text(status.value if status else "", style=style)
        quarter, settings = ids.quarter_of(row.ref), self.board.settings
        if row.kind == "objective":
            objective = row.objective
            assert objective is not None
            grade = scoring.objective_grade_as_of(objective, quarter, self.today, settings)
            share = scoring.objective_progress(objective)
            return {
                "title": self._flagged(Text(printable(objective.label), style="bold"), row.ref),
                "progress": progress_bar(share, self.bar, expected=expected, style=style),
                "grade": Text(
                    "—" if grade is None else f"{grade:.2f}", style="bold", justify="right"
                ),
                "status": state,
            }
        kr = row.key_result
        assert kr is not None
        grade = scoring.grade_as_of(kr, quarter, self.today, settings)
        confidence = edits.last_confidence(kr)
        return {
            "title": self._flagged(Text(INDENT + printable(kr.label)), row.ref),
            "progress": progress_bar(
                scoring.progress(kr), self.bar, expected=expected, style=style
            ),
            "value": Text(value_text(kr, unit=self.wide), justify="right"),
            "grade": Text("—" if grade is None else f"{grade:.2f}", justify="right"),
            "conf": Text("" if confidence is None else f"{confidence:>2}", style="dim"),
            "status": state,
        }

    def _flagged(self, title: Text, ref: str) -> Text:
        """The title, and the names of the coach's findings on the item."""
        if found := self.findings.get(ref):
            names = ", ".join(dict.fromkeys(f.name for f in found))
            title.append(f"  ⚑ {names}", style="dim yellow")
        return title

    def _read_moved_targets(self) -> None:
        """Ask git, once per quarter and in a thread, which KRs' targets moved (KR005)."""
        quarter = self.quarter
        if quarter and quarter not in self._moved and self.session.as_of is None:
            # lazy: loads on first use, not at start-up (docs/performance.md)
            from okrboard.domain import coach

            self._moved[quarter] = set()  # asked; filled in when git answers
            self._moved_targets(quarter, coach.quarter_krs(self.board, quarter))

    @work(thread=True, group="coach", exit_on_error=False)
    def _moved_targets(self, quarter: str, refs: list[str]) -> None:
        # lazy: git's layer loads only when git is asked (start-up, docs/performance.md)
        from okrboard.git import history

        moved = history.moved_targets_in_git(self.board.root, refs)
        if moved:
            self.app.call_from_thread(self._got_moved, quarter, moved)

    def _got_moved(self, quarter: str, moved: set[str]) -> None:
        self._moved[quarter] = moved
        if self.quarter == quarter:
            self.refresh_view()

    def _update_titles(self) -> None:
        """The header; too long for the terminal, "all teams" goes and the counts are said
        in short words, then in the fewest (never cut in the middle of a count)."""
        team = self.board.teams.get(self.team) if self.team else None
        head = [self.quarter or "no quarter"]
        named = [printable(team.label)] if team else []
        filters = [
            part
            for part in (
                "needs attention" if self.attention else "",
                f"mine: {printable(self.owner)}" if self.owner else "",
            )
            if part
        ]
        search = [f"“{printable(self.text)}”"] if self.text else []
        counts = sum((c for t, c in self._counts.items() if self.team in (None, t)), Counter())

        def words(counted: str, everyone: str = "") -> list[str]:
            team_part = named or ([everyone] if everyone else [])
            return [*head, *team_part, *filters, *([counted] if self._counts else []), *search]

        full = words(views.counts_text(counts), everyone="all teams")
        shorter = words(views.counts_text(counts, short=True))
        shortest = words(views.attention_text(counts))
        # last: the filters by name only, no counts (the rows below show them)
        bare = [*head, *named, *(["attention"] if self.attention else []),
                *(["mine"] if self.owner else []), *search]  # fmt: skip
        self.set_titles(full, shorter, shortest, bare)

    @on(RowList.Highlighted)
    def _highlighted(self) -> None:
        self.follow_cursor()

    _links: tuple[tuple, links.Backlinks] | None = None  # the board's, and its stamp

    def show_detail(self) -> None:
        row = self.row
        found = self.findings.get(row.ref, []) if row else []
        past = self.board_app.read_only
        stamp = self._stamp()
        if self._links is None or self._links[0] != stamp:
            self._links = (stamp, links.Backlinks(self.board))  # once, not on every move
        pane = self.query_one(DetailPane)
        pane.show(self.board, row, self.today, found, past, self._links[1])

    @on(RowList.Selected)
    def _selected(self) -> None:
        if self.check_action("edit", ()):  # not on a board shown read-only
            self.action_edit()

    # -- switching and filtering -------------------------------------------------------------

    def action_quarter(self, step: int) -> None:
        self.quarter = views.step_quarter(self.board, self.quarter, step) or self.quarter
        self.board_app.load_part(f"{ids.OKR_DIR}/{self.quarter}")
        self.refresh_view()

    def team_choices(self) -> list[str]:
        return views.every_team(self.board, self.quarter)

    def show_quarter(self, quarter: str) -> None:
        self.quarter = quarter
        self.board_app.load_part(f"{ids.OKR_DIR}/{quarter}")
        self.refresh_view()

    def select_ref(self, ref: str) -> None:
        """Show and select an objective or KR (from another view)."""
        self.quarter, self.team, self.attention = ids.quarter_of(ref), None, False
        self.clear_search()
        self.refresh_view(select=ref)

    def action_roadmap_cards(self) -> None:
        row = self._selected_kr()
        if row is not None:
            self.board_app.show_roadmap(serving=row.ref)

    def action_trees(self) -> None:
        # lazy: loads on first use, not at start-up (docs/performance.md)
        from okrboard.domain import ost

        row = self._selected_kr()
        if row is None:
            return
        trees = ost.trees_for(self.board, row.ref)
        if not trees:  # start one: discovery for this key result begins here
            # lazy: a screen or dialog loads when first shown (start-up, docs/performance.md)
            from okrboard.tui.screens.setup import new_tree

            new_tree(self, row.ref)
            return
        self.board_app.show_tree(trees[0].id)

    def _panel(self, kind: str) -> ListPanel | None:
        found = self.query(kind)
        return cast("ListPanel", found.first()) if found else None

    def focus_list(self) -> None:
        self.query_one(OkrList).focus()

    def action_attention(self) -> None:
        self.attention = not self.attention
        self.refresh_view()

    def action_clear(self) -> None:
        panels = [p for p in self.query("ListPanel") if p.has_class("-visible")]
        fields = self.query("#filter")
        if panels:
            for panel in panels:
                panel.remove_class("-visible")
            self.remove_class("-problems")
        elif (
            self.text
            or self.attention
            or self.owner
            or (fields and fields.first().has_class("-visible"))
        ):
            self.attention, self.owner = False, None
            self.clear_search()
            self.refresh_view()
        self.focus_list()

    def action_problems(self) -> None:
        # lazy: a screen or dialog loads when first shown (start-up, docs/performance.md)
        from okrboard.tui.screens.problems import ProblemsPanel

        self._toggle_panel(ProblemsPanel, self.board.problems, "problems")

    def action_coach(self) -> None:
        # lazy: a screen or dialog loads when first shown (start-up, docs/performance.md)
        from okrboard.tui.screens.problems import CoachPanel

        found = [f for group in self.findings.values() for f in group]
        self._toggle_panel(CoachPanel, found, "coach")

    def _toggle_panel(self, kind: type[ListPanel], entries: list, name: str) -> None:
        """Show the bottom panel ``kind`` (one at a time), or hide it if shown."""
        panel = self._panel(kind.__name__)
        if panel is None:
            panel = kind(entries, id=name)
            self.mount(panel, before=self.query_one(Footer))
        for other in self.query("ListPanel"):
            if other is not panel:
                other.remove_class("-visible")
        panel.toggle_class("-visible")
        self.set_class(panel.has_class("-visible"), "-problems")
        if panel.has_class("-visible"):
            self.call_after_refresh(panel.focus_list)
        else:
            self.query_one(OkrList).focus()

    def on_list_panel_jump(self, event: ListPanel.Jump) -> None:
        ref = event.ref
        if ref is None:
            self.notify(f"{event.entry.file}: the board's settings; open it in an editor.")
            return
        if ref.startswith("roadmap/"):
            self.board_app.action_view("roadmap")
            if ref.count("/") == 2:
                self.app.get_screen("roadmap").select_card(ref)
            return
        if ref.startswith("tree/"):
            self.board_app.action_view("trees")
            self.app.get_screen("trees").show_node(ref)
            return
        if ref.count("/") == 1:  # a whole team's quarter
            self.quarter, self.team = ref.split("/")
            self.refresh_view()
        else:
            self.select_ref(ref)
        self.query_one(OkrList).focus()

    # -- editing -------------------------------------------------------------------------

    def _selected_kr(self) -> Row | None:
        row = self.row
        if row is None or row.kind != "key_result":
            self.notify("Select a key result first.", severity="warning", timeout=3)
            return None
        return row

    def action_checkin(self) -> None:
        row = self._selected_kr()
        if row is not None:
            self._checkin_form(row.ref)

    def _checkin_form(
        self, ref: str, step: str = "", then: Callable[[str], None] | None = None
    ) -> None:
        """The check-in form for the KR ``ref``; in a walk (``then``), ctrl+n skips it and
        esc leaves the walk: ``then`` gets "saved", "skipped" or "left"."""
        kr = self.board.key_result(ref)
        today = self.today
        why = checkin.not_begun(self.board, ref, today) if kr is not None else None
        if kr is None or why is not None:
            if why is not None:
                self.notify(why, severity="warning")
            if then is not None:
                then("skipped")
            return

        def done(parsed: dict) -> None:
            plan = checkin.planned(self.board, ref, parsed, today)
            said = lambda _: self.notify(checkin.said(self.board, plan), timeout=3)  # noqa: E731
            self.apply(plan.change, plan.label, then=said)
            if then is not None:
                then("saved")

        unit = f" ({printable(kr.unit)})" if kr.unit else ""
        hint = checkin.hint(self.board, ref) or checkin.since(self.board, ref, today)
        self.form(
            f"{step}Check in: {printable(kr.label)}{unit}",
            checkin.TABLE,
            checkin.FIELDS,
            checkin.defaults(self.board, ref, today),
            lambda values: checkin.problems(self.board, ref, values, today),
            done,
            focus="value",
            cancelled=None if then is None else lambda: then("left"),
            hints={"value": hint} if hint else None,
            words=lambda values: checkin.words(self.board, ref, values),
            skipped=None if then is None else lambda: then("skipped"),
            cancel="cancel" if then is None else "leave the walk",
        )

    def action_checkins_due(self) -> None:
        """Every KR shown that owes a check-in within a week (``okrboard due``), the one
        longest without a check-in first, one form after another: the value and Enter
        check in, ctrl+n skips one, esc leaves the walk; then what was done, said."""
        due = [row.ref for row in views.due_checkins(self.board, self.rows, self.today)]
        if not due:
            shown = "every key result shown has one from this week"
            if not any(row.kind == "key_result" for row in self.rows):
                shown = "no key result is shown"
            self.notify(f"No check-ins due here: {shown}.")
            return
        done: dict[str, int] = {"saved": 0, "skipped": 0}

        def step(index: int) -> None:
            if index == len(due):
                self.notify(checkin.walked(done["saved"], done["skipped"], 0), timeout=5)
                return

            def then(outcome: str) -> None:
                if outcome == "left":
                    left = len(due) - index
                    self.notify(checkin.walked(done["saved"], done["skipped"], left), timeout=5)
                    return
                done[outcome] += 1
                # next, not after a refresh: while a refresh is awaited the app looks idle,
                # and a key typed ahead (Esc: skip) would reach the view, not the next form
                self.call_next(step, index + 1)

            self._checkin_form(due[index], f"{index + 1} of {len(due)} · ", then)

        step(0)

    def action_mine(self) -> None:
        """Only the KRs I own (again: everyone's); my name is asked once, then remembered."""
        if self.owner:
            self.owner = None
            self.refresh_view()
            return
        me = self.board_app.config.me
        if me:
            self.owner = me
            self.refresh_view()
            return
        # lazy: a screen or dialog loads when first shown (start-up, docs/performance.md)
        from okrboard.tui.config import remember
        from okrboard.widgets.form import FormField, FormScreen

        def named(values: dict | None) -> None:
            name = (values or {}).get("name", "").strip()
            if name:
                self.board_app.config.me = self.owner = name
                remember("me", name)
                self.refresh_view()

        field = FormField("name", "Your name", placeholder="as owners are written: Maya Chen")
        check = lambda v: {} if v["name"].strip() else {"name": "required"}  # noqa: E731
        self.app.push_screen(FormScreen("Whose key results are yours?", [field], check), named)

    def action_edit(self) -> None:
        row = self.row
        if row is None or row.kind not in ("objective", "key_result"):
            return
        if row.kind == "objective":
            self._objective_form(row.ref, row.objective)
        else:
            self._key_result_form(row.ref, row.key_result)

    def action_new_key_result(self) -> None:
        row = self.row
        if row is None or row.kind not in ("objective", "key_result"):
            self.notify("Select an objective to add a key result to.", severity="warning")
            return
        self._key_result_form(ids.objective_of(row.ref), None)

    def action_new_objective(self) -> None:
        team = self.team_for_new(self.team, self.row.team if self.row else None)
        if team is not None:
            self._objective_form(f"{self.quarter}/{team}", None)

    def _objective_form(self, ref: str, objective: Objective | None) -> None:
        """``ref`` is the objective's (editing) or ``QUARTER/TEAM`` (adding)."""

        def done(parsed: dict) -> None:
            new_ref = [ref]

            def change(board: Board) -> Part:
                if objective is not None:
                    return edits.set_fields(board, ref, parsed)
                quarter, team = ref.split("/")
                part, new_ref[0] = edits.new_objective(board, quarter, team, parsed)
                return part

            self.apply(change, f"objective {ref}", select=lambda: new_ref[0])

        if objective is None:
            title = "New objective"
        else:
            title = f"Edit objective: {printable(objective.label)}"
        values = forms.initial(objective, schema.OBJECTIVE, forms.OBJECTIVE_FIELDS)
        check = lambda v: forms.check_objective(self.board, v)  # noqa: E731
        fields = (schema.OBJECTIVE, forms.OBJECTIVE_FIELDS)
        now = forms.reader(lambda: self.board.objective(ref), *fields) if objective else None
        siblings = None
        if objective is None:
            tq = self.board.okrs.get(tuple(ref.split("/")))  # type: ignore[arg-type]
            siblings = tq.objectives if tq else {}
        self.form(title, *fields, values, check, done, now=now, new_among=siblings)

    def _key_result_form(self, ref: str, kr: KeyResult | None) -> None:
        """``ref`` is the KR's (editing) or its objective's (adding)."""

        def done(parsed: dict) -> None:
            new_ref = [ref]

            def change(board: Board) -> Part:
                if kr is not None:
                    return edits.set_fields(board, ref, parsed)
                part, new_ref[0] = edits.new_key_result(board, ref, parsed)
                return part

            def saved(done: Change) -> None:
                self.notify(self.saved_text("key result", new_ref[0]), timeout=2)
                now = self.board.key_result(new_ref[0])
                if now is not None and (wrong := titles.contradiction(now)):
                    self.notify(f"KR007 {printable(wrong)}", severity="warning", timeout=8)

            self.apply(change, f"key result {ref}", select=lambda: new_ref[0], then=saved)

        title = "New key result" if kr is None else f"Edit key result: {printable(kr.label)}"
        values = forms.initial(kr, schema.KEY_RESULT, forms.KR_FIELDS)
        own_ref = ref if kr is not None else None
        edit = forms.moving(kr, ref, self.app.today, self.board.settings.calendar)
        quarter, today = ids.quarter_of(ref), self.today

        def check(values: dict) -> dict:
            return forms.check_key_result(self.board, values, own_ref, edit, quarter, today)

        def moves(values: dict) -> bool:  # a target moved mid-quarter asks why (KR005)
            return forms.target_move(edit, values["target"]) is not None

        fields = (schema.KEY_RESULT, forms.KR_FIELDS)
        now = forms.reader(lambda: self.board.key_result(ref), *fields) if kr else None
        parent = None if kr else self.board.objective(ref)
        self.form(
            title,
            *fields,
            values,
            check,
            done,
            now=now,
            shown_if={"target_reason": moves},
            new_among=parent.key_results if parent else None,
            hints=forms.kr_hints(kr),
        )

    def action_delete(self) -> None:
        # lazy: a screen or dialog loads when first shown (start-up, docs/performance.md)
        from okrboard.widgets.dialogs import ConfirmScreen

        row = self.row
        if row is None or row.kind not in ("objective", "key_result"):
            return
        item = row.item
        if isinstance(item, Objective):
            count = len(item.key_results)
            what = f"the objective “{printable(item.label)}” and its {count} key results"
        else:
            count = len(item.checkins or [])
            what = f"the key result “{printable(item.label)}” and its {count} check-ins"
        ref = row.ref

        def done(answer: str | None) -> None:
            if answer != "y":
                return

            self.apply(lambda board: edits.delete(board, ref), f"delete {ref}")

        self.app.push_screen(ConfirmScreen(f"Delete {what}?", yes="Delete"), done)

    def action_move(self, offset: int) -> None:
        row = self.row
        if row is None or row.kind not in ("objective", "key_result"):
            return
        ref = row.ref
        self.apply(lambda board: edits.reorder(board, ref, offset), f"move {ref}")

    def action_edit_text(self) -> None:
        row = self.row
        if row is None or row.kind not in ("objective", "key_result"):
            return
        ref, item = row.ref, row.item

        def save(text: str) -> None:
            values = {"description": _trimmed(text)}
            self.apply(lambda board: edits.set_fields(board, ref, values), f"description of {ref}")

        self.edit_text(item.description or "", save)


def _first_item(rows: list[Row]) -> int:
    return next((i for i, row in enumerate(rows) if row.kind in ("objective", "key_result")), 0)


def _trimmed(text: str) -> str | None:
    """An editor's text as a field value: one line loses its final newline; empty is none."""
    if "\n" not in text.rstrip("\n"):
        text = text.rstrip("\n")
    return text or None
