"""Textual's footer, rebuilt only when the keys it shows change, with help and quit kept
in sight at any width."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Footer as TextualFooter
from textual.widgets._footer import FooterKey


class Footer(TextualFooter):
    """Looks and behaves as Textual's ``Footer``.

    Textual rebuilds the footer on every bindings signal (each focus change, each
    ``refresh_bindings``), and a rebuild makes and styles a widget per key. Measured over
    the app's tests, four rebuilds in five showed the very keys already shown; this one
    skips those.
    """

    DEFAULT_CSS = """
    Footer #footer-pinned { dock: right; width: auto; height: 1; background: $footer-background; }
    Footer #footer-pinned FooterKey.-command-palette { dock: none; }
    """

    # Keys docked at the right end, so a narrow terminal cuts the view's keys, not these.
    PINNED: ClassVar[frozenset[str]] = frozenset({"help", "quit"})

    _shown: tuple | None = None

    def compose(self) -> ComposeResult:
        keys = list(super().compose())
        pinned = [
            k
            for k in keys
            if isinstance(k, FooterKey)
            and (k.action in self.PINNED or k.has_class("-command-palette"))
        ]
        yield from (k for k in keys if k not in pinned)
        if pinned:
            yield Horizontal(*pinned, id="footer-pinned")

    def _keys_shown(self) -> tuple:
        """Everything the footer's compose reads: when equal, a rebuild draws the same."""
        keys = tuple(
            (
                binding.key,
                self.app.get_key_display(binding),
                binding.description,
                binding.action,
                binding.group,
                binding.tooltip,
                enabled,
                tooltip,
            )
            for (_, binding, enabled, tooltip) in self.screen.active_bindings.values()
            if binding.show
        )
        return (keys, self.compact, self.show_command_palette, self.combine_groups)

    async def recompose(self) -> None:
        # (_bindings_ready: Textual's own flag, False until the screen's first bindings
        # signal; before it compose draws nothing, so nothing may be remembered as shown)
        if self.is_attached and self._bindings_ready:
            shown = self._keys_shown()
            if shown == self._shown:
                return
            self._shown = shown
        await super().recompose()
