"""``tutor stats`` on answers recorded through the real engine: one database, and exported logs combined.

The learners answer through TutorService into real progress databases; the
stats command then reads them back (``--db``, or ``tutor progress export``
files) and must report exactly what was recorded: first attempts only, the
share of them that were right, and which choice each learner picked first.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from pathlib import Path

import pytest

from tutor.cli import main
from tutor.content.course import Course
from tutor.content.loader import load_course
from tutor.learner.service import TutorService
from tutor.learner.store import ProgressStore

GOOD = Path(__file__).parents[1] / "content" / "good"
MC, TF, SA = (
    "basics-q1",
    "basics-q2",
    "advanced-q1",
)  # choices "2", "4" (correct), "6"; answer false; answer "1"


@pytest.fixture(scope="module")
def course() -> Course:
    return load_course([GOOD])


def record(course: Course, db: Path, answers: list[tuple[str, object]]) -> str:
    """Answer through the engine into ``db``; returns the learner id the store gave it."""
    svc = TutorService(course, ProgressStore(db))
    try:
        for item_id, response in answers:
            svc.record_answer(item_id, response)  # type: ignore[arg-type]
        return svc.learner_id
    finally:
        svc.close()


def stats_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, dict[str, object]]:
    assert main(["stats", "--content", str(GOOD), "--format", "json", *args]) == 0
    return {row["item_id"]: row for row in json.loads(capsys.readouterr().out)}


def stats_csv(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, dict[str, str]]:
    assert main(["stats", "--content", str(GOOD), "--format", "csv", *args]) == 0
    return {row["item_id"]: row for row in csv.DictReader(io.StringIO(capsys.readouterr().out))}


def test_db_reports_first_attempts_of_one_learner(
    course: Course, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "me.db"
    record(
        course,
        db,
        [
            (MC, 0),
            (MC, 1),
            (MC, 1),
            (MC, 2),  # first attempt wrong (choice 0), then practice
            (TF, False),
            (TF, True),  # first attempt right
            (SA, "0.1"),
            (SA, "one"),  # first attempt wrong
        ],
    )
    data = stats_json(capsys, "--db", str(db), "--min-answers", "1")
    assert set(data) == {MC, TF, SA}
    assert {i: row["answers"] for i, row in data.items()} == {MC: 1, TF: 1, SA: 1}
    assert {i: row["difficulty"] for i, row in data.items()} == {MC: 0.0, TF: 1.0, SA: 0.0}
    assert data[MC]["choice_counts"] == {"a": 1}  # a logged position, read as its choice
    assert data[TF]["choice_counts"] == {}  # true/false answers are not choices
    assert (
        data[MC]["topic_id"] == data[TF]["topic_id"] == "basics"
        and data[SA]["topic_id"] == "advanced"
    )
    assert all(
        row["discrimination"] is None for row in data.values()
    )  # one learner: nothing to correlate

    rows = stats_csv(capsys, "--db", str(db), "--min-answers", "1")
    assert {i: (r["answers"], r["difficulty"], r["choice_counts"]) for i, r in rows.items()} == {
        MC: ("1", "0.000", "a:1"),
        TF: ("1", "1.000", ""),
        SA: ("1", "0.000", ""),
    }

    # Below the default minimum of learners the numbers are withheld, not guessed.
    default = stats_json(capsys, "--db", str(db))
    assert all(
        row["difficulty"] is None and "not enough data" in row["flags"] for row in default.values()
    )


def test_db_that_does_not_exist_is_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["stats", "--content", str(GOOD), "--db", str(tmp_path / "none.db")]) == 1
    assert "no progress database" in capsys.readouterr().err


def export(db: Path, out: Path, fmt: str) -> Path:
    assert main(["progress", "export", "--db", str(db), "--format", fmt, "-o", str(out)]) == 0
    return out


def test_exported_logs_of_two_learners_combine(
    course: Course, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ada = record(course, tmp_path / "ada.db", [(MC, 1), (TF, True), (TF, False), (SA, "one")])
    bob = record(course, tmp_path / "bob.db", [(MC, 2), (MC, 1), (TF, False), (SA, "0.1")])
    assert ada != bob
    logs = [
        export(tmp_path / "ada.db", tmp_path / "ada.jsonl", "jsonl"),
        export(tmp_path / "bob.db", tmp_path / "bob.csv", "csv"),
    ]
    capsys.readouterr()

    data = stats_json(capsys, "--min-answers", "2", *map(str, logs))
    assert {i: row["answers"] for i, row in data.items()} == {MC: 2, TF: 2, SA: 2}
    assert data[MC]["difficulty"] == 0.5  # ada right (choice 1), bob wrong first (choice 2)
    assert data[TF]["difficulty"] == 0.5  # ada's first answer was wrong, bob's right
    assert data[SA]["difficulty"] == 0.5
    assert data[MC]["choice_counts"] == {"b": 1, "c": 1}

    # Each learner's own database tells the same story as its half of the logs.
    alone = {
        name: stats_json(capsys, "--db", str(tmp_path / f"{name}.db"), "--min-answers", "1")
        for name in ("ada", "bob")
    }
    for item in (MC, TF, SA):
        assert [alone[n][item]["difficulty"] for n in ("ada", "bob")] in ([1.0, 0.0], [0.0, 1.0])
        assert sum(alone[n][item]["answers"] for n in ("ada", "bob")) == data[item]["answers"]  # type: ignore[misc]

    # Logs and --db do not mix.
    assert (
        main(["stats", "--content", str(GOOD), "--db", str(tmp_path / "ada.db"), str(logs[0])]) == 2
    )
    assert "either --db or LOG files" in capsys.readouterr().err


def test_many_learners_difficulty_and_choice_frequencies(
    course: Course, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Twelve learners with known first answers: the table of counts is reproduced exactly."""
    firsts = [0, 1, 1, 2, 1, 1, 0, 1, 2, 1, 1, 1]  # first MC choice of each learner; 1 is right
    logs: list[str] = []
    for k, choice in enumerate(firsts):
        db = tmp_path / f"learner{k}.db"
        tf_first = k % 3 != 0  # right for 8 of 12
        record(
            course, db, [(MC, choice), (MC, 1), (TF, not tf_first), (SA, "1" if k < 3 else "0.1")]
        )
        logs.append(
            str(
                export(
                    db,
                    tmp_path / f"learner{k}.{'csv' if k % 2 else 'jsonl'}",
                    "csv" if k % 2 else "jsonl",
                )
            )
        )
    capsys.readouterr()

    data = stats_json(capsys, *logs)  # the default minimum, 10 learners, is met
    assert {i: row["answers"] for i, row in data.items()} == {MC: 12, TF: 12, SA: 12}
    assert data[MC]["difficulty"] == pytest.approx(firsts.count(1) / 12)
    assert data[TF]["difficulty"] == pytest.approx(8 / 12)
    assert data[SA]["difficulty"] == pytest.approx(3 / 12)
    assert data[MC]["choice_counts"] == {"abcd"[c]: n for c, n in sorted(Counter(firsts).items())}
    assert "not enough data" not in data[MC]["flags"]  # type: ignore[operator]
    assert data[MC]["discrimination"] is not None

    rows = stats_csv(capsys, *logs)
    assert rows[MC]["choice_counts"] == ";".join(
        f"{'abcd'[c]}:{n}" for c, n in sorted(Counter(firsts).items())
    )
    assert float(rows[TF]["difficulty"]) == pytest.approx(8 / 12, abs=5e-4)

    assert main(["stats", "--content", str(GOOD), *logs]) == 0
    table = capsys.readouterr().out
    assert all(item in table for item in (MC, TF, SA))
    assert "a:2" in table and "b:8" in table and "c:2" in table


def test_a_short_answer_that_is_a_digit_is_not_a_choice(
    course: Course, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "me.db"
    record(course, db, [(SA, "1")])
    data = stats_json(capsys, "--db", str(db), "--min-answers", "1")
    assert data[SA]["choice_counts"] == {}
