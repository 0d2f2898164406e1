"""``tutor progress export|reset|show`` and ``tutor simulate`` through the real dispatcher."""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

import pytest
import yaml

from tutor.cli import main
from tutor.learner.service import TutorService
from tutor.learner.store import ProgressStore

from .conftest import T0, answer_right, answer_wrong, course_of, mc, sa, tf, topic


@pytest.fixture
def saved(tmp_path, clock) -> tuple[Path, str]:
    course = course_of(topic("a", [], [mc("a1", right=2), tf("a2"), sa("a3", "sigmoid")]))
    db = tmp_path / "p.db"
    svc = TutorService(course, ProgressStore(db), clock=clock)
    answer_wrong(svc, "a1", latency_ms=5300)
    answer_right(svc, "a2")
    svc.record_answer("a3", "Sigmoid")
    svc.set_goal("a")
    learner = svc.learner_id
    svc.close()
    return db, learner


def test_export_jsonl(saved, capsys) -> None:
    db, learner = saved
    assert main(["progress", "export", "--db", str(db)]) == 0
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert len(lines) == 4
    assert lines[0] == {
        "learner": learner,
        "seq": 1,
        "ts": T0.isoformat(),
        "kind": "answer",
        "topic_id": "a",
        "item_id": "a1",
        "response": 3,
        "correct": False,
        "rating": 1,
        "latency_ms": 5300,
        "source": "learn",
        "method": "exact",
    }
    assert lines[1]["response"] is True and lines[2]["response"] == "Sigmoid"
    assert lines[3]["kind"] == "goal" and lines[3]["topic_id"] == "a"


def test_export_csv_to_a_file(saved, tmp_path, capsys) -> None:
    db, learner = saved
    out = tmp_path / "sub" / "log.csv"
    assert main(["progress", "export", "--db", str(db), "--format", "csv", "-o", str(out)]) == 0
    assert "wrote 4 events to" in capsys.readouterr().err
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [r["seq"] for r in rows] == ["1", "2", "3", "4"]
    assert (
        rows[0]["learner"] == learner
        and rows[0]["response"] == "3"
        and rows[0]["correct"] == "false"
    )
    assert rows[1]["response"] == "true" and rows[2]["method"] == "accepted"
    assert json.loads(rows[3]["extra"]) == {"goal": "a"}


def test_export_of_a_missing_database_fails_cleanly(tmp_path, capsys) -> None:
    assert main(["progress", "export", "--db", str(tmp_path / "none.db")]) == 1
    assert (
        capsys.readouterr().err.strip()
        == f"tutor: error: no progress database at {tmp_path / 'none.db'}"
    )


class FakeTty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_reset_asks_and_no_keeps_everything(saved, monkeypatch, capsys) -> None:
    db, _ = saved
    monkeypatch.setattr(sys, "stdin", FakeTty("n\n"))
    assert main(["progress", "reset", "--db", str(db)]) == 1
    out = capsys.readouterr().out
    assert f"Delete all progress in {db} (4 events)? This cannot be undone. [y/N] " in out
    assert "Nothing deleted." in out
    assert ProgressStore(db).count() == 4


def test_reset_asks_and_yes_deletes(saved, monkeypatch, capsys) -> None:
    db, learner = saved
    monkeypatch.setattr(sys, "stdin", FakeTty("y\n"))
    assert main(["progress", "reset", "--db", str(db)]) == 0
    assert f"Deleted 4 events from {db}." in capsys.readouterr().out
    with ProgressStore(db) as s:
        assert s.count() == 0 and s.learner_id != learner


def test_reset_without_a_terminal_refuses_unless_yes(saved, monkeypatch, capsys) -> None:
    db, _ = saved
    monkeypatch.setattr(sys, "stdin", io.StringIO("y\n"))
    assert main(["progress", "reset", "--db", str(db)]) == 1
    assert capsys.readouterr().err.strip() == (
        f"tutor: error: refusing to delete 4 saved events in {db} without confirmation; pass --yes"
    )
    assert ProgressStore(db).count() == 4
    assert main(["progress", "reset", "--db", str(db), "--yes"]) == 0
    assert ProgressStore(db).count() == 0


