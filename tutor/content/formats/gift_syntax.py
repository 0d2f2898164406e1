"""GIFT read the way Moodle's own importer reads it, before any mapping to our items.

Question banks are written against Moodle, so Moodle's reading is the standard,
quirks included: questions are runs of non-blank lines, each line trimmed;
``// comment`` lines vanish; only ``\\: \\# \\= \\{ \\} \\~ \\n \\\\`` are escapes and
every other backslash stays (LaTeX survives); the answer block is the text
between the first ``{`` and the first ``}``, and a question that goes on after it
is a "missing word" question whose block becomes ``_____``; general feedback
follows the *last* ``####``; the type comes from the block: empty (essay), ``#``
(numerical), any ``~`` (multiple choice), ``=`` with ``->`` (matching),
``T``/``F``/``TRUE``/``FALSE`` (true/false), anything else a short answer.

Texts are returned as Markdown: ``[html]`` texts (and the answers and feedback
that inherit the question's format) are converted, and format markers are gone.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from tutor.content.formats.html_markdown import html_to_markdown

PHP_TRIM = " \t\n\r\0\x0b"
"""What PHP's trim() strips: no Unicode spaces, so U+2028 or U+00A0 at an end stay."""

FORMATS = ("moodle", "html", "plain", "markdown")
BLANK = "_____"
_ESCAPABLE = ":#={}~n\\"
_ESCAPE = re.compile(r"\\([:#={}~n\\])")
_WEIGHT = re.compile(r"^%-*[0-9]{1,2}\.?[0-9]*%")
_TRUE_FALSE = ("T", "TRUE", "F", "FALSE")


class GiftSyntaxError(ValueError):
    """A question Moodle would refuse, with the reason in words."""

    line = 0


@dataclass
class GiftAnswer:
    text: str
    fraction: float
    feedback: str = ""
    value: float | None = None
    """Numerical answers only: the number (None for the ``*`` catch-all)."""
    tolerance: float | None = None
    """Numerical answers only: the accepted error (``value:tolerance`` or a ``min..max`` range)."""


@dataclass
class GiftQuestion:
    """One question as Moodle reads it; ``kind`` is Moodle's question type name."""

    line: int
    kind: str
    name: str | None = None
    text: str = ""
    text_format: str = "moodle"
    general_feedback: str = ""
    answers: list[GiftAnswer] = field(default_factory=list)
    single: bool = True
    """Multiple choice: Moodle's single-answer mode (the block has an ``=``)."""
    missing_word: bool = False
    shuffle: bool = True
    """Choices shown in a fresh order (Moodle XML's ``shuffleanswers``; GIFT always shuffles)."""
    correct_answer: bool | None = None
    """True/false: the right answer; the feedbacks are in ``true_feedback``/``false_feedback``."""
    true_feedback: str = ""
    false_feedback: str = ""
    meta: list[tuple[int, str]] = field(default_factory=list)
    """``// tutor: ...`` comment lines of the question, with their line numbers."""
    category: str | None = None
    notes: list[str] = field(default_factory=list)
    """What mapping this question onto an item left out (filled by the mapper)."""


php_trim: Callable[[str], str] = operator.methodcaller("strip", PHP_TRIM)
"""PHP's trim(): ``text.strip(PHP_TRIM)``, as a C-level callable (it runs a dozen times a question)."""


class _Escapes:
    """Escaped characters swapped for placeholders no file can contain.

    Moodle uses ``&&058;``-style placeholders, which a question that happens to
    contain that text would break; these are code points chosen absent from the
    source, so any text survives.
    """

    def __init__(self, source: str) -> None:
        present = set(source)
        free: list[str] = []
        code = 0xF0000
        while len(free) < len(_ESCAPABLE):
            if chr(code) not in present:
                free.append(chr(code))
            code += 1
        self.hide = dict(zip(_ESCAPABLE, free, strict=True))
        plain = {"n": "\n"}
        self.show = {p: plain.get(c, c) for c, p in self.hide.items()}
        self._show_table = str.maketrans(self.show)

    def pre(self, text: str) -> str:
        return _ESCAPE.sub(lambda m: self.hide[m.group(1)], text)

    def post(self, text: str) -> str:
        return text.translate(self._show_table)


# ---------------------------------------------------------------- blocks


@dataclass
class _Block:
    line: int
    lines: list[str]
    meta: list[tuple[int, str]]


def source_lines(source: str) -> list[str]:
    """Lines as Moodle gets them: split on ``\\n`` only (a lone ``\\r`` file is old Mac)."""
    if "\n" not in source and "\r" in source:
        return source.split("\r")
    return source.split("\n")


