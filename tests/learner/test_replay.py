"""A replay of the log must give exactly the state the live fold gave, event by event.

Random learners exercise every kind of event the fold reads (answers from every source,
guessed, timed, rated later, claims and their undoing, placements, lessons, goals,
settings) at gaps from seconds to weeks, so relearning caps, evidence windows, daily
limits and implicit review all come into play; the live state, a full rebuild, a
fresh start from the log alone and a snapshot restore must serialise identically.
"""

from __future__ import annotations

import random
from collections.abc import Callable

import pytest

from tests.learner.conftest import Clock, answer_right, answer_wrong
from tutor.learner.service import TutorService
from tutor.learner.simulation import synthetic_chain_course
from tutor.learner.store import ProgressStore

GAPS = (5.0, 40.0, 300.0, 1800.0, 4000.0, 30_000.0, 90_000.0, 400_000.0, 2_000_000.0)


def _answer(svc: TutorService, rng: random.Random, items: list[str]) -> int | None:
    """One answer with random flags; the seq of a provisional one (to rate it later)."""
    item = rng.choice(items)
    source = rng.choice(("learn", "learn", "review", "drill", "placement"))
    kw: dict[str, object] = {"source": source}
    if rng.random() < 0.8:
        kw["latency_ms"] = rng.choice((rng.randint(300, 60_000), 0, 5_000_000))
    if rng.random() < 0.1:
        kw["guessed"] = True
    if rng.random() < 0.3:
        kw["rating"] = rng.randint(1, 4)
    provisional = source == "drill" and rng.random() < 0.5
    kw["provisional"] = provisional
    answer = answer_right if rng.random() < 0.7 else answer_wrong
    out = answer(svc, item, **kw)
    return out.seq if provisional else None


def _step(svc: TutorService, rng: random.Random, pending: list[tuple[str, int, int]]) -> None:
    """One random learner action (answers most often)."""
    topics = list(svc.course.outline)
    items = [i.id for t in svc.course.outline.values() for i in t.items]
    roll = rng.random()
    if roll < 0.7:
        seq = _answer(svc, rng, items)
        if seq is not None:
            row = svc.store.rows(seq - 1)[0]
            pending.append((row[4] or "", seq, row[6] or 1))
    elif roll < 0.76 and pending:
        item, seq, previous = pending.pop(rng.randrange(len(pending)))
        svc.confirm_rating(item, seq, rng.randint(1, 4), previous=previous)
    elif roll < 0.84:
        svc.lesson_seen(rng.choice(topics))
    elif roll < 0.88:
        svc.mark_known(rng.choice(topics))
    elif roll < 0.91:
        svc.unmark_known(rng.choice(topics))
    elif roll < 0.93:
        svc.set_goal(rng.choice([*topics, None]))
    elif roll < 0.95:
        svc.set_setting(rng.choice(("theme", "pace")), rng.choice(("a", "b")))
    elif roll < 0.97:
        svc.start_placement(rng.choice(topics), max_questions=rng.randint(1, 5))
    else:
        chosen = rng.sample(topics, rng.randint(1, 4))
        posterior = {t: rng.choice((0.3, 0.6, 0.95, 1.0)) for t in chosen}
        svc.record_placement(chosen[0], chosen, 0, questions=3, posterior=posterior)


@pytest.mark.parametrize("seed", range(6))
def test_a_random_log_replays_to_the_live_state(
    seed: int, make_service: Callable[..., TutorService], clock: Clock, tmp_path
) -> None:
    rng = random.Random(seed)
    course = synthetic_chain_course(8, seed=seed, extras=3)
    db = tmp_path / "p.db"
    svc = make_service(course, db)
    pending: list[tuple[str, int, int]] = []
    for _ in range(260):
        _step(svc, rng, pending)
        clock.advance(seconds=rng.choice(GAPS))
    live = svc._state.to_json()
    assert svc.history().items_answered > 100
    svc.rebuild()
    assert svc._state.to_json() == live
    svc._state.load_json(live)
    assert svc._state.to_json() == live
    svc.close()
    with ProgressStore(db) as store:
        store._conn.execute("DELETE FROM derived")
    assert make_service(course, db)._state.to_json() == live
