"""Moodle's GIFT format: questions read as Moodle reads them become our items, and back.

Reading is :mod:`gift_syntax` (Moodle's grammar); this module maps Moodle's
question types onto ours and says, in one line, why a question cannot be
mapped. GIFT cannot hold everything an item has (a short answer's model answer
and key points, tags, show-me references, ids): export writes those as a
``// tutor: {...}`` comment line inside the question, which Moodle ignores and
our importer reads. When even that leaves a difference (GIFT cannot keep
leading or trailing spaces, for one), the comment carries the whole item, so
export then import gives back exactly the item that was exported.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from pydantic import TypeAdapter, ValidationError

from tutor.content.formats.gift_syntax import (
    BLANK,
    PHP_TRIM,
    GiftQuestion,
    GiftSyntaxError,
    escape,
    read_gift,
    unescape,
)
from tutor.content.formats.naming import IdMaker, category_name, slug
from tutor.content.schema import (
    Choice,
    Item,
    MultipleChoice,
    MultipleResponse,
    Numeric,
    PartialAnswer,
    ResponseChoice,
    ShortAnswer,
    Tolerance,
    TrueFalse,
    WrongAnswer,
    WrongValue,
)

META_PREFIX = "// tutor:"
_META_TYPES: dict[str, tuple[type, str]] = {
    "id": (str, "a string"),
    "type": (str, "a string"),
    "tags": (list, "a list of strings"),
    "interview": (bool, "true or false"),
    "show_me": (dict, "an object"),
    "explanation": (str, "a string"),
    "model_answer": (str, "a string"),
    "key_points": (list, "a list of strings"),
    "item": (dict, "an object"),
    "pad": (dict, "an object"),
    "fields": (dict, "an object"),
}
_PADDED = ("prompt", "explanation")
_BODY_COMMON = {"id", "type", "prompt", "explanation", "tags", "interview", "show_me"}
_BODY = {
    "multiple_choice": {"choices"},
    "multiple_response": {"choices"},
    "true_false": {"answer", "wrong_feedback", "right_feedback"},
    "numeric": {"value", "tolerance", "wrong_values"},
    "short_answer": {
        "model_answer",
        "key_points",
        "accepted_answers",
        "wrong_answers",
        "partial_answers",
        "answer_feedback",
    },
}
"""Per type, the fields a question's body holds (a field missed here travels in the
metadata's ``fields``; one held badly is caught by the exact read-back)."""
_KIND_NAMES = {
    "description": "description",
    "essay": "essay",
    "match": "matching",
    "numerical": "numerical",
    "multichoice": "multiple-choice",
    "shortanswer": "short-answer",
    "truefalse": "true/false",
}


@dataclass
class Skipped:
    line: int
    kind: str
    reason: str
    unit: str = "line"
    """What ``line`` counts: lines of a GIFT file, questions of a Moodle XML file."""

    def __str__(self) -> str:
        return f"{self.unit} {self.line}: skipped {self.kind} question: {self.reason}"


@dataclass
class GiftImport:
    items: list[Item] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    """What an imported question lost on the way, as ``line N: ...``."""


class Skip(Exception):
    def __init__(self, kind: str, reason: str) -> None:
        super().__init__(reason)
        self.kind, self.reason = kind, reason


__all__ = [
    "GiftImport",
    "Skipped",
    "escape",
    "export_gift",
    "export_item",
    "parse_gift",
    "unescape",
]

# ---------------------------------------------------------------- import


def parse_gift(source: str, topic_id: str) -> GiftImport:
    result = GiftImport()
    ids = IdMaker()
    for number, question in enumerate(read_gift(source, META_PREFIX), start=1):
        if isinstance(question, GiftSyntaxError):
            result.skipped.append(Skipped(question.line, "malformed", str(question)))
            continue
        try:
            meta = read_meta(question.meta)
            item = to_item(question, meta, topic_id, number, ids)
        except Skip as skip:
            result.skipped.append(Skipped(question.line, skip.kind, skip.reason))
            continue
        result.items.append(item)
        result.notes.extend(f"line {question.line}: note: {n}" for n in question.notes)
    return result


