"""Ids and category names shared by every exchange format.

Imported questions get ids from their titles, in any script: a title is
transliterated to ASCII words (``Größe`` -> ``grosse``, ``Привет`` ->
``privet``), so ids stay readable slugs. GIFT and Moodle XML name a topic's
category the same way, so a bank exported both ways lands in one place.
"""

from __future__ import annotations

import functools
import re
from typing import Any

_NOT_SLUG = re.compile(r"[^a-z0-9]+")


@functools.lru_cache(maxsize=4096)
def slug(text: str, limit: int = 60) -> str:
    """Lower-case ASCII words joined by hyphens, at most ``limit`` characters."""
    from anyascii import anyascii

    words = _NOT_SLUG.sub("-", anyascii(text[:1000]).lower()).strip("-")
    return words[:limit].strip("-")


class IdMaker:
    """Hands out unique ids: ``x``, then ``x-2``, ``x-3``... in constant time per id."""

    def __init__(self) -> None:
        self.used: set[str] = set()
        self._next: dict[str, int] = {}

    def take(self, wanted: str) -> str:
        if wanted not in self.used:
            self.used.add(wanted)
            return wanted
        k = self._next.get(wanted, 2)
        base = wanted[:72].rstrip("-")
        while f"{base}-{k}" in self.used:
            k += 1
        self._next[wanted] = k + 1
        self.used.add(f"{base}-{k}")
        return f"{base}-{k}"


def category_name(topic: Any) -> str:
    """``$course$/tutor/<title> [<id>]``: a slash in a title doubled, as Moodle escapes it."""
    title = re.sub(r"\s+", " ", topic.title).strip().replace("/", "//")
    return f"$course$/tutor/{title} [{topic.id}]"
