"""Learner notes on a topic or an item, kept as events in the progress log.

A note is the learner's own words ("ask about this", "the trick is the sign"),
so it lives with their progress, is exported with it, and never changes the
learner model.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from tutor.errors import UserError

MAX_NOTE = 2000


@dataclass(frozen=True)
class Note:
    ts: str
    topic_id: str | None
    item_id: str | None
    text: str


def clean_note(text: str) -> str:
    """The note as stored: control characters (bar newlines and tabs) dropped, trimmed,
    at most MAX_NOTE characters; a UserError when nothing is left."""
    kept = "".join(
        ch for ch in text if ch in "\n\t" or not unicodedata.category(ch).startswith("C")
    ).strip()
    if not kept:
        raise UserError("a note needs some text")
    if len(kept) > MAX_NOTE:
        raise UserError(f"a note is at most {MAX_NOTE} characters (this one has {len(kept)})")
    return kept