def _shown(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=True)
    return text if len(text) <= 40 else text[:37] + "..."


def read_meta(lines: list[tuple[int, str]]) -> dict[str, Any]:
    """The question's ``// tutor:`` object, checked key by key; anything else is a one-line skip."""
    meta: dict[str, Any] = {}
    for _, text in lines:
        try:
            value = json.loads(text)
        except (ValueError, RecursionError):
            raise Skip("annotated", "its '// tutor:' line is not valid JSON") from None
        if not isinstance(value, dict):
            raise Skip(
                "annotated", f"its '// tutor:' line must hold a JSON object, not {_shown(value)}"
            )
        for key, (kind, words) in _META_TYPES.items():
            if key in value and not isinstance(value[key], kind):
                raise Skip(
                    "annotated",
                    f"'// tutor:' field \"{key}\" must be {words}, not {_shown(value[key])}",
                )
        for key in ("tags", "key_points"):
            if not all(isinstance(v, str) for v in value.get(key, [])):
                raise Skip("annotated", f"'// tutor:' field \"{key}\" must be a list of strings")
        meta.update(value)
    return meta


def _one_line(exc: ValidationError) -> str:
    first = exc.errors()[0]
    where = ".".join(str(p) for p in first["loc"] if not str(p).startswith("function-"))
    more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
    return f"{where + ': ' if where else ''}{first['msg']}{more}"


_ITEM = TypeAdapter(Item)


def to_item(
    q: GiftQuestion, meta: dict[str, Any], topic_id: str, number: int, ids: IdMaker
) -> Item:
    kind = _KIND_NAMES.get(q.kind, q.kind)
    named = slug(q.name, 60) if q.name else ""
    wanted = meta.get("id") or (f"{topic_id}-{named}" if named else f"{topic_id}-q{number}")
    item_id = ids.take(wanted)
    try:
        if "item" in meta:
            item: Item = _ITEM.validate_python({**meta["item"], "id": item_id})
            return item
        if not q.text:
            raise Skip(kind, "the question has no text")
        item = _MAPPERS.get(q.kind, _unsupported)(q, meta, _common(q, meta, item_id))
        return _finished(item, meta.get("pad", {}), meta.get("fields", {}))
    except ValidationError as exc:
        raise Skip(kind, _one_line(exc)) from None


def _finished(item: Item, pad: dict[str, Any], fields: dict[str, Any]) -> Item:
    """The item with the fields its format cannot hold put back (recorded at export):
    the spaces and newlines around a text that GIFT trims, and fields with no place in it."""
    update: dict[str, Any] = {k: v for k, v in fields.items() if k not in _BODY_COMMON}
    for name in _PADDED:
        ends = pad.get(name)
        if isinstance(ends, list) and len(ends) == 2 and all(isinstance(e, str) for e in ends):
            update[name] = ends[0] + getattr(item, name) + ends[1]
    if not update:
        return item
    data = item.model_dump()
    data.update(update)
    finished: Item = _ITEM.validate_python(data)
    return finished


def extra_fields(item: Item) -> dict[str, Any]:
    """The item's fields that neither a question's body nor the named metadata carry."""
    carried = _BODY_COMMON | _BODY.get(item.type, set())
    data = item.model_dump(mode="json", exclude_defaults=True)
    return {k: v for k, v in data.items() if k not in carried}


def _common(q: GiftQuestion, meta: dict[str, Any], item_id: str) -> dict[str, Any]:
    common: dict[str, Any] = {
        "id": item_id,
        "prompt": q.text,
        "explanation": q.general_feedback or meta.get("explanation", ""),
    }
    tags = list(meta.get("tags", []))
    if q.category and not meta:
        tag = slug(q.category.replace("//", "\0").split("/")[-1], 80)
        if tag:
            tags.append(tag)
    if tags:
        common["tags"] = tags
    for key in ("interview", "show_me"):
        if key in meta:
            common[key] = meta[key]
    return common


