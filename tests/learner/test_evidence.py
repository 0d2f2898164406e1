"""Evidence rules: what counts towards mastery, and what only schedules reviews."""

from __future__ import annotations

import datetime as dt

import pytest

from tutor.learner.config import LearnerConfig
from tutor.learner.models import TopicStatus

from .conftest import answer_right, answer_wrong, course_of, mc, sa, tf, topic


def six() -> object:
    return course_of(
        topic(
            "t",
            [],
            [mc("m1"), tf("t1"), mc("m2", right=2), tf("t2", answer=False), sa("s1"), mc("m3")],
        )
    )


def test_repeats_within_the_window_do_not_move_mastery(make_service) -> None:
    svc = make_service(six())
    first = answer_right(svc, "m1")
    again = [answer_right(svc, "m1") for _ in range(10)]
    assert first.mastery_after > first.mastery_before
    assert all(o.mastery_after == o.mastery_before == first.mastery_after for o in again)
    assert svc.topic_state("t").status is TopicStatus.IN_PROGRESS


def test_a_repeat_counts_again_once_the_window_has_passed(make_service, clock) -> None:
    svc = make_service(six())
    answer_right(svc, "m1")
    clock.advance(hours=21)
    out = answer_right(svc, "m1")
    assert out.mastery_after > out.mastery_before


def test_repeats_still_schedule_reviews(make_service, clock) -> None:
    svc = make_service(six())
    answer_wrong(svc, "m1")
    clock.advance(minutes=11)  # the one same-session step: 10 minutes
    assert "m1" in svc.due_reviews()
    answer_right(svc, "m1", source="review")
    assert "m1" not in svc.due_reviews()


def test_mastered_needs_a_recall_item_among_three_distinct_ones(make_service, clock) -> None:
    svc = make_service(six(), config=LearnerConfig(mastery_guess_odds=1.0))  # the rule alone
    for item in ("m1", "t1", "m2", "t2", "m3"):
        answer_right(svc, item)
    st = svc.topic_state("t")
    assert st.mastery >= 0.95 and st.status is TopicStatus.IN_PROGRESS  # no recall yet
    out = answer_right(svc, "s1")
    assert out.newly_mastered == ("t",)


def test_without_the_recall_rule_recognition_suffices(make_service, clock) -> None:
    config = LearnerConfig(mastery_needs_recall=False, mastery_guess_odds=30.0)
    svc = make_service(six(), config=config)
    for item in ("m1", "t1", "m2", "t2", "m3"):
        answer_right(svc, item)
    # five right recognitions are 19x likelier known than guessed: not yet 30x
    assert svc.topic_state("t").status is TopicStatus.IN_PROGRESS
    clock.advance(days=1)
    answer_right(svc, "m1")  # a new day: the item counts again
    assert svc.topic_state("t").status is TopicStatus.MASTERED


def test_an_i_guessed_answer_gives_no_credit_and_rates_hard(make_service) -> None:
    svc = make_service(six())
    out = answer_right(svc, "s1", guessed=True)
    assert out.mastery_after == out.mastery_before
    assert int(out.rating) == 2
    wrong = answer_wrong(svc, "m1", guessed=True)
    assert int(wrong.rating) == 1


def test_drill_answers_count_once_per_item(make_service, clock) -> None:
    svc = make_service(six())
    first = answer_right(svc, "m1", source="drill")
    clock.advance(days=2)
    again = answer_right(svc, "m1", source="drill")
    assert first.mastery_after > first.mastery_before
    assert again.mastery_after == again.mastery_before
    clock.advance(days=2)
    learn = answer_right(svc, "m1")
    assert learn.mastery_after > learn.mastery_before


def test_evidence_rules_survive_a_rebuild_and_a_snapshot(make_service, tmp_path, clock) -> None:
    db = tmp_path / "p.db"
    svc = make_service(six(), db)
    for item in ("m1", "m1", "t1", "s1", "m2"):
        answer_right(svc, item)
        clock.advance(minutes=1)
    live = svc.topic_state("t")
    svc.close()
    reopened = make_service(six(), db)  # from the snapshot
    assert reopened.topic_state("t") == live
    reopened.rebuild()
    assert reopened.topic_state("t") == live


def test_every_answer_explains_the_mastery_change(make_service, clock) -> None:
    svc = make_service(six())
    out = answer_right(svc, "m1")
    why = out.why
    assert why is not None and why.counted and why.correct
    assert why.prior == out.mastery_before and why.learnt == out.mastery_after
    # Bayes with slip 0.1, guess 1/4, from 0.1: 0.09 / (0.09 + 0.225), then learning 0.15
    assert abs(why.posterior - 0.09 / 0.315) < 1e-9
    assert abs(why.learnt - (why.posterior + (1 - why.posterior) * 0.15)) < 1e-9
    assert why.lines()[0].startswith("prior 10% → right (slip 10%, guess 25%) → 29%")
    # the model gave a right answer 0.315 against a guesser's 0.25
    assert "answers 1.26× likelier known than guessed (mastery needs" in why.lines()[0]
    again = answer_right(svc, "m1").why
    assert again is not None and not again.counted
    assert "already counted today" in again.lines()[0]
    clock.advance(days=30)
    later = answer_right(svc, "t1").why
    assert later is not None and later.recall is not None and later.recall < 0.9
    assert later.shown < later.learnt and len(later.lines()) == 2


