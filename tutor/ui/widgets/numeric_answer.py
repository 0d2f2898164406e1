"""The answer widget of ``numeric`` items: one line for a number, with the forms it accepts."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Input, Static

from tutor.items.grade import Grade
from tutor.ui.widgets.answer_base import AnswerWidget

_FORM_EXAMPLES = {
    "decimal": "0.125",
    "fraction": "1/8",
    "percent": "12.5%",
    "scientific": "1.25e-1",
    "words": "one eighth",
}


class NumericAnswer(AnswerWidget):
    DEFAULT_CSS = """
    NumericAnswer { height: auto; }
    NumericAnswer #numeric-input { width: 40; }
    NumericAnswer #numeric-hint { color: $text-muted; }
    """

    def compose(self) -> ComposeResult:
        item = self.item
        forms = ", ".join(_FORM_EXAMPLES[f] for f in item.forms)
        unit = ""
        if item.units:
            need = "required" if item.unit_required else "optional"
            unit = f"; unit {item.units[0]} ({need})"
        yield Static(
            Content(f"Type a number, e.g. {forms}{unit}. Enter submits."), id="numeric-hint"
        )
        yield Input(placeholder="your answer", id="numeric-input", max_length=200)

    def focus_first(self) -> None:
        self.query_one("#numeric-input", Input).focus()

    @on(Input.Submitted, "#numeric-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.commit()

    def commit(self) -> None:
        field = self.query_one("#numeric-input", Input)
        text = field.value.strip()
        if not text:
            self.notify("Type a number first (a guess is fine).", severity="warning")
            return
        self.post_message(self.Committed(text))

    def show_result(self, grade: Grade, response: Any) -> None:
        field = self.query_one("#numeric-input", Input)
        field.disabled = True
        field.set_class(grade.correct, "-valid")
        field.set_class(not grade.correct, "-invalid")
