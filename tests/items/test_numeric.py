from __future__ import annotations

import random

import pytest
from pydantic import ValidationError

from tutor.items.grade import Rating
from tutor.items.numeric import Numeric

BASE = {"id": "q", "type": "numeric", "prompt": "p", "explanation": "e"}


def make(**kw: object) -> Numeric:
    return Numeric.model_validate(BASE | kw)


def test_exact_value_in_any_form() -> None:
    item = make(value=0.125)
    for text in ("0.125", "1/8", "12.5%", "1.25e-1", "one eighth"):
        g = item.grade(text)
        assert g.correct and g.suggested_rating == Rating.GOOD, text
    assert not item.grade("0.126").correct
    assert not item.grade("0.12").correct


def test_without_tolerance_a_rounded_decimal_is_wrong() -> None:
    item = make(value=1 / 3)
    assert item.grade("1/3").correct
    assert not item.grade("0.333").correct


@pytest.mark.parametrize(
    ("tolerance", "right", "wrong"),
    [
        ({"absolute": 0.01}, ["3.15", "3.135"], ["3.16", "3.13"]),
        ({"relative": 0.1}, ["110", "90"], ["111", "89"]),
        ({"sig_figs": 3}, ["3.14", "3.1416", "3.141"], ["3.15", "3.1"]),
    ],
)
def test_tolerances(tolerance: dict[str, float], right: list[str], wrong: list[str]) -> None:
    value = 100.0 if "relative" in tolerance else 3.14159
    item = make(value=value, tolerance=tolerance)
    assert [item.grade(t).correct for t in right] == [True] * len(right)
    assert [item.grade(t).correct for t in wrong] == [False] * len(wrong)


def test_tolerance_sets_exactly_one_bound() -> None:
    with pytest.raises(ValidationError, match="exactly one of absolute, relative, sig_figs"):
        make(value=1, tolerance={"absolute": 0.1, "relative": 0.1})


def test_anticipated_wrong_value_gets_its_feedback() -> None:
    item = make(value=0.125, wrong_values=[{"value": 8, "feedback": "That is the denominator."}])
    g = item.grade("8")
    assert (g.correct, g.method, g.feedback) == (False, "wrong_answer", "That is the denominator.")
    assert item.grade("eight").feedback == "That is the denominator."
    assert item.grade("9").feedback is None


def test_forms_restrict_what_is_accepted() -> None:
    item = make(value=0.125, forms=["fraction"])
    assert item.grade("1/8").correct
    g = item.grade("0.125")
    assert not g.correct and g.method == "form" and g.feedback == "Write it as a fraction."


def test_units() -> None:
    item = make(value=3, units=["ms", "milliseconds"], unit_required=True)
    assert item.grade("3 ms").correct
    assert item.grade("3 Milliseconds").correct
    g = item.grade("3 s")
    assert not g.correct and g.feedback == "The unit is ms, not s."
    g = item.grade("3")
    assert not g.correct and g.feedback == "Give the unit too (ms)."
    assert make(value=3, units=["ms"]).grade("3").correct  # unit optional


def test_units_that_read_as_arithmetic() -> None:
    item = make(value=45, units=["km/h", "km per hour"])
    for text in ("45 km/h", "45km/h", "45.0 KM/H", "45 km per hour", "45"):
        assert item.grade(text).correct, text
    assert not item.grade("90 km/h").correct
    assert not item.grade("45 / h").correct  # not a unit the item names
    assert not item.grade("40 + 5 km/h").correct  # a sum, not an answer


def test_none_is_zero_in_words() -> None:
    assert make(value=0).grade("none").correct
    assert make(value=0).grade("Nothing left.").correct
    assert not make(value=2).grade("none").correct
    assert not make(value=0, forms=["decimal"]).grade("none").correct  # words not allowed


def test_percent_unit_reads_percentages_as_written() -> None:
    item = make(value=12.5, units=["%"])
    assert item.grade("12.5%").correct
    assert item.grade("12.5").correct
    assert not item.grade("0.125").correct


def test_not_a_number_is_wrong_with_a_hint_and_bad_types_are_errors() -> None:
    g = make(value=1).grade("about one or two")
    assert not g.correct and g.method == "none" and "one number" in (g.feedback or "")
    with pytest.raises(ValueError, match="takes a text response"):
        make(value=1).grade(1)


def test_lint_flags_wrong_value_inside_the_tolerance() -> None:
    item = make(
        value=1.0, tolerance={"relative": 0.1}, wrong_values=[{"value": 1.05, "feedback": "x"}]
    )
    assert [f[0] for f in item.lint()] == ["wrong-value-accepted"]
    assert list(make(value=1.0, wrong_values=[{"value": 2, "feedback": "x"}]).lint()) == []


def test_simulated_responses_grade_as_intended() -> None:
    item = make(value=0.125, units=["ms"], wrong_values=[{"value": 8, "feedback": "x"}])
    rng = random.Random(0)
    assert item.grade(item.simulated_response(True, rng)).correct
    assert not item.grade(item.simulated_response(False, rng)).correct
