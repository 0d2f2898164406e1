"""BKT maths against values worked out by hand, and the mastery threshold."""

from __future__ import annotations

import pytest

from tutor.content.outline import outline_of
from tutor.learner import bkt
from tutor.learner.config import LearnerConfig
from tutor.learner.models import TopicStatus

from .conftest import answer_right, answer_wrong, course_of, mc, sa, tf, topic


def test_update_after_a_right_answer_matches_hand_computation() -> None:
    # posterior = 0.1*0.9 / (0.1*0.9 + 0.9*0.25) = 0.09/0.315 = 0.285714...
    # then learning: 0.285714 + 0.714286*0.15 = 0.392857...
    got = bkt.update(0.1, True, p_slip=0.1, p_guess=0.25, p_learn=0.15)
    assert got == pytest.approx(0.09 / 0.315 + (1 - 0.09 / 0.315) * 0.15, abs=1e-12)
    assert got == pytest.approx(0.3928571428571, abs=1e-12)


def test_update_after_a_wrong_answer_matches_hand_computation() -> None:
    # posterior = 0.6*0.1 / (0.6*0.1 + 0.4*0.75) = 0.06/0.36 = 0.1666...
    # then learning: 0.16667 + 0.83333*0.15 = 0.291666...
    got = bkt.update(0.6, False, p_slip=0.1, p_guess=0.25, p_learn=0.15)
    assert got == pytest.approx(0.2916666666666, abs=1e-12)


def test_no_learning_and_certain_knowledge_are_fixed_points() -> None:
    assert bkt.update(1.0, False, p_slip=0.1, p_guess=0.25, p_learn=0.0) == 1.0
    assert bkt.update(0.0, True, p_slip=0.1, p_guess=0.25, p_learn=0.0) == 0.0


def test_guess_rate_comes_from_the_item_type() -> None:
    cfg = LearnerConfig()
    t = outline_of(topic("t", [], [mc("m5", n=5), tf("tf"), sa("s")]))
    m5, t1, s1 = t.items
    assert bkt.item_guess(m5, cfg) == pytest.approx(0.2)
    assert bkt.item_guess(t1, cfg) == 0.5
    assert bkt.item_guess(s1, cfg) == cfg.guess_short_answer == 0.1


def test_topic_overrides_replace_defaults() -> None:
    t = outline_of(topic("t", [], [mc("m")], bkt={"p_init": 0.3, "p_guess": 0.05}))
    p = bkt.topic_params(t, LearnerConfig())
    assert (p.p_init, p.p_learn, p.p_slip, p.p_guess) == (0.3, 0.15, 0.1, 0.05)
    plain = bkt.topic_params(outline_of(topic("u", [], [mc("n")])), LearnerConfig())
    assert plain.p_guess == -1.0  # "use the item's"


def test_service_mastery_follows_the_hand_computed_sequence(make_service) -> None:
    course = course_of(topic("t", [], [mc(f"q{i}") for i in range(6)]))
    svc = make_service(course, config=LearnerConfig(mastery_guess_odds=1.0))  # BKT alone
    expected = 0.1
    for i in range(3):
        out = answer_right(svc, f"q{i}")
        assert out.mastery_before == pytest.approx(expected)
        expected = bkt.update(expected, True, p_slip=0.1, p_guess=0.25, p_learn=0.15)
        assert out.mastery_after == pytest.approx(expected)
    # 0.1 -> 0.3929 -> 0.7447 -> 0.9261: three right answers are not yet mastery
    assert svc.mastery("t") == pytest.approx(0.92609, abs=1e-5)
    assert svc.topic_state("t").status is TopicStatus.IN_PROGRESS
    out = answer_right(svc, "q3")
    assert out.mastery_after == pytest.approx(0.98157, abs=1e-5)
    assert out.newly_mastered == ("t",)
    assert svc.topic_state("t").status is TopicStatus.MASTERED
    # a wrong answer takes it back below 0.95
    out = answer_wrong(svc, "q4")
    assert out.mastery_after < 0.95
    assert svc.topic_state("t").status is TopicStatus.IN_PROGRESS


