"""Simulated learners that can prove the engine wrong, and the figures they produce.

:mod:`tutor.learner.simulation` measures placement and efficiency with one kind
of learner: knows a prefix of the goal's path, slips at 0.1, learns after three
answers. Real learners are less tidy, so these models are built to catch the
engine out:

- ``prefix``: that tidy learner, for comparison;
- ``slip``: the same, with a slip rate drawn from 0.05-0.2 per learner;
- ``holes``: variable slip, and each topic below the frontier is a hole (unknown)
  with probability 0.1; placement must not credit holes and learning must find them;
- ``memoriser``: never learns a topic, but recalls the answer the feedback just
  revealed (fading with a one-hour half-life): repeats must not count as mastery;
- ``guesser``: never learns, answers at chance.

Every learner goes through the app's own flows (placement, then learn, as `n` runs
it) on a :class:`~tutor.learner.service.TutorService` with an in-memory store, and
studies in daily sessions (``minutes_per_day``), so review windows and spacing
happen as they would for a person.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import random
import statistics
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from tutor.content.course import Course
from tutor.content.schema import Item, MultipleChoice, TrueFalse
from tutor.errors import UserError
from tutor.graph import CourseGraph
from tutor.learner.config import LearnerConfig
from tutor.learner.flows import (
    Attempt,
    Finished,
    LearnFlow,
    LessonStep,
    PlacementDone,
    PlacementFlow,
    QuestionStep,
    Step,
)
from tutor.learner.grading import Rating
from tutor.learner.models import DONE_STATUSES, TopicStatus
from tutor.learner.service import TutorService
from tutor.learner.store import MEMORY, ProgressStore

START = dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.UTC)
SECONDS_PER_ANSWER = 30.0
SECONDS_PER_LESSON = 90.0
LEARN_AFTER = 3
HOLE_RATE = 0.1
SLIP_RANGE = (0.05, 0.2)
MEMORY_HALF_LIFE = 3600.0
"""A memoriser recalls a revealed answer with probability 1/2 ** (elapsed / this)."""
WINDOW = 3
FIRST_ITEMS = 100
"""Holes must be taught or confirmed within this many learning answers after placement."""
MODELS = ("prefix", "slip", "holes", "memoriser", "guesser")


class SimClock:
    """Study time advances per activity; a session ends after ``minutes_per_day``, and the
    next starts the following day at the same hour."""

    def __init__(self, minutes_per_day: float) -> None:
        self.now = START
        self.session_start = START
        self.budget = minutes_per_day * 60.0
        self.study_seconds = 0.0

    def __call__(self) -> dt.datetime:
        return self.now

    def next_session(self) -> None:
        self.session_start += dt.timedelta(days=1)
        self.now = self.session_start

    def tick(self, seconds: float) -> None:
        self.now += dt.timedelta(seconds=seconds)
        self.study_seconds += seconds
        if (self.now - self.session_start).total_seconds() >= self.budget:
            self.session_start += dt.timedelta(days=1)
            self.now = self.session_start


@dataclass
class SimLearner:
    """A learner with a hidden knowledge state; ``learns`` and ``memorises`` set the kind."""

    knows: set[str]
    rng: random.Random
    slip: float = 0.1
    learns: bool = True
    memorises: bool = False
    learn_after: int = LEARN_AFTER
    recall_luck: float = 0.0
    """Chance of a right short answer without knowing (a guesser tries; 0.1 is what BKT assumes)."""
    practice: dict[str, int] = field(default_factory=dict)
    revealed: dict[str, float] = field(default_factory=dict)

    def right(self, topic_id: str, item: Item, now: float) -> bool:
        if topic_id in self.knows:
            return self.rng.random() >= self.slip
        seen = self.revealed.get(item.id)
        fade = 0.0 if seen is None else 0.5 ** ((now - seen) / MEMORY_HALF_LIFE)
        if self.memorises and seen is not None and self.rng.random() < fade:
            return True
        if isinstance(item, MultipleChoice):
            return self.rng.random() < 1.0 / len(item.choices)
        if isinstance(item, TrueFalse):
            return self.rng.random() < 0.5
        return self.rng.random() < self.recall_luck

    def respond(self, topic_id: str, item: Item, now: float) -> tuple[Any, Rating | None]:
        """A response (and, for short answers, the rating the learner would confirm)."""
        right = self.right(topic_id, item, now)
        rating: Rating | None = None
        response: Any = item.simulated_response(right, self.rng)
        if item.type == "short_answer":  # the learner confirms a rating for free text
            rating = Rating.GOOD if right else Rating.AGAIN
        self.revealed[item.id] = now  # the feedback shows the answer
        if self.learns:
            self.practice[topic_id] = self.practice.get(topic_id, 0) + 1
            if self.practice[topic_id] >= self.learn_after:
                self.knows.add(topic_id)
        return response, rating


def make_learner(
    model: str, graph: CourseGraph, path: tuple[str, ...], k: int, rng: random.Random
) -> tuple[SimLearner, list[str]]:
    """A learner of ``model`` whose frontier is path position ``k``, and their holes."""
    if model not in MODELS:
        raise UserError(f"unknown learner model '{model}'; expected one of {', '.join(MODELS)}")
    if model in ("memoriser", "guesser"):
        never = SimLearner(set(), rng, learns=False, memorises=model == "memoriser")
        never.recall_luck = 0.1
        return never, []
    knows: set[str] = set()
    if k > 0:
        # What comes before the frontier on the path, and everything the course places no
        # deeper than it (mathematics taught beside the chain at the same depth is known by
        # someone who got this far along it).
        frontier_depth = graph.depth(path[k - 1])
        knows = set(graph.ancestors(path[k - 1])) | {path[k - 1]}
        knows |= {t for t in graph.topo_order if graph.depth(t) <= frontier_depth}
    slip = 0.1 if model == "prefix" else rng.uniform(*SLIP_RANGE)
    holes: list[str] = []
    if model == "holes":
        holes = [t for t in sorted(knows) if rng.random() < HOLE_RATE]
        knows -= set(holes)
    return SimLearner(knows, rng, slip=slip), holes


@dataclass(frozen=True)
class Run:
    model: str
    true_frontier: int
    estimated_frontier: int | None
    questions: int
    holes: int
    holes_credited: int
    """Holes the placement marked known (before any learning)."""
    holes_missed: int
    """Holes still counted done, and not known, after the first FIRST_ITEMS learning answers."""
    answers: int
    reached_goal: bool
    false_mastery: int
    """Topics declared mastered that the learner does not know (at the end)."""
    ever_false_mastery: int
    """Topics declared mastered at some point while the learner did not know them (a lucky
    mastery that later lapses counts here, not in ``false_mastery``)."""
    study_seconds: float
    predicted_seconds: float | None


def _predicted(service: TutorService) -> float | None:
    estimate = getattr(service, "time_to_goal", None)
    if estimate is None:
        return None
    value = estimate()
    return None if value is None else float(value.seconds)


def run_one(
    course: Course,
    goal: str,
    model: str,
    k: int,
    *,
    seed: int,
    adaptive: bool = True,
    max_answers: int = 3000,
    config: LearnerConfig | None = None,
    graph: CourseGraph | None = None,
    minutes_per_day: float = 30.0,
) -> Run:
    """One simulated learner from a fresh store: placement (if adaptive), then learning."""
    clock = SimClock(minutes_per_day)
    service = TutorService(
        course, ProgressStore(MEMORY, durable=False), clock=clock, config=config, graph=graph
    )
    path = service.graph.metrics(goal).longest_path
    learner, holes = make_learner(model, service.graph, path, k, random.Random(seed))
    service.set_goal(goal)
    estimate, questions = _place(service, learner, clock, goal) if adaptive else (None, 0)
    done_now = {s.topic_id for s in service.all_states() if s.status in DONE_STATUSES}
    credited = sum(h in done_now for h in holes)
    predicted = _predicted(service)
    run = _Learning(service, learner, clock, goal, holes, answers=questions)
    run.go(max_answers)
    false_mastery = sum(
        s.status is TopicStatus.MASTERED and s.topic_id not in learner.knows
        for s in service.all_states()
    )
    service.close()
    return Run(
        model=model,
        true_frontier=k,
        estimated_frontier=estimate,
        questions=questions,
        holes=len(holes),
        holes_credited=credited,
        holes_missed=run.missed,
        answers=run.at_goal[0] if run.at_goal else run.answers,
        reached_goal=run.at_goal is not None,
        false_mastery=false_mastery,
        ever_false_mastery=len(run.falsely_mastered),
        study_seconds=run.at_goal[1] if run.at_goal else clock.study_seconds - run.start,
        predicted_seconds=predicted,
    )


def _place(
    service: TutorService, learner: SimLearner, clock: SimClock, goal: str
) -> tuple[int, int]:
    """The placement flow the app runs, answered by the learner: (estimated frontier,
    questions)."""
    course = service.course
    flow = PlacementFlow(service, goal)
    while not isinstance(step := flow.next_step(), PlacementDone):
        assert isinstance(step, QuestionStep)
        item = course.item(step.item_id)
        response, _ = learner.respond(course.topic_id_of(item.id), item, clock.now.timestamp())
        flow.answer(Attempt(response, latency_ms=int(SECONDS_PER_ANSWER * 1000)))
        clock.tick(SECONDS_PER_ANSWER)
    return step.result.frontier_index, step.result.questions


class _Learning:
    """The learning loop after placement, with what the report needs from it."""

    def __init__(
        self,
        service: TutorService,
        learner: SimLearner,
        clock: SimClock,
        goal: str,
        holes: list[str],
        answers: int,
    ) -> None:
        self.service, self.learner, self.clock, self.goal, self.holes = (
            service,
            learner,
            clock,
            goal,
            holes,
        )
        self.answers = answers
        self.learning = 0
        self.start = clock.study_seconds
        self.missed = len(holes)
        self.falsely_mastered: set[str] = set()
        self.at_goal: tuple[int, float] | None = None
        """(answers, study seconds since placement) when the goal first counted as done."""

    def _check_goal(self) -> None:
        if self.at_goal is None and self.service.topic_state(self.goal).status in DONE_STATUSES:
            self.at_goal = (self.answers, self.clock.study_seconds - self.start)

    def go(self, max_answers: int) -> None:
        """The learn flow the app runs (`n`), one study session after another."""
        idle = 0
        flow = LearnFlow(self.service)
        while self.answers < max_answers:
            self._check_goal()
            if self.at_goal is not None and (self.learning >= FIRST_ITEMS or not self.holes):
                break  # holes are judged on the first FIRST_ITEMS answers, goal or not
            step = flow.next_step()
            if isinstance(step, Finished):
                if self.at_goal is not None or idle >= 3:
                    break
                idle += 1  # nothing more today: the learner comes back tomorrow
                self.clock.next_session()
                flow = LearnFlow(self.service)
                continue
            idle = 0
            newly = _do(flow, step, self.learner, self.clock)
            self.falsely_mastered.update(t for t in newly if t not in self.learner.knows)
            if isinstance(step, QuestionStep):
                self.answers += 1
                self.learning += 1
                if self.learning == FIRST_ITEMS:
                    self.missed = _missed(self.service, self.learner, self.holes)
        self._check_goal()
        if self.learning < FIRST_ITEMS:
            self.missed = _missed(self.service, self.learner, self.holes)


def _do(flow: LearnFlow, step: Step, learner: SimLearner, clock: SimClock) -> tuple[str, ...]:
    """The learner does one step: reads the lesson, or answers the question (and the engine
    may declare topics mastered: returned)."""
    if isinstance(step, LessonStep):
        flow.lesson_read()
        clock.tick(SECONDS_PER_LESSON)
        return ()
    assert isinstance(step, QuestionStep)
    course = flow.service.course
    item = course.item(step.item_id)
    response, rating = learner.respond(course.topic_id_of(item.id), item, clock.now.timestamp())
    answered = flow.answer(
        Attempt(response, rating=rating, latency_ms=int(SECONDS_PER_ANSWER * 1000))
    )
    clock.tick(SECONDS_PER_ANSWER)
    return answered.outcome.newly_mastered if answered.outcome is not None else ()


def _missed(service: TutorService, learner: SimLearner, holes: list[str]) -> int:
    """Holes the engine counts done though the learner still does not know them."""
    return sum(
        h not in learner.knows and service.topic_state(h).status in DONE_STATUSES for h in holes
    )


def run_never_learner(
    course: Course,
    goal: str,
    model: str,
    *,
    seed: int,
    answers: int = 40,
    config: LearnerConfig | None = None,
    graph: CourseGraph | None = None,
) -> int:
    """A memoriser or guesser studying from scratch for ``answers`` answers: how many topics
    the engine ever declared mastered (all of them wrongly: this learner knows nothing)."""
    run = run_one(
        course,
        goal,
        model,
        0,
        seed=seed,
        adaptive=False,
        max_answers=answers,
        config=config,
        graph=graph,
    )
    return run.ever_false_mastery


@dataclass
class ModelReport:
    model: str
    runs: int
    placement_within_window: float | None = None
    placement_mean_abs_error: float | None = None
    placement_questions_max: int | None = None
    holes: int = 0
    holes_credited: float | None = None
    """Share of holes that placement marked known."""
    holes_caught: float | None = None
    """Share of holes taught or confirmed within the first FIRST_ITEMS learning answers."""
    answers_to_goal_mean: float | None = None
    unfinished: int = 0
    mastered_runs: int | None = None
    """Memoriser and guesser: runs in which any topic was ever declared mastered."""
    time_ratio_median: float | None = None
    """Predicted / simulated study time to the goal, median over runs (1.0 is perfect)."""
    time_within_25pct: float | None = None


@dataclass
class FullReport:
    goal: str
    path_length: int
    seed: int
    learners: int
    models: list[ModelReport]
    probe_prefix: int
    probe_adaptive_mean: float
    probe_linear_mean: float
    probe_ratio: float
    seconds: float = 0.0

    def as_dict(self) -> dict[str, object]:
        return asdict(self)

    def targets(self) -> list[tuple[str, str, float | None, bool]]:
        """(target, threshold, measured, met) for each of the issue's targets."""
        by = {m.model: m for m in self.models}
        rows: list[tuple[str, str, float | None, bool]] = []

        def add(name: str, want: str, value: float | None, ok: Callable[[float], bool]) -> None:
            rows.append((name, want, value, value is not None and ok(value)))

        if "holes" in by:
            add(
                "placement ±3, holes+slip",
                "≥ 92%",
                _pct(by["holes"].placement_within_window),
                lambda v: v >= 92,
            )
            add(
                "holes taught/confirmed in 100 items",
                "≥ 80%",
                _pct(by["holes"].holes_caught),
                lambda v: v >= 80,
            )
        if "prefix" in by:
            add(
                "placement ±3, no holes",
                "≥ 97%",
                _pct(by["prefix"].placement_within_window),
                lambda v: v >= 97,
            )
        qmax = max((m.placement_questions_max or 0) for m in self.models)
        add("placement questions (max)", "≤ 10", float(qmax), lambda v: v <= 10)
        for name, limit in (("memoriser", 0), ("guesser", 1)):
            runs = by[name].mastered_runs if name in by else None
            if runs is not None:
                add(
                    f"{name} declared mastered (of {by[name].runs})",
                    f"≤ {limit}",
                    float(runs),
                    functools.partial(_at_most, float(limit)),
                )
        add(
            f"items saved, knowing {self.probe_prefix} topics",
            "≥ 5x",
            self.probe_ratio,
            lambda v: v >= 5,
        )
        return rows


