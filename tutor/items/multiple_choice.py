"""``multiple_choice``: one right option among several.

The response is the chosen choice's id (older logs hold its written position, an
int, which still grades). Choices are shown shuffled unless ``shuffle: false``.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from typing import Any, ClassVar, Literal

from pydantic import Field, model_validator

from tutor.items.base import Choice, ItemBase, LintFinding, choice_ids, choice_index
from tutor.items.choice_rules import CHOICE_RULES, choice_findings
from tutor.items.grade import Grade, right, wrong


class MultipleChoice(ItemBase):
    """A question with several options, exactly one of them correct."""

    type: Literal["multiple_choice"] = Field(description="Item type.")
    choices: list[Choice] = Field(
        min_length=2, max_length=10, description="The options, in written order."
    )
    shuffle: bool = Field(
        default=True,
        description="Show the options in a fresh order per learner and attempt; false keeps the written order (for ordered options such as 1, 2, 4, 8).",
    )

    LINT_RULES: ClassVar[dict[str, str]] = CHOICE_RULES

    @model_validator(mode="after")
    def _one_correct(self) -> MultipleChoice:
        n = sum(c.correct for c in self.choices)
        if n != 1:
            raise ValueError(f"a multiple-choice item needs exactly one correct choice; it has {n}")
        ids = choice_ids(self.choices)
        if len(set(ids)) != len(ids):
            raise ValueError("choice ids must be unique within an item")
        return self

    @property
    def correct_index(self) -> int:
        return next(i for i, c in enumerate(self.choices) if c.correct)

    @property
    def correct_id(self) -> str:
        return choice_ids(self.choices)[self.correct_index]

    def grade(self, response: Any, synonyms: Sequence[Sequence[str]] = ()) -> Grade:
        choice = self.choices[choice_index(self.choices, response)]
        return (
            right(feedback=choice.feedback) if choice.correct else wrong(feedback=choice.feedback)
        )

    def answer_text(self) -> str:
        return self.choices[self.correct_index].text

    def describe_response(self, response: Any) -> str:
        try:
            return self.choices[choice_index(self.choices, response)].text
        except ValueError:
            return str(response)

    def lint(self) -> Iterator[LintFinding]:
        return choice_findings(self.prompt, self.choices)

    def simulated_response(self, right: bool, rng: random.Random) -> Any:
        ids = choice_ids(self.choices)
        if right:
            return ids[self.correct_index]
        return rng.choice([x for i, x in enumerate(ids) if i != self.correct_index])
