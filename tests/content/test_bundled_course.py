"""The bundled course: the whole chain, enough items, clean under strict lint."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from tutor.authoring.lint import lint_course
from tutor.cli import main
from tutor.content.course import Course
from tutor.content.loader import load_course
from tutor.content.schema import ShortAnswer
from tutor.graph import CourseGraph

ROOT = Path(__file__).resolve().parents[2]
CHAIN_FILE = ROOT.parent / "shared" / "prerequisite-chain.txt"
DEEP = {
    "linear-regression-in-machine-learning",
    "neural-network-fundamentals",
    "backpropagation-algorithm",
    "multilayer-perceptrons",
    "vanishing-gradient-problem",
    "exploding-gradients-and-gradient-clipping",
    "relu-and-its-variants",
    "weight-initialisation",
    "batch-normalisation",
    "residual-connections",
}
MATHEMATICS = {
    # Beside the chain: the arithmetic, calculus, linear algebra, statistics and
    # numerics the chain's lessons use without teaching.
    "subtraction-within-20",
    "negative-numbers",
    "fractions-as-parts-of-a-whole",
    "exponents-and-powers",
    "scientific-notation",
    "floating-point-numbers",
    "vectors-and-the-dot-product",
    "matrices",
    "matrix-vector-products",
    "matrix-multiplication",
    "functions-and-rates-of-change",
    "limits-informal",
    "the-derivative",
    "derivative-rules",
    "the-chain-rule",
    "partial-derivatives-and-the-gradient",
    "the-number-e-and-exponential-growth",
    "logarithms",
    "derivatives-of-exp-log-and-sigmoid",
    "mean-variance-and-standard-deviation",
    "variance-of-sums-and-products",
    "probability-basics",
    "uniform-and-normal-distributions",
}


@pytest.fixture(scope="module")
def course() -> Course:
    return load_course([ROOT / "content"])


def test_validate_prints_summary(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(ROOT / "content")]) == 0
    out = capsys.readouterr().out.strip()
    topics, items = int(out.split()[0]), int(out.split()[2])
    assert out.endswith("items OK") and topics >= 100 and items >= 650


def test_validating_one_file_points_at_its_course_folder(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """An author checking the file they edit learns why its prerequisites are unknown."""
    monkeypatch.chdir(ROOT)
    assert main(["validate", "content/deep-learning/relu-and-its-variants.yaml"]) == 1
    captured = capsys.readouterr()
    assert "unknown prerequisite 'vanishing-gradient-problem'" in captured.out
    assert captured.err.splitlines()[-1] == (
        "hint: only the named files were loaded; to resolve prerequisites, validate the whole course: "
        "tutor validate content"
    )


def test_longest_path_is_the_68_topic_chain(course: Course) -> None:
    metrics = CourseGraph.from_course(course).metrics("vanishing-gradient-problem")
    assert metrics.depth == 67
    titles = [course.topics[t].title for t in metrics.longest_path]
    if CHAIN_FILE.exists():
        chain = [
            line.strip()
            for line in CHAIN_FILE.read_text().splitlines()
            if line.strip() and not line.startswith("#")
        ]
        assert titles == chain
    assert len(titles) == 68
    assert set(course.topics["vanishing-gradient-problem"].prerequisites) == {
        "backpropagation-algorithm",
        "multilayer-perceptrons",
    }


# (what a lesson uses, the topic that teaches it)
USES = [
    ("division-repeated-subtraction-model", "subtraction-within-20"),
    ("integer-order-of-operations", "negative-numbers"),
    ("equivalent-fractions", "fractions-as-parts-of-a-whole"),
    ("order-of-operations", "exponents-and-powers"),
    ("linear-regression-in-machine-learning", "the-derivative"),
    ("linear-regression-in-machine-learning", "partial-derivatives-and-the-gradient"),
    ("backpropagation-algorithm", "the-chain-rule"),
    ("backpropagation-algorithm", "derivatives-of-exp-log-and-sigmoid"),
    ("neural-network-fundamentals", "matrix-multiplication"),
    ("neural-network-fundamentals", "logarithms"),  # binary cross-entropy is taught there
    ("vanishing-gradient-problem", "floating-point-numbers"),  # the float32 argument
    ("exploding-gradients-and-gradient-clipping", "floating-point-numbers"),
    ("weight-initialisation", "variance-of-sums-and-products"),
    ("batch-normalisation", "mean-variance-and-standard-deviation"),
    ("expected-value", "probability-basics"),
    ("weight-initialisation", "uniform-and-normal-distributions"),
]


def test_the_mathematics_comes_before_the_lessons_that_use_it(course: Course) -> None:
    graph = CourseGraph.from_course(course)
    for lesson, maths in USES:
        assert maths in graph.ancestors(lesson), (lesson, maths)


def test_the_mathematics_joins_beside_the_chain(course: Course) -> None:
    """Off the longest path, yet under the capstone: its card counts every one of them,
    and the capstone stays the topic connected to the most others."""
    graph = CourseGraph.from_course(course)
    capstone = graph.metrics("vanishing-gradient-problem")
    assert MATHEMATICS.isdisjoint(capstone.longest_path)
    assert set(graph.ancestors("vanishing-gradient-problem")) >= MATHEMATICS
    assert capstone.total_prerequisites == 67 + len(MATHEMATICS)
    assert graph.capstone() == "vanishing-gradient-problem"


def test_two_division_as_equal_sharing_topics(course: Course) -> None:
    same = [t.id for t in course.topics.values() if t.title == "Division as Equal Sharing"]
    assert len(same) == 2 and len(set(same)) == 2


def test_every_topic_is_complete(course: Course) -> None:
    for topic in course.topics.values():
        assert topic.explainer.strip() and topic.core_idea.strip(), topic.id
        kinds = Counter(type(i) for i in topic.items)
        if topic.id in DEEP:
            assert len(topic.items) >= 8, topic.id
            types = {"multiple_choice", "true_false", "short_answer", "predict"}
            assert types <= {i.type for i in topic.items}, topic.id
            assert topic.show_me and topic.how_best_learned and topic.tags, topic.id
        elif topic.id in MATHEMATICS:
            assert len(topic.items) >= 9, topic.id
            types = {i.type for i in topic.items}
            assert {"multiple_choice", "true_false"} <= types, topic.id
            assert types & {"short_answer", "numeric"}, topic.id
            assert topic.how_best_learned and topic.tags, topic.id
        else:
            assert len(topic.items) >= 3, topic.id
            assert len(kinds) >= 2, topic.id


def test_every_deep_learning_topic_has_a_predict_then_run_item(course: Course) -> None:
    for path in sorted((ROOT / "content" / "deep-learning").glob("*.yaml")):
        topic = course.topics[path.stem]
        assert any(i.type == "predict" for i in topic.items), topic.id


def test_vanishing_gradient_topic_has_interview_answer(course: Course) -> None:
    topic = course.topics["vanishing-gradient-problem"]
    assert len(topic.items) >= 15
    assert any(isinstance(i, ShortAnswer) and i.interview for i in topic.items)


def test_short_answers_have_three_to_five_key_points(course: Course) -> None:
    for _, item in course.iter_items():
        if isinstance(item, ShortAnswer):
            assert 3 <= len(item.key_points) <= 5, item.id


def test_lint_strict_is_clean(course: Course) -> None:
    findings = lint_course(course)
    assert [str(f) for f in findings] == []
