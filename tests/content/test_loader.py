"""The loader on good content and on a folder of bad files, each with exact messages."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tutor.cli import main
from tutor.content.errors import ContentErrors
from tutor.content.loader import check_course, load_course
from tutor.content.schema import MultipleChoice, ShortAnswer, TrueFalse
from tutor.content.yaml_source import MAX_FILE_BYTES

HERE = Path(__file__).parent
BAD_CASES = sorted(p for p in (HERE / "bad").iterdir() if p.is_dir())


def test_good_course_loads_with_locations() -> None:
    course = load_course([HERE / "good"])
    assert list(course.topics) == ["advanced", "basics"]  # file order
    assert course.item_count == 3
    mc = course.item("basics-q1")
    assert isinstance(mc, MultipleChoice) and mc.correct_index == 1
    assert isinstance(course.item("basics-q2"), TrueFalse)
    sa = course.item("advanced-q1")
    assert isinstance(sa, ShortAnswer) and sa.interview and sa.accepted_answers == ["1", "one"]
    assert course.topic_of("basics-q2").id == "basics"
    assert (
        course.topics["advanced"].bkt is not None and course.topics["advanced"].bkt.p_learn == 0.3
    )
    loc = course.item_locations["basics-q2"]
    assert (Path(loc.path).name, loc.line, loc.column) == ("basics.yaml", 21, 5)
    choice = course.locate("basics", ("items", 0, "choices", 2, "feedback"))
    assert (choice.line, choice.column) == (19, 19)


@pytest.mark.parametrize("case", BAD_CASES, ids=[p.name for p in BAD_CASES])
def test_bad_case_reports_exact_messages(
    case: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(case)
    code = main(["validate", "."])
    out = capsys.readouterr()
    expected = (case / "expected.txt").read_text(encoding="utf-8").splitlines()
    assert out.out.splitlines() + [f"exit {code}"] == expected
    assert "Traceback" not in out.err


def test_every_error_of_every_file_in_one_run(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(HERE / "bad")
    _, errors = check_course([Path(p.name) for p in BAD_CASES])
    files_with_errors = {Path(e.path).parts[0] for e in errors}
    assert files_with_errors == {p.name for p in BAD_CASES}
    assert errors == sorted(errors)


def test_alias_bomb_is_rejected_before_construction() -> None:
    start = time.perf_counter()
    _, errors = check_course([HERE / "bad" / "alias_bomb"])
    elapsed = time.perf_counter() - start
    assert [e.message.split(";")[0] for e in errors] == [
        "YAML aliases expand to more than 200,000 values (an alias bomb?)"
    ]
    # Constructing 10⁹ strings would take minutes; finishing at all proves we did not.
    assert elapsed < 30


def test_oversized_file_is_rejected(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_text(
        "id: big\nexplainer: |\n" + ("  " + "x" * 99 + "\n") * (MAX_FILE_BYTES // 100 + 10)
    )
    _, errors = check_course([big])
    assert len(errors) == 1 and "over the 1,000,000-byte limit" in errors[0].message


def test_deep_nesting_is_rejected(tmp_path: Path) -> None:
    deep = tmp_path / "deep.yaml"
    deep.write_text("id: deep\ntags: " + "[" * 500 + "]" * 500 + "\n")
    _, errors = check_course([deep])
    assert [e.message for e in errors] == ["values are nested more than 60 levels deep"]


def test_missing_path_is_one_line_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code = main(["validate", str(tmp_path / "nope")])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 1 and len(err) == 1 and err[0].startswith("tutor: error: no such file or folder")


def test_load_course_raises_with_all_errors() -> None:
    with pytest.raises(ContentErrors) as info:
        load_course([HERE / "bad" / "mc_correct_count"])
    assert len(info.value.errors) == 2
    assert str(info.value).endswith("2 content errors")


def test_second_document_is_an_error(tmp_path: Path) -> None:
    f = tmp_path / "two.yaml"
    f.write_text("id: a\n---\nid: b\n")
    _, errors = check_course([f])
    assert [(e.line, e.message) for e in errors] == [
        (2, "YAML syntax error: a topic file holds one YAML document; found a second ('---')")
    ]
