"""``short_answer``: a question answered in the learner's own words.

Graded by :mod:`tutor.grading.short_answer` (accepted and anticipated wrong answers,
numbers, typos, key points with the topic's synonyms); the learner confirms or
changes the suggested rating, since a free-text verdict is a judgement.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import Any, Literal

from pydantic import Field

from tutor.grading.short_answer import grade_short
from tutor.items.base import ItemBase, Strict, Text
from tutor.items.grade import Grade


class WrongAnswer(Strict):
    """An anticipated wrong answer and the feedback it deserves."""

    answer: Text = Field(description="The wrong answer as a learner might type it.")
    feedback: Text = Field(description="What is wrong with it.")


class PartialAnswer(Strict):
    """An answer worth part of the mark (GIFT's ``=%50%``): right but incomplete, rated Hard."""

    answer: Text = Field(description="The answer as a learner might type it; `*` matches any text.")
    credit: float = Field(gt=0, lt=1, description="Share of the mark it earns, e.g. 0.5.")
    feedback: str | None = Field(default=None, description="Shown when a learner gives it.")


class CheckAnswer(Strict):
    """An answer an author expects the grader to judge a certain way (checked by lint)."""

    answer: Text = Field(description="The answer as a learner might type it.")
    verdict: Literal["correct", "partial", "wrong"] = Field(
        description="correct: suggested Good or better; partial: Hard; wrong: Again."
    )


class ShortAnswer(ItemBase):
    """A question answered in the learner's own words, graded against a model answer."""

    type: Literal["short_answer"] = Field(description="Item type.")
    model_answer: Text = Field(description="A complete answer, shown after the learner submits.")
    accepted_answers: list[Text] = Field(
        default_factory=list,
        description="Short answers accepted as fully correct (compared case- and space-insensitively).",
    )
    wrong_answers: list[WrongAnswer] = Field(
        default_factory=list, description="Anticipated wrong answers with feedback."
    )
    key_points: list[Text] = Field(
        default_factory=list,
        description="The 3-5 points a good answer covers; used to grade longer answers.",
    )
    partial_answers: list[PartialAnswer] = Field(
        default_factory=list,
        description="Answers worth part of the mark (`*` matches any text), rated Hard rather than Good.",
    )
    answer_feedback: dict[str, Text] = Field(
        default_factory=dict,
        description="Feedback for particular accepted answers, keyed by the answer as listed.",
    )
    ordered: bool = Field(
        default=False,
        description="The key points are steps in order: an answer that gives a step out of order loses it, and the feedback names it.",
    )
    tolerance: float | None = Field(
        default=None,
        gt=0,
        lt=1,
        description="For numeric answers: the relative error accepted (0.01 = 1%). By default a number must agree to 3 significant figures (see `sig_figs`).",
    )
    sig_figs: int | None = Field(
        default=None,
        ge=1,
        le=15,
        description="For numeric answers: the significant figures a number must agree to (default 3).",
    )
    approximate: bool = Field(
        default=False,
        description='For numeric answers: accept hedged answers ("about 0.001", "roughly 33 thousand") within 10%.',
    )
    check_answers: list[CheckAnswer] = Field(
        default_factory=list,
        description="Answers with the verdict the author expects; `tutor lint` grades each and reports disagreements.",
    )

    def grade(self, response: Any, synonyms: Sequence[Sequence[str]] = ()) -> Grade:
        if not isinstance(response, str):
            raise ValueError(
                f"a short-answer item takes a text response, not {type(response).__name__}"
            )
        return grade_short(self, response, synonyms)

    def placement_eligible(self, short_answers: bool) -> bool:
        """Only with accepted answers, matched after normalisation: no key-point judgement."""
        return short_answers and bool(self.accepted_answers)

    def simulated_response(self, right: bool, rng: random.Random) -> Any:
        if not right:
            return "no idea"
        return self.accepted_answers[0] if self.accepted_answers else self.model_answer
