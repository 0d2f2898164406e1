"""Moodle XML: always well-formed, keeps what GIFT cannot, and reads back exactly."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tutor.cli import main
from tutor.content.formats.gift import export_gift
from tutor.content.formats.moodle_xml import export_moodle_xml, parse_moodle_xml
from tutor.content.loader import load_course
from tutor.content.schema import (
    MultipleChoice,
    MultipleResponse,
    Numeric,
    ShortAnswer,
    Topic,
    TrueFalse,
)
from tutor.errors import UserError

GOOD = Path(__file__).parents[1] / "content" / "good"
ROOT = Path(__file__).resolve().parents[2]


def _topic(**item: object) -> Topic:
    base: dict[str, object] = {"id": "t-q1", "prompt": "Q?", "explanation": "E."}
    if item.get("type", "true_false") == "true_false":
        base.update(type="true_false", answer=True)
    return Topic.model_validate(
        {
            "id": "t",
            "title": "T",
            "level": "graduate",
            "core_idea": "C.",
            "items": [{**base, **item}],
        },
        strict=False,
    )


def test_structure_of_fixture_course() -> None:
    quiz = ET.fromstring(export_moodle_xml(load_course([GOOD]).topics.values()))
    kinds = [q.get("type") for q in quiz.findall("question")]
    assert kinds == ["category", "shortanswer", "category", "multichoice", "truefalse"]
    cats = [q.findtext("category/text") for q in quiz.findall("question[@type='category']")]
    assert cats == ["$course$/tutor/Advanced [advanced]", "$course$/tutor/Basics [basics]"]
    sa = quiz.find("question[@type='shortanswer']")
    assert sa is not None
    assert sa.findtext("generalfeedback/text") == (
        "A quarter of four is one.\n\nModel answer: 1\n\nKey points:\n- multiplication\n- result is one"
    )
    assert [(a.get("fraction"), a.findtext("text")) for a in sa.findall("answer")] == [
        ("100", "1"),
        ("100", "one"),
        ("0", "0.1"),
    ]
    assert sorted(t.findtext("text") or "" for t in sa.findall("tags/tag")) == [
        "deep-networks",
        "interview",
    ]
    mc = quiz.find("question[@type='multichoice']")
    assert mc is not None and mc.findtext("single") == "true"
    assert [a.get("fraction") for a in mc.findall("answer")] == ["0", "100", "0"]
    assert mc.findtext("answer/feedback/text") == "That is a bird."
    tf = quiz.find("question[@type='truefalse']")
    assert tf is not None
    answers = {
        a.findtext("text"): (a.get("fraction"), a.findtext("feedback/text"))
        for a in tf.findall("answer")
    }
    assert answers == {"true": ("0", "Count again on your fingers."), "false": ("100", "")}


def test_gift_and_xml_name_categories_alike() -> None:
    topics = list(load_course([GOOD]).topics.values())
    gift = [
        line.removeprefix("$CATEGORY: ")
        for line in export_gift(topics).splitlines()
        if line.startswith("$CATEGORY:")
    ]
    quiz = ET.fromstring(export_moodle_xml(topics))
    assert gift == [q.findtext("category/text") for q in quiz.findall("question[@type='category']")]


@pytest.mark.parametrize(
    "source",
    [ROOT / "content", GOOD, Path(__file__).parents[1] / "items" / "course"],
    ids=["bundled", "fixture", "every-type"],
)
def test_export_then_import_gives_the_same_items(source: Path) -> None:
    course = load_course([source])
    text = export_moodle_xml(course.topics.values())
    back = parse_moodle_xml(text, "ignored")
    assert back.skipped == []
    assert back.items == [item for _, item in course.iter_items()]


@pytest.mark.parametrize("char", ["\x1b", "\x0b", "\x0c", "\x00", "\ufffe", "\x01"])
def test_characters_xml_cannot_carry_are_a_one_line_error(char: str) -> None:
    with pytest.raises(UserError) as err:
        export_moodle_xml([_topic(prompt=f"Q{char}?")])
    message = str(err.value)
    assert "t-q1" in message and f"U+{ord(char):04X}" in message and "\n" not in message


def test_cli_export_of_forbidden_character_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "t.yaml"
    bad.write_text(
        "id: t\ntitle: T\nlevel: graduate\ncore_idea: C.\nitems:\n"
        '  - {id: t-q1, type: true_false, prompt: "Q\\x0b?", answer: true, explanation: E.}\n'
    )
    code = main(["export", "moodle-xml", str(bad)])
    assert code != 0 and code != 70
    assert "Traceback" not in capsys.readouterr().err


def test_carriage_return_and_spaces_survive() -> None:
    text = export_moodle_xml([_topic(prompt="a\r\nb\rc  ", explanation="  x\r")])
    assert "&#13;" in text and "\r" not in text
    (item,) = parse_moodle_xml(text, "t").items
    assert (item.prompt, item.explanation) == ("a\r\nb\rc  ", "  x\r")


def test_every_type_round_trips() -> None:
    items = [
        {"type": "true_false", "answer": False, "wrong_feedback": "W", "right_feedback": "R"},
        {
            "type": "multiple_response",
            "choices": [
                {"text": "a", "correct": True, "credit": 0.5},
                {"text": "b", "correct": True, "credit": 0.5},
                {"text": "c", "credit": -1.0, "feedback": "no"},
            ],
        },
        {
            "type": "numeric",
            "value": 0.125,
            "tolerance": {"relative": 0.01},
            "units": ["s"],
            "wrong_values": [{"value": 8.0, "feedback": "Inverted."}],
        },
        {
            "type": "short_answer",
            "model_answer": "M",
            "accepted_answers": ["a"],
            "partial_answers": [{"answer": "b*", "credit": 0.5, "feedback": "Half."}],
            "answer_feedback": {"a": "Yes."},
            "key_points": ["k1", "k2"],
        },
        {"type": "short_answer", "model_answer": "Long.", "key_points": ["k"]},
    ]
    for data in items:
        topic = _topic(**data)
        (item,) = parse_moodle_xml(export_moodle_xml([topic]), "t").items
        assert item == topic.items[0]


FOREIGN = """<?xml version="1.0" encoding="UTF-8"?>
<quiz>
  <question type="category"><category><text>$course$/Top/Physics</text></category></question>
  <question type="multichoice">
    <name><text>Speed</text></name>
    <questiontext format="html"><text><![CDATA[<p>Light is <b>fast</b>.</p>]]></text></questiontext>
    <generalfeedback format="html"><text>&lt;p&gt;About 3e8 m/s.&lt;/p&gt;</text></generalfeedback>
    <single>true</single>
    <answer fraction="100" format="html"><text>&lt;p&gt;Yes&lt;/p&gt;</text><feedback><text>Right</text></feedback></answer>
    <answer fraction="0" format="html"><text>No</text></answer>
    <tags><tag><text>optics</text></tag><tag><text>Not A Slug</text></tag></tags>
  </question>
  <question type="shortanswer">
    <name><text>Cat</text></name>
    <questiontext format="moodle_auto_format"><text>Best animal?</text></questiontext>
    <answer fraction="100"><text>Frog</text><feedback><text>Good!</text></feedback></answer>
    <answer fraction="50"><text>Cat</text></answer>
  </question>
  <question type="numerical">
    <name><text>Year</text></name>
    <questiontext format="plain_text"><text>Year?</text></questiontext>
    <answer fraction="100"><text>1822</text><tolerance>1</tolerance></answer>
  </question>
  <question type="matching"><name><text>M</text></name><questiontext><text>Match</text></questiontext></question>
