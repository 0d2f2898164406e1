"""``--db`` and ``--content`` work before the command as well as after it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tutor.cli import main

CONTENT = Path(__file__).resolve().parents[1] / "content"


def test_db_before_the_command_is_the_db_after_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "mine.db"
    assert main(["--db", str(db), "progress", "show"]) == 0
    before = capsys.readouterr().out
    assert main(["progress", "show", "--db", str(db)]) == 0
    after = capsys.readouterr().out
    assert before == after
    assert str(db) in before


def test_equals_form_and_content_before_the_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main([f"--db={tmp_path / 'p.db'}", "--content", str(CONTENT), "topic", "counting-to-10"])
    assert code == 0
    assert capsys.readouterr().out.startswith("Counting to 10\n")


def test_an_option_the_command_does_not_take_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["--db", str(tmp_path / "p.db"), "validate"])
    assert exc.value.code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1] == "tutor validate: error: --db does not apply to 'validate'"
    assert not (tmp_path / "p.db").exists()
