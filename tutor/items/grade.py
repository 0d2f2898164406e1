"""Building grades: every item type returns a :class:`tutor.grading.result.Grade`.

The learner model, the screens and the logs read a grade the same way whatever the
type; these helpers build the common cases.
"""

from __future__ import annotations

from tutor.grading.result import Grade, Rating

__all__ = ["Grade", "Rating", "right", "wrong"]


def right(method: str = "exact", score: float = 1.0, feedback: str | None = None) -> Grade:
    return Grade(True, Rating.GOOD, method, feedback, score=score)


def wrong(method: str = "exact", feedback: str | None = None, score: float = 0.0) -> Grade:
    return Grade(False, Rating.AGAIN, method, feedback, score=score)
