"""Snapshots of the main screens at 100×30 and 80×24 (pytest-textual-snapshot).

snap_compare must be called from plain (sync) tests. Every snapshot runs on
the small course with a fixed clock, so dates, streaks and due reviews do not
move; cursors do not blink. Regenerate with ``--snapshot-update`` after a
deliberate change to a screen, and review the SVGs.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

COURSE_DIR = Path(__file__).parent / "course"

SIZE = (100, 30)
SIZES = pytest.mark.parametrize("size", [(100, 30), (80, 24)], ids=["100x30", "80x24"])
NOW = dt.datetime(2026, 1, 5, 12, 0, tzinfo=dt.UTC)


@pytest.fixture
def app_factory(tmp_path: Path):
    """A TutorApp on the small course with a frozen clock and a few answers from 'today'."""
    from tutor.content.loader import load_course
    from tutor.learner.service import TutorService
    from tutor.learner.store import ProgressStore
    from tutor.ui.app import TutorApp

    def make(*, fresh: bool = False) -> TutorApp:
        service = TutorService(
            load_course([COURSE_DIR]), ProgressStore(tmp_path / "p.db"), clock=lambda: NOW
        )
        if not fresh:
            service.set_goal("vanishing-gradient-problem")
            service.record_answer("addition-q1", 1)
            service.record_answer("addition-q2", False)
            service.record_answer("multiplication-q1", 0)
        return TutorApp(service)

    return make


async def _steady(pilot) -> None:
    """No blinking cursors, workers done, screen settled."""
    app = pilot.app
    await app.workers.wait_for_complete()
    await pilot.pause()
    for widget in app.screen.query("Input, TextArea"):
        widget.cursor_blink = False
    await pilot.pause()


@SIZES
def test_course_map(snap_compare, app_factory, size) -> None:
    assert snap_compare(app_factory(), terminal_size=size, run_before=_steady)


@SIZES
def test_welcome(snap_compare, app_factory, size) -> None:
    assert snap_compare(app_factory(fresh=True), terminal_size=size, run_before=_steady)


@SIZES
def test_lesson(snap_compare, app_factory, size) -> None:
    async def run_before(pilot) -> None:
        await pilot.pause()  # the first screen is the default screen: composed after start
        pilot.app.screen.select_topic("chain-rule")
        await pilot.press("l")
        await _steady(pilot)

    assert snap_compare(app_factory(), terminal_size=size, run_before=run_before)


@SIZES
def test_question_answered_wrongly(snap_compare, app_factory, size) -> None:
    async def run_before(pilot) -> None:
        await pilot.pause()  # the first screen is the default screen: composed after start
        pilot.app.screen.select_topic("chain-rule")
        await pilot.press("l", "enter")
        await pilot.pause()
        await pilot.press("t")  # chain-rule-q1 is false
        await _steady(pilot)

    assert snap_compare(app_factory(), terminal_size=size, run_before=run_before)


@SIZES
def test_short_answer_rating(snap_compare, app_factory, size) -> None:
    async def run_before(pilot) -> None:
        pilot.app.start_topic("multiplication", with_lesson=False)
        await pilot.pause()
        await pilot.press("3", "enter")  # multiplication-q1 (already answered today), then the next
        await pilot.pause()
        pilot.app.screen.query_one("#answer").insert("Three groups of four, which makes twelve.")
        await pilot.press("ctrl+s")
        await _steady(pilot)

    assert snap_compare(app_factory(), terminal_size=size, run_before=run_before)


@SIZES
def test_show_me_gradient_flow(snap_compare, app_factory, size) -> None:
    async def run_before(pilot) -> None:
        pilot.app.show_me(
            "gradient_flow",
            {
                "depth": 6,
                "configs": [
                    {"activation": "sigmoid", "init": "default"},
                    {"activation": "relu", "init": "kaiming"},
                ],
            },
            caption="The sigmoid net loses orders of magnitude toward the input.",
        )
        await pilot.pause()
        while pilot.app.screen.running:  # the lab answers from its worker process
            await pilot.pause(0.05)
        await _steady(pilot)

    assert snap_compare(app_factory(), terminal_size=size, run_before=run_before)


@SIZES
def test_drill_score(snap_compare, app_factory, size) -> None:
    async def run_before(pilot) -> None:
        from tutor.learner.flows import DrillAnswer, DrillResult
        from tutor.ui.screens.drill import DrillScoreScreen

        result = DrillResult(
            ["addition-q1", "chain-rule-q1", "vanishing-gradient-problem-q2", "relu-q1"],
            answers=[
                DrillAnswer("addition-q1", True, 4.2, 3, 1),
                DrillAnswer("chain-rule-q1", False, 7.9, 1, True),
                DrillAnswer(
                    "vanishing-gradient-problem-q2",
                    False,
                    41.0,
                    2,
                    "the gradient gets small",
                    pending=True,
                ),
            ],
            time_limit_s=60.0,
            elapsed_s=60.0,
            timed_out=True,
        )
        pilot.app.push_screen(DrillScoreScreen(result))
        await _steady(pilot)

    assert snap_compare(app_factory(), terminal_size=size, run_before=run_before)


@SIZES
def test_progress(snap_compare, app_factory, size) -> None:
    async def run_before(pilot) -> None:
        await pilot.press("p")
        await _steady(pilot)

    assert snap_compare(app_factory(), terminal_size=size, run_before=run_before)


@SIZES
def test_help(snap_compare, app_factory, size) -> None:
    async def run_before(pilot) -> None:
        await pilot.press("f1")
        await _steady(pilot)

    assert snap_compare(app_factory(), terminal_size=size, run_before=run_before)


@SIZES
def test_today(snap_compare, app_factory, size) -> None:
    async def run_before(pilot) -> None:
        pilot.app.service.set_daily_goal("10 items")
        await pilot.pause()
        await pilot.press("t")
        await _steady(pilot)

    assert snap_compare(app_factory(), terminal_size=size, run_before=run_before)


def test_terminal_too_small(snap_compare, app_factory) -> None:
    assert snap_compare(app_factory(), terminal_size=(60, 20), run_before=_steady)
