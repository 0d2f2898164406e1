"""The progress store: WAL, schema versions, refusing files that are not ours, two writers."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys

import pytest

from tutor.errors import UserError
from tutor.learner import store as store_mod
from tutor.learner.service import TutorService
from tutor.learner.store import MIGRATIONS, SCHEMA_VERSION, ProgressStore

from .conftest import answer_right


def test_new_database_is_wal_versioned_and_has_a_learner(tmp_path) -> None:
    db = tmp_path / "deep" / "er" / "progress.db"
    with ProgressStore(db) as s:
        assert len(s.learner_id) == 36
        learner = s.learner_id
    assert db.exists()
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == len(MIGRATIONS)
    conn.close()
    with ProgressStore(db) as s:
        assert s.learner_id == learner


def test_answers_are_committed_with_full_sync(tmp_path) -> None:
    with ProgressStore(tmp_path / "p.db") as s:
        assert s._conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL


def test_garbage_file_is_refused_and_left_untouched(tmp_path) -> None:
    db = tmp_path / "progress.db"
    junk = os.urandom(4096)
    db.write_bytes(junk)
    with pytest.raises(UserError, match=r"is not a tutor progress database \(not SQLite\)"):
        ProgressStore(db)
    assert db.read_bytes() == junk
    assert sorted(p.name for p in tmp_path.iterdir()) == ["progress.db"]


def test_text_file_is_refused(tmp_path, make_service, diamond) -> None:
    db = tmp_path / "notes.txt"
    db.write_text("my notes\n")
    with pytest.raises(UserError, match="not SQLite"):
        TutorService.open(diamond, db)
    assert db.read_text() == "my notes\n"


def test_truncated_database_is_refused_and_left_untouched(tmp_path, make_service, diamond) -> None:
    db = tmp_path / "p.db"
    svc = make_service(diamond, db)
    for _ in range(200):
        answer_right(svc, "a-mc1")
    svc.close()
    data = db.read_bytes()
    assert len(data) > 8192
    db.write_bytes(data[: len(data) // 2])
    cut = db.read_bytes()
    with pytest.raises(UserError, match=r"corrupt|malformed|not a tutor"):
        ProgressStore(db)
    assert db.read_bytes() == cut


def test_newer_schema_is_refused(tmp_path) -> None:
    db = tmp_path / "p.db"
    ProgressStore(db).close()
    conn = sqlite3.connect(db)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    before = db.read_bytes()
    with pytest.raises(
        UserError,
        match=rf"newer tutor \(schema version {SCHEMA_VERSION + 1}; this one knows up to {SCHEMA_VERSION}\)",
    ):
        ProgressStore(db)
    assert db.read_bytes() == before


def test_another_programs_sqlite_database_is_refused(tmp_path) -> None:
    db = tmp_path / "other.db"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE recipes (name TEXT)")
    conn.commit()
    conn.close()
    before = db.read_bytes()
    with pytest.raises(UserError, match="SQLite database of another program"):
        ProgressStore(db)
    assert db.read_bytes() == before


def test_wrong_schema_with_our_version_is_refused(tmp_path) -> None:
    db = tmp_path / "p.db"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE events (x TEXT)")
    conn.execute("CREATE TABLE meta (key TEXT, value TEXT)")
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    with pytest.raises(UserError, match="unexpected schema"):
        ProgressStore(db)


def test_migrations_run_from_an_older_version(tmp_path, monkeypatch) -> None:
    db = tmp_path / "p.db"
    ProgressStore(db).close()

    def add_column(conn: sqlite3.Connection) -> None:
        conn.execute("ALTER TABLE events ADD COLUMN note TEXT")

    monkeypatch.setattr(store_mod, "MIGRATIONS", [*MIGRATIONS, add_column])
    monkeypatch.setattr(store_mod, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    with ProgressStore(db) as s:
        cols = {r[1] for r in s._conn.execute("PRAGMA table_info(events)")}
        assert "note" in cols
        assert s._conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION + 1


def test_locked_database_is_a_user_error(tmp_path) -> None:
    db = tmp_path / "p.db"
    ProgressStore(db).close()
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute(
        "PRAGMA journal_mode = DELETE"
    )  # an exclusive lock blocks readers too outside WAL
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(UserError, match=r"is locked by another program \(waited 0.2 s\)"):
            ProgressStore(db, timeout=0.2)
    finally:
        holder.execute("ROLLBACK")
        holder.close()


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_unreadable_database_is_a_user_error(tmp_path) -> None:
    db = tmp_path / "p.db"
    ProgressStore(db).close()
    db.chmod(0)
    try:
        with pytest.raises(UserError, match="cannot read progress database"):
            ProgressStore(db)
    finally:
        db.chmod(0o600)


def test_folder_in_the_way_is_a_user_error(tmp_path) -> None:
    with pytest.raises(UserError, match="is a folder"):
        ProgressStore(tmp_path)


def test_two_services_on_one_database_see_each_other(tmp_path, make_service, diamond) -> None:
    db = tmp_path / "p.db"
    one = make_service(diamond, db)
    two = make_service(diamond, db)
    for _i in range(5):
        answer_right(one, "a-mc1")
        answer_right(two, "a-tf1")
    one.set_setting("theme", "dark")
    assert two.get_setting("theme") == "dark"
    assert one.topic_state("a").answered == two.topic_state("a").answered == 10
    assert one.mastery("a") == pytest.approx(two.mastery("a"))
    seqs = [e.seq for e in one.events()]
    assert seqs == sorted(seqs) and len(seqs) == len(set(seqs)) == 11


WRITER = r"""
import sys
from tutor.learner.store import ProgressStore
s = ProgressStore(sys.argv[1])
for i in range(int(sys.argv[3])):
    s.append("setting", "2026-01-01T00:00:00+00:00", payload={"key": sys.argv[2], "value": str(i)})
