"""Bottom panels that list what is wrong with the board, each line a jump to its item:
the problems (``p``: the files break the format) and the coach (``C``: the OKRs could be
better)."""

from __future__ import annotations

from typing import Any

from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from okrboard.domain import ids
from okrboard.domain.coach import Finding
from okrboard.domain.problems import Problem
from okrboard.domain.text import count, printable
from okrboard.widgets.lists import OptionListJK

SEVERITY_STYLE = {"error": "", "warning": "yellow", "info": "dim"}


def item_ref(problem: Problem) -> str | None:
    """The item a problem is about: ``QUARTER/TEAM[/OBJECTIVE[/KR]]``, a card
    ``roadmap/TEAM[/THEME]`` or a tree node ``tree/TREE[/NODE]``; None for board.toml."""
    keys = problem.key.split(".")
    folder, _, name = problem.file.partition("/")
    if folder in (ids.ROADMAP_DIR, ids.TREE_DIR) and name.endswith(".toml"):
        head = ("roadmap" if folder == ids.ROADMAP_DIR else "tree") + "/" + name[:-5]
        table = "themes" if folder == ids.ROADMAP_DIR else "nodes"
        return f"{head}/{keys[1]}" if len(keys) >= 2 and keys[0] == table else head
    key = ids.okr_file_key(problem.file)
    if key is None:
        return None
    ref = "/".join(key)
    if len(keys) >= 2 and keys[0] == "objectives":
        ref += f"/{keys[1]}"
        if len(keys) >= 4 and keys[2] == "key_results":
            ref += f"/{keys[3].split('[')[0]}"
    return ref


class ListPanel(Vertical):
    """A titled list of entries; Enter posts ``Jump`` with the entry and its item."""

    DEFAULT_CSS = """
    ListPanel { height: 11; display: none; border-top: solid $warning; }
    ListPanel.-visible { display: block; }
    ListPanel > Label { padding: 0 1; color: $text-warning; }
    ListPanel > OptionList { height: 1fr; border: none; }
    """

    class Jump(Message):
        def __init__(self, entry: Any, ref: str | None) -> None:
            super().__init__()
            self.entry = entry
            self.ref = ref

    def __init__(self, entries: list, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.entries = list(entries)

    def compose(self) -> ComposeResult:
        yield Label("", classes="panel-title")
        yield OptionListJK()

    def on_mount(self) -> None:
        self._fill()

    def show(self, entries: list) -> None:
        if entries != self.entries:
            self.entries = list(entries)
            self._fill()

    def title(self) -> str:
        raise NotImplementedError

    def line(self, entry: Any) -> Text | Table:
        raise NotImplementedError

    def ref_of(self, entry: Any) -> str | None:
        raise NotImplementedError

    def _fill(self) -> None:
        self.query_one(".panel-title", Label).update(self.title())
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options(Option(self.line(entry)) for entry in self.entries)

    def focus_list(self) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is None and options.option_count:
            options.highlighted = 0
        options.focus()

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        entry = self.entries[event.option_index]
        self.post_message(self.Jump(entry, self.ref_of(entry)))


class ProblemsPanel(ListPanel):
    """Problems as ``file:line: key: message``."""

    def title(self) -> str:
        if not self.entries:
            return "No problems: every file of the board is valid."
        return f"{count(len(self.entries), 'problem')} (Enter jumps to the item, Esc closes)"

    def line(self, problem: Problem) -> Text:
        return Text(printable(str(problem)), style=SEVERITY_STYLE[problem.severity])

    def ref_of(self, problem: Problem) -> str | None:
        return item_ref(problem)


class CoachPanel(ListPanel):
    """The coach's findings for the quarter shown: rule, item and advice."""

    DEFAULT_CSS = "CoachPanel { border-top: solid $accent; }"

    def title(self) -> str:
        if not self.entries:
            return "Coach: nothing to improve in this quarter's OKRs."
        return (
            f"Coach: {count(len(self.entries), 'finding')} (Enter jumps to the item, "
            "Esc closes; rules in docs/coach.md)"
        )

    def line(self, finding: Finding) -> Table:
        grid = Table.grid(padding=(0, 1))
        grid.add_column(width=7, no_wrap=True)
        grid.add_column(width=19, no_wrap=True)
        grid.add_column(ratio=1)
        style = SEVERITY_STYLE[finding.severity] or "red"
        about = Text.assemble((printable(finding.ref), "dim"), "\n", printable(finding.message))
        grid.add_row(Text(finding.rule, style="bold"), Text(finding.name, style=style), about)
        return grid

    def ref_of(self, finding: Finding) -> str | None:
        return finding.ref