def test_interval_preview_labels_each_rating(make_service) -> None:
    svc = make_service(six())
    labels = svc.interval_preview("m1")
    assert labels[1] == "10 min" and labels[2] == "15 min" and labels[3].endswith(" d")


def test_forgotten_topics_read_as_shaky(make_service, clock) -> None:
    svc = make_service(six(), config=LearnerConfig(mastery_guess_odds=1.0))
    for item in ("m1", "t1", "s1", "m2", "t2"):
        answer_right(svc, item)
    fresh = svc.topic_state("t")
    assert fresh.status is TopicStatus.MASTERED and not fresh.shaky
    clock.advance(days=200)
    old = svc.topic_state("t")
    assert old.status is TopicStatus.MASTERED and old.shaky
    assert old.mastery < fresh.mastery and old.learnt == fresh.learnt


def test_choice_answers_are_rated_by_time_against_the_usual(make_service, clock) -> None:
    svc = make_service(six())
    assert int(answer_right(svc, "m1", latency_ms=5_000).rating) == 4  # prior 25 s: fast
    assert int(answer_right(svc, "m2", latency_ms=25_000).rating) == 3
    assert int(answer_right(svc, "m3", latency_ms=60_000).rating) == 2  # slow: hard
    assert int(answer_right(svc, "t1", latency_ms=None).rating) == 3
    assert int(answer_wrong(svc, "t2", latency_ms=1_000).rating) == 1
    # once this learner's own times exist, they set the usual
    for _ in range(3):
        clock.advance(days=2)
        answer_right(svc, "m1", latency_ms=4_000)
    assert int(answer_right(svc, "m1", latency_ms=9_000).rating) == 2


def test_time_to_goal_uses_priors_then_the_learners_pace(make_service, clock) -> None:
    from tutor.learner.simulation import synthetic_chain_course

    config = LearnerConfig(mastery_guess_odds=1.0)  # six right answers master a topic
    svc = make_service(synthetic_chain_course(8, items_per_topic=6), config=config)
    svc.set_goal("step-08")
    first = svc.time_to_goal()
    assert first is not None and first.from_prior and first.topics == 8
    assert first.seconds == 8 * (18.0 * 40.0 + 180.0)  # priors: 18 answers of 40 s, a lesson
    for t in range(1, 5):  # master four topics, fast answers
        svc.lesson_seen(f"step-{t:02d}")
        for q in range(1, 7):
            answer_right(svc, f"step-{t:02d}-q{q}", latency_ms=10_000)
    later = svc.time_to_goal()
    assert later is not None and not later.from_prior and later.topics == 4
    assert later.seconds_per_answer == 10.0 and later.seconds < first.seconds / 2
    assert "at your pace" in later.describe()


def test_a_topic_with_two_recall_items_needs_both_in_the_run(make_service) -> None:
    """A guess hits a recall item about one time in ten: one lucky recall in a run of right
    answers is not enough where the topic has two to ask."""
    course = course_of(topic("t", [], [mc("m1"), mc("m2"), mc("m3"), mc("m4"), sa("s1"), sa("s2")]))
    svc = make_service(course, config=LearnerConfig(mastery_guess_odds=1.0))  # this rule alone
    for item in ("m1", "s1", "m2", "m3", "m4"):
        answer_right(svc, item)
    state = svc.topic_state("t")
    assert state.mastery >= 0.95 and state.status is TopicStatus.IN_PROGRESS
    assert answer_right(svc, "s2").newly_mastered == ("t",)
    one = make_service(course, config=LearnerConfig(mastery_guess_odds=1.0, mastery_recall_items=1))
    for item in ("m1", "s1", "m2"):
        answer_right(one, item)
    assert one.topic_state("t").status is TopicStatus.MASTERED


@pytest.mark.parametrize("ahead", [12.0, 0.0])
def test_implicit_review_credits_a_prerequisite_due_later_today(make_service, clock, ahead) -> None:
    """A right answer on a topic reviews what it builds on: a prerequisite's review due in six
    hours is deferred (with fire_ahead_hours 12), not asked again this evening."""
    course = course_of(
        topic("a", [], [mc("a1")]),
        topic("b", ["a"], [mc("b1"), mc("b2")]),
    )
    config = LearnerConfig(fire_ahead_hours=ahead, mastery_guess_odds=1.0)
    svc = make_service(course, config=config)
    answer_right(svc, "a1", latency_ms=20_000)
    due = svc._state.cards["a1"].due
    clock.now = dt.datetime.fromtimestamp(due - 6 * 3600, dt.UTC)
    answer_right(svc, "b1", latency_ms=20_000)
    clock.advance(hours=7)  # a1's original due time has passed
    assert ("a1" in svc.due_reviews()) is (ahead == 0.0)
