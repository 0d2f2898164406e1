"""Grading: exact item types, the short-answer cascade, and answer normalisation.

Items are written in the bundled course's style (numeric answers, anticipated
wrong answers with feedback, interview answers with key points).
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import yaml
from pydantic import TypeAdapter

from tutor.content.schema import Item, ShortAnswer, Topic
from tutor.grading import text_norm
from tutor.learner.grading import (
    GOOD_MIN_SHARE,
    HARD_MIN_SHARE,
    Grade,
    Rating,
    grade,
    key_point_covered,
    rating_for_share,
)

_ITEM = TypeAdapter(Item)


def item(**data: object) -> Item:
    return _ITEM.validate_python({"prompt": "A question?", "explanation": "Why.", **data})


MC = item(
    id="mc",
    type="multiple_choice",
    choices=[
        {"text": "At most 0.25", "correct": True, "feedback": "Right: σ'(0) = 0.25 is the peak."},
        {"text": "At most 1", "feedback": "That is tanh's peak, not the sigmoid's."},
        {"text": "Unbounded"},
    ],
)
TF = item(
    id="tf", type="true_false", answer=False, wrong_feedback="ReLU's slope is exactly 1 for z > 0."
)

SIGMOID_SLOPE = item(
    id="slope",
    type="short_answer",
    prompt="What is the derivative of f(z) = −z/4 at z = 1? Give a number.",
    model_answer="−0.25",
    accepted_answers=["-0.25"],
    wrong_answers=[{"answer": "0.25", "feedback": "Check the sign: f decreases as z grows."}],
)
GROWTH = item(  # in the style of exploding-gradients-and-gradient-clipping-q9
    id="growth",
    type="short_answer",
    model_answer="About 2^15 = 32768.",
    accepted_answers=["32768", "2^15", "3×10^4", "about 32000"],
    wrong_answers=[
        {"answer": "30", "feedback": "That adds 2 per layer; the factors multiply."},
        {"answer": "16384", "feedback": "That is 2^14; count one factor per layer."},
    ],
    key_points=[
        "The per-layer factors multiply rather than add",
        "2 compounded over 15 layers is 2^15 = 32768",
    ],
)
COUNT = item(id="count", type="short_answer", model_answer="12 edges.", accepted_answers=["12"])
NAME = item(
    id="name",
    type="short_answer",
    model_answer="The vanishing gradient problem.",
    accepted_answers=["vanishing gradients", "the vanishing gradient problem"],
    wrong_answers=[
        {"answer": "exploding gradients", "feedback": "Exploding gradients grow; these shrink."}
    ],
)
ACTIVATION = item(
    id="activation",
    type="short_answer",
    model_answer="ReLU",
    accepted_answers=["ReLU", "leaky ReLU", "tanh"],
)
DYING_RELU = item(  # in the style of relu-and-its-variants-q10
    id="dying-relu",
    type="short_answer",
    interview=True,
    model_answer="A ReLU unit whose pre-activation is negative on every input gets zero gradient...",
    key_points=[
        "A unit whose pre-activation is negative on every input gets zero gradient",
        "It cannot recover under gradient descent, so its capacity is lost",
        "Usually caused by large updates or poor initialisation",
        "Detect by tracking the fraction of units that output zero across a batch or epoch",
    ],
)

KP1 = "A ReLU unit dies when its pre-activation is negative for every input, so it gets zero gradient."
KP2 = "Gradient descent can never recover such a unit and its capacity is lost for good."
KP3 = "It is usually caused by a large update from a high learning rate, or poor initialisation."
KP4 = "Track the fraction of units that output zero across a whole batch or epoch."


# -- multiple choice and true/false ---------------------------------------------------


def test_multiple_choice_right_and_wrong() -> None:
    assert grade(MC, 0) == Grade(
        True, Rating.GOOD, "exact", "Right: σ'(0) = 0.25 is the peak.", score=1.0
    )
    assert grade(MC, 1) == Grade(
        False, Rating.AGAIN, "exact", "That is tanh's peak, not the sigmoid's.", score=0.0
    )
    assert grade(MC, 2) == Grade(False, Rating.AGAIN, "exact", None, score=0.0)
    # Logs now record the choice's id; ids default to the letters of the written order.
    assert grade(MC, "a") == grade(MC, 0)
    assert grade(MC, "b") == grade(MC, 1)


@pytest.mark.parametrize(
    ("response", "message"),
    [
        (3, "choice 3 is out of range: the item has 3 choices"),
        (-1, "choice -1 is out of range: the item has 3 choices"),
        (True, "a choice is named by its id, not bool"),
        ("0", "no choice has the id '0'; the ids are a, b, c"),
        (0.0, "a choice is named by its id, not float"),
    ],
)
def test_multiple_choice_rejects_bad_responses(response: object, message: str) -> None:
    with pytest.raises(ValueError, match=f"^{message}$"):
        grade(MC, response)  # type: ignore[arg-type]


def test_true_false_gives_wrong_feedback_only_when_wrong() -> None:
    assert grade(TF, False) == Grade(True, Rating.GOOD, "exact", None, score=1.0)
    assert grade(TF, True) == Grade(
        False, Rating.AGAIN, "exact", "ReLU's slope is exactly 1 for z > 0.", score=0.0
    )
    for bad in (0, 1, "false"):
        with pytest.raises(ValueError, match=r"^a true/false item takes true or false, not "):
            grade(TF, bad)  # type: ignore[arg-type]


def test_short_answer_needs_text() -> None:
    with pytest.raises(ValueError, match=r"^a short-answer item takes a text response, not int$"):
        grade(COUNT, 12)


# -- short answers: accepted and wrong ------------------------------------------------


@pytest.mark.parametrize(
    "response", ["-0.25", "−0.25", " − 0.25 ", "-.25", "−1/4", "-0.250", "– 0.25."]
)
def test_numeric_answer_with_unicode_minus_and_spaces_is_accepted(response: str) -> None:
    g = grade(SIGMOID_SLOPE, response)
    assert (g.correct, g.suggested_rating, g.method, g.score) == (
        True,
        Rating.GOOD,
        "accepted",
        1.0,
    )


def test_a_missing_sign_gets_the_anticipated_feedback() -> None:
    g = grade(SIGMOID_SLOPE, "0.25")
    assert (g.correct, g.suggested_rating, g.method) == (False, Rating.AGAIN, "wrong_answer")
    assert g.feedback == "Check the sign: f decreases as z grows."


@pytest.mark.parametrize(
    "response",
    [
        "32768",
        "32,768",
        "32 768",
        "2¹⁵",
        "2 ^ 15",
        "3 x 10^4",
        "3·10⁴",
        "30000",
        "About 32000.",
        "32768.0",
    ],
)
def test_numeric_forms_of_an_accepted_answer(response: str) -> None:
    g = grade(GROWTH, response)
    assert (g.correct, g.method) == (True, "accepted"), response


@pytest.mark.parametrize(
    ("response", "feedback_start"),
    [("30", "That adds"), ("16,384", "That is 2^14"), ("2^14", "That is 2^14")],
)
def test_anticipated_wrong_numbers_get_their_feedback(response: str, feedback_start: str) -> None:
    g = grade(GROWTH, response)
    assert (g.correct, g.suggested_rating, g.method) == (False, Rating.AGAIN, "wrong_answer")
    assert g.feedback is not None and g.feedback.startswith(feedback_start)
    assert g.key_points_missed == tuple(GROWTH.key_points)  # type: ignore[union-attr]


@pytest.mark.parametrize("response", ["13", "11", "12.5", "120", "1 2"])
def test_a_near_number_is_never_accepted(response: str) -> None:
    g = grade(COUNT, response)
    assert (g.correct, g.suggested_rating) == (False, Rating.AGAIN)
    assert g.method in ("value", "none")


def test_near_numbers_are_not_fuzzy_even_among_words() -> None:
    item_ = item(
        id="layers", type="short_answer", model_answer="15 layers", accepted_answers=["15 layers"]
    )
    assert grade(item_, "15 layres").method == "fuzzy"
    assert grade(item_, "16 layers").correct is False


def test_a_stated_number_in_a_longer_answer_decides_a_numeric_item() -> None:
    right = grade(GROWTH, "It is 2^15 = 32768, since the factors multiply")
    assert (right.correct, right.method) == (True, "accepted")
    wrong = grade(GROWTH, "2 x 15 = 30 because there are 15 layers")
    assert (wrong.method, wrong.feedback) == (
        "wrong_answer",
        "That adds 2 per layer; the factors multiply.",
    )
    # Worked answers pass through other numbers, even listed mistakes: the accepted value anywhere wins.
    worked = grade(
        GROWTH, "32768: one factor of 2 for each of 15 layers; 16384 would be one layer short"
    )
    assert (worked.correct, worked.method) == (True, "accepted")
    # Without the accepted value, the last anticipated mistake stated gets its feedback.
    last = grade(GROWTH, "2 x 15 = 30, or maybe 16384")
    assert (last.method, last.feedback) == (
        "wrong_answer",
        "That is 2^14; count one factor per layer.",
    )


def test_worked_answers_are_judged_by_their_conclusions() -> None:
    residual = item(
        id="residual",
        type="short_answer",
        model_answer="1.05^20 ≈ 2.7",
        accepted_answers=["2.7", "1.05^20"],
        wrong_answers=[{"answer": "9.5e-27", "feedback": "That is the plain chain."}],
    )
    # Ends a sentence on the result, then an aside ends on a listed mistake.
    worked = "Each block gives 1 + 0.05 = 1.05, and 1.05^20 ≈ 2.7. Without shortcuts it would be 0.05^20 ≈ 9.5×10⁻²⁷."
    assert grade(residual, worked).method == "accepted"
    # Announced after "so", though the sentence ends on another number.
    assert (
        grade(residual, "Twenty factors of 1.05, so the product is 1.05^20, not 20").correct is True
    )
    # The right value only in the working is not an answer.
    assert grade(COUNT, "3 rows of 4 make 12 squares, so there are 13 edges").method == "none"
    assert grade(COUNT, "12 edges: 3 rows of 4").method == "accepted"


def test_digits_in_names_are_not_values() -> None:
    # "h₁" and "x2" name things; only the standalone 0 is a stated value.
    zero = item(
        id="zero",
        type="short_answer",
        model_answer="0",
        accepted_answers=["0"],
        wrong_answers=[{"answer": "1", "feedback": "h₂ cancels it."}],
    )
    assert grade(zero, "h₁ = 2 and h₂ = 1, so y = 0").correct is True
    assert grade(zero, "h₁ and x2 give y = 3").method == "none"


def test_when_a_wrong_answer_has_an_accepted_value_the_form_decides() -> None:
    simplest = item(
        id="simplest",
        type="short_answer",
        model_answer="9/20",
        accepted_answers=["9/20"],
        wrong_answers=[{"answer": "45/100", "feedback": "Right value, but not in simplest form."}],
    )
    assert grade(simplest, "9 / 20").method == "accepted"
    assert grade(simplest, "45/100").feedback == "Right value, but not in simplest form."
    assert grade(simplest, "0.45").correct is False
    assert grade(simplest, "90/200").correct is False


def test_another_number_cannot_pass_on_key_points() -> None:
    # Covers the first key point in words, but states 20000: a numeric item is decided by its number.
    g = grade(GROWTH, "The per-layer factors multiply rather than add, giving about 20000")
    assert g.key_points_hit == ("The per-layer factors multiply rather than add",)
    assert (g.correct, g.suggested_rating, g.method) == (False, Rating.AGAIN, "key_points")


# -- short answers: fuzzy -----------------------------------------------------------


@pytest.mark.parametrize(
    "response", ["vanishng gradients", "Vanishing gradeints", "the vanishing gradient problme"]
)
def test_a_misspelt_word_is_accepted_by_fuzzy_matching(response: str) -> None:
    g = grade(NAME, response)
    assert (g.correct, g.suggested_rating, g.method, g.feedback) == (
        True,
        Rating.GOOD,
        "fuzzy",
        None,
    )
    assert 0.8 < g.score < 1.0


def test_a_misspelt_wrong_answer_still_gets_its_feedback() -> None:
    g = grade(NAME, "exploding gradeints")
    assert (g.correct, g.method, g.feedback) == (
        False,
        "wrong_answer",
        "Exploding gradients grow; these shrink.",
    )


@pytest.mark.parametrize("response", ["ELU", "tang", "leaky ELU", "relu6", "sigmoid"])
def test_short_words_must_match_exactly(response: str) -> None:
    g = grade(ACTIVATION, response)
    assert g.correct is False and g.method == "none"


def test_spacing_slips_match_without_edits() -> None:
    g = grade(NAME, "vanishinggradients")
    assert (g.correct, g.method, g.score) == (True, "fuzzy", 1.0)


# -- short answers: key points ------------------------------------------------------


def test_three_of_four_key_points_is_good_and_lists_hits_and_misses() -> None:
    g = grade(DYING_RELU, " ".join([KP1, KP2, KP3]))
    assert g.key_points_hit == tuple(DYING_RELU.key_points[:3])  # type: ignore[union-attr]
    assert g.key_points_missed == (DYING_RELU.key_points[3],)  # type: ignore[union-attr]
    assert (g.correct, g.suggested_rating, g.method, g.feedback, g.score) == (
        True,
        Rating.GOOD,
        "key_points",
        None,
        0.75,
    )


def test_some_key_points_and_nothing_contradicted_is_hard() -> None:
    two = grade(DYING_RELU, f"{KP1} {KP4}")
    assert two.key_points_hit == (DYING_RELU.key_points[0], DYING_RELU.key_points[3])  # type: ignore[union-attr]
    assert (two.correct, two.suggested_rating, two.score) == (True, Rating.HARD, 0.5)
    one = grade(DYING_RELU, KP3)
    assert len(one.key_points_hit) == 1
    assert (one.correct, one.suggested_rating, one.score) == (True, Rating.HARD, 0.25)
    assert not one.unsure


def test_all_key_points_with_spelling_variants_and_typos() -> None:
    answer = (
        "When a unit's preactivation is negative on every input its gradient is zero; gradient descent "
        "cannot recover it so that capacity is lost. Large updates or poor initialization cause it. "
        "Detect it by tracking the fraction of units outputting zero over a batch (or epock)."
    )
    g = grade(DYING_RELU, answer)
    assert g.key_points_missed == () and g.suggested_rating == Rating.GOOD and g.score == 1.0


def test_one_shared_word_never_covers_a_key_point() -> None:
    assert not key_point_covered(
        "Detect by logging the global gradient norm per step", text_norm.answer_words("gradient")
    )
    assert key_point_covered(
        "Detect by logging the global gradient norm per step",
        text_norm.answer_words("log the global gradient norm every step"),
    )


def test_unrelated_long_answer_covers_nothing() -> None:
    g = grade(
        DYING_RELU,
        "Batch normalisation rescales activations to zero mean and unit variance in each mini-batch.",
    )
    assert g.key_points_hit == () and g.suggested_rating == Rating.AGAIN and g.correct is False


@pytest.mark.parametrize(
    ("share", "rating"),
    [
        (1.0, Rating.GOOD),
        (0.8, Rating.GOOD),
        (0.75, Rating.GOOD),
        (0.6, Rating.HARD),
        (0.5, Rating.HARD),
        (0.4, Rating.AGAIN),
        (0.0, Rating.AGAIN),
    ],
)
def test_rating_rule(share: float, rating: Rating) -> None:
    assert rating_for_share(share) == rating
    assert HARD_MIN_SHARE < GOOD_MIN_SHARE


# -- empty, hostile, deterministic ---------------------------------------------------


@pytest.mark.parametrize("response", ["", "   ", "\n\t", "...", "?!"])
def test_empty_answer_is_again(response: str) -> None:
    g = grade(DYING_RELU, response)
    assert g == Grade(False, Rating.AGAIN, "none", None, (), tuple(DYING_RELU.key_points), 0.0)  # type: ignore[union-attr]


def test_item_without_key_points_and_no_match_is_none() -> None:
    assert grade(NAME, "gradient clipping") == Grade(False, Rating.AGAIN, "none", None)


@pytest.mark.parametrize(
    "response",
    ["1e999999999", "9^999999", "10^-999999 x 10^999999", "√-4", "1/0", "0^-1", "2^0.5 " * 2000],
)
def test_hostile_numbers_are_graded_quickly_without_errors(response: str) -> None:
    grade(DYING_RELU, "warm the lemmatiser")  # loading its dictionary is not the work measured
    start = time.perf_counter()
    g = grade(GROWTH, response)
    assert g.correct is False
    assert time.perf_counter() - start < 2.0  # generous: a guard against blow-ups, not a benchmark


def test_a_huge_response_is_graded() -> None:
    g = grade(DYING_RELU, KP1 * 10_000)
    assert g.key_points_hit == (DYING_RELU.key_points[0],)  # type: ignore[union-attr]


def test_grading_is_deterministic() -> None:
    answer = " ".join([KP1, KP3])
    assert len({grade(DYING_RELU, answer) for _ in range(5)}) == 1


# -- normalisation ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Sigmoid.", "sigmoid"),
        ("  Leaky   ReLU ", "leaky relu"),
        ("pre-activation", "pre activation"),
        ("−3", "-3"),
        ("3 × 10^4", "3x10^4"),
        ("3*10^4", "3 x 10^4"),
        ("10⁻⁶", "10^-6"),
        ("4.0", "4"),
        ("0.50", ".5"),
        ("32,768", "32768"),
        ("１２", "12"),
        ("The sigmoid", "sigmoid"),
        ("an ELU", "ELU"),
    ],
)
def test_normalise_equates_variants(a: str, b: str) -> None:
    assert text_norm.normalise(a) == text_norm.normalise(b)


@pytest.mark.parametrize(
    ("a", "b"), [("a/b", "/b"), ("-3", "3"), ("5 - 3", "5 3"), ("0.125", "0.12"), ("10^-6", "10-6")]
)
def test_normalise_keeps_differences_that_matter(a: str, b: str) -> None:
    assert text_norm.normalise(a) != text_norm.normalise(b)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("0.125", 0.125),
        ("1/8", 0.125),
        ("√(2/128)", 0.125),
        ("2^15", 32768.0),
        ("3.3×10^4", 33000.0),
        ("1e-6", 1e-6),
        ("1 × 10⁻⁶", 1e-6),
        ("− 4", -4.0),
        ("one millionth", None),
        ("2 + 2", None),
        ("5 - 3", None),
        ("", None),
    ],
)
def test_numeric_value(text: str, value: float | None) -> None:
    got = text_norm.numeric_value(text)
    assert got == pytest.approx(value) if value is not None else got is None


def test_values_in_reads_each_expression_whole() -> None:
    assert text_norm.values_in("2^15 = 32768, not 2 x 15 = 30") == [
        32768.0,
        32768.0,
        2.0,
        15.0,
        30.0,
    ]


def test_concepts_keep_compounds_together() -> None:
    assert text_norm.concepts("The per-layer factors multiply; pre-activation normalisation") == [
        (("layer",), "perlayer"),
        (("factors",), None),
        (("multiply",), None),
        (("pre", "activation"), "preactivation"),
        (("normalization",), None),
    ]


def test_a_key_point_reads_signs_as_an_answer_does() -> None:
    """``6x − 1`` holds the number -1 in a key point as in an answer, so writing the
    formula covers the point (the key point used to be read word by word, as 1)."""
    assert ("-1",) in [parts for parts, _ in text_norm.concepts("Simplify to 6x − 1.")]
    assert key_point_covered("Simplify to 6x − 1.", text_norm.answer_words("f(g(x)) = 6x − 1"))
    assert not key_point_covered("Simplify to 6x − 1.", text_norm.answer_words("f(g(x)) = 6x + 2"))


def test_subscripts_in_a_key_point_are_not_numbers_to_find() -> None:
    point = "Substitute into y − y₁ = m(x − x₁): y − 5 = 3(x − 2)."
    assert ("1",) not in [parts for parts, _ in text_norm.concepts(point)]
    assert key_point_covered(point, text_norm.answer_words("Substitute: y − 5 = 3(x − 2)"))


def _bundled_short_answers() -> list[object]:
    found = []
    for path in sorted((Path(__file__).resolve().parents[1] / "content").rglob("*.yaml")):
        try:
            topic = Topic.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
        except Exception:
            continue
        found += [pytest.param(i, id=i.id) for i in topic.items if isinstance(i, ShortAnswer)]
    return found or [
        pytest.param(None, marks=pytest.mark.skip(reason="no bundled short answers yet"))
    ]


@pytest.mark.parametrize("bundled", _bundled_short_answers())
def test_bundled_items_grade_their_own_answers(bundled: ShortAnswer) -> None:
    """The model answer passes, each accepted answer is accepted, each wrong answer gets its own feedback."""
    model = grade(bundled, bundled.model_answer)
    assert model.correct, f"model answer graded {model.method}, missed {model.key_points_missed}"
    for answer in bundled.accepted_answers:
        assert grade(bundled, answer).method == "accepted", answer
    for wrong in bundled.wrong_answers:
        g = grade(bundled, wrong.answer)
        assert (g.correct, g.feedback) == (False, wrong.feedback), wrong.answer


# -- meaning, not just words ---------------------------------------------------------

BACKPROP_FACTOR = item(  # in the style of backpropagation-algorithm-q5
    id="factor",
    type="short_answer",
    approximate=True,
    model_answer="0.25^5 = 1/1024, roughly a thousandth.",
    accepted_answers=["1/1024", "0.25^5"],
    wrong_answers=[{"answer": "1.25", "feedback": "That adds; the factors multiply."}],
    key_points=["Each layer multiplies by 0.25", "Five layers give 1/1024"],
)
STEPS = item(
    id="steps",
    type="short_answer",
    ordered=True,
    model_answer="Forward pass, loss, backward pass, update.",
    key_points=[
        "Forward pass to compute predictions",
        "Loss that measures the error of the predictions",
        "Backward pass computing the gradients",
        "Update the parameters against the gradient",
    ],
)
CLIPPING = item(
    id="clipping",
    type="short_answer",
    model_answer="Clipping by global norm bounds the step and keeps its direction.",
    key_points=[
        "Clipping by global norm bounds the step and keeps its direction",
        "Detect exploding gradients by logging the global gradient norm",
    ],
)


@pytest.mark.parametrize(
    "response",
    [
        "one part in a thousand and twenty four",
        "2^-10",
        "0.000977",  # three significant figures
        "roughly 0.001",  # hedged, and the item allows approximations
        "about a thousandth",
    ],
)
def test_numbers_as_people_write_them(response: str) -> None:
    g = grade(BACKPROP_FACTOR, response)
    assert (g.correct, g.suggested_rating) == (True, Rating.GOOD), response


def test_a_hedged_number_needs_an_item_that_allows_it() -> None:
    strict = BACKPROP_FACTOR.model_copy(update={"approximate": False})  # type: ignore[union-attr]
    g = grade(strict, "roughly 0.001")
    assert not g.correct and g.unsure and g.doubt is not None


def test_a_denied_number_is_not_the_answer() -> None:
    g = grade(BACKPROP_FACTOR, "not 1/1024, it adds up over the five layers to 1.25")
    assert (g.correct, g.feedback) == (False, "That adds; the factors multiply.")
    assert grade(BACKPROP_FACTOR, "It is 1.25, not 1/1024").correct is False
    assert grade(BACKPROP_FACTOR, "It is 1/1024, not 1.25").correct is True


def test_a_number_inside_a_quoted_formula_is_not_the_answer() -> None:
    zero = item(
        id="relu-out",
        type="short_answer",
        model_answer="z = 0, and ReLU(0) = 0.",
        accepted_answers=["0"],
        wrong_answers=[{"answer": "1", "feedback": "Add the bias."}],
        key_points=["Add the bias to get z = 0", "Apply ReLU, max(0, z), giving 0"],
    )
    assert grade(zero, "add the bias and apply max(0, z): the output is 1").correct is False
    assert grade(zero, "the weighted sum is 1, the bias makes it 0, so ReLU gives 0").correct
    method_only = grade(zero, "multiply, add the bias to get z, then apply max(0, z)")
    assert method_only.suggested_rating <= Rating.HARD  # a method without its result


def test_a_negated_clause_contradicts_instead_of_covering() -> None:
    said = grade(CLIPPING, "Clip by the global norm: it bounds the step and keeps its direction.")
    assert said.key_points_hit == (CLIPPING.key_points[0],)  # type: ignore[union-attr]
    denied = grade(
        CLIPPING,
        "Clipping by global norm does not keep the direction of the step, and you cannot "
        "detect exploding gradients from the global gradient norm.",
    )
    assert denied.key_points_hit == ()
    assert denied.contradicted and denied.suggested_rating == Rating.AGAIN


def test_mixed_polarity_makes_the_grader_unsure() -> None:
    g = grade(
        CLIPPING,
        "Clipping by global norm bounds the step and keeps its direction, but logging the "
        "global gradient norm does not detect exploding gradients.",
    )
    assert g.unsure and g.key_points_hit and g.contradicted


def test_ordered_steps_out_of_order_lose_credit_and_are_named() -> None:
    right = grade(STEPS, "forward pass, compute the loss, backward pass for the gradients, update")
    assert right.suggested_rating == Rating.GOOD and not right.misplaced
    reversed_ = grade(STEPS, "update the parameters, backward pass, compute the loss, forward pass")
    assert reversed_.suggested_rating == Rating.AGAIN
    assert reversed_.misplaced and reversed_.feedback and "Out of order: step" in reversed_.feedback
    one_swap = grade(STEPS, "forward pass, backward pass, compute the loss, update the parameters")
    assert one_swap.suggested_rating == Rating.HARD and len(one_swap.misplaced) == 1
    unordered = STEPS.model_copy(update={"ordered": False})  # type: ignore[union-attr]
    assert not grade(unordered, "update the parameters, backward pass, compute the loss").misplaced


def test_topic_synonyms_cover_a_point_said_in_other_words() -> None:
    answer = "forward propagation, then the loss, then backprop, then the update"
    without = grade(STEPS, answer)
    with_synonyms = grade(
        STEPS, answer, [["forward pass", "forward propagation"], ["backward pass", "backprop"]]
    )
    assert len(with_synonyms.key_points_hit) > len(without.key_points_hit)


def test_lemmas_match_inflections() -> None:
    assert key_point_covered(
        "The gradients shrink with depth",
        text_norm.answer_words("the gradient shrank as depth grew"),
    )


# -- authors: lint and tutor grade ----------------------------------------------------

CHECKED_TOPIC = """\
id: steps
title: Training steps
level: undergraduate
core_idea: One training iteration has four steps.
explainer: x
synonyms:
  - [backward pass, backprop]
