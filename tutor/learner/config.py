"""Tunable settings of the learner model, in one validated place.

Every number the engine uses to decide mastery, reviews and placement lives
here with its default and the reason for it, so a course or a study can change
them without touching code (and the simulator can measure the effect).
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, model_validator


class LearnerConfig(BaseModel):
    # defer_build: the validator is built on the first validated construction. The app
    # runs on the defaults (see ``defaults``), so it never builds it at start-up.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    mastery_threshold: float = Field(
        default=0.95, gt=0.5, lt=1.0,
        description="A topic is mastered when P(known) reaches this (the usual BKT criterion).",
    )
    p_init: float = Field(
        default=0.1, ge=0.0, le=1.0,
        description="Prior that a topic is known before any answer; low because placement and "
        "'I know this' exist for learners who already know it.",
    )
    p_learn: float = Field(
        default=0.15, ge=0.0, le=1.0,
        description="Chance of learning the topic at each practice opportunity.",
    )
    p_slip: float = Field(
        default=0.1, ge=0.0, le=0.5,
        description="Chance that a learner who knows the topic answers wrongly anyway.",
    )
    guess_short_answer: float = Field(
        default=0.1, ge=0.0, le=0.5,
        description="Chance of a right short answer without knowing: small but not zero "
        "(lucky phrasing, generous key-point matching).",
    )
    known_mastery: float = Field(
        default=0.97, gt=0.5, le=1.0,
        description="Mastery a claimed ('I know this') or placed topic starts from: a strong prior that "
        "answers then update, so one wrong answer drops it below the threshold.",
    )
    max_reviews_in_row: int = Field(
        default=3, ge=1,
        description="At most this many due reviews in a row before one piece of new material.",
    )
    placement_max_questions: int = Field(default=10, ge=1, le=50)
    placement_confidence: float = Field(
        default=0.9, gt=0.0, le=1.0,
        description="Placement stops early once this much posterior mass lies within "
        "placement_tolerance topics of the estimate.",
    )
    placement_tolerance: int = Field(default=0, ge=0)
    placement_short_answers: bool = Field(
        default=True,
        description="Also ask short-answer items that have accepted answers (graded by exact match "
        "after normalisation); they are far harder to guess than four options.",
    )
    placement_slip: float = Field(
        default=0.1, ge=0.0, lt=0.5,
        description="Slip rate placement assumes when weighing a wrong answer on a known topic.",
    )
    desired_retention: float = Field(
        default=0.9, gt=0.5, lt=1.0, description="FSRS target recall probability at review time."
    )
    snapshot_every: int = Field(
        default=500, ge=1,
        description="Save derived state after this many new events, so opening rarely replays many.",
    )

    @classmethod
    def defaults(cls) -> LearnerConfig:
        """The default settings, without validation: they are valid by construction (a test
        checks they equal ``LearnerConfig()``), and validating would build the model's
        validator, about 15 ms of the app's start-up (issue 6)."""
        return cls.model_construct()

    @model_validator(mode="after")
    def _known_is_mastered(self) -> LearnerConfig:
        if self.known_mastery < self.mastery_threshold:
            raise ValueError("known_mastery must be at least mastery_threshold, or a claim could never count")
        return self
