"""A fuzz of the loader: no text a topic file can hold raises, hangs or prints controls.

Documents are assembled from the pieces attackers and careless authors use: every
YAML tag, anchors and aliases, merge keys, flow and block collections, quoted escapes,
control characters, Unicode line separators, huge numbers, directives and
documents, over the real schema's field names so validation goes deep. 5,000
examples run in the suite; ``TUTOR_FUZZ_EXAMPLES=100000`` runs a longer search.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tutor.content.loader import check_text
from tutor.text import CONTROL_RE

EXAMPLES = int(os.environ.get("TUTOR_FUZZ_EXAMPLES", "5000"))

KEYS = [
    "id", "title", "level", "tags", "prerequisites", "core_idea", "how_best_learned",
    "explainer", "show_me", "bkt", "items", "lint_ignore", "type", "prompt", "choices",
    "text", "correct", "feedback", "explanation", "answer", "wrong_feedback",
    "model_answer", "accepted_answers", "wrong_answers", "key_points", "experiment",
    "params", "caption", "p_init", "layers", "activation", "interview", "<<", "? x", "unknown",
]  # fmt: skip
TAGS = [
    "!!int", "!!float", "!!bool", "!!timestamp", "!!set", "!!binary", "!!omap", "!!pairs",
    "!!str", "!!null", "!!seq", "!!map", "!!merge", "!!value", "!!yaml", "!foo",
    "!!python/object:os.system", "!<tag:yaml.org,2002:int>", "!",
]  # fmt: skip
SCALARS = [
    "abc", "''", '""', "maybe", "yes", "no", "on", "~", "null", "3.10", "1e999", "-.inf",
    ".nan", "0x1F", "0o17", "1_000", "2024-13-45", "2024-02-30 25:61:61", "2001-12-14t21:59:43.10-05:00",
    "multiple_choice", "true_false", "short_answer", "elementary", "graduate", "chain_product",
    "gradient_flow", "sigmoid", "a-b", "[]", "{}", "[1, 2]", "{a: 1}", "*a", "&a x", "&a [1, *a]",
    '"\\e]0;t\\a"', '"\\x9b2J"', '"\\u2028"', '"\\N"', '"\\0"', '"\\', "'it''s'", "|", ">-",
    "9" * 5000, "1" * 30, "E[X] [/]", "[@click=app.quit]x[/]", "%", "@", "`", "- -", ": :",
    "\u2028", "\u2029", "\t", "\ufeff", "𝔼", "\\", "'", '"', "[", "]", "{", "}", "&a", "*a",
]  # fmt: skip
RAW_CONTROLS = ["\x1b", "\x00", "\r", "\x85", "\x9b", "\x7f", "\ufffe", "\ud800"]
GLUE = [
    "\n",
    "\n  ",
    "\n    ",
    "\n- ",
    "\n  - ",
    ": ",
    ", ",
    " ",
    "---\n",
    "...\n",
    "%YAML 1.1\n",
    "#",
]


PIECES = [k + ":" for k in KEYS] + [t + " " for t in TAGS] + SCALARS + GLUE * 3
"""Sampled with replacement; glue is weighted up so pieces form structure."""


def documents(raw_controls: bool = False) -> st.SearchStrategy[str]:
    # One list of sampled pieces per document: cheap to draw (about 1 ms) and to shrink.
    pieces = PIECES + RAW_CONTROLS if raw_controls else PIECES
    return st.lists(st.sampled_from(pieces), min_size=1, max_size=40).map("".join)


TOPIC_HEAD = "id: t\ntitle: T\nlevel: elementary\ncore_idea: C\n"


def _check(text: str) -> None:
    errors = check_text(text, "f.yaml")
    lines = text.count("\n") + 1
    for e in errors:
        assert 1 <= e.line <= lines + 1, (e, lines)
        assert e.column >= 1
        message = str(e)
        assert "\n" not in message and CONTROL_RE.search(message) is None, message


@settings(
    max_examples=EXAMPLES // 2,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(documents(raw_controls=True))
def test_any_document_gives_located_errors_never_an_exception(text: str) -> None:
    _check(text)


@settings(
    max_examples=EXAMPLES - EXAMPLES // 2,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(documents())
def test_hostile_values_inside_a_valid_topic(text: str) -> None:
    # The head keeps most documents a topic, so schema validation, error mapping and
    # the cross-file checks run on the hostile part instead of stopping at the top.
    _check(TOPIC_HEAD + "items:\n  - " + text)
