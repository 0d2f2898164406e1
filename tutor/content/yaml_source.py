"""Safe YAML reading that remembers where every value was written.

PyYAML's safe loader is the only parser used. We compose the node tree first
(cheap, and it keeps line/column marks), reject alias bombs and absurd nesting by
measuring the tree before anything is constructed, and refuse duplicate mapping
keys, which YAML would otherwise resolve silently by keeping the last one. The
node tree is kept so that a validation error's field path can be mapped back to
the exact line and column.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import yaml

from tutor.text import describe_control, printable

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
        self.all: list[YamlProblem] = [self]
        """Every problem found when one stopped the read (several stray control characters)."""

    @classmethod
    def of(cls, problems: list[YamlProblem]) -> YamlProblem:
        first = problems[0]
        first.all = problems
        return first


class LineIndex:
    """Line and column of a character index, counting lines by ``\\n`` only.

    PyYAML also breaks lines at ``\\r``, U+0085, U+2028 and U+2029, so its marks
    drift by a line for each of those; editors (and our messages) count ``\\n``.
    """

    def __init__(self, text: str) -> None:
        self._starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def position(self, index: int) -> tuple[int, int]:
        """1-based (line, column) of the character at ``index``."""
        line = bisect.bisect_right(self._starts, index)
        return line, index - self._starts[line - 1] + 1


_RAW_CHAR = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
""":data:`_RAW_CONTROL` without the CR rule: a plain class, scanned at C speed."""

_RAW_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]|\r(?!\n)")
"""Control characters written into the file itself (CRLF line ends are fine), and the
code points that are not text at all (lone surrogates, U+FFFE, U+FFFF)."""

MAX_DUPLICATES = 100
"""Duplicate keys recorded per file: a file of 100,000 repeats needs no 100,000 messages."""

MAX_REPORTED = 20
"""Problems of one kind reported per file; the rest are the same mistake repeated."""


def _mark_position(mark: Any, lines: LineIndex | None) -> tuple[int, int]:
    if mark is None:
        return 1, 1
    if lines is not None:
        return lines.position(mark.index)
    return mark.line + 1, mark.column + 1


@dataclass(frozen=True)
class DuplicateKey:
    key: str
    line: int
    column: int
    first_line: int
    first_column: int


class _Loader(_BaseLoader):  # type: ignore[misc,valid-type,unused-ignore]  # needed with types-PyYAML
    """The safe loader, recording duplicate keys instead of silently dropping them."""

    state_generators: list[Any]
    constructed_objects: dict[Any, Any]
    recursive_objects: dict[Any, Any]
    deep_construct: bool

    def __init__(self, stream: str, lines: LineIndex | None = None) -> None:
        super().__init__(stream)
        self.duplicates: list[DuplicateKey] = []
        self.lines = lines

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[Any, yaml.Node] = {}
        for key_node, _ in node.value if isinstance(node, yaml.MappingNode) else ():
            if isinstance(key_node, yaml.ScalarNode):
                key = key_node.value
                if key in seen:
                    if len(self.duplicates) >= MAX_DUPLICATES:
                        continue
                    first = seen[key]
                    self.duplicates.append(
                        DuplicateKey(
                            printable(key, one_line=True),
                            *_mark_position(key_node.start_mark, self.lines),
                            *_mark_position(first.start_mark, self.lines),
                        )
                    )
                else:
                    seen[key] = key_node
        return super().construct_mapping(node, deep=deep)


class _CarefulLoader(_Loader):
    """Builds what it can and records each value no constructor can build (``!!int abc``)
    instead of stopping at the first. Its per-node bookkeeping costs about a tenth of a
    load, so it only runs on a tree the plain loader failed on."""

    def __init__(self, stream: str, lines: LineIndex | None = None) -> None:
        super().__init__(stream, lines)
        self.problems: list[YamlProblem] = []
        self._late: dict[int, yaml.Node] = {}
        """Collections filled in after their first yield, by generator: whose failure it was."""

    def _problem(self, node: yaml.Node | None, exc: Exception) -> None:
        """Record a value that could not be built (``!!int abc``) at its own position."""
        if len(self.problems) >= MAX_REPORTED:
            return
        if isinstance(exc, yaml.MarkedYAMLError) and exc.problem_mark is not None:
            line, column = _mark_position(exc.problem_mark, self.lines)
            detail = exc.problem or str(exc)
        else:
            line, column = _mark_position(node.start_mark if node else None, self.lines)
            detail = ""
        tag = node.tag if node is not None else ""
        short = tag.replace("tag:yaml.org,2002:", "!!")
        if isinstance(node, yaml.ScalarNode) and not detail:
            message = f"cannot read '{_quote(node.value)}' as {short}"
        else:
            message = f"cannot read this value{f' as {short}' if short else ''}: {detail or type(exc).__name__}"
        self.problems.append(YamlProblem(f"YAML error: {message}", line, column))

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        deep_before = self.deep_construct
        pending = len(self.state_generators)
        try:
            data = super().construct_object(node, deep)
            if len(self.state_generators) > pending:  # filled in later: remember whose it is
                self._late[id(self.state_generators[-1])] = node
            return data
        except RecursionError:
            raise
        except Exception as exc:  # any constructor's failure, e.g. int('abc') for !!int abc
            self.recursive_objects.pop(node, None)
            self.deep_construct = deep_before
            self._problem(node, exc)
            value = node.value if isinstance(node, yaml.ScalarNode) else None
            self.constructed_objects[node] = value
            return value

    def construct_document(self, node: yaml.Node) -> Any:
        data = self.construct_object(node)
        while self.state_generators:
            generators, self.state_generators = self.state_generators, []
            for generator in generators:
                try:
                    for _ in generator:
                        pass
                except RecursionError:
                    raise
                except Exception as exc:  # a collection filled in late: !!set on a scalar
                    self._problem(self._late.get(id(generator), node), exc)
        self.constructed_objects = {}
        self.recursive_objects = {}
        self.deep_construct = False
        return data


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
    problems: list[YamlProblem] = field(default_factory=list)
    """Values that could not be built or hold control characters: reported, yet the
    rest of the file is still read and checked."""


def _quote(value: str, limit: int = 40) -> str:
    value = printable(value, one_line=True)
    return value if len(value) <= limit else value[: limit - 1] + "…"


def _raw_controls(text: str, lines: LineIndex) -> list[YamlProblem]:
    problems = []
    for match in _RAW_CONTROL.finditer(text):
        char = match.group()
        what = "control character" if char <= "\x9f" else "character"
        problems.append(
            YamlProblem(
                f"{what} {describe_control(char[0])} in the file; "
                "remove it (only tabs and line breaks are allowed)",
                *lines.position(match.start()),
            )
        )
        if len(problems) >= MAX_REPORTED:
            break
    return problems


def _escaped_controls(root: yaml.Node, lines: LineIndex | None) -> list[YamlProblem]:
    """Control characters written as escapes (``"\\e]0;title\\a"``) in double-quoted text."""
    from tutor.text import CONTROL_RE

    problems: list[YamlProblem] = []
    stack = [root]
    seen: set[int] = set()
    while stack and len(problems) < MAX_REPORTED:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            found = CONTROL_RE.search(node.value) if node.style == '"' else None
            if found:
                problems.append(
                    YamlProblem(
                        f"text holds control character {describe_control(found.group())} "
                        "(written as an escape); remove it: it would reach the learner's terminal",
                        *_mark_position(node.start_mark, lines),
                    )
                )
        else:
            stack.extend(_children(node))
    return problems


def parse_yaml(text: str) -> ParsedFile:
    """Parse one YAML document safely; raise YamlProblem for anything unreadable."""
    if len(text.encode("utf-8", errors="replace")) > MAX_FILE_BYTES:
        raise YamlProblem(
            f"file is larger than {MAX_FILE_BYTES // 1000} kB; a topic file should be far smaller"
        )
    if _RAW_CHAR.search(text) or ("\r" in text and _RAW_CONTROL.search(text)):
        raise YamlProblem.of(_raw_controls(text, LineIndex(text)))
    # Raw controls (CR and NEL included) are gone: only the Unicode separators can shift lines.
    lines = LineIndex(text) if ("\u2028" in text or "\u2029" in text) else None
    _check_depth(text, lines)
    loader = _Loader(text, lines)
    try:
        root = _compose(loader, text, lines)
        if root is None:
            return ParsedFile(None, None, [])
        if lines is not None:
            _fix_marks(root, lines)
        if "&" in text:  # aliases need anchors: without one the tree cannot expand
            size, depth = _measure(root)
            if size > MAX_EXPANDED_NODES:
                raise YamlProblem(
                    f"YAML aliases expand to more than {MAX_EXPANDED_NODES:,} values (an alias bomb?); "
                    "topic files need no anchors or aliases"
                )
            if depth > MAX_DEPTH:
                raise YamlProblem(f"values are nested more than {MAX_DEPTH} levels deep")
        problems = _escaped_controls(root, lines) if "\\" in text else []
        try:
            try:
                data = loader.construct_document(root)
            except RecursionError:
                raise
            except Exception:  # some value cannot be built: find them all, and where
                loader.dispose()
                loader = _CarefulLoader("", lines)
                data = loader.construct_document(root)
                problems += loader.problems
        except RecursionError:
            raise YamlProblem(f"values are nested more than {MAX_DEPTH} levels deep") from None
        return ParsedFile(data, root, loader.duplicates, problems)
    finally:
        loader.dispose()


def _compose(loader: _Loader, text: str, lines: LineIndex | None) -> yaml.Node | None:
    """The node tree, or a YamlProblem at the real line and column of the first syntax error."""
    try:
        return loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or str(exc)
        if exc.context and "single document" in exc.context:
            problem = "a topic file holds one YAML document; found a second ('---')"
        elif exc.context and exc.context_mark is not None and mark is not None:
            context_line = _mark_position(exc.context_mark, lines)[0]
            if context_line != _mark_position(mark, lines)[0]:
                problem += f" ({exc.context} that starts at line {context_line})"
        if mark is None:
            raise YamlProblem(f"YAML syntax error: {problem}") from None
        raise YamlProblem(f"YAML syntax error: {problem}", *_mark_position(mark, lines)) from None
    except yaml.reader.ReaderError as exc:
        char = chr(exc.character) if isinstance(exc.character, int) else str(exc.character)
        raise YamlProblem(
            f"character {describe_control(char)} is not allowed in a YAML file; remove it",
            *LineIndex(text).position(exc.position),
        ) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(f"YAML error: {printable(exc, one_line=True)}") from None


def _fix_marks(root: yaml.Node, lines: LineIndex) -> None:
    """Give every node marks that count lines by ``\\n`` only (see :class:`LineIndex`)."""
    stack = [root]
    seen: set[int] = set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        for attr in ("start_mark", "end_mark"):
            mark = getattr(node, attr)
            line, column = lines.position(mark.index)
            setattr(node, attr, yaml.Mark(mark.name, mark.index, line - 1, column - 1, None, None))
        stack.extend(_children(node))


_DEEP_INDENT = re.compile(r"(?m)^[ \t]{120}")
_INDICATOR_RUN = re.compile(r"(?:[-?:][ \t]+){30}")


def _check_depth(text: str, lines: LineIndex | None = None) -> None:
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
                        *_mark_position(mark, lines),
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
            pair = _lookup(node, part)
            if pair is None:
                found = False
                continue
            key_node, node = pair
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            if 0 <= part < len(node.value):
                node, key_node = node.value[part], None
            else:
                found = False
        else:
            found = False
    return node, key_node, found


_INDEXED = 16
"""Mappings with more keys than this get a key index on first lookup: a file with
100,000 unknown keys must not cost 100,000 scans of 100,000 keys to report."""


def _lookup(node: yaml.MappingNode, key: str) -> tuple[yaml.Node, yaml.Node] | None:
    """The first (key node, value node) pair of ``node`` whose key is ``key``."""
    pairs = node.value
    if len(pairs) <= _INDEXED:
        for k, v in pairs:
            if isinstance(k, yaml.ScalarNode) and k.value == key:
                return k, v
        return None
    index: dict[str, tuple[yaml.Node, yaml.Node]] | None = getattr(node, "_tutor_keys", None)
    if index is None:
        index = {}
        for k, v in pairs:
            if isinstance(k, yaml.ScalarNode):
                index.setdefault(k.value, (k, v))
        node._tutor_keys = index
    return index.get(key)


def locate_node(root: yaml.Node, path: Sequence[str | int]) -> tuple[int, int]:
    """1-based (line, column) of the value at ``path``, or of its nearest parent."""
    node, _, _ = node_at(root, path)
    return node.start_mark.line + 1, node.start_mark.column + 1
