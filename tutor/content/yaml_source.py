"""Safe YAML reading that remembers where every value was written.

PyYAML's safe loader is the only parser used. We compose the node tree first
(cheap, and it keeps line/column marks), reject alias bombs and absurd nesting by
measuring the tree before anything is constructed, and refuse duplicate mapping
keys, which YAML would otherwise resolve silently by keeping the last one. The
node tree is kept so that a validation error's field path can be mapped back to
the exact line and column.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import yaml

try:  # the C parser is several times faster; the pure-Python one behaves the same
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment,unused-ignore]  # needed with types-PyYAML

MAX_FILE_BYTES = 1_000_000
"""A topic file is tens of kilobytes; anything near a megabyte is a mistake or an attack."""

MAX_EXPANDED_NODES = 200_000
"""Nodes after expanding aliases: a billion-laughs file blows past this at once."""

MAX_DEPTH = 60
"""Nesting deeper than this is never a topic; it only risks recursion limits."""


class YamlProblem(Exception):
    """A file that cannot be read as one YAML document; carries a 1-based position."""

    def __init__(self, message: str, line: int = 1, column: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


@dataclass(frozen=True)
class DuplicateKey:
    key: str
    line: int
    column: int
    first_line: int
    first_column: int


class _Loader(_BaseLoader):  # type: ignore[misc,valid-type,unused-ignore]  # needed with types-PyYAML
    """The safe loader, recording duplicate keys instead of silently dropping them."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.duplicates: list[DuplicateKey] = []

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[Any, yaml.Node] = {}
        for key_node, _ in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                key = key_node.value
                if key in seen:
                    first = seen[key]
                    self.duplicates.append(
                        DuplicateKey(
                            str(key),
                            key_node.start_mark.line + 1,
                            key_node.start_mark.column + 1,
                            first.start_mark.line + 1,
                            first.start_mark.column + 1,
                        )
                    )
                else:
                    seen[key] = key_node
        return super().construct_mapping(node, deep=deep)


def _measure(root: yaml.Node) -> tuple[int, int]:
    """Expanded node count and maximum depth, without expanding anything.

    Aliases share node objects, so sizes are memoised per node: a bomb of nine
    aliases nine levels deep costs 81 steps here but 10⁹ nodes to construct.
    """
    sizes: dict[int, int] = {}
    depths: dict[int, int] = {}
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    active: set[int] = set()
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            active.discard(key)
            children = _children(node)
            sizes[key] = 1 + sum(sizes[id(c)] for c in children)
            depths[key] = 1 + max((depths[id(c)] for c in children), default=0)
            if sizes[key] > MAX_EXPANDED_NODES:
                return sizes[key], depths[key]
            continue
        if key in sizes:
            continue
        if key in active:  # a recursive structure: infinite when expanded
            return MAX_EXPANDED_NODES + 1, 0
        active.add(key)
        stack.append((node, True))
        for child in _children(node):
            if id(child) not in sizes:
                stack.append((child, False))
        if len(active) > MAX_DEPTH * 2 + 2:
            return 0, MAX_DEPTH + 1
    return sizes[id(root)], depths[id(root)]


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


@dataclass
class ParsedFile:
    data: Any
    root: yaml.Node | None
    duplicates: list[DuplicateKey]


def parse_yaml(text: str) -> ParsedFile:
    """Parse one YAML document safely; raise YamlProblem for anything unreadable."""
    if len(text.encode("utf-8", errors="replace")) > MAX_FILE_BYTES:
        raise YamlProblem(
            f"file is larger than {MAX_FILE_BYTES // 1000} kB; a topic file should be far smaller"
        )
    _check_depth(text)
    loader = _Loader(text)
    try:
        try:
            root = loader.get_single_node()
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            problem = exc.problem or str(exc)
            if exc.context and "single document" in exc.context:
                problem = "a topic file holds one YAML document; found a second ('---')"
            elif (
                exc.context
                and exc.context_mark is not None
                and mark is not None
                and exc.context_mark.line != mark.line
            ):
                problem += f" ({exc.context} that starts at line {exc.context_mark.line + 1})"
            if mark is None:
                raise YamlProblem(f"YAML syntax error: {problem}") from None
            raise YamlProblem(
                f"YAML syntax error: {problem}", mark.line + 1, mark.column + 1
            ) from None
        except yaml.YAMLError as exc:
            raise YamlProblem(f"YAML error: {exc}") from None
        if root is None:
            return ParsedFile(None, None, [])
        if "&" in text:  # aliases need anchors: without one the tree cannot expand
            size, depth = _measure(root)
            if size > MAX_EXPANDED_NODES:
                raise YamlProblem(
                    f"YAML aliases expand to more than {MAX_EXPANDED_NODES:,} values (an alias bomb?); "
                    "topic files need no anchors or aliases"
                )
            if depth > MAX_DEPTH:
                raise YamlProblem(f"values are nested more than {MAX_DEPTH} levels deep")
        try:
            data = loader.construct_document(root)
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
            raise YamlProblem(f"YAML error: {exc.problem or exc}", line, col) from None
        except RecursionError:
            raise YamlProblem(f"values are nested more than {MAX_DEPTH} levels deep") from None
        return ParsedFile(data, root, loader.duplicates)
    finally:
        loader.dispose()


_DEEP_INDENT = re.compile(r"(?m)^[ \t]{120}")
_INDICATOR_RUN = re.compile(r"(?:[-?:][ \t]+){30}")


def _check_depth(text: str) -> None:
    """Reject absurd nesting before the C composer sees it: it recurses and can crash.

    Normal files never come near the limit, so a few C-speed scans decide; only a
    suspicious file pays for an exact count over the parser's event stream.
    """
    suspicious = (
        text.count("[") + text.count("{") > MAX_DEPTH
        or _DEEP_INDENT.search(text) is not None
        or _INDICATOR_RUN.search(text) is not None
    )
    if not suspicious:
        return
    depth = 0
    loader = _BaseLoader(text)
    try:
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    mark = event.start_mark
                    raise YamlProblem(
                        f"values are nested more than {MAX_DEPTH} levels deep",
                        mark.line + 1,
                        mark.column + 1,
                    )
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                depth -= 1
    except yaml.YAMLError:
        return  # a syntax error: the real parse reports it with its position
    finally:
        loader.dispose()


def node_at(root: yaml.Node, path: Sequence[str | int]) -> tuple[yaml.Node, yaml.Node | None, bool]:
    """Follow a field path through the node tree.

    Returns (deepest node reached, the key node of the last mapping step or None,
    whether the whole path was found). Path parts that are not keys of the
    current mapping (pydantic puts a union's tag in ``loc``) are skipped.
    """
    node = root
    key_node: yaml.Node | None = None
    found = True
    for part in path:
        if isinstance(node, yaml.MappingNode) and isinstance(part, str):
            for k, v in node.value:
                if isinstance(k, yaml.ScalarNode) and k.value == part:
                    key_node, node = k, v
                    break
            else:
                found = False
                continue
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            if 0 <= part < len(node.value):
                node, key_node = node.value[part], None
            else:
                found = False
        else:
            found = False
    return node, key_node, found


def locate_node(root: yaml.Node, path: Sequence[str | int]) -> tuple[int, int]:
    """1-based (line, column) of the value at ``path``, or of its nearest parent."""
    node, _, _ = node_at(root, path)
    return node.start_mark.line + 1, node.start_mark.column + 1
