"""Moodle XML, both ways: keeps what GIFT loses, and reads back exactly what it wrote.

Explanations become general feedback, topic and item tags become Moodle tags,
each topic becomes a category (named as in GIFT). A short answer's model answer
and key points follow its explanation in the general feedback (a Moodle teacher
sees them); one without exact answers to accept becomes an essay whose grader
information holds them. Fields Moodle has no place for travel in a
``<!-- tutor: {...} -->`` comment inside the question, which Moodle ignores.

XML 1.0 cannot carry most control characters (ESC, NUL, U+FFFE...) even as
character references: exporting one is a one-line error, never a file Moodle
rejects whole. A carriage return is written as ``&#13;`` so it survives parsing.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from tutor.content.formats.gift import (
    META_PREFIX,
    Skip,
    Skipped,
    absolute_tolerance,
    item_metadata,
    read_meta,
    to_item,
)
from tutor.content.formats.gift_syntax import GiftAnswer, GiftQuestion
from tutor.content.formats.html_markdown import html_to_markdown
from tutor.content.formats.naming import IdMaker, category_name
from tutor.content.schema import (
    Item,
    MultipleChoice,
    MultipleResponse,
    Numeric,
    ShortAnswer,
    Topic,
    TrueFalse,
)
from tutor.errors import UserError

_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_COMMENT = META_PREFIX.removeprefix("// ")


class _Forbidden(ValueError):
    pass


def _checked(value: str) -> str:
    bad = _FORBIDDEN.search(value)
    if bad:
        raise _Forbidden(f"U+{ord(bad.group(0)):04X}, which XML 1.0 cannot carry")
    return value


def _text(parent: ET.Element, tag: str, value: str, fmt: str | None = "markdown") -> ET.Element:
    el = ET.SubElement(parent, tag)
    if fmt:
        el.set("format", fmt)
    ET.SubElement(el, "text").text = _checked(value)
    return el


def _percent(fraction: float) -> str:
    return f"{fraction * 100:.7f}".rstrip("0").rstrip(".")


def _answer(
    parent: ET.Element, fraction: float, text: str, feedback: str | None, **extra: str
) -> ET.Element:
    ans = ET.SubElement(parent, "answer", fraction=_percent(fraction), format="markdown")
    ET.SubElement(ans, "text").text = _checked(text)
    for tag, value in extra.items():
        ET.SubElement(ans, tag).text = value
    _text(ans, "feedback", feedback or "")
    return ans


def model_section(item: ShortAnswer) -> str:
    """What follows a short answer's explanation in its general feedback."""
    points = "".join(f"\n- {p}" for p in item.key_points)
    return f"\n\nModel answer: {item.model_answer}" + (f"\n\nKey points:{points}" if points else "")


# ---------------------------------------------------------------- export


def _kind(item: Item) -> str:
    if isinstance(item, MultipleChoice | MultipleResponse):
        return "multichoice"
    if isinstance(item, TrueFalse):
        return "truefalse"
    if isinstance(item, Numeric):
        return "numerical"
    if isinstance(item, ShortAnswer) and item.accepted_answers:
        return "shortanswer"
    return "essay"


def _choices(q: ET.Element, item: MultipleChoice | MultipleResponse) -> None:
    ET.SubElement(q, "single").text = "true" if isinstance(item, MultipleChoice) else "false"
    ET.SubElement(q, "shuffleanswers").text = "true" if item.shuffle else "false"
    ET.SubElement(q, "answernumbering").text = "abc"
    if isinstance(item, MultipleChoice):
        credits = [1.0 if c.correct else 0.0 for c in item.choices]
    else:
        credits = item.credits()
    for choice, credit in zip(item.choices, credits, strict=True):
        _answer(q, credit, choice.text, choice.feedback)


def _true_false(q: ET.Element, item: TrueFalse) -> None:
    for value in (True, False):
        right = value == item.answer
        _answer(
            q,
            1.0 if right else 0.0,
            str(value).lower(),
            item.right_feedback if right else item.wrong_feedback,
        )


def _numerical(q: ET.Element, item: Numeric) -> None:
    tol = absolute_tolerance(item.tolerance, item.value)
    _answer(q, 1.0, repr(item.value), None, tolerance=repr(tol))
    for w in item.wrong_values:
        wtol = absolute_tolerance(w.tolerance or item.tolerance, w.value)
        _answer(q, 0.0, repr(w.value), w.feedback, tolerance=repr(wtol))
    if item.units:
        units = ET.SubElement(q, "units")
        unit = ET.SubElement(units, "unit")
        ET.SubElement(unit, "multiplier").text = "1"
        ET.SubElement(unit, "unit_name").text = _checked(item.units[0])


