"""Grading a short answer: a verdict, a suggested rating, a confidence, and why.

A cascade, first match wins:

1. **written form**: the normalised response equals an accepted answer (accepted) or
   an anticipated wrong answer (its feedback is returned).
2. **value**, for numeric items (an accepted answer is a number): a response that is
   one number, in digits or words ("one eighth", "roughly 33 thousand"), is compared
   with the accepted values under the item's tolerance (:mod:`tutor.grading.numbers`);
   a longer response is judged by the numbers it concludes with, leaving out numbers
   it denies ("not 1/1024"), gives as reasons ("because h2 is 0") or quotes inside a
   formula (the 0 of max(0, z)). A number just outside the tolerance makes the grader
   unsure.
3. **fuzzy**: a spelling slip in a word answer (one or two edits in long words).
4. **key points**: for longer answers, which key points the response covers, clause
   by clause (:mod:`tutor.grading.clauses`): a point counts only from clauses that
   assert it, and one that a clause denies is *contradicted*. Words match up to
   lemma, derivation, spelling slips and synonyms (:mod:`tutor.grading.words`).
   Ordered items (steps of an algorithm) lose the steps given out of order.

Ratings: most key points and nothing contradicted is Good; some key points and
nothing contradicted is Hard (a partial answer); a contradicted point beside covered
ones, or a point only half covered in an otherwise empty answer, is *unsure*: the
learner compares with the model answer and rates, with no suggestion preselected.

Everything is deterministic: no model, no randomness, thresholds are named constants.
This module grades plain data (:class:`ShortAnswerSpec`): it imports no content model.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Protocol

from tutor.grading import clauses, numbers, text_norm, words
from tutor.grading.result import Grade, Rating

KEY_POINT_MIN_COVERAGE = 0.5
"""A key point counts as covered when the answer asserts at least half of its concepts..."""
KEY_POINT_MIN_WORDS = 2
"""...and at least two of them (or all, for a one-word key point), so a single shared
word such as "gradient" never covers a point on its own."""
CONTRADICTION_MIN_SHARE = 0.34
"""A clause that denies at least this share of a point's concepts (and two of them)
contradicts the point."""
CONTRADICTION_OF_DENIAL_SHARE = 0.6
"""An asserting clause contradicts a claim the point denies ("it recovers by itself"
against "it cannot recover") when it holds this share of the claim's own words."""
GOOD_MIN_SHARE = 0.75
"""Covering at least three quarters of the key points is a good answer."""
MAX_RESPONSE_CHARS = 20_000
"""Only this much of a response is graded: a bound on the work a pasted novel can cause."""
SHORT_ANSWER_WORDS = 5
"""A response this short holding one number is that number ("roughly 33 thousand",
"16 pieces"); a longer one is judged by the numbers it concludes with."""
UNSURE_CONFIDENCE = 0.3
SURE_CONFIDENCE = 0.9


class WrongAnswerSpec(Protocol):
    @property
    def answer(self) -> str: ...
    @property
    def feedback(self) -> str: ...


class ShortAnswerSpec(Protocol):
    """What grading needs of a short-answer item (the content's ShortAnswer has it)."""

    @property
    def accepted_answers(self) -> Sequence[str]: ...
    @property
    def wrong_answers(self) -> Sequence[WrongAnswerSpec]: ...
    @property
    def key_points(self) -> Sequence[str]: ...
    @property
    def ordered(self) -> bool: ...
    @property
    def tolerance(self) -> float | None: ...
    @property
    def sig_figs(self) -> int | None: ...
    @property
    def approximate(self) -> bool: ...


def tolerance_of(spec: ShortAnswerSpec) -> numbers.Tolerance:
    """The item's tolerance: its ``tolerance``/``sig_figs``, else 3 significant figures."""
    sig = spec.sig_figs if spec.sig_figs is not None else (None if spec.tolerance else 3)
    return numbers.Tolerance(rel=spec.tolerance, sig_figs=sig, approximate=spec.approximate)