def _unsupported(q: GiftQuestion, meta: dict[str, Any], common: dict[str, Any]) -> Item:
    if meta.get("type") == "short_answer" and q.kind in ("essay", "match"):
        return _short_answer(q, meta, common)
    if meta.get("type") not in (None, *_BODY) and q.kind in ("essay", "description"):
        # A type with no Moodle counterpart (predict): every field is in the metadata.
        item: Item = _ITEM.validate_python(
            {**common, **meta.get("fields", {}), "type": meta["type"]}
        )
        return item
    reasons = {
        "description": "no answer block {...}: there is nothing to answer",
        "essay": "an essay has no answer to check",
        "match": "matching questions are not supported",
    }
    raise Skip(_KIND_NAMES.get(q.kind, q.kind), reasons.get(q.kind, "not supported"))


def _true_false(q: GiftQuestion, meta: dict[str, Any], common: dict[str, Any]) -> Item:
    right = q.true_feedback if q.correct_answer else q.false_feedback
    wrong = q.false_feedback if q.correct_answer else q.true_feedback
    return TrueFalse(
        type="true_false",
        answer=bool(q.correct_answer),
        wrong_feedback=wrong or None,
        right_feedback=right or None,
        **common,
    )


def _short_answer(q: GiftQuestion, meta: dict[str, Any], common: dict[str, Any]) -> Item:
    accepted = [a for a in q.answers if a.fraction >= 1]
    model = meta.get("model_answer") or (accepted[0].text if accepted else "")
    if not model:
        raise Skip("short-answer", "no answer is fully correct, so there is no model answer")
    return ShortAnswer(
        type="short_answer",
        model_answer=model,
        accepted_answers=[a.text for a in accepted],
        partial_answers=[
            PartialAnswer(answer=a.text, credit=a.fraction, feedback=a.feedback or None)
            for a in q.answers
            if 0 < a.fraction < 1
        ],
        wrong_answers=[
            WrongAnswer(answer=a.text, feedback=a.feedback or "Not this one.")
            for a in q.answers
            if a.fraction <= 0
        ],
        answer_feedback={a.text: a.feedback for a in accepted if a.feedback},
        key_points=list(meta.get("key_points", [])),
        **common,
    )


def _choice_ids(meta: dict[str, Any], n: int) -> list[str | None]:
    """Explicit choice ids from the metadata (choices reordered after learners answered
    keep their ids); None where a choice has none, or when the list does not fit."""
    ids = meta.get("choice_ids")
    if (
        isinstance(ids, list)
        and len(ids) == n
        and all(i is None or isinstance(i, str) for i in ids)
    ):
        return list(ids)
    return [None] * n


def _multiple_choice(q: GiftQuestion, meta: dict[str, Any], common: dict[str, Any]) -> Item:
    """One fully right choice and the rest worth nothing: multiple choice; any other
    weights (partial, negative, several right): multiple response with those credits."""
    fractions = [a.fraction for a in q.answers]
    ids = _choice_ids(meta, len(q.answers))
    if fractions.count(1.0) == 1 and all(f in (0.0, 1.0) for f in fractions):
        choices = [
            Choice(text=a.text, correct=a.fraction >= 1, feedback=a.feedback or None, id=i)
            for a, i in zip(q.answers, ids, strict=True)
        ]
        if not q.shuffle:
            common["shuffle"] = False
        return MultipleChoice(type="multiple_choice", choices=choices, **common)
    if not any(f > 0 for f in fractions):
        raise Skip("multiple-choice", "no choice earns any credit")
    k = sum(f > 0 for f in fractions)
    defaults = all(math.isclose(f, 1 / k if f > 0 else -1 / k, rel_tol=1e-6) for f in fractions)
    response = [
        ResponseChoice(
            text=a.text,
            correct=a.fraction > 0,
            credit=None if defaults else a.fraction,
            feedback=a.feedback or None,
            id=i,
        )
        for a, i in zip(q.answers, ids, strict=True)
    ]
    if not q.shuffle:
        common["shuffle"] = False
    return MultipleResponse(type="multiple_response", choices=response, **common)


