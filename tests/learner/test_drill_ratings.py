"""Drill short answers are stored at once (provisional); the learner's later rating is a
``rating`` event that the fold applies as if it had been given with the answer."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest

from tutor.cli import main
from tutor.content.course import Course
from tutor.learner.flows import Attempt, DrillFlow, DrillScore, QuestionStep
from tutor.learner.service import TutorService
from tutor.learner.store import ProgressStore

from .conftest import T0, Clock, course_of, mc, sa, topic

RIGHT, WRONG = "the gradient", "no idea at all"


@pytest.fixture
def course() -> Course:
    return course_of(
        topic("a", [], [sa("a-s1", RIGHT), sa("a-s2", RIGHT), mc("a-1")]),
        topic("b", ["a"], [sa("b-s1", RIGHT), mc("b-1")]),
    )


def _state(svc: TutorService) -> dict[str, Any]:
    """Everything the fold derived, without the last event's number (a rating adds one)."""
    data = json.loads(svc._state.to_json())
    del data["seq"]
    return data


def _drill(
    svc: TutorService,
    clock: Clock,
    answers: Sequence[tuple[str, object, int | None]],
    ratings: dict[str, int],
) -> DrillFlow:
    """One drill: ``(item, response, rating at answer time)`` each a minute apart, then the
    score screen's ``ratings`` for the short answers."""
    flow = DrillFlow(svc, [item for item, _r, _n in answers])
    for item, response, rating in answers:
        step = flow.next_step()
        assert isinstance(step, QuestionStep) and step.item_id == item
        flow.answer(Attempt(response, rating=rating, latency_ms=9000))
        clock.advance(minutes=1)
    assert isinstance(flow.next_step(), DrillScore)
    for item, rating in ratings.items():
        flow.rate(item, rating)
    return flow


def _twins(
    make_service: Callable[..., TutorService],
    course: Course,
    clock: Clock,
    tmp_path: Path,
    plan: Sequence[Sequence[tuple[str, object, int | None]]],
) -> tuple[TutorService, TutorService]:
    """The same drills twice: short answers rated on the score screen, and rated with each
    answer (other items as the plan says in both)."""
    later = make_service(course, tmp_path / "later.db")
    for drill in plan:
        short = {i: n for i, _r, n in drill if course.item(i).type == "short_answer"}
        asked = [(i, r, None if i in short else n) for i, r, n in drill]
        _drill(later, clock, asked, {i: n for i, n in short.items() if n is not None})
        clock.advance(hours=2)
    clock.now = T0
    at_once = make_service(course, tmp_path / "at-once.db")
    for drill in plan:
        _drill(at_once, clock, list(drill), {})
        clock.advance(hours=2)
    return later, at_once


def test_a_drill_short_answer_is_committed_before_the_next_question(
    make_service, course, tmp_path
) -> None:
    db = tmp_path / "p.db"
    svc = make_service(course, db)
    flow = DrillFlow(svc, ["a-s1", "a-1"])
    flow.next_step()
    flow.answer(Attempt(RIGHT, latency_ms=4000))
    # the process could die here: another connection already sees the answer
    with ProgressStore(db) as other:
        [event] = other.events()
    assert event.kind == "answer" and event.item_id == "a-s1"
    assert event.payload["source"] == "drill" and event.payload["provisional"] is True
    suggested = event.payload["rating"]
    assert flow.result.pending[0].rating == suggested
    assert flow.next_step().item_id == "a-1"  # type: ignore[union-attr]
    # a restart without rating: the answer counts with the grader's suggestion
    survivor = make_service(course, db)
    assert survivor.topic_state("a").answered == 1
    assert _state(survivor) == _state(svc)


@pytest.mark.parametrize(
    ("response", "rating"),
    [(RIGHT, 1), (RIGHT, 2), (RIGHT, 4), (WRONG, 3), (WRONG, 4), (RIGHT, 3)],
)
def test_a_later_rating_counts_as_if_given_with_the_answer(
    make_service, course, clock, tmp_path, response, rating
) -> None:
    plan = [[("a-s1", response, rating), ("a-1", 0, None), ("b-s1", RIGHT, 3), ("a-s2", WRONG, 2)]]
    later, at_once = _twins(make_service, course, clock, tmp_path, plan)
    answers = [e for e in later.events() if e.kind == "answer"]
    assert all(e.payload["provisional"] for e in answers if e.item_id != "a-1")
    ratings = [e for e in later.events() if e.kind == "rating"]
    assert [(e.item_id, e.payload["rating"]) for e in ratings] == [
        ("a-s1", rating),
        ("b-s1", 3),
        ("a-s2", 2),
    ]
    assert _state(later) == _state(at_once)
    assert later.topic_state("a").mastery == at_once.topic_state("a").mastery


