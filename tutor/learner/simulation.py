"""Synthetic learners run through the real engine, to measure what adaptivity buys.

Each simulated learner knows a prefix of the goal's longest path (the chain)
and the ancestors of what they know, and nothing else. They answer with a slip
rate when they know a topic and at the item's guess rate when they do not
(1/choices for multiple choice, 1/2 for true/false, never for short answers),
and they learn a topic after a few practice answers on it.

Every learner goes through :class:`~tutor.learner.service.TutorService` on an
in-memory store, so the figures measure the engine the app ships, not a model
of it: the placement flow then the learn flow (adaptive), the very flows the
app drives, against the learn flow alone with no placement, which starts at
step 1 and goes through every topic in order with the same mastery rule (linear).
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from tutor.content.course import Course
from tutor.content.schema import Item, Topic
from tutor.errors import UserError
from tutor.graph import CourseGraph
from tutor.items.kinds import KINDS, guess_rate
from tutor.learner.config import LearnerConfig
from tutor.learner.flows import (
    Attempt,
    Flow,
    LearnFlow,
    LessonStep,
    PlacementDone,
    PlacementFlow,
    QuestionStep,
)
from tutor.learner.grading import Rating
from tutor.learner.models import DONE_STATUSES
from tutor.learner.service import TutorService
from tutor.learner.store import MEMORY, ProgressStore

SLIP = 0.1
LEARN_AFTER = 3
"""Practice answers on a topic after which the simulated learner knows it."""
SECONDS_PER_ANSWER = 30
MAX_ANSWERS = 5000
"""A safety stop: a run that has not reached the goal by then is reported as such."""
WINDOW = 3
"""The placement target: the estimate within this many topics of the truth."""
START = dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.UTC)


class SimClock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> dt.datetime:
        return self.now

    def tick(self, seconds: float = SECONDS_PER_ANSWER) -> None:
        self.now += dt.timedelta(seconds=seconds)


@dataclass
class SimLearner:
    knows: set[str]
    rng: random.Random
    slip: float = SLIP
    learn_after: int = LEARN_AFTER
    practice: dict[str, int] = field(default_factory=dict)

    def respond(self, topic_id: str, item: Item) -> tuple[Any, Rating | None]:
        """A response (and, for short answers, the rating the learner would confirm)."""
        known = topic_id in self.knows
        rng = self.rng
        luck = guess_rate(item.type, len(getattr(item, "choices", ())), 0.0)
        if known:
            right = rng.random() >= self.slip
        else:  # no draw when luck cannot help: a typed answer is not guessed
            right = luck > 0 and rng.random() < luck
        response = item.simulated_response(right, rng)
        # the learner confirms a free-text rating: right answers as Good, others as Again
        rating = (
            (Rating.GOOD if right else Rating.AGAIN) if KINDS[item.type].confirms_rating else None
        )
        self.practice[topic_id] = self.practice.get(topic_id, 0) + 1
        if self.practice[topic_id] >= self.learn_after:
            self.knows.add(topic_id)
        return response, rating


@dataclass(frozen=True)
class RunResult:
    true_frontier: int
    estimated_frontier: int | None
    placement_questions: int
    items: int
    """Answers until the goal was mastered (placement questions included)."""
    reached_goal: bool


def _learner(graph: CourseGraph, path: tuple[str, ...], k: int, rng: random.Random) -> SimLearner:
    knows: set[str] = set()
    if k > 0:
        knows = set(graph.ancestors(path[k - 1])) | {path[k - 1]}
    return SimLearner(knows=knows, rng=rng)


def run_learner(
    course: Course,
    goal: str,
    k: int,
    *,
    seed: int,
    adaptive: bool,
    config: LearnerConfig | None = None,
    graph: CourseGraph | None = None,
) -> RunResult:
    """One learner who knows the first ``k`` topics of the goal's longest path, from a fresh store."""
    clock = SimClock()
    service = TutorService(course, ProgressStore(MEMORY, durable=False), clock=clock, config=config)
    graph = service.graph
    path = graph.metrics(goal).longest_path
    learner = _learner(graph, path, k, random.Random(seed))
    topic_of = course.topic_of
    service.set_goal(goal)

    def answer(flow: Flow, item_id: str) -> None:
        response, rating = learner.respond(topic_of(item_id).id, course.item(item_id))
        flow.answer(Attempt(response, rating=rating))
        clock.tick()

    answers = 0
    estimate: int | None = None
    questions = 0
    if adaptive:
        placement = PlacementFlow(service, goal)
        while isinstance(step := placement.next_step(), QuestionStep):
            answer(placement, step.item_id)
            answers += 1
        assert isinstance(step, PlacementDone)
        estimate, questions = step.result.frontier_index, step.result.questions
    reached = service.topic_state(goal).status in DONE_STATUSES
    learn = LearnFlow(service)
    while not reached and answers < MAX_ANSWERS:
        step = learn.next_step()
        if isinstance(step, LessonStep):
            learn.lesson_read()
            clock.tick(60)
            continue
        if not isinstance(step, QuestionStep):
            break
        answer(learn, step.item_id)
        answers += 1
        reached = service.topic_state(goal).status in DONE_STATUSES
    service.close()
    return RunResult(k, estimate, questions, answers, reached)