def _at_most(limit: float, value: float) -> bool:
    return value <= limit


def _pct(x: float | None) -> float | None:
    return None if x is None else 100.0 * x


def _summarise(model: str, runs: list[Run]) -> ModelReport:
    rep = ModelReport(model=model, runs=len(runs))
    placed = [r for r in runs if r.estimated_frontier is not None]
    if placed:
        errors = [abs((r.estimated_frontier or 0) - r.true_frontier) for r in placed]
        rep.placement_within_window = sum(e <= WINDOW for e in errors) / len(errors)
        rep.placement_mean_abs_error = statistics.fmean(errors)
        rep.placement_questions_max = max(r.questions for r in placed)
    rep.holes = sum(r.holes for r in runs)
    if rep.holes:
        rep.holes_credited = sum(r.holes_credited for r in runs) / rep.holes
        rep.holes_caught = 1.0 - sum(r.holes_missed for r in runs) / rep.holes
    finished = [r for r in runs if r.reached_goal]
    rep.unfinished = len(runs) - len(finished)
    if finished:
        rep.answers_to_goal_mean = statistics.fmean(r.answers for r in finished)
    _time_figures(rep, finished)
    return rep


def _time_figures(rep: ModelReport, finished: list[Run]) -> None:
    """Predicted / simulated study time to the goal, for runs that got there."""
    ratios = [
        r.predicted_seconds / r.study_seconds
        for r in finished
        if r.predicted_seconds is not None and r.study_seconds > 0
    ]
    if ratios:
        rep.time_ratio_median = statistics.median(ratios)
        rep.time_within_25pct = sum(abs(x - 1) <= 0.25 for x in ratios) / len(ratios)