def _short_answer(q: ET.Element, item: ShortAnswer) -> None:
    ET.SubElement(q, "usecase").text = "0"
    for accepted in item.accepted_answers:
        _answer(q, 1.0, accepted, item.answer_feedback.get(accepted))
    for partial in item.partial_answers:
        _answer(q, partial.credit, partial.answer, partial.feedback)
    for wrong in item.wrong_answers:
        _answer(q, 0.0, wrong.answer, wrong.feedback)


def _essay(q: ET.Element, item: Item) -> None:
    if isinstance(item, ShortAnswer):
        _text(q, "graderinfo", model_section(item).strip())
    elif item.type == "predict":
        # Moodle cannot run the experiment; tell the grader how to check a prediction.
        params = json.dumps(getattr(item, "params", {}), ensure_ascii=False)
        _text(
            q,
            "graderinfo",
            f"Predict-then-run: run the tutor experiment {getattr(item, 'experiment', '')} "
            f"with {params} and compare the prediction with the measured "
            f"{getattr(item, 'quantity', '')}. {item.explanation}".strip(),
        )
    ET.SubElement(q, "responseformat").text = "editor"
    ET.SubElement(q, "responserequired").text = "1"
    ET.SubElement(q, "responsefieldlines").text = "10"


def _comment(meta: dict[str, Any]) -> Any:
    # ASCII JSON in which no two hyphens meet, so nothing in it can end or break the
    # comment. Two hyphens in a row only occur inside strings (a number has one sign), so
    # escaping the second of each pair keeps the JSON valid, negative numbers included.
    body = json.dumps(meta, ensure_ascii=True)
    while "--" in body:
        body = body.replace("--", "-\\u002d")
    return ET.Comment(f" {_COMMENT} {body} ")


def _question(topic: Topic | None, item: Item, meta: dict[str, Any]) -> ET.Element:
    kind = _kind(item)
    q = ET.Element("question", type=kind)
    q.append(_comment(meta))
    name = ET.SubElement(q, "name")
    ET.SubElement(name, "text").text = item.id
    _text(q, "questiontext", item.prompt)
    general = item.explanation
    if isinstance(item, ShortAnswer) and kind == "shortanswer":
        general += model_section(item)
    _text(q, "generalfeedback", general)
    ET.SubElement(q, "idnumber").text = item.id
    if isinstance(item, MultipleChoice | MultipleResponse):
        _choices(q, item)
    elif isinstance(item, TrueFalse):
        _true_false(q, item)
    elif isinstance(item, Numeric):
        _numerical(q, item)
    elif isinstance(item, ShortAnswer) and kind == "shortanswer":
        _short_answer(q, item)
    else:
        _essay(q, item)
    tags = [*(topic.tags if topic else []), *item.tags, *(["interview"] if item.interview else [])]
    if tags:
        tags_el = ET.SubElement(q, "tags")
        for tag in dict.fromkeys(tags):
            ET.SubElement(ET.SubElement(tags_el, "tag"), "text").text = tag
    return q


def _serialise(root: ET.Element) -> str:
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode").replace("\r", "&#13;")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"


def export_question(topic: Topic | None, item: Item) -> ET.Element:
    """One question that :func:`parse_moodle_xml` reads back as exactly ``item``."""
    meta = item_metadata(item)
    q = _question(topic, item, meta)
    quiz = ET.Element("quiz")
    quiz.append(q)
    back = parse_moodle_xml(_serialise(quiz), "x")
    if back.skipped or back.items != [item]:
        data = item.model_dump(mode="json", exclude_defaults=True)
        data["type"] = item.type
        data.pop("id", None)
        q = _question(topic, item, {**meta, "item": data})
    return q


def export_moodle_xml(topics: Iterable[Topic]) -> str:
    quiz = ET.Element("quiz")
    for topic in topics:
        cat = ET.SubElement(quiz, "question", type="category")
        ET.SubElement(ET.SubElement(cat, "category"), "text").text = _checked(category_name(topic))
        try:
            _text(cat, "info", topic.core_idea)
        except _Forbidden as exc:
            raise UserError(f"topic '{topic.id}': its core idea holds {exc}") from None
        ET.SubElement(cat, "idnumber").text = topic.id
        for item in topic.items:
            try:
                quiz.append(export_question(topic, item))
            except _Forbidden as exc:
                raise UserError(f"item '{item.id}': a text holds {exc}") from None
    return _serialise(quiz)


# ---------------------------------------------------------------- import


