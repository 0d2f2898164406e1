"""Preview: the content's validation errors, shown in the app while the author edits."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from tutor.content.errors import ContentError


class ContentErrorsScreen(Screen[None]):
    """Every error at once; the preview replaces this screen when the files are fixed."""

    CSS_PATH = "content_errors.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+r", "reload", "Reload now"),
    ]

    def __init__(self, errors: Sequence[ContentError | str]) -> None:
        super().__init__()
        self.errors = list(errors)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="errors-title")
        with VerticalScroll(id="errors-list"):
            yield Static(id="errors-body", markup=False)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.sub_title = "preview: content errors"
        self.show_errors(self.errors)

    def show_errors(self, errors: Sequence[ContentError | str]) -> None:
        self.errors = list(errors)
        n = len(self.errors)
        self.query_one("#errors-title", Static).update(
            f"{n} content error{'s' if n != 1 else ''}: fix and save; the preview reloads by itself."
        )
        self.query_one("#errors-body", Static).update("\n".join(map(str, self.errors)))

    def action_reload(self) -> None:
        self.app.reload_content()  # type: ignore[attr-defined]
