"""Time to goal: what is left on the way to a topic, at the learner's measured pace.

Left = the topics on the way not yet done (each takes the learner's study answers per
mastered topic so far, reviews included, plus a lesson) and the placed topics still to
confirm (one answer each). Pace = the median time of the learner's last answers; config
priors stand in until there are 10 answers and 3 mastered topics.
"""

from __future__ import annotations

import statistics

from tutor.graph import CourseGraph
from tutor.learner.models import TimeToGoal
from tutor.learner.state import LearnerState

MIN_ANSWERS = 10
MIN_MASTERED = 3


def estimate_time(state: LearnerState, graph: CourseGraph, goal: str) -> TimeToGoal:
    cfg = state.config
    way = graph.ancestors(goal) | {goal}
    todo = [t for t in way if t not in state.done]
    confirms = sum(state.needs_confirm(t) for t in way)
    prior = len(state.latencies) < MIN_ANSWERS
    per_answer = (
        cfg.pace_prior_answer_seconds if prior else statistics.median(state.latencies) / 1000.0
    )
    mastered = sum(1 for t in state.done if t not in state.known and state.answered.get(t))
    if mastered >= MIN_MASTERED:
        # Every study answer so far (reviews and confirmations included) per topic mastered.
        per_topic = max(1.0, state.study_answers / mastered)
    else:
        per_topic = cfg.answers_per_topic_prior
        prior = True
    answers = per_topic * len(todo) + confirms
    lessons = sum(t not in state.lessons for t in todo)
    seconds = answers * per_answer + lessons * cfg.pace_prior_lesson_seconds
    return TimeToGoal(
        seconds=seconds,
        topics=len(todo),
        confirms=confirms,
        answers=answers,
        seconds_per_answer=per_answer,
        answers_per_topic=float(per_topic),
        from_prior=prior,
    )
