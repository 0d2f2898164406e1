"""The content schema: the single source of truth for what a topic file may hold.

The JSON Schema that editors use (``tutor schema``) and the field reference in
AUTHORING.md are generated from these models, so documentation cannot drift from
what the loader accepts. Models are strict: YAML 1.1 turns ``no`` into a boolean
and ``3.10`` into 3.1, and lax coercion would hide exactly those surprises.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"

Slug = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", min_length=1, max_length=80),
]
"""Lower-case words joined by hyphens: stable ids that survive title edits."""

Text = Annotated[str, StringConstraints(min_length=1)]

Level = Literal["elementary", "middle-school", "high-school", "undergraduate", "graduate"]
LEVELS: tuple[str, ...] = (
    "elementary",
    "middle-school",
    "high-school",
    "undergraduate",
    "graduate",
)


class _Strict(BaseModel):
    """Base: unknown fields are errors, types are never coerced, instances frozen.

    ``defer_build``: the validators are built on the first validation, not at import. The
    app's usual start-up reads the course from the cache and validates nothing, and
    building them for every model here cost about 40 ms of its start-up.
    """

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, defer_build=True)


class ShowMe(_Strict):
    """A reference to a lab experiment that a learner can run with "show me"."""

    experiment: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")] = Field(
        description="Name of the experiment, as listed by `tutor show --list`."
    )
    params: dict[str, Any] = Field(
        default_factory=dict,
        description="Parameters for the experiment; checked against its parameter model at load time.",
    )
    caption: str | None = Field(
        default=None, description="One sentence telling the learner what to look for in the result."
    )


class BKTParams(_Strict):
    """Per-topic overrides of the Bayesian Knowledge Tracing parameters."""

    p_init: float | None = Field(
        default=None, ge=0.0, le=1.0, description="Prior probability the topic is already known."
    )
    p_learn: float | None = Field(
        default=None,
        ge=0.0,
        le=1.0,
        description="Probability of learning the topic at each practice opportunity.",
    )
    p_slip: float | None = Field(
        default=None,
        ge=0.0,
        le=0.5,
        description="Probability a learner who knows the topic answers wrongly.",
    )
    p_guess: float | None = Field(
        default=None,
        ge=0.0,
        le=0.5,
        description="Probability a learner who does not know the topic answers rightly; by default derived from the item type.",
    )


class _ItemBase(_Strict):
    id: Slug = Field(description="Unique id of the item across the whole course.")
    prompt: Text = Field(description="The question as the learner sees it (Markdown).")
    explanation: str = Field(
        description="Why the correct answer is correct; shown after every answer, right or wrong."
    )
    tags: list[Slug] = Field(
        default_factory=list, description="Extra tags for drills, on top of the topic's tags."
    )
    interview: bool = Field(
        default=False, description="Marks a model interview answer to rehearse in interview drills."
    )
    show_me: ShowMe | None = Field(
        default=None, description="An experiment that shows this item's point."
    )
    hints: list[Text] = Field(
        default_factory=list,
        description="A ladder of hints (Markdown), each more telling than the last, that the "
        "learner reveals one at a time before answering; an answer after a hint earns less credit.",
    )
    worked_solution: Text | None = Field(
        default=None,
        description="The last rung of the hint ladder: the worked solution (Markdown); an answer "
        "given after seeing it counts as not recalled.",
    )


class Choice(_Strict):
    """One option of a multiple-choice item."""

    text: Text = Field(description="The option as shown to the learner.")
    correct: bool = Field(default=False, description="Exactly one choice of an item is correct.")
    feedback: str | None = Field(
        default=None,
        description="Shown when the learner picks this choice; for a wrong choice, name the misconception.",
    )


class MultipleChoice(_ItemBase):
    """A question with several options, exactly one of them correct."""

    type: Literal["multiple_choice"] = Field(description="Item type.")
    choices: list[Choice] = Field(
        min_length=2, max_length=10, description="The options, in display order."
    )

    @model_validator(mode="after")
    def _one_correct(self) -> MultipleChoice:
        n = sum(c.correct for c in self.choices)
        if n != 1:
            raise ValueError(f"a multiple-choice item needs exactly one correct choice; it has {n}")
        return self

    @property
    def correct_index(self) -> int:
        return next(i for i, c in enumerate(self.choices) if c.correct)


class TrueFalse(_ItemBase):
    """A statement the learner marks true or false."""

    type: Literal["true_false"] = Field(description="Item type.")
    answer: bool = Field(description="Whether the statement in `prompt` is true.")
    wrong_feedback: str | None = Field(
        default=None, description="Shown only after a wrong answer, before the explanation."
    )


class WrongAnswer(_Strict):
    """An anticipated wrong answer and the feedback it deserves."""

    answer: Text = Field(description="The wrong answer as a learner might type it.")
    feedback: Text = Field(description="What is wrong with it.")


class ShortAnswer(_ItemBase):
    """A question answered in the learner's own words, graded against a model answer."""

    type: Literal["short_answer"] = Field(description="Item type.")
    model_answer: Text = Field(description="A complete answer, shown after the learner submits.")
    accepted_answers: list[Text] = Field(
        default_factory=list,
        description="Short answers accepted as fully correct (compared case- and space-insensitively).",
    )
    wrong_answers: list[WrongAnswer] = Field(
        default_factory=list, description="Anticipated wrong answers with feedback."
    )
    key_points: list[Text] = Field(
        default_factory=list,
        description="The 3-5 points a good answer covers; used to grade longer answers.",
    )


Item = Annotated[MultipleChoice | TrueFalse | ShortAnswer, Field(discriminator="type")]
ITEM_TYPES: tuple[str, ...] = ("multiple_choice", "true_false", "short_answer")


class Topic(_Strict):
    """One topic: one YAML file. Topics name their prerequisites; together they form a DAG."""

    model_config = ConfigDict(
        title="tutor topic",
        json_schema_extra={"description": "One topic of a tutor course (one YAML file)."},
    )

    id: Slug = Field(description="Unique id of the topic; other topics name it in `prerequisites`.")
    title: Text = Field(description="Display title; need not be unique.")
    level: Level = Field(description="Who the topic is pitched at.")
    tags: list[Slug] = Field(default_factory=list, description="Tags for filtering and drills.")
    prerequisites: list[Slug] = Field(
        default_factory=list, description="Ids of the topics to master before this one."
    )
    core_idea: Text = Field(description="The one idea to take away, in a sentence or three.")
    how_best_learned: str | None = Field(
        default=None, description="How a learner best comes to understand it."
    )
    explainer: str = Field(default="", description="The lesson, in Markdown.")
    show_me: list[ShowMe] = Field(
        default_factory=list, description="Experiments that illustrate the topic."
    )
    bkt: BKTParams | None = Field(
        default=None, description="Overrides of the mastery model's parameters for this topic."
    )
    items: list[Item] = Field(default_factory=list, description="Practice questions.")
    lint_ignore: list[Slug] = Field(
        default_factory=list,
        description="Lint rule ids to silence for this topic and its items, e.g. [duplicate-title] where two topics share a title on purpose.",
    )


ITEM_MODELS: dict[str, type[_ItemBase]] = {
    "multiple_choice": MultipleChoice,
    "true_false": TrueFalse,
    "short_answer": ShortAnswer,
}
