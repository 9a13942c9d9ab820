"""The discovery view: an opportunity solution tree, from its key result down to tests.

Reparenting changes one line (``parent``); a test's success criteria are fixed once a
result is recorded (pre-registration), unless explicitly overridden.
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import Header, Static

from okrboard.domain import edits, ids, ost, schema, scoring
from okrboard.domain.model import Board, OpportunityTree, Part, TreeNode
from okrboard.domain.text import printable
from okrboard.domain.valuetext import number
from okrboard.files.session import Session
from okrboard.tui.screens.base import BoardScreen, EditingList
from okrboard.tui.screens.style import STATUS_STYLE
from okrboard.widgets.footer import Footer
from okrboard.widgets.panes import LinePane
from okrboard.widgets.progress import progress_bar
from okrboard.widgets.rowlist import GAP, Column, RowList

COMMON = ("title",)
TYPE_FIELDS = {
    "opportunity": ("segment", "reach", "frequency", "severity", "evidence", "target"),
    "solution": ("status", "effort"),
    "assumption": ("category", "importance", "evidence"),
    "test": ("hypothesis", "method", "success_criteria", "due", "result", "result_date"),
}
RESULT_STYLE = {"supported": "green", "refuted": "red", "inconclusive": "yellow"}


class NodeList(EditingList):
    """The tree's visible nodes, one a row."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "Edit", id="tree.edit"),
        Binding("down,j", "cursor_down", "Down", show=False, id="tree.down"),
        Binding("up,k", "cursor_up", "Up", show=False, id="tree.up"),
    ]


