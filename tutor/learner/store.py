"""The progress store: an append-only event log in SQLite, plus saved derived state.

Why an event log: every answer, claim and setting is a fact with a time; the
learner model (mastery, reviews, known topics) is a function of those facts
and the course. Keeping facts, not conclusions, means a better model or an
edited course can recompute everything, and nothing the learner did is lost.

Durability: WAL mode with ``synchronous=FULL`` fsyncs the log at every commit,
so an answer survives a killed process and a power cut once ``append`` has
returned. (``NORMAL`` would survive a killed process but not a power cut.)
Each write is one short ``BEGIN IMMEDIATE`` transaction, and a busy timeout
lets two app instances share a file without "database is locked" errors.

Safety: a file that is not ours (not SQLite, another program's tables, a newer
schema, corrupt) raises :class:`~tutor.errors.UserError` before anything is
written to it. We never repair, overwrite or delete such a file.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tutor.errors import UserError
from tutor.text import printable

SQLITE_HEADER = b"SQLite format 3\x00"
MEMORY = ":memory:"

EVENT_KINDS = (
    "answer",
    "rating",
    "known",
    "unknown",
    "goal",
    "lesson",
    "placement",
    "placement_start",
    "setting",
    "note",
)

Row = tuple[int, str, str, str | None, str | None, str | None, int | None, str | None]
"""(seq, ts, kind, topic_id, item_id, payload JSON, rating, source): an event as the
learner model replays it. An answer's rating and source are columns that SQLite
derives from the payload when the row is written (stored generated columns), and
an answer's topic is not read (the course says which topic an item belongs to);
its payload is only searched for two flat fields (``guessed``, ``latency_ms``), so
replaying 100,000 answers parses no JSON in Python. The payload stays the one record of the facts."""


def _migrate_1(conn: sqlite3.Connection) -> None:
    conn.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    conn.execute(
        """CREATE TABLE events (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            ts TEXT NOT NULL,
            kind TEXT NOT NULL,
            topic_id TEXT,
            item_id TEXT,
            payload TEXT NOT NULL DEFAULT '{}',
            rating INTEGER GENERATED ALWAYS AS (
                CASE WHEN kind = 'answer' AND json_valid(payload) THEN json_extract(payload, '$.rating') END
            ) STORED,
            source TEXT GENERATED ALWAYS AS (
                CASE WHEN kind = 'answer' AND json_valid(payload) THEN json_extract(payload, '$.source') END
            ) STORED
        )"""
    )
    conn.execute("CREATE INDEX events_kind ON events (kind, seq)")
    conn.execute(
        "CREATE TABLE derived (fingerprint TEXT PRIMARY KEY, seq INTEGER NOT NULL, data TEXT NOT NULL)"
    )
    conn.execute("INSERT INTO meta (key, value) VALUES ('learner', ?)", (str(uuid.uuid4()),))


MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [_migrate_1]
"""``MIGRATIONS[v]`` takes a database from schema version ``v`` to ``v + 1``."""
SCHEMA_VERSION = len(MIGRATIONS)
REQUIRED_COLUMNS = {
    "meta": {"key", "value"},
    "events": {"seq", "ts", "kind", "topic_id", "item_id", "payload", "rating", "source"},
    "derived": {"fingerprint", "seq", "data"},
}


@dataclass(frozen=True)
class Event:
    seq: int
    ts: str
    kind: str
    topic_id: str | None
    item_id: str | None
    payload: dict[str, Any]


def _one_line(text: str, limit: int = 160) -> str:
    """SQLite's diagnostics span lines; an error message is one line."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _describe(exc: sqlite3.Error, path: str, timeout: float) -> str:
    text = _one_line(str(exc))
    low = text.lower()
    if "locked" in low or "busy" in low:
        return f"progress database {path} is locked by another program (waited {timeout:g} s); close it and retry"
    if "not a database" in low or "encrypted" in low:
        return f"{path} is not a tutor progress database (not SQLite); pass another --db or move it away"
    if "malformed" in low or "corrupt" in low:
        return f"progress database {path} is corrupt ({text}); it was left untouched: restore a copy or pass another --db"
    if "readonly" in low or "read-only" in low:
        return f"progress database {path} is read-only; check its permissions or pass another --db"
    if "unable to open" in low:
        return (
            f"cannot open progress database {path} ({text}); check the folder and its permissions"
        )
    if "disk i/o" in low or "full" in low:
        return f"cannot write progress database {path}: {text}"
    return f"progress database {path}: {text}"


