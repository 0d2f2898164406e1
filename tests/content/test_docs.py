"""AUTHORING.md's field reference is generated from the models and must not be stale."""

from __future__ import annotations

from pathlib import Path

from tutor.authoring.docs import current_reference, render_reference
from tutor.content.schema import ShortAnswer, Topic

AUTHORING = Path(__file__).resolve().parents[2] / "AUTHORING.md"


def test_reference_section_is_current() -> None:
    assert current_reference(AUTHORING) == render_reference(), (
        "AUTHORING.md is stale: run `make docs`"
    )


def test_reference_names_every_field() -> None:
    text = render_reference()
    for model in (Topic, ShortAnswer):
        for name in model.model_fields:
            assert f"| `{name}` |" in text
