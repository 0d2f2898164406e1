"""Show me: run a lab experiment, draw it, say what it shows, let the learner poke it.

Experiments run in the lab's worker process (``lab_bridge.LabProcess``); the
screen sends a run and draws the figures the worker sends back (progress
while training, then the result). The UI never imports torch. Requests in
plain words are parsed in a thread worker. ``x`` stops a run from any widget;
``c`` shows the standalone PyTorch script that reproduces what is on screen.
"""

from __future__ import annotations

import time
from typing import Any, ClassVar

from pydantic import BaseModel
from rich.table import Table as RichTable
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.coordinate import Coordinate
from textual.message import Message
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Checkbox, DataTable, Footer, Header, Input, Label, Select, Static

from tutor.errors import UserError
from tutor.ui import gc_hold, lab_bridge
from tutor.ui.lab_view import bar_chart, bar_series, line_charts
from tutor.ui.screens.base import TutorScreen
from tutor.ui.widgets.log_bars import LogBarChart
from tutor.ui.widgets.param_form import FormSelect, LabInput, ParamForm
from tutor.ui.widgets.strip_chart import StripChart
from tutor.ui.widgets.toggles import ClearCheckbox

DEBOUNCE_S = 0.4
PROGRESS_INTERVAL_S = 0.25  # streamed figures are drawn at most four times a second
GC_AFTER_S = 0.5  # full garbage collections may run again this long after a result is drawn


class LabReply(Message):
    """A reply from the lab worker (posted from its reader thread)."""

    def __init__(self, reply: tuple[Any, ...]) -> None:
        super().__init__()
        self.reply = reply

    def can_replace(self, message: Message) -> bool:
        """A newer progress figure replaces an older one that was not drawn yet."""
        return (
            isinstance(message, LabReply)
            and self.reply[0] == "progress"
            and message.reply[0] == "progress"
            and message.reply[1] == self.reply[1]
        )


class RequestParsed(Message):
    def __init__(self, text: str, understood: Any, error: str | None) -> None:
        super().__init__()
        self.text = text
        self.understood = understood
        self.error = error


