"""Lint rules that look across items: key positions, length cues, contradictory answers,
YAML 1.1 words, and the ``lint_ignore`` lists themselves.

A key-position or longest-choice pattern is invisible item by item: each item looks
fine, but over a topic or a course "the answer is usually c" or "the longest option
is usually right" lets test-wise learners score without knowing. Choices are shuffled
in the app, but exported banks and printed quizzes keep the written order.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from tutor.items.base import LETTERS

if TYPE_CHECKING:
    from tutor.authoring.lint import _Linter
    from tutor.content.schema import Topic

KEY_POSITION_MAX_SHARE = 0.35
"""No written position should hold more than this share of the keys..."""
KEY_POSITION_MIN_ITEMS = 10
"""...once there are this many multiple-choice items to count (fewer are noise)."""
LONGEST_CORRECT_MAX_SHARE = 0.35
"""The correct choice may be the strictly longest in at most this share of a course's items."""
YAML11_WORDS = frozenset(
    [
        "y",
        "Y",
        "yes",
        "Yes",
        "YES",
        "n",
        "N",
        "no",
        "No",
        "NO",
        "on",
        "On",
        "ON",
        "off",
        "Off",
        "OFF",
    ]
)
"""Words YAML 1.1 (PyYAML) and YAML 1.2 (editors checking the JSON Schema) read differently:
a boolean to one, a string to the other."""

Located = tuple["Topic", tuple[str | int, ...]]


def _mc_items(topics: Iterable[Topic]) -> list[tuple[Topic, int, Any]]:
    return [
        (topic, i, item)
        for topic in topics
        for i, item in enumerate(topic.items)
        if item.type == "multiple_choice"
    ]


def key_position_rules(linter: _Linter) -> None:
    topics = list(linter.course.topics.values())
    for topic in topics:
        _key_balance(linter, _mc_items([topic]), f"topic '{topic.id}'")
    _key_balance(linter, _mc_items(topics), "the course")


def _key_balance(linter: _Linter, items: Sequence[tuple[Topic, int, Any]], scope: str) -> None:
    if len(items) < KEY_POSITION_MIN_ITEMS:
        return
    counts = Counter(item.correct_index for _, _, item in items)
    position, n = counts.most_common(1)[0]
    share = n / len(items)
    if share <= KEY_POSITION_MAX_SHARE:
        return
    topic, i, _ = next(x for x in items if x[2].correct_index == position)
    spread = ", ".join(f"{LETTERS[p]}: {counts[p]}" for p in sorted(counts))
    linter.add(
        topic,
        ("items", i),
        "key-position-balance",
        f"in {scope}, {n} of {len(items)} multiple-choice keys ({share:.0%}) are choice "
        f"{LETTERS[position]}) as written ({spread}); spread them so no position holds over "
        f"{KEY_POSITION_MAX_SHARE:.0%}",
    )


def longest_choice_rule(linter: _Linter) -> None:
    from tutor.authoring.lint import _correct_is_longest

    items = _mc_items(linter.course.topics.values())
    if len(items) < KEY_POSITION_MIN_ITEMS:
        return
    cued = [(t, i, it) for t, i, it in items if _correct_is_longest(it)]
    share = len(cued) / len(items)
    if share <= LONGEST_CORRECT_MAX_SHARE:
        return
    topic, i, _ = cued[0]
    linter.add(
        topic,
        ("items", i),
        "longest-choice-correct",
        f"the correct choice is the longest in {len(cued)} of {len(items)} multiple-choice items "
        f"of the course ({share:.0%}); test-wise learners pick the longest option",
    )


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


def accepted_and_wrong_rule(linter: _Linter) -> None:
    """An answer both accepted and listed as wrong: the learner gets whichever the grader checks first."""
    for topic in linter.course.topics.values():
        for i, item in enumerate(topic.items):
            if item.type != "short_answer":
                continue
            accepted = {_fold(a) for a in item.accepted_answers}
            for j, w in enumerate(item.wrong_answers):
                if _fold(w.answer) in accepted:
                    linter.add(
                        topic,
                        ("items", i, "wrong_answers", j, "answer"),
                        "accepted-and-wrong",
                        f"item '{item.id}': '{w.answer}' is listed as accepted and as wrong",
                    )


def yaml11_answer_rule(linter: _Linter) -> None:
    """``answer: yes`` is true to the app (YAML 1.1) and the text "yes" to an editor (YAML 1.2)."""
    from tutor.content.yaml_source import YamlProblem, node_at, parse_yaml

    for topic in linter.course.topics.values():
        path = linter.course.files.get(topic.id)
        if path is None:
            continue
        try:
            root = parse_yaml(path.read_text(encoding="utf-8")).root
        except (OSError, UnicodeDecodeError, YamlProblem):
            continue
        if root is None:
            continue
        for where in _answer_paths(topic):
            node, _, found = node_at(root, where)
            value = getattr(node, "value", None)
            if found and getattr(node, "style", "") in (None, "") and value in YAML11_WORDS:
                meant = "true" if value.lower() in ("y", "yes", "on") else "false"
                linter.add(
                    topic,
                    where,
                    "yaml11-answer",
                    f"'{value}' is a boolean to the app (YAML 1.1) but text to editors (YAML 1.2); "
                    f'write {meant}, or "{value}" in quotes if you mean the word',
                )


def _answer_paths(topic: Topic) -> Iterable[tuple[str | int, ...]]:
    for i, item in enumerate(topic.items):
        if item.type == "true_false":
            yield ("items", i, "answer")
        for j, _ in enumerate(getattr(item, "wrong_answers", ())):
            yield ("items", i, "wrong_answers", j, "answer")


def unknown_ignore_rule(linter: _Linter, known: Iterable[str]) -> None:
    ids = sorted(known)
    from tutor.errors import did_you_mean

    for topic in linter.course.topics.values():
        lists: list[tuple[tuple[str | int, ...], list[str]]] = [
            (("lint_ignore",), topic.lint_ignore)
        ]
        lists += [(("items", i, "lint_ignore"), it.lint_ignore) for i, it in enumerate(topic.items)]
        for base, names in lists:
            for j, name in enumerate(names):
                if name not in ids:
                    linter.add(
                        topic,
                        (*base, j),
                        "unknown-lint-rule",
                        f"'{name}' is not a lint rule{did_you_mean(name, ids)}; `tutor lint --rules` lists them",
                    )


def thin_evidence_rule(linter: _Linter) -> None:
    """Topics too thin to master in one sitting under the default learner settings: an item
    counts as evidence once per study day, and a true/false right is a coin flip's worth."""
    from tutor.learner.bkt import one_sitting_odds
    from tutor.learner.config import LearnerConfig

    config = LearnerConfig()
    need = config.mastery_guess_odds
    for topic in linter.course.topics.values():
        if not topic.items:
            continue  # no-items says so
        odds = one_sitting_odds(linter.course.outline[topic.id], config)
        if odds < need:
            linter.add(
                topic,
                ("items",),
                "thin-evidence",
                f"all {len(topic.items)} items of '{topic.id}' answered rightly at one sitting "
                f"are {odds:.0f}x likelier known than guessed; mastery needs {need:.0f}x, so "
                "every learner must come back another day: add items, recall items above all",
            )
