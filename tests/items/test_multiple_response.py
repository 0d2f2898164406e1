from __future__ import annotations

import pytest
from pydantic import ValidationError

from tutor.items.grade import Rating
from tutor.items.multiple_response import MultipleResponse

BASE = {"id": "q", "type": "multiple_response", "prompt": "p", "explanation": "e"}
CHOICES = [
    {"text": "sigmoid", "correct": True},
    {"text": "tanh", "correct": True},
    {"text": "ReLU", "feedback": "ReLU does not saturate for positive inputs."},
    {"text": "identity"},
]


def make(choices: list[dict[str, object]] = CHOICES, **kw: object) -> MultipleResponse:
    return MultipleResponse.model_validate(BASE | {"choices": choices} | kw)


def test_default_rule_right_minus_wrong() -> None:
    item = make()
    full = item.grade(["a", "b"])
    assert (full.correct, full.suggested_rating, full.score) == (True, Rating.GOOD, 1.0)
    half = item.grade(["a"])
    assert (half.correct, half.suggested_rating, half.score) == (True, Rating.HARD, 0.5)
    mixed = item.grade(["a", "c"])
    assert (mixed.correct, mixed.score) == (False, 0.0)
    assert mixed.feedback == "ReLU: ReLU does not saturate for positive inputs."
    everything = item.grade(["a", "b", "c", "d"])
    assert (everything.correct, everything.score) == (False, 0.0)
    assert "1/2" in item.scoring_rule()


def test_author_credits() -> None:
    item = make(
        [
            {"text": "x", "correct": True, "credit": 0.5},
            {"text": "y", "correct": True, "credit": 0.5},
            {"text": "z", "credit": -1.0},
        ]
    )
    assert item.grade(["a"]).score == 0.5
    assert item.grade(["a", "b", "c"]).score == 0.0
    assert "+50%" in item.scoring_rule() and "-100%" in item.scoring_rule()


def test_responses_by_id_or_written_position_and_bad_ones_raise() -> None:
    item = make([{**c, "id": f"c{i}"} for i, c in enumerate(CHOICES)])
    assert item.grade(["c0", "c1"]) == item.grade([0, 1])
    for bad in ("c0", ["nope"], [7], 3):
        with pytest.raises(ValueError):
            item.grade(bad)


@pytest.mark.parametrize(
    ("choices", "message"),
    [
        ([{"text": "a"}, {"text": "b"}], "at least one correct choice"),
        (
            [{"text": "a", "correct": True}, {"text": "b", "credit": 0.5}],
            "positive credit marks a correct choice",
        ),
        ([{"text": "a", "correct": True, "id": "x"}, {"text": "b", "id": "x"}], "unique"),
    ],
)
def test_invalid_items(choices: list[dict[str, object]], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        make(choices)


def test_lint_flags_credits_that_cannot_reach_full_marks() -> None:
    item = make([{"text": "x", "correct": True, "credit": 0.5}, {"text": "y", "feedback": "no"}])
    assert [f[0] for f in item.lint()] == ["credits-below-full"]
    assert [f[0] for f in make().lint()] == ["choice-without-feedback"]  # "identity" has none
