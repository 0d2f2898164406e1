"""Shown instead of a squeezed layout when the terminal is below 80×24."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Static


class TooSmallScreen(Screen[None]):
    """Asks for a larger terminal; the app removes it as soon as the terminal is big enough."""

    CSS_PATH = "too_small.tcss"

    def compose(self) -> ComposeResult:
        yield Static(id="too-small")

    def on_mount(self) -> None:
        self._describe(self.app.size.width, self.app.size.height)

    def on_resize(self, event: events.Resize) -> None:
        self._describe(event.size.width, event.size.height)

    def _describe(self, width: int, height: int) -> None:
        from tutor.ui.app import MIN_HEIGHT, MIN_WIDTH

        self.query_one("#too-small", Static).update(
            f"tutor needs a terminal of at least {MIN_WIDTH}×{MIN_HEIGHT}; "
            f"this one is {width}×{height}.\nPlease make the window larger (ctrl+q quits)."
        )
