"""Options and helpers shared by the subcommands."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from tutor.errors import UserError

if TYPE_CHECKING:
    from tutor.content.course import Course
    from tutor.learner.service import TutorService


def add_content_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--content",
        metavar="DIR",
        type=Path,
        default=None,
        help="a folder of topic YAML files (default: the bundled course)",
    )


def add_db_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        metavar="PATH",
        default=None,
        help="progress database (default: $TUTOR_DB, else the user data folder)",
    )


def content_paths(arg: Path | None) -> list[Path]:
    from tutor.paths import bundled_content_dir

    return [arg if arg is not None else bundled_content_dir()]


def load_course_or_fail(arg: Path | None) -> Course:
    """Load and validate a course; on any content error raise one UserError listing them."""
    from tutor.content.loader import load_course

    return load_course(content_paths(arg))


def load_app_course(arg: Path | None) -> Course:
    """Like :func:`load_course_or_fail`, through the validated-course cache: only the app's
    start-up uses it; subcommands that check content always load it for real."""
    from tutor.content.cache import load_course_cached

    return load_course_cached(content_paths(arg))


def db_path(arg: str | None) -> Path:
    from tutor.paths import default_db_path

    return default_db_path(arg)


def require_file(path: Path, what: str = "file") -> Path:
    if not path.exists():
        raise UserError(f"{what} not found: {path}")
    if path.is_dir():
        raise UserError(f"{what} is a folder, not a file: {path}")
    return path


def open_service_for_reading(course: Course, db: str | None) -> TutorService:
    """The learner's progress for a command that only reads it.

    A database that does not exist yet reads as a new learner, without creating
    the file: looking at a topic card must not leave an empty database behind. An
    existing one is opened read-only, so a write-protected file works and no file
    is ever changed by looking at it.
    """
    from tutor.learner.service import TutorService
    from tutor.learner.store import ProgressStore

    return TutorService(course, ProgressStore(db_path(db), readonly=True))
