"""Evidence rules: what counts towards mastery, and what only schedules reviews."""

from __future__ import annotations

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
    svc = make_service(six())
    for item in ("m1", "t1", "m2", "t2", "m3"):
        answer_right(svc, item)
    st = svc.topic_state("t")
    assert st.mastery >= 0.95 and st.status is TopicStatus.IN_PROGRESS  # no recall yet
    out = answer_right(svc, "s1")
    assert out.newly_mastered == ("t",)


def test_without_the_recall_rule_recognition_suffices(make_service) -> None:
    svc = make_service(six(), config=LearnerConfig(mastery_needs_recall=False))
    for item in ("m1", "t1", "m2", "t2", "m3"):
        answer_right(svc, item)
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
