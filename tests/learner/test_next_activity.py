"""Next activity: lessons first, interleaved items, reviews when due, goal and no-goal order."""

from __future__ import annotations

from tutor.learner.config import LearnerConfig

from .conftest import answer_right, answer_wrong, course_of, mc, sa, tf, topic


def test_lesson_comes_before_items_and_items_follow_it(make_service, diamond) -> None:
    svc = make_service(diamond)
    act = svc.next_activity()
    assert (act.kind, act.topic_id, act.item_id) == ("lesson", "a", None)
    assert act.reason == "New topic unlocked: A"
    svc.lesson_seen("a")
    act = svc.next_activity()
    assert act.kind == "item" and act.topic_id == "a"


def test_never_the_same_item_twice_in_a_row_and_types_interleave(make_service, clock) -> None:
    course = course_of(topic("t", [], [mc("m1"), mc("m2"), tf("t1"), tf("t2"), sa("s1")]))
    svc = make_service(course)
    svc.lesson_seen("t")
    seen: list[str] = []
    for _ in range(5):
        act = svc.next_activity()
        assert act.kind == "item"
        seen.append(act.item_id)
        answer_wrong(svc, act.item_id)  # stays unmastered
    # least practised first: all five items once, in alternating types
    assert sorted(seen) == ["m1", "m2", "s1", "t1", "t2"]
    types = [course.item(i).type for i in seen]
    assert all(a != b for a, b in zip(types, types[1:])), types
    # every item answered today: a repeat would test memory of the feedback, so none
    act = svc.next_activity()
    assert act.kind == "done" and act.reason == "T: every question answered today; more tomorrow"
    clock.advance(days=1)
    for _ in range(5):
        act = svc.next_activity()
        assert act.item_id != seen[-1]
        seen.append(act.item_id)
        answer_wrong(svc, act.item_id)


def test_exclude_item_is_respected(make_service) -> None:
    course = course_of(topic("t", [], [mc("m1"), mc("m2")]))
    svc = make_service(course)
    svc.lesson_seen("t")
    first = svc.next_activity().item_id
    assert svc.next_activity(exclude_item=first).item_id != first


def test_goal_path_order_and_done(make_service, diamond) -> None:
    svc = make_service(
        diamond, config=LearnerConfig(evidence_window_hours=0)
    )  # repeats count: this is about order
    svc.set_goal("c")  # path a -> c; b is not needed
    visited = []
    for _ in range(200):
        act = svc.next_activity()
        if act.kind == "done":
            break
        if act.kind == "lesson":
            visited.append(act.topic_id)
            svc.lesson_seen(act.topic_id)
        else:
            answer_right(svc, act.item_id)
    assert visited == ["a", "c"]
    assert act.kind == "done" and act.reason == "Goal reached: C"


def test_without_goal_the_earliest_available_topic_in_topo_order(make_service, diamond) -> None:
    svc = make_service(diamond)
    svc.mark_known("a")
    assert svc.next_activity().topic_id == "b"
    svc.mark_known("b")
    assert svc.next_activity().topic_id == "c"
    svc.mark_known("e")
    act = svc.next_activity()
    assert act.kind == "done" and act.reason == "Everything in the course is mastered"


def test_due_reviews_appear_after_time_passes(make_service, clock, diamond) -> None:
    svc = make_service(
        diamond, config=LearnerConfig(evidence_window_hours=0, mastery_guess_odds=1.0)
    )  # repeats count, and BKT alone decides: this is about reviews
    svc.lesson_seen("a")
    for item in ("a-mc1", "a-tf1", "a-mc2", "a-mc1"):
        answer_right(svc, item)
    assert svc.topic_state("a").status.value == "mastered"
    assert svc.due_reviews() == [] and svc.reviews_due_count() == 0
    nxt = svc.next_activity()
    assert nxt.kind == "lesson" and nxt.topic_id == "b"
    clock.advance(days=30)
    due = svc.due_reviews()
    assert set(due) == {"a-mc1", "a-tf1", "a-mc2"}
    assert svc.reviews_due_count() == 3 == svc.history().reviews_due
    act = svc.next_activity()
    assert act.kind == "review" and act.topic_id == "a" and act.item_id in due
    assert act.reason == "Review due: A"