@dataclass
class SimulationReport:
    goal: str
    path_length: int
    learners: int
    seed: int
    placement_within_window: float
    """Share of learners whose estimated frontier is within WINDOW topics of the truth."""
    placement_mean_abs_error: float
    placement_error_p90: float
    placement_questions_mean: float
    placement_questions_max: int
    items_adaptive_mean: float
    items_linear_mean: float
    items_ratio: float
    """Linear items / adaptive items, averaged over all learners (means' ratio)."""
    prefix_probe: int
    """Learners who know this many chain topics are run separately for the headline ratio."""
    probe_items_adaptive_mean: float
    probe_items_linear_mean: float
    probe_ratio: float
    unfinished_runs: int
    window: int = WINDOW

    def as_dict(self) -> dict[str, object]:
        return asdict(self)

    @property
    def meets_targets(self) -> bool:
        return (
            self.placement_within_window >= 0.9
            and self.placement_questions_max <= 10
            and self.probe_ratio >= 5.0
        )


def _placement_runs(
    course: Course,
    goal: str,
    n: int,
    learners: int,
    seed: int,
    config: LearnerConfig | None,
    tick: Callable[[], None],
) -> tuple[list[int], list[int], list[int], list[int], int]:
    """Learners with frontiers drawn uniformly along the path, each run adaptively and
    linearly: placement errors, placement questions, items both ways, unfinished runs."""
    rng = random.Random(seed)
    errors: list[int] = []
    questions: list[int] = []
    adaptive_items: list[int] = []
    linear_items: list[int] = []
    unfinished = 0
    for i in range(learners):
        k = rng.randint(0, n)
        a = run_learner(course, goal, k, seed=seed * 1_000_003 + i, adaptive=True, config=config)
        b = run_learner(course, goal, k, seed=seed * 1_000_003 + i, adaptive=False, config=config)
        assert a.estimated_frontier is not None
        errors.append(abs(a.estimated_frontier - k))
        questions.append(a.placement_questions)
        adaptive_items.append(a.items)
        linear_items.append(b.items)
        unfinished += (not a.reached_goal) + (not b.reached_goal)
        tick()
    return errors, questions, adaptive_items, linear_items, unfinished


def _probe_runs(
    course: Course,
    goal: str,
    probe: int,
    first_seed: int,
    probe_learners: int,
    config: LearnerConfig | None,
    tick: Callable[[], None],
) -> tuple[float, float, int]:
    """Mean items to the goal, adaptive and linear, for learners who know the first
    ``probe`` topics, and how many of their runs did not finish."""
    pa: list[int] = []
    pl: list[int] = []
    unfinished = 0
    for j in range(probe_learners):
        s = first_seed + j
        a = run_learner(course, goal, probe, seed=s, adaptive=True, config=config)
        b = run_learner(course, goal, probe, seed=s, adaptive=False, config=config)
        pa.append(a.items)
        pl.append(b.items)
        unfinished += (not a.reached_goal) + (not b.reached_goal)
        tick()
    pad = statistics.fmean(pa) if pa else 0.0
    pli = statistics.fmean(pl) if pl else 0.0
    return pad, pli, unfinished


