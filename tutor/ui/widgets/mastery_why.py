"""The numbers behind a mastery change, and rating labels with their next interval.

Helpers for the question screen: the engine explains each change (prior, evidence,
slip and guess, learning step, forgetting) and previews each rating's interval; these
turn that data into text, never markup (nothing here comes from content, but the
screen treats every string as text anyway).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from textual.content import Content


def why_content(lines: Sequence[str]) -> Content:
    """The explanation, one line each, indented under the mastery line."""
    return Content("\n".join(f"  {line}" for line in lines))


def rating_label(number: int, name: str, intervals: Mapping[int, str]) -> str:
    """'3 Good · 2 d' (the interval is left out if the engine gave none)."""
    when = intervals.get(number)
    return f"{number} {name} · {when}" if when else f"{number} {name}"