def grade_short(
    spec: ShortAnswerSpec, response: str, synonyms: Sequence[Sequence[str]] = ()
) -> Grade:
    """Grade ``response`` to a short-answer item; ``synonyms`` are the topic's groups."""
    response = response[:MAX_RESPONSE_CHARS]
    if not text_norm.tokens(response):
        return _none(spec)
    canon = text_norm.normalise(response)
    # Written forms first: an author who lists "45/100" as wrong for "9/20" means the
    # form, so an exact wrong answer beats an accepted answer of equal value.
    listed = _listed(spec, canon)
    if listed is not None:
        return listed
    key = _NumericKey.of(spec)
    if key is not None:
        verdict = key.decide(spec, response)
        if verdict is not None:
            return verdict
    fuzzy = _fuzzy(spec, response)
    if fuzzy is not None:
        return fuzzy
    if not spec.key_points or (spec.accepted_answers and _is_short_form(response)):
        # A short form (a formula, a list) that matches no listed answer: key points,
        # written for explanations, would give it credit for sharing symbols.
        return _none(spec)
    capped = key is not None and key.only_other_numbers(response)
    graded = _key_point_grade(spec, response, synonyms, cap=capped)
    if key is not None and graded.suggested_rating > Rating.HARD and not stated(response)[0]:
        # a method without its result: partial at best
        return replace(graded, suggested_rating=Rating.HARD)
    return graded


def _listed(spec: ShortAnswerSpec, canon: str) -> Grade | None:
    """The verdict of a listed answer the response matches: accepted, partial, or wrong.

    Partial answers (Moodle's ``=%50%Cat``) earn their credit and a Hard; per-answer
    feedback (``answer_feedback``) comes with an accepted one.
    """
    feedback: Mapping[str, str] = getattr(spec, "answer_feedback", {})
    for accepted in spec.accepted_answers:
        if written_match(accepted, canon):
            return replace(_right("accepted"), feedback=feedback.get(accepted))
    for partial in getattr(spec, "partial_answers", ()):
        if written_match(partial.answer, canon):
            return Grade(
                correct=True,
                suggested_rating=Rating.HARD,
                method="partial",
                feedback=partial.feedback,
                score=partial.credit,
            )
    for wrong in spec.wrong_answers:
        if written_match(wrong.answer, canon):
            return _wrong(spec, wrong.feedback)
    return None


def written_match(answer: str, canon: str) -> bool:
    """A listed answer matches a normalised response; ``*`` in it matches any text (Moodle)."""
    if "*" not in answer:
        return canon == text_norm.normalise(answer)
    head, *middle, tail = (text_norm.normalise(p) for p in answer.split("*"))
    if len(canon) < len(head) + len(tail) or not (canon.startswith(head) and canon.endswith(tail)):
        return False
    at, end = len(head), len(canon) - len(tail)
    for part in middle:  # leftmost matches: linear, and right whenever any match exists
        found = canon.find(part, at, end)
        if found < 0:
            return False
        at = found + len(part)
    return True


def _is_short_form(response: str) -> bool:
    words_only = [t for t in text_norm.tokens(response) if t.isalpha() and len(t) > 1]
    return len(words_only) <= 2 and len(response.split()) <= SHORT_ANSWER_WORDS * 2


def _right(
    method: str, confidence: float = 1.0, doubt: str | None = None, score: float = 1.0
) -> Grade:
    return Grade(
        correct=True,
        suggested_rating=Rating.GOOD,
        method=method,
        feedback=None,
        score=score,
        confidence=confidence,
        doubt=doubt,
    )


def _wrong(spec: ShortAnswerSpec, feedback: str | None, method: str = "wrong_answer") -> Grade:
    return Grade(
        correct=False,
        suggested_rating=Rating.AGAIN,
        method=method,
        feedback=feedback,
        key_points_missed=tuple(spec.key_points),
    )


