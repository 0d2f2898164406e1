"""The prerequisite graph: every metric on hand-checked graphs, errors, the bundled chain."""

from __future__ import annotations

from pathlib import Path

import pytest

from tutor.content.course import Course
from tutor.content.schema import Topic
from tutor.graph import CourseGraph, TopicMetrics

CONTENT = Path(__file__).resolve().parents[1] / "content"

# counting -> adding -> multiplying -> powers
#          \-> comparing ------------/
# fractions needs multiplying and comparing; shapes stands alone.
SMALL = {
    "counting": [],
    "adding": ["counting"],
    "comparing": ["counting"],
    "multiplying": ["adding"],
    "fractions": ["comparing", "multiplying"],
    "powers": ["multiplying"],
    "shapes": [],
}


@pytest.fixture
def small() -> CourseGraph:
    return CourseGraph(SMALL)


def test_metrics_of_a_small_graph(small: CourseGraph) -> None:
    assert small.metrics("fractions") == TopicMetrics(
        topic_id="fractions",
        depth=3,
        longest_path=("counting", "adding", "multiplying", "fractions"),
        total_prerequisites=4,
        direct_prerequisites=("comparing", "multiplying"),
        leads_to=(),
        unlocks=0,
    )
    assert small.metrics("counting") == TopicMetrics(
        topic_id="counting",
        depth=0,
        longest_path=("counting",),
        total_prerequisites=0,
        direct_prerequisites=(),
        leads_to=("adding", "comparing"),
        unlocks=5,
    )
    m = small.metrics("multiplying")
    assert (m.depth, m.total_prerequisites, m.leads_to, m.unlocks) == (
        2,
        2,
        ("fractions", "powers"),
        2,
    )
    shapes = small.metrics("shapes")
    assert (shapes.depth, shapes.longest_path, shapes.total_prerequisites, shapes.unlocks) == (
        0,
        ("shapes",),
        0,
        0,
    )


def test_sets_and_lookups(small: CourseGraph) -> None:
    assert small.ancestors("fractions") == {"counting", "adding", "comparing", "multiplying"}
    assert small.descendants("adding") == {"multiplying", "fractions", "powers"}
    assert small.ancestors("counting") == frozenset()
    assert small.prerequisites("fractions") == ("comparing", "multiplying")
    assert small.successors("counting") == ("adding", "comparing")
    assert small.roots() == ("counting", "shapes")
    assert small.is_ancestor("counting", "powers") and not small.is_ancestor("comparing", "powers")
    assert (small.ancestor_count("powers"), small.descendant_count("comparing")) == (3, 1)
    assert len(small) == 7 and "powers" in small and "nope" not in small


def test_file_order_is_kept_where_prerequisites_allow(small: CourseGraph) -> None:
    assert small.topo_order == tuple(SMALL)
    # Written out of order: each topic still follows its prerequisites, and
    # among free topics the earliest in the file goes first.
    graph = CourseGraph({"c": ["b"], "x": [], "b": ["a"], "a": []})
    assert graph.topo_order == ("x", "a", "b", "c")
    assert [graph.position(t) for t in ("x", "a", "b", "c")] == [0, 1, 2, 3]


def test_longest_path_goes_through_the_first_listed_of_equally_deep_prerequisites() -> None:
    graph = CourseGraph({"r": [], "p": ["r"], "q": ["r"], "t": ["q", "p"]})
    assert graph.metrics("t").longest_path == ("r", "q", "t")
    # ...but a deeper prerequisite wins wherever it is listed.
    graph = CourseGraph({"r": [], "p": ["r"], "q": ["p"], "t": ["r", "q"]})
    assert graph.metrics("t").longest_path == ("r", "p", "q", "t")
    assert graph.depth("t") == 3


def test_repeated_prerequisites_count_once() -> None:
    graph = CourseGraph({"a": [], "b": ["a", "a"]})
    assert graph.prerequisites("b") == ("a",)
    assert graph.successors("a") == ("b",)
    assert graph.metrics("a").unlocks == 1