def _blocks(source: str, meta_prefix: str) -> Iterator[_Block]:
    block: _Block | None = None
    for number, raw in enumerate(source_lines(source), start=1):
        line = php_trim(raw)
        if not line:
            if block is not None and any(block.lines):
                yield block
            block = None
            continue
        if block is None:
            block = _Block(number, [], [])
        if line.startswith("//"):
            if line.startswith(meta_prefix):
                block.meta.append((number, line[len(meta_prefix) :]))
            block.lines.append("")
            continue
        if not any(block.lines):
            block.line = number
        block.lines.append(line)
    if block is not None and any(block.lines):
        yield block


def read_gift(
    source: str, meta_prefix: str = "// tutor:"
) -> Iterator[GiftQuestion | GiftSyntaxError]:
    """Every question of a GIFT file in order; a question Moodle refuses comes as its error.

    A ``$CATEGORY:`` line followed by a question in the same block is read as both
    (Moodle would swallow the question into the category's name).
    """
    escapes = _Escapes(source)
    category: str | None = None
    for block in _blocks(source, meta_prefix):
        text = php_trim("\n".join(block.lines))
        if text.startswith("$CATEGORY:"):
            head, _, text = text.partition("\n")
            category = php_trim(escapes.post(escapes.pre(head[len("$CATEGORY:") :])))
            text = php_trim(text)
            if not text:
                continue
        try:
            question = _read_question(escapes.pre(text), escapes, block.line)
        except GiftSyntaxError as exc:
            exc.line = block.line
            yield exc
            continue
        question.meta = block.meta
        question.category = category
        yield question


# ---------------------------------------------------------------- one question


def _with_format(text: str, default: str, escapes: _Escapes) -> tuple[str, str]:
    """Moodle's parse_text_with_format: a leading ``[format]`` marker, then unescape and trim."""
    if not text:
        return default, ""
    fmt = default
    if text.startswith("["):
        end = text.find("]")
        if end > 0 and text[1:end] in FORMATS:
            fmt, text = text[1:end], text[end + 1 :]
    text = php_trim(escapes.post(text))
    return fmt, html_to_markdown(text) if fmt == "html" else text


def _split_name(text: str, escapes: _Escapes) -> tuple[str | None, str]:
    if not text.startswith("::"):
        return None, text
    text = text[2:]
    end = text.find("::")
    if end < 0:
        return None, text
    name = escapes.post(text[:end])
    if "<" in name:
        name = re.sub(r"<[^>]*>", "", name)
    return php_trim(name) or None, php_trim(text[end + 2 :])


def _read_question(text: str, escapes: _Escapes, line: int) -> GiftQuestion:
    name, text = _split_name(text, escapes)
    start, finish = text.find("{"), text.find("}")
    if start < 0 and finish < 0:
        fmt, prompt = _with_format(text, "moodle", escapes)
        return GiftQuestion(line, "description", name, prompt, fmt)
    if start < 0 or finish < 0 or finish < start:
        raise GiftSyntaxError("unbalanced braces: a '{' needs a '}' after it")
    answers = php_trim(text[start + 1 : finish])
    missing_word = not text.endswith("}")
    stem = text[:start] + (BLANK if missing_word else "") + text[finish + 1 :]
    general = ""
    cut = answers.rfind("####")
    if cut >= 0:
        general, answers = answers[cut + 4 :], php_trim(answers[:cut])
    fmt, prompt = _with_format(stem, "moodle", escapes)
    _, general = _with_format(php_trim(general), fmt, escapes)
    question = GiftQuestion(line, _kind(answers), name, prompt, fmt, general)
    question.missing_word = missing_word
    _READERS[question.kind](question, answers, escapes)
    return question


def _kind(answers: str) -> str:
    if not answers:
        return "essay"
    if answers.startswith("#"):
        return "numerical"
    if "~" in answers:
        return "multichoice"
    if "=" in answers and "->" in answers:
        return "match"
    head = php_trim(answers[: answers.find("#")]) if answers.find("#") > 0 else answers
    return "truefalse" if head in _TRUE_FALSE else "shortanswer"


def _weight(piece: str, default: float) -> tuple[float, str]:
    match = _WEIGHT.match(piece)
    if not match:
        return default, piece
    number = match.group(0)[1:-1]
    try:
        return float(number) / 100, piece[match.end() :]
    except ValueError:
        raise GiftSyntaxError(f"answer weight %{number}% is not a number") from None


def _answer(piece: str, fraction: float, fmt: str, escapes: _Escapes) -> GiftAnswer:
    text, _, feedback = piece.partition("#")
    _, text = _with_format(php_trim(text), fmt, escapes)
    _, feedback = _with_format(php_trim(feedback), fmt, escapes)
    return GiftAnswer(text, fraction, feedback)


