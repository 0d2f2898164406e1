"""Errors a user can cause, reported as one line and a non-zero exit.

Every layer raises :class:`UserError` for problems the person at the keyboard can
fix (a missing file, a bad flag value, a corrupt database). The CLI turns it into
``tutor: error: ...`` and its exit code; anything else is a bug.
"""

from __future__ import annotations

from collections.abc import Iterable


def did_you_mean(word: str, options: Iterable[str], cutoff: float = 0.6) -> str:
    """`` (did you mean 'x'?)`` for a near miss among ``options``, else an empty string.

    Every layer names unknown things the same way (topics, commands, experiments,
    parameters), so the hint lives here, beside the error it decorates.
    """
    import difflib

    match = difflib.get_close_matches(word, list(options), n=1, cutoff=cutoff)
    return f" (did you mean '{match[0]}'?)" if match else ""


class UserError(Exception):
    """A problem the user can fix; ``str(self)`` is the one-line message."""

    exit_code: int = 1

    def __init__(self, message: str, exit_code: int | None = None) -> None:
        super().__init__(message)
        if exit_code is not None:
            self.exit_code = exit_code
