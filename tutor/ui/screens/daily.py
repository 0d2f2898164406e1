"""Today: reviews due, new topics ready, the streak, the week's forecast and the daily goal.

Every number comes from :meth:`TutorService.daily`; this screen only lays them out
and saves the goal the learner types.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Footer, Header, Input, Label, Static

from tutor.ui.screens.base import TutorScreen
from tutor.ui.screens.progress import mastery_bar
from tutor.ui.widgets.forecast import forecast_lines

if TYPE_CHECKING:
    from tutor.learner.daily import DailySummary


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


class DailyScreen(TutorScreen):
    """The day at a glance, and the learner's daily goal."""

    CSS_PATH = "daily.tcss"
    HELP_TITLE = "Today"
    AUTO_FOCUS = "#daily-body"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "review", "Review", tooltip="Practise the items that are due"),
        Binding("n", "next", "Next", tooltip="Continue on your path"),
        Binding("e", "edit_goal", "Set goal", tooltip="Set your daily goal in items or minutes"),
        Binding("escape", "back", "Back"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="daily-body"):
            yield Static(id="daily-title")
            yield Static(id="daily-facts")
            yield Static(id="daily-goal")
            with Horizontal(id="daily-goal-row"):
                yield Label("Daily goal (e): ", classes="daily--label")
                yield Input(
                    placeholder="e.g. 20 items or 15 min", id="daily-goal-input", compact=True
                )
            yield Static("Reviews due, next 7 days", classes="daily--heading")
            yield Static(id="daily-forecast")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.sub_title = "today"
        self.refresh_daily()

    def on_screen_resume(self) -> None:
        self.refresh_daily()

    def refresh_daily(self) -> None:
        summary = self.tutor.guard(self.tutor.service.daily)
        if summary is not None:
            self._show(summary)

    def _show(self, summary: DailySummary) -> None:
        self.query_one("#daily-title", Static).update(
            Content.styled(f"Today · {summary.today:%A %-d %B}", "bold")
        )
        rows = [
            (
                "Due today",
                f"{_plural(summary.due_today, 'review')}" + (" (r)" if summary.due_today else ""),
            ),
            ("New topics", f"{summary.new_topics} ready to start (n)"),
            ("Streak", f"{_plural(summary.streak_days, 'day')} in a row"),
            (
                "Done today",
                f"{_plural(summary.answered_today, 'item')}, {summary.minutes_today:.0f} min",
            ),
        ]
        self.query_one("#daily-facts", Static).update(
            Content("\n").join(
                Content.assemble((label.ljust(12), "bold"), value) for label, value in rows
            )
        )
        goal = self.query_one("#daily-goal", Static)
        if summary.goal is None:
            goal.update(Content.styled("No daily goal yet: press e and type one.", "$text-muted"))
        else:
            done = summary.goal_done
            unit = summary.goal.unit
            amount = summary.minutes_today if unit == "minutes" else summary.answered_today
            mark = "  ✓ goal met" if done >= 1 else ""
            goal.update(
                Content.assemble(
                    ("Goal".ljust(12), "bold"),
                    (mastery_bar(done, 20), "$success" if done >= 1 else "$primary"),
                    f" {amount:.0f} of {summary.goal}{mark}",
                )
            )
            box = self.query_one("#daily-goal-input", Input)
            if not box.has_focus:
                box.value = str(summary.goal)
        self.query_one("#daily-forecast", Static).update(
            Content("\n".join(forecast_lines(summary.forecast)))
        )

    @on(Input.Submitted, "#daily-goal-input")
    def _goal_typed(self, event: Input.Submitted) -> None:
        if self.tutor.attempt(self.tutor.service.set_daily_goal, event.value):
            self.notify(f"Daily goal saved: {event.value.strip()}", title="Today", markup=False)
            self.query_one("#daily-body").focus()
            self.refresh_daily()

    def action_edit_goal(self) -> None:
        self.query_one("#daily-goal-input", Input).focus()

    def action_review(self) -> None:
        self.tutor.start_review()

    def action_next(self) -> None:
        self.tutor.start_learning()

    def action_back(self) -> None:
        if self.query_one("#daily-goal-input", Input).has_focus:
            self.query_one("#daily-body").focus()
            return
        self.app.pop_screen()
