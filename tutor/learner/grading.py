"""Grading one response to one item: a verdict, a suggested rating, and why.

Every item type but short answers grades itself (``tutor.items``). Short answers are
graded by :mod:`tutor.grading.short_answer` (numbers in words, polarity, ordered
steps, lemmas, synonyms, confidence), with the synonyms of the item's topic.
The grader suggests a rating; the learner confirms it, and when the grader is
unsure it suggests nothing, so a borderline call never silently updates mastery.
"""

from __future__ import annotations

from collections.abc import Sequence

from tutor.content.schema import Item
from tutor.grading.result import Grade, Rating
from tutor.grading.short_answer import GOOD_MIN_SHARE, key_point_covered

__all__ = [
    "GOOD_MIN_SHARE",
    "HARD_MIN_SHARE",
    "Grade",
    "Rating",
    "grade",
    "key_point_covered",
    "rating_for_share",
    "verdict_of",
]

HARD_MIN_SHARE = 0.5
"""For callers that rate by a share alone (no clauses to read): at least half is Hard."""


def grade(item: Item, response: object, synonyms: Sequence[Sequence[str]] = ()) -> Grade:
    """Grade ``response`` against ``item``.

    Each item type grades itself (see ``tutor.items``); free-text types read the
    response with the topic's ``synonyms`` groups. A response of the wrong type or an
    unknown choice is a ``ValueError`` (a caller bug or corrupt input, never a silent
    "wrong").
    """
    return item.grade(response, synonyms)


def rating_for_share(share: float) -> Rating:
    """The suggested rating for the share of key points covered, nothing else known."""
    if share >= GOOD_MIN_SHARE:
        return Rating.GOOD
    if share >= HARD_MIN_SHARE:
        return Rating.HARD
    return Rating.AGAIN


def verdict_of(g: Grade) -> str:
    """A grade as a human grader's verdict: correct (Good or better), partial (Hard),
    wrong (Again), or unsure (no suggestion)."""
    if g.unsure:
        return "unsure"
    if g.suggested_rating >= Rating.GOOD:
        return "correct"
    return "partial" if g.suggested_rating == Rating.HARD else "wrong"
