"""Progress databases that are not ours stay byte for byte as they were.

Every case runs every command that opens a database (the app's service, ``topic``,
``progress show/export/reset``, ``stats``) and compares the file's bytes, and the
folder's listing, before and after. A read-only look decides before anything writes:
``PRAGMA journal_mode = WAL`` alone rewrites the header of a foreign file.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from tutor.cli import main
from tutor.errors import UserError
from tutor.learner.store import SCHEMA_VERSION, ProgressStore
from tutor.text import CONTROL_RE

COURSE = Path(__file__).parents[1] / "ui" / "course"


def _sqlite(path: Path, sql: str, version: int = 0, wal: bool = False) -> None:
    conn = sqlite3.connect(path)
    if wal:
        conn.execute("PRAGMA journal_mode = WAL")
    conn.executescript(sql)
    conn.execute(f"PRAGMA user_version = {version}")
    conn.commit()
    conn.close()


def _tutor_db(path: Path, events: int = 3) -> None:
    with ProgressStore(path) as store:
        for i in range(events):
            store.append("setting", f"2026-01-01T00:00:{i % 60:02d}", payload={"n": "x" * 200})


def _corrupt(path: Path) -> None:
    _tutor_db(path, events=400)
    data = bytearray(path.read_bytes())
    page = int.from_bytes(data[16:18], "big") or 65536
    data[2 * page : 3 * page] = b"\xa5" * page  # a b-tree page of garbage
    path.write_bytes(bytes(data))


def _newer(path: Path) -> None:
    _tutor_db(path)
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    conn.close()


def _ours_plus(sql: str) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        _tutor_db(path)
        conn = sqlite3.connect(path)
        conn.execute("PRAGMA journal_mode = DELETE")
        conn.executescript(sql)
        conn.close()

    return make


CASES: dict[str, Callable[[Path], None]] = {
    "foreign-table": lambda p: _sqlite(p, "CREATE TABLE contacts (id INTEGER, name TEXT);"),
    "foreign-table-wal": lambda p: _sqlite(p, "CREATE TABLE contacts (id INTEGER);", wal=True),
    "foreign-table-version-1": lambda p: _sqlite(p, "CREATE TABLE contacts (id INTEGER);", 1),
    "view-only": lambda p: _sqlite(p, "CREATE VIEW v AS SELECT 1 AS one;"),
    "view-only-version-1": lambda p: _sqlite(p, "CREATE VIEW v AS SELECT 1 AS one;", 1),
    "ours-plus-foreign-table": _ours_plus("CREATE TABLE contacts (id INTEGER);"),
    "ours-plus-trigger": _ours_plus(
        "CREATE TRIGGER t AFTER INSERT ON events BEGIN DELETE FROM events; END;"
    ),
    "ours-plus-view": _ours_plus("CREATE VIEW answers AS SELECT * FROM events;"),
    "our-names-wrong-columns": lambda p: _sqlite(
        p, "CREATE TABLE meta (k TEXT); CREATE TABLE events (x); CREATE TABLE derived (y);", 1
    ),
    "newer": _newer,
    "corrupt": _corrupt,
    "truncated": lambda p: (_tutor_db(p, 300), p.write_bytes(p.read_bytes()[:5000])),
    "header-then-garbage": lambda p: p.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000),
    "not-sqlite": lambda p: p.write_bytes(b"name,phone\nann,123\n"),
}


def _snapshot(path: Path) -> tuple[str, list[str]]:
    return hashlib.sha256(path.read_bytes()).hexdigest(), sorted(
        p.name for p in path.parent.iterdir()
    )


def _commands(db: Path) -> dict[str, list[str]]:
    d, c = str(db), str(COURSE)
    return {
        "topic": ["topic", "addition", "--db", d, "--content", c],
        "progress show": ["progress", "show", "--db", d, "--content", c],
        "progress export": ["progress", "export", "--db", d],
        "progress reset": ["progress", "reset", "--yes", "--db", d],
        "stats": ["stats", "--db", d, "--content", c],
    }


@pytest.mark.parametrize("case", CASES)
def test_file_is_unchanged_by_every_command(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "other.db"
    CASES[case](db)
    before = _snapshot(db)
    for name, argv in _commands(db).items():
        code = main(argv)
        err = capsys.readouterr().err
        assert code == 1, (name, err)
        assert err.startswith("tutor: error: ") and err.count("\n") == 1, (name, err)
        assert "internal error" not in err
        assert "left untouched" in err or "not SQLite" in err, err
        assert _snapshot(db) == before, name
    from tutor.cli.app import open_service

    with pytest.raises(UserError):
        open_service(COURSE, str(db))
    assert _snapshot(db) == before


def test_foreign_object_names_are_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "x.db"
    _sqlite(db, 'CREATE TABLE "\x1b]0;pwned\x07" (id INTEGER);')
    assert main(["topic", "addition", "--db", str(db), "--content", str(COURSE)]) == 1
    err = capsys.readouterr().err
    assert "\\x1b]0;pwned" in err and CONTROL_RE.search(err) is None


def test_read_only_commands_change_no_byte_of_our_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "progress.db"
    _tutor_db(db)
    before = _snapshot(db)
    for name in ("topic", "progress show", "progress export", "stats"):
        assert main(_commands(db)[name]) == 0, capsys.readouterr().err
        # no WAL switch, no derived snapshot (a reader of a WAL file may leave its -shm)
        assert _snapshot(db)[0] == before[0], name


def test_read_only_store_reads_and_refuses_writes(tmp_path: Path) -> None:
    db = tmp_path / "progress.db"
    _tutor_db(db, events=5)
    before = _snapshot(db)
    with ProgressStore(db, readonly=True) as store:
        assert store.count() == 5
        store.save_derived("f", 1, "{}")  # a snapshot is an optimisation: skipped
        with pytest.raises(UserError, match="read-only"):
            store.append("setting", "2026-01-01T00:00:00")
    assert _snapshot(db)[0] == before[0]


def test_read_only_open_of_an_empty_file_reads_as_a_new_learner(tmp_path: Path) -> None:
    db = tmp_path / "empty.db"
    db.write_bytes(b"")
    with ProgressStore(db, readonly=True) as store:
        assert store.count() == 0
    assert db.read_bytes() == b""


def test_an_empty_sqlite_file_is_still_adopted_for_writing(tmp_path: Path) -> None:
    db = tmp_path / "new.db"
    sqlite3.connect(db).close()  # a zero-byte file, as `sqlite3 new.db` leaves it
    with ProgressStore(db) as store:
        store.append("setting", "2026-01-01T00:00:00")
        assert store.count() == 1


def test_a_fifo_is_refused_without_reading_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import os

    fifo = tmp_path / "progress.db"
    os.mkfifo(fifo)  # opening it to read its header would block forever
    for name, argv in _commands(fifo).items():
        assert main(argv) == 1, name
        assert "not a regular file" in capsys.readouterr().err
