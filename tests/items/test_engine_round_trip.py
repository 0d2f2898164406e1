"""Every item type through the engine: grade, store, export, read back, analyse, place."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from tutor.items.base import choice_ids

COURSE = Path(__file__).parent / "course"


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_each_type_is_stored_exported_and_analysed_by_choice_id(tmp_path: Path, fmt: str) -> None:
    from tutor.cli.app import open_service
    from tutor.cli.progress import write_export
    from tutor.learner.item_analysis import analyse, read_log

    service = open_service(COURSE, str(tmp_path / "p.db"))
    course = service.course
    rng = random.Random(3)
    expected: dict[str, bool] = {}
    for _, item in course.iter_items():
        for right in (True, False):
            response = item.simulated_response(right, rng)
            outcome = service.record_answer(item.id, response)
            assert outcome.grade.correct is right, (item.id, response)
        expected[item.id] = True
    stored = [e for e in service.events() if e.kind == "answer"]
    assert len(stored) == 2 * len(expected)
    log = tmp_path / f"log.{fmt}"
    with log.open("w", encoding="utf-8") as out:
        write_export(service.store, fmt, out)
    service.close()

    answers = read_log(log)
    assert {a.item_id for a in answers} == set(expected)
    by_id = {(a.item_id, a.seq): a for a in answers}
    for event in stored:  # the response read back is the one stored (ids, lists, dicts)
        back = by_id[(event.item_id, event.seq)].response
        if fmt == "jsonl" or not isinstance(event.payload["response"], str):
            assert back == event.payload["response"]
        else:  # CSV cells are text: a typed "0.125" reads back as the number
            assert str(back) == event.payload["response"] or back == event.payload["response"]
    ids = {
        item.id: choice_ids(item.choices)
        for _, item in course.iter_items()
        if hasattr(item, "choices")
    }
    stats = {s.item_id: s for s in analyse(answers, min_answers=1, choice_items=ids)}
    mc = course.item("mc-shuffled")
    assert set(stats["mc-shuffled"].choice_counts) == {choice_ids(mc.choices)[mc.correct_index]}
    assert set(stats["mr-saturating"].choice_counts) == {"sigmoid", "tanh"}
    assert all(s.difficulty == 1.0 for s in stats.values())  # first attempts were the right ones


def test_placement_takes_exactly_graded_types_only() -> None:
    from tutor.content.loader import load_course
    from tutor.learner.config import LearnerConfig
    from tutor.learner.placement import placement_item

    course = load_course([COURSE])
    eligible = {item.id for _, item in course.iter_items() if placement_item(item, LearnerConfig())}
    assert eligible == {"numeric-eighth", "mr-saturating", "mc-shuffled"}


def test_the_lab_worker_answers_a_measure_request() -> None:
    from tutor.lab.worker import measure_reply

    assert measure_reply(7, "chain_product", {"layers": 10}, "product") == ("measured", 7, 0.25**10)
    kind, token, message = measure_reply(8, "chain_product", {}, "products")
    assert (kind, token) == ("error", 8) and "product" in message


def test_drill_score_describes_each_type() -> None:
    from tutor.content.loader import load_course
    from tutor.ui.screens.drill import DrillScoreScreen

    course = load_course([COURSE])
    text = DrillScoreScreen._missed_markdown(
        course.item("predict-sigmoid-ratio"), {"prediction": 1e-3, "measured": 1e-16}
    )
    assert "Your answer: predicted 0.001, measured 1.00e-16" in text
    assert "Answer: within 1 decade of the measurement" in text
    text = DrillScoreScreen._missed_markdown(course.item("mr-saturating"), ["sigmoid", "relu"])
    assert "Your answer: sigmoid; ReLU" in text and "_ReLU: ReLU's slope stays 1" in text
    assert "Answer: sigmoid; tanh" in text
    text = DrillScoreScreen._missed_markdown(course.item("numeric-eighth"), "8")
    assert "_That is the denominator, not the value._" in text and "Answer: 0.125 (± 0.001)" in text