def _unsure(spec: ShortAnswerSpec, doubt: str) -> Grade:
    return Grade(
        correct=False,
        suggested_rating=Rating.AGAIN,
        method="value",
        feedback=None,
        key_points_missed=tuple(spec.key_points),
        confidence=UNSURE_CONFIDENCE,
        doubt=doubt,
    )


def _none(spec: ShortAnswerSpec) -> Grade:
    return _wrong(spec, None, method="none")


# -- numbers ---------------------------------------------------------------------


@dataclass(frozen=True)
class _NumericKey:
    """The values of a numeric item's accepted and anticipated wrong answers."""

    accepted: tuple[float, ...]
    wrong: tuple[tuple[float, WrongAnswerSpec], ...]
    tolerance: numbers.Tolerance

    @classmethod
    def of(cls, spec: ShortAnswerSpec) -> _NumericKey | None:
        """None for items that are not numeric, or whose form matters.

        When an anticipated wrong answer has the value of an accepted one (45/100
        against 9/20, "simplest form"), the form is what is asked, and values must
        not decide: only the written forms do.
        """
        accepted = tuple(v for a in spec.accepted_answers if (v := value_of(a)) is not None)
        if not accepted:
            return None
        wrong = tuple((v, w) for w in spec.wrong_answers if (v := value_of(w.answer)) is not None)
        if any(math.isclose(v, a, rel_tol=1e-9) for v, _ in wrong for a in accepted):
            return None
        return cls(accepted, wrong, tolerance_of(spec))

    def match(self, r: numbers.Reading) -> numbers.Match:
        """The best match of ``value`` against the accepted values."""
        order = list(numbers.Match)
        return min(
            (
                numbers.compare(
                    r.value, a, self.tolerance, approximate=r.approximate, written=r.text
                )
                for a in self.accepted
            ),
            key=order.index,
        )

    def wrong_answer(self, value: float) -> WrongAnswerSpec | None:
        return next((w for v, w in self.wrong if math.isclose(value, v, rel_tol=1e-9)), None)

    def decide(self, spec: ShortAnswerSpec, response: str) -> Grade | None:
        whole = (
            numbers.read_number(response) if len(response.split()) <= SHORT_ANSWER_WORDS else None
        )
        if whole is not None and not whole.in_formula:
            wrong = self.wrong_answer(whole.value)
            if wrong is not None:
                return _wrong(spec, wrong.feedback)
            m = self.match(whole)
            if m.accepted:
                return _right("accepted")
            if m is numbers.Match.NEAR:
                return _unsure(
                    spec, f"{whole.text} is close to the answer but outside its tolerance"
                )
            return _wrong(spec, None, method="value")
        return self._decide_stated(spec, response)

    def _decide_stated(self, spec: ShortAnswerSpec, response: str) -> Grade | None:
        """A longer answer, judged by the values it concludes with (see :func:`stated`)."""
        concluded, working, denied = stated(response)
        if not concluded and not working and not denied:
            return None
        matches = [(r, self.match(r)) for r in concluded]
        right = [r for r, m in matches if m.accepted]
        denied_right = [r for r in denied if self.match(r).accepted]
        if right and denied_right:
            return _unsure(spec, "the answer both states and denies the right value")
        if right:
            return _right("accepted")
        if any(m is numbers.Match.NEAR for _, m in matches):
            return _unsure(spec, "a value close to the answer but outside its tolerance")
        if not denied_right and any(self.match(r).accepted for r in working):
            return None
        for r in reversed(stated_in_order(response)):
            wrong = self.wrong_answer(r.value)
            if wrong is not None:
                return _wrong(spec, wrong.feedback)
        if denied_right:
            return _wrong(spec, None, method="value")
        return None

    def only_other_numbers(self, response: str) -> bool:
        concluded, working, _ = stated(response)
        values = concluded + working
        return bool(values) and not any(self.match(r).accepted for r in values)


