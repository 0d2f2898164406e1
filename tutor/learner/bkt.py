"""Bayesian Knowledge Tracing: P(topic known) after each answer.

Each answer is evidence about a hidden "knows it" state: a learner who knows
the topic answers rightly unless they slip; one who does not can still guess.
Bayes' rule gives the posterior, then a chance ``p_learn`` that practising
taught the topic. The guess rate depends on the item, not the topic: picking
one of four options is right a quarter of the time by luck, true/false half the
time, a short answer rarely, so the same "right" weighs more on a short answer.
"""

from __future__ import annotations

from dataclasses import dataclass

from tutor.content.schema import Item, MultipleChoice, ShortAnswer, Topic, TrueFalse
from tutor.learner.config import LearnerConfig


@dataclass(frozen=True)
class BKTParams:
    p_init: float
    p_learn: float
    p_slip: float
    p_guess: float


def item_guess(item: Item, config: LearnerConfig) -> float:
    """The chance of a right answer by luck, from the item's type."""
    if isinstance(item, MultipleChoice):
        return 1.0 / len(item.choices)
    if isinstance(item, TrueFalse):
        return 0.5
    if isinstance(item, ShortAnswer):
        return config.guess_short_answer
    raise TypeError(f"unknown item type {type(item).__name__}")


def topic_params(topic: Topic, config: LearnerConfig) -> BKTParams:
    """The topic's parameters; ``p_guess`` is the topic override or -1 (use the item's)."""
    o = topic.bkt
    pick = lambda value, default: default if value is None else value  # noqa: E731
    return BKTParams(
        p_init=pick(o.p_init if o else None, config.p_init),
        p_learn=pick(o.p_learn if o else None, config.p_learn),
        p_slip=pick(o.p_slip if o else None, config.p_slip),
        p_guess=pick(o.p_guess if o else None, -1.0),
    )


def update(p_known: float, correct: bool, *, p_slip: float, p_guess: float, p_learn: float) -> float:
    """Posterior after one answer, then the learning transition."""
    if correct:
        num = p_known * (1.0 - p_slip)
        den = num + (1.0 - p_known) * p_guess
    else:
        num = p_known * p_slip
        den = num + (1.0 - p_known) * (1.0 - p_guess)
    posterior = num / den if den > 0 else p_known
    return posterior + (1.0 - posterior) * p_learn
