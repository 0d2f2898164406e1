"""``tutor`` with no subcommand: open the app on a course and a progress database.

Everything that can fail because of the user's files (bad content, a corrupt or
locked database) fails here, before the terminal switches to the app, as one
UserError line; the app itself starts only on a loaded course and an open store.
"""

from __future__ import annotations

import argparse
import gc
from pathlib import Path
from typing import TYPE_CHECKING

from tutor.errors import UserError

if TYPE_CHECKING:
    from tutor.learner.service import TutorService
    from tutor.ui.app import TutorApp


def open_service(content: Path | None, db: str | None) -> TutorService:
    """Load the course (from the validated-course cache when current) and open the store
    once; every failure as a UserError."""
    import sqlite3

    from tutor.cli.common import db_path, load_app_course
    from tutor.learner.service import TutorService

    course = load_app_course(content)
    path = db_path(db)
    try:
        return TutorService.open(course, path)
    except UserError:
        raise
    except sqlite3.DatabaseError as exc:
        raise UserError(f"cannot open the progress database {path}: {exc}") from None
    except OSError as exc:
        raise UserError(
            f"cannot open the progress database {path}: {exc.strerror or exc}"
        ) from None


def build_app(args: argparse.Namespace) -> TutorApp:
    """The app on an open service (``TUTOR_EXIT_ON_READY=1`` makes it quit after the first paint).

    The cyclic GC stays off from here until :meth:`TutorApp.run` freezes the start-up heap
    and turns it back on: importing pydantic, textual and the engine allocates a great
    deal and frees almost nothing, so collections during start-up only rescan live
    objects (about 10 ms of the launch).
    """
    gc.disable()
    try:
        service = open_service(getattr(args, "content", None), getattr(args, "db", None))
        from tutor.ui.app import TutorApp

        return TutorApp(service)
    except BaseException:
        gc.enable()
        raise


def run_app(args: argparse.Namespace) -> int:
    app = build_app(args)
    try:
        app.run()
    finally:
        app.service.close()
    return app.return_code or 0
