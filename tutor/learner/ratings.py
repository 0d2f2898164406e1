"""Ratings for items graded automatically (multiple choice, true/false), from response time.

A right answer given much faster than usual was easy, one much slower was hard: the same
right answer scheduled as Good whatever happened treats a lucky guess like a confident
answer. "Usual" is the item's median time for this learner (three or more timed answers),
else their median on items of that type, else a prior; an "I guessed" answer is Hard.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence

EASY_BELOW = 0.6
"""A right answer in under this share of the usual time rates Easy."""
HARD_ABOVE = 1.6
"""... and over this multiple of it, Hard."""
PRIOR_MS = {"multiple_choice": 25_000, "true_false": 15_000}


def usual_ms(item_times: Sequence[int], type_times: Sequence[int], item_type: str) -> float:
    """The time a right answer usually takes here (milliseconds)."""
    if len(item_times) >= 3:
        return float(statistics.median(item_times))
    if len(type_times) >= 5:
        return float(statistics.median(type_times))
    return float(PRIOR_MS.get(item_type, 30_000))


def rate_by_time(correct: bool, latency_ms: int | None, usual: float, *, guessed: bool) -> int:
    """1 (Again) to 4 (Easy)."""
    if not correct:
        return 1
    if guessed:
        return 2
    if latency_ms is None or latency_ms <= 0:
        return 3
    if latency_ms < EASY_BELOW * usual:
        return 4
    if latency_ms > HARD_ABOVE * usual:
        return 2
    return 3
