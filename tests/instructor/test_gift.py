"""GIFT import covers the format's features; export round-trips every bundled item."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tutor.cli import main
from tutor.content.formats.gift import escape, export_gift, parse_gift, unescape
from tutor.content.loader import load_course
from tutor.content.schema import MultipleChoice, ShortAnswer, TrueFalse

ROOT = Path(__file__).resolve().parents[2]

SAMPLE = r"""// A comment line is ignored.
$CATEGORY: $course$/Deep learning/Activations

::Sigmoid peak::[markdown]Where does **σ'** peak? {
  ~z \= 1 #That is where σ' is already smaller.
  =z \= 0 #Right: σ'(0) \= 0.25.
  ~%50%near zero #Close, but be exact.
  ~z \= −∞ #There σ' vanishes.
  ####σ'(z) \= σ(z)(1 − σ(z)) is largest when σ(z) \= 1/2.
}

::ReLU TF::ReLU's derivative is 1 for every positive input. {T#Look at the slope for z > 0.#Yes.####The slope of z is 1.}

::Layers::[html]Name the <b>first</b> layer type of an MLP. {
  =input layer
  =input
  =%0%output layer #That is the last one.
}

::Match::Match them. { =a -> 1 =b -> 2 }

::Num::What is 0.25^2? {#0.0625}

::Essay::Explain backprop. {}

::Cloze::The derivative of ReLU is {=1 ~0} for positive inputs.

Just a description with no answers.

::Multi::Pick two. { ~%50%a ~%50%b ~%-100%c }
"""


def test_import_features() -> None:
    result = parse_gift(SAMPLE, "activations")
    assert [type(i).__name__ for i in result.items] == [
        "MultipleChoice",
        "TrueFalse",
        "ShortAnswer",
    ]
    mc, tf, sa = result.items
    assert (
        isinstance(mc, MultipleChoice) and isinstance(tf, TrueFalse) and isinstance(sa, ShortAnswer)
    )
    assert mc.id == "activations-sigmoid-peak"
    assert mc.prompt == "Where does **σ'** peak?"
    assert [c.text for c in mc.choices] == ["z = 1", "z = 0", "near zero", "z = −∞"]
    assert mc.correct_index == 1
    assert mc.choices[0].feedback == "That is where σ' is already smaller."
    assert (
        mc.choices[2].feedback == "Close, but be exact."
    )  # 50% weight: partial, so not the correct one
    assert mc.explanation == "σ'(z) = σ(z)(1 − σ(z)) is largest when σ(z) = 1/2."
    assert mc.tags == ["activations"]  # from the last part of the category
    assert tf.answer is True and tf.wrong_feedback == "Look at the slope for z > 0."
    assert tf.explanation == "The slope of z is 1."
    assert sa.prompt == "Name the **first** layer type of an MLP."  # [html] turned into Markdown
    assert sa.accepted_answers == ["input layer", "input"]
    assert [(w.answer, w.feedback) for w in sa.wrong_answers] == [
        ("output layer", "That is the last one.")
    ]
    skipped = [(s.line, s.kind) for s in result.skipped]
    assert skipped == [
        (20, "matching"),
        (22, "numerical"),
        (24, "essay"),
        (26, "missing word (cloze)"),
        (28, "description"),
        (30, "multiple answers (several correct choices)"),
    ]


def test_gift_true_false_feedback_order() -> None:
    """The first '#' is what a learner who answered wrongly sees."""
    item = parse_gift("Sky is green. {F#It is not green, look up.#Right.}", "sky").items[0]
    assert isinstance(item, TrueFalse) and item.answer is False
    assert item.wrong_feedback == "It is not green, look up."


@pytest.mark.parametrize("text", ["a = b", "{x}", "50% ~ #1", "a: b", "back\\slash", "two\nlines"])
def test_escape_roundtrip(text: str) -> None:
    assert unescape(escape(text)) == text


def _strip(value: Any) -> Any:
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, list):
        return [_strip(v) for v in value]
    if isinstance(value, dict):
        return {k: _strip(v) for k, v in value.items()}
    return value


@pytest.mark.parametrize(
    "source",
    [ROOT / "content", Path(__file__).parents[1] / "content" / "good"],
    ids=["bundled", "fixture"],
)
def test_export_then_import_gives_the_same_items(source: Path) -> None:
    course = load_course([source])
    assert course.item_count > 0
    text = export_gift(course.topics.values())
    back = parse_gift(text, "ignored")
    assert back.skipped == []
    originals = [item for _, item in course.iter_items()]
    assert [_strip(i.model_dump()) for i in back.items] == [
        _strip(i.model_dump()) for i in originals
    ]


def test_cli_import_and_export(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    gift = tmp_path / "q.gift"
    gift.write_text(SAMPLE)
    out = tmp_path / "items.yaml"
    assert (
        main(["import", "gift", str(gift), "--topic", "activations", "-o", str(out)]) == 1
    )  # some skipped
    err = capsys.readouterr().err
    assert f"{gift}:20: skipped matching question" in err
    assert "imported 3 item(s), skipped 6" in err
    topic = tmp_path / "course" / "activations.yaml"
    topic.parent.mkdir()
    topic.write_text(
        "id: activations\ntitle: Activations\nlevel: graduate\ncore_idea: Slopes.\n"
        + out.read_text()
    )
    assert main(["validate", str(topic.parent)]) == 0
    assert main(["export", "gift", str(topic.parent)]) == 0
    assert "::activations-sigmoid-peak::" in capsys.readouterr().out
    assert main(["import", "gift", str(gift), "--topic", "activations", "-o", str(out)]) == 1
    assert "exists; pass --force" in capsys.readouterr().err
    assert main(["import", "gift", str(tmp_path / "missing.gift"), "--topic", "x"]) == 1
    assert main(["import", "gift", str(gift), "--topic", "Not A Slug"]) == 2
