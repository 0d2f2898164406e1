"""``numeric``: a number, right within a tolerance, in the forms and units the item accepts.

The response is the text the learner typed. Grading reads it as one number with the
grading package's number reader (digits, fractions, percentages, powers of ten,
numbers in words), checks its unit and the form it was written in, then compares the
value with the item's value within the tolerance; an anticipated wrong value gets
its feedback.
"""

from __future__ import annotations

import math
import random
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Annotated, Any, ClassVar, Literal

from pydantic import Field, model_validator

from tutor.grading import numbers
from tutor.items.base import ItemBase, LintFinding, Strict, Text
from tutor.items.grade import Grade, right, wrong

_UNIT = re.compile(r"(?:[^\W\d_]|[°µ$€£])\S*(?:\s+[^\W\d_]\S*)*")
"""A unit is words that do not start with a digit: "ms", "m/s^2", "kg m s^-2"."""
_AFTER_LAST_NUMBER = re.compile(r"^.*[\d%⁰¹²³⁴⁵⁶⁷⁸⁹]\)?")


@dataclass(frozen=True)
class Reading:
    """A response read as one number: its value, the form it is written in, its unit."""

    value: float
    form: str
    unit: str = ""


def read_number(text: str) -> Reading | None:
    """The number ``text`` states as a whole, with its form and unit; None for anything else."""
    found = numbers.read_number(text)
    if found is None:
        return None
    has_digits = any(ch.isdigit() for ch in text)
    if found.percent:
        form = "percent"
    elif not has_digits:
        form = "words"
    elif "/" in found.text:
        form = "fraction"
    elif re.search(r"\d[eE][-+]?\d|\^", found.text):
        form = "scientific"
    else:
        form = "decimal"
    source = text if has_digits else numbers.words_to_digits(text)
    rest = _AFTER_LAST_NUMBER.sub("", source.strip(), count=1).strip()
    unit = rest if _UNIT.fullmatch(rest) else ""
    return Reading(found.value, form, unit)


_ZERO_WORDS = frozenset({"none", "nothing", "none left", "nothing left"})
"""Answers that state zero without a number."""

Form = Literal["decimal", "fraction", "percent", "scientific", "words"]
ALL_FORMS: tuple[Form, ...] = ("decimal", "fraction", "percent", "scientific", "words")
EXACT_REL_TOL = 1e-9
"""Without a tolerance, values agree to this relative tolerance: 1/3 typed as a fraction
equals 0.333... but 0.333 does not."""


class Tolerance(Strict):
    """How far a response may be from the value and still be right: set exactly one field."""

    absolute: Annotated[float, Field(ge=0)] | None = Field(
        default=None, description="Right when |response - value| <= this."
    )
    relative: Annotated[float, Field(gt=0, le=1)] | None = Field(
        default=None, description="Right when |response - value| <= this × |value| (0.05 is 5%)."
    )
    sig_figs: Annotated[int, Field(ge=1, le=15)] | None = Field(
        default=None,
        description="Right when the response, rounded to this many significant figures, equals the value so rounded.",
    )

    @model_validator(mode="after")
    def _one(self) -> Tolerance:
        n = sum(x is not None for x in (self.absolute, self.relative, self.sig_figs))
        if n != 1:
            raise ValueError(
                f"a tolerance sets exactly one of absolute, relative, sig_figs; it sets {n}"
            )
        return self

    def accepts(self, response: float, value: float) -> bool:
        if self.absolute is not None:
            return abs(response - value) <= self.absolute * (1 + 1e-12)
        if self.relative is not None:
            return abs(response - value) <= self.relative * abs(value) * (1 + 1e-12)
        assert self.sig_figs is not None
        return _round_sig(response, self.sig_figs) == _round_sig(value, self.sig_figs)

    def describe(self) -> str:
        if self.absolute is not None:
            return f"± {self.absolute:g}"
        if self.relative is not None:
            return (
                f"± {self.relative:.0%}"
                if self.relative >= 0.01
                else f"± {self.relative:g} relative"
            )
        return f"to {self.sig_figs} significant figures"


def _round_sig(x: float, n: int) -> float:
    if x == 0 or not math.isfinite(x):
        return x
    return round(x, n - 1 - math.floor(math.log10(abs(x))))


def close(response: float, value: float, tolerance: Tolerance | None) -> bool:
    if tolerance is None:
        return math.isclose(response, value, rel_tol=EXACT_REL_TOL, abs_tol=1e-15)
    return tolerance.accepts(response, value)


class WrongValue(Strict):
    """An anticipated wrong value and the feedback it deserves."""

    value: float = Field(description="The wrong value, as a number.")
    tolerance: Tolerance | None = Field(
        default=None,
        description="How close a response must be to count as this value; by default the item's tolerance.",
    )
    feedback: Text = Field(description="What mistake gives this value.")