def test_a_wrong_answer_is_due_again_within_minutes(make_service, clock, diamond) -> None:
    svc = make_service(diamond)
    answer_wrong(svc, "a-mc1")
    clock.advance(minutes=9)
    assert svc.due_reviews() == []
    clock.advance(minutes=1)
    assert svc.due_reviews() == ["a-mc1"]


def test_a_right_first_answer_is_not_repeated_the_same_session(
    make_service, clock, diamond
) -> None:
    svc = make_service(diamond)
    answer_right(svc, "a-mc1")
    clock.advance(hours=12)
    assert svc.due_reviews() == []  # it graduated: its next review is days away
    clock.advance(days=10)
    assert svc.due_reviews() == ["a-mc1"]


def test_relearning_is_capped_so_failures_do_not_flood(make_service, clock) -> None:
    from tutor.learner.config import LearnerConfig

    course = course_of(topic("t", [], [mc(f"m{i}") for i in range(8)]))
    svc = make_service(course, config=LearnerConfig(relearn_limit=3))
    for i in range(8):
        answer_wrong(svc, f"m{i}")
    clock.advance(minutes=16)
    assert sorted(svc.due_reviews()) == ["m0", "m1", "m2"]  # the rest wait for tomorrow
    clock.advance(hours=21)
    assert len(svc.due_reviews()) == 8


def test_reviews_are_capped_in_a_row(make_service, clock) -> None:
    course = course_of(
        topic("old", [], [mc(f"o{i}") for i in range(8)]),
        topic("new", ["old"], [mc("n1"), mc("n2")]),
    )
    # without implicit review credit, so that every old item stays due
    config = LearnerConfig(max_reviews_in_row=2, sibling_review_weight=0, fire_weight=0)
    svc = make_service(course, config=config)
    for i in range(8):
        answer_right(svc, f"o{i}")
    svc.lesson_seen("new")
    clock.advance(days=60)
    kinds = []
    for _ in range(6):
        act = svc.next_activity()
        kinds.append(act.kind)
        answer_right(svc, act.item_id)
    assert kinds == ["review", "review", "item", "review", "review", "item"]


def test_a_right_answer_reviews_its_topic_and_credits_prerequisites(make_service, clock) -> None:
    course = course_of(
        topic("old", [], [mc(f"o{i}") for i in range(4)]),
        topic("new", ["old"], [mc(f"n{i}") for i in range(4)]),
    )
    svc = make_service(course, config=LearnerConfig(sibling_review_weight=0.0))
    for i in range(4):
        answer_right(svc, f"o{i}")
        answer_right(svc, f"n{i}")
    clock.advance(days=60)
    assert len(svc.due_reviews()) == 8
    answer_right(svc, "n0", source="review")
    due = svc.due_reviews()
    assert not any(i.startswith("o") for i in due)  # the prerequisite was exercised
    assert {"n1", "n2", "n3"} <= set(due)  # siblings not credited at weight 0


def test_daily_new_topic_limit(make_service, clock) -> None:
    course = course_of(
        *(topic(f"t{i}", [], [mc(f"t{i}-m{k}") for k in range(4)]) for i in range(4))
    )
    svc = make_service(course, config=LearnerConfig(new_topics_per_day=2, mastery_guess_odds=1.0))
    lessons = 0
    for _ in range(30):
        act = svc.next_activity()
        if act.kind == "done":
            break
        if act.kind == "lesson":
            lessons += 1
            svc.lesson_seen(act.topic_id)
        else:
            answer_right(svc, act.item_id)
    assert lessons == 2
    assert act.kind == "done" and act.reason == "Today's new topics are done: more tomorrow"
    clock.advance(days=1)
    assert svc.next_activity().kind == "lesson"
