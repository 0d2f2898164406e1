"""Lint rules for items with choices: the classic item-writing flaws.

Length cues aside (a course-level pattern), a choice item can be answered without
the knowledge when an option reads "all of the above" or "always", when two options
are the same, or when the stem's NOT is easy to miss; and a wrong option without
feedback teaches nothing to the learner who picked it. Multiple choice and multiple
response share these rules.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from tutor.items.base import Choice, LintFinding

CHOICE_RULES: dict[str, str] = {
    "all-none-of-the-above": "a choice reads 'all of the above' or 'none of the above'",
    "few-choices": "a multiple-choice item has fewer than 3 choices",
    "near-duplicate-choices": "two choices of an item are nearly the same (same numbers, near-identical words)",
    "negative-stem": "a negative stem (NOT, EXCEPT) without emphasis",
    "absolute-words": "a choice uses an absolute word (always, never)",
    "choice-without-feedback": "a wrong choice has no feedback",
}

NEAR_DUPLICATE_SCORE = 90
"""rapidfuzz ratio (0-100) above which two choices read as the same option."""

_ABSOLUTE = re.compile(r"\b(always|never)\b", re.IGNORECASE)
_ALL_NONE = re.compile(
    r"\b(all|none|both|neither)\s+of\s+(the\s+)?(above|these|them)\b", re.IGNORECASE
)
_EMPHASISED = re.compile(r"(\*\*|__|\*|_)(not|except)\1", re.IGNORECASE)
_NUMERIC = re.compile(r"[-−]?\s?\d+(?:[.,]\d+)*|[⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺]+|[₀₁₂₃₄₅₆₇₈₉₋₊]+")


def normalise(text: str) -> str:
    """Case and punctuation fold; operators stay, so '3 + 5' and '3 × 5' remain different."""
    return " ".join(re.sub(r"[.,;:!?\"'()\[\]`*_]", " ", text.lower()).split())


def _numeric_signature(text: str) -> tuple[str, ...]:
    """The numbers of a choice as written, with their signs, separators and exponents.

    '2.003' and '2,003', 'x = 5' and 'x = −5', '10⁻⁶' and '10⁻⁷' are different
    answers however alike the rest of the text reads, so the near-duplicate
    rule compares these first; the case and punctuation fold would lose them.
    """
    return tuple(m.group(0).replace("−", "-").replace(" ", "") for m in _NUMERIC.finditer(text))


def near_duplicates(a: str, b: str) -> bool:
    """Same numbers (and signs), and words that differ at most in case, punctuation or a slip."""
    from rapidfuzz import fuzz

    if _numeric_signature(a) != _numeric_signature(b):
        return False
    na, nb = (normalise(t.replace("−", "-")) for t in (a, b))
    return na == nb or fuzz.ratio(na, nb) >= NEAR_DUPLICATE_SCORE


def is_negative_stem(prompt: str) -> bool:
    """A stem that asks for the exception ("Which ... is NOT ...?") with the negative unmarked.

    An emphasised **NOT** is fine; a bare NOT or EXCEPT, or a lower-case "not"
    inside a which/what question, is the classic misread.
    """
    bare = _EMPHASISED.sub("", prompt)
    if re.search(r"\b(NOT|EXCEPT)\b", bare) or re.search(r"\bexcept\b", bare, re.IGNORECASE):
        return True
    return bool(re.search(r"\b(which|what)\b[^.?!]*\bnot\b", bare, re.IGNORECASE))


def choice_findings(prompt: str, choices: Sequence[Choice]) -> Iterator[LintFinding]:
    """The findings of :data:`CHOICE_RULES` for one item's prompt and choices."""
    if len(choices) < 3:
        yield ("few-choices", f"{len(choices)} choices; use at least 3", ("choices",))
    if is_negative_stem(prompt):
        yield (
            "negative-stem",
            "asks a negative question; write the NOT/EXCEPT as **NOT** so it is not missed",
            ("prompt",),
        )
    for j, choice in enumerate(choices):
        where = ("choices", j)
        if _ALL_NONE.search(choice.text):
            yield (
                "all-none-of-the-above",
                f"'{choice.text}' can be answered by elimination",
                where,
            )
        absolute = _ABSOLUTE.search(choice.text)
        if absolute:
            yield (
                "absolute-words",
                f"'{absolute.group(0)}' in a choice signals a wrong answer to test-wise learners",
                where,
            )
        if not choice.correct and not (choice.feedback or "").strip():
            yield (
                "choice-without-feedback",
                f"wrong choice {j + 1} has no feedback naming its misconception",
                where,
            )
        for k in range(j):
            if near_duplicates(choice.text, choices[k].text):
                yield (
                    "near-duplicate-choices",
                    f"choices {k + 1} and {j + 1} are nearly the same",
                    where,
                )
