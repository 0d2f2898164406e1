"""Show me: run a lab experiment, draw it, say what it shows, let the learner poke it.

The experiment runs in a named thread worker (group ``lab``). The first run
also warms the lab up (the heavy imports) inside that worker and reports
readiness with a message; until then the screen shows a loading state. The
worker never touches widgets: it posts messages, and the handlers here own
all state. Training runs stream their steps as messages that coalesce, and
stop within one step when the learner presses x.
"""

from __future__ import annotations

import threading
from typing import Any, ClassVar

from pydantic import BaseModel
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Checkbox, DataTable, Footer, Header, Input, Label, Select, Static
from textual.worker import Worker, WorkerState

from tutor.errors import UserError
from tutor.ui import lab_bridge
from tutor.ui.lab_view import View, training_view, view_for
from tutor.ui.screens.base import TutorScreen
from tutor.ui.widgets.log_bars import LogBarChart
from tutor.ui.widgets.param_form import ParamForm
from tutor.ui.widgets.strip_chart import StripChart

DEBOUNCE_S = 0.4


class LabReady(Message):
    """The lab's heavy modules are loaded; runs from now on start at once."""


class LabDone(Message):
    def __init__(self, token: int, result: Any, summary: str) -> None:
        super().__init__()
        self.token = token
        self.result = result
        self.summary = summary


class TrainingProgress(Message):
    """Steps so far of a training run; a newer one replaces an unhandled older one."""

    def __init__(self, token: int, steps: list[Any], count: int) -> None:
        super().__init__()
        self.token = token
        self.steps = steps  # shared, append-only list owned by the worker
        self.count = count

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, TrainingProgress) and message.token == self.token


