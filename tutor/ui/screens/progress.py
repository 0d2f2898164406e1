"""Progress: mastery per topic, accuracy over time, items answered, days in a row."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.reactive import var
from textual.widgets import DataTable, Footer, Header, Label, Static

from tutor.ui.screens.base import TutorScreen

if TYPE_CHECKING:
    from tutor.learner.models import TopicState
from tutor.ui.widgets.status import status_content, status_value
from tutor.ui.widgets.strip_chart import StripChart

BAR_WIDTH = 10
DAYS_SHOWN = 14


def mastery_bar(mastery: float, width: int = BAR_WIDTH) -> str:
    """A text bar with eighth-block resolution, so it sorts and snapshots as plain text."""
    eighths = round(max(0.0, min(1.0, mastery)) * width * 8)
    full, part = divmod(eighths, 8)
    return ("█" * full + (" ▏▎▍▌▋▊▉"[part] if part else "")).ljust(width, "·")


def progress_order(state: TopicState) -> tuple[int, float]:
    """Where a topic sorts in the mastery table: what is being learned comes first (weakest
    first), then topics done but with misses, then mastered, then known without practice,
    then the rest. A placement can mark dozens of basics known: they go below."""
    status = status_value(state.status)
    done = status in ("mastered", "known")
    if state.answered and not done:
        group = 0
    elif done and state.answered and state.correct < state.answered:
        group = 1
    elif status == "mastered":
        group = 2
    elif done:
        group = 3
    else:
        group = 4
    return (group, state.mastery)


class ProgressScreen(TutorScreen):
    """What the store says about the learner, from the service's summaries."""

    CSS_PATH = "progress.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back"),
        Binding("a", "toggle_all", "All topics / started"),
    ]

    show_all: var[bool] = var(False, init=False)
    """Every topic in the mastery table, or only those started (the default)."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="progress-totals")
        with Vertical(id="progress-body"):
            with Vertical(id="progress-topics"):
                yield Label("Mastery per topic", classes="progress--heading", id="topics-heading")
                yield DataTable(id="mastery-table", cursor_type="row", zebra_stripes=True)
            with Vertical(id="progress-days"):
                yield Label(f"Accuracy by day (last {DAYS_SHOWN})", classes="progress--heading")
                yield StripChart([], lo=0.0, hi=1.0, series=2, id="days-chart")
                yield DataTable(id="days-table", cursor_type="none")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.sub_title = "progress"
        table = self.query_one("#mastery-table", DataTable)
        table.add_column("Topic", width=30)
        table.add_column("Status", width=13)
        table.add_column("Mastery", width=BAR_WIDTH)
        table.add_column("", width=4)
        table.add_column("Right", width=5)
        self.query_one("#days-table", DataTable).add_columns("Day", "Answered", "Right", "Accuracy")
        if self.tutor.attempt(self._show_summary):
            self.tutor.attempt(self._fill_topics)

    def _show_summary(self) -> None:
        service = self.tutor.service
        summary = service.history()
        answered = summary.items_answered
        correct = summary.correct
        accuracy = f"{correct / answered:.0%}" if answered else "—"
        topics = len(service.course.outline)
        self.query_one("#progress-totals", Static).update(
            Content.assemble(
                ("Items answered ", "bold"),
                (str(answered), "$accent bold"),
                ("   Accuracy ", "bold"),
                (accuracy, "$accent bold"),
                ("   Days in a row ", "bold"),
                (str(summary.streak_days), "$accent bold"),
                ("   Mastered ", "bold"),
                (f"{summary.mastered_count}/{topics}", "$accent bold"),
            )
        )
        days = self.query_one("#days-table", DataTable)
        for day, n, right in list(summary.accuracy_by_day)[-DAYS_SHOWN:][::-1]:
            days.add_row(str(day), str(n), str(right), f"{right / n:.0%}" if n else "—")
        if not summary.accuracy_by_day:
            days.add_row("no answers yet", "", "", "")
        recent = list(summary.accuracy_by_day)[-DAYS_SHOWN:]
        chart = self.query_one("#days-chart", StripChart)
        chart.display = len(recent) >= 2  # one day is a dot, not a trend
        chart.set_values([right / n if n else 0.0 for _, n, right in recent], 0.0, 1.0)

    def _fill_topics(self) -> None:
        service = self.tutor.service
        table = self.query_one("#mastery-table", DataTable)
        table.clear()
        states = service.all_states()
        started = [
            s for s in states if s.answered or status_value(s.status) in ("mastered", "known")
        ]
        rows = states if self.show_all or not started else started
        rows = sorted(rows, key=progress_order)  # stable: course order within a group
        heading = "Mastery per topic" + (
            "" if rows is states else f" ({len(rows)} started of {len(states)}; a: all)"
        )
        self.query_one("#topics-heading", Label).update(heading)
        for state in rows:
            title = service.course.label(state.topic_id)
            if len(title) > 30:
                title = title[:29] + "…"
            table.add_row(
                Text(title, end=""),  # a str cell would be parsed as markup
                status_content(state.status).plain,
                Content.styled(
                    mastery_bar(state.mastery),
                    "$success" if status_value(state.status) == "mastered" else "$primary",
                ),
                f"{state.mastery:.0%}",
                f"{state.correct}/{state.answered}" if state.answered else "",
                key=state.topic_id,
            )

    def watch_show_all(self) -> None:
        self.tutor.attempt(self._fill_topics)

    def action_toggle_all(self) -> None:
        self.show_all = not self.show_all

    def action_back(self) -> None:
        self.app.pop_screen()
