"""The headless flows: what each yields, what an answer stores, how each ends."""

from __future__ import annotations

import pytest

from tutor.learner.flows import (
    Attempt,
    DrillFlow,
    DrillScore,
    Finished,
    FlowError,
    LearnFlow,
    LessonStep,
    PlacementDone,
    PlacementFlow,
    QuestionStep,
    ReviewFlow,
    TopicFlow,
)
from tutor.learner.models import recalled

from .conftest import course_of, mc, sa, tf, topic


def right(svc, item_id: str):  # type: ignore[no-untyped-def]
    item = svc.course.item(item_id)
    if item.type == "multiple_choice":
        return item.correct_index
    if item.type == "true_false":
        return item.answer
    return item.accepted_answers[0]


def wrong(svc, item_id: str):  # type: ignore[no-untyped-def]
    item = svc.course.item(item_id)
    if item.type == "multiple_choice":
        return (item.correct_index + 1) % len(item.choices)
    if item.type == "true_false":
        return not item.answer
    return "no idea at all"


def answers(svc) -> list[dict]:  # type: ignore[no-untyped-def]
    return [e.payload | {"item": e.item_id} for e in svc.events() if e.kind == "answer"]


@pytest.fixture
def small():
    return course_of(
        topic("a", [], [mc("a-1"), tf("a-2"), sa("a-3")]),
        topic("b", ["a"], [mc("b-1")]),
    )


def test_recalled_is_hard_or_better() -> None:
    assert [recalled(r) for r in (1, 2, 3, 4)] == [False, True, True, True]


def test_topic_flow_lesson_then_each_item_then_a_summary(make_service, small) -> None:
    svc = make_service(small)
    flow = TopicFlow(svc, "a")
    step = flow.next_step()
    assert step == LessonStep("a")
    with pytest.raises(FlowError):
        flow.answer(Attempt(0))
    flow.lesson_read()
    assert [e.kind for e in svc.events()] == ["lesson"]
    seen = []
    while isinstance(step := flow.next_step(), QuestionStep):
        seen.append((step.item_id, step.number, step.total, step.source))
        assert flow.progress_text() == f"{step.number}/3"
        if step.item_id == "a-3":
            # a confirmed rating wins over the grader's, and Hard counts as recalled
            done = flow.answer(Attempt(wrong(svc, "a-3"), rating=2, latency_ms=1234))
            assert done.recalled and done.outcome is not None and done.outcome.rating == 2
        else:
            flow.answer(Attempt(wrong(svc, step.item_id), latency_ms=50))
    assert seen == [("a-1", 1, 3, "learn"), ("a-2", 2, 3, "learn"), ("a-3", 3, 3, "learn")]
    assert isinstance(step, Finished) and step.body.startswith("1 of 3 right on A.")
    stored = answers(svc)
    assert [(a["item"], a["rating"], a["latency_ms"]) for a in stored] == [
        ("a-1", 1, 50),
        ("a-2", 1, 50),
        ("a-3", 2, 1234),
    ]
    assert flow.next_step() == step  # an ended flow stays ended


def test_preview_grades_without_storing(make_service, small) -> None:
    svc = make_service(small)
    flow = TopicFlow(svc, "a", with_lesson=False)
    flow.next_step()
    assert flow.preview(right(svc, "a-1")).correct
    assert answers(svc) == []


def test_learn_flow_follows_next_activity_skipping_the_item_just_answered(
    make_service, small
) -> None:
    svc = make_service(small)
    flow = LearnFlow(svc)
    expected = svc.next_activity()
    step = flow.next_step()
    assert isinstance(step, LessonStep) and step.topic_id == expected.topic_id == "a"
    flow.lesson_read()
    previous = None
    lessons = ["a"]
    while flow.answered < 8:
        practising = flow.practising is not None
        expected = svc.next_activity(exclude_item=previous)
        step = flow.next_step()
        if isinstance(step, Finished):  # every item answered today: more tomorrow
            assert expected.kind == "done"
            break
        if flow.practising is not None:
            assert practising and isinstance(step, QuestionStep)
        elif isinstance(step, LessonStep):
            assert expected.kind == "lesson" and expected.topic_id == step.topic_id
            lessons.append(step.topic_id)
            flow.lesson_read()
            continue
        else:
            assert isinstance(step, QuestionStep) and step.item_id == expected.item_id
        flow.answer(Attempt(right(svc, step.item_id)))
        previous = step.item_id
    assert lessons[0] == "a" and flow.right == flow.answered >= 3