class Numeric(ItemBase):
    """A question answered with one number, right within a tolerance."""

    type: Literal["numeric"] = Field(description="Item type.")
    value: float = Field(description="The right value.")
    tolerance: Tolerance | None = Field(
        default=None,
        description="How far a response may be from `value`; without one, the value must be exact (1/3 as a fraction, not 0.333).",
    )
    forms: list[Form] = Field(
        default_factory=lambda: list(ALL_FORMS),
        min_length=1,
        description="The forms a response may take: decimal (0.125), fraction (1/8), percent (12.5%), scientific (1.25e-1, 1.25 x 10^-1), words (one eighth). All by default.",
    )
    units: list[Text] = Field(
        default_factory=list,
        description="Accepted spellings of the unit, the first one shown (e.g. [ms, milliseconds]); a response with another unit is wrong. With `%` here, 12.5% reads as 12.5, not 0.125.",
    )
    unit_required: bool = Field(
        default=False, description="Whether a response without a unit is wrong."
    )
    wrong_values: list[WrongValue] = Field(
        default_factory=list, description="Anticipated wrong values with feedback."
    )

    LINT_RULES: ClassVar[dict[str, str]] = {
        "wrong-value-accepted": "an anticipated wrong value is within the tolerance of the right value: the learner can never see its feedback",
        "unit-required-without-units": "unit_required is set but no units are listed",
    }

    def read(self, response: str) -> Reading | None:
        if response.strip().casefold().rstrip(".!") in _ZERO_WORDS:
            return Reading(0.0, "words")  # "how many are left?" "none"
        reading = read_number(response) or self._read_before_unit(response)
        if reading is not None and reading.form == "percent" and "%" in self.units:
            return Reading(reading.value * 100, "decimal", "%")
        return reading

    def _read_before_unit(self, response: str) -> Reading | None:
        """A number followed by one of the item's units that reads as arithmetic on its own
        ("45 km/h", "9.8 m/s^2"): the unit is cut off before the number is read."""
        text = response.strip()
        for unit in sorted(self.units, key=len, reverse=True):
            if not text.casefold().endswith(unit.casefold()):
                continue
            head = text[: len(text) - len(unit)]
            if head[-1:].isspace() or head[-1:].isdigit():
                found = read_number(head)
                if found is not None and not found.unit:
                    return Reading(found.value, found.form, unit)
        return None

    def grade(self, response: Any, synonyms: Sequence[Sequence[str]] = ()) -> Grade:
        if not isinstance(response, str):
            raise ValueError(f"a numeric item takes a text response, not {type(response).__name__}")
        reading = self.read(response[:200])
        if reading is None:
            return wrong("none", "That is not one number; type just the number, e.g. 0.125 or 1/8.")
        problem = self._unit_problem(reading.unit)
        if problem:
            return wrong("unit", problem)
        if reading.form not in self.forms:
            return wrong("form", f"Write it as {_or(self.forms)}.")
        if close(reading.value, self.value, self.tolerance):
            return right("tolerance")
        for w in self.wrong_values:
            if close(reading.value, w.value, w.tolerance or self.tolerance):
                return wrong("wrong_answer", w.feedback)
        return wrong("none")

    def _unit_problem(self, unit: str) -> str | None:
        if not self.units:
            return None
        if not unit:
            return f"Give the unit too ({self.units[0]})." if self.unit_required else None
        if unit in self.units or unit.casefold() in {
            u.casefold() for u in self.units if len(u) > 2
        }:
            return None
        return f"The unit is {self.units[0]}, not {unit}."

    def answer_text(self) -> str:
        unit = f" {self.units[0]}" if self.units else ""
        tol = f" ({self.tolerance.describe()})" if self.tolerance else ""
        return f"{self.value:g}{unit}{tol}"

    def lint(self) -> Iterator[LintFinding]:
        for i, w in enumerate(self.wrong_values):
            if close(w.value, self.value, self.tolerance):
                yield (
                    "wrong-value-accepted",
                    f"wrong value {w.value:g} is accepted as right ({self.answer_text()})",
                    ("wrong_values", i, "value"),
                )
        if self.unit_required and not self.units:
            yield (
                "unit-required-without-units",
                "unit_required is set but units is empty",
                ("unit_required",),
            )

    def simulated_response(self, right: bool, rng: random.Random) -> Any:
        unit = f" {self.units[0]}" if self.units else ""
        if right:
            return f"{self.value!r}{unit}"
        if self.wrong_values:
            return f"{rng.choice(self.wrong_values).value!r}{unit}"
        return f"{self.value * 2 + 1!r}{unit}"


def _or(forms: Sequence[str]) -> str:
    names = {"decimal": "a decimal", "fraction": "a fraction", "percent": "a percentage",
             "scientific": "scientific notation", "words": "words"}  # fmt: skip
    words = [names[f] for f in forms]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]
