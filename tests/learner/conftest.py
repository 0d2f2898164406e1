"""Fixtures for the engine tests: small courses built in code, a clock we control."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from tutor.content.course import Course
from tutor.content.schema import Topic
from tutor.learner.service import TutorService
from tutor.learner.simulation import synthetic_chain_course
from tutor.learner.store import MEMORY, ProgressStore

T0 = dt.datetime(2026, 3, 2, 12, 0, tzinfo=dt.UTC)


class Clock:
    def __init__(self, start: dt.datetime = T0) -> None:
        self.now = start

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **kw: float) -> None:
        self.now += dt.timedelta(**kw)


def mc(iid: str, right: int = 0, n: int = 4, **extra: object) -> dict[str, object]:
    return {
        "id": iid,
        "type": "multiple_choice",
        "prompt": f"{iid}?",
        "explanation": "Because.",
        "choices": [{"text": f"choice {c}", "correct": c == right} for c in range(n)],
        **extra,
    }


def tf(iid: str, answer: bool = True, **extra: object) -> dict[str, object]:
    return {
        "id": iid,
        "type": "true_false",
        "prompt": f"{iid}.",
        "explanation": "Because.",
        "answer": answer,
        **extra,
    }


def sa(iid: str, accepted: str = "yes", **extra: object) -> dict[str, object]:
    return {
        "id": iid,
        "type": "short_answer",
        "prompt": f"{iid}?",
        "explanation": "Because.",
        "model_answer": accepted,
        "accepted_answers": [accepted],
        **extra,
    }


def topic(tid: str, prereqs: list[str], items: list[dict[str, object]], **extra: object) -> Topic:
    return Topic.model_validate(
        {
            "id": tid,
            "title": tid.replace("-", " ").title(),
            "level": "elementary",
            "prerequisites": prereqs,
            "core_idea": "An idea.",
            "explainer": "A lesson.",
            "items": items,
            **extra,
        }
    )


def course_of(*topics: Topic) -> Course:
    return Course(topics={t.id: t for t in topics})


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def diamond() -> Course:
    """a -> b, a -> c, (b, c) -> d, d -> e; each with MC, TF and MC items."""

    def items(t: str) -> list[dict[str, object]]:
        return [mc(f"{t}-mc1"), tf(f"{t}-tf1"), mc(f"{t}-mc2", right=1)]

    return course_of(
        topic("a", [], items("a")),
        topic("b", ["a"], items("b")),
        topic("c", ["a"], items("c")),
        topic("d", ["b", "c"], items("d")),
        topic("e", ["d"], items("e")),
    )


@pytest.fixture
def chain10() -> Course:
    return synthetic_chain_course(10)


@pytest.fixture
def make_service(clock: Clock) -> Callable[..., TutorService]:
    made: list[TutorService] = []

    def make(course: Course, path: Path | str = MEMORY, **kw: object) -> TutorService:
        svc = TutorService(course, ProgressStore(path, durable=path != MEMORY), clock=clock, **kw)  # type: ignore[arg-type]
        made.append(svc)
        return svc

    yield make
    for svc in made:
        svc.close()


def answer_right(svc: TutorService, item_id: str, **kw: object):
    item = svc.course.item(item_id)
    if item.type == "multiple_choice":
        return svc.record_answer(item_id, item.correct_index, **kw)
    if item.type == "true_false":
        return svc.record_answer(item_id, item.answer, **kw)
    return svc.record_answer(item_id, item.accepted_answers[0], **kw)


def answer_wrong(svc: TutorService, item_id: str, **kw: object):
    item = svc.course.item(item_id)
    if item.type == "multiple_choice":
        return svc.record_answer(item_id, (item.correct_index + 1) % len(item.choices), **kw)
    if item.type == "true_false":
        return svc.record_answer(item_id, not item.answer, **kw)
    return svc.record_answer(item_id, "no idea at all", **kw)
