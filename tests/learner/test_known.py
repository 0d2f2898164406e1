"""'I know this': inference to ancestors, undo, and evidence beating claims."""

from __future__ import annotations

import pytest

from tutor.errors import UserError
from tutor.learner.models import TopicStatus

from .conftest import answer_right, answer_wrong


def statuses(svc) -> dict[str, str]:
    return {s.topic_id: s.status.value for s in svc.all_states()}


def test_mark_known_infers_ancestors_and_returns_them_in_study_order(make_service, diamond) -> None:
    svc = make_service(diamond)
    assert svc.mark_known("d") == ["a", "b", "c", "d"]
    assert statuses(svc) == {
        "a": "known",
        "b": "known",
        "c": "known",
        "d": "known",
        "e": "available",
    }
    assert svc.mastery("d") == pytest.approx(0.97)
    # already known: nothing new to mark
    assert svc.mark_known("b") == []
    assert svc.mark_known("e") == ["e"]


def test_undo_restores_the_previous_state(make_service, diamond) -> None:
    svc = make_service(diamond)
    answer_right(svc, "a-mc1")
    before = {s.topic_id: (s.status, s.mastery) for s in svc.all_states()}
    svc.mark_known("d")
    svc.unmark_known("d")
    after = {s.topic_id: (s.status, s.mastery) for s in svc.all_states()}
    assert after == before
    assert statuses(svc)["a"] == "in_progress"


def test_undo_keeps_answers_given_since_the_claim(make_service, diamond) -> None:
    svc = make_service(diamond)
    svc.mark_known("b")
    answer_right(svc, "b-mc1")
    svc.unmark_known("b")
    # as if never claimed: one right answer from the prior 0.1
    assert svc.mastery("b") == pytest.approx(0.3928571, abs=1e-6)
    assert svc.topic_state("b").status is TopicStatus.IN_PROGRESS
    assert svc.topic_state("a").status is TopicStatus.AVAILABLE


def test_unmarking_an_inferred_ancestor_takes_only_it_out(make_service, diamond) -> None:
    svc = make_service(diamond)
    svc.mark_known("d")
    svc.unmark_known("b")
    st = statuses(svc)
    assert st["b"] == "available"
    assert st["a"] == st["c"] == st["d"] == "known"


def test_wrong_answers_on_a_known_topic_lower_it_again(make_service, clock, diamond) -> None:
    from tutor.learner.config import LearnerConfig

    svc = make_service(diamond, config=LearnerConfig(mastery_guess_odds=30.0))
    svc.mark_known("c")
    out = answer_wrong(svc, "c-mc1")
    assert out.mastery_before == pytest.approx(0.97)
    # 0.97*0.1 / (0.097 + 0.03*0.75) = 0.8117, then +learning 0.15 -> 0.8400
    assert out.mastery_after == pytest.approx(0.83995, abs=1e-4)
    assert svc.topic_state("c").status is TopicStatus.IN_PROGRESS
    assert svc.topic_state("a").status is TopicStatus.KNOWN
    # evidence can bring it back, to mastered (not merely claimed)
    for item in ("c-mc2", "c-tf1", "c-mc1", "c-mc2", "c-tf1", "c-mc1"):
        clock.advance(days=1)  # a repeat the same day would not count
        answer_right(svc, item)
    assert svc.topic_state("c").status is TopicStatus.MASTERED


def test_right_answers_keep_a_known_topic_known(make_service, diamond) -> None:
    svc = make_service(diamond)
    svc.mark_known("a")
    answer_right(svc, "a-mc1")
    assert svc.topic_state("a").status is TopicStatus.KNOWN
    assert svc.mastery("a") > 0.97


def test_known_state_survives_reopening(tmp_path, make_service, diamond) -> None:
    db = tmp_path / "p.db"
    svc = make_service(diamond, db)
    svc.mark_known("d")
    svc.unmark_known("c")
    svc.close()
    again = make_service(diamond, db)
    assert statuses(again) == {
        "a": "known",
        "b": "known",
        "c": "available",
        "d": "known",
        "e": "available",
    }


def test_unknown_topic_is_a_user_error(make_service, diamond) -> None:
    svc = make_service(diamond)
    with pytest.raises(UserError, match=r"unknown topic 'dd' \(did you mean 'd'\?\)"):
        svc.mark_known("dd")


def test_goal_path_and_progress_skip_known_topics(make_service, diamond) -> None:
    svc = make_service(diamond)
    svc.set_goal("e")
    assert svc.goal == "e"
    assert svc.goal_path() == ["a", "b", "c", "d", "e"]
    assert svc.goal_progress() == (0, 5)
    svc.mark_known("b")
    assert svc.goal_path() == ["c", "d", "e"]
    assert svc.goal_progress() == (2, 5)
    assert svc.topic_state("e").is_goal
    svc.set_goal(None)
    assert svc.goal is None and svc.goal_progress() == (0, 0)