class ProgressStore:
    """One learner's event log in one SQLite file (or in memory).

    ``readonly`` opens the file with ``mode=ro``: commands that only look at progress
    work on a write-protected file and never change one (no WAL switch, no snapshot).
    """

    def __init__(
        self,
        path: str | os.PathLike[str] = MEMORY,
        *,
        durable: bool = True,
        timeout: float = 5.0,
        readonly: bool = False,
    ) -> None:
        self.path = str(path)
        self.timeout = timeout
        self.durable = durable
        self.readonly = readonly and self.path != MEMORY
        self._lock = threading.RLock()
        try:
            self._conn = self._connect()
        except sqlite3.Error as exc:
            raise UserError(_describe(exc, self.path, timeout)) from None
        try:
            self.learner_id = self._prepare()
        except sqlite3.Error as exc:
            self._conn.close()
            raise UserError(_describe(exc, self.path, timeout)) from None
        except UserError:
            self._conn.close()
            raise

    # -- opening -------------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        """A connection, opened only after a read-only look proved the file is ours.

        Nothing that writes (not even ``PRAGMA journal_mode``, which rewrites the
        header) runs on a file holding anything that is not ours, a newer schema,
        or corruption: such a file stays byte for byte as it was.
        """
        if self.path == MEMORY:
            return self._open(self.path)
        p = Path(self.path)
        if p.is_dir():
            raise UserError(f"progress database {self.path} is a folder, not a file")
        if p.exists() and not p.is_file():  # a FIFO or a device: reading it could block forever
            raise UserError(f"progress database {self.path} is not a regular file")
        if not p.exists():
            if self.readonly:
                return self._in_memory(None)
            try:
                p.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise UserError(
                    f"cannot create folder {p.parent} for the progress database: {exc.strerror or exc}"
                ) from None
            return self._open(self.path)
        try:
            with open(p, "rb") as fh:
                head = fh.read(len(SQLITE_HEADER))
        except OSError as exc:
            raise UserError(
                f"cannot read progress database {self.path}: {exc.strerror or exc}"
            ) from None
        if head and head != SQLITE_HEADER:
            raise UserError(
                f"{self.path} is not a tutor progress database (not SQLite); pass another --db or move it away"
            )
        if not head:  # an empty file: SQLite's own start for a new database
            return self._in_memory(None) if self.readonly else self._open(self.path)
        uri = Path(p).absolute().as_uri()
        # Without a write-ahead log beside it, the file holds everything: read it as
        # immutable, so not even the -shm and -wal files of a WAL database appear.
        look = self._open(
            uri + ("?mode=ro" if Path(self.path + "-wal").exists() else "?immutable=1"), uri=True
        )
        try:
            version = self._inspect(look)
        finally:
            look.close()
        if not self.readonly:
            return self._open(self.path)
        ro = self._open(uri + "?mode=ro", uri=True)
        if version < SCHEMA_VERSION:  # an older or empty log: upgrade a copy in memory
            return self._in_memory(ro)
        return ro

    def _open(self, target: str, *, uri: bool = False) -> sqlite3.Connection:
        conn = sqlite3.connect(
            target, timeout=self.timeout, isolation_level=None, check_same_thread=False, uri=uri
        )
        conn.execute(f"PRAGMA busy_timeout = {int(self.timeout * 1000)}")
        return conn

    def _in_memory(self, source: sqlite3.Connection | None) -> sqlite3.Connection:
        conn = self._open(MEMORY)
        if source is not None:
            source.backup(conn)
            source.close()
        return conn

    def _inspect(self, conn: sqlite3.Connection) -> int:
        """The schema version of a file we may adopt; UserError for any file we must not touch."""
        # Version and objects in one read transaction: a second process creating
        # the schema right now commits both at once.
        conn.execute("BEGIN")
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        objects = set(conn.execute("SELECT type, name FROM sqlite_master").fetchall())
        conn.execute("COMMIT")
        if version > SCHEMA_VERSION:
            raise UserError(
                f"progress database {self.path} was written by a newer tutor (schema version {version}; "
                f"this one knows up to {SCHEMA_VERSION}); it was left untouched: upgrade tutor or pass another --db"
            )
        foreign = sorted(f"{kind} {name}" for kind, name in objects - _our_objects())
        if foreign or (version == 0 and objects):
            what = (
                f" (it holds {printable(', '.join(foreign[:3]), one_line=True)})" if foreign else ""
            )
            raise UserError(
                f"{self.path} is an SQLite database of another program, not tutor progress{what}; "
                "it was left untouched: pass another --db"
            )
        if version > 0:
            check = conn.execute("PRAGMA quick_check").fetchall()
            if check != [("ok",)]:
                raise UserError(
                    f"progress database {self.path} is corrupt ({_one_line(str(check[0][0]))}); it was left untouched: "
                    "restore a copy or pass another --db"
                )
            self._check_schema(conn, version)
        return int(version)

    def _prepare(self) -> str:
        conn = self._conn
        if not self.readonly:
            if self.path != MEMORY:
                mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
                if mode.lower() != "wal":
                    raise UserError(
                        f"progress database {self.path}: cannot switch to WAL mode (got {mode})"
                    )
            conn.execute(f"PRAGMA synchronous = {'FULL' if self.durable else 'OFF'}")
        if conn.execute("PRAGMA user_version").fetchone()[0] < SCHEMA_VERSION:
            self._migrate()  # on a read-only file, only ever a copy in memory
        self._check_schema(conn, SCHEMA_VERSION)
        row = conn.execute("SELECT value FROM meta WHERE key = 'learner'").fetchone()
        if row is None:
            raise UserError(
                f"progress database {self.path} has no learner id; it is not a tutor database"
            )
        return str(row[0])

    def _migrate(self) -> None:
        conn = self._conn
        while True:
            conn.execute("BEGIN IMMEDIATE")
            try:
                version = conn.execute("PRAGMA user_version").fetchone()[0]
                if version >= SCHEMA_VERSION:
                    conn.execute("COMMIT")
                    return
                MIGRATIONS[version](conn)
                conn.execute(f"PRAGMA user_version = {version + 1}")
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise

    def _check_schema(self, conn: sqlite3.Connection, version: int) -> None:
        for table, needed in REQUIRED_COLUMNS.items():
            have = {r[1] for r in conn.execute(f"PRAGMA table_xinfo({table})")}
            if version >= SCHEMA_VERSION and not needed <= have:
                raise UserError(
                    f"progress database {self.path} has an unexpected schema (table {table}); "
                    "it was left untouched: pass another --db"
                )

    # -- writing ---------------------------------------------------------------

    def _guard(self, fn: Callable[[], Any], *, write: bool = False) -> Any:
        if write and self.readonly:
            raise UserError(f"progress database {self.path} was opened read-only")
        with self._lock:
            try:
                return fn()
            except sqlite3.Error as exc:
                if self._conn.in_transaction:
                    try:
                        self._conn.execute("ROLLBACK")
                    except sqlite3.Error:
                        pass
                raise UserError(_describe(exc, self.path, self.timeout)) from None

    def append(
        self,
        kind: str,
        ts: str,
        *,
        topic_id: str | None = None,
        item_id: str | None = None,
        payload: dict[str, Any] | None = None,
        after: int = 0,
    ) -> tuple[list[Row], Row]:
        """Commit one event; return the events after ``after`` that were not ours, and ours.

        The commit has happened (and, when durable, reached the disk) before this
        returns. Reading the other writers' events in the same transaction lets
        the caller apply everything in log order.
        """
        if kind not in EVENT_KINDS:
            raise ValueError(f"unknown event kind {kind!r}")
        text = json.dumps(payload or {}, separators=(",", ":"), ensure_ascii=False)

        def run() -> tuple[list[Row], Row]:
            conn = self._conn
            conn.execute("BEGIN IMMEDIATE")
            try:
                missed = self._rows(after)
                cur = conn.execute(
                    "INSERT INTO events (ts, kind, topic_id, item_id, payload) VALUES (?, ?, ?, ?, ?)",
                    (ts, kind, topic_id, item_id, text),
                )
                seq = int(cur.lastrowid or 0)
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
            p = payload or {}
            rating = p.get("rating") if kind == "answer" else None
            source = p.get("source") if kind == "answer" else None
            if kind == "answer":
                return missed, (seq, ts, kind, None, item_id, text, rating, source)
            return missed, (seq, ts, kind, topic_id, item_id, text, rating, source)

        return self._guard(run, write=True)

    # -- reading ---------------------------------------------------------------

    _ROW_SQL = (
        "SELECT seq, ts, kind, CASE WHEN kind = 'answer' THEN NULL ELSE topic_id END, item_id, "
        "payload, "
        "rating, source FROM events WHERE seq > ? ORDER BY seq"
    )

    def _rows(self, after: int) -> list[Row]:
        return self._conn.execute(self._ROW_SQL, (after,)).fetchall()

    def rows(self, after: int = 0) -> list[Row]:
        """Events after ``after`` in log order, as :data:`Row` tuples."""
        return self._guard(lambda: self._rows(after))

    def events(self, after: int = 0) -> list[Event]:
        """Whole events (payloads parsed), oldest first."""
        rows = self._guard(
            lambda: self._conn.execute(
                "SELECT seq, ts, kind, topic_id, item_id, payload FROM events WHERE seq > ? ORDER BY seq",
                (after,),
            ).fetchall()
        )
        return [Event(r[0], r[1], r[2], r[3], r[4], _payload(r[5])) for r in rows]

    def last_seq(self) -> int:
        return self._guard(
            lambda: self._conn.execute("SELECT COALESCE(MAX(seq), 0) FROM events").fetchone()[0]
        )

    def count(self) -> int:
        return self._guard(lambda: self._conn.execute("SELECT COUNT(*) FROM events").fetchone()[0])

    def data_version(self) -> int:
        """Changes whenever another connection commits: a cheap "anything new?" check."""
        return self._guard(lambda: self._conn.execute("PRAGMA data_version").fetchone()[0])

    # -- derived state -----------------------------------------------------------

    def load_derived(self, fingerprint: str) -> tuple[int, str] | None:
        return self._guard(
            lambda: self._conn.execute(
                "SELECT seq, data FROM derived WHERE fingerprint = ?", (fingerprint,)
            ).fetchone()
        )

    def save_derived(self, fingerprint: str, seq: int, data: str) -> None:
        """Keep the newest snapshot per fingerprint; a lagging writer never replaces a newer one.

        Read-only, the snapshot is skipped: it only saves the next start a replay."""
        if self.readonly:
            return

        def run() -> None:
            conn = self._conn
            conn.execute("BEGIN IMMEDIATE")
            try:
                conn.execute(
                    "INSERT INTO derived (fingerprint, seq, data) VALUES (?, ?, ?) "
                    "ON CONFLICT (fingerprint) DO UPDATE SET seq = excluded.seq, data = excluded.data "
                    "WHERE excluded.seq > derived.seq",
                    (fingerprint, seq, data),
                )
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise

        self._guard(run)

    # -- maintenance -----------------------------------------------------------

    def clear(self) -> None:
        """Delete every event and snapshot and start a new learner id (``tutor progress reset``)."""

        def run() -> None:
            conn = self._conn
            conn.execute("BEGIN IMMEDIATE")
            try:
                conn.execute("DELETE FROM events")
                conn.execute("DELETE FROM derived")
                conn.execute(
                    "UPDATE meta SET value = ? WHERE key = 'learner'", (str(uuid.uuid4()),)
                )
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
            self.learner_id = conn.execute(
                "SELECT value FROM meta WHERE key = 'learner'"
            ).fetchone()[0]

        self._guard(run, write=True)

    def close(self) -> None:
        with self._lock:
            try:
                self._conn.close()
            except sqlite3.Error:
                pass

    def __enter__(self) -> ProgressStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


_OURS: set[tuple[str, str]] = set()


def _our_objects() -> set[tuple[str, str]]:
    """Every (type, name) in sqlite_master that our migrations create, found by running
    them on an empty in-memory database: nothing to keep in step by hand."""
    if not _OURS:
        conn = sqlite3.connect(MEMORY, isolation_level=None)
        try:
            for migrate in MIGRATIONS:
                migrate(conn)
            _OURS.update(conn.execute("SELECT type, name FROM sqlite_master").fetchall())
        finally:
            conn.close()
    return _OURS


def _payload(text: str) -> dict[str, Any]:
    try:
        value = json.loads(text)
    except (TypeError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}


def export_record(learner: str, event: Event) -> dict[str, Any]:
    """One event as ``tutor progress export`` writes it: the columns, then the payload's fields."""
    record: dict[str, Any] = {
        "learner": learner,
        "seq": event.seq,
        "ts": event.ts,
        "kind": event.kind,
        "topic_id": event.topic_id,
        "item_id": event.item_id,
    }
    for key, value in event.payload.items():
        record.setdefault(key, value)
    return record


def iter_export(store: ProgressStore) -> Iterable[dict[str, Any]]:
    for event in store.events():
        yield export_record(store.learner_id, event)


__all__: Sequence[str] = (
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "Event",
    "ProgressStore",
    "Row",
    "export_record",
    "iter_export",
)
