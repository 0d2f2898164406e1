"""Our FSRS card container agrees with the fsrs package's own review_card."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from fsrs import Card, Rating, Scheduler

from tutor.learner.scheduling import ItemCard, Reviewer

T0 = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


@pytest.mark.parametrize("seed", range(40))
def test_replay_matches_fsrs_review_card(seed: int) -> None:
    rng = random.Random(seed)
    scheduler = Scheduler(enable_fuzzing=False)
    reviewer = Reviewer()
    theirs = Card(card_id=0, due=T0)
    ours = ItemCard(due=T0.timestamp())
    t = T0
    for _ in range(rng.randint(1, 25)):
        t += dt.timedelta(
            seconds=rng.choice([5, 70, 700, 3600, 86400 * rng.randint(1, 60), 86400 * 400])
        )
        rating = rng.choice([1, 2, 3, 3, 4])
        theirs, _log = scheduler.review_card(theirs, Rating(rating), t)
        ours = reviewer.review(ours, rating, t.timestamp())
        back = ours.to_fsrs()
        assert (back.state, back.step) == (theirs.state, theirs.step)
        assert back.stability == pytest.approx(theirs.stability, rel=1e-12)
        assert back.difficulty == pytest.approx(theirs.difficulty, rel=1e-12)
        assert back.due == theirs.due and back.last_review == theirs.last_review
