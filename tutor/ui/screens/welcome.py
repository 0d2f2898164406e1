"""First run: offer a goal and the placement diagnostic, or just browsing."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Header, OptionList, Static
from textual.widgets.option_list import Option

from tutor.ui.screens.base import TutorScreen
from tutor.ui.widgets.footer import SteadyFooter

if TYPE_CHECKING:
    from tutor.learner.service import TutorService


def default_goal(service: TutorService) -> str:
    """The goal offered first: the course's capstone (see :meth:`CourseGraph.capstone`)."""
    return service.graph.capstone()


class WelcomeScreen(TutorScreen):
    """Shown when the progress store holds no events yet."""

    CSS_PATH = "welcome.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("p", "placement", "Set goal + placement"),
        Binding(
            "g", "goal_only", "From scratch", tooltip="Set the goal and start at the beginning"
        ),
        Binding("b", "browse", "Browse"),
        Binding("escape", "browse", "Browse", show=False),
    ]

    def compose(self) -> ComposeResult:
        service = self.tutor.service
        course = service.course
        default = default_goal(service)
        graph = service.graph
        ordered = [default] + sorted(
            (t for t in course.outline if t != default),
            key=lambda t: (-graph.metrics(t).depth, graph.topo_order.index(t)),
        )
        depth = graph.metrics(default).depth
        yield Header()
        with Vertical(id="welcome-box"):
            yield Static("Welcome to tutor", id="welcome-title")
            yield Static(
                f"This course has {len(course.outline)} topics and {course.item_count} questions. "
                f"Pick a goal and tutor lays out the path to it: {course.outline[default].title} "
                f"sits at the end of a chain {depth + 1} topics long.\n\n"
                "A short placement test (at most 10 questions) finds where your knowledge ends, "
                "so you skip what you already know.",
                id="welcome-text",
            )
            yield Static("Your goal (↑/↓ to choose another)", classes="welcome--label")
            yield OptionList(
                *[Option(Content(course.label(t)), id=t) for t in ordered], id="goal-select"
            )
            with Horizontal(id="welcome-actions"):
                yield Button("Set goal + placement (p)", id="placement", variant="primary")
                yield Button("Start from scratch (g)", id="goal-only")
                yield Button("Just browse (b)", id="browse")
        yield SteadyFooter(compact=True)

    def on_mount(self) -> None:
        self.sub_title = "welcome"
        self.query_one("#goal-select", OptionList).highlighted = 0  # the default goal comes first
        self.query_one("#placement", Button).focus()

    def _goal(self) -> str:
        goals = self.query_one("#goal-select", OptionList)
        if goals.highlighted is None:
            return default_goal(self.tutor.service)
        return str(goals.get_option_at_index(goals.highlighted).id)

    @on(OptionList.OptionSelected, "#goal-select")
    def _goal_chosen(self) -> None:
        self.query_one("#placement", Button).focus()

    @on(Button.Pressed, "#placement")
    def action_placement(self) -> None:
        goal = self._goal()
        if not self.tutor.attempt(self.tutor.service.set_goal, goal):
            return
        self.tutor.leave_welcome()
        self.tutor.start_placement(goal)

    @on(Button.Pressed, "#goal-only")
    def action_goal_only(self) -> None:
        goal = self._goal()
        if not self.tutor.attempt(self.tutor.service.set_goal, goal):
            return
        self.tutor.leave_welcome()
        self.tutor.start_learning()

    @on(Button.Pressed, "#browse")
    def action_browse(self) -> None:
        self.tutor.leave_welcome()
