"""The tutor app: screen stack, flows, themes, the terminal-size guard and the error boundary.

The app owns no learning logic. It holds one :class:`TutorService` (the course,
the graph and the progress store, opened once at start-up) and moves between
screens; every status, grade and next step comes from the service.
"""

from __future__ import annotations

import gc
import inspect
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, ParamSpec, TypeVar

from textual import events, work
from textual.app import App, CSSPathType
from textual.binding import Binding, BindingType
from textual.screen import Screen

from tutor.errors import UserError
from tutor.ui.commands import TutorCommands

if TYPE_CHECKING:
    from tutor.learner.flows import Flow
    from tutor.learner.service import TutorService

T = TypeVar("T")
P = ParamSpec("P")

MIN_WIDTH = 80
MIN_HEIGHT = 24


def _map_screen() -> Screen[Any]:
    """The home screen, imported when first needed rather than when this module loads."""
    from tutor.ui.screens.map import MapScreen

    return MapScreen()


class TutorApp(App[int]):
    """Adaptive tutor for the terminal."""

    TITLE = "tutor"
    # The first screens' styles load with the app's: see get_default_screen.
    CSS_PATH: ClassVar[CSSPathType | None] = [
        "app.tcss",
        "screens/map.tcss",
        "screens/welcome.tcss",
    ]
    COMMANDS = App.COMMANDS | {TutorCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1", "help", "Help", key_display="F1"),
        Binding("question_mark", "help", "Help", show=False),
        Binding("ctrl+q", "quit", "Quit", priority=True, show=False),
    ]

    def __init__(self, service: TutorService, *, exit_on_ready: bool = False) -> None:
        super().__init__()
        self.service = service
        self.exit_on_ready = exit_on_ready or bool(os.environ.get("TUTOR_EXIT_ON_READY"))
        #: set when the lab's heavy modules are loaded (by a worker, reported with a message)
        self.lab_ready = False

    def get_default_screen(self) -> Screen[Any]:
        """The first screen: the welcome on a first run (the only screen painted then; the map
        replaces it), else the course map.

        The default screen rather than a mode of its own: textual starts a mode's first screen
        by re-parsing every style sheet twice and restyling the whole app, about 20 ms of the
        start-up (the start-up target in CONTRIBUTING.md). A default screen's CSS_PATH is not loaded, so these two screens'
        style sheets are in the app's CSS_PATH.
        """
        if self.service.store.count() == 0:
            from tutor.ui.screens.welcome import WelcomeScreen

            return WelcomeScreen()
        return _map_screen()

    # start-up -----------------------------------------------------------------

    def run(self, *args: Any, **kwargs: Any) -> int | None:
        """Run the app, first moving everything alive now out of the cyclic GC's sight.

        What exists before the app runs (modules, classes, the course, the learner
        state) lives until exit, yet every full collection rescanned all of it: during
        the run, and several times while the interpreter shut down, which took about
        80 ms after quitting (the start-up target, CONTRIBUTING.md, is measured to exit as well as to paint). ``gc.freeze`` is the
        standard remedy for a long-lived start-up heap (the few start-up leftovers it
        keeps from collection are negligible).
        """
        gc.freeze()
        gc.enable()  # build_app turns it off for the start-up
        return super().run(*args, **kwargs)

    def on_mount(self) -> None:
        saved = self.guard(self.service.get_setting, "theme")
        if saved and saved in self.available_themes:
            self.theme = saved
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        self._check_size(self.size.width, self.size.height)

    def on_ready(self) -> None:
        if self.exit_on_ready:
            # Ready comes once the first screen is laid out; its paint may still be queued.
            self.call_after_refresh(self.exit, 0)
        if (
            self.service is not None and not self.service.course.topics_loaded
        ):  # None: a broken preview
            self.call_after_refresh(self._load_course_content)
        if not self.is_headless and not self.exit_on_ready:
            self.set_timer(0.5, self._start_lab)  # after the first paint: torch loads meanwhile

    @work(thread=True, name="start-lab", exit_on_error=False)
    def _start_lab(self) -> None:
        """Start the lab's worker process, which imports torch while the learner reads the map,
        and load the show-me screen's own modules, so opening it later costs no imports.

        Then freeze the heap again (as ``run`` does at start-up): the course's topics and
        the modules loaded since live until exit, yet each full collection rescanned them,
        a pause of about 50 ms in the middle of a frame whenever one fell while show me
        opened or a run streamed.
        """
        from tutor.ui.lab_bridge import lab

        lab().start()
        import tutor.lab.registry
        import tutor.ui.screens.show_me  # noqa: F401

        if self.service is not None:
            self.service.course.load()  # waits for the content loader, if it still runs
        self.call_from_thread(self._read_show_me_css)
        gc.freeze()

    def _read_show_me_css(self) -> None:
        """Add show me's style sheet now, while the map is read: added when show me first
        opens, textual re-parsed and re-applied every style sheet in that frame (15 ms).

        With it, the default CSS of every widget class show me mounts: textual adds a
        class's default CSS when its first widget mounts, and each one added made the
        next frame parse the style sheets again (eleven classes, about 10 ms over the
        first show me's frames, half of it in the frame that first shows the screen)."""
        from tutor.ui.screens.show_me import ShowMeScreen, widget_classes

        css = ShowMeScreen.CSS_PATH
        assert isinstance(css, str)
        path = str((Path(inspect.getfile(ShowMeScreen)).parent / css).resolve())  # as textual
        added = False
        if not self.stylesheet.has_source(path, ""):
            self.stylesheet.read(path)
            added = True
        before = len(self.stylesheet.source)
        for cls in widget_classes():
            # the sources Widget._post_register adds, from the class alone (no widget built)
            for read_from, source, tie_breaker, scope in cls.__new__(cls)._get_default_css():
                self.stylesheet.add_source(
                    source,
                    read_from=read_from,
                    is_default_css=True,
                    tie_breaker=tie_breaker,
                    scope=scope,
                )
        if added or len(self.stylesheet.source) != before:
            self.stylesheet.reparse()
            self.stylesheet.update(self)

    @work(thread=True, name="load-course-content", exit_on_error=False)
    def _load_course_content(self) -> None:
        """Read the topics' lessons and questions while the learner looks at the first screen.

        The first screen is painted from the course outline alone (the topics come from the
        course cache on first use, which imports pydantic: about 70 ms); loading them
        here, after that paint, keeps the wait off both the paint and the first lesson. A
        screen that needs them sooner simply loads them itself (the course serialises it).
        """
        self.service.course.load()

    def _remember_theme(self, theme: Any) -> None:
        self.attempt(self.service.set_setting, "theme", theme.name)

    # terminal size ------------------------------------------------------------
    def on_resize(self, event: events.Resize) -> None:
        self._check_size(event.size.width, event.size.height)

    def _check_size(self, width: int, height: int) -> None:
        from tutor.ui.screens.too_small import TooSmallScreen

        small = width < MIN_WIDTH or height < MIN_HEIGHT
        on_top = isinstance(self.screen, TooSmallScreen)
        if small and not on_top:
            self.push_screen(TooSmallScreen())
        elif not small and on_top:
            self.pop_screen()

    # the error boundary ---------------------------------------------------------
    def guard(self, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T | None:
        """Run an engine call. Every call from the UI into the service or a flow goes through
        here: a UserError (a locked or full database, a file gone) becomes a notification
        and the app keeps running. Returns None when the call failed."""
        try:
            return fn(*args, **kwargs)
        except UserError as exc:
            self.notify(str(exc), title="Not saved", severity="error", timeout=10, markup=False)
            return None

    def attempt(self, fn: Callable[P, object], /, *args: P.args, **kwargs: P.kwargs) -> bool:
        """:meth:`guard` for calls that return nothing: True when the call worked."""

        def run() -> bool:
            fn(*args, **kwargs)
            return True

        return self.guard(run) is not None

    # navigation ---------------------------------------------------------------
    def action_help(self) -> None:
        from tutor.ui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            self.pop_screen()
            return
        self.push_screen(HelpScreen.for_screen(self.screen))

    def leave_welcome(self) -> None:
        """Show the course map in place of the first-run welcome, in a mode of its own.

        The welcome is the default screen (see get_default_screen), which textual can neither
        switch away from (it has no result callback) nor remove with its mode; it stays idle
        in that mode's stack, never shown again."""
        if self.current_mode == "map":
            return
        self.add_mode("map", _map_screen)
        self.switch_mode("map")

    def go_home(self) -> None:
        """Back to the course map, closing whatever is stacked on it."""
        from tutor.ui.screens.map import MapScreen

        while len(self.screen_stack) > 1 and not isinstance(self.screen, MapScreen):
            self.pop_screen()

    def open_topic(self, topic_id: str) -> None:
        from tutor.ui.screens.map import MapScreen

        self.go_home()
        screen = self.screen_stack[0]
        if isinstance(screen, MapScreen):
            self.call_after_refresh(screen.select_topic, topic_id)

    def start_flow(self, flow: Flow | None, *, replace: bool = False) -> None:
        """Show the flow's first step on top of the current screen, or in its place
        (``None``: the flow could not be started, and the guard has said why)."""
        from tutor.ui.flow_screens import screen_for

        step = None if flow is None else self.guard(flow.next_step)
        if flow is None or step is None:
            return
        if replace:
            self.switch_screen(screen_for(flow, step))
        else:
            self.push_screen(screen_for(flow, step))

    def advance(self, flow: Flow) -> None:
        """Replace the current step with the flow's next one (or its end screen). If the
        flow cannot move on (the store failed), the current screen stays."""
        from tutor.ui.flow_screens import screen_for

        step = self.guard(flow.next_step)
        if step is not None:
            self.switch_screen(screen_for(flow, step))

    def show_me(
        self, experiment: str, params: dict[str, Any] | None = None, caption: str | None = None
    ) -> None:
        from tutor.ui.screens.show_me import ShowMeScreen

        self.push_screen(ShowMeScreen(experiment, params or {}, caption=caption))

    def open_request(self, text: str = "") -> None:
        """Show me with a free-text request (from the command palette)."""
        from tutor.ui.screens.show_me import ShowMeScreen

        self.push_screen(ShowMeScreen.from_request(text))

    def open_drill_setup(self, topics: tuple[str, ...] = (), tags: tuple[str, ...] = ()) -> None:
        from tutor.ui.screens.drill import DrillSetupScreen

        self.push_screen(DrillSetupScreen(topics=topics, tags=tags))

    def open_progress(self) -> None:
        from tutor.ui.screens.progress import ProgressScreen

        self.push_screen(ProgressScreen())

    def start_learning(self, *, replace: bool = False) -> None:
        from tutor.learner.flows import LearnFlow

        self.start_flow(LearnFlow(self.service), replace=replace)

    def start_topic(self, topic_id: str, *, with_lesson: bool = True) -> None:
        from tutor.learner.flows import TopicFlow

        self.start_flow(self.guard(TopicFlow, self.service, topic_id, with_lesson=with_lesson))

    def start_review(self) -> None:
        from tutor.learner.flows import ReviewFlow

        flow = self.guard(ReviewFlow, self.service)
        if flow is not None and not flow.item_ids:
            self.notify("No reviews are due. Well done.", title="Review")
            return
        self.start_flow(flow)

    def start_drill(self, item_ids: list[str], *, time_limit_s: float | None) -> None:
        """A drill in place of the current screen (the set-up or the last score)."""
        from tutor.learner.flows import DrillFlow

        self.start_flow(DrillFlow(self.service, item_ids, time_limit_s=time_limit_s), replace=True)

    def start_placement(
        self, goal: str, *, resume: bool = False, max_questions: int | None = None
    ) -> None:
        from tutor.learner.flows import PlacementFlow

        self.start_flow(
            self.guard(
                PlacementFlow, self.service, goal, resume=resume, max_questions=max_questions
            )
        )
