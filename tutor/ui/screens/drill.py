"""Drills for interview prep: choose what to drill, then the score and what was missed."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import (
    Button,
    Checkbox,
    DataTable,
    Footer,
    Header,
    Input,
    Label,
    Markdown,
    SelectionList,
    Static,
)

from tutor.ui.screens.base import TutorScreen

if TYPE_CHECKING:
    from tutor.ui.sessions import DrillResult

DEFAULT_QUESTIONS = 10
DEFAULT_MINUTES = 5.0


def _clock(seconds: float) -> str:
    minutes, secs = divmod(round(seconds), 60)
    return f"{minutes}:{secs:02d}"


class DrillSetupScreen(TutorScreen):
    """Topics or tags, how many questions, how long."""

    CSS_PATH = "drill.tcss"
    HELP_TITLE = "Drill set-up"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "start", "Start drill"),
        Binding("escape", "back", "Back"),
    ]

    def __init__(self, *, topics: tuple[str, ...] = (), tags: tuple[str, ...] = ()) -> None:
        super().__init__()
        self.initial_topics = set(topics)
        self.initial_tags = set(tags)

    def compose(self) -> ComposeResult:
        course = self.tutor.service.course
        tags = sorted({tag for t in course.outline.values() for tag in t.tags})
        yield Header()
        with Horizontal(id="drill-lists"):
            with Vertical(classes="drill--column"):
                yield Label("Tags", classes="drill--label")
                yield SelectionList[str](
                    *[(t, t, t in self.initial_tags) for t in tags], id="drill-tags"
                )
            with Vertical(classes="drill--column"):
                yield Label("Topics", classes="drill--label")
                yield SelectionList[str](
                    *[
                        (course.label(t.id), t.id, t.id in self.initial_topics)
                        for t in course.outline.values()
                        if t.items
                    ],
                    id="drill-topics",
                )
        with Horizontal(classes="drill--options"):
            yield Label("Questions", classes="drill--label")
            yield Input(
                str(DEFAULT_QUESTIONS), id="drill-n", type="integer", max_length=3, compact=True
            )
            yield Label("Minutes (0 = no limit)", classes="drill--label")
            yield Input(
                f"{DEFAULT_MINUTES:g}",
                id="drill-minutes",
                type="number",
                max_length=5,
                compact=True,
            )
            yield Checkbox("Interview questions only", id="drill-interview", compact=True)
        with Horizontal(classes="drill--actions"):
            yield Button("Start (ctrl+s)", id="drill-start", variant="primary")
        yield Static(id="drill-hint")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.sub_title = "drill"
        self.query_one("#drill-hint", Static).update(
            "Nothing chosen = every topic. Space toggles a row; tab moves between lists."
        )

    def _numbers(self) -> tuple[int, float | None] | None:
        try:
            n = int(self.query_one("#drill-n", Input).value or "0")
            minutes = float(self.query_one("#drill-minutes", Input).value or "0")
        except ValueError:
            self.notify("Questions and minutes must be numbers.", severity="error")
            return None
        if not 1 <= n <= 200:
            self.notify("Choose between 1 and 200 questions.", severity="error")
            return None
        if minutes < 0 or minutes > 600:
            self.notify("The time limit must be between 0 and 600 minutes.", severity="error")
            return None
        return n, (minutes * 60 if minutes > 0 else None)

    @on(Button.Pressed, "#drill-start")
    def action_start(self) -> None:
        numbers = self._numbers()
        if numbers is None:
            return
        n, limit = numbers
        tags = list(self.query_one("#drill-tags", SelectionList).selected)
        topics = list(self.query_one("#drill-topics", SelectionList).selected)
        interview = self.query_one("#drill-interview", Checkbox).value
        ids = self.tutor.service.drill(topics=topics, tags=tags, n=n, interview_only=interview)
        if not ids:
            self.notify("No questions match that choice.", severity="warning", title="Drill")
            return
        from tutor.ui.sessions import DrillSession

        session = DrillSession(self.tutor.service, ids, time_limit_s=limit)
        screen = session.next_screen()
        if screen is not None:
            self.tutor.switch_screen(screen)

    @on(Input.Submitted, ".drill--options Input")
    def _submitted(self) -> None:
        self.action_start()

    def action_back(self) -> None:
        self.app.pop_screen()


class DrillScoreScreen(TutorScreen):
    """Score, time per question, the missed items with explanations, model interview answers."""

    CSS_PATH = "drill.tcss"
    HELP_TITLE = "Drill score"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("m", "retry_missed", "Drill the missed ones"),
        Binding("escape", "home", "Course map"),
    ]

    def __init__(self, result: DrillResult) -> None:
        super().__init__()
        self.result = result

    def compose(self) -> ComposeResult:
        result = self.result
        course = self.tutor.service.course
        answered = len(result.answers)
        total = len(result.item_ids)
        share = f" ({result.correct / total:.0%})" if total else ""
        ending = "  Time ran out." if result.timed_out else ""
        if answered < total and not result.timed_out:
            ending = f"  Stopped after {answered} of {total}."
        yield Header()
        with VerticalScroll(id="score-body"):
            yield Static(
                Content.assemble(
                    ("Score ", "bold"),
                    (f"{result.correct}/{total}", "$accent bold"),
                    share,
                    f"  in {_clock(result.elapsed_s)}",
                    ending,
                ),
                id="score-line",
            )
            yield DataTable(id="score-table", cursor_type="row", zebra_stripes=True)
            missed = result.missed
            if missed or result.unanswered:
                yield Static(
                    "Missed" if not result.unanswered else "Missed or not answered",
                    classes="drill--heading",
                )
                parts = []
                for answer in missed:
                    item = course.item(answer.item_id)
                    parts.append(self._missed_markdown(item, answer.response))
                for item_id in result.unanswered:
                    item = course.item(item_id)
                    parts.append(self._missed_markdown(item, None))
                yield Markdown("\n\n---\n\n".join(parts), id="missed")
            models = [
                item for i in result.item_ids if (item := course.item(i)).type == "short_answer"
            ]
            if models:
                yield Static("Model interview answers", classes="drill--heading")
                yield Markdown(
                    "\n\n".join(f"**{_one_line(m.prompt)}**\n\n{m.model_answer}" for m in models),
                    id="model-answers",
                )
        with Horizontal(id="score-actions"):
            yield Button(
                "Drill the missed ones (m)",
                id="retry",
                disabled=not (result.missed or result.unanswered),
            )
            yield Button("Course map (esc)", id="home", variant="primary")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.sub_title = "drill score"
        table = self.query_one("#score-table", DataTable)
        table.add_columns("#", "Question", "Result", "Time")
        by_item = {a.item_id: a for a in self.result.answers}
        course = self.tutor.service.course
        for n, item_id in enumerate(self.result.item_ids, 1):
            answer = by_item.get(item_id)
            prompt = _one_line(course.item(item_id).prompt)
            if len(prompt) > 52:
                prompt = prompt[:51] + "…"
            if answer is None:
                table.add_row(str(n), prompt, Content.styled("—", "$text-muted"), "")
            else:
                mark = (
                    Content.styled("✓", "$success bold")
                    if answer.correct
                    else Content.styled("✗", "$error bold")
                )
                table.add_row(str(n), prompt, mark, f"{answer.seconds:.1f}s")
        self.query_one("#home", Button).focus()

    @staticmethod
    def _missed_markdown(item: Any, response: object) -> str:
        lines = [f"**{_one_line(item.prompt)}**"]
        if response is None:
            lines.append("_Not answered._")
        else:
            lines.append(f"Your answer: {item.describe_response(response)}")
            feedback = item.feedback_for(response)
            if feedback:
                lines.append(f"_{feedback}_")
        answer = item.answer_text()
        if answer:
            lines.append(f"Answer: {answer}")
        lines.append(item.explanation)
        return "\n\n".join(lines)

    @on(Button.Pressed, "#retry")
    def action_retry_missed(self) -> None:
        ids = [a.item_id for a in self.result.missed] + self.result.unanswered
        if not ids:
            return
        from tutor.ui.sessions import DrillSession

        session = DrillSession(self.tutor.service, ids, time_limit_s=self.result.time_limit_s)
        screen = session.next_screen()
        if screen is not None:
            self.tutor.switch_screen(screen)

    @on(Button.Pressed, "#home")
    def action_home(self) -> None:
        self.tutor.go_home()


def _one_line(text: str) -> str:
    return " ".join(text.split())