def test_confirmed_rating_overrides_the_grader(make_service) -> None:
    course = course_of(topic("t", [], [sa("s1", "sigmoid"), mc("m1")]))
    svc = make_service(course)
    out = svc.record_answer("s1", "something else entirely", rating=3)
    assert out.grade.correct is False
    assert int(out.rating) == 3
    # counted as right (rating >= HARD) with the short-answer guess rate 0.1
    assert out.mastery_after == pytest.approx(
        bkt.update(0.1, True, p_slip=0.1, p_guess=0.1, p_learn=0.15)
    )
    assert svc.topic_state("t").correct == 1


def test_threshold_is_configurable(make_service) -> None:
    course = course_of(topic("t", [], [mc(f"q{i}") for i in range(4)]))
    svc = make_service(
        course,
        config=LearnerConfig(mastery_threshold=0.9, known_mastery=0.95, mastery_guess_odds=1.0),
    )
    for i in range(3):
        answer_right(svc, f"q{i}")
    assert svc.topic_state("t").status is TopicStatus.MASTERED  # 0.926 >= 0.9


def test_config_refuses_a_known_prior_below_the_threshold() -> None:
    with pytest.raises(ValueError, match="known_mastery"):
        LearnerConfig(mastery_threshold=0.95, known_mastery=0.9)


def test_a_lucky_streak_is_not_mastery_until_the_odds_against_guessing_are_met(
    make_service,
) -> None:
    """Four right answers out of four options take BKT to 0.98, yet a guesser does that one
    time in 256: the answers are only 25x likelier known than guessed. Mastery waits for the
    configured odds, and comes with the answer that reaches them."""
    course = course_of(topic("t", [], [mc(f"q{i}") for i in range(8)]))
    svc = make_service(course)
    need = svc.config.mastery_guess_odds
    odds = []
    for i in range(8):
        out = answer_right(svc, f"q{i}")
        assert out.why is not None
        odds.append(out.why.guess_odds)
        mastered = svc.topic_state("t").status is TopicStatus.MASTERED
        assert mastered == (out.why.guess_odds >= need), (i, out.why.guess_odds)
        if i == 3:
            assert out.mastery_after > 0.98 and 20 < out.why.guess_odds < 30
    assert odds == sorted(odds) and odds[-1] >= need  # every right answer adds to them


@pytest.mark.parametrize("odds", [1.0, 30.0])
def test_guessers_reach_the_odds_on_a_topic_at_most_once_in_that_many(odds: float) -> None:
    """The odds are a test martingale for a guesser: however long they go on, the chance of
    ever reaching 1/x is at most x (Ville). Here every answer counts (no review window), so
    300 guessers get 60 counted answers each; at odds 1 (BKT and the evidence rules alone)
    more of them are "mastered" than 30x odds would ever allow."""
    import random

    from tutor.learner.service import TutorService
    from tutor.learner.store import MEMORY, ProgressStore

    course = course_of(topic("t", [], [mc(f"q{i}") for i in range(4)] + [sa("s", "yes")]))
    config = LearnerConfig(evidence_window_hours=0, mastery_guess_odds=odds)
    rng = random.Random(7)
    mastered = 0
    for _ in range(300):
        svc = TutorService(course, ProgressStore(MEMORY, durable=False), config=config)
        for n in range(60):
            item = svc.course.item(f"q{n % 4}" if n % 5 else "s")
            lucky = rng.random() < (0.25 if item.type == "multiple_choice" else 0.1)
            (answer_right if lucky else answer_wrong)(svc, item.id)
            if svc.topic_state("t").status is TopicStatus.MASTERED:
                mastered += 1
                break
        svc.close()
    assert mastered > 10 if odds == 1.0 else mastered <= 300 / odds


def test_one_sitting_odds_tell_a_thin_topic_from_one_that_can_be_mastered_today() -> None:
    """Two choices, two true/false and one recall, all right, reach 84x: short of 300x, so
    nobody masters the topic in one sitting (lint's thin-evidence). Three more items do."""
    config = LearnerConfig()
    thin = [mc("a"), mc("b"), tf("c"), tf("d"), sa("e")]
    assert bkt.one_sitting_odds(outline_of(topic("t", [], thin)), config) == pytest.approx(
        83.9, abs=0.1
    )
    rich = outline_of(topic("t", [], [*thin, sa("f"), sa("g"), mc("h")]))
    assert bkt.one_sitting_odds(rich, config) > config.mastery_guess_odds
