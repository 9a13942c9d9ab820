"""Closing a team's quarter and opening the next, from the OKR view: the flows that gather
the answers (``CloseQuarterScreen``, pickers), save them as one edit, then commit and tag.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.screen import ModalScreen

from okrboard.domain import ids
from okrboard.domain.valuetext import value_text
from okrboard.files.session import Change
from okrboard.reports.views import Row
from okrboard.tui.screens.base import BoardScreen

if TYPE_CHECKING:  # imported where used: it (and semdiff) is not needed to open a board
    from okrboard.domain import lifecycle


class QuarterLifecycle(BoardScreen):
    """The OKR view's ``Q`` and ``O``; ``OkrScreen`` is one (it uses its quarter, team,
    selected row and ``apply``)."""

    quarter: str

    @property
    def row(self) -> Row | None:
        raise NotImplementedError

    def _lifecycle_team(self) -> str | None:
        """The team whose quarter to close: the one shown, or the selected row's."""
        return self.team or (self.row.team if self.row else None)

    def action_close_quarter(self) -> None:
        # lazy: loads on first use, not at start-up (docs/performance.md)
        from okrboard.flows import quarter as flow
        from okrboard.tui.screens.close import CloseQuarterScreen

        quarter, team = self.quarter, self._lifecycle_team()
        pick = "Select a team's objective (or show one team with t) to close its quarter."
        if team is None:
            self.notify(pick)
            return
        rel = ids.okr_file(quarter, team)
        source = self.board.sources.get(rel)
        if source is not None and not source.parsed:
            self.notify(
                f"{rel} has errors and is read-only: fix them first (p).", severity="warning"
            )
            return
        if (quarter, team) not in self.board.okrs:
            self.notify(pick)
            return

        def done(close: lifecycle.Close | None) -> None:
            if close is None:
                return
            self.apply(
                flow.close_edit(quarter, team, close, self.today),
                flow.close_label(quarter, team),
                then=lambda change: self._tag_close(quarter, team, change),
            )

        self.app.push_screen(CloseQuarterScreen(self.board, quarter, team, self.today), done)

    @work(thread=True, group="git", exit_on_error=False)
    def _tag_close(self, quarter: str, team: str, change: Change) -> None:
        """Commit the close and tag it, so the quarter as closed is one ``git show`` away."""
        # lazy: loads on first use, not at start-up (docs/performance.md)
        from okrboard.flows import quarter as flow

        closed = flow.tag_close(self.board, quarter, team, change)
        severity = "warning" if closed.error else "information"
        self.app.call_from_thread(self.notify, closed.sentence, severity=severity, timeout=10)

    def action_open_quarter(self) -> None:
        # lazy: loads on first use, not at start-up (docs/performance.md)
        from okrboard.domain import lifecycle
        from okrboard.flows import quarter as flow
        from okrboard.widgets.picker import PickerScreen

        quarter, team = self.quarter, self.team
        if not quarter or not any(q == quarter for q, _ in self.board.okrs):
            self.notify("There are no OKRs in this quarter to carry over.")
            return
        new = lifecycle.next_quarter(quarter)
        choices = []
        for tq in self.board.team_quarters(quarter):
            if team is not None and tq.team != team:
                continue
            for objective in tq.ranked_objectives():
                oref = ids.objective_ref(quarter, tq.team, objective.id)
                decision = f"  [{objective.decision}]" if objective.decision else ""
                choices.append((f"{tq.team}: {objective.label}{decision}", oref))
                for kr in objective.ranked_key_results():
                    shown = f"{value_text(kr)}; carried: {flow.carry_text(kr)}"
                    choices.append((f"    {kr.label}  ({shown})", ids.child_ref(oref, kr.id)))
        carried = lifecycle.carry_defaults(self.board, quarter, team)

        title = f"Open {new}: which objectives and key results carry over from {quarter}?"
        self._ask_open(quarter, PickerScreen(title, choices, carried))

    @work(group="ask", exit_on_error=False)
    async def _ask_open(self, quarter: str, items: ModalScreen[list | None]) -> None:
        """What carries over, then which Next cards move to Now: each answer awaited."""
        # lazy: loads on first use, not at start-up (docs/performance.md)
        from okrboard.domain import lifecycle
        from okrboard.widgets.picker import PickerScreen

        carry = await self.app.push_screen_wait(items)
        if carry is None:
            return
        promote: list[str] = []
        if cards := lifecycle.next_cards(self.board, self.team):
            new = lifecycle.next_quarter(quarter)
            title = f"Which Next cards move to Now for {new}?"
            picked = await self.app.push_screen_wait(
                PickerScreen(title, [(f"{c.team}: {c.theme.label}", c.ref) for c in cards])
            )
            if picked is None:
                return
            promote = picked
        self._open_quarter(quarter, carry, promote)

    def _open_quarter(self, quarter: str, carry: list[str], promote: list[str]) -> None:
        # lazy: loads on first use, not at start-up (docs/performance.md)
        from okrboard.domain import lifecycle
        from okrboard.flows import quarter as flow

        new = lifecycle.next_quarter(quarter)

        def opened(change: Change) -> None:
            self.quarter = new
            self.refresh_view()
            said = [flow.opened_sentence(new, carry)]
            if promote:
                said.append(flow.promoted_sentence(promote))
            self.notify(". ".join(said) + ".", timeout=5)

        self.apply(flow.open_edit(quarter, carry, promote), flow.open_label(quarter), then=opened)
