"""A store that fails on every call never ends the app: each screen says "Not saved" and stays.

The store is broken after the app is up, in two ways: writes fail (a full disk) or
every call fails (a database locked by another program). Each scenario drives one
screen through its engine calls with the Pilot; a crash would end ``run_test`` with
the exception, and every write must be reported.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from textual.widgets import Input, TextArea

from tutor.errors import UserError

SIZE = (100, 30)
WRITES = ("append", "save_derived", "clear")
READS = ("rows", "events", "last_seq", "count", "data_version", "load_derived")


def _failing(*args: object, **kwargs: object) -> Any:
    raise UserError("progress database is locked by another program")


def _browse(service: Any) -> None:
    service.set_setting("theme", "textual-dark")


Scenario = Callable[[Any, Any, Callable[[], None]], Awaitable[None]]


async def _map_actions(pilot: Any, app: Any, broken: Callable[[], None]) -> None:
    broken()
    for keys in (("k",), ("g",), ("n",), ("r",), ("l",), ("p", "a"), ("d", "ctrl+s", "2")):
        await pilot.press(*keys)
        await pilot.pause()
        app.go_home()
        await pilot.pause()
    await pilot.press("slash", "x", "escape")
    app.screen.select_topic("relu")
    await pilot.press("k", "g")
    await pilot.pause()
    app.theme = "nord"
    await pilot.pause()


async def _lesson(pilot: Any, app: Any, broken: Callable[[], None]) -> None:
    await pilot.press("l")
    await pilot.pause()
    broken()
    await pilot.press("enter")
    await pilot.pause()
    from tutor.ui.screens.lesson import LessonScreen

    assert isinstance(app.screen, LessonScreen)  # not recorded as read: it stays


async def _question(pilot: Any, app: Any, broken: Callable[[], None]) -> None:
    await pilot.press("l", "enter")
    await pilot.pause()
    broken()
    await pilot.press("2")
    await pilot.pause()
    assert app.screen.phase == "answering" and app.screen.item_id == "addition-q1"


async def _short_answer(pilot: Any, app: Any, broken: Callable[[], None]) -> None:
    app.service.mark_known("addition")
    app.start_topic("multiplication", with_lesson=False)
    await pilot.pause()
    await pilot.press("2", "enter")
    await pilot.pause()
    broken()
    app.screen.query_one("#answer", TextArea).insert("three groups of four")
    await pilot.press("ctrl+s")
    await pilot.pause()
    await pilot.press("3")
    await pilot.pause()
    assert app.screen.item_id == "multiplication-q2" and app.screen.phase == "rating"


async def _next_after_answer(pilot: Any, app: Any, broken: Callable[[], None]) -> None:
    await pilot.press("n")
    await pilot.pause()
    await pilot.press("enter")  # the lesson, read
    await pilot.pause()
    await pilot.press("2")
    await pilot.pause()
    broken()
    await pilot.press("enter")  # the learn flow asks the service what comes next
    await pilot.pause()
    # reads work with only writes failing: answer whatever came next
    await pilot.press("enter", "t", "2")
    await pilot.pause()


async def _placement_finish(pilot: Any, app: Any, broken: Callable[[], None]) -> None:
    app.service.set_goal("multiplication")
    app.start_placement("multiplication")
    await pilot.pause()
    from tutor.ui.screens.question import QuestionScreen

    answered = 0
    while isinstance(app.screen, QuestionScreen) and answered < 20:
        item = app.screen.item
        if answered == 0:
            broken()
        key = str(item.correct_index + 1) if item.type == "multiple_choice" else "t"
        await pilot.press(key)
        await pilot.pause()
        if app.screen.phase != "answered":
            break  # not stored: the question stays
        answered += 1
        await pilot.press("enter")
        await pilot.pause()
    assert isinstance(app.screen, QuestionScreen)


async def _placement_record(pilot: Any, app: Any, broken: Callable[[], None]) -> None:
    from tutor.learner.flows import PlacementFlow
    from tutor.ui.screens.question import QuestionScreen

    app.service.set_goal("relu")
    app.start_flow(PlacementFlow(app.service, "relu", max_questions=1))
    await pilot.pause()
    item = app.screen.item
    await pilot.press(str(item.correct_index + 1) if item.type == "multiple_choice" else "t")
    await pilot.pause()
    broken()
    await pilot.press("enter")  # the end of placement records it: that write fails
    await pilot.pause()
    assert isinstance(app.screen, QuestionScreen) and app.screen.phase == "answered"


async def _drill(pilot: Any, app: Any, broken: Callable[[], None]) -> None:
    app.open_drill_setup(("addition",), ())
    await pilot.pause()
    app.screen.query_one("#drill-n", Input).value = "2"
    broken()
    await pilot.press("ctrl+s")
    await pilot.pause()
    await pilot.press("2", "t")
    await pilot.pause()
    await pilot.press("escape")  # leave early: the score of what was stored
    await pilot.pause()
    from tutor.ui.screens.drill import DrillScoreScreen

    assert isinstance(app.screen, DrillScoreScreen)
    await pilot.press("m")
    await pilot.pause()


async def _welcome(pilot: Any, app: Any, broken: Callable[[], None]) -> None:
    broken()
    for key in ("p", "g", "b"):
        await pilot.press(key)
        await pilot.pause()


SCENARIOS: dict[str, tuple[Scenario, bool]] = {
    "map": (_map_actions, True),
    "lesson": (_lesson, True),
    "question": (_question, True),
    "short-answer": (_short_answer, True),
    "next-after-answer": (_next_after_answer, True),
    "placement": (_placement_finish, True),
    "placement-record": (_placement_record, True),
    "drill": (_drill, True),
    "welcome": (_welcome, False),
}


@pytest.mark.parametrize("failing", ["writes", "everything"])
@pytest.mark.parametrize("name", sorted(SCENARIOS))
async def test_no_screen_dies_when_the_store_fails(
    make_app, monkeypatch, notifications, name: str, failing: str
) -> None:
    scenario, browsed = SCENARIOS[name]
    app = make_app(_browse if browsed else None)
    store = app.service.store
    names = WRITES if failing == "writes" else WRITES + READS

    def broken() -> None:
        for method in names:
            monkeypatch.setattr(store, method, _failing)

    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await scenario(pilot, app, broken)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.is_running
    assert app.return_code in (None, 0)
    assert notifications, "a failed write must be reported"
    assert {title for title, _message in notifications if "locked" in _message} == {"Not saved"}
