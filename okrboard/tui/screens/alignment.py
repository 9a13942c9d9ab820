"""The alignment map: company objectives, the team objectives and KRs that serve them, with
roll-up progress, and the objectives aligned to nothing flagged."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import ClassVar, cast

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Header, Static

from okrboard.domain import alignment, ids, kpis
from okrboard.domain.alignment import Node
from okrboard.domain.model import KeyResult
from okrboard.domain.text import printable
from okrboard.domain.valuetext import value_text
from okrboard.files.session import Session
from okrboard.reports import views
from okrboard.tui.screens.base import BoardScreen
from okrboard.tui.screens.style import HEALTH_STYLE
from okrboard.widgets.foldlist import FoldList
from okrboard.widgets.footer import Footer
from okrboard.widgets.progress import progress_bar

LEGEND = (
    "bar: own progress · ⇡ roll-up of what aligns to it · ◎ the KPI a KR moves · "
    "⚠ aligned to nothing · ↻ shown above"
)

BAR = 10
UNFOLDED_MAP = 300  # rows: a larger map opens with only its top objectives unfolded (those
# with at most as many rows directly under them)


@dataclass(eq=False)
class Group:
    """A row that is not an item: the objectives aligned to nothing, or the empty map's
    message."""

    label: Text
    children: list[Node]


Row = Node | Group


def _children(row: Row) -> list[Node]:
    return row.children


class AlignmentScreen(BoardScreen):
    """A quarter's alignment as a tree; Enter shows the item in the OKR view."""

    HELP_TITLE = "Alignment map"
    AUTO_FOCUS = "#alignment-tree"

    DEFAULT_CSS = """
    AlignmentScreen #alignment-legend { height: 1; padding: 0 1; color: $text-muted; }
    AlignmentScreen FoldList { height: 1fr; padding: 0 1; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "left_square_bracket",
            "quarter(-1)",
            "Previous quarter",
            show=False,
            id="alignment.prev_quarter",
        ),
        Binding("right_square_bracket", "quarter(1)", "Next quarter", id="alignment.next_quarter"),
        Binding("g", "go", "Show in OKRs", id="alignment.go"),
        Binding("e", "expand_all", "Expand all", id="alignment.expand"),
    ]

    def __init__(self, session: Session, today: dt.date) -> None:
        super().__init__(session, today)
        self.quarter = session.board.current_quarter or (views.quarters(session.board) or [""])[-1]
        self.map: alignment.AlignmentMap | None = None
        self.unfold = True  # every objective unfolded when the map is shown
        self.orphans: Group | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(LEGEND, id="alignment-legend", markup=False)
        yield FoldList[Row](id="alignment-tree")
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_view()

    def team_choices(self) -> list[str]:
        return []

    @property
    def rows(self) -> FoldList[Row]:
        return cast("FoldList[Row]", self.query_one(FoldList))

    def focus_list(self) -> None:
        self.rows.focus()

    def use_session(self, session: Session) -> None:
        quarters = views.quarters(session.board)
        if self.quarter not in quarters:
            self.quarter = session.board.current_quarter or (quarters[-1] if quarters else "")
        super().use_session(session)

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        # Alignment crosses teams, and nothing is edited here: no team, search or undo.
        return action not in {"team", "search", "undo", "redo"}

    def selected_item(self) -> tuple[str, str] | None:
        node = self.rows.cursor_item
        if not isinstance(node, Node):
            return None
        return node.ref, node.item.label

    def refresh_view(self, select: str | None = None) -> None:
        if self.quarter:  # an older quarter is read again when shown (the app lets it go)
            self.board_app.hold(self.quarter)
        left_out = views.left_out(self.board)
        self.query_one("#alignment-legend", Static).update(
            LEGEND + (f"\n{printable(left_out)}" if left_out else "")
        )
        keep = select or (self.selected_item() or (None,))[0]
        self.map = alignment.build(self.board, self.quarter) if self.quarter else None
        roots: list[Row] = []
        self.orphans = None
        if self.map is None or not (self.map.roots or self.map.orphans):
            roots.append(Group(Text(f"No OKRs for {self.quarter} yet.", style="dim"), []))
        else:
            roots += self.map.roots
            if self.map.orphans:
                count = len(self.map.orphans)
                self.orphans = Group(
                    Text.assemble(
                        ("⚠ ", "yellow"),
                        (f"Aligned to nothing ({count})", "bold yellow"),
                        ("  team objectives that serve no company objective", "dim"),
                    ),
                    self.map.orphans,
                )
                roots.append(self.orphans)
        # A small map opens with every objective unfolded; a large one (an organisation's
        # hundreds of objectives) with the top ones only (those with few rows under them).
        self.unfold = self.map is not None and alignment.size(self.map) <= UNFOLDED_MAP
        tops = {id(node) for node in (*roots, *(self.map.orphans if self.map else ()))}
        self.rows.show(roots, _children, self._label, lambda row: self._unfolded(row, tops))
        if keep:
            self._reveal(keep)
        self.set_titles([self.quarter or "no quarter", "alignment map"])

    def _unfolded(self, row: Row, tops: set[int]) -> bool:
        """Whether ``row`` opens unfolded: a group, or an objective shown once whose map
        is small, or a top one with few rows under it (500 teams: 500 under one)."""
        if isinstance(row, Group):
            return True
        small = id(row) in tops and len(row.children) <= UNFOLDED_MAP
        return row.kind == "objective" and not row.repeat and (small or self.unfold)

    def _reveal(self, ref: str) -> bool:
        """Unfold the way to the first row of ``ref`` and move the cursor to it."""
        path: list[Row] = list(alignment.path_to(self.map, ref) or []) if self.map else []
        if path and self.orphans is not None and path[0] in self.orphans.children:
            path.insert(0, self.orphans)
        return bool(path) and self.rows.reveal(path)

    def _label(self, node: Row) -> Text:
        if isinstance(node, Group):
            return node.label
        team = self.board.teams.get(node.team)
        team_name = printable(team.label if team else node.team)
        own = node.progress
        text = progress_bar(own, BAR)
        text.append("    —  " if own is None else f" {own:>4.0%}  ", style="dim")
        text.append(printable(node.item.label), style="bold" if node.kind == "objective" else "")
        if node.kind == "key_result":
            kr = cast(KeyResult, node.item)
            text.append(f"  {printable(value_text(kr))}", style="dim")
            kpi = self.board.kpi(kr.kpi) if kr.kpi else None
            if kpi is not None:
                state = kpis.health(kpi)
                text.append(f"  ◎ {printable(kpi.label)}", style="magenta")
                text.append(f" {state.value}", style=HEALTH_STYLE[state])
        rollup = node.rollup
        if rollup is not None:
            text.append(f"  ⇡ {rollup:.0%}", style="cyan")
        text.append(f"  {team_name}", style="dim italic")
        tq = self.board.okrs.get((ids.quarter_of(node.ref), node.team))
        if node.kind == "objective" and tq is not None and tq.closed:
            text.append(f"  closed {tq.closed}", style="dim")
        if node.repeat:
            text.append("  ↻", style="dim")
        return text

    def action_go(self) -> None:
        item = self.selected_item()
        if item is None:
            self.notify("Select an objective or key result first.", timeout=3)
            return
        self.board_app.show_okrs(item[0])

    def action_expand_all(self) -> None:
        self.rows.unfold_all()

    def action_quarter(self, step: int) -> None:
        self.quarter = views.step_quarter(self.board, self.quarter, step) or self.quarter
        self.board_app.load_part(f"{ids.OKR_DIR}/{self.quarter}")
        self.refresh_view()