class TreeScreen(BoardScreen):
    """One tree at a time; ``[`` / ``]`` switch trees, ``t`` narrows them to a team."""

    HELP_TITLE = "Discovery (opportunity solution trees)"
    AUTO_FOCUS = "#node-list"
    DETAIL = "#node-detail"
    SEARCH_HINT = "Search nodes (their branch stays visible; Esc clears)"

    DEFAULT_CSS = """
    TreeScreen #tree-head { height: auto; padding: 0 1; background: $boost; }
    TreeScreen #filter { display: none; margin: 0 1; }
    TreeScreen #filter.-visible { display: block; }
    TreeScreen #main { height: 1fr; layout: vertical; }
    TreeScreen #node-list { height: 1fr; padding-left: 1; }
    TreeScreen #node-detail { height: 40%; min-height: 14; border-top: tall $panel; padding: 0 1; }
    TreeScreen.-short #node-detail { height: 8; min-height: 8; }
    """

    WRITES = frozenset(
        {
            "edit",
            "add_child",
            "add_sibling",
            "delete",
            "move",
            "edit_text",
            "override",
            "card",
            "new_tree",
        }
    )

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("right", "expand", "Expand", show=False, id="tree.expand"),
        Binding("left", "collapse", "Collapse", show=False, id="tree.collapse"),
        Binding("space", "toggle", "Fold", id="tree.toggle"),
        Binding("asterisk", "expand_all", "Expand all", show=False, id="tree.expand_all"),
        Binding("f", "focus_branch", "Focus branch", id="tree.focus"),
        Binding("s", "by_size", "Sort by size", show=False, id="tree.by_size"),
        Binding("n", "add_child", "Add child", id="tree.add_child"),
        Binding("N", "add_sibling", "Add sibling", show=False, id="tree.add_sibling"),
        Binding("A", "new_tree", "New tree", show=False, id="tree.new"),
        Binding("d,delete", "delete", "Delete", id="tree.delete"),
        Binding("m", "move", "Move", id="tree.move"),
        Binding("e", "edit_text", "Edit text in $EDITOR", show=False, id="tree.editor"),
        Binding("O", "override", "Override pre-registration", show=False, id="tree.override"),
        Binding("c", "card", "Roadmap card", show=False, id="tree.card"),
        Binding("g", "go_to_kr", "Go to KR", show=False, id="tree.go"),
        Binding("left_square_bracket", "tree(-1)", "Previous tree", show=False, id="tree.prev"),
        Binding("right_square_bracket", "tree(1)", "Next tree", id="tree.next"),
        Binding("escape", "clear", "Clear", show=False, id="tree.clear"),
    ]

    def __init__(self, session: Session, today: dt.date) -> None:
        super().__init__(session, today)
        self.tree_id: str | None = None
        self.collapsed: set[str] = set()
        self.focus_on: str | None = None
        self.by_size = False
        self.lines: list[ost.Line] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="tree-head")
        with Horizontal(id="main"):
            yield NodeList(id="node-list")
        yield LinePane(id="node-detail")
        yield Footer()

    def on_mount(self) -> None:
        self.set_class(self.app.size.height < 32, "-short")
        self.refresh_view()

    # -- which tree -----------------------------------------------------------------------

    def team_choices(self) -> list[str]:
        return sorted({t.team for t in self.board.trees.values() if t.team})

    def _tree_ids(self) -> list[str]:
        return [
            tid
            for tid, tree in sorted(self.board.trees.items())
            if not self.team or tree.team == self.team
        ]

    @property
    def shown_tree(self) -> OpportunityTree | None:
        """The tree on screen (not ``tree``: Textual's DOM nodes have one)."""
        return self.board.trees.get(self.tree_id or "")

    def _shown_id(self) -> str:
        """The shown tree's id: an edit is offered only when a tree is shown."""
        assert self.tree_id is not None
        return self.tree_id

    def show_tree(self, tree_id: str) -> None:
        self.tree_id, self.team, self.focus_on = tree_id, None, None
        self.collapsed.clear()
        if self.is_mounted:
            self.refresh_view()

    def show_node(self, ref: str) -> None:
        """Show the tree of ``ref`` (``tree/TREE`` or ``tree/TREE/NODE``) at that node."""
        _, tree_id, *node = ref.split("/")
        self.tree_id, self.team, self.focus_on, self.text = tree_id, None, None, ""
        self.collapsed.clear()
        select = node[0] if node else None
        if self.is_mounted:
            self.refresh_view(select=select)
        else:
            self.call_after_refresh(self.refresh_view, select)

    def action_tree(self, step: int) -> None:
        choices = self._tree_ids()
        if not choices:
            return
        index = choices.index(self.tree_id) if self.tree_id in choices else -1
        self.show_tree(choices[(index + step) % len(choices)])

    # -- the view --------------------------------------------------------------------------

    @property
    def line(self) -> ost.Line | None:
        cursor = self.query_one(NodeList).cursor
        return self.lines[cursor] if 0 <= cursor < len(self.lines) else None

    def focus_list(self) -> None:
        self.query_one(NodeList).focus()

    def refresh_view(self, select: str | None = None) -> None:
        if self.shown_tree is None or (self.team and self.shown_tree.team != self.team):
            choices = self._tree_ids()
            self.tree_id = choices[0] if choices else None
        tree = self.shown_tree
        keep = select or (self.line.node.id if self.line else None)
        self.lines = ost.flatten(tree, self.collapsed, self.focus_on, self.by_size) if tree else []
        if self.text and tree:
            self.lines = self._matching(tree)
        ids = [line.node.id for line in self.lines]
        self._fill(ids.index(keep) if keep in ids else 0)
        self._head()
        parts = ["discovery", printable(tree.label) if tree else "no tree"]
        if self.focus_on:
            parts.append("one branch")
        if self.text:
            parts.append(f"“{printable(self.text)}”")
        self.set_titles(parts)
        self.show_detail_after_list()

    def _matching(self, tree: OpportunityTree) -> list[ost.Line]:
        """Lines whose node matches the search, with their ancestors for context."""
        needle = self.text.strip().lower()
        keep: set[str] = set()
        for node in tree.nodes.values():
            words = " ".join(
                [node.label, node.type or "", node.status or "", node.result or ""]
            ).lower()
            if needle in words:
                current: TreeNode | None = node
                while current is not None and current.id not in keep:
                    keep.add(current.id)
                    current = tree.nodes.get(current.parent or "")
        return [
            line
            for line in ost.flatten(tree, set(), self.focus_on, self.by_size)
            if line.node.id in keep
        ]

    def _fill(self, cursor: int) -> None:
        nodes = self.query_one(NodeList)
        width = nodes.size.width or self.app.size.width
        columns = [Column("figures", "Key figures", 26), Column("state", "Status", 14)]
        title_width = max(20, width - sum(c.width + GAP for c in columns) - GAP - 2)
        columns.insert(0, Column("node", "Node", title_width))
        tree = self.shown_tree
        riskiest = set()
        if tree:
            for node in tree.nodes.values():
                if node.type == "solution" and (worst := ost.riskiest_untested(tree, node)):
                    riskiest.add(worst.id)
        rows = [self._cells(tree, line, line.node.id in riskiest) for line in self.lines]
        if not rows:
            if tree is None:
                message = "No trees on this board yet: press A to start one."
            elif tree.nodes:
                message = "No nodes match (Esc clears the filter)."
            else:
                message = "This tree is empty: press n to add its first opportunity."
            rows = [[Text(message, style="dim")]]
        nodes.set_rows(columns, rows, cursor)

    def _cells(self, tree: OpportunityTree | None, line: ost.Line, riskiest: bool) -> list[Text]:
        node = line.node
        fold = ("▸ " if line.collapsed else "▾ ") if line.has_children else "  "
        label = Text("  " * line.depth + fold)
        label.append(f"{ost.ICONS.get(node.type or '', '·')} ", style="bold")
        label.append(printable(node.label), style="bold" if node.type == "opportunity" else "")
        if node.type == "opportunity" and node.target:
            label.append("  ◎ target", style="cyan")
        figures = Text(ost.figures(tree, node) if tree else "", style="dim")
        if riskiest:
            figures = Text("riskiest untested", style="bold yellow")
        if ost.overdue(node, self.today):
            return [label, figures, Text(f"overdue {node.due:%b %d}", style="bold red")]
        state = node.result or node.status or ("pending" if node.type == "test" else "")
        return [label, figures, Text(state, style=RESULT_STYLE.get(node.result or "", ""))]

    def _head(self) -> None:
        head = self.query_one("#tree-head", Static)
        tree = self.shown_tree
        if tree is None:
            head.update(Text("No opportunity trees yet: press A to start one.", style="dim"))
            return
        kr = self.board.key_result(tree.outcome or "")
        line = Text.assemble(("Outcome  ", "dim"), printable(tree.outcome or "—"))
        if kr is not None:
            quarter = ids.quarter_of(tree.outcome or "")
            state = scoring.status(kr, quarter, self.today, self.board.settings)
            line = Text.assemble(
                ("Outcome  ", "dim"),
                (printable(kr.label), "bold"),
                "  ",
                progress_bar(scoring.progress(kr), 12, style=STATUS_STYLE[state]),
                f"  {number(kr.value)} / {number(kr.aim)}",
                (f"  {state.value}", STATUS_STYLE[state]),
            )
        line.no_wrap, line.overflow = True, "ellipsis"
        head.update(Group(line, Text(ost.legend(), style="dim", no_wrap=True, overflow="ellipsis")))

    @on(RowList.Highlighted)
    def _highlighted(self) -> None:
        self.follow_cursor()

    @on(RowList.Selected)
    def _selected(self) -> None:
        if self.check_action("edit", ()):  # not on a board shown read-only
            self.action_edit()

    def selected_item(self) -> tuple[str, str] | None:
        line, tree = self.line, self.shown_tree
        return (ost.ref(tree, line.node.id), line.node.label) if line and tree else None

    def show_detail(self) -> None:
        pane = self.query_one("#node-detail", LinePane)
        line, tree = self.line, self.shown_tree
        if line is None or tree is None:
            pane.update(Text(""))
            return
        node = line.node
        table = Table.grid(padding=(0, 1))
        table.add_column(style="dim", no_wrap=True)
        table.add_column(ratio=1)
        table.add_row("Type", node.type or "—")
        table.add_row("Reference", ost.ref(tree, node.id))
        for name in TYPE_FIELDS.get(node.type or "", ()):
            value = getattr(node, name)
            if value is not None:
                if isinstance(value, bool):
                    shown = "yes" if value else "no"
                else:
                    shown = ", ".join(value) if isinstance(value, list) else str(value)
                shown = printable(shown, newlines=True)
                table.add_row(name.replace("_", " ").capitalize(), Text(shown))
        parts: list = [Text(printable(node.label), style="bold"), table]
        if node.type == "solution":
            value = ost.confidence(tree, node)
            parts.append(
                Text(
                    f"\nConfidence {'—' if value is None else f'{value:.0%}'}"
                    " (from its assumptions and their tests)",
                    style="bold",
                )
            )
            worst = ost.riskiest_untested(tree, node)
            if worst:
                parts.append(Text(f"Riskiest untested: {printable(worst.label)}", "yellow"))
        if ost.overdue(node, self.today):
            parts.append(Text(f"\nOverdue: due {node.due}, and no result yet.", "bold red"))
        if ost.locked_criteria(node):
            parts.append(
                Text(
                    "\nSuccess criteria are fixed: a result is recorded (O overrides, on purpose).",
                    style="dim",
                )
            )
        for title, text in (("Description", node.description), ("Learnings", node.learnings)):
            if text:
                parts += [Text(f"\n{title}", style="bold"), Text(printable(text, newlines=True))]
        pane.update(Group(*parts))

    # -- folding -----------------------------------------------------------------------------

    def action_toggle(self) -> None:  # type: ignore[override]  # this view's fold key
        line = self.line
        if line and line.has_children:
            self.collapsed ^= {line.node.id}
            self.refresh_view()

    def action_expand(self) -> None:
        line = self.line
        if line and line.node.id in self.collapsed:
            self.collapsed.discard(line.node.id)
            self.refresh_view()

    def action_collapse(self) -> None:
        line = self.line
        if line is None:
            return
        if line.has_children and not line.collapsed:
            self.collapsed.add(line.node.id)
            self.refresh_view()
        elif line.node.parent:
            self.refresh_view(select=line.node.parent)

    def action_expand_all(self) -> None:
        self.collapsed.clear()
        self.refresh_view()

    def action_focus_branch(self) -> None:
        line = self.line
        self.focus_on = None if self.focus_on else (line.node.id if line else None)
        self.refresh_view()

    def action_by_size(self) -> None:
        self.by_size = not self.by_size
        self.notify("Opportunities by size" if self.by_size else "Opportunities by rank")
        self.refresh_view()

    def action_clear(self) -> None:
        self.focus_on = None
        self.clear_search()
        self.refresh_view()
        self.focus_list()

    # -- editing ------------------------------------------------------------------------------

    def _ref(self, node_id: str) -> str:
        return ids.node_ref(self._shown_id(), node_id)

    def _fields(self, node_type: str, locked: bool) -> tuple[str, ...]:
        names = COMMON + TYPE_FIELDS.get(node_type, ())
        return tuple(n for n in names if not (locked and n == "success_criteria"))

    def action_edit(self) -> None:
        # lazy: loads on first use, not at start-up (docs/performance.md)
        from okrboard.flows import forms

        line = self.line
        if line is None:
            return
        node = line.node
        table = schema.node_fields(node.type or "")
        names = self._fields(node.type or "", ost.locked_criteria(node))
        node_id = node.id

        ref = self._ref(node_id)

        def done(parsed: dict) -> None:
            change = lambda board: edits.set_fields(board, ref, parsed)  # noqa: E731
            self.apply(change, f"node {node_id}", select=lambda: node_id)

        check = forms.check_node(node.type or "", table, names)
        values = forms.initial(node, table, names)
        tree_id = self._shown_id()
        now = forms.reader(lambda: self._node(tree_id, node_id), table, names)
        title = f"Edit {node.type}: {printable(node.label)}"
        self.form(title, table, names, values, check, done, now=now)

    def _node(self, tree_id: str, node_id: str) -> TreeNode | None:
        tree = self.board.trees.get(tree_id)
        return None if tree is None else tree.nodes.get(node_id)

    def action_override(self) -> None:
        """Edit a test's success criteria after its result, on purpose (asks first)."""
        # lazy: a screen or dialog loads when first shown (start-up, docs/performance.md)
        from okrboard.widgets.dialogs import ConfirmScreen

        line = self.line
        if line is None or not ost.locked_criteria(line.node):
            self.notify("Only a test with a result has fixed success criteria.")
            return
        node_id, tree_id = line.node.id, self._shown_id()
        table, names = schema.node_fields("test"), ("success_criteria",)

        def confirmed(answer: str | None) -> None:
            if answer != "y":
                return
            # lazy: loads on first use, not at start-up (docs/performance.md)
            from okrboard.flows import forms

            ref = self._ref(node_id)

            def done(parsed: dict) -> None:
                values = {"success_criteria": parsed.get("success_criteria")}
                change = lambda board: edits.set_fields(board, ref, values)  # noqa: E731
                label = f"override success criteria of {node_id}"
                self.apply(change, label, select=lambda: node_id)

            values = forms.initial(line.node, table, names)
            check = forms.checker(table, names)
            now = forms.reader(lambda: self._node(tree_id, node_id), table, names)
            title = "Success criteria (after the result)"
            self.form(title, table, names, values, check, done, now=now)

        question = (
            "This test already has a result. Changing its success criteria now undoes "
            "pre-registration: the criteria should be written before the result. Change them?"
        )
        self.app.push_screen(ConfirmScreen(question, yes="Change"), confirmed)

    def _new(self, node_type: str, parent: TreeNode | None) -> None:
        """The form for a new node of ``node_type`` under ``parent`` (None: the top)."""
        # lazy: loads on first use, not at start-up (docs/performance.md)
        from okrboard.flows import forms

        table = schema.node_fields(node_type)
        names = self._fields(node_type, False)
        parent_id = parent.id if parent else None
        tree_id = self._shown_id()
        new_id = [""]

        def done(parsed: dict) -> None:
            def change(board: Board) -> Part:
                part, ref = edits.new_node(board, tree_id, node_type, parent_id, parsed)
                new_id[0] = ids.parse_ref(ref).id
                return part

            self.apply(change, f"new {node_type}", select=lambda: new_id[0])

        check = forms.check_node(node_type, table, names)
        where = f" under “{printable(parent.label)}”" if parent else ""
        nodes = self.board.trees[tree_id].nodes
        self.form(f"New {node_type}{where}", table, names, {}, check, done, new_among=nodes)

    def action_new_tree(self) -> None:
        # lazy: a screen or dialog loads when first shown (start-up, docs/performance.md)
        from okrboard.tui.screens.setup import new_tree

        new_tree(self)

    def action_add_child(self) -> None:
        """Under an opportunity a solution; under the others the next level down.
        (A sub-opportunity: add a sibling to one, or move an opportunity with m.)"""
        if self.shown_tree is None:
            self.notify("Start a tree first: press A.", severity="warning")
            return
        parent = self.line.node if self.line else None
        types = ost.child_types(parent)
        if not types:
            assert parent is not None  # the top of a tree always takes opportunities
            self.notify(f"Nothing goes under a {parent.type}.", severity="warning")
            return
        opportunity = parent is not None and parent.type == "opportunity"
        self._new("solution" if opportunity else types[0], parent)

    def action_add_sibling(self) -> None:
        line, tree = self.line, self.shown_tree
        if line is None or tree is None:
            return self.action_add_child()
        self._new(line.node.type or "opportunity", tree.nodes.get(line.node.parent or ""))

    def action_delete(self) -> None:
        # lazy: a screen or dialog loads when first shown (start-up, docs/performance.md)
        from okrboard.widgets.dialogs import ConfirmScreen

        line, tree = self.line, self.shown_tree
        if line is None or tree is None:
            return
        node_id = line.node.id
        count = len(ost.subtree(tree, node_id))
        below = f" and the {count - 1} nodes under it" if count > 1 else ""

        ref = self._ref(node_id)

        def done(answer: str | None) -> None:
            if answer == "y":
                change = lambda board: edits.delete(board, ref)  # noqa: E731
                self.apply(change, f"delete {node_id} ({count} nodes)")

        question = f"Delete the {line.node.type} “{printable(line.node.label)}”{below}?"
        self.app.push_screen(ConfirmScreen(question, yes=f"Delete {count}"), done)

    def action_move(self) -> None:
        # lazy: a screen or dialog loads when first shown (start-up, docs/performance.md)
        from okrboard.widgets.choose import ChooseScreen

        line, tree = self.line, self.shown_tree
        if line is None or tree is None:
            return
        node_id = line.node.id
        choices = [
            (
                "(the top of the tree)"
                if p is None
                else f"{ost.ICONS.get(p.type or '', '')} {printable(p.label)}",
                None if p is None else p.id,
            )
            for p in ost.allowed_parents(tree, line.node)
            if (p.id if p else None) != line.node.parent
        ]

        ref = self._ref(node_id)

        def done(parent: str | None) -> None:
            if parent is ChooseScreen.NOTHING:
                return
            change = lambda board: edits.move_node(board, ref, parent)  # noqa: E731
            self.apply(change, f"move {node_id}", select=lambda: node_id)

        title = f"Move “{printable(line.node.label)}” under…"
        self.app.push_screen(ChooseScreen(title, choices), done)

    def action_edit_text(self) -> None:
        line = self.line
        if line is None:
            return
        node_id = line.node.id
        field = "learnings" if line.node.type == "test" else "description"

        ref = self._ref(node_id)

        def save(text: str) -> None:
            values = {field: text.strip() or None}
            change = lambda board: edits.set_fields(board, ref, values)  # noqa: E731
            self.apply(change, f"{field} of {node_id}", select=lambda: node_id)

        self.edit_text(getattr(line.node, field) or "", save)

    def action_card(self) -> None:
        """Create a Now-next roadmap card for a solution, linked back to it and to the KR."""
        line, tree = self.line, self.shown_tree
        if line is None or tree is None or line.node.type != "solution":
            self.notify("Select a solution to make a roadmap card of it.", severity="warning")
            return
        team = tree.team or next(iter(self.board.teams), None)
        if team is None:
            return
        solution = ost.ref(tree, line.node.id)
        change = lambda board: edits.card_for_solution(board, team, solution)[0]  # noqa: E731
        self.apply(change, f"card for {solution}")
        self.notify(f"Added to the {team} roadmap, in Next (press 2 to see it).", timeout=4)

    def action_go_to_kr(self) -> None:
        tree = self.shown_tree
        if tree and tree.outcome and self.board.key_result(tree.outcome):
            self.board_app.show_okrs(tree.outcome)