def test_reset_refuses_a_file_that_is_not_ours(tmp_path, capsys) -> None:
    junk = tmp_path / "p.db"
    junk.write_bytes(b"\x00garbage" * 100)
    assert main(["progress", "reset", "--db", str(junk), "--yes"]) == 1
    assert "not a tutor progress database" in capsys.readouterr().err
    assert junk.read_bytes() == b"\x00garbage" * 100


def _write_course(folder: Path) -> None:
    from tutor.learner.simulation import synthetic_chain_course

    folder.mkdir()
    for t in synthetic_chain_course(12).topics.values():
        (folder / f"{t.id}.yaml").write_text(
            yaml.safe_dump(t.model_dump(exclude_defaults=True), sort_keys=False)
        )


def test_show_summarises(tmp_path, capsys) -> None:
    content = tmp_path / "course"
    _write_course(content)
    db = tmp_path / "p.db"
    assert main(["progress", "show", "--db", str(db), "--content", str(content), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["answered"] == 0 and data["topics"] == 12 and data["goal"] is None


def test_simulate_cli_json(tmp_path, capsys) -> None:
    content = tmp_path / "course"
    _write_course(content)
    code = main(
        ["simulate", "--content", str(content), "--learners", "5", "--probe", "8", "--json"]
    )
    assert code == 0
    data = json.loads(capsys.readouterr().out)
    assert data["goal"] == "step-12" and data["path_length"] == 12 and data["learners"] == 5
    models = {m["model"]: m for m in data["models"]}
    assert set(models) == {"prefix", "slip", "holes", "memoriser", "guesser"}
    assert all(m["runs"] == 5 for m in models.values())
    assert models["holes"]["placement_questions_max"] <= 10
    assert models["guesser"]["mastered_runs"] is not None
    names = [t["target"] for t in data["targets"]]
    assert any("holes" in n for n in names) and any("memoriser" in n for n in names)


def test_simulate_cli_rejects_an_unknown_model(tmp_path, capsys) -> None:
    content = tmp_path / "course"
    _write_course(content)
    assert main(["simulate", "--content", str(content), "--models", "prefix,cheater"]) == 1
    assert "--models takes some of" in capsys.readouterr().err


def test_simulate_cli_tries_a_setting(tmp_path, capsys) -> None:
    """--set changes the rules the simulated learners meet: with BKT alone (odds 1) and no
    evidence window, guessers are declared master far more often than with the defaults."""
    content = tmp_path / "course"
    _write_course(content)
    base = ["simulate", "--content", str(content), "--models", "guesser", "--learners", "30"]
    base += ["--probe", "2", "--json"]
    lucky = []
    for extra in ([], ["--set", "mastery_guess_odds=1", "--set", "evidence_window_hours=0"]):
        assert main(base + extra) == 0
        lucky.append(json.loads(capsys.readouterr().out)["models"][0]["mastered_runs"])
    assert lucky[1] > lucky[0]


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ("nope=1", "--set takes NAME=VALUE with NAME one of: mastery_threshold"),
        ("p_slip", "--set takes NAME=VALUE"),
        ("p_slip=abc", "p_slip takes a float, not 'abc'"),
        ("p_slip=0.9", "p_slip must be at most 0.5"),
        ("mastery_needs_recall=maybe", "mastery_needs_recall takes a bool"),
    ],
)
def test_simulate_cli_refuses_a_bad_setting_in_one_line(
    tmp_path, capsys, setting: str, message: str
) -> None:
    assert main(["simulate", "--set", setting]) == 1
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1


def test_simulate_cli_unknown_goal(tmp_path, capsys) -> None:
    content = tmp_path / "course"
    _write_course(content)
    assert main(["simulate", "--content", str(content), "--goal", "step-1"]) == 1
    assert "unknown goal topic 'step-1'" in capsys.readouterr().err


def test_show_on_a_missing_database_reads_as_new_and_creates_nothing(tmp_path, capsys) -> None:
    db = tmp_path / "never.db"
    content = Path(__file__).resolve().parents[2] / "content"
    assert main(["progress", "show", "--json", "--db", str(db), "--content", str(content)]) == 0
    assert json.loads(capsys.readouterr().out)["answered"] == 0
    assert not db.exists()
