"""The course outline: what the map and the engine's bookkeeping need, without the prose.

A :class:`TopicOutline` holds a topic's identity, place in the graph and the
shape of its items (ids, types, number of choices), but none of the lessons,
prompts or explanations. Opening the app needs only this much: the graph, the
learner state, the course map and its topic card are all built from it.

It is plain data on purpose. The validated topics are pydantic models, and
importing pydantic to read them back costs about a fifth of the app's start-up
(the start-up target in CONTRIBUTING.md); the outline is cached beside them and read first, and the topics are
loaded on first use (see :class:`tutor.content.course.Course`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tutor.content.schema import Topic


@dataclass(frozen=True, slots=True)
class ItemOutline:
    id: str
    type: str
    """One of ``schema.ITEM_TYPES``; ``tutor.items.kinds`` holds what the engine needs per type."""
    choices: int = 0
    """How many options a multiple-choice item offers; 0 for other types."""


@dataclass(frozen=True, slots=True)
class TopicOutline:
    id: str
    title: str
    level: str
    core_idea: str
    tags: tuple[str, ...] = ()
    prerequisites: tuple[str, ...] = ()
    experiments: tuple[str, ...] = ()
    """The experiments of the topic's own show_me list, in order."""
    items: tuple[ItemOutline, ...] = ()
    bkt: Mapping[str, float] = field(default_factory=dict)
    """The topic's mastery-model overrides that are set, by parameter name (p_init, ...)."""


def outline_of(topic: Topic) -> TopicOutline:
    """The outline of a validated topic."""
    bkt = topic.bkt
    overrides = (
        {}
        if bkt is None
        else {k: v for k in type(bkt).model_fields if (v := getattr(bkt, k)) is not None}
    )
    return TopicOutline(
        id=topic.id,
        title=topic.title,
        level=topic.level,
        core_idea=topic.core_idea,
        tags=tuple(topic.tags),
        prerequisites=tuple(topic.prerequisites),
        experiments=tuple(ref.experiment for ref in topic.show_me),
        items=tuple(
            ItemOutline(item.id, item.type, len(getattr(item, "choices", ())))
            for item in topic.items
        ),
        bkt=overrides,
    )


def distinct_titles(outline: Mapping[str, TopicOutline]) -> dict[str, str]:
    """Each topic's title, with what sets its id apart added where titles repeat.

    Titles need not be unique (the source chain has two topics called "Division as
    Equal Sharing"), but a list showing the same line twice leaves a learner guessing.
    Within a group of equal titles, the id words after the ids' common leading words
    tell them apart: ``division-as-equal-sharing`` and ``-symbolic`` read "Division as
    Equal Sharing" and "Division as Equal Sharing (symbolic)".
    """
    groups: dict[str, list[str]] = {}
    for tid, topic in outline.items():
        groups.setdefault(topic.title.strip().casefold(), []).append(tid)
    labels = {tid: topic.title for tid, topic in outline.items()}
    for ids in groups.values():
        if len(ids) < 2:
            continue
        words = [tid.split("-") for tid in ids]
        shared = 0
        while all(len(w) > shared and w[shared] == words[0][shared] for w in words):
            shared += 1
        for tid, w in zip(ids, words):
            if w[shared:]:
                labels[tid] = f"{outline[tid].title.strip()} ({' '.join(w[shared:])})"
    return labels