def _numeric(q: GiftQuestion, meta: dict[str, Any], common: dict[str, Any]) -> Item:
    """The first fully right value with its tolerance; anticipated wrong values at 0%.

    A numeric item has one right value and no partial credit, so further right values
    and partial-credit ranges are left out, each with a note (the question still
    comes in, graded on its main value).
    """
    right = [a for a in q.answers if a.fraction >= 1 and a.value is not None]
    if not right:
        raise Skip("numerical", "no answer is fully correct")
    main = right[0]
    assert main.value is not None
    for a in q.answers:
        if a is not main and a.fraction > 0:
            q.notes.append(
                f"numerical answer {a.text} ({a.fraction:.0%}) left out: "
                f"a numeric item has one right value, {main.text}"
            )
        elif a.value is None and a.feedback:
            q.notes.append(f"feedback for any other number left out: {a.feedback[:40]}")
    wrong = [
        WrongValue(
            value=a.value,
            tolerance=Tolerance(absolute=a.tolerance)
            if a.tolerance and a.tolerance != main.tolerance
            else None,
            feedback=a.feedback or "Not this one.",
        )
        for a in q.answers
        if a.fraction <= 0 and a.value is not None
    ]
    return Numeric(
        type="numeric",
        value=main.value,
        tolerance=Tolerance(absolute=main.tolerance) if main.tolerance else None,
        wrong_values=wrong,
        **common,
    )


_MAPPERS = {
    "numerical": _numeric,
    "truefalse": _true_false,
    "shortanswer": _short_answer,
    "multichoice": _multiple_choice,
}


# ---------------------------------------------------------------- export


def _field(text: str) -> str:
    """A GIFT field: escaped, and marked ``[markdown]`` when its start would read as syntax."""
    out = escape(text)
    return "[markdown]" + out if text.startswith(("[", "%")) else out


def item_metadata(item: Item) -> dict[str, Any]:
    """What a question in a quiz format cannot say itself, for its ``tutor:`` comment
    (GIFT and Moodle XML alike)."""
    meta: dict[str, Any] = {"id": item.id, "type": item.type}
    if item.tags:
        meta["tags"] = list(item.tags)
    if item.interview:
        meta["interview"] = True
    if item.show_me is not None:
        meta["show_me"] = item.show_me.model_dump(mode="json", exclude_defaults=True)
    if isinstance(item, ShortAnswer):
        meta["model_answer"] = item.model_answer
        if item.key_points:
            meta["key_points"] = list(item.key_points)
    if isinstance(item, MultipleChoice | MultipleResponse) and any(c.id for c in item.choices):
        meta["choice_ids"] = [c.id for c in item.choices]
    fields = extra_fields(item)
    if fields:
        meta["fields"] = fields
    return meta


def _answers(item: Item) -> list[str]:
    if isinstance(item, MultipleChoice):
        return [
            f"{'=' if c.correct else '~'}{_field(c.text)}"
            + (f" #{_field(c.feedback)}" if c.feedback is not None else "")
            for c in item.choices
        ]
    if isinstance(item, MultipleResponse):
        return [
            f"~%{_percent(credit)}%{_field(c.text)}"
            + (f" #{_field(c.feedback)}" if c.feedback is not None else "")
            for c, credit in zip(item.choices, item.credits(), strict=True)
        ]
    if isinstance(item, Numeric):
        return _numeric_lines(item)
    if isinstance(item, TrueFalse):
        right = item.right_feedback
        line = "TRUE" if item.answer else "FALSE"
        if item.wrong_feedback or right:
            line += f"#{_field(item.wrong_feedback or '')}"
        if right:
            line += f"#{_field(right)}"
        return [line]
    if isinstance(item, ShortAnswer):
        return _short_answer_lines(item)
    return []  # no GIFT counterpart: an essay, with the item in its metadata


def absolute_tolerance(tolerance: Tolerance | None, value: float) -> float:
    """A numeric tolerance as Moodle holds it: an absolute error around the value."""
    if tolerance is None:
        return 0.0
    if tolerance.absolute is not None:
        return tolerance.absolute
    if tolerance.relative is not None:
        return tolerance.relative * abs(value)
    return 0.5 * 10 ** (math.floor(math.log10(abs(value) or 1)) - (tolerance.sig_figs or 1) + 1)


