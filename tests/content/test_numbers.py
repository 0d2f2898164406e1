"""Numbers in the content are recomputed: powers, derivative maxima, measured ratios.

Only text that asserts something is checked as true: explainers, core ideas,
explanations, model answers, feedback, correct choices and true statements.
Wrong choices and false true/false statements are expected to be false, so a
power claim in one of those must NOT hold.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tutor.content.claims import find_power_claims
from tutor.content.course import Course
from tutor.content.loader import load_course
from tutor.content.schema import MultipleChoice, ShortAnswer, TrueFalse

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def course() -> Course:
    return load_course([ROOT / "content"])


def asserted_texts(course: Course) -> Iterator[tuple[str, str, bool]]:
    """(where, text, asserted true?) for every text field of the course."""
    for topic in course.topics.values():
        for name in ("core_idea", "how_best_learned", "explainer"):
            yield f"{topic.id}.{name}", getattr(topic, name) or "", True
        for ref in topic.show_me:
            yield f"{topic.id}.show_me", ref.caption or "", True
        for item in topic.items:
            where = f"{topic.id}/{item.id}"
            yield f"{where}.explanation", item.explanation, True
            if isinstance(item, TrueFalse):
                yield f"{where}.prompt", item.prompt, item.answer
                yield f"{where}.wrong_feedback", item.wrong_feedback or "", True
            if isinstance(item, MultipleChoice):
                for j, choice in enumerate(item.choices):
                    yield f"{where}.choices[{j}]", choice.text, choice.correct
                    yield f"{where}.choices[{j}].feedback", choice.feedback or "", True
            if isinstance(item, ShortAnswer):
                yield f"{where}.model_answer", item.model_answer, True
                for w in item.wrong_answers:
                    yield f"{where}.wrong_answers", w.feedback, True
            if item.show_me is not None:
                yield f"{where}.show_me", item.show_me.caption or "", True


def test_power_claims_hold(course: Course) -> None:
    checked, wrong = 0, []
    for where, text, asserted in asserted_texts(course):
        for claim in find_power_claims(text):
            checked += 1
            if claim.holds() != asserted:
                verdict = "false" if asserted else "true, in a statement meant to be false"
                wrong.append(f"{where}: '{claim.text}' is {verdict} ({claim.base}^{claim.exponent} = {claim.computed:.3g})")
    assert wrong == []
    assert checked >= 3, "the course states 0.25^10 and 0.2^15; the parser must find them"


def test_the_two_headline_figures_are_stated(course: Course) -> None:
    vgp = " ".join(text for where, text, ok in asserted_texts(course) if where.startswith("vanishing-gradient-problem") and ok)
    bases = {(c.base, c.exponent) for c in find_power_claims(vgp)}
    assert (0.25, 10) in bases and (0.2, 15) in bases
