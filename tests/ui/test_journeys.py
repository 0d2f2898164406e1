"""Journeys a learner takes through the app, end to end through the Pilot: where each key
leads, what the screen shows, and what the store keeps."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from textual.widgets import Static, TextArea

SIZE = (100, 30)
SMALL = (80, 24)
COURSE = Path(__file__).parent / "course"


def _text(widget: Static) -> str:
    return str(widget.render())


def _answers(service) -> list[dict]:
    return [e.payload | {"item_id": e.item_id} for e in service.events() if e.kind == "answer"]


@pytest.fixture
def timed_service(db_path):
    """A service on the small course whose clock the test moves (``service.now``)."""
    from tutor.content.loader import load_course
    from tutor.learner.service import TutorService
    from tutor.learner.store import ProgressStore

    now = [dt.datetime(2026, 1, 5, 12, 0, tzinfo=dt.UTC)]
    service = TutorService(load_course([COURSE]), ProgressStore(db_path), clock=lambda: now[0])
    service.now = now  # type: ignore[attr-defined]
    return service


async def answer_right(pilot, app, *, rating: str = "3") -> None:
    """Answer the current question correctly, then move past its feedback."""
    screen = app.screen
    item = screen.item
    if item.type == "multiple_choice":
        await pilot.press(str(item.correct_index + 1))
    elif item.type == "true_false":
        await pilot.press("t" if item.answer else "f")
    else:
        screen.query_one("#answer", TextArea).insert(item.model_answer)
        await pilot.press("ctrl+s")
        await pilot.pause()
        if screen.phase == "rating":
            await pilot.press(rating)
    await pilot.pause()
    if app.screen is screen and screen.phase == "answered":
        await pilot.press("enter")
        await pilot.pause()


async def test_practise_on_a_lesson_reached_with_n_serves_that_topic_not_due_reviews(
    timed_service,
) -> None:
    from tutor.ui.app import TutorApp
    from tutor.ui.screens.lesson import LessonScreen
    from tutor.ui.screens.question import QuestionScreen

    service = timed_service
    service.set_goal("chain-rule")
    for item_id, response in (
        ("addition-q1", 1),
        ("addition-q2", True),
        ("multiplication-q1", 1),
        ("multiplication-q2", "three groups of four"),
    ):
        service.record_answer(item_id, response, rating=3)
    service.mark_known("multiplication")
    service.now[0] += dt.timedelta(days=60)
    app = TutorApp(service)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        while isinstance(app.screen, QuestionScreen):  # the reviews `n` serves first
            assert app.screen.step.source == "review"
            await answer_right(pilot, app)
        assert isinstance(app.screen, LessonScreen) and app.screen.topic_id == "chain-rule"
        assert service.due_reviews(), "a review is still due when the lesson opens"
        await pilot.press("enter")
        await pilot.pause()
        served = []
        while isinstance(app.screen, QuestionScreen) and len(served) < 2:
            served.append((app.screen.item_id, app.screen.step.source))
            await answer_right(pilot, app)
        assert served == [("chain-rule-q1", "learn"), ("chain-rule-q2", "learn")]
