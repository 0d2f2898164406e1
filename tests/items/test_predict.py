from __future__ import annotations

import math
import random

import pytest
from pydantic import ValidationError

from tutor.items.predict import Predict

BASE = {
    "id": "q",
    "type": "predict",
    "prompt": "p",
    "explanation": "e",
    "experiment": "chain_product",
    "params": {"layers": 10},
    "quantity": "product",
}


def make(**kw: object) -> Predict:
    return Predict.model_validate(BASE | kw)


def test_log_prediction_within_one_decade_by_default() -> None:
    item = make()
    assert item.grade({"prediction": 1e-6, "measured": 9.5e-7}).correct
    assert item.grade({"prediction": 1e-7, "measured": 9.5e-7}).correct
    assert not item.grade({"prediction": 1e-8, "measured": 9.5e-7}).correct
    assert not item.grade({"prediction": 1e-4, "measured": 9.5e-7}).correct
    assert not item.grade({"prediction": -1e-6, "measured": 9.5e-7}).correct


def test_tolerance_in_decades_and_linear_tolerance() -> None:
    assert make(tolerance_decades=3).grade({"prediction": 1e-4, "measured": 9.5e-7}).correct
    linear = make(input="number", scale="linear", tolerance={"relative": 0.05})
    assert linear.grade({"prediction": 1.0, "measured": 1.04}).correct
    assert not linear.grade({"prediction": 1.0, "measured": 1.1}).correct


def test_graded_against_the_live_measurement_when_none_is_given() -> None:
    item = make()
    g = item.grade({"prediction": 1e-6})
    assert g.feedback == "Measured: 9.54e-07."  # 0.25 ** 10
    assert g.correct and g.method == "measured"


def test_choice_among_ranges() -> None:
    item = make(
        input="choice",
        options=[
            {"id": "tiny", "text": "tiny", "high": 1e-3},
            {"id": "big", "text": "big", "low": 1e-3},
        ],
    )
    assert item.grade({"prediction": "tiny", "measured": 1e-6}).correct
    assert not item.grade({"prediction": "big", "measured": 1e-6}).correct
    with pytest.raises(ValueError, match="not an option"):
        item.grade({"prediction": "huge", "measured": 1e-6})


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"input": "choice"}, "needs at least two options"),
        (
            {"options": [{"id": "a", "text": "a"}, {"id": "b", "text": "b"}]},
            "only for input: choice",
        ),
        ({"scale": "linear"}, "log slider predicts on the log scale"),
        ({"slider": {"min_exponent": 2, "max_exponent": -2}}, "min_exponent must be below"),
    ],
)
def test_invalid_items(extra: dict[str, object], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        make(**extra)


def test_bad_responses_raise() -> None:
    for bad in (
        1e-6,
        {"measured": 1.0},
        {"prediction": "x", "measured": 1.0},
        {"prediction": 1, "measured": "a"},
    ):
        with pytest.raises(ValueError):
            make().grade(bad)


def test_lint_flags_overlapping_options() -> None:
    item = make(
        input="choice",
        options=[{"id": "a", "text": "a", "high": 1.0}, {"id": "b", "text": "b", "low": 0.5}],
    )
    assert [f[0] for f in item.lint()] == ["options-overlap"]


def test_simulated_responses() -> None:
    item = make()
    rng = random.Random(1)
    for _ in range(20):
        assert item.grade(item.simulated_response(True, rng)).correct
        assert not item.grade(item.simulated_response(False, rng)).correct


def test_gradient_flow_quantity_is_measured() -> None:
    item = make(
        experiment="gradient_flow",
        params={"depth": 20, "configs": [{"activation": "sigmoid"}]},
        quantity="first_last_ratio",
    )
    value = item.measure()
    assert 0 < value < 1e-6 and math.isfinite(value)
