"""Answer widgets by item type: the question screen looks a type up here.

A new item type whose answering the screen's built-in controls do not cover adds
its widget module and one row below.
"""

from __future__ import annotations

import importlib
from typing import Any

from tutor.ui.widgets.answer_base import AnswerWidget

WIDGETS: dict[str, tuple[str, str]] = {
    "numeric": ("tutor.ui.widgets.numeric_answer", "NumericAnswer"),
    "multiple_response": ("tutor.ui.widgets.response_choices", "ResponseChoices"),
    "predict": ("tutor.ui.widgets.predict_answer", "PredictAnswer"),
}


def answer_widget(item: Any, order_key: str) -> AnswerWidget | None:
    """The widget that takes a response to ``item``; None for the screen's built-in types."""
    where = WIDGETS.get(item.type)
    if where is None:
        return None
    cls: type[AnswerWidget] = getattr(importlib.import_module(where[0]), where[1])
    return cls(item, order_key=order_key)