@dataclass
class XmlImport:
    items: list[Item] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _read_text(el: ET.Element | None, default_format: str = "moodle_auto_format") -> str:
    if el is None:
        return ""
    text = el.findtext("text") or ""
    fmt = el.get("format", default_format)
    return html_to_markdown(text) if fmt == "html" else text


def _meta_lines(q: ET.Element) -> list[tuple[int, str]]:
    out = []
    for node in q:
        if node.tag is ET.Comment and (node.text or "").strip().startswith(_COMMENT):
            out.append((0, (node.text or "").strip()[len(_COMMENT) :]))
    return out


def _float(text: str | None, what: str) -> float:
    try:
        return float(text or "")
    except ValueError:
        raise Skip("malformed", f"{what} '{(text or '')[:20]}' is not a number") from None


def _answers(q: ET.Element, fmt: str) -> list[GiftAnswer]:
    answers = []
    for a in q.findall("answer"):
        fraction = _float(a.get("fraction", "0"), "fraction") / 100
        text = _read_text(a, a.get("format", fmt))
        feedback = _read_text(a.find("feedback"), fmt)
        answers.append(GiftAnswer(text, fraction, feedback))
    return answers


def _to_question(q: ET.Element, kind: str, category: str | None) -> GiftQuestion:
    text_el = q.find("questiontext")
    fmt = text_el.get("format", "html") if text_el is not None else "html"
    general = _read_text(q.find("generalfeedback"), fmt)
    question = GiftQuestion(
        0, kind, q.findtext("name/text"), _read_text(text_el, fmt), fmt, general
    )
    question.category = category
    question.single = (q.findtext("single") or "true").strip().lower() not in ("false", "0")
    question.shuffle = (q.findtext("shuffleanswers") or "true").strip().lower() not in (
        "false",
        "0",
    )
    question.answers = _answers(q, fmt)
    if kind == "truefalse":
        by_text = {a.text.strip().lower(): a for a in question.answers}
        true, false = by_text.get("true"), by_text.get("false")
        question.correct_answer = bool(true and true.fraction >= 1)
        question.true_feedback = true.feedback if true else ""
        question.false_feedback = false.feedback if false else ""
    if kind == "numerical":
        for el, answer in zip(q.findall("answer"), question.answers, strict=True):
            answer.value = None if answer.text.strip() == "*" else _float(answer.text, "value")
            answer.tolerance = _float(el.findtext("tolerance") or "0", "tolerance")
    return question


def _unpack_general(item: Item, general_had_section: bool) -> Item:
    """Drop the model-answer section that export appended to a short answer's explanation."""
    if not (general_had_section and isinstance(item, ShortAnswer)):
        return item
    section = model_section(item)
    if item.explanation.endswith(section):
        return item.model_copy(update={"explanation": item.explanation[: -len(section)]})
    return item


def parse_moodle_xml(source: str, topic_id: str) -> XmlImport:
    """Questions of a Moodle XML file as items; what cannot be mapped is skipped with its reason."""
    if re.search(r"<!DOCTYPE", source, re.IGNORECASE):
        # Moodle never writes one; a declared entity can expand a small file enormously.
        raise UserError("refused: the XML declares a DOCTYPE, which Moodle XML never has")
    try:
        parser = ET.XMLParser(target=ET.TreeBuilder(insert_comments=True))
        root = ET.fromstring(source, parser=parser)
    except ET.ParseError as exc:
        raise UserError(f"not well-formed XML: {exc}") from None
    result = XmlImport()
    ids = IdMaker()
    category: str | None = None
    number = 0
    for q in root.iter("question"):
        kind = q.get("type", "")
        if kind == "category":
            category = q.findtext("category/text")
            continue
        number += 1
        try:
            meta = read_meta(_meta_lines(q))
            question = _to_question(q, kind, category)
            item = to_item(question, meta, topic_id, number, ids)
        except Skip as skip:
            result.skipped.append(Skipped(number, skip.kind, skip.reason, unit="question"))
            continue
        result.notes.extend(f"question {number}: note: {n}" for n in question.notes)
        item = _unpack_general(item, kind == "shortanswer" and "model_answer" in meta)
        item = _with_tags(item, q, meta)
        result.items.append(item)
    return result


def _with_tags(item: Item, q: ET.Element, meta: dict[str, Any]) -> Item:
    """A foreign question's Moodle tags that are valid tags of ours; ours carry their own."""
    if meta:
        return item
    found = [t.findtext("text") or "" for t in q.findall("tags/tag")]
    own = [t for t in dict.fromkeys(found) if _is_slug(t)]
    return item.model_copy(update={"tags": own}) if own else item


def _is_slug(text: str) -> bool:
    return re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", text) is not None and len(text) <= 80
