"""The prerequisite graph: the metrics a topic card shows, and goal paths.

Every metric for every topic comes out of two linear passes over a topological
order, so a 10,000-topic course costs milliseconds rather than one graph search
per topic:

- Kahn's algorithm with a heap keyed by file position gives a topological order
  that keeps file order wherever the prerequisites leave a choice, so study paths
  follow the order authors wrote topics in.
- Depth (longest path from a root, in edges) is a max over parents in that
  order; each topic remembers the parent its longest path comes through, so any
  longest path is a pointer chase, not a search.
- Ancestor and descendant sets are Python big-int bitsets indexed by topological
  position: a topic's ancestors are the OR of its parents' ancestors and the
  parents themselves. ``int.bit_count()`` gives the counts. Because bit *i* is
  the *i*-th topic in study order, reading a goal's bits from low to high is
  already a valid study order.
"""

from __future__ import annotations

import heapq
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tutor.content.course import Course


@dataclass(frozen=True)
class TopicMetrics:
    """What a topic card shows about a topic's place in the graph."""

    topic_id: str
    depth: int
    """Longest path from any root to this topic, in edges (a root has depth 0)."""
    longest_path: tuple[str, ...]
    """The topic ids of one longest path, root first, ending at this topic."""
    total_prerequisites: int
    """Number of ancestors: every topic this one builds on, directly or not."""
    direct_prerequisites: tuple[str, ...]
    leads_to: tuple[str, ...]
    """Direct successors: topics that list this one as a prerequisite."""
    unlocks: int
    """Number of descendants: every topic that builds on this one."""


def _bits(mask: int) -> Iterator[int]:
    """Positions of the set bits of ``mask``, lowest first.

    Going through ``bin()`` keeps the scan in C: one pass over the string, rather
    than a big-int operation per bit.
    """
    text = bin(mask)[:1:-1]  # least significant bit first, without the "0b"
    find = text.find
    i = find("1")
    while i != -1:
        yield i
        i = find("1", i + 1)


