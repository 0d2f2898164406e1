"""Grading one response to one item: a verdict, a suggested rating, and why.

Multiple-choice and true/false items are graded exactly. Short answers go
through a cascade, first match wins:

1. **written form**: the normalised response equals an accepted answer
   (accepted) or an anticipated wrong answer (its feedback is returned).
2. **value**, for numeric items (an accepted answer is a number): a response
   of the same value as an accepted answer (``1/8`` for ``0.125``, ``−3`` for
   ``-3``) is accepted, of a wrong answer's value gets that feedback; a longer
   response is right when it concludes with an accepted value (first value or
   the end of a sentence), gets the feedback of the last wrong value it states
   when it never states an accepted one, and one stating only other numbers
   cannot be passed by its key points. When a
   wrong answer has the value of an accepted one (45/100 against 9/20), the
   item asks for a form and values are not used.
3. **fuzzy**: a spelling slip in a word answer (one or two edits in long words),
   against accepted and wrong answers alike; numbers and short words must match
   exactly, so ``12`` never passes for ``13`` nor ``ELU`` for ``ReLU``.
4. **key_points**: for longer answers, which key points the response covers,
   by shared content words (up to inflection, typos and a few synonyms); the
   share covered sets the rating.

Everything is deterministic: no model, no randomness, thresholds are named
constants below. The grader suggests a rating; the learner confirms it, so a
borderline call costs one keypress, never a wrong mastery update.
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass

from tutor.content.schema import Item, ShortAnswer, WrongAnswer
from tutor.items.grade import Grade, Rating
from tutor.learner import text_norm

__all__ = ["Grade", "Rating", "grade"]


# -- thresholds ------------------------------------------------------------------

FUZZY_MIN_WORD_LENGTH = 5
"""Only words this long may differ by a typo. One edit turns 4-letter answers into
other real answers (tanh/tang, relu/elu are one or two edits apart)."""
FUZZY_LONG_WORD_LENGTH = 9
"""Words this long may carry two edits ("backpropogation", "vanishng"); shorter ones one."""
NUMBER_REL_TOL = 1e-9
"""Two numbers are the same answer when they agree to this relative tolerance:
tight enough that 0.125 and 0.126 differ, loose enough to absorb float rounding
of forms like 3.3×10^4 or √(2/128)."""
KEY_POINT_MIN_COVERAGE = 0.5
"""A key point counts as covered when the answer contains at least half of its
content words (concepts)..."""
KEY_POINT_MIN_WORDS = 2
"""...and at least two of them (or all, for a one-word key point), so a single
shared word such as "gradient" never covers a point on its own."""
GOOD_MIN_SHARE = 0.75
"""Covering at least three quarters of the key points (3 of 4, 4 of 5, all of
3) is a good answer: the rest is usually phrasing the overlap measure misses."""
HARD_MIN_SHARE = 0.5
"""Covering at least half is correct but incomplete: HARD. Below half, AGAIN."""
STEM_SUFFIXES = frozenset(
    [
        "s",
        "es",
        "ed",
        "d",
        "ing",
        "ly",
        "er",
        "ers",
        "ion",
        "ions",
        "ation",
        "ations",
        "ization",
        "izations",
        "ize",
        "ized",
        "izes",
        "izing",
        "e",
        "y",
        "ies",
        "ied",
        "ity",
        "al",
        "ally",
        "ment",
        "ments",
        "ive",
        "age",
    ]
)
"""Endings two words may differ by and still share a stem (multiply/multiplies,
saturate/saturation). Both leftovers must be in this set, so gradient/grade differ."""
STEM_MIN_LENGTH = 3
SYNONYMS: tuple[frozenset[str], ...] = tuple(
    frozenset(group.split())
    for group in (
        "early first bottom",  # layers near the input
        "late last top final",  # layers near the output
        "train learn",
        "shrink decrease diminish decay reduce",
        "grow increase rise",
        "small tiny",
        "large big huge",
        "multiply times product",
        "add sum plus total",
        "gradient derivative slope",
        "check verify confirm",
    )
)
"""Words a key point may be covered by in place of one another, with their inflections
("first layers" covers "early layers", "the product of" covers "multiplies"). Few and
plain on purpose: each group holds words a teacher would accept for each other in
this course's answers, never opposites. Number words are not here: "one" in a key
point is mostly not a number ("one local derivative per layer"), and pairing number
words with digits tripled the key points that other items' model answers cover."""
MAX_RESPONSE_CHARS = 20_000
"""Only this much of a response is graded: several pages of prose, far beyond any
real answer, and a bound on the work a pasted novel can cause."""


