from __future__ import annotations

from tutor.items.base import display_order
from tutor.items.multiple_choice import MultipleChoice

MC = MultipleChoice.model_validate(
    {
        "id": "q",
        "type": "multiple_choice",
        "prompt": "p",
        "explanation": "e",
        "choices": [
            {"text": "w"},
            {"text": "x", "correct": True, "id": "right"},
            {"text": "y"},
            {"text": "z"},
        ],
    }
)


def test_order_is_a_permutation_fixed_by_its_key() -> None:
    order = display_order(4, "learner:q:0")
    assert sorted(order) == [0, 1, 2, 3]
    assert display_order(4, "learner:q:0") == order
    orders = {tuple(display_order(4, f"learner:q:{attempt}")) for attempt in range(30)}
    assert len(orders) > 5  # a fresh order on other attempts
    learners = {tuple(display_order(4, f"{who}:q:0")) for who in "abcdefghij"}
    assert len(learners) > 3  # and for other learners


def test_shuffle_false_keeps_the_written_order() -> None:
    assert display_order(4, "anything", shuffle=False) == [0, 1, 2, 3]


def test_choices_are_named_by_id_old_positions_still_grade() -> None:
    assert MC.correct_id == "right"
    assert MC.grade("right").correct and MC.grade(1).correct
    assert not MC.grade("a").correct
    assert MC.describe_response("c") == "y"


def test_every_schema_type_has_a_kind() -> None:
    from tutor.content.schema import ITEM_TYPES
    from tutor.items.kinds import KINDS, guess_rate, is_recall

    assert set(KINDS) == set(ITEM_TYPES)
    assert is_recall("predict") and is_recall("numeric") and not is_recall("multiple_choice")
    assert guess_rate("multiple_choice", 4, 0.1) == 0.25
    assert guess_rate("numeric", 0, 0.07) == 0.07
