"""How a topic status looks: one glyph, one word, one theme colour.

The status itself comes from the service; this module only maps its values to
symbols so the map, the card and the progress screen agree.
"""

from __future__ import annotations

from textual.content import Content

# status value -> (glyph, label, theme style)
STATUS_LOOK: dict[str, tuple[str, str, str]] = {
    "mastered": ("✓", "mastered", "$success"),
    "known": ("●", "known", "$secondary"),
    "in_progress": ("◐", "in progress", "$warning"),
    "available": ("○", "available", "$primary"),
    "locked": ("·", "locked", "$text-muted"),
}
GOAL_GLYPH = "★"


def status_value(status: object) -> str:
    """A status as its value ("in_progress"): TopicStatus is a StrEnum, so str() is the value."""
    return str(status)


def status_label(status: object) -> str:
    return STATUS_LOOK.get(status_value(status), ("?", status_value(status), ""))[1]


def status_content(status: object, *, with_label: bool = True) -> Content:
    glyph, label, style = STATUS_LOOK.get(status_value(status), ("?", status_value(status), ""))
    parts: list[str | tuple[str, str]] = [(glyph, f"{style} bold")]
    if with_label:
        parts += [" ", (label, style)]
    return Content.assemble(*parts)


def topic_line(title: str, status: object, *, is_goal: bool, mastery: float) -> Content:
    """One row of the course map: glyph, title, goal star, mastery when started."""
    glyph, _, style = STATUS_LOOK.get(status_value(status), ("?", "", ""))
    parts: list[str | tuple[str, str]] = [(glyph, f"{style} bold"), " ", title]
    if is_goal:
        parts += [" ", (GOAL_GLYPH, "$accent bold")]
    if status_value(status) == "in_progress":
        parts += ["  ", (f"{mastery:.0%}", "$text-muted")]
    return Content.assemble(*parts)


def reflow(text: str) -> str:
    """YAML block text with its hard line breaks removed; blank lines still split paragraphs."""
    paragraphs = [" ".join(p.split()) for p in text.strip().split("\n\n")]
    return "\n\n".join(p for p in paragraphs if p)
