"""Textual's Footer, recomposed only when the keys it shows change.

Textual's Footer rebuilds all its key widgets whenever the screen's bindings
may have changed: on every focus change and after every ``refresh_bindings``.
Opening the course map triggered three identical rebuilds of ten keys each
before the first paint (about 30 ms of a start-up budget of a few hundred,
the start-up target), and moving focus later repeats them. This one compares what it
would show with what it shows and skips the rebuild when nothing differs.
It also gives each new key its ``-compact`` class before it mounts, rather than
through the data binding afterwards, which restyles every key once more.
"""

from __future__ import annotations

from collections.abc import Hashable

from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey


class SteadyFooter(Footer):
    """A Footer that skips recomposing when its keys, labels and states are unchanged."""

    def __init__(self, *, compact: bool = False, id: str | None = None) -> None:
        super().__init__(compact=compact, id=id)
        self._shown: Hashable | None = None

    def _signature(self) -> Hashable:
        """Everything :meth:`Footer.compose` reads, as a comparable value."""
        if not self._bindings_ready or not self.is_attached:
            return None
        keys = tuple(
            (
                b.key,
                b.action,
                b.description,
                b.key_display,
                b.show,
                b.group,
                enabled,
                tooltip,
                b.tooltip,
            )
            for (_, b, enabled, tooltip) in self.screen.active_bindings.values()
            if b.show or b.key == self.app.COMMAND_PALETTE_BINDING
        )
        return (
            keys,
            self.compact,
            self.show_command_palette,
            self.combine_groups,
            self.app.ENABLE_COMMAND_PALETTE,
        )

    async def recompose(self) -> None:
        signature = self._signature()
        if signature is not None and signature == self._shown:
            return
        self._shown = signature
        await super().recompose()

    def compose(self) -> ComposeResult:
        for widget in super().compose():
            if self.compact and isinstance(widget, FooterKey):
                widget.add_class(
                    "-compact", update=False
                )  # as the compact binding would, after mounting
            yield widget
