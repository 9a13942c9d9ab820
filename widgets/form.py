"""A modal form: labelled fields, errors shown under each as you type, Enter to save.

The caller supplies ``validate(values) -> {field: message}``; the form knows no rules of
its own, so it checks exactly what the caller's domain checks.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static, TextArea

from .dialogs import ConfirmScreen


@dataclass(frozen=True)
class FormField:
    name: str
    label: str
    value: str = ""
    choices: tuple[str, ...] = ()  # shown as a drop-down; blank allowed unless required
    required: bool = False
    placeholder: str = ""
    # shown only while this holds for the values typed (a question some edits raise)
    shown_if: Callable[[dict[str, str]], bool] | None = None
    # made from the other values (an id from the title) until the user types their own
    follows: Callable[[dict[str, str]], str] | None = None
    # what the field can be picked from (ctrl+o), given its text: the choices
    # ``(label, value)`` and the values the text names; ``many``: a list of them
    choices_from: Callable[[str], tuple[list[tuple[str, str]], list[str]]] | None = None
    many: bool = False
    # text of several lines (a note, a retro): enter starts a new line, ctrl+s saves
    multiline: bool = False


Values = dict[str, str]


# What a form dismisses with when its user skips it (one step of a walk through forms).
SKIPPED: Values = {}


class FormScreen(ModalScreen[Values | None]):
    """Edit ``fields``; dismisses with the values as text, None when cancelled, or
    ``SKIPPED`` (ctrl+n, offered with ``skip``) when this one is passed over."""

    DEFAULT_CSS = """
    FormScreen { align: center middle; }
    FormScreen > #dialog {
        width: 84; max-width: 100%; height: auto; max-height: 100%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    FormScreen #title { text-style: bold; padding: 0 0 1 0; width: 1fr; }
    FormScreen #fields { height: auto; }
    FormScreen .row { height: 1; margin-bottom: 1; }
    FormScreen .row.-multiline { height: 3; }
    FormScreen .row TextArea { width: 1fr; height: 3; background: $boost; }
    FormScreen .row TextArea:focus { background: $primary 25%; }
    FormScreen.-dense .row { margin-bottom: 0; }
    FormScreen .label { width: 18; color: $text-muted; }
    FormScreen .label.required { color: $text; }
    FormScreen .row Input, FormScreen .row Select { width: 1fr; }
    FormScreen .row Input { background: $boost; }
    FormScreen .row Input:focus { background: $primary 25%; }
    FormScreen .error { color: $text-error; padding: 0 0 0 18; height: auto; }
    FormScreen .error.-empty { display: none; }
    FormScreen #footer { height: 1; dock: bottom; margin-top: 1; }
    FormScreen #hint { width: 1fr; color: $text-muted; }
    FormScreen Button { margin-left: 1; min-width: 8; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="form.cancel"),
        Binding("ctrl+s", "save", "Save", id="form.save"),
        Binding("ctrl+o", "pick", "Pick from a list", id="form.pick"),
        Binding("ctrl+n", "skip", "Skip", id="form.skip"),
        Binding("ctrl+e", "editor", "Edit in $EDITOR", id="form.editor", priority=True),
    ]

    def __init__(
        self,
        title: str,
        fields: Sequence[FormField],
        validate: Callable[[Values], dict[str, str]],
        *,
        focus: str | None = None,
        skip: bool = False,
        cancel: str = "cancel",
        editor: Callable[[str, Callable[[str], None]], object] | None = None,
    ) -> None:
        super().__init__()
        self.skip = skip
        # opens a text in the user's editor, then calls back with it (ctrl+e in a text)
        self.editor = editor
        self.cancel_word = cancel  # what esc does, said in the hint: "cancel", "leave"
        self.form_title = title
        self.fields = list(fields)
        self.validate = validate
        self.first = focus or (self.fields[0].name if self.fields else None)
        self.touched: set[str] = set()
        # the values each ``follows`` field was set to (its Changed events come later)
        self.made: dict[str, set[str]] = {}

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(self.form_title, id="title", markup=False)
            with VerticalScroll(id="fields"):
                for field in self.fields:
                    label = field.label + (" *" if field.required else "")
                    classes = "label required" if field.required else "label"
                    row = "row -multiline" if field.multiline else "row"
                    with Horizontal(classes=row, id=f"row-{field.name}"):
                        yield Label(label, classes=classes, markup=False)
                        yield self._input(field)
                    yield Static("", id=f"error-{field.name}", classes="error -empty", markup=False)
            with Horizontal(id="footer"):
                yield Label(self._hint(), id="hint")
                yield Button("Save", variant="primary", id="save", compact=True)
                yield Button("Cancel", id="cancel", compact=True)

    def _hint(self, in_text: bool = False) -> str:
        """The keys, as the focused field takes them: in a text of several lines enter
        starts a new line."""
        skip = " · ctrl+n skip" if self.skip else ""
        if in_text:
            editor = " · ctrl+e editor" if self.editor else ""
            return f"enter new line{editor} · ctrl+s save · esc {self.cancel_word}"
        return f"enter save · esc {self.cancel_word}{skip} · tab next field"

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        self.query_one("#hint", Label).update(self._hint(isinstance(event.widget, TextArea)))

    def _input(self, field: FormField) -> Input | Select[str] | TextArea:
        if field.multiline:
            return TextArea(
                field.value,
                id=f"field-{field.name}",
                compact=True,
                placeholder=field.placeholder,
                highlight_cursor_line=False,
            )
        if field.choices:
            options = [(choice, choice) for choice in field.choices]
            value = field.value if field.value in field.choices else Select.NULL
            return Select(
                options,
                value=value,
                allow_blank=not field.required,
                prompt=field.placeholder or "(none)",
                id=f"field-{field.name}",
                compact=True,
            )
        # No select-all on focus: one stray key would replace the whole value.
        return Input(
            field.value,
            placeholder=field.placeholder,
            id=f"field-{field.name}",
            compact=True,
            select_on_focus=False,
        )

    def on_mount(self) -> None:
        # Many fields: no blank line between them, so a short terminal still shows them.
        self.set_class(len(self.fields) > 6, "-dense")
        self._reveal()
        if self.first:
            self.query_one(f"#field-{self.first}").focus()

    def _follow(self) -> None:
        """Fill the fields made from others (an id from the title) that the user has not
        typed in."""
        values = self.values()
        for field in self.fields:
            if field.follows is not None and (field.name in self.made or not values[field.name]):
                made = field.follows(values)
                if made != values[field.name]:
                    self.made.setdefault(field.name, {""}).add(made)
                    self.query_one(f"#field-{field.name}", Input).value = made

    def _reveal(self) -> None:
        """Show the fields whose question the values typed raise; hide the others."""
        values = self.values()
        for field in self.fields:
            if field.shown_if is not None:
                self.query_one(f"#row-{field.name}").display = field.shown_if(values)

    def values(self) -> Values:
        out: Values = {}
        for field in self.fields:
            widget = self.query_one(f"#field-{field.name}")
            assert isinstance(widget, Input | Select | TextArea)  # what _input makes
            value = widget.text if isinstance(widget, TextArea) else widget.value
            out[field.name] = "" if value is Select.NULL or value is None else str(value)
        return out

    def _show(self, errors: dict[str, str], names: Iterable[str]) -> None:
        for name in names:
            message = errors.get(name, "")
            error = self.query_one(f"#error-{name}", Static)
            error.update(message)
            error.set_class(not message, "-empty")
            self.query_one(f"#row-{name}").set_class(bool(message), "-error")

    @on(Input.Changed)
    @on(Select.Changed)
    @on(TextArea.Changed)
    def _changed(self, event: Input.Changed | Select.Changed | TextArea.Changed) -> None:
        name = (event.control.id or "").removeprefix("field-")
        if name in self.made and self.values().get(name) not in self.made[name]:
            del self.made[name]  # typed by the user: it follows nothing any more
        self.touched.add(name)
        self._follow()
        self._reveal()
        self._show(self.validate(self.values()), self.touched)

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        errors = self.validate(self.values())
        self._show(errors, [f.name for f in self.fields])
        if errors:
            first = next(f.name for f in self.fields if f.name in errors)
            self.query_one(f"#field-{first}").focus()
            return
        self.dismiss(self.values())

    def action_pick(self) -> None:
        """For a field that names other items: pick them from a searchable list, which
        writes their references into the field."""
        # lazy: a dialog loads when first shown
        from .choose import ChooseScreen
        from .picker import PickerScreen

        name = (self.focused.id or "").removeprefix("field-") if self.focused else ""
        field = next((f for f in self.fields if f.name == name), None)
        if field is None or field.choices_from is None:
            self.notify("This field has no list to pick from.", timeout=3)
            return
        widget = self.query_one(f"#field-{name}", Input)
        choices, current = field.choices_from(widget.value)
        title = f"{field.label}: type to narrow the list"

        def picked(values: object) -> None:
            if isinstance(values, list):
                widget.value = ", ".join(values)
            elif isinstance(values, str):
                widget.value = values
            widget.focus()

        if field.many:
            self.app.push_screen(PickerScreen(title, choices, current), picked)
        else:
            self.app.push_screen(ChooseScreen(title, choices), picked)

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action == "skip":
            return self.skip
        if action == "editor":
            return self.editor is not None and isinstance(self.focused, TextArea)
        return True

    def action_editor(self) -> None:
        """The focused text in the user's own editor; what they leave there replaces it."""
        area = self.focused
        if self.editor is None or not isinstance(area, TextArea):
            return

        def edited(text: str) -> None:
            area.text = text.rstrip("\n")

        self.editor(area.text, edited)

    def action_skip(self) -> None:
        self.dismiss(SKIPPED)

    @property
    def unsaved(self) -> bool:
        """Whether something was typed that closing would lose."""
        return any(self.values()[f.name] != f.value for f in self.fields if f.follows is None)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close; when something was typed, only once the user agrees to lose it."""
        if not self.unsaved:
            self.dismiss(None)
            return

        def answered(answer: str | None) -> None:
            if answer == "y":
                self.dismiss(None)

        self.app.push_screen(ConfirmScreen("Discard your changes?", yes="Discard"), answered)