def test_study_path_skips_done_topics_and_keeps_order(small: CourseGraph) -> None:
    assert small.study_path("fractions", set()) == [
        "counting",
        "adding",
        "comparing",
        "multiplying",
        "fractions",
    ]
    assert small.study_path("fractions", {"counting", "adding"}) == [
        "comparing",
        "multiplying",
        "fractions",
    ]
    # Done topics are skipped even when their own prerequisites are not done.
    assert small.study_path("powers", {"adding"}) == ["counting", "multiplying", "powers"]
    assert small.study_path("powers", {"powers", "counting", "adding", "multiplying"}) == []
    assert small.study_path("shapes", ()) == ["shapes"]


def test_study_path_ignores_ids_the_course_no_longer_has(small: CourseGraph) -> None:
    assert small.study_path("adding", {"removed-topic", "counting"}) == ["adding"]


def test_unknown_topic_is_a_key_error(small: CourseGraph) -> None:
    with pytest.raises(KeyError, match="unknown topic 'nope'"):
        small.metrics("nope")
    with pytest.raises(KeyError, match="unknown topic 'nope'"):
        small.study_path("nope", ())


def test_unknown_prerequisite_is_named() -> None:
    with pytest.raises(ValueError, match=r"^topic 'b' has an unknown prerequisite 'c'$"):
        CourseGraph({"a": [], "b": ["a", "c"]})


def test_cycle_is_spelled_out_like_the_loader_does() -> None:
    with pytest.raises(ValueError) as info:
        CourseGraph({"a": ["c"], "b": ["a"], "c": ["b"], "free": []})
    assert (
        str(info.value)
        == "prerequisite cycle: a -> c -> b -> a (each topic lists the next as a prerequisite)"
    )


def test_self_prerequisite_is_a_cycle() -> None:
    with pytest.raises(ValueError, match=r"prerequisite cycle: a -> a "):
        CourseGraph({"a": ["a"]})


def test_cycle_behind_acyclic_topics_is_found() -> None:
    # "d" depends on a cycle but is not on it: the message must name only the cycle.
    with pytest.raises(ValueError) as info:
        CourseGraph({"root": [], "d": ["x"], "x": ["y", "root"], "y": ["x"]})
    assert str(info.value).startswith("prerequisite cycle: x -> y -> x ")


def test_empty_course() -> None:
    graph = CourseGraph({})
    assert graph.topo_order == () and len(graph) == 0 and graph.roots() == ()


def test_a_very_long_chain_needs_no_recursion() -> None:
    n = 5000
    graph = CourseGraph({f"t{i}": ([f"t{i - 1}"] if i else []) for i in range(n)})
    last = graph.metrics(f"t{n - 1}")
    assert last.depth == n - 1
    assert len(last.longest_path) == n and last.longest_path[0] == "t0"
    assert last.total_prerequisites == n - 1
    assert graph.metrics("t0").unlocks == n - 1
    assert graph.study_path(f"t{n - 1}", {f"t{i}" for i in range(n - 3)}) == [
        f"t{n - 3}",
        f"t{n - 2}",
        f"t{n - 1}",
    ]


def _topic(tid: str, prerequisites: list[str]) -> Topic:
    return Topic.model_validate(
        {
            "id": tid,
            "title": tid.title(),
            "level": "elementary",
            "prerequisites": prerequisites,
            "core_idea": "An idea.",
        }
    )


def test_from_course_uses_each_topics_prerequisites() -> None:
    course = Course(
        topics={t.id: t for t in [_topic("b", ["a"]), _topic("a", []), _topic("c", ["a", "b"])]}
    )
    graph = CourseGraph.from_course(course)
    assert graph.topo_order == ("a", "b", "c")
    assert graph.metrics("c").longest_path == ("a", "b", "c")
    assert graph.metrics("c").direct_prerequisites == ("a", "b")