def test_learn_flow_practises_the_topic_of_the_lesson_before_due_reviews(
    make_service, small, clock
) -> None:
    svc = make_service(small)
    for item_id in ("a-1", "a-2", "a-3"):
        svc.record_answer(item_id, right(svc, item_id), rating=3)
    clock.advance(days=60)
    assert svc.due_reviews()
    flow = LearnFlow(svc)
    flow.current = LessonStep("b")
    flow.lesson_read()
    step = flow.next_step()
    assert isinstance(step, QuestionStep) and (step.item_id, step.source) == ("b-1", "learn")
    flow.answer(Attempt(right(svc, "b-1")))
    expected = svc.next_activity(exclude_item="b-1")
    step = flow.next_step()  # b's one question is done: the planner (and its reviews) again
    assert flow.practising is None
    if expected.kind == "lesson":  # 'a' faded over 60 days: the planner may re-teach it
        assert isinstance(step, LessonStep) and step.topic_id == expected.topic_id
    else:
        assert isinstance(step, QuestionStep) and step.item_id == expected.item_id


def test_review_flow_runs_the_due_items_and_counts_what_was_remembered(
    make_service, small, clock
) -> None:
    svc = make_service(small)
    svc.record_answer("a-1", right(svc, "a-1"))
    svc.record_answer("a-2", right(svc, "a-2"))
    clock.advance(days=60)
    flow = ReviewFlow(svc)
    assert sorted(flow.item_ids) == ["a-1", "a-2"]
    step = flow.next_step()
    assert isinstance(step, QuestionStep) and step.source == "review"
    flow.answer(Attempt(right(svc, step.item_id)))
    step = flow.next_step()
    flow.answer(Attempt(wrong(svc, step.item_id)))
    end = flow.next_step()
    assert end == Finished("Reviews done", "1 of 2 remembered.")
    assert [a["source"] for a in answers(svc)][-2:] == ["review", "review"]


def test_drill_scores_answers_and_ends_at_its_deadline(make_service, small) -> None:
    svc = make_service(small)
    now = [100.0]
    flow = DrillFlow(svc, ["a-1", "a-2", "b-1"], time_limit_s=60, clock=lambda: now[0])
    step = flow.next_step()
    assert isinstance(step, QuestionStep) and step.source == "drill"
    assert not flow.shows_feedback
    flow.answer(Attempt(right(svc, "a-1"), latency_ms=4000))
    flow.next_step()
    flow.answer(Attempt(wrong(svc, "a-2"), latency_ms=2000))
    now[0] += 61
    assert flow.remaining_s() == 0
    end = flow.next_step()
    assert isinstance(end, DrillScore)
    result = end.result
    assert result.timed_out and result.elapsed_s == 61
    assert [(a.item_id, a.correct, a.seconds) for a in result.answers] == [
        ("a-1", True, 4.0),
        ("a-2", False, 2.0),
    ]
    assert result.unanswered == ["b-1"] and [a.item_id for a in result.missed] == ["a-2"]


def test_leaving_a_drill_shows_its_score_but_leaving_a_topic_does_not(make_service, small) -> None:
    svc = make_service(small)
    drill = DrillFlow(svc, ["a-1", "a-2"])
    drill.next_step()
    assert drill.stop() is True
    end = drill.next_step()
    assert isinstance(end, DrillScore) and not end.result.timed_out and end.result.answers == []
    topic_flow = TopicFlow(svc, "a")
    topic_flow.next_step()
    assert topic_flow.stop() is False and topic_flow.remaining_s() is None


def test_placement_flow_asks_then_records_through_the_service(make_service, chain10) -> None:
    svc = make_service(chain10)
    flow = PlacementFlow(svc, "step-10")
    asked = 0
    while isinstance(step := flow.next_step(), QuestionStep):
        asked += 1
        assert step.source == "placement" and step.number == asked
        assert flow.progress_text() == f"question {asked} of at most {flow.max_questions}"
        index = int(svc.course.topic_of(step.item_id).id.split("-")[1])
        response = right(svc, step.item_id) if index <= 4 else wrong(svc, step.item_id)
        done = flow.answer(Attempt(response, latency_ms=700 + asked))
        assert done.outcome is None and done.grade.correct == (index <= 4)
    assert isinstance(step, PlacementDone) and step.goal == "step-10"
    stored = answers(svc)
    assert [(a["source"], a["latency_ms"]) for a in stored] == [
        ("placement", 700 + n) for n in range(1, asked + 1)
    ]
    assert step.result.questions == asked <= flow.max_questions
    assert step.result.frontier == "step-05"
    placements = [e for e in svc.events() if e.kind == "placement"]
    assert len(placements) == 1 and placements[0].payload["frontier"] == "step-05"
    assert flow.next_step() is step  # finished once, recorded once
    assert len([e for e in svc.events() if e.kind == "placement"]) == 1


def test_placement_that_fails_to_record_can_try_again(make_service, chain10, monkeypatch) -> None:
    from tutor.errors import UserError

    svc = make_service(chain10)
    flow = PlacementFlow(svc, "step-10", max_questions=1)
    step = flow.next_step()
    flow.answer(Attempt(right(svc, step.item_id)))
    real = svc.record_placement

    def full_disk(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise UserError("disk full")

    monkeypatch.setattr(svc, "record_placement", full_disk)
    with pytest.raises(UserError):
        flow.next_step()
    monkeypatch.setattr(svc, "record_placement", real)
    assert isinstance(flow.next_step(), PlacementDone)
