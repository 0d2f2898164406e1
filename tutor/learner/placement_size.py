"""How long a placement is worth being, given how much of the path is left.

A placement saves the learner from re-learning what they already know; with
only a topic or two ahead, answering its questions costs about what learning
those topics does, so none is offered. Otherwise the test scales with the
path: about two questions per topic ahead, up to the configured maximum.
"""

from __future__ import annotations

MIN_TOPICS_AHEAD = 3
"""Fewer topics than this ahead: go straight to learning them."""
QUESTIONS_PER_TOPIC = 2


def placement_questions(topics_ahead: int, most: int) -> int:
    """The placement's question budget for ``topics_ahead`` topics not yet done; 0 = none."""
    if topics_ahead < MIN_TOPICS_AHEAD:
        return 0
    return max(1, min(most, QUESTIONS_PER_TOPIC * topics_ahead))