def _bundled_course() -> Course:
    """The bundled course, which must load: a change of shape fails these tests, never
    skips them."""
    from tutor.content.loader import check_course

    course, errors = check_course([CONTENT])
    assert course is not None, f"the bundled course does not load: {errors[:3]}"
    assert len(course.topics) >= 68, f"the chain needs 68 topics, not {len(course.topics)}"
    return course


def test_bundled_chain_reaches_the_vanishing_gradient_problem_at_depth_67() -> None:
    course = _bundled_course()
    graph = CourseGraph.from_course(course)
    m = graph.metrics("vanishing-gradient-problem")
    assert m.depth == 67
    assert len(m.longest_path) == 68
    assert m.longest_path[0] == "counting-to-10"
    assert m.longest_path[-1] == "vanishing-gradient-problem"
    assert m.total_prerequisites == 90  # the 67 of the chain and 23 mathematics topics beside it
    # Every step of the chain lists the one before it first.
    for before, after in zip(m.longest_path, m.longest_path[1:]):
        assert course.topics[after].prerequisites[0] == before
    extras = {
        "exploding-gradients-and-gradient-clipping",
        "relu-and-its-variants",
        "weight-initialisation",
        "batch-normalisation",
        "residual-connections",
    }
    assert extras <= set(m.leads_to)
    for extra in extras:
        assert graph.metrics(extra).depth >= 68


def _synthetic():  # bench/ is not a package on the test path; load the generator by file
    import importlib.util

    path = Path(__file__).resolve().parents[1] / "bench" / "synthetic.py"
    spec = importlib.util.spec_from_file_location("bench_synthetic", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_synthetic_courses_are_deep_seeded_dags() -> None:
    synthetic = _synthetic()
    prereqs = synthetic.generate_prerequisites(2000, seed=3)
    assert prereqs == synthetic.generate_prerequisites(2000, seed=3)
    assert prereqs != synthetic.generate_prerequisites(2000, seed=4)
    position = {t: i for i, t in enumerate(prereqs)}
    counts = [len(ps) for ps in prereqs.values()]
    assert max(counts) == 4 and counts.count(0) < 2000 * 0.05
    assert all(position[p] < position[t] for t, ps in prereqs.items() for p in ps)
    graph = CourseGraph(prereqs)
    assert graph.topo_order == tuple(prereqs)
    assert max(graph.depth(t) for t in prereqs) > 200  # long chains, not a shallow random graph


def test_synthetic_course_as_yaml_loads_back(tmp_path: Path) -> None:
    from tutor.content.loader import load_course

    synthetic = _synthetic()
    paths = synthetic.write_course_yaml(tmp_path, 30, 95, seed=1)
    course = load_course([tmp_path])
    assert len(paths) == len(course.topics) == 30
    assert course.item_count == 95
    assert {type(i).__name__ for _, i in course.iter_items()} == {
        "MultipleChoice",
        "TrueFalse",
        "ShortAnswer",
    }
    in_memory = synthetic.generate_course(30, 95, seed=1)
    assert list(in_memory.topics) == list(course.topics)
    assert all(in_memory.topics[t] == course.topics[t] for t in course.topics)


def test_capstone_is_the_end_of_the_main_chain_not_a_deeper_follow_up() -> None:
    # a -> b -> c (the chain), then follow-ups c -> w and c -> x -> y
    graph = CourseGraph({"a": [], "b": ["a"], "c": ["b"], "w": ["c"], "x": ["c"], "y": ["x"]})
    assert max(graph.topo_order, key=graph.depth) == "y"
    # a, b and c each reach all 5 others, and c is the deepest of them; y reaches only its 4 ancestors
    assert graph.capstone() == "c"


def test_bundled_capstone_is_the_vanishing_gradient_problem() -> None:
    assert CourseGraph.from_course(_bundled_course()).capstone() == "vanishing-gradient-problem"
