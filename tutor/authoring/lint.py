"""Item-quality rules on top of validation.

Validation says whether a file can be loaded; lint says whether its questions
are good: the classic item-writing flaws (length cues, "all of the above",
absolute words, unemphasised negative stems) that make a test measure
test-wiseness instead of knowledge. Each rule has an id, a severity and a
location; authors silence a rule for a topic with ``lint_ignore``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from typing import Literal

from tutor.content.course import Course, Location
from tutor.content.schema import Item, MultipleChoice, ShortAnswer, Topic, TrueFalse

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    summary: str


RULES: dict[str, Rule] = {
    r.id: r
    for r in (
        Rule(
            "length-cue",
            "warning",
            "the correct choice is the longest option in most of a topic's multiple-choice items",
        ),
        Rule(
            "all-none-of-the-above",
            "warning",
            "a choice reads 'all of the above' or 'none of the above'",
        ),
        Rule("few-choices", "warning", "a multiple-choice item has fewer than 3 choices"),
        Rule(
            "near-duplicate-choices",
            "warning",
            "two choices of an item are nearly the same (same numbers, near-identical words)",
        ),
        Rule("negative-stem", "warning", "a negative stem (NOT, EXCEPT) without emphasis"),
        Rule("absolute-words", "warning", "a choice uses an absolute word (always, never)"),
        Rule("tf-unbalanced", "warning", "a topic's true/false answers are unbalanced"),
        Rule("missing-explanation", "error", "an item has an empty explanation"),
        Rule("choice-without-feedback", "warning", "a wrong choice has no feedback"),
        Rule("no-key-points", "warning", "a short-answer item has no key points"),
        Rule(
            "model-answer-misses-key-point",
            "warning",
            "the grader, reading the model answer, finds a key point uncovered",
        ),
        Rule(
            "hint-reveals-answer",
            "warning",
            "a hint (not the worked solution) contains the correct choice or an accepted answer",
        ),
        Rule("no-items", "warning", "a topic has no items"),
        Rule("no-explainer", "warning", "a topic has no explainer"),
        Rule(
            "unreachable-topic",
            "warning",
            "a topic is cut off from the rest of the prerequisite graph",
        ),
        Rule(
            "duplicate-title",
            "warning",
            "two topics share a title (allowed, but confusing in lists)",
        ),
    )
}

NEAR_DUPLICATE_SCORE = 90
"""rapidfuzz ratio (0-100) above which two choices read as the same option."""

_ABSOLUTE = re.compile(r"\b(always|never)\b", re.IGNORECASE)
_ALL_NONE = re.compile(
    r"\b(all|none|both|neither)\s+of\s+(the\s+)?(above|these|them)\b", re.IGNORECASE
)
_EMPHASISED = re.compile(r"(\*\*|__|\*|_)(not|except)\1", re.IGNORECASE)


@dataclass(frozen=True, order=True)
class Finding:
    location: Location
    rule: str
    severity: Severity
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.severity} {self.rule}: {self.message}"

    def to_json(self) -> dict[str, object]:
        return {
            **asdict(self.location),
            "rule": self.rule,
            "severity": self.severity,
            "message": self.message,
        }


def _normalise(text: str) -> str:
    """Case and punctuation fold; operators stay, so '3 + 5' and '3 × 5' remain different."""
    return " ".join(re.sub(r"[.,;:!?\"'()\[\]`*_]", " ", text.lower()).split())


_NUMERIC = re.compile(r"[-−]?\s?\d+(?:[.,]\d+)*|[⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺]+|[₀₁₂₃₄₅₆₇₈₉₋₊]+")


def _numeric_signature(text: str) -> tuple[str, ...]:
    """The numbers of a choice as written, with their signs, separators and exponents.

    '2.003' and '2,003', 'x = 5' and 'x = −5', '10⁻⁶' and '10⁻⁷' are different
    answers however alike the rest of the text reads, so the near-duplicate
    rule compares these first; the case and punctuation fold would lose them.
    """
    return tuple(m.group(0).replace("−", "-").replace(" ", "") for m in _NUMERIC.finditer(text))


def _near_duplicates(a: str, b: str) -> bool:
    """Same numbers (and signs), and words that differ at most in case, punctuation or a slip."""
    from rapidfuzz import fuzz

    if _numeric_signature(a) != _numeric_signature(b):
        return False
    na, nb = (_normalise(t.replace("−", "-")) for t in (a, b))
    return na == nb or fuzz.ratio(na, nb) >= NEAR_DUPLICATE_SCORE


def _is_negative_stem(prompt: str) -> bool:
    """A stem that asks for the exception ("Which ... is NOT ...?") with the negative unmarked.

    An emphasised **NOT** is fine; a bare NOT or EXCEPT, or a lower-case "not"
    inside a which/what question, is the classic misread.
    """
    bare = _EMPHASISED.sub("", prompt)
    if re.search(r"\b(NOT|EXCEPT)\b", bare) or re.search(r"\bexcept\b", bare, re.IGNORECASE):
        return True
    return bool(re.search(r"\b(which|what)\b[^.?!]*\bnot\b", bare, re.IGNORECASE))


class _Linter:
    def __init__(self, course: Course) -> None:
        self.course = course
        self.findings: list[Finding] = []

    def add(self, topic: Topic, path: tuple[str | int, ...], rule: str, message: str) -> None:
        if rule in topic.lint_ignore:
            return
        self.findings.append(
            Finding(self.course.locate(topic.id, path), rule, RULES[rule].severity, message)
        )

    def run(self) -> list[Finding]:
        for topic in self.course.topics.values():
            self.topic_rules(topic)
            for i, item in enumerate(topic.items):
                at: tuple[str | int, ...] = ("items", i)
                if not item.explanation.strip():
                    self.add(
                        topic,
                        (*at, "explanation"),
                        "missing-explanation",
                        f"item '{item.id}' has no explanation",
                    )
                self.hint_rules(topic, at, item)
                if isinstance(item, MultipleChoice):
                    self.choice_rules(topic, at, item)
                elif isinstance(item, ShortAnswer) and not item.key_points:
                    self.add(
                        topic,
                        at,
                        "no-key-points",
                        f"short-answer item '{item.id}' lists no key points to grade against",
                    )
                elif isinstance(item, ShortAnswer):
                    self.model_answer_rules(topic, at, item)
        self.graph_rules()
        return sorted(self.findings)

    def topic_rules(self, topic: Topic) -> None:
        if not topic.items:
            self.add(topic, ("id",), "no-items", f"topic '{topic.id}' has no items to practise")
        if not topic.explainer.strip():
            self.add(topic, ("id",), "no-explainer", f"topic '{topic.id}' has no explainer")
        mcs = [(i, it) for i, it in enumerate(topic.items) if isinstance(it, MultipleChoice)]
        cued = [it.id for _, it in mcs if _correct_is_longest(it)]
        if len(mcs) >= 2 and len(cued) * 2 > len(mcs):
            self.add(
                topic,
                ("items", mcs[0][0]),
                "length-cue",
                f"the correct choice is the longest in {len(cued)} of {len(mcs)} multiple-choice items "
                f"({', '.join(cued)}); test-wise learners pick the longest option",
            )
        answers = [it.answer for it in topic.items if isinstance(it, TrueFalse)]
        trues, falses = sum(answers), len(answers) - sum(answers)
        if abs(trues - falses) >= 2:
            first_tf = next(i for i, it in enumerate(topic.items) if isinstance(it, TrueFalse))
            self.add(
                topic,
                ("items", first_tf),
                "tf-unbalanced",
                f"{trues} true and {falses} false statements; guessing the majority answer scores too well",
            )

    def hint_rules(self, topic: Topic, at: tuple[str | int, ...], item: Item) -> None:
        """A hint that contains the answer turns the ladder into the answer key."""
        if isinstance(item, MultipleChoice):
            answers = [item.choices[item.correct_index].text]
        elif isinstance(item, ShortAnswer):
            answers = list(item.accepted_answers)
        else:
            return
        keys = [k for k in (_normalise(a) for a in answers) if len(k) >= 3]
        for i, hint in enumerate(item.hints):
            text = f" {_normalise(hint)} "
            if any(f" {k} " in text for k in keys):
                self.add(
                    topic,
                    (*at, "hints", i),
                    "hint-reveals-answer",
                    f"item '{item.id}': hint {i + 1} states the answer; point the way instead "
                    "(the worked solution is the place for the answer)",
                )

    def model_answer_rules(
        self, topic: Topic, at: tuple[str | int, ...], item: ShortAnswer
    ) -> None:
        """A learner who types the model answer must not be told they missed a key point.

        Grades the model answer with the app's own grader (imported here, as the loader
        imports the lab's parameter models): its key-point matching is by shared content
        words, so a point the model answer only implies, or says in other words, is one
        that learners who answer well will be marked down on too.
        """
        from tutor.learner.grading import grade

        result = grade(item, item.model_answer)
        for point in result.key_points_missed:
            self.add(
                topic,
                (*at, "key_points", item.key_points.index(point)),
                "model-answer-misses-key-point",
                f"item '{item.id}': the grader finds the model answer misses '{point}'; say it in the model answer "
                "or reword the point with the answer's words",
            )

    def choice_rules(self, topic: Topic, at: tuple[str | int, ...], item: MultipleChoice) -> None:
        if len(item.choices) < 3:
            self.add(
                topic,
                (*at, "choices"),
                "few-choices",
                f"item '{item.id}' has {len(item.choices)} choices; use at least 3",
            )
        if _is_negative_stem(item.prompt):
            self.add(
                topic,
                (*at, "prompt"),
                "negative-stem",
                f"item '{item.id}' asks a negative question; write the NOT/EXCEPT as **NOT** so it is not missed",
            )
        for j, choice in enumerate(item.choices):
            where = (*at, "choices", j)
            if _ALL_NONE.search(choice.text):
                self.add(
                    topic,
                    where,
                    "all-none-of-the-above",
                    f"item '{item.id}': '{choice.text}' can be answered by elimination",
                )
            if _ABSOLUTE.search(choice.text):
                word = _ABSOLUTE.search(choice.text).group(0)  # type: ignore[union-attr]
                self.add(
                    topic,
                    where,
                    "absolute-words",
                    f"item '{item.id}': '{word}' in a choice signals a wrong answer to test-wise learners",
                )
            if not choice.correct and not (choice.feedback or "").strip():
                self.add(
                    topic,
                    where,
                    "choice-without-feedback",
                    f"item '{item.id}': wrong choice {j + 1} has no feedback naming its misconception",
                )
            for k in range(j):
                if _near_duplicates(choice.text, item.choices[k].text):
                    self.add(
                        topic,
                        where,
                        "near-duplicate-choices",
                        f"item '{item.id}': choices {k + 1} and {j + 1} are nearly the same",
                    )

    def graph_rules(self) -> None:
        topics = self.course.topics
        # weakly connected components: a topic outside the main one cannot be reached from the course
        parent = {tid: tid for tid in topics}

        def find(x: str) -> str:
            while parent[x] != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x

        for topic in topics.values():
            for pre in topic.prerequisites:
                if pre in parent:
                    parent[find(topic.id)] = find(pre)
        groups: dict[str, list[str]] = {}
        for tid in topics:
            groups.setdefault(find(tid), []).append(tid)
        if len(groups) > 1:
            main = max(groups.values(), key=len)
            for members in groups.values():
                if members is main:
                    continue
                for tid in members:
                    self.add(
                        topics[tid],
                        ("id",),
                        "unreachable-topic",
                        f"topic '{tid}' is not connected to the main prerequisite graph ({len(main)} topics)",
                    )
        by_title: dict[str, list[str]] = {}
        for topic in topics.values():
            by_title.setdefault(topic.title.strip().lower(), []).append(topic.id)
        for ids in by_title.values():
            for tid in ids[1:]:
                others = ", ".join(
                    f"'{o}' ({self.course.topic_locations[o]})" for o in ids if o != tid
                )
                self.add(
                    topics[tid],
                    ("title",),
                    "duplicate-title",
                    f"title '{topics[tid].title}' is also used by {others}",
                )


def _correct_is_longest(item: MultipleChoice) -> bool:
    lengths = [len(c.text.strip()) for c in item.choices]
    best = lengths[item.correct_index]
    return all(best > n for j, n in enumerate(lengths) if j != item.correct_index)


def lint_course(course: Course) -> list[Finding]:
    """Every finding, sorted by file and line."""
    return _Linter(course).run()


def fails(findings: list[Finding], strict: bool) -> bool:
    is_failure: Callable[[Finding], bool] = (
        (lambda f: True) if strict else (lambda f: f.severity == "error")
    )
    return any(is_failure(f) for f in findings)


def iter_rules() -> Iterator[Rule]:
    yield from RULES.values()
