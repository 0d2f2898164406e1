"""Placement on a chain: exact with a perfect learner, close despite one slip or one guess."""

from __future__ import annotations

import pytest

from tutor.learner.models import TopicStatus
from tutor.learner.simulation import synthetic_chain_course

from .conftest import course_of, mc, topic


@pytest.fixture(scope="module")
def chain():
    return synthetic_chain_course(68)


def run(svc, goal, answer) -> tuple:
    session = svc.start_placement(goal)
    asked = []
    while (item := session.next_item()) is not None:
        asked.append(item)
        topic_id = svc.course.topic_of(item).id
        session.answer(item, answer(len(asked), topic_id, svc.course.item(item)))
    return session.finish(), asked


def respond(item, right: bool):
    if item.type == "multiple_choice":
        return item.correct_index if right else (item.correct_index + 1) % len(item.choices)
    if item.type == "true_false":
        return item.answer if right else not item.answer
    return item.accepted_answers[0] if right else "no idea"


def index(topic_id: str) -> int:
    return int(topic_id.split("-")[1]) - 1


@pytest.mark.parametrize("k", [0, 1, 17, 34, 50, 67, 68])
def test_perfect_learner_is_placed_exactly(make_service, chain, k) -> None:
    """Exactly, except at the very bottom: placement reads a wrong answer as a slip as often
    as one in three, so ten questions may stop one topic short of the first; it then places
    the learner at the first topic rather than above any right answer."""
    svc = make_service(chain)
    result, asked = run(svc, "step-68", lambda n, t, item: respond(item, index(t) < k))
    if k <= 1 and result.frontier_index != k:
        assert result.frontier_index == 0 and result.known == ()
        return
    assert result.frontier_index == k
    assert result.questions == len(asked) <= 10
    assert result.frontier == (f"step-{k + 1:02d}" if k < 68 else None)
    assert result.known == tuple(f"step-{i + 1:02d}" for i in range(k))
    states = {s.topic_id: s.status for s in svc.all_states()}
    assert all(states[f"step-{i + 1:02d}"] is TopicStatus.KNOWN for i in range(k))
    if k < 68:
        assert states[result.frontier] in (TopicStatus.AVAILABLE, TopicStatus.IN_PROGRESS)


@pytest.mark.parametrize("k", [10, 30, 45, 60])
@pytest.mark.parametrize("flip", [1, 2, 3])
def test_one_slip_or_lucky_guess_stays_close(make_service, chain, k, flip) -> None:
    """The ``flip``-th answer is the opposite of what the learner knows (a slip or a guess)."""
    svc = make_service(chain)
    result, _ = run(svc, "step-68", lambda n, t, item: respond(item, (index(t) < k) != (n == flip)))
    assert abs(result.frontier_index - k) <= 2
    assert result.questions <= 10


def test_placement_answers_are_recorded_but_schedule_no_reviews(make_service, clock, chain) -> None:
    svc = make_service(chain)
    run(svc, "step-68", lambda n, t, item: respond(item, index(t) < 20))
    kinds = [e.kind for e in svc.events()]
    assert kinds[0] == "placement_start" and kinds[-1] == "placement"
    assert set(kinds[1:-1]) == {"answer"}
    assert all(e.payload["source"] == "placement" for e in svc.events()[1:-1])
    clock.advance(days=400)
    assert svc.due_reviews() == []


def test_off_path_ancestors_are_inferred_and_off_path_others_are_not(make_service) -> None:
    # chain p1 -> p2 -> p3 -> p4 -> goal; side s feeds p3; leaf l hangs off p1
    items = lambda t: [mc(f"{t}-1"), mc(f"{t}-2", right=2)]  # noqa: E731
    course = course_of(
        topic("p1", [], items("p1")),
        topic("s", [], items("s")),
        topic("p2", ["p1"], items("p2")),
        topic("p3", ["p2", "s"], items("p3")),
        topic("l", ["p1"], items("l")),
        topic("p4", ["p3"], items("p4")),
        topic("goal", ["p4"], items("goal")),
    )
    svc = make_service(course)
    known = {"p1", "p2", "p3", "s"}
    result, _ = run(svc, "goal", lambda n, t, item: respond(item, t in known))
    assert result.path == ("p1", "p2", "p3", "p4", "goal")
    assert result.frontier == "p4"
    assert set(result.known) == {"p1", "p2", "s", "p3"}
    assert svc.topic_state("l").status is TopicStatus.AVAILABLE
    [event] = [e for e in svc.events() if e.kind == "placement"]
    assert event.payload["frontier"] == "p4" and event.topic_id == "goal"