</quiz>
"""


def test_foreign_moodle_xml() -> None:
    result = parse_moodle_xml(FOREIGN, "phys")
    mc, sa, num = result.items
    assert isinstance(mc, MultipleChoice) and mc.id == "phys-speed"
    assert mc.prompt == "Light is **fast**." and mc.explanation == "About 3e8 m/s."
    assert [c.text for c in mc.choices] == ["Yes", "No"] and mc.tags == ["optics"]
    assert isinstance(sa, ShortAnswer) and sa.partial_answers[0].credit == 0.5
    assert sa.answer_feedback == {"Frog": "Good!"}
    assert isinstance(num, Numeric) and num.value == 1822 and num.tolerance is not None
    assert [(s.kind, str(s).split(":")[0]) for s in result.skipped] == [("matching", "question 4")]
    assert not isinstance(mc, MultipleResponse | TrueFalse)


def test_not_xml_is_a_one_line_error() -> None:
    with pytest.raises(UserError, match="not well-formed XML"):
        parse_moodle_xml("<quiz><question>", "t")


def test_bundled_course_exports_well_formed(tmp_path: Path) -> None:
    out = tmp_path / "course.xml"
    assert main(["export", "moodle-xml", str(ROOT / "content"), "-o", str(out)]) == 0
    quiz = ET.parse(out).getroot()
    course = load_course([ROOT / "content"])
    questions = [q for q in quiz.findall("question") if q.get("type") != "category"]
    assert len(questions) == course.item_count
    assert len(quiz.findall("question[@type='category']")) == len(course.topics)
    essays = quiz.findall("question[@type='essay']")
    assert all(e.findtext("graderinfo/text") for e in essays)


def test_doctype_entities_are_refused() -> None:
    bomb = (
        '<!DOCTYPE q [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        "<quiz><question type='truefalse'><questiontext><text>&b;</text></questiontext>"
        "</question></quiz>"
    )
    with pytest.raises(UserError, match="DOCTYPE"):
        parse_moodle_xml(bomb, "t")
