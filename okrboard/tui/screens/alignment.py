"""The alignment map: company objectives, the team objectives and KRs that serve them, with
roll-up progress, and the objectives aligned to nothing flagged."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar, cast

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Header, Static, Tree
from textual.widgets.tree import TreeNode

from okrboard.domain import alignment, ids, kpis
from okrboard.domain.alignment import Node
from okrboard.domain.model import KeyResult
from okrboard.domain.text import printable
from okrboard.domain.valuetext import value_text
from okrboard.files.session import Session
from okrboard.reports import views
from okrboard.tui.screens.base import BoardScreen
from okrboard.tui.screens.style import HEALTH_STYLE
from okrboard.widgets.footer import Footer
from okrboard.widgets.lists import TreeJK
from okrboard.widgets.progress import progress_bar

LEGEND = (
    "bar: own progress · ⇡ roll-up of what aligns to it · ◎ the KPI a KR moves · "
    "⚠ aligned to nothing · ↻ shown above"
)

BAR = 10
UNFOLDED_MAP = 300  # rows: a larger map opens with only its top objectives unfolded (those
# with at most as many rows directly under them)


class AlignmentScreen(BoardScreen):
    """A quarter's alignment as a tree; Enter shows the item in the OKR view."""

    HELP_TITLE = "Alignment map"
    AUTO_FOCUS = "#alignment-tree"

    DEFAULT_CSS = """
    AlignmentScreen #alignment-legend { height: 1; padding: 0 1; color: $text-muted; }
    AlignmentScreen Tree { height: 1fr; padding: 0 1; }
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

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(LEGEND, id="alignment-legend", markup=False)
        yield TreeJK("", id="alignment-tree")
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_view()

    def team_choices(self) -> list[str]:
        return []

    def focus_list(self) -> None:
        self.query_one(Tree).focus()

    def use_session(self, session: Session) -> None:
        quarters = views.quarters(session.board)
        if self.quarter not in quarters:
            self.quarter = session.board.current_quarter or (quarters[-1] if quarters else "")
        super().use_session(session)

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        # Alignment crosses teams, and nothing is edited here: no team, search or undo.
        return action not in {"team", "search", "undo", "redo"}

    def selected_item(self) -> tuple[str, str] | None:
        node = self.query_one(Tree).cursor_node
        if node is None or not isinstance(node.data, Node):
            return None
        return node.data.ref, node.data.item.label

    def refresh_view(self, select: str | None = None) -> None:
        if self.quarter:  # an older quarter is read again when shown (the app lets it go)
            self.board_app.hold(self.quarter)
        left_out = views.left_out(self.board)
        self.query_one("#alignment-legend", Static).update(
            LEGEND + (f"\n{printable(left_out)}" if left_out else "")
        )
        tree = self.query_one(Tree)
        keep = select or (self.selected_item() or (None,))[0]
        self.map = alignment.build(self.board, self.quarter) if self.quarter else None
        tree.clear()
        tree.root.label = Text(f"{self.quarter or 'no quarter'}: alignment", style="bold")
        tree.show_root = False
        if self.map is None or not (self.map.roots or self.map.orphans):
            tree.root.add_leaf(Text(f"No OKRs for {self.quarter} yet.", style="dim"))
        else:
            # A small map opens with every objective unfolded; a large one (an organisation's
            # hundreds of objectives) with the top ones only: rows are made when unfolded.
            self.unfold = alignment.size(self.map) <= UNFOLDED_MAP
            for node in self.map.roots:
                self._add(tree.root, node, top=True)
            if self.map.orphans:
                count = len(self.map.orphans)
                group = tree.root.add(
                    Text.assemble(
                        ("⚠ ", "yellow"),
                        (f"Aligned to nothing ({count})", "bold yellow"),
                        ("  team objectives that serve no company objective", "dim"),
                    ),
                    expand=True,
                )
                for node in self.map.orphans:
                    self._add(group, node, top=True)
        if keep and (found := self._reveal(keep)) is not None:
            tree.move_cursor(found)
        self.set_titles([self.quarter or "no quarter", "alignment map"])

    def _add(self, parent: TreeNode, node: Node, top: bool = False) -> TreeNode:
        """Add ``node`` under ``parent``; its children are added when it is unfolded."""
        label = self._label(node)
        if not node.children:
            return parent.add_leaf(label, data=node)
        added = parent.add(label, data=node)
        small = top and len(node.children) <= UNFOLDED_MAP  # (500 teams: 500 rows under one)
        if node.kind == "objective" and not node.repeat and (small or self.unfold):
            self._fill(added)
            added.expand()
        return added

    def _fill(self, tree_node: TreeNode) -> None:
        """Add the rows under ``tree_node`` once (before it is first unfolded)."""
        node = tree_node.data
        if isinstance(node, Node) and node.children and not tree_node.children:
            for child in node.children:
                self._add(tree_node, child)

    def on_tree_node_expanded(self, event: Tree.NodeExpanded) -> None:
        self._fill(event.node)

    def _reveal(self, ref: str) -> TreeNode | None:
        """The row of ``ref``, its folds filled (the first place it is shown)."""
        path = alignment.path_to(self.map, ref) if self.map else None
        if not path:
            return None
        rows: TreeNode = self.query_one(Tree).root
        for step in path:
            for group in (rows, *rows.children):  # the orphans sit in a group row
                row = next((r for r in group.children if r.data is step), None)
                if row is not None:
                    break
            else:
                return None
            if step is not path[-1]:
                self._fill(row)
                row.expand()
            rows = row
        return rows

    def _label(self, node: Node) -> Text:
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
        def fill(row: TreeNode) -> None:
            self._fill(row)
            for child in row.children:
                fill(child)

        root = self.query_one(Tree).root
        fill(root)
        root.expand_all()

    def action_quarter(self, step: int) -> None:
        self.quarter = views.step_quarter(self.board, self.quarter, step) or self.quarter
        self.board_app.load_part(f"{ids.OKR_DIR}/{self.quarter}")
        self.refresh_view()
