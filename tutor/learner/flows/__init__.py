"""Headless flows: Learn, Topic, Review, Drill and Placement as state machines.

A flow yields steps (:class:`LessonStep`, :class:`QuestionStep`, and one of the
end steps :class:`Finished`, :class:`DrillScore`, :class:`PlacementDone`) from
:meth:`Flow.next_step` and takes answers as :class:`Attempt`\\ s through
:meth:`Flow.answer`. The Textual app and the simulator drive the same flows, so
what the simulator measures is the sequencing the learner gets.
"""

from tutor.learner.flows.base import Flow, FlowError
from tutor.learner.flows.drill import DrillFlow
from tutor.learner.flows.placement import PlacementFlow
from tutor.learner.flows.steps import (
    END_STEPS,
    Answered,
    Attempt,
    DrillAnswer,
    DrillResult,
    DrillScore,
    Finished,
    LessonStep,
    PlacementDone,
    QuestionStep,
    Response,
    Source,
    Step,
)
from tutor.learner.flows.study import LearnFlow, ReviewFlow, TopicFlow

__all__ = [
    "END_STEPS",
    "Answered",
    "Attempt",
    "DrillAnswer",
    "DrillFlow",
    "DrillResult",
    "DrillScore",
    "Finished",
    "Flow",
    "FlowError",
    "LearnFlow",
    "LessonStep",
    "PlacementDone",
    "PlacementFlow",
    "QuestionStep",
    "Response",
    "ReviewFlow",
    "Source",
    "Step",
    "TopicFlow",
]