def test_never_more_than_the_question_budget(make_service, chain) -> None:
    svc = make_service(chain)
    session = svc.start_placement("step-68", max_questions=4)
    n = 0
    while (item := session.next_item()) is not None:
        session.answer(item, respond(svc.course.item(item), n % 2 == 0))
        n += 1
    assert n == 4 and session.done
    assert session.finish().questions == 4


def test_finishing_without_answers_assumes_nothing(make_service, chain) -> None:
    svc = make_service(chain)
    result = svc.start_placement("step-68").finish()
    assert (result.frontier, result.known, result.questions) == ("step-01", (), 0)
    assert all(s.status.value != "known" for s in svc.all_states())


def test_a_path_without_gradable_items_asks_nothing(make_service) -> None:
    from .conftest import course_of, topic

    course = course_of(topic("a", [], []), topic("b", ["a"], []))
    svc = make_service(course)
    session = svc.start_placement("b")
    assert session.next_item() is None and session.done
    assert session.finish().frontier == "a"


def test_an_interrupted_placement_resumes_with_its_answers(tmp_path, clock, chain) -> None:
    from tutor.learner.service import TutorService
    from tutor.learner.store import ProgressStore

    db = tmp_path / "p.db"
    svc = TutorService(chain, ProgressStore(db), clock=clock)
    session = svc.start_placement("step-68")
    asked = []
    for _ in range(3):
        item = session.next_item()
        assert item is not None
        asked.append(item)
        session.answer(item, respond(chain.item(item), index(chain.topic_of(item).id) < 30))
    svc.store.close()  # a kill: nothing finished, nothing saved beyond the answers
    again = TutorService(chain, ProgressStore(db), clock=clock)
    assert again.pending_placement() == "step-68"
    resumed = again.resume_placement()
    assert resumed is not None and resumed.questions == 3
    assert [i for i, _ in resumed.answers] == asked
    assert resumed.next_item() not in asked
    while (item := resumed.next_item()) is not None:
        resumed.answer(item, respond(chain.item(item), index(chain.topic_of(item).id) < 30))
    result = resumed.finish()
    assert result.questions <= 10 and abs(result.frontier_index - 30) <= 3
    assert again.pending_placement() is None and again.resume_placement() is None
    again.close()


def test_placed_topics_carry_their_doubt_and_a_failed_confirmation_looks_below(
    make_service, chain
) -> None:
    svc = make_service(chain)
    svc.set_goal("step-68")
    result, asked = run(svc, "step-68", lambda n, t, item: respond(item, index(t) < 40))
    asked_topics = {svc.course.topic_of(i).id for i in asked}
    placed = {s.topic_id: s.mastery for s in svc.all_states() if s.status.value == "known"}
    assert abs(result.frontier_index - 40) <= 3 and placed
    unasked = [t for t in placed if t not in asked_topics]
    assert unasked and all(0.5 < placed[t] < 0.97 for t in unasked)  # the hole prior, not 0.97
    act = svc.next_activity()
    assert act.kind == "item" and act.reason.startswith("Confirm placement")
    target = act.topic_id
    assert placed[target] == min(placed.values())  # the most doubtful first
    out = svc.record_answer(act.item_id, respond(chain.item(act.item_id), False))
    assert out.mastery_after < out.mastery_before
    assert svc.topic_state(target).status.value == "known"  # one miss: a slip, or a hole?
    again = svc.next_activity()  # another item of it decides, at once
    assert again.reason.startswith("Confirm placement") and again.topic_id == target
    assert again.item_id != act.item_id
    svc.record_answer(again.item_id, respond(chain.item(again.item_id), False))
    assert svc.topic_state(target).status.value != "known"  # a hole found: it will be taught
    (below,) = svc.course.topics[target].prerequisites  # a chain: one prerequisite
    assert svc.topic_state(below).to_confirm  # placed with doubt, like the target
    assert svc._state.to_confirm[below] == 0.0  # now first in line
    for _ in range(5):  # the next confirmation is that prerequisite
        act = svc.next_activity()
        if act.reason.startswith("Confirm placement"):
            break
        if act.kind == "lesson":
            svc.lesson_seen(act.topic_id)
        else:
            svc.record_answer(act.item_id, respond(chain.item(act.item_id), True))
    assert act.reason.startswith("Confirm placement") and act.topic_id == below


