"""``predict``: predict-then-run. The learner commits a prediction, then the lab measures.

The item names an experiment, its parameters and one measured quantity. The learner
predicts it (an order of magnitude on a log slider, a number, or one of a few
options, each standing for a range of the quantity); the experiment then runs and
the prediction is graded against the live measurement, never against a number
written into the content, so the item cannot drift from the lab. It counts as a
recall item: the learner produces the value rather than recognising it.

The response is ``{"prediction": <number or option id>, "measured": <number>}``;
without ``measured``, grading runs the experiment itself.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterator, Sequence
from typing import Annotated, Any, ClassVar, Literal

from pydantic import Field, StringConstraints, model_validator

from tutor.items.base import ItemBase, LintFinding, ShowMe, Slug, Strict, Text
from tutor.items.grade import Grade, right, wrong
from tutor.items.numeric import Tolerance, close

DEFAULT_DECADES = 1.0
"""A log-scale prediction within one decade of the measurement is right."""


class PredictOption(Strict):
    """One option of a predict item answered by choice: a range of the measured quantity."""

    id: Slug = Field(description="Stable id of the option in answer logs.")
    text: Text = Field(description="The option as shown, e.g. 'shrinks by about a million'.")
    low: float | None = Field(
        default=None, description="Lowest measured value this option covers (none: no bound)."
    )
    high: float | None = Field(
        default=None, description="Measured values below this are covered (none: no bound)."
    )

    def covers(self, measured: float) -> bool:
        return (self.low is None or measured >= self.low) and (
            self.high is None or measured < self.high
        )


class Slider(Strict):
    """The range of a log slider, in powers of ten."""

    min_exponent: int = Field(default=-20, ge=-300, le=300, description="Leftmost mark: 10^this.")
    max_exponent: int = Field(default=2, ge=-300, le=300, description="Rightmost mark: 10^this.")


class Predict(ItemBase):
    """Predict a quantity an experiment measures, then run it and compare."""

    type: Literal["predict"] = Field(description="Item type.")
    experiment: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")] = Field(
        description="The experiment to run, as listed by `tutor show --list`."
    )
    params: dict[str, Any] = Field(
        default_factory=dict, description="Its parameters; checked at load time."
    )
    quantity: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")] = Field(
        description="The measured quantity to predict; one the experiment lists (checked at load time)."
    )
    unit: str | None = Field(
        default=None, description="Unit of the quantity, shown beside the values."
    )
    input: Literal["log_slider", "number", "choice"] = Field(
        default="log_slider",
        description="How the learner predicts: an order of magnitude on a log slider, a typed number, or one of `options`.",
    )
    scale: Literal["log", "linear"] = Field(
        default="log",
        description="Whether the quantity is judged by its order of magnitude (log) or its value (linear).",
    )
    slider: Slider = Field(default_factory=Slider, description="Range of the log slider.")
    options: list[PredictOption] = Field(
        default_factory=list,
        description="For `input: choice`: the options, each a range of the quantity.",
    )
    tolerance_decades: Annotated[float, Field(gt=0, le=10)] | None = Field(
        default=None,
        description="For log scale: a prediction within this many powers of ten of the measurement is right (default 1).",
    )
    tolerance: Tolerance | None = Field(
        default=None,
        description="For linear scale: how far a prediction may be from the measurement (default ±10%).",
    )

    LINT_RULES: ClassVar[dict[str, str]] = {
        "options-overlap": "two options of a predict item cover the same values, so a measurement can make both right",
    }

    @model_validator(mode="after")
    def _check(self) -> Predict:
        if self.input == "choice" and len(self.options) < 2:
            raise ValueError("a predict item with input: choice needs at least two options")
        if self.input != "choice" and self.options:
            raise ValueError("options are only for input: choice")
        if self.input == "log_slider" and self.scale != "log":
            raise ValueError(
                "a log slider predicts on the log scale; use input: number for scale: linear"
            )
        if self.slider.min_exponent >= self.slider.max_exponent:
            raise ValueError("slider.min_exponent must be below slider.max_exponent")
        ids = [o.id for o in self.options]
        if len(set(ids)) != len(ids):
            raise ValueError("option ids must be unique within an item")
        return self

    @property
    def decades(self) -> float:
        return self.tolerance_decades if self.tolerance_decades is not None else DEFAULT_DECADES

    def measure(self) -> float:
        """Run the experiment in this process and read the quantity (the CLI's way; the TUI
        asks its lab worker process instead, which keeps torch out of the app)."""
        from tutor.lab import measure

        return measure(self.experiment, dict(self.params), self.quantity)

    def within(self, prediction: float, measured: float) -> bool:
        if self.scale == "linear":
            return close(prediction, measured, self.tolerance or Tolerance(relative=0.1))
        if prediction == 0 or measured == 0:
            return prediction == measured
        if (prediction > 0) != (measured > 0):
            return False
        return abs(math.log10(abs(prediction)) - math.log10(abs(measured))) <= self.decades + 1e-9

    def grade(self, response: Any, synonyms: Sequence[Sequence[str]] = ()) -> Grade:
        if not isinstance(response, dict) or "prediction" not in response:
            raise ValueError("a predict item takes {'prediction': ..., 'measured': ...}")
        prediction = response["prediction"]
        measured = response.get("measured")
        if measured is None:
            measured = self.measure()
        if isinstance(measured, bool) or not isinstance(measured, int | float):
            raise ValueError(f"a measurement is a number, not {type(measured).__name__}")
        measured = float(measured)
        if not math.isfinite(measured):
            raise ValueError("the experiment measured no value for these parameters")
        if self.input == "choice":
            option = next((o for o in self.options if o.id == prediction), None)
            if option is None:
                raise ValueError(f"{prediction!r} is not an option of this item")
            ok = option.covers(measured)
        else:
            if isinstance(prediction, bool) or not isinstance(prediction, int | float):
                raise ValueError(f"a prediction is a number, not {type(prediction).__name__}")
            ok = self.within(float(prediction), measured)
        unit = f" {self.unit}" if self.unit else ""
        said = f"Measured: {format_value(measured)}{unit}."
        return right("measured", feedback=said) if ok else wrong("measured", feedback=said)

    def show_me_ref(self) -> ShowMe:
        """After answering, "show me" runs the item's own experiment in full."""
        if self.show_me is not None:
            return self.show_me
        caption = f"The quantity to predict was {self.quantity}."
        return ShowMe(experiment=self.experiment, params=dict(self.params), caption=caption)

    def may_show_me(self, answered: bool) -> bool:
        return answered

    def answer_text(self) -> str:
        if self.input == "choice":
            return "the option covering the measured value"
        if self.scale == "log":
            return f"within {self.decades:g} decade{'s' if self.decades != 1 else ''} of the measurement"
        return f"within {(self.tolerance or Tolerance(relative=0.1)).describe()} of the measurement"

    def describe_response(self, response: Any) -> str:
        if not isinstance(response, dict):
            return str(response)
        p, m = response.get("prediction"), response.get("measured")
        shown = next((o.text for o in self.options if o.id == p), None) or format_value(p)
        return f"predicted {shown}, measured {format_value(m)}"

    def lint(self) -> Iterator[LintFinding]:
        spans = sorted(
            (
                o.low if o.low is not None else -math.inf,
                o.high if o.high is not None else math.inf,
                i,
            )
            for i, o in enumerate(self.options)
        )
        for (_, high, _), (low, _, j) in zip(spans, spans[1:]):
            if low < high:
                yield (
                    "options-overlap",
                    f"option {self.options[j].id!r} overlaps another option",
                    ("options", j),
                )

    def simulated_response(self, right: bool, rng: random.Random) -> Any:
        measured = 10.0 ** rng.uniform(self.slider.min_exponent, self.slider.max_exponent)
        if self.input == "choice":
            hit = [o.id for o in self.options if o.covers(measured)]
            miss = [o.id for o in self.options if not o.covers(measured)]
            pick = (hit if right or not miss else miss)[0] if (hit or miss) else None
            return {"prediction": pick, "measured": measured}
        off = 0.0 if right else self.decades + 2
        return {"prediction": measured * 10.0**off, "measured": measured}


def format_value(x: Any) -> str:
    if isinstance(x, bool) or not isinstance(x, int | float):
        return "?" if x is None else str(x)
    return f"{x:.3g}" if 1e-3 <= abs(x) < 1e4 or x == 0 else f"{x:.2e}"
