"""Where things live: the bundled course and the progress database.

The database path resolves ``--db`` first, then ``TUTOR_DB``, then the platform's
user data directory, so tests and a second profile never touch a user's real
progress by accident.
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "tutor"
DB_ENV = "TUTOR_DB"
CACHE_ENV = "TUTOR_CACHE_DIR"


def bundled_content_dir() -> Path:
    """The course that ships with tutor: ``tutor/_course`` in an installed wheel, the
    repository's ``content/`` in a checkout (setup.py maps one onto the other)."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "_course", here.parent / "content"):
        if candidate.is_dir():
            return candidate
    from tutor.errors import UserError

    raise UserError("the bundled course was not found; pass --content DIR")


def schema_path() -> Path:
    """The checked-in JSON Schema that content modelines point at."""
    return bundled_content_dir() / "topic.schema.json"


def default_db_path(override: str | os.PathLike[str] | None = None) -> Path:
    if override:
        return Path(override).expanduser()
    env = os.environ.get(DB_ENV)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False) / "progress.db"


def cache_dir() -> Path:
    """Where derived files that can always be rebuilt live (``TUTOR_CACHE_DIR``, else the
    platform's user cache directory): tests and benchmarks point it at a temporary folder."""
    env = os.environ.get(CACHE_ENV)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_cache_path

    return user_cache_path(APP_NAME, appauthor=False)
