"""``tutor preview``: the app on a content folder or file, reloading as the author saves.

The author sees each item exactly as a learner will. Progress goes to an
in-memory store, so trying items never touches anyone's real progress; it lasts
across reloads, so an answered item stays answered while the wording changes.
Files are polled (twice a second) rather than watched: it needs no extra
dependency and behaves the same on every platform and editor (atomic saves
included).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any, ClassVar

from textual import events, on, work
from textual.message import Message
from textual.screen import Screen
from textual.worker import get_current_worker

from tutor.content.course import Course
from tutor.content.errors import ContentError
from tutor.errors import UserError
from tutor.text import printable
from tutor.ui.app import TutorApp

POLL_SECONDS = 0.5


def snapshot(paths: Sequence[Path]) -> tuple[tuple[str, int, int], ...] | str:
    """What changes when a topic file is saved, added or removed (or an error line)."""
    from tutor.content.loader import collect_files

    try:
        files = collect_files(paths)
    except UserError as exc:
        return str(exc)
    out = []
    for f in files:
        try:
            st = f.stat()
        except OSError:
            continue
        out.append((str(f), st.st_mtime_ns, st.st_size))
    return tuple(out)


def load(paths: Sequence[Path]) -> tuple[Course | None, list[ContentError | str]]:
    from tutor.content.loader import check_course

    try:
        course, errors = check_course(paths, partial=True)
    except UserError as exc:
        return None, [str(exc)]
    except Exception as exc:  # a loader bug must not end the watch: the next save retries
        return None, [printable(f"internal error: {type(exc).__name__}: {exc}", one_line=True)]
    return course, list(errors)


class PreviewApp(TutorApp):
    """TutorApp whose course is reloaded from disk whenever a file changes."""

    TITLE = "tutor preview"
    # A blank base screen: the map or the error list is pushed on it and swapped as files change.
    MODES: ClassVar[dict[str, Any]] = {"preview": Screen}
    DEFAULT_MODE = "preview"

    class ContentChanged(Message):
        def __init__(self, course: Course | None, errors: list[ContentError | str]) -> None:
            super().__init__()
            self.course = course
            self.errors = errors

    def __init__(
        self, paths: Sequence[Path], course: Course | None, errors: list[ContentError | str]
    ) -> None:
        from tutor.learner.service import TutorService
        from tutor.learner.store import MEMORY, ProgressStore

        self.paths = list(paths)
        self.store = ProgressStore(MEMORY)
        service = TutorService(course, self.store) if course is not None else None
        super().__init__(service)  # type: ignore[arg-type]
        self.initial_errors = errors
        self.focus_topic = self._single_topic(course)

    def _single_topic(self, course: Course | None) -> str | None:
        if (
            course is not None
            and len(self.paths) == 1
            and self.paths[0].is_file()
            and len(course.topics) == 1
        ):
            return next(iter(course.topics))
        return None

    @on(events.Mount)
    def _start_preview(self, event: events.Mount) -> None:
        """Replaces TutorApp's start-up (welcome screen, saved theme): not for previews."""
        event.prevent_default()  # TutorApp.on_mount does not run
        self.call_after_refresh(self._show, self.service is not None, self.initial_errors)
        self.call_after_refresh(self._check_size, self.size.width, self.size.height)
        self.watch_content(snapshot(self.paths))

    def _show(self, ok: bool, errors: list[ContentError | str]) -> None:
        from tutor.ui.screens.content_errors import ContentErrorsScreen
        from tutor.ui.screens.map import MapScreen

        if not ok:
            # On top of whatever the author was looking at: fixing the file brings a fresh map.
            if isinstance(self.screen, ContentErrorsScreen):
                self.screen.show_errors(errors)
            else:
                self.push_screen(ContentErrorsScreen(errors))
            return
        where = self._where()
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self.push_screen(MapScreen())
        if where is not None:
            self.call_after_refresh(self._reopen, *where)
        elif self.focus_topic:
            self.call_after_refresh(self.open_topic, self.focus_topic)

    def _where(self) -> tuple[str, str] | None:
        """The lesson or question the author was looking at (under any error list), to
        reopen after a reload: ("lesson", topic id) or ("question", item id)."""
        from tutor.ui.screens.lesson import LessonScreen
        from tutor.ui.screens.question import QuestionScreen

        for screen in reversed(self.screen_stack):
            if isinstance(screen, QuestionScreen):
                return ("question", screen.item_id)
            if isinstance(screen, LessonScreen):
                return ("lesson", screen.topic_id)
        return None

    def _reopen(self, kind: str, key: str) -> None:
        """The same lesson or question from the reloaded course; the map when it is gone."""
        from tutor.learner.flows import TopicFlow

        course = self.service.course
        if kind == "lesson" and key in course.outline:
            self.open_topic(key)
            self.start_topic(key)
        elif kind == "question" and course.has_item(key):
            topic_id = course.topic_of(key).id
            self.open_topic(topic_id)
            flow = TopicFlow(self.service, topic_id, with_lesson=False, start_at=key)
            self.start_flow(flow)
        elif self.focus_topic:
            self.open_topic(self.focus_topic)

    def go_home(self) -> None:
        from tutor.ui.screens.map import MapScreen

        while len(self.screen_stack) > 2 and not isinstance(self.screen, MapScreen):
            self.pop_screen()

    def open_topic(self, topic_id: str) -> None:
        from tutor.ui.screens.map import MapScreen

        self.go_home()
        if isinstance(self.screen, MapScreen):
            self.call_after_refresh(self.screen.select_topic, topic_id)

    @work(thread=True, exit_on_error=False, group="preview", name="content-watch")
    def watch_content(self, seen: Any) -> None:
        worker = get_current_worker()
        while not worker.is_cancelled:
            time.sleep(POLL_SECONDS)
            now = snapshot(self.paths)
            if now != seen:
                seen = now
                course, errors = load(self.paths)
                self.post_message(self.ContentChanged(course, errors))

    def reload_content(self) -> None:
        course, errors = load(self.paths)
        self.post_message(self.ContentChanged(course, errors))

    def on_preview_app_content_changed(self, message: ContentChanged) -> None:
        if message.course is not None:
            from tutor.learner.service import TutorService

            self.service = TutorService(message.course, self.store)
            self.focus_topic = self._single_topic(message.course)
            course = message.course
            self.notify(
                f"Reloaded: {len(course.topics)} topics, {course.item_count} items", title="Preview"
            )
        self._show(message.course is not None, message.errors)
