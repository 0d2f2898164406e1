"""The end of a session: what happened, and the way back to the map."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Center, Vertical
from textual.widgets import Button, Footer, Header, Markdown, Static

from tutor.ui.screens.base import TutorScreen


class MessageScreen(TutorScreen):
    """A title, a Markdown body and one button back to the course map."""

    CSS_PATH = "message.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "home", "Course map"),
        Binding("enter", "home", "Course map", show=False),
    ]

    def __init__(self, title: str, body: str) -> None:
        super().__init__()
        self.message_title = title
        self.body = body

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="message-box"):
            yield Static(self.message_title, id="message-title", markup=False)
            yield Markdown(self.body, id="message-body")
            with Center():
                yield Button("Back to the course map", id="home", variant="primary")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.sub_title = self.message_title
        self.query_one("#home", Button).focus()

    @on(Button.Pressed, "#home")
    def action_home(self) -> None:
        self.tutor.go_home()