def value_of(answer: str) -> float | None:
    """The value of an author's answer that is just a number ("1/1024", "one eighth");
    "lose £2" is not the value 2."""
    return text_norm.numeric_value(numbers.words_to_digits(answer))


def stated_in_order(response: str) -> list[numbers.Reading]:
    """Every number the asserted clauses of a response state, in order."""
    return [
        r
        for clause in clauses.split(response)
        if not clause.negated
        for r in numbers.find_numbers(clause.text)
        if not r.in_formula
    ]


def stated(
    response: str,
) -> tuple[list[numbers.Reading], list[numbers.Reading], list[numbers.Reading]]:
    concluded, working, denied = _stated(response)
    return list(concluded), list(working), list(denied)


Readings = tuple[numbers.Reading, ...]


@functools.lru_cache(maxsize=256)
def _stated(response: str) -> tuple[Readings, Readings, Readings]:
    """The numbers a response concludes with, those it uses as working, and those it denies.

    Conclusions are the first number of the answer, the last number of each clause,
    and every number of a clause that concludes ("so", "therefore", "the answer
    is"). Working is the other numbers of asserted clauses and the numbers of
    reasons ("because h2 = 1"). Numbers of denied clauses ("not 1/1024", "0.042 is
    wrong") are denied; numbers inside a quoted formula (max(0, z)) are none of them.
    """
    concluded: list[numbers.Reading] = []
    working: list[numbers.Reading] = []
    denied: list[numbers.Reading] = []
    for clause in clauses.split(response):
        readings = [r for r in numbers.find_numbers(clause.text) if not r.in_formula]
        if not readings:
            continue
        if clause.negated:
            prepared = numbers.words_to_digits(clause.text)
            for r in readings:
                (
                    denied if clauses.denies_number(prepared, r.start, len(r.text)) else working
                ).append(r)
        elif clause.role == "reason":
            working += readings
        elif clause.role == "conclusion":
            concluded += readings
        else:
            if not concluded:
                concluded.append(readings[0])
            if clause.ends_sentence:
                concluded.append(readings[-1])
                working += readings[1:-1]
            else:
                working += readings[1:]
    return tuple(concluded), tuple(working), tuple(denied)


# -- spelling slips --------------------------------------------------------------


def _answer_distance(response: list[str], candidate: list[str]) -> int | None:
    """Total typo edits between two token lists, or None when they are different answers."""
    if "".join(response) == "".join(candidate) and any(t.isalpha() for t in candidate):
        return 0
    if len(response) != len(candidate):
        return None
    total = 0
    for a, b in zip(response, candidate):
        d = words.typo_distance(a, b)
        if d is None:
            return None
        total += d
    return total


def _fuzzy(spec: ShortAnswerSpec, response: str) -> Grade | None:
    """A typo'd word answer: the nearest of accepted and wrong answers, if unambiguous."""
    ts = text_norm.comparable_tokens(response)
    if text_norm.numeric_value(response) is not None:
        return None
    best_right = min(
        (
            d
            for a in spec.accepted_answers
            if (d := _answer_distance(ts, text_norm.comparable_tokens(a))) is not None
        ),
        default=None,
    )
    wrong_hits = [
        (d, w)
        for w in spec.wrong_answers
        if (d := _answer_distance(ts, text_norm.comparable_tokens(w.answer))) is not None
    ]
    best_wrong = min(wrong_hits, key=lambda x: x[0], default=None)
    if best_right is not None and (best_wrong is None or best_right < best_wrong[0]):
        length = max(1, len("".join(ts)))
        return _right("fuzzy", score=round(1.0 - best_right / length, 4))
    if best_wrong is not None and (best_right is None or best_wrong[0] < best_right):
        return _wrong(spec, best_wrong[1].feedback)
    return None


