"""The answer widget of ``predict`` items: commit a prediction, run the experiment, compare.

The measurement runs in the app's lab worker process (``tutor.ui.lab_bridge``), never
on the UI thread and never importing torch into the app; the worker is started (and
warms up) as soon as the question shows, so the measured value appears quickly
after the key press. Prediction and measurement are then shown side by side, and the
response carries both, so grading never runs the experiment twice.
"""

from __future__ import annotations

import itertools
import math
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.widgets import Button, Input, OptionList, Static
from textual.widgets.option_list import Option

from tutor.items.grade import Grade
from tutor.items.predict import format_value
from tutor.ui.widgets.answer_base import AnswerWidget
from tutor.ui.widgets.log_slider import LogSlider, power_label

_TOKENS = itertools.count(1_000_000)
"""Tokens of measurement requests (the show-me screen's runs count from 1)."""


class PredictAnswer(AnswerWidget):
    DEFAULT_CSS = """
    PredictAnswer { height: auto; }
    PredictAnswer #predict-setup { color: $text-muted; }
    PredictAnswer #predict-number { width: 40; }
    PredictAnswer #predict-options { height: auto; max-height: 10; border: round $border-blurred; }
    PredictAnswer #predict-run { margin-top: 1; }
    PredictAnswer #predict-compare { height: auto; margin-top: 1; }
    PredictAnswer .predict--panel { width: 1fr; height: auto; border: round $border; padding: 0 1; }
    PredictAnswer #predict-gap { margin-top: 0; }
    """

    class LabAnswer(Message):
        """A reply of the lab worker, posted from its reader thread."""

        def __init__(self, reply: tuple[Any, ...]) -> None:
            super().__init__()
            self.reply = reply

    def __init__(self, item: Any, *, order_key: str, id: str | None = "answer-widget") -> None:
        super().__init__(item, order_key=order_key, id=id)
        self.prediction: float | str | None = None
        self.running = False
        self.token = next(_TOKENS)

    def compose(self) -> ComposeResult:
        item = self.item
        params = ", ".join(f"{k}={v}" for k, v in item.params.items()) or "default parameters"
        unit = f" ({item.unit})" if item.unit else ""
        yield Static(
            Content(
                f"Experiment: {item.experiment} with {params}. Predict: {item.quantity}{unit}."
            ),
            id="predict-setup",
        )
        if item.input == "log_slider":
            yield LogSlider(item.slider.min_exponent, item.slider.max_exponent, id="predict-slider")
        elif item.input == "number":
            yield Input(placeholder="your prediction, e.g. 1e-6", id="predict-number")
        else:
            yield OptionList(
                *[Option(Content(o.text), id=o.id) for o in item.options], id="predict-options"
            )
        yield Button("Commit and run (ctrl+s)", id="predict-run", variant="primary")
        with Horizontal(id="predict-compare"):
            yield Static(id="predict-you", classes="predict--panel")
            yield Static(id="predict-measured", classes="predict--panel")
        yield Static(id="predict-gap")

    def on_mount(self) -> None:
        self.query_one("#predict-compare").display = False
        self._start_lab()

    @work(thread=True, exit_on_error=False, group="predict-lab")
    def _start_lab(self) -> None:
        """Start the lab worker if the app has not yet (it imports torch in its own process)."""
        from tutor.ui import lab_bridge

        lab_bridge.lab().start()

    def on_unmount(self) -> None:
        from tutor.ui import lab_bridge

        lab = lab_bridge.lab()
        if getattr(lab.on_reply, "predict_token", None) == self.token:
            lab.on_reply = lambda reply: None

    def focus_first(self) -> None:
        target = {"log_slider": "#predict-slider", "number": "#predict-number"}.get(
            self.item.input, "#predict-options"
        )
        self.query_one(target).focus()

    @on(LogSlider.Picked)
    @on(Input.Submitted, "#predict-number")
    @on(OptionList.OptionSelected, "#predict-options")
    @on(Button.Pressed, "#predict-run")
    def _commit_event(self, event: Message) -> None:
        event.stop()
        self.commit()

    def _read_prediction(self) -> float | str | None:
        if self.item.input == "log_slider":
            return 10.0 ** self.query_one("#predict-slider", LogSlider).exponent
        if self.item.input == "number":
            from tutor.grading.numbers import read_number

            reading = read_number(self.query_one("#predict-number", Input).value)
            return reading.value if reading is not None else None
        options = self.query_one("#predict-options", OptionList)
        if options.highlighted is None:
            return None
        return options.get_option_at_index(options.highlighted).id

    def commit(self) -> None:
        if self.running or self.prediction is not None:
            return
        prediction = self._read_prediction()
        if prediction is None:
            self.notify(
                "Make a prediction first (a number, or pick an option).", severity="warning"
            )
            return
        self.prediction = prediction
        self.running = True
        for selector in ("#predict-slider", "#predict-number", "#predict-options", "#predict-run"):
            for widget in self.query(selector):
                widget.disabled = True
        self.query_one("#predict-compare").display = True
        self.query_one("#predict-you", Static).update(
            self._panel("Your prediction", self._shown(prediction))
        )
        from tutor.ui import lab_bridge

        waiting = "running…" if lab_bridge.lab().ready else "the lab is starting up…"
        self.query_one("#predict-measured", Static).update(self._panel("Measured", waiting))
        self._measure()

    @work(thread=True, exit_on_error=False, group="predict")
    def _measure(self) -> None:
        from tutor.ui import lab_bridge

        def on_reply(reply: tuple[Any, ...]) -> None:
            self.post_message(self.LabAnswer(reply))

        on_reply.predict_token = self.token  # type: ignore[attr-defined]
        lab = lab_bridge.lab()
        lab.on_reply = on_reply
        item = self.item
        lab.measure(self.token, item.experiment, dict(item.params), item.quantity)

    @on(LabAnswer)
    def _lab_answer(self, event: LabAnswer) -> None:
        event.stop()
        kind, token, payload = (*event.reply, None, None)[:3]
        if kind == "ready" and self.running:
            self.query_one("#predict-measured", Static).update(self._panel("Measured", "running…"))
        if token != self.token or kind not in ("measured", "error", "crashed"):
            return
        self.running = False
        if kind != "measured" or not math.isfinite(payload):
            why = payload if kind != "measured" else "the experiment measured no value"
            self.query_one("#predict-measured", Static).update(
                self._panel("Measured", f"the experiment failed: {why}")
            )
            self.prediction = None
            for widget in self.query(
                "#predict-slider, #predict-number, #predict-options, #predict-run"
            ):
                widget.disabled = False
            return
        value = float(payload)
        self.query_one("#predict-measured", Static).update(
            self._panel("Measured", format_value(value))
        )
        if self.item.input == "log_slider" and value != 0:
            self.query_one("#predict-slider", LogSlider).mark_measured(
                round(math.log10(abs(value)))
            )
        # Paint the measurement first; storing the answer and the feedback follow it.
        committed = self.Committed({"prediction": self.prediction, "measured": value})
        self.call_after_refresh(self.post_message, committed)

    def _shown(self, prediction: float | str) -> str:
        if isinstance(prediction, str):
            return next((o.text for o in self.item.options if o.id == prediction), prediction)
        if self.item.input == "log_slider":
            return power_label(round(math.log10(prediction)))
        return format_value(prediction)

    def _panel(self, title: str, value: str) -> Content:
        unit = f" {self.item.unit}" if self.item.unit else ""
        return Content.assemble((title, "bold"), "\n", (value + unit, "bold $accent"))

    def show_result(self, grade: Grade, response: Any) -> None:
        gap = self.query_one("#predict-gap", Static)
        p, m = response.get("prediction"), response.get("measured")
        if (
            self.item.scale == "log"
            and isinstance(p, int | float)
            and isinstance(m, int | float)
            and p > 0
            and m != 0
        ):
            decades = abs(math.log10(p) - math.log10(abs(m)))
            gap.update(
                Content(
                    f"Off by {decades:.1f} decades; within {self.item.decades:g} counts as right."
                )
            )
        elif self.item.input == "choice" and isinstance(m, int | float):
            hit = [o.text for o in self.item.options if o.covers(m)]
            gap.update(
                Content(
                    f"The measurement falls in: {hit[0]}."
                    if hit
                    else "No option covers the measurement."
                )
            )
        else:
            gap.update(Content(f"Right means: {self.item.answer_text()}."))
