"""Credit for an answer given after hints: the more the learner was shown, the less it counts.

Math Academy and Anki users expect a hint to cost something, or the ladder
becomes the quickest way through. One hint caps the rating at Good (no Easy
interval), two or more at Hard (still recalled, a short interval), and the
worked solution at Again: after reading the answer, answering proves nothing.
"""

from __future__ import annotations

AGAIN, HARD, GOOD, EASY = 1, 2, 3, 4


def hint_cap(hints_used: int, ladder: int) -> int:
    """The best rating an answer can earn after ``hints_used`` rungs of a ladder of
    ``ladder`` hints (a rung past the hints is the worked solution)."""
    if hints_used <= 0:
        return EASY
    if hints_used > ladder:
        return AGAIN
    return GOOD if hints_used == 1 else HARD
