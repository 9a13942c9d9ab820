"""The problems panel: every problem of the board, and a jump to the item it is about."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from okrboard.problems import Problem
from okrboard.text import printable


def item_ref(problem: Problem) -> str | None:
    """The OKR item a problem is about (``QUARTER/TEAM/OBJECTIVE[/KR]``), if any."""
    parts = problem.file.removesuffix(".toml").split("/")
    if len(parts) != 3 or parts[0] != "okrs":
        return None
    keys = problem.key.split(".")
    ref = f"{parts[1]}/{parts[2]}"
    if len(keys) >= 2 and keys[0] == "objectives":
        ref += f"/{keys[1]}"
        if len(keys) >= 4 and keys[2] == "key_results":
            ref += f"/{keys[3].split('[')[0]}"
    return ref


class ProblemsPanel(Vertical):
    """Lists problems as ``file:line: key: message``; Enter jumps to the item."""

    DEFAULT_CSS = """
    ProblemsPanel { height: 11; display: none; border-top: solid $warning; }
    ProblemsPanel.-visible { display: block; }
    ProblemsPanel > Label { padding: 0 1; color: $text-warning; }
    ProblemsPanel > OptionList { height: 1fr; border: none; }
    """

    class Jump(Message):
        def __init__(self, problem: Problem, ref: str | None):
            super().__init__()
            self.problem = problem
            self.ref = ref

    def __init__(self, problems: list[Problem], **kwargs):
        super().__init__(**kwargs)
        self.problems = list(problems)

    def compose(self) -> ComposeResult:
        yield Label("", id="problems-title")
        yield OptionList(id="problems-list")

    def on_mount(self) -> None:
        self._fill()

    def show(self, problems: list[Problem]) -> None:
        if problems != self.problems:
            self.problems = list(problems)
            self._fill()

    def _fill(self) -> None:
        problems = self.problems
        count = len(problems)
        title = (
            f"{count} problem{'s' * (count != 1)} (Enter jumps to the item, Esc closes)"
            if count
            else "No problems: every file of the board is valid."
        )
        self.query_one("#problems-title", Label).update(title)
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options(
            Option(Text(printable(str(p)), style="" if p.severity == "error" else "yellow"))
            for p in problems
        )

    def focus_list(self) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is None and options.option_count:
            options.highlighted = 0
        options.focus()

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        problem = self.problems[event.option_index]
        self.post_message(self.Jump(problem, item_ref(problem)))
