from tutor.learner.hints import hint_cap


def test_each_rung_of_the_ladder_costs_credit() -> None:
    assert [hint_cap(n, 2) for n in (0, 1, 2, 3)] == [4, 3, 2, 1]
    assert hint_cap(1, 0) == 1  # a ladder that is only a worked solution


def test_the_cap_is_applied_to_a_stored_answer(make_service) -> None:  # type: ignore[no-untyped-def]
    from .conftest import course_of, tf, topic

    svc = make_service(course_of(topic("a", [], [tf("a-1")])))
    item = svc.course.item("a-1")
    outcome = svc.record_answer("a-1", item.answer, rating=4, hints_used=1)
    assert int(outcome.rating) == 1  # a-1 has no hints: its one rung is past them
