"""What grading returns: a verdict, a suggested rating, how sure the grader is, and why."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum


class Rating(IntEnum):
    """FSRS ratings; ``>= HARD`` counts as a correct recall."""

    AGAIN = 1
    HARD = 2
    GOOD = 3
    EASY = 4


UNSURE_BELOW = 0.5
"""A grade with a lower confidence is "unsure": the learner rates with no suggestion."""


@dataclass(frozen=True)
class Grade:
    correct: bool
    suggested_rating: Rating
    method: str
    """How the verdict was reached: exact, accepted, wrong_answer, fuzzy, value, key_points or none."""
    feedback: str | None
    """The chosen choice's feedback, a matched wrong answer's feedback, or a TF wrong_feedback."""
    key_points_hit: tuple[str, ...] = ()
    key_points_missed: tuple[str, ...] = ()
    score: float = 0.0
    """0..1: 1 for a right answer, the share of key points covered for key-point grading."""
    confidence: float = 1.0
    """0..1: how sure the grader is of ``suggested_rating``; below :data:`UNSURE_BELOW`
    the screen asks the learner to compare with the model answer and rate, unprompted."""
    doubt: str | None = None
    """Why the grader is unsure: mixed polarity, a half-covered point, a number near the answer."""
    decided_by: tuple[tuple[str, str], ...] = ()
    """(key point, the answer's clause that covered or contradicted it)."""
    contradicted: tuple[str, ...] = ()
    """Key points the answer denies ("clipping does not keep the direction")."""
    misplaced: tuple[str, ...] = ()
    """For ordered key points: the steps the answer gives out of order."""

    @property
    def unsure(self) -> bool:
        return self.confidence < UNSURE_BELOW