# -- key points ------------------------------------------------------------------

Concept = tuple[tuple[str, ...], str | None]


def _lemmas(concepts: list[Concept], seen: set[Concept]) -> tuple[Concept, ...]:
    out: list[Concept] = []
    for parts, joined in concepts:
        concept = (tuple(words.lemma(p) for p in parts), words.lemma(joined) if joined else None)
        if concept not in seen:
            seen.add(concept)
            out.append(concept)
    return tuple(out)


@functools.lru_cache(maxsize=4096)
def _clause_words(text: str) -> frozenset[str]:
    """The lemmas of a clause's content words, and the canonical form of each number it
    states ("a quarter" says 0.25, "2^-10" says 0.0009765625)."""
    found = {words.lemma(w) for w in text_norm.answer_words(numbers.words_to_digits(text))}
    found.update(text_norm.tokens(format(r.value, ".12g"))[0] for r in numbers.find_numbers(text))
    return frozenset(found)


@dataclass(frozen=True)
class PointConcepts:
    """A key point read as claims: what it asserts, what it denies, claim by claim."""

    asserted: tuple[Concept, ...]
    denied: tuple[Concept, ...]
    claims: tuple[tuple[bool, tuple[Concept, ...]], ...]
    """(negated, concepts) for each clause of the point."""


@functools.lru_cache(maxsize=2048)
def point_concepts(point: str) -> PointConcepts:
    """A key point's concepts, lemmatised, each once."""
    asserted: list[Concept] = []
    denied: list[Concept] = []
    claims: list[tuple[bool, tuple[Concept, ...]]] = []
    seen: set[Concept] = set()
    for clause in clauses.split(point):
        own = _lemmas(text_norm.concepts(numbers.words_to_digits(clause.text)), set())
        claims.append((clause.negated, own))
        (denied if clause.negated else asserted).extend(own)
    return PointConcepts(_lemmas(asserted, seen), _lemmas(denied, seen), tuple(claims))


def _says(concept: Concept, found: frozenset[str]) -> bool:
    parts, joined = concept
    return (joined is not None and words.covered(joined, found)) or all(
        words.covered(p, found) for p in parts
    )


def _names(concept: Concept, found: frozenset[str]) -> bool:
    """Whether the answer uses the concept's own word (no synonym), as steps are named."""
    parts, joined = concept
    return (joined is not None and joined in found) or all(
        any(words.same_concept(p, w) for w in found) for p in parts
    )


def _needed(n: int) -> int:
    return max(min(n, KEY_POINT_MIN_WORDS), math.ceil(n * KEY_POINT_MIN_COVERAGE))


def key_point_covered(key_point: str, found: set[str] | frozenset[str]) -> bool:
    """Whether an answer whose asserted content words are ``found`` covers ``key_point``."""
    point = point_concepts(key_point)
    found = frozenset(words.lemma(w) for w in found)
    concepts = point.asserted + point.denied
    return bool(concepts) and sum(_says(c, found) for c in concepts) >= _needed(len(concepts))


@dataclass(frozen=True)
class _Reading:
    """One key point as the answer's clauses treat it."""

    point: str
    hits: int
    needed: int
    clause: str
    """The clause that said most of it (or denied it)."""
    position: int
    contradicted: bool
    mentioned: bool = False
    """Named by a word of its own (for steps: "update", "loss") in an asserting clause."""
    as_step: bool = False
    """An ordered item's step: named, in order, is enough."""

    @property
    def covered(self) -> bool:
        enough = self.hits >= self.needed or (self.as_step and self.mentioned)
        return enough and not self.contradicted

    @property
    def half(self) -> bool:
        return not self.covered and self.hits >= 2 and self.hits >= self.needed - 1


