"""The validated course: topics, items and where each came from.

Keeping the source location of every topic and item (and the YAML node tree, so
any field can be located later) lets lint, the GIFT importer and the UI's preview
report ``file:line:col`` without parsing the files again.

A course always has its outline (:mod:`tutor.content.outline`); its topics, the
pydantic models, may be deferred: the app's cached course loads them on first
use, so the first screen paints without importing pydantic (the start-up target in CONTRIBUTING.md).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from tutor.content.outline import TopicOutline, distinct_titles, outline_of

if TYPE_CHECKING:
    import yaml

    from tutor.content.schema import Item, Topic


@dataclass(frozen=True, order=True)
class Location:
    """A 1-based line and column in a content file."""

    path: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


class Course:
    """Topics keyed by id, in file order, with every item reachable by its id.

    ``topics`` is either given or, with :meth:`deferred`, loaded by a callable the
    first time anything reads a topic's content; the outline, the locations and
    the item index are there from the start. Loading is serialised, so a worker
    warming the topics and the UI thread reading one get the same objects.
    """

    def __init__(
        self,
        topics: dict[str, Topic] | None,
        topic_locations: dict[str, Location] | None = None,
        item_locations: dict[str, Location] | None = None,
        sources: Sequence[Path] = (),
        files: dict[str, Path] | None = None,
        *,
        outline: dict[str, TopicOutline] | None = None,
        load_topics: Callable[[], dict[str, Topic]] | None = None,
    ) -> None:
        if topics is None and (outline is None or load_topics is None):
            raise TypeError(
                "a course without its topics needs their outline and a way to load them"
            )
        self.topic_locations = topic_locations or {}
        self.item_locations = item_locations or {}
        self.sources = sources
        self.files = files or {}
        if outline is None:
            assert topics is not None
            outline = {tid: outline_of(topic) for tid, topic in topics.items()}
        self.outline = outline
        self._topics = topics
        self._load_topics = None if topics is not None else load_topics
        self._lock = threading.Lock()
        self._item_topic: dict[str, str] = {
            item.id: topic.id for topic in outline.values() for item in topic.items
        }
        self._items: dict[str, Item] | None = None
        self._labels: dict[str, str] | None = None
        self._nodes: dict[str, yaml.Node | None] = {}

    @classmethod
    def deferred(
        cls,
        outline: dict[str, TopicOutline],
        load_topics: Callable[[], dict[str, Topic]],
        topic_locations: dict[str, Location],
        item_locations: dict[str, Location],
        sources: Sequence[Path],
        files: dict[str, Path],
    ) -> Course:
        """A course whose topics ``load_topics`` returns when first needed; it must return
        the topics ``outline`` describes, in the same order."""
        return cls(
            None,
            topic_locations,
            item_locations,
            sources,
            files,
            outline=outline,
            load_topics=load_topics,
        )

    def label(self, topic_id: str) -> str:
        """The topic's title as lists show it: distinct even where titles repeat."""
        labels = self._labels
        if labels is None:
            labels = self._labels = distinct_titles(self.outline)
        return labels[topic_id]

    @property
    def topics(self) -> dict[str, Topic]:
        """The validated topics (loading them now if they were deferred)."""
        topics = self._topics
        if topics is None:
            with self._lock:
                if self._topics is None:
                    assert self._load_topics is not None
                    self._topics = self._load_topics()
                    self._load_topics = None
                topics = self._topics
        return topics

    @property
    def topics_loaded(self) -> bool:
        return self._topics is not None

    def load(self) -> None:
        """Load deferred topics now (a worker does, so no screen waits for them later)."""
        self.topics  # noqa: B018 - the property loads them

    def __repr__(self) -> str:
        return f"<Course of {len(self.outline)} topics, {self.item_count} items>"

    @property
    def item_count(self) -> int:
        return len(self._item_topic)

    def has_item(self, item_id: str) -> bool:
        return item_id in self._item_topic

    def topic_id_of(self, item_id: str) -> str:
        return self._item_topic[item_id]

    def item(self, item_id: str) -> Item:
        items = self._items
        if items is None:
            items = self._items = {
                item.id: item for topic in self.topics.values() for item in topic.items
            }
        return items[item_id]

    def topic_of(self, item_id: str) -> Topic:
        return self.topics[self._item_topic[item_id]]

    def iter_items(self) -> Iterator[tuple[Topic, Item]]:
        for topic in self.topics.values():
            for item in topic.items:
                yield topic, item

    def locate(self, topic_id: str, path: Sequence[str | int] = ()) -> Location:
        """Where a field of a topic is written, e.g. ``("items", 2, "choices", 0)``.

        Falls back to the nearest enclosing node that exists, then to the topic.
        """
        from tutor.content.yaml_source import locate_node

        base = self.topic_locations.get(topic_id, Location("<unknown>", 1, 1))
        if topic_id not in self._nodes:
            self._nodes[topic_id] = self._parse(topic_id)
        node = self._nodes[topic_id]
        if node is None:
            return base
        return Location(base.path, *locate_node(node, path))

    def _parse(self, topic_id: str) -> yaml.Node | None:
        """Node trees are re-read on demand: keeping every tree costs memory and load time
        for the app, which never needs them; lint and the importers do, rarely."""
        from tutor.content.yaml_source import YamlProblem, parse_yaml

        path = self.files.get(topic_id)
        if path is None:
            return None
        try:
            return parse_yaml(path.read_text(encoding="utf-8")).root
        except (OSError, UnicodeDecodeError, YamlProblem):
            return None
