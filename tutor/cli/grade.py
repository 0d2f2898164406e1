"""``tutor grade ITEM "answer"``: how the grader reads one answer, for authors.

Prints the verdict and suggested rating, how sure the grader is (and why not),
each key point hit, missed, contradicted or out of order with the answer's clause
that decided it, and any feedback. Authors use it to write key points that learners'
words meet, and ``check_answers:`` entries that keep them that way (``tutor lint``).
"""

from __future__ import annotations

import argparse
import json
import re
from typing import TYPE_CHECKING, Any

from tutor.cli.common import add_content_option
from tutor.errors import UserError, did_you_mean

if TYPE_CHECKING:
    from tutor.grading.result import Grade

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _plain(text: str) -> str:
    """Content and answers are untrusted: shown without control characters."""
    return _CONTROL.sub("", " ".join(text.split()))


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("item_id", metavar="ITEM", help="a short-answer item's id")
    parser.add_argument("answer", metavar="ANSWER", help="the answer to grade, in quotes")
    add_content_option(parser)
    parser.add_argument("--json", action="store_true", help="print the grade as one JSON object")


def run(args: argparse.Namespace) -> int:
    from tutor.cli.common import load_course_or_fail
    from tutor.content.schema import ShortAnswer
    from tutor.learner.grading import grade, verdict_of

    course = load_course_or_fail(args.content)
    if not course.has_item(args.item_id):
        ids = [i.id for t in course.topics.values() for i in t.items]
        raise UserError(f"unknown item '{args.item_id}'{did_you_mean(args.item_id, ids)}")
    item = course.item(args.item_id)
    if not isinstance(item, ShortAnswer):
        raise UserError(
            f"item '{args.item_id}' is a {item.type.replace('_', '-')} item; "
            "only short-answer items are graded from text"
        )
    g = grade(item, args.answer, course.topic_of(args.item_id).synonyms)
    if args.json:
        print(json.dumps(_as_json(g, verdict_of(g)), ensure_ascii=False, indent=2))
    else:
        print("\n".join(render(g, verdict_of(g), list(item.key_points))))
    return 0


def _as_json(g: Grade, verdict: str) -> dict[str, Any]:
    return {
        "verdict": verdict,
        "suggested_rating": g.suggested_rating.name.lower(),
        "correct": g.correct,
        "confidence": g.confidence,
        "doubt": g.doubt,
        "method": g.method,
        "feedback": g.feedback,
        "key_points_hit": list(g.key_points_hit),
        "key_points_missed": list(g.key_points_missed),
        "contradicted": list(g.contradicted),
        "misplaced": list(g.misplaced),
        "decided_by": {point: clause for point, clause in g.decided_by},
    }


def render(g: Grade, verdict: str, key_points: list[str]) -> list[str]:
    """The grade as lines of plain text."""
    rating = "no suggestion" if g.unsure else g.suggested_rating.name.capitalize()
    lines = [
        f"verdict: {verdict} (suggested rating: {rating}; by {g.method})",
        f"confidence: {g.confidence:.2f}" + (f" (unsure: {_plain(g.doubt)})" if g.doubt else ""),
    ]
    if g.feedback:
        lines.append(f"feedback: {_plain(g.feedback)}")
    if g.method != "key_points":
        lines.append("key points: not read (the answer was decided by its written form or value)")
        return lines
    decided = dict(g.decided_by)
    for point in key_points:
        if point in g.contradicted:
            mark = "contradicted"
        elif point in g.misplaced:
            mark = "out of order"
        elif point in g.key_points_hit:
            mark = "hit"
        else:
            mark = "missed"
        lines.append(f"  [{mark}] {_plain(point)}")
        if point in decided:
            lines.append(f"      by: {_plain(decided[point])!r}")
    return lines
