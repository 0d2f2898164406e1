"""Sessions: the sequence of screens behind Learn, Review, Drill and Placement.

A session asks the service what comes next and wraps it in a screen; the step
screens call :meth:`Session.answer` (which stores the answer, committed, before
returning) and then ``app.advance(session)``. Keeping the sequencing here, out
of the screens, lets one question screen serve every kind of session.
"""

from __future__ import annotations

import time
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from textual.screen import Screen

    from tutor.learner.grading import Grade, Rating
    from tutor.learner.service import AnswerOutcome, TutorService

Source = Literal["learn", "review", "drill", "placement"]


@dataclass(frozen=True)
class Answered:
    """What the question screen shows after an answer."""

    grade: Grade
    outcome: AnswerOutcome | None  # None for placement answers (the placement session keeps them)


class Session(ABC):
    """One run of steps; :meth:`next_screen` returns ``None`` when it ends without a screen."""

    title: str = ""
    source: Source = "learn"
    #: short answers ask the learner to confirm a rating before the answer is stored
    confirms_rating: bool = True
    #: show right/wrong and the explanation after each answer (drills keep moving)
    shows_feedback: bool = True

    def __init__(self, service: TutorService) -> None:
        self.service = service
        self._shown_at = time.monotonic()
        self.right = 0
        """Answers stored in this session with a rating of Hard or better."""

    @abstractmethod
    def next_screen(self) -> Screen[Any] | None: ...

    def progress_text(self) -> str:
        return ""

    def mark_shown(self) -> None:
        self._shown_at = time.monotonic()

    def elapsed_ms(self) -> int:
        return int((time.monotonic() - self._shown_at) * 1000)

    def preview(self, item_id: str, response: Any) -> Grade:
        """Grade without storing (the learner is shown it and then confirms a rating)."""
        return self.service.grade(item_id, response)

    def answer(
        self, item_id: str, response: Any, rating: Rating | None = None, *, guessed: bool = False
    ) -> Answered:
        outcome = self.service.record_answer(
            item_id,
            response,
            rating=rating,
            latency_ms=self.elapsed_ms(),
            source=self.source,
            guessed=guessed,
        )
        self.right += outcome.rating >= 2  # Hard or better counts as recalled
        return Answered(outcome.grade, outcome)

    def question(self, item_id: str, reason: str = "") -> Screen[Any]:
        from tutor.ui.screens.question import QuestionScreen

        self.mark_shown()
        return QuestionScreen(self, item_id, reason=reason)

    def finished(self, title: str, body: str) -> Screen[Any]:
        from tutor.ui.screens.message import MessageScreen

        return MessageScreen(title, body)


class LearnSession(Session):
    """Follows the service's next activity: lessons, new items and due reviews."""

    title = "Learn"

    def __init__(self, service: TutorService) -> None:
        super().__init__(service)
        self.last_item: str | None = None
        self.steps = 0
        self.source = "learn"

    def next_screen(self) -> Screen[Any] | None:
        activity = self.service.next_activity(exclude_item=self.last_item)
        self.steps += 1
        if activity.kind == "lesson" and activity.topic_id is not None:
            from tutor.ui.screens.lesson import LessonScreen

            return LessonScreen(activity.topic_id, session=self, reason=activity.reason)
        if activity.kind in ("item", "review") and activity.item_id is not None:
            self.source = "review" if activity.kind == "review" else "learn"
            self.last_item = activity.item_id
            return self.question(activity.item_id, reason=activity.reason)
        return self.finished("Nothing more for now", activity.reason)

    def lesson_read(self, topic_id: str) -> None:
        self.service.lesson_seen(topic_id)


class TopicSession(Session):
    """The lesson of one chosen topic, then each of its items once."""

    source = "learn"

    def __init__(self, service: TutorService, topic_id: str, *, with_lesson: bool = True) -> None:
        super().__init__(service)
        self.topic_id = topic_id
        topic = service.course.outline[topic_id]
        self.title = "Practise"
        self.item_ids = [item.id for item in topic.items]
        self.index = -1 if with_lesson else 0
        self.mastery_start = service.mastery(topic_id)

    def progress_text(self) -> str:
        return f"{self.index}/{len(self.item_ids)}" if self.index > 0 else ""

    def next_screen(self) -> Screen[Any] | None:
        if self.index < 0:
            from tutor.ui.screens.lesson import LessonScreen

            self.index = 0
            return LessonScreen(self.topic_id, session=self, reason="")
        if self.index >= len(self.item_ids):
            title = self.service.course.outline[self.topic_id].title
            after = self.service.mastery(self.topic_id)
            n = len(self.item_ids)
            body = (
                f"{self.right} of {n} right on {title}.\n\n"
                f"Mastery {self.mastery_start:.0%} → {after:.0%}."
                if n
                else f"{title} has no practice questions yet."
            )
            return self.finished("Practice done", body)
        item_id = self.item_ids[self.index]
        self.index += 1
        return self.question(item_id)

    def lesson_read(self, topic_id: str) -> None:
        self.service.lesson_seen(topic_id)