@dataclass(frozen=True)
class _Answer:
    clauses: tuple[clauses.Clause, ...]
    clause_words: tuple[frozenset[str], ...]
    asserted: frozenset[str]
    denied: frozenset[str]
    everything: frozenset[str]

    @classmethod
    def of(cls, response: str, synonyms: Sequence[Sequence[str]] = ()) -> _Answer:
        cs = clauses.split(response)
        cw = tuple(_clause_words(words.apply_synonyms(c.text, synonyms)) for c in cs)
        asserted = frozenset().union(*(w for c, w in zip(cs, cw) if not c.negated))
        denied = frozenset().union(*(w for c, w in zip(cs, cw) if c.negated))
        return cls(cs, cw, asserted, denied, asserted | denied)


def _read_point(
    point: str, answer: _Answer, synonyms: Sequence[Sequence[str]], distinctive: frozenset[Concept]
) -> _Reading:
    concepts = point_concepts(words.apply_synonyms(point, synonyms))
    hits_asserted = sum(_says(c, answer.asserted) for c in concepts.asserted)
    hits = hits_asserted + sum(_says(c, answer.everything) for c in concepts.denied)
    plainly = hits_asserted + sum(_says(c, answer.denied) for c in concepts.denied)
    needed = _needed(len(concepts.asserted) + len(concepts.denied))
    # A denial outweighs the point said plainly only when it holds a whole point's worth.
    floor = needed if plainly >= needed else 0
    best, best_key, contradicted, mentioned = -1, (0, 0), False, False
    for i, (clause, found) in enumerate(zip(answer.clauses, answer.clause_words)):
        if _denies(clause.negated, found, concepts.claims, answer, floor):
            contradicted, best = True, i
            break
        own = concepts.denied if clause.negated else concepts.asserted
        named = 0 if clause.negated else sum(_names(c, found) for c in own if c in distinctive)
        key = (named, sum(_says(c, found) for c in own))
        if key > best_key:
            best, best_key = i, key
        mentioned = mentioned or named > 0
    said = answer.clauses[best] if best >= 0 else None
    return _Reading(
        point,
        hits,
        needed,
        said.text if said else "",
        said.start if said else -1,
        contradicted,
        mentioned,
    )


def _denies(
    negated: bool,
    found: frozenset[str],
    claims: tuple[tuple[bool, tuple[Concept, ...]], ...],
    answer: _Answer,
    floor: int,
) -> bool:
    """Whether one clause of the answer says the opposite of one of the point's claims.

    A denying clause that holds enough of a claim the point asserts, or an asserting
    clause that holds enough of a claim the point denies ("it recovers by itself" for
    "it cannot recover"), and more of it than any clause of the answer that agrees
    with the claim: words scattered over other clauses do not outweigh a denial.
    """
    for claim_negated, concepts in claims:
        if claim_negated == negated or not concepts:
            continue
        if negated:
            n, share = sum(_says(c, found) for c in concepts), CONTRADICTION_MIN_SHARE
        else:  # weaker evidence: "would make the top layers diverge" is no "makes up the gap"
            n, share = sum(_names(c, found) for c in concepts), CONTRADICTION_OF_DENIAL_SHARE
        if n < max(2, floor, math.ceil(len(concepts) * share)):
            continue
        agreeing = max(
            (
                sum(_says(c, words_) for c in concepts)
                for clause, words_ in zip(answer.clauses, answer.clause_words)
                if clause.negated == claim_negated
            ),
            default=0,
        )
        if n > agreeing:
            return True
    return False


def _distinctive(points: Sequence[str], synonyms: Sequence[Sequence[str]]) -> frozenset[Concept]:
    """Concepts that belong to one key point only: they name that step."""
    counts: dict[Concept, int] = {}
    for p in points:
        pc = point_concepts(words.apply_synonyms(p, synonyms))
        for c in {*pc.asserted, *pc.denied}:
            counts[c] = counts.get(c, 0) + 1
    return frozenset(c for c, n in counts.items() if n == 1)


