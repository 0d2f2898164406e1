"""A grade: the verdict on one response, with a suggested rating and why.

Every item type returns one; the learner model, the screens and the logs read it the
same way whatever the type. Plain data, so the types' modules and the grading engine
share it without either importing the other.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum


class Rating(IntEnum):
    """FSRS ratings; ``>= HARD`` counts as a correct recall."""

    AGAIN = 1
    HARD = 2
    GOOD = 3
    EASY = 4


@dataclass(frozen=True)
class Grade:
    correct: bool
    suggested_rating: Rating
    method: str
    """How the verdict was reached: exact, accepted, wrong_answer, fuzzy, key_points,
    tolerance, partial, measured or none."""
    feedback: str | None
    """The chosen choice's feedback, a matched wrong answer's feedback, or a TF wrong_feedback."""
    key_points_hit: tuple[str, ...] = ()
    key_points_missed: tuple[str, ...] = ()
    score: float = 0.0
    """0..1: 1 for a right answer, the share of key points covered for key-point
    grading, the credit earned for a multiple-response item."""
    measured: float | None = None
    """For a predict item: the value the experiment measured."""


def right(method: str = "exact", score: float = 1.0, feedback: str | None = None) -> Grade:
    return Grade(True, Rating.GOOD, method, feedback, score=score)


def wrong(method: str = "exact", feedback: str | None = None, score: float = 0.0) -> Grade:
    return Grade(False, Rating.AGAIN, method, feedback, score=score)
