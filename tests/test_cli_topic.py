"""``tutor topic ID``: the card's text and JSON, and one-line errors."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from tutor.cli import main
from tutor.cli.topic import card_data, render_card
from tutor.content.loader import load_course
from tutor.graph import CourseGraph

TOPICS = [
    (
        "counting-to-ten",
        "Counting to Ten",
        "elementary",
        ["counting"],
        [],
        "Numbers name how many things there are.",
    ),
    (
        "adding-small-numbers",
        "Adding Small Numbers",
        "elementary",
        ["arithmetic"],
        ["counting-to-ten"],
        "Adding joins two groups and counts them together.",
    ),
    (
        "comparing-numbers",
        "Comparing Numbers",
        "elementary",
        [],
        ["counting-to-ten"],
        "One number is larger when it counts more things.",
    ),
    (
        "multiplying-as-repeated-addition",
        "Multiplying as Repeated Addition",
        "elementary",
        ["arithmetic"],
        ["adding-small-numbers"],
        "Multiplying adds equal groups.\n\nThree groups of four is twelve.",
    ),
    (
        "fractions",
        "Fractions",
        "middle-school",
        ["arithmetic", "fractions"],
        ["comparing-numbers", "multiplying-as-repeated-addition"],
        "A fraction names equal parts of a whole.",
    ),
]


@pytest.fixture
def course_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "course"
    folder.mkdir()
    for tid, title, level, tags, prerequisites, idea in TOPICS:
        lines = [
            f"id: {tid}",
            f"title: {title}",
            f"level: {level}",
            f"tags: [{', '.join(tags)}]",
            f"prerequisites: [{', '.join(prerequisites)}]",
            "core_idea: |",
            *("  " + line if line else "" for line in idea.split("\n")),
        ]
        (folder / f"{tid}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


@dataclass(frozen=True)
class _State:
    """Stands in for the service's TopicState: the card reads only these fields."""

    topic_id: str
    status: str
    mastery: float
    answered: int
    correct: int
    is_goal: bool


FRACTIONS_CARD = """\
Fractions
=========
id:                   fractions
level:                middle-school
tags:                 arithmetic, fractions
depth:                3
longest path:         4 topics
                      Counting to Ten →
                      Adding Small Numbers →
                      Multiplying as Repeated Addition →
                      Fractions
total prerequisites:  4
direct prerequisites: Comparing Numbers (comparing-numbers),
                      Multiplying as Repeated Addition
                      (multiplying-as-repeated-addition)
leads to:             none
unlocks:              0 topics
status:               in progress, mastery 42%, 3/5 answered
                      correctly (your goal)

core idea:
  A fraction names equal parts of a whole."""


def test_card_text(course_dir: Path) -> None:
    course = load_course([course_dir])
    card = card_data(
        course,
        CourseGraph.from_course(course),
        "fractions",
        _State("fractions", "in_progress", 0.4161, 5, 3, True),
    )
    assert render_card(card, width=60) == FRACTIONS_CARD


def test_card_wraps_the_chain_between_steps_and_keeps_paragraphs(course_dir: Path) -> None:
    course = load_course([course_dir])
    card = card_data(
        course, CourseGraph.from_course(course), "multiplying-as-repeated-addition", None
    )
    text = render_card(card, width=100)
    assert (
        "                      Counting to Ten → Adding Small Numbers → Multiplying as Repeated Addition\n"
        in text
    )
    assert "unlocks:              1 topic\n" in text
    assert "status:" not in text
    assert text.endswith(
        "core idea:\n  Multiplying adds equal groups.\n\n  Three groups of four is twelve."
    )
    assert all(len(line) <= 100 for line in text.splitlines())


