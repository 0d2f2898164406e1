"""Placement: find where a newcomer's knowledge ends, and where it has holes.

The unknown is the frontier position ``k`` along the goal's longest path (the
learner knows the first ``k`` topics, bar holes, and not the rest), and each
topic below the frontier may be a hole. Each answer updates the exact posterior
with honest likelihoods: a known topic is answered rightly unless the learner
slips, an unknown one only by luck (the item's guess rate). So one wrong answer
low down reads as "a hole, or the frontier", and a second answer decides which.
The next question maximises the expected information gain about the frontier.

Placed topics get their posterior P(known), not a flat claim: those below
``placement_confirm_below`` are "placed, to confirm", and learning confirms each
with one item (most doubtful first). The goal's other prerequisites are placed
beside the path (see ``PlacementSession._beside_path``), and no one is placed above
their highest right answer.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Protocol

from tutor.content.schema import Item
from tutor.learner import bkt
from tutor.learner.config import LearnerConfig
from tutor.learner.grading import Grade
from tutor.learner.models import PlacementResult

if TYPE_CHECKING:
    from tutor.content.course import Course
    from tutor.graph import CourseGraph
    from tutor.learner.models import AnswerOutcome


class PlacementHost(Protocol):
    """What placement needs from the service (its public API): placement never imports it."""

    config: LearnerConfig
    graph: CourseGraph
    course: Course

    def record_answer(
        self,
        item_id: str,
        response: int | bool | str,
        *,
        rating: Any = ...,
        latency_ms: int | None = ...,
        source: str = ...,
    ) -> AnswerOutcome: ...

    def record_placement(
        self,
        goal: str,
        path: Sequence[str],
        frontier_index: int,
        *,
        questions: int,
        posterior: dict[str, float] | None = None,
    ) -> PlacementResult: ...


_CLAIM_FLOOR = 0.5
"""A topic is placed only if it is more likely known than not."""


def placement_item(item: Item, config: LearnerConfig) -> bool:
    """Items whose grading is exact and immediate, plus short answers with accepted answers.

    Short answers with accepted answers are matched after normalisation only
    (no key-point judgement), and a guess rarely hits them: with four-choice
    items alone, ten questions carry too little information to place 90% of
    learners within three topics on a 68-topic chain (about 80% in simulation).
    Predict items run an experiment per answer: too slow for a diagnostic.
    """
    return item.placement_eligible(config.placement_short_answers)


def _h(p: float) -> float:
    if p <= 0.0 or p >= 1.0:
        return 0.0
    return -(p * math.log2(p) + (1 - p) * math.log2(1 - p))


class PlacementSession:
    """One diagnostic run; answers are recorded as they come (source "placement").

    The hidden state is the frontier ``k`` along the goal's longest path (the first ``k``
    topics are learnt) plus holes: each topic below the frontier is unknown with prior
    ``placement_hole_rate``, independently. Given ``k``, the topics are independent, so the
    posterior over ``k`` and each topic's P(known) are exact sums over ``k`` (a forward pass
    of prefix products on the chain), O(path) per answer.
    """

    def __init__(
        self,
        service: PlacementHost,
        goal: str,
        *,
        max_questions: int = 10,
        resume: Sequence[tuple[str, bool]] = (),
    ) -> None:
        self._service = service
        cfg = service.config
        self.goal = goal
        self.path: tuple[str, ...] = service.graph.metrics(goal).longest_path
        self.max_questions = max_questions
        self.slip = cfg.placement_slip
        self.hole = cfg.placement_hole_rate
        self.confidence = cfg.placement_confidence
        self.tolerance = cfg.placement_tolerance
        self.window = cfg.placement_window
        n = len(self.path)
        self._lk = [1.0] * n
        """Likelihood of topic i's answers if the learner knows it."""
        self._lu = [1.0] * n
        """... and if they do not."""
        self.posterior = [1.0 / (n + 1)] * (n + 1)
        """posterior[k]: probability that the frontier is at k (the first k path topics learnt)."""
        self._candidates: list[list[tuple[float, str]]] = []
        for tid in self.path:
            guess = {
                item.id: bkt.item_guess(item, cfg) for item in service.course.outline[tid].items
            }
            topic = service.course.topics[tid]
            auto = [(guess[item.id], item.id) for item in topic.items if placement_item(item, cfg)]
            auto.sort()
            self._candidates.append(auto)
        self._guess = {item: g for c in self._candidates for g, item in c}
        self._position = {item: i for i, c in enumerate(self._candidates) for _g, item in c}
        self._used: set[str] = set()
        self._current: str | None = None
        self.questions = 0
        self.answers: list[tuple[str, bool]] = []
        self._result: PlacementResult | None = None
        for item_id, correct in resume:
            if item_id in self._position and item_id not in self._used:
                self.observe(item_id, correct)

    # -- the estimate ------------------------------------------------------------

    def _update_posterior(self) -> None:
        n = len(self.path)
        h = self.hole
        mixed = [(1 - h) * self._lk[i] + h * self._lu[i] for i in range(n)]
        tail = [1.0] * (n + 1)
        for i in range(n - 1, -1, -1):
            tail[i] = tail[i + 1] * self._lu[i]
        w = [0.0] * (n + 1)
        head = 1.0
        for k in range(n + 1):
            w[k] = head * tail[k]
            if k < n:
                head *= mixed[k]
        total = sum(w)
        if total <= 0:  # impossible only with slip 0 and guess 0: start over
            self.posterior = [1.0 / (n + 1)] * (n + 1)
        else:
            self.posterior = [x / total for x in w]

    def _beyond(self) -> list[float]:
        """beyond[i]: P(frontier > i), the chance the learner has passed path topic i."""
        out = []
        acc = 1.0
        for p in self.posterior[:-1]:
            acc -= p
            out.append(max(0.0, acc))
        return out

    def _not_hole(self, i: int) -> float:
        """P(path topic i is no hole | the frontier is beyond it, its answers)."""
        h = self.hole
        m = (1 - h) * self._lk[i] + h * self._lu[i]
        return (1 - h) * self._lk[i] / m if m > 0 else 0.0

    def known_probability(self) -> list[float]:
        """P(path topic i is known) given the answers: frontier above it, and not a hole."""
        return [b * self._not_hole(i) for i, b in enumerate(self._beyond())]

    def estimate(self) -> int:
        """The posterior median within the ``placement_window``-wide stretch holding the most
        posterior mass (the plain median for a window of 0).

        A wrong answer low down splits the posterior between "a hole" and "the frontier is
        here"; the median of the whole can fall between the two modes, near neither, while
        the median of the heavier stretch stays inside it (and at the path's ends, where a
        window is cut short, it stays at the end)."""
        post = self.posterior
        n = len(post)
        prefix = [0.0]
        for p in post:
            prefix.append(prefix[-1] + p)
        w = self.window

        def median(lo: int, hi: int) -> int:
            half = (prefix[lo] + prefix[hi]) / 2
            return next((k for k in range(lo, hi) if prefix[k + 1] >= half), hi - 1)

        if w == 0:
            return median(0, n)
        centre = median(0, n)

        def mass(k: int) -> tuple[float, int]:
            inside = prefix[min(n, k + w + 1)] - prefix[max(0, k - w)]
            return round(inside, 9), -abs(k - centre)

        best = max(range(n), key=mass)
        return median(max(0, best - w), min(n, best + w + 1))

    def confident(self) -> bool:
        k = self.estimate()
        lo, hi = max(0, k - self.tolerance), min(len(self.posterior), k + self.tolerance + 1)
        return sum(self.posterior[lo:hi]) >= self.confidence

    @property
    def done(self) -> bool:
        if self._result is not None:
            return True
        if self._current is not None:
            return False
        return self.questions >= self.max_questions or self.confident() or self._best() is None

    def _best(self) -> tuple[int, str] | None:
        """The question with the largest expected information gain about the frontier."""
        best: tuple[float, int, str] | None = None
        s = self.slip
        for i, (a, cands) in enumerate(zip(self._beyond(), self._candidates, strict=True)):
            known = self._not_hole(i)
            for g, item in cands:
                if item in self._used:
                    continue
                q_hi = known * (1 - s) + (1 - known) * g
                pc = a * q_hi + (1 - a) * g
                gain = _h(pc) - a * _h(q_hi) - (1 - a) * _h(g)
                if best is None or gain > best[0] + 1e-12:
                    best = (gain, i, item)
                break  # the least guessable unused item of this topic speaks for it
        if best is None or best[0] <= 1e-9:
            return None
        return best[1], best[2]

    # -- the session -------------------------------------------------------------

    def next_item(self) -> str | None:
        if self._current is not None:
            return self._current
        if self.done:
            return None
        best = self._best()
        if best is None:
            return None
        self._current = best[1]
        return self._current

    def answer(self, item_id: str, response: int | bool | str, **record: Any) -> Grade:
        """Record an answer (``record``: more of record_answer's keywords, as latency_ms)."""
        if item_id not in self._position:
            raise ValueError(f"item '{item_id}' is not a placement question for '{self.goal}'")
        outcome = self._service.record_answer(item_id, response, source="placement", **record)
        self.observe(item_id, outcome.grade.correct)
        return outcome.grade

    def observe(self, item_id: str, correct: bool) -> None:
        """Bayes' rule for one answer: it changes only its own topic's likelihoods."""
        i = self._position[item_id]
        g = self._guess[item_id]
        s = self.slip
        self._lk[i] *= (1 - s) if correct else s
        self._lu[i] *= g if correct else 1 - g
        self._update_posterior()
        self._used.add(item_id)
        self.questions += 1
        self.answers.append((item_id, correct))
        if self._current == item_id:
            self._current = None

    def placed(self, k: int) -> dict[str, float]:
        """Topics to mark known with their P(known): path topics below ``k`` that are more
        likely known than not, then the goal's other prerequisites the course places below the
        frontier (see :meth:`_beside_path`)."""
        p_known = self.known_probability()
        out: dict[str, float] = {}
        for i in range(k):
            if p_known[i] >= _CLAIM_FLOOR:
                out[self.path[i]] = round(p_known[i], 4)
        out.update(self._beside_path(k, set(out)))
        return out

    def _beside_path(self, k: int, placed: set[str]) -> dict[str, float]:
        """The goal's prerequisites off the path, known bar a hole if the frontier lies beyond
        them: ancestors of a placed path topic by their need, the rest by their depth.

        The path's topic at index ``i`` is ``i`` deep, so a topic the course places at depth
        ``d`` sits level with ``path[d]``: someone past it has gone beyond material of that
        level beside the chain too (mathematics a later chain topic builds on). That is a
        weaker inference than "a prerequisite of what they know", but the placed topics'
        confirmations test it: they come most doubtful first, one question each (where
        teaching a topic again costs a lesson and a dozen answers), and a learner for whom
        such topics turn out unknown keeps the hole rate high, so all of them get asked.
        """
        graph = self._service.graph
        on_path = set(self.path)
        prior = 1.0 - self.hole
        beyond = self._beyond()
        out: dict[str, float] = {}
        needed: dict[str, int] = {}
        for i in range(k):
            for a in graph.ancestors(self.path[i]):
                needed.setdefault(a, i)
        for tid in graph.ancestors(self.goal):
            if tid in placed or tid in on_path:
                continue
            if tid in needed:
                p = beyond[needed[tid]] * prior
            elif graph.depth(tid) < k:
                p = beyond[graph.depth(tid)] * prior
            else:
                continue
            if round(p, 4) >= _CLAIM_FLOOR:
                out[tid] = round(p, 4)
        return out

    def _highest_right(self) -> int:
        """The highest path position answered rightly in this session (-1: none)."""
        return max((self._position[i] for i, ok in self.answers if ok), default=-1)

    def finish(self) -> PlacementResult:
        """Record the placement (placed topics with their posterior) and return it."""
        if self._result is not None:
            return self._result
        self._current = None
        # With no answers the posterior is the prior: assume nothing rather than half the path.
        # Nor beyond the highest right answer: placement assumes frequent slips, so a learner
        # who got everything wrong low down must not be placed above it on the prior alone.
        k = min(self.estimate(), self._highest_right() + 1) if self.questions else 0
        placed = self.placed(k) if self.questions else {}
        self._result = self._service.record_placement(
            self.goal, self.path, k, questions=self.questions, posterior=placed
        )
        return self._result
