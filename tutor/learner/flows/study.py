"""Learning flows: the planner's next activity, one topic's lesson and items, due reviews."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tutor.learner.flows.base import Flow
from tutor.learner.flows.steps import Finished, LessonStep, QuestionStep, Source, Step
from tutor.learner.models import DONE_STATUSES

if TYPE_CHECKING:
    from tutor.learner.service import TutorService


class LearnFlow(Flow):
    """Follows the service's next activity: lessons, new items and due reviews, until done.

    A lesson read opens that topic's practice: its questions come next, each at
    most once, until the topic is mastered or they run out, before the planner
    (and the reviews it interleaves) takes over again. "Practise" on a lesson
    means that topic; only the planner's placement confirmations, which are not
    reviews, still come in between on their schedule. Open-ended: a front end stops asking when the learner
    leaves (or, like the simulator, when the goal is reached)."""

    title = "Learn"

    def __init__(self, service: TutorService) -> None:
        super().__init__(service)
        self.last_item: str | None = None
        self.asked = 0
        self.practising: str | None = None
        """The topic whose lesson was just read, while its practice lasts."""
        self._practice: list[str] = []

    def lesson_read(self) -> None:
        super().lesson_read()
        assert isinstance(self.current, LessonStep)
        self.practising = self.current.topic_id
        self._practice = [item.id for item in self.service.course.outline[self.practising].items]

    def _advance(self) -> Step:
        if self.practising is not None:
            # A topic placed with doubt is confirmed on the planner's schedule even during
            # practice: a hole below is found within a few answers, not after this topic.
            activity = self.service.next_activity(exclude_item=self.last_item)
            if activity.confirms and activity.item_id is not None:
                return self._question(activity.item_id, "learn", activity.reason)
        step = self._practice_step()
        if step is not None:
            return step
        activity = self.service.next_activity(exclude_item=self.last_item)
        if activity.kind == "lesson" and activity.topic_id is not None:
            return LessonStep(activity.topic_id, activity.reason)
        if activity.kind in ("item", "review") and activity.item_id is not None:
            source: Source = "review" if activity.kind == "review" else "learn"
            return self._question(activity.item_id, source, activity.reason)
        return Finished("Nothing more for now", activity.reason)

    def _practice_step(self) -> QuestionStep | None:
        topic_id = self.practising
        if topic_id is None:
            return None
        if not self._practice or self.service.topic_state(topic_id).status in DONE_STATUSES:
            self.practising, self._practice = None, []
            return None
        title = self.service.course.outline[topic_id].title
        pct = round(100 * self.service.mastery(topic_id))
        return self._question(self._practice.pop(0), "learn", f"Practice: {title} (mastery {pct}%)")

    def _question(self, item_id: str, source: Source, reason: str) -> QuestionStep:
        self.last_item = item_id
        self.asked += 1
        return QuestionStep(item_id, source, reason, number=self.asked)


class TopicFlow(Flow):
    """The lesson of one chosen topic (unless skipped), then each of its items once."""

    title = "Practise"

    def __init__(
        self,
        service: TutorService,
        topic_id: str,
        *,
        with_lesson: bool = True,
        start_at: str | None = None,
    ) -> None:
        super().__init__(service)
        self.topic_id = topic_id
        self.item_ids = [item.id for item in service.course.outline[topic_id].items]
        self._lesson_due = with_lesson and start_at is None
        # start_at: an item of the topic to begin with (a preview reopening what was on screen)
        self._next = self.item_ids.index(start_at) if start_at in self.item_ids else 0
        self.mastery_start = service.mastery(topic_id)

    def _advance(self) -> Step:
        if self._lesson_due:
            self._lesson_due = False
            return LessonStep(self.topic_id)
        if self._next < len(self.item_ids):
            self._next += 1
            return QuestionStep(
                self.item_ids[self._next - 1], "learn", number=self._next, total=len(self.item_ids)
            )
        title = self.service.course.outline[self.topic_id].title
        n = len(self.item_ids)
        if not n:
            return Finished("Practice done", f"{title} has no practice questions yet.")
        after = self.service.mastery(self.topic_id)
        return Finished(
            "Practice done",
            f"{self.right} of {n} right on {title}.\n\n"
            f"Mastery {self.mastery_start:.0%} → {after:.0%}.",
        )


class ReviewFlow(Flow):
    """The items the scheduler says are due now (fixed when the flow starts)."""

    title = "Review"
    source = "review"

    def __init__(self, service: TutorService, limit: int = 20) -> None:
        super().__init__(service)
        self.item_ids = service.due_reviews(limit=limit)
        self._next = 0

    def _advance(self) -> Step:
        if self._next < len(self.item_ids):
            self._next += 1
            return QuestionStep(
                self.item_ids[self._next - 1],
                "review",
                number=self._next,
                total=len(self.item_ids),
            )
        return Finished("Reviews done", f"{self.right} of {len(self.item_ids)} remembered.")
