"""Fixtures for the app tests: a small course, a temporary database, a ready-made app.

The small course (tests/ui/course) is a five-topic chain with every item type
and every kind of show-me reference, so each flow can be driven end to end
without depending on the bundled course being complete.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest

os.environ["TEXTUAL_ANIMATIONS"] = "none"

COURSE_DIR = Path(__file__).parent / "course"
SIZE = (100, 30)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "progress.db"


@pytest.fixture
def open_service(db_path: Path) -> Callable[..., object]:
    """Open a service on the small course and the test database (opened fresh each call)."""
    from tutor.cli.app import open_service as open_

    def _open(path: Path | None = None) -> object:
        return open_(COURSE_DIR, str(path or db_path))

    return _open


@pytest.fixture
def make_app(open_service: Callable[..., object]) -> Callable[..., object]:
    """A TutorApp on the small course; ``seed`` events can be written through the service first."""
    from tutor.ui.app import TutorApp

    def _make(prepare: Callable[[object], None] | None = None) -> TutorApp:
        service = open_service()
        if prepare is not None:
            prepare(service)
        app = TutorApp(service)
        return app

    return _make


@pytest.fixture
def wait_until() -> Callable[..., Awaitable[None]]:
    """Wait (pausing the pilot) until ``predicate()`` holds, rather than for a fixed time."""

    async def _wait(pilot: object, predicate: Callable[[], object], timeout: float = 10.0) -> None:
        loop = asyncio.get_running_loop()
        end = loop.time() + timeout
        while not predicate():
            if loop.time() > end:
                raise AssertionError("the condition never held")
            await pilot.pause(0.02)  # type: ignore[attr-defined]
        await pilot.pause()  # type: ignore[attr-defined]

    return _wait


@pytest.fixture
def notifications(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """(title, message) of every notification the app shows, in order."""
    from textual.app import App

    shown: list[tuple[str, str]] = []
    real = App.notify

    def notify(self: App[object], message: str, **kwargs: object) -> None:
        shown.append((str(kwargs.get("title", "")), message))
        real(self, message, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(App, "notify", notify)
    return shown
