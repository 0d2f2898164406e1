"""The content schema: the single source of truth for what a topic file may hold.

The JSON Schema that editors use (``tutor schema``) and the field reference in
AUTHORING.md are generated from these models, so documentation cannot drift from
what the loader accepts. Models are strict: YAML 1.1 turns ``no`` into a boolean
and ``3.10`` into 3.1, and lax coercion would hide exactly those surprises.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import ConfigDict, Field

from tutor.items.base import Choice as Choice
from tutor.items.base import ItemBase, Slug, Strict, Text
from tutor.items.base import ShowMe as ShowMe
from tutor.items.multiple_choice import MultipleChoice
from tutor.items.multiple_response import MultipleResponse
from tutor.items.multiple_response import ResponseChoice as ResponseChoice
from tutor.items.numeric import Numeric
from tutor.items.numeric import Tolerance as Tolerance
from tutor.items.numeric import WrongValue as WrongValue
from tutor.items.predict import Predict
from tutor.items.predict import PredictOption as PredictOption
from tutor.items.predict import Slider as Slider
from tutor.items.short_answer import CheckAnswer as CheckAnswer
from tutor.items.short_answer import PartialAnswer as PartialAnswer
from tutor.items.short_answer import ShortAnswer
from tutor.items.short_answer import WrongAnswer as WrongAnswer
from tutor.items.true_false import TrueFalse

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"

Level = Literal["elementary", "middle-school", "high-school", "undergraduate", "graduate"]
LEVELS: tuple[str, ...] = (
    "elementary",
    "middle-school",
    "high-school",
    "undergraduate",
    "graduate",
)

_Strict = Strict
_ItemBase = ItemBase


class BKTParams(_Strict):
    """Per-topic overrides of the Bayesian Knowledge Tracing parameters."""

    fire_weight: float | None = Field(
        default=None,
        ge=0.0,
        le=1.0,
        description="Implicit review: the share of a review that a right answer on this topic "
        "gives each of its direct prerequisites (default 0.5; 0 for a prerequisite it barely uses).",
    )

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


Item = Annotated[
    MultipleChoice | TrueFalse | ShortAnswer | Numeric | MultipleResponse | Predict,
    Field(discriminator="type"),
]


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
    synonyms: list[Annotated[list[Text], Field(min_length=2)]] = Field(
        default_factory=list,
        description="Groups of words or phrases the grader treats as the same in this topic's short answers, e.g. [backward pass, backpropagation, backprop]: the first is the canonical form.",
    )
    lint_ignore: list[Slug] = Field(
        default_factory=list,
        description="Lint rule ids to silence for this topic and its items, e.g. [duplicate-title] where two topics share a title on purpose.",
    )


ITEM_MODELS: dict[str, type[ItemBase]] = {
    "multiple_choice": MultipleChoice,
    "true_false": TrueFalse,
    "short_answer": ShortAnswer,
    "numeric": Numeric,
    "multiple_response": MultipleResponse,
    "predict": Predict,
}
ITEM_TYPES: tuple[str, ...] = tuple(ITEM_MODELS)
