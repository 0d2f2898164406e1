"""Import the plain-text question layout that quiz sites and notes often use.

The layout (as in the course's source material)::

    Question 2 Multiple Choice
    Why does ...?
    AFirst option            (or "A) First option", "A. First option")
    BSecond option
    Answer: B                (multiple choice and true/false)
    The explanation ...
    Question 5 Short Answer
    Explain ...
    Model answer: ...

The first question may lack its header. Copy-paste often glues the choice
letter to the text ("AThe learning rate"), so choices are recognised as a run of
lines starting A, B, C... in order, not by a separator.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from tutor.content.schema import Choice, Item, MultipleChoice, ShortAnswer, TrueFalse

_HEADER = re.compile(
    r"^\s*Question\s+(\d+)\s+(Multiple\s+Choice|True\s*/\s*False|Short\s+Answer)\s*$", re.IGNORECASE
)
_ANSWER = re.compile(r"^\s*Answer\s*:(.*)$", re.IGNORECASE | re.DOTALL)
_MODEL = re.compile(r"^\s*Model\s+answer\s*:\s*(.*)$", re.IGNORECASE)
_REVEAL = re.compile(r"^\s*think about your answer.*$", re.IGNORECASE)
_LETTERS = "ABCDEFGHIJ"


@dataclass
class PlainTextError:
    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


@dataclass
class PlainTextImport:
    items: list[Item] = field(default_factory=list)
    errors: list[PlainTextError] = field(default_factory=list)


def _choice(line: str, letter: str) -> str | None:
    match = re.match(rf"^\s*{letter}(?:[\).:]\s*|\s+|(?=\S))(.+)$", line)
    return match.group(1).strip() if match else None


def _choice_run(lines: list[tuple[int, str]], letters: str) -> tuple[int, list[str]] | None:
    """Start index and texts of the first run of lines lettered letters[0], letters[1], ..."""
    for start in range(len(lines)):
        texts: list[str] = []
        for k, (_, line) in enumerate(lines[start:]):
            if k >= len(letters):
                break
            text = _choice(line, letters[k])
            if text is None:
                break
            texts.append(text)
        if len(texts) >= 2:
            return start, texts
    return None


def parse_plaintext(source: str, topic_id: str) -> PlainTextImport:
    result = PlainTextImport()
    blocks: list[tuple[int, str | None, list[tuple[int, str]]]] = []
    current: list[tuple[int, str]] = []
    kind: str | None = None
    start = 1
    for n, line in enumerate(source.split("\n"), start=1):
        line = line.removesuffix("\r")
        header = _HEADER.match(line)
        if header:
            if any(text.strip() for _, text in current):
                blocks.append((start, kind, current))
            kind = (
                re.sub(r"\s+", " ", header.group(2).lower())
                .replace(" / ", "/")
                .replace("true /false", "true/false")
            )
            current, start = [], n
            continue
        current.append((n, line))
    if any(text.strip() for _, text in current):
        blocks.append((start, kind, current))
    for number, (line_no, kind, lines) in enumerate(blocks, start=1):
        try:
            result.items.append(_parse_block(topic_id, number, line_no, kind, lines))
        except _BlockError as exc:
            result.errors.append(PlainTextError(exc.line, exc.message))
    return result


class _BlockError(Exception):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line, self.message = line, message


def _answer_of(line: str) -> str | None:
    match = _ANSWER.match(line)
    if match is None or not match.group(1).strip():
        return None
    return match.group(1).strip()


def _parse_block(
    topic_id: str, number: int, line_no: int, kind: str | None, lines: list[tuple[int, str]]
) -> Item:
    lines = [(n, t) for n, t in lines if t.strip()]
    if not lines:
        raise _BlockError(line_no, "question has no text")
    item_id = f"{topic_id}-q{number}"
    model_at = next((i for i, (_, t) in enumerate(lines) if _MODEL.match(t)), None)
    if kind == "short answer" or (kind is None and model_at is not None):
        return _short_answer(item_id, number, line_no, lines, model_at)
    return _choice_question(item_id, number, line_no, kind == "true/false", lines)


def _short_answer(
    item_id: str, number: int, line_no: int, lines: list[tuple[int, str]], model_at: int | None
) -> Item:
    if model_at is None:
        raise _BlockError(line_no, f"short-answer question {number} has no 'Model answer:' line")
    prompt = " ".join(t.strip() for _, t in lines[:model_at] if not _REVEAL.match(t))
    first = _MODEL.match(lines[model_at][1]).group(1).strip()  # type: ignore[union-attr]
    paragraphs = [first] if first else []
    paragraphs += [t.strip() for _, t in lines[model_at + 1 :]]
    if not prompt or not paragraphs:
        raise _BlockError(
            lines[model_at][0], "short-answer question needs a prompt and a model answer"
        )
    return ShortAnswer(
        type="short_answer",
        id=item_id,
        prompt=prompt,
        model_answer="\n\n".join(paragraphs),
        explanation="",
    )


def _choice_question(
    item_id: str, number: int, line_no: int, tf: bool, lines: list[tuple[int, str]]
) -> Item:
    run = _choice_run(lines, "TF" if tf else _LETTERS)
    if run is None:
        what = "T/F lines" if tf else "choices lettered A, B, C..."
        raise _BlockError(line_no, f"question {number}: no {what} found")
    run_start, texts = run
    if run_start == 0:
        raise _BlockError(
            lines[0][0], f"question {number}: the question text is missing before the choices"
        )
    rest = lines[run_start + len(texts) :]
    answer_line = next(((n, a) for n, t in rest if (a := _answer_of(t)) is not None), None)
    if answer_line is None:
        last = lines[run_start + len(texts) - 1][0]
        raise _BlockError(
            last, f"question {number}: no 'Answer:' line saying which choice is correct"
        )
    common: dict[str, Any] = {
        "id": item_id,
        "prompt": " ".join(t.strip() for _, t in lines[:run_start]),
        "explanation": "\n\n".join(t.strip() for _, t in rest if not _ANSWER.match(t)),
    }
    try:
        return _keyed(tf, texts, answer_line, common)
    except ValidationError as exc:
        raise _BlockError(line_no, exc.errors()[0]["msg"]) from None


def _keyed(
    tf: bool, texts: list[str], answer_line: tuple[int, str], common: dict[str, Any]
) -> Item:
    ans_line, answer = answer_line
    shown = answer if len(answer) <= 40 else answer[:37] + "..."
    if tf:
        value = answer.lower()
        if value not in ("true", "false", "t", "f"):
            raise _BlockError(ans_line, f"'Answer: {shown}' must be True or False")
        return TrueFalse(type="true_false", answer=value.startswith("t"), **common)
    letter = answer.rstrip(").").upper()[:1]
    index = _LETTERS.find(letter) if letter else -1
    if not 0 <= index < len(texts):
        last = _LETTERS[len(texts) - 1]
        raise _BlockError(ans_line, f"'Answer: {shown}' names no choice (choices are A-{last})")
    return MultipleChoice(
        type="multiple_choice",
        choices=[Choice(text=t, correct=(i == index)) for i, t in enumerate(texts)],
        **common,
    )
