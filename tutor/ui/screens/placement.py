"""Placement: the offer after a goal is set, and the result when it ends."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Header, Static

from tutor.ui.screens.base import TutorScreen

if TYPE_CHECKING:
    from tutor.ui.app import TutorApp


class PlacementOfferScreen(ModalScreen[None]):
    """After "Set as goal": take the diagnostic now, or not."""

    CSS_PATH = "placement.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("p", "placement", "Take placement"),
        Binding("escape", "close", "Not now"),
    ]

    def __init__(self, goal: str) -> None:
        super().__init__()
        self.goal = goal

    def compose(self) -> ComposeResult:
        service = self.app.service  # type: ignore[attr-defined]
        title = service.course.outline[self.goal].title
        done, total = service.goal_progress()
        with Vertical(id="offer-box"):
            yield Static(Content(f"Goal set: {title}"), classes="placement--title")
            yield Static(
                f"{total - done} of the {total} topics on the way are still ahead of you. "
                "A placement test of at most 10 questions finds where your knowledge ends "
                "and marks everything before it as known.",
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
        app: TutorApp = self.app  # type: ignore[assignment]
        app.start_placement(self.goal)

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

    def __init__(self, result: Any, *, goal: str) -> None:
        super().__init__()
        self.result = result
        self.goal = goal

    def compose(self) -> ComposeResult:
        service = self.app.service  # type: ignore[attr-defined]
        topics = service.course.outline
        result = self.result
        known = len(result.known)
        done, total = service.goal_progress()
        if result.frontier is not None:
            where = f"Your knowledge ends around **{topics[result.frontier].title}**."
        else:
            where = (
                "You know every topic on the way to your goal."
                if known
                else "We start at the beginning of the path."
            )
        path = service.goal_path()
        nxt = f"Next up: **{topics[path[0]].title}**." if path else "Nothing left on this path."
        yield Header()
        with Vertical(id="result-box"):
            yield Static("Placement done", classes="placement--title")
            yield Static(
                f"{result.questions} question{'s' if result.questions != 1 else ''} asked. "
                f"{known} topic{'s' if known != 1 else ''} marked known.",
                id="result-summary",
            )
            from textual.widgets import Markdown

            yield Markdown(
                f"{where}\n\n{nxt}\n\nGoal progress: {done}/{total} topics.", id="result-text"
            )
            with Horizontal(classes="placement--actions"):
                yield Button("Start learning (n)", id="learn", variant="primary")
                yield Button("Course map (esc)", id="home")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.sub_title = "placement"
        self.query_one("#learn", Button).focus()

    @on(Button.Pressed, "#learn")
    def action_learn(self) -> None:
        from tutor.ui.sessions import LearnSession

        screen = LearnSession(self.tutor.service).next_screen()
        if screen is not None:
            self.tutor.switch_screen(screen)

    @on(Button.Pressed, "#home")
    def action_home(self) -> None:
        self.app.go_home()  # type: ignore[attr-defined]
