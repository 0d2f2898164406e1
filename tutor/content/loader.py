"""Load a folder of topic files into a validated :class:`Course`.

Every problem of every file is collected in one run and reported as
``path:line:col: field.path: message``, sorted by file and line. Authors fix a
whole batch at once instead of replaying the loader error by error, and no
problem ever surfaces as a traceback.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from tutor.content.course import Course, Location
from tutor.content.errors import ContentError, ContentErrors, format_path
from tutor.content.files import YAML_SUFFIXES, collect_files, display_path  # noqa: F401  (re-exported)
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

_YAML_KINDS = {
    "tag:yaml.org,2002:bool": "a boolean",
    "tag:yaml.org,2002:int": "a number",
    "tag:yaml.org,2002:float": "a number",
    "tag:yaml.org,2002:null": "null (nothing)",
    "tag:yaml.org,2002:timestamp": "a date",
}


class _FileResult:
    __slots__ = ("data", "errors", "path", "root", "shown", "topic")

    def __init__(self, path: Path) -> None:
        self.path = path
        self.shown = display_path(path)
        self.topic: Topic | None = None
        self.root: yaml.Node | None = None
        self.data: dict[str, Any] | None = None
        self.errors: list[ContentError] = []

    def error(self, line: int, column: int, field: str, message: str) -> None:
        self.errors.append(ContentError(self.shown, line, column, field, message))

    def error_at(self, path: Sequence[str | int], message: str, *, key: bool = False) -> None:
        """An error located at the value (or, with ``key``, the key) at ``path``."""
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
        text = path.read_text(encoding="utf-8")
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
    try:
        parsed = parse_yaml(text)
    except YamlProblem as exc:
        result.error(exc.line, exc.column, "", exc.message)
        return result
    result.root = parsed.root
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
        return result
    if not isinstance(parsed.data, dict):
        line, col = _mark(parsed.root)
        result.error(
            line,
            col,
            "",
            "a topic file must be a mapping of fields (id: ..., title: ...), not a list or a value",
        )
        return result
    result.data = parsed.data
    try:
        topic = Topic.model_validate(parsed.data)
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            _report_validation_error(result, parsed.data, err)
        return result
    if not parsed.duplicates:
        result.topic = topic
    return result


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
    path = _clean_loc(err["loc"])
    kind: str = err["type"]
    msg: str = err["msg"]
    if kind == "missing":
        field = path[-1]
        parent = path[:-1]
        line, column = (1, 1)
        if result.root is not None:
            line, column = _mark(node_at(result.root, parent)[0])
        result.error(line, column, format_path(path), f"required field '{field}' is missing")
        return
    if kind == "extra_forbidden":
        field = str(path[-1])
        model = _model_at(path[:-1], data)
        hint = ""
        if model is not None:
            hint = (
                did_you_mean(field, model.model_fields)
                or f"; allowed: {', '.join(model.model_fields)}"
            )
        result.error_at(path, f"unknown field '{field}'{hint}", key=True)
        return
    if kind in ("union_tag_invalid", "union_tag_not_found"):
        tag = err.get("ctx", {}).get("tag")
        expected = ", ".join(ITEM_TYPES)
        if kind == "union_tag_not_found":
            result.error_at(path, f"item needs a 'type': one of {expected}")
        else:
            hint = did_you_mean(str(tag), ITEM_TYPES, cutoff=0.5)
            result.error_at(
                [*path, "type"], f"unknown item type '{tag}'{hint}; expected one of {expected}"
            )
        return
    if kind == "value_error":
        text = msg.removeprefix("Value error, ")
        if "correct choice" in text:
            result.error_at([*path, "choices"], text, key=True)
        else:
            result.error_at(path, text)
        return
    if kind == "string_pattern_mismatch":
        result.error_at(
            path,
            "must be a slug: lower-case letters, digits and single hyphens (e.g. 'sigma-notation')",
        )
        return
    if kind == "literal_error":
        expected = err.get("ctx", {}).get("expected", "")
        value = err.get("input")
        hint = did_you_mean(
            str(value), [e.strip(" '") for e in str(expected).replace(" or ", ", ").split(",")]
        )
        result.error_at(path, f"'{value}' is not allowed{hint}; expected {expected}")
        return
    type_names = {
        "string_type": "string",
        "bool_type": "boolean",
        "int_type": "integer",
        "float_type": "number",
        "list_type": "list",
        "dict_type": "mapping",
        "model_type": "mapping",
    }
    if kind in type_names:
        expected = type_names[kind]
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
        return
    if kind == "too_short" and isinstance(err.get("input"), str):
        result.error_at(path, "must not be empty")
        return
    result.error_at(path, msg[0].lower() + msg[1:] if msg else kind)


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


def _suggest(word: str, options: Sequence[str]) -> str:
    """:func:`did_you_mean`, falling back to an id that contains the word or is contained in it
    (a prerequisite written as a prefix or with an extra suffix)."""
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
            if experiment not in EXPERIMENTS or not isinstance(quantity, str):
                continue  # an unknown experiment is reported once, by the show_me check
            known = quantities(experiment)
            if quantity in known:
                continue
            path = [*base, "quantity"]
            node = node_at(r.root, path)[0] if r.root is not None else None
            listed = ", ".join(sorted(known)) or "none"
            message = f"experiment '{experiment}' does not measure '{quantity}'{_suggest(quantity, sorted(known))}; it measures: {listed}"
            errors.append(ContentError(r.shown, *_mark(node), format_path(path), message))
    return errors


def _cross_checks(results: list[_FileResult], partial: bool = False) -> list[ContentError]:
    """Checks that need every file: unique ids, known prerequisites, no cycles, experiments.

    They run on the raw data, so a file with a schema error still has its
    prerequisites and ids checked in the same run.
    """
    errors: list[ContentError] = []
    topic_at: dict[str, tuple[_FileResult, Location]] = {}
    item_at: dict[str, Location] = {}
    readable = [r for r in results if r.data is not None]

    def loc(r: _FileResult, path: Sequence[str | int]) -> Location:
        node = node_at(r.root, path)[0] if r.root is not None else None
        return Location(r.shown, *_mark(node))

    for r in readable:
        tid = _raw_id(r.data)
        if tid is not None:
            here = loc(r, ["id"])
            if tid in topic_at:
                errors.append(
                    ContentError(
                        r.shown,
                        here.line,
                        here.column,
                        "id",
                        f"duplicate topic id '{tid}': also defined at {topic_at[tid][1]}",
                    )
                )
            else:
                topic_at[tid] = (r, here)
        for i, item in _raw_list(r.data.get("items") if r.data else None):
            iid = _raw_id(item)
            if iid is None:
                continue
            where = loc(r, ["items", i, "id"])
            if iid in item_at:
                errors.append(
                    ContentError(
                        r.shown,
                        where.line,
                        where.column,
                        f"items[{i}].id",
                        f"duplicate item id '{iid}': also defined at {item_at[iid]}",
                    )
                )
            else:
                item_at[iid] = where

    ids = sorted(topic_at)
    graph: dict[str, list[tuple[int, str]]] = {}
    for tid, (r, _) in topic_at.items():
        graph[tid] = []
        for i, pre in _raw_prerequisites(r):
            where = loc(r, ["prerequisites", i])
            if pre not in topic_at:
                if partial:
                    continue
                errors.append(
                    ContentError(
                        r.shown,
                        where.line,
                        where.column,
                        f"prerequisites[{i}]",
                        f"unknown prerequisite '{pre}'{_suggest(pre, ids)}",
                    )
                )
            elif pre == tid:
                errors.append(
                    ContentError(
                        r.shown,
                        where.line,
                        where.column,
                        f"prerequisites[{i}]",
                        f"a topic cannot be its own prerequisite: {tid} -> {tid}",
                    )
                )
            else:
                graph[tid].append((i, pre))

    for cycle, index in _find_cycles(graph):
        r = topic_at[cycle[0]][0]
        where = loc(r, ["prerequisites", index])
        errors.append(
            ContentError(
                r.shown,
                where.line,
                where.column,
                f"prerequisites[{index}]",
                "prerequisite cycle: "
                + " -> ".join(cycle)
                + " (each topic lists the next as a prerequisite)",
            )
        )
    errors.extend(_experiment_errors(readable))
    errors.extend(_quantity_errors(readable))
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
    files = collect_files(paths)
    # Every file's node tree stays alive until the cross-file checks have located
    # their errors; the cyclic GC would rescan that growing heap again and again
    # for nothing (measured: 2.4x -> 1.7x of a bare yaml.load, bench/content_load.py).
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _check_files(files, paths, partial)
    finally:
        if was_enabled:
            gc.enable()


def _check_files(
    files: list[Path], paths: Sequence[Path], partial: bool
) -> tuple[Course | None, list[ContentError]]:
    results = [_read_file(p) for p in files]
    errors = [e for r in results for e in r.errors]
    errors.extend(_cross_checks(results, partial))
    if errors:
        return None, sorted(errors)
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
