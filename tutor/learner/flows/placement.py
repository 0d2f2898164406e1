"""Placement as a flow: the placement session picks each question; the end records it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tutor.learner.flows.base import Flow
from tutor.learner.flows.steps import Answered, Attempt, PlacementDone, QuestionStep, Step
from tutor.learner.models import recalled

if TYPE_CHECKING:
    from tutor.learner.service import TutorService


class PlacementFlow(Flow):
    """Questions until placement is confident (or out of questions), then the result.

    Answers are graded as given: placement asks no rating, and shows right or
    wrong after each answer."""

    title = "Placement"
    source = "placement"
    confirms_rating = False
    offers_hints = False

    def __init__(
        self,
        service: TutorService,
        goal: str,
        *,
        max_questions: int | None = None,
        resume: bool = False,
    ) -> None:
        super().__init__(service)
        self.goal = goal
        resumed = service.resume_placement() if resume else None
        if resumed is not None:  # an interrupted placement, with the answers it already has
            self.placement = resumed
            self.goal = resumed.goal
        else:
            self.placement = service.start_placement(goal, max_questions=max_questions)
        self.max_questions = self.placement.max_questions
        self.answered = self.placement.questions
        self._done: PlacementDone | None = None

    def progress_text(self) -> str:
        if isinstance(self.current, QuestionStep):
            return f"question {self.current.number} of at most {self.max_questions}"
        return ""

    def _advance(self) -> Step:
        if self._done is not None:
            return self._done
        item_id = None if self.placement.done else self.placement.next_item()
        if item_id is None:
            # finish() records the placement: if that fails, the next call tries again
            self._done = PlacementDone(self.placement.finish(), self.goal)
            return self._done
        return QuestionStep(
            item_id, "placement", number=self.answered + 1, total=self.max_questions
        )

    def answer(self, attempt: Attempt) -> Answered:
        step = self.question()
        grade = self.placement.answer(step.item_id, attempt.response, **attempt.record_kwargs())
        done = recalled(grade.suggested_rating)
        self.right += done
        self.answered += 1
        return Answered(grade, None, done)