def grade(item: Item, response: object) -> Grade:
    """Grade ``response`` against ``item``.

    Short answers take the cascade above; every other type grades itself (see
    ``tutor.items``). A response of the wrong type or an unknown choice is a
    ``ValueError`` (a caller bug or corrupt input, never a silent "wrong").
    """
    if isinstance(item, ShortAnswer):
        if not isinstance(response, str):
            raise ValueError(
                f"a short-answer item takes a text response, not {type(response).__name__}"
            )
        return _grade_short(item, response)
    return item.grade(response)


# -- short answers ----------------------------------------------------------------


def _same_number(a: float | None, b: float | None) -> bool:
    return (
        a is not None
        and b is not None
        and math.isclose(a, b, rel_tol=NUMBER_REL_TOL, abs_tol=1e-15)
    )


def _grade_short(item: ShortAnswer, response: str) -> Grade:
    response = response[:MAX_RESPONSE_CHARS]
    if not text_norm.tokens(response):
        return _none(item)
    canon = text_norm.normalise(response)
    # Written forms first: an author who lists "45/100" as wrong for "9/20" means
    # the form, so an exact wrong answer beats an accepted answer of equal value.
    for accepted in item.accepted_answers:
        if _written(accepted, canon):
            return _right("accepted", 1.0, item.answer_feedback.get(accepted))
    for partial in item.partial_answers:
        if _written(partial.answer, canon):
            return Grade(True, Rating.HARD, "partial", partial.feedback, score=partial.credit)
    for wrong in item.wrong_answers:
        if _written(wrong.answer, canon):
            return _wrong(item, wrong.feedback)

    numbers = _NumericKey.of(item)
    if numbers is not None:
        value = text_norm.numeric_value(response)
        if value is not None:
            if numbers.is_accepted(value):
                return _right("accepted", 1.0)
            wrong_by_value = numbers.wrong_answer(value)
            if wrong_by_value is not None:
                return _wrong(item, wrong_by_value.feedback)
        verdict = _numbers_decide(item, numbers, response)
        if verdict is not None:
            return verdict

    fuzzy = _fuzzy(item, response)
    if fuzzy is not None:
        return fuzzy

    if not item.key_points:
        return _none(item)
    # A numeric item answered with other numbers only: the key points are reported, but cannot pass it.
    capped = numbers is not None and _states_only_other_numbers(numbers, response)
    return _key_point_grade(item, response, cap=capped)


def _written(answer: str, canon: str) -> bool:
    """A listed answer matches the normalised response; ``*`` in it matches any text (Moodle)."""
    if "*" not in answer:
        return canon == text_norm.normalise(answer)
    parts = [text_norm.normalise(p) for p in answer.split("*")]
    head, *middle, tail = parts
    if not canon.startswith(head) or len(canon) < len(head) + len(tail):
        return False
    at, end = len(head), len(canon) - len(tail)
    if not canon.endswith(tail):
        return False
    for part in middle:  # leftmost matches: linear, and right whenever any match exists
        found = canon.find(part, at, end)
        if found < 0:
            return False
        at = found + len(part)
    return True


def _right(method: str, score: float, feedback: str | None = None) -> Grade:
    return Grade(
        correct=True, suggested_rating=Rating.GOOD, method=method, feedback=feedback, score=score
    )


def _wrong(item: ShortAnswer, feedback: str) -> Grade:
    return Grade(
        correct=False,
        suggested_rating=Rating.AGAIN,
        method="wrong_answer",
        feedback=feedback,
        key_points_missed=tuple(item.key_points),
    )


def _none(item: ShortAnswer) -> Grade:
    return Grade(
        correct=False,
        suggested_rating=Rating.AGAIN,
        method="none",
        feedback=None,
        key_points_missed=tuple(item.key_points),
    )


