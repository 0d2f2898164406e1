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

from tutor.authoring import course_rules
from tutor.content.course import Course, Location
from tutor.content.schema import ITEM_MODELS, Item, MultipleChoice, ShortAnswer, Topic, TrueFalse
from tutor.items.choice_rules import normalise

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
        Rule("tf-unbalanced", "warning", "a topic's true/false answers are unbalanced"),
        Rule("missing-explanation", "error", "an item has an empty explanation"),
        Rule("no-key-points", "warning", "a short-answer item has no key points"),
        Rule(
            "model-answer-misses-key-point",
            "warning",
            "the grader, reading the model answer, finds a key point uncovered",
        ),
        Rule(
            "grader-disagrees",
            "warning",
            "the grader fails the model answer or an accepted answer, gives credit to a listed "
            "wrong answer, or judges a check_answers entry otherwise than its verdict",
        ),
        Rule(
            "hint-reveals-answer",
            "warning",
            "a hint (not the worked solution) contains the correct choice or an accepted answer",
        ),
        Rule("no-items", "warning", "a topic has no items"),
        Rule(
            "thin-evidence",
            "warning",
            "all of a topic's items answered rightly at one sitting fall short of the odds "
            "against guessing that mastery needs, so no one can master it in one sitting",
        ),
        Rule("no-explainer", "warning", "a topic has no explainer"),
        Rule(
            "unreachable-topic",
            "warning",
            "a topic is cut off from the rest of the prerequisite graph",
        ),
        Rule(
            "media-link",
            "warning",
            "an item links an image, a sound or a page, which a terminal cannot show or play",
        ),
        Rule(
            "duplicate-title",
            "warning",
            "two topics share a title (allowed, but confusing in lists)",
        ),
        Rule(
            "key-position-balance",
            "warning",
            "over 35% of the multiple-choice keys of a topic or the course sit at one written position (10+ items)",
        ),
        Rule(
            "longest-choice-correct",
            "warning",
            "the correct choice is the longest in over 35% of the course's multiple-choice items",
        ),
        Rule("accepted-and-wrong", "error", "an answer is listed both as accepted and as wrong"),
        Rule(
            "yaml11-answer",
            "error",
            "an answer: field holds yes/no/on/off, which the app and editors read differently",
        ),
        Rule("unknown-lint-rule", "error", "lint_ignore names a rule that does not exist"),
        *(
            Rule(rule_id, "warning", summary)
            for model in ITEM_MODELS.values()
            for rule_id, summary in model.LINT_RULES.items()
        ),
    )
}

_MEDIA_LINK = re.compile(r"!?\[[^\]\n]*\]\(([^)\s]+)\)")


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


def _quote(text: str, limit: int = 60) -> str:
    flat = " ".join(text.split())
    return repr(flat if len(flat) <= limit else flat[: limit - 1] + "…")


class _Linter:
    def __init__(self, course: Course) -> None:
        self.course = course
        self.findings: list[Finding] = []

    def add(self, topic: Topic, path: tuple[str | int, ...], rule: str, message: str) -> None:
        ignored = set(topic.lint_ignore)
        if len(path) > 1 and path[0] == "items" and isinstance(path[1], int):
            ignored |= set(topic.items[path[1]].lint_ignore)  # an item's own lint_ignore
        if rule in ignored and rule != "unknown-lint-rule":
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
                for name in ("prompt", "explanation"):
                    link = _MEDIA_LINK.search(getattr(item, name))
                    if link:
                        self.add(
                            topic,
                            (*at, name),
                            "media-link",
                            f"item '{item.id}' links {link.group(1)}: a terminal shows only the link",
                        )
                self.hint_rules(topic, at, item)
                if isinstance(item, ShortAnswer) and not item.key_points:
                    self.add(
                        topic,
                        at,
                        "no-key-points",
                        f"short-answer item '{item.id}' lists no key points to grade against",
                    )
                elif isinstance(item, ShortAnswer):
                    self.model_answer_rules(topic, at, item)
                if isinstance(item, ShortAnswer):
                    self.answer_rules(topic, at, item)
                for rule, message, sub in item.lint():
                    self.add(topic, (*at, *sub), rule, f"item '{item.id}': {message}")
        self.graph_rules()
        course_rules.key_position_rules(self)
        course_rules.longest_choice_rule(self)
        course_rules.accepted_and_wrong_rule(self)
        course_rules.yaml11_answer_rule(self)
        course_rules.thin_evidence_rule(self)
        course_rules.unknown_ignore_rule(self, RULES)
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
        keys = [k for k in (normalise(a) for a in answers) if len(k) >= 3]
        for i, hint in enumerate(item.hints):
            text = f" {normalise(hint)} "
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

        result = grade(item, item.model_answer, topic.synonyms)
        for point in result.key_points_missed:
            self.add(
                topic,
                (*at, "key_points", item.key_points.index(point)),
                "model-answer-misses-key-point",
                f"item '{item.id}': the grader finds the model answer misses '{point}'; say it in the model answer "
                "or reword the point with the answer's words",
            )

    def answer_rules(self, topic: Topic, at: tuple[str | int, ...], item: ShortAnswer) -> None:
        """Every answer the author wrote down, graded as a learner's would be.

        The model answer and accepted answers must be judged correct, the listed
        wrong answers wrong, and each ``check_answers`` entry as its verdict says:
        authors find out here, not from learners, where key points or tolerances
        are too strict or too loose.
        """
        from tutor.grading.short_answer import value_of
        from tutor.learner.grading import grade, verdict_of

        def check(
            path: tuple[str | int, ...], answer: str, expected: str, what: str, graded: ShortAnswer
        ) -> None:
            got = verdict_of(grade(graded, answer, topic.synonyms))
            if got != expected and not (expected == "wrong" and got == "unsure"):
                self.add(
                    topic,
                    (*at, *path),
                    "grader-disagrees",
                    f"item '{item.id}': {what} {_quote(answer)} is graded {got}, expected {expected}",
                )

        if item.key_points or item.accepted_answers:
            check(("model_answer",), item.model_answer, "correct", "the model answer", item)
        for k, accepted in enumerate(item.accepted_answers):
            check(("accepted_answers", k), accepted, "correct", "accepted answer", item)
        accepted_values = {value_of(a) for a in item.accepted_answers} - {None}
        for k, wrong in enumerate(item.wrong_answers):
            if value_of(wrong.answer) in accepted_values:
                continue  # the right value in the wrong form (45/100 for 9/20): only its listing tells
            # A listed wrong answer always matches itself; the question is whether the
            # grader would pass it, or the same words put slightly differently, unlisted.
            unlisted = item.model_copy(
                update={"wrong_answers": [w for w in item.wrong_answers if w is not wrong]}
            )
            what = "wrong answer (when not listed)"
            check(("wrong_answers", k, "answer"), wrong.answer, "wrong", what, unlisted)
        for k, case in enumerate(item.check_answers):
            check(("check_answers", k, "answer"), case.answer, case.verdict, "check answer", item)

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
