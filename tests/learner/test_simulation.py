"""The simulated learners meet the placement and efficiency targets on a 68-topic chain.

One simulator drives the app's flows (:mod:`tutor.learner.sim_learners`); these are the
targets the older, day-less simulator used to check, measured on it.
"""

from __future__ import annotations

import pytest

from tutor.learner.sim_learners import evaluate, run_one
from tutor.learner.simulation import synthetic_chain_course


@pytest.mark.slow
def test_targets_on_a_synthetic_68_topic_chain() -> None:
    course = synthetic_chain_course(68, extras=5, items_per_topic=6)
    report = evaluate(
        course,
        "step-68",
        models=("prefix",),
        learners=60,
        seed=1,
        probe_prefix=60,
        probe_learners=10,
    )
    tidy = report.models[0]
    assert report.path_length == 68
    assert tidy.placement_within_window is not None and tidy.placement_within_window >= 0.9
    assert tidy.placement_questions_max is not None and tidy.placement_questions_max <= 10
    assert tidy.unfinished == 0
    assert report.probe_ratio >= 2.5


def test_a_run_reaches_the_goal_and_placement_saves_items() -> None:
    course = synthetic_chain_course(15, items_per_topic=6)
    a = run_one(course, "step-15", "prefix", 7, seed=3, adaptive=True)
    assert a == run_one(course, "step-15", "prefix", 7, seed=3, adaptive=True)
    assert a.reached_goal and a.questions <= 10
    b = run_one(course, "step-15", "prefix", 7, seed=3, adaptive=False)
    assert b.reached_goal and b.estimated_frontier is None
    assert b.answers > a.answers
