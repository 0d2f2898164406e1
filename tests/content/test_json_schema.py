"""The checked-in JSON Schema matches the models, and editor and app agree on content."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from tutor.cli import main
from tutor.content.json_schema import render_schema, topic_schema
from tutor.content.loader import collect_files

ROOT = Path(__file__).resolve().parents[2]
CONTENT = ROOT / "content"
SCHEMA_FILE = CONTENT / "topic.schema.json"
MODELINE = "# yaml-language-server: $schema="


def bundled_files() -> list[Path]:
    return collect_files([CONTENT])


def test_checked_in_schema_is_in_sync_with_models() -> None:
    assert SCHEMA_FILE.read_text(encoding="utf-8") == render_schema(), (
        "content/topic.schema.json is stale: run `tutor schema > content/topic.schema.json`"
    )


def test_schema_command_prints_dialect(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert printed == topic_schema()
    jsonschema.Draft202012Validator.check_schema(printed)


def test_every_bundled_file_has_a_modeline_that_resolves() -> None:
    for path in bundled_files():
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith(MODELINE), f"{path}: first line must be the schema modeline"
        target = (path.parent / first.removeprefix(MODELINE).strip()).resolve()
        assert target == SCHEMA_FILE.resolve(), f"{path}: modeline points at {target}"


def test_every_bundled_file_validates_against_the_json_schema() -> None:
    validator = jsonschema.Draft202012Validator(json.loads(SCHEMA_FILE.read_text(encoding="utf-8")))
    for path in bundled_files():
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        problems = [
            f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
            for e in validator.iter_errors(data)
        ]
        assert not problems, f"{path}: {problems}"


def test_json_schema_rejects_what_the_loader_rejects() -> None:
    """Editor and app agree on the classic mistakes too, not only on good files."""
    validator = jsonschema.Draft202012Validator(topic_schema())
    base = {"id": "t", "title": "T", "level": "graduate", "core_idea": "x"}
    assert validator.is_valid(base)
    assert not validator.is_valid({**base, "explaination": "typo"})
    assert not validator.is_valid({**base, "level": "graduat"})
    sa = {"id": "q", "type": "short_answer", "prompt": "p", "explanation": "e", "model_answer": "m"}
    assert validator.is_valid({**base, "items": [sa]})
    assert not validator.is_valid({**base, "items": [{**sa, "accepted_answers": [False]}]})
    assert not validator.is_valid({**base, "items": [{**sa, "type": "essay"}]})