def simulate(
    course: Course,
    goal: str,
    *,
    learners: int = 200,
    seed: int = 0,
    probe_prefix: int = 60,
    probe_learners: int = 20,
    config: LearnerConfig | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> SimulationReport:
    if goal not in course.topics:
        raise UserError(f"unknown goal topic '{goal}'")
    if learners < 1:
        raise UserError("simulate needs at least one learner")
    graph = CourseGraph.from_course(course)
    n = len(graph.metrics(goal).longest_path)
    total = learners + probe_learners
    done = 0

    def tick() -> None:
        nonlocal done
        done += 1
        if progress:
            progress(done, total)

    errors, questions, adaptive_items, linear_items, unfinished = _placement_runs(
        course, goal, n, learners, seed, config, tick
    )
    probe = min(probe_prefix, n)
    pad, pli, probe_unfinished = _probe_runs(
        course, goal, probe, seed * 1_000_003 + learners, probe_learners, config, tick
    )
    errors_sorted = sorted(errors)
    ad, li = statistics.fmean(adaptive_items), statistics.fmean(linear_items)
    return SimulationReport(
        goal=goal,
        path_length=n,
        learners=learners,
        seed=seed,
        placement_within_window=sum(e <= WINDOW for e in errors) / len(errors),
        placement_mean_abs_error=statistics.fmean(errors),
        placement_error_p90=float(errors_sorted[min(len(errors) - 1, int(0.9 * len(errors)))]),
        placement_questions_mean=statistics.fmean(questions),
        placement_questions_max=max(questions),
        items_adaptive_mean=ad,
        items_linear_mean=li,
        items_ratio=li / ad if ad else float("inf"),
        prefix_probe=probe,
        probe_items_adaptive_mean=pad,
        probe_items_linear_mean=pli,
        probe_ratio=pli / pad if pad else float("inf"),
        unfinished_runs=unfinished + probe_unfinished,
    )


def default_goal(course: Course) -> str:
    """The goal the app offers a newcomer: the course's capstone."""
    graph = CourseGraph.from_course(course)
    if not len(graph):
        raise UserError("the course has no topics")
    return graph.capstone()


def _chain_item(
    rng: random.Random, tid: str, i: int, k: int, short_answers: bool
) -> dict[str, object]:
    """Item ``k`` of chain step ``i``: short answer third (if asked for), else multiple
    choice and true/false in turn."""
    iid = f"{tid}-q{k + 1}"
    if k == 2 and short_answers:
        return {
            "id": iid,
            "type": "short_answer",
            "prompt": f"Name the idea of step {i + 1}.",
            "explanation": "Because.",
            "model_answer": f"The idea is answer {i + 1}.",
            "accepted_answers": [f"answer {i + 1}"],
            "key_points": [f"answer {i + 1}"],
        }
    if k % 2 == 0:
        right = rng.randrange(4)
        return {
            "id": iid,
            "type": "multiple_choice",
            "prompt": f"Question {k + 1} on step {i + 1}?",
            "explanation": "Because.",
            "choices": [{"text": f"Option {c}", "correct": c == right} for c in range(4)],
        }
    return {
        "id": iid,
        "type": "true_false",
        "prompt": f"Statement {k + 1} on step {i + 1}.",
        "explanation": "Because.",
        "answer": rng.random() < 0.5,
    }


def _chain_topic(
    rng: random.Random, ids: list[str], i: int, n_items: int, short_answers: bool
) -> Topic:
    """Chain step ``i``, requiring the step before it."""
    tid = ids[i]
    return Topic.model_validate(
        {
            "id": tid,
            "title": f"Step {i + 1}",
            "level": "elementary",
            "prerequisites": [ids[i - 1]] if i else [],
            "core_idea": f"Idea {i + 1}.",
            "explainer": f"Lesson {i + 1}.",
            "tags": ["chain", f"tag-{i % 5}"],
            "items": [_chain_item(rng, tid, i, k, short_answers) for k in range(n_items)],
        }
    )


def _extra_topic(j: int, anchor: str) -> Topic:
    """Off-chain topic ``j``, requiring ``anchor``; one true/false item."""
    return Topic.model_validate(
        {
            "id": f"extra-{j + 1:02d}",
            "title": f"Extra {j + 1}",
            "level": "elementary",
            "prerequisites": [anchor],
            "core_idea": "Extra.",
            "explainer": "Extra lesson.",
            "items": [
                {
                    "id": f"extra-{j + 1:02d}-q1",
                    "type": "true_false",
                    "prompt": "True?",
                    "explanation": "Yes.",
                    "answer": True,
                }
            ],
        }
    )


def synthetic_chain_course(
    n_topics: int = 68,
    seed: int = 0,
    extras: int = 0,
    short_answers: bool = True,
    items_per_topic: int | None = None,
) -> Course:
    """A chain of ``n_topics`` topics (each builds on the one before) with 3-4 items each.

    Items alternate multiple choice (four options) and true/false; with
    ``short_answers`` the third is a short answer with an accepted answer, as in
    the bundled course, where every topic has one.

    ``items_per_topic`` overrides the 3-4 (the evidence rules need several distinct items
    per topic to master it in one day, as the bundled course's 5-6 allow).

    ``extras`` adds topics off the chain (each requiring a random chain topic) so the
    graph is a DAG rather than a line. For tests and for simulating without content.
    """
    rng = random.Random(seed)
    ids = [f"step-{i + 1:02d}" for i in range(n_topics)]
    topics = [
        _chain_topic(rng, ids, i, items_per_topic or 3 + (i % 2), short_answers)
        for i in range(n_topics)
    ]
    for j in range(extras):
        topics.append(_extra_topic(j, ids[rng.randrange(n_topics)]))
    return Course(topics={t.id: t for t in topics})