def _probe(
    one: Callable[..., Run],
    probe: int,
    seed: int,
    learners: int,
    progress: Callable[[str, int, int], None] | None,
) -> tuple[float, float]:
    """Mean answers to the goal for learners who know the first ``probe`` topics: adaptive
    (placement, then learning) and linear (every topic in order)."""
    pa: list[int] = []
    pl: list[int] = []
    for j in range(learners):
        s = seed * 1_000_003 + j
        pa.append(one("prefix", probe, s).answers)
        pl.append(one("prefix", probe, s, adaptive=False).answers)
        if progress:
            progress("probe", j + 1, learners)
    return (statistics.fmean(pa) if pa else 0.0), (statistics.fmean(pl) if pl else 0.0)


def _model_report(
    one: Callable[..., Run],
    model: str,
    n: int,
    seed: int,
    learners: int,
    progress: Callable[[str, int, int], None] | None,
) -> ModelReport:
    """One model's figures over ``learners`` runs; the non-learning models only count how
    often they were wrongly credited with mastery."""
    rng = random.Random(f"{seed}:{model}")
    runs = []
    for i in range(learners):
        if model in ("memoriser", "guesser"):
            runs.append(one(model, 0, rng.randrange(2**32), adaptive=False))
        else:
            k = rng.randint(0, n)
            runs.append(one(model, k, rng.randrange(2**32)))
        if progress:
            progress(model, i + 1, learners)
    if model in ("memoriser", "guesser"):
        lucky = sum(r.ever_false_mastery > 0 for r in runs)
        return ModelReport(model=model, runs=learners, mastered_runs=lucky)
    return _summarise(model, runs)


