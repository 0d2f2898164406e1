"""A topic's lesson: explainer, how it is best learned, core idea, experiments."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Footer, Header, Markdown, Static

from tutor.content.maths import render_maths
from tutor.ui.screens.base import TutorScreen
from tutor.ui.widgets.status import reflow

if TYPE_CHECKING:
    from tutor.learner.flows import Flow, LessonStep


class LessonScreen(TutorScreen):
    """Read the explainer, try an experiment, then go on to practice."""

    CSS_PATH = "lesson.tcss"
    HELP_TITLE = "Lesson"
    AUTO_FOCUS = "#lesson-scroll"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "practice", "Practise"),
        Binding("s", "show_me(0)", "Show me"),
        Binding("2", "show_me(1)", "Show me 2", show=False),
        Binding("3", "show_me(2)", "Show me 3", show=False),
        Binding("N", "note", "Note", key_display="N", tooltip="Write a note on this topic"),
        Binding("escape", "leave", "Course map"),
    ]

    def __init__(self, flow: Flow, step: LessonStep) -> None:
        super().__init__()
        self.flow = flow
        self.topic_id = step.topic_id
        self.reason = step.reason

    def compose(self) -> ComposeResult:
        topic = self.tutor.service.course.topics[self.topic_id]
        yield Header()
        with VerticalScroll(id="lesson-scroll"):
            if self.reason:
                yield Static(Content(self.reason), id="lesson-reason")
            yield Static(Content(topic.title), id="lesson-title")
            tags = " ".join(f"#{t}" for t in topic.tags)
            yield Static(Content(f"{topic.level}  {tags}".rstrip()), id="lesson-meta")
            yield Markdown(
                render_maths(topic.explainer or "_This topic has no explainer yet._"),
                id="explainer",
            )
            if topic.how_best_learned:
                yield Static("How it is best learned", classes="lesson--heading")
                yield Static(Content(reflow(topic.how_best_learned)), id="how-best")
            yield Static("Core idea", classes="lesson--heading")
            yield Static(Content(reflow(topic.core_idea)), id="core-idea")
            if topic.show_me:
                yield Static("Show me", classes="lesson--heading")
                for i, ref in enumerate(topic.show_me):
                    key = "s" if i == 0 else str(i + 1)
                    caption = f" — {ref.caption}" if ref.caption else ""
                    yield Button(
                        Content(f"{key}  {ref.experiment.replace('_', ' ')}{caption}"),
                        id=f"show-{i}",
                        classes="lesson--show-me",
                    )
        with Horizontal(id="lesson-actions"):
            n = len(topic.items)
            label = f"Practise ({n} question{'s' if n != 1 else ''}) ⏎"
            yield Button(label, id="practice", variant="primary")
            yield Button("Course map (esc)", id="leave")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.sub_title = f"lesson · {self.flow.title}"

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "show_me":
            index = int(parameters[0]) if parameters else 0  # type: ignore[call-overload]
            return index < len(self.tutor.service.course.topics[self.topic_id].show_me)
        return True

    def action_show_me(self, index: int = 0) -> None:
        refs = self.tutor.service.course.topics[self.topic_id].show_me
        if index < len(refs):
            ref = refs[index]
            self.tutor.show_me(ref.experiment, dict(ref.params), caption=ref.caption)

    @on(Button.Pressed, ".lesson--show-me")
    def _show_pressed(self, event: Button.Pressed) -> None:
        assert event.button.id is not None
        self.action_show_me(int(event.button.id.removeprefix("show-")))

    @on(Button.Pressed, "#practice")
    def action_practice(self) -> None:
        """Record the lesson as read, then on to the flow's next step (both or neither)."""
        if self.tutor.attempt(self.flow.lesson_read):
            self.tutor.advance(self.flow)

    def action_note(self) -> None:
        from tutor.ui.screens.note import NoteScreen

        self.app.push_screen(NoteScreen(topic_id=self.topic_id))

    @on(Button.Pressed, "#leave")
    def action_leave(self) -> None:
        self.tutor.go_home()
