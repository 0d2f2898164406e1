"""Grading one response to one item: a verdict, a suggested rating, and why.

Multiple-choice and true/false items are graded exactly here. Short answers are
graded by :mod:`tutor.grading.short_answer` (numbers in words, polarity, ordered
steps, lemmas, synonyms, confidence), with the synonyms of the item's topic.
The grader suggests a rating; the learner confirms it, and when the grader is
unsure it suggests nothing, so a borderline call never silently updates mastery.
"""

from __future__ import annotations

from collections.abc import Sequence

from tutor.content.schema import Item, MultipleChoice, ShortAnswer, TrueFalse
from tutor.grading.result import Grade, Rating
from tutor.grading.short_answer import GOOD_MIN_SHARE, grade_short, key_point_covered

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


def grade(item: Item, response: int | bool | str, synonyms: Sequence[Sequence[str]] = ()) -> Grade:
    """Grade ``response`` against ``item``.

    multiple_choice: the chosen choice's index (int); true_false: bool;
    short_answer: str, read with the topic's ``synonyms`` groups. A response of the
    wrong type or an index out of range is a ``ValueError`` (a caller bug or corrupt
    input, never a silent "wrong").
    """
    if isinstance(item, MultipleChoice):
        return _grade_choice(item, response)
    if isinstance(item, TrueFalse):
        return _grade_true_false(item, response)
    if isinstance(item, ShortAnswer):
        if not isinstance(response, str):
            raise ValueError(
                f"a short-answer item takes a text response, not {type(response).__name__}"
            )
        return grade_short(item, response, synonyms)
    raise ValueError(f"cannot grade an item of type {type(item).__name__}")


def _grade_choice(item: MultipleChoice, response: object) -> Grade:
    if isinstance(response, bool) or not isinstance(response, int):
        raise ValueError(
            f"a multiple-choice item takes a choice index, not {type(response).__name__}"
        )
    if not 0 <= response < len(item.choices):
        raise ValueError(
            f"choice {response} is out of range: the item has {len(item.choices)} choices"
        )
    choice = item.choices[response]
    return Grade(
        correct=choice.correct,
        suggested_rating=Rating.GOOD if choice.correct else Rating.AGAIN,
        method="exact",
        feedback=choice.feedback,
        score=1.0 if choice.correct else 0.0,
    )


def _grade_true_false(item: TrueFalse, response: object) -> Grade:
    if not isinstance(response, bool):
        raise ValueError(f"a true/false item takes true or false, not {type(response).__name__}")
    right = response == item.answer
    return Grade(
        correct=right,
        suggested_rating=Rating.GOOD if right else Rating.AGAIN,
        method="exact",
        feedback=None if right else item.wrong_feedback,
        score=1.0 if right else 0.0,
    )


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
