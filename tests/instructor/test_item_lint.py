"""Course-level lint rules and the item types' own rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from tutor.authoring.lint import lint_course
from tutor.content.loader import load_course

RULES_TESTED_HERE = {
    "key-position-balance",
    "longest-choice-correct",
    "accepted-and-wrong",
    "yaml11-answer",
    "unknown-lint-rule",
    "wrong-value-accepted",
    "unit-required-without-units",
    "credits-below-full",
    "options-overlap",
}


def _mc(n: int, key: int, longest: bool, ignore: str = "") -> str:
    choices = []
    for j in range(4):
        text = f"option {j} of item {n}" + (
            " which is clearly the longest one" if longest and j == key else ""
        )
        correct = "\n        correct: true" if j == key else ""
        choices.append(f"      - text: {text}{correct}\n        feedback: f")
    extra = f"\n    lint_ignore: [{ignore}]" if ignore else ""
    return (
        f"  - id: mc-{n}\n    type: multiple_choice\n    prompt: Pick {n}.\n    explanation: e.{extra}\n"
        "    choices:\n" + "\n".join(choices)
    )


def _topic(tid: str, items: list[str], ignore: str = "") -> str:
    head = f"id: {tid}\ntitle: {tid}\nlevel: graduate\ncore_idea: c.\nexplainer: x.\n"
    if ignore:
        head += f"lint_ignore: [{ignore}]\n"
    return head + "items:\n" + "\n".join(items) + "\n"


def _lint(tmp_path: Path, topics: dict[str, str]) -> list:
    for name, text in topics.items():
        (tmp_path / f"{name}.yaml").write_text(text, encoding="utf-8")
    return lint_course(load_course([tmp_path]))


def test_key_position_per_topic_and_course(tmp_path: Path) -> None:
    # 5 of 12 keys at a) (42%) in one topic; 8 of 24 (33%) over the course
    skewed = [_mc(n, 0 if n < 5 else n % 3 + 1, False) for n in range(12)]
    spread = [_mc(100 + n, n % 4, False) for n in range(12)]
    findings = _lint(
        tmp_path,
        {"skewed": _topic("skewed", skewed), "spread": _topic("spread", spread, ignore="")},
    )
    keys = [f for f in findings if f.rule == "key-position-balance"]
    assert [("topic 'skewed'" in f.message, "the course" in f.message) for f in keys] == [
        (True, False)
    ]
    assert "5 of 12" in keys[0].message and "a: 5" in keys[0].message


def test_key_position_needs_ten_items(tmp_path: Path) -> None:
    findings = _lint(tmp_path, {"small": _topic("small", [_mc(n, 0, False) for n in range(9)])})
    assert "key-position-balance" not in {f.rule for f in findings}


def test_longest_choice_correct_rate_over_the_course(tmp_path: Path) -> None:
    # 4 of 12 longest-correct per topic (33%, no per-topic length-cue), but spread keys
    items = [_mc(n, n % 4, n < 5) for n in range(12)]
    findings = _lint(tmp_path, {"t": _topic("t", items)})
    hits = [f for f in findings if f.rule == "longest-choice-correct"]
    assert len(hits) == 1 and "5 of 12" in hits[0].message
    items = [_mc(n, n % 4, n < 4) for n in range(12)]
    assert "longest-choice-correct" not in {
        f.rule for f in _lint(tmp_path, {"t": _topic("t", items)})
    }


ODD_ITEMS = """\
  - id: sa
    type: short_answer
    prompt: Country code of Norway?
    model_answer: "NO"
    accepted_answers: ["NO", "nor"]
    wrong_answers:
      - {answer: "Nor ", feedback: Three letters is another standard.}
    explanation: e
  - id: tf
    type: true_false
    prompt: Sigmoid saturates.
    answer: yes
    explanation: e
  - id: tf-quoted-ok
    type: true_false
    prompt: ReLU saturates for positive inputs.
    answer: false
    explanation: e
  - id: num
    type: numeric
    prompt: One eighth?
    value: 0.125
    tolerance: {relative: 0.1}
    unit_required: true
    wrong_values:
      - {value: 0.13, feedback: rounding}
    explanation: e
  - id: mr
    type: multiple_response
    prompt: Which?
    choices:
      - {text: x, correct: true, credit: 0.5}
      - {text: y}
    explanation: e
    lint_ignore: [not-a-rule]
  - id: pr
    type: predict
    prompt: How small?
    experiment: chain_product
    quantity: product
    input: choice
    options:
      - {id: small, text: small, high: 0.01}
      - {id: big, text: big, low: 0.001}
    explanation: e
"""


def test_answers_types_and_ignores(tmp_path: Path) -> None:
    text = _topic("odd", [ODD_ITEMS.rstrip("\n")], ignore="lenght-cue")
    findings = _lint(tmp_path, {"odd": text})
    got = {(f.rule, f.location.line) for f in findings}
    assert ("accepted-and-wrong", 14) in got
    assert ("yaml11-answer", 19) in got
    assert not any(r == "yaml11-answer" and line != 19 for r, line in got)
    assert ("unknown-lint-rule", 6) in got  # the topic's list
    assert ("unknown-lint-rule", 42) in got  # an item's list
    assert {
        "wrong-value-accepted",
        "unit-required-without-units",
        "credits-below-full",
        "options-overlap",
    } <= {r for r, _ in got}
    unknown = next(f for f in findings if f.rule == "unknown-lint-rule" and f.location.line == 6)
    assert "did you mean 'length-cue'" in unknown.message and unknown.severity == "error"


@pytest.mark.parametrize("where", ["topic", "item"])
def test_lint_ignore_silences_a_rule_for_a_topic_or_one_item(tmp_path: Path, where: str) -> None:
    items = [
        _mc(n, 0, False, ignore="choice-without-feedback" if where == "item" else "")
        for n in range(2)
    ]
    items = [i.replace("        feedback: f", "") for i in items]
    text = _topic("t", items, ignore="choice-without-feedback" if where == "topic" else "")
    assert "choice-without-feedback" not in {f.rule for f in _lint(tmp_path, {"t": text})}
    plain = _topic(
        "t", [i.replace("\n    lint_ignore: [choice-without-feedback]", "") for i in items]
    )
    assert "choice-without-feedback" in {f.rule for f in _lint(tmp_path, {"t": plain})}
