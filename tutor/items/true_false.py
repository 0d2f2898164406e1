"""``true_false``: a statement the learner marks true or false. The response is a bool."""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import Any, Literal

from pydantic import Field

from tutor.items.base import ItemBase
from tutor.items.grade import Grade, right, wrong


class TrueFalse(ItemBase):
    """A statement the learner marks true or false."""

    type: Literal["true_false"] = Field(description="Item type.")
    answer: bool = Field(description="Whether the statement in `prompt` is true.")
    wrong_feedback: str | None = Field(
        default=None, description="Shown only after a wrong answer, before the explanation."
    )
    right_feedback: str | None = Field(
        default=None, description="Shown only after a right answer, before the explanation."
    )

    def grade(self, response: Any, synonyms: Sequence[Sequence[str]] = ()) -> Grade:
        if not isinstance(response, bool):
            raise ValueError(
                f"a true/false item takes true or false, not {type(response).__name__}"
            )
        if response == self.answer:
            return right(feedback=self.right_feedback)
        return wrong(feedback=self.wrong_feedback)

    def answer_text(self) -> str:
        return f"the statement is {'true' if self.answer else 'false'}"

    def describe_response(self, response: Any) -> str:
        return ("true" if response else "false") if isinstance(response, bool) else str(response)

    def simulated_response(self, right: bool, rng: random.Random) -> Any:
        return self.answer if right else not self.answer
