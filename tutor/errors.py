"""Errors a user can cause, reported as one line and a non-zero exit.

Every layer raises :class:`UserError` for problems the person at the keyboard can
fix (a missing file, a bad flag value, a corrupt database). The CLI turns it into
``tutor: error: ...`` and its exit code; anything else is a bug.
"""

from __future__ import annotations


class UserError(Exception):
    """A problem the user can fix; ``str(self)`` is the one-line message."""

    exit_code: int = 1

    def __init__(self, message: str, exit_code: int | None = None) -> None:
        super().__init__(message)
        if exit_code is not None:
            self.exit_code = exit_code