def test_prerequisites_beside_the_path_below_the_frontier_are_placed_to_confirm(
    make_service,
) -> None:
    """Path r a b c d e goal. Beside it: s (depth 1) and w (depth 3, after s and b), which only
    the goal needs, and x (depth 4, after c). A learner who knows r-c, s and w is placed at 4;
    s and w are placed too, to confirm (one question each instead of two lessons), and x,
    level with the frontier's first unknown topic, is not."""

    def t(tid: str, pre: list[str]):
        return topic(tid, pre, [mc(f"{tid}-q{i}") for i in range(3)])

    course = course_of(
        t("r", []),
        t("a", ["r"]),
        t("b", ["a"]),
        t("c", ["b"]),
        t("d", ["c"]),
        t("e", ["d"]),
        t("s", ["r"]),
        t("w", ["s", "b"]),
        t("x", ["c"]),
        t("goal", ["e", "s", "w", "x"]),
    )
    svc = make_service(course)
    knows = {"r", "a", "b", "c", "s", "w"}
    result, asked = run(svc, "goal", lambda n, tid, item: respond(item, tid in knows))
    assert result.path == ("r", "a", "b", "c", "d", "e", "goal")
    assert result.frontier_index == 4
    assert all(svc.course.topic_of(i).id in result.path for i in asked)  # asked on the path
    states = {s.topic_id: s for s in svc.all_states()}
    for tid in ("s", "w"):
        assert states[tid].status is TopicStatus.KNOWN and states[tid].to_confirm, tid
    assert states["x"].status is not TopicStatus.KNOWN
    assert states["d"].status is not TopicStatus.KNOWN


def test_a_right_confirmation_that_leaves_doubt_keeps_the_topic_placed(make_service) -> None:
    """A topic placed at P(known) 0.6 and confirmed by a lucky-looking right answer is still
    in doubt (0.87): it stays placed, and is asked once more, rather than taught again."""
    course = course_of(
        topic("a", [], [mc(f"a-q{i}") for i in range(4)]),
        topic("b", ["a"], [mc(f"b-q{i}") for i in range(4)]),
    )
    svc = make_service(course)
    svc.set_goal("b")
    svc.record_placement("b", ("a", "b"), 1, questions=1, posterior={"a": 0.6})
    act = svc.next_activity()
    assert act.reason.startswith("Confirm placement") and act.topic_id == "a"
    out = svc.record_answer(act.item_id, respond(course.item(act.item_id), True))
    assert 0.6 < out.mastery_after < 0.95
    state = svc.topic_state("a")
    assert state.status is TopicStatus.KNOWN and state.to_confirm
    again = svc.next_activity()
    assert again.reason.startswith("Confirm placement") and again.topic_id == "a"


def test_one_missed_confirmation_then_a_right_one_keeps_the_topic_placed(
    make_service, chain
) -> None:
    """A learner who slips once on a placed topic is not taught it again: a second item of
    it comes next, and a right answer keeps it placed (still to confirm while in doubt)."""
    svc = make_service(chain)
    svc.set_goal("step-68")
    run(svc, "step-68", lambda n, t, item: respond(item, index(t) < 40))
    act = svc.next_activity()
    target = act.topic_id
    svc.record_answer(act.item_id, respond(chain.item(act.item_id), False))
    again = svc.next_activity()
    assert again.topic_id == target and again.item_id != act.item_id
    svc.record_answer(again.item_id, respond(chain.item(again.item_id), True))
    assert svc.topic_state(target).status.value == "known"
    assert svc.topic_state(target).to_confirm  # still in doubt: it will be asked once more
