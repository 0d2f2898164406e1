"""Item analysis: first attempts only, corrected point-biserial, flags, logs of many learners."""

from __future__ import annotations

import csv
import json
import random
from pathlib import Path

import pytest

from tutor.cli import main
from tutor.learner.item_analysis import Answer, analyse, read_log

GOOD = Path(__file__).parents[1] / "content" / "good"


def _learners(n: int, seed: int = 1) -> list[Answer]:
    """Able learners get 'basics-q1' right and 'basics-q2' wrong: q2 discriminates negatively."""
    rng = random.Random(seed)
    out: list[Answer] = []
    for k in range(n):
        ability = k / (n - 1)
        name = f"learner-{k}"
        right1 = rng.random() < 0.2 + 0.7 * ability
        out.append(Answer(name, 1, "basics-q1", right1, 1 if right1 else 0))
        out.append(Answer(name, 2, "basics-q2", rng.random() < 0.9 - 0.8 * ability, True))
        out.append(Answer(name, 3, "advanced-q1", rng.random() < 0.1 + 0.8 * ability, "1"))
        for j in range(6):  # more items that track ability, so the rest score measures it
            out.append(Answer(name, 10 + j, f"extra-{j}", rng.random() < 0.1 + 0.8 * ability, 0))
        out.append(Answer(name, 4, "basics-q1", True, 1))  # a later attempt: ignored
    return out


def test_difficulty_and_discrimination() -> None:
    topic_of = {"basics-q1": "basics", "basics-q2": "basics", "advanced-q1": "advanced"}
    stats = {s.item_id: s for s in analyse(_learners(60), topic_of)}
    q1, q2 = stats["basics-q1"], stats["basics-q2"]
    assert q1.answers == 60  # first attempts only
    assert q1.difficulty is not None and 0.4 < q1.difficulty < 0.8
    assert q1.discrimination is not None and q1.discrimination > 0.2
    assert q2.discrimination is not None and q2.discrimination < 0
    assert "negative discrimination" in q2.flags
    assert sum(q1.choice_counts.values()) == 60 and set(q1.choice_counts) <= {"a", "b"}


def test_hand_computed_point_biserial() -> None:
    # three learners, two items: item a right for L1 and L2; item b right for L1 only
    answers = [
        Answer("L1", 1, "a", True, 0),
        Answer("L1", 2, "b", True, 0),
        Answer("L2", 1, "a", True, 0),
        Answer("L2", 2, "b", False, 1),
        Answer("L3", 1, "a", False, 1),
        Answer("L3", 2, "b", False, 1),
    ]
    stats = {s.item_id: s for s in analyse(answers, min_answers=3)}
    # item a scores (1,1,0) against rest scores = b (1,0,0): r = 0.5
    assert stats["a"].discrimination == pytest.approx(0.5)
    assert stats["a"].difficulty == pytest.approx(2 / 3)


def test_flags_and_not_enough_data() -> None:
    easy = [Answer(f"l{k}", 1, "easy", True, 0) for k in range(12)] + [
        Answer(f"l{k}", 2, "hard", k == 0, 1) for k in range(12)
    ]
    stats = {s.item_id: s for s in analyse(easy + [Answer("x", 1, "rare", True, 0)])}
    assert "too easy" in stats["easy"].flags and "too hard" in stats["hard"].flags
    assert stats["rare"].flags == ["not enough data"] and stats["rare"].difficulty is None


def _write_logs(tmp_path: Path) -> list[Path]:
    paths = []
    by_learner: dict[str, list[Answer]] = {}
    for a in _learners(30):
        by_learner.setdefault(a.learner, []).append(a)
    for k, (name, answers) in enumerate(by_learner.items()):
        rows = [
            {
                "learner": name,
                "seq": a.seq,
                "ts": "2026-11-22T10:00:00+00:00",
                "kind": "answer",
                "topic_id": "basics",
                "item_id": a.item_id,
                "response": a.response,
                "correct": a.correct,
                "rating": 3 if a.correct else 1,
                "latency_ms": 1000,
                "source": "learn",
            }
            for a in answers
        ]
        rows.insert(
            0,
            {
                "learner": name,
                "seq": 0,
                "ts": "2026-11-22T09:00:00+00:00",
                "kind": "goal",
                "topic_id": "advanced",
            },
        )
        if k % 2:
            path = tmp_path / f"{name}.jsonl"
            path.write_text("".join(json.dumps(r) + "\n" for r in rows))
        else:
            path = tmp_path / f"{name}.csv"
            with path.open("w", newline="") as fh:
                writer = csv.DictWriter(
                    fh,
                    fieldnames=[
                        "learner",
                        "seq",
                        "ts",
                        "kind",
                        "topic_id",
                        "item_id",
                        "response",
                        "correct",
                        "rating",
                        "latency_ms",
                        "source",
                    ],
                )
                writer.writeheader()
                writer.writerows(rows)
        paths.append(path)
    return paths


def test_reads_jsonl_and_csv_alike(tmp_path: Path) -> None:
    paths = _write_logs(tmp_path)
    jsonl = read_log(next(p for p in paths if p.suffix == ".jsonl"))
    from_csv = read_log(next(p for p in paths if p.suffix == ".csv"))
    assert len(jsonl) == len(from_csv) == 10
    assert {type(a.response) for a in from_csv if a.item_id == "basics-q1"} == {int}


def test_cli_formats(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    paths = [str(p) for p in _write_logs(tmp_path)]
    assert main(["stats", "--content", str(GOOD), "--format", "json", *paths]) == 0
    data = {row["item_id"]: row for row in json.loads(capsys.readouterr().out)}
    assert data["basics-q1"]["answers"] == 30 and data["basics-q1"]["topic_id"] == "basics"
    assert main(["stats", "--content", str(GOOD), "--format", "csv", *paths]) == 0
    assert capsys.readouterr().out.splitlines()[0].startswith("item_id,topic_id,answers,difficulty")
    assert main(["stats", "--content", str(GOOD), *paths]) == 0
    assert "basics-q2" in capsys.readouterr().out
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"kind": "answer"}\nnot json\n')
    assert main(["stats", "--content", str(GOOD), str(bad)]) == 1
    assert "bad.jsonl:2: not a JSON line" in capsys.readouterr().err


def test_choices_counted_by_id_whatever_position_they_were_shown_at() -> None:
    from tutor.learner.item_analysis import answers_from_records

    ids = {"mc": ["sigmoid", "tanh", "relu"], "mr": ["x", "y", "z"]}
    records = [
        # new logs: the id; old logs: the written position (an int, or its text in CSV)
        {
            "kind": "answer",
            "learner": "L1",
            "item_id": "mc",
            "correct": True,
            "response": "sigmoid",
        },
        {"kind": "answer", "learner": "L2", "item_id": "mc", "correct": True, "response": 0},
        {"kind": "answer", "learner": "L3", "item_id": "mc", "correct": False, "response": "2"},
        {
            "kind": "answer",
            "learner": "L1",
            "item_id": "mr",
            "correct": True,
            "response": '["x", "y"]',
        },
        {"kind": "answer", "learner": "L2", "item_id": "mr", "correct": False, "response": ["z"]},
    ]
    stats = {
        s.item_id: s
        for s in analyse(
            answers_from_records(records, "x", text_cells=True), min_answers=1, choice_items=ids
        )
    }
    assert stats["mc"].choice_counts == {"sigmoid": 2, "relu": 1}
    assert stats["mr"].choice_counts == {"x": 1, "y": 1, "z": 1}
