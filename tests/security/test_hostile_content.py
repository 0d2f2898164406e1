"""Hostile topic files: control characters, tagged scalars, odd line breaks, skipped paths.

Each case goes through ``tutor validate`` (the whole CLI, as an author runs it) and
asserts the exact line:col, a one-line message, exit 1, and that nothing printed
holds a raw control character.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tutor.cli import main
from tutor.content.loader import check_course
from tutor.text import CONTROL_RE

GOOD = """\
id: good
title: Good
level: elementary
core_idea: Fine.
"""

TOPIC = """\
id: t
title: {title}
level: elementary
core_idea: {core}
items:
  - id: t-q1
    type: true_false
    prompt: {prompt}
    answer: true
    explanation: {explanation}
"""


def _write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _validate(capsys: pytest.CaptureFixture[str], *paths: Path) -> tuple[int, str, str]:
    code = main(["validate", *map(str, paths)])
    out = capsys.readouterr()
    return code, out.out, out.err


def _no_raw_controls(*texts: str) -> None:
    for text in texts:
        assert CONTROL_RE.search(text) is None, repr(text)


def _topic(**fields: str) -> str:
    values = {"title": "T", "core": "Core.", "prompt": "P?", "explanation": "E."} | fields
    return TOPIC.format(**values)


ESCAPES = {
    "osc-title": r'"\e]0;pwned\a"',
    "osc52-clipboard": r'"\e]52;c;ZXZpbA==\a"',
    "clear-screen": r'"x\e[2J"',
    "c1-csi": r'"\x9b31m red"',
    "nul": r'"a\0b"',
    "del": r'"a\x7fb"',
    "nel": r'"a\Nb"',
    "cr": r'"a\rb"',
}
FIELDS = {"title": (2, 8), "core": (4, 12), "prompt": (8, 13), "explanation": (10, 18)}


@pytest.mark.parametrize("field", FIELDS)
@pytest.mark.parametrize("name", ESCAPES)
def test_escaped_control_character_rejected_at_its_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], field: str, name: str
) -> None:
    path = _write(tmp_path, "t.yaml", _topic(**{field: ESCAPES[name]}))
    code, out, err = _validate(capsys, path)
    line, col = FIELDS[field]
    assert code == 1
    assert f"t.yaml:{line}:{col}: " in out
    assert "control character U+00" in out
    _no_raw_controls(out, err)


def test_raw_control_characters_reported_at_real_line_and_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = _topic(core="ok \x1b]0;x\x07 there", prompt="a\x9bb")
    path = _write(tmp_path, "t.yaml", text)
    code, out, err = _validate(capsys, path)
    assert code == 1
    assert "t.yaml:4:15: control character U+001B (ESC)" in out
    assert "t.yaml:4:20: control character U+0007 (BEL)" in out
    assert "t.yaml:8:14: control character U+009B (CSI)" in out
    assert "position" not in out and ":1:1:" not in out
    _no_raw_controls(out, err)


def test_unicode_line_separators_do_not_shift_line_numbers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # PyYAML counts U+2028 and U+2029 as line breaks; editors and we count \n only.
    text = _topic(title='"one\u2028two\u2029three\u2028"', explanation="[unclosed")
    path = _write(tmp_path, "t.yaml", text)
    code, out, _ = _validate(capsys, path)
    assert code == 1
    assert "t.yaml:11:1: YAML syntax error" in out and "starts at line 10)" in out, out
    text = _topic(title='"one\u2028two\u2028"', explanation="!!int abc")
    path.write_text(text, encoding="utf-8")
    code, out, _ = _validate(capsys, path)
    assert "t.yaml:10:18: YAML error: cannot read 'abc' as !!int" in out, out


def test_lone_carriage_return_is_a_control_character_crlf_is_fine(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    crlf = _write(tmp_path / "a", "t.yaml", _topic().replace("\n", "\r\n"))
    assert _validate(capsys, crlf)[0] == 0
    lone = _write(tmp_path / "b", "t.yaml", _topic(core="a\rb"))
    code, out, _ = _validate(capsys, lone)
    assert code == 1 and "t.yaml:4:13: control character U+000D (CR)" in out


TAGGED = {
    "!!int abc": "cannot read 'abc' as !!int",
    "!!int ''": "cannot read '' as !!int",
    "!!float abc": "cannot read 'abc' as !!float",
    "!!bool maybe": "cannot read 'maybe' as !!bool",
    "!!timestamp 2024-13-45": "cannot read '2024-13-45' as !!timestamp",
    "!!set abc": "as !!set",
    "!!binary abc": "as !!binary: failed to decode base64",
    "!python/name:os.system x": "could not determine a constructor",
    "!!omap {a: 1}": "as !!omap: expected a sequence",
    "123" + "4" * 5000: "as !!int",
}


@pytest.mark.parametrize("value", TAGGED, ids=[v[:24] for v in TAGGED])
def test_tagged_scalar_reported_at_node_with_other_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], value: str
) -> None:
    text = _topic(core=value) + "  - id: t-q2\n    type: nonsense\n"
    path = _write(tmp_path / "c", "t.yaml", text)
    _write(tmp_path / "c", "other.yaml", GOOD.replace("level: elementary", "level: bogus"))
    code, out, err = _validate(capsys, tmp_path / "c")
    assert code == 1, out + err
    assert "t.yaml:4:12: YAML error: cannot read " in out and TAGGED[value] in out, out
    assert "unknown item type 'nonsense'" in out  # the rest of the file is still checked
    assert "other.yaml:3:8: level: 'bogus' is not allowed" in out  # and the other files
    assert "internal error" not in err and "Traceback" not in err
    assert out.count("t.yaml:4:12:") == 1, out  # no second error echoing the same value
    assert path.exists()


def test_tagged_scalar_in_a_topic_id_keeps_cross_checks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _write(tmp_path, "a.yaml", GOOD.replace("id: good", "id: !!int abc"))
    _write(tmp_path, "b.yaml", GOOD.replace("id: good", "id: b") + "prerequisites: [abc]\n")
    code, out, err = _validate(capsys, tmp_path)
    assert code == 1
    assert "a.yaml:1:5: YAML error: cannot read 'abc' as !!int" in out
    assert "internal error" not in err


def test_echoed_values_are_escaped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Control characters reach messages through values the loader quotes back:
    # a bad level, an unknown prerequisite, a duplicate key, a file name.
    text = GOOD.replace("level: elementary", 'level: "x\\e]0;t\\a"')
    text += 'prerequisites: ["\\e[2J"]\n"\\e[31m": 1\n"\\e[31m": 2\n'
    _write(tmp_path, "a\x1b]0;t\x07.yaml", text)
    code, out, err = _validate(capsys, tmp_path)
    assert code == 1
    assert "\\x1b" in out
    _no_raw_controls(out, err)


def test_preview_keeps_reloading_after_a_constructor_error(tmp_path: Path) -> None:
    from tutor.ui.preview import load

    path = _write(tmp_path, "t.yaml", _topic(core="!!int abc"))
    course, errors = load([tmp_path])
    assert course is None and any("!!int" in str(e) for e in errors)
    path.write_text(_topic(), encoding="utf-8")
    course, errors = load([tmp_path])
    assert course is not None and not errors


# -- paths that validate used to skip in silence ------------------------------------


def test_upper_case_suffix_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _write(tmp_path, "good.yaml", GOOD)
    _write(tmp_path, "shout.YAML", GOOD.replace("good", "shout"))
    code, out, _ = _validate(capsys, tmp_path)
    assert code == 1 and "shout.YAML:1:1: not loaded" in out


def test_dangling_and_looping_symlinks_are_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _write(tmp_path, "good.yaml", GOOD)
    os.symlink(tmp_path / "missing.yaml", tmp_path / "dangling.yaml")
    os.symlink(tmp_path / "loop-b.yaml", tmp_path / "loop-a.yaml")
    os.symlink(tmp_path / "loop-a.yaml", tmp_path / "loop-b.yaml")
    code, out, _ = _validate(capsys, tmp_path)
    assert code == 1
    for name in ("dangling.yaml", "loop-a.yaml", "loop-b.yaml"):
        assert f"{name}:1:1: symlink to nothing" in out, out


def test_fifo_is_named_not_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _write(tmp_path, "good.yaml", GOOD)
    os.mkfifo(tmp_path / "pipe.yaml")  # reading it would block forever
    code, out, _ = _validate(capsys, tmp_path)
    assert code == 1 and "pipe.yaml:1:1: not a regular file" in out


def test_unreadable_folder_is_an_error_not_a_silent_skip(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write(tmp_path, "good.yaml", GOOD)
    hidden = tmp_path / "locked"
    _write(hidden, "dup.yaml", GOOD)  # would be a duplicate id, if it were read
    real_scandir = os.scandir

    def scandir(path: object = ".") -> object:
        if Path(str(path)) == hidden:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", scandir)
    course, errors = check_course([tmp_path])
    assert course is None
    assert any(
        e.path.endswith("locked") and "cannot read folder: Permission denied" in e.message
        for e in errors
    ), errors


def test_a_predict_item_naming_a_list_as_its_experiment_is_an_error_not_a_crash(
    tmp_path: Path,
) -> None:
    _write(
        tmp_path,
        "t.yaml",
        "id: t\ntitle: T\nlevel: graduate\ncore_idea: C.\nitems:\n"
        "  - id: t-p1\n    type: predict\n    prompt: How small?\n    explanation: Tiny.\n"
        "    experiment: [a, b]\n    quantity: product\n",
    )
    course, errors = check_course([tmp_path])
    assert course is None
    assert any("experiment" in str(e) and ":10:" in str(e) for e in errors), errors
