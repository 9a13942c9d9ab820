"""A one-line key bar: the screen's shown bindings, whole or not at all, with help, quit and
the command palette kept at the right end at any width.

Built on public Textual only (``Screen.active_bindings``, ``bindings_updated_signal``,
``App.get_key_display``, ``App.simulate_key``), so it does not break when Textual's own
footer changes. It is one widget drawn as one line: a bindings signal that shows the same
keys (each focus change sends one) costs a comparison, not a rebuild.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.widget import Widget

if TYPE_CHECKING:
    from textual.screen import Screen


@dataclass(frozen=True)
class FooterKey:
    """One key as the footer shows it."""

    key: str  # what ``simulate_key`` presses on a click
    display: str  # the key as the user sees it (``⏎``, ``^p``)
    description: str
    action: str
    enabled: bool = True
    pinned: bool = False  # drawn at the right end, never dropped for room

    @property
    def width(self) -> int:
        """Cells taken: the key and the description, each followed by a space."""
        return cell_len(
            f" {self.display} {self.description} " if self.description else f" {self.display} "
        )


class Footer(Widget, can_focus=False):
    """Looks like Textual's ``Footer``; a key that does not fit whole is left out (a cut
    label such as "W Check-i", or a bare "c", says nothing)."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES: ClassVar[set[str]] = {"footer--key", "footer--description"}
    DEFAULT_CSS = """
    Footer {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        & > .footer--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        & > .footer--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
    }
    """

    # Actions drawn at the right end, so a narrow terminal drops the view's keys, not these.
    PINNED: ClassVar[frozenset[str]] = frozenset({"help", "quit"})

    def __init__(self, *, show_command_palette: bool = True, id: str | None = None) -> None:
        super().__init__(id=id)
        self.show_command_palette = show_command_palette
        self.keys: tuple[FooterKey, ...] = ()
        self._spans: list[tuple[int, int, FooterKey]] = []  # where each key was drawn

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._update()

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen) -> None:
        if self.is_attached and screen is self.screen:
            self.call_after_refresh(self._update)  # after the frame the change is part of

    def _update(self) -> None:
        if not self.is_attached or self.screen is not self.app.screen:
            return  # gone, or its screen is covered: read again when shown (the signal)
        keys = self.read_keys()
        if keys != self.keys:
            self.keys = keys
            self.refresh()

    def read_keys(self) -> tuple[FooterKey, ...]:
        """The keys the screen shows now: one per action (its first key), pinned ones last."""
        app = self.app
        palette = app.COMMAND_PALETTE_BINDING if self._palette_shown() else None
        seen: set[str] = set()
        keys: list[FooterKey] = []
        for key, (_, binding, enabled, _) in self.screen.active_bindings.items():
            if binding.action in seen or not (binding.show or key == palette):
                continue
            seen.add(binding.action)
            pinned = binding.action in self.PINNED or key == palette
            keys.append(
                FooterKey(
                    binding.key,
                    app.get_key_display(binding),
                    binding.description,
                    binding.action,
                    enabled,
                    pinned,
                )
            )
        return tuple(sorted(keys, key=lambda k: k.pinned))  # stable: each side keeps its order

    def _palette_shown(self) -> bool:
        return self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE

    @property
    def shown(self) -> list[FooterKey]:
        """The keys drawn at the last render, left to right."""
        return [key for _, _, key in self._spans]

    def render(self) -> Text:
        width = self.size.width
        pinned = [k for k in self.keys if k.pinned]
        room = width - sum(k.width for k in pinned)
        left: list[FooterKey] = []
        for key in (k for k in self.keys if not k.pinned):
            if key.width > room:
                break  # whole keys only, in order: a later, shorter one would read as a gap
            left.append(key)
            room -= key.width
        key_style = self.get_component_rich_style("footer--key")
        text_style = self.get_component_rich_style("footer--description")
        line = Text(no_wrap=True, overflow="crop", end="")
        self._spans = []
        for key in left:
            self._draw(line, key, key_style, text_style)
        line.append(" " * max(room, 0))
        for key in pinned:
            self._draw(line, key, key_style, text_style)
        return line

    def _draw(self, line: Text, key: FooterKey, key_style: Style, text_style: Style) -> None:
        start = line.cell_len
        dim = Style(dim=not key.enabled)
        line.append(f" {key.display} ", key_style + dim)
        if key.description:
            line.append(f"{key.description} ", text_style + dim)
        self._spans.append((start, line.cell_len, key))

    def on_click(self, event: events.Click) -> None:
        for start, end, key in self._spans:
            if start <= event.x < end:
                if key.enabled:
                    self.app.simulate_key(key.key)
                else:
                    self.app.bell()
                return
