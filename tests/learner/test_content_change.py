"""Progress saved against another version of a course: kept, ignored where it no longer fits."""

from __future__ import annotations

from tutor.learner.models import TopicStatus

from .conftest import answer_right, course_of, mc, topic


def test_removed_items_and_topics_are_ignored_not_lost(tmp_path, make_service) -> None:
    db = tmp_path / "p.db"
    old = course_of(
        topic("a", [], [mc("a1"), mc("a2")]),
        topic("gone", ["a"], [mc("g1")]),
        topic("b", ["gone"], [mc("b1"), mc("b2")]),
    )
    svc = make_service(old, db)
    svc.set_goal("b")
    svc.mark_known("gone")
    answer_right(svc, "a1")
    answer_right(svc, "g1")
    answer_right(svc, "b1")
    svc.lesson_seen("gone")
    svc.close()

    new = course_of(
        topic("a", [], [mc("a2"), mc("a3")]),  # a1 removed
        topic("b", ["a"], [mc("b1"), mc("b2")]),
    )
    again = make_service(new, db)
    assert len(again.events()) == 6  # nothing deleted
    states = {s.topic_id: s for s in again.all_states()}
    assert set(states) == {"a", "b"}
    assert states["a"].status is TopicStatus.KNOWN  # from the claim on 'gone', which covered 'a'
    assert states["a"].answered == 0  # the answer to a1 no longer counts
    assert states["b"].answered == 1
    assert again.goal == "b"
    assert again.next_activity().topic_id == "b"
    assert again.history().items_answered == 1  # only b1 still exists
    assert again.due_reviews(limit=50) == [] or set(again.due_reviews(limit=50)) <= {"b1"}


def test_goal_that_no_longer_exists_is_dropped(tmp_path, make_service) -> None:
    db = tmp_path / "p.db"
    svc = make_service(course_of(topic("a", [], [mc("a1")]), topic("z", ["a"], [mc("z1")])), db)
    svc.set_goal("z")
    svc.close()
    again = make_service(course_of(topic("a", [], [mc("a1")])), db)
    assert again.goal is None
    assert again.next_activity().topic_id == "a"


def test_damaged_payloads_do_not_crash(tmp_path, make_service) -> None:
    db = tmp_path / "p.db"
    course = course_of(topic("a", [], [mc("a1")]))
    svc = make_service(course, db)
    svc.store._conn.execute(
        "INSERT INTO events (ts, kind, topic_id, item_id, payload) VALUES "
        "('2026-03-02T12:00:00+00:00', 'answer', 'a', 'a1', 'not json'),"
        "('2026-03-02T12:00:00+00:00', 'answer', 'a', 'a1', '{\"rating\": \"x\"}'),"
        "('2026-03-02T12:00:00+00:00', 'known', 'a', NULL, '[1, 2]'),"
        "('2026-03-02T12:00:00+00:00', 'future-kind', 'a', NULL, '{}')"
    )
    svc.rebuild()
    assert svc.topic_state("a").answered == 0
    answer_right(svc, "a1")
    assert svc.topic_state("a").answered == 1
