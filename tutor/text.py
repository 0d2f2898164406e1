"""Text from files, databases and users made safe to show on a terminal.

A terminal obeys control characters: ESC starts sequences that set the window
title, write the clipboard (OSC 52) or clear the screen, and the C1 range holds
single-character versions of the same (U+009B is CSI). Content, progress
databases and command lines are untrusted, so anything printed from them goes
through :func:`printable`, and the loader rejects such characters in text
fields with :func:`find_control`. This module is the bottom layer: every other
layer may use it.
"""

from __future__ import annotations

import re

_CONTROL = "\x00-\x08\x0b-\x1f\x7f-\x9f"
"""C0 except tab and newline, DEL, and C1."""

_INVISIBLE = "\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
"""Line separators and bidirectional overrides: harmless as data, but on a terminal
they move or reorder what follows (text that reads differently from what it is)."""

CONTROL_RE = re.compile(f"[{_CONTROL}]")
"""A character rejected in content text fields."""

_UNSAFE_RE = re.compile(f"[{_CONTROL}{_INVISIBLE}]")
_UNSAFE_LINE_RE = re.compile(f"[\t\n{_CONTROL}{_INVISIBLE}]")

_NAMES = {
    "\x00": "NUL",
    "\x07": "BEL",
    "\x08": "BS",
    "\x0b": "VT",
    "\x0c": "FF",
    "\x0d": "CR",
    "\x1b": "ESC",
    "\x7f": "DEL",
    "\x85": "NEL",
    "\x9b": "CSI",
    "\x9d": "OSC",
}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char == "\n":
        return "\\n"
    if char == "\t":
        return "\\t"
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: object, *, one_line: bool = False) -> str:
    """``text`` with every control character shown as an escape (ESC as ``\\x1b``).

    Newlines and tabs are kept unless ``one_line``: an error message or a table
    cell must stay on its line. Plain text passes through unchanged (and fast).
    """
    s = text if isinstance(text, str) else str(text)
    pattern = _UNSAFE_LINE_RE if one_line else _UNSAFE_RE
    return pattern.sub(_escape, s) if pattern.search(s) else s


def needs_escape(*texts: str) -> bool:
    """Whether :func:`printable` with ``one_line`` would change any of ``texts`` (one scan)."""
    return _UNSAFE_LINE_RE.search("".join(texts)) is not None


def find_control(text: str) -> int:
    """Index of the first character :data:`CONTROL_RE` rejects, or -1."""
    match = CONTROL_RE.search(text)
    return match.start() if match else -1


def describe_control(char: str) -> str:
    """``U+001B (ESC)``: how an error message names a control character."""
    code = ord(char)
    name = _NAMES.get(char)
    return f"U+{code:04X} ({name})" if name else f"U+{code:04X}"


_JSON_UNSAFE_RE = re.compile(f"[{_INVISIBLE}\x7f-\x9f]")


def json_printable(text: str) -> str:
    """JSON text with DEL, C1 and invisible controls written as ``\\uXXXX`` escapes.

    ``json.dumps(..., ensure_ascii=False)`` escapes C0 but leaves DEL and C1 raw;
    the escaped form is the same JSON value.
    """
    return _JSON_UNSAFE_RE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
