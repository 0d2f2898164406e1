"""The engine's answers to the UI and the CLI: plain frozen records."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:  # annotations only: grading loads with the first answer, not at start-up
    from tutor.learner.explain import MasteryChange
    from tutor.learner.grading import Grade, Rating


class TopicStatus(StrEnum):
    MASTERED = "mastered"
    KNOWN = "known"
    """Claimed ("I know this") or inferred from a claim or placement, without contrary evidence."""
    IN_PROGRESS = "in_progress"
    AVAILABLE = "available"
    LOCKED = "locked"


DONE_STATUSES = frozenset({TopicStatus.MASTERED, TopicStatus.KNOWN})

RECALLED_FROM = 2
"""The lowest rating (Hard) that counts as recalled: mastery, drill scores and session
counts all read "remembered" this way. Hot loops compare with it directly."""


def recalled(rating: int) -> bool:
    """Whether an answer with this rating (1 Again .. 4 Easy) counts as recalled."""
    return rating >= RECALLED_FROM


@dataclass(frozen=True)
class TopicState:
    topic_id: str
    status: TopicStatus
    mastery: float
    answered: int
    correct: int
    is_goal: bool
    to_confirm: bool = False
    """Placed by placement with some doubt: one item during learning confirms it."""
    shaky: bool = False
    """Mastered, but the items' predicted recall has faded: it comes back for review."""
    learnt: float | None = None
    """P(learnt) before forgetting (``mastery`` is this times the predicted recall now)."""


@dataclass(frozen=True)
class Activity:
    kind: Literal["lesson", "item", "review", "done"]
    topic_id: str | None
    item_id: str | None
    reason: str
    confirms: bool = False
    """An item that confirms (or refutes) a topic placement credited with doubt."""


@dataclass(frozen=True)
class AnswerOutcome:
    grade: Grade
    rating: Rating
    mastery_before: float
    mastery_after: float
    newly_mastered: tuple[str, ...]
    newly_unlocked: tuple[str, ...]
    seq: int = 0
    """The saved event's sequence number (the answer is committed when this exists)."""
    why: MasteryChange | None = None
    """Why mastery moved (prior, evidence, slip/guess, learning step, forgetting)."""

    @property
    def recalled(self) -> bool:
        return recalled(self.rating)


@dataclass(frozen=True)
class TimeToGoal:
    """How much study the goal still needs, from the learner's measured pace."""

    seconds: float
    topics: int
    """Topics on the way not yet done (mastered or known)."""
    confirms: int
    """Placed topics still to confirm (one item each)."""
    answers: float
    seconds_per_answer: float
    answers_per_topic: float
    from_prior: bool
    """True while the learner has too little history for a measured pace."""

    def short(self) -> str:
        """'~6 h to go' (for a one-line bar)."""
        if self.topics == 0 and self.confirms == 0:
            return "there"
        hours = self.seconds / 3600
        if hours >= 1.5:
            return f"~{hours:.0f} h to go"
        return f"~{max(1, round(self.seconds / 60))} min to go"

    def describe(self, minutes_per_day: int = 20) -> str:
        """'about 6 h at your pace, 3 weeks at 20 min a day'."""
        if self.topics == 0 and self.confirms == 0:
            return "goal reached"
        hours = self.seconds / 3600
        at = (
            f"about {hours:.0f} h"
            if hours >= 1.5
            else f"about {max(1, round(self.seconds / 60))} min"
        )
        days = math.ceil(self.seconds / (minutes_per_day * 60))
        span = "1 day" if days == 1 else f"{days} days" if days < 14 else f"{round(days / 7)} weeks"
        pace = "at a typical pace" if self.from_prior else "at your pace"
        return f"{at} {pace}, {span} at {minutes_per_day} min a day"


@dataclass(frozen=True)
class PlacementResult:
    frontier: str | None
    """The first topic along the goal's longest path the learner does not know; None if they know it all."""
    known: tuple[str, ...]
    """Every topic placement infers known (path topics before the frontier and their ancestors), study order."""
    questions: int
    frontier_index: int = 0
    """Position of the frontier along ``path`` (len(path) when everything is known)."""
    path: tuple[str, ...] = ()


@dataclass(frozen=True)
class ProgressSummary:
    items_answered: int
    correct: int
    accuracy_by_day: list[tuple[dt.date, int, int]]
    streak_days: int
    mastered_count: int
    known_count: int = 0
    reviews_due: int = 0

    @property
    def accuracy(self) -> float:
        return self.correct / self.items_answered if self.items_answered else 0.0
