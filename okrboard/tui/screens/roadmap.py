"""The roadmap view: themes in Now / Next / Later, each showing the key results it serves.

A move between horizons changes one line (``horizon``); a reorder swaps two ``rank``
lines. Edits go through the shared session, as in the OKR view.
"""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import ClassVar

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import Header, Static

from okrboard.domain import edits, ids, links, roadmap, schema
from okrboard.domain.model import Board, Part, RoadmapTheme, ranked
from okrboard.domain.roadmap import Card
from okrboard.domain.text import printable
from okrboard.files.session import Session
from okrboard.reports import views
from okrboard.tui.screens.base import BoardScreen
from okrboard.tui.screens.style import issues_text
from okrboard.widgets.cardlist import CardList, LazyCard
from okrboard.widgets.footer import Footer
from okrboard.widgets.panes import LinePane

THEME_FIELDS = (
    "title",
    "horizon",
    "status",
    "owner",
    "confidence",
    "visibility",
    "tags",
    "key_results",
    "objectives",
    "links",
)


# Hidden in the public view, fit to share on screen: who, how sure, and internal links.
PRIVATE = frozenset({"Confidence", "Owner", "Visibility", "Links"})


class RoadmapScreen(BoardScreen):
    """Cards by horizon for one team or all; filters; moves; editing."""

    HELP_TITLE = "Roadmap"
    AUTO_FOCUS = "#col-now"
    DETAIL = "#card-detail"
    SEARCH_HINT = "Filter cards: title, owner, tag, status, team, visibility (Esc clears)"
    SEARCH_BEFORE = "#columns"

    # Here, not in app.tcss: loaded with the view, so the start-up stylesheet stays small.
    DEFAULT_CSS = """
    RoadmapScreen #gaps { height: 1; color: $text-warning; padding: 0 1; }
    RoadmapScreen #gaps.-empty { display: none; }
    RoadmapScreen #filter { display: none; margin: 0 1; }
    RoadmapScreen #filter.-visible { display: block; }
    RoadmapScreen #columns { height: 1fr; }
    RoadmapScreen CardList { width: 1fr; height: 1fr; border-right: vkey $panel; }
    RoadmapScreen CardList.extra { display: none; }
    RoadmapScreen.-all CardList.extra { display: block; }
    RoadmapScreen #card-detail {
        height: 40%; min-height: 14; border-top: tall $panel; padding: 0 1;
    }
    RoadmapScreen.-short #card-detail { height: 8; min-height: 8; }
    """

    WRITES = frozenset({"horizon", "rank", "edit", "new", "delete", "edit_text", "link"})

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left", "column(-1)", "Left", show=False, id="roadmap.left"),
        Binding("right", "column(1)", "Right", show=False, id="roadmap.right"),
        Binding("H,shift+left", "horizon(-1)", "Move left", id="roadmap.move_left"),
        Binding("L,shift+right", "horizon(1)", "Move right", id="roadmap.move_right"),
        Binding("K,shift+up", "rank(-1)", "Move up", show=False, id="roadmap.move_up"),
        Binding("J,shift+down", "rank(1)", "Move down", show=False, id="roadmap.move_down"),
        Binding("enter", "edit", "Edit", id="roadmap.edit"),
        Binding("n", "new", "New card", id="roadmap.new"),
        Binding("d,delete", "delete", "Delete", id="roadmap.delete"),
        Binding("e", "edit_text", "Edit text in $EDITOR", show=False, id="roadmap.editor"),
        Binding("i", "link", "Link KRs", id="roadmap.link"),
        Binding("g", "go_to_kr", "Go to KR", id="roadmap.go"),
        Binding("v", "public", "Public view", id="roadmap.public"),
        Binding("z", "all", "Done / Not now", show=False, id="roadmap.all"),
        Binding("escape", "clear", "Clear filter", show=False, id="roadmap.clear"),
    ]

    def __init__(self, session: Session, today: dt.date) -> None:
        super().__init__(session, today)
        self.public = False
        self.show_all = False
        self.serving: str | None = None
        self.cards: dict[str, list[Card]] = {}
        self.focused_horizon = "now"

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="gaps", markup=False)
        with Horizontal(id="columns"):
            for horizon in roadmap.ALL:
                classes = "extra" if horizon not in roadmap.MAIN else ""
                yield CardList(roadmap.TITLES[horizon], id=f"col-{horizon}", classes=classes)
        yield LinePane(id="card-detail")
        yield Footer()

    def on_resize(self) -> None:
        self.set_class(self.app.size.height < 32, "-short")

    def on_mount(self) -> None:
        self.public = self.public or self.board_app.public
        self.on_resize()
        self.refresh_view()

    # -- the view ---------------------------------------------------------------------------

    @property
    def card(self) -> Card | None:
        column = self.cards.get(self.focused_horizon) or []
        index = self.query_one(f"#col-{self.focused_horizon}", CardList).cursor
        return column[index] if 0 <= index < len(column) else None

    def selected_item(self) -> tuple[str, str] | None:
        card = self.card
        return (card.ref, card.theme.label) if card else None

    def team_choices(self) -> list[str]:
        """Teams with a roadmap, in the board's team order (as the OKR view has them)."""
        order = [team.id for team in ranked(self.board.teams.values())]
        return sorted(self.board.roadmaps, key=lambda t: (order.index(t) if t in order else 99, t))

    def refresh_view(self, select: str | None = None) -> None:
        keep = select or (self.card.ref if self.card else None)
        self.cards = roadmap.columns(
            self.board,
            team=self.team,
            text=self.text,
            public=self.public,
            show_all=self.show_all,
            serving=self.serving,
        )
        self.set_class(self.show_all, "-all")
        for horizon in roadmap.ALL:
            column = self.query_one(f"#col-{horizon}", CardList)
            cards = self.cards.get(horizon, [])
            at = next((i for i, c in enumerate(cards) if c.ref == keep), None) if keep else None
            cursor = at if at is not None else min(column.cursor, len(cards) - 1)
            column.set_cards(
                f"{roadmap.TITLES[horizon]} ({len(cards)})",
                [self._card_lines(card) for card in cards],
                max(0, cursor),
            )
            if at is not None and horizon != self.focused_horizon:
                self.focused_horizon = horizon
                column.focus()
        if self.focused_horizon not in self.cards:
            self.focused_horizon = "now"
            self.query_one("#col-now", CardList).focus()
        self._update_titles()
        self._show_gaps()
        self.show_detail_after_list()

    def _card_lines(self, card: Card) -> LazyCard:
        """The card's lines, made when the card is first drawn (one object a card: at 500
        teams the roadmap has 15,000)."""
        theme = card.theme
        parts = ["title", "facts"]
        if theme.tags or theme.visibility == "internal" or not self.team:
            parts.append("tags")
        if theme.key_results or card.serves_no_kr:
            parts.append("krs")
        if theme.objectives:
            parts.append("objectives")
        return LazyCard(len(parts), partial(self._card_text, card, parts))

    def _card_text(self, card: Card, parts: list[str]) -> list[Text]:
        theme = card.theme
        lines = []
        for part in parts:
            if part == "title":
                line = Text(printable(theme.label), style="bold")
                lines.append(Text.assemble(("⚠ ", "yellow"), line) if card.serves_no_kr else line)
            elif part == "facts":
                facts = (
                    theme.status,
                    None if self.public or theme.confidence is None else f"conf {theme.confidence}",
                    None if self.public or not theme.owner else printable(theme.owner),
                )
                lines.append(Text(" · ".join(fact for fact in facts if fact), style="dim"))
            elif part == "tags":
                shown = " ".join(f"#{printable(tag)}" for tag in theme.tags or ())
                if theme.visibility == "internal":
                    shown = ("internal " + shown).strip()
                if not self.team:
                    team = self.board.teams.get(card.team)
                    shown = f"{printable(team.label if team else card.team)}  {shown}".strip()
                lines.append(Text(shown, style="italic"))
            elif part == "krs" and theme.key_results:
                lines.append(Text("→ " + ", ".join(map(ids.id_of, theme.key_results)), "green"))
            elif part == "krs":
                lines.append(Text("serves no key result", style="yellow"))
            else:
                objectives = ", ".join(map(ids.id_of, theme.objectives or ()))
                lines.append(Text("◎ " + objectives, style="cyan"))
        return lines

    def _update_titles(self) -> None:
        team = self.board.teams.get(self.team) if self.team else None
        parts = ["roadmap", printable(team.label) if team else "all teams"]
        if self.public:
            parts.append("public view")
        if self.serving:
            parts.append(f"serving {self.serving}")
        if self.text:
            parts.append(f"“{printable(self.text)}”")
        self.set_titles(parts)

    def _show_gaps(self) -> None:
        """The roadmap's gaps against the OKRs, and files left out: as in the OKR view.
        The public view leaves the gaps out: they are the team's to fix, and name internal
        cards."""
        left_out = views.left_out(self.board)
        text = printable(left_out if self.public else views.warnings(self.board))
        bar = self.query_one("#gaps", Static)
        bar.update(text)
        bar.set_class(not text, "-empty")

    @on(CardList.Highlighted)
    def _highlighted(self, event: CardList.Highlighted) -> None:
        if event.card_list.has_focus:
            self.follow_cursor()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        widget = event.widget
        if isinstance(widget, CardList) and widget.id:
            self.focused_horizon = widget.id.removeprefix("col-")
            self.show_detail()

    @on(CardList.Selected)
    def _selected(self) -> None:
        if self.check_action("edit", ()):  # not on a board shown read-only
            self.action_edit()

    def show_detail(self) -> None:
        card = self.card
        pane = self.query_one("#card-detail", LinePane)
        pane.update(self._detail(card) if card else Text("No card here.", style="dim"))

    def _detail(self, card: Card) -> Group:
        theme, board = card.theme, self.board
        team = board.teams.get(card.team)
        head = Text(printable(theme.label), style="bold")
        table = Table.grid(padding=(0, 1))
        table.add_column(style="dim", no_wrap=True)
        table.add_column(ratio=1)
        rows = [
            ("Team", printable(team.label if team else card.team)),
            ("Horizon", roadmap.TITLES.get(theme.horizon or "", theme.horizon or "—")),
            ("Status", theme.status or "—"),
            ("Confidence", "—" if theme.confidence is None else f"{theme.confidence}/10"),
            ("Owner", printable(theme.owner or "—")),
            ("Visibility", theme.visibility or "—"),
            ("Reference", card.ref),
        ]
        for name, value in rows:
            if not (self.public and name in PRIVATE):
                table.add_row(name, Text(value))
        parts: list = [head, table]
        for title, text in (("Problem", theme.problem), ("Hypothesis", theme.hypothesis)):
            if text:
                parts += [Text(f"\n{title}", style="bold"), Text(printable(text, newlines=True))]
        parts.append(Text("\nKey results it should move", style="bold"))
        if not theme.key_results:
            parts.append(Text("  none: press i to link key results", style="yellow"))
        for ref in theme.key_results or ():
            line = Text(f"  {printable(links.label(board, ref))}")
            if theme.impact and ref in theme.impact:
                line.append(f"  {roadmap.impact_text(board, ref, theme.impact[ref])}", "green")
            if theme.actual_impact and ref in theme.actual_impact:
                actual = roadmap.impact_text(board, ref, theme.actual_impact[ref])
                line.append(f" (actual {actual})", "cyan")
            line.append(f"  {ref}", "dim")
            parts.append(line)
        for title, values in (("Objectives", theme.objectives), ("Links", theme.links)):
            if values and not (self.public and title in PRIVATE):
                parts += [Text(f"\n{title}", style="bold"), Text(printable(", ".join(values)))]
        if not self.public and (issues := issues_text(board, theme.links, self.today)):
            parts.append(Text(f"  issues: {issues}", style="dim"))
        if theme.solution and not self.public:
            parts += [Text("\nSolution", style="bold"), Text(printable(theme.solution))]
        return Group(*parts)

    # -- moving around ---------------------------------------------------------------------

    def _visible(self) -> list[str]:
        return list(roadmap.ALL if self.show_all else roadmap.MAIN)

    def action_column(self, step: int) -> None:
        horizons = self._visible()
        index = horizons.index(self.focused_horizon) if self.focused_horizon in horizons else 0
        target = horizons[max(0, min(len(horizons) - 1, index + step))]
        self.query_one(f"#col-{target}", CardList).focus()

    def focus_list(self) -> None:
        self.query_one(f"#col-{self.focused_horizon}", CardList).focus()

    def action_clear(self) -> None:
        self.serving, self.public = None, False
        self.clear_search()
        self.refresh_view()
        self.focus_list()

    def action_public(self) -> None:
        if self.board_app.public:
            self.notify("This board is shown publicly: internal cards stay hidden.")
            return
        self.public = not self.public
        self.refresh_view()

    def action_all(self) -> None:
        self.show_all = not self.show_all
        self.refresh_view()

    def show_serving(self, kr_ref: str | None) -> None:
        """Only the cards that serve ``kr_ref`` (from the OKR view's "cards" key).

        Called right after the view is switched to: a view not mounted yet shows this
        state when it mounts, one already mounted when it resumes.
        """
        self.serving, self.text, self.team = kr_ref, "", None
        self.show_all = True
        if self.is_mounted:
            self.refresh_view()

    def select_card(self, ref: str) -> None:
        """Show every card and select ``ref`` (from the coach panel)."""
        self.serving, self.text, self.team, self.public = None, "", None, False
        if self.is_mounted:
            self.refresh_view(select=ref)
        else:
            self.call_after_refresh(self.refresh_view, ref)

    def action_go_to_kr(self) -> None:
        card = self.card
        if card is None or not card.theme.key_results:
            self.notify("This card serves no key result: link some with i.", severity="warning")
            return
        self.board_app.show_okrs(card.theme.key_results[0])

    # -- editing ---------------------------------------------------------------------------

    def action_horizon(self, step: int) -> None:
        card = self.card
        if card is None:
            return
        horizons = tuple(self._visible())
        if roadmap.next_horizon(card.theme.horizon, step, horizons) is None:
            return
        ref = card.ref
        self.apply(
            lambda board: edits.move_card(board, ref, step, horizons),
            f"move {ref}",
            select=lambda: ref,
        )

    def action_rank(self, offset: int) -> None:
        card = self.card
        if card is None:
            return
        ref = card.ref
        self.apply(
            lambda board: edits.reorder(board, ref, offset), f"reorder {ref}", select=lambda: ref
        )

    def action_edit(self) -> None:
        card = self.card
        if card is None:
            return
        values = self._values(card.theme)

        ref = card.ref

        def done(parsed: dict) -> None:
            change = lambda board: edits.set_fields(board, ref, parsed)  # noqa: E731
            self.apply(change, f"card {ref}", select=lambda: ref)

        # lazy: loads on first use, not at start-up (docs/performance.md)
        from okrboard.flows import forms

        team, theme_id = card.team, card.theme.id

        def find() -> RoadmapTheme | None:
            roadmap = self.board.roadmaps.get(team)
            return roadmap.themes.get(theme_id) if roadmap else None

        now = forms.reader(find, schema.THEME, THEME_FIELDS)
        title = f"Edit card: {printable(card.theme.label)}"
        self.form(title, schema.THEME, THEME_FIELDS, values, self._check, done, now=now)

    def action_new(self) -> None:
        team = self.team_for_new(
            self.team,
            self.card.team if self.card else None,
            next(iter(sorted(self.board.roadmaps)), None),
        )
        if team is None:
            return
        values = {"horizon": self.focused_horizon, "visibility": "internal"}

        def done(parsed: dict) -> None:
            new_ref = [""]

            def change(board: Board) -> Part:
                part, new_ref[0] = edits.new_card(board, team, parsed)
                return part

            self.apply(change, f"new card for {team}", select=lambda: new_ref[0])

        plan = self.board.roadmaps.get(team)
        themes = plan.themes if plan else {}
        title = f"New card ({team})"
        self.form(title, schema.THEME, THEME_FIELDS, values, self._check, done, new_among=themes)

    def _values(self, theme: RoadmapTheme) -> dict:
        # lazy: loads on first use, not at start-up (docs/performance.md)
        from okrboard.flows import forms

        return forms.initial(theme, schema.THEME, THEME_FIELDS)

    def _check(self, values: dict) -> dict[str, str]:
        # lazy: loads on first use, not at start-up (docs/performance.md)
        from okrboard.flows import forms

        return forms.check_card(self.board, values, THEME_FIELDS)

    def action_delete(self) -> None:
        # lazy: a screen or dialog loads when first shown (start-up, docs/performance.md)
        from okrboard.widgets.dialogs import ConfirmScreen

        card = self.card
        if card is None:
            return
        team, ref = card.team, card.ref

        def done(answer: str | None) -> None:
            if answer == "y":
                self.apply(lambda board: edits.delete(board, ref), f"delete {ref}")

        question = f"Delete the card “{printable(card.theme.label)}” from the {team} roadmap?"
        self.app.push_screen(ConfirmScreen(question, yes="Delete"), done)

    def action_link(self) -> None:
        """Pick the key results a card serves from a searchable list (this and next quarter)."""
        # lazy: loads on first use, not at start-up (docs/performance.md)
        from okrboard.domain.ids import QuarterId
        from okrboard.widgets.picker import PickerScreen

        card = self.card
        if card is None:
            return
        current = self.board.current_quarter
        quarters = {current, str(QuarterId.parse(current).next())} if current else set()
        choices = [
            (f"{printable(kr.label)}  ({ref})", ref)
            for ref, _, kr in self.board.iter_key_results()
            if ids.quarter_of(ref) in quarters
        ]
        chosen = set(card.theme.key_results or ())

        ref = card.ref

        def done(picked: list[str] | None) -> None:
            if picked is None:
                return
            linked = [r for _, r in choices if r in picked]
            change = lambda board: edits.link_key_results(board, ref, linked, quarters)  # noqa: E731
            self.apply(change, f"link {ref}", select=lambda: ref)

        title = f"Key results “{printable(card.theme.label)}” should move"
        self.app.push_screen(PickerScreen(title, choices, chosen), done)

    def action_edit_text(self) -> None:
        card = self.card
        if card is None:
            return
        theme = card.theme
        text = f"# Problem\n{theme.problem or ''}\n\n# Hypothesis\n{theme.hypothesis or ''}\n"

        ref = card.ref

        def save(new: str) -> None:
            problem, hypothesis = _sections(new)
            values = {"problem": problem, "hypothesis": hypothesis}
            change = lambda board: edits.set_fields(board, ref, values)  # noqa: E731
            self.apply(change, f"text of {ref}", select=lambda: ref)

        self.edit_text(text, save)


def _sections(text: str) -> tuple[str | None, str | None]:
    """The "# Problem" and "# Hypothesis" sections of the text written in the editor."""
    found: dict[str, list[str]] = {"problem": [], "hypothesis": []}
    current = None
    for line in text.splitlines():
        heading = line.strip().lstrip("#").strip().lower()
        if line.startswith("#") and heading in found:
            current = heading
        elif current:
            found[current].append(line)
    problem, hypothesis = (("\n".join(found[k]).strip() or None) for k in ("problem", "hypothesis"))
    return problem, hypothesis
