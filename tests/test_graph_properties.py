"""Property tests: on random DAGs every graph metric equals a brute-force reference.

DAGs are drawn with edges only from lower to higher index (so they are acyclic
by construction) and then written in a shuffled file order, so the graph has to
find the topological order itself. The references search the graph from every
node separately, the slow obvious way the bitset passes must agree with.
"""

from __future__ import annotations

from collections.abc import Collection

from hypothesis import given, settings
from hypothesis import strategies as st

from tutor.graph import CourseGraph

Prereqs = dict[str, list[str]]


@st.composite
def dags(draw: st.DrawFn, max_nodes: int = 12) -> Prereqs:
    n = draw(st.integers(min_value=0, max_value=max_nodes))
    ids = [f"t{i}" for i in range(n)]
    prereqs: dict[str, list[str]] = {}
    for i, tid in enumerate(ids):
        earlier = list(range(i))
        chosen = (
            draw(st.lists(st.sampled_from(earlier), max_size=4, unique=True)) if earlier else []
        )
        prereqs[tid] = [ids[j] for j in chosen]
    order = draw(st.permutations(ids))
    return {tid: prereqs[tid] for tid in order}


def _children(prereqs: Prereqs) -> dict[str, list[str]]:
    children: dict[str, list[str]] = {t: [] for t in prereqs}
    for t, ps in prereqs.items():
        for p in ps:
            children[p].append(t)
    return children


def _reach(start: str, edges: dict[str, list[str]]) -> set[str]:
    seen: set[str] = set()
    stack = list(edges[start])
    while stack:
        v = stack.pop()
        if v not in seen:
            seen.add(v)
            stack.extend(edges[v])
    return seen


def _all_paths_to(target: str, prereqs: Prereqs) -> list[list[str]]:
    """Every path from a root to ``target``, by plain enumeration."""
    if not prereqs[target]:
        return [[target]]
    return [path + [target] for p in prereqs[target] for path in _all_paths_to(p, prereqs)]


@settings(max_examples=150, deadline=None)
@given(dags())
def test_every_metric_matches_brute_force(prereqs: Prereqs) -> None:
    graph = CourseGraph(prereqs)
    children = _children(prereqs)
    for t in prereqs:
        m = graph.metrics(t)
        ancestors = _reach(t, {k: list(dict.fromkeys(v)) for k, v in prereqs.items()})
        descendants = _reach(t, children)
        longest = max(len(p) for p in _all_paths_to(t, prereqs)) - 1
        assert graph.ancestors(t) == ancestors
        assert graph.descendants(t) == descendants
        assert m.total_prerequisites == len(ancestors)
        assert m.unlocks == len(descendants)
        assert m.depth == longest
        assert m.direct_prerequisites == tuple(prereqs[t])
        assert set(m.leads_to) == set(children[t]) and len(m.leads_to) == len(children[t])
        # The reported path is a real path of that length, from a root to t.
        path = m.longest_path
        assert len(path) == longest + 1 and path[-1] == t and prereqs[path[0]] == []
        for before, after in zip(path, path[1:]):
            assert before in prereqs[after]


@settings(max_examples=150, deadline=None)
@given(dags(max_nodes=20))
def test_topological_order_is_valid_and_stable(prereqs: Prereqs) -> None:
    order = CourseGraph(prereqs).topo_order
    assert sorted(order) == sorted(prereqs)
    position = {t: i for i, t in enumerate(order)}
    for t, ps in prereqs.items():
        assert all(position[p] < position[t] for p in ps)
    # Stable: a file order that is already valid is kept exactly.
    assert CourseGraph({t: prereqs[t] for t in order}).topo_order == order


@st.composite
def dag_goal_done(draw: st.DrawFn) -> tuple[Prereqs, str, set[str]]:
    prereqs = draw(dags(max_nodes=15).filter(bool))
    goal = draw(st.sampled_from(sorted(prereqs)))
    done = draw(st.sets(st.sampled_from(sorted(prereqs)) | st.just("not-a-topic")))
    return prereqs, goal, done


def _is_valid_study_order(path: list[str], prereqs: Prereqs, done: Collection[str]) -> bool:
    placed: set[str] = set(done)
    for t in path:
        if any(p not in placed and p in path for p in prereqs[t]):
            return False
        placed.add(t)
    return True


@settings(max_examples=200, deadline=None)
@given(dag_goal_done())
def test_study_path_is_exactly_the_undone_ancestors_in_order(
    case: tuple[Prereqs, str, set[str]],
) -> None:
    prereqs, goal, done = case
    path = CourseGraph(prereqs).study_path(goal, done)
    expected = (_reach(goal, prereqs) | {goal}) - done
    assert len(path) == len(set(path))
    assert set(path) == expected
    assert _is_valid_study_order(path, prereqs, done)


@settings(max_examples=100, deadline=None)
@given(dags(max_nodes=10).filter(lambda p: any(p.values())), st.data())
def test_a_back_edge_is_reported_as_a_real_cycle(prereqs: Prereqs, data: st.DataObject) -> None:
    # Close a cycle: make some prerequisite of t depend on t (or on a descendant of t).
    t = data.draw(st.sampled_from(sorted(k for k, v in prereqs.items() if v)))
    p = data.draw(st.sampled_from(prereqs[t]))
    bad = {k: list(v) for k, v in prereqs.items()}
    bad[p].append(t)
    try:
        CourseGraph(bad)
    except ValueError as exc:
        message = str(exc)
    else:
        raise AssertionError("a cycle was accepted")
    assert message.startswith("prerequisite cycle: ")
    cycle = message.removeprefix("prerequisite cycle: ").split(" (")[0].split(" -> ")
    assert cycle[0] == cycle[-1] and len(cycle) >= 2
    for topic, prerequisite in zip(cycle, cycle[1:]):
        assert prerequisite in bad[topic]
