"""The one place that turns a flow's steps into screens.

Flows (:mod:`tutor.learner.flows`) decide what comes next; this module only
chooses the screen that shows a step. Screens import lazily: none of them is on
the first paint.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tutor.learner.flows import Flow, Step
    from tutor.ui.screens.base import TutorScreen


def screen_for(flow: Flow, step: Step) -> TutorScreen:
    """The screen that shows ``step`` of ``flow``."""
    from tutor.learner.flows import (
        DrillScore,
        Finished,
        LessonStep,
        PlacementDone,
        QuestionStep,
    )

    if isinstance(step, LessonStep):
        from tutor.ui.screens.lesson import LessonScreen

        return LessonScreen(flow, step)
    if isinstance(step, QuestionStep):
        from tutor.ui.screens.question import QuestionScreen

        return QuestionScreen(flow, step)
    if isinstance(step, Finished):
        from tutor.ui.screens.message import MessageScreen

        return MessageScreen(step.title, step.body)
    if isinstance(step, DrillScore):
        from tutor.learner.flows import DrillFlow
        from tutor.ui.screens.drill import DrillScoreScreen

        return DrillScoreScreen(step.result, flow if isinstance(flow, DrillFlow) else None)
    if isinstance(step, PlacementDone):
        from tutor.ui.screens.placement import PlacementResultScreen

        return PlacementResultScreen(step.result, goal=step.goal)
    raise TypeError(f"no screen shows a {type(step).__name__}")
