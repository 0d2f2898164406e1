"""Tunable settings of the learner model, in one validated place.

Every number the engine uses to decide mastery, reviews and placement lives
here with its default and the reason for it, so a course or a study can change
them without touching code (and the simulator can measure the effect).

A frozen dataclass with its bounds checked on construction, not a pydantic
model: the engine needs its settings to open the app, and the first screen
paints without importing pydantic (the start-up target in CONTRIBUTING.md). Every field is a number or a
flag with a range, which is all the checking there is to do.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field
from typing import Any


def setting(
    default: float | int | bool,
    *,
    ge: float | None = None,
    gt: float | None = None,
    le: float | None = None,
    lt: float | None = None,
    description: str = "",
) -> Any:
    """A field with its default, its bounds and why it has that value."""
    bounds = {
        name: v for name, v in (("ge", ge), ("gt", gt), ("le", le), ("lt", lt)) if v is not None
    }
    return field(default=default, metadata={"bounds": bounds, "description": description})


_CHECKS = {
    "ge": (lambda v, b: v >= b, "at least"),
    "gt": (lambda v, b: v > b, "greater than"),
    "le": (lambda v, b: v <= b, "at most"),
    "lt": (lambda v, b: v < b, "less than"),
}


@dataclass(frozen=True)
class LearnerConfig:
    mastery_threshold: float = setting(
        0.95,
        gt=0.5,
        lt=1.0,
        description="A topic is mastered when P(known) reaches this (the usual BKT criterion).",
    )
    p_init: float = setting(
        0.1,
        ge=0.0,
        le=1.0,
        description="Prior that a topic is known before any answer; low because placement and "
        "'I know this' exist for learners who already know it.",
    )
    p_learn: float = setting(
        0.15,
        ge=0.0,
        le=1.0,
        description="Chance of learning the topic at each practice opportunity.",
    )
    p_slip: float = setting(
        0.1,
        ge=0.0,
        le=0.5,
        description="Chance that a learner who knows the topic answers wrongly anyway.",
    )
    guess_short_answer: float = setting(
        0.1,
        ge=0.0,
        le=0.5,
        description="Chance of a right short answer without knowing: small but not zero "
        "(lucky phrasing, generous key-point matching).",
    )
    known_mastery: float = setting(
        0.97,
        gt=0.5,
        le=1.0,
        description="Mastery a claimed ('I know this') or placed topic starts from: a strong prior that "
        "answers then update, so one wrong answer drops it below the threshold.",
    )
    max_reviews_in_row: int = setting(
        3,
        ge=1,
        description="At most this many due reviews in a row before one piece of new material.",
    )
    placement_max_questions: int = setting(10, ge=1, le=50)
    placement_confidence: float = setting(
        0.9,
        gt=0.0,
        le=1.0,
        description="Placement stops early once this much posterior mass lies within "
        "placement_tolerance topics of the estimate.",
    )
    placement_tolerance: int = setting(0, ge=0)
    placement_window: int = setting(
        3,
        ge=0,
        description="Placement reports the frontier with the most posterior mass within this many "
        "topics either side: the estimate likeliest to be that close (0: the posterior median). "
        "A wrong answer low down splits the posterior between a hole and the frontier, and the "
        "median can land between the two, near neither.",
    )
    placement_short_answers: bool = setting(
        True,
        description="Also ask short-answer items that have accepted answers (graded by exact match "
        "after normalisation); they are far harder to guess than four options.",
    )
    placement_slip: float = setting(
        0.3,
        ge=0.0,
        lt=0.5,
        description="Slip rate placement assumes when weighing a wrong answer on a known topic: "
        "well above the mastery model's 0.1 on purpose. A slip or a hole read as 'the frontier "
        "is here' misplaces a learner by many topics and ten questions cannot undo it, while a "
        "generous placement is checked by the confirmations (and never goes above the highest "
        "right answer); a heavier noise model is robust to learners who slip more than "
        "assumed. Simulated (400 learners with slips 0.05-0.2 and 10% holes, two seeds): "
        "within 3 topics 95.8% and 96.8% at 0.3, 90.0% and 95.5% at 0.2, 88.7% and 92.5% at "
        "0.15; without holes 99-99.5% at each. A mixture over slips 0.1-0.3 did worse (88%).",
    )
    desired_retention: float = setting(
        0.9, gt=0.5, lt=1.0, description="FSRS target recall probability at review time."
    )
    evidence_window_hours: float = setting(
        20.0,
        ge=0.0,
        description="An item's answer updates mastery only if the item gave no evidence in this many "
        "hours: a repeat shortly after its answer was revealed tests memory of the feedback, not "
        "the topic. Repeats still schedule the item's reviews (FSRS). 20 h: once per study day.",
    )
    mastery_min_items: int = setting(
        3,
        ge=1,
        description="Mastered also needs right first attempts on this many distinct items of the "
        "topic within its current learning episode (or all its items, if it has fewer).",
    )
    mastery_needs_recall: bool = setting(
        True,
        description="Mastered also needs right recall answers (short answer, numeric, predict) "
        "within the episode, if the topic has recall items: recognising is not recalling.",
    )
    mastery_recall_items: int = setting(
        2,
        ge=1,
        description="How many distinct recall items the episode needs right (or all the topic "
        "has, if fewer): a guess hits a recall item about one time in ten, so a second one "
        "in the same run of right answers is where luck runs out.",
    )
    mastery_guess_odds: float = setting(
        300.0,
        ge=1.0,
        description="Mastered also needs the topic's counted answers to be this many times likelier "
        "under the mastery model than from someone guessing every one (each item at its guess "
        "rate). The odds are a test martingale under guessing, so however many answers come, a "
        "pure guesser reaches them on a topic with chance at most 1 in this, where the BKT "
        "threshold alone is passed by a lucky streak of four. Simulated (bench/knowledge.py, "
        "200 each, 40 answers): 30 lets 5 guessers and 6 memorisers be declared master, 300 "
        "none and one; 1000 costs honest learners about a third more answers to the goal.",
    )
    drill_evidence_once: bool = setting(
        True,
        description="A drill answer counts as evidence only on the item's first drill answer; "
        "drills repeat items, and speed drills reward recognition.",
    )
    placement_hole_rate: float = setting(
        0.1,
        ge=0.0,
        lt=0.5,
        description="Prior chance that a topic below the learner's frontier is a hole (unknown).",
    )
    placement_confirm_below: float = setting(
        0.95,
        gt=0.5,
        le=1.0,
        description="Placed topics whose P(known) is below this are 'placed, to confirm': one item "
        "each, mixed into learning, most doubtful first. P(known) is placement's posterior "
        "rescaled by the learner's hole rate as confirmations reveal it, so a learner whose "
        "confirmations keep coming back right stops being asked.",
    )
    confirms_in_row: int = setting(
        30,
        ge=1,
        description="While placed topics wait for confirmation, up to this many confirmations in a "
        "row (the most doubtful first), then one piece of new material. Holes are as likely "
        "anywhere below the frontier, so finding them early means confirming most placed "
        "topics early: one question each (two after a miss), where re-teaching a topic costs "
        "a lesson and a dozen answers. Confirmations stop by themselves for a learner whose "
        "answers keep coming back right (see placement_confirm_below). Simulated "
        "(bench/knowledge.py, holes found within the first 100 answers): one question per "
        "topic, 2 in a row found 62%, 4 79%, 10 86%; with a second question after a miss (no "
        "re-teaching after a slip), 20 found 81% and 30 82-83% on two seeds.",
    )
    fire_weight: float = setting(
        0.5,
        ge=0.0,
        le=1.0,
        description="Implicit review: a right answer on a topic defers the due reviews of each "
        "direct prerequisite by this share of a full review's interval; a topic's fire_weight "
        "overrides it for its own prerequisite edges.",
    )
    shaky_below: float = setting(
        0.8,
        gt=0.0,
        lt=1.0,
        description="A mastered topic whose shown mastery (P(learnt) times FSRS's predicted recall "
        "now) falls below this reads as shaky.",
    )
    fire_ahead_hours: float = setting(
        12.0,
        ge=0.0,
        description="Implicit review also credits review cards due within this many hours: a "
        "review due later today is as good as done when the topic (or one built on it) is "
        "exercised now. Simulated learners who know 60 chain topics reach the goal in 11% "
        "fewer answers with 12 than with 0.",
    )
    sibling_review_weight: float = setting(
        1.0,
        ge=0.0,
        le=1.0,
        description="A right answer reviews its topic: the topic's other due items are deferred by "
        "this share of a Good review's interval (1: a topic is reviewed by any one of its items).",
    )
    new_topics_per_day: int = setting(
        20, ge=1, description="At most this many new topics started per day (as Anki's new cards)."
    )
    reviews_per_day: int = setting(
        200, ge=1, description="At most this many review answers per day; the rest wait."
    )
    relearn_limit: int = setting(
        5,
        ge=0,
        description="Items in same-session relearning (a failed review, due again in minutes) at "
        "once; further failures wait for their day rather than flood the queue.",
    )
    pace_prior_answer_seconds: float = setting(
        40.0, gt=0.0, description="Time per answer assumed until the learner has answered 10."
    )
    pace_prior_lesson_seconds: float = setting(
        180.0, gt=0.0, description="Time per lesson assumed until the learner has read 3."
    )
    answers_per_topic_prior: float = setting(
        18.0,
        gt=0.0,
        description="Study answers per topic mastered, reviews of earlier topics included, assumed "
        "until the learner has mastered some: a run of right answers over 3 or more items, 2 "
        "of them recall, with odds of 300 against guessing, takes 8-12 answers on the topic "
        "itself, and reviews of earlier topics add about half as many again (simulated "
        "learners who know 60 chain topics spend about 19 per topic on the rest).",
    )
    snapshot_every: int = setting(
        500,
        ge=1,
        description="Save derived state after this many new events, so opening rarely replays many.",
    )

    def __post_init__(self) -> None:
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            kind = type(f.default)
            if kind is bool:
                ok = isinstance(value, bool)
            else:  # an int is a fine float; a bool is neither here
                ok = not isinstance(value, bool) and isinstance(
                    value, (int, float) if kind is float else int
                )
            if not ok:
                raise ValueError(f"{f.name} must be {kind.__name__}, not {value!r}")
            if kind is float:
                if not math.isfinite(value):
                    raise ValueError(f"{f.name} must be a finite number, not {value!r}")
                object.__setattr__(
                    self, f.name, float(value)
                )  # 1 means 1.0, as the fingerprint spells it
            for name, bound in f.metadata["bounds"].items():
                check, words = _CHECKS[name]
                if not check(value, bound):
                    raise ValueError(f"{f.name} must be {words} {bound}, not {value!r}")
        if self.known_mastery < self.mastery_threshold:
            raise ValueError(
                "known_mastery must be at least mastery_threshold, or a claim could never count"
            )

    def as_dict(self) -> dict[str, float | int | bool]:
        """Every setting by name, in declaration order (the learner state's fingerprint hashes it)."""
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}


def from_settings(pairs: list[str]) -> LearnerConfig:
    """The default settings with ``NAME=VALUE`` overrides (``tutor simulate --set``, benches):
    ValueError with a one-line reason for an unknown name or a value out of its range."""
    defaults = LearnerConfig()
    values: dict[str, float | int | bool] = {}
    for pair in pairs:
        name, sep, text = pair.partition("=")
        name = name.strip()
        if not sep or not hasattr(defaults, name):
            known = ", ".join(defaults.as_dict())
            raise ValueError(f"--set takes NAME=VALUE with NAME one of: {known}; not '{pair}'")
        kind = type(getattr(defaults, name))
        text = text.strip()
        try:
            if kind is bool:
                if text.lower() not in ("true", "false", "1", "0"):
                    raise ValueError(text)
                values[name] = text.lower() in ("true", "1")
            else:
                number = float(text)
                values[name] = int(number) if kind is int and number.is_integer() else number
        except ValueError:
            raise ValueError(f"{name} takes a {kind.__name__}, not '{text}'") from None
    return LearnerConfig(**values)  # type: ignore[arg-type]
