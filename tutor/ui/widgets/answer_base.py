"""What the question screen needs from an item type's answer widget.

A type whose answering does not fit the screen's built-in controls (choices, true/false
buttons, a text area) brings a widget: it collects the response, posts
:class:`AnswerWidget.Committed` with it, and marks the result once graded. The
screen stores the response and shows the verdict, whatever the type.
"""

from __future__ import annotations

from typing import Any

from textual.containers import Vertical
from textual.message import Message

from tutor.items.grade import Grade


class AnswerWidget(Vertical):
    """Base of the per-type answer widgets."""

    DEFAULT_CSS = "AnswerWidget { height: auto; }"

    class Committed(Message):
        """The learner committed a response; the screen stores and grades it."""

        def __init__(self, response: Any) -> None:
            super().__init__()
            self.response = response

    def __init__(self, item: Any, *, order_key: str, id: str | None = "answer-widget") -> None:
        super().__init__(id=id)
        self.item = item
        self.order_key = order_key

    def commit(self) -> None:
        """Submit what the learner entered (ctrl+s); a widget may refuse with a notice."""

    def show_result(self, grade: Grade, response: Any) -> None:
        """Mark the answer once graded and lock the widget."""

    def focus_first(self) -> None:
        """Put the focus where the learner starts answering."""
        self.focus()
