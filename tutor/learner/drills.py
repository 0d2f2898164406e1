"""Drills: a shuffled set of items by topic or tag, for fast practice before an interview."""

from __future__ import annotations

import random
from collections.abc import Sequence

from tutor.content.course import Course
from tutor.errors import UserError, did_you_mean


def select_drill(
    course: Course,
    *,
    topics: Sequence[str] = (),
    tags: Sequence[str] = (),
    n: int = 10,
    seed: int | None = None,
    interview_only: bool = False,
) -> list[str]:
    """Up to ``n`` item ids matching any of ``topics`` or ``tags`` (all items if neither).

    Tags match a topic's tags or the item's own. The same seed gives the same
    drill, so a drill can be repeated or shared.
    """
    if n < 1:
        raise UserError(f"a drill needs at least one question, not {n}")
    for tid in topics:
        if tid not in course.topics:
            raise UserError(f"unknown topic '{tid}'{did_you_mean(tid, course.topics)}")
    want_topics, want_tags = set(topics), set(tags)
    pool: list[str] = []
    for topic, item in course.iter_items():
        if interview_only and not item.interview:
            continue
        if want_topics or want_tags:
            hit = (
                topic.id in want_topics
                or bool(want_tags.intersection(topic.tags))
                or bool(want_tags.intersection(item.tags))
            )
            if not hit:
                continue
        pool.append(item.id)
    random.Random(seed).shuffle(pool)
    return pool[:n]
