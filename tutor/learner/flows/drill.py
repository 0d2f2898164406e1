"""Drills: a timed run through a fixed list of items, ending in a score."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from tutor.learner.flows.base import Flow
from tutor.learner.flows.steps import (
    Answered,
    Attempt,
    DrillAnswer,
    DrillResult,
    DrillScore,
    QuestionStep,
    Step,
)
from tutor.learner.models import recalled

if TYPE_CHECKING:
    from tutor.learner.service import TutorService


class DrillFlow(Flow):
    """Ends on the last item, at the deadline, or when stopped; the score is the last step.

    Feedback waits for the score, so a drill keeps moving."""

    title = "Drill"
    source = "drill"
    shows_feedback = False
    confirms_rating = False
    offers_hints = False
    """Short answers are stored at once and rated after the drill, on the score screen
    (see :meth:`rate`)."""

    def __init__(
        self,
        service: TutorService,
        item_ids: Sequence[str],
        *,
        time_limit_s: float | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(service)
        self.result = DrillResult(list(item_ids), time_limit_s=time_limit_s)
        self._clock = clock
        self._started = clock()
        self._next = 0
        self._score: DrillScore | None = None
        self._seqs: dict[str, int] = {}
        """item id -> the event of its provisional short answer, for the rating to point at."""
        self.ended = False

    def remaining_s(self) -> float | None:
        if self.result.time_limit_s is None:
            return None
        return max(0.0, self.result.time_limit_s - (self._clock() - self._started))

    def stop(self, *, timed_out: bool = False) -> bool:
        self.ended = True
        self.result.timed_out = self.result.timed_out or timed_out
        return True

    def _advance(self) -> Step:
        remaining = self.remaining_s()
        if remaining is not None and remaining <= 0:
            self.stop(timed_out=True)
        if self.ended or self._next >= len(self.result.item_ids):
            if self._score is None:
                self.ended = True
                self.result.elapsed_s = self._clock() - self._started
                self._score = DrillScore(self.result)
            return self._score
        self._next += 1
        return QuestionStep(
            self.result.item_ids[self._next - 1],
            "drill",
            number=self._next,
            total=len(self.result.item_ids),
        )

    def answer(self, attempt: Attempt) -> Answered:
        """Store the answer (committed when this returns). A short answer is stored with the
        grader's suggested rating, marked provisional: the learner confirms or changes it
        on the score screen (:meth:`rate`), and unrated it keeps the suggestion."""
        step = self.question()
        if self.service.course.item(step.item_id).type != "short_answer" or attempt.rating:
            return super().answer(attempt)
        outcome = self.service.record_answer(
            step.item_id,
            attempt.response,
            source="drill",
            provisional=True,
            **attempt.record_kwargs(),
        )
        rating = int(outcome.rating)
        done = recalled(rating)
        self.right += done
        self.answered += 1
        self._seqs[step.item_id] = outcome.seq
        self.result.answers.append(
            DrillAnswer(
                step.item_id,
                done,
                (attempt.latency_ms or 0) / 1000,
                rating,
                attempt.response,
                pending=True,
                grade=outcome.grade,
                latency_ms=attempt.latency_ms,
            )
        )
        return Answered(outcome.grade, None, done)

    def rate(self, item_id: str, rating: int) -> Answered:
        """Commit the learner's rating of a stored short answer (committed when this returns)."""
        index, held = next(
            (i, a) for i, a in enumerate(self.result.answers) if a.item_id == item_id and a.pending
        )
        self.service.confirm_rating(item_id, self._seqs[item_id], rating, previous=held.rating)
        done = recalled(rating)
        self.right += done - held.correct
        self.result.answers[index] = replace(held, correct=done, rating=int(rating), pending=False)
        assert held.grade is not None
        return Answered(held.grade, None, done)

    def _answered(self, step: QuestionStep, attempt: Attempt, done: bool, rating: int) -> None:
        seconds = (attempt.latency_ms or 0) / 1000
        self.result.answers.append(
            DrillAnswer(step.item_id, done, seconds, rating, attempt.response)
        )
