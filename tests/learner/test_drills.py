"""Drills by topic or tag, seeded, optionally interview-only."""

from __future__ import annotations

import pytest

from tutor.errors import UserError

from .conftest import course_of, mc, tf, topic


@pytest.fixture
def course():
    return course_of(
        topic("x", [], [mc(f"x{i}") for i in range(6)], tags=["algebra"]),
        topic("y", ["x"], [tf(f"y{i}", interview=(i % 2 == 0)) for i in range(6)]),
        topic("z", ["y"], [mc("z1", tags=["algebra"]), mc("z2")]),
    )


def test_same_seed_same_drill(make_service, course) -> None:
    svc = make_service(course)
    a = svc.drill(n=8, seed=3)
    assert a == svc.drill(n=8, seed=3)
    assert len(a) == 8 and len(set(a)) == 8
    assert a != svc.drill(n=8, seed=4)


def test_filters(make_service, course) -> None:
    svc = make_service(course)
    assert sorted(svc.drill(tags=["algebra"], n=50, seed=1)) == [
        "x0",
        "x1",
        "x2",
        "x3",
        "x4",
        "x5",
        "z1",
    ]
    assert sorted(svc.drill(topics=["y"], interview_only=True, n=50, seed=1)) == ["y0", "y2", "y4"]
    assert sorted(svc.drill(topics=["z"], n=50)) == ["z1", "z2"]
    assert svc.drill(tags=["nothing"], n=5) == []
    with pytest.raises(UserError, match="unknown topic 'q'"):
        svc.drill(topics=["q"])


def test_drill_answers_are_recorded_like_any_other(make_service, course) -> None:
    svc = make_service(course)
    item = svc.drill(topics=["x"], n=1, seed=0)[0]
    svc.record_answer(item, 0, source="drill")
    [event] = svc.events()
    assert event.payload["source"] == "drill" and event.item_id == item
    assert svc.topic_state("x").answered == 1
