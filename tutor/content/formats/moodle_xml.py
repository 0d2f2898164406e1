"""Moodle XML export: keeps what GIFT loses.

Explanations become general feedback, topic and item tags become Moodle tags,
each topic becomes a category, and a short answer's model answer and key points
go into the grader information of an essay question when there are no exact
answers to accept.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable

from tutor.content.schema import Item, MultipleChoice, ShortAnswer, Topic, TrueFalse
from tutor.errors import UserError


def _text(parent: ET.Element, tag: str, value: str, fmt: str | None = "markdown") -> ET.Element:
    el = ET.SubElement(parent, tag)
    if fmt:
        el.set("format", fmt)
    ET.SubElement(el, "text").text = value
    return el


def _answer(parent: ET.Element, fraction: float, text: str, feedback: str | None) -> None:
    ans = ET.SubElement(parent, "answer", fraction=f"{fraction:g}", format="markdown")
    ET.SubElement(ans, "text").text = text
    _text(ans, "feedback", feedback or "")


def _question(quiz: ET.Element, topic: Topic, item: Item) -> None:
    if isinstance(item, MultipleChoice):
        kind = "multichoice"
    elif isinstance(item, TrueFalse):
        kind = "truefalse"
    elif isinstance(item, ShortAnswer) and item.accepted_answers:
        kind = "shortanswer"
    elif isinstance(item, ShortAnswer):
        kind = "essay"
    else:
        raise UserError(
            f"item '{item.id}': Moodle XML export has no mapping for {item.type} items yet"
        )
    q = ET.SubElement(quiz, "question", type=kind)
    name = ET.SubElement(q, "name")
    ET.SubElement(name, "text").text = item.id
    _text(q, "questiontext", item.prompt)
    _text(q, "generalfeedback", item.explanation)
    ET.SubElement(q, "idnumber").text = item.id
    if isinstance(item, MultipleChoice):
        ET.SubElement(q, "single").text = "true"
        ET.SubElement(q, "shuffleanswers").text = "true"
        ET.SubElement(q, "answernumbering").text = "abc"
        for choice in item.choices:
            _answer(q, 100 if choice.correct else 0, choice.text, choice.feedback)
    elif isinstance(item, TrueFalse):
        wrong_feedback = item.wrong_feedback
        _answer(q, 100 if item.answer else 0, "true", None if item.answer else wrong_feedback)
        _answer(q, 0 if item.answer else 100, "false", wrong_feedback if item.answer else None)
    elif isinstance(item, ShortAnswer) and kind == "shortanswer":
        ET.SubElement(q, "usecase").text = "0"
        for accepted in item.accepted_answers:
            _answer(q, 100, accepted, None)
        for wrong in item.wrong_answers:
            _answer(q, 0, wrong.answer, wrong.feedback)
    else:
        assert isinstance(item, ShortAnswer)
        points = "\n".join(f"- {p}" for p in item.key_points)
        info = item.model_answer + (f"\n\nKey points:\n{points}" if points else "")
        _text(q, "graderinfo", info)
        ET.SubElement(q, "responseformat").text = "editor"
        ET.SubElement(q, "responserequired").text = "1"
        ET.SubElement(q, "responsefieldlines").text = "10"
    tags = [*topic.tags, *item.tags, *(["interview"] if item.interview else [])]
    if tags:
        tags_el = ET.SubElement(q, "tags")
        for tag in dict.fromkeys(tags):
            t = ET.SubElement(tags_el, "tag")
            ET.SubElement(t, "text").text = tag


def export_moodle_xml(topics: Iterable[Topic]) -> str:
    quiz = ET.Element("quiz")
    for topic in topics:
        cat = ET.SubElement(quiz, "question", type="category")
        category = ET.SubElement(cat, "category")
        ET.SubElement(category, "text").text = f"$course$/tutor/{topic.title} [{topic.id}]"
        _text(cat, "info", topic.core_idea)
        ET.SubElement(cat, "idnumber").text = topic.id
        for item in topic.items:
            _question(quiz, topic, item)
    ET.indent(quiz)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(quiz, encoding="unicode") + "\n"
