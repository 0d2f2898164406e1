"""Placement: the offer after a goal is set, and the result when it ends."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Header, Markdown, Static

from tutor.ui.screens.base import TutorScreen

if TYPE_CHECKING:
    from tutor.learner.models import PlacementResult
    from tutor.ui.app import TutorApp


class PlacementOfferScreen(ModalScreen[None]):
    """After "Set as goal": take the diagnostic now, or not."""

    CSS_PATH = "placement.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("p", "placement", "Take placement"),
        Binding("escape", "close", "Not now"),
    ]

    def __init__(self, goal: str, *, questions: int | None = None) -> None:
        super().__init__()
        self.goal = goal
        self.questions = questions
        """The placement's question budget (scaled to the path); None: the configured most."""

    @property
    def tutor(self) -> TutorApp:
        return cast("TutorApp", self.app)

    def compose(self) -> ComposeResult:
        service = self.tutor.service
        title = service.course.outline[self.goal].title
        progress = self.tutor.guard(service.goal_progress)
        ahead = (
            f"{progress[1] - progress[0]} of the {progress[1]} topics on the way are still "
            "ahead of you. "
            if progress is not None
            else ""
        )
        most = self.questions or service.config.placement_max_questions
        with Vertical(id="offer-box"):
            yield Static(Content(f"Goal set: {title}"), classes="placement--title")
            yield Static(
                f"{ahead}A placement test of at most {most} questions finds where your "
                "knowledge ends and marks everything before it as known.",
                id="offer-text",
            )
            with Horizontal(classes="placement--actions"):
                yield Button("Take placement (p)", id="take", variant="primary")
                yield Button("Not now (esc)", id="later")

    def on_mount(self) -> None:
        self.query_one("#take", Button).focus()

    @on(Button.Pressed, "#take")
    def action_placement(self) -> None:
        self.app.pop_screen()
        self.tutor.start_placement(self.goal, max_questions=self.questions)

    @on(Button.Pressed, "#later")
    def action_close(self) -> None:
        self.app.pop_screen()


class PlacementResultScreen(TutorScreen):
    """Where the diagnostic put the learner, and the way on."""

    CSS_PATH = "placement.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "learn", "Start learning"),
        Binding("escape", "home", "Course map"),
    ]

    def __init__(self, result: PlacementResult, *, goal: str) -> None:
        super().__init__()
        self.result = result
        self.goal = goal

    def compose(self) -> ComposeResult:
        service = self.tutor.service
        topics = service.course.outline
        result = self.result
        known = len(result.known)
        if result.frontier is not None:
            where = f"Your knowledge ends around **{topics[result.frontier].title}**."
        else:
            where = (
                "You know every topic on the way to your goal."
                if known
                else "We start at the beginning of the path."
            )
        path = self.tutor.guard(service.goal_path) or []
        nxt = f"Next up: **{topics[path[0]].title}**." if path else "Nothing left on this path."
        progress = self.tutor.guard(service.goal_progress)
        counts = f"\n\nGoal progress: {progress[0]}/{progress[1]} topics." if progress else ""
        yield Header()
        with Vertical(id="result-box"):
            yield Static("Placement done", classes="placement--title")
            yield Static(
                f"{result.questions} question{'s' if result.questions != 1 else ''} asked. "
                f"{known} topic{'s' if known != 1 else ''} marked known.",
                id="result-summary",
            )
            yield Markdown(f"{where}\n\n{nxt}{counts}", id="result-text")
            with Horizontal(classes="placement--actions"):
                yield Button("Start learning (n)", id="learn", variant="primary")
                yield Button("Course map (esc)", id="home")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.sub_title = "placement"
        self.query_one("#learn", Button).focus()

    @on(Button.Pressed, "#learn")
    def action_learn(self) -> None:
        self.tutor.start_learning(replace=True)

    @on(Button.Pressed, "#home")
    def action_home(self) -> None:
        """Back to the map, opened on the next topic on the path (not wherever it was)."""
        path = self.tutor.guard(self.tutor.service.goal_path)
        if path:
            self.tutor.open_topic(path[0])
        else:
            self.tutor.go_home()