def test_card_data_fields(course_dir: Path) -> None:
    course = load_course([course_dir])
    data = card_data(
        course,
        CourseGraph.from_course(course),
        "counting-to-ten",
        _State("counting-to-ten", "mastered", 0.97, 4, 4, False),
    )
    assert data == {
        "id": "counting-to-ten",
        "title": "Counting to Ten",
        "level": "elementary",
        "tags": ["counting"],
        "depth": 0,
        "longest_path": [{"id": "counting-to-ten", "title": "Counting to Ten"}],
        "longest_path_topics": 1,
        "total_prerequisites": 0,
        "direct_prerequisites": [],
        "leads_to": [
            {"id": "adding-small-numbers", "title": "Adding Small Numbers"},
            {"id": "comparing-numbers", "title": "Comparing Numbers"},
        ],
        "unlocks": 4,
        "core_idea": "Numbers name how many things there are.",
        "items": 0,
        "status": "mastered",
        "mastery": 0.97,
        "answered": 4,
        "correct": 4,
        "is_goal": False,
    }


def test_unknown_id_is_one_line_with_a_suggestion(
    course_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["topic", "fractons", "--content", str(course_dir), "--db", str(tmp_path / "p.db")])
    out, err = capsys.readouterr()
    assert code == 1 and out == ""
    assert err == "tutor: error: unknown topic 'fractons' (did you mean 'fractions'?)\n"


def test_a_title_suggests_its_id(
    course_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        ["topic", "Comparing Numbers", "--content", str(course_dir), "--db", str(tmp_path / "p.db")]
    )
    assert code == 1
    assert (
        capsys.readouterr().err
        == "tutor: error: unknown topic 'Comparing Numbers' (did you mean 'comparing-numbers'?)\n"
    )


def test_unrelated_id_has_no_suggestion(
    course_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["topic", "zzzz", "--content", str(course_dir)]) == 1
    assert capsys.readouterr().err == "tutor: error: unknown topic 'zzzz'\n"


def test_missing_content_folder_is_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["topic", "fractions", "--content", str(tmp_path / "nowhere")]) == 1
    assert capsys.readouterr().err.startswith("tutor: error: no such file or folder: ")


def test_cli_prints_the_card_with_the_learners_status(
    course_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pytest.importorskip("tutor.learner.service")
    monkeypatch.setenv("COLUMNS", "60")
    code = main(
        ["topic", "fractions", "--content", str(course_dir), "--db", str(tmp_path / "p.db")]
    )
    out = capsys.readouterr().out
    assert code == 0
    head = FRACTIONS_CARD.split("status:")[0]
    assert out.startswith(head)
    # A newcomer has answered nothing and has not mastered the prerequisites.
    status = out[len(head) :].split("\n\n")[0]
    assert re.fullmatch(
        r"status: locked, mastery \d{1,2}%, nothing answered yet "
        r"time to it: about \d+ (min|h) at a typical pace, \d+ (day|days|weeks) at 20 min a day",
        " ".join(status.split()),
    )
    assert out.endswith("core idea:\n  A fraction names equal parts of a whole.\n")


def test_cli_json_has_every_field(
    course_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("tutor.learner.service")
    code = main(
        [
            "topic",
            "counting-to-ten",
            "--json",
            "--content",
            str(course_dir),
            "--db",
            str(tmp_path / "p.db"),
        ]
    )
    data = json.loads(capsys.readouterr().out)
    assert code == 0
    assert data["depth"] == 0 and data["unlocks"] == 4 and data["total_prerequisites"] == 0
    assert [r["id"] for r in data["leads_to"]] == ["adding-small-numbers", "comparing-numbers"]
    assert data["status"] == "available"  # a root with nothing answered
    assert data["answered"] == 0 and data["correct"] == 0 and data["is_goal"] is False
    assert 0.0 <= data["mastery"] < 1.0


def test_reading_a_card_creates_no_database(
    course_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "never.db"
    assert main(["topic", "fractions", "--content", str(course_dir), "--db", str(db)]) == 0
    assert "Fractions" in capsys.readouterr().out
    assert not db.exists()