def test_the_rating_changes_mastery_and_the_card(make_service, course, clock, tmp_path) -> None:
    """A wrong-looking answer the learner rates Easy: the fold must move, not keep the guess."""
    svc = make_service(course, tmp_path / "p.db")
    flow = _drill(svc, clock, [("a-s1", WRONG, None)], {})
    provisional = _state(svc)
    assert flow.result.pending[0].rating == 1
    flow.rate("a-s1", 4)
    assert flow.result.correct == 1 and not flow.result.pending
    rated = _state(svc)
    assert rated["mastery"]["a"] > provisional["mastery"]["a"]
    assert rated["cards"]["a-s1"] != provisional["cards"]["a-s1"]
    assert rated["totals"][1] == provisional["totals"][1] + 1


def test_replay_equals_live_and_drills_count_once(make_service, course, clock, tmp_path) -> None:
    """Two drills of the same short answer two hours apart, each rated differently from the
    grader: the live state, a rebuild, a restart from a snapshot taken before the ratings,
    and the answers rated at once all agree (the second drill gives no new evidence)."""
    first = [("a-s1", WRONG, 4), ("b-s1", RIGHT, 1)]
    second = [("a-s1", RIGHT, 1), ("a-1", 0, None)]
    later, at_once = _twins(make_service, course, clock, tmp_path, [first, second])
    live = _state(later)
    assert live == _state(at_once)
    later.rebuild()
    assert _state(later) == live
    assert "a-s1" in live["drilled"] and live["totals"][0] == 4


def test_a_snapshot_before_the_rating_catches_up(make_service, course, clock, tmp_path) -> None:
    db = tmp_path / "p.db"
    svc = make_service(course, db)
    flow = _drill(svc, clock, [("a-s1", WRONG, None), ("a-1", 0, None)], {})
    svc.close()  # saves a snapshot holding the provisional rating
    other = make_service(course, db)
    other.confirm_rating("a-s1", flow._seqs["a-s1"], 4, previous=1)
    reopened = make_service(course, db)
    assert _state(reopened) == _state(other)
    with ProgressStore(db) as store:
        store._conn.execute("DELETE FROM derived")
    assert _state(make_service(course, db)) == _state(other)
    assert _state(other)["correct"] == {"a": 2}


def test_a_rating_that_points_nowhere_is_kept_and_ignored(make_service, course, tmp_path) -> None:
    svc = make_service(course, tmp_path / "p.db")
    plain = svc.record_answer("a-s1", WRONG, source="drill")
    before = _state(svc)
    svc.confirm_rating("a-s1", plain.seq, 4, previous=1)  # not a provisional answer
    svc.confirm_rating("a-s2", 999, 4, previous=1)  # no such answer
    assert _state(svc) == before
    svc.rebuild()
    assert _state(svc) == before
    assert [e.kind for e in svc.events()] == ["answer", "rating", "rating"]
    with pytest.raises(ValueError, match="1 to 4"):
        svc.confirm_rating("a-s1", plain.seq, 5, previous=1)


def test_export_lists_the_rating_event(make_service, course, clock, tmp_path, capsys) -> None:
    db = tmp_path / "p.db"
    svc = make_service(course, db)
    flow = _drill(svc, clock, [("a-s1", WRONG, None)], {"a-s1": 3})
    svc.close()
    assert main(["progress", "export", "--db", str(db)]) == 0
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert [(r["kind"], r["item_id"]) for r in lines] == [("answer", "a-s1"), ("rating", "a-s1")]
    assert lines[0]["rating"] == 1 and lines[0]["provisional"] is True
    assert lines[1]["answer"] == lines[0]["seq"] == flow._seqs["a-s1"]
    assert lines[1]["rating"] == 3 and lines[1]["previous"] == 1
    out = tmp_path / "log.csv"
    assert main(["progress", "export", "--db", str(db), "--format", "csv", "-o", str(out)]) == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [r["kind"] for r in rows] == ["answer", "rating"] and rows[1]["rating"] == "3"