items:
  - id: steps-q1
    type: short_answer
    ordered: true
    prompt: List the four steps of one training iteration, in order.
    model_answer: Forward pass, then the loss, then the backward pass, then the update.
    accepted_answers: [forward, loss, backward, update]
    wrong_answers:
      - answer: forward pass, loss, backward pass, update
        feedback: That is the right order.
    key_points:
      - Forward pass to compute predictions
      - Loss that measures the error of the predictions
      - Backward pass computing the gradients
      - Update the parameters against the gradient
    check_answers:
      - answer: forward pass, loss, backprop, update
        verdict: correct
      - answer: update, backprop, loss, forward pass
        verdict: correct
    explanation: x
"""


def test_lint_grades_authors_answers_and_reports_disagreements_at_their_line(
    tmp_path: Path,
) -> None:
    from tutor.authoring.lint import lint_course
    from tutor.content.loader import load_course

    (tmp_path / "steps.yaml").write_text(CHECKED_TOPIC, encoding="utf-8")
    found = [f for f in lint_course(load_course([tmp_path])) if f.rule == "grader-disagrees"]
    lines = CHECKED_TOPIC.splitlines()
    flagged = {lines[f.location.line - 1].strip() for f in found}
    # A listed wrong answer that the grader passes, and a check answer judged otherwise.
    assert flagged == {
        "- answer: forward pass, loss, backward pass, update",
        "- answer: update, backprop, loss, forward pass",
    }, [str(f) for f in found]
    assert any("graded wrong, expected correct" in f.message for f in found)


def test_tutor_grade_prints_the_verdict_points_and_clauses(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tutor.cli import main

    (tmp_path / "steps.yaml").write_text(CHECKED_TOPIC, encoding="utf-8")
    code = main(
        ["grade", "steps-q1", "update, backprop, loss, forward pass", "--content", str(tmp_path)]
    )
    out = capsys.readouterr().out
    assert code == 0
    assert out.startswith("verdict: wrong (suggested rating: Again")
    assert "confidence: " in out
    assert "[out of order] Backward pass computing the gradients" in out
    assert "by: 'backward pass'" in out or "by: 'backprop'" in out
    assert main(["grade", "steps-q9", "x", "--content", str(tmp_path)]) != 0
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "unknown item 'steps-q9'" in err


@pytest.mark.parametrize(
    ("a", "b"),
    [("y = -2x + 2", "y = 2x + 2"), ("y = -x", "y = x"), ("e^-x", "e^x"), ("-x^2", "x^2")],
)
def test_a_minus_sign_before_a_term_is_kept(a: str, b: str) -> None:
    """Only a number used to keep its minus: "y = -2x + 2" read as "y = 2x + 2"."""
    assert text_norm.normalise(a) != text_norm.normalise(b)


def test_a_hyphen_between_words_still_joins_them() -> None:
    assert text_norm.normalise("pre-activation") == text_norm.normalise("pre activation")


@pytest.mark.parametrize(("a", "b"), [("thousands", "thousandths"), ("hundreds", "hundredths")])
def test_place_value_words_are_not_typos_of_their_fractions(a: str, b: str) -> None:
    """Two edits apart, opposite meanings: "the thousands place" is not "thousandths"."""
    from tutor.grading import words

    assert words.typo_distance(a, b) is None
    assert words.typo_distance("thousandths", "thousandth") == 1  # a real slip still is
