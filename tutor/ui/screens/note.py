"""N: the learner's notes on a topic or an item, and a box to add one (saved in progress)."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static, TextArea

if TYPE_CHECKING:
    from tutor.ui.app import TutorApp

SHOWN_NOTES = 5


class NoteScreen(ModalScreen[None]):
    """Earlier notes on the same thing, then a box for a new one: ctrl+s saves, escape leaves."""

    CSS_PATH = "note.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save note"),
        Binding("escape", "close", "Cancel"),
    ]

    def __init__(self, *, topic_id: str | None = None, item_id: str | None = None) -> None:
        super().__init__()
        self.topic_id = topic_id
        self.item_id = item_id

    @property
    def tutor(self) -> TutorApp:
        return cast("TutorApp", self.app)

    def compose(self) -> ComposeResult:
        course = self.tutor.service.course
        if self.item_id is not None:
            what = f"this question ({course.topic_of(self.item_id).title})"
        else:
            what = course.outline[self.topic_id or ""].title
        notes = self.tutor.guard(
            self.tutor.service.notes, topic_id=self.topic_id, item_id=self.item_id
        )
        with Vertical(id="note-box"):
            yield Static(Content(f"Note on {what}"), classes="note--title")
            if notes:
                shown = notes[-SHOWN_NOTES:]
                yield Static(
                    Content("\n").join(
                        Content.assemble((n.ts[:10] + "  ", "$text-muted"), n.text) for n in shown
                    ),
                    id="note-earlier",
                )
            yield TextArea(id="note-text", soft_wrap=True, show_line_numbers=False)
            with Horizontal(classes="note--actions"):
                yield Button("Save (ctrl+s)", id="note-save", variant="primary")
                yield Button("Cancel (esc)", id="note-cancel")

    def on_mount(self) -> None:
        self.query_one("#note-text", TextArea).focus()

    @on(Button.Pressed, "#note-save")
    def action_save(self) -> None:
        text = self.query_one("#note-text", TextArea).text
        if self.tutor.attempt(
            self.tutor.service.add_note, text, topic_id=self.topic_id, item_id=self.item_id
        ):
            self.app.pop_screen()
            self.app.notify("Note saved with your progress.", title="Note")

    @on(Button.Pressed, "#note-cancel")
    def action_close(self) -> None:
        self.app.pop_screen()