class CourseGraph:
    """The prerequisite DAG of a course with every metric precomputed.

    ``prerequisites`` maps every topic id (in file order) to the ids of its
    direct prerequisites; every prerequisite must itself be a key. Repeated
    prerequisites count once. A cycle or an unknown id raises ``ValueError``
    naming it (the content loader reports both with file positions first; this
    check keeps the graph from ever looping on input that skipped the loader).
    """

    def __init__(self, prerequisites: Mapping[str, Sequence[str]]) -> None:
        file_ids = list(prerequisites)
        parents_f, children_f = _edges_by_position(file_ids, prerequisites)
        order, indegree = _kahn_order(parents_f, children_f)
        if len(order) != len(file_ids):
            raise ValueError(self._describe_cycle(file_ids, parents_f, indegree))

        # From here on every topic is known by its topological position.
        topo_of = [0] * len(order)
        for t, v in enumerate(order):
            topo_of[v] = t
        ids = tuple(file_ids[v] for v in order)
        parents = [[topo_of[p] for p in parents_f[v]] for v in order]
        children = [[topo_of[c] for c in children_f[v]] for v in order]
        depth, via, ancestors = _depths_and_ancestors(parents)

        self.topo_order: tuple[str, ...] = ids
        """A topological order (prerequisites first) that keeps file order where free."""
        self._index = {tid: t for t, tid in enumerate(ids)}
        self._parents = parents
        self._children = children
        self._depth = depth
        self._via = via
        self._ancestors = ancestors
        self._descendants = _descendant_masks(children)

    @classmethod
    def from_course(cls, course: Course) -> CourseGraph:
        return cls({tid: topic.prerequisites for tid, topic in course.outline.items()})

    @staticmethod
    def _describe_cycle(ids: list[str], parents: list[list[int]], indegree: list[int]) -> str:
        """Spell out one cycle among the topics Kahn's algorithm could not place.

        Every unplaced topic still has an unplaced prerequisite, so following
        unplaced prerequisites from any of them must come back to a topic already
        on the walk: that repeat closes a cycle.
        """
        start = next(i for i, d in enumerate(indegree) if d > 0)
        walk: list[int] = []
        on_walk: dict[int, int] = {}
        v = start
        while v not in on_walk:
            on_walk[v] = len(walk)
            walk.append(v)
            v = next(p for p in parents[v] if indegree[p] > 0)
        cycle = walk[on_walk[v] :] + [v]
        return (
            "prerequisite cycle: "
            + " -> ".join(ids[i] for i in cycle)
            + " (each topic lists the next as a prerequisite)"
        )

    # -- lookups -------------------------------------------------------------

    def __len__(self) -> int:
        return len(self.topo_order)

    def __contains__(self, topic_id: object) -> bool:
        return topic_id in self._index

    def _pos(self, topic_id: str) -> int:
        try:
            return self._index[topic_id]
        except KeyError:
            raise KeyError(f"unknown topic '{topic_id}'") from None

    def _ids(self, positions: Sequence[int] | Iterator[int]) -> tuple[str, ...]:
        ids = self.topo_order
        return tuple(ids[t] for t in positions)

    def position(self, topic_id: str) -> int:
        """The topic's index in ``topo_order``: sorting by it gives a valid study order."""
        return self._pos(topic_id)

    def depth(self, topic_id: str) -> int:
        return self._depth[self._pos(topic_id)]

    def prerequisites(self, topic_id: str) -> tuple[str, ...]:
        """Direct prerequisites, in the order the topic lists them."""
        return self._ids(self._parents[self._pos(topic_id)])

    def successors(self, topic_id: str) -> tuple[str, ...]:
        """Topics that list this one as a direct prerequisite, in file order."""
        return self._ids(self._children[self._pos(topic_id)])

    def ancestors(self, topic_id: str) -> frozenset[str]:
        return frozenset(self._ids(_bits(self._ancestors[self._pos(topic_id)])))

    def descendants(self, topic_id: str) -> frozenset[str]:
        return frozenset(self._ids(_bits(self._descendants[self._pos(topic_id)])))

    def ancestor_count(self, topic_id: str) -> int:
        return self._ancestors[self._pos(topic_id)].bit_count()

    def descendant_count(self, topic_id: str) -> int:
        return self._descendants[self._pos(topic_id)].bit_count()

    def is_ancestor(self, ancestor: str, topic_id: str) -> bool:
        """Whether ``ancestor`` is a direct or indirect prerequisite of ``topic_id``."""
        return bool(self._ancestors[self._pos(topic_id)] >> self._pos(ancestor) & 1)

    def roots(self) -> tuple[str, ...]:
        """Topics without prerequisites, in topological order."""
        return self._ids(t for t, ps in enumerate(self._parents) if not ps)

    def longest_path(self, topic_id: str) -> tuple[str, ...]:
        """One longest path from a root to the topic, root first.

        Where two prerequisites are equally deep, the path goes through the one
        listed first, so the answer is stable across runs.
        """
        t = self._pos(topic_id)
        via = self._via
        path = [t]
        while via[t] != -1:
            t = via[t]
            path.append(t)
        path.reverse()
        return self._ids(path)

    def capstone(self) -> str:
        """The course's natural goal: of the topics connected to the most others
        (ancestors plus descendants), the deepest; the first in study order on a tie.

        Plain "deepest topic" would pick a follow-up that builds on the capstone (in the
        bundled course, weight initialisation sits one step past the vanishing gradient
        problem); counting connections keeps the whole main chain in the running, and
        depth then picks its end.
        """
        if not self.topo_order:
            raise ValueError("the course has no topics")
        ancestors, descendants, depth = self._ancestors, self._descendants, self._depth
        best = max(
            range(len(self.topo_order)),
            key=lambda t: (ancestors[t].bit_count() + descendants[t].bit_count(), depth[t], -t),
        )
        return self.topo_order[best]

    def metrics(self, topic_id: str) -> TopicMetrics:
        """The card's metrics, assembled from the precomputed passes.

        Not cached: the counts are one popcount each and the path one pointer
        chase, while keeping every topic's path would cost memory quadratic in
        depth on a long chain (a 10,000-topic chain holds 50 million ids).
        """
        t = self._pos(topic_id)
        return TopicMetrics(
            topic_id=topic_id,
            depth=self._depth[t],
            longest_path=self.longest_path(topic_id),
            total_prerequisites=self._ancestors[t].bit_count(),
            direct_prerequisites=self._ids(self._parents[t]),
            leads_to=self._ids(self._children[t]),
            unlocks=self._descendants[t].bit_count(),
        )

    def study_path(self, goal: str, done: Collection[str] = ()) -> list[str]:
        """Ancestors of goal (and goal) not in done, in a valid study order (prereqs first).

        Ids in ``done`` that the graph does not know are ignored: progress saved
        against an older version of a course must not break the path.
        """
        g = self._pos(goal)
        index = self._index
        skip = {index[tid] for tid in done if tid in index}
        ids = self.topo_order
        return [ids[t] for t in _bits(self._ancestors[g] | (1 << g)) if t not in skip]


