"""The plain-text 'Question N ...' layout imports with line-numbered errors."""

from __future__ import annotations

from pathlib import Path

from tutor.content.formats.plaintext import parse_plaintext
from tutor.content.schema import MultipleChoice, ShortAnswer, TrueFalse

SEED = next((Path(__file__).resolve().parents[3] / "shared" / "seeds").glob("000_*.txt"), None)

GOOD = """\
Question 1 Multiple Choice
Which activation has a derivative of exactly 1 for positive inputs?
ASigmoid
B) ReLU
C. Tanh
Answer: B
ReLU is the identity for z > 0.
Question 2 True / False
The sigmoid derivative peaks at 0.25.
TTrue
FFalse
Answer: True
At z = 0, σ(0) = 1/2 and 1/2 · 1/2 = 1/4.
Question 3 Short Answer
Why do early layers stall?
Think about your answer, then reveal below.
Model answer: The gradient reaching them is a product of many factors below one.
It shrinks exponentially with depth.
"""


def test_good_layout() -> None:
    result = parse_plaintext(GOOD, "vgp")
    assert result.errors == []
    mc, tf, sa = result.items
    assert isinstance(mc, MultipleChoice) and [c.text for c in mc.choices] == [
        "Sigmoid",
        "ReLU",
        "Tanh",
    ]
    assert mc.correct_index == 1 and mc.explanation == "ReLU is the identity for z > 0."
    assert mc.id == "vgp-q1"
    assert (
        isinstance(tf, TrueFalse)
        and tf.answer is True
        and tf.prompt == "The sigmoid derivative peaks at 0.25."
    )
    assert isinstance(sa, ShortAnswer) and sa.prompt == "Why do early layers stall?"
    assert sa.model_answer.startswith("The gradient reaching them") and sa.model_answer.endswith(
        "with depth."
    )


def test_errors_carry_line_numbers() -> None:
    text = GOOD.replace("Answer: B\n", "").replace("Answer: True", "Answer: maybe")
    result = parse_plaintext(text, "vgp")
    assert [(e.line, e.message) for e in result.errors] == [
        (5, "question 1: no 'Answer:' line saying which choice is correct"),
        (11, "'Answer: maybe' must be True or False"),
    ]
    assert len(result.items) == 1


def test_seed_file_layout() -> None:
    """The source file glues letters to choices and omits the first header and MC answers."""
    if SEED is None:
        return
    result = parse_plaintext(SEED.read_text(encoding="utf-8"), "vgp")
    kinds = [type(i).__name__ for i in result.items]
    assert kinds == ["TrueFalse", "TrueFalse", "ShortAnswer"]
    assert [e.message for e in result.errors] == [
        "question 1: no 'Answer:' line saying which choice is correct",
        "question 2: no 'Answer:' line saying which choice is correct",
    ]
    assert [i.answer for i in result.items[:2]] == [False, True]  # type: ignore[union-attr]


def test_huge_answer_line_is_linear() -> None:
    """A 100 KB ``Answer:`` line with a run of spaces once took over a minute (a
    backtracking regex); it must be handled like any line: a one-line error."""
    line = "Answer: a" + " " * 50_000 + "b" + " x" * 25_000
    result = parse_plaintext(f"Question 1 Multiple Choice\nWhy?\nAone\nBtwo\n{line}\n", "t")
    assert [i.type for i in result.items] == ["multiple_choice"]
    huge = f"Question 1 True/False\nSky?\nTTrue\nFFalse\nAnswer: {'maybe ' * 20_000}\n"
    (error,) = parse_plaintext(huge, "t").errors
    assert "must be True or False" in error.message and len(error.message) < 100


def test_lines_split_only_on_newlines() -> None:
    text = "Question 1 True/False\nA\u2028B\x85C?\nTTrue\nFFalse\nAnswer: True\nWhy\u2028not.\n"
    (item,) = parse_plaintext(text, "t").items
    assert item.prompt == "A\u2028B\x85C?" and item.explanation == "Why\u2028not."
