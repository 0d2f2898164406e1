"""Drills for interview prep: choose what to drill, then the score and what was missed."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
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

from tutor.content.maths import render_maths
from tutor.content.schema import ShortAnswer
from tutor.ui.screens.base import TutorScreen
from tutor.ui.widgets.toggles import ClearCheckbox, ClearSelectionList

if TYPE_CHECKING:
    from tutor.learner.flows import DrillFlow, DrillResult

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
                yield ClearSelectionList[str](
                    *[(t, t, t in self.initial_tags) for t in tags], id="drill-tags"
                )
            with Vertical(classes="drill--column"):
                yield Label("Topics", classes="drill--label")
                yield ClearSelectionList[str](
                    *[
                        (Content(course.label(t.id)), t.id, t.id in self.initial_topics)
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
            yield ClearCheckbox("Interview questions only", id="drill-interview", compact=True)
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
        ids = self.tutor.guard(
            self.tutor.service.drill, topics=topics, tags=tags, n=n, interview_only=interview
        )
        if ids is None:
            return
        if not ids:
            self.notify("No questions match that choice.", severity="warning", title="Drill")
            return
        if len(ids) < n:
            k = len(ids)
            kind = ("interview " if interview else "") + ("question" if k == 1 else "questions")
            self.notify(
                f"Only {k} {kind} {'matches' if k == 1 else 'match'} that choice: "
                f"the drill has {k}, not {n}.",
                title="Drill",
            )
        self.tutor.start_drill(ids, time_limit_s=limit)

    @on(Input.Submitted, ".drill--options Input")
    def _submitted(self) -> None:
        self.action_start()

    def action_back(self) -> None:
        self.app.pop_screen()


RATINGS: tuple[tuple[int, str], ...] = ((1, "Again"), (2, "Hard"), (3, "Good"), (4, "Easy"))


class DrillScoreScreen(TutorScreen):
    """Score of the answered questions, the short answers to rate, what was missed, and what
    was not reached. The body scrolls from the keyboard as soon as the screen opens."""

    CSS_PATH = "drill.tcss"
    HELP_TITLE = "Drill score"
    AUTO_FOCUS = "#score-body"
    BINDINGS: ClassVar[list[BindingType]] = [
        *[
            Binding(str(r), f"rate({r})", label, key_display=str(r), show=r == 1)
            for r, label in RATINGS
        ],
        Binding("m", "retry_missed", "Drill the missed ones"),
        Binding("escape", "home", "Course map"),
    ]

    def __init__(self, result: DrillResult, flow: DrillFlow | None = None) -> None:
        super().__init__()
        self.result = result
        self.flow = flow

    def compose(self) -> ComposeResult:
        result = self.result
        course = self.tutor.service.course
        yield Header()
        with VerticalScroll(id="score-body"):
            yield Static(self._score_line(), id="score-line")
            yield DataTable(id="score-table", cursor_type="none", zebra_stripes=True)
            yield from self._compose_to_rate()
            missed = [a for a in result.missed if not a.pending]
            if missed:
                yield Static("Missed", classes="drill--heading")
                parts = [self._missed_markdown(course.item(a.item_id), a.response) for a in missed]
                yield Markdown(render_maths("\n\n---\n\n".join(parts)), id="missed")
            if result.unanswered:
                yield Static(f"Not answered ({len(result.unanswered)})", classes="drill--heading")
                yield Markdown(
                    "\n".join(f"- {_one_line(course.item(i).prompt)}" for i in result.unanswered),
                    id="unanswered",
                )
            models = [
                item for i in result.unanswered if isinstance(item := course.item(i), ShortAnswer)
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

    def _compose_to_rate(self) -> ComposeResult:
        pending = self.result.pending
        if not pending:
            return
        course = self.tutor.service.course
        yield Static(
            "Rate your short answers (1-4 rates the first one still open)",
            classes="drill--heading",
        )
        for answer in pending:
            item = course.item(answer.item_id)
            assert isinstance(item, ShortAnswer)
            with Vertical(classes="drill--to-rate", id=f"to-rate-{answer.item_id}"):
                yield Static(Content(_one_line(item.prompt)), classes="drill--prompt")
                yield Static(Content(f"You wrote: {answer.response}"))
                yield Static("Model answer", classes="drill--subheading")
                yield Markdown(render_maths(item.model_answer), classes="drill--model")
                if item.key_points:
                    yield Static(Content("Key points: " + "; ".join(item.key_points)))
                suggested = dict(RATINGS)[answer.rating]
                yield Static(
                    Content(f"Suggested: {suggested}. Your rating:"), classes="drill--rating-label"
                )
                with Horizontal(classes="drill--rating-row"):
                    for r, label in RATINGS:
                        yield Button(
                            f"{r} {label}",
                            id=f"rate-{answer.item_id}-{r}",
                            classes="drill--rate",
                            variant="primary" if r == answer.rating else "default",
                        )

    def _score_line(self) -> Content:
        result = self.result
        answered = len(result.answers)
        total = len(result.item_ids)
        share = f" ({result.correct / answered:.0%})" if answered else ""
        if result.timed_out:
            ending = "  Time ran out."
        elif answered < total:
            ending = f"  Stopped after {answered} of {total}."
        else:
            ending = ""
        if result.unanswered:
            ending += f" {len(result.unanswered)} not answered."
        if result.pending:
            ending += f" {len(result.pending)} to rate below."
        return Content.assemble(
            ("Score ", "bold"),
            (f"{result.correct}/{answered}", "$accent bold"),
            f" answered{share}",
            f"  in {_clock(result.elapsed_s)}",
            ending,
        )

    def on_mount(self) -> None:
        self.sub_title = "drill score"
        self._fill_table()

    def _fill_table(self) -> None:
        table = self.query_one("#score-table", DataTable)
        table.clear(columns=True)
        room = max(20, min(60, self.app.size.width - 40))  # the other columns stay whole
        table.add_column("#")
        table.add_column("Question", width=room)
        table.add_column("Result", width=len("— not answered"))
        table.add_column("Time", width=6)
        by_item = {a.item_id: a for a in self.result.answers}
        course = self.tutor.service.course
        for n, item_id in enumerate(self.result.item_ids, 1):
            answer = by_item.get(item_id)
            prompt = _one_line(course.item(item_id).prompt)
            if len(prompt) > room:
                prompt = prompt[: room - 1] + "…"
            if answer is None:
                mark = Content.styled("— not answered", "$text-muted")
                table.add_row(str(n), Text(prompt, end=""), mark, "")
                continue
            if answer.pending:
                mark = Content.styled("? to rate", "$warning bold")
            elif answer.correct:
                mark = Content.styled("✓ right", "$success bold")
            else:
                mark = Content.styled("✗ missed", "$error bold")
            table.add_row(str(n), Text(prompt, end=""), mark, f"{answer.seconds:.1f}s")

    # rating the stored short answers ------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "rate":
            return bool(self.result.pending) and self.flow is not None
        return True

    def action_rate(self, rating: int) -> None:
        pending = self.result.pending
        if pending:
            self._rate(pending[0].item_id, int(rating))

    @on(Button.Pressed, ".drill--rate")
    def _rate_pressed(self, event: Button.Pressed) -> None:
        assert event.button.id is not None
        item_id, _, rating = event.button.id.removeprefix("rate-").rpartition("-")
        self._rate(item_id, int(rating))

    def _rate(self, item_id: str, rating: int) -> None:
        if self.flow is None or self.tutor.guard(self.flow.rate, item_id, rating) is None:
            return
        box = self.query_one(f"#to-rate-{item_id}", Vertical)
        box.query_one(".drill--rating-row").remove()
        box.query_one(".drill--rating-label", Static).update(
            Content(f"Rated {dict(RATINGS)[rating]}: saved.")
        )
        self.query_one("#score-line", Static).update(self._score_line())
        self._fill_table()
        self.refresh_bindings()
        self.query_one("#retry", Button).disabled = not (
            self.result.missed or self.result.unanswered
        )
        nxt = self.result.pending
        if nxt:
            self.query_one(f"#to-rate-{nxt[0].item_id}").scroll_visible(animate=False)

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
        self.tutor.start_drill(ids, time_limit_s=self.result.time_limit_s)

    @on(Button.Pressed, "#home")
    def action_home(self) -> None:
        """Short answers left unrated are already stored with the grader's suggestion."""
        self.tutor.go_home()


def _one_line(text: str) -> str:
    return " ".join(text.split())