def _edges_by_position(
    file_ids: list[str], prerequisites: Mapping[str, Sequence[str]]
) -> tuple[list[list[int]], list[list[int]]]:
    """Parents and children by file position; a repeated prerequisite counts once."""
    file_pos = {tid: i for i, tid in enumerate(file_ids)}
    parents: list[list[int]] = []
    children: list[list[int]] = [[] for _ in file_ids]
    for i, tid in enumerate(file_ids):
        seen: set[int] = set()
        ps: list[int] = []
        for pre in prerequisites[tid]:
            p = file_pos.get(pre)
            if p is None:
                raise ValueError(f"topic '{tid}' has an unknown prerequisite '{pre}'")
            if p not in seen:
                seen.add(p)
                ps.append(p)
                children[p].append(i)
        parents.append(ps)
    return parents, children


def _kahn_order(parents: list[list[int]], children: list[list[int]]) -> tuple[list[int], list[int]]:
    """Kahn's algorithm; the heap picks the earliest topic in file order among those whose
    prerequisites are all placed. A short order means a cycle (``indegree`` tells where)."""
    indegree = [len(ps) for ps in parents]
    heap = [i for i in range(len(parents)) if indegree[i] == 0]
    heapq.heapify(heap)
    order: list[int] = []
    while heap:
        v = heapq.heappop(heap)
        order.append(v)
        for c in children[v]:
            indegree[c] -= 1
            if indegree[c] == 0:
                heapq.heappush(heap, c)
    return order, indegree


def _depths_and_ancestors(parents: list[list[int]]) -> tuple[list[int], list[int], list[int]]:
    """Longest-path depth, the parent that path comes through (-1 for roots) and the
    ancestor bitmask of every topic, in one pass over a topological order."""
    n = len(parents)
    depth = [0] * n
    via = [-1] * n
    ancestors = [0] * n
    for t in range(n):
        ps = parents[t]
        if ps:
            best = ps[0]
            mask = 0
            for p in ps:
                if depth[p] > depth[best]:
                    best = p
                mask |= ancestors[p] | (1 << p)
            depth[t] = depth[best] + 1
            via[t] = best
            ancestors[t] = mask
    return depth, via, ancestors


def _descendant_masks(children: list[list[int]]) -> list[int]:
    descendants = [0] * len(children)
    for t in range(len(children) - 1, -1, -1):
        mask = 0
        for c in children[t]:
            mask |= descendants[c] | (1 << c)
        descendants[t] = mask
    return descendants
