"""Content errors: every problem of every file, each pointing at a line."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from tutor.errors import UserError
from tutor.text import needs_escape, printable


@dataclass(frozen=True, order=True)
class ContentError:
    """One problem, printed as ``path:line:col: field.path: message``."""

    path: str
    line: int
    column: int
    field: str
    message: str

    def __post_init__(self) -> None:
        # Paths, field names and messages quote file names and values: never let a
        # control character in them reach a terminal or a widget.
        if needs_escape(self.path, self.field, self.message):
            for name in ("path", "field", "message"):
                object.__setattr__(self, name, printable(getattr(self, name), one_line=True))

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}:{self.column}"
        return (
            f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        )


class ContentErrors(UserError):
    """Raised by :func:`tutor.content.loader.load_course`; ``str()`` lists them all."""

    def __init__(self, errors: Sequence[ContentError]) -> None:
        self.errors = sorted(errors)
        n = len(self.errors)
        summary = f"{n} content error{'s' if n != 1 else ''}"
        super().__init__("\n".join([*map(str, self.errors), summary]))


def format_path(parts: Sequence[str | int]) -> str:
    """``("items", 2, "choices", 0, "text")`` -> ``items[2].choices[0].text``."""
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out