def _pieces(answers: str, sep: str) -> list[str]:
    pieces = answers.split(sep)
    if not php_trim(pieces[0]):
        pieces = pieces[1:]
    return [php_trim(p) for p in pieces]


def _read_essay(question: GiftQuestion, answers: str, escapes: _Escapes) -> None:
    return None


def _read_multichoice(question: GiftQuestion, answers: str, escapes: _Escapes) -> None:
    question.single = "=" in answers
    pieces = _pieces(answers.replace("=", "~="), "~")
    if len(pieces) < 2:
        raise GiftSyntaxError("a multiple-choice question needs at least two answers")
    for piece in pieces:
        if piece.startswith("="):
            fraction, piece = 1.0, piece[1:]
        else:
            fraction, piece = _weight(piece, 0.0)
        answer = _answer(piece, fraction, question.text_format, escapes)
        if answer.text:  # Moodle saves no empty choice (``~=a`` leaves one)
            question.answers.append(answer)


def _read_match(question: GiftQuestion, answers: str, escapes: _Escapes) -> None:
    """Matching is not ours; keep the short-answer reading for a file that says it is one."""
    try:
        _read_shortanswer(question, answers, escapes)
    except GiftSyntaxError:
        question.answers = []


def _read_truefalse(question: GiftQuestion, answers: str, escapes: _Escapes) -> None:
    bits = answers.split("#", 2) + ["", ""]
    fmt = question.text_format
    _, value = _with_format(php_trim(bits[0]), fmt, escapes)
    _, wrong = _with_format(php_trim(bits[1]), fmt, escapes)
    _, right = _with_format(php_trim(bits[2]), fmt, escapes)
    question.correct_answer = value in ("T", "TRUE")
    if question.correct_answer:
        question.true_feedback, question.false_feedback = right, wrong
    else:
        question.true_feedback, question.false_feedback = wrong, right


def _read_shortanswer(question: GiftQuestion, answers: str, escapes: _Escapes) -> None:
    pieces = _pieces(answers, "=")
    if not pieces:
        raise GiftSyntaxError("a short-answer question needs at least one answer")
    for piece in pieces:
        fraction, piece = _weight(piece, 1.0)
        question.answers.append(_answer(piece, fraction, question.text_format, escapes))


def _number(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise GiftSyntaxError(f"'{text}' is not a number") from None
    if value != value or value in (float("inf"), float("-inf")):
        raise GiftSyntaxError(f"'{text}' is not a finite number")
    return value


def _numeric_value(text: str) -> tuple[float | None, float]:
    """``min..max``, ``value:tolerance`` or ``value``, as (value, tolerance); ``*`` is None."""
    if text.find("..") > 0:
        low, _, high = text.partition("..")
        lo, hi = _number(php_trim(low)), _number(php_trim(high))
        middle = (lo + hi) / 2
        return middle, hi - middle
    tolerance = 0.0
    if text.find(":") > 0:
        text, _, tol = text.partition(":")
        tolerance = _number(php_trim(tol))
    text = php_trim(text)
    return (None if text == "*" else _number(text)), tolerance


def _read_numerical(question: GiftQuestion, answers: str, escapes: _Escapes) -> None:
    answers = answers[1:]
    wrong = ""
    tilde = answers.find("~")
    if tilde >= 0:
        answers, wrong = answers[:tilde], answers[tilde:]
    pieces = _pieces(answers, "=")
    if not pieces:
        raise GiftSyntaxError("a numerical question needs at least one number")
    for piece in pieces:
        fraction, piece = _weight(piece, 1.0)
        answer = _answer(piece, fraction, question.text_format, escapes)
        answer.value, answer.tolerance = _numeric_value(answer.text)
        question.answers.append(answer)
    if wrong:
        feedback = _answer(wrong, 0.0, question.text_format, escapes).feedback
        question.answers.append(GiftAnswer("*", 0.0, feedback, None))


_READERS = {
    "description": _read_essay,
    "essay": _read_essay,
    "multichoice": _read_multichoice,
    "match": _read_match,
    "truefalse": _read_truefalse,
    "shortanswer": _read_shortanswer,
    "numerical": _read_numerical,
}


# ---------------------------------------------------------------- writing


def escape(text: str) -> str:
    """A text written so Moodle's reading gives it back: its escapes, and newlines as ``\\n``.

    Callers add a ``[markdown]`` marker where a text's start would read as syntax
    (a format marker or a weight); ends that Moodle trims cannot be escaped at all.
    """
    out = text.replace("\\", "\\\\")
    for ch in ":#={}~":
        out = out.replace(ch, "\\" + ch)
    return out.replace("\n", "\\n")


def unescape(text: str) -> str:
    """A GIFT text with only Moodle's escapes undone; every other backslash stays."""
    escapes = _Escapes(text)
    return escapes.post(escapes.pre(text))
