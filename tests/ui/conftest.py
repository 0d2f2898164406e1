"""Fixtures for the app tests: a small course, a temporary database, a ready-made app.

The small course (tests/ui/course) is a five-topic chain with every item type
and every kind of show-me reference, so each flow can be driven end to end
without depending on the bundled course being complete.
"""

from __future__ import annotations

import os
from collections.abc import Callable
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
