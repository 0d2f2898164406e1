"""The validated course: topics, items and where each came from.

Keeping the source location of every topic and item (and the YAML node tree, so
any field can be located later) lets lint, the GIFT importer and the UI's preview
report ``file:line:col`` without parsing the files again.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from tutor.content.schema import Item, Topic

if TYPE_CHECKING:
    import yaml


@dataclass(frozen=True, order=True)
class Location:
    """A 1-based line and column in a content file."""

    path: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


@dataclass
class Course:
    """Topics keyed by id, in file order, with every item reachable by its id."""

    topics: dict[str, Topic]
    topic_locations: dict[str, Location] = field(default_factory=dict)
    item_locations: dict[str, Location] = field(default_factory=dict)
    sources: Sequence[Path] = ()
    files: dict[str, Path] = field(default_factory=dict)
    _nodes: dict[str, yaml.Node | None] = field(default_factory=dict, repr=False)
    _items: dict[str, tuple[str, Item]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        if not self._items:
            self._items = {
                item.id: (topic.id, item) for topic in self.topics.values() for item in topic.items
            }

    def __getstate__(self) -> dict[str, object]:
        """Pickled (the course cache) without the YAML node trees: they are re-read on demand."""
        state = self.__dict__.copy()
        state["_nodes"] = {}
        return state

    @property
    def item_count(self) -> int:
        return len(self._items)

    def item(self, item_id: str) -> Item:
        return self._items[item_id][1]

    def has_item(self, item_id: str) -> bool:
        return item_id in self._items

    def topic_of(self, item_id: str) -> Topic:
        return self.topics[self._items[item_id][0]]

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
