"""Spaced-repetition cards per item, scheduled by FSRS (the ``fsrs`` package's model).

The parameters, learning steps and constants come from the package's public
``Scheduler`` (its ``parameters``, ``learning_steps``, ``relearning_steps``,
``maximum_interval``); previews of the next interval per rating go through its
public ``review_card``. The package's ``review_card`` copies a ``Card`` of ``datetime``
objects and goes through several keyword-argument method calls per review,
which made replaying 100,000 logged answers take seconds; here a card is a
slotted record of floats (UNIX seconds), and the FSRS-6 formulas and the
state machine of ``Scheduler.review_card`` are written out once with the
parameters bound to locals. A test checks that both agree exactly on random
review histories, so an upgrade of the package that changes the model fails
loudly rather than drifting. Fuzzing is off: it draws from the global random generator,
and a rebuild from the log must give the same due dates as the live run.
"""

from __future__ import annotations

import datetime as dt
import math

from fsrs import Card, Rating, Scheduler, State
from fsrs.scheduler import MAX_DIFFICULTY, MIN_DIFFICULTY, STABILITY_MIN

LEARNING, REVIEW, RELEARNING = State.Learning.value, State.Review.value, State.Relearning.value
DAY = 86400.0
LEARNING_STEPS = (dt.timedelta(minutes=10),)
"""One same-session step: a right first answer graduates at once (a repeat minutes later
would test memory of the feedback, which mastery ignores anyway); a wrong or hard one
comes back in 10-15 minutes."""
UTC = dt.UTC


class ItemCard:
    """One item's FSRS memory state; times are UNIX seconds (UTC)."""

    __slots__ = ("difficulty", "due", "last", "stability", "state", "step")

    def __init__(
        self,
        state: int = LEARNING,
        step: int | None = 0,
        stability: float | None = None,
        difficulty: float | None = None,
        due: float = 0.0,
        last: float | None = None,
    ) -> None:
        self.state = state
        self.step = step
        self.stability = stability
        self.difficulty = difficulty
        self.due = due
        self.last = last

    def as_list(self) -> list[object]:
        return [self.state, self.step, self.stability, self.difficulty, self.due, self.last]

    def to_fsrs(self) -> Card:
        return Card(
            card_id=0,
            state=State(self.state),
            step=self.step,
            stability=self.stability,
            difficulty=self.difficulty,
            due=dt.datetime.fromtimestamp(self.due, UTC),
            last_review=dt.datetime.fromtimestamp(self.last, UTC)
            if self.last is not None
            else None,
        )


