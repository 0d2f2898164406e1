"""What the engine must know about each item type without loading its model.

The learner's bookkeeping works from the course outline (plain data, no pydantic),
so the facts it needs per type live here: the chance of a right answer by luck, and
whether grading is exact enough for placement. A new type adds one row.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Kind:
    guess: float | None
    """Chance of a right answer by luck; None: one in the number of choices."""
    free_text: bool = False
    """A typed answer: the learner's configured short-answer guess rate applies instead."""
    placement: bool = True
    """Graded exactly and at once, so a placement question can use it."""
    recall: bool = False
    """The learner produces the answer rather than recognising it: evidence of recall for mastery."""
    confirms_rating: bool = False
    """The grader only suggests a rating and the learner confirms it (free-text judgement)."""


KINDS: dict[str, Kind] = {
    "multiple_choice": Kind(guess=None),
    "true_false": Kind(guess=0.5),
    "short_answer": Kind(
        guess=None, free_text=True, placement=False, recall=True, confirms_rating=True
    ),
    "numeric": Kind(guess=None, free_text=True, recall=True),
    # Ticking a random subset earns full credit with probability 2^-n; partial credit
    # (a HARD) makes luck likelier than that, so a flat rate rather than the exact one.
    "multiple_response": Kind(guess=0.15),
    # A prediction within a decade on a slider spanning ~20 decades: about one in ten.
    "predict": Kind(guess=0.1, placement=False, recall=True),
}


def is_recall(item_type: str) -> bool:
    """Whether an answer to an item of this type is evidence of recall, not recognition."""
    kind = KINDS.get(item_type)
    return kind is not None and kind.recall


def guess_rate(item_type: str, choices: int, short_answer_guess: float) -> float:
    """The chance of a right answer by luck for an item of ``item_type``."""
    kind = KINDS.get(item_type)
    if kind is None:
        raise TypeError(f"unknown item type {item_type!r}")
    if kind.free_text:
        return short_answer_guess
    if kind.guess is None:
        return 1.0 / max(choices, 1)
    return kind.guess