@dataclass(frozen=True)
class _NumericKey:
    """The values of a numeric item's accepted and anticipated wrong answers."""

    accepted: tuple[float, ...]
    wrong: tuple[tuple[float, WrongAnswer], ...]

    @classmethod
    def of(cls, item: ShortAnswer) -> _NumericKey | None:
        """None for items that are not numeric, or whose form matters.

        An item is numeric when an accepted answer is a number. When an
        anticipated wrong answer has the same value as an accepted one (45/100
        against 9/20, "simplest form"), the form is what is asked, and values
        must not decide: only the written forms above do.
        """
        accepted = tuple(
            v for v in map(text_norm.numeric_value, item.accepted_answers) if v is not None
        )
        if not accepted:
            return None
        wrong = tuple(
            (v, w)
            for w in item.wrong_answers
            if (v := text_norm.numeric_value(w.answer)) is not None
        )
        if any(_same_number(v, a) for v, _ in wrong for a in accepted):
            return None
        return cls(accepted, wrong)

    def is_accepted(self, value: float) -> bool:
        return any(_same_number(value, a) for a in self.accepted)

    def wrong_answer(self, value: float) -> WrongAnswer | None:
        return next((w for v, w in self.wrong if _same_number(value, v)), None)


_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+")
_CONCLUDING_WORD = re.compile(r"\b(?:so|therefore|thus|hence|answer|result|total)\b", re.IGNORECASE)


def _conclusions(response: str) -> list[float]:
    """The values a response concludes with.

    Those are its first value, the last value of each sentence, and the first
    value after a concluding word (so, therefore, thus, hence, answer, result,
    total). Answers lead with the result ("512: one scale and one shift per
    feature"), end a sentence on it ("..., so y = 2 - 2 x 1 = 0. Together
    with ...") or announce it ("so the factor is 0.25^5, one part in 1024");
    the numbers in between are working: inputs, intermediate steps and asides,
    some of them the very mistakes the item anticipates.
    """
    found: list[float] = []
    for sentence in _SENTENCE_END.split(response):
        values = text_norm.values_in(sentence)
        if not values:
            continue
        if not found:
            found.append(values[0])
        found.append(values[-1])
        for marker in _CONCLUDING_WORD.finditer(sentence):
            after = text_norm.values_in(sentence[marker.end() :])
            if after:
                found.append(after[0])
    return found


def _numbers_decide(item: ShortAnswer, numbers: _NumericKey, response: str) -> Grade | None:
    """A longer answer to a numeric item, judged by the values it states.

    1. a concluding value (see ``_conclusions``) is accepted -> accepted;
    2. no accepted value anywhere, and an anticipated wrong value stated -> the
       feedback of the last one stated;
    3. otherwise None: the key points decide, capped by the caller when the
       response states numbers but never an accepted one.

    The accepted value merely mentioned mid-working does not pass an answer:
    elementary items have small answers that any explanation may contain. A
    hedge that ends on the right value ("16384 or 32768") passes; the learner
    confirms every rating, so a rare hedge costs less than a strict reading
    that fails worked answers.
    """
    stated = text_norm.values_in(response)
    if not stated:
        return None
    if any(numbers.is_accepted(v) for v in _conclusions(response)):
        return _right("accepted", 1.0)
    if any(numbers.is_accepted(v) for v in stated):
        return None
    for v in reversed(stated):
        wrong = numbers.wrong_answer(v)
        if wrong is not None:
            return _wrong(item, wrong.feedback)
    return None


def _states_only_other_numbers(numbers: _NumericKey, response: str) -> bool:
    stated = text_norm.values_in(response)
    return bool(stated) and not any(numbers.is_accepted(v) for v in stated)


def _word_distance(a: str, b: str) -> int | None:
    """Edits between two answer words, or None when they may not differ at all."""
    if a == b:
        return 0
    if min(len(a), len(b)) < FUZZY_MIN_WORD_LENGTH or not (a.isalpha() and b.isalpha()):
        return None
    budget = 2 if min(len(a), len(b)) >= FUZZY_LONG_WORD_LENGTH else 1
    from rapidfuzz.distance import (
        OSA,  # imported on the first typo check: not needed to start the app
    )

    d = OSA.distance(a, b, score_cutoff=budget)
    return d if d <= budget else None


