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

from tutor.content.outline import ItemOutline, TopicOutline
from tutor.items.kinds import guess_rate
from tutor.learner.config import LearnerConfig


@dataclass(frozen=True)
class BKTParams:
    p_init: float
    p_learn: float
    p_slip: float
    p_guess: float


def item_guess(item: ItemOutline, config: LearnerConfig) -> float:
    """The chance of a right answer by luck, from the item's type (see ``tutor.items.kinds``)."""
    return guess_rate(item.type, item.choices, config.guess_short_answer)


def topic_params(topic: TopicOutline, config: LearnerConfig) -> BKTParams:
    """The topic's parameters; ``p_guess`` is the topic override or -1 (use the item's)."""
    o = topic.bkt
    return BKTParams(
        p_init=o.get("p_init", config.p_init),
        p_learn=o.get("p_learn", config.p_learn),
        p_slip=o.get("p_slip", config.p_slip),
        p_guess=o.get("p_guess", -1.0),
    )


def posterior(p_known: float, correct: bool, *, p_slip: float, p_guess: float) -> float:
    """P(known) after one answer, before the learning transition."""
    if correct:
        num = p_known * (1.0 - p_slip)
        den = num + (1.0 - p_known) * p_guess
    else:
        num = p_known * p_slip
        den = num + (1.0 - p_known) * (1.0 - p_guess)
    return num / den if den > 0 else p_known


def update(
    p_known: float, correct: bool, *, p_slip: float, p_guess: float, p_learn: float
) -> float:
    """Posterior after one answer, then the learning transition."""
    after = posterior(p_known, correct, p_slip=p_slip, p_guess=p_guess)
    return after + (1.0 - after) * p_learn


def one_sitting_odds(topic: TopicOutline, config: LearnerConfig) -> float:
    """The odds against guessing (see ``LearnerConfig.mastery_guess_odds``) that answering every
    item of the topic rightly at one sitting gives, weakest evidence first, from the prior.

    Each item counts once per study day, so below the mastery odds a topic can never be
    mastered in one sitting: even a learner who knows it all must come back the next day.
    """
    p = topic_params(topic, config)
    known, odds = p.p_init, 1.0
    guesses = [p.p_guess if p.p_guess >= 0 else item_guess(i, config) for i in topic.items]
    for guess in sorted(guesses, reverse=True):
        right = known * (1.0 - p.p_slip) + (1.0 - known) * guess
        odds *= right / guess if guess > 0 else 1.0
        known = update(known, True, p_slip=p.p_slip, p_guess=guess, p_learn=p.p_learn)
    return odds