def _days(seconds: float) -> int:
    """Whole days, floored, as ``timedelta.days`` gives them."""
    return int(seconds // DAY)


class Reviewer:
    """Applies one rating to a card at a time, with an ``fsrs.Scheduler``'s parameters."""

    def __init__(self, desired_retention: float = 0.9) -> None:
        self.scheduler = s = Scheduler(
            desired_retention=desired_retention,
            learning_steps=LEARNING_STEPS,
            relearning_steps=LEARNING_STEPS,
            enable_fuzzing=False,
        )
        self._learning = [step.total_seconds() for step in s.learning_steps]
        self._relearning = [step.total_seconds() for step in s.relearning_steps]
        self.w = w = s.parameters
        self._decay = -w[20]  # FSRS-6: the decay is the last parameter
        self._factor = 0.9 ** (1 / self._decay) - 1
        self._interval_scale = (desired_retention ** (1 / s._DECAY) - 1) / s._FACTOR
        self._max_interval = s.maximum_interval
        self._easy_d0 = w[4] - math.exp(w[5] * 3) + 1  # initial difficulty of Easy, unclamped
        self._bind()

    def preview(self, card: ItemCard | None, t: float) -> dict[int, float]:
        """Seconds until the item is due again for each rating (1-4) given at ``t``, from the
        package's own ``Scheduler.review_card`` (so the preview is the package's word)."""
        when = dt.datetime.fromtimestamp(t, UTC)
        base = Card(card_id=0, due=when) if card is None else card.to_fsrs()
        out: dict[int, float] = {}
        for r in (1, 2, 3, 4):
            after, _log = self.scheduler.review_card(base, Rating(r), review_datetime=when)
            out[r] = max(0.0, (after.due - when).total_seconds())
        return out

    # -- FSRS-6 formulas (as in fsrs.Scheduler) ------------------------------------------

    def retrievability(self, card: ItemCard, t: float) -> float:
        if card.last is None or card.stability is None:
            return 0.0
        elapsed = max(0, _days(t - card.last))
        return (1 + self._factor * elapsed / card.stability) ** self._decay

    def _memory(self, c: ItemCard, r: int, t: float) -> tuple[float, float]:
        """Stability (short-term within a day) and difficulty of a reviewed card after
        rating ``r`` at ``t``: the FSRS-6 formulas, with the per-rating factors of
        ``_bind`` (computed as the package computes them, so the floats are the same)."""
        s: float = c.stability  # type: ignore[assignment]
        d: float = c.difficulty  # type: ignore[assignment]
        w = self.w
        if c.last is not None and (t - c.last) // DAY < 1:
            inc = self._short_inc[r] * s ** -w[19]
            if r >= 2:
                inc = max(inc, 1.0)
            stability = max(s * inc, STABILITY_MIN)
        else:
            rr = self.retrievability(c, t)
            if r == 1:
                long_term = (
                    w[11] * d ** -w[12] * ((s + 1) ** w[13] - 1) * math.exp((1 - rr) * w[14])
                )
                value = min(long_term, s / self._short_fail)
            else:
                value = s * (
                    1
                    + self._exp_w8
                    * (11 - d)
                    * s ** -w[9]
                    * (math.exp((1 - rr) * w[10]) - 1)
                    * self._recall_factor[r]
                )
            stability = max(value, STABILITY_MIN)
        arg2 = d + (10.0 - d) * self._d_step[r] / 9.0
        difficulty = min(max(self._d_mean + self._d_keep * arg2, MIN_DIFFICULTY), MAX_DIFFICULTY)
        return stability, difficulty

    def _bind(self) -> None:
        """Per-rating terms of the formulas, computed once exactly as the package writes them:
        the factor ``exp(w17 (r - 3 + w18))`` of short-term stability, the Hard and Easy
        multipliers of recall stability (times one is exact), the difficulty step
        ``-(w6 (r - 3))`` and the initial stability and difficulty."""
        w = self.w
        self._short_inc = [0.0] + [math.exp(w[17] * (r - 3 + w[18])) for r in (1, 2, 3, 4)]
        self._short_fail = math.exp(w[17] * w[18])
        self._exp_w8 = math.exp(w[8])
        self._recall_factor = [1.0, 1.0, w[15], 1.0, w[16]]
        self._d_step = [0.0] + [-(w[6] * (r - 3)) for r in (1, 2, 3, 4)]
        self._d_mean = w[7] * self._easy_d0
        self._d_keep = 1 - w[7]
        self._s0 = [0.0] + [max(w[r - 1], STABILITY_MIN) for r in (1, 2, 3, 4)]
        self._d0 = [0.0] + [
            min(max(w[4] - math.exp(w[5] * (r - 1)) + 1, MIN_DIFFICULTY), MAX_DIFFICULTY)
            for r in (1, 2, 3, 4)
        ]

    def interval(self, s: float) -> float:
        """Seconds to the next review for stability ``s`` (days) at the desired retention."""
        return min(max(round(s * self._interval_scale), 1), self._max_interval) * DAY

    # -- the state machine (as in fsrs.Scheduler.review_card, without fuzzing) -----------

    def review(self, card: ItemCard, rating: int, t: float) -> ItemCard:
        """A new card after rating ``card`` (1-4) at time ``t``."""
        state = card.state
        if state == REVIEW:
            s, d = self._memory(card, rating, t)
            if rating == 1 and self._relearning:
                return ItemCard(RELEARNING, 0, s, d, t + self._relearning[0], t)
            return ItemCard(REVIEW, card.step, s, d, t + self.interval(s), t)
        if state != LEARNING and state != RELEARNING:
            raise ValueError(f"unknown card state {state}")
        if state == LEARNING and (card.stability is None or card.difficulty is None):
            s, d = self._s0[rating], self._d0[rating]
        else:
            s, d = self._memory(card, rating, t)
        return self._step(state, card.step, s, d, rating, t)

    def _step(
        self, state: int, step: int | None, s: float, d: float, rating: int, t: float
    ) -> ItemCard:
        """A (re)learning card after ``rating``: its next step, or graduation to review."""
        steps = self._learning if state == LEARNING else self._relearning
        at = step if step is not None else 0
        if len(steps) == 0 or (at >= len(steps) and rating >= 2) or rating == 4:
            return ItemCard(REVIEW, None, s, d, t + self.interval(s), t)
        if rating == 1:
            return ItemCard(state, 0, s, d, t + steps[0], t)
        if rating == 2:
            return ItemCard(state, step, s, d, t + _hard_step(steps, at), t)
        if at + 1 == len(steps):
            return ItemCard(REVIEW, None, s, d, t + self.interval(s), t)
        return ItemCard(state, at + 1, s, d, t + steps[at + 1], t)


def _hard_step(steps: list[float], step: int) -> float:
    """A Hard rating repeats the current step (between the first two when on the first)."""
    if step == 0 and len(steps) == 1:
        return steps[0] * 1.5
    if step == 0 and len(steps) >= 2:
        return (steps[0] + steps[1]) / 2.0
    return steps[step]


def format_interval(seconds: float) -> str:
    """'10 min', '5 h', '2 d', '3 mo', '1.2 y': as Anki labels its rating buttons."""
    minutes = seconds / 60
    if minutes < 60:
        return f"{max(1, round(minutes))} min"
    hours = minutes / 60
    if hours < 24:
        return f"{round(hours)} h"
    days = hours / 24
    if days < 30:
        return f"{round(days)} d"
    if days < 365:
        return f"{round(days / 30)} mo"
    return f"{days / 365:.1f} y"
