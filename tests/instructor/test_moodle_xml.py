"""Moodle XML export is well-formed and keeps explanations, tags and categories."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from tutor.cli import main
from tutor.content.formats.moodle_xml import export_moodle_xml
from tutor.content.loader import load_course

GOOD = Path(__file__).parents[1] / "content" / "good"
ROOT = Path(__file__).resolve().parents[2]


def test_structure_of_fixture_course() -> None:
    quiz = ET.fromstring(export_moodle_xml(load_course([GOOD]).topics.values()))
    kinds = [q.get("type") for q in quiz.findall("question")]
    assert kinds == ["category", "shortanswer", "category", "multichoice", "truefalse"]
    cats = [q.findtext("category/text") for q in quiz.findall("question[@type='category']")]
    assert cats == ["$course$/tutor/Advanced [advanced]", "$course$/tutor/Basics [basics]"]
    sa = quiz.find("question[@type='shortanswer']")
    assert sa is not None
    assert sa.findtext("generalfeedback/text") == "A quarter of four is one."
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