def _out_of_order(readings: list[_Reading]) -> set[str]:
    """The covered steps that are not in the longest run in the right order."""
    steps = [r for r in readings if r.covered]
    best: list[list[_Reading]] = []
    for r in steps:
        chain = max((c for c in best if c[-1].position <= r.position), key=len, default=[])
        best.append([*chain, r])
    keep = max(best, key=len, default=[])
    return {r.point for r in steps if r not in keep}


def _key_point_grade(
    spec: ShortAnswerSpec, response: str, synonyms: Sequence[Sequence[str]], *, cap: bool
) -> Grade:
    """Coverage of the key points, clause by clause; ``cap`` (a numeric item answered with
    other numbers) keeps the verdict wrong whatever the coverage, but still reports it."""
    answer = _Answer.of(response, synonyms)
    distinctive = _distinctive(spec.key_points, synonyms) if spec.ordered else frozenset()
    readings = [_read_point(p, answer, synonyms, distinctive) for p in spec.key_points]
    if spec.ordered:
        # A list of steps in order names each step: naming it in its place is enough.
        readings = [replace(r, as_step=True) for r in readings]
    misplaced = _out_of_order(readings) if spec.ordered else set()
    hit = tuple(r.point for r in readings if r.covered and r.point not in misplaced)
    contradicted = tuple(r.point for r in readings if r.contradicted)
    share = len(hit) / len(readings)
    rating, confidence, doubt = _rate(share, len(hit), contradicted, any(r.half for r in readings))
    if cap:
        rating, confidence, doubt = Rating.AGAIN, SURE_CONFIDENCE, None
    elif spec.ordered:
        rating, confidence, doubt = _rate_steps(
            rating, confidence, doubt, len(hit), len(readings), len(misplaced)
        )
    return Grade(
        correct=rating >= Rating.HARD,
        suggested_rating=rating,
        method="key_points",
        feedback=_order_feedback(spec, misplaced),
        key_points_hit=hit,
        key_points_missed=tuple(r.point for r in readings if r.point not in hit),
        score=round(share, 4),
        confidence=confidence,
        doubt=doubt,
        decided_by=tuple((r.point, r.clause) for r in readings if r.clause),
        contradicted=contradicted,
        misplaced=tuple(p for p in spec.key_points if p in misplaced),
    )


Rated = tuple[Rating, float, str | None]


def _rate(share: float, hits: int, contradicted: tuple[str, ...], half: bool) -> Rated:
    """(rating, confidence, doubt) from what the key points show."""
    if contradicted:
        if share >= 0.5:
            return Rating.AGAIN, UNSURE_CONFIDENCE, "the answer says some points and denies others"
        return Rating.AGAIN, SURE_CONFIDENCE, None
    if share >= GOOD_MIN_SHARE:
        return Rating.GOOD, SURE_CONFIDENCE, None
    if hits:
        return Rating.HARD, SURE_CONFIDENCE if not half else 0.6, None
    if half:
        return Rating.AGAIN, UNSURE_CONFIDENCE, "a key point is only half covered"
    return Rating.AGAIN, SURE_CONFIDENCE, None


def _rate_steps(
    rating: Rating, confidence: float, doubt: str | None, hits: int, steps: int, misplaced: int
) -> Rated:
    """Ordered items: most steps out of order is wrong; a missing or misplaced step is Hard."""
    if misplaced and misplaced >= hits:
        return Rating.AGAIN, SURE_CONFIDENCE, None  # the order is the point
    if rating > Rating.HARD and (hits < steps or misplaced):
        return Rating.HARD, confidence, doubt
    return rating, confidence, doubt


def _order_feedback(spec: ShortAnswerSpec, misplaced: set[str]) -> str | None:
    if not misplaced:
        return None
    steps = [f"step {i + 1} ({p})" for i, p in enumerate(spec.key_points) if p in misplaced]
    return "Out of order: " + "; ".join(steps) + "."
