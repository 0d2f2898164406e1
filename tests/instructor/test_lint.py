"""Each lint rule fires on a flawed item and stays quiet on a good one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tutor.authoring.lint import RULES, lint_course
from tutor.cli import main
from tutor.content.loader import load_course

from .test_item_lint import RULES_TESTED_HERE

FLAWED = """\
id: flawed
title: Shared title
level: graduate
core_idea: Flaws.
items:
  - id: flawed-q1
    type: multiple_choice
    prompt: Which of these is NOT a fix?
    choices:
      - text: ReLU
      - text: A much longer and clearly correct looking option
        correct: true
      - text: All of the above
        feedback: Elimination.
    explanation: ""
  - id: flawed-q2
    type: multiple_choice
    prompt: Pick the best.
    choices:
      - text: It always works
        feedback: Absolute.
      - text: The longest option wins again here
        correct: true
  - id: flawed-q3
    type: multiple_choice
    prompt: Pick one.
    choices:
      - text: Batch norm
        feedback: a
      - text: Batch norm.
        feedback: b
      - text: Residual connections everywhere
        correct: true
    explanation: e
    hints:
      - Look for what lets the signal skip layers.
      - Think residual connections everywhere!
    worked_solution: Residual connections everywhere keep a path open.
  - id: flawed-q4
    type: true_false
    prompt: A.
    answer: true
    explanation: e
  - id: flawed-q5
    type: true_false
    prompt: B.
    answer: true
    explanation: e
  - id: flawed-q6
    type: short_answer
    prompt: Why?
    model_answer: Because.
    explanation: e
  - id: flawed-q7
    type: short_answer
    prompt: Why do deep sigmoid nets train slowly?
    model_answer: The gradient shrinks at every sigmoid layer it passes back through.
    key_points:
      - The gradient shrinks at every sigmoid layer.
      - Early layers barely move from their initial weights.
    explanation: e
"""

TWIN = """\
id: twin
title: Shared title
level: graduate
core_idea: Twin.
"""

ISLAND = """\
id: island
title: Island
level: graduate
core_idea: Alone.
prerequisites: [lonely]
explainer: Text.
items:
  - id: island-q1
    type: true_false
    prompt: x ![a plot](plot.png)
    answer: true
    explanation: e
