"""``tutor topic ID``: a topic's card, its place in the graph and your status.

The card mirrors what the source course shows for each topic (level, depth,
longest path, prerequisite counts, what it leads to and unlocks) so an author
or a learner can check the graph from a shell, and ``--json`` gives the same
fields to scripts.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import textwrap
from typing import TYPE_CHECKING, Any

from tutor.cli.common import add_content_option, add_db_option
from tutor.errors import UserError, did_you_mean
from tutor.text import json_printable, printable

if TYPE_CHECKING:
    from tutor.content.course import Course
    from tutor.graph import CourseGraph
    from tutor.learner.service import TopicState

MAX_WIDTH = 100
"""Cards wrap at the terminal width, but never wider than this: long lines are hard to read."""
ARROW = " → "


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "topic_id", metavar="ID", help="the topic's id, e.g. vanishing-gradient-problem"
    )
    add_content_option(parser)
    add_db_option(parser)
    parser.add_argument("--json", action="store_true", help="print every field as one JSON object")


def run(args: argparse.Namespace) -> int:
    from tutor.cli.common import load_course_or_fail, open_service_for_reading
    from tutor.graph import CourseGraph

    course = load_course_or_fail(args.content)
    topic_id = resolve_topic_id(course, args.topic_id)
    graph = CourseGraph.from_course(course)

    service = open_service_for_reading(course, args.db)
    try:
        state = service.topic_state(topic_id)
        left = service.time_to_goal(topic_id)
    finally:
        service.close()
    card = card_data(course, graph, topic_id, state)
    if left is not None:
        card["time_to_master"] = {
            "seconds": round(left.seconds),
            "topics_left": left.topics,
            "from_prior": left.from_prior,
            "text": left.describe(),
        }
    if args.json:
        print(json_printable(json.dumps(card, ensure_ascii=False, indent=2)))
    else:
        print(printable(render_card(card, width=_width())))
    return 0


def resolve_topic_id(course: Course, given: str) -> str:
    """The id as given, or a one-line error with the nearest id (by id or by title)."""
    if given in course.topics:
        return given
    slug = re.sub(r"[^a-z0-9]+", "-", given.casefold()).strip("-")
    if slug in course.topics:
        hint = f" (did you mean '{slug}'?)"
    else:
        hint = did_you_mean(slug or given, course.topics)
    raise UserError(f"unknown topic '{printable(given, one_line=True)}'{hint}")


def _width() -> int:
    return max(40, min(MAX_WIDTH, shutil.get_terminal_size((80, 24)).columns))


def card_data(
    course: Course, graph: CourseGraph, topic_id: str, state: TopicState | None
) -> dict[str, Any]:
    """Every field of the card, as plain data (what ``--json`` prints)."""
    topic = course.topics[topic_id]
    m = graph.metrics(topic_id)

    def ref(tid: str) -> dict[str, str]:
        return {"id": tid, "title": course.topics[tid].title}

    data: dict[str, Any] = {
        "id": topic.id,
        "title": topic.title,
        "level": topic.level,
        "tags": list(topic.tags),
        "depth": m.depth,
        "longest_path": [ref(t) for t in m.longest_path],
        "longest_path_topics": len(m.longest_path),
        "total_prerequisites": m.total_prerequisites,
        "direct_prerequisites": [ref(t) for t in m.direct_prerequisites],
        "leads_to": [ref(t) for t in m.leads_to],
        "unlocks": m.unlocks,
        "core_idea": topic.core_idea.strip(),
        "items": len(topic.items),
    }
    if state is not None:
        data.update(
            status=str(state.status),
            mastery=round(float(state.mastery), 4),
            answered=state.answered,
            correct=state.correct,
            is_goal=state.is_goal,
        )
    return data


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _refs(refs: list[dict[str, str]]) -> str:
    return ", ".join(f"{r['title']} ({r['id']})" for r in refs) if refs else "none"


def render_card(card: dict[str, Any], width: int = 80) -> str:
    """The card as plain text, wrapped to ``width``; labels line up in one column."""
    label_width = 22
    indent = " " * label_width

    def field(label: str, value: str) -> list[str]:
        return textwrap.wrap(
            value,
            width=width,
            initial_indent=f"{label + ':':<{label_width}}",
            subsequent_indent=indent,
            break_long_words=False,
            break_on_hyphens=False,
        ) or [f"{label}:"]

    lines = [card["title"], "=" * min(len(card["title"]), width)]
    lines += field("id", card["id"])
    lines += field("level", card["level"])
    lines += field("tags", ", ".join(card["tags"]) or "none")
    lines += field("depth", str(card["depth"]))
    lines += field("longest path", _plural(card["longest_path_topics"], "topic"))
    chain = ARROW.join(r["title"] for r in card["longest_path"])
    # Wrap after an arrow, never inside a title, so the chain reads step by step.
    lines += _wrap_chain(chain, width, indent)
    lines += field("total prerequisites", str(card["total_prerequisites"]))
    lines += field("direct prerequisites", _refs(card["direct_prerequisites"]))
    lines += field("leads to", _refs(card["leads_to"]))
    lines += field("unlocks", _plural(card["unlocks"], "topic"))
    if "status" in card:
        status = card["status"].replace("_", " ")
        answered = (
            f"{card['correct']}/{card['answered']} answered correctly"
            if card["answered"]
            else "nothing answered yet"
        )
        detail = f"{status}, mastery {card['mastery']:.0%}, {answered}"
        lines += field("status", detail + (" (your goal)" if card["is_goal"] else ""))
    if "time_to_master" in card:
        lines += field("time to it", card["time_to_master"]["text"])
    lines.append("")
    lines.append("core idea:")
    paragraphs = [" ".join(p.split()) for p in card["core_idea"].split("\n\n") if p.strip()]
    for i, paragraph in enumerate(paragraphs):
        if i:
            lines.append("")
        lines += textwrap.wrap(paragraph, width=width, initial_indent="  ", subsequent_indent="  ")
    return "\n".join(lines)


def _wrap_chain(chain: str, width: int, indent: str) -> list[str]:
    steps = chain.split(ARROW)
    pieces = [step + ARROW.rstrip() for step in steps[:-1]] + steps[-1:]
    lines: list[str] = []
    current: str | None = None
    for piece in pieces:
        if current is None:
            current = indent + piece
        elif len(current) + 1 + len(piece) > width:
            lines.append(current)
            current = indent + piece
        else:
            current += " " + piece
    if current is not None:
        lines.append(current)
    return lines
