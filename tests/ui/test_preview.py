"""tutor preview: opens on content, shows errors in the app, reloads when a file changes."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from tutor.cli import main
from tutor.ui.preview import PreviewApp, load

TOPIC = """\
id: preview-topic
title: {title}
level: graduate
prerequisites: [somewhere-else]
core_idea: Shown in preview.
explainer: Text.
items:
  - id: preview-q1
    type: true_false
    prompt: Previews reload.
    answer: true
    explanation: They poll the files.
"""


async def _wait_for(pilot, predicate, timeout: float = 5.0) -> None:  # type: ignore[no-untyped-def]
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    # the new screen must also have finished mounting before the test moves on
    while not (predicate() and pilot.app.screen.is_mounted):
        if loop.time() > end:
            raise AssertionError("condition not reached")
        await pilot.pause(0.05)
    await pilot.pause()


async def test_preview_reloads_and_shows_errors(tmp_path: Path) -> None:
    from tutor.ui.screens.content_errors import ContentErrorsScreen
    from tutor.ui.screens.map import MapScreen

    topic = tmp_path / "preview-topic.yaml"
    topic.write_text(TOPIC.format(title="First title"))
    course, errors = load([topic])
    assert errors == [] and course is not None  # a prerequisite outside the file is fine in preview
    app = PreviewApp([topic], course, errors)
    async with app.run_test(size=(100, 30)) as pilot:
        await _wait_for(pilot, lambda: isinstance(app.screen, MapScreen))
        assert app.service.course.topics["preview-topic"].title == "First title"
        topic.write_text(TOPIC.format(title="First title").replace("answer: true", "answer: maybe"))
        await _wait_for(
            pilot, lambda: isinstance(app.screen, ContentErrorsScreen) and bool(app.screen.errors)
        )
        await pilot.pause()
        shown = str(app.screen.query_one("#errors-body").render())
        assert "preview-topic.yaml:11:13: items[0].answer: expected a boolean, got text" in shown
        topic.write_text(TOPIC.format(title="Second title"))
        await _wait_for(pilot, lambda: isinstance(app.screen, MapScreen))
        assert app.service.course.topics["preview-topic"].title == "Second title"
        app.service.record_answer("preview-q1", True)
        assert app.store.count() == 1
    app.store.close()


async def test_preview_starts_on_broken_content(tmp_path: Path) -> None:
    from tutor.ui.screens.content_errors import ContentErrorsScreen
    from tutor.ui.screens.map import MapScreen

    (tmp_path / "t.yaml").write_text("id: t\n")
    course, errors = load([tmp_path])
    assert course is None and errors
    app = PreviewApp([tmp_path], course, errors)
    async with app.run_test(size=(100, 30)) as pilot:
        await _wait_for(pilot, lambda: isinstance(app.screen, ContentErrorsScreen))
        (tmp_path / "t.yaml").write_text(TOPIC.format(title="Fixed").replace("preview-topic", "t"))
        await _wait_for(pilot, lambda: isinstance(app.screen, MapScreen))
    app.store.close()


def test_preview_missing_path(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["preview", str(tmp_path / "nope.yaml")]) == 1
    assert "no such file or folder" in capsys.readouterr().err


async def test_preview_keeps_the_lesson_or_question_on_screen_across_reloads(
    tmp_path: Path,
) -> None:
    from tutor.ui.screens.lesson import LessonScreen
    from tutor.ui.screens.map import MapScreen
    from tutor.ui.screens.question import QuestionScreen

    topic = tmp_path / "preview-topic.yaml"
    topic.write_text(TOPIC.format(title="First title"))
    course, errors = load([topic])
    app = PreviewApp([topic], course, errors)
    async with app.run_test(size=(100, 30)) as pilot:
        await _wait_for(pilot, lambda: isinstance(app.screen, MapScreen))
        app.start_topic("preview-topic")
        await _wait_for(pilot, lambda: isinstance(app.screen, LessonScreen))
        topic.write_text(TOPIC.format(title="Second title"))
        await _wait_for(
            pilot,
            lambda: (
                isinstance(app.screen, LessonScreen)
                and app.service.course.outline["preview-topic"].title == "Second title"
            ),
        )
        assert "Second title" in str(app.screen.query_one("#lesson-title").render())
        await pilot.press("enter")
        await _wait_for(pilot, lambda: isinstance(app.screen, QuestionScreen))
        topic.write_text(
            TOPIC.format(title="Second title").replace("Previews reload.", "Previews stay put.")
        )
        await _wait_for(
            pilot,
            lambda: (
                isinstance(app.screen, QuestionScreen)
                and app.screen.item.prompt == "Previews stay put."
            ),
        )
        assert app.screen.item_id == "preview-q1"
        assert isinstance(app.screen_stack[-2], MapScreen)
    app.store.close()