class ShowMeScreen(TutorScreen):
    """An experiment with its chart, its numbers, its summary and editable parameters."""

    CSS_PATH = "show_me.tcss"
    HELP_TITLE = "Show me"
    AUTO_FOCUS = "#result"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "request", "Ask", key_display="/"),
        Binding("r", "rerun", "Run again"),
        Binding("x", "stop", "Stop"),
        Binding("escape", "back", "Back"),
    ]

    def __init__(
        self,
        experiment: str,
        params: dict[str, Any],
        *,
        caption: str | None = None,
        request: str = "",
    ) -> None:
        super().__init__()
        self.experiment = experiment
        self.raw_params = params
        self.caption = caption
        self.request = request
        self.params: BaseModel | None = None
        self.token = 0
        self.cancel = threading.Event()
        self.running = False
        self._worker: Worker[None] | None = None
        self._debounce: Timer | None = None
        self._lines_count = -1
        self._form_error = False
        self._lines_last = False
        self.focus_request = False

    @classmethod
    def from_request(cls, text: str) -> ShowMeScreen:
        """Open on a free-text request; an empty one runs the default gradient-flow
        experiment and leaves the cursor in the request box."""
        screen = cls("gradient_flow", {}, request=text)
        screen.focus_request = not text.strip()
        return screen

    # layout -------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        model = lab_bridge.params_model(self.experiment)
        try:
            self.params = lab_bridge.validate(self.experiment, self.raw_params)
        except UserError:
            self.params = model()
        yield Header()
        with Horizontal(id="request-row"):
            yield Label("show me", id="request-label")
            yield Input(
                self.request,
                placeholder="e.g. sigmoid vs relu at 30 layers with he init",
                id="request",
                compact=True,
            )
        yield Static(id="understood")
        with Horizontal(id="lab-body"):
            yield ParamForm(model, self.params, id="form")
            with VerticalScroll(id="result"):
                yield Static(Content(self.caption or ""), id="caption")
                yield Static(id="status")
                yield LogBarChart(id="chart")
                yield Vertical(id="lines")
                yield Static(id="summary")
                yield DataTable(id="numbers", cursor_type="none", zebra_stripes=True)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self._set_title()
        self.query_one("#caption").display = bool(self.caption)
        self.query_one("#understood").display = False
        self.query_one("#chart").display = False
        if self.request:
            self._apply_request(self.request)
        else:
            self._start_run()
        if self.focus_request:
            self.query_one("#request", Input).focus()

    def on_unmount(self) -> None:
        self.cancel.set()

    def _set_title(self) -> None:
        self.sub_title = f"show me · {self.experiment.replace('_', ' ')}"

    # running ------------------------------------------------------------------
    def _start_run(self) -> None:
        if self.params is None:
            return
        self.cancel.set()  # a run still going is superseded: it stops at its next step
        self.cancel = threading.Event()
        self.token += 1
        self.running = True
        status = self.query_one("#status", Static)
        if getattr(self.tutor, "lab_ready", False):
            status.update(Content.styled("Running…", "$text-muted"))
        else:
            status.update(
                Content.styled("Loading the lab (the first run takes a few seconds)…", "$warning")
            )
            self.query_one("#result").loading = True
        self._worker = self._compute(self.token, self.experiment, self.params, self.cancel)
        self.refresh_bindings()

    @work(thread=True, exit_on_error=False, group="lab", name="show-me")
    def _compute(
        self, token: int, experiment: str, params: BaseModel, cancel: threading.Event
    ) -> None:
        if not getattr(self.app, "lab_ready", False):
            lab_bridge.warm_up()
            self.post_message(LabReady())
        if cancel.is_set():
            return
        on_step = None
        if experiment == "training_dynamics":
            steps: list[Any] = []

            def on_step(step: Any) -> None:
                steps.append(step)
                self.post_message(TrainingProgress(token, steps, len(steps)))

        result = lab_bridge.run(experiment, params, cancel=cancel, on_step=on_step)
        self.post_message(LabDone(token, result, lab_bridge.summary(result)))

    def on_lab_ready(self, _: LabReady) -> None:
        self.tutor.lab_ready = True
        self.query_one("#result").loading = False
        if self.running:
            self.query_one("#status", Static).update(Content.styled("Running…", "$text-muted"))

    def on_training_progress(self, message: TrainingProgress) -> None:
        if message.token != self.token:
            return
        self.query_one("#result").loading = False
        assert self.params is not None
        view = training_view(self.params, message.steps, message.count)
        total = getattr(self.params, "steps", message.count)
        self.query_one("#status", Static).update(
            Content.styled(f"Training… step {message.count}/{total} (x stops)", "$text-muted")
        )
        self._show(view)

    def on_lab_done(self, message: LabDone) -> None:
        if message.token != self.token:
            return
        self.running = False
        self.query_one("#result").loading = False
        self._show(view_for(message.result))
        self.query_one("#summary", Static).update(Content(message.summary))
        cancelled = getattr(message.result, "cancelled", False)
        self.query_one("#status", Static).update(
            Content.styled("Stopped." if cancelled else "", "$warning") if cancelled else ""
        )
        self.query_one("#status").display = cancelled
        self.refresh_bindings()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker is not self._worker or event.state != WorkerState.ERROR:
            return
        self.running = False
        self.query_one("#result").loading = False
        error = event.worker.error
        text = str(error) if isinstance(error, UserError) else f"{type(error).__name__}: {error}"
        status = self.query_one("#status", Static)
        status.display = True
        status.update(Content.styled(f"The experiment failed: {text}", "$error"))
        self.refresh_bindings()

    # drawing ------------------------------------------------------------------
    def _show(self, view: View) -> None:
        chart = self.query_one("#chart", LogBarChart)
        chart.display = bool(view.series)
        if view.series:
            chart.title = view.chart_title
            chart.x_title = view.x_title
            chart.set_series(view.series)
        self._show_lines(view)
        table = self.query_one("#numbers", DataTable)
        if [str(c.label) for c in table.columns.values()] != view.columns:
            table.clear(columns=True)
            table.add_columns(*view.columns)
        else:
            table.clear()
        for row in view.rows:
            table.add_row(*row)

    def _show_lines(self, view: View) -> None:
        self._lines_last = view.lines_last
        box = self.query_one("#lines", Vertical)
        box.display = bool(view.lines)
        if not view.lines:
            return
        finite = [
            v for _, values in view.lines for v in values if v == v and abs(v) != float("inf")
        ]
        lo = min([0.0, *finite])
        hi = max([*finite, lo + 1e-12])
        title = f"{view.lines_title} (one scale for all: {lo:.3g} to {hi:.3g})"
        if self._lines_count != len(view.lines):
            box.remove_children()
            widgets: list[Any] = [Label(title, classes="lines--title", id="lines-title")]
            for i, (label, values) in enumerate(view.lines):
                widgets.append(
                    Label(
                        Content(self._line_label(label, values)),
                        classes="lines--label",
                        id=f"line-label-{i}",
                    )
                )
                widgets.append(StripChart(values, lo=lo, hi=hi, series=i, id=f"line-{i}"))
            box.mount_all(widgets)
            self._lines_count = len(view.lines)
            return
        self.query_one("#lines-title", Label).update(title)
        for i, (label, values) in enumerate(view.lines):
            self.query_one(f"#line-label-{i}", Label).update(
                Content(self._line_label(label, values))
            )
            self.query_one(f"#line-{i}", StripChart).set_values(values, lo, hi)

    def _line_label(self, label: str, values: list[float]) -> str:
        return f"{label}  now {values[-1]:.4g}" if values and self._lines_last else label

    # editing ------------------------------------------------------------------
    @on(Input.Changed, "#form Input")
    @on(Select.Changed, "#form Select")
    @on(Checkbox.Changed, "#form Checkbox")
    def _form_changed(self) -> None:
        if self._debounce is not None:
            self._debounce.stop()
        self._debounce = self.set_timer(DEBOUNCE_S, self._apply_form)

    def _apply_form(self) -> None:
        self._debounce = None
        raw = self.query_one(ParamForm).values()
        try:
            params = lab_bridge.validate(self.experiment, raw)
        except UserError as exc:
            self._form_error = True
            status = self.query_one("#status", Static)
            status.display = True
            status.update(Content.styled(f"Not run: {exc}", "$error"))
            return
        if params == self.params and not self._form_error:
            return  # the form was rebuilt or an edit was undone: nothing new to run
        self._form_error = False
        self.params = params
        self.query_one("#status").display = True
        self._start_run()

    @on(Input.Submitted, "#request")
    def _request_submitted(self, event: Input.Submitted) -> None:
        if event.value.strip():
            self._apply_request(event.value)

    def _apply_request(self, text: str) -> None:
        understood = self.query_one("#understood", Static)
        understood.display = True
        try:
            req = lab_bridge.parse_request(text)
            params = lab_bridge.validate(req.experiment, req.params)
        except UserError as exc:
            understood.update(Content.styled(f"Could not use that request: {exc}", "$error"))
            return
        parts: list[str | tuple[str, str]] = [
            ("Understood: ", "bold"),
            ", ".join(req.understood) or req.experiment.replace("_", " "),
        ]
        if req.ignored:
            parts += [("   Not used: ", "bold"), (", ".join(req.ignored), "$warning")]
        understood.update(Content.assemble(*parts))
        self.experiment = req.experiment
        self.params = params
        self.caption = None
        self.query_one("#caption").display = False
        self._lines_count = -1
        self._set_title()
        self.query_one(ParamForm).set_params(lab_bridge.params_model(req.experiment), params)
        self.query_one("#status").display = True
        self._start_run()

    # actions ------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "stop":
            return self.running and self.experiment == "training_dynamics"
        if action == "rerun":
            return not self.running or None
        return True

    def action_request(self) -> None:
        self.query_one("#request", Input).focus()

    def action_rerun(self) -> None:
        self.query_one("#status").display = True
        self._start_run()

    def action_stop(self) -> None:
        self.cancel.set()
        self.query_one("#status", Static).update(Content.styled("Stopping…", "$warning"))

    def action_back(self) -> None:
        self.cancel.set()
        self.app.pop_screen()
