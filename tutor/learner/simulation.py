"""Courses for simulations and tests: the default goal, and synthetic prerequisite chains.

The simulated learners themselves, which run through the app's flows, are in
:mod:`tutor.learner.sim_learners`.
"""

from __future__ import annotations

import random

from tutor.content.course import Course
from tutor.content.schema import Topic
from tutor.errors import UserError
from tutor.graph import CourseGraph


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
