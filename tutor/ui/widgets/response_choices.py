"""The answer widget of ``multiple_response`` items: tick all that apply, then submit.

Choices are shown in the order :func:`tutor.items.base.display_order` gives for the
learner's attempt; the response names them by id, so logs and statistics do not
depend on where a choice was shown.
"""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Button, SelectionList, Static
from textual.widgets.selection_list import Selection

from tutor.items.base import LETTERS, choice_ids, display_order
from tutor.items.grade import Grade
from tutor.ui.widgets.answer_base import AnswerWidget


class ResponseChoices(AnswerWidget):
    DEFAULT_CSS = """
    ResponseChoices { height: auto; }
    ResponseChoices #mr-rule { color: $text-muted; }
    ResponseChoices #mr-choices { height: auto; max-height: 14; border: round $border-blurred; }
    ResponseChoices #mr-choices:focus { border: round $border; }
    ResponseChoices #mr-submit { margin-top: 1; }
    """

    def __init__(self, item: Any, *, order_key: str, id: str | None = "answer-widget") -> None:
        super().__init__(item, order_key=order_key, id=id)
        self.order = display_order(len(item.choices), order_key, item.shuffle)
        self.ids = choice_ids(item.choices)

    def _label(self, shown: int, text: str, mark: str = "", style: str = "") -> Content:
        return Content.assemble((f"{LETTERS[shown]})", "bold"), " ", (text, style), (mark, style))

    def compose(self) -> ComposeResult:
        yield Static(Content(self.item.scoring_rule()), id="mr-rule")
        yield SelectionList[str](
            *[
                Selection(self._label(k, self.item.choices[i].text), self.ids[i])
                for k, i in enumerate(self.order)
            ],
            id="mr-choices",
        )
        yield Button("Submit (ctrl+s)", id="mr-submit", variant="primary")

    def focus_first(self) -> None:
        self.query_one("#mr-choices", SelectionList).focus()

    @on(Button.Pressed, "#mr-submit")
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.commit()

    def commit(self) -> None:
        picked = list(self.query_one("#mr-choices", SelectionList).selected)
        if not picked:
            self.notify("Tick at least one choice (space), then submit.", severity="warning")
            return
        self.post_message(self.Committed([i for i in self.ids if i in picked]))

    def show_result(self, grade: Grade, response: Any) -> None:
        picked = set(response) if isinstance(response, list) else set()
        options = self.query_one("#mr-choices", SelectionList)
        for k, i in enumerate(self.order):
            choice = self.item.choices[i]
            chosen = self.ids[i] in picked
            if choice.correct:
                mark, style = ("  ✓" if chosen else "  ✓ missed"), "$success bold"
            elif chosen:
                mark, style = "  ✗ not this one", "$error"
            else:
                mark, style = "", "$text-muted"
            options.replace_option_prompt_at_index(k, self._label(k, choice.text, mark, style))
        options.disabled = True
        self.query_one("#mr-submit", Button).display = False