s.close()
"""


def test_two_processes_interleaving_writes(tmp_path) -> None:
    db = tmp_path / "p.db"
    ProgressStore(db).close()
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(db), name, "150"], stderr=subprocess.PIPE
        )
        for name in ("x", "y")
    ]
    for p in procs:
        _, err = p.communicate(timeout=120)
        assert p.returncode == 0, err.decode()
    with ProgressStore(db) as s:
        events = s.events()
        assert s._conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert len(events) == 300
    for name in ("x", "y"):
        assert [e.payload["value"] for e in events if e.payload["key"] == name] == [
            str(i) for i in range(150)
        ]


def test_derived_state_is_saved_and_reused(tmp_path, make_service, diamond, monkeypatch) -> None:
    db = tmp_path / "p.db"
    svc = make_service(diamond, db)
    svc.mark_known("b")
    answer_right(svc, "c-mc1")
    svc.close()
    with ProgressStore(db) as s:
        rows = s._conn.execute("SELECT seq FROM derived").fetchall()
    assert rows == [(2,)]
    calls = []
    from tutor.learner.state import LearnerState

    original = LearnerState.rebuild
    monkeypatch.setattr(
        LearnerState, "rebuild", lambda self, r: (calls.append(len(r)), original(self, r))
    )
    again = make_service(diamond, db)
    assert calls == []  # loaded from the snapshot
    assert again.mastery("c") == pytest.approx(0.3928571, abs=1e-6)
    assert again.topic_state("b").status.value == "known"


def test_stale_derived_state_catches_up_and_matches_a_full_rebuild(
    tmp_path, make_service, diamond, clock
) -> None:
    db = tmp_path / "p.db"
    svc = make_service(diamond, db)
    answer_right(svc, "a-mc1")
    svc.close()  # snapshot at seq 1
    other = make_service(diamond, db)
    other._saved_seq = 10**9  # never snapshot again: the saved state falls behind
    for item in ("a-tf1", "a-mc2", "b-mc1"):
        clock.advance(minutes=5)
        answer_right(other, item)
    other.store.close()
    fresh = make_service(diamond, db)
    states = [(s.topic_id, s.status, round(s.mastery, 12), s.answered) for s in fresh.all_states()]
    fresh.rebuild()
    assert states == [
        (s.topic_id, s.status, round(s.mastery, 12), s.answered) for s in fresh.all_states()
    ]
    assert fresh.topic_state("a").answered == 3
    clock.advance(days=20)
    assert sorted(fresh.due_reviews()) == ["a-mc1", "a-mc2", "a-tf1", "b-mc1"]


def test_settings_persist(tmp_path, make_service, diamond) -> None:
    db = tmp_path / "p.db"
    svc = make_service(diamond, db)
    assert svc.get_setting("theme", "light") == "light"
    svc.set_setting("theme", "nord")
    svc.close()
    assert make_service(diamond, db).get_setting("theme") == "nord"


def test_permission_denied_is_a_user_error(tmp_path, monkeypatch) -> None:
    db = tmp_path / "p.db"
    ProgressStore(db).close()

    def denied(*_a: object, **_k: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(store_mod, "open", denied, raising=False)
    with pytest.raises(UserError, match=f"cannot read progress database {db}: Permission denied"):
        ProgressStore(db)


def test_corruption_is_reported_on_one_line(tmp_path, make_service, diamond) -> None:
    """SQLite's integrity report spans lines; the user gets one."""
    db = tmp_path / "p.db"
    svc = make_service(diamond, db)
    for _ in range(300):
        answer_right(svc, "a-mc1")
    svc.close()
    data = bytearray(db.read_bytes())
    for offset in range(
        4096 + 200, len(data) - 4096, 997
    ):  # scribble over cells of the table pages
        data[offset : offset + 8] = b"\xff" * 8
    db.write_bytes(bytes(data))
    with pytest.raises(UserError) as caught:
        ProgressStore(db)
    assert "\n" not in str(caught.value)
