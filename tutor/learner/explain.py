"""Why mastery moved after an answer, as numbers the learner can check.

Built from the state just before and just after the answer was folded in: the prior,
whether the answer counted as evidence (and why not), Bayes' rule with the slip and
guess rates, the learning step, and the recall FSRS predicts now (forgetting).
"""

from __future__ import annotations

from dataclasses import dataclass

from tutor.learner import bkt
from tutor.learner.state import LearnerState


@dataclass(frozen=True)
class MasteryChange:
    prior: float
    counted: bool
    skipped_because: str | None
    correct: bool
    p_slip: float
    p_guess: float
    posterior: float
    """After Bayes' rule, before the learning step."""
    p_learn: float
    learnt: float
    """P(learnt) after the learning step."""
    guess_odds: float
    """How many times likelier the topic's counted answers are from knowing than from guessing."""
    odds_needed: float
    recall: float | None
    """FSRS's predicted recall of the topic's reviewed items now (None: nothing reviewed yet)."""
    shown: float

    def lines(self) -> list[str]:
        """One or two lines: 'prior 62% → right (slip 10%, guess 25%) → 86% → learning step
        15% → 88%' and the forgetting factor."""
        pct = _pct
        if not self.counted:
            first = f"mastery stays {pct(self.prior)}: {self.skipped_because}"
        else:
            verdict = "right" if self.correct else "wrong"
            first = (
                f"prior {pct(self.prior)} → {verdict} (slip {pct(self.p_slip)}, guess "
                f"{pct(self.p_guess)}) → {pct(self.posterior)} → learning step "
                f"{pct(self.p_learn)} → {pct(self.learnt)}; answers {_times(self.guess_odds)} "
                f"likelier known than guessed (mastery needs {_times(self.odds_needed)})"
            )
        if self.recall is None:
            return [first]
        return [first, f"recall predicted now {pct(self.recall)} → shown {pct(self.shown)}"]


def _pct(x: float) -> str:
    return f"{100 * x:.0f}%"


def _times(x: float) -> str:
    return f"{x:.3g}×" if x < 100 else f"{x:,.0f}×"


def explain(
    state: LearnerState,
    topic_id: str,
    item_id: str,
    *,
    prior: float,
    correct: bool,
    skipped_because: str | None,
    now: float,
) -> MasteryChange:
    """The change an answer just made (``prior`` is P(learnt) before it was folded in)."""
    p = state.params[topic_id]
    guess = state.item_info[item_id][1]
    posterior = (
        bkt.posterior(prior, correct, p_slip=p.p_slip, p_guess=guess)
        if skipped_because is None
        else prior
    )
    learnt = state.mastery_of(topic_id)
    recall = state.recall(topic_id, now)
    return MasteryChange(
        prior=prior,
        counted=skipped_because is None,
        skipped_because=skipped_because,
        correct=correct,
        p_slip=p.p_slip,
        p_guess=guess,
        posterior=posterior,
        p_learn=p.p_learn if skipped_because is None else 0.0,
        learnt=learnt,
        guess_odds=state.odds_against_guessing(topic_id),
        odds_needed=state.config.mastery_guess_odds,
        recall=recall,
        shown=learnt if recall is None else learnt * recall,
    )
