"""The flow contract: a headless state machine that yields steps and takes answers.

    step = flow.next_step()
    while not isinstance(step, END_STEPS):
        if isinstance(step, LessonStep):
            flow.lesson_read()
        else:
            flow.answer(Attempt(response))
        step = flow.next_step()

Every write goes through the service's public methods and is committed before
the call returns, so a front end that dies between steps loses nothing.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import TYPE_CHECKING

from tutor.learner.flows.steps import (
    Answered,
    Attempt,
    LessonStep,
    QuestionStep,
    Response,
    Source,
    Step,
)
from tutor.learner.models import recalled

if TYPE_CHECKING:
    from tutor.learner.grading import Grade
    from tutor.learner.service import TutorService


class FlowError(RuntimeError):
    """A front end asked a flow for something its current step does not allow (a bug)."""


class Flow(ABC):
    """Shared bookkeeping: the current step, answers counted as recalled, lesson reads."""

    title: str = ""
    source: Source = "learn"
    confirms_rating: bool = True
    """Short answers ask the learner to confirm a rating before the answer is stored."""
    shows_feedback: bool = True
    """Show right/wrong and the explanation after each answer (drills keep moving)."""
    offers_hints: bool = True
    """Items' hint ladders may be climbed (not in tests of what the learner knows unaided)."""

    def __init__(self, service: TutorService) -> None:
        self.service = service
        self.current: Step | None = None
        self.right = 0
        """Answers stored in this flow that count as recalled."""
        self.answered = 0

    def next_step(self) -> Step:
        """Move on and return the new current step (an end step again once ended)."""
        self.current = self._advance()
        return self.current

    @abstractmethod
    def _advance(self) -> Step: ...

    def progress_text(self) -> str:
        """A short "3/10" for the front end's header; empty when there is nothing to count."""
        step = self.current
        if isinstance(step, QuestionStep) and step.total is not None:
            return f"{step.number}/{step.total}"
        return ""

    def remaining_s(self) -> float | None:
        """Seconds left before the flow's deadline; None without one."""
        return None

    def stop(self, *, timed_out: bool = False) -> bool:
        """End early. True when the flow has a result to show (the next step), False when
        leaving simply abandons it (nothing is lost: every answer is already stored)."""
        return False

    # -- answering ---------------------------------------------------------------------

    def question(self) -> QuestionStep:
        if not isinstance(self.current, QuestionStep):
            raise FlowError(f"{type(self).__name__} is not at a question")
        return self.current

    def preview(self, response: Response) -> Grade:
        """Grade the current question without storing (shown, then the learner confirms)."""
        return self.service.grade(self.question().item_id, response)

    def answer(self, attempt: Attempt) -> Answered:
        """Store the answer to the current question (committed when this returns)."""
        step = self.question()
        outcome = self.service.record_answer(
            step.item_id, attempt.response, source=step.source, **attempt.record_kwargs()
        )
        done = recalled(outcome.rating)
        self.right += done
        self.answered += 1
        self._answered(step, attempt, done, int(outcome.rating))
        return Answered(outcome.grade, outcome, done)

    def _answered(self, step: QuestionStep, attempt: Attempt, done: bool, rating: int) -> None:
        """Hook for flows that keep their own account of answers."""
        return None

    def lesson_read(self) -> None:
        """Record that the current lesson was read."""
        if not isinstance(self.current, LessonStep):
            raise FlowError(f"{type(self).__name__} is not at a lesson")
        self.service.lesson_seen(self.current.topic_id)
