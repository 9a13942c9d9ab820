"""What a screen may ask of the app: the one contract between them.

Screens never import the app (it imports them); they reach it through ``board_app``,
typed by this protocol, so a renamed or missing app method is a type error, not a crash
at a keypress.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, Protocol, cast, runtime_checkable

if TYPE_CHECKING:
    from okrboard.git.resolve import State
    from okrboard.git.sync import Status
    from okrboard.tui.config import UserConfig


@runtime_checkable
class BoardApp(Protocol):
    git_status: Status | None  # the branch and commits ahead / behind, read in a thread
    sync_busy: str  # what a fetch, pull or push is doing ("" when idle)
    conflict_state: State  # the merge or rebase in progress, and its files
    config: UserConfig  # the user's own settings (theme, keymap, name)
    public: bool  # shown to anyone: internal cards left out everywhere (serve --public)

    @property
    def today(self) -> dt.date: ...  # the day the board is judged as of
    @property
    def read_only(self) -> bool: ...  # as of a revision, or pinned (--at, --public, serve)

    def load_part(self, *folders: str) -> None: ...
    def hold(self, quarter: str) -> None: ...
    def conflicts_changed(self) -> None: ...
    def reload_from_disk(self) -> None: ...
    def action_view(self, name: str) -> None: ...
    def show_okrs(self, ref: str) -> None: ...
    def show_roadmap(self, serving: str | None = None) -> None: ...
    def show_tree(self, tree_id: str) -> None: ...
    def show_changes(
        self, rev_a: str = "HEAD", rev_b: str | None = None, then: str | None = None
    ) -> None: ...
    def show_history(self, ref: str | None, label: str = "") -> None: ...
    def travel(self, rev: str | None) -> None: ...
    async def ask_revision(self, title: str, extra: list) -> object: ...
    def key_of(self, binding_id: str) -> str | None: ...  # the key bound now, as shown


class TalksToTheApp:
    """For a screen: the app, as the contract above."""

    app: Any  # Textual's, on every widget

    @property
    def board_app(self) -> BoardApp:
        return cast(BoardApp, self.app)