class ShowMeScreen(TutorScreen):
    """An experiment with its chart, its numbers, its summary and editable parameters."""

    CSS_PATH = "show_me.tcss"
    HELP_TITLE = "Show me"
    AUTO_FOCUS = "#result"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "request", "Ask", key_display="/"),
        Binding("r", "rerun", "Run again"),
        Binding("x", "stop", "Stop", priority=True),
        Binding("c", "code", "The code"),
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
        self.captioned: BaseModel | None = None  # the parameters the caption describes
        self.token = 0
        self.running = False
        self._debounce: Timer | None = None
        self._lines_key: tuple[int, ...] = ()
        self._more_key: object = None
        self._progress: Any = None  # the newest streamed progress not drawn yet
        self._progress_timer: Timer | None = None
        self._drawn_at = 0.0
        self._tables_figure: Any = None  # the figure whose tables are drawn after the next frame
        self._form_error = False
        self._gc_held = False  # this screen holds off full collections (see gc_hold)
        self.focus_request = False
        self.summary_text = ""
        self.code_text = ""

    @classmethod
    def from_request(cls, text: str) -> ShowMeScreen:
        """Open on a free-text request; an empty one runs the default gradient-flow
        experiment and leaves the cursor in the request box."""
        from tutor.lab.request import strip_show_me

        screen = cls("gradient_flow", {}, request=strip_show_me(text))
        screen.focus_request = not screen.request.strip()
        return screen

    # layout -------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        model = lab_bridge.params_model(self.experiment)
        try:
            self.params = lab_bridge.validate(self.experiment, self.raw_params)
        except UserError:
            self.params = model()
        self.captioned = self.params
        self._connect_lab()
        if not self.request:
            self._send_run()  # the worker computes while the screen is built
        yield Header()
        with Horizontal(id="request-row"):
            yield Label("show me", id="request-label")
            yield LabInput(
                self.request,
                placeholder="e.g. sigmoid vs relu at 30 layers with he init",
                id="request",
                compact=True,
                max_length=300,
            )
        yield Static(id="understood")
        with Horizontal(id="lab-body"):
            yield ParamForm(model, self.params, id="form")
            with VerticalScroll(id="result"):
                yield Static(Content(self.caption or ""), id="caption")
                yield Static(id="status")
                yield LogBarChart(id="chart")
                yield Static(id="chart-note")
                yield Vertical(id="lines")
                yield Static(id="summary")
                yield DataTable(id="numbers", cursor_type="none", zebra_stripes=True)
                yield Static(id="table-caption")
                yield Static(id="more")
                yield Static(id="code")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self._set_title()
        for name in ("#understood", "#chart", "#chart-note", "#code", "#table-caption"):
            self.query_one(name).display = False
        self.query_one("#caption").display = bool(self.caption)
        if self.request:
            self._parse_request(self.request)
        elif self.running:
            self._show_running()
        if self.focus_request:
            self.query_one("#request", Input).focus()

    def on_unmount(self) -> None:
        if self._gc_held:
            self._gc_held = False
            gc_hold.release()
        lab = lab_bridge.lab()
        if self.running:
            lab.cancel()
        lab.on_reply = lambda reply: None

    def _set_title(self) -> None:
        self.sub_title = f"show me · {self.experiment.replace('_', ' ')}"

    # running ------------------------------------------------------------------
    def _connect_lab(self) -> None:
        def on_reply(reply: tuple[Any, ...]) -> None:
            self.post_message(LabReply(reply))

        lab_bridge.lab().on_reply = on_reply

    def _start_run(self) -> None:
        if self.params is None:
            return
        self._send_run()
        self._show_running()

    def _send_run(self) -> None:
        """Send a run: straight down the pipe to a worker that runs (a few microseconds), from
        a thread when the worker must be started first."""
        assert self.params is not None
        lab = lab_bridge.lab()
        if self.running:
            lab.cancel()  # a run still going is superseded
        self.token += 1
        self.running = True
        if not self._gc_held:
            self._gc_held = True
            gc_hold.hold()
        self._drop_progress()
        if not lab.alive:
            self._send(self.token, self.experiment, self.params)
            return
        try:
            lab.run(self.token, self.experiment, self.params)
        except Exception as exc:  # the pipe broke: a crashed worker
            self.post_message(LabReply(("crashed", self.token, f"the lab stopped ({exc})")))

    def _show_running(self) -> None:
        status = self.query_one("#status", Static)
        status.display = True
        if lab_bridge.lab().ready:
            status.update(Content.styled("Running…", "$text-muted"))
        else:
            status.update(
                Content.styled("Loading the lab (the first run takes a few seconds)…", "$warning")
            )
        self.refresh_bindings()

    @work(thread=True, exit_on_error=False, group="lab-send", name="lab-send")
    def _send(self, token: int, experiment: str, params: BaseModel) -> None:
        """Start the worker if needed and send the run (off the UI thread: spawning takes a moment)."""
        try:
            lab_bridge.lab().run(token, experiment, params)
        except Exception as exc:  # the pipe broke: a crashed worker
            self.post_message(
                LabReply(("crashed", token, f"the lab worker could not start ({exc})"))
            )

    def on_lab_reply(self, message: LabReply) -> None:
        kind = message.reply[0]
        if kind == "ready" or lab_bridge.lab().ready:  # it may have been ready before we listened
            self.tutor.lab_ready = True
        if kind == "ready":
            if self.running:
                self.query_one("#status", Static).update(Content.styled("Running…", "$text-muted"))
            return
        token, payload = message.reply[1], message.reply[2]
        if token != self.token:
            return
        if kind == "progress":
            self._progress = payload
            wait = self._drawn_at + PROGRESS_INTERVAL_S - time.monotonic()
            if wait <= 0:
                self._draw_progress()
            elif self._progress_timer is None:
                self._progress_timer = self.set_timer(wait, self._draw_progress)
            return
        self._drop_progress()
        self.running = False
        self.set_timer(GC_AFTER_S, self._allow_full_collections)
        self.refresh_bindings()
        status = self.query_one("#status", Static)
        if kind == "done":
            self._draw(payload.figure)
            self.summary_text = payload.summary
            self.query_one("#summary", Static).update(Content(payload.summary))
            status.display = payload.cancelled
            status.update(Content.styled("Stopped.", "$warning") if payload.cancelled else "")
        elif kind == "stopped":
            status.display = True
            status.update(Content.styled("Stopped.", "$warning"))
        else:  # error, crashed: one line, the app lives on
            status.display = True
            prefix = "The experiment failed" if kind == "error" else "The lab stopped"
            status.update(Content.styled(f"{prefix}: {payload}", "$error"))

    def _allow_full_collections(self) -> None:
        if self._gc_held and not self.running:
            self._gc_held = False
            gc_hold.release()

    # drawing ------------------------------------------------------------------
    def _draw_progress(self) -> None:
        """Draw the newest streamed figure: however fast the worker sends, the UI redraws
        a few times a second and keeps its frames for input."""
        payload = self._progress
        self._drop_progress()
        if payload is None or not self.running:
            return
        self._drawn_at = time.monotonic()
        self._draw(payload.figure)
        _update_line(
            self.query_one("#status", Static),
            Content.styled(f"Training… {payload.status} (x stops)", "$text-muted"),
        )

    def _drop_progress(self) -> None:
        if self._progress_timer is not None:
            self._progress_timer.stop()
        self._progress_timer = self._progress = None

    def _draw(self, figure: Any) -> None:
        """Draw a figure; called up to ten times a second while training, so it touches
        only what changed (every display toggle and relayout costs a frame)."""
        chart = self.query_one("#chart", LogBarChart)
        bars = bar_chart(figure)
        _show(chart, bars is not None)
        note = self.query_one("#chart-note", Static)
        text = bars.note() if bars is not None else ""
        _show(note, bool(text))
        if bars is not None:
            chart.title = bars.title
            chart.x_title = bars.x_title
            chart.set_series(bar_series(bars))
            if text:
                _update_line(note, Content.styled(f"({text})", "$text-muted"))
        self._draw_lines(figure)
        if self._tables_figure is None:
            self.call_after_refresh(self._draw_tables_later)
        self._tables_figure = figure

    def _draw_tables_later(self) -> None:
        """The tables, a frame after the charts: drawn together, the first result's frame
        (a relayout and the first render of both) was the longest of opening show me."""
        figure, self._tables_figure = self._tables_figure, None
        if figure is not None:
            self._draw_tables(figure)

    def _draw_lines(self, figure: Any) -> None:
        charts = line_charts(figure)
        box = self.query_one("#lines", Vertical)
        _show(box, bool(charts))
        key = tuple(len(c.lines) for c in charts)
        if key != self._lines_key:
            box.remove_children()
            widgets: list[Any] = []
            for n, chart in enumerate(charts):
                widgets.append(
                    Label(Content(chart.title), classes="lines--title", id=f"lines-title-{n}")
                )
                for i, line in enumerate(chart.lines):
                    widgets.append(
                        Label(
                            Content(_line_label(line)),
                            classes="lines--label",
                            id=f"line-label-{n}-{i}",
                        )
                    )
                    widgets.append(
                        StripChart(
                            line.values, lo=chart.lo, hi=chart.hi, series=i, id=f"line-{n}-{i}"
                        )
                    )
            box.mount_all(widgets)
            self._lines_key = key
            return
        for n, chart in enumerate(charts):
            _update_line(self.query_one(f"#lines-title-{n}", Label), Content(chart.title))
            for i, line in enumerate(chart.lines):
                label = self.query_one(f"#line-label-{n}-{i}", Label)
                _update_line(label, Content(_line_label(line)))
                self.query_one(f"#line-{n}-{i}", StripChart).set_values(
                    line.values, chart.lo, chart.hi
                )

    def _draw_tables(self, figure: Any) -> None:
        table = self.query_one("#numbers", DataTable)
        caption = self.query_one("#table-caption", Static)
        more = self.query_one("#more", Static)
        if not figure.tables:
            for widget in (table, caption, more):
                _show(widget, False)
            return
        first = figure.tables[0]
        _show(table, True)
        same_columns = [str(c.label) for c in table.columns.values()] == list(first.columns)
        if same_columns and table.row_count == len(first.rows):
            for r, row in enumerate(first.rows):  # in place: no relayout while training streams
                for c, cell in enumerate(row):
                    table.update_cell_at(Coordinate(r, c), Text(cell))
        else:
            if same_columns:
                table.clear()
            else:
                table.clear(columns=True)
                table.add_columns(*first.columns)
            for row in first.rows:
                table.add_row(*(Text(cell) for cell in row))
        _show(caption, bool(first.caption))
        if str(caption.render()) != first.caption:
            caption.update(Content(first.caption))
        _show(more, len(figure.tables) > 1)
        more_key = [(t.title, t.caption, t.columns, t.rows) for t in figure.tables[1:]]
        if len(figure.tables) > 1 and more_key != self._more_key:
            more.update(_rich_tables(figure.tables[1:]))
        self._more_key = more_key

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
        self._update_caption()
        self._start_run()

    def _update_caption(self) -> None:
        """The lesson's caption describes its own parameters: say what an edit changed."""
        caption = self.query_one("#caption", Static)
        if not self.caption:
            return
        if self.params == self.captioned:
            caption.update(Content(self.caption))
            return
        changes = _changes(self.captioned, self.params)
        caption.update(
            Content(
                f"You changed {changes}; the lesson's note was about its own run (r runs yours again)."
            )
        )

    @on(Input.Submitted, "#request")
    def _request_submitted(self, event: Input.Submitted) -> None:
        if event.value.strip():
            self._parse_request(event.value)

    @work(thread=True, exit_on_error=False, group="lab-parse", exclusive=True, name="parse")
    def _parse_request(self, text: str) -> None:
        """Parse off the UI thread (linear and capped, but a request is still untrusted text)."""
        try:
            req = lab_bridge.parse_request(text)
            lab_bridge.validate(req.experiment, req.params)
        except UserError as exc:
            self.post_message(RequestParsed(text, None, str(exc)))
            return
        self.post_message(RequestParsed(text, req, None))

    def on_request_parsed(self, message: RequestParsed) -> None:
        understood = self.query_one("#understood", Static)
        understood.display = True
        if message.error is not None:
            understood.update(
                Content.styled(f"Could not use that request: {message.error}", "$error")
            )
            return
        req = message.understood
        params = lab_bridge.validate(req.experiment, req.params)
        parts: list[str | tuple[str, str]] = [
            ("Understood: ", "bold"),
            ", ".join(req.understood) or req.experiment.replace("_", " "),
        ]
        if req.ignored:
            parts += [("   Not used: ", "bold"), (", ".join(req.ignored), "$warning")]
        if req.notes:
            parts += [("   ", ""), (" ".join(req.notes), "$text-accent")]
        understood.update(Content.assemble(*parts))
        self.experiment = req.experiment
        self.params = self.captioned = params
        self.caption = None
        self.query_one("#caption").display = False
        self._lines_key = ()
        self._set_title()
        self.query_one(ParamForm).set_params(lab_bridge.params_model(req.experiment), params)
        self._start_run()

    # actions ------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "stop":
            return self.running
        if action == "rerun":
            return not self.running or None
        return True

    def action_request(self) -> None:
        self.query_one("#request", Input).focus()

    def action_rerun(self) -> None:
        self._start_run()

    def action_stop(self) -> None:
        if not self.running:
            return
        lab_bridge.lab().cancel()
        self.query_one("#status", Static).update(Content.styled("Stopping…", "$warning"))

    def action_code(self) -> None:
        """Show (or hide) the standalone PyTorch script that reproduces this run."""
        code = self.query_one("#code", Static)
        if code.display or self.params is None:
            code.display = False
            return
        from rich.syntax import Syntax

        text = self.code_text = lab_bridge.script(self.experiment, self.params)
        code.update(Syntax(text, "python", theme="ansi_dark", line_numbers=False, word_wrap=True))
        code.display = True
        self.query_one("#result", VerticalScroll).scroll_to_widget(code)

    def action_back(self) -> None:
        if self.running:
            lab_bridge.lab().cancel()
        self.app.pop_screen()