def evaluate(
    course: Course,
    goal: str,
    *,
    models: tuple[str, ...] = MODELS,
    learners: int = 200,
    seed: int = 0,
    probe_prefix: int = 60,
    probe_learners: int = 20,
    never_answers: int = 40,
    config: LearnerConfig | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> FullReport:
    """Every model's figures on ``goal``; learners' frontiers are drawn uniformly along its path."""
    if goal not in course.topics:
        raise UserError(f"unknown goal topic '{goal}'")
    if learners < 1:
        raise UserError("simulate needs at least one learner")
    graph = CourseGraph.from_course(course)
    n = len(graph.metrics(goal).longest_path)

    def one(model: str, k: int, s: int, adaptive: bool = True) -> Run:
        answers = never_answers if model in ("memoriser", "guesser") else 3000
        return run_one(
            course,
            goal,
            model,
            k,
            seed=s,
            adaptive=adaptive,
            max_answers=answers,
            config=config,
            graph=graph,
        )

    reports = [_model_report(one, model, n, seed, learners, progress) for model in models]
    probe = min(probe_prefix, n)
    pad, pli = _probe(one, probe, seed, probe_learners, progress)
    return FullReport(
        goal=goal,
        path_length=n,
        seed=seed,
        learners=learners,
        models=reports,
        probe_prefix=probe,
        probe_adaptive_mean=pad,
        probe_linear_mean=pli,
        probe_ratio=pli / pad if pad else math.inf,
    )
