"""What every item type shares: strict models, common fields, and the item protocol.

An item type is one module in this package: a pydantic model deriving from
:class:`ItemBase` (a member of the content schema's discriminated union) that
grades its own responses, names its right answer, describes a response, checks
itself for lint, and answers like a simulated learner would. The engine, the
screens and the authoring tools call these methods instead of testing types, so a
new type touches its module and its widget, not every caller.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from typing import Annotated, Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from tutor.items.grade import Grade

Slug = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", min_length=1, max_length=80),
]
"""Lower-case words joined by hyphens: stable ids that survive title edits."""

Text = Annotated[str, StringConstraints(min_length=1)]

LETTERS = "abcdefghijklmnopqrstuvwxyz"


class Strict(BaseModel):
    """Base: unknown fields are errors, types are never coerced, instances frozen.

    ``defer_build``: the validators are built on the first validation, not at import. The
    app's usual start-up reads the course from the cache and validates nothing, and
    building them for every model here cost about 40 ms of its start-up.
    """

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, defer_build=True)


class ShowMe(Strict):
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


LintFinding = tuple[str, str, tuple[str | int, ...]]
"""(rule id, message, path inside the item) of one per-item lint finding."""


class ItemBase(Strict):
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
    lint_ignore: list[Slug] = Field(
        default_factory=list,
        description="Lint rule ids to silence for this item only, e.g. [longest-choice-correct].",
    )

    LINT_RULES: ClassVar[dict[str, str]] = {}
    """The per-item lint rules this type checks: rule id -> what it flags."""

    def grade(self, response: Any, synonyms: Sequence[Sequence[str]] = ()) -> Grade:
        """Grade one response; a response of the wrong shape is a ``ValueError``.

        ``synonyms`` are the topic's groups of interchangeable words, for types that
        read free text.
        """
        raise NotImplementedError

    def placement_eligible(self, short_answers: bool) -> bool:
        """Whether placement may ask this item: graded exactly and at once (see ``kinds``).

        ``short_answers`` is the learner setting that lets typed answers in.
        """
        from tutor.items.kinds import KINDS

        return KINDS[self.type].placement  # type: ignore[attr-defined]

    def show_me_ref(self) -> ShowMe | None:
        """The experiment "show me" runs for this item (else the topic's)."""
        return self.show_me

    def may_show_me(self, answered: bool) -> bool:
        """Whether "show me" may run now; a type whose answer an experiment reveals says no
        until the learner has answered."""
        return True

    def answer_text(self) -> str:
        """The right answer in words, shown after a wrong answer ("" when the explanation says it)."""
        return ""

    def describe_response(self, response: Any) -> str:
        """A learner's response as a line of text, for score screens and reports."""
        return "" if response is None else str(response)

    def feedback_for(self, response: Any) -> str | None:
        """Feedback this response earns before the explanation (a choice's, a wrong value's)."""
        try:
            return self.grade(response).feedback
        except (ValueError, NotImplementedError):
            return None

    def lint(self) -> Iterator[LintFinding]:
        """Findings of this type's own lint rules."""
        return iter(())

    def simulated_response(self, right: bool, rng: random.Random) -> Any:
        """A response a simulated learner gives, right or wrong."""
        raise NotImplementedError


class Choice(Strict):
    """One option of a multiple-choice item."""

    text: Text = Field(description="The option as shown to the learner.")
    correct: bool = Field(default=False, description="Exactly one choice of an item is correct.")
    feedback: str | None = Field(
        default=None,
        description="Shown when the learner picks this choice; for a wrong choice, name the misconception.",
    )
    id: Slug | None = Field(
        default=None,
        description="Stable id of the choice in answer logs and statistics; by default the letter of its written position (a, b, c...). Set ids before reordering the choices of an item learners have answered.",
    )


def choice_ids(choices: Sequence[Choice]) -> list[str]:
    """Each choice's stable id: its own, or the letter of its written position."""
    return [c.id or LETTERS[i] for i, c in enumerate(choices)]


def choice_index(choices: Sequence[Choice], response: object) -> int:
    """The written position of a chosen choice, from its id or (older logs) its position."""
    if isinstance(response, str):
        ids = choice_ids(choices)
        if response in ids:
            return ids.index(response)
        raise ValueError(f"no choice has the id {response!r}; the ids are {', '.join(ids)}")
    if isinstance(response, bool) or not isinstance(response, int):
        raise ValueError(f"a choice is named by its id, not {type(response).__name__}")
    if not 0 <= response < len(choices):
        raise ValueError(f"choice {response} is out of range: the item has {len(choices)} choices")
    return response


def display_order(n: int, key: str, shuffle: bool = True) -> list[int]:
    """The order to show ``n`` choices in: a permutation fixed by ``key``.

    The caller makes the key from the learner and the attempt, so each learner sees
    a fresh order on each attempt and a test can reproduce one. ``shuffle=False``
    (ordered choices such as "1, 2, 4, 8") keeps the written order.
    """
    order = list(range(n))
    if shuffle:
        random.Random(key).shuffle(order)
    return order
