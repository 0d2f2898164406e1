"""``multiple_response``: select all that apply, with partial credit per choice.

The response is the set of chosen choice ids. Each choice carries a credit: by
default a right choice earns 1/k of the mark (k right choices) and a wrong pick
costs 1/k, so ticking everything earns nothing; an author may set credits per
choice (GIFT's ``~%50%`` and ``~%-100%``). The score is the sum of the credits of the
picked choices, clamped to 0..1, and the rule is shown to the learner before they answer.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from typing import Annotated, Any, ClassVar, Literal

from pydantic import Field, model_validator

from tutor.items.base import Choice, ItemBase, LintFinding, choice_ids
from tutor.items.choice_rules import CHOICE_RULES, choice_findings
from tutor.items.grade import Grade, Rating

FULL = 1 - 1e-9
HARD_MIN_SCORE = 0.5
"""Half the credit or more is right but incomplete (HARD); less is AGAIN."""


class ResponseChoice(Choice):
    """One option of a multiple-response item."""

    correct: bool = Field(
        default=False, description="Whether this choice belongs in a full answer."
    )
    credit: Annotated[float, Field(ge=-1, le=1)] | None = Field(
        default=None,
        description="Share of the mark for picking this choice, -1..1 (0.5 is half the mark, -1 costs all of it). By default 1/k for each of k correct choices and -1/k for a wrong one.",
    )


class MultipleResponse(ItemBase):
    """A question with several correct options: the learner ticks all that apply."""

    type: Literal["multiple_response"] = Field(description="Item type.")
    choices: list[ResponseChoice] = Field(
        min_length=2, max_length=10, description="The options, in written order."
    )
    shuffle: bool = Field(
        default=True,
        description="Show the options in a fresh order per learner and attempt; false keeps the written order.",
    )

    LINT_RULES: ClassVar[dict[str, str]] = {
        **CHOICE_RULES,
        "credits-below-full": "the positive credits add up to less than the full mark, so no answer earns it",
    }

    @model_validator(mode="after")
    def _check(self) -> MultipleResponse:
        if not any(c.correct for c in self.choices):
            raise ValueError("a multiple-response item needs at least one correct choice")
        ids = choice_ids(self.choices)
        if len(set(ids)) != len(ids):
            raise ValueError("choice ids must be unique within an item")
        for c in self.choices:
            if c.credit is not None and (c.credit > 0) != c.correct:
                raise ValueError(
                    f"choice {c.text!r}: a positive credit marks a correct choice and a zero or negative one a wrong choice"
                )
        return self

    def credits(self) -> list[float]:
        k = sum(c.correct for c in self.choices)
        return [
            c.credit if c.credit is not None else (1 / k if c.correct else -1 / k)
            for c in self.choices
        ]

    def scoring_rule(self) -> str:
        """The rule, in words, shown with the question."""
        credits = self.credits()
        k = sum(c.correct for c in self.choices)
        if all(c.credit is None for c in self.choices):
            return (
                f"Select all that apply. Each right choice earns 1/{k} of the mark and each wrong pick costs 1/{k}; "
                "the score never goes below zero."
            )
        parts = [f"{c:+.0%}" for c in credits]
        return (
            "Select all that apply. Credits per choice: "
            + ", ".join(parts)
            + "; the score is clamped to 0-100%."
        )

    def picked(self, response: Any) -> list[int]:
        if isinstance(response, str | int) or not isinstance(
            response, list | tuple | set | frozenset
        ):
            raise ValueError(
                f"a multiple-response item takes a list of choice ids, not {type(response).__name__}"
            )
        ids = choice_ids(self.choices)
        out: list[int] = []
        for r in response:
            if isinstance(r, str) and r in ids:
                out.append(ids.index(r))
            elif isinstance(r, int) and not isinstance(r, bool) and 0 <= r < len(ids):
                out.append(r)
            else:
                raise ValueError(f"{r!r} is not a choice of this item")
        return sorted(set(out))

    def grade(self, response: Any, synonyms: Sequence[Sequence[str]] = ()) -> Grade:
        picked = self.picked(response)
        credits = self.credits()
        score = min(1.0, max(0.0, sum(credits[i] for i in picked)))
        exact = {i for i, c in enumerate(self.choices) if c.correct} == set(picked)
        full = score >= FULL or exact
        rating = Rating.GOOD if full else Rating.HARD if score >= HARD_MIN_SCORE else Rating.AGAIN
        feedback = "\n".join(
            f"{self.choices[i].text}: {self.choices[i].feedback}"
            for i in picked
            if self.choices[i].feedback
        )
        return Grade(
            correct=rating >= Rating.HARD,
            suggested_rating=rating,
            method="exact" if full else "partial",
            feedback=feedback or None,
            score=1.0 if full else score,
        )

    def answer_text(self) -> str:
        return "; ".join(c.text for c in self.choices if c.correct)

    def describe_response(self, response: Any) -> str:
        try:
            picked = self.picked(response)
        except ValueError:
            return str(response)
        return "; ".join(self.choices[i].text for i in picked) or "(nothing)"

    def lint(self) -> Iterator[LintFinding]:
        for finding in choice_findings(self.prompt, self.choices):
            if finding[0] != "few-choices":  # two statements to tick or not is a fair item
                yield finding
        if sum(c for c in self.credits() if c > 0) < FULL:
            yield (
                "credits-below-full",
                "the positive credits add up to less than 100%",
                ("choices",),
            )

    def simulated_response(self, right: bool, rng: random.Random) -> Any:
        ids = choice_ids(self.choices)
        good = [ids[i] for i, c in enumerate(self.choices) if c.correct]
        if right:
            return good
        bad = [ids[i] for i, c in enumerate(self.choices) if not c.correct]
        return [*good[:-1], *bad[:1]] if bad else good[:-1]
