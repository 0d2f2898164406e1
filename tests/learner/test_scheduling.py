"""Our FSRS card container agrees with the fsrs package's own review_card."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from fsrs import Card, Rating

from tutor.learner.scheduling import ItemCard, Reviewer

T0 = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


@pytest.mark.parametrize("seed", range(40))
def test_replay_matches_fsrs_review_card(seed: int) -> None:
    rng = random.Random(seed)
    reviewer = Reviewer()
    scheduler = reviewer.scheduler  # the package's own Scheduler, with our steps
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


def test_preview_gives_the_interval_of_each_rating() -> None:
    from tutor.learner.scheduling import format_interval

    reviewer = Reviewer()
    fresh = reviewer.preview(None, T0.timestamp())
    assert fresh[1] == 600 and fresh[2] == 900  # again: 10 min; hard: 15 min
    assert DAY_S <= fresh[3] < fresh[4]  # good graduates to days; easy further
    card = reviewer.review(ItemCard(due=T0.timestamp()), 3, T0.timestamp())
    later = card.due + 3600
    after = reviewer.preview(card, later)
    assert after[1] < after[2] < after[3] < after[4]
    assert after[3] == reviewer.review(card, 3, later).due - later
    assert [format_interval(x) for x in (59, 600, 7200, 2 * DAY_S, 90 * DAY_S, 800 * DAY_S)] == [
        "1 min",
        "10 min",
        "2 h",
        "2 d",
        "3 mo",
        "2.2 y",
    ]


DAY_S = 86400.0
