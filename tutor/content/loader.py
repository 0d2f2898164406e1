"""Load a folder of topic files into a validated :class:`Course`.

Every problem of every file is collected in one run and reported as
``path:line:col: field.path: message``, sorted by file and line. Authors fix a
whole batch at once instead of replaying the loader error by error, and no
problem ever surfaces as a traceback.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from tutor.content.course import Course, Location
from tutor.content.errors import ContentError, ContentErrors, format_path
from tutor.content.files import (  # noqa: F401  (re-exported)
    YAML_SUFFIXES,
    collect_files,
    display_path,
    scan_files,
)
from tutor.content.schema import (
    ITEM_MODELS,
    ITEM_TYPES,
    BKTParams,
    Choice,
    ShowMe,
    Topic,
    WrongAnswer,
)
from tutor.content.yaml_source import YamlProblem, node_at, parse_yaml
from tutor.errors import did_you_mean
from tutor.gc_pause import gc_paused

_YAML_KINDS = {
    "tag:yaml.org,2002:bool": "a boolean",
    "tag:yaml.org,2002:int": "a number",
    "tag:yaml.org,2002:float": "a number",
    "tag:yaml.org,2002:null": "null (nothing)",
    "tag:yaml.org,2002:timestamp": "a date",
}


MAX_ERRORS_PER_FILE = 100
"""A file with more errors is not a draft but generated or hostile: the first hundred say
what is wrong, and capping keeps a megabyte of mistakes from taking minutes to report."""


class _FileResult:
    __slots__ = ("data", "dropped", "echoes", "errors", "path", "root", "shown", "topic")

    def __init__(self, path: Path) -> None:
        self.path = path
        self.shown = display_path(path)
        self.topic: Topic | None = None
        self.root: yaml.Node | None = None
        self.data: dict[str, Any] | None = None
        self.errors: list[ContentError] = []
        self.dropped = 0
        self.echoes: set[tuple[int, int]] = set()
        """Where YAML could not build a value (``!!int abc``): it is validated as its text,
        and a schema error at the same spot would only repeat the first one."""

    @property
    def full(self) -> bool:
        return len(self.errors) >= MAX_ERRORS_PER_FILE

    def error(self, line: int, column: int, field: str, message: str) -> None:
        if field and (line, column) in self.echoes:
            return
        if self.full:
            self.dropped += 1
            return
        self.errors.append(ContentError(self.shown, line, column, field, message))

    def error_at(self, path: Sequence[str | int], message: str, *, key: bool = False) -> None:
        """An error located at the value (or, with ``key``, the key) at ``path``."""
        if self.full:
            self.dropped += 1
            return
        line, column = 1, 1
        if self.root is not None:
            node, key_node, _ = node_at(self.root, path)
            mark = (key_node if key and key_node is not None else node).start_mark
            line, column = mark.line + 1, mark.column + 1
        self.error(line, column, format_path(path), message)


def _read_file(path: Path) -> _FileResult:
    result = _FileResult(path)
    try:
        size = path.stat().st_size
        from tutor.content.yaml_source import MAX_FILE_BYTES

        if size > MAX_FILE_BYTES:
            result.error(
                1,
                1,
                "",
                f"file is {size:,} bytes, over the {MAX_FILE_BYTES:,}-byte limit for a topic file",
            )
            return result
        # Bytes decoded as they are: universal newlines would turn a stray "\r" into a
        # line break, hiding it and shifting every later line number.
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        head = exc.object[: exc.start]
        line = head.count(b"\n") + 1
        column = exc.start - (head.rfind(b"\n") + 1) + 1
        result.error(
            line,
            column,
            "",
            f"not UTF-8 text (byte 0x{exc.object[exc.start]:02x}); save the file as UTF-8",
        )
        return result
    except OSError as exc:
        result.error(1, 1, "", f"cannot read file: {exc.strerror or exc}")
        return result
    _check_text(result, text)
    return result


def check_text(text: str, name: str = "<text>") -> list[ContentError]:
    """Every error of one topic file's text, as :func:`check_course` reports them.

    For callers that hold text rather than a file (the loader's fuzz tests)."""
    result = _FileResult(Path(name))
    _check_text(result, text)
    return _capped(result.errors + _cross_checks([result]), {result.shown: result.dropped})


def _check_text(result: _FileResult, text: str) -> None:
    try:
        parsed = parse_yaml(text)
    except YamlProblem as exc:
        for problem in exc.all:
            result.error(problem.line, problem.column, "", problem.message)
        return
    result.root = parsed.root
    for problem in parsed.problems:
        result.error(problem.line, problem.column, "", problem.message)
    for dup in parsed.duplicates:
        result.error(
            dup.line,
            dup.column,
            "",
            f"duplicate key '{dup.key}' (first at line {dup.first_line}); YAML would silently keep only the last",
        )
    if parsed.data is None:
        result.error(
            1, 1, "", "file is empty; a topic needs at least id, title, level and core_idea"
        )
        return
    if not isinstance(parsed.data, dict):
        line, col = _mark(parsed.root)
        result.error(
            line,
            col,
            "",
            "a topic file must be a mapping of fields (id: ..., title: ...), not a list or a value",
        )
        return
    result.data = parsed.data
    result.echoes = {(p.line, p.column) for p in parsed.problems}
    try:
        topic = Topic.model_validate(parsed.data)
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            if result.full:
                result.dropped += 1
                continue
            _report_validation_error(result, parsed.data, err)
        return
    if not parsed.duplicates and not parsed.problems:
        result.topic = topic


def _capped(errors: list[ContentError], dropped: dict[str, int]) -> list[ContentError]:
    """Sorted, at most :data:`MAX_ERRORS_PER_FILE` per file, then one line saying how many
    more there are (the checks across files add theirs after a file's own were capped)."""
    errors.sort()
    out: list[ContentError] = []
    count: dict[str, int] = {}
    for e in errors:
        n = count[e.path] = count.get(e.path, 0) + 1
        if n <= MAX_ERRORS_PER_FILE:
            out.append(e)
    for path, n in count.items():
        more = max(0, n - MAX_ERRORS_PER_FILE) + dropped.get(path, 0)
        if more:
            last = max(e for e in out if e.path == path)
            message = f"and {more:,} more errors in this file; fix these first"
            out.append(ContentError(path, last.line, last.column + 1, "", message))
    return sorted(out)


def _mark(node: yaml.Node | None) -> tuple[int, int]:
    if node is None:
        return 1, 1
    return node.start_mark.line + 1, node.start_mark.column + 1


def _clean_loc(loc: Sequence[str | int]) -> list[str | int]:
    """Drop the discriminator tag pydantic inserts after a list index."""
    out: list[str | int] = []
    for i, part in enumerate(loc):
        if isinstance(part, str) and part in ITEM_TYPES and i > 0 and isinstance(loc[i - 1], int):
            continue
        out.append(part)
    return out


def _model_at(path: Sequence[str | int], data: Any) -> type[BaseModel] | None:
    """The schema model whose fields apply at ``path`` (for "did you mean")."""
    model: type[BaseModel] | None = Topic
    value = data
    i = 0
    while i < len(path) and model is not None:
        part = path[i]
        value = value.get(part) if isinstance(value, dict) else None
        if model is Topic and part == "items":
            if i + 1 < len(path):
                index = path[i + 1]
                value = (
                    value[index]
                    if isinstance(value, list) and isinstance(index, int) and index < len(value)
                    else None
                )
                kind = value.get("type") if isinstance(value, dict) else None
                model = ITEM_MODELS.get(kind) if isinstance(kind, str) else None
                i += 2
                continue
            return None
        nested: dict[str, type[BaseModel]] = {
            "show_me": ShowMe,
            "bkt": BKTParams,
            "choices": Choice,
            "wrong_answers": WrongAnswer,
        }
        if part in nested:
            model = nested[part]
            if i + 1 < len(path) and isinstance(index := path[i + 1], int):
                value = value[index] if isinstance(value, list) and index < len(value) else None
                i += 1
        else:
            return None
        i += 1
    return model


_SCI_WITHOUT_DOT = re.compile(r"[-+]?\d+[eE][-+]?\d+")
"""1e-3: a number in YAML 1.2 and JSON, text to PyYAML (YAML 1.1 wants 1.0e-3)."""


def _scalar_hint(result: _FileResult, path: Sequence[str | int], expected: str) -> str | None:
    """Explain YAML 1.1 surprises: ``no`` read as a boolean, ``3.10`` as 3.1."""
    if result.root is None:
        return None
    node, _, found = node_at(result.root, path)
    if not found or not isinstance(node, yaml.ScalarNode) or node.style:  # '' or None = plain
        return None
    kind = _YAML_KINDS.get(node.tag)
    if kind is None or expected != "string":
        return None
    return (
        f'YAML reads {node.value} as {kind}; put it in quotes ("{node.value}") to keep it as text'
    )


def _report_validation_error(result: _FileResult, data: dict[str, Any], err: Any) -> None:
    """Turn one pydantic error into an author's message at the YAML node it is about."""
    path = _clean_loc(err["loc"])
    kind: str = err["type"]
    msg: str = err["msg"]
    handler = _VALIDATION_HANDLERS.get(kind)
    if handler is not None:
        handler(result, data, path, err)
    elif kind == "too_short" and isinstance(err.get("input"), str):
        result.error_at(path, "must not be empty")
    else:
        result.error_at(path, msg[0].lower() + msg[1:] if msg else kind)


def _report_missing(result: _FileResult, data: Any, path: list[str | int], err: Any) -> None:
    """Located at the mapping that lacks the field: the field itself has no node."""
    line, column = (1, 1)
    if result.root is not None:
        line, column = _mark(node_at(result.root, path[:-1])[0])
    result.error(line, column, format_path(path), f"required field '{path[-1]}' is missing")


def _report_unknown_field(result: _FileResult, data: Any, path: list[str | int], err: Any) -> None:
    field = str(path[-1])
    model = _model_at(path[:-1], data)
    hint = ""
    if model is not None:
        hint = (
            did_you_mean(field, model.model_fields) or f"; allowed: {', '.join(model.model_fields)}"
        )
    result.error_at(path, f"unknown field '{field}'{hint}", key=True)


def _report_item_type(result: _FileResult, data: Any, path: list[str | int], err: Any) -> None:
    tag = err.get("ctx", {}).get("tag")
    expected = ", ".join(ITEM_TYPES)
    if err["type"] == "union_tag_not_found":
        result.error_at(path, f"item needs a 'type': one of {expected}")
    else:
        hint = did_you_mean(str(tag), ITEM_TYPES, cutoff=0.5)
        result.error_at(
            [*path, "type"], f"unknown item type '{tag}'{hint}; expected one of {expected}"
        )


def _report_value_error(result: _FileResult, data: Any, path: list[str | int], err: Any) -> None:
    text = str(err["msg"]).removeprefix("Value error, ")
    if "correct choice" in text:
        result.error_at([*path, "choices"], text, key=True)
    else:
        result.error_at(path, text)


def _report_not_slug(result: _FileResult, data: Any, path: list[str | int], err: Any) -> None:
    result.error_at(
        path,
        "must be a slug: lower-case letters, digits and single hyphens (e.g. 'sigma-notation')",
    )


def _report_not_allowed(result: _FileResult, data: Any, path: list[str | int], err: Any) -> None:
    expected = err.get("ctx", {}).get("expected", "")
    value = err.get("input")
    hint = did_you_mean(
        str(value), [e.strip(" '") for e in str(expected).replace(" or ", ", ").split(",")]
    )
    result.error_at(path, f"'{value}' is not allowed{hint}; expected {expected}")


_TYPE_NAMES = {
    "string_type": "string",
    "bool_type": "boolean",
    "int_type": "integer",
    "float_type": "number",
    "list_type": "list",
    "dict_type": "mapping",
    "model_type": "mapping",
}


def _report_wrong_type(result: _FileResult, data: Any, path: list[str | int], err: Any) -> None:
    """Says what YAML made of the value, since that is usually the surprise."""
    kind = err["type"]
    expected = _TYPE_NAMES[kind]
    yaml_hint = _scalar_hint(result, path, expected)
    message = (
        f"expected a {expected}, but {yaml_hint}"
        if yaml_hint
        else f"expected a {expected}, got {_describe(err.get('input'))}"
    )
    if kind == "bool_type" and isinstance(err.get("input"), str):
        message += "; write true or false without quotes"
    if kind == "float_type" and _SCI_WITHOUT_DOT.fullmatch(str(err.get("input"))):
        message += " (YAML 1.1 needs a dot in scientific notation: write 1.0e-3, not 1e-3)"
    result.error_at(path, message)


_VALIDATION_HANDLERS: dict[
    str, Callable[[_FileResult, dict[str, Any], list[str | int], Any], None]
] = {
    "missing": _report_missing,
    "extra_forbidden": _report_unknown_field,
    "union_tag_invalid": _report_item_type,
    "union_tag_not_found": _report_item_type,
    "value_error": _report_value_error,
    "string_pattern_mismatch": _report_not_slug,
    "literal_error": _report_not_allowed,
    **dict.fromkeys(_TYPE_NAMES, _report_wrong_type),
}


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if value is None:
        return "nothing (null)"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


MAX_SUGGESTIONS = 50
""""Did you mean" hints per run (fewer in a course of thousands of topics: each compares
with every id); past this, unknown prerequisites are listed plainly."""


def _suggest(word: str, options: Sequence[str], budget: list[int]) -> str:
    """:func:`did_you_mean`, falling back to an id that contains the word or is contained in it
    (a prerequisite written as a prefix or with an extra suffix)."""
    if budget[0] <= 0:
        return ""
    budget[0] -= 1
    hint = did_you_mean(word, options)
    if hint:
        return hint
    close = [o for o in options if word in o or o in word][:1]
    return f" (did you mean '{close[0]}'?)" if close else ""


def _raw_list(value: Any) -> list[tuple[int, Any]]:
    return list(enumerate(value)) if isinstance(value, list) else []


def _raw_id(data: Any) -> str | None:
    value = data.get("id") if isinstance(data, dict) else None
    return value if isinstance(value, str) else None


def _raw_prerequisites(r: _FileResult) -> list[tuple[int, str]]:
    """Prerequisites as written, even in a file that failed validation elsewhere."""
    raw = r.data.get("prerequisites") if r.data else None
    return [(i, p) for i, p in _raw_list(raw) if isinstance(p, str)]


def _raw_show_me(r: _FileResult) -> list[tuple[list[str | int], str, dict[str, Any]]]:
    refs: list[tuple[list[str | int], Any]] = []
    if r.data:
        refs += [(["show_me", i], s) for i, s in _raw_list(r.data.get("show_me"))]
        refs += [
            (["items", i, "show_me"], it.get("show_me"))
            for i, it in _raw_list(r.data.get("items"))
            if isinstance(it, dict)
        ]
        refs += _raw_predict_items(r)
    out = []
    for path, ref in refs:
        if isinstance(ref, dict) and isinstance(ref.get("experiment"), str):
            params = ref.get("params", {})
            out.append((path, ref["experiment"], params if isinstance(params, dict) else {}))
    return out


def _raw_predict_items(r: _FileResult) -> list[tuple[list[str | int], dict[str, Any]]]:
    """Predict items name an experiment and its parameters like a show_me reference does."""
    items = _raw_list(r.data.get("items")) if r.data else []
    return [
        (["items", i], it)
        for i, it in items
        if isinstance(it, dict) and it.get("type") == "predict"
    ]


def _quantity_errors(results: list[_FileResult]) -> list[ContentError]:
    """A predict item's quantity must be one its experiment measures."""
    from tutor.lab import quantities
    from tutor.lab.registry import EXPERIMENTS

    errors: list[ContentError] = []
    for r in results:
        for base, item in _raw_predict_items(r):
            experiment, quantity = item.get("experiment"), item.get("quantity")
            if not isinstance(experiment, str) or experiment not in EXPERIMENTS:
                continue  # an unknown experiment is reported once, by the show_me check
            if not isinstance(quantity, str):
                continue  # the schema reports a quantity that is not text
            known = quantities(experiment)
            if quantity in known:
                continue
            path = [*base, "quantity"]
            node = node_at(r.root, path)[0] if r.root is not None else None
            listed = ", ".join(sorted(known)) or "none"
            message = f"experiment '{experiment}' does not measure '{quantity}'{_suggest(quantity, sorted(known), [1])}; it measures: {listed}"
            errors.append(ContentError(r.shown, *_mark(node), format_path(path), message))
    return errors


def _cross_checks(results: list[_FileResult], partial: bool = False) -> list[ContentError]:
    """Checks that need every file: unique ids, known prerequisites, no cycles, experiments.

    They run on the raw data, so a file with a schema error still has its
    prerequisites and ids checked in the same run.
    """
    readable = [r for r in results if r.data is not None]
    topic_at, errors = _duplicate_ids(readable)
    graph, prerequisite_errors = _prerequisite_graph(topic_at, partial)
    errors.extend(prerequisite_errors)
    errors.extend(_cycle_errors(graph, topic_at))
    errors.extend(_experiment_errors(readable))
    errors.extend(_quantity_errors(readable))
    return errors


def _location(r: _FileResult, path: Sequence[str | int]) -> Location:
    node = node_at(r.root, path)[0] if r.root is not None else None
    return Location(r.shown, *_mark(node))


def _error_at(where: Location, field: str, message: str) -> ContentError:
    return ContentError(where.path, where.line, where.column, field, message)


def _duplicate_ids(
    readable: list[_FileResult],
) -> tuple[dict[str, tuple[_FileResult, Location]], list[ContentError]]:
    """Where each topic id is first defined, and an error for every later topic or item id
    that repeats one (reported file by file, topic before its items)."""
    errors: list[ContentError] = []
    topic_at: dict[str, tuple[_FileResult, Location]] = {}
    item_at: dict[str, Location] = {}
    for r in readable:
        tid = _raw_id(r.data)
        if tid is not None:
            here = _location(r, ["id"])
            if tid in topic_at:
                message = f"duplicate topic id '{tid}': also defined at {topic_at[tid][1]}"
                errors.append(_error_at(here, "id", message))
            else:
                topic_at[tid] = (r, here)
        errors.extend(_duplicate_item_ids(r, item_at))
    return topic_at, errors


def _duplicate_item_ids(r: _FileResult, item_at: dict[str, Location]) -> list[ContentError]:
    """Item ids of one file already seen in ``item_at``, which learns the new ones."""
    errors: list[ContentError] = []
    for i, item in _raw_list(r.data.get("items") if r.data else None):
        iid = _raw_id(item)
        if iid is None:
            continue
        where = _location(r, ["items", i, "id"])
        if iid in item_at:
            message = f"duplicate item id '{iid}': also defined at {item_at[iid]}"
            errors.append(_error_at(where, f"items[{i}].id", message))
        else:
            item_at[iid] = where
    return errors


def _prerequisite_graph(
    topic_at: dict[str, tuple[_FileResult, Location]], partial: bool
) -> tuple[dict[str, list[tuple[int, str]]], list[ContentError]]:
    """Each topic's known prerequisites (with their index), and errors for the others."""
    errors: list[ContentError] = []
    ids = sorted(topic_at)
    budget = [max(3, min(MAX_SUGGESTIONS, 50_000 // max(1, len(ids))))]
    graph: dict[str, list[tuple[int, str]]] = {}
    for tid, (r, _) in topic_at.items():
        graph[tid] = []
        for i, pre in _raw_prerequisites(r):
            where = _location(r, ["prerequisites", i])
            field = f"prerequisites[{i}]"
            if pre not in topic_at:
                if not partial:
                    message = f"unknown prerequisite '{pre}'{_suggest(pre, ids, budget)}"
                    errors.append(_error_at(where, field, message))
            elif pre == tid:
                message = f"a topic cannot be its own prerequisite: {tid} -> {tid}"
                errors.append(_error_at(where, field, message))
            else:
                graph[tid].append((i, pre))
    return graph, errors


def _cycle_errors(
    graph: dict[str, list[tuple[int, str]]], topic_at: dict[str, tuple[_FileResult, Location]]
) -> list[ContentError]:
    """One error per cycle, at the prerequisite that starts it."""
    errors: list[ContentError] = []
    for cycle, index in _find_cycles(graph):
        r = topic_at[cycle[0]][0]
        message = (
            "prerequisite cycle: "
            + " -> ".join(cycle)
            + " (each topic lists the next as a prerequisite)"
        )
        where = _location(r, ["prerequisites", index])
        errors.append(_error_at(where, f"prerequisites[{index}]", message))
    return errors


def _find_cycles(graph: dict[str, list[tuple[int, str]]]) -> list[tuple[list[str], int]]:
    """Each cycle found by one iterative DFS, with the prerequisite index that closes its first step."""
    state: dict[str, int] = {}  # 1 = on the DFS path, 2 = finished
    found: list[tuple[list[str], int]] = []
    for start in graph:
        if state.get(start):
            continue
        stack: list[tuple[str, int]] = [(start, 0)]
        path: list[str] = []
        while stack:
            node, idx = stack.pop()
            if idx == 0:
                state[node] = 1
                path.append(node)
            edges = graph[node]
            if idx < len(edges):
                stack.append((node, idx + 1))
                child = edges[idx][1]
                if state.get(child) == 1:
                    cycle = path[path.index(child) :] + [child]
                    first_index = next(i for i, p in graph[cycle[0]] if p == cycle[1])
                    found.append((cycle, first_index))
                elif not state.get(child):
                    stack.append((child, 0))
            else:
                state[node] = 2
                path.pop()
    return found


def _experiment_errors(results: list[_FileResult]) -> list[ContentError]:
    from tutor.lab.registry import check_params  # pydantic only: torch stays unloaded

    errors: list[ContentError] = []
    for r in results:
        for base, experiment, params in _raw_show_me(r):
            for sub, message in check_params(experiment, params):
                path = (
                    [*base, "params", *sub]
                    if sub or "experiment" not in message
                    else [*base, "experiment"]
                )
                node, key_node, found = (
                    node_at(r.root, path) if r.root is not None else (None, None, False)
                )
                line, column = _mark(key_node if (found and key_node is not None and sub) else node)
                errors.append(ContentError(r.shown, line, column, format_path(path), message))
    return errors


def check_course(
    paths: Sequence[Path], *, partial: bool = False
) -> tuple[Course | None, list[ContentError]]:
    """Validate everything; return the course only when there are no errors.

    ``partial`` accepts prerequisites that name topics outside ``paths`` and
    drops them, so ``tutor preview`` can open one file of a larger course.
    """
    files, unread = scan_files(paths)
    # Every file's node tree stays alive until the cross-file checks have located
    # their errors; the cyclic GC would rescan that growing heap again and again
    # for nothing (measured: 2.4x -> 1.7x of a bare yaml.load, bench/content_load.py).
    with gc_paused():
        course, errors = _check_files(files, paths, partial)
    if unread:
        errors = sorted(
            [*errors, *(ContentError(display_path(p), 1, 1, "", why) for p, why in unread)]
        )
        return None, errors
    return course, errors


def _check_files(
    files: list[Path], paths: Sequence[Path], partial: bool
) -> tuple[Course | None, list[ContentError]]:
    results = [_read_file(p) for p in files]
    errors = [e for r in results for e in r.errors]
    errors.extend(_cross_checks(results, partial))
    if errors:
        return None, _capped(errors, {r.shown: r.dropped for r in results})
    topics: dict[str, Topic] = {}
    topic_locations: dict[str, Location] = {}
    item_locations: dict[str, Location] = {}
    files_by_topic: dict[str, Path] = {}
    known = {r.topic.id for r in results if r.topic is not None}
    for r in results:
        t = r.topic
        assert t is not None and r.root is not None
        if partial and any(p not in known for p in t.prerequisites):
            t = t.model_copy(update={"prerequisites": [p for p in t.prerequisites if p in known]})
        topics[t.id] = t
        line, column = _mark(r.root)
        topic_locations[t.id] = Location(r.shown, line, column)
        files_by_topic[t.id] = r.path
        items_node, _, _ = node_at(r.root, ["items"])
        if isinstance(items_node, yaml.SequenceNode):
            for item, node in zip(t.items, items_node.value):
                item_locations[item.id] = Location(r.shown, *_mark(node))
    return Course(topics, topic_locations, item_locations, tuple(paths), files_by_topic), []


def load_course(paths: Sequence[Path]) -> Course:
    """Load a course or raise :class:`ContentErrors` listing every problem."""
    course, errors = check_course(paths)
    if errors or course is None:
        raise ContentErrors(errors)
    return course
