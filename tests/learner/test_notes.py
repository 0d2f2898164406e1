import pytest

from tutor.errors import UserError
from tutor.learner.notes import MAX_NOTE, clean_note


def test_notes_drop_control_characters_but_keep_lines() -> None:
    assert clean_note("  one\x07\nline two\x1b  ") == "one\nline two"


@pytest.mark.parametrize("text", ["", "  \n ", "\x00", "x" * (MAX_NOTE + 1)])
def test_empty_or_oversized_notes_are_refused(text: str) -> None:
    with pytest.raises(UserError):
        clean_note(text)