def widget_classes() -> tuple[type[Widget], ...]:
    """Every widget class this screen mounts (the form's and the select's inner ones too),
    so the app can load their default CSS before the screen first opens."""
    from textual.widgets._select import NonSelectableStatic, SelectCurrent, SelectOverlay

    return (
        Header, Footer, Horizontal, Vertical, VerticalScroll, Label, Static, LabInput,
        ParamForm, FormSelect, SelectCurrent, SelectOverlay, NonSelectableStatic,
        ClearCheckbox, LogBarChart, StripChart, DataTable,
    )  # fmt: skip


def _show(widget: Any, visible: bool) -> None:
    if widget.display != visible:
        widget.display = visible


def _update_line(widget: Static, content: Content) -> None:
    """New text for a one-line widget; the layout is redone only when its height may
    change (a relayout of the whole screen costs more than a frame)."""
    width = widget.content_size.width
    old = widget.content
    if isinstance(old, Content) and old == content:
        return
    old_len = old.cell_length if isinstance(old, Content) else len(str(old))
    one_line = 0 < content.cell_length <= width and 0 < old_len <= width
    widget.update(content, layout=not one_line)


def _line_label(line: Any) -> str:
    return f"{line.label}  now {line.last:.4g}" if line.last is not None else line.label


def _changes(before: BaseModel | None, after: BaseModel | None) -> str:
    if before is None or after is None:
        return "the parameters"
    a, b = before.model_dump(), after.model_dump()
    parts = []
    for key in b:
        if a.get(key) != b[key]:
            parts.append(f"{key} {a.get(key)} → {b[key]}" if not isinstance(b[key], list) else key)
    return ", ".join(parts[:4]) or "the parameters"


def _rich_tables(tables: Any) -> Any:
    from rich.console import Group

    out = []
    for table in tables:
        t = RichTable(
            title=Text(table.title),
            title_justify="left",
            caption=Text(table.caption) if table.caption else None,
        )
        for col in table.columns:
            t.add_column(Text(col), justify="right")
        for row in table.rows:
            t.add_row(*(Text(cell) for cell in row))
        out.append(t)
    return Group(*out)