def _answer_distance(response: list[str], candidate: list[str]) -> int | None:
    """Total typo edits between two token lists, or None when they are different answers.

    Answers must have the same words in the same order; each word may carry a
    typo only if it is long enough. Spacing slips ("back propagation") count
    as a match with no edits.
    """
    if "".join(response) == "".join(candidate) and any(t.isalpha() for t in candidate):
        return 0
    if len(response) != len(candidate):
        return None
    total = 0
    for a, b in zip(response, candidate):
        d = _word_distance(a, b)
        if d is None:
            return None
        total += d
    return total


def _fuzzy(item: ShortAnswer, response: str) -> Grade | None:
    """A typo'd word answer: the nearest of accepted and wrong answers, if unambiguous."""
    ts = text_norm.comparable_tokens(response)
    if text_norm.numeric_value(response) is not None:
        return None
    best_right = min(
        (
            d
            for a in item.accepted_answers
            if (d := _answer_distance(ts, text_norm.comparable_tokens(a))) is not None
        ),
        default=None,
    )
    wrong_hits = [
        (d, w)
        for w in item.wrong_answers
        if (d := _answer_distance(ts, text_norm.comparable_tokens(w.answer))) is not None
    ]
    best_wrong = min(wrong_hits, key=lambda x: x[0], default=None)
    if best_right is not None and (best_wrong is None or best_right < best_wrong[0]):
        length = max(1, len("".join(ts)))
        return _right("fuzzy", round(1.0 - best_right / length, 4))
    if best_wrong is not None and (best_right is None or best_wrong[0] < best_right):
        return _wrong(item, best_wrong[1].feedback)
    return None


def _same_stem(a: str, b: str) -> bool:
    """Whether two words differ only by an inflection (layer/layers, explode/exploding)."""
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n >= STEM_MIN_LENGTH and a[n:] in STEM_SUFFIXES | {""} and b[n:] in STEM_SUFFIXES | {""}


@functools.lru_cache(maxsize=4096)
def _synonyms(word: str) -> tuple[str, ...]:
    """The word itself, then its synonyms (:data:`SYNONYMS`), matched up to inflection."""
    found = [word]
    if word.isalpha():
        for group in SYNONYMS:
            if any(word == member or _same_stem(word, member) for member in group):
                found += sorted(group - {word})
    return tuple(found)


def _word_covered(word: str, words: set[str]) -> bool:
    for candidate in _synonyms(word):
        if candidate in words:
            return True
        if not candidate.isalpha():
            continue  # numbers and symbols must appear exactly
        for w in words:
            if w.isalpha() and (
                _same_stem(candidate, w) or _word_distance(candidate, w) is not None
            ):
                return True
    return False


def key_point_covered(key_point: str, words: set[str]) -> bool:
    """Whether an answer with content ``words`` covers ``key_point`` (see the thresholds)."""
    concepts = text_norm.concepts(key_point)
    if not concepts:
        return False
    hit = sum(
        1
        for parts, joined in concepts
        if (joined is not None and _word_covered(joined, words))
        or all(_word_covered(p, words) for p in parts)
    )
    needed = max(
        min(len(concepts), KEY_POINT_MIN_WORDS), math.ceil(len(concepts) * KEY_POINT_MIN_COVERAGE)
    )
    return hit >= needed


def rating_for_share(share: float) -> Rating:
    """The suggested rating for the share of key points covered."""
    if share >= GOOD_MIN_SHARE:
        return Rating.GOOD
    if share >= HARD_MIN_SHARE:
        return Rating.HARD
    return Rating.AGAIN


def _key_point_grade(item: ShortAnswer, response: str, *, cap: bool) -> Grade:
    """Coverage of the key points; ``cap`` (a numeric item answered with another
    number) keeps the verdict wrong whatever the coverage, but still reports it."""
    words = text_norm.answer_words(response)
    hit = tuple(k for k in item.key_points if key_point_covered(k, words))
    missed = tuple(k for k in item.key_points if k not in hit)
    share = len(hit) / len(item.key_points)
    rating = Rating.AGAIN if cap else rating_for_share(share)
    return Grade(
        correct=rating >= Rating.HARD,
        suggested_rating=rating,
        method="key_points",
        feedback=None,
        key_points_hit=hit,
        key_points_missed=missed,
        score=round(share, 4),
    )
