"""What a flow yields (steps) and what it takes (attempts), as plain frozen records.

A front end (the Textual app, the simulator, a test) asks a flow for its next
step, shows it however it likes, and hands answers back as :class:`Attempt`\\ s.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from tutor.learner.grading import Grade, Rating
    from tutor.learner.models import AnswerOutcome, PlacementResult

Source = Literal["learn", "review", "drill", "placement"]
Response = int | bool | str


@dataclass(frozen=True)
class Attempt:
    """One answer to the current question, and what the front end knows about it.

    New facts about an answer (how sure the learner was, say) become new fields
    here and new keyword arguments in :meth:`record_kwargs`; no flow signature changes.
    """

    response: Response
    rating: Rating | int | None = None
    """The learner's confirmed rating; None lets the grader's suggestion stand."""
    latency_ms: int | None = None
    """Time from the question being shown to the answer; None when not measured."""
    guessed: bool = False
    """The learner said, before answering, that this is a guess: no mastery credit."""
    hints_used: int = 0
    """Rungs of the item's hint ladder revealed before answering (past the hints: the solution)."""

    def record_kwargs(self) -> dict[str, Any]:
        """The keyword arguments :meth:`TutorService.record_answer` takes from an attempt."""
        out: dict[str, Any] = {
            "rating": self.rating,
            "latency_ms": self.latency_ms,
            "guessed": self.guessed,
        }
        if self.hints_used:
            out["hints_used"] = self.hints_used
        return out


@dataclass(frozen=True)
class LessonStep:
    """Read a topic's lesson; then call :meth:`Flow.lesson_read` and ask for the next step."""

    topic_id: str
    reason: str = ""


@dataclass(frozen=True)
class QuestionStep:
    """Answer one item with :meth:`Flow.answer`."""

    item_id: str
    source: Source
    reason: str = ""
    number: int = 1
    """1-based position in the flow (placement: questions asked so far, this one included)."""
    total: int | None = None
    """How many questions the flow holds (placement: its maximum); None when open-ended."""


@dataclass(frozen=True)
class Finished:
    """The flow ended with a message (a summary, or why there is nothing to do)."""

    title: str
    body: str


@dataclass(frozen=True)
class DrillAnswer:
    """One drill answer. A short answer is stored at once, then waits (``pending``) for the
    learner's rating on the score screen: ``correct`` and ``rating`` are the grader's till then."""

    item_id: str
    correct: bool
    seconds: float
    rating: int
    response: Any
    pending: bool = False
    grade: Grade | None = None
    latency_ms: int | None = None


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
    def pending(self) -> list[DrillAnswer]:
        """Short answers still to be rated by the learner (stored with the grader's rating)."""
        return [a for a in self.answers if a.pending]

    @property
    def unanswered(self) -> list[str]:
        done = {a.item_id for a in self.answers}
        return [i for i in self.item_ids if i not in done]


@dataclass(frozen=True)
class DrillScore:
    """A drill ended (last item, deadline or stopped): its score."""

    result: DrillResult


@dataclass(frozen=True)
class PlacementDone:
    """Placement ended and was recorded (the inferred topics are marked known)."""

    result: PlacementResult
    goal: str


Step = LessonStep | QuestionStep | Finished | DrillScore | PlacementDone
"""Everything a flow can yield. The last three end the flow."""

END_STEPS = (Finished, DrillScore, PlacementDone)


@dataclass(frozen=True)
class Answered:
    """What an answer did: its grade, and the service's outcome when the flow stored one."""

    grade: Grade
    outcome: AnswerOutcome | None
    """None for placement answers: placement keeps its own account until it finishes."""
    recalled: bool
