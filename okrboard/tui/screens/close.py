"""Closing a team's quarter, guided: grade each KR, decide each objective, write the retro,
and compare each initiative's expected impact with the actual one.

The screen only gathers the answers (a ``lifecycle.Close``); the OKR view saves them and
tags the commit.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar, cast

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, Label, Select, Static, TextArea

from okrboard.domain import fieldtext, ids, lifecycle, roadmap, schema, scoring, valuetext
from okrboard.domain.model import Board
from okrboard.domain.text import printable
from okrboard.domain.valuetext import value_text

DECISIONS = [
    ("keep: carry it into the next quarter", "keep"),
    ("modify: carry it on, changed", "modify"),
    ("abandon: stop pursuing it", "abandon"),
]


# What the close accepts is what the board accepts: the schema's rules, through fieldtext.
GRADE = next(f for f in schema.KEY_RESULT if f.name == "grade")
IMPACT = schema.Field("actual_impact", schema.NUMBER)  # one value of the card's table


class CloseQuarterScreen(ModalScreen[lifecycle.Close | None]):
    """The answers of a quarter's close; dismisses with a ``Close``, or None on Esc."""

    DEFAULT_CSS = """
    CloseQuarterScreen { align: center middle; }
    CloseQuarterScreen > Vertical {
        width: 120; max-width: 100%; height: 100%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    CloseQuarterScreen #close-title { text-style: bold; }
    CloseQuarterScreen #close-intro { color: $text-muted; width: 1fr; margin-bottom: 1; }
    CloseQuarterScreen VerticalScroll { height: 1fr; }
    CloseQuarterScreen .section { text-style: bold; margin-top: 1; color: $accent; }
    CloseQuarterScreen .objective { text-style: bold; margin-top: 1; }
    CloseQuarterScreen .row { height: 1; }
    CloseQuarterScreen .row > .label { width: 1fr; padding: 0 2 0 2; }
    CloseQuarterScreen .row > .value { width: 22; color: $text-muted; }
    CloseQuarterScreen .row > Input { width: 12; background: $boost; border: none; height: 1; }
    CloseQuarterScreen .row > Input:focus { background: $primary 25%; }
    CloseQuarterScreen .row > Input.-invalid { background: $error 30%; }
    CloseQuarterScreen .head { color: $text-muted; text-style: italic; }
    CloseQuarterScreen .decision { height: 3; padding-left: 2; }
    CloseQuarterScreen .decision > Label { width: 12; padding-top: 1; color: $text-muted; }
    CloseQuarterScreen .decision > Select { width: 1fr; }
    CloseQuarterScreen .retro { margin-left: 2; height: 1; background: $boost; border: none; }
    CloseQuarterScreen .retro:focus { background: $primary 25%; }
    CloseQuarterScreen #learnings { height: 6; }
    CloseQuarterScreen .band { border: none; padding: 0 2; background: $surface; }
    CloseQuarterScreen #close-error { color: $text-error; width: 1fr; height: auto; }
    CloseQuarterScreen #close-hint { color: $text-muted; width: 1fr; height: auto; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Close the quarter", id="close.save", priority=True),
        Binding("escape", "cancel", "Cancel", id="close.cancel"),
    ]

    def __init__(self, board: Board, quarter: str, team: str, today: dt.date) -> None:
        super().__init__()
        self.board, self.quarter, self.team, self.today = board, quarter, team, today
        self.defaults = lifecycle.close_defaults(board, quarter, team)
        self.initiatives = lifecycle.initiatives(board, quarter, team)
        self.offers = lifecycle.band_offers(board, quarter, team)
        # Widget ids are positions; these map them back to references.
        self.kr_refs = list(self.defaults.grades)
        self.objective_refs = list(self.defaults.decisions)

    def compose(self) -> ComposeResult:
        team = self.board.teams.get(self.team)
        name = printable(team.label if team else self.team)
        with Vertical():
            yield Label(f"Close {self.quarter} · {name}", id="close-title", markup=False)
            end = self.board.settings.calendar.last_day(self.quarter)
            early = (
                f" The quarter runs until {end} ({(end - self.today).days} days from now)."
                if self.today < end
                else ""
            )
            yield Label(
                "Grades are prefilled from progress; change any you judge differently. "
                "Decide each objective, say what you learned, and record the actual impact "
                f"of your initiatives.{early}",
                id="close-intro",
            )
            with VerticalScroll():
                yield self._head("Key result", "Value / target", "Grade")
                yield from self._objectives()
                if self.initiatives:
                    yield Label("Initiatives: expected and actual impact", classes="section")
                    yield self._head("Roadmap card → key result", "Expected", "Actual")
                    yield from self._initiatives()
                if self.offers:
                    yield Label("KPIs: a level reached becomes the new floor", classes="section")
                    yield from self._offers()
                yield Label("What we learned this quarter", classes="section")
                learnings = self.defaults.learnings or ""
                yield TextArea(learnings, id="learnings", soft_wrap=True)
            yield Label("", id="close-error", markup=False)
            yield Label(
                "tab next field · ctrl+s closes the quarter (saves, commits and tags) · "
                "esc cancels",
                id="close-hint",
            )

    @staticmethod
    def _head(*titles: str) -> Horizontal:
        classes = ("label", "value", "")
        labels = [Label(t, classes=c) for t, c in zip(titles, classes, strict=True)]
        return Horizontal(*labels, classes="row head")

    def _objectives(self) -> ComposeResult:
        tq = self.board.okrs[(self.quarter, self.team)]
        for objective in tq.ranked_objectives():
            oref = ids.objective_ref(self.quarter, self.team, objective.id)
            grade = scoring.objective_grade(objective)
            shown = "" if grade is None else f"   grade so far {grade:.2f}"
            yield Static(
                Text.assemble(printable(objective.label), (shown, "dim")), classes="objective"
            )
            for kr in objective.ranked_key_results():
                index = self.kr_refs.index(ids.child_ref(oref, kr.id))
                grade = self.defaults.grades[self.kr_refs[index]]
                with Horizontal(classes="row"):
                    yield Label(printable(kr.label), classes="label", markup=False)
                    yield Label(printable(value_text(kr)), classes="value", markup=False)
                    yield Input(
                        "" if grade is None else f"{grade:.2f}",
                        placeholder="0.0-1.0",
                        id=f"grade-{index}",
                        tooltip="The KR's grade, 0 to 1 (0.7 is success)",
                    )
            index = self.objective_refs.index(oref)
            with Horizontal(classes="decision"):
                yield Label("Decision")
                yield Select(
                    DECISIONS,
                    value=self.defaults.decisions[oref] or Select.NULL,
                    prompt="keep, modify or abandon?",
                    id=f"decision-{index}",
                )
            yield Input(
                self.defaults.retros[oref] or "",
                placeholder="Retro: what did we learn pursuing this objective?",
                id=f"retro-{index}",
                classes="retro",
            )

    def _initiatives(self) -> ComposeResult:
        for index, item in enumerate(self.initiatives):
            kr = self.board.key_result(item.kr_ref)
            assert kr is not None  # the close lists the KRs on the board
            expected = (
                "—"
                if item.expected is None
                else roadmap.impact_text(self.board, item.kr_ref, item.expected)
            )
            with Horizontal(classes="row"):
                yield Label(
                    printable(f"{item.card.theme.label} → {kr.label}"),
                    classes="label",
                    markup=False,
                )
                yield Label(expected, classes="value", markup=False)
                actual = "" if item.actual is None else valuetext.show_value(item.actual)
                yield Input(
                    actual,
                    placeholder=kr.unit or "",
                    id=f"actual-{index}",
                    tooltip="The change this initiative made, in the KR's unit",
                )

    def _offers(self) -> ComposeResult:
        for index, offer in enumerate(self.offers):
            kpi, kr = self.board.kpi(offer.kpi_ref), self.board.key_result(offer.kr_ref)
            unit = kpi.unit if kpi else None
            old, new = (valuetext.band_text(b, unit) for b in (offer.old, offer.new))
            # short enough for 80 columns; which KR reached it is the tooltip
            said = f"{kpi.label if kpi else offer.kpi_ref}: band {old} → {new}"
            reached = f"{kr.label if kr else offer.kr_ref} reached {new}: make it the KPI's band"
            yield Checkbox(Content(printable(said)), True, id=f"band-{index}", classes="band",
                           tooltip=printable(reached))  # fmt: skip

    def on_mount(self) -> None:
        inputs = self.query(Input)
        if inputs:
            inputs.first().focus()

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        event.input.remove_class("-invalid")

    def answers(self) -> tuple[lifecycle.Close, list[str]]:
        """What was typed, and what is wrong with it."""
        errors: list[str] = []
        grades: dict[str, float | None] = {}
        decisions: dict[str, str | None] = {}
        retros: dict[str, str | None] = {}
        actual: dict[tuple[str, str], float | None] = {}
        for index, ref in enumerate(self.kr_refs):
            kr = self.board.key_result(ref)
            label = kr.label if kr else ref
            about = f"grade of {label}, between {GRADE.low:g} and {GRADE.high:g}"
            grades[ref] = self._read(f"#grade-{index}", GRADE, about, errors)
        for index, ref in enumerate(self.objective_refs):
            decision = self.query_one(f"#decision-{index}", Select).value
            decisions[ref] = None if decision is Select.NULL else cast(str, decision)
            retro = self.query_one(f"#retro-{index}", Input).value.strip()
            retros[ref] = retro or None
        for index, item in enumerate(self.initiatives):
            about = f"actual impact of {item.card.theme.label}"
            actual[(item.card.ref, item.kr_ref)] = self._read(
                f"#actual-{index}", IMPACT, about, errors
            )
        learnings = self.query_one("#learnings", TextArea).text.strip() or None
        bands = {
            offer.kpi_ref: offer.new
            for index, offer in enumerate(self.offers)
            if self.query_one(f"#band-{index}", Checkbox).value
        }
        return lifecycle.Close(grades, decisions, retros, actual, learnings, bands), errors

    def _read(self, selector: str, field: schema.Field, about: str, errors: list[str]) -> Any:
        """The value typed in the input ``selector`` (None: blank or wrong, which is marked
        and added to ``errors``)."""
        box = self.query_one(selector, Input)
        value, problem = fieldtext.from_text(field, box.value)
        if problem:
            box.add_class("-invalid")
            errors.append(f"{about}: {problem}")
        return value

    _asked = False  # what is missing was said once: ctrl+s again closes anyway

    def action_save(self) -> None:
        close, errors = self.answers()
        if errors:
            more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
            self.query_one("#close-error", Label).update(printable(errors[0]) + more)
            return
        gaps = lifecycle.missing(self.board, self.quarter, close, self.today)
        if gaps and not self._asked:
            self._asked = True
            said = "; ".join(gaps)
            self.query_one("#close-error", Label).update(
                printable(f"Missing: {said}. ctrl+s again closes anyway, esc goes back.")
            )
            return
        self.dismiss(close)

    def action_cancel(self) -> None:
        self.dismiss(None)
