"""Every screen shows content literally: markup in any text field is text, never markup.

The hostile course (``hostile_course/``) puts Textual markup, action links
(``[@click=app.quit]``), stray closing tags (``[/]``) and markup escapes in every
text field. Each screen is opened through the Pilot; the test fails if anything
crashes, if a link is live (the app quits), or if the literal text is not on screen.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ["TEXTUAL_ANIMATIONS"] = "none"

COURSE = Path(__file__).parent / "hostile_course"
SIZE = (160, 50)
TITLE = "Sets {x | x[/]2}"
TITLE2 = "[@click=app.quit]Expectation E[X][/]"


def screen_text(app) -> str:
    """What the terminal shows now, as plain text (the toasts and the palette included)."""
    strips = app.screen._compositor.render_strips()
    return "\n".join(strip.text for strip in strips)


def _service(tmp_path: Path):
    from tutor.cli.app import open_service

    return open_service(COURSE, str(tmp_path / "progress.db"))


async def _settle(pilot) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def _assert_shows(app, *texts: str) -> None:
    shown = screen_text(app)
    assert app.is_running, "a markup action link ran"
    for text in texts:
        assert text in shown, f"{text!r} is not shown literally in:\n{shown}"


async def test_welcome_lists_titles_literally(tmp_path: Path) -> None:
    from tutor.ui.app import TutorApp

    app = TutorApp(_service(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await _settle(pilot)
        _assert_shows(app, TITLE, TITLE2)


async def _open_map(tmp_path: Path):
    from tutor.ui.app import TutorApp

    service = _service(tmp_path)
    service.set_setting("theme", "textual-dark")  # not a first run: the map opens
    return TutorApp(service)


async def test_map_card_known_toast_and_progress(tmp_path: Path) -> None:
    app = await _open_map(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await _settle(pilot)
        _assert_shows(
            app, TITLE, TITLE2, "CORE [@click=app.quit]core-link[/] E[X] \\[esc] [b]bold[/b]"
        )
        await pilot.press("k")  # "I know this": a toast names the topic
        await _settle(pilot)
        _assert_shows(app, TITLE)
        await pilot.press("k")
        await _settle(pilot)
        await pilot.press("p")
        await _settle(pilot)
        _assert_shows(app, TITLE, "[@click=app.quit]Expectation")


async def test_lesson_question_and_feedback(tmp_path: Path) -> None:
    app = await _open_map(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await _settle(pilot)
        await pilot.press("l")
        await _settle(pilot)
        _assert_shows(
            app,
            TITLE,
            "HOW [@click=app.quit]how-link[/] [/]",
            "EXPLAINER [@click=app.quit]explainer-link[/] and E[X] and [red]red[/red].",
            "CAPTION [@click=app.quit]caption-link[/] [/]",
        )
        await pilot.press("enter")
        await _settle(pilot)
        assert await _answer_all(pilot, app) >= 3
        assert app.is_running


async def _answer_all(pilot, app, drill: bool = False) -> int:
    """Answer every question on the way (wrongly, so feedback shows), checking each screen.

    A drill moves on at once and keeps feedback for its score screen."""
    from tutor.ui.screens.question import QuestionScreen

    seen = 0
    while isinstance(app.screen, QuestionScreen) and seen < 8:
        item = app.screen.item
        shown = screen_text(app)
        assert item.prompt in shown, shown
        if item.type == "multiple_choice":
            for choice in item.choices:
                assert choice.text in shown, shown
            await pilot.press("a")  # the wrong choice: its feedback shows
            expected = "FEEDBACK-A [@click=app.quit]fa-link[/] [/]"
        elif item.type == "true_false":
            await pilot.press("f" if item.answer else "t")
            expected = item.wrong_feedback or item.explanation
        else:
            await pilot.press(*"wrong [/]")
            await pilot.press("ctrl+s")
            expected = item.model_answer
        await _settle(pilot)
        seen += 1
        if drill:
            if getattr(app.screen, "item", None) is item and app.screen.phase == "rating":
                await pilot.press("1")  # a short answer asks for a self-rating first
                await _settle(pilot)
            continue
        _assert_shows(app, expected)
        if getattr(app.screen, "phase", None) == "rating":
            await pilot.press("1")  # confirm a rating; the question then waits for Next
            await _settle(pilot)
        await pilot.press("enter")
        await _settle(pilot)
    return seen


async def test_command_palette_and_drill(tmp_path: Path) -> None:
    app = await _open_map(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await _settle(pilot)
        await pilot.press("ctrl+p")
        await _settle(pilot)
        await pilot.press(*"Expect")
        await _settle(pilot)
        _assert_shows(app, "Expectation E[X]")
        await pilot.press("escape")
        await _settle(pilot)
        await pilot.press("d")
        await _settle(pilot)
        _assert_shows(app, TITLE)
        await pilot.press("ctrl+s")
        await _settle(pilot)
        assert await _answer_all(pilot, app, drill=True) >= 3
        from tutor.ui.screens.drill import DrillScoreScreen

        assert isinstance(app.screen, DrillScoreScreen), app.screen
        _assert_shows(app, "PROMPT1 [@click=app.quit]prompt-link[/] E[X]")


@pytest.mark.parametrize("field", ["title", "core_idea"])
def test_course_titles_hold_markup(field: str) -> None:
    """The fixture itself: a test that cannot fail is a defect, so the course must hold markup."""
    from tutor.content.loader import load_course

    course = load_course([COURSE])
    assert "[/]" in getattr(course.topics["sets"], field)
