"""Forms that set the board up from any view: a new opportunity tree, a new team, the
board's settings and the coach's thresholds (in the command palette; a tree also from
``o`` on a key result without one, and ``A`` in discovery)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from okrboard.domain import alignment, edits, ids, schema
from okrboard.domain.model import Board, Part
from okrboard.domain.text import printable
from okrboard.flows import forms

if TYPE_CHECKING:
    from okrboard.tui.screens.base import BoardScreen

TREE_FIELDS = ("title", "outcome", "owner", "description")
TEAM_FIELDS = ("name", "lead", "parent")
SETTINGS_FIELDS = ("stale_days", "on_track_margin", "at_risk_margin", "success_grade",
                   "year_start_month", "fiscal_year_label")  # fmt: skip
COACH_FIELDS = ("min_key_results", "max_key_results", "max_objectives", "vanity_terms",
                "output_verbs")  # fmt: skip


def new_tree(view: BoardScreen, kr_ref: str | None = None) -> None:
    """A new opportunity tree, rooted at ``kr_ref`` (or at a key result picked in the
    form); discovery then shows it."""
    board = view.board
    kr = board.key_result(kr_ref) if kr_ref else None
    values = {name: "" for name in TREE_FIELDS}
    if kr is not None and kr_ref:
        values.update(title=f"Opportunities for {kr.label}", outcome=kr_ref, owner=kr.owner or "")

    def done(parsed: dict) -> None:
        made = [""]
        parsed.update(team=ids.team_of(parsed.get("outcome") or "") or None, created=view.today)

        def change(board: Board) -> Part:
            tree, made[0] = edits.new_tree(board, parsed)
            return tree

        view.apply(change, "new tree", then=lambda _: view.board_app.show_tree(made[0]))

    def check(values: dict) -> dict:
        errors = forms.checker(schema.TREE, TREE_FIELDS)(values)
        outcome = values.get("outcome", "").strip()
        if outcome and "outcome" not in errors and board.key_result(outcome) is None:
            errors["outcome"] = f"no key result {printable(outcome)} on this board"
        return errors

    title = f"New opportunity tree for: {printable(kr.label)}" if kr else "New opportunity tree"
    view.form(title, schema.TREE, TREE_FIELDS, values, check, done, new_among=board.trees)


def new_team(view: BoardScreen) -> None:
    """The New team form: its name, lead and parent (the company, for a team at the top)."""

    def done(parsed: dict) -> None:
        view.apply(lambda board: edits.new_team(board, parsed)[0], "new team")

    teams = view.board.teams
    values = {name: "" for name in TEAM_FIELDS} | {"parent": alignment.top_team(teams) or ""}
    table = tuple(
        replace(f, choices=tuple(teams)) if f.name == "parent" and teams else f for f in schema.TEAM
    )
    check = forms.checker(schema.TEAM, TEAM_FIELDS)
    view.form("New team", table, TEAM_FIELDS, values, check, done, new_among=teams)


def board_settings(view: BoardScreen) -> None:
    _settings(view, "Board settings", schema.SETTINGS, SETTINGS_FIELDS, view.board.settings,
              edits.set_settings)  # fmt: skip


def coach_settings(view: BoardScreen) -> None:
    _settings(view, "Coach thresholds", schema.COACH, COACH_FIELDS, view.board.coach,
              edits.set_coach)  # fmt: skip


def _settings(
    view: BoardScreen,
    title: str,
    table: tuple[schema.Field, ...],
    names: tuple[str, ...],
    item: Any,
    setter: Callable[[Board, dict], Part],
) -> None:
    """A form for a board.toml table; a blank field is the default, which its hint says."""

    def done(parsed: dict) -> None:
        view.apply(lambda board: setter(board, parsed), title.lower())

    values = forms.initial(item, table, names)
    hints = {name: f"default: {value}" for name, value in forms.defaults(item).items()}
    view.form(title, table, names, values, forms.checker(table, names), done, hints=hints)


# The palette's commands, in every view of the board: (title, help, function of the view).
COMMANDS = (
    ("New opportunity tree", "Start a tree rooted at a key result", new_tree),
    ("New team", "Add a team to board.toml", new_team),
    (
        "Board settings",
        "When a KR is stale, on track or at risk; the success grade; the fiscal year",
        board_settings,
    ),
    ("Coach thresholds", "How many objectives and KRs; vanity words, output verbs", coach_settings),
)
