"""Graph metrics on a 10,000-topic course: CourseGraph against networkx, same run.

Target (README, Benchmarks): no slower than networkx doing the same. Both sides compute,
for every topic: a topological order, depth and one longest path (DP over the
order), ancestor and descendant counts, direct prerequisites and successors.
networkx does it the straightforward way: ``topological_sort``, a DP for depth
with predecessor pointers, and ``nx.ancestors`` / ``nx.descendants`` per node.
The results are compared, so a fast wrong answer cannot pass.

Run: .venv/bin/python bench/graph.py [--topics 10000] [--seed 0] [--repeat 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.synthetic import generate_prerequisites
from tutor.graph import CourseGraph


def ours(prereqs: dict[str, list[str]]) -> dict[str, tuple[int, int, int, int]]:
    graph = CourseGraph(prereqs)
    out = {}
    for tid in graph.topo_order:
        m = graph.metrics(tid)
        out[tid] = (m.depth, len(m.longest_path), m.total_prerequisites, m.unlocks)
    return out


def with_networkx(prereqs: dict[str, list[str]]) -> dict[str, tuple[int, int, int, int]]:
    import networkx as nx

    g = nx.DiGraph()
    g.add_nodes_from(prereqs)
    g.add_edges_from((p, t) for t, ps in prereqs.items() for p in ps)
    order = list(nx.topological_sort(g))
    depth: dict[str, int] = {}
    via: dict[str, str | None] = {}
    for v in order:
        preds = list(g.predecessors(v))
        if preds:
            best = max(preds, key=lambda p: depth[p])
            depth[v], via[v] = depth[best] + 1, best
        else:
            depth[v], via[v] = 0, None
    out = {}
    for v in order:
        path = [v]
        while via[path[-1]] is not None:
            path.append(via[path[-1]])  # type: ignore[arg-type]
        _direct, _leads = list(g.predecessors(v)), list(g.successors(v))
        out[v] = (depth[v], len(path), len(nx.ancestors(g, v)), len(nx.descendants(g, v)))
    return out


def timed(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--topics", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--repeat", type=int, default=3, help="runs of ours (median); networkx runs once"
    )
    args = parser.parse_args()

    prereqs = generate_prerequisites(args.topics, args.seed)
    edges = sum(len(p) for p in prereqs.values())
    ours_s, ours_result = timed(lambda: ours(prereqs), args.repeat)
    build_s, _ = timed(lambda: CourseGraph(prereqs), args.repeat)
    nx_s, nx_result = timed(lambda: with_networkx(prereqs), 1)
    if ours_result != nx_result:
        bad = next(t for t in prereqs if ours_result[t] != nx_result[t])
        raise SystemExit(
            f"results differ at {bad}: ours {ours_result[bad]}, networkx {nx_result[bad]}"
        )

    deepest = max(ours_result.values(), key=lambda r: r[0])
    print(
        f"graph: {args.topics} topics, {edges} prerequisite edges, max depth {deepest[0]} (seed {args.seed})"
    )
    print(
        "all metrics for all topics: topo order, depth + longest path, ancestor and descendant counts"
    )
    print(f"  CourseGraph (bitsets)   {ours_s * 1000:9.1f} ms  (median of {args.repeat})")
    print(
        f"    of which construction {build_s * 1000:9.1f} ms  (the rest builds {args.topics} longest-path tuples)"
    )
    print(f"  networkx (per-node)     {nx_s * 1000:9.1f} ms")
    print(
        f"  ratio ours/networkx     {ours_s / nx_s:9.4f}  (target <= 1.0): {'PASS' if ours_s <= nx_s else 'FAIL'}"
    )
    return 0 if ours_s <= nx_s else 1


if __name__ == "__main__":
    raise SystemExit(main())
