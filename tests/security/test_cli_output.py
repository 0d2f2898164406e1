"""Nothing a database, a file name or a command line holds reaches a terminal raw.

Text from a progress database is untrusted (another program, or an edit by hand,
can put anything in it); so are file names and the words a user pastes. Every CLI
path that prints such text is driven here with ESC sequences, C1 controls, DEL
and bidirectional overrides, and its output is checked for raw control characters.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from tutor.cli import main
from tutor.learner.store import ProgressStore
from tutor.text import CONTROL_RE, printable

COURSE = Path(__file__).parents[1] / "ui" / "course"
EVIL = "\x1b]0;pwned\x07\x1b]52;c;ZXZpbA==\x07\x9b2J\x7f\u202eevil"
UNSAFE = CONTROL_RE.pattern[:-1] + "\u202e]"


def _clean(*texts: str) -> None:
    import re

    for text in texts:
        assert re.search(UNSAFE, text) is None, repr(text)


@pytest.fixture
def evil_db(tmp_path: Path) -> Path:
    db = tmp_path / "progress.db"
    with ProgressStore(db) as store:
        store.append(
            "answer",
            "2026-01-01T00:00:00",
            topic_id="addition",
            item_id="[@click=app.quit]x[/]" + EVIL,
            payload={"correct": False, "rating": 1, "response": EVIL, "source": "learn"},
        )
        store.append("setting", "2026-01-01T00:00:01", payload={EVIL: EVIL})
    return db


def test_jsonl_export_escapes_every_control_and_round_trips(
    evil_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["progress", "export", "--db", str(evil_db)]) == 0
    out = capsys.readouterr().out
    _clean(out)
    records = [json.loads(line) for line in out.splitlines()]
    assert records[0]["response"] == EVIL  # the escaped JSON is the same data
    assert records[1][EVIL] == EVIL


def test_csv_export_escapes_on_a_terminal_and_keeps_data_in_a_file(
    evil_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch
) -> None:
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    tty = Tty()
    monkeypatch.setattr("sys.stdout", tty)
    assert main(["progress", "export", "--format", "csv", "--db", str(evil_db)]) == 0
    _clean(tty.getvalue())
    assert "\\x1b]0;pwned" in tty.getvalue()
    monkeypatch.undo()
    out = tmp_path / "export.csv"
    assert (
        main(["progress", "export", "--format", "csv", "--db", str(evil_db), "-o", str(out)]) == 0
    )
    assert EVIL in out.read_text(encoding="utf-8")  # a file keeps the exact data


def test_stats_table_shows_database_item_ids_as_text(
    evil_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["stats", "--db", str(evil_db), "--content", str(COURSE), "--min-answers", "1"])
    out = capsys.readouterr()
    assert code == 0, out.err
    _clean(out.out, out.err)
    assert "[@click=app" in out.out  # as markup it would show as a bare "x"


@pytest.mark.parametrize(
    "argv",
    [
        ["topic", EVIL, "--content", str(COURSE)],
        ["topic", "addition", "--content", str(COURSE), "--db", f"/nonexistent/{EVIL}/x.db"],
        ["validate", f"/nonexistent/{EVIL}"],
        ["show", EVIL],
        ["import", "gift", f"/nonexistent/{EVIL}.gift", "--topic", "t"],
        ["import", EVIL, "x.gift", "--topic", "t"],
        ["schema", EVIL],
        [EVIL],
    ],
    ids=[
        "unknown-topic",
        "db-path",
        "content-path",
        "show-request",
        "import-path",
        "argparse-choice",
        "argparse-unrecognized",
        "command",
    ],
)
def test_echoed_arguments_are_escaped(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    try:
        main(argv)
    except SystemExit:  # argparse's usage errors exit 2 after printing
        pass
    out = capsys.readouterr()
    _clean(out.out, out.err)
    assert "internal error" not in out.err


def test_printable_is_lossless_for_plain_text_and_escapes_the_rest() -> None:
    assert printable("E[X] — σ, 𝔼, tab\tand\nnewline") == "E[X] — σ, 𝔼, tab\tand\nnewline"
    assert printable("a\x1bb\x9bc\u202ed") == "a\\x1bb\\x9bc\\u202ed"
    assert printable("a\nb\tc", one_line=True) == "a\\nb\\tc"