def _numeric_lines(item: Numeric) -> list[str]:
    """``#value:tolerance`` first, then anticipated wrong values at 0%."""
    tol = absolute_tolerance(item.tolerance, item.value)
    lines = [f"#{item.value!r}" + (f":{tol!r}" if tol else "")]
    for w in item.wrong_values:
        wtol = absolute_tolerance(w.tolerance or item.tolerance, w.value)
        lines.append(
            f"=%0%{w.value!r}" + (f":{wtol!r}" if wtol else "") + f" #{_field(w.feedback)}"
        )
    return lines


def _short_answer_lines(item: ShortAnswer) -> list[str]:
    if not item.accepted_answers:
        return []
    lines = []
    for answer in item.accepted_answers:
        fb = item.answer_feedback.get(answer)
        lines.append(f"={_field(answer)}" + (f" #{_field(fb)}" if fb else ""))
    for partial in item.partial_answers:
        fb = f" #{_field(partial.feedback)}" if partial.feedback else ""
        lines.append(f"=%{_percent(partial.credit)}%{_field(partial.answer)}{fb}")
    for wrong in item.wrong_answers:
        lines.append(f"=%0%{_field(wrong.answer)} #{_field(wrong.feedback)}")
    return lines


def _percent(fraction: float) -> str:
    return f"{fraction * 100:.7f}".rstrip("0").rstrip(".")


def _body(item: Item) -> list[str]:
    prompt = "[markdown]" + escape(item.prompt)
    answers = ["\t" + a for a in _answers(item)]
    if item.explanation:
        answers.append("\t####" + _field(item.explanation))
    before, blank, after = item.prompt.partition(BLANK)
    if blank and after.strip() and BLANK not in after:
        # A missing-word question: the answers stand where the blank is, as Moodle shows it.
        head = "[markdown]" + escape(before)
        return [f"{head}{{", *answers, f"}}{escape(after)}"]
    return [f"{prompt} {{", *answers, "}"]


def _compose(item: Item, meta: dict[str, Any], body: list[str]) -> str:
    meta_line = f"{META_PREFIX} {json.dumps(meta, ensure_ascii=False)}"
    return "\n".join([meta_line, f"::{item.id}::" + body[0], *body[1:]]) + "\n"


def export_item(item: Item) -> str:
    """One question; read back by :func:`parse_gift`, it is ``item`` exactly."""
    meta, body = item_metadata(item), _body(item)
    text = _compose(item, meta, body)
    back = parse_gift(text, "x")
    if back.items and back.items != [item]:
        pad = _pads(item, back.items[0])
        if pad:
            meta["pad"] = pad
            text = _compose(item, meta, body)
            back = parse_gift(text, "x")
    if back.skipped or back.items != [item]:
        data = item.model_dump(mode="json", exclude_defaults=True)
        data["type"] = item.type
        data.pop("id", None)
        text = _compose(item, {**meta, "item": data}, body)
    return text


def _pads(item: Item, back: Item) -> dict[str, list[str]]:
    pads: dict[str, list[str]] = {}
    for name in _PADDED:
        want, got = getattr(item, name), getattr(back, name)
        if want != got and got and got in want:
            lead = want[: want.index(got)]
            trail = want[len(lead) + len(got) :]
            if want == lead + got + trail and not (lead + trail).strip(PHP_TRIM):
                pads[name] = [lead, trail]
    return pads


def export_gift(topics: Iterable[Any]) -> str:
    """GIFT for whole topics, one ``$CATEGORY`` per topic (named as in Moodle XML)."""
    chunks: list[str] = [
        "// Exported by tutor. '// tutor:' comments carry fields GIFT cannot hold.\n"
    ]
    for topic in topics:
        chunks.append(f"$CATEGORY: {category_name(topic)}\n")
        for item in topic.items:
            chunks.append(export_item(item))
    return "\n".join(chunks)
