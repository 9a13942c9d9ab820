"""The resolver (M): each conflict of a merge, a rebase or the merge driver, and the ways
to settle it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from okrboard.domain.problems import dotted
from okrboard.domain.text import count, printable
from okrboard.files import conflicts, toml
from okrboard.files.conflicts import Conflict
from okrboard.files.store import SaveRefused
from okrboard.git import resolve
from okrboard.git.runner import GitError
from okrboard.tui.protocol import TalksToTheApp

if TYPE_CHECKING:
    from okrboard.files.session import Session


class ResolveScreen(TalksToTheApp, ModalScreen[None]):
    """Each conflict with both sides; o takes ours, t theirs, e a value typed, m merges a
    whole file with okrboard's merge; once all are resolved, f finishes the merge."""

    DEFAULT_CSS = """
    ResolveScreen { align: center middle; }
    ResolveScreen > Vertical {
        width: 110; max-width: 100%; height: 80%; border: thick $error;
        background: $surface; padding: 0 1;
    }
    ResolveScreen #resolve-title { text-style: bold; padding-bottom: 1; }
    ResolveScreen OptionList, ResolveScreen OptionList:focus { height: 1fr; border: none; }
    ResolveScreen #resolve-hint { color: $text-muted; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("o", "take('ours')", "Take ours", id="resolve.ours"),
        Binding("t", "take('theirs')", "Take theirs", id="resolve.theirs"),
        Binding("e", "edit", "Type a value", id="resolve.edit"),
        Binding("m", "merge", "Merge the file with okrboard", id="resolve.merge"),
        Binding("f", "finish", "Finish the merge or rebase", id="resolve.finish"),
        Binding("escape", "close", "Close", id="resolve.close"),
    ]
    HELP_TITLE = "resolve conflicts"

    def __init__(self, session: Session, state: resolve.State) -> None:
        super().__init__()
        self.session = session
        self.state = state
        self.rows: list[tuple[str, Any]] = []

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("", id="resolve-title", markup=False)
            yield OptionList(id="resolve-list")
            yield Label(
                "o ours · t theirs · e type a value · m merge the file · f finish · esc close",
                id="resolve-hint",
            )

    def on_mount(self) -> None:
        self.fill(self.state)

    def conflicts_changed(self, state: resolve.State) -> None:
        """The app worked the state out again: show it, or close when all is resolved."""
        if state:
            self.fill(state)
        else:
            self.dismiss(None)

    def fill(self, state: resolve.State) -> None:
        self.state = state
        here, incoming = state.sides()
        recorded_files = {c.rel for c in state.recorded}
        self.rows = [("field", c) for c in state.recorded]
        self.rows += [("file", rel) for rel in state.files if rel not in recorded_files]
        if state.operation and not state.files:
            self.rows.append(("finish", state.operation))
        options = self.query_one(OptionList)
        options.clear_options()
        for kind, value in self.rows:
            options.add_option(Option(self._line(kind, value, here, incoming)))
        if self.rows:
            options.highlighted = 0
        files = len(state.files)
        title = f"Conflicts in {count(files, 'file')}" if files else "All resolved"
        if state.operation:
            title += f" · {state.operation}: ours = {here}, theirs = {incoming}"
        self.query_one("#resolve-title", Label).update(title if self.rows else "No conflicts.")

    def _line(self, kind: str, value: Any, here: str, incoming: str) -> Text:
        if kind == "field":
            c: Conflict = value
            text = Text(printable(c.named or dotted(c.path)), style="bold")
            text.append(printable(f"  {c.rel}"), style="dim")
            text.append("\n")
            text.append(printable(f"   ours ({here}): {conflicts.show(c.ours)}"))
            text.append(printable(f"   theirs ({incoming}): {conflicts.show(c.theirs)}"))
            text.append(printable(f"   was: {conflicts.show(c.base)}"), style="dim")
            return text
        if kind == "file":
            how = "in conflict in git" if value in self.state.unmerged else "has conflict markers"
            text = Text(printable(value), style="bold")
            text.append(f"\n   the whole file {how}: o / t take a side's file, m merges by item")
            return text
        return Text(f"Every conflict is resolved: f finishes the {value} (commits it).")

    def _current(self) -> tuple[str, Any] | None:
        index = self.query_one(OptionList).highlighted
        return self.rows[index] if index is not None and index < len(self.rows) else None

    # -- actions --------------------------------------------------------------------------------

    def action_take(self, side: str) -> None:
        row = self._current()
        if row is None:
            return
        kind, value = row
        if kind == "field":
            self._set(value, getattr(value, side), f"took {side}")
        elif kind == "file" and value in self.state.unmerged:
            self._git(lambda: resolve.take(self.root, value, side), f"{value}: took {side}")
        elif kind == "file":
            self.notify("Not in a git merge: edit the file to remove the markers.")

    def action_edit(self) -> None:
        row = self._current()
        if row is None or row[0] != "field":
            self.notify("Select a conflicting field to type its value.")
            return
        # lazy: a screen or dialog loads when first shown (start-up, docs/performance.md)
        from okrboard.widgets.form import FormField, FormScreen

        conflict: Conflict = row[1]
        shown = "" if conflict.ours is conflicts.MISSING else _literal(conflict.ours)

        def check(values: dict) -> dict[str, str]:
            return {} if _parse(values["value"]) is not None else {"value": "not a TOML value"}

        def done(values: dict | None) -> None:
            parsed = _parse(values["value"]) if values is not None else None
            if parsed is not None:  # the form's check let only a value through
                self._set(conflict, parsed[0], "typed a value")

        field = FormField("value", "Value", shown, placeholder='a number, "text", [list]')
        self.app.push_screen(
            FormScreen(printable(conflict.named or dotted(conflict.path)), [field], check), done
        )

    def action_merge(self) -> None:
        row = self._current()
        if row is None or row[0] != "file" or row[1] not in self.state.unmerged:
            self.notify("Select a file git holds in conflict to merge it by item.")
            return
        rel = row[1]
        self._git(lambda: resolve.merge_again(self.root, rel), f"{rel}: merged by item")

    def action_finish(self) -> None:
        if self.state.files or not self.state.operation:
            self.notify("Resolve every conflict first.")
            return
        operation = self.state.operation
        self._git(lambda: resolve.finish(self.root, operation), f"The {operation} is finished.")

    def action_close(self) -> None:
        self.dismiss(None)

    # -- helpers --------------------------------------------------------------------------------

    @property
    def root(self) -> Path:
        return self.session.board.root

    def _set(self, conflict: Conflict, value: Any, how: str) -> None:
        source = self.session.board.sources.get(conflict.rel)
        if source is None or source.text is None:
            self.notify(f"{conflict.rel} is gone; reload it (ctrl+r)", severity="error")
            return
        try:
            text = resolve.set_value(source.text, conflict, value)
            self.session.replace(conflict.rel, text.encode("utf-8"), f"resolve {conflict.path[-1]}")
        except (ValueError, SaveRefused) as exc:
            self.notify(str(exc), severity="error")
            return
        still = any(c.rel == conflict.rel for c in conflicts.recorded(self.session.board))
        if conflict.rel in self.state.unmerged and not still:
            self._git(lambda: resolve.mark_resolved(self.root, conflict.rel), "")
        else:
            self.board_app.conflicts_changed()
        self.notify(printable(f"{conflict.named or dotted(conflict.path)}: {how}"), timeout=3)

    def _git(self, step: Callable[[], object], message: str) -> None:
        try:
            result = step()
        except (GitError, OSError, UnicodeDecodeError) as exc:
            self.notify(str(exc), severity="error", timeout=8)
            return
        if message:
            extra = (
                f" ({len(result)} field conflicts left)"
                if isinstance(result, list) and result
                else ""
            )
            self.notify(message + extra, timeout=4)
        self.board_app.reload_from_disk()


def _literal(value: Any) -> str:
    # lazy: tomlkit loads on the first write, never at start-up
    import tomlkit

    return tomlkit.item(value).as_string() if not isinstance(value, dict) else ""


def _parse(text: str) -> tuple[Any] | None:
    """A typed value as TOML reads it (``45``, ``"text"``, ``[..]``); bare words are text."""
    try:
        return (toml.loads(f"v = {text}")["v"],)
    except toml.TomlError:
        return (text,) if text.strip() and "\n" not in text else None