"""

LONELY = """\
id: lonely
title: Lonely
level: graduate
core_idea: Alone.
"""


@pytest.fixture()
def flawed_course(tmp_path: Path) -> Path:
    (tmp_path / "flawed.yaml").write_text(
        FLAWED.replace('explanation: ""\n  - id: flawed-q2', 'explanation: ""\n  - id: flawed-q2')
    )
    (tmp_path / "twin.yaml").write_text(
        TWIN.replace("core_idea: Twin.", "core_idea: Twin.\nprerequisites: [flawed]")
    )
    (tmp_path / "island.yaml").write_text(ISLAND)
    (tmp_path / "lonely.yaml").write_text(LONELY)
    return tmp_path


def test_every_rule_fires(flawed_course: Path) -> None:
    # flawed-q2 lacks an explanation entirely: give it one so the file validates
    text = (
        (flawed_course / "flawed.yaml")
        .read_text()
        .replace(
            "        correct: true\n  - id: flawed-q3",
            "        correct: true\n    explanation: e\n  - id: flawed-q3",
        )
    )
    (flawed_course / "flawed.yaml").write_text(text)
    findings = lint_course(load_course([flawed_course]))
    fired = {f.rule for f in findings} | RULES_TESTED_HERE  # course-level and item-type rules
    assert fired == set(RULES), set(RULES) - fired
    by_rule = {f.rule: f for f in findings}
    assert by_rule["missing-explanation"].severity == "error"
    assert by_rule["negative-stem"].location.line == 8
    assert by_rule["all-none-of-the-above"].location.line == 13
    assert by_rule["absolute-words"].location.line == 20
    assert "choices 1 and 2" in by_rule["near-duplicate-choices"].message
    assert "2 true and 0 false" in by_rule["tf-unbalanced"].message
    assert "3 of 3" in by_rule["length-cue"].message
    hinted = [f for f in findings if f.rule == "hint-reveals-answer"]
    assert len(hinted) == 1 and "hint 2 states the answer" in hinted[0].message
    missed = [f for f in findings if f.rule == "model-answer-misses-key-point"]
    assert len(missed) == 1 and "'Early layers barely move" in missed[0].message
    lines = (flawed_course / "flawed.yaml").read_text().splitlines()
    assert (
        lines[missed[0].location.line - 1].strip()
        == "- Early layers barely move from their initial weights."
    )
    unreachable = sorted(f.message.split("'")[1] for f in findings if f.rule == "unreachable-topic")
    assert unreachable == ["island", "lonely"]


def test_lint_ignore_silences_a_rule(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(TWIN.replace("id: twin", "id: a-twin") + "explainer: x\n")
    (tmp_path / "b.yaml").write_text(
        TWIN + "prerequisites: [a-twin]\nexplainer: x\nlint_ignore: [duplicate-title, no-items]\n"
    )
    rules = [
        (f.location.path.endswith("b.yaml"), f.rule) for f in lint_course(load_course([tmp_path]))
    ]
    assert (True, "duplicate-title") not in rules and (True, "no-items") not in rules
    assert (False, "no-items") in rules


def test_cli_strict_and_json(flawed_course: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (flawed_course / "flawed.yaml").write_text(
        (flawed_course / "flawed.yaml")
        .read_text()
        .replace(
            "        correct: true\n  - id: flawed-q3",
            "        correct: true\n    explanation: e\n  - id: flawed-q3",
        )
    )
    assert main(["lint", str(flawed_course), "--format", "json"]) == 1  # an error-severity finding
    data = json.loads(capsys.readouterr().out)
    assert {"path", "line", "column", "rule", "severity", "message"} <= set(data[0])
    good = flawed_course / "good"
    good.mkdir()
    (good / "t.yaml").write_text(
        "id: t\ntitle: T\nlevel: graduate\ncore_idea: c\nexplainer: x\nitems:\n"
        "  - {id: t1, type: true_false, prompt: p, answer: true, explanation: e}\n"
        "  - {id: t2, type: short_answer, prompt: p, model_answer: m, explanation: e}\n"
    )
    assert main(["lint", str(good)]) == 0  # a warning only
    assert main(["lint", str(good), "--strict"]) == 1
    out = capsys.readouterr().out
    assert "warning no-key-points" in out


def test_invalid_content_is_reported_not_linted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "x.yaml").write_text("id: x\n")
    assert main(["lint", str(tmp_path)]) == 1
    assert "required field 'title' is missing" in capsys.readouterr().out


def _choices_course(tmp_path: Path, texts: list[str]) -> Path:
    choices = "".join(
        f"      - text: {json.dumps(t, ensure_ascii=False)}\n"
        + ("        correct: true\n" if k == 0 else "        feedback: No.\n")
        for k, t in enumerate(texts)
    )
    (tmp_path / "c.yaml").write_text(
        "id: c\ntitle: C\nlevel: graduate\ncore_idea: c\nexplainer: x\nitems:\n"
        "  - id: c-q1\n    type: multiple_choice\n    prompt: Which?\n    choices:\n"
        + choices
        + "    explanation: e\n",
        encoding="utf-8",
    )
    return tmp_path


def _near_duplicate_pairs(tmp_path: Path, texts: list[str]) -> list[str]:
    findings = lint_course(load_course([_choices_course(tmp_path, texts)]))
    return [f.message.split(": ", 1)[1] for f in findings if f.rule == "near-duplicate-choices"]


@pytest.mark.parametrize(
    "pair",
    [
        ("2.003", "2,003"),
        ("x = 5", "x = −5"),
        ("x = 5", "x = -5"),
        ("3 + 5 = 8", "3 − 5 = 8"),
        ("About 9.3×10⁻¹⁰", "About 9.3×10⁻¹¹"),
        ("x² + 1", "x³ + 1"),
        ("The loss is 0.5", "The loss is 0.50"),
        ("It shrinks by 0.25 per layer", "It shrinks by 0.2 per layer"),
    ],
)
def test_choices_with_different_numbers_are_not_near_duplicates(
    tmp_path: Path, pair: tuple[str, str]
) -> None:
    assert _near_duplicate_pairs(tmp_path, [*pair, "Something else entirely"]) == []


@pytest.mark.parametrize(
    "pair",
    [
        ("the gradient vanishes", "The gradient vanishes."),
        ("The gradient vanishes", "The gradient  vanishes!"),
        ("It shrinks by 0.25 per layer", "it shrinks by 0.25 per layer."),
        ("x = −5", "x = -5"),
        ("Use batch normalisation", "Use batch normalization"),
    ],
)
def test_real_near_duplicates_are_still_flagged(tmp_path: Path, pair: tuple[str, str]) -> None:
    assert _near_duplicate_pairs(tmp_path, [*pair, "Something else entirely"]) == [
        "choices 1 and 2 are nearly the same"
    ]