class ReviewSession(Session):
    """The items the scheduler says are due now."""

    title = "Review"
    source = "review"

    def __init__(self, service: TutorService, limit: int = 20) -> None:
        super().__init__(service)
        self.item_ids = service.due_reviews(limit=limit)
        self.index = 0

    def progress_text(self) -> str:
        return f"{self.index}/{len(self.item_ids)}"

    def next_screen(self) -> Screen[Any] | None:
        if self.index >= len(self.item_ids):
            n = len(self.item_ids)
            return self.finished("Reviews done", f"{self.right} of {n} remembered.")
        item_id = self.item_ids[self.index]
        self.index += 1
        return self.question(item_id)


@dataclass
class DrillAnswer:
    item_id: str
    correct: bool
    seconds: float
    rating: int
    response: Any


@dataclass
class DrillResult:
    item_ids: list[str]
    answers: list[DrillAnswer] = field(default_factory=list)
    time_limit_s: float | None = None
    elapsed_s: float = 0.0
    timed_out: bool = False

    @property
    def correct(self) -> int:
        return sum(a.correct for a in self.answers)

    @property
    def missed(self) -> list[DrillAnswer]:
        return [a for a in self.answers if not a.correct]

    @property
    def unanswered(self) -> list[str]:
        done = {a.item_id for a in self.answers}
        return [i for i in self.item_ids if i not in done]


class DrillSession(Session):
    """A timed run through a fixed list of items; ends on the last item or at the deadline."""

    title = "Drill"
    source = "drill"
    shows_feedback = False

    def __init__(
        self, service: TutorService, item_ids: list[str], *, time_limit_s: float | None
    ) -> None:
        super().__init__(service)
        self.result = DrillResult(list(item_ids), time_limit_s=time_limit_s)
        self.index = 0
        self.started = time.monotonic()
        self.ended = False

    def remaining_s(self) -> float | None:
        if self.result.time_limit_s is None:
            return None
        return max(0.0, self.result.time_limit_s - (time.monotonic() - self.started))

    def progress_text(self) -> str:
        return f"{self.index}/{len(self.result.item_ids)}"

    def stop(self, *, timed_out: bool = False) -> None:
        self.ended = True
        self.result.timed_out = timed_out

    def next_screen(self) -> Screen[Any] | None:
        remaining = self.remaining_s()
        if remaining is not None and remaining <= 0:
            self.ended = True
            self.result.timed_out = True
        if self.ended or self.index >= len(self.result.item_ids):
            from tutor.ui.screens.drill import DrillScoreScreen

            self.result.elapsed_s = time.monotonic() - self.started
            return DrillScoreScreen(self.result)
        item_id = self.result.item_ids[self.index]
        self.index += 1
        return self.question(item_id)

    def answer(
        self, item_id: str, response: Any, rating: Rating | None = None, *, guessed: bool = False
    ) -> Answered:
        seconds = self.elapsed_ms() / 1000
        result = super().answer(item_id, response, rating, guessed=guessed)
        assert result.outcome is not None
        self.result.answers.append(
            DrillAnswer(
                item_id, result.outcome.rating >= 2, seconds, int(result.outcome.rating), response
            )
        )
        return result


class PlacementRun(Session):
    """The placement diagnostic: the service picks each question; the result marks what is known."""

    title = "Placement"
    source = "placement"
    confirms_rating = False

    def __init__(
        self, service: TutorService, goal: str, max_questions: int = 10, *, resume: bool = False
    ) -> None:
        super().__init__(service)
        self.goal = goal
        self.max_questions = max_questions
        resumed = service.resume_placement() if resume else None
        if resumed is not None:  # an interrupted placement, with the answers it already has
            self.placement = resumed
            self.goal, self.max_questions = resumed.goal, resumed.max_questions
        else:
            self.placement = service.start_placement(goal, max_questions=max_questions)
        self.asked = self.placement.questions

    def progress_text(self) -> str:
        return f"question {self.asked} of at most {self.max_questions}"

    def next_screen(self) -> Screen[Any] | None:
        item_id = None if self.placement.done else self.placement.next_item()
        if item_id is None:
            from tutor.ui.screens.placement import PlacementResultScreen

            result = self.placement.finish()
            return PlacementResultScreen(result, goal=self.goal)
        self.asked += 1
        return self.question(item_id)

    def answer(
        self, item_id: str, response: Any, rating: Rating | None = None, *, guessed: bool = False
    ) -> Answered:
        return Answered(self.placement.answer(item_id, response), None)
